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
    /// Accept a changed response under an id already stored as a new revision (a hub's
    /// corrected re-export): the earlier version is kept, analysts' labels on it are flagged
    /// for another look, and the audit log records it. Without it, such a change is refused.
    #[arg(long)]
    pub revise: bool,
    #[command(flatten)]
    pub db: DbArgs,
}

/// Imports all sources in one transaction; re-running is harmless.
pub fn run(args: Args) -> anyhow::Result<()> {
    let folder = ConsultationFolder::load(&args.dir)?;
    let url = args.db.url(&folder)?;
    let runtime = support::runtime()?;
    runtime.block_on(async {
        let store = support::open_store(&url).await?;
        let revise = if args.revise {
            barometer_pipeline::import::Revise::Accept
        } else {
            barometer_pipeline::import::Revise::Refuse
        };
        let imported =
            barometer_pipeline::import::import_all(&store, &folder, &support::Bars::default(), revise)
                .await?;
        for i in &imported {
            println!(
                "{} ({}): {} responses, {} new, {} already stored{}",
                i.path,
                i.format.as_str(),
                i.outcome.records,
                i.outcome.inserted,
                i.outcome.unchanged,
                if i.outcome.revised > 0 {
                    format!(", {} revised (earlier versions kept)", i.outcome.revised)
                } else {
                    String::new()
                }
            );
        }
        store.close().await;
        Ok(())
    })
}
