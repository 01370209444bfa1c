//! `barometer eval respondents --data FILE.jsonl --out PRED.jsonl [--json]`: measures
//! respondent-type inference on a labelled file (../shared/datasets/FORMAT.md).
//!
//! Each row becomes a response as a public-comment docket gives one when the commenter filled
//! no category: the organisation's name where they typed one, their words, and the text of an
//! attached position paper. The rows are stored in a scratch store and read by
//! `barometer_pipeline::respondents::read`, the stage `analyse` runs, so the figures are the
//! product's. `category` and `type` are never read to predict.

use crate::support;
use anyhow::{Context, bail};
use barometer_domain::{
    Answer, QuestionId, Respondent, RespondentType, RespondingAs, ResponseRecord, SourceKind,
};
use serde_json::{Value, json};
use std::collections::{BTreeMap, HashMap};
use std::io::{BufWriter, Write};
use std::path::{Path, PathBuf};
use std::time::Instant;

/// Flags of `barometer eval respondents`.
#[derive(Debug, clap::Args)]
pub struct RespondentsArgs {
    /// The labelled file: one JSON object per line with `id`, `organisation`, `text`, `type`
    #[arg(long, value_name = "FILE.jsonl")]
    data: PathBuf,
    /// Where to write one prediction per row: `{"id", "type", "confidence"}`
    #[arg(long, value_name = "PRED.jsonl")]
    out: PathBuf,
    /// Print the metrics as one JSON object
    #[arg(long)]
    json: bool,
}

/// One row of the file.
struct Row {
    id: Value,
    organisation: Option<String>,
    text: String,
    attachment: Option<String>,
    gold: Option<RespondentType>,
    line: usize,
}

fn read_rows(path: &Path) -> anyhow::Result<Vec<Row>> {
    let text = std::fs::read_to_string(path).with_context(|| format!("cannot read {}", path.display()))?;
    let mut rows = Vec::new();
    for (n, line) in text.lines().enumerate() {
        if line.trim().is_empty() {
            continue;
        }
        let at = || format!("{} line {}", path.display(), n + 1);
        let v: Value = serde_json::from_str(line).with_context(|| format!("{}: not a JSON object", at()))?;
        let text_field = |key: &str| {
            v.get(key)
                .and_then(Value::as_str)
                .map(str::trim)
                .filter(|s| !s.is_empty())
        };
        let gold = match v.get("type") {
            None | Some(Value::Null) => None,
            Some(Value::String(t)) => Some(
                t.parse::<RespondentType>()
                    .map_err(|m| anyhow::anyhow!("{}: field `type`: {m}", at()))?,
            ),
            Some(other) => bail!("{}: field `type` must be a string or null, not {other}", at()),
        };
        rows.push(Row {
            id: v
                .get("id")
                .cloned()
                .with_context(|| format!("{}: field `id` is missing", at()))?,
            organisation: text_field("organisation").map(str::to_string),
            text: text_field("text").unwrap_or_default().to_string(),
            attachment: text_field("attachment").map(str::to_string),
            gold,
            line: n + 1,
        });
    }
    Ok(rows)
}

const QUESTION: &str = "Q1";

fn definition() -> anyhow::Result<barometer_domain::Consultation> {
    Ok(barometer_domain::Consultation::parse(
        r#"
id = "eval"
title = "barometer eval respondents"
organisation = ""
opens = 2000-01-01
closes = 2000-12-31
[[proposals]]
id = "P1"
text = "The proposal"
[[questions]]
id = "Q1"
kind = "open"
text = "Your comments"
"#,
    )?)
}

/// A row as a docket comment whose sender chose no category.
fn record(row: &Row, file: &str) -> ResponseRecord {
    let text = match &row.attachment {
        Some(a) => format!("{}\n\n{a}", row.text),
        None => row.text.clone(),
    };
    let organisation = row.organisation.is_some();
    ResponseRecord {
        external_id: format!("row-{}", row.line),
        source: SourceKind::Export,
        source_file: file.into(),
        source_line: Some(row.line as u64),
        respondent: Respondent {
            responding_as: if organisation {
                RespondingAs::Organisation
            } else {
                RespondingAs::Individual
            },
            organisation_name: row.organisation.clone(),
            respondent_type: if organisation {
                RespondentType::OtherOrganisation
            } else {
                RespondentType::Individual
            },
            ..Respondent::individual()
        },
        submitted_at: None,
        ocr: None,
        answers: vec![Answer {
            question: QuestionId(QUESTION.into()),
            option: None,
            text: Some(text),
        }],
    }
}

/// Runs `barometer eval respondents`.
pub fn run(args: RespondentsArgs) -> anyhow::Result<()> {
    let started = Instant::now();
    let rows = read_rows(&args.data)?;
    if rows.is_empty() {
        bail!("{}: no rows", args.data.display());
    }
    let file = args.data.display().to_string();
    let consultation = definition()?;
    let scratch = tempfile::tempdir().context("cannot create a scratch folder for the eval store")?;
    let url = scratch.path().join("eval.sqlite").display().to_string();
    let records: Vec<ResponseRecord> = rows.iter().map(|r| record(r, &file)).collect();
    let judged = support::runtime()?.block_on(async {
        let store = support::open_store(&url).await?;
        store.save_consultation("eval", &consultation).await?;
        store.import_batch("eval", "jsonl", &[], &records).await?;
        let stored = store.load_responses("eval").await?;
        let respondents =
            barometer_pipeline::respondents::read(&store, "eval", &consultation, &stored).await?;
        let by_external: HashMap<String, (RespondentType, f32, Option<String>)> = stored
            .iter()
            .zip(&respondents.judgements)
            .map(|(s, j)| {
                (
                    s.record.external_id.clone(),
                    (j.respondent_type, j.confidence, j.evidence.clone()),
                )
            })
            .collect();
        anyhow::Ok(by_external)
    })?;

    let out =
        std::fs::File::create(&args.out).with_context(|| format!("cannot create {}", args.out.display()))?;
    let mut out = BufWriter::new(out);
    let mut scored: Vec<(RespondentType, RespondentType, f64)> = Vec::new();
    for row in &rows {
        let (t, confidence, evidence) = &judged[&format!("row-{}", row.line)];
        let (t, confidence) = (*t, *confidence);
        serde_json::to_writer(
            &mut out,
            &json!({
                "id": row.id,
                "type": t.as_str(),
                "confidence": (f64::from(confidence) * 1e4).round() / 1e4,
                "evidence": evidence,
            }),
        )?;
        out.write_all(b"\n")?;
        if let Some(gold) = row.gold {
            scored.push((gold, t, f64::from(confidence)));
        }
    }
    out.flush()
        .with_context(|| format!("cannot write {}", args.out.display()))?;

    let metrics = metrics(&scored);
    let seconds = started.elapsed().as_secs_f64();
    if args.json {
        let mut m = metrics;
        m["n"] = json!(rows.len());
        m["seconds"] = json!(seconds);
        println!("{m}");
    } else {
        println!("rows              {}", rows.len());
        println!("typed rows        {}", scored.len());
        println!(
            "accuracy          {:.4}",
            metrics["accuracy"].as_f64().unwrap_or(0.0)
        );
        println!(
            "macro-F1          {:.4}",
            metrics["macro_f1"].as_f64().unwrap_or(0.0)
        );
        println!("ECE               {:.4}", metrics["ece"].as_f64().unwrap_or(0.0));
        if let Some(per) = metrics["f1"].as_object() {
            for (t, f) in per {
                println!("  F1 {t:<20} {:.4}", f.as_f64().unwrap_or(0.0));
            }
        }
        println!("time              {seconds:.2} s");
    }
    Ok(())
}

/// Accuracy and macro-F1 over the types present among the gold rows (as
/// ../shared/tools/score.py computes them), F1 per type, and calibration.
fn metrics(scored: &[(RespondentType, RespondentType, f64)]) -> Value {
    use barometer_maths::metrics::{accuracy, f1_per_class, macro_f1};
    if scored.is_empty() {
        return json!({ "n_typed": 0 });
    }
    let gold: Vec<RespondentType> = scored.iter().map(|s| s.0).collect();
    let predicted: Vec<RespondentType> = scored.iter().map(|s| s.1).collect();
    let per: BTreeMap<&str, f64> = f1_per_class(&gold, &predicted)
        .into_iter()
        .map(|(t, f)| (t.as_str(), f))
        .collect();
    let index = |t: RespondentType| RespondentType::ALL.iter().position(|x| *x == t).expect("listed");
    let as_index: Vec<(usize, usize, f64)> =
        scored.iter().map(|&(g, p, c)| (index(g), index(p), c)).collect();
    let (ece, bins) = super::stance::calibration(&as_index);
    json!({
        "n_typed": scored.len(),
        "accuracy": accuracy(&gold, &predicted),
        "macro_f1": macro_f1(&gold, &predicted),
        "f1": per,
        "ece": ece,
        "reliability": bins,
    })
}
