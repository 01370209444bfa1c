//! Theme edits against a real SQLite file (and PostgreSQL when `BAROMETER_TEST_POSTGRES` is
//! set): kept in order per question, with who and when, surviving a reopen.

use barometer_domain::Consultation;
use barometer_store::Store;
use chrono::{TimeZone, Utc};

const DEFINITION: &str = r#"
title = "T"
organisation = "O"
opens = 2014-04-01
closes = 2014-05-13
[[proposals]]
id = "P1"
text = "Do the thing"
[[questions]]
id = "Q2"
kind = "open"
proposal = "P1"
text = "Why?"
"#;

#[tokio::test]
async fn edits_keep_their_order_author_and_time_and_survive_a_reopen() {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("edits.sqlite");
    let mut urls = vec![path.display().to_string()];
    if let Ok(url) = std::env::var("BAROMETER_TEST_POSTGRES") {
        urls.push(url);
    }
    for url in urls {
        let cid = format!("edits-{}", Utc::now().timestamp_nanos_opt().unwrap());
        let at = Utc.with_ymd_and_hms(2026, 11, 25, 21, 0, 0).unwrap();
        {
            let store = Store::open(&url).await.unwrap();
            store
                .save_consultation(&cid, &Consultation::parse(DEFINITION).unwrap())
                .await
                .unwrap();
            let first = store
                .add_theme_edit(
                    &cid,
                    "Q2",
                    "ana",
                    at,
                    r#"{"kind":"rename","theme":"t01","label":"Cost"}"#,
                )
                .await
                .unwrap();
            let second = store
                .add_theme_edit(&cid, "Q2", "bo", at, r#"{"kind":"delete","theme":"t03"}"#)
                .await
                .unwrap();
            let other_question = store
                .add_theme_edit(&cid, "Q9", "ana", at, r#"{"kind":"delete","theme":"t01"}"#)
                .await
                .unwrap();
            assert_eq!((first, second, other_question), (1, 2, 1));
        }
        let store = Store::open(&url).await.unwrap();
        let edits = store.theme_edits(&cid, "Q2").await.unwrap();
        let seen: Vec<(i64, &str, &str)> = edits
            .iter()
            .map(|e| (e.seq, e.author.as_str(), e.made_at.as_str()))
            .collect();
        assert_eq!(
            seen,
            [
                (1, "ana", "2026-11-25T21:00:00Z"),
                (2, "bo", "2026-11-25T21:00:00Z")
            ]
        );
        assert!(edits[1].edit.contains("t03"));
        assert!(store.remove_theme_edit(&cid, "Q2", 1).await.unwrap());
        assert!(!store.remove_theme_edit(&cid, "Q2", 1).await.unwrap());
        let left: Vec<i64> = store
            .theme_edits(&cid, "Q2")
            .await
            .unwrap()
            .iter()
            .map(|e| e.seq)
            .collect();
        assert_eq!(left, [2]);
        // A new edit goes after the last one, never reusing a withdrawn number below it.
        assert_eq!(
            store.add_theme_edit(&cid, "Q2", "ana", at, "{}").await.unwrap(),
            3
        );
    }
}

#[tokio::test]
async fn theme_centroids_are_replaced_per_question_and_model_and_survive_a_reopen() {
    use barometer_store::ThemeCentroid;
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("centroids.sqlite");
    let mut urls = vec![path.display().to_string()];
    if let Ok(url) = std::env::var("BAROMETER_TEST_POSTGRES") {
        urls.push(url);
    }
    let theme = |id: &str, from: Option<&str>, x: f32| ThemeCentroid {
        theme_id: id.into(),
        split_from: from.map(str::to_string),
        centre: vec![x, -0.5, 1.0e-7],
    };
    for url in urls {
        let cid = format!("centroids-{}", Utc::now().timestamp_nanos_opt().unwrap());
        {
            let store = Store::open(&url).await.unwrap();
            store
                .save_consultation(&cid, &Consultation::parse(DEFINITION).unwrap())
                .await
                .unwrap();
            let first = [theme("t01", None, 0.25), theme("t02", None, 0.5)];
            store
                .replace_theme_centroids(&cid, "Q2", "m1", &first)
                .await
                .unwrap();
            store
                .replace_theme_centroids(&cid, "Q2", "m2", &[theme("t09", None, 1.0)])
                .await
                .unwrap();
            // A later analysis replaces the first model's centres for the question.
            let second = [theme("t02", None, 0.75), theme("t03", Some("t02"), 0.75)];
            store
                .replace_theme_centroids(&cid, "Q2", "m1", &second)
                .await
                .unwrap();
        }
        let store = Store::open(&url).await.unwrap();
        assert_eq!(
            store.theme_centroids(&cid, "Q2", "m1").await.unwrap(),
            [theme("t02", None, 0.75), theme("t03", Some("t02"), 0.75)]
        );
        assert_eq!(
            store.theme_centroids(&cid, "Q2", "m2").await.unwrap(),
            [theme("t09", None, 1.0)]
        );
        assert!(store.theme_centroids(&cid, "Q9", "m1").await.unwrap().is_empty());
    }
}
