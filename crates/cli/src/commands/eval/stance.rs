//! `barometer eval stance --data FILE.jsonl --out PRED.jsonl [--json]`: measures stance reading
//! on a labelled file (docs: ../shared/datasets/FORMAT.md, and docs/ACCURACY.md).
//!
//! It measures the product: each proposal of the file becomes a consultation of its own, with
//! one closed question (for, against, undecided) and the open question that explains it. Each
//! `train` row is a respondent who ticked the closed question and explained it; each `test` row
//! a respondent who only wrote in the box. They are stored in a scratch store and run through
//! the pipeline's stages up to stance ([`barometer_pipeline::read_stances`]), exactly as
//! `barometer analyse` runs them: so a proposal with enough train rows is read by the model
//! learned from them, and one with too few (or `--ignore-train`) by the stance prior.
//! A test row the product judges "no view" (nothing in it to read) is written as `undecided`,
//! with confidence 0, and counted apart. Test labels are read only to score.

use crate::commands::ModelArgs;
use crate::support;
use anyhow::{Context, bail};
use barometer_domain::{
    Answer, Camp, Consultation, ProposalId, Respondent, ResponseRecord, SourceKind, StanceSource,
};
use barometer_pipeline::{Options, Silent};
use serde_json::{Value, json};
use std::collections::{BTreeMap, HashMap};
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
    /// Its 1-based line in the file.
    pub line: usize,
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
            line: n + 1,
        });
    }
    Ok(rows)
}

/// The consultation one proposal of the file becomes: the proposal, a closed question whose
/// options are the three stances, and the open question that explains it.
fn consultation_for(proposal: &str) -> anyhow::Result<Consultation> {
    // A JSON string is a valid TOML basic string (serde_json never writes `\/`).
    let text = serde_json::to_string(proposal)?;
    let definition = format!(
        r#"
id = "eval"
title = "barometer eval stance"
organisation = "barometer eval"
opens = 2000-01-01
closes = 2000-12-31
[[proposals]]
id = "{PROPOSAL}"
text = {text}
[[questions]]
id = "{CLOSED}"
kind = "closed"
proposal = "{PROPOSAL}"
text = "Are you for or against the proposal?"
[questions.options]
for = "for"
against = "against"
undecided = "undecided"
[[questions]]
id = "{OPEN}"
kind = "open"
proposal = "{PROPOSAL}"
explains = "{CLOSED}"
text = "Please explain your answer."
"#
    );
    Consultation::parse(&definition).with_context(|| format!("proposal {proposal:?} cannot be defined"))
}

const PROPOSAL: &str = "P";
const CLOSED: &str = "Q";
const OPEN: &str = "Q_explain";

/// A row as a respondent: a train row ticked its label and explained it; a test row only wrote.
fn record(row: &Row, file: &str, tick: bool) -> ResponseRecord {
    let mut answers = Vec::new();
    if tick {
        answers.push(Answer {
            question: barometer_domain::QuestionId(CLOSED.into()),
            option: Some(LABELS[row.label].into()),
            text: None,
        });
    }
    answers.push(Answer {
        question: barometer_domain::QuestionId(OPEN.into()),
        option: None,
        text: Some(row.text.clone()),
    });
    ResponseRecord {
        external_id: format!("row-{}", row.line),
        source: SourceKind::Export,
        source_file: file.into(),
        source_line: Some(row.line as u64),
        respondent: Respondent::individual(),
        submitted_at: None,
        answers,
    }
}

/// How one test row was judged.
struct Judged {
    label: usize,
    confidence: f64,
    /// Read by the stance prior (the proposal had too few train rows).
    by_prior: bool,
    /// The product said "no view".
    no_view: bool,
}

/// Runs `barometer eval stance`.
pub fn run(args: StanceArgs) -> anyhow::Result<()> {
    let started = Instant::now();
    let rows = read_rows(&args.data)?;
    let test: Vec<usize> = (0..rows.len()).filter(|&i| !rows[i].train).collect();
    if test.is_empty() {
        bail!("{}: no test rows to predict", args.data.display());
    }
    let n_train = if args.ignore_train {
        0
    } else {
        rows.iter().filter(|r| r.train).count()
    };
    let mut by_proposal: BTreeMap<&str, Vec<usize>> = BTreeMap::new();
    for (i, r) in rows.iter().enumerate() {
        if !r.train || !args.ignore_train {
            by_proposal.entry(&r.proposal).or_default().push(i);
        }
    }
    by_proposal.retain(|_, idx| idx.iter().any(|&i| !rows[i].train));

    let models = args.models.models()?;
    let scratch = tempfile::tempdir().context("cannot create a scratch folder for the eval store")?;
    let url = scratch.path().join("eval.sqlite").display().to_string();
    let file = args.data.display().to_string();
    let options = Options::default();
    let bar = progress(by_proposal.len(), "proposals");
    let mut judged: HashMap<usize, Judged> = HashMap::new();
    let mut per_proposal_model: BTreeMap<&str, bool> = BTreeMap::new();
    support::runtime()?.block_on(async {
        let store = support::open_store(&url).await?;
        for (n, (proposal, idx)) in by_proposal.iter().enumerate() {
            let consultation = consultation_for(proposal)?;
            let cid = format!("eval-{n}");
            store.save_consultation(&cid, &consultation).await?;
            // Row numbers are the file's lines, 1-based, for any message that names one.
            let records: Vec<ResponseRecord> = idx
                .iter()
                .map(|&i| record(&rows[i], &file, rows[i].train))
                .collect();
            store.import_batch(&cid, "jsonl", &[], &records).await?;
            let stored = store.load_responses(&cid).await?;
            let run = barometer_pipeline::read_stances(
                &store,
                &cid,
                &consultation,
                &stored,
                &models,
                &options,
                &Silent,
            )
            .await?;
            let row_of: HashMap<String, usize> = idx
                .iter()
                .map(|&i| (format!("row-{}", rows[i].line), i))
                .collect();
            let p = ProposalId(PROPOSAL.into());
            per_proposal_model.insert(proposal, run.stances.inference.quality.contains_key(&p));
            for a in &run.stances.analysed {
                let i = row_of[&a.external_id];
                if rows[i].train {
                    continue;
                }
                let j = &a.judgements[&p];
                let label = match j.camp {
                    Camp::For => Some(0),
                    Camp::Against => Some(1),
                    Camp::Undecided => Some(2),
                    Camp::NoView => None,
                };
                judged.insert(
                    i,
                    Judged {
                        label: label.unwrap_or(2),
                        confidence: if label.is_some() {
                            f64::from(j.confidence)
                        } else {
                            0.0
                        },
                        by_prior: j.source == Some(StanceSource::Model) && !per_proposal_model[proposal],
                        no_view: label.is_none(),
                    },
                );
            }
            bar.inc(1);
        }
        store.close().await;
        anyhow::Ok(())
    })?;
    bar.finish_and_clear();
    let total_s = started.elapsed().as_secs_f64();

    let out =
        std::fs::File::create(&args.out).with_context(|| format!("cannot create {}", args.out.display()))?;
    let mut out = BufWriter::new(out);
    for &i in &test {
        let j = &judged[&i];
        let line = json!({ "id": rows[i].id, "label": LABELS[j.label], "confidence": j.confidence });
        writeln!(out, "{line}")?;
    }
    out.flush()
        .with_context(|| format!("cannot write {}", args.out.display()))?;

    let pairs = |idx: &[usize]| -> Vec<(usize, usize)> {
        idx.iter()
            .filter(|&&i| !rows[i].train)
            .map(|&i| (rows[i].label, judged[&i].label))
            .collect()
    };
    let mut report = metrics(&pairs(&test));
    let learned = per_proposal_model.values().filter(|&&m| m).count();
    report["n_train"] = json!(n_train);
    report["models"] = json!({ "per_proposal": learned, "prior": per_proposal_model.len() - learned });
    report["read_by_prior"] = json!(test.iter().filter(|&&i| judged[&i].by_prior).count());
    report["no_view"] = json!(test.iter().filter(|&&i| judged[&i].no_view).count());
    report["seconds"] = json!({ "total": round(total_s) });
    if by_proposal.len() <= 30 {
        let per: BTreeMap<&str, Value> = by_proposal
            .iter()
            .map(|(p, idx)| {
                let mut m = metrics(&pairs(idx));
                m["model"] = json!(if per_proposal_model[p] {
                    "per_proposal"
                } else {
                    "prior"
                });
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
    use barometer_maths::metrics::{accuracy, class_f1, macro_f1};
    let gold: Vec<usize> = pairs.iter().map(|p| p.0).collect();
    let predicted: Vec<usize> = pairs.iter().map(|p| p.1).collect();
    let f1: Vec<f64> = (0..3).map(|l| class_f1(&gold, &predicted, &l)).collect();
    json!({
        "n_test": pairs.len(),
        "macro_f1": macro_f1(&gold, &predicted),
        "f_avg": (f1[0] + f1[1]) / 2.0,
        "accuracy": accuracy(&gold, &predicted),
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
    println!(
        "proposals read by a model learned from their train rows: {}; by the stance prior: {}",
        report["models"]["per_proposal"], report["models"]["prior"]
    );
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
        "{} test rows read by the prior, {} judged no view (written as undecided); {:.1} s in all; predictions in {}",
        report["read_by_prior"],
        report["no_view"],
        num(&report["seconds"], "total"),
        args.out.display()
    );
}
