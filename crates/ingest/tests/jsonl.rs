//! Barometer's own JSONL shape.

use crate::util::{simple, write};
use barometer_domain::{RespondentType, RespondingAs, SourceKind};
use barometer_ingest::{Batch, IngestError, read_source};

fn import(sources_extra: &str, text: &str) -> Result<Batch, IngestError> {
    let c = simple(&format!(
        "[[sources]]\nformat = \"jsonl\"\npath = \"in/responses.jsonl\"\n{sources_extra}"
    ));
    let dir = tempfile::tempdir().unwrap();
    write(dir.path(), "in/responses.jsonl", text);
    read_source(&c, dir.path(), &c.sources[0])
}

#[test]
fn good_lines_become_records() {
    let batch = import(
        "",
        r#"{"id": "F1", "responding_as": "individual", "region": "North West", "submitted_at": "2014-04-10T09:00:00Z", "source": "form", "answers": {"Q1_explain": "Because.", "Q1": "Agree"}}

{"id": 7, "responding_as": "organisation", "organisation_name": "Save the Kids", "organisation_type": "Charity", "answers": {"Q1": "Strongly disagree", "Q2": null}}
{"responding_as": "organisation", "respondent_type": "academic", "answers": {"Q2": "A letter, typed up", "Q1": ""}, "source": "letter"}
"#,
    )
    .unwrap();
    let r = &batch.records;
    assert_eq!(r.len(), 3);
    assert_eq!(batch.files[0].path, "in/responses.jsonl");
    assert_eq!(
        (r[0].external_id.as_str(), r[0].source, r[0].source_line),
        ("F1", SourceKind::Form, Some(1))
    );
    assert_eq!(r[0].submitted_at.as_deref(), Some("2014-04-10T09:00:00Z"));
    let ids: Vec<&str> = r[0].answers.iter().map(|a| a.question.0.as_str()).collect();
    assert_eq!(ids, ["Q1", "Q1_explain"], "question order, not key order");
    assert_eq!((r[1].external_id.as_str(), r[1].source_line), ("7", Some(3)));
    assert_eq!(r[1].respondent.respondent_type, RespondentType::VoluntaryCharity);
    assert_eq!(r[1].answers.len(), 1, "null is unanswered");
    assert_eq!(r[2].external_id, "row-3");
    assert_eq!(r[2].source, SourceKind::Letter);
    assert_eq!(r[2].respondent.respondent_type, RespondentType::Academic);
    assert_eq!(r[2].respondent.responding_as, RespondingAs::Organisation);
    assert_eq!(r[2].answers.len(), 1);
}

#[test]
fn keys_can_be_mapped_through_the_source() {
    let batch = import(
        "[sources.questions]\nQ1 = \"agree\"\n",
        "{\"id\": \"a\", \"answers\": {\"agree\": \"Tend to agree\", \"Q2\": \"More.\"}}\n",
    )
    .unwrap();
    assert_eq!(batch.records[0].answers[0].question.0, "Q1");
    assert_eq!(batch.records[0].answers[1].question.0, "Q2");
    let e = import(
        "[sources.questions]\nQ1 = \"agree\"\n",
        "{\"id\": \"a\", \"answers\": {\"Q1\": \"Agree\"}}\n",
    )
    .unwrap_err();
    assert_eq!(e.field.as_deref(), Some("field \"answers.Q1\""), "{e}");
}

#[test]
fn bad_json_names_its_line() {
    let e = import(
        "",
        "{\"id\": \"a\", \"answers\": {}}\n\n{\"id\": \"b\", \"answers\": {\"Q1\": \"Agree\"}\n",
    )
    .unwrap_err();
    assert_eq!(e.line, Some(3), "{e}");
    assert!(
        e.to_string()
            .starts_with("in/responses.jsonl line 3: not valid JSON"),
        "{e}"
    );
    assert!(
        !e.message.contains("line 1"),
        "the object's own line 1 is not shown: {e}"
    );
}

#[test]
fn an_unknown_question_names_line_and_field() {
    let e = import("", "{\"id\": \"a\", \"answers\": {\"Q1\": \"Agree\"}}\n{\"id\": \"b\", \"answers\": {\"Q9\": \"Agree\"}}\n")
        .unwrap_err();
    assert_eq!(e.line, Some(2));
    assert_eq!(e.field.as_deref(), Some("field \"answers.Q9\""));
    assert!(e.message.contains("Q1_explain"), "lists the known keys: {e}");
}

#[test]
fn unknown_keys_bad_options_and_duplicates_are_refused() {
    let e = import("", "{\"id\": \"a\", \"answerz\": {}}\n").unwrap_err();
    assert!(e.message.contains("unknown field `answerz`"), "{e}");
    let e = import("", "{\"id\": \"a\", \"answers\": {\"Q1\": \"Maybe\"}}\n").unwrap_err();
    assert!(e.message.contains("\"Maybe\" is not an option of Q1"), "{e}");
    let e = import("", "{\"id\": \"a\"}\n{\"id\": \"a\"}\n").unwrap_err();
    assert!(e.message.contains("lines 1 and 2"), "{e}");
    let e = import("", "{\"id\": \"a\", \"answers\": {\"Q2\": [\"x\"]}}\n").unwrap_err();
    assert!(e.message.contains("found a list"), "{e}");
}
