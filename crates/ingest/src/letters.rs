//! Letters and emails: a folder of `.eml`, `.txt`, `.docx` and `.pdf` files, one response each,
//! and an optional correspondence log saying who sent which.
//!
//! The log (`index`, relative to the consultation's folder) is a CSV with a header row and the
//! columns `file,responding_as,organisation_name,organisation_type,region`, and optionally
//! `submitted_at`. `file` is relative to the letters folder. A letter the log does not list is
//! an individual's. Each letter's whole text answers the source's `question`.
//!
//! In the folder, hidden files, sub-folders, `README*` and the log itself are passed over; any
//! other file whose format Barometer cannot read is an error, so that no letter is dropped
//! unseen.

use crate::record::{RawRespondent, non_empty, respondent};
use crate::table::{Width, parse_csv};
use crate::text::{cannot_read, decode, normalise_datetime, read_bytes};
use crate::{Ctx, FileDigest, IngestError};
use barometer_domain::{
    Answer, Consultation, QuestionId, QuestionKind, ResponseRecord, SourceKind, SourceSpec,
};
use std::collections::BTreeMap;
use std::io::{Cursor, Read};
use std::path::Path;

/// The extensions Barometer reads as letters.
pub(crate) const READABLE: [&str; 4] = ["eml", "txt", "docx", "pdf"];

/// One row of the correspondence log.
struct LogRow {
    line: u64,
    responding_as: Option<String>,
    organisation_name: Option<String>,
    organisation_type: Option<String>,
    region: Option<String>,
    submitted_at: Option<String>,
}

/// Reads a letters source.
pub(crate) fn read(
    consultation: &Consultation,
    ctx: &Ctx,
    spec: &SourceSpec,
) -> Result<(Vec<FileDigest>, Vec<ResponseRecord>), IngestError> {
    let question_id = spec.question.as_deref().ok_or_else(|| {
        IngestError::file(
            &ctx.display,
            "a letters source must name the open question a letter answers (question = \"…\")",
        )
    })?;
    let question = consultation
        .question(&QuestionId(question_id.to_string()))
        .ok_or_else(|| {
            IngestError::file(
                &ctx.display,
                format!("the source names question {question_id}, which the consultation does not define"),
            )
        })?;
    if question.kind != QuestionKind::Open {
        return Err(IngestError::file(
            &ctx.display,
            format!(
                "letters answer question {question_id}, which is closed; a letter can only answer an open question"
            ),
        ));
    }
    let entries =
        std::fs::read_dir(&ctx.path).map_err(|e| IngestError::file(&ctx.display, cannot_read(&e)))?;
    let index_path = spec.index.as_ref().map(|i| ctx.base_dir.join(i));
    let mut names = Vec::new();
    for entry in entries {
        let entry = entry.map_err(|e| IngestError::file(&ctx.display, cannot_read(&e)))?;
        let path = entry.path();
        let Some(name) = entry.file_name().to_str().map(str::to_string) else {
            return Err(IngestError::file(
                &ctx.display,
                format!("{:?} is not a UTF-8 file name; rename it", entry.file_name()),
            ));
        };
        if name.starts_with('.') || path.is_dir() || name.to_ascii_lowercase().starts_with("readme") {
            continue;
        }
        if let Some(index) = &index_path
            && same_file(index, &path)
        {
            continue;
        }
        let ext = extension(&name);
        if !READABLE.contains(&ext.as_str()) {
            return Err(IngestError::file(
                ctx.child_display(&name),
                format!(
                    "Barometer cannot read {} letters; it reads .eml, .txt, .docx and .pdf: convert this one, or move it out of the folder",
                    if ext.is_empty() {
                        "extension-less".to_string()
                    } else {
                        format!(".{ext}")
                    }
                ),
            ));
        }
        names.push(name);
    }
    names.sort();

    let mut files = Vec::new();
    let log = match (&spec.index, &index_path) {
        (Some(index), Some(path)) => {
            let display = crate::display_path(index);
            let (bytes, digest) = read_bytes(path, &display)?;
            files.push(digest);
            read_log(&decode(&bytes, &display)?, &display, &ctx.display, &names)?
        }
        _ => BTreeMap::new(),
    };

    let mut records = Vec::with_capacity(names.len());
    for name in &names {
        let display = ctx.child_display(name);
        let (bytes, digest) = read_bytes(&ctx.path.join(name), &display)?;
        files.push(digest);
        let letter = document(&bytes, name, &display)?;
        let text = letter.text;
        let row = log.get(name);
        let who = respondent(
            consultation,
            &RawRespondent {
                responding_as: row.and_then(|r| r.responding_as.as_deref()),
                organisation_name: row.and_then(|r| r.organisation_name.as_deref()),
                organisation_type: row.and_then(|r| r.organisation_type.as_deref()),
                region: row.and_then(|r| r.region.as_deref()),
            },
        );
        let mut who = who;
        who.sender_domain = letter.sender_domain;
        let submitted_at = row.and_then(|r| r.submitted_at.clone()).or(letter.date);
        records.push(ResponseRecord {
            external_id: name.clone(),
            source: SourceKind::Letter,
            source_file: display,
            source_line: None,
            respondent: who,
            submitted_at,
            ocr: letter.ocr,
            answers: vec![Answer {
                question: question.id.clone(),
                option: None,
                text: Some(text),
            }],
        });
    }
    Ok((files, records))
}

fn same_file(a: &Path, b: &Path) -> bool {
    match (a.canonicalize(), b.canonicalize()) {
        (Ok(a), Ok(b)) => a == b,
        _ => a == b,
    }
}

pub(crate) fn extension(name: &str) -> String {
    Path::new(name)
        .extension()
        .and_then(|e| e.to_str())
        .unwrap_or("")
        .to_ascii_lowercase()
}

/// Line endings unified, trailing space dropped from lines, runs of blank lines collapsed,
/// and the whole trimmed.
fn tidy(text: &str) -> String {
    let mut out = String::with_capacity(text.len());
    let mut blank = 0;
    for line in text.replace("\r\n", "\n").replace('\r', "\n").lines() {
        let line = line.trim_end();
        if line.is_empty() {
            blank += 1;
            continue;
        }
        if !out.is_empty() {
            out.push_str(if blank > 0 { "\n\n" } else { "\n" });
        }
        blank = 0;
        out.push_str(line);
    }
    out
}

fn read_log(
    text: &str,
    display: &str,
    folder: &str,
    names: &[String],
) -> Result<BTreeMap<String, LogRow>, IngestError> {
    let table = parse_csv(text, display, 1, Width::Exact)?;
    let column = |name: &str| {
        table
            .header
            .iter()
            .position(|h| h.trim().eq_ignore_ascii_case(name))
    };
    let file_col = column("file").ok_or_else(|| {
        IngestError::at(
            display,
            table.header_line.max(1),
            format!(
                "the log has no \"file\" column; expected the columns file, responding_as, organisation_name, organisation_type, region; found: {}",
                table.header.join(", ")
            ),
        )
    })?;
    let cols = [
        column("responding_as"),
        column("organisation_name"),
        column("organisation_type"),
        column("region"),
        column("submitted_at"),
    ];
    let folder_prefix = format!("{}/", folder.trim_end_matches('/'));
    let mut log: BTreeMap<String, LogRow> = BTreeMap::new();
    for row in &table.rows {
        let get = |c: Option<usize>| {
            c.and_then(|c| row.cells.get(c))
                .and_then(|s| non_empty(s))
                .map(str::to_string)
        };
        let raw = row.cells[file_col].trim().replace('\\', "/");
        let raw = raw.trim_start_matches("./");
        let name = raw.strip_prefix(&folder_prefix).unwrap_or(raw).to_string();
        let at = |m: String| IngestError::at(display, row.line, m).field("column \"file\"");
        if name.is_empty() {
            return Err(at("the file name is empty".into()));
        }
        if !names.contains(&name) {
            return Err(at(format!(
                "the log names {name:?}, but the letters folder {folder} has no such letter"
            )));
        }
        let submitted_at = match get(cols[4]) {
            None => None,
            Some(raw) => Some(normalise_datetime(&raw).ok_or_else(|| {
                IngestError::at(
                    display,
                    row.line,
                    format!(
                        "{raw:?} is not a date; expected ISO 8601 (2014-04-03) or day-first (03/04/2014)"
                    ),
                )
                .field("column \"submitted_at\"")
            })?),
        };
        let entry = LogRow {
            line: row.line,
            responding_as: get(cols[0]),
            organisation_name: get(cols[1]),
            organisation_type: get(cols[2]),
            region: get(cols[3]),
            submitted_at,
        };
        if let Some(first) = log.get(&name) {
            return Err(at(format!(
                "the log lists {name:?} twice, on lines {} and {}",
                first.line, row.line
            )));
        }
        log.insert(name, entry);
    }
    Ok(log)
}

/// What a letter yielded.
pub(crate) struct Letter {
    /// Its text, tidied.
    pub text: String,
    /// When it was sent, where the file says (an email's Date header).
    pub date: Option<String>,
    /// Set when the text was read from a scan by OCR.
    pub ocr: Option<barometer_domain::Ocr>,
    /// The domain of an email's sender.
    pub sender_domain: Option<String>,
}

/// Reads one document by its extension (`.eml`, `.txt`, `.docx`, `.pdf`): an error names
/// `display` when it cannot be read or has no text.
pub(crate) fn document(bytes: &[u8], name: &str, display: &str) -> Result<Letter, IngestError> {
    let letter = match extension(name).as_str() {
        "eml" => eml(bytes, display)?,
        "txt" => Letter {
            text: decode(bytes, display)?,
            date: None,
            ocr: None,
            sender_domain: None,
        },
        "docx" => Letter {
            text: docx(bytes, display)?,
            date: None,
            ocr: None,
            sender_domain: None,
        },
        "pdf" => {
            let text = pdf(bytes, display)?;
            if tidy(&text).is_empty() {
                // No text layer: a scan.
                let (text, ocr) = crate::ocr::read_scanned_pdf(bytes, display)?;
                Letter {
                    text,
                    date: None,
                    ocr: Some(ocr),
                    sender_domain: None,
                }
            } else {
                Letter {
                    text,
                    date: None,
                    ocr: None,
                    sender_domain: None,
                }
            }
        }
        other => {
            return Err(IngestError::file(
                display,
                format!("Barometer cannot read .{other} files; it reads .eml, .txt, .docx and .pdf"),
            ));
        }
    };
    let text = tidy(&letter.text);
    if text.is_empty() {
        return Err(IngestError::file(display, "the document has no text"));
    }
    Ok(Letter { text, ..letter })
}

/// An email: every text part of its body (HTML ones turned to text when there is no plain
/// one), and its Date header.
fn eml(bytes: &[u8], display: &str) -> Result<Letter, IngestError> {
    let message = mail_parser::MessageParser::default()
        .parse(bytes)
        .filter(|m| !m.parts.is_empty())
        .ok_or_else(|| IngestError::file(display, "not an email (RFC 822) message"))?;
    let parts: Vec<String> = (0..message.text_body.len().max(1))
        .filter_map(|i| message.body_text(i))
        .map(|t| t.into_owned())
        .filter(|t| !t.trim().is_empty())
        .collect();
    let date = message
        .date()
        .filter(|d| d.is_valid())
        .and_then(|d| normalise_datetime(&d.to_rfc3339()));
    // Only the domain is kept: it says what kind of body sent the letter, the address says who.
    let sender_domain = message
        .from()
        .and_then(|from| from.first())
        .and_then(|a| a.address())
        .and_then(|a| a.rsplit_once('@'))
        .map(|(_, domain)| domain.trim().trim_end_matches('>').to_ascii_lowercase())
        .filter(|d| !d.is_empty());
    Ok(Letter {
        text: parts.join("\n\n"),
        date,
        ocr: None,
        sender_domain,
    })
}

/// A Word document's paragraphs, from `word/document.xml`.
fn docx(bytes: &[u8], display: &str) -> Result<String, IngestError> {
    use quick_xml::events::Event;
    let bad = |m: String| {
        IngestError::file(
            display,
            format!("not a Word (.docx) document Barometer can read: {m}"),
        )
    };
    let mut archive = zip::ZipArchive::new(Cursor::new(bytes)).map_err(|e| bad(e.to_string()))?;
    let mut xml = String::new();
    archive
        .by_name("word/document.xml")
        .map_err(|e| bad(format!("word/document.xml: {e}")))?
        .read_to_string(&mut xml)
        .map_err(|e| bad(format!("word/document.xml: {e}")))?;
    let mut reader = quick_xml::Reader::from_str(&xml);
    let mut out = String::new();
    let mut in_text = false;
    loop {
        match reader
            .read_event()
            .map_err(|e| bad(format!("word/document.xml: {e}")))?
        {
            Event::Start(e) if e.local_name().as_ref() == b"t" => in_text = true,
            Event::End(e) => match e.local_name().as_ref() {
                b"t" => in_text = false,
                b"p" => out.push('\n'),
                _ => {}
            },
            Event::Empty(e) => match e.local_name().as_ref() {
                b"tab" => out.push('\t'),
                b"br" | b"cr" => out.push('\n'),
                b"p" => out.push('\n'),
                _ => {}
            },
            Event::Text(t) if in_text => {
                out.push_str(&t.unescape().map_err(|e| bad(format!("word/document.xml: {e}")))?);
            }
            Event::CData(t) if in_text => out.push_str(&String::from_utf8_lossy(&t)),
            Event::Eof => break,
            _ => {}
        }
    }
    Ok(out)
}

/// A PDF's text layer, page by page. A scanned PDF has none ([`crate::ocr`] reads it).
fn pdf(bytes: &[u8], display: &str) -> Result<String, IngestError> {
    let bad = |m: String| IngestError::file(display, format!("not a PDF Barometer can read: {m}"));
    let doc = lopdf::Document::load_mem(bytes).map_err(|e| bad(e.to_string()))?;
    if doc.is_encrypted() {
        return Err(IngestError::file(
            display,
            "the PDF is encrypted; save an unprotected copy",
        ));
    }
    let pages: Vec<u32> = doc.get_pages().keys().copied().collect();
    doc.extract_text(&pages).map_err(|e| bad(e.to_string()))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn tidy_collapses_blank_runs_and_line_endings() {
        assert_eq!(
            tidy("  \r\nDear Sir,  \r\n\r\n\r\nI object.\rYours\n\n"),
            "Dear Sir,\n\nI object.\nYours"
        );
    }
}
