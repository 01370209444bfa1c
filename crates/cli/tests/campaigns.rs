//! `barometer eval campaigns` on the demo's gold campaign labels, run as a binary and checked
//! against the reference scorer (../shared/tools/score.py).
//!
//! There is no dev campaigns file, so the test builds one: the demo's gold rows (`campaign` is
//! `c1`, `c2` or null), each with the free text Barometer imports for that response.

use barometer_domain::Consultation;
use serde_json::{Value, json};
use std::collections::HashMap;
use std::path::{Path, PathBuf};
use std::process::Command;

mod common;

fn demo_dir() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("../../examples/children-social-care-2014")
}

/// Writes the demo's campaigns file and returns how many rows it has.
fn write_demo_campaigns(path: &Path) -> usize {
    let dir = demo_dir();
    let text = std::fs::read_to_string(dir.join("consultation.toml")).unwrap();
    let consultation = Consultation::parse(&text).unwrap();
    let texts: HashMap<String, String> = barometer_ingest::read_all(&consultation, &dir)
        .unwrap()
        .into_iter()
        .flat_map(|b| b.records)
        .map(|r| (r.external_id.clone(), r.free_text()))
        .collect();
    let gold = std::fs::read_to_string(dir.join("gold/labels.jsonl")).unwrap();
    let mut out = String::new();
    let mut rows = 0;
    for line in gold.lines().filter(|l| !l.trim().is_empty()) {
        let g: Value = serde_json::from_str(line).unwrap();
        let id = g["id"].as_str().unwrap();
        let text = texts
            .get(id)
            .unwrap_or_else(|| panic!("gold id {id} was not imported"));
        out.push_str(&json!({"id": id, "text": text, "campaign": g["campaign"]}).to_string());
        out.push('\n');
        rows += 1;
    }
    std::fs::write(path, out).unwrap();
    rows
}

#[test]
fn the_demo_campaigns_are_found_with_a_pair_f1_of_at_least_0_98_and_the_scorer_agrees() {
    let dir = tempfile::tempdir().unwrap();
    let gold = dir.path().join("demo-campaigns.jsonl");
    let pred = dir.path().join("pred.jsonl");
    let rows = write_demo_campaigns(&gold);
    let run = common::run_eval("campaigns", &["--json"], &gold, &pred);
    assert!(run.status.success(), "{}", String::from_utf8_lossy(&run.stderr));
    let printed: Value = serde_json::from_slice(&run.stdout).unwrap();

    let predictions = common::jsonl(&pred);
    assert_eq!(predictions.len(), rows, "one prediction per row");

    let scored = common::reference_scores("campaigns", &gold, &pred);
    for key in ["pair_precision", "pair_recall", "pair_f1"] {
        let (ours, theirs) = (printed[key].as_f64().unwrap(), scored[key].as_f64().unwrap());
        assert!(
            (ours - theirs).abs() < 1e-9,
            "{key}: printed {ours}, scorer {theirs}"
        );
    }
    assert_eq!(scored["found_campaigns"], scored["gold_campaigns"], "{scored}");
    let f1 = printed["pair_f1"].as_f64().unwrap();
    assert!(f1 >= 0.98, "demo pair F1 {f1}: {printed}");
}

#[test]
fn a_campaign_field_that_is_not_a_group_id_is_refused_with_the_file_and_line() {
    let dir = tempfile::tempdir().unwrap();
    let data = dir.path().join("bad.jsonl");
    std::fs::write(
        &data,
        "{\"id\":\"a\",\"text\":\"t\",\"campaign\":null}\n{\"id\":\"b\",\"text\":\"t\",\"campaign\":[1]}\n",
    )
    .unwrap();
    let run = common::run_eval("campaigns", &[], &data, &dir.path().join("pred.jsonl"));
    assert!(!run.status.success());
    let err = String::from_utf8_lossy(&run.stderr);
    assert!(err.contains("bad.jsonl:2") && err.contains("campaign"), "{err}");
}

#[test]
fn the_demo_report_shows_its_campaigns_with_both_counts() {
    let out = tempfile::tempdir().unwrap();
    let run = Command::new(env!("CARGO_BIN_EXE_barometer"))
        .arg("analyse")
        .arg(demo_dir())
        .arg("--out")
        .arg(out.path())
        .arg("--db")
        .arg(out.path().join("barometer.sqlite"))
        .output()
        .unwrap();
    assert!(run.status.success(), "{}", String::from_utf8_lossy(&run.stderr));
    let summary: Value =
        serde_json::from_str(&std::fs::read_to_string(out.path().join("summary.json")).unwrap()).unwrap();
    let section = &summary["campaigns"];
    let campaigns = section["campaigns"].as_array().unwrap();

    // The demo's README states the senders of each campaign: 246 for c1, 38 for c2.
    let sizes: Vec<u64> = campaigns.iter().map(|c| c["size"].as_u64().unwrap()).collect();
    assert_eq!(sizes, [246, 38], "{section}");

    // Every gold-labelled response is where the gold says, and no independent one is in a campaign.
    let member_of: HashMap<&str, &str> = campaigns
        .iter()
        .flat_map(|c| {
            let id = c["id"].as_str().unwrap();
            c["members"]
                .as_array()
                .unwrap()
                .iter()
                .map(move |m| (m.as_str().unwrap(), id))
        })
        .collect();
    let gold = std::fs::read_to_string(demo_dir().join("gold/labels.jsonl")).unwrap();
    let mut by_gold: HashMap<&str, std::collections::BTreeSet<&str>> = HashMap::new();
    for line in gold.lines().filter(|l| !l.trim().is_empty()) {
        let g: Value = serde_json::from_str(line).unwrap();
        let id = g["id"].as_str().unwrap().to_string();
        let found = member_of.get(id.as_str()).copied();
        match g["campaign"].as_str() {
            None => assert_eq!(found, None, "{id} is independent"),
            Some(c) => {
                let f = found.unwrap_or_else(|| panic!("{id} of {c} was not found in a campaign"));
                by_gold
                    .entry(if c == "c1" { "c1" } else { "c2" })
                    .or_default()
                    .insert(f);
            }
        }
    }
    assert!(by_gold.values().all(|found| found.len() == 1), "{by_gold:?}");

    // The c1 template opposes all four proposals, and so do its members' views.
    let c1 = &campaigns[0];
    assert!(
        c1["template"]
            .as_str()
            .unwrap()
            .contains("Keep child protection public")
    );
    for s in c1["stances"].as_array().unwrap() {
        assert_eq!(s["camp"], "against", "{s}");
    }
    let additions = c1["personal_additions"].as_array().unwrap();
    assert!(c1["with_additions"].as_u64().unwrap() > 0 && !additions.is_empty());
    for a in additions {
        let text = a["text"].as_str().unwrap();
        assert!(
            !text.contains("Keep child protection public"),
            "an addition holds template text: {text}"
        );
    }

    // Members' own words are read alone; those read confidently against the campaign are in
    // the review queue, and no member's counted camp moves because of them.
    let mut read = 0;
    let mut queued = 0;
    for c in campaigns {
        for s in c["stances"].as_array().unwrap() {
            let r = &s["additions_read"];
            let t = r["total"].as_u64().unwrap();
            let parts: u64 = ["for", "against", "undecided", "no_view"]
                .iter()
                .map(|k| r[k].as_u64().unwrap())
                .sum();
            assert_eq!(parts, t, "{s}");
            let differing = s["additions_differing"].as_u64().unwrap();
            let confident = s["additions_queued"].as_u64().unwrap();
            assert!(confident <= differing && differing <= t, "{s}");
            assert!(
                t <= c["with_additions"].as_u64().unwrap(),
                "more readings than additions: {s}"
            );
            read += t;
            queued += confident;
        }
    }
    assert!(read > 0, "the demo's additions speak to the proposals");
    let queue = std::fs::read_to_string(out.path().join("review-queue.jsonl")).unwrap();
    let dissent: Vec<Value> = queue
        .lines()
        .map(|l| serde_json::from_str::<Value>(l).unwrap())
        .filter(|q| q["reason"] == "own_words_differ")
        .collect();
    assert_eq!(dissent.len() as u64, queued);
    for q in &dissent {
        let id = q["external_id"].as_str().unwrap();
        assert!(
            member_of.contains_key(id),
            "{id} is queued as a campaign member but is not one"
        );
    }

    // Themes are counted both ways too: a campaign's copies hold their template's themes, and
    // counted once they are one voice.
    let mut themes_with_copies = 0;
    for q in summary["themes"].as_array().unwrap() {
        for t in q["themes"].as_array().unwrap() {
            let c = &t["campaigns"];
            let members = c["campaign_members"].as_u64().unwrap();
            let listed = c["campaigns"].as_array().unwrap();
            let per: u64 = listed.iter().map(|pair| pair[1].as_u64().unwrap()).sum();
            assert_eq!(per, members, "{t}");
            let respondents = t["respondents"].as_u64().unwrap();
            assert_eq!(
                c["counted_once"].as_u64().unwrap(),
                respondents - members + listed.len() as u64,
                "{t}"
            );
            themes_with_copies += usize::from(members > 1);
        }
    }
    assert!(themes_with_copies > 0, "the campaigns' templates carry themes");

    // Both counts: every response, and each campaign once.
    let responses = summary["totals"]["responses"].as_u64().unwrap();
    let in_campaigns: u64 = sizes.iter().sum();
    for (p, two) in summary["proposals"]
        .as_array()
        .unwrap()
        .iter()
        .zip(section["proposals"].as_array().unwrap())
    {
        assert_eq!(two["every_response"]["total"], p["overall"]["total"]);
        assert_eq!(two["every_response"]["against"], p["overall"]["against"]);
        assert_eq!(
            two["each_campaign_once"]["total"].as_u64().unwrap(),
            responses - in_campaigns + 2
        );
    }

    // The store keeps the same membership, for listing later.
    let stored = tokio::runtime::Runtime::new().unwrap().block_on(async {
        let store = barometer_store::Store::open_sqlite(&out.path().join("barometer.sqlite"))
            .await
            .unwrap();
        store.load_campaigns("children-social-care-2014").await.unwrap()
    });
    let stored_sizes: Vec<usize> = stored.iter().map(|c| c.members.len()).collect();
    assert_eq!(stored_sizes, [246, 38]);
    let stored_additions = stored[0].members.iter().filter(|(_, a)| a.is_some()).count() as u64;
    assert_eq!(stored_additions, c1["with_additions"].as_u64().unwrap());

    let html = std::fs::read_to_string(out.path().join("report.html")).unwrap();
    for needle in [
        "Campaigns and how they are counted",
        "Every response counted",
        "Each campaign counted once",
        "Campaign c1: 246 responses",
        "members added words of their own",
        "with each campaign counted once",
    ] {
        assert!(html.contains(needle), "report.html lacks {needle:?}");
    }
    // Compare on a stretch of plain words, which HTML escaping leaves as they are.
    let first_addition = additions[0]["text"].as_str().unwrap();
    let plain = first_addition
        .split(|c: char| !(c.is_alphanumeric() || c == ' '))
        .max_by_key(|run| run.len())
        .unwrap();
    assert!(
        plain.len() >= 10 && html.contains(plain),
        "the first personal addition is on the page: {plain:?}"
    );
}

fn shared_dev(name: &str) -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR"))
        .join("../../../shared/datasets/dev")
        .join(name)
}

/// Issue 17: short campaigns in five styles among 1,500 real, independent short arguments.
#[test]
fn short_campaigns_in_five_styles_are_found_among_real_arguments_and_shown_with_their_slots() {
    let dir = tempfile::tempdir().unwrap();
    let gold = shared_dev("campaigns-voting-dev.jsonl");
    let pred = dir.path().join("pred.jsonl");
    let run = common::run_eval("campaigns", &["--json"], &gold, &pred);
    assert!(run.status.success(), "{}", String::from_utf8_lossy(&run.stderr));
    let printed: Value = serde_json::from_slice(&run.stdout).unwrap();
    let scored = common::reference_scores("campaigns", &gold, &pred);
    let (precision, f1) = (
        scored["pair_precision"].as_f64().unwrap(),
        scored["pair_f1"].as_f64().unwrap(),
    );
    assert!(precision >= 0.98 && f1 >= 0.95, "{scored}");

    // Each campaign states its evidence; the mail-merge one shows slots learned from the data,
    // and the reordered one its sentences in any order.
    let campaigns = printed["campaigns"].as_array().unwrap();
    assert_eq!(campaigns.len(), 5, "{printed}");
    for c in campaigns {
        assert!(c["evidence"].as_str().unwrap().contains("distinct texts"), "{c}");
    }
    let merge = campaigns
        .iter()
        .max_by_key(|c| c["distinct_texts"].as_u64().unwrap() * 1000 / c["size"].as_u64().unwrap())
        .unwrap();
    assert!(merge["slots"].as_u64().unwrap() >= 1, "{merge}");
    assert!(merge["skeleton"].as_str().unwrap().contains(" | "), "{merge}");
    assert!(
        campaigns
            .iter()
            .any(|c| c["skeleton"].as_str().unwrap().starts_with("In any order")),
        "{printed}"
    );
}

/// Runs `eval campaigns --json` on the given (id, text) rows, all independent, and returns
/// what it printed.
fn eval_independent(rows: impl Iterator<Item = (Value, String)>) -> Value {
    let dir = tempfile::tempdir().unwrap();
    let data = dir.path().join("independent.jsonl");
    let mut out = String::new();
    for (id, text) in rows {
        out.push_str(&json!({"id": id, "text": text, "campaign": null}).to_string());
        out.push('\n');
    }
    std::fs::write(&data, out).unwrap();
    let pred = dir.path().join("pred.jsonl");
    let run = common::run_eval("campaigns", &["--json"], &data, &pred);
    assert!(run.status.success(), "{}", String::from_utf8_lossy(&run.stderr));
    serde_json::from_slice(&run.stdout).unwrap()
}

fn argkp() -> impl Iterator<Item = (Value, String)> {
    common::jsonl(shared_dev("stance-argkp-dev.jsonl"))
        .into_iter()
        .map(|row| (row["id"].clone(), row["text"].as_str().unwrap().to_string()))
}

/// Thousands of real arguments on the same motions, none of them copied: no campaign at all,
/// though many share stock phrases and answer in the same few words.
#[test]
fn independent_real_arguments_on_the_same_motions_make_no_campaign() {
    let printed = eval_independent(argkp());
    assert_eq!(printed["n"], 5583);
    assert_eq!(printed["found_campaigns"], 0, "{printed}");
}

/// Independent answers that all open with the same stock sentence, quoting the proposal, then
/// give each respondent's own argument (real ones, from ArgKP): the opening is no evidence of
/// one source, so there is no campaign.
#[test]
fn answers_that_open_with_the_same_stock_sentence_are_not_a_campaign() {
    let printed = eval_independent(argkp().take(120).map(|(id, text)| {
        (
            id,
            format!("I agree with the proposal to introduce compulsory voting at every election. {text}"),
        )
    }));
    assert_eq!(printed["found_campaigns"], 0, "{printed}");
}
