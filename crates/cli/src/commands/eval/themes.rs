//! `barometer eval themes --data FILE.jsonl --out PRED.jsonl [--json]`: measures theme
//! discovery on a labelled file (docs: ../shared/datasets/FORMAT.md, and docs/ACCURACY.md).
//!
//! Themes are found per `question` from the texts alone, exactly as the pipeline finds them
//! (argument units, the shared encoder, [`barometer_analysis::themes::discover`]); the gold
//! `themes` are read only to score. No stance is given, so no theme is split by stance here.

use crate::commands::ModelArgs;
use anyhow::{Context, bail};
use barometer_analysis::themes::{self, Options, ResponseUnits, Unit};
use barometer_encoder::split;
use serde_json::{Value, json};
use std::collections::{BTreeMap, HashMap};
use std::io::{BufWriter, Write};
use std::path::{Path, PathBuf};
use std::time::Instant;

/// Flags of `barometer eval themes`.
#[derive(Debug, clap::Args)]
pub struct ThemesArgs {
    /// A theme file: JSON lines with id, question, text and themes (the gold theme ids)
    #[arg(long, value_name = "FILE.jsonl")]
    pub data: PathBuf,
    /// Where to write one {"id", "themes"} line per row, in input order
    #[arg(long, value_name = "PRED.jsonl")]
    pub out: PathBuf,
    /// Print the metrics as one JSON object
    #[arg(long)]
    pub json: bool,
    /// The number of themes per question, instead of choosing it automatically
    #[arg(long)]
    pub k: Option<usize>,
    /// The gold themes' definitions, to compare labels with theirs after scoring (default:
    /// the data file's sibling `*.themes.json`, when there is one); never read to find themes
    #[arg(long, value_name = "FILE.themes.json")]
    pub labels: Option<PathBuf>,
    #[command(flatten)]
    pub models: ModelArgs,
}

struct Row {
    id: Value,
    question: String,
    text: String,
    gold: Vec<String>,
}

fn read_rows(path: &Path) -> anyhow::Result<Vec<Row>> {
    let file = std::fs::read_to_string(path).with_context(|| format!("cannot read {}", path.display()))?;
    let mut rows = Vec::new();
    for (n, line) in file.lines().enumerate().filter(|(_, l)| !l.trim().is_empty()) {
        let at = || format!("{}:{}", path.display(), n + 1);
        let v: Value = serde_json::from_str(line).with_context(|| format!("{}: not valid JSON", at()))?;
        let field = |name: &str| -> anyhow::Result<String> {
            v.get(name)
                .and_then(Value::as_str)
                .map(str::to_string)
                .with_context(|| format!("{}: field `{name}` is missing or not a string", at()))
        };
        let gold = match v.get("themes") {
            None | Some(Value::Null) => Vec::new(),
            Some(Value::Array(items)) => items
                .iter()
                .map(|t| match t {
                    Value::String(s) => Ok(s.clone()),
                    Value::Number(n) => Ok(n.to_string()),
                    _ => bail!("{}: field `themes` holds {t}, not a theme id", at()),
                })
                .collect::<anyhow::Result<_>>()?,
            Some(other) => bail!("{}: field `themes` is {other}, not a list", at()),
        };
        rows.push(Row {
            id: v
                .get("id")
                .cloned()
                .with_context(|| format!("{}: field `id` is missing", at()))?,
            question: field("question")?,
            text: field("text")?,
            gold,
        });
    }
    if rows.is_empty() {
        bail!("{}: no rows", path.display());
    }
    Ok(rows)
}

/// The gold themes' labels per question text and theme id, from a `*.themes.json` file: either
/// `{question: [{topic_id, topic_label}]}` or `{key: {question, themes: [{topic_id, topic_label}]}}`.
fn read_gold_labels(path: &Path) -> anyhow::Result<HashMap<(String, String), String>> {
    let text = std::fs::read_to_string(path).with_context(|| format!("cannot read {}", path.display()))?;
    let v: Value =
        serde_json::from_str(&text).with_context(|| format!("{}: not valid JSON", path.display()))?;
    let Some(by_key) = v.as_object() else {
        bail!("{}: not an object of questions", path.display());
    };
    let mut labels = HashMap::new();
    for (key, entry) in by_key {
        let (question, themes) = match entry {
            Value::Array(themes) => (key.as_str(), themes),
            Value::Object(o) => match (
                o.get("question").and_then(Value::as_str),
                o.get("themes").and_then(Value::as_array),
            ) {
                (Some(q), Some(t)) => (q, t),
                _ => bail!("{}: `{key}` has no `question` and `themes`", path.display()),
            },
            _ => bail!(
                "{}: `{key}` is neither a list of themes nor a question",
                path.display()
            ),
        };
        for t in themes {
            let field = |name: &str| t.get(name).and_then(Value::as_str).map(str::to_string);
            match (field("topic_id"), field("topic_label")) {
                (Some(id), Some(label)) => {
                    // Rows may name a question's theme by its id alone or prefixed with the
                    // question's key (`q1-A`).
                    labels.insert((question.to_string(), format!("{key}-{id}")), label.clone());
                    labels.insert((question.to_string(), id), label);
                }
                _ => bail!(
                    "{}: a theme of `{key}` has no `topic_id` and `topic_label`",
                    path.display()
                ),
            }
        }
    }
    Ok(labels)
}

/// The definitions file beside a theme file: `x.jsonl` → `x.themes.json`.
fn sibling_labels(data: &Path) -> Option<PathBuf> {
    let name = data.file_name()?.to_str()?;
    let sibling = data.with_file_name(format!(
        "{}.themes.json",
        name.strip_suffix(".jsonl").unwrap_or(name)
    ));
    sibling.is_file().then_some(sibling)
}

/// Runs `barometer eval themes`.
pub fn run(args: ThemesArgs) -> anyhow::Result<()> {
    let started = Instant::now();
    let rows = read_rows(&args.data)?;
    // Read before any work, so a bad file fails at once; used only after scoring.
    let gold_labels = match args.labels.clone().or_else(|| sibling_labels(&args.data)) {
        Some(path) => Some((path.clone(), read_gold_labels(&path)?)),
        None => None,
    };
    let mut label_pairs: Vec<Value> = Vec::new();
    let options = split::SplitOptions::default();
    let units: Vec<Vec<&str>> = rows
        .iter()
        .map(|r| {
            split::units(&r.text, &options)
                .into_iter()
                .map(|s| s.text)
                .collect()
        })
        .collect();
    let mut index: HashMap<&str, usize> = HashMap::new();
    let mut texts: Vec<&str> = Vec::new();
    for t in units.iter().flatten() {
        index.entry(t).or_insert_with(|| {
            texts.push(t);
            texts.len() - 1
        });
    }
    let encoder = args.models.encoder()?;
    let bar = indicatif::ProgressBar::new(texts.len() as u64);
    bar.set_style(
        indicatif::ProgressStyle::with_template(
            "embedding {pos}/{len} argument units [{elapsed}, {eta} left]",
        )
        .expect("valid template"),
    );
    let mut vectors: Vec<Vec<f32>> = Vec::with_capacity(texts.len());
    for chunk in texts.chunks(512) {
        vectors.extend(encoder.embed(chunk)?);
        bar.inc(chunk.len() as u64);
    }
    bar.finish_and_clear();
    let embed_s = started.elapsed().as_secs_f64();

    let mut by_question: BTreeMap<&str, Vec<usize>> = BTreeMap::new();
    for (i, r) in rows.iter().enumerate() {
        by_question.entry(&r.question).or_default().push(i);
    }
    let ids: Vec<String> = rows.iter().map(|r| id_text(&r.id)).collect();
    let opts = Options {
        k: args.k,
        ..Options::default()
    };
    let mut found: Vec<Vec<String>> = vec![Vec::new(); rows.len()];
    let mut per_question = Vec::new();
    for (q, (question, members)) in by_question.iter().enumerate() {
        let input: Vec<ResponseUnits<'_>> = members
            .iter()
            .map(|&i| {
                ResponseUnits::arguments(
                    &ids[i],
                    units[i].iter().map(|t| Unit {
                        text: t,
                        vector: &vectors[index[t]],
                    }),
                    None,
                )
            })
            .collect();
        let set = themes::discover(&input, &opts).finish(&input, Some(question));
        for (&i, r) in members.iter().zip(&set.responses) {
            found[i] = r.themes.iter().map(|t| format!("q{}-{t}", q + 1)).collect();
        }
        let gold: Vec<Vec<String>> = members.iter().map(|&i| rows[i].gold.clone()).collect();
        let mine: Vec<Vec<String>> = members.iter().map(|&i| found[i].clone()).collect();
        let s = themes::score::score(&gold, &mine);
        if let Some((_, labels)) = &gold_labels {
            let mine_labels: HashMap<String, &str> = set
                .themes
                .iter()
                .map(|t| (format!("q{}-{}", q + 1, t.id), t.label.as_str()))
                .collect();
            for (gold_id, found_id) in &s.best_match {
                let (Some(gold_label), Some(label)) = (
                    labels.get(&(question.to_string(), gold_id.clone())),
                    mine_labels.get(found_id),
                ) else {
                    continue;
                };
                label_pairs.push(json!({
                    "question": question,
                    "gold": gold_label,
                    "found": label,
                    "f1": round(s.per_theme[gold_id]),
                    "shares_a_content_word": themes::score::labels_share_a_content_word(gold_label, label),
                }));
            }
        }
        per_question.push(json!({
            "question": question,
            "n": members.len(),
            "themes": set.themes.len(),
            "other": set.other,
            "recovery_f1": s.recovery_f1,
            "mapping_f1": s.mapping_f1,
            "labels": set.themes.iter().map(|t| format!("{} ({})", t.label, t.respondents)).collect::<Vec<_>>(),
        }));
    }
    let total_s = started.elapsed().as_secs_f64();

    let file =
        std::fs::File::create(&args.out).with_context(|| format!("cannot create {}", args.out.display()))?;
    let mut out = BufWriter::new(file);
    for (r, f) in rows.iter().zip(&found) {
        writeln!(out, "{}", json!({ "id": r.id, "themes": f }))?;
    }
    out.flush()
        .with_context(|| format!("cannot write {}", args.out.display()))?;

    let gold: Vec<Vec<String>> = rows.iter().map(|r| r.gold.clone()).collect();
    let s = themes::score::score(&gold, &found);
    let sharing = label_pairs
        .iter()
        .filter(|p| p["shares_a_content_word"] == true)
        .count();
    let labels_report = gold_labels.as_ref().map(|(path, _)| {
        json!({
            "definitions": path.display().to_string(),
            "compared": label_pairs.len(),
            "sharing_a_content_word": sharing,
            "pairs": label_pairs,
        })
    });
    let report = json!({
        "n": rows.len(),
        "questions": by_question.len(),
        "recovery_f1": s.recovery_f1,
        "mapping_f1": s.mapping_f1,
        "themes_found": s.themes_found,
        "gold_themes": s.gold_themes,
        "argument_units": texts.len(),
        "seconds": { "embedding": round(embed_s), "total": round(total_s) },
        "per_question": per_question,
        "labels": labels_report,
    });
    if args.json {
        println!("{report}");
    } else {
        println!(
            "themes on {} ({} rows, {} questions)",
            args.data.display(),
            rows.len(),
            by_question.len()
        );
        println!(
            "theme recovery F1 {:.3}   mapping F1 {:.3}   ({} themes found, {} gold themes scored)",
            s.recovery_f1, s.mapping_f1, s.themes_found, s.gold_themes
        );
        if by_question.len() <= 30 {
            for q in &per_question {
                println!(
                    "  n={:<4} themes={:<3} other={:<4} recovery {:.3}  mapping {:.3}  {}",
                    q["n"],
                    q["themes"],
                    q["other"],
                    q["recovery_f1"].as_f64().unwrap_or(0.0),
                    q["mapping_f1"].as_f64().unwrap_or(0.0),
                    q["question"]
                        .as_str()
                        .unwrap_or("")
                        .chars()
                        .take(60)
                        .collect::<String>()
                );
            }
        }
        if let Some(l) = &labels_report {
            println!(
                "labels: {} of {} scored gold themes' best-matching themes share a content word with the gold label",
                sharing, l["compared"]
            );
        }
        println!(
            "{} argument units embedded in {:.1} s; {:.1} s in all; predictions in {}",
            texts.len(),
            embed_s,
            total_s,
            args.out.display()
        );
    }
    Ok(())
}

/// A row id as text (ids may be strings or numbers).
fn id_text(id: &Value) -> String {
    match id {
        Value::String(s) => s.clone(),
        other => other.to_string(),
    }
}

fn round(x: f64) -> f64 {
    (x * 1000.0).round() / 1000.0
}
