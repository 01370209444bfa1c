//! `barometer eval stance` run as a binary on the gambling dev file, checked against the
//! reference scorer (../shared/tools/score.py).

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
    assert_eq!(printed["models"]["per_proposal"], 1, "{printed}");
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
