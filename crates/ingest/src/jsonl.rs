//! Barometer's own JSONL shape: one response per line. The crate docs describe the keys.

use crate::record::{RawRespondent, answer, non_empty, question_order, respondent, respondent_as};
use crate::text::{decode, normalise_datetime, read_bytes};
use crate::{Ctx, FileDigest, IngestError};
use barometer_domain::{
    ColumnRef, Consultation, Question, QuestionId, RespondentType, RespondingAs, ResponseRecord, SourceKind,
    SourceSpec,
};
use serde::Deserialize;
use std::collections::{BTreeMap, HashMap};

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct Line {
    #[serde(default)]
    id: Option<serde_json::Value>,
    #[serde(default)]
    responding_as: Option<String>,
    #[serde(default)]
    organisation_name: Option<String>,
    #[serde(default)]
    organisation_type: Option<String>,
    #[serde(default)]
    respondent_type: Option<String>,
    #[serde(default)]
    region: Option<String>,
    #[serde(default)]
    submitted_at: Option<String>,
    #[serde(default)]
    source: Option<String>,
    #[serde(default)]
    answers: BTreeMap<String, serde_json::Value>,
}

/// A serde_json error without its "at line 1 column N" (the line is the file's, not the
/// object's), with the column kept.
pub(crate) fn json_message(e: &serde_json::Error) -> String {
    let full = e.to_string();
    let bare = match full.rfind(" at line ") {
        Some(i) => &full[..i],
        None => &full,
    };
    if e.column() > 0 {
        format!("not valid JSON: {bare} (at column {})", e.column())
    } else {
        format!("not valid JSON: {bare}")
    }
}

/// The non-blank lines of a JSONL text, with their 1-based line numbers.
pub(crate) fn lines(text: &str) -> impl Iterator<Item = (u64, &str)> {
    text.lines()
        .enumerate()
        .map(|(i, l)| (i as u64 + 1, l.trim()))
        .filter(|(_, l)| !l.is_empty())
}

/// A JSON scalar as text: strings as they are, numbers and booleans printed, null as `None`.
pub(crate) fn scalar(v: &serde_json::Value) -> Result<Option<String>, &'static str> {
    match v {
        serde_json::Value::Null => Ok(None),
        serde_json::Value::String(s) => Ok(Some(s.clone())),
        serde_json::Value::Number(n) => Ok(Some(n.to_string())),
        serde_json::Value::Bool(b) => Ok(Some(b.to_string())),
        serde_json::Value::Array(_) => Err("a list"),
        serde_json::Value::Object(_) => Err("an object"),
    }
}

/// Reads a JSONL source.
pub(crate) fn read(
    consultation: &Consultation,
    ctx: &Ctx,
    spec: &SourceSpec,
) -> Result<(Vec<FileDigest>, Vec<ResponseRecord>), IngestError> {
    let display = ctx.display.as_str();
    let (bytes, digest) = read_bytes(&ctx.path, display)?;
    let text = decode(&bytes, display)?;
    let keys = answer_keys(consultation, spec, display)?;
    let mut seen: HashMap<String, u64> = HashMap::new();
    let mut records = Vec::new();
    for (n, (line_no, line)) in lines(&text).enumerate() {
        let at = |field: &str, message: String| {
            IngestError::at(display, line_no, message).field(format!("field {field:?}"))
        };
        let parsed: Line =
            serde_json::from_str(line).map_err(|e| IngestError::at(display, line_no, json_message(&e)))?;
        let external_id = match &parsed.id {
            None => format!("row-{}", n + 1),
            Some(v) => match scalar(v) {
                Ok(Some(id)) if !id.trim().is_empty() => id.trim().to_string(),
                Ok(_) => return Err(at("id", "the response id is empty".into())),
                Err(kind) => return Err(at("id", format!("expected a string or number, found {kind}"))),
            },
        };
        if let Some(first) = seen.insert(external_id.clone(), line_no) {
            return Err(at(
                "id",
                format!(
                    "response id {external_id:?} is used twice, on lines {first} and {line_no}; ids must be unique"
                ),
            ));
        }
        let source = match parsed.source.as_deref().map(str::trim) {
            None | Some("") | Some("export") => SourceKind::Export,
            Some("form") => SourceKind::Form,
            Some("letter") => SourceKind::Letter,
            Some(other) => {
                return Err(at(
                    "source",
                    format!("{other:?} is not a source; expected form, export or letter"),
                ));
            }
        };
        let raw = RawRespondent {
            responding_as: parsed.responding_as.as_deref().and_then(non_empty),
            organisation_name: parsed.organisation_name.as_deref().and_then(non_empty),
            organisation_type: parsed.organisation_type.as_deref().and_then(non_empty),
            region: parsed.region.as_deref().and_then(non_empty),
        };
        // The wire names win; anything else goes through the consultation's own words.
        let mut who = match raw.responding_as.map(str::to_ascii_lowercase).as_deref() {
            Some("individual") => respondent_as(consultation, true, &raw),
            Some("organisation" | "organization") => respondent_as(consultation, false, &raw),
            _ => respondent(consultation, &raw),
        };
        if let Some(t) = parsed.respondent_type.as_deref().and_then(non_empty) {
            who.respondent_type = t
                .parse::<RespondentType>()
                .map_err(|m| at("respondent_type", m))?;
            who.type_declared = true;
            who.responding_as = if who.respondent_type == RespondentType::Individual {
                RespondingAs::Individual
            } else {
                RespondingAs::Organisation
            };
        }
        let submitted_at = match parsed.submitted_at.as_deref().and_then(non_empty) {
            None => None,
            Some(raw) => Some(normalise_datetime(raw).ok_or_else(|| {
                at(
                    "submitted_at",
                    format!("{raw:?} is not a date; expected ISO 8601 such as 2014-04-03T09:15:00"),
                )
            })?),
        };
        let mut answers = Vec::new();
        for (key, value) in &parsed.answers {
            let field = format!("answers.{key}");
            let question = keys.get(key.as_str()).copied().ok_or_else(|| {
                at(
                    &field,
                    format!(
                        "{key:?} is not a question of this consultation; expected one of: {}",
                        keys.keys().copied().collect::<Vec<_>>().join(", ")
                    ),
                )
            })?;
            let raw = scalar(value)
                .map_err(|kind| at(&field, format!("expected text, found {kind}")))?
                .unwrap_or_default();
            if let Some(a) = answer(question, &raw).map_err(|m| at(&field, m))? {
                answers.push(a);
            }
        }
        question_order(consultation, &mut answers);
        records.push(ResponseRecord {
            external_id,
            source,
            source_file: display.to_string(),
            source_line: Some(line_no),
            respondent: who,
            submitted_at,
            ocr: None,
            answers,
        });
    }
    Ok((vec![digest], records))
}

/// The keys `answers` may use → their question: each question id, unless the source's
/// `questions` table renames it.
fn answer_keys<'c>(
    consultation: &'c Consultation,
    spec: &'c SourceSpec,
    display: &str,
) -> Result<BTreeMap<&'c str, &'c Question>, IngestError> {
    let mut keys = BTreeMap::new();
    for question in &consultation.questions {
        match spec.questions.get(&question.id.0) {
            None => {
                keys.insert(question.id.0.as_str(), question);
            }
            Some(ColumnRef::Header(_)) => {}
            Some(ColumnRef::Letter { letter }) => {
                return Err(IngestError::file(
                    display,
                    format!(
                        "question {} is mapped to column {letter}, but a JSONL file has keys, not columns",
                        question.id
                    ),
                ));
            }
        }
    }
    for (id, column) in &spec.questions {
        let question = consultation.question(&QuestionId(id.clone())).ok_or_else(|| {
            IngestError::file(
                display,
                format!("the source maps question {id}, which the consultation does not define"),
            )
        })?;
        if let ColumnRef::Header(key) = column {
            keys.insert(key.as_str(), question);
        }
    }
    Ok(keys)
}
