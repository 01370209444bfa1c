//! `barometer analyse DIR --out OUT`: import, analyse, and write the report.

use crate::commands::{DbArgs, ModelArgs};
use crate::support;
use anyhow::Context;
use barometer_pipeline::{ConsultationFolder, Options, output};
use std::path::PathBuf;

/// Flags of `barometer analyse`.
#[derive(Debug, clap::Args)]
pub struct Args {
    /// The consultation folder, holding consultation.toml
    pub dir: PathBuf,
    /// Where to write report.html, summary.json, the summary-of-responses document (.odt, .docx,
    /// .pdf), stances.jsonl, review-queue.jsonl and respondents.jsonl (created if missing)
    #[arg(long, short, value_name = "OUT")]
    pub out: PathBuf,
    #[command(flatten)]
    pub db: DbArgs,
    /// The number of themes per open question, instead of choosing it automatically (and
    /// instead of starting from the last run's themes); later runs start from these
    #[arg(long = "themes", visible_alias = "k", value_name = "N", value_parser = clap::value_parser!(u16).range(1..=200))]
    pub themes: Option<u16>,
    /// Skip converting the summary-of-responses document to PDF (which needs LibreOffice)
    #[arg(long)]
    pub no_pdf: bool,
    #[command(flatten)]
    pub models: ModelArgs,
}

/// Runs the whole pipeline and writes the report and the analysts' files into `OUT`.
pub fn run(args: Args) -> anyhow::Result<()> {
    let folder = ConsultationFolder::load(&args.dir)?;
    std::fs::create_dir_all(&args.out).with_context(|| format!("cannot create {}", args.out.display()))?;
    let url = args.db.url(&folder)?;
    let options = Options {
        theme_count: args.themes.map(usize::from),
        ..Options::default()
    };
    let models = args.models.models()?;
    let runtime = support::runtime()?;
    runtime.block_on(async {
        if let Some(w) = folder.definition.window_check().warning {
            eprintln!("warning: {w}");
        }
        let store = support::open_store(&url).await?;
        let analysis = barometer_pipeline::import_and_analyse(
            &store,
            &folder,
            &models,
            &options,
            &support::Bars::default(),
        )
        .await?;
        store.close().await;
        let summary = &analysis.summary;
        output::write_stances(&args.out.join("stances.jsonl"), &analysis.stances)?;
        output::write_review_queue(&args.out.join("review-queue.jsonl"), &analysis.stances)?;
        output::write_respondents(
            &args.out.join("respondents.jsonl"),
            &analysis.stances,
            &analysis.respondents,
        )?;
        let report = args.out.join("report.html");
        let json = args.out.join("summary.json");
        std::fs::write(&report, barometer_report::render_html(summary))
            .with_context(|| format!("cannot write {}", report.display()))?;
        std::fs::write(&json, summary.to_json())
            .with_context(|| format!("cannot write {}", json.display()))?;
        let document = output::write_document(&args.out, summary, !args.no_pdf)?;
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
            "{} responses analysed; wrote {} and {} (store: {url})",
            summary.totals.responses,
            report.display(),
            json.display()
        );
        match &document.pdf {
            Ok(pdf) => println!(
                "the summary of responses, to edit and publish: {}, {} and {}",
                document.odt.display(),
                document.docx.display(),
                pdf.display()
            ),
            Err(why) => println!(
                "the summary of responses, to edit and publish: {} and {} (no PDF: {why})",
                document.odt.display(),
                document.docx.display()
            ),
        }
        Ok(())
    })
}
