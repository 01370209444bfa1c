//! `barometer bench serve` under a crash: the server is killed with SIGKILL mid-load, and every
//! submission it acknowledged must be in the store afterwards. Runs on SQLite, and on PostgreSQL
//! too when `BAROMETER_TEST_POSTGRES` holds a URL.

use barometer_store::Store;
use std::collections::HashSet;
use std::process::Command;

const CONSULTATION: &str = "children-social-care-2014";

fn run_killed_load(db: &str, acked: &std::path::Path) -> String {
    let out = Command::new(env!("CARGO_BIN_EXE_barometer"))
        .args([
            "bench",
            "serve",
            "--seconds",
            "3",
            "--kill-after",
            "1.5",
            "--connections",
            "32",
        ])
        .arg("--db")
        .arg(db)
        .arg("--acked")
        .arg(acked)
        .output()
        .unwrap();
    let stdout = String::from_utf8_lossy(&out.stdout).into_owned();
    assert!(
        out.status.success(),
        "{stdout}\n{}",
        String::from_utf8_lossy(&out.stderr)
    );
    stdout
}

async fn check_no_acknowledged_submission_lost(db: &str) {
    let dir = tempfile::tempdir().unwrap();
    let acked_file = dir.path().join("acked.txt");
    let stdout = run_killed_load(db, &acked_file);
    let acked: Vec<String> = std::fs::read_to_string(&acked_file)
        .unwrap()
        .lines()
        .map(str::to_string)
        .collect();
    assert!(acked.len() > 100, "the load barely ran before the kill: {stdout}");
    // Failures after the kill show the server really died mid-load.
    assert!(!stdout.contains("; 0 failed"), "{stdout}");
    let store = Store::open(db).await.unwrap();
    let stored: HashSet<String> = store
        .form_references(CONSULTATION)
        .await
        .unwrap()
        .into_iter()
        .collect();
    let lost: Vec<&String> = acked.iter().filter(|r| !stored.contains(*r)).collect();
    assert!(
        lost.is_empty(),
        "{} of {} acknowledged submissions lost: {:?}",
        lost.len(),
        acked.len(),
        &lost[..lost.len().min(5)]
    );
}

#[tokio::test]
async fn a_sigkill_mid_load_loses_no_acknowledged_submission_on_sqlite() {
    let dir = tempfile::tempdir().unwrap();
    let db = dir.path().join("crash.sqlite").display().to_string();
    check_no_acknowledged_submission_lost(&db).await;
}

#[tokio::test]
async fn a_sigkill_mid_load_loses_no_acknowledged_submission_on_postgres() {
    let Ok(url) = std::env::var("BAROMETER_TEST_POSTGRES") else {
        eprintln!("BAROMETER_TEST_POSTGRES is not set: the PostgreSQL crash test did not run");
        return;
    };
    check_no_acknowledged_submission_lost(&url).await;
}
