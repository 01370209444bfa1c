//! The import stage: every source of a consultation read, then stored in one transaction.

use crate::{ConsultationFolder, Progress, Stage};
use anyhow::Context;
use barometer_domain::SourceFormat;
use barometer_store::{ImportOutcome, SourceBatch, Store};

/// What an import does with a response whose id is stored already with different content.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Revise {
    /// Refuse the whole import, naming the response (the default: a changed response is
    /// more often a mistake than a correction).
    Refuse,
    /// Store it as a new revision of the response (a hub's corrected re-export): the
    /// earlier version is kept, analysts' labels on it are flagged, the audit log records it.
    Accept,
}

/// What importing one source did.
#[derive(Debug, Clone)]
pub struct Imported {
    /// The source's path in the definition (a file, or a folder of letters).
    pub path: String,
    /// The source's format.
    pub format: SourceFormat,
    /// Its files, relative to the consultation folder.
    pub files: Vec<String>,
    /// Each file's sha256, in the same order.
    pub sha256: Vec<String>,
    /// What the store did.
    pub outcome: ImportOutcome,
}

/// Reads every source, then saves the definition and stores every source in one
/// transaction: a source with a bad row, or a changed response under an old id (unless
/// `revise` accepts it), is refused
/// and leaves the store exactly as it was, the consultation's row included; importing the
/// same files again changes nothing. Warnings (rows skipped, with their lines) go to
/// `progress`.
pub async fn import_all(
    store: &Store,
    folder: &ConsultationFolder,
    progress: &dyn Progress,
    revise: Revise,
) -> anyhow::Result<Vec<Imported>> {
    let consultation = &folder.definition;
    let mut batches = Vec::with_capacity(consultation.sources.len());
    for spec in &consultation.sources {
        progress.start(Stage::Import, &format!("reading {}", spec.path), None);
        let batch = barometer_ingest::read_source(consultation, &folder.dir, spec)?;
        progress.finish();
        for warning in &batch.warnings {
            progress.warn(warning);
        }
        let files: Vec<(String, String)> = batch
            .files
            .iter()
            .map(|f| (f.path.clone(), f.sha256.clone()))
            .collect();
        batches.push((spec, batch, files));
    }
    let total: usize = batches.iter().map(|(_, b, _)| b.records.len()).sum();
    progress.start(Stage::Import, &format!("storing {total} responses"), None);
    let to_store: Vec<SourceBatch<'_>> = batches
        .iter()
        .map(|(spec, batch, files)| SourceBatch {
            format: spec.format.as_str(),
            files,
            records: &batch.records,
        })
        .collect();
    let outcomes = store
        .import_sources(&folder.id, consultation, &to_store, revise == Revise::Accept)
        .await
        .context("the import failed; nothing from it was stored")?;
    progress.finish();
    Ok(batches
        .into_iter()
        .zip(outcomes)
        .map(|((spec, _, files), outcome)| Imported {
            path: spec.path.clone(),
            format: spec.format,
            files: files.iter().map(|(p, _)| p.clone()).collect(),
            sha256: files.into_iter().map(|(_, s)| s).collect(),
            outcome,
        })
        .collect())
}

/// One line of the report's list of sources. A folder of letters is identified by one hash
/// over its files' names and hashes, so that any change to any letter shows.
pub(crate) fn source_info(i: &Imported) -> barometer_report::SourceInfo {
    let sha256 = match i.sha256.as_slice() {
        [one] => one.clone(),
        many => {
            use sha2::{Digest, Sha256};
            let mut h = Sha256::new();
            for (file, sha) in i.files.iter().zip(many) {
                h.update(format!("{file}\0{sha}\n").as_bytes());
            }
            hex::encode(h.finalize())
        }
    };
    barometer_report::SourceInfo {
        file: i.path.clone(),
        format: i.format,
        sha256,
        records: i.outcome.records as u64,
    }
}
