//! `barometer eval TASK --data FILE.jsonl --out PRED.jsonl [--json]`: measures an analysis stage
//! on a labelled file, in the interface of ../shared/datasets/FORMAT.md. One module per task.
//! `eval redaction` predicts nothing for a scorer, so its `--out` is optional (the redacted
//! texts, to read): it measures the redaction of published quotes on texts whose personal data
//! is marked by hand.

pub mod campaigns;
pub mod redaction;
pub mod respondents;
pub mod stance;
pub mod themes;

/// Flags of `barometer eval`.
#[derive(Debug, clap::Args)]
pub struct Args {
    #[command(subcommand)]
    task: Task,
}

#[derive(Debug, clap::Subcommand)]
enum Task {
    /// Learn stance from the file's train rows, predict its test rows, and print the metrics
    Stance(stance::StanceArgs),
    /// Group the file's responses into campaigns, and print pairwise precision, recall and F1
    Campaigns(campaigns::CampaignsArgs),
    /// Find themes per question from the texts alone, and print theme recovery and mapping F1
    Themes(themes::ThemesArgs),
    /// Infer each respondent's type from their organisation's name and words, and print
    /// accuracy and macro-F1 over the typed rows
    Respondents(respondents::RespondentsArgs),
    /// Redact texts whose personal data is marked, as publication does, and print how much of
    /// it was removed (recall per kind) and how many plain sentences were changed
    Redaction(redaction::RedactionArgs),
}

/// Runs `barometer eval`.
pub fn run(args: Args) -> anyhow::Result<()> {
    match args.task {
        Task::Stance(a) => stance::run(a),
        Task::Campaigns(a) => campaigns::run(a),
        Task::Themes(a) => themes::run(a),
        Task::Respondents(a) => respondents::run(a),
        Task::Redaction(a) => redaction::run(a),
    }
}
