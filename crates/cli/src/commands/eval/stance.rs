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
//! with confidence 0, and counted apart. Test labels are read only to score, and may be absent
//! (a file made blind by ../shared/tools/blind.py).
//!
//! With `--oracle CMD --budget K` an analyst is in the loop, exactly as the review queue asks
//! one: the head of a proposal's queue (a campaign's template, a group's representative, then
//! the least certain) is asked of CMD, the answer is stored as an analyst's label, and that
//! proposal is read again; K times at most. Rows asked are written with the answer and scored
//! apart.

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
    /// An analyst to ask: a command that reads a row id a line and answers its label
    /// (for, against, undecided, unknown or refused), as ../shared/tools/oracle.py does
    #[arg(long, value_name = "COMMAND", requires = "budget")]
    pub oracle: Option<String>,
    /// The most questions to ask the oracle
    #[arg(long, value_name = "K", requires = "oracle")]
    pub budget: Option<usize>,
    #[command(flatten)]
    pub models: ModelArgs,
}

const LABELS: [&str; 3] = ["for", "against", "undecided"];

/// One row of a stance file.
pub(crate) struct Row {
    pub id: Value,
    pub proposal: String,
    pub text: String,
    /// Index into `LABELS`; a blind file's test rows have none.
    pub label: Option<usize>,
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
        let train = match field("split")? {
            "train" => true,
            "test" => false,
            other => bail!("{}: split `{other}` is not train or test", at()),
        };
        let label = if train || v.get("label").is_some() {
            let label = field("label")?;
            let Some(label) = LABELS.iter().position(|l| *l == label) else {
                bail!("{}: label `{label}` is not for, against or undecided", at());
            };
            Some(label)
        } else {
            None
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
            option: row.label.map(|l| LABELS[l].into()),
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
        ocr: None,
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

/// One proposal of the file as the product sees it: its scratch consultation and the rows in it.
struct Scratch<'a> {
    proposal: &'a str,
    cid: String,
    consultation: Consultation,
    /// Row indices, by the external id their record was stored under.
    row_of: HashMap<String, usize>,
    /// The latest reading.
    run: Option<barometer_pipeline::Stances>,
}

/// The analyst in the loop: a command asked for one row's label at a time.
struct Oracle {
    child: std::process::Child,
    stdin: std::process::ChildStdin,
    stdout: std::io::BufReader<std::process::ChildStdout>,
}

impl Oracle {
    fn start(command: &str) -> anyhow::Result<Oracle> {
        let mut child = std::process::Command::new("sh")
            .arg("-c")
            .arg(command)
            .stdin(std::process::Stdio::piped())
            .stdout(std::process::Stdio::piped())
            .spawn()
            .with_context(|| format!("--oracle: cannot run {command:?}"))?;
        let stdin = child.stdin.take().context("--oracle: no standard input")?;
        let stdout = std::io::BufReader::new(child.stdout.take().context("--oracle: no standard output")?);
        Ok(Oracle { child, stdin, stdout })
    }

    /// The answer for row `id`: a label index, `None` for unknown, or `Err` once refused.
    fn ask(&mut self, id: &Value) -> anyhow::Result<Option<Option<usize>>> {
        use std::io::BufRead;
        let id = id.as_str().map_or_else(|| id.to_string(), str::to_string);
        writeln!(self.stdin, "{id}").context("--oracle: cannot write to the command")?;
        self.stdin
            .flush()
            .context("--oracle: cannot write to the command")?;
        let mut answer = String::new();
        self.stdout
            .read_line(&mut answer)
            .context("--oracle: cannot read the command's answer")?;
        match answer.trim() {
            "refused" => Ok(None),
            "unknown" => Ok(Some(None)),
            a => match LABELS.iter().position(|l| *l == a) {
                Some(l) => Ok(Some(Some(l))),
                None => bail!(
                    "--oracle answered {a:?} for row {id}: expected for, against, undecided, unknown or refused"
                ),
            },
        }
    }

    fn finish(mut self) {
        drop(self.stdin);
        let _ = self.child.wait();
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
    // Rows asked of the oracle, with its answer (None: it did not know the row).
    let mut asked: BTreeMap<usize, Option<usize>> = BTreeMap::new();
    let p = ProposalId(PROPOSAL.into());
    support::runtime()?.block_on(async {
        let store = support::open_store(&url).await?;
        let mut scratches = Vec::new();
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
            let row_of = idx
                .iter()
                .map(|&i| (format!("row-{}", rows[i].line), i))
                .collect();
            let mut s = Scratch {
                proposal,
                cid,
                consultation,
                row_of,
                run: None,
            };
            s.run = Some(read(&store, &s, &models, &options).await?);
            scratches.push(s);
            bar.inc(1);
        }
        bar.finish_and_clear();

        if let (Some(command), Some(budget)) = (&args.oracle, args.budget) {
            let mut oracle = Oracle::start(command)?;
            while asked.values().filter(|a| a.is_some()).count() < budget {
                let Some((k, response_id, i)) = next_question(&scratches, &rows, &asked) else {
                    break;
                };
                let Some(answer) = oracle.ask(&rows[i].id)? else {
                    break;
                };
                asked.insert(i, answer);
                if let Some(label) = answer {
                    let camp = Camp::from(Some(stance_of(label)));
                    store
                        .set_stance_label(&scratches[k].cid, &response_id, &p, camp, "oracle", None)
                        .await?;
                    let run = read(&store, &scratches[k], &models, &options).await?;
                    scratches[k].run = Some(run);
                }
            }
            oracle.finish();
        }

        for s in &scratches {
            let stances = s.run.as_ref().expect("every proposal read");
            let learned = stances.inference.quality.contains_key(&p);
            per_proposal_model.insert(s.proposal, learned);
            for a in &stances.analysed {
                let i = s.row_of[&a.external_id];
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
                        by_prior: j.source == Some(StanceSource::Model) && !learned,
                        no_view: label.is_none(),
                    },
                );
            }
        }
        store.close().await;
        anyhow::Ok(())
    })?;
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

    // Scored: the test rows nobody asked the oracle about, where the file has their label.
    let scored = |idx: &[usize]| -> Vec<(usize, usize, f64)> {
        idx.iter()
            .filter(|&&i| !rows[i].train && !asked.contains_key(&i))
            .filter_map(|&i| Some((rows[i].label?, judged[&i].label, judged[&i].confidence)))
            .collect()
    };
    let mut report = metrics(&scored(&test));
    let learned = per_proposal_model.values().filter(|&&m| m).count();
    report["n_train"] = json!(n_train);
    report["test_rows"] = json!(test.len());
    report["models"] = json!({ "per_proposal": learned, "prior": per_proposal_model.len() - learned });
    report["read_by_prior"] = json!(test.iter().filter(|&&i| judged[&i].by_prior).count());
    report["no_view"] = json!(test.iter().filter(|&&i| judged[&i].no_view).count());
    if args.oracle.is_some() {
        report["oracle"] = json!({
            "asked": asked.len(),
            "answered": asked.values().filter(|a| a.is_some()).count(),
        });
    }
    report["seconds"] = json!({ "total": round(total_s) });
    if by_proposal.len() <= 30 {
        let per: BTreeMap<&str, Value> = by_proposal
            .iter()
            .map(|(p, idx)| {
                let mut m = metrics(&scored(idx));
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

fn stance_of(label: usize) -> barometer_domain::Stance {
    [
        barometer_domain::Stance::For,
        barometer_domain::Stance::Against,
        barometer_domain::Stance::Undecided,
    ][label]
}

/// Reads one scratch consultation's stances, as `analyse` would.
async fn read(
    store: &barometer_store::Store,
    s: &Scratch<'_>,
    models: &barometer_pipeline::Models,
    options: &Options,
) -> anyhow::Result<barometer_pipeline::Stances> {
    let stored = store.load_responses(&s.cid).await?;
    let run =
        barometer_pipeline::read_stances(store, &s.cid, &s.consultation, &stored, models, options, &Silent)
            .await?;
    Ok(run.stances)
}

/// A question for the oracle: the scratch consultation, the response's store id, the row.
type Question = (usize, String, usize);

/// The next question for the oracle: across proposals, the review queue's head that settles
/// most (then the least certain), among test rows not asked yet; where every queue is empty,
/// the test row judged least surely. Gives (scratch, response id, row).
fn next_question(
    scratches: &[Scratch<'_>],
    rows: &[Row],
    asked: &BTreeMap<usize, Option<usize>>,
) -> Option<Question> {
    let open = |s: &Scratch<'_>, response: usize| {
        let a = &s.run.as_ref().expect("read").analysed[response];
        let i = s.row_of[&a.external_id];
        (!rows[i].train && !asked.contains_key(&i)).then(|| (a.id.clone(), i))
    };
    let mut best: Option<((usize, f64), Question)> = None;
    for (k, s) in scratches.iter().enumerate() {
        let stances = s.run.as_ref().expect("read");
        let head = stances
            .inference
            .review_queue
            .iter()
            .find_map(|item| Some((item.settles, item.confidence, open(s, item.response)?)));
        if let Some((settles, confidence, (id, i))) = head {
            let better = best
                .as_ref()
                .is_none_or(|((bs, bc), _)| settles > *bs || (settles == *bs && confidence < *bc));
            if better {
                best = Some(((settles, confidence), (k, id, i)));
            }
        }
    }
    if best.is_some() {
        return best.map(|(_, q)| q);
    }
    let p = &ProposalId(PROPOSAL.into());
    scratches
        .iter()
        .enumerate()
        .flat_map(|(k, s)| {
            let stances = s.run.as_ref().expect("read");
            stances.analysed.iter().enumerate().filter_map(move |(r, a)| {
                let j = a.judgements.get(p)?;
                (j.source == Some(StanceSource::Model)).then_some((k, r, j.confidence))
            })
        })
        .filter_map(|(k, r, c)| open(&scratches[k], r).map(|(id, i)| (c, k, id, i)))
        .min_by(|a, b| a.0.total_cmp(&b.0).then(a.3.cmp(&b.3)))
        .map(|(_, k, id, i)| (k, id, i))
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

/// Macro-F1 over the gold labels present, F_avg (mean F1 of for and against), accuracy, and the
/// calibration of the confidence written. `scored` holds (gold, predicted, confidence).
/// Matches ../shared/tools/score.py.
fn metrics(scored: &[(usize, usize, f64)]) -> Value {
    use barometer_maths::metrics::{accuracy, class_f1, macro_f1};
    if scored.is_empty() {
        return json!({ "n_test": 0 });
    }
    let gold: Vec<usize> = scored.iter().map(|p| p.0).collect();
    let predicted: Vec<usize> = scored.iter().map(|p| p.1).collect();
    let f1: Vec<f64> = (0..3).map(|l| class_f1(&gold, &predicted, &l)).collect();
    let (ece, bins) = calibration(scored);
    json!({
        "n_test": scored.len(),
        "macro_f1": macro_f1(&gold, &predicted),
        "f_avg": (f1[0] + f1[1]) / 2.0,
        "accuracy": accuracy(&gold, &predicted),
        "f1": { "for": f1[0], "against": f1[1], "undecided": f1[2] },
        "ece": ece,
        "reliability": bins,
    })
}

/// Expected calibration error over ten equal-width confidence bins (the mean gap between
/// confidence and accuracy, weighted by the rows in each bin), and the bins themselves: rows,
/// mean confidence, accuracy.
pub(super) fn calibration(scored: &[(usize, usize, f64)]) -> (f64, Vec<Value>) {
    let mut bins = [(0usize, 0.0f64, 0usize); 10];
    for &(gold, predicted, confidence) in scored {
        let b = ((confidence * 10.0) as usize).min(9);
        bins[b].0 += 1;
        bins[b].1 += confidence;
        bins[b].2 += usize::from(gold == predicted);
    }
    let n = scored.len() as f64;
    let mut ece = 0.0;
    let mut table = Vec::new();
    for (b, &(count, sum, right)) in bins.iter().enumerate() {
        if count == 0 {
            continue;
        }
        let (conf, acc) = (sum / count as f64, right as f64 / count as f64);
        ece += count as f64 / n * (conf - acc).abs();
        table.push(json!({ "from": b as f64 / 10.0, "rows": count, "confidence": round(conf), "accuracy": round(acc) }));
    }
    (ece, table)
}

fn print_text(report: &Value, args: &StanceArgs) {
    let num = |v: &Value, k: &str| v[k].as_f64().unwrap_or(0.0);
    println!(
        "stance on {} ({} test rows, {} train rows)",
        args.data.display(),
        report["test_rows"],
        report["n_train"]
    );
    println!(
        "proposals read by a model learned from their train rows: {}; by the stance prior: {}",
        report["models"]["per_proposal"], report["models"]["prior"]
    );
    if let Some(asked) = report.get("oracle") {
        println!(
            "asked the oracle about {} test rows ({} answered); they are scored apart",
            asked["asked"], asked["answered"]
        );
    }
    if report["macro_f1"].is_null() {
        println!("no test labels in the file to score (a blind file); predictions only");
    } else {
        println!(
            "macro-F1 {:.3}   F_avg {:.3}   accuracy {:.3}   ECE {:.3}  (over {} rows)",
            num(report, "macro_f1"),
            num(report, "f_avg"),
            num(report, "accuracy"),
            num(report, "ece"),
            report["n_test"]
        );
        let f1 = &report["f1"];
        println!(
            "F1: for {:.3}, against {:.3}, undecided {:.3}",
            num(f1, "for"),
            num(f1, "against"),
            num(f1, "undecided")
        );
    }
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
