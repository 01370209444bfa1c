//! The `barometer` binary: flags and glue only.
//!
//! Each subcommand lives in [`commands`], as an `Args` struct and a `run` function. Exit codes
//! are decided here, in one place: 0 for success, 1 for an error, 2 for bad usage (clap's).

use barometer::commands;
use clap::{Parser, Subcommand};
use std::process::ExitCode;

/// Barometer turns the responses to a public consultation into an honest, auditable
/// picture of where people stand. It runs offline: no response leaves this machine.
#[derive(Debug, Parser)]
#[command(name = "barometer", version, about, long_about = None)]
struct Cli {
    #[command(subcommand)]
    command: Command,
}

#[derive(Debug, Subcommand)]
enum Command {
    /// Validate a consultation folder's consultation.toml and check its window
    Check(commands::check::Args),
    /// Import a consultation's responses into the store (all-or-nothing, safe to repeat)
    Import(commands::import::Args),
    /// Import, analyse and write report.html and summary.json
    Analyse(commands::analyse::Args),
    /// Install or list the offline language models
    Models(commands::models::Args),
    /// Write sentence vectors for a file of texts, one per line
    Embed(commands::embed::Args),
    /// Run a benchmark beside its peer
    Bench(commands::bench::Args),
    /// Measure an analysis stage on a labelled file (see datasets/FORMAT.md)
    Eval(commands::eval::Args),
    /// Review the model's stances: list the queue, label a response, read the audit log
    Review(commands::review::Args),
    /// Who responded: types to check, the organisations, and analysts' corrections
    Respondents(commands::respondents::Args),
    /// Rename, merge, split or delete themes, or move a response; stored with who and when
    Themes(commands::themes::Args),
    /// Train the stance prior's weights on public stance data (reproduces the committed file)
    Train(commands::train::Args),
    /// Run the web app: the public response form and the analysts' workspace
    Serve(commands::serve::Args),
    /// Add or list the web app's accounts (admin, analyst, viewer)
    Users(commands::serve::UsersArgs),
}

fn main() -> ExitCode {
    let cli = Cli::parse();
    let result = match cli.command {
        Command::Check(args) => commands::check::run(args),
        Command::Import(args) => commands::import::run(args),
        Command::Analyse(args) => commands::analyse::run(args),
        Command::Models(args) => commands::models::run(args),
        Command::Embed(args) => commands::embed::run(args),
        Command::Bench(args) => commands::bench::run(args),
        Command::Eval(args) => commands::eval::run(args),
        Command::Review(args) => commands::review::run(args),
        Command::Respondents(args) => commands::respondents::run(args),
        Command::Themes(args) => commands::themes::run(args),
        Command::Train(args) => commands::train::run(args),
        Command::Serve(args) => commands::serve::run(args),
        Command::Users(args) => commands::serve::users(args),
    };
    match result {
        Ok(()) => ExitCode::SUCCESS,
        Err(e) => {
            eprintln!("error: {e:#}");
            ExitCode::FAILURE
        }
    }
}
