//! CSV hub exports: the real shapes, then broken files that must fail with their line.

use crate::util::{exports_dir, head, parse, sha256, simple, write};
use barometer_domain::{RespondentType, RespondingAs, SourceKind, Stance};
use barometer_ingest::{read_all, read_source};

/// Reads a CSV independently of the importer: all records, no header handling.
fn raw_rows(path: &std::path::Path) -> Vec<Vec<String>> {
    let mut r = csv::ReaderBuilder::new()
        .has_headers(false)
        .from_path(path)
        .unwrap();
    r.records()
        .map(|r| r.unwrap().iter().map(str::to_string).collect())
        .collect()
}

#[test]
fn lgr_format_one_header_row_agree5_and_explain_columns() {
    let c = parse(&format!(
        "{}{}",
        head(&["P1", "P2"]),
        r#"
[[questions]]
id = "P1Q1"
kind = "closed"
proposal = "P1"
text = "Do you agree or disagree with the proposal?"
scale = "agree5"

[[questions]]
id = "P1Q2"
kind = "closed"
proposal = "P1"
text = "To what extent do you agree the councils will deliver the outcomes?"
scale = "agree5"

[[questions]]
id = "P1Q8"
kind = "open"
proposal = "P1"
explains = "P1Q1"
text = "Please explain"

[[questions]]
id = "P2Q1"
kind = "closed"
proposal = "P2"
text = "Do you agree or disagree with this proposal?"
scale = "agree5"

[[questions]]
id = "P2Q8"
kind = "open"
proposal = "P2"
explains = "P2Q1"
text = "Please explain"

[respondents]
individual_values = ["Individual"]

[respondents.organisation_types]
"Local Authority" = "local_authority"
"Charity" = "voluntary_charity"
"Business" = "private_provider"

[[sources]]
format = "csv"
path = "responses_lgr_format.csv"
responding_as = "Respondent type - Respondent type"
region = "  location - ADDRESS "
organisation_type = "Organisation type - Organisation type"

[sources.questions]
P1Q1 = "Prop 1 Q1 - Do you agree or disagree with the proposal?"
P1Q2 = "Prop 1 Q2 - To what extent do you agree the councils will deliver the outcomes?"
P1Q8 = "Prop 1 Q8 - Please use this space to explain your answers to questions 1-7"
P2Q1 = { letter = "G" }
P2Q8 = { letter = "H" }
"#
    ));
    let dir = exports_dir();
    let batch = read_source(&c, &dir, &c.sources[0]).unwrap();
    let raw = raw_rows(&dir.join("responses_lgr_format.csv"));
    let data = &raw[1..];
    assert_eq!(batch.records.len(), data.len());
    assert_eq!(batch.records.len(), 5);
    assert_eq!(batch.files.len(), 1);
    assert_eq!(batch.files[0].path, "responses_lgr_format.csv");
    assert_eq!(
        batch.files[0].sha256,
        sha256(&dir.join("responses_lgr_format.csv"))
    );

    for (i, (record, row)) in batch.records.iter().zip(data).enumerate() {
        assert_eq!(record.external_id, format!("row-{}", i + 1));
        assert_eq!(record.source, SourceKind::Export);
        assert_eq!(record.source_file, "responses_lgr_format.csv");
        assert_eq!(record.source_line, Some(i as u64 + 2));
        assert_eq!(record.respondent.region.as_deref(), Some(row[1].as_str()));
        let ids: Vec<&str> = record.answers.iter().map(|a| a.question.0.as_str()).collect();
        assert_eq!(ids, ["P1Q1", "P1Q2", "P1Q8", "P2Q1", "P2Q8"], "question order");
        assert_eq!(record.answers[0].option.as_deref(), Some(row[3].as_str()));
        assert_eq!(record.answers[1].option.as_deref(), Some(row[4].as_str()));
        assert_eq!(record.answers[2].text.as_deref(), Some(row[5].as_str()));
        assert_eq!(record.answers[2].option, None);
        assert_eq!(record.answers[3].option.as_deref(), Some(row[6].as_str()));
        assert_eq!(record.answers[4].text.as_deref(), Some(row[7].as_str()));
        let expect_individual = row[0] == "Individual";
        assert_eq!(
            record.respondent.responding_as == RespondingAs::Individual,
            expect_individual,
            "row {i}"
        );
    }
    let r = &batch.records;
    // An individual keeps the organisation type they ticked, for audit, but counts as individual.
    assert_eq!(r[1].respondent.respondent_type, RespondentType::Individual);
    assert_eq!(
        r[1].respondent.organisation_type_raw.as_deref(),
        Some("Local Authority")
    );
    assert_eq!(r[2].respondent.respondent_type, RespondentType::PrivateProvider);
    assert_eq!(r[4].respondent.respondent_type, RespondentType::VoluntaryCharity);
    let q = c.question(&r[2].answers[0].question).unwrap();
    assert_eq!(
        q.options.stance_of(r[2].answers[0].option.as_deref().unwrap()),
        Some(Some(Stance::Undecided))
    );
}

#[test]
fn biomass_format_two_header_rows_and_empty_cells() {
    let c = parse(&format!(
        "{}{}",
        head(&["P1"]),
        r#"
[[questions]]
id = "publish"
kind = "closed"
proposal = "P1"
text = "Happy to be published?"
options = { "Yes" = "for", "No" = "against" }

[respondents.organisation_types]
"Biomass Supplier" = "private_provider"

[[sources]]
format = "csv"
path = "responses_biomass_format.csv"
header_rows = 2
organisation_name = "What is your name?"
responding_as = "Are you responding as an individual or on behalf of an organisation?"
organisation_type = { letter = "D" }

[sources.questions]
publish = "We usually publish a summary of all responses - would you be happy for your individual response to be published in full?"
"#
    ));
    let dir = exports_dir();
    let batch = read_source(&c, &dir, &c.sources[0]).unwrap();
    let raw = raw_rows(&dir.join("responses_biomass_format.csv"));
    assert_eq!(batch.records.len(), raw.len() - 2);
    let lines: Vec<u64> = batch.records.iter().map(|r| r.source_line.unwrap()).collect();
    assert_eq!(lines, [3, 4, 5, 6, 7]);
    let orgs: Vec<bool> = batch
        .records
        .iter()
        .map(|r| r.respondent.responding_as == RespondingAs::Organisation)
        .collect();
    assert_eq!(orgs, [true, true, false, true, false]);
    assert_eq!(
        batch.records[0].respondent.organisation_name, None,
        "empty cells are None"
    );
    assert_eq!(
        batch.records[0].respondent.respondent_type,
        RespondentType::PrivateProvider
    );
    assert_eq!(
        batch.records[1].respondent.respondent_type,
        RespondentType::OtherOrganisation
    );
    assert_eq!(
        batch.records[1].respondent.organisation_type_raw.as_deref(),
        Some("Biomass User")
    );
    let published: Vec<&str> = batch
        .records
        .iter()
        .map(|r| r.answers[0].option.as_deref().unwrap())
        .collect();
    assert_eq!(published, ["Yes", "No", "Yes", "Yes", "No"]);
}

const SCR: &str = r#"
[[questions]]
id = "Q1"
kind = "closed"
proposal = "P1"
text = "Where do the proposed outcomes sit on a scale from very useful to not useful at all?"

[questions.options]
"Very useful" = "for"
"Useful" = "for"
"Not very useful" = "against"
"Not useful" = "against"
"Don't know" = ""

[[questions]]
id = "Q2"
kind = "open"
text = "What role would you play?"

[respondents]
individual_values = ["Individual"]

[[sources]]
format = "csv"
path = "responses_scr_format.csv"
responding_as = "Responding as"
organisation_name = "Organisation name"

[sources.questions]
Q1 = "Where do the proposed outcomes sit on a scale from very useful to not useful at all?"
Q2 = "What role would you and/or your organisation play in achieving these outcomes?"
"#;

#[test]
fn scr_format_blank_line_after_header_and_a_usefulness_scale() {
    let c = parse(&format!("{}{SCR}", head(&["P1"])));
    let dir = exports_dir();
    let batch = read_all(&c, &dir).unwrap().remove(0);
    let raw = raw_rows(&dir.join("responses_scr_format.csv"));
    // The csv crate drops the blank line, so raw has the header and the data rows.
    assert_eq!(batch.records.len(), raw.len() - 1);
    assert_eq!(batch.records.len(), 5);
    let lines: Vec<u64> = batch.records.iter().map(|r| r.source_line.unwrap()).collect();
    assert_eq!(lines, [3, 4, 5, 6, 7], "the blank line 2 still counts");
    let company = &batch.records[1];
    assert_eq!(company.respondent.responding_as, RespondingAs::Organisation);
    assert_eq!(
        company.respondent.organisation_name.as_deref(),
        Some("BuildCo Ltd")
    );
    assert_eq!(
        company.respondent.respondent_type,
        RespondentType::OtherOrganisation
    );
    let q1 = c.question(&company.answers[0].question).unwrap();
    let stances: Vec<Option<Stance>> = batch
        .records
        .iter()
        .map(|r| {
            q1.options
                .stance_of(r.answers[0].option.as_deref().unwrap())
                .unwrap()
        })
        .collect();
    use Stance::*;
    assert_eq!(
        stances,
        [Some(For), Some(For), Some(Against), Some(For), Some(For)]
    );
    assert_eq!(
        batch.records[2].answers[1].text.as_deref(),
        Some("Too vague to be actionable in practice")
    );
}

#[test]
fn importing_twice_gives_identical_batches() {
    let c = parse(&format!("{}{SCR}", head(&["P1"])));
    let dir = exports_dir();
    assert_eq!(read_all(&c, &dir).unwrap(), read_all(&c, &dir).unwrap());
}

const MAPPED: &str = r#"
[[sources]]
format = "csv"
path = "responses.csv"
id = "Response ID"
responding_as = "Responding as"
organisation_name = "Organisation name"
organisation_type = "Organisation type"
submitted_at = "Submitted"

[sources.questions]
Q1 = "Q1 - Do you agree?"
Q1_explain = "Q1 - Please explain"
"#;

const HEADER: &str = "Response ID,Submitted,Responding as,Organisation name,Organisation type,Q1 - Do you agree?,Q1 - Please explain\n";

fn import(csv: impl AsRef<[u8]>) -> Result<barometer_ingest::Batch, barometer_ingest::IngestError> {
    let c = simple(MAPPED);
    let dir = tempfile::tempdir().unwrap();
    write(dir.path(), "responses.csv", csv);
    read_source(&c, dir.path(), &c.sources[0])
}

#[test]
fn ids_dates_organisations_and_multiline_text() {
    let batch = import(format!(
        "\u{feff}{HEADER}R1,2014-04-10 09:12:33,Individual,,,Strongly agree,\"First line.\r\nSecond line.\"\r\n\
         R2,03/04/2014 17:05,,Save the Kids,Charity,Disagree,  \r\n\
         R3,,Organisation,Blankshire,Local authority,,\n"
    ))
    .unwrap();
    let r = &batch.records;
    assert_eq!(r.len(), 3);
    assert_eq!(r[0].external_id, "R1");
    assert_eq!(r[0].submitted_at.as_deref(), Some("2014-04-10T09:12:33"));
    assert_eq!(r[0].answers[1].text.as_deref(), Some("First line.\nSecond line."));
    assert_eq!(r[1].source_line, Some(4), "R1's text spans lines 2 and 3");
    assert_eq!(r[1].submitted_at.as_deref(), Some("2014-04-03T17:05:00"));
    // Empty "responding as" with an organisation name: an organisation.
    assert_eq!(r[1].respondent.responding_as, RespondingAs::Organisation);
    assert_eq!(r[1].respondent.respondent_type, RespondentType::VoluntaryCharity);
    assert_eq!(r[1].answers.len(), 1, "a blank explanation is no answer");
    assert_eq!(r[2].answers.len(), 0);
    assert_eq!(r[2].respondent.respondent_type, RespondentType::LocalAuthority);
}

#[test]
fn a_short_row_after_an_embedded_newline_names_its_own_line() {
    let e = import(format!(
        "{HEADER}R1,,Individual,,,Agree,\"One\nTwo\nThree\"\nR2,,Individual,,,Agree\nR3,,,,,,\n"
    ))
    .unwrap_err();
    assert_eq!(e.line, Some(5), "{e}");
    assert_eq!(e.file, std::path::PathBuf::from("responses.csv"));
    let shown = e.to_string();
    assert!(shown.starts_with("responses.csv line 5: "), "{shown}");
    assert!(
        shown.contains("expected 7 fields") && shown.contains("found 6"),
        "{shown}"
    );
}

#[test]
fn an_unclosed_quote_is_hinted_at() {
    let e = import(format!(
        "{HEADER}R1,,Individual,,,Agree,\"oops\nR2,,Individual,,,Agree,fine\n"
    ))
    .unwrap_err();
    assert_eq!(e.line, Some(2), "{e}");
    assert!(e.message.contains("unclosed quote"), "{e}");
}

#[test]
fn an_unknown_option_names_line_column_value_and_options() {
    let e = import(format!(
        "{HEADER}R1,,Individual,,,Agree,\nR2,,Individual,,,Agreee,Because\n"
    ))
    .unwrap_err();
    assert_eq!(e.line, Some(3));
    assert_eq!(e.field.as_deref(), Some("column \"Q1 - Do you agree?\""));
    let shown = e.to_string();
    assert!(
        shown.starts_with(
            "responses.csv line 3, column \"Q1 - Do you agree?\": \"Agreee\" is not an option of Q1; expected one of: "
        ),
        "{shown}"
    );
    assert!(shown.contains("strongly agree"), "{shown}");
}

#[test]
fn a_missing_header_is_named_with_near_matches() {
    let header = HEADER.replace("Q1 - Do you agree?", "Q1 - Do you agree ?!");
    let e = import(format!("{header}R1,,Individual,,,Agree,\n")).unwrap_err();
    assert_eq!(e.line, Some(1));
    assert!(
        e.message
            .contains("no column has the header \"Q1 - Do you agree?\""),
        "{e}"
    );
    assert!(e.message.contains("question Q1"), "{e}");
    assert!(e.message.contains("\"Q1 - Do you agree ?!\" (F)"), "{e}");
}

#[test]
fn duplicate_ids_name_both_lines() {
    let e = import(format!(
        "{HEADER}R1,,Individual,,,Agree,\nR2,,Individual,,,Agree,\nR1,,Individual,,,Disagree,\n"
    ))
    .unwrap_err();
    assert_eq!(e.line, Some(4));
    assert!(e.message.contains("lines 2 and 4"), "{e}");
    assert!(e.message.contains("\"R1\""), "{e}");
    assert_eq!(e.field.as_deref(), Some("column \"Response ID\""));
}

#[test]
fn an_empty_id_is_refused() {
    let e = import(format!("{HEADER} ,,Individual,,,Agree,\n")).unwrap_err();
    assert_eq!(e.line, Some(2));
    assert!(e.message.contains("empty"), "{e}");
}

#[test]
fn an_unparseable_date_names_line_and_column() {
    let e = import(format!("{HEADER}R1,last Tuesday,Individual,,,Agree,\n")).unwrap_err();
    assert_eq!(e.line, Some(2));
    assert_eq!(e.field.as_deref(), Some("column \"Submitted\""));
    assert!(e.message.contains("\"last Tuesday\" is not a date"), "{e}");
}

#[test]
fn windows_1252_exports_are_decoded() {
    let mut bytes = HEADER.as_bytes().to_vec();
    bytes.extend_from_slice(b"R1,,Individual,,,Agree,Caf\xe9 culture \x96 it\x92s fine\n");
    let batch = import(bytes).unwrap();
    assert_eq!(
        batch.records[0].answers[1].text.as_deref(),
        Some("Café culture – it’s fine")
    );
}

#[test]
fn invalid_utf8_in_a_utf8_file_names_its_line() {
    let mut bytes = HEADER.as_bytes().to_vec();
    bytes.extend_from_slice("R1,,Individual,,,Agree,Café\n".as_bytes());
    bytes.extend_from_slice(b"R2,,Individual,,,Agree,Caf\xe9\n");
    let e = import(bytes).unwrap_err();
    assert_eq!(e.line, Some(3), "{e}");
    assert!(e.message.contains("UTF-8"), "{e}");
}

#[test]
fn a_letter_beyond_the_last_column_is_refused() {
    let c = simple(
        "[[sources]]\nformat = \"csv\"\npath = \"r.csv\"\n[sources.questions]\nQ2 = { letter = \"Z\" }\n",
    );
    let dir = tempfile::tempdir().unwrap();
    write(dir.path(), "r.csv", "a,b\n1,2\n");
    let e = read_source(&c, dir.path(), &c.sources[0]).unwrap_err();
    assert!(e.message.contains("last column is B"), "{e}");
}

#[test]
fn a_missing_file_is_named() {
    let c = simple(MAPPED);
    let dir = tempfile::tempdir().unwrap();
    let e = read_source(&c, dir.path(), &c.sources[0]).unwrap_err();
    assert_eq!(e.to_string(), "responses.csv: no such file or folder");
}

#[test]
fn read_file_reads_an_upload_as_the_definition_names_it() {
    let c = simple(MAPPED);
    let dir = tempfile::tempdir().unwrap();
    let upload = write(
        dir.path(),
        "upload-7f3a.tmp",
        format!("{HEADER}R1,,Individual,,,Agree,\n"),
    );
    let batch = barometer_ingest::read_file(&c, &upload, &c.sources[0]).unwrap();
    assert_eq!(batch.records[0].source_file, "responses.csv");
    assert_eq!(batch.files[0].path, "responses.csv");
    assert_eq!(batch.files[0].sha256, sha256(&upload));
    let e = barometer_ingest::read_file(&c, &dir.path().join("nope"), &c.sources[0]).unwrap_err();
    assert_eq!(e.file, std::path::PathBuf::from("responses.csv"));
}
