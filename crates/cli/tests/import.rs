//! Importing through the real binary into a real SQLite store: a malformed file is refused
//! whole, naming its line, and leaves the store unchanged; a repeated import changes nothing.

use std::path::{Path, PathBuf};
use std::process::Command;

const DEFINITION: &str = r#"
title = "Small test consultation"
organisation = "Test"
standard = "uk-2008"
opens = 2014-04-03
closes = 2014-05-15

[[proposals]]
id = "P1"
text = "Do the thing"

[[questions]]
id = "Q1"
kind = "closed"
proposal = "P1"
text = "Do you agree?"
scale = "agree5"

[[questions]]
id = "Q1_explain"
kind = "open"
proposal = "P1"
explains = "Q1"
text = "Why?"

[[sources]]
format = "csv"
path = "responses.csv"
id = "Response ID"
responding_as = "Responding as"
[sources.questions]
Q1 = "Q1"
Q1_explain = "Why"
"#;

const GOOD: &str = "Response ID,Responding as,Q1,Why\n\
r1,Individual,Agree,\"Because, on balance,\nit helps\"\n\
r2,Individual,Disagree,No\n";

fn barometer(args: &[&str]) -> std::process::Output {
    Command::new(env!("CARGO_BIN_EXE_barometer"))
        .args(args)
        .output()
        .expect("the binary runs")
}

fn consultation(dir: &Path, csv: &str) -> PathBuf {
    std::fs::write(dir.join("consultation.toml"), DEFINITION).unwrap();
    std::fs::write(dir.join("responses.csv"), csv).unwrap();
    dir.to_path_buf()
}

async fn count(db: &Path) -> (i64, i64) {
    let store = barometer_store::Store::open_sqlite(db).await.unwrap();
    let id = barometer_pipeline::ConsultationFolder::load(db.parent().unwrap())
        .unwrap()
        .id;
    let out = (
        store.count_responses(&id).await.unwrap(),
        store.count_imports(&id).await.unwrap(),
    );
    store.close().await;
    out
}

#[tokio::test]
async fn malformed_row_names_its_line_and_leaves_the_store_unchanged() {
    let tmp = tempfile::tempdir().unwrap();
    let dir = consultation(tmp.path(), GOOD);
    let db = dir.join("store.sqlite");
    let ok = barometer(&["import", dir.to_str().unwrap(), "--db", db.to_str().unwrap()]);
    assert!(ok.status.success(), "{}", String::from_utf8_lossy(&ok.stderr));
    assert_eq!(count(&db).await, (2, 1));

    // Line 5 has too many fields; lines 4 and 6 are new and valid but must not be stored.
    let bad = format!(
        "{GOOD}r3,Individual,Agree,Fine\nr4,Individual,Agree,Too,many\nr5,Individual,Agree,Also fine\n"
    );
    consultation(&dir, &bad);
    let out = barometer(&["import", dir.to_str().unwrap(), "--db", db.to_str().unwrap()]);
    assert!(!out.status.success());
    let stderr = String::from_utf8_lossy(&out.stderr);
    assert!(
        stderr.contains("responses.csv") && stderr.contains("line 6"),
        "{stderr}"
    );
    assert_eq!(
        count(&db).await,
        (2, 1),
        "a refused file must leave the store as it was"
    );
}

#[tokio::test]
async fn unknown_option_names_line_and_column() {
    let tmp = tempfile::tempdir().unwrap();
    let dir = consultation(tmp.path(), &format!("{GOOD}r3,Individual,Agreee,typo\n"));
    let db = dir.join("store.sqlite");
    let out = barometer(&["import", dir.to_str().unwrap(), "--db", db.to_str().unwrap()]);
    assert!(!out.status.success());
    let stderr = String::from_utf8_lossy(&out.stderr);
    assert!(
        stderr.contains("line 5") && stderr.contains("Q1") && stderr.contains("Agreee"),
        "{stderr}"
    );
}

#[tokio::test]
async fn repeated_import_changes_no_count() {
    let tmp = tempfile::tempdir().unwrap();
    let dir = consultation(tmp.path(), GOOD);
    let db = dir.join("store.sqlite");
    for _ in 0..3 {
        let out = barometer(&["import", dir.to_str().unwrap(), "--db", db.to_str().unwrap()]);
        assert!(out.status.success(), "{}", String::from_utf8_lossy(&out.stderr));
        assert_eq!(count(&db).await, (2, 1));
    }
    let last = barometer(&["import", dir.to_str().unwrap(), "--db", db.to_str().unwrap()]);
    assert!(String::from_utf8_lossy(&last.stdout).contains("0 new, 2 already stored"));
}

#[test]
fn check_warns_about_a_six_week_window() {
    let tmp = tempfile::tempdir().unwrap();
    let dir = consultation(tmp.path(), GOOD);
    let out = barometer(&["check", dir.to_str().unwrap(), "--sources"]);
    assert!(out.status.success(), "{}", String::from_utf8_lossy(&out.stderr));
    let stdout = String::from_utf8_lossy(&out.stdout);
    assert!(
        stdout.contains("warning:") && stdout.contains("2014-04-03") && stdout.contains("2014-05-15"),
        "{stdout}"
    );
    assert!(
        stdout.contains("2008 Code of Practice") && stdout.contains("twelve weeks"),
        "{stdout}"
    );
    assert!(stdout.contains("2 responses read"), "{stdout}");
}

#[test]
fn invalid_definition_names_the_field() {
    let tmp = tempfile::tempdir().unwrap();
    let dir = consultation(tmp.path(), GOOD);
    std::fs::write(
        dir.join("consultation.toml"),
        DEFINITION.replace(
            "proposal = \"P1\"\ntext = \"Do you",
            "proposal = \"P7\"\ntext = \"Do you",
        ),
    )
    .unwrap();
    let out = barometer(&["check", dir.to_str().unwrap()]);
    assert!(!out.status.success());
    let stderr = String::from_utf8_lossy(&out.stderr);
    assert!(
        stderr.contains("questions[0].proposal") && stderr.contains("P7"),
        "{stderr}"
    );
}

#[tokio::test]
async fn a_failed_first_import_leaves_no_consultation_behind() {
    let tmp = tempfile::tempdir().unwrap();
    let dir = consultation(tmp.path(), &format!("{GOOD}r3,Individual,Agree,Too,many\n"));
    let db = dir.join("store.sqlite");
    let out = barometer(&["import", dir.to_str().unwrap(), "--db", db.to_str().unwrap()]);
    assert!(!out.status.success());
    let store = barometer_store::Store::open_sqlite(&db).await.unwrap();
    assert_eq!(store.consultation_ids().await.unwrap(), Vec::<String>::new());
    store.close().await;
    // The same file, mended, imports; the consultation is then there.
    consultation(&dir, GOOD);
    let ok = barometer(&["import", dir.to_str().unwrap(), "--db", db.to_str().unwrap()]);
    assert!(ok.status.success(), "{}", String::from_utf8_lossy(&ok.stderr));
    let store = barometer_store::Store::open_sqlite(&db).await.unwrap();
    assert_eq!(store.consultation_ids().await.unwrap().len(), 1);
    store.close().await;
}

#[tokio::test]
async fn summary_rows_at_the_end_are_skipped_with_a_warning_naming_their_lines() {
    let tmp = tempfile::tempdir().unwrap();
    // Two rows of totals a hub appended (lines 5 and 6: r1 spans lines 2 and 3): no id, no
    // answer, only a count in "Responding as".
    let dir = consultation(
        tmp.path(),
        &format!("{GOOD},Total: 2,,\n,Exported 2014-05-16,,\n"),
    );
    let db = dir.join("store.sqlite");
    let out = barometer(&["import", dir.to_str().unwrap(), "--db", db.to_str().unwrap()]);
    assert!(out.status.success(), "{}", String::from_utf8_lossy(&out.stderr));
    let stderr = String::from_utf8_lossy(&out.stderr);
    assert!(
        stderr.contains("responses.csv")
            && stderr.contains("skipped 2 lines")
            && stderr.contains("lines 5, 6"),
        "{stderr}"
    );
    assert_eq!(count(&db).await, (2, 1));
    // The same row before a real one is not a summary: it is refused, naming its line.
    let tmp = tempfile::tempdir().unwrap();
    let dir = consultation(
        tmp.path(),
        &format!("{GOOD},Total: 2,,\nr3,Individual,Agree,Yes\n"),
    );
    let out = barometer(&[
        "import",
        dir.to_str().unwrap(),
        "--db",
        dir.join("s.sqlite").to_str().unwrap(),
    ]);
    assert!(!out.status.success());
    let stderr = String::from_utf8_lossy(&out.stderr);
    assert!(
        stderr.contains("line 5") && stderr.contains("id is empty"),
        "{stderr}"
    );
}

#[tokio::test]
async fn a_corrected_re_export_is_refused_unless_revised_and_then_keeps_the_old_text() {
    let tmp = tempfile::tempdir().unwrap();
    let dir = consultation(tmp.path(), GOOD);
    let db = dir.join("store.sqlite");
    let (dir_s, db_s) = (dir.to_str().unwrap(), db.to_str().unwrap());
    let ok = barometer(&["import", dir_s, "--db", db_s]);
    assert!(ok.status.success(), "{}", String::from_utf8_lossy(&ok.stderr));
    let label = barometer(&[
        "review",
        "label",
        dir_s,
        "--db",
        db_s,
        "--response",
        "r2",
        "--proposal",
        "P1",
        "--camp",
        "against",
        "--by",
        "A. Analyst",
    ]);
    assert!(
        label.status.success(),
        "{}",
        String::from_utf8_lossy(&label.stderr)
    );

    // The hub's final export corrects r2's explanation.
    let corrected = GOOD.replace(
        "r2,Individual,Disagree,No",
        "r2,Individual,Disagree,No: it costs too much",
    );
    consultation(&dir, &corrected);
    let refused = barometer(&["import", dir_s, "--db", db_s]);
    assert!(!refused.status.success());
    let stderr = String::from_utf8_lossy(&refused.stderr);
    assert!(
        stderr.contains("\"r2\"") && stderr.contains("--revise"),
        "{stderr}"
    );

    let revised = barometer(&["import", dir_s, "--db", db_s, "--revise"]);
    assert!(
        revised.status.success(),
        "{}",
        String::from_utf8_lossy(&revised.stderr)
    );
    assert!(
        String::from_utf8_lossy(&revised.stdout).contains("0 new, 1 already stored, 1 revised"),
        "{}",
        String::from_utf8_lossy(&revised.stdout)
    );
    assert_eq!(count(&db).await.0, 2, "a revision is the same response");

    let store = barometer_store::Store::open_sqlite(&db).await.unwrap();
    let id = barometer_pipeline::ConsultationFolder::load(&dir).unwrap().id;
    let responses = store.load_responses(&id).await.unwrap();
    let r2 = responses.iter().find(|r| r.record.external_id == "r2").unwrap();
    let text =
        |r: &barometer_store::StoredResponse| r.record.answers.iter().find_map(|a| a.text.clone()).unwrap();
    assert_eq!(text(r2), "No: it costs too much", "the latest revision counts");
    let old = store.response_revisions(&r2.id).await.unwrap();
    assert_eq!(old.len(), 1);
    assert_eq!(old[0].record["answers"][1]["text"], "No", "the old text is kept");
    let labels = store.stance_labels(&id).await.unwrap();
    assert!(labels.iter().all(|l| l.recheck), "{labels:?}");
    let log = store.audit_log(&id).await.unwrap();
    assert!(
        log.iter()
            .any(|e| e.action == "response_revised" && e.target == r2.id),
        "{log:?}"
    );
    store.close().await;

    // Revising again with the same file changes nothing more.
    let again = barometer(&["import", dir_s, "--db", db_s, "--revise"]);
    assert!(String::from_utf8_lossy(&again.stdout).contains("0 new, 2 already stored"));
}
