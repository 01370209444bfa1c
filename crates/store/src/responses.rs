//! Responses and their answers: all-or-nothing import, and reading them back.

use crate::{Result, Store, StoreError, on_pool, stable_id};
use barometer_domain::{
    Answer, QuestionId, Respondent, RespondentType, RespondingAs, ResponseRecord, SourceKind,
};
use sha2::{Digest, Sha256};
use sqlx::Row;
use std::collections::HashMap;

/// What one import did.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct ImportOutcome {
    /// Records in the batch.
    pub records: usize,
    /// Records newly stored.
    pub inserted: usize,
    /// Records already stored with the same content, left as they were.
    pub unchanged: usize,
    /// Records stored before with different content, replaced by a new revision (only with
    /// `revise`; the earlier version is kept in `response_revisions`).
    pub revised: usize,
}

/// Writes one response row and its answers inside the transaction `$tx`, for an import
/// (`$import_id` names it) or the web form (`None`). A macro, like `on_pool!`, because each
/// backend's transaction is a type of its own.
macro_rules! insert_response {
    ($tx:ident, $id:expr, $consultation_id:expr, $record:expr, $hash:expr, $import_id:expr) => {{
        let r: &barometer_domain::ResponseRecord = $record;
        let query = sqlx::query(
            "INSERT INTO responses (id, consultation_id, source, external_id, source_file, source_line,
                responding_as, organisation_name, organisation_type_raw, respondent_type, region,
                submitted_at, content_hash, import_id, ocr_confidence, type_declared, sender_domain)
             VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, $12, $13, $14, $15, $16, $17)",
        )
        .bind($id)
        .bind($consultation_id)
        .bind(r.source.as_str())
        .bind(&r.external_id);
        $crate::responses::bind_content!(query, r, $hash, $import_id)
            .execute(&mut *$tx)
            .await?;
        $crate::responses::insert_answers!($tx, $id, r);
    }};
}
pub(crate) use insert_response;

/// Binds a record's stored content, in the order both the insert and the revision of a
/// response list it: source file and line, respondent, date, content hash, import, OCR.
macro_rules! bind_content {
    ($query:expr, $record:expr, $hash:expr, $import_id:expr) => {{
        let r: &barometer_domain::ResponseRecord = $record;
        let respondent = &r.respondent;
        $query
            .bind(&r.source_file)
            .bind(r.source_line.map(|l| l as i64))
            .bind($crate::responses::responding_as_str(respondent.responding_as))
            .bind(respondent.organisation_name.as_deref())
            .bind(respondent.organisation_type_raw.as_deref())
            .bind(respondent.respondent_type.as_str())
            .bind(respondent.region.as_deref())
            .bind(r.submitted_at.as_deref())
            .bind($hash)
            .bind($import_id)
            .bind(r.ocr.map(|o| f64::from(o.confidence)))
            .bind(i64::from(respondent.type_declared))
            .bind(respondent.sender_domain.as_deref())
    }};
}
pub(crate) use bind_content;

/// Writes a response's answers inside the transaction `$tx`.
macro_rules! insert_answers {
    ($tx:ident, $id:expr, $record:expr) => {{
        let r: &barometer_domain::ResponseRecord = $record;
        for (position, a) in r.answers.iter().enumerate() {
            sqlx::query(
                "INSERT INTO answers (response_id, question_id, position, option, text) VALUES ($1, $2, $3, $4, $5)",
            )
            .bind($id)
            .bind(&a.question.0)
            .bind(position as i64)
            .bind(a.option.as_deref())
            .bind(a.text.as_deref())
            .execute(&mut *$tx)
            .await?;
        }
        }};
}
pub(crate) use insert_answers;

/// Replaces a stored response by a corrected version inside the transaction `$tx`: the
/// version stored until now is kept in `response_revisions` (as JSON of its respondent,
/// date and answers), the row and its answers take the new content, analysts' labels on it
/// are flagged for another look, and the change is written to the audit log.
macro_rules! revise_response {
    ($tx:ident, $consultation_id:expr, $id:expr, $old_hash:expr, $hash:expr, $record:expr, $import_id:expr, $now:expr) => {{
        let id: &str = $id;
        let r: &barometer_domain::ResponseRecord = $record;
        let old = sqlx::query(
            "SELECT source_file, source_line, responding_as, organisation_name, organisation_type_raw,
                    respondent_type, region, submitted_at FROM responses WHERE id = $1",
        )
        .bind(id)
        .fetch_one(&mut *$tx)
        .await?;
        let answers = sqlx::query("SELECT question_id, option, text FROM answers WHERE response_id = $1 ORDER BY position")
            .bind(id)
            .fetch_all(&mut *$tx)
            .await?;
        let mut old_answers = Vec::with_capacity(answers.len());
        for a in &answers {
            old_answers.push(serde_json::json!({
                "question": a.try_get::<String, _>("question_id")?,
                "option": a.try_get::<Option<String>, _>("option")?,
                "text": a.try_get::<Option<String>, _>("text")?,
            }));
        }
        let old_record = serde_json::json!({
            "responding_as": old.try_get::<String, _>("responding_as")?,
            "organisation_name": old.try_get::<Option<String>, _>("organisation_name")?,
            "organisation_type_raw": old.try_get::<Option<String>, _>("organisation_type_raw")?,
            "respondent_type": old.try_get::<String, _>("respondent_type")?,
            "region": old.try_get::<Option<String>, _>("region")?,
            "submitted_at": old.try_get::<Option<String>, _>("submitted_at")?,
            "answers": old_answers,
        });
        let revision: i64 = sqlx::query("SELECT COUNT(*) AS n FROM response_revisions WHERE response_id = $1")
            .bind(id)
            .fetch_one(&mut *$tx)
            .await?
            .try_get::<i64, _>("n")?
            + 1;
        sqlx::query(
            "INSERT INTO response_revisions (response_id, revision, content_hash, source_file, source_line, record, replaced_at)
             VALUES ($1, $2, $3, $4, $5, $6, $7)",
        )
        .bind(id)
        .bind(revision)
        .bind($old_hash)
        .bind(old.try_get::<String, _>("source_file")?)
        .bind(old.try_get::<Option<i64>, _>("source_line")?)
        .bind(old_record.to_string())
        .bind($now)
        .execute(&mut *$tx)
        .await?;
        let query = sqlx::query(
            "UPDATE responses SET source_file = $2, source_line = $3, responding_as = $4, organisation_name = $5,
                organisation_type_raw = $6, respondent_type = $7, region = $8, submitted_at = $9,
                content_hash = $10, import_id = $11, ocr_confidence = $12, type_declared = $13,
                sender_domain = $14
             WHERE id = $1",
        )
        .bind(id);
        $crate::responses::bind_content!(query, r, $hash, $import_id)
            .execute(&mut *$tx)
            .await?;
        sqlx::query("DELETE FROM answers WHERE response_id = $1")
            .bind(id)
            .execute(&mut *$tx)
            .await?;
        $crate::responses::insert_answers!($tx, id, r);
        sqlx::query("UPDATE stance_labels SET recheck = 1 WHERE response_id = $1")
            .bind(id)
            .execute(&mut *$tx)
            .await?;
        sqlx::query(
            "INSERT INTO audit_log (consultation_id, actor, action, target, before, after, at)
             VALUES ($1, 'import', 'response_revised', $2, $3, $4, $5)",
        )
        .bind($consultation_id)
        .bind(id)
        .bind(format!("revision {revision}, content {}", $old_hash))
        .bind(format!("content {}, from {}", $hash, r.source_file))
        .bind($now)
        .execute(&mut *$tx)
        .await?;
    }};
}
pub(crate) use revise_response;

/// A response read back from the store, with its store id.
#[derive(Debug, Clone, PartialEq)]
pub struct StoredResponse {
    /// The store's id: stable across re-imports and backends.
    pub id: String,
    /// The response as imported.
    pub record: ResponseRecord,
}

/// An earlier version of a response, replaced by a corrected re-export.
#[derive(Debug, Clone, PartialEq)]
pub struct Revision {
    /// 1 for the first version replaced, then 2, …
    pub revision: i64,
    /// Its content hash.
    pub content_hash: String,
    /// The file it had been read from.
    pub source_file: String,
    /// Its line there.
    pub source_line: Option<u64>,
    /// What it said: `responding_as`, `organisation_name`, `organisation_type_raw`,
    /// `respondent_type`, `region`, `submitted_at` and `answers` (`question`, `option`, `text`).
    pub record: serde_json::Value,
    /// When the next version replaced it (RFC 3339, UTC).
    pub replaced_at: String,
}

/// The id a response gets in the store.
pub fn response_id(consultation_id: &str, source: SourceKind, external_id: &str) -> String {
    stable_id(&[consultation_id, source.as_str(), external_id])
}

/// What makes two imports of a response "the same": everything the respondent said and who
/// they are, but not which file or line it was read from.
pub(crate) fn content_hash(r: &ResponseRecord) -> String {
    let mut h = Sha256::new();
    let respondent = serde_json::to_string(&r.respondent).expect("serialisable");
    let answers = serde_json::to_string(&r.answers).expect("serialisable");
    for part in [
        respondent.as_str(),
        answers.as_str(),
        r.submitted_at.as_deref().unwrap_or(""),
    ] {
        h.update(part.as_bytes());
        h.update([0u8]);
    }
    hex::encode(h.finalize())
}

pub(crate) fn responding_as_str(r: RespondingAs) -> &'static str {
    match r {
        RespondingAs::Individual => "individual",
        RespondingAs::Organisation => "organisation",
    }
}

/// One source's records, to store with [`Store::import_sources`].
#[derive(Debug, Clone, Copy)]
pub struct SourceBatch<'a> {
    /// The source's format (`csv`, `regulations-gov`, …).
    pub format: &'a str,
    /// Every file read, as (path, sha256).
    pub files: &'a [(String, String)],
    /// The records.
    pub records: &'a [ResponseRecord],
}

/// Stores one batch inside the transaction `$tx`, evaluating to its [`ImportOutcome`]; a
/// changed response under an old id is an error (`?` leaves the transaction uncommitted).
/// A macro, like `on_pool!`, because each backend's transaction is a type of its own.
macro_rules! import_into {
    ($tx:ident, $consultation_id:expr, $batch:expr, $revise:expr, $now:expr) => {{
        let consultation_id: &str = $consultation_id;
        let batch: &$crate::responses::SourceBatch<'_> = $batch;
        let file_list = serde_json::to_string(batch.files).expect("serialisable");
        let import_id = stable_id(&[consultation_id, batch.format, &file_list]);
        let mut outcome = ImportOutcome {
            records: batch.records.len(),
            inserted: 0,
            unchanged: 0,
            revised: 0,
        };
        let mut stored: HashMap<String, (String, String)> = HashMap::new();
        let rows =
            sqlx::query("SELECT id, content_hash, source_file FROM responses WHERE consultation_id = $1")
                .bind(consultation_id)
                .fetch_all(&mut *$tx)
                .await?;
        for row in rows {
            stored.insert(
                row.try_get("id")?,
                (row.try_get("content_hash")?, row.try_get("source_file")?),
            );
        }
        let mut new_records = Vec::new();
        let mut revised = Vec::new();
        for r in batch.records {
            let id = response_id(consultation_id, r.source, &r.external_id);
            let hash = content_hash(r);
            match stored.get(&id) {
                Some((existing, _)) if *existing == hash => outcome.unchanged += 1,
                Some((_, existing_file)) if !$revise => {
                    Err(StoreError::ConflictingResponse {
                        file: r.source_file.clone(),
                        line: r.source_line.map(|l| l.to_string()).unwrap_or_else(|| "?".into()),
                        external_id: r.external_id.clone(),
                        existing_file: existing_file.clone(),
                    })?;
                }
                Some((old_hash, _)) => {
                    revised.push((id.clone(), old_hash.clone(), hash.clone(), r));
                    stored.insert(id, (hash, r.source_file.clone()));
                }
                None => {
                    stored.insert(id.clone(), (hash.clone(), r.source_file.clone()));
                    new_records.push((id, hash, r));
                }
            }
        }
        // Nothing new: no import is logged.
        if !new_records.is_empty() || !revised.is_empty() {
            sqlx::query(
                "INSERT INTO imports (id, consultation_id, format, files, records, inserted, imported_at)
                 VALUES ($1, $2, $3, $4, $5, $6, $7)
                 ON CONFLICT (id) DO UPDATE SET inserted = imports.inserted + excluded.inserted",
            )
            .bind(&import_id)
            .bind(consultation_id)
            .bind(batch.format)
            .bind(&file_list)
            .bind(batch.records.len() as i64)
            .bind(new_records.len() as i64)
            .bind($now)
            .execute(&mut *$tx)
            .await?;
            for (id, hash, r) in &new_records {
                insert_response!($tx, id, consultation_id, r, hash, Some(import_id.as_str()));
                outcome.inserted += 1;
            }
            for (id, old_hash, hash, r) in &revised {
                $crate::responses::revise_response!(
                    $tx,
                    consultation_id,
                    id,
                    old_hash,
                    hash,
                    r,
                    &import_id,
                    $now
                );
                outcome.revised += 1;
            }
        }
        outcome
    }};
}

impl Store {
    /// Stores one batch of records from `files` in a single transaction.
    ///
    /// Either every record is stored (or found already stored, unchanged) or nothing is.
    pub async fn import_batch(
        &self,
        consultation_id: &str,
        format: &str,
        files: &[(String, String)],
        records: &[ResponseRecord],
    ) -> Result<ImportOutcome> {
        let now = chrono::Utc::now().to_rfc3339();
        let batch = SourceBatch {
            format,
            files,
            records,
        };
        on_pool!(self, |p| {
            let mut tx = p.begin().await?;
            let outcome = import_into!(tx, consultation_id, &batch, false, &now);
            tx.commit().await?;
            Ok(outcome)
        })
    }

    /// Records a consultation's definition and stores every one of its sources, all in one
    /// transaction: either the definition and every record are stored (or found already
    /// stored, unchanged), or the store is left exactly as it was, `consultations` included.
    ///
    /// A record whose id was stored before with different content is refused, unless
    /// `revise`: then it replaces the stored version as a new revision (a hub's corrected
    /// re-export), the earlier one is kept, analysts' labels on it are flagged for another
    /// look, and the audit log records it.
    pub async fn import_sources(
        &self,
        consultation_id: &str,
        consultation: &barometer_domain::Consultation,
        batches: &[SourceBatch<'_>],
        revise: bool,
    ) -> Result<Vec<ImportOutcome>> {
        let now = chrono::Utc::now().to_rfc3339();
        let definition = serde_json::to_string(consultation).expect("a consultation always serialises");
        on_pool!(self, |p| {
            let mut tx = p.begin().await?;
            crate::write_consultation!(tx, consultation_id, consultation, &definition, &now);
            let mut outcomes = Vec::with_capacity(batches.len());
            for batch in batches {
                outcomes.push(import_into!(tx, consultation_id, batch, revise, &now));
            }
            tx.commit().await?;
            Ok(outcomes)
        })
    }

    /// The earlier versions of a response that corrected re-exports replaced, oldest first.
    pub async fn response_revisions(&self, response_id: &str) -> Result<Vec<Revision>> {
        on_pool!(self, |p| {
            let rows = sqlx::query(
                "SELECT revision, content_hash, source_file, source_line, record, replaced_at
                 FROM response_revisions WHERE response_id = $1 ORDER BY revision",
            )
            .bind(response_id)
            .fetch_all(p)
            .await?;
            rows.iter()
                .map(|r| {
                    let record: String = r.try_get("record")?;
                    Ok(Revision {
                        revision: r.try_get("revision")?,
                        content_hash: r.try_get("content_hash")?,
                        source_file: r.try_get("source_file")?,
                        source_line: r.try_get::<Option<i64>, _>("source_line")?.map(|l| l as u64),
                        record: serde_json::from_str(&record).map_err(|e| StoreError::Corrupt {
                            table: "response_revisions",
                            message: e.to_string(),
                        })?,
                        replaced_at: r.try_get("replaced_at")?,
                    })
                })
                .collect()
        })
    }

    /// How many responses a consultation has.
    pub async fn count_responses(&self, consultation_id: &str) -> Result<i64> {
        on_pool!(self, |p| {
            let row = sqlx::query("SELECT COUNT(*) AS n FROM responses WHERE consultation_id = $1")
                .bind(consultation_id)
                .fetch_one(p)
                .await?;
            Ok(row.try_get::<i64, _>("n")?)
        })
    }

    /// How many imports are logged for a consultation.
    pub async fn count_imports(&self, consultation_id: &str) -> Result<i64> {
        on_pool!(self, |p| {
            let row = sqlx::query("SELECT COUNT(*) AS n FROM imports WHERE consultation_id = $1")
                .bind(consultation_id)
                .fetch_one(p)
                .await?;
            Ok(row.try_get::<i64, _>("n")?)
        })
    }

    /// Every response of a consultation with its answers, ordered by source then external id.
    pub async fn load_responses(&self, consultation_id: &str) -> Result<Vec<StoredResponse>> {
        on_pool!(self, |p| {
            let mut answers: HashMap<String, Vec<Answer>> = HashMap::new();
            let rows = sqlx::query(
                "SELECT a.response_id, a.question_id, a.option, a.text FROM answers a
                 JOIN responses r ON r.id = a.response_id
                 WHERE r.consultation_id = $1 ORDER BY a.response_id, a.position",
            )
            .bind(consultation_id)
            .fetch_all(p)
            .await?;
            for row in rows {
                answers
                    .entry(row.try_get("response_id")?)
                    .or_default()
                    .push(Answer {
                        question: QuestionId(row.try_get("question_id")?),
                        option: row.try_get("option")?,
                        text: row.try_get("text")?,
                    });
            }
            let rows = sqlx::query(
                "SELECT id, source, external_id, source_file, source_line, responding_as, organisation_name,
                        organisation_type_raw, respondent_type, region, submitted_at, ocr_confidence,
                        type_declared, sender_domain
                 FROM responses WHERE consultation_id = $1 ORDER BY source, external_id",
            )
            .bind(consultation_id)
            .fetch_all(p)
            .await?;
            let mut out = Vec::with_capacity(rows.len());
            for row in rows {
                let id: String = row.try_get("id")?;
                let source = match row.try_get::<String, _>("source")?.as_str() {
                    "form" => SourceKind::Form,
                    "export" => SourceKind::Export,
                    "letter" => SourceKind::Letter,
                    other => {
                        return Err(StoreError::Corrupt {
                            table: "responses",
                            message: format!("unknown source {other:?} for response {id}"),
                        });
                    }
                };
                let responding_as = match row.try_get::<String, _>("responding_as")?.as_str() {
                    "individual" => RespondingAs::Individual,
                    _ => RespondingAs::Organisation,
                };
                let respondent_type: RespondentType = row
                    .try_get::<String, _>("respondent_type")?
                    .parse()
                    .map_err(|message| StoreError::Corrupt {
                        table: "responses",
                        message,
                    })?;
                out.push(StoredResponse {
                    record: ResponseRecord {
                        external_id: row.try_get("external_id")?,
                        source,
                        source_file: row.try_get("source_file")?,
                        source_line: row.try_get::<Option<i64>, _>("source_line")?.map(|l| l as u64),
                        respondent: Respondent {
                            responding_as,
                            organisation_name: row.try_get("organisation_name")?,
                            organisation_type_raw: row.try_get("organisation_type_raw")?,
                            respondent_type,
                            region: row.try_get("region")?,
                            type_declared: row.try_get::<i64, _>("type_declared")? != 0,
                            sender_domain: row.try_get("sender_domain")?,
                        },
                        submitted_at: row.try_get("submitted_at")?,
                        ocr: row
                            .try_get::<Option<f64>, _>("ocr_confidence")?
                            .map(|c| barometer_domain::Ocr { confidence: c as f32 }),
                        answers: answers.remove(&id).unwrap_or_default(),
                    },
                    id,
                });
            }
            Ok(out)
        })
    }
}
