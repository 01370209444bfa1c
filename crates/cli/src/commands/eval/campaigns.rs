//! `barometer eval campaigns --data FILE.jsonl --out PRED.jsonl [--json]`: measures campaign
//! detection on a labelled file (../shared/datasets/FORMAT.md; figures in docs/ACCURACY.md).
//!
//! Every row's text goes to [`barometer_analysis::campaigns::detect`] with the default options;
//! the gold `campaign` field is read only to score, after the predictions are written.

use anyhow::{Context, bail};
use barometer_analysis::campaigns::{Item, Options, detect};
use barometer_maths::metrics;
use serde_json::{Value, json};
use std::collections::HashMap;
use std::io::{BufWriter, Write};
use std::path::{Path, PathBuf};
use std::time::Instant;

/// Flags of `barometer eval campaigns`.
#[derive(Debug, clap::Args)]
pub struct CampaignsArgs {
    /// A campaigns file: JSON lines with id, text and campaign (a group id or null)
    #[arg(long, value_name = "FILE.jsonl")]
    pub data: PathBuf,
    /// Where to write one {"id", "campaign"} line per row, in input order
    #[arg(long, value_name = "PRED.jsonl")]
    pub out: PathBuf,
    /// Print the metrics as one JSON object
    #[arg(long)]
    pub json: bool,
    /// The fewest members a group needs to count as a campaign
    #[arg(long, default_value_t = Options::default().min_size)]
    pub min_size: usize,
}

/// One labelled row.
pub struct Row {
    /// The row's id, as written.
    pub id: Value,
    /// The response's text.
    pub text: String,
    /// The gold campaign, if any.
    pub campaign: Option<String>,
}

/// Reads a campaigns file, naming the file, line and field of any problem.
pub fn read_rows(path: &Path) -> anyhow::Result<Vec<Row>> {
    let file = std::fs::read_to_string(path).with_context(|| format!("cannot read {}", path.display()))?;
    let mut rows = Vec::new();
    for (n, line) in file.lines().enumerate().filter(|(_, l)| !l.trim().is_empty()) {
        let at = || format!("{}:{}", path.display(), n + 1);
        let v: Value = serde_json::from_str(line).with_context(|| format!("{}: not valid JSON", at()))?;
        let id = v
            .get("id")
            .cloned()
            .with_context(|| format!("{}: field `id` is missing", at()))?;
        let text = v
            .get("text")
            .and_then(Value::as_str)
            .with_context(|| format!("{}: field `text` is missing or not a string", at()))?
            .to_string();
        let campaign = match v.get("campaign") {
            None | Some(Value::Null) => None,
            Some(Value::String(s)) => Some(s.clone()),
            Some(Value::Number(n)) => Some(n.to_string()),
            Some(other) => bail!("{}: field `campaign` is {other}, not a group id or null", at()),
        };
        rows.push(Row { id, text, campaign });
    }
    Ok(rows)
}

/// Pairwise precision, recall and F1 of "these two rows are in the same campaign".
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct PairScores {
    /// Predicted same-campaign pairs that are gold pairs.
    pub precision: f64,
    /// Gold same-campaign pairs that were predicted.
    pub recall: f64,
    /// Their harmonic mean.
    pub f1: f64,
}

/// Scores predicted groups against gold groups, pair by pair, without listing the pairs (a
/// campaign of a million members has half a trillion).
pub fn pair_scores(gold: &[Option<&str>], predicted: &[Option<&str>]) -> PairScores {
    fn pairs(n: u64) -> u64 {
        n * n.saturating_sub(1) / 2
    }
    let mut by_gold: HashMap<&str, u64> = HashMap::new();
    let mut by_pred: HashMap<&str, u64> = HashMap::new();
    let mut by_both: HashMap<(&str, &str), u64> = HashMap::new();
    for (g, p) in gold.iter().zip(predicted) {
        if let Some(g) = g {
            *by_gold.entry(g).or_default() += 1;
        }
        if let Some(p) = p {
            *by_pred.entry(p).or_default() += 1;
        }
        if let (Some(g), Some(p)) = (g, p) {
            *by_both.entry((g, p)).or_default() += 1;
        }
    }
    let gold_pairs: u64 = by_gold.values().map(|&n| pairs(n)).sum();
    let pred_pairs: u64 = by_pred.values().map(|&n| pairs(n)).sum();
    let both: u64 = by_both.values().map(|&n| pairs(n)).sum();
    let precision = if pred_pairs > 0 {
        both as f64 / pred_pairs as f64
    } else {
        0.0
    };
    let recall = if gold_pairs > 0 {
        both as f64 / gold_pairs as f64
    } else {
        0.0
    };
    PairScores {
        precision,
        recall,
        f1: metrics::f1(precision, recall),
    }
}

/// Runs `barometer eval campaigns`.
pub fn run(args: CampaignsArgs) -> anyhow::Result<()> {
    let started = Instant::now();
    let rows = read_rows(&args.data)?;
    if rows.is_empty() {
        bail!("{}: no rows", args.data.display());
    }
    let items: Vec<Item> = rows
        .iter()
        .map(|r| Item {
            text: &r.text,
            submitted_at: None,
        })
        .collect();
    let options = Options {
        min_size: args.min_size,
        ..Options::default()
    };
    let found = detect(&items, &options);
    let predicted: Vec<Option<&str>> = found
        .member_of
        .iter()
        .map(|c| c.map(|c| found.campaigns[c].id.as_str()))
        .collect();

    let file =
        std::fs::File::create(&args.out).with_context(|| format!("cannot create {}", args.out.display()))?;
    let mut out = BufWriter::new(file);
    for (row, p) in rows.iter().zip(&predicted) {
        serde_json::to_writer(&mut out, &json!({"id": row.id, "campaign": p}))?;
        out.write_all(b"\n")?;
    }
    out.flush()
        .with_context(|| format!("cannot write {}", args.out.display()))?;

    let gold: Vec<Option<&str>> = rows.iter().map(|r| r.campaign.as_deref()).collect();
    let scores = pair_scores(&gold, &predicted);
    let gold_campaigns = {
        let mut g: Vec<&str> = gold.iter().flatten().copied().collect();
        g.sort_unstable();
        g.dedup();
        g.len()
    };
    let seconds = started.elapsed().as_secs_f64();
    if args.json {
        println!(
            "{}",
            json!({
                "n": rows.len(),
                "pair_precision": scores.precision,
                "pair_recall": scores.recall,
                "pair_f1": scores.f1,
                "gold_campaigns": gold_campaigns,
                "found_campaigns": found.campaigns.len(),
                "campaigns": found.campaigns.iter().map(|c| json!({
                    "id": c.id,
                    "size": c.size(),
                    "skeleton": c.evidence.skeleton,
                    "slots": c.evidence.slots,
                    "distinct_texts": c.evidence.distinct_texts,
                    "evidence": c.evidence.summary(c.size()),
                })).collect::<Vec<_>>(),
                "seconds": seconds,
            })
        );
    } else {
        println!("rows              {}", rows.len());
        println!("gold campaigns    {gold_campaigns}");
        println!("found campaigns   {}", found.campaigns.len());
        println!("pair precision    {:.4}", scores.precision);
        println!("pair recall       {:.4}", scores.recall);
        println!("pair F1           {:.4}", scores.f1);
        println!("time              {seconds:.2} s");
        for c in &found.campaigns {
            let skeleton: String = c.evidence.skeleton.chars().take(300).collect();
            println!(
                "\n{} ({} members, {} distinct texts): {skeleton}",
                c.id,
                c.size(),
                c.evidence.distinct_texts
            );
        }
    }
    Ok(())
}
