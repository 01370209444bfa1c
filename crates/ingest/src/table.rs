//! Tabular exports (CSV here, XLSX in `xlsx`): header rows, column mapping, one record per row.

use crate::record::{RawRespondent, answer, non_empty, respondent};
use crate::text::{LineIndex, decode, normalise_datetime, read_bytes};
use crate::{Ctx, FileDigest, IngestError};
use barometer_domain::{
    ColumnRef, Consultation, Question, QuestionId, ResponseRecord, SourceKind, SourceSpec,
};
use std::collections::HashMap;

/// One row of a table, with the line (or Excel row) it starts on.
#[derive(Debug, Clone, PartialEq, Eq)]
pub(crate) struct Row {
    pub line: u64,
    pub cells: Vec<String>,
}

/// A table read from a file: the header row that names the columns, and the data rows, blank
/// ones dropped.
#[derive(Debug, Clone, PartialEq, Eq)]
pub(crate) struct Table {
    /// The file as displayed.
    pub display: String,
    /// The line of the last header row (0 when there is none).
    pub header_line: u64,
    /// Column names; as many as the table is wide.
    pub header: Vec<String>,
    /// Data rows.
    pub rows: Vec<Row>,
}

/// Reads a CSV source.
pub(crate) fn read_csv(
    consultation: &Consultation,
    ctx: &Ctx,
    spec: &SourceSpec,
    warnings: &mut Vec<String>,
) -> Result<(Vec<FileDigest>, Vec<ResponseRecord>), IngestError> {
    let (bytes, digest) = read_bytes(&ctx.path, &ctx.display)?;
    let text = decode(&bytes, &ctx.display)?;
    let table = parse_csv(&text, &ctx.display, spec.header_rows, Width::Exact)?;
    let records = map_table(consultation, spec, &table, warnings)?;
    Ok((vec![digest], records))
}

/// How wide a data row must be.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) enum Width {
    /// As wide as the header: a hub export's rows all are, and a row that is not shows a
    /// broken quote or a stray comma.
    Exact,
    /// No wider than the header: sites that drop a row's empty trailing cells (the
    /// Commission's export does) have shorter rows, padded here with empty cells.
    AtMost,
}

/// Splits CSV text into header and data rows, checking each data row's width against the
/// header. Lines are counted as an editor counts them, quoted line breaks included.
pub(crate) fn parse_csv(
    text: &str,
    display: &str,
    header_rows: usize,
    width_rule: Width,
) -> Result<Table, IngestError> {
    let mut reader = csv::ReaderBuilder::new()
        .has_headers(false)
        .flexible(true)
        .from_reader(text.as_bytes());
    let mut header: Option<(u64, Vec<String>)> = None;
    let mut headers_seen = 0;
    let index = LineIndex::new(text);
    let mut rows = Vec::new();
    let mut last_start: Option<(u64, usize)> = None;
    for result in reader.records() {
        let record = result.map_err(|e| {
            let line = e
                .position()
                .map(|p| index.record_line(p.byte() as usize))
                .unwrap_or(0);
            IngestError {
                file: display.into(),
                line: (line > 0).then_some(line),
                field: None,
                message: format!("not valid CSV: {e}"),
            }
        })?;
        let byte = record.position().map(|p| p.byte() as usize).unwrap_or(0);
        let line = index.record_line(byte);
        last_start = Some((line, byte));
        let cells: Vec<String> = record.iter().map(str::to_string).collect();
        if headers_seen < header_rows {
            headers_seen += 1;
            if headers_seen == header_rows {
                header = Some((line, cells));
            }
            continue;
        }
        if cells.iter().all(|c| c.trim().is_empty()) {
            continue;
        }
        let width = match &header {
            Some((_, h)) => h.len(),
            None => {
                header = Some((0, vec![String::new(); cells.len()]));
                cells.len()
            }
        };
        let mut cells = cells;
        if width_rule == Width::AtMost && cells.len() < width {
            cells.resize(width, String::new());
        }
        if cells.len() != width {
            let breaks: usize = cells.iter().map(|c| c.matches('\n').count()).sum();
            let span = if breaks > 0 {
                format!(
                    " (this row runs from line {line} to line {}; check for an unclosed quote)",
                    line + breaks as u64
                )
            } else {
                String::new()
            };
            let against = match &header {
                Some((l, _)) if *l > 0 => format!("as the header row (line {l}) has"),
                _ => "as the first row has".to_string(),
            };
            return Err(IngestError::at(
                display,
                line,
                format!("expected {width} fields, {against}, found {}{span}", cells.len()),
            ));
        }
        rows.push(Row { line, cells });
    }
    if let Some((line, byte)) = last_start
        && let Some(opened) = unclosed_quote(
            text.get(byte..).unwrap_or("").trim_start_matches(['\r', '\n']),
            line,
        )
    {
        return Err(IngestError::at(
            display,
            opened,
            format!(
                "unclosed quote: the quoted field that opens on line {opened} runs to the end of the file"
            ),
        ));
    }
    if headers_seen < header_rows {
        return Err(IngestError::file(
            display,
            format!(
                "expected {header_rows} header row{}, found {headers_seen}",
                if header_rows == 1 { "" } else { "s" }
            ),
        ));
    }
    let (header_line, header) = header.unwrap_or((0, Vec::new()));
    Ok(Table {
        display: display.to_string(),
        header_line,
        header,
        rows,
    })
}

/// The line where a quoted field opens and never closes, scanning one record's text that
/// starts on `line`.
fn unclosed_quote(record: &str, mut line: u64) -> Option<u64> {
    let mut chars = record.chars().peekable();
    let mut at_field_start = true;
    let mut opened: Option<u64> = None;
    while let Some(c) = chars.next() {
        match (opened, c) {
            (Some(_), '"') => {
                if chars.peek() == Some(&'"') {
                    chars.next();
                } else {
                    opened = None;
                }
            }
            (None, '"') if at_field_start => opened = Some(line),
            (None, '\n' | '\r') => return None,
            _ => {}
        }
        if c == '\n' {
            line += 1;
        }
        at_field_start = opened.is_none() && c == ',';
    }
    opened
}

/// A resolved column: its index and how to name it in errors.
#[derive(Debug, Clone)]
struct Col {
    index: usize,
    label: String,
}

fn normalise_header(s: &str) -> String {
    s.split_whitespace()
        .collect::<Vec<_>>()
        .join(" ")
        .to_lowercase()
        .replace(['\u{2018}', '\u{2019}'], "'")
        .replace(['\u{201C}', '\u{201D}'], "\"")
}

/// Spreadsheet letters for a 0-based index: 0 → A, 26 → AA.
pub(crate) fn letters(mut index: usize) -> String {
    let mut out = Vec::new();
    loop {
        out.push(b'A' + (index % 26) as u8);
        if index < 26 {
            break;
        }
        index = index / 26 - 1;
    }
    out.reverse();
    String::from_utf8(out).expect("ASCII")
}

fn shorten(s: &str) -> String {
    const MAX: usize = 80;
    if s.chars().count() <= MAX {
        s.to_string()
    } else {
        let cut: String = s.chars().take(MAX - 1).collect();
        format!("{cut}…")
    }
}

fn edit_distance(a: &str, b: &str) -> usize {
    let a: Vec<char> = a.chars().collect();
    let b: Vec<char> = b.chars().collect();
    let mut prev: Vec<usize> = (0..=b.len()).collect();
    let mut cur = vec![0; b.len() + 1];
    for (i, ca) in a.iter().enumerate() {
        cur[0] = i + 1;
        for (j, cb) in b.iter().enumerate() {
            let cost = usize::from(ca != cb);
            cur[j + 1] = (prev[j] + cost).min(prev[j + 1] + 1).min(cur[j] + 1);
        }
        std::mem::swap(&mut prev, &mut cur);
    }
    prev[b.len()]
}

impl Table {
    fn resolve(&self, column: &ColumnRef, mapped_as: &str) -> Result<Col, IngestError> {
        let line = self.header_line.max(1);
        match column {
            ColumnRef::Letter { letter } => {
                let index = column.letter_index().ok_or_else(|| {
                    IngestError::at(
                        &self.display,
                        line,
                        format!("{letter:?} is not a spreadsheet column letter"),
                    )
                    .field(mapped_as.to_string())
                })?;
                if index >= self.header.len() {
                    return Err(IngestError::at(
                        &self.display,
                        line,
                        format!(
                            "{mapped_as} is mapped to column {}, but the table's last column is {}",
                            letter.trim().to_ascii_uppercase(),
                            letters(self.header.len().saturating_sub(1))
                        ),
                    )
                    .field(format!("column {}", letter.trim().to_ascii_uppercase())));
                }
                let name = self.header[index].trim();
                let label = if name.is_empty() {
                    format!("column {}", letters(index))
                } else {
                    format!("column {} ({:?})", letters(index), shorten(name))
                };
                Ok(Col { index, label })
            }
            ColumnRef::Header(wanted) => {
                let key = normalise_header(wanted);
                let found: Vec<usize> = self
                    .header
                    .iter()
                    .enumerate()
                    .filter(|(_, h)| normalise_header(h) == key)
                    .map(|(i, _)| i)
                    .collect();
                match found.as_slice() {
                    [index] => Ok(Col {
                        index: *index,
                        label: format!("column {:?}", shorten(self.header[*index].trim())),
                    }),
                    [] => Err(IngestError::at(
                        &self.display,
                        line,
                        format!(
                            "no column has the header {wanted:?} (mapped as {mapped_as}); {}",
                            self.near_matches(&key)
                        ),
                    )
                    .field(format!("column {:?}", shorten(wanted)))),
                    many => Err(IngestError::at(
                        &self.display,
                        line,
                        format!(
                            "{} columns have the header {wanted:?} ({}); map {mapped_as} by letter \
                             instead, as {{ letter = \"{}\" }}",
                            many.len(),
                            many.iter().map(|&i| letters(i)).collect::<Vec<_>>().join(", "),
                            letters(many[0])
                        ),
                    )
                    .field(format!("column {:?}", shorten(wanted)))),
                }
            }
        }
    }

    fn near_matches(&self, key: &str) -> String {
        let mut scored: Vec<(usize, usize)> = self
            .header
            .iter()
            .enumerate()
            .filter(|(_, h)| !h.trim().is_empty())
            .filter_map(|(i, h)| {
                let h = normalise_header(h);
                let d = edit_distance(&h, key);
                let close = d <= (key.chars().count() / 4).max(2);
                let contains = h.len() >= 3 && key.len() >= 3 && (h.contains(key) || key.contains(&h));
                (close || contains).then_some((d, i))
            })
            .collect();
        scored.sort();
        let name = |i: usize| format!("{:?} ({})", shorten(self.header[i].trim()), letters(i));
        if !scored.is_empty() {
            let list: Vec<String> = scored.iter().take(3).map(|&(_, i)| name(i)).collect();
            return format!("near matches: {}", list.join(", "));
        }
        if self.header.len() <= 12 {
            let list: Vec<String> = (0..self.header.len()).map(name).collect();
            format!("the header row has: {}", list.join(", "))
        } else {
            format!(
                "no header is close; the header row (line {}) has {} columns",
                self.header_line,
                self.header.len()
            )
        }
    }
}

struct Columns<'c> {
    id: Option<Col>,
    responding_as: Option<Col>,
    organisation_name: Option<Col>,
    organisation_type: Option<Col>,
    region: Option<Col>,
    submitted_at: Option<Col>,
    questions: Vec<(&'c Question, Col)>,
}

fn resolve_columns<'c>(
    consultation: &'c Consultation,
    spec: &SourceSpec,
    table: &Table,
) -> Result<Columns<'c>, IngestError> {
    let opt = |c: &Option<ColumnRef>, name: &str| -> Result<Option<Col>, IngestError> {
        c.as_ref().map(|c| table.resolve(c, name)).transpose()
    };
    let mut questions = Vec::new();
    // In question order, so answers come out in question order.
    for question in &consultation.questions {
        if let Some(column) = spec.questions.get(&question.id.0) {
            questions.push((
                question,
                table.resolve(column, &format!("question {}", question.id))?,
            ));
        }
    }
    for key in spec.questions.keys() {
        if consultation.question(&QuestionId(key.clone())).is_none() {
            return Err(IngestError::file(
                &table.display,
                format!("the source maps question {key}, which the consultation does not define"),
            ));
        }
    }
    Ok(Columns {
        id: opt(&spec.id, "id")?,
        responding_as: opt(&spec.responding_as, "responding_as")?,
        organisation_name: opt(&spec.organisation_name, "organisation_name")?,
        organisation_type: opt(&spec.organisation_type, "organisation_type")?,
        region: opt(&spec.region, "region")?,
        submitted_at: opt(&spec.submitted_at, "submitted_at")?,
        questions,
    })
}

/// Maps every data row of a table to a record, as the source's columns say. Rows at the
/// table's end that hold neither a response id nor any answer (a hub's totals, a note) are
/// skipped with a warning naming their lines; such a row anywhere else is an error.
pub(crate) fn map_table(
    consultation: &Consultation,
    spec: &SourceSpec,
    table: &Table,
    warnings: &mut Vec<String>,
) -> Result<Vec<ResponseRecord>, IngestError> {
    let cols = resolve_columns(consultation, spec, table)?;
    let blank = |c: &Col, row: &Row| row.cells.get(c.index).is_none_or(|s| s.trim().is_empty());
    let trailing = table
        .rows
        .iter()
        .rev()
        .take_while(|row| {
            cols.id.as_ref().is_none_or(|c| blank(c, row))
                && cols.questions.iter().all(|(_, c)| blank(c, row))
        })
        .count();
    let kept = table.rows.len() - trailing;
    if trailing > 0 {
        let lines: Vec<String> = table.rows[kept..].iter().map(|r| r.line.to_string()).collect();
        let unit = if crate::error::is_workbook(std::path::Path::new(&table.display)) {
            "row"
        } else {
            "line"
        };
        warnings.push(format!(
            "{}: skipped {} {unit}{} at the end with no response id and no answer ({unit}{} {})",
            table.display,
            trailing,
            if trailing == 1 { "" } else { "s" },
            if trailing == 1 { "" } else { "s" },
            lines.join(", ")
        ));
    }
    let mut seen_ids: HashMap<String, u64> = HashMap::new();
    let mut records = Vec::with_capacity(kept);
    for (n, row) in table.rows[..kept].iter().enumerate() {
        let cell = |c: &Option<Col>| -> Option<&str> {
            c.as_ref()
                .and_then(|c| row.cells.get(c.index))
                .and_then(|s| non_empty(s))
        };
        let at = |c: &Col, message: String| {
            IngestError::at(&table.display, row.line, message).field(c.label.clone())
        };
        let external_id = match &cols.id {
            Some(c) => {
                let id = cell(&cols.id).ok_or_else(|| at(c, "the response id is empty".to_string()))?;
                if let Some(first) = seen_ids.insert(id.to_string(), row.line) {
                    return Err(at(
                        c,
                        format!(
                            "response id {id:?} is used twice, on {} {first} and {}; ids must be unique",
                            if crate::error::is_workbook(std::path::Path::new(&table.display)) {
                                "rows"
                            } else {
                                "lines"
                            },
                            row.line
                        ),
                    ));
                }
                id.to_string()
            }
            None => format!("row-{}", n + 1),
        };
        let submitted_at = match (&cols.submitted_at, cell(&cols.submitted_at)) {
            (Some(c), Some(raw)) => Some(normalise_datetime(raw).ok_or_else(|| {
                at(
                    c,
                    format!(
                        "{raw:?} is not a date; expected ISO 8601 (2014-04-03 or \
                         2014-04-03T09:15:00) or day-first (03/04/2014 09:15)"
                    ),
                )
            })?),
            _ => None,
        };
        let respondent = respondent(
            consultation,
            &RawRespondent {
                responding_as: cell(&cols.responding_as),
                organisation_name: cell(&cols.organisation_name),
                organisation_type: cell(&cols.organisation_type),
                region: cell(&cols.region),
            },
        );
        let mut answers = Vec::new();
        for (question, col) in &cols.questions {
            let raw = row.cells.get(col.index).map(String::as_str).unwrap_or("");
            if let Some(a) = answer(question, raw).map_err(|m| at(col, m))? {
                answers.push(a);
            }
        }
        records.push(ResponseRecord {
            external_id,
            source: SourceKind::Export,
            source_file: table.display.clone(),
            source_line: Some(row.line),
            respondent,
            submitted_at,
            ocr: None,
            answers,
        });
    }
    Ok(records)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn letters_round_trip_with_the_domain() {
        for i in [0, 1, 25, 26, 27, 51, 52, 701, 702] {
            let l = letters(i);
            assert_eq!(
                ColumnRef::Letter { letter: l.clone() }.letter_index(),
                Some(i),
                "{l}"
            );
        }
        assert_eq!(letters(28), "AC");
    }

    #[test]
    fn quoted_line_breaks_count_towards_later_lines() {
        let text = "id,text\n1,\"two\nlines\"\n\n2,plain\n";
        let t = parse_csv(text, "x.csv", 1, Width::Exact).unwrap();
        assert_eq!(t.rows.iter().map(|r| r.line).collect::<Vec<_>>(), vec![2, 5]);
    }

    #[test]
    fn crlf_files_count_lines_too() {
        let text = "id,text\r\n1,\"a\r\nb\"\r\n2,c\r\n";
        let t = parse_csv(text, "x.csv", 1, Width::Exact).unwrap();
        assert_eq!(t.rows.iter().map(|r| r.line).collect::<Vec<_>>(), vec![2, 4]);
    }

    #[test]
    fn a_short_row_after_a_multiline_field_names_its_own_line() {
        let text = "id,text,more\n1,\"a\nb\nc\",x\n2,y\n";
        let e = parse_csv(text, "x.csv", 1, Width::Exact).unwrap_err();
        assert_eq!(e.line, Some(5), "{e}");
        assert!(e.message.contains("expected 3 fields"), "{e}");
    }

    #[test]
    fn near_matches_are_offered() {
        let t = parse_csv("Region,Organisation name,Response ID\n", "x.csv", 1, Width::Exact).unwrap();
        let e = t
            .resolve(&ColumnRef::Header("Organisation nme".into()), "organisation_name")
            .unwrap_err();
        assert!(e.message.contains("\"Organisation name\" (B)"), "{e}");
    }
}
