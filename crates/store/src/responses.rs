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
}

/// Writes one response row and its answers inside the transaction `$tx`, for an import
/// (`$import_id` names it) or the web form (`None`). A macro, like `on_pool!`, because each
/// backend's transaction is a type of its own.
macro_rules! insert_response {
    ($tx:ident, $id:expr, $consultation_id:expr, $record:expr, $hash:expr, $import_id:expr) => {{
        let r: &barometer_domain::ResponseRecord = $record;
        let respondent = &r.respondent;
        sqlx::query(
            "INSERT INTO responses (id, consultation_id, source, external_id, source_file, source_line,
                responding_as, organisation_name, organisation_type_raw, respondent_type, region,
                submitted_at, content_hash, import_id)
             VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, $12, $13, $14)",
        )
        .bind($id)
        .bind($consultation_id)
        .bind(r.source.as_str())
        .bind(&r.external_id)
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
        .execute(&mut *$tx)
        .await?;
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
pub(crate) use insert_response;

/// A response read back from the store, with its store id.
#[derive(Debug, Clone, PartialEq)]
pub struct StoredResponse {
    /// The store's id: stable across re-imports and backends.
    pub id: String,
    /// The response as imported.
    pub record: ResponseRecord,
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
    ($tx:ident, $consultation_id:expr, $batch:expr, $now:expr) => {{
        let consultation_id: &str = $consultation_id;
        let batch: &$crate::responses::SourceBatch<'_> = $batch;
        let file_list = serde_json::to_string(batch.files).expect("serialisable");
        let import_id = stable_id(&[consultation_id, batch.format, &file_list]);
        let mut outcome = ImportOutcome {
            records: batch.records.len(),
            inserted: 0,
            unchanged: 0,
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
        for r in batch.records {
            let id = response_id(consultation_id, r.source, &r.external_id);
            let hash = content_hash(r);
            match stored.get(&id) {
                Some((existing, _)) if *existing == hash => outcome.unchanged += 1,
                Some((_, existing_file)) => {
                    Err(StoreError::ConflictingResponse {
                        file: r.source_file.clone(),
                        line: r.source_line.map(|l| l.to_string()).unwrap_or_else(|| "?".into()),
                        external_id: r.external_id.clone(),
                        existing_file: existing_file.clone(),
                    })?;
                }
                None => {
                    stored.insert(id.clone(), (hash.clone(), r.source_file.clone()));
                    new_records.push((id, hash, r));
                }
            }
        }
        // Nothing new: no import is logged.
        if !new_records.is_empty() {
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
            let outcome = import_into!(tx, consultation_id, &batch, &now);
            tx.commit().await?;
            Ok(outcome)
        })
    }

    /// Records a consultation's definition and stores every one of its sources, all in one
    /// transaction: either the definition and every record are stored (or found already
    /// stored, unchanged), or the store is left exactly as it was, `consultations` included.
    pub async fn import_sources(
        &self,
        consultation_id: &str,
        consultation: &barometer_domain::Consultation,
        batches: &[SourceBatch<'_>],
    ) -> Result<Vec<ImportOutcome>> {
        let now = chrono::Utc::now().to_rfc3339();
        let definition = serde_json::to_string(consultation).expect("a consultation always serialises");
        on_pool!(self, |p| {
            let mut tx = p.begin().await?;
            crate::write_consultation!(tx, consultation_id, consultation, &definition, &now);
            let mut outcomes = Vec::with_capacity(batches.len());
            for batch in batches {
                outcomes.push(import_into!(tx, consultation_id, batch, &now));
            }
            tx.commit().await?;
            Ok(outcomes)
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
                        organisation_type_raw, respondent_type, region, submitted_at
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
                        },
                        submitted_at: row.try_get("submitted_at")?,
                        answers: answers.remove(&id).unwrap_or_default(),
                    },
                    id,
                });
            }
            Ok(out)
        })
    }
}
