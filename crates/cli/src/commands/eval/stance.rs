//! `barometer eval stance --data FILE.jsonl --out PRED.jsonl [--json]`: measures stance reading
//! on a labelled file (docs: ../shared/datasets/FORMAT.md, and docs/ACCURACY.md).
//!
//! Every pair is read by the stance prior ([`barometer_stance_model::StancePrior`]: MiniLM
//! reading the proposal and the text together, tuned on public stance data). Then, per proposal:
//! - with its own train rows of two labels or more, the best by stratified cross-validation on
//!   those rows of: the prior alone, and balanced logistic regressions
//!   ([`barometer_analysis::learned`]) on the prior's features, on frozen sentence vectors of
//!   the text and of "proposal [SEP] text" (the baseline), or on both;
//! - with train rows of other proposals only (cross-topic), the prior alone, over the labels
//!   the file's train rows use;
//! - with no train rows at all, the prior alone (zero-shot).
//!
//! The confidence written is the chosen model's probability after a temperature fitted to its
//! out-of-fold probabilities on the train rows (1 when zero-shot). Test labels are read only
//! to score.

use crate::commands::ModelArgs;
use anyhow::{Context, bail};
use barometer_analysis::learned::{self, Classifier, Options};
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

/// One row of a stance file.
pub(crate) struct Row {
    pub id: Value,
    pub proposal: String,
    pub text: String,
    /// Index into `LABELS`.
    pub label: usize,
    pub train: bool,
}

/// Reads a stance file, naming the line and field of any fault.
pub(crate) fn read_rows(path: &Path) -> anyhow::Result<Vec<Row>> {
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

/// Which train rows a proposal learns from.
#[derive(Clone, Copy, PartialEq, Eq, PartialOrd, Ord)]
enum Scope {
    /// Its own train rows (two labels or more).
    PerProposal,
    /// Every train row of the file (other proposals: cross-topic).
    Pooled,
    /// None: the prior alone.
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

/// How a proposal's test rows are judged; chosen per proposal by cross-validation on train
/// rows only.
#[derive(Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Debug)]
enum Method {
    /// The stance prior's probabilities, over the labels the train rows use.
    Prior,
    /// Logistic regression on the prior's log-probabilities alone: the prior recalibrated
    /// to this proposal (three features, so it suits a handful of labels).
    PriorRecalibrated,
    /// Logistic regression on the prior's pair representation and log-probabilities.
    PriorLr,
    /// Logistic regression on the prior's features and the frozen sentence vectors.
    PriorFrozenLr,
    /// Logistic regression on the frozen sentence vectors alone (the baseline).
    FrozenLr,
}

impl Method {
    fn name(self) -> &'static str {
        match self {
            Method::Prior => "prior",
            Method::PriorRecalibrated => "prior_recalibrated",
            Method::PriorLr => "prior_lr",
            Method::PriorFrozenLr => "prior_frozen_lr",
            Method::FrozenLr => "frozen_lr",
        }
    }
}

/// Candidates with a proposal's own train rows, simpler first: a tie goes to the simpler.
const PER_PROPOSAL: [Method; 5] = [
    Method::Prior,
    Method::PriorRecalibrated,
    Method::PriorLr,
    Method::FrozenLr,
    Method::PriorFrozenLr,
];

/// Most cross-validation folds.
const FOLDS: usize = 5;

/// The features every method may read, per used row.
struct Features {
    /// The prior's judgement of each used row.
    prior: HashMap<usize, barometer_stance_model::PairJudgement>,
    /// Frozen vectors (text, "proposal [SEP] text") of rows whose proposal learns per proposal.
    frozen: HashMap<usize, Vec<f32>>,
}

impl Features {
    fn prior_part(&self, i: usize) -> Vec<f32> {
        let j = &self.prior[&i];
        let norm = j.features.iter().map(|v| v * v).sum::<f32>().sqrt().max(1e-12);
        j.features
            .iter()
            .map(|v| v / norm)
            .chain(j.probs.iter().map(|p| p.max(1e-6).ln()))
            .collect()
    }

    fn row(&self, method: Method, i: usize) -> Vec<f32> {
        match method {
            Method::Prior => Vec::new(),
            Method::PriorRecalibrated => self.prior[&i].probs.iter().map(|p| p.max(1e-6).ln()).collect(),
            Method::PriorLr => self.prior_part(i),
            Method::FrozenLr => self.frozen[&i].clone(),
            Method::PriorFrozenLr => [self.frozen[&i].clone(), self.prior_part(i)].concat(),
        }
    }

    /// Probabilities (for, against, undecided) of `apply` rows by `method` learned from `fit`
    /// rows. The prior keeps only the labels `fit` uses (all three when `fit` is empty).
    fn probs(&self, method: Method, rows: &[Row], fit: &[usize], apply: &[usize]) -> Vec<[f64; 3]> {
        let labels: BTreeSet<usize> = fit.iter().map(|&i| rows[i].label).collect();
        if method == Method::Prior {
            return apply
                .iter()
                .map(|&i| {
                    let p = self.prior[&i].probs;
                    let mut q = [0.0; 3];
                    for c in 0..3 {
                        if labels.is_empty() || labels.contains(&c) {
                            q[c] = p[c] as f64;
                        }
                    }
                    let sum: f64 = q.iter().sum::<f64>().max(1e-12);
                    q.map(|v| v / sum)
                })
                .collect();
        }
        let x: Vec<Vec<f32>> = fit.iter().map(|&i| self.row(method, i)).collect();
        let xr: Vec<&[f32]> = x.iter().map(Vec::as_slice).collect();
        let y: Vec<usize> = fit.iter().map(|&i| rows[i].label).collect();
        let model = Classifier::fit(&xr, &y, &Options::default());
        apply
            .iter()
            .map(|&i| {
                let mut q = [0.0; 3];
                for (c, p) in model
                    .classes()
                    .iter()
                    .zip(model.probabilities(&self.row(method, i)))
                {
                    q[*c] = p;
                }
                q
            })
            .collect()
    }
}

fn argmax(p: &[f64]) -> usize {
    (0..p.len()).fold(0, |b, c| if p[c] > p[b] { c } else { b })
}

/// A method chosen for a proposal, with its cross-validated macro-F1 and temperature.
struct Choice {
    method: Method,
    cv_macro_f1: Option<f64>,
    temperature: f64,
}

/// Picks the candidate with the best out-of-fold macro-F1 on `train` (folds by `group`), and
/// fits the temperature of its out-of-fold probabilities. Ties go to the earlier candidate.
fn choose(
    candidates: &[Method],
    feats: &Features,
    rows: &[Row],
    train: &[usize],
    group: &dyn Fn(usize) -> usize,
) -> Choice {
    let groups: Vec<usize> = train.iter().map(|&i| group(i)).collect();
    let distinct: BTreeSet<usize> = groups.iter().copied().collect();
    let k = FOLDS.min(distinct.len());
    if k < 2 {
        return Choice {
            method: Method::Prior,
            cv_macro_f1: None,
            temperature: 1.0,
        };
    }
    let fold = learned::folds(&groups, k);
    let gold: Vec<usize> = train.iter().map(|&i| rows[i].label).collect();
    let mut best: Option<(f64, Method, Vec<Vec<f64>>)> = None;
    for &m in candidates {
        let mut oof = vec![Vec::new(); train.len()];
        for f in 0..k {
            let fit: Vec<usize> = (0..train.len())
                .filter(|&n| fold[n] != f)
                .map(|n| train[n])
                .collect();
            let held: Vec<usize> = (0..train.len()).filter(|&n| fold[n] == f).collect();
            let apply: Vec<usize> = held.iter().map(|&n| train[n]).collect();
            for (&n, p) in held.iter().zip(feats.probs(m, rows, &fit, &apply)) {
                oof[n] = p.to_vec();
            }
        }
        let pairs: Vec<(usize, usize)> = gold.iter().zip(&oof).map(|(&g, p)| (g, argmax(p))).collect();
        let f1 = metrics(&pairs)["macro_f1"].as_f64().unwrap_or(0.0);
        if best.as_ref().is_none_or(|b| f1 > b.0 + 1e-9) {
            best = Some((f1, m, oof));
        }
    }
    let (f1, method, oof) = best.expect("candidates");
    Choice {
        method,
        cv_macro_f1: Some(f1),
        temperature: learned::fit_temperature(&oof, &gold),
    }
}

/// Runs `barometer eval stance`.
pub fn run(args: StanceArgs) -> anyhow::Result<()> {
    let started = Instant::now();
    let rows = read_rows(&args.data)?;
    let test: Vec<usize> = (0..rows.len()).filter(|&i| !rows[i].train).collect();
    if test.is_empty() {
        bail!("{}: no test rows to predict", args.data.display());
    }
    let train: Vec<usize> = if args.ignore_train {
        Vec::new()
    } else {
        (0..rows.len()).filter(|&i| rows[i].train).collect()
    };
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
    let scopes: BTreeMap<&str, Scope> = by_proposal
        .iter()
        .filter(|(_, (_, te))| !te.is_empty())
        .map(|(p, (tr, _))| (*p, scope_of(tr)))
        .collect();

    let dir = args.models.dir();
    barometer_encoder::models::ensure(&dir, &|line| eprintln!("{line}"))?;
    let prior = barometer_stance_model::StancePrior::load(&dir)?;
    // Train rows are read only where a proposal learns from its own.
    let used: Vec<usize> = (0..rows.len())
        .filter(|&i| {
            !rows[i].train
                || (!args.ignore_train && scopes.get(rows[i].proposal.as_str()) == Some(&Scope::PerProposal))
        })
        .collect();
    let mut judged = HashMap::new();
    let bar = progress(used.len(), "reading pairs");
    for chunk in used.chunks(256) {
        let pairs: Vec<(&str, &str)> = chunk
            .iter()
            .map(|&i| (rows[i].proposal.as_str(), rows[i].text.as_str()))
            .collect();
        judged.extend(chunk.iter().copied().zip(prior.predict(&pairs)?));
        bar.inc(chunk.len() as u64);
    }
    bar.finish_and_clear();
    let prior_s = started.elapsed().as_secs_f64();

    // Frozen vectors, only where a proposal learns from its own rows.
    let mut texts = Texts::default();
    let mut pairs_of: HashMap<usize, (usize, usize)> = HashMap::new();
    for (p, (tr, te)) in &by_proposal {
        if scopes.get(p) == Some(&Scope::PerProposal) {
            for &i in tr.iter().chain(te) {
                let r = &rows[i];
                let a = texts.add(r.text.clone());
                let b = texts.add(format!("{} [SEP] {}", r.proposal, r.text));
                pairs_of.insert(i, (a, b));
            }
        }
    }
    let mut vectors: Vec<Vec<f32>> = Vec::with_capacity(texts.list.len());
    if !texts.list.is_empty() {
        let encoder = args.models.encoder()?;
        let bar = progress(texts.list.len(), "embedding texts");
        for chunk in texts.list.chunks(256) {
            let refs: Vec<&str> = chunk.iter().map(String::as_str).collect();
            vectors.extend(encoder.embed(&refs)?);
            bar.inc(chunk.len() as u64);
        }
        bar.finish_and_clear();
    }
    let frozen = pairs_of
        .iter()
        .map(|(&i, &(a, b))| (i, [vectors[a].as_slice(), vectors[b].as_slice()].concat()))
        .collect();
    let feats = Features {
        prior: judged,
        frozen,
    };
    let embed_s = started.elapsed().as_secs_f64() - prior_s;

    // Across proposals, the prior alone, over the labels the file uses: other proposals' rows
    // teach their topics, not stance (the baseline's 0.53), and the prior learned from the
    // public dev files' train rows, so a choice by cross-validation on those rows would be
    // biased towards it. The temperature stays 1 for the same reason.
    let pooled_choice = Choice {
        method: Method::Prior,
        cv_macro_f1: None,
        temperature: 1.0,
    };
    let mut predicted: HashMap<usize, (usize, f64)> = HashMap::new();
    let mut choices: BTreeMap<&str, (Method, Option<f64>, f64)> = BTreeMap::new();
    for (p, (tr, te)) in &by_proposal {
        if te.is_empty() {
            continue;
        }
        let own;
        let (choice, fit): (&Choice, &[usize]) = match scopes[p] {
            Scope::PerProposal => {
                // Rows dealt out to folds in label order: stratified folds.
                let mut sorted = tr.clone();
                sorted.sort_by_key(|&i| rows[i].label);
                let position: HashMap<usize, usize> =
                    sorted.iter().enumerate().map(|(n, &i)| (i, n)).collect();
                own = choose(&PER_PROPOSAL, &feats, &rows, &sorted, &|i| position[&i]);
                (&own, tr.as_slice())
            }
            Scope::Pooled => (&pooled_choice, train.as_slice()),
            Scope::ZeroShot => {
                own = Choice {
                    method: Method::Prior,
                    cv_macro_f1: None,
                    temperature: 1.0,
                };
                (&own, &[][..])
            }
        };
        choices.insert(p, (choice.method, choice.cv_macro_f1, choice.temperature));
        for (&i, q) in te.iter().zip(feats.probs(choice.method, &rows, fit, te)) {
            let q = learned::tempered(&q, choice.temperature);
            let best = argmax(&q);
            predicted.insert(i, (best, q[best]));
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
    let mut used_methods: BTreeMap<&str, usize> = BTreeMap::new();
    for (p, s) in &scopes {
        *used_scopes.entry(s.name()).or_default() += 1;
        *used_methods.entry(choices[p].0.name()).or_default() += 1;
    }
    report["n_train"] = json!(train.len());
    report["models"] = json!(used_scopes);
    report["methods"] = json!(used_methods);
    report["embedded_texts"] = json!(texts.list.len());
    report["judged_pairs"] = json!(used.len());
    report["seconds"] = json!({
        "prior": round(prior_s),
        "embedding": round(embed_s),
        "total": round(total_s),
    });
    if scopes.len() <= 30 {
        let per: BTreeMap<&str, Value> = scopes
            .keys()
            .map(|p| {
                let mut m = metrics(&pairs(&by_proposal[p].1));
                let (method, cv, t) = choices[p];
                m["model"] = json!(scopes[p].name());
                m["method"] = json!(method.name());
                m["cv_macro_f1"] = json!(cv);
                m["temperature"] = json!(round(t));
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

fn progress(len: usize, what: &str) -> indicatif::ProgressBar {
    let bar = indicatif::ProgressBar::new(len as u64);
    bar.set_style(
        indicatif::ProgressStyle::with_template(&format!(
            "{what} {{pos}}/{{len}} [{{elapsed}}, {{eta}} left]"
        ))
        .expect("valid template"),
    );
    bar
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
    println!("models: {}; methods: {}", report["models"], report["methods"]);
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
            let cv = m["cv_macro_f1"]
                .as_f64()
                .map_or_else(|| "-".to_string(), |v| format!("{v:.3}"));
            println!(
                "  {:<12} {:<15} cv {cv:<5} T {:<5} n={:<4} macro-F1 {:.3}  F_avg {:.3}  accuracy {:.3}  {p}",
                m["model"].as_str().unwrap_or(""),
                m["method"].as_str().unwrap_or(""),
                num(m, "temperature"),
                m["n_test"],
                num(m, "macro_f1"),
                num(m, "f_avg"),
                num(m, "accuracy")
            );
        }
    }
    println!(
        "{} pairs read by the prior in {:.1} s; {} texts embedded in {:.1} s; {:.1} s in all; predictions in {}",
        report["judged_pairs"],
        num(&report["seconds"], "prior"),
        report["embedded_texts"],
        num(&report["seconds"], "embedding"),
        num(&report["seconds"], "total"),
        args.out.display()
    );
}
