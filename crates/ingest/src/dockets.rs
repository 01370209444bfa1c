//! Public-comment dockets, read by preset: each needs only a path in consultation.toml.
//!
//! - `regulations-gov`: a US federal docket. Either the bulk CSV that regulations.gov offers
//!   for download (`Document ID`, `Received Date`, `Organization Name`, `Category`, `Comment`,
//!   `Attachment Files`), or a folder of the v4 API's JSON files, one comment each
//!   (`data.id`, `data.attributes.comment`, `organization`, `category`, `receiveDate`, and
//!   `data.relationships.attachments.data`). Commenters' names and addresses are not read.
//! - `have-your-say`: the European Commission's feedback export (`id`, `language`,
//!   `user_type`, `organization`, `feedback`, `date_feedback`). Names (`first_name`,
//!   `surname`, `full_name`) are not read.
//!
//! Each comment answers the source's one open question. Comment text is HTML on both sites;
//! it becomes plain text. Where the source names an `attachments` folder, every readable file
//! there that the source's `index` (a CSV with `file` and `response_id` columns) assigns to a
//! comment, or whose name starts with a comment's id (then anything but a digit), is read as
//! part of that comment (scans by OCR): one respondent, one response, its paper appended to its words. A comment that
//! is only a pointer ("See attached") keeps its words, which the analysis never reads as an
//! argument (`barometer_domain::is_attachment_pointer`).
//!
//! Who responded: an individual where the site's category says so (`Individual`,
//! `eu_citizen`, `non_eu_citizen`) or where no organisation is named (a category alone, such
//! as "Health Care Professional - Physician", is then the commenter's occupation); otherwise
//! an organisation, whose type is the category mapped through the consultation's
//! `[respondents.organisation_types]`, or failing that by [`preset_type`].

use crate::letters::{READABLE, document, extension};
use crate::record::{RawRespondent, answer, non_empty, respondent_as};
use crate::table::{Table, Width, parse_csv};
use crate::text::{cannot_read, decode, normalise_datetime, read_bytes};
use crate::{Ctx, FileDigest, IngestError};
use barometer_domain::{
    Consultation, Question, QuestionId, QuestionKind, RespondentType, ResponseRecord, SourceFormat,
    SourceKind, SourceSpec,
};
use std::collections::{BTreeMap, HashMap};

/// One comment as a site exports it, before mapping.
struct Comment {
    id: String,
    file: String,
    line: Option<u64>,
    text: Option<String>,
    organisation: Option<String>,
    category: Option<String>,
    received: Option<(String, String)>,
}

/// Reads a `regulations-gov` source: a bulk CSV file, or a folder of API JSON files.
pub(crate) fn read_regulations_gov(
    consultation: &Consultation,
    ctx: &Ctx,
    spec: &SourceSpec,
) -> Result<(Vec<FileDigest>, Vec<ResponseRecord>), IngestError> {
    let (mut files, comments) = if ctx.path.is_dir() {
        api_folder(ctx)?
    } else {
        let (bytes, digest) = read_bytes(&ctx.path, &ctx.display)?;
        let table = parse_csv(&decode(&bytes, &ctx.display)?, &ctx.display, 1, Width::AtMost)?;
        let comments = csv_comments(
            &table,
            &Columns {
                id: "Document ID",
                text: "Comment",
                organisation: "Organization Name",
                category: "Category",
                received: "Received Date",
            },
        )?;
        (vec![digest], comments)
    };
    finish(consultation, ctx, spec, comments, &mut files)
}

/// Reads a `have-your-say` source: the feedback CSV.
pub(crate) fn read_have_your_say(
    consultation: &Consultation,
    ctx: &Ctx,
    spec: &SourceSpec,
) -> Result<(Vec<FileDigest>, Vec<ResponseRecord>), IngestError> {
    let (bytes, digest) = read_bytes(&ctx.path, &ctx.display)?;
    let table = parse_csv(&decode(&bytes, &ctx.display)?, &ctx.display, 1, Width::AtMost)?;
    let comments = csv_comments(
        &table,
        &Columns {
            id: "id",
            text: "feedback",
            organisation: "organization",
            category: "user_type",
            received: "date_feedback",
        },
    )?;
    finish(consultation, ctx, spec, comments, &mut vec![digest])
}

/// The columns a preset reads from a CSV, by header name (compared ignoring case).
struct Columns {
    id: &'static str,
    text: &'static str,
    organisation: &'static str,
    category: &'static str,
    received: &'static str,
}

fn csv_comments(table: &Table, cols: &Columns) -> Result<Vec<Comment>, IngestError> {
    let find = |name: &str| {
        table
            .header
            .iter()
            .position(|h| h.trim().trim_start_matches('\u{feff}').eq_ignore_ascii_case(name))
    };
    let required = |name: &str| {
        find(name).ok_or_else(|| {
            IngestError::at(
                &table.display,
                table.header_line,
                format!(
                    "the header has no {name:?} column; found: {}",
                    table.header.join(", ")
                ),
            )
        })
    };
    let id = required(cols.id)?;
    let text = required(cols.text)?;
    let (organisation, category, received) =
        (find(cols.organisation), find(cols.category), find(cols.received));
    let mut out = Vec::with_capacity(table.rows.len());
    for row in &table.rows {
        let cell = |c: Option<usize>| {
            c.and_then(|c| row.cells.get(c))
                .and_then(|s| non_empty(s))
                .map(str::to_string)
        };
        let Some(comment_id) = cell(Some(id)) else {
            return Err(IngestError::at(&table.display, row.line, "the comment id is empty").field(cols.id));
        };
        out.push(Comment {
            id: comment_id,
            file: table.display.clone(),
            line: Some(row.line),
            text: cell(Some(text)),
            organisation: cell(organisation),
            category: cell(category),
            received: cell(received).map(|r| (cols.received.to_string(), r)),
        });
    }
    Ok(out)
}

/// The API's JSON files in a folder, in file-name order.
fn api_folder(ctx: &Ctx) -> Result<(Vec<FileDigest>, Vec<Comment>), IngestError> {
    let mut names = Vec::new();
    let entries =
        std::fs::read_dir(&ctx.path).map_err(|e| IngestError::file(&ctx.display, cannot_read(&e)))?;
    for entry in entries {
        let entry = entry.map_err(|e| IngestError::file(&ctx.display, cannot_read(&e)))?;
        let name = entry.file_name().to_string_lossy().into_owned();
        if extension(&name) == "json" && !name.starts_with('.') {
            names.push(name);
        }
    }
    names.sort();
    if names.is_empty() {
        return Err(IngestError::file(
            &ctx.display,
            "the folder has no .json files; a regulations-gov folder holds the API's comment files",
        ));
    }
    let mut files = Vec::with_capacity(names.len());
    let mut comments = Vec::with_capacity(names.len());
    for name in &names {
        let display = ctx.child_display(name);
        let (bytes, digest) = read_bytes(&ctx.path.join(name), &display)?;
        files.push(digest);
        let json: serde_json::Value = serde_json::from_slice(&bytes)
            .map_err(|e| IngestError::file(&display, format!("not valid JSON: {e}")))?;
        let data = &json["data"];
        let attributes = &data["attributes"];
        let field = |key: &str| attributes[key].as_str().and_then(non_empty).map(str::to_string);
        let id = data["id"]
            .as_str()
            .and_then(non_empty)
            .ok_or_else(|| IngestError::file(&display, "no comment id").field("data.id"))?;
        comments.push(Comment {
            id: id.to_string(),
            file: display.clone(),
            line: None,
            text: field("comment"),
            organisation: field("organization"),
            category: field("category"),
            received: field("receiveDate").map(|r| ("data.attributes.receiveDate".to_string(), r)),
        });
    }
    Ok((files, comments))
}

/// Maps comments to records: the question, respondents, dates and attachments.
fn finish(
    consultation: &Consultation,
    ctx: &Ctx,
    spec: &SourceSpec,
    comments: Vec<Comment>,
    files: &mut Vec<FileDigest>,
) -> Result<(Vec<FileDigest>, Vec<ResponseRecord>), IngestError> {
    let question = the_question(consultation, ctx, spec)?;
    let papers = match &spec.attachments {
        Some(folder) => attachments(ctx, folder, spec.index.as_deref(), &comments, files)?,
        None => HashMap::new(),
    };
    let mut seen: HashMap<&str, (String, Option<u64>)> = HashMap::new();
    let mut records = Vec::with_capacity(comments.len());
    for c in &comments {
        let at = |message: String| match c.line {
            Some(line) => IngestError::at(&c.file, line, message),
            None => IngestError::file(&c.file, message),
        };
        if let Some((file, line)) = seen.insert(&c.id, (c.file.clone(), c.line)) {
            let first = line.map_or(file, |l| format!("line {l}"));
            return Err(at(format!(
                "comment id {:?} is used twice (first at {first}); ids must be unique",
                c.id
            )));
        }
        let submitted_at = match &c.received {
            Some((field, raw)) => Some(normalise_datetime(raw).ok_or_else(|| {
                at(format!(
                    "{raw:?} is not a date; expected ISO 8601 such as 2022-10-07T04:00Z"
                ))
                .field(field.clone())
            })?),
            None => None,
        };
        let mut text = c.text.clone().unwrap_or_default();
        let mut ocr: Option<barometer_domain::Ocr> = None;
        for paper in papers.get(c.id.as_str()).into_iter().flatten() {
            if !text.is_empty() {
                text.push_str("\n\n");
            }
            text.push_str(&format!("[Attachment {}]\n{}", paper.name, paper.text));
            // A response is as uncertain as its least certain scan.
            if let Some(read) = paper.ocr {
                ocr = Some(ocr.map_or(read, |o| barometer_domain::Ocr {
                    confidence: o.confidence.min(read.confidence),
                }));
            }
        }
        let answers = answer(question, &text).map_err(at)?.into_iter().collect();
        records.push(ResponseRecord {
            external_id: c.id.clone(),
            source: SourceKind::Export,
            source_file: c.file.clone(),
            source_line: c.line,
            respondent: who(consultation, spec.format, c),
            submitted_at,
            ocr,
            answers,
        });
    }
    Ok((std::mem::take(files), records))
}

fn the_question<'a>(
    consultation: &'a Consultation,
    ctx: &Ctx,
    spec: &SourceSpec,
) -> Result<&'a Question, IngestError> {
    // The definition's check has filled in the question where the consultation has one.
    let id = spec.question.as_deref().ok_or_else(|| {
        IngestError::file(
            &ctx.display,
            format!(
                "a {} source must name the open question its comments answer (question = \"…\")",
                spec.format.as_str()
            ),
        )
    })?;
    let question = consultation
        .question(&QuestionId(id.to_string()))
        .ok_or_else(|| {
            IngestError::file(
                &ctx.display,
                format!("the source names question {id}, which the consultation does not define"),
            )
        })?;
    if question.kind != QuestionKind::Open {
        return Err(IngestError::file(
            &ctx.display,
            format!("comments answer question {id}, which is closed; name an open question"),
        ));
    }
    Ok(question)
}

/// Every readable file in `folder`, read, by the comment it belongs to: the one `index` (a CSV
/// with `file` and `response_id` columns) names for it, or else the one whose id its name
/// starts with. Files no comment claims are an error: a paper must not be dropped unseen.
fn attachments(
    ctx: &Ctx,
    folder: &str,
    index: Option<&str>,
    comments: &[Comment],
    files: &mut Vec<FileDigest>,
) -> Result<HashMap<String, Vec<Paper>>, IngestError> {
    let indexed = match index {
        Some(index) => attachment_index(ctx, index, comments, files)?,
        None => HashMap::new(),
    };
    let display = crate::display_path(folder);
    let path = ctx.base_dir.join(folder);
    let entries = std::fs::read_dir(&path).map_err(|e| IngestError::file(&display, cannot_read(&e)))?;
    let mut names = Vec::new();
    for entry in entries {
        let entry = entry.map_err(|e| IngestError::file(&display, cannot_read(&e)))?;
        let name = entry.file_name().to_string_lossy().into_owned();
        if name.starts_with('.') || entry.path().is_dir() || name.to_ascii_lowercase().starts_with("readme") {
            continue;
        }
        names.push(name);
    }
    names.sort();
    // Longest ids first, so that "2001" never claims "20011.pdf".
    let mut ids: Vec<&str> = comments.iter().map(|c| c.id.as_str()).collect();
    ids.sort_by_key(|id| std::cmp::Reverse(id.len()));
    let mut out: HashMap<String, Vec<Paper>> = HashMap::new();
    for name in names {
        let file_display = format!("{}/{name}", display.trim_end_matches('/'));
        if index.is_some_and(|i| ctx.base_dir.join(i) == path.join(&name)) {
            continue;
        }
        let owner = indexed.get(&name).map(String::as_str).or_else(|| {
            ids.iter().copied().find(|id| {
                name.strip_prefix(*id)
                    .is_some_and(|rest| !rest.starts_with(|c: char| c.is_ascii_digit()))
            })
        });
        let Some(owner) = owner else {
            return Err(IngestError::file(
                &file_display,
                "no comment has an id this file's name starts with, and no index names it; name \
                 attachments by the comment id they belong to (2001004.pdf, 2001004_paper.pdf), \
                 or list them in the source's index (file,response_id)",
            ));
        };
        if !READABLE.contains(&extension(&name).as_str()) {
            return Err(IngestError::file(
                &file_display,
                "Barometer reads attachments as .pdf, .docx, .txt or .eml: convert this one",
            ));
        }
        let (bytes, digest) = read_bytes(&path.join(&name), &file_display)?;
        files.push(digest);
        let paper = document(&bytes, &name, &file_display)?;
        out.entry(owner.to_string()).or_default().push(Paper {
            name,
            text: paper.text,
            ocr: paper.ocr,
        });
    }
    if let Some(index) = index
        && let Some(missing) = indexed.keys().find(|n| !path.join(n).is_file())
    {
        return Err(IngestError::file(
            crate::display_path(index),
            format!("the index lists {missing:?}, which is not in {display}"),
        ));
    }
    Ok(out)
}

/// An attachment read as part of its comment.
struct Paper {
    name: String,
    text: String,
    ocr: Option<barometer_domain::Ocr>,
}

/// The attachments index: file name (inside the attachments folder) → comment id.
fn attachment_index(
    ctx: &Ctx,
    index: &str,
    comments: &[Comment],
    files: &mut Vec<FileDigest>,
) -> Result<HashMap<String, String>, IngestError> {
    let display = crate::display_path(index);
    let (bytes, digest) = read_bytes(&ctx.base_dir.join(index), &display)?;
    files.push(digest);
    let table = parse_csv(&decode(&bytes, &display)?, &display, 1, Width::AtMost)?;
    let column = |name: &str| {
        table
            .header
            .iter()
            .position(|h| h.trim().eq_ignore_ascii_case(name))
            .ok_or_else(|| {
                IngestError::at(
                    &display,
                    table.header_line,
                    format!(
                        "the index needs a {name:?} column; found: {}",
                        table.header.join(", ")
                    ),
                )
            })
    };
    let (file, id) = (column("file")?, column("response_id")?);
    let known: std::collections::HashSet<&str> = comments.iter().map(|c| c.id.as_str()).collect();
    let mut out = HashMap::new();
    for row in &table.rows {
        let name = row.cells[file].trim();
        let owner = row.cells[id].trim();
        if !known.contains(owner) {
            return Err(
                IngestError::at(&display, row.line, format!("no comment has id {owner:?}"))
                    .field("response_id"),
            );
        }
        let name = name.rsplit('/').next().unwrap_or(name);
        if out.insert(name.to_string(), owner.to_string()).is_some() {
            return Err(
                IngestError::at(&display, row.line, format!("{name:?} is listed twice")).field("file"),
            );
        }
    }
    Ok(out)
}

/// Who sent a comment.
fn who(consultation: &Consultation, format: SourceFormat, c: &Comment) -> barometer_domain::Respondent {
    let category = c.category.as_deref();
    // A category without an organisation is the commenter's own occupation ("Physician").
    let says_individual = category.is_some_and(|k| {
        let k = k.trim().to_ascii_lowercase();
        k.starts_with("individual") || k.ends_with("citizen") || consultation.is_individual(&k)
    });
    let individual = c.organisation.is_none() || says_individual;
    let mut r = respondent_as(
        consultation,
        individual,
        &RawRespondent {
            responding_as: None,
            organisation_name: if individual {
                None
            } else {
                c.organisation.as_deref()
            },
            organisation_type: category,
            region: None,
        },
    );
    let mapped = category.is_some_and(|k| {
        consultation
            .respondents
            .organisation_types
            .keys()
            .any(|t| t.trim().eq_ignore_ascii_case(k.trim()))
    });
    if !individual && !mapped {
        r.respondent_type = preset_type(format, category.unwrap_or(""));
        // The Commission's "public authority" is national, regional or local: a council or
        // a municipality by its name is a local authority.
        let local = names_local_government(c.organisation.as_deref().unwrap_or(""));
        if r.respondent_type == RespondentType::PublicBody && local {
            r.respondent_type = RespondentType::LocalAuthority;
        }
    }
    // A category the site recorded declares the type; a comment without one only falls back.
    r.type_declared = match category.map(str::trim).filter(|k| !k.is_empty()) {
        None => false,
        Some(_) if individual => says_individual,
        Some(_) => mapped || r.respondent_type != RespondentType::OtherOrganisation,
    };
    r
}

/// Whether an authority's name says it is local government (a city, a council, a
/// municipality, in the languages of the Commission's feedback).
fn names_local_government(name: &str) -> bool {
    let name = name.to_lowercase();
    [
        "council",
        "municipal",
        "city of",
        "town of",
        "county",
        "borough",
        "commune",
        "gemeinde",
        "stadt ",
        "kommune",
        "ayuntamiento",
        "comune",
        "gmina",
        "municipio",
        "ville de",
        "landkreis",
        "gemeente",
    ]
    .iter()
    .any(|w| name.contains(w))
}

/// A site's own respondent category as a Barometer type, where the consultation's table does
/// not map it: by the words the sites use (regulations.gov agencies' categories, and the
/// Commission's `user_type` values).
pub(crate) fn preset_type(format: SourceFormat, category: &str) -> RespondentType {
    let k = category.to_ascii_lowercase();
    let has = |words: &[&str]| words.iter().any(|w| k.contains(w));
    let by_name: BTreeMap<&str, RespondentType> = match format {
        SourceFormat::HaveYourSay => BTreeMap::from([
            ("ngo", RespondentType::VoluntaryCharity),
            ("consumer_organisation", RespondentType::VoluntaryCharity),
            ("environmental_organisation", RespondentType::VoluntaryCharity),
            ("business_association", RespondentType::ProfessionalBody),
            ("trade_union", RespondentType::ProfessionalBody),
            ("company", RespondentType::PrivateProvider),
            ("academic_research_institution", RespondentType::Academic),
            ("public_authority", RespondentType::PublicBody),
        ]),
        _ => BTreeMap::new(),
    };
    if let Some(t) = by_name.get(k.trim()) {
        return *t;
    }
    if has(&["academic", "university", "research"]) {
        RespondentType::Academic
    } else if has(&["local", "county", "city", "municipal"]) {
        RespondentType::LocalAuthority
    } else if has(&[
        "government",
        "federal",
        "congress",
        "agency",
        "regulator",
        "parliament",
    ]) {
        RespondentType::PublicBody
    } else if has(&[
        "consumer",
        "advocacy",
        "nonprofit",
        "non-profit",
        "charity",
        "ngo",
        "patient",
    ]) {
        RespondentType::VoluntaryCharity
    } else if has(&["association", "professional", "union", "society", "college"]) {
        RespondentType::ProfessionalBody
    } else if has(&[
        "industry",
        "company",
        "business",
        "provider",
        "hospital",
        "plan",
        "clinic",
        "laboratory",
    ]) {
        RespondentType::PrivateProvider
    } else {
        RespondentType::OtherOrganisation
    }
}
