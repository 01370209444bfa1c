//! Workbooks: the analysts' mapping workbooks in shared/, and exports written here.

use crate::util::{exports_dir, simple, write};
use barometer_domain::RespondingAs;
use barometer_ingest::read_source;
use rust_xlsxwriter::{ExcelDateTime, Format, Workbook};

fn source(path: &str, extra: &str) -> barometer_domain::Consultation {
    simple(&format!(
        "[[sources]]\nformat = \"xlsx\"\npath = \"{path}\"\n{extra}"
    ))
}

#[test]
fn mapping_workbook_a_cells_are_read_with_excel_row_numbers() {
    let c = source(
        "qu_format_a_numeric.xlsx",
        "sheet = \"Demographic\"\nheader_rows = 3\nid = \"Column ID\"\nregion = \"demographic title\"\n",
    );
    let batch = read_source(&c, &exports_dir(), &c.sources[0]).unwrap();
    let got: Vec<(&str, Option<u64>, Option<&str>)> = batch
        .records
        .iter()
        .map(|r| {
            (
                r.external_id.as_str(),
                r.source_line,
                r.respondent.region.as_deref(),
            )
        })
        .collect();
    assert_eq!(
        got,
        [
            ("A", Some(4), Some("Responding as")),
            ("F", Some(5), Some("Size of organisation"))
        ]
    );
    assert_eq!(batch.files[0].path, "qu_format_a_numeric.xlsx");
}

#[test]
fn mapping_workbook_b_sheet_by_name_ignoring_case_and_letters() {
    // Format b has an instruction row under the header: with four header rows, the last
    // (the instruction row) is the one that names the columns.
    let c = source(
        "qu_format_b_instruction.xlsx",
        "sheet = \"demographic\"\nheader_rows = 4\nid = { letter = \"A\" }\nregion = { letter = \"B\" }\n",
    );
    let batch = read_source(&c, &exports_dir(), &c.sources[0]).unwrap();
    let ids: Vec<(&str, u64)> = batch
        .records
        .iter()
        .map(|r| (r.external_id.as_str(), r.source_line.unwrap()))
        .collect();
    assert_eq!(ids, [("A", 5), ("B", 6), ("C", 7)]);
    assert_eq!(
        batch.records[2].respondent.region.as_deref(),
        Some("Organisation Type")
    );
}

#[test]
fn an_unknown_sheet_lists_the_sheets() {
    let c = source("qu_format_a_numeric.xlsx", "sheet = \"Responses\"\n");
    let e = read_source(&c, &exports_dir(), &c.sources[0]).unwrap_err();
    assert!(e.message.contains("\"Open questions\""), "{e}");
    assert!(e.message.contains("\"Hybrid questions\""), "{e}");
}

/// An export as a hub would write it: a title row, the header, a blank row, data with a
/// numeric id and real Excel dates.
fn write_export(path: &std::path::Path, bad_option_at_row: Option<u32>) {
    let mut wb = Workbook::new();
    let sheet = wb.add_worksheet();
    sheet.set_name("Responses").unwrap();
    sheet.write_string(0, 0, "Consultation export").unwrap();
    for (col, h) in [
        "Response ID",
        "Submitted",
        "Responding as",
        "Organisation",
        "Q1 - Do you agree?",
        "Q1 - Why?",
    ]
    .iter()
    .enumerate()
    {
        sheet.write_string(1, col as u16, *h).unwrap();
    }
    let date = Format::new().set_num_format("dd/mm/yyyy hh:mm");
    // Row index 2 (Excel row 3) is left blank.
    let rows = [
        (
            101.0,
            (2014, 4, 10, 9, 30),
            "Individual",
            "",
            "Strongly agree",
            "Good for children",
        ),
        (
            102.0,
            (2014, 4, 11, 14, 0),
            "Organisation",
            "Save the Kids",
            "Disagree",
            "Risky",
        ),
        (103.0, (2014, 4, 12, 0, 0), "Individual", "", "", ""),
    ];
    for (i, (id, (y, m, d, hh, mm), who, org, q1, why)) in rows.iter().enumerate() {
        let r = 3 + i as u32;
        sheet.write_number(r, 0, *id).unwrap();
        let dt = ExcelDateTime::from_ymd(*y, *m, *d)
            .unwrap()
            .and_hms(*hh, *mm, 0)
            .unwrap();
        sheet.write_datetime_with_format(r, 1, &dt, &date).unwrap();
        sheet.write_string(r, 2, *who).unwrap();
        if !org.is_empty() {
            sheet.write_string(r, 3, *org).unwrap();
        }
        let q1 = if bad_option_at_row == Some(r + 1) {
            "Agree-ish"
        } else {
            q1
        };
        if !q1.is_empty() {
            sheet.write_string(r, 4, q1).unwrap();
        }
        if !why.is_empty() {
            sheet.write_string(r, 5, *why).unwrap();
        }
    }
    wb.add_worksheet()
        .set_name("Notes")
        .unwrap()
        .write_string(0, 0, "ignore me")
        .unwrap();
    wb.save(path).unwrap();
}

const MAPPING: &str = r#"header_rows = 2
id = "Response ID"
submitted_at = "Submitted"
responding_as = "Responding as"
organisation_name = "Organisation"
[sources.questions]
Q1 = "Q1 - Do you agree?"
Q1_explain = { letter = "F" }
"#;

#[test]
fn a_written_export_maps_like_csv() {
    let dir = tempfile::tempdir().unwrap();
    write_export(&dir.path().join("export.xlsx"), None);
    let c = source("export.xlsx", MAPPING);
    let batch = read_source(&c, dir.path(), &c.sources[0]).unwrap();
    let r = &batch.records;
    assert_eq!(r.len(), 3);
    assert_eq!(
        r[0].external_id, "101",
        "whole numbers print without a decimal point"
    );
    assert_eq!(
        r[0].source_line,
        Some(4),
        "Excel row 4: title, header, blank row before it"
    );
    assert_eq!(r[0].submitted_at.as_deref(), Some("2014-04-10T09:30:00"));
    assert_eq!(r[0].answers[0].option.as_deref(), Some("Strongly agree"));
    assert_eq!(r[0].answers[1].text.as_deref(), Some("Good for children"));
    assert_eq!(r[1].respondent.responding_as, RespondingAs::Organisation);
    assert_eq!(
        r[1].respondent.organisation_name.as_deref(),
        Some("Save the Kids")
    );
    assert_eq!(r[2].submitted_at.as_deref(), Some("2014-04-12"));
    assert!(r[2].answers.is_empty());
}

#[test]
fn a_bad_option_names_the_excel_row() {
    let dir = tempfile::tempdir().unwrap();
    write_export(&dir.path().join("export.xlsx"), Some(5));
    let c = source("export.xlsx", MAPPING);
    let e = read_source(&c, dir.path(), &c.sources[0]).unwrap_err();
    assert_eq!(e.line, Some(5));
    let shown = e.to_string();
    assert!(
        shown.starts_with(
            "export.xlsx row 5, column \"Q1 - Do you agree?\": \"Agree-ish\" is not an option of Q1"
        ),
        "{shown}"
    );
}

#[test]
fn a_file_that_is_not_a_workbook_is_named() {
    let dir = tempfile::tempdir().unwrap();
    write(dir.path(), "export.xlsx", "id,Q1\n1,Agree\n");
    let c = source("export.xlsx", "");
    let e = read_source(&c, dir.path(), &c.sources[0]).unwrap_err();
    assert!(e.to_string().starts_with("export.xlsx: not a workbook"), "{e}");
}
