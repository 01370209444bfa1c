//! The store against a real SQLite file (and PostgreSQL when `BAROMETER_TEST_POSTGRES` is set):
//! all-or-nothing imports, harmless re-imports, and the embedding cache.

use barometer_domain::{Answer, Consultation, QuestionId, Respondent, ResponseRecord, SourceKind};
use barometer_store::{Store, StoreError};

const DEFINITION: &str = r#"
title = "T"
organisation = "O"
opens = 2014-04-01
closes = 2014-05-13
[[proposals]]
id = "P1"
text = "Do the thing"
[[questions]]
id = "Q1"
kind = "closed"
proposal = "P1"
text = "Agree?"
scale = "agree5"
[[questions]]
id = "Q2"
kind = "open"
text = "Why?"
"#;

fn record(id: &str, option: &str, text: &str) -> ResponseRecord {
    ResponseRecord {
        external_id: id.into(),
        source: SourceKind::Export,
        source_file: "responses.csv".into(),
        source_line: Some(2),
        respondent: Respondent {
            region: Some("North East".into()),
            ..Respondent::individual()
        },
        submitted_at: None,
        ocr: None,
        answers: vec![
            Answer {
                question: QuestionId("Q1".into()),
                option: Some(option.into()),
                text: None,
            },
            Answer {
                question: QuestionId("Q2".into()),
                option: None,
                text: Some(text.into()),
            },
        ],
    }
}

async fn stores() -> Vec<(Store, Option<tempfile::TempDir>)> {
    let dir = tempfile::tempdir().unwrap();
    let sqlite = Store::open_sqlite(&dir.path().join("b.sqlite")).await.unwrap();
    let mut out = vec![(sqlite, Some(dir))];
    if let Ok(url) = std::env::var("BAROMETER_TEST_POSTGRES") {
        let pg = Store::open(&url).await.unwrap();
        out.push((pg, None));
    }
    out
}

fn unique_consultation() -> String {
    format!(
        "test-{}",
        std::time::SystemTime::now()
            .duration_since(std::time::UNIX_EPOCH)
            .unwrap()
            .as_nanos()
    )
}

#[tokio::test]
async fn importing_twice_changes_nothing() {
    for (store, _dir) in stores().await {
        let c = Consultation::parse(DEFINITION).unwrap();
        let cid = unique_consultation();
        store.save_consultation(&cid, &c).await.unwrap();
        let batch = vec![record("a", "Agree", "Because"), record("b", "Disagree", "No")];
        let files = vec![("responses.csv".to_string(), "abc".to_string())];
        let first = store.import_batch(&cid, "csv", &files, &batch).await.unwrap();
        assert_eq!((first.inserted, first.unchanged), (2, 0));
        let second = store.import_batch(&cid, "csv", &files, &batch).await.unwrap();
        assert_eq!((second.inserted, second.unchanged), (0, 2));
        assert_eq!(store.count_responses(&cid).await.unwrap(), 2);
        assert_eq!(store.count_imports(&cid).await.unwrap(), 1);
        let loaded = store.load_responses(&cid).await.unwrap();
        assert_eq!(loaded.iter().map(|r| r.record.clone()).collect::<Vec<_>>(), batch);
    }
}

#[tokio::test]
async fn a_conflict_mid_batch_stores_nothing_of_that_batch() {
    for (store, _dir) in stores().await {
        let c = Consultation::parse(DEFINITION).unwrap();
        let cid = unique_consultation();
        store.save_consultation(&cid, &c).await.unwrap();
        let files = vec![("responses.csv".to_string(), "abc".to_string())];
        store
            .import_batch(&cid, "csv", &files, &[record("a", "Agree", "Because")])
            .await
            .unwrap();
        // "new" comes first, so it would be inserted before the conflict on "a" is found.
        let changed = vec![
            record("new", "Agree", "Fresh"),
            record("a", "Disagree", "Changed my mind"),
        ];
        let err = store
            .import_batch(&cid, "csv", &files, &changed)
            .await
            .unwrap_err();
        assert!(matches!(err, StoreError::ConflictingResponse { .. }), "{err}");
        assert!(err.to_string().contains("\"a\""), "{err}");
        assert_eq!(store.count_responses(&cid).await.unwrap(), 1);
        let loaded = store.load_responses(&cid).await.unwrap();
        assert_eq!(loaded[0].record.answers[1].text.as_deref(), Some("Because"));
    }
}

#[tokio::test]
async fn embedding_cache_round_trips_and_keeps_first_value() {
    for (store, _dir) in stores().await {
        let model = unique_consultation();
        let a = [1u8; 32];
        let b = [2u8; 32];
        store
            .put_vectors(&model, &[(a, vec![0.5, -1.25, 3.0])])
            .await
            .unwrap();
        store
            .put_vectors(&model, &[(a, vec![9.0, 9.0, 9.0]), (b, vec![0.0, 1.0, 0.0])])
            .await
            .unwrap();
        let got = store.cached_vectors(&model, &[a, b, [3u8; 32]]).await.unwrap();
        assert_eq!(got.len(), 2);
        assert_eq!(got[&a], vec![0.5, -1.25, 3.0]);
        assert_eq!(got[&b], vec![0.0, 1.0, 0.0]);
        assert!(
            store
                .cached_vectors("other-model", &[a])
                .await
                .unwrap()
                .is_empty()
        );
    }
}

#[tokio::test]
async fn unknown_url_scheme_is_refused() {
    let err = Store::open("mysql://localhost/db").await.unwrap_err();
    assert!(matches!(err, StoreError::UnsupportedUrl(_)), "{err}");
}

#[tokio::test]
async fn analyst_labels_replace_earlier_ones_and_every_edit_is_audited() {
    use barometer_domain::{Camp, ProposalId};
    for (store, _dir) in stores().await {
        let c = Consultation::parse(DEFINITION).unwrap();
        let cid = unique_consultation();
        store.save_consultation(&cid, &c).await.unwrap();
        let files = vec![("responses.csv".to_string(), "abc".to_string())];
        store
            .import_batch(&cid, "csv", &files, &[record("a", "Agree", "Because")])
            .await
            .unwrap();
        let rid = store.load_responses(&cid).await.unwrap()[0].id.clone();
        let p1 = ProposalId("P1".into());
        store
            .set_stance_label(&cid, &rid, &p1, Camp::Against, "ana", Some("text says no"))
            .await
            .unwrap();
        store
            .set_stance_label(&cid, &rid, &p1, Camp::Undecided, "bob", None)
            .await
            .unwrap();

        let labels = store.stance_labels(&cid).await.unwrap();
        assert_eq!(
            labels.len(),
            1,
            "one label per pair: the later replaces the earlier"
        );
        assert_eq!(
            (labels[0].camp, labels[0].analyst.as_str()),
            (Camp::Undecided, "bob")
        );
        assert_eq!(labels[0].note, None);

        let log = store.audit_log(&cid).await.unwrap();
        let edits: Vec<(&str, Option<&str>, Option<&str>)> = log
            .iter()
            .map(|e| (e.actor.as_str(), e.before.as_deref(), e.after.as_deref()))
            .collect();
        assert_eq!(
            edits,
            vec![
                ("ana", None, Some("against")),
                ("bob", Some("against"), Some("undecided"))
            ]
        );
        assert!(
            log.iter()
                .all(|e| e.action == "stance_label" && e.target == format!("{rid}/P1"))
        );
        assert!(log[0].id < log[1].id);
    }
}

#[tokio::test]
async fn campaigns_are_replaced_whole_and_read_back() {
    use barometer_store::StoredCampaign;
    for (store, _dir) in stores().await {
        let c = Consultation::parse(DEFINITION).unwrap();
        let cid = unique_consultation();
        store.save_consultation(&cid, &c).await.unwrap();
        let batch = vec![
            record("a", "Agree", "Keep it"),
            record("b", "Agree", "Keep it. And more."),
            record("c", "Disagree", "No"),
        ];
        let files = vec![("responses.csv".to_string(), "abc".to_string())];
        store.import_batch(&cid, "csv", &files, &batch).await.unwrap();
        let ids: Vec<String> = store
            .load_responses(&cid)
            .await
            .unwrap()
            .into_iter()
            .map(|r| r.id)
            .collect();
        let mut members = vec![
            (ids[0].clone(), None),
            (ids[1].clone(), Some("And more.".to_string())),
        ];
        members.sort();
        let first = vec![StoredCampaign {
            id: "c1".into(),
            template_response_id: ids[0].clone(),
            template: "Keep it".into(),
            first_seen: Some("2014-04-02".into()),
            last_seen: Some("2014-04-09".into()),
            members,
        }];
        store.replace_campaigns(&cid, &first).await.unwrap();
        assert_eq!(store.load_campaigns(&cid).await.unwrap(), first);
        // A second analysis that finds nothing leaves nothing behind.
        store.replace_campaigns(&cid, &[]).await.unwrap();
        assert!(store.load_campaigns(&cid).await.unwrap().is_empty());
    }
}

#[tokio::test]
async fn a_revision_replaces_the_text_keeps_the_old_flags_labels_and_is_all_or_nothing() {
    use barometer_store::SourceBatch;
    for (store, _dir) in stores().await {
        let c = Consultation::parse(DEFINITION).unwrap();
        let cid = unique_consultation();
        let files = vec![("responses.csv".to_string(), "h1".to_string())];
        let first = vec![record("a", "Agree", "Because"), record("b", "Disagree", "No")];
        let batch = |records| SourceBatch {
            format: "csv",
            files: &files,
            records,
        };
        store
            .import_sources(&cid, &c, &[batch(&first)], false)
            .await
            .unwrap();
        let b_id = barometer_store::response_id(&cid, SourceKind::Export, "b");
        store
            .set_stance_label(
                &cid,
                &b_id,
                &barometer_domain::ProposalId("P1".into()),
                barometer_domain::Camp::Against,
                "ann",
                None,
            )
            .await
            .unwrap();

        let corrected = vec![
            record("a", "Agree", "Because"),
            record("b", "Disagree", "No, too costly"),
        ];
        let refused = store.import_sources(&cid, &c, &[batch(&corrected)], false).await;
        assert!(
            matches!(refused, Err(StoreError::ConflictingResponse { .. })),
            "{refused:?}"
        );

        // A revision and a conflict-free new record in one import: both land.
        let mut with_new = corrected.clone();
        with_new.push(record("c", "Agree", "Yes"));
        let out = store
            .import_sources(&cid, &c, &[batch(&with_new)], true)
            .await
            .unwrap();
        assert_eq!((out[0].inserted, out[0].unchanged, out[0].revised), (1, 1, 1));
        let responses = store.load_responses(&cid).await.unwrap();
        assert_eq!(responses.len(), 3);
        let b = responses.iter().find(|r| r.id == b_id).unwrap();
        assert_eq!(b.record.answers[1].text.as_deref(), Some("No, too costly"));
        let old = store.response_revisions(&b_id).await.unwrap();
        assert_eq!(old.len(), 1);
        assert_eq!(old[0].revision, 1);
        assert_eq!(old[0].record["answers"][1]["text"], "No");
        assert!(store.stance_labels(&cid).await.unwrap().iter().all(|l| l.recheck));
        // Labelling again clears the flag.
        store
            .set_stance_label(
                &cid,
                &b_id,
                &barometer_domain::ProposalId("P1".into()),
                barometer_domain::Camp::Against,
                "ann",
                None,
            )
            .await
            .unwrap();
        assert!(!store.stance_labels(&cid).await.unwrap()[0].recheck);
        assert!(
            store
                .audit_log(&cid)
                .await
                .unwrap()
                .iter()
                .any(|e| e.action == "response_revised" && e.target == b_id)
        );

        // Without revise, a conflict in the second source refuses the whole import: the first
        // source's new record is not stored either.
        let new_one = vec![record("d", "Agree", "New")];
        let changed = vec![record("b", "Disagree", "No, far too costly")];
        let result = store
            .import_sources(&cid, &c, &[batch(&new_one), batch(&changed)], false)
            .await;
        assert!(
            matches!(result, Err(StoreError::ConflictingResponse { .. })),
            "{result:?}"
        );
        let after = store.load_responses(&cid).await.unwrap();
        assert_eq!(after.len(), 3, "nothing of the refused import is stored");
        let b = after.into_iter().find(|r| r.id == b_id).unwrap();
        assert_eq!(b.record.answers[1].text.as_deref(), Some("No, too costly"));
        assert_eq!(store.response_revisions(&b_id).await.unwrap().len(), 1);
    }
}

#[tokio::test]
async fn a_letter_read_by_ocr_keeps_its_mark_and_confidence() {
    use barometer_store::SourceBatch;
    for (store, _dir) in stores().await {
        let c = Consultation::parse(DEFINITION).unwrap();
        let cid = unique_consultation();
        let mut scanned = record("scan.pdf", "Agree", "We oppose it.");
        scanned.ocr = Some(barometer_domain::Ocr { confidence: 0.875 });
        let records = vec![scanned, record("b", "Agree", "Typed")];
        let files = vec![("letters".to_string(), "h".to_string())];
        let batch = SourceBatch {
            format: "letters",
            files: &files,
            records: &records,
        };
        store.import_sources(&cid, &c, &[batch], false).await.unwrap();
        let back = store.load_responses(&cid).await.unwrap();
        let ocr = |id: &str| {
            back.iter()
                .find(|r| r.record.external_id == id)
                .unwrap()
                .record
                .ocr
        };
        assert_eq!(ocr("scan.pdf"), Some(barometer_domain::Ocr { confidence: 0.875 }));
        assert_eq!(ocr("b"), None);
    }
}
