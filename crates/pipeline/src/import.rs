//! The import stage: every source of a consultation into the store, one transaction each.

use crate::{ConsultationFolder, Progress, Stage};
use anyhow::Context;
use barometer_domain::SourceFormat;
use barometer_store::{ImportOutcome, Store};

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

/// Saves the definition and imports every source, each in its own transaction: a source
/// with a bad row is refused whole, and importing the same file again changes nothing.
pub async fn import_all(
    store: &Store,
    folder: &ConsultationFolder,
    progress: &dyn Progress,
) -> anyhow::Result<Vec<Imported>> {
    let consultation = &folder.definition;
    store.save_consultation(&folder.id, consultation).await?;
    let mut out = Vec::new();
    for spec in &consultation.sources {
        progress.start(Stage::Import, &format!("reading {}", spec.path), None);
        let batch = barometer_ingest::read_source(consultation, &folder.dir, spec)?;
        progress.finish();
        progress.start(
            Stage::Import,
            &format!("storing {} responses from {}", batch.records.len(), spec.path),
            None,
        );
        let files: Vec<(String, String)> = batch
            .files
            .iter()
            .map(|f| (f.path.clone(), f.sha256.clone()))
            .collect();
        let outcome = store
            .import_batch(&folder.id, spec.format.as_str(), &files, &batch.records)
            .await
            .with_context(|| format!("import of {} failed; nothing from it was stored", spec.path))?;
        progress.finish();
        out.push(Imported {
            path: spec.path.clone(),
            format: spec.format,
            files: files.iter().map(|(p, _)| p.clone()).collect(),
            sha256: files.into_iter().map(|(_, s)| s).collect(),
            outcome,
        });
    }
    Ok(out)
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
