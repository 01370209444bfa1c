//! `barometer import DIR`: read every source of a consultation into the store.

use crate::commands::DbArgs;
use crate::support;
use barometer_pipeline::ConsultationFolder;
use std::path::PathBuf;

/// Flags of `barometer import`.
#[derive(Debug, clap::Args)]
pub struct Args {
    /// The consultation folder, holding consultation.toml
    pub dir: PathBuf,
    #[command(flatten)]
    pub db: DbArgs,
}

/// Imports all sources. Each source is one transaction; re-running is harmless.
pub fn run(args: Args) -> anyhow::Result<()> {
    let folder = ConsultationFolder::load(&args.dir)?;
    let url = args.db.url(&folder)?;
    let runtime = support::runtime()?;
    runtime.block_on(async {
        let store = support::open_store(&url).await?;
        let imported =
            barometer_pipeline::import::import_all(&store, &folder, &support::Bars::default()).await?;
        for i in &imported {
            println!(
                "{} ({}): {} responses, {} new, {} already stored",
                i.path,
                i.format.as_str(),
                i.outcome.records,
                i.outcome.inserted,
                i.outcome.unchanged
            );
        }
        store.close().await;
        Ok(())
    })
}
