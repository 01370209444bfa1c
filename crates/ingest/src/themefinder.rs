//! The ThemeFinder layout, as i-dot-ai's Consult imports it:
//!
//! ```text
//! respondents.jsonl                 {"themefinder_id": 1, "demographic_data": {"region": ["North West"]}}
//! question_part_1/question.json     {"question_text": "…", "has_free_text": true, "multi_choice_options": ["Agree", …]}
//! question_part_1/responses.jsonl   {"themefinder_id": 1, "text": "…"}
//! question_part_1/multi_choice.jsonl {"themefinder_id": 1, "options": ["Agree"]}
//! ```
//!
//! The source's `questions` table maps a question id to a part (`Q1 = "question_part_1"`).
//! An open question takes the part's `responses.jsonl`, a closed one its `multi_choice.jsonl`,
//! so one hybrid part can feed both. The respondent columns (`responding_as`, `region`…) name
//! fields of `demographic_data` (or top-level fields of a respondent's line). Each respondent
//! becomes one record, in the order of `respondents.jsonl`.

use crate::jsonl::{json_message, lines, scalar};
use crate::record::{RawRespondent, answer, non_empty, respondent};
use crate::text::{decode, normalise_datetime, read_bytes};
use crate::{Ctx, FileDigest, IngestError};
use barometer_domain::{
    ColumnRef, Consultation, QuestionId, QuestionKind, ResponseRecord, SourceKind, SourceSpec,
};
use serde_json::{Map, Value};
use std::collections::{BTreeMap, HashMap};

/// One respondent line.
struct RespondentLine {
    id: String,
    line: u64,
    fields: BTreeMap<String, String>,
}

/// A part's answers by respondent: text, and options chosen, with the lines they came from.
#[derive(Default)]
struct Part {
    texts: HashMap<String, String>,
    options: HashMap<String, (Vec<String>, u64)>,
    has_responses: bool,
    has_multi_choice: bool,
}

/// Reads a ThemeFinder folder.
pub(crate) fn read(
    consultation: &Consultation,
    ctx: &Ctx,
    spec: &SourceSpec,
) -> Result<(Vec<FileDigest>, Vec<ResponseRecord>), IngestError> {
    if !ctx.path.is_dir() {
        return Err(IngestError::file(
            &ctx.display,
            "expected a ThemeFinder folder (respondents.jsonl and question_part_N folders), found no folder",
        ));
    }
    let mut files = Vec::new();
    let respondents_display = ctx.child_display("respondents.jsonl");
    let (bytes, digest) = read_bytes(&ctx.path.join("respondents.jsonl"), &respondents_display)?;
    files.push(digest);
    let respondents = read_respondents(&decode(&bytes, &respondents_display)?, &respondents_display)?;
    let known: HashMap<&str, u64> = respondents.iter().map(|r| (r.id.as_str(), r.line)).collect();

    // Each part the mapping names, read once.
    let mut parts: BTreeMap<String, Part> = BTreeMap::new();
    for (qid, column) in &spec.questions {
        let ColumnRef::Header(part) = column else {
            return Err(IngestError::file(
                &ctx.display,
                format!(
                    "question {qid} is mapped to a column letter; map it to a question part such as \"question_part_1\""
                ),
            ));
        };
        let part = part.trim().trim_end_matches('/').to_string();
        if let std::collections::btree_map::Entry::Vacant(slot) = parts.entry(part) {
            let read = read_part(ctx, slot.key(), &known, &mut files)?;
            slot.insert(read);
        }
    }
    // The mapping, in question order, checked against what each part holds.
    let mut mapped = Vec::new();
    for question in &consultation.questions {
        let Some(ColumnRef::Header(part)) = spec.questions.get(&question.id.0) else {
            continue;
        };
        let part_name = part.trim().trim_end_matches('/');
        let data = &parts[part_name];
        let (needed, present) = match question.kind {
            QuestionKind::Open => ("responses.jsonl", data.has_responses),
            QuestionKind::Closed => ("multi_choice.jsonl", data.has_multi_choice),
        };
        if !present {
            return Err(IngestError::file(
                ctx.child_display(&format!("{part_name}/{needed}")),
                format!(
                    "question {} is {} and mapped to {part_name}, which has no {needed}",
                    question.id,
                    if question.kind == QuestionKind::Open {
                        "open"
                    } else {
                        "closed"
                    }
                ),
            ));
        }
        mapped.push((question, part_name, data));
    }
    for key in spec.questions.keys() {
        if consultation.question(&QuestionId(key.clone())).is_none() {
            return Err(IngestError::file(
                &ctx.display,
                format!("the source maps question {key}, which the consultation does not define"),
            ));
        }
    }

    let field = |r: &RespondentLine, c: &Option<ColumnRef>| -> Option<String> {
        let ColumnRef::Header(name) = c.as_ref()? else {
            return None;
        };
        let wanted = name.trim().to_lowercase();
        r.fields
            .iter()
            .find(|(k, _)| k.trim().to_lowercase() == wanted)
            .and_then(|(_, v)| non_empty(v).map(str::to_string))
    };
    for (name, c) in [
        ("responding_as", &spec.responding_as),
        ("organisation_name", &spec.organisation_name),
        ("organisation_type", &spec.organisation_type),
        ("region", &spec.region),
        ("submitted_at", &spec.submitted_at),
        ("id", &spec.id),
    ] {
        if let Some(ColumnRef::Letter { letter }) = c {
            return Err(IngestError::file(
                &respondents_display,
                format!(
                    "{name} is mapped to column {letter}; in a ThemeFinder folder map it to a demographic field's name"
                ),
            ));
        }
    }

    let mut records = Vec::with_capacity(respondents.len());
    for r in &respondents {
        let responding_as = field(r, &spec.responding_as);
        let organisation_name = field(r, &spec.organisation_name);
        let organisation_type = field(r, &spec.organisation_type);
        let region = field(r, &spec.region);
        let submitted_at = match field(r, &spec.submitted_at) {
            None => None,
            Some(raw) => Some(normalise_datetime(&raw).ok_or_else(|| {
                IngestError::at(
                    &respondents_display,
                    r.line,
                    format!("{raw:?} is not a date; expected ISO 8601 such as 2014-04-03T09:15:00"),
                )
                .field("field \"submitted_at\"")
            })?),
        };
        let who = respondent(
            consultation,
            &RawRespondent {
                responding_as: responding_as.as_deref(),
                organisation_name: organisation_name.as_deref(),
                organisation_type: organisation_type.as_deref(),
                region: region.as_deref(),
            },
        );
        let mut answers = Vec::new();
        for (question, part_name, data) in &mapped {
            match question.kind {
                QuestionKind::Open => {
                    if let Some(text) = data.texts.get(&r.id)
                        && let Some(a) = answer(question, text).expect("open answers always parse")
                    {
                        answers.push(a);
                    }
                }
                QuestionKind::Closed => {
                    let Some((options, line)) = data.options.get(&r.id) else {
                        continue;
                    };
                    let file = ctx.child_display(&format!("{part_name}/multi_choice.jsonl"));
                    let chosen: Vec<&String> = options.iter().filter(|o| !o.trim().is_empty()).collect();
                    let option =
                        match chosen.as_slice() {
                            [] => continue,
                            [one] => one.as_str(),
                            many => {
                                return Err(IngestError::at(
                                file,
                                *line,
                                format!(
                                    "{} is a closed question with one answer, but {} options are chosen: {}",
                                    question.id,
                                    many.len(),
                                    many.iter().map(|o| format!("{o:?}")).collect::<Vec<_>>().join(", ")
                                ),
                            )
                            .field("field \"options\""));
                            }
                        };
                    if let Some(a) = answer(question, option)
                        .map_err(|m| IngestError::at(file, *line, m).field("field \"options\""))?
                    {
                        answers.push(a);
                    }
                }
            }
        }
        records.push(ResponseRecord {
            external_id: r.id.clone(),
            source: SourceKind::Export,
            source_file: respondents_display.clone(),
            source_line: Some(r.line),
            respondent: who,
            submitted_at,
            ocr: None,
            answers,
        });
    }
    Ok((files, records))
}

/// Parses one JSONL line as an object, naming the line when it is not one.
fn object(line: &str, display: &str, line_no: u64) -> Result<Map<String, Value>, IngestError> {
    let value: Value =
        serde_json::from_str(line).map_err(|e| IngestError::at(display, line_no, json_message(&e)))?;
    match value {
        Value::Object(m) => Ok(m),
        other => Err(IngestError::at(
            display,
            line_no,
            format!("expected a JSON object, found {}", kind(&other)),
        )),
    }
}

fn kind(v: &Value) -> &'static str {
    match v {
        Value::Null => "null",
        Value::Bool(_) => "a boolean",
        Value::Number(_) => "a number",
        Value::String(_) => "a string",
        Value::Array(_) => "a list",
        Value::Object(_) => "an object",
    }
}

/// The respondent's id: `themefinder_id` (a number or a string).
fn themefinder_id(obj: &Map<String, Value>, display: &str, line_no: u64) -> Result<String, IngestError> {
    let at = |m: String| IngestError::at(display, line_no, m).field("field \"themefinder_id\"");
    match obj.get("themefinder_id") {
        None => Err(at("missing field \"themefinder_id\"".into())),
        Some(v @ (Value::Number(_) | Value::String(_))) => {
            let id = scalar(v).ok().flatten().unwrap_or_default();
            if id.trim().is_empty() {
                Err(at("themefinder_id is empty".into()))
            } else {
                Ok(id.trim().to_string())
            }
        }
        Some(other) => Err(at(format!("expected a number, found {}", kind(other)))),
    }
}

fn read_respondents(text: &str, display: &str) -> Result<Vec<RespondentLine>, IngestError> {
    let mut out: Vec<RespondentLine> = Vec::new();
    let mut seen: HashMap<String, u64> = HashMap::new();
    for (line_no, line) in lines(text) {
        let obj = object(line, display, line_no)?;
        let id = themefinder_id(&obj, display, line_no)?;
        if let Some(first) = seen.insert(id.clone(), line_no) {
            return Err(IngestError::at(
                display,
                line_no,
                format!("themefinder_id {id} is used twice, on lines {first} and {line_no}"),
            )
            .field("field \"themefinder_id\""));
        }
        let mut fields = BTreeMap::new();
        let mut put = |name: &str, v: &Value| {
            let text = match v {
                Value::Array(items) => items
                    .iter()
                    .filter_map(|i| scalar(i).ok().flatten())
                    .collect::<Vec<_>>()
                    .join("; "),
                other => scalar(other).ok().flatten().unwrap_or_default(),
            };
            fields.insert(name.to_string(), text);
        };
        for (k, v) in &obj {
            match (k.as_str(), v) {
                ("themefinder_id", _) => {}
                ("demographic_data", Value::Object(demo)) => {
                    for (name, value) in demo {
                        put(name, value);
                    }
                }
                ("demographic_data", Value::Null) => {}
                ("demographic_data", other) => {
                    return Err(IngestError::at(
                        display,
                        line_no,
                        format!("expected an object of field → values, found {}", kind(other)),
                    )
                    .field("field \"demographic_data\""));
                }
                (name, value) => put(name, value),
            }
        }
        out.push(RespondentLine {
            id,
            line: line_no,
            fields,
        });
    }
    Ok(out)
}

fn read_part(
    ctx: &Ctx,
    part: &str,
    known: &HashMap<&str, u64>,
    files: &mut Vec<FileDigest>,
) -> Result<Part, IngestError> {
    let dir = ctx.path.join(part);
    if !dir.is_dir() {
        return Err(IngestError::file(
            ctx.child_display(part),
            format!("the mapping names question part {part:?}, but there is no such folder"),
        ));
    }
    let mut data = Part::default();

    let q_display = ctx.child_display(&format!("{part}/question.json"));
    let (bytes, digest) = read_bytes(&dir.join("question.json"), &q_display)?;
    files.push(digest);
    let text = decode(&bytes, &q_display)?;
    let question: Value = serde_json::from_str(&text).map_err(|e| IngestError {
        file: q_display.clone().into(),
        line: Some(e.line() as u64),
        field: None,
        message: json_message(&e),
    })?;
    match question.get("question_text") {
        Some(Value::String(_)) => {}
        Some(other) => {
            return Err(
                IngestError::file(&q_display, format!("expected text, found {}", kind(other)))
                    .field("field \"question_text\""),
            );
        }
        None => {
            return Err(IngestError::file(&q_display, "missing field \"question_text\"")
                .field("field \"question_text\""));
        }
    }

    let check_known = |id: &str, display: &str, line_no: u64| -> Result<(), IngestError> {
        if known.contains_key(id) {
            Ok(())
        } else {
            Err(IngestError::at(
                display,
                line_no,
                format!("themefinder_id {id} is not in respondents.jsonl"),
            )
            .field("field \"themefinder_id\""))
        }
    };

    let r_path = dir.join("responses.jsonl");
    if r_path.exists() {
        data.has_responses = true;
        let display = ctx.child_display(&format!("{part}/responses.jsonl"));
        let (bytes, digest) = read_bytes(&r_path, &display)?;
        files.push(digest);
        let text = decode(&bytes, &display)?;
        let mut seen: HashMap<String, u64> = HashMap::new();
        for (line_no, line) in lines(&text) {
            let obj = object(line, &display, line_no)?;
            let id = themefinder_id(&obj, &display, line_no)?;
            check_known(&id, &display, line_no)?;
            let text = match obj.get("text") {
                Some(Value::String(s)) => s.clone(),
                Some(Value::Null) => String::new(),
                Some(other) => {
                    return Err(IngestError::at(
                        &display,
                        line_no,
                        format!("expected text, found {}", kind(other)),
                    )
                    .field("field \"text\""));
                }
                None => {
                    return Err(
                        IngestError::at(&display, line_no, "missing field \"text\"").field("field \"text\"")
                    );
                }
            };
            if let Some(first) = seen.insert(id.clone(), line_no) {
                return Err(IngestError::at(
                    &display,
                    line_no,
                    format!("themefinder_id {id} answers twice, on lines {first} and {line_no}"),
                )
                .field("field \"themefinder_id\""));
            }
            data.texts.insert(id, text);
        }
    }

    let m_path = dir.join("multi_choice.jsonl");
    if m_path.exists() {
        data.has_multi_choice = true;
        let display = ctx.child_display(&format!("{part}/multi_choice.jsonl"));
        let (bytes, digest) = read_bytes(&m_path, &display)?;
        files.push(digest);
        let text = decode(&bytes, &display)?;
        for (line_no, line) in lines(&text) {
            let obj = object(line, &display, line_no)?;
            let id = themefinder_id(&obj, &display, line_no)?;
            check_known(&id, &display, line_no)?;
            let options = match obj.get("options") {
                Some(Value::Array(items)) => items
                    .iter()
                    .map(|i| match i {
                        Value::String(s) => Ok(s.clone()),
                        other => Err(IngestError::at(
                            &display,
                            line_no,
                            format!("expected a list of options (text), found {} in it", kind(other)),
                        )
                        .field("field \"options\"")),
                    })
                    .collect::<Result<Vec<_>, _>>()?,
                Some(Value::String(s)) => vec![s.clone()],
                Some(Value::Null) => Vec::new(),
                Some(other) => {
                    return Err(IngestError::at(
                        &display,
                        line_no,
                        format!("expected a list of options, found {}", kind(other)),
                    )
                    .field("field \"options\""));
                }
                None => {
                    return Err(IngestError::at(&display, line_no, "missing field \"options\"")
                        .field("field \"options\""));
                }
            };
            if let Some((_, first)) = data.options.insert(id.clone(), (options, line_no)) {
                return Err(IngestError::at(
                    &display,
                    line_no,
                    format!("themefinder_id {id} answers twice, on lines {first} and {line_no}"),
                )
                .field("field \"themefinder_id\""));
            }
        }
    }
    if !data.has_responses && !data.has_multi_choice {
        return Err(IngestError::file(
            ctx.child_display(part),
            "the folder has neither responses.jsonl nor multi_choice.jsonl",
        ));
    }
    Ok(data)
}
