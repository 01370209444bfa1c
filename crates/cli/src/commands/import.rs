//! `barometer import DIR`: read every source of a consultation into the store.

use crate::commands::DbArgs;
use crate::pipeline;
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
    let url = args
        .db
        .url_or(args.dir.join(".barometer").join("barometer.sqlite"));
    let runtime = pipeline::runtime()?;
    runtime.block_on(async {
        let consultation = pipeline::load_definition(&args.dir)?;
        let store = pipeline::open_store(&url).await?;
        let imported = pipeline::import_all(&store, &args.dir, &consultation).await?;
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
