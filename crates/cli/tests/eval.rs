//! `barometer eval stance` run as a binary on the gambling dev file, checked against the
//! reference scorer (../shared/tools/score.py); `eval respondents` likewise; `eval redaction` on
//! the fictional letters of examples/redaction-corpus.

use serde_json::Value;

const DEV: &str = concat!(
    env!("CARGO_MANIFEST_DIR"),
    "/../../../shared/datasets/dev/stance-gambling-xs-q1.jsonl"
);
mod common;

use common::jsonl as lines;

#[test]
fn eval_stance_predicts_every_test_row_and_agrees_with_the_scorer() {
    let dir = tempfile::tempdir().unwrap();
    let gold = dir.path().join("gold.jsonl");
    let pred = dir.path().join("pred.jsonl");
    std::fs::copy(DEV, &gold).unwrap();
    let run = common::run_eval("stance", &["--json"], &gold, &pred);
    assert!(run.status.success(), "{}", String::from_utf8_lossy(&run.stderr));
    let printed: Value = serde_json::from_slice(&run.stdout).unwrap();

    let test_ids: Vec<Value> = lines(&gold)
        .into_iter()
        .filter(|r| r["split"] == "test")
        .map(|r| r["id"].clone())
        .collect();
    let predictions = lines(&pred);
    let ids: Vec<Value> = predictions.iter().map(|p| p["id"].clone()).collect();
    assert_eq!(ids, test_ids, "one prediction per test row, in input order");
    for p in &predictions {
        assert!(["for", "against", "undecided"].contains(&p["label"].as_str().unwrap()));
        let c = p["confidence"].as_f64().unwrap();
        assert!((0.0..=1.0).contains(&c), "{p}");
    }

    let scored = common::reference_scores("stance", &gold, &pred);
    for key in ["macro_f1", "f_avg", "accuracy"] {
        let (ours, theirs) = (printed[key].as_f64().unwrap(), scored[key].as_f64().unwrap());
        assert!(
            ((ours - theirs) * 1000.0).abs() < 0.5,
            "{key}: printed {ours}, scorer {theirs}"
        );
    }
    // With 20 respondents who ticked, either their own model or the prior moved by their labels
    // reads the proposal, whichever cross-validation on them preferred.
    assert_eq!(
        printed["models"]["per_proposal"].as_u64().unwrap() + printed["models"]["prior"].as_u64().unwrap(),
        1,
        "{printed}"
    );
}

// The analyst in the loop, as FORMAT.md specifies it: a blind file, the reference oracle, and
// the reference scorer leaving the asked rows out.
#[test]
fn eval_stance_asks_the_oracle_at_most_its_budget_and_uses_the_answers() {
    let dir = tempfile::tempdir().unwrap();
    let gold = dir.path().join("gold.jsonl");
    std::fs::copy(DEV, &gold).unwrap();
    let tools = concat!(env!("CARGO_MANIFEST_DIR"), "/../../../shared/tools");
    let blind = dir.path().join("blind.jsonl");
    let made = std::process::Command::new("python3")
        .arg(format!("{tools}/blind.py"))
        .args([&gold, &blind])
        .status()
        .unwrap();
    assert!(made.success());
    assert!(
        lines(&blind)
            .iter()
            .all(|r| r["split"] == "train" || r.get("label").is_none()),
        "the test labels are gone"
    );
    let asked = dir.path().join("asked.txt");
    let pred = dir.path().join("pred.jsonl");
    let oracle = format!(
        "python3 {tools}/oracle.py {} 5 {}",
        gold.display(),
        asked.display()
    );
    let run = common::run_eval(
        "stance",
        &["--json", "--ignore-train", "--oracle", &oracle, "--budget", "5"],
        &blind,
        &pred,
    );
    assert!(run.status.success(), "{}", String::from_utf8_lossy(&run.stderr));
    let printed: Value = serde_json::from_slice(&run.stdout).unwrap();
    assert_eq!(printed["oracle"]["answered"], 5, "{printed}");
    assert!(
        printed["macro_f1"].is_null(),
        "a blind file has nothing to score: {printed}"
    );

    let answered: Vec<String> = std::fs::read_to_string(&asked)
        .unwrap()
        .lines()
        .map(str::to_string)
        .collect();
    assert_eq!(answered.len(), 5, "the budget is spent, and not exceeded");
    // Each asked row is predicted as the analyst answered it, surely.
    let gold_rows = lines(&gold);
    for p in lines(&pred) {
        let id = p["id"].as_str().unwrap();
        if answered.iter().any(|a| a == id) {
            let g = gold_rows.iter().find(|r| r["id"] == id).unwrap();
            assert_eq!(p["label"], g["label"], "{id}");
            assert_eq!(p["confidence"], 1.0, "{id}");
        }
    }
    let scored = std::process::Command::new("python3")
        .arg(format!("{tools}/score.py"))
        .args([
            "stance".as_ref(),
            gold.as_os_str(),
            pred.as_os_str(),
            "--asked".as_ref(),
            asked.as_os_str(),
        ])
        .output()
        .unwrap();
    let scored: Value = serde_json::from_slice(&scored.stdout).unwrap();
    assert_eq!(scored["n_test"], 75, "the asked rows are scored apart");
}

#[test]
fn a_bad_label_is_refused_with_the_file_and_line() {
    let dir = tempfile::tempdir().unwrap();
    let data = dir.path().join("bad.jsonl");
    std::fs::write(
        &data,
        "{\"id\":\"a\",\"proposal\":\"p\",\"text\":\"t\",\"label\":\"for\",\"split\":\"test\"}\n\
         {\"id\":\"b\",\"proposal\":\"p\",\"text\":\"t\",\"label\":\"maybe\",\"split\":\"test\"}\n",
    )
    .unwrap();
    let run = common::run_eval("stance", &[], &data, &dir.path().join("pred.jsonl"));
    assert!(!run.status.success());
    let err = String::from_utf8_lossy(&run.stderr);
    assert!(err.contains("bad.jsonl:2") && err.contains("maybe"), "{err}");
}

/// `eval stance` measures the product: the same rows as a consultation folder (train rows tick
/// the closed question and explain it, test rows only explain), put through `barometer analyse`,
/// get exactly the camps `eval stance` predicts.
#[test]
fn eval_stance_predicts_what_analyse_decides_on_the_same_respondents() {
    let rows = lines(DEV);
    let proposal = rows[0]["proposal"].as_str().unwrap();
    assert!(rows.iter().all(|r| r["proposal"] == proposal), "one proposal");
    let dir = tempfile::tempdir().unwrap();
    let folder = dir.path().join("gambling");
    std::fs::create_dir(&folder).unwrap();
    // The id and external ids eval gives its scratch consultation, so that the store orders the
    // respondents alike.
    let definition = format!(
        r#"id = "eval-0"
title = "Gambling"
organisation = "Test"
opens = 2000-01-01
closes = 2000-12-31
[[proposals]]
id = "P"
text = {text}
[[questions]]
id = "Q"
kind = "closed"
proposal = "P"
text = "Are you for or against the proposal?"
[questions.options]
for = "for"
against = "against"
undecided = "undecided"
[[questions]]
id = "Q_explain"
kind = "open"
proposal = "P"
explains = "Q"
text = "Please explain your answer."
[[sources]]
format = "csv"
path = "responses.csv"
id = "id"
[sources.questions]
Q = "Q"
Q_explain = "Q_explain"
"#,
        text = serde_json::to_string(proposal).unwrap()
    );
    std::fs::write(folder.join("consultation.toml"), definition).unwrap();
    let mut csv = csv::Writer::from_path(folder.join("responses.csv")).unwrap();
    csv.write_record(["id", "Q", "Q_explain"]).unwrap();
    let raw = std::fs::read_to_string(DEV).unwrap();
    for (n, line) in raw.lines().enumerate().filter(|(_, l)| !l.trim().is_empty()) {
        let r: Value = serde_json::from_str(line).unwrap();
        let tick = if r["split"] == "train" {
            r["label"].as_str().unwrap()
        } else {
            ""
        };
        csv.write_record([&format!("row-{}", n + 1), tick, r["text"].as_str().unwrap()])
            .unwrap();
    }
    csv.flush().unwrap();
    let out = dir.path().join("out");
    let run = std::process::Command::new(env!("CARGO_BIN_EXE_barometer"))
        .args([
            "analyse",
            folder.to_str().unwrap(),
            "--out",
            out.to_str().unwrap(),
        ])
        .env_remove("BAROMETER_DB")
        .output()
        .unwrap();
    assert!(run.status.success(), "{}", String::from_utf8_lossy(&run.stderr));
    let decided: std::collections::HashMap<String, String> = lines(out.join("stances.jsonl"))
        .into_iter()
        .map(|s| {
            (
                s["external_id"].as_str().unwrap().to_string(),
                s["camp"].as_str().unwrap().to_string(),
            )
        })
        .collect();

    let pred = dir.path().join("pred.jsonl");
    let run = common::run_eval("stance", &[], std::path::Path::new(DEV), &pred);
    assert!(run.status.success(), "{}", String::from_utf8_lossy(&run.stderr));
    let test_lines: Vec<usize> = raw
        .lines()
        .enumerate()
        .filter(|(_, l)| !l.trim().is_empty())
        .filter(|(_, l)| serde_json::from_str::<Value>(l).unwrap()["split"] == "test")
        .map(|(n, _)| n + 1)
        .collect();
    let predicted = lines(&pred);
    assert_eq!(predicted.len(), test_lines.len());
    for (p, line) in predicted.iter().zip(test_lines) {
        assert_eq!(
            decided[&format!("row-{line}")],
            p["label"].as_str().unwrap(),
            "line {line}: analyse and eval disagree"
        );
    }
}

const RESPONDENTS: &str = concat!(
    env!("CARGO_MANIFEST_DIR"),
    "/../../../shared/datasets/dev/respondents-cms.jsonl"
);

// Real public comments, typed by hand: one prediction per row in input order, each a type with
// a confidence, and the printed figures are the reference scorer's.
#[test]
fn eval_respondents_types_every_row_and_agrees_with_the_scorer() {
    let dir = tempfile::tempdir().unwrap();
    let gold = dir.path().join("gold.jsonl");
    let pred = dir.path().join("pred.jsonl");
    std::fs::copy(RESPONDENTS, &gold).unwrap();
    let run = common::run_eval("respondents", &["--json"], &gold, &pred);
    assert!(run.status.success(), "{}", String::from_utf8_lossy(&run.stderr));
    let printed: Value = serde_json::from_slice(&run.stdout).unwrap();
    let rows = lines(&gold);
    let predictions = lines(&pred);
    let ids: Vec<&Value> = predictions.iter().map(|p| &p["id"]).collect();
    let want: Vec<&Value> = rows.iter().map(|r| &r["id"]).collect();
    assert_eq!(ids, want, "one prediction per row, in input order");
    for p in &predictions {
        let t = p["type"].as_str().unwrap();
        assert!(t.parse::<barometer_domain::RespondentType>().is_ok(), "{p}");
        let c = p["confidence"].as_f64().unwrap();
        assert!((0.0..=1.0).contains(&c), "{p}");
    }
    let scored = common::reference_scores("respondents", &gold, &pred);
    for key in ["accuracy", "macro_f1"] {
        let (ours, theirs) = (printed[key].as_f64().unwrap(), scored[key].as_f64().unwrap());
        assert!(
            ((ours - theirs) * 1000.0).abs() < 0.5,
            "{key}: printed {ours}, scorer {theirs}"
        );
    }
    // Organisations that name their kind are read as that kind: a sample the file holds.
    for (name, want) in [
        (
            "Association of Diabetes Care & Education Specialists",
            "professional_body",
        ),
        ("Medicare Rights Center", "voluntary_charity"),
        ("Quest Diagnostics", "private_provider"),
    ] {
        let i = rows.iter().position(|r| r["organisation"] == name).unwrap();
        assert_eq!(predictions[i]["type"], want, "{name}: {}", predictions[i]);
    }
}

#[test]
fn eval_respondents_refuses_an_unknown_type_naming_the_line() {
    let dir = tempfile::tempdir().unwrap();
    let gold = dir.path().join("gold.jsonl");
    let pred = dir.path().join("pred.jsonl");
    std::fs::write(
        &gold,
        "{\"id\": 1, \"organisation\": \"\", \"text\": \"Hi\", \"type\": \"individual\"}\n{\"id\": 2, \"organisation\": \"X\", \"text\": \"Hi\", \"type\": \"martian\"}\n",
    )
    .unwrap();
    let run = common::run_eval("respondents", &[], &gold, &pred);
    assert!(!run.status.success());
    let err = String::from_utf8_lossy(&run.stderr);
    assert!(err.contains("line 2") && err.contains("martian"), "{err}");
}

const REDACTION_CORPUS: &str = concat!(
    env!("CARGO_MANIFEST_DIR"),
    "/../../examples/redaction-corpus/letters.jsonl"
);

/// Runs `barometer eval redaction --data DATA [FLAGS]`, which writes no predictions.
fn eval_redaction(data: &std::path::Path, flags: &[&str]) -> std::process::Output {
    std::process::Command::new(env!("CARGO_BIN_EXE_barometer"))
        .args(["eval", "redaction", "--data"])
        .arg(data)
        .args(flags)
        .output()
        .unwrap()
}

// Issue 16's bar: what publication's redaction removes from fictional letters whose names,
// addresses and contact details are marked by hand, every span counted and argument left alone.
#[test]
fn eval_redaction_removes_names_and_addresses_from_the_corpus() {
    let run = eval_redaction(REDACTION_CORPUS.as_ref(), &["--json"]);
    assert!(run.status.success(), "{}", String::from_utf8_lossy(&run.stderr));
    let printed: Value = serde_json::from_slice(&run.stdout).unwrap();
    let overall = &printed["overall"];

    // Every marked span is counted once, under its kind, and every record under its split.
    let records = lines(REDACTION_CORPUS);
    assert_eq!(overall["records"], records.len());
    for kind in ["name", "address", "email", "phone", "url", "reference"] {
        let marked = records
            .iter()
            .flat_map(|r| r["spans"].as_array().unwrap())
            .filter(|s| s["kind"] == kind)
            .count();
        assert_eq!(overall["recall"][kind]["spans"], marked, "{kind}");
    }
    for split in ["tuning", "held_out"] {
        let n = records.iter().filter(|r| r["split"] == split).count();
        assert!(n > 0);
        assert_eq!(printed["splits"][split]["records"], n, "{split}");
    }

    let names_addresses = overall["names_addresses"]["recall"].as_f64().unwrap();
    assert!(
        names_addresses >= 0.95,
        "names and addresses recall {names_addresses}: {printed}"
    );
    let missed = printed["missed"].as_array().unwrap();
    let not_removed = overall["all"]["spans"].as_u64().unwrap() - overall["all"]["removed"].as_u64().unwrap();
    assert_eq!(
        missed.len() as u64,
        not_removed,
        "each span not removed is listed"
    );

    // Plain sentences ("Councils rated Outstanding by Ofsted …") come through whole.
    let (plain, changed) = (
        overall["plain_sentences"].as_u64().unwrap(),
        overall["plain_sentences_changed"].as_u64().unwrap(),
    );
    assert!(plain >= 100, "{printed}");
    assert!(
        changed * 100 <= plain,
        "{changed} of {plain} plain sentences changed: {}",
        printed["over_redacted"]
    );
}

#[test]
fn eval_redaction_refuses_a_malformed_file_naming_the_line() {
    let dir = tempfile::tempdir().unwrap();
    let good = r#"{"id": "a", "text": "Yours sincerely, Jane Okafor", "spans": [{"kind": "name", "text": "Jane Okafor"}]}"#;

    let data = dir.path().join("broken.jsonl");
    std::fs::write(&data, format!("{good}\n{{\"id\": \"b\", \"text\": \n")).unwrap();
    let run = eval_redaction(&data, &[]);
    assert!(!run.status.success());
    let err = String::from_utf8_lossy(&run.stderr);
    assert!(
        err.contains("broken.jsonl line 2") && err.contains("not valid JSON"),
        "{err}"
    );

    // A span must be in its record's text, as whole words.
    let data = dir.path().join("astray.jsonl");
    let astray = r#"{"id": "b", "text": "Tomorrow, then.", "spans": [{"kind": "name", "text": "Tom"}]}"#;
    std::fs::write(&data, format!("{good}\n\n{astray}\n")).unwrap();
    let run = eval_redaction(&data, &[]);
    assert!(!run.status.success());
    let err = String::from_utf8_lossy(&run.stderr);
    assert!(
        err.contains("astray.jsonl line 3") && err.contains("\"Tom\" is not in"),
        "{err}"
    );

    let data = dir.path().join("kind.jsonl");
    std::fs::write(
        &data,
        r#"{"id": "c", "text": "Jo", "spans": [{"kind": "shoe size", "text": "Jo"}]}"#,
    )
    .unwrap();
    let run = eval_redaction(&data, &[]);
    assert!(!run.status.success());
    let err = String::from_utf8_lossy(&run.stderr);
    assert!(
        err.contains("kind.jsonl line 1") && err.contains("shoe size"),
        "{err}"
    );

    // A well-formed file passes, and the one span is removed.
    let data = dir.path().join("good.jsonl");
    std::fs::write(&data, format!("{good}\n")).unwrap();
    let run = eval_redaction(&data, &["--json"]);
    assert!(run.status.success(), "{}", String::from_utf8_lossy(&run.stderr));
    let printed: Value = serde_json::from_slice(&run.stdout).unwrap();
    assert_eq!(printed["overall"]["recall"]["name"]["recall"], 1.0, "{printed}");
}
