//! `barometer eval stance --data FILE.jsonl --out PRED.jsonl [--json]`: measures stance reading
//! on a labelled file (docs: ../shared/datasets/FORMAT.md, and docs/ACCURACY.md).
//!
//! Baseline: frozen sentence vectors of the text and of "proposal [SEP] text", concatenated,
//! and a balanced L2 logistic regression ([`barometer_analysis::learned`]) per proposal where
//! the proposal has train rows of two classes or more, else one pooled over every train row,
//! else (no train rows at all) zero-shot by cosine similarity to "I support: …" prompts.

use crate::commands::ModelArgs;
use anyhow::{Context, bail};
use barometer_analysis::learned::{Classifier, Options};
use serde_json::{Value, json};
use std::collections::{BTreeMap, BTreeSet, HashMap};
use std::io::{BufWriter, Write};
use std::path::{Path, PathBuf};
use std::time::Instant;

/// Flags of `barometer eval stance`.
#[derive(Debug, clap::Args)]
pub struct StanceArgs {
    /// A stance file: JSON lines with id, proposal, text, label and split (train or test)
    #[arg(long, value_name = "FILE.jsonl")]
    pub data: PathBuf,
    /// Where to write one {"id", "label", "confidence"} line per test row, in input order
    #[arg(long, value_name = "PRED.jsonl")]
    pub out: PathBuf,
    /// Print the metrics as one JSON object
    #[arg(long)]
    pub json: bool,
    /// Ignore the train rows, to measure zero-shot stance
    #[arg(long)]
    pub ignore_train: bool,
    #[command(flatten)]
    pub models: ModelArgs,
}

const LABELS: [&str; 3] = ["for", "against", "undecided"];

/// Softmax scale for zero-shot cosines (they differ by a few hundredths).
const ZERO_SHOT_SCALE: f64 = 20.0;

struct Row {
    id: Value,
    proposal: String,
    text: String,
    label: usize,
    train: bool,
}

fn read_rows(path: &Path) -> anyhow::Result<Vec<Row>> {
    let file = std::fs::read_to_string(path).with_context(|| format!("cannot read {}", path.display()))?;
    let mut rows = Vec::new();
    for (n, line) in file.lines().enumerate().filter(|(_, l)| !l.trim().is_empty()) {
        let at = || format!("{}:{}", path.display(), n + 1);
        let v: Value = serde_json::from_str(line).with_context(|| format!("{}: not valid JSON", at()))?;
        let field = |name: &str| -> anyhow::Result<&str> {
            v.get(name)
                .and_then(Value::as_str)
                .with_context(|| format!("{}: field `{name}` is missing or not a string", at()))
        };
        let label = field("label")?;
        let Some(label) = LABELS.iter().position(|l| *l == label) else {
            bail!("{}: label `{label}` is not for, against or undecided", at());
        };
        let train = match field("split")? {
            "train" => true,
            "test" => false,
            other => bail!("{}: split `{other}` is not train or test", at()),
        };
        let id = v
            .get("id")
            .cloned()
            .with_context(|| format!("{}: field `id` is missing", at()))?;
        rows.push(Row {
            id,
            proposal: field("proposal")?.into(),
            text: field("text")?.into(),
            label,
            train,
        });
    }
    Ok(rows)
}

/// Distinct texts, each embedded once.
#[derive(Default)]
struct Texts {
    index: HashMap<String, usize>,
    list: Vec<String>,
}

impl Texts {
    fn add(&mut self, text: String) -> usize {
        let next = self.list.len();
        *self.index.entry(text.clone()).or_insert_with(|| {
            self.list.push(text);
            next
        })
    }
}

/// Which model judged a proposal.
#[derive(Clone, Copy, PartialEq, Eq, PartialOrd, Ord)]
enum Scope {
    PerProposal,
    Pooled,
    ZeroShot,
}

impl Scope {
    fn name(self) -> &'static str {
        match self {
            Scope::PerProposal => "per_proposal",
            Scope::Pooled => "pooled",
            Scope::ZeroShot => "zero_shot",
        }
    }
}

/// Runs `barometer eval stance`.
pub fn run(args: StanceArgs) -> anyhow::Result<()> {
    let started = Instant::now();
    let rows = read_rows(&args.data)?;
    let used = |r: &Row| !r.train || !args.ignore_train;
    let test: Vec<usize> = (0..rows.len()).filter(|&i| !rows[i].train).collect();
    if test.is_empty() {
        bail!("{}: no test rows to predict", args.data.display());
    }
    let train: Vec<usize> = (0..rows.len())
        .filter(|&i| rows[i].train && used(&rows[i]))
        .collect();

    // Features: [embed(text), embed(proposal [SEP] text)], or prompts for zero-shot.
    let mut texts = Texts::default();
    let features: HashMap<usize, (usize, usize)> = (0..rows.len())
        .filter(|&i| used(&rows[i]))
        .map(|i| {
            let r = &rows[i];
            (
                i,
                (
                    texts.add(r.text.clone()),
                    texts.add(format!("{} [SEP] {}", r.proposal, r.text)),
                ),
            )
        })
        .collect();
    let mut by_proposal: BTreeMap<&str, (Vec<usize>, Vec<usize>)> = BTreeMap::new();
    for &i in &train {
        by_proposal.entry(&rows[i].proposal).or_default().0.push(i);
    }
    for &i in &test {
        by_proposal.entry(&rows[i].proposal).or_default().1.push(i);
    }
    let scope_of = |own: &[usize]| {
        let classes: BTreeSet<usize> = own.iter().map(|&i| rows[i].label).collect();
        if classes.len() >= 2 {
            Scope::PerProposal
        } else if !train.is_empty() {
            Scope::Pooled
        } else {
            Scope::ZeroShot
        }
    };
    let mut prompts: HashMap<&str, [usize; 3]> = HashMap::new();
    for (p, (tr, te)) in &by_proposal {
        if !te.is_empty() && scope_of(tr) == Scope::ZeroShot {
            let ids = ["I support", "I oppose", "I am unsure about"].map(|s| texts.add(format!("{s}: {p}")));
            prompts.insert(p, ids);
        }
    }

    let encoder = args.models.encoder()?;
    let bar = indicatif::ProgressBar::new(texts.list.len() as u64);
    bar.set_style(
        indicatif::ProgressStyle::with_template("embedding {pos}/{len} texts [{elapsed}, {eta} left]")
            .expect("valid template"),
    );
    let mut vectors: Vec<Vec<f32>> = Vec::with_capacity(texts.list.len());
    for chunk in texts.list.chunks(256) {
        let refs: Vec<&str> = chunk.iter().map(String::as_str).collect();
        vectors.extend(encoder.embed(&refs)?);
        bar.inc(chunk.len() as u64);
    }
    bar.finish_and_clear();
    let embed_s = started.elapsed().as_secs_f64();
    let feature = |i: usize| -> Vec<f32> {
        let (a, b) = features[&i];
        [vectors[a].as_slice(), vectors[b].as_slice()].concat()
    };

    let fit = |idx: &[usize]| {
        let x: Vec<Vec<f32>> = idx.iter().map(|&i| feature(i)).collect();
        let xr: Vec<&[f32]> = x.iter().map(Vec::as_slice).collect();
        let y: Vec<usize> = idx.iter().map(|&i| rows[i].label).collect();
        Classifier::fit(&xr, &y, &Options::default())
    };
    let mut pooled: Option<Classifier> = None;
    let mut predicted: HashMap<usize, (usize, f64)> = HashMap::new();
    let mut scopes: BTreeMap<&str, Scope> = BTreeMap::new();
    for (p, (tr, te)) in &by_proposal {
        if te.is_empty() {
            continue;
        }
        let scope = scope_of(tr);
        scopes.insert(p, scope);
        let own;
        let model = match scope {
            Scope::PerProposal => {
                own = fit(tr);
                Some(&own)
            }
            Scope::Pooled => Some(&*pooled.get_or_insert_with(|| fit(&train))),
            Scope::ZeroShot => None,
        };
        for &i in te {
            let guess = match model {
                Some(m) => m.predict(&feature(i)),
                None => zero_shot(
                    &vectors[features[&i].0],
                    prompts[p].map(|j| vectors[j].as_slice()),
                ),
            };
            predicted.insert(i, guess);
        }
    }
    let total_s = started.elapsed().as_secs_f64();

    let file =
        std::fs::File::create(&args.out).with_context(|| format!("cannot create {}", args.out.display()))?;
    let mut out = BufWriter::new(file);
    for &i in &test {
        let (label, confidence) = predicted[&i];
        let line = json!({ "id": rows[i].id, "label": LABELS[label], "confidence": confidence });
        writeln!(out, "{line}")?;
    }
    out.flush()
        .with_context(|| format!("cannot write {}", args.out.display()))?;

    let pairs = |idx: &[usize]| -> Vec<(usize, usize)> {
        idx.iter().map(|&i| (rows[i].label, predicted[&i].0)).collect()
    };
    let mut report = metrics(&pairs(&test));
    let mut used_scopes: BTreeMap<&str, usize> = BTreeMap::new();
    for s in scopes.values() {
        *used_scopes.entry(s.name()).or_default() += 1;
    }
    report["n_train"] = json!(train.len());
    report["models"] = json!(used_scopes);
    report["embedded_texts"] = json!(texts.list.len());
    report["seconds"] = json!({ "embedding": round(embed_s), "total": round(total_s) });
    let short = scopes.len() <= 30;
    if short {
        let per: BTreeMap<&str, Value> = by_proposal
            .iter()
            .filter(|(_, (_, te))| !te.is_empty())
            .map(|(p, (_, te))| {
                let mut m = metrics(&pairs(te));
                m["model"] = json!(scopes[p].name());
                (*p, m)
            })
            .collect();
        report["per_proposal"] = json!(per);
    }
    if args.json {
        println!("{report}");
    } else {
        print_text(&report, &args);
    }
    Ok(())
}

/// Zero-shot: the prompt ("I support / oppose / am unsure about: …") most similar to the text.
/// Weak: frozen vectors carry topic far more than stance (docs/ACCURACY.md).
fn zero_shot(text: &[f32], prompts: [&[f32]; 3]) -> (usize, f64) {
    let cos: Vec<f64> = prompts
        .iter()
        .map(|p| p.iter().zip(text).map(|(a, b)| (a * b) as f64).sum::<f64>() * ZERO_SHOT_SCALE)
        .collect();
    let max = cos.iter().cloned().fold(f64::NEG_INFINITY, f64::max);
    let sum: f64 = cos.iter().map(|c| (c - max).exp()).sum();
    let best = (0..3).fold(0, |b, c| if cos[c] > cos[b] { c } else { b });
    (best, 1.0 / sum)
}

fn round(x: f64) -> f64 {
    (x * 1000.0).round() / 1000.0
}

/// Macro-F1 over the gold labels present, F_avg (mean F1 of for and against), accuracy.
/// `pairs` holds (gold, predicted) label indices. Matches ../shared/tools/score.py.
fn metrics(pairs: &[(usize, usize)]) -> Value {
    let f1: Vec<f64> = (0..3)
        .map(|l| {
            let tp = pairs.iter().filter(|&&(g, p)| g == l && p == l).count() as f64;
            let fp = pairs.iter().filter(|&&(g, p)| g != l && p == l).count() as f64;
            let fn_ = pairs.iter().filter(|&&(g, p)| g == l && p != l).count() as f64;
            let prec = if tp + fp > 0.0 { tp / (tp + fp) } else { 0.0 };
            let rec = if tp + fn_ > 0.0 { tp / (tp + fn_) } else { 0.0 };
            if prec + rec > 0.0 {
                2.0 * prec * rec / (prec + rec)
            } else {
                0.0
            }
        })
        .collect();
    let present: BTreeSet<usize> = pairs.iter().map(|&(g, _)| g).collect();
    let macro_f1 = present.iter().map(|&l| f1[l]).sum::<f64>() / present.len().max(1) as f64;
    let correct = pairs.iter().filter(|&&(g, p)| g == p).count() as f64;
    json!({
        "n_test": pairs.len(),
        "macro_f1": macro_f1,
        "f_avg": (f1[0] + f1[1]) / 2.0,
        "accuracy": correct / pairs.len().max(1) as f64,
        "f1": { "for": f1[0], "against": f1[1], "undecided": f1[2] },
    })
}

fn print_text(report: &Value, args: &StanceArgs) {
    let num = |v: &Value, k: &str| v[k].as_f64().unwrap_or(0.0);
    println!(
        "stance on {} ({} test rows, {} train rows)",
        args.data.display(),
        report["n_test"],
        report["n_train"]
    );
    println!("models: {}", report["models"]);
    println!(
        "macro-F1 {:.3}   F_avg {:.3}   accuracy {:.3}",
        num(report, "macro_f1"),
        num(report, "f_avg"),
        num(report, "accuracy")
    );
    let f1 = &report["f1"];
    println!(
        "F1: for {:.3}, against {:.3}, undecided {:.3}",
        num(f1, "for"),
        num(f1, "against"),
        num(f1, "undecided")
    );
    if let Some(per) = report["per_proposal"].as_object() {
        for (p, m) in per {
            println!(
                "  {:<12} n={:<4} macro-F1 {:.3}  F_avg {:.3}  accuracy {:.3}  {p}",
                m["model"].as_str().unwrap_or(""),
                m["n_test"],
                num(m, "macro_f1"),
                num(m, "f_avg"),
                num(m, "accuracy")
            );
        }
    }
    println!(
        "{} texts embedded in {:.1} s; {:.1} s in all; predictions in {}",
        report["embedded_texts"],
        num(&report["seconds"], "embedding"),
        num(&report["seconds"], "total"),
        args.out.display()
    );
}
