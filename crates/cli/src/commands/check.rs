//! `barometer check DIR`: validate the definition and its sources, and check the window.

use barometer_pipeline::ConsultationFolder;
use std::path::PathBuf;

/// Flags of `barometer check`.
#[derive(Debug, clap::Args)]
pub struct Args {
    /// The consultation folder, holding consultation.toml
    pub dir: PathBuf,
    /// Also read every source file and report the first error in each
    #[arg(long)]
    pub sources: bool,
}

/// Runs the check. Warnings are printed; only errors fail.
pub fn run(args: Args) -> anyhow::Result<()> {
    let folder = ConsultationFolder::load(&args.dir)?;
    let consultation = &folder.definition;
    println!(
        "{}: {} proposals, {} questions, {} sources",
        consultation.title,
        consultation.proposals.len(),
        consultation.questions.len(),
        consultation.sources.len()
    );
    println!("{}", folder.describe_id());
    let window = consultation.window_check();
    match (&window.warning, window.standard) {
        (Some(w), _) => println!("warning: {w}"),
        (None, Some(standard)) => println!(
            "window: {} to {}, {} days: meets the advice under {}, {}",
            window.opens,
            window.closes,
            window.days,
            standard.source(),
            standard.advice()
        ),
        (None, None) => println!(
            "window: {} to {}, {} days (no code of practice named: set standard = \"uk-2008\", \
             \"us-federal\" or \"eu-commission\" to check it)",
            window.opens, window.closes, window.days
        ),
    }
    if args.sources {
        for spec in &consultation.sources {
            let batch = barometer_ingest::read_source(consultation, &args.dir, spec)?;
            println!(
                "{} ({}): {} responses read",
                spec.path,
                spec.format.as_str(),
                batch.records.len()
            );
            for warning in &batch.warnings {
                println!("warning: {warning}");
            }
        }
    }
    Ok(())
}
