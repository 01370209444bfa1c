//! What the binary tests of `barometer eval` share: running it, reading JSON lines, and running
//! the reference scorer (../shared/tools/score.py) that every eval figure must agree with.

use serde_json::Value;
use std::path::Path;
use std::process::Command;

const SCORER: &str = concat!(env!("CARGO_MANIFEST_DIR"), "/../../../shared/tools/score.py");

/// Runs `barometer eval TASK [FLAGS] --data DATA --out OUT` and returns what it did.
pub fn run_eval(task: &str, flags: &[&str], data: &Path, out: &Path) -> std::process::Output {
    Command::new(env!("CARGO_BIN_EXE_barometer"))
        .args(["eval", task])
        .args(flags)
        .arg("--data")
        .arg(data)
        .arg("--out")
        .arg(out)
        .output()
        .unwrap()
}

/// Every non-blank line of a JSON Lines file.
pub fn jsonl(path: impl AsRef<Path>) -> Vec<Value> {
    std::fs::read_to_string(path)
        .unwrap()
        .lines()
        .filter(|l| !l.trim().is_empty())
        .map(|l| serde_json::from_str(l).unwrap())
        .collect()
}

/// The reference scorer's figures for `task` (stance, themes, campaigns), after checking that
/// it ran and that every gold row had a prediction.
pub fn reference_scores(task: &str, gold: impl AsRef<Path>, pred: impl AsRef<Path>) -> Value {
    let scored = Command::new("python3")
        .args([SCORER, task])
        .arg(gold.as_ref())
        .arg(pred.as_ref())
        .output()
        .unwrap();
    assert!(
        scored.status.success(),
        "{}",
        String::from_utf8_lossy(&scored.stderr)
    );
    let scored: Value = serde_json::from_slice(&scored.stdout).unwrap();
    assert_eq!(scored["coverage"], 1.0, "{scored}");
    scored
}
