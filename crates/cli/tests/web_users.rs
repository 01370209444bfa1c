//! `barometer users`: accounts for the web app, created from the command line, with argon2
//! hashes (never the password) in the store.

use std::io::Write;
use std::process::{Command, Stdio};

fn barometer(args: &[&str], stdin: Option<&str>) -> (bool, String, String) {
    let mut child = Command::new(env!("CARGO_BIN_EXE_barometer"))
        .args(args)
        .stdin(Stdio::piped())
        .stdout(Stdio::piped())
        .stderr(Stdio::piped())
        .spawn()
        .unwrap();
    if let Some(input) = stdin {
        child.stdin.take().unwrap().write_all(input.as_bytes()).unwrap();
    }
    let out = child.wait_with_output().unwrap();
    (
        out.status.success(),
        String::from_utf8_lossy(&out.stdout).into_owned(),
        String::from_utf8_lossy(&out.stderr).into_owned(),
    )
}

#[tokio::test]
async fn users_are_added_with_a_role_and_a_hashed_password_and_bad_input_is_refused() {
    let dir = tempfile::tempdir().unwrap();
    let db = dir.path().join("users.sqlite").display().to_string();
    let (ok, out, err) = barometer(&["users", "--db", &db, "add", "alice", "--role", "admin"], None);
    assert!(ok, "{err}");
    let generated = out.trim().rsplit(' ').next().unwrap().to_string();
    assert!(generated.len() >= 20, "{out}");
    let (ok, _, err) = barometer(
        &[
            "users",
            "--db",
            &db,
            "add",
            "bob",
            "--role",
            "viewer",
            "--password-stdin",
        ],
        Some("a long enough password\n"),
    );
    assert!(ok, "{err}");
    let (ok, _, err) = barometer(&["users", "--db", &db, "add", "carol", "--role", "boss"], None);
    assert!(!ok);
    assert!(
        err.contains("--role") && err.contains("admin, analyst or viewer"),
        "{err}"
    );
    let (ok, _, err) = barometer(
        &["users", "--db", &db, "add", "dan", "--password-stdin"],
        Some("short\n"),
    );
    assert!(!ok);
    assert!(err.contains("at least 12 characters"), "{err}");
    let (ok, out, _) = barometer(&["users", "--db", &db, "list"], None);
    assert!(ok);
    assert_eq!(out, "alice\tadmin\nbob\tviewer\n");
    let store = barometer_store::Store::open(&db).await.unwrap();
    let bob = store.user("bob").await.unwrap().unwrap();
    assert!(
        bob.password_hash.starts_with("$argon2id$"),
        "{}",
        bob.password_hash
    );
    assert!(!bob.password_hash.contains("a long enough password"));
}
