//! Workbook exports (`.xlsx`, and `.xls`, `.xlsb`, `.ods` through the same reader): one sheet
//! read as a table, with rows numbered as Excel shows them.

use crate::table::{Row, Table, map_table};
use crate::text::read_bytes;
use crate::{Ctx, FileDigest, IngestError};
use barometer_domain::{Consultation, ResponseRecord, SourceSpec};
use calamine::{Data, Reader, open_workbook_auto_from_rs};
use std::io::Cursor;

/// Reads an XLSX source.
pub(crate) fn read(
    consultation: &Consultation,
    ctx: &Ctx,
    spec: &SourceSpec,
    warnings: &mut Vec<String>,
) -> Result<(Vec<FileDigest>, Vec<ResponseRecord>), IngestError> {
    let (bytes, digest) = read_bytes(&ctx.path, &ctx.display)?;
    let table = read_table(bytes, &ctx.display, spec.sheet.as_deref(), spec.header_rows)?;
    let records = map_table(consultation, spec, &table, warnings)?;
    Ok((vec![digest], records))
}

/// Reads one sheet (`sheet`, or the first) of a workbook as a table of strings. The first
/// `header_rows` rows of the sheet's used area are the header; the last of them names the
/// columns. Blank rows are dropped. Numbers that are whole print without a decimal point,
/// dates as ISO 8601, and error cells as Excel shows them (`#N/A`).
pub(crate) fn read_table(
    bytes: Vec<u8>,
    display: &str,
    sheet: Option<&str>,
    header_rows: usize,
) -> Result<Table, IngestError> {
    let mut workbook = open_workbook_auto_from_rs(Cursor::new(bytes))
        .map_err(|e| IngestError::file(display, format!("not a workbook Barometer can read: {e}")))?;
    let names = workbook.sheet_names();
    let name = match sheet {
        Some(wanted) => names
            .iter()
            .find(|n| n.trim().eq_ignore_ascii_case(wanted.trim()))
            .cloned()
            .ok_or_else(|| {
                IngestError::file(
                    display,
                    format!("no sheet is named {wanted:?}; the sheets are: {}", quoted(&names)),
                )
                .field(format!("sheet {wanted:?}"))
            })?,
        None => names
            .first()
            .cloned()
            .ok_or_else(|| IngestError::file(display, "the workbook has no sheets"))?,
    };
    let range = workbook
        .worksheet_range(&name)
        .map_err(|e| IngestError::file(display, format!("cannot read sheet {name:?}: {e}")))?;
    let (first_row, first_col) = range.start().unwrap_or((0, 0));
    let width = first_col as usize + range.width();
    let mut header: Option<(u64, Vec<String>)> = None;
    let mut rows = Vec::new();
    for (i, cells) in range.rows().enumerate() {
        let line = u64::from(first_row) + i as u64 + 1;
        let mut row = vec![String::new(); first_col as usize];
        row.extend(cells.iter().map(cell_text));
        row.resize(width, String::new());
        if i < header_rows {
            if i + 1 == header_rows {
                header = Some((line, row));
            }
            continue;
        }
        if row.iter().all(|c| c.trim().is_empty()) {
            continue;
        }
        rows.push(Row { line, cells: row });
    }
    let (header_line, header) = match header {
        Some(h) => h,
        None if header_rows == 0 => (0, vec![String::new(); width]),
        None => {
            return Err(IngestError::file(
                display,
                format!(
                    "sheet {name:?} has {} rows, fewer than its {header_rows} header rows",
                    range.height()
                ),
            ));
        }
    };
    Ok(Table {
        display: display.to_string(),
        header_line,
        header,
        rows,
    })
}

fn quoted(names: &[String]) -> String {
    names
        .iter()
        .map(|n| format!("{n:?}"))
        .collect::<Vec<_>>()
        .join(", ")
}

fn cell_text(cell: &Data) -> String {
    match cell {
        Data::Empty => String::new(),
        Data::String(s) | Data::DateTimeIso(s) | Data::DurationIso(s) => s.clone(),
        Data::Int(i) => i.to_string(),
        Data::Float(f) => {
            if f.fract() == 0.0 && f.abs() < 1e15 {
                format!("{}", *f as i64)
            } else {
                f.to_string()
            }
        }
        Data::Bool(b) => if *b { "TRUE" } else { "FALSE" }.to_string(),
        Data::DateTime(d) => match d.as_datetime() {
            Some(dt) if dt.time() == chrono::NaiveTime::MIN => dt.format("%Y-%m-%d").to_string(),
            Some(dt) => dt.format("%Y-%m-%dT%H:%M:%S").to_string(),
            None => d.to_string(),
        },
        Data::Error(e) => e.to_string(),
    }
}
