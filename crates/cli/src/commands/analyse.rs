//! `barometer analyse DIR --out OUT`: import, analyse, and write the report.

use crate::commands::{DbArgs, ModelArgs};
use crate::pipeline;
use anyhow::Context;
use std::path::PathBuf;

/// Flags of `barometer analyse`.
#[derive(Debug, clap::Args)]
pub struct Args {
    /// The consultation folder, holding consultation.toml
    pub dir: PathBuf,
    /// Where to write report.html and summary.json (created if missing)
    #[arg(long, short, value_name = "OUT")]
    pub out: PathBuf,
    #[command(flatten)]
    pub db: DbArgs,
    /// The number of themes per open question, instead of choosing it automatically (and
    /// instead of starting from the last run's themes); later runs start from these
    #[arg(long = "themes", visible_alias = "k", value_name = "N", value_parser = clap::value_parser!(u16).range(1..=200))]
    pub themes: Option<u16>,
    #[command(flatten)]
    pub models: ModelArgs,
}

/// Runs the whole pipeline and writes `OUT/report.html` and `OUT/summary.json`.
pub fn run(args: Args) -> anyhow::Result<()> {
    std::fs::create_dir_all(&args.out).with_context(|| format!("cannot create {}", args.out.display()))?;
    let url = args.db.url_or(args.out.join("barometer.sqlite"));
    if let Some(k) = args.themes {
        crate::themes::set_theme_count(usize::from(k));
    }
    let encoder = args.models.encoder()?;
    let runtime = pipeline::runtime()?;
    runtime.block_on(async {
        let consultation = pipeline::load_definition(&args.dir)?;
        if let Some(w) = consultation.window_check().warning {
            eprintln!("warning: {w}");
        }
        let store = pipeline::open_store(&url).await?;
        let imported = pipeline::import_all(&store, &args.dir, &consultation).await?;
        let (summary, stances) =
            pipeline::analyse(&store, &args.dir, &consultation, &imported, &encoder).await?;
        let per_response = args.out.join("stances.jsonl");
        pipeline::write_stances(&per_response, &stances)?;
        let queue = args.out.join("review-queue.jsonl");
        pipeline::write_review_queue(&queue, &stances)?;
        store.close().await;
        let html = barometer_report::render_html(&summary);
        let report = args.out.join("report.html");
        let json = args.out.join("summary.json");
        std::fs::write(&report, html).with_context(|| format!("cannot write {}", report.display()))?;
        std::fs::write(&json, summary.to_json())
            .with_context(|| format!("cannot write {}", json.display()))?;
        if let Some(e) = &summary.run.encoder {
            println!(
                "{} argument units, {} distinct: {} from the cache ({:.0}% hit rate), {} embedded",
                e.units,
                e.distinct_units,
                e.cached,
                100.0 * e.cache_hit_rate.unwrap_or(0.0),
                e.embedded
            );
        }
        println!(
            "{} responses analysed; wrote {} and {}",
            summary.totals.responses,
            report.display(),
            json.display()
        );
        Ok(())
    })
}
