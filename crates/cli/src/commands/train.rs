//! `barometer train stance-prior --data DIR --out FILE`: reproduces the stance prior's
//! committed weights (crates/stance-model/weights/stance-prior.safetensors) from public data.
//!
//! It reads only the `train` rows of four dev stance files in DIR (SemEval-2016, IBM claim
//! stance, ArgKP and Perspectrum), never a `test` row and never the gambling files, so that every
//! dev figure in docs/ACCURACY.md stays a measurement on text the weights did not learn from.
//! To those it adds a share of SNLI's pairs (the text entails the proposal: for; contradicts
//! it: against; neither: undecided) and generated consultation-style positions
//! ([`barometer_synth::positions`]): how respondents state where they stand on "the proposal",
//! which is what carries from one consultation to the next.

use crate::commands::ModelArgs;
use crate::commands::eval::stance::read_rows;
use anyhow::Context;
use barometer_stance_model::train::{self, Example, TrainOptions};
use sha2::{Digest, Sha256};
use std::path::PathBuf;
use std::time::Instant;

/// The files the recipe learns from, inside `--data`.
pub const SOURCES: [&str; 4] = [
    "stance-semeval2016-dev.jsonl",
    "stance-ibm-claims-dev.jsonl",
    "stance-argkp-dev.jsonl",
    "stance-perspectrum.jsonl",
];

/// The NLI file, inside `--data`.
pub const NLI: &str = "nli-snli-devtest.jsonl";
/// How many NLI pairs to learn from (every k-th, evenly spread): an auxiliary task, kept small
/// so that captions of photographs do not outweigh how people argue.
const NLI_PAIRS: usize = 2000;
/// How many generated consultation-style positions to learn from.
const POSITIONS: usize = 4000;

/// Share of for/against examples also given with their proposal negated (label flipped).
const NEGATED: f64 = 0.3;
/// Share of examples also given with an unrelated proposal (label undecided).
const UNRELATED: f64 = 0.1;

/// Flags of `barometer train`.
#[derive(Debug, clap::Args)]
pub struct Args {
    #[command(subcommand)]
    what: What,
}

#[derive(Debug, clap::Subcommand)]
enum What {
    /// Train the stance prior's adapters and head on public stance data
    StancePrior(StancePriorArgs),
}

/// Flags of `barometer train stance-prior`.
#[derive(Debug, clap::Args)]
pub struct StancePriorArgs {
    /// The folder holding the dev stance files (../shared/datasets/dev)
    #[arg(long, value_name = "DIR")]
    pub data: PathBuf,
    /// Where to write the weights (safetensors)
    #[arg(long, value_name = "FILE")]
    pub out: PathBuf,
    /// Passes over the data
    #[arg(long, default_value_t = TrainOptions::default().epochs)]
    pub epochs: usize,
    /// Seed of every random choice
    #[arg(long, default_value_t = TrainOptions::default().seed)]
    pub seed: u64,
    /// How many of the top transformer layers carry adapters
    #[arg(long, default_value_t = TrainOptions::default().adapted_layers)]
    pub layers: usize,
    /// Use only every n-th example (for a quick trial run)
    #[arg(long, default_value_t = 1, hide = true)]
    pub every: usize,
    #[command(flatten)]
    pub models: ModelArgs,
}

/// Runs `barometer train`.
pub fn run(args: Args) -> anyhow::Result<()> {
    match args.what {
        What::StancePrior(a) => stance_prior(a),
    }
}

fn stance_prior(args: StancePriorArgs) -> anyhow::Result<()> {
    let started = Instant::now();
    let mut examples = Vec::new();
    for name in SOURCES {
        let path = args.data.join(name);
        let rows = read_rows(&path)?;
        let before = examples.len();
        examples.extend(rows.into_iter().filter(|r| r.train).filter_map(|r| {
            Some(Example {
                proposal: r.proposal,
                text: r.text,
                label: r.label?,
            })
        }));
        eprintln!("{}: {} train rows", path.display(), examples.len() - before);
    }
    let mut extra = Vec::new();
    let nli = read_nli(&args.data.join(NLI))?;
    let step = (nli.len() / NLI_PAIRS).max(1);
    extra.extend(nli.into_iter().step_by(step).take(NLI_PAIRS));
    eprintln!("{}: {} pairs", args.data.join(NLI).display(), NLI_PAIRS);
    extra.extend(
        barometer_synth::positions::generate(POSITIONS, args.seed)
            .into_iter()
            .map(|p| Example {
                proposal: p.proposal,
                text: p.text,
                label: p.label,
            }),
    );
    eprintln!("generated consultation positions: {POSITIONS}");
    let examples: Vec<Example> = examples.into_iter().step_by(args.every.max(1)).collect();
    let opts = TrainOptions {
        epochs: args.epochs,
        seed: args.seed,
        adapted_layers: args.layers,
        ..TrainOptions::default()
    };
    // Only the stance files' rows are augmented: a generated "I support the proposal" stays for
    // whatever the proposal says, and says nothing about another proposal.
    let mut all = examples.clone();
    all.extend(train::augment(&examples, NEGATED, UNRELATED, opts.seed));
    let extra: Vec<Example> = extra.into_iter().step_by(args.every.max(1)).collect();
    let n_extra = extra.len();
    all.extend(extra);
    eprintln!(
        "{} examples ({} of them augmented); {opts:?}",
        all.len(),
        all.len() - examples.len() - n_extra
    );
    let dir = args.models.dir();
    barometer_encoder::models::ensure(&dir, &|line| eprintln!("{line}"))?;
    let last = std::cell::Cell::new(Instant::now());
    let bytes = train::train(&dir, &all, &opts, &|p| {
        if p.step == p.steps || last.get().elapsed().as_secs() >= 30 {
            last.set(Instant::now());
            eprintln!(
                "epoch {} step {}/{} loss {:.4} [{:.0} s]",
                p.epoch,
                p.step,
                p.steps,
                p.loss,
                started.elapsed().as_secs_f64()
            );
        }
    })?;
    std::fs::write(&args.out, &bytes).with_context(|| format!("cannot write {}", args.out.display()))?;
    println!(
        "wrote {} ({} bytes, sha256 {}) in {:.0} s",
        args.out.display(),
        bytes.len(),
        hex::encode(Sha256::digest(&bytes)),
        started.elapsed().as_secs_f64()
    );
    Ok(())
}

/// SNLI pairs as stance examples: the premise is the text and the hypothesis the proposal.
fn read_nli(path: &std::path::Path) -> anyhow::Result<Vec<Example>> {
    #[derive(serde::Deserialize)]
    struct Row {
        premise: String,
        hypothesis: String,
        label: String,
    }
    let file = std::fs::read_to_string(path).with_context(|| format!("cannot read {}", path.display()))?;
    let mut out = Vec::new();
    for (n, line) in file.lines().enumerate().filter(|(_, l)| !l.trim().is_empty()) {
        let row: Row =
            serde_json::from_str(line).with_context(|| format!("{}, line {}", path.display(), n + 1))?;
        let label = match row.label.as_str() {
            "entailment" => 0,
            "contradiction" => 1,
            "neutral" => 2,
            other => anyhow::bail!("{}, line {}: unknown label {other:?}", path.display(), n + 1),
        };
        out.push(Example {
            proposal: row.hypothesis,
            text: row.premise,
            label,
        });
    }
    Ok(out)
}
