//! ThemeFinder / Consult folders.

use crate::util::{simple, write};
use barometer_domain::{RespondentType, RespondingAs};
use barometer_ingest::{Batch, IngestError, read_source};
use std::path::Path;

const SOURCE: &str = r#"
[[sources]]
format = "themefinder"
path = "tf"
responding_as = "Respondent type"
organisation_type = "organisation type"
region = "Region"

[sources.questions]
Q1 = "question_part_1"
Q1_explain = "question_part_1"
Q2 = "question_part_2"
"#;

fn layout(dir: &Path) {
    write(
        dir,
        "tf/respondents.jsonl",
        r#"{"themefinder_id": 1, "demographic_data": {"Respondent type": ["Individual"], "Region": ["North West"]}}
{"themefinder_id": 2, "demographic_data": {"Respondent type": ["Organisation"], "Organisation type": ["Charity"], "Region": ["London", "South East"]}}
{"themefinder_id": 3, "demographic_data": {}}
"#,
    );
    write(
        dir,
        "tf/question_part_1/question.json",
        r#"{"question_text": "Do you agree?", "question_number": 1, "has_free_text": true, "multi_choice_options": ["Agree", "Disagree"]}"#,
    );
    write(
        dir,
        "tf/question_part_1/responses.jsonl",
        "{\"themefinder_id\": 2, \"text\": \"Children need stability.\"}\n{\"themefinder_id\": 1, \"text\": \"It will help.\"}\n",
    );
    write(
        dir,
        "tf/question_part_1/multi_choice.jsonl",
        "{\"themefinder_id\": 1, \"options\": [\"Agree\"]}\n{\"themefinder_id\": 2, \"options\": [\"Disagree\"]}\n{\"themefinder_id\": 3, \"options\": []}\n",
    );
    write(
        dir,
        "tf/question_part_2/question.json",
        r#"{"question_text": "Anything else?", "question_number": 2}"#,
    );
    write(
        dir,
        "tf/question_part_2/responses.jsonl",
        "{\"themefinder_id\": 3, \"text\": \"Nothing more.\"}\n",
    );
    // An unmapped part is neither read nor digested.
    write(dir, "tf/question_part_9/question.json", "not json");
}

fn import(dir: &Path) -> Result<Batch, IngestError> {
    let c = simple(SOURCE);
    read_source(&c, dir, &c.sources[0])
}

#[test]
fn respondents_and_parts_become_one_record_each() {
    let dir = tempfile::tempdir().unwrap();
    layout(dir.path());
    let batch = import(dir.path()).unwrap();
    let r = &batch.records;
    assert_eq!(r.len(), 3);
    assert_eq!(
        batch.files.iter().map(|f| f.path.as_str()).collect::<Vec<_>>(),
        [
            "tf/question_part_1/multi_choice.jsonl",
            "tf/question_part_1/question.json",
            "tf/question_part_1/responses.jsonl",
            "tf/question_part_2/question.json",
            "tf/question_part_2/responses.jsonl",
            "tf/respondents.jsonl",
        ]
    );
    assert_eq!((r[0].external_id.as_str(), r[0].source_line), ("1", Some(1)));
    assert_eq!(r[0].source_file, "tf/respondents.jsonl");
    assert_eq!(r[0].respondent.region.as_deref(), Some("North West"));
    assert_eq!(r[0].answers.len(), 2);
    assert_eq!(r[0].answers[0].option.as_deref(), Some("Agree"));
    assert_eq!(r[0].answers[1].text.as_deref(), Some("It will help."));
    assert_eq!(r[1].respondent.responding_as, RespondingAs::Organisation);
    assert_eq!(r[1].respondent.respondent_type, RespondentType::VoluntaryCharity);
    assert_eq!(r[1].respondent.region.as_deref(), Some("London; South East"));
    assert_eq!(r[1].answers[0].option.as_deref(), Some("Disagree"));
    assert_eq!(r[1].answers[1].text.as_deref(), Some("Children need stability."));
    assert_eq!(r[2].respondent.responding_as, RespondingAs::Individual);
    assert_eq!(r[2].answers.len(), 1);
    assert_eq!(r[2].answers[0].question.0, "Q2");
}

#[test]
fn bad_json_names_file_and_line() {
    let dir = tempfile::tempdir().unwrap();
    layout(dir.path());
    write(
        dir.path(),
        "tf/question_part_2/responses.jsonl",
        "{\"themefinder_id\": 3, \"text\": \"ok\"}\n{\"themefinder_id\": 1, \"text\": \"unterminated}\n",
    );
    let e = import(dir.path()).unwrap_err();
    assert_eq!(e.file, Path::new("tf/question_part_2/responses.jsonl"));
    assert_eq!(e.line, Some(2));
    assert!(e.message.starts_with("not valid JSON"), "{e}");
}

#[test]
fn a_missing_field_is_named() {
    let dir = tempfile::tempdir().unwrap();
    layout(dir.path());
    write(
        dir.path(),
        "tf/question_part_2/responses.jsonl",
        "{\"id\": 3, \"text\": \"ok\"}\n",
    );
    let e = import(dir.path()).unwrap_err();
    assert_eq!(e.line, Some(1));
    assert_eq!(e.field.as_deref(), Some("field \"themefinder_id\""));
    assert!(e.message.contains("missing field \"themefinder_id\""), "{e}");

    write(
        dir.path(),
        "tf/question_part_2/responses.jsonl",
        "{\"themefinder_id\": 3}\n",
    );
    let e = import(dir.path()).unwrap_err();
    assert_eq!(e.field.as_deref(), Some("field \"text\""), "{e}");

    write(
        dir.path(),
        "tf/question_part_1/question.json",
        "{\"question_number\": 1}",
    );
    let e = import(dir.path()).unwrap_err();
    assert_eq!(e.file, Path::new("tf/question_part_1/question.json"));
    assert_eq!(e.field.as_deref(), Some("field \"question_text\""), "{e}");
}

#[test]
fn unknown_respondents_and_bad_options_are_refused() {
    let dir = tempfile::tempdir().unwrap();
    layout(dir.path());
    write(
        dir.path(),
        "tf/question_part_2/responses.jsonl",
        "{\"themefinder_id\": 3, \"text\": \"a\"}\n{\"themefinder_id\": 44, \"text\": \"b\"}\n",
    );
    let e = import(dir.path()).unwrap_err();
    assert_eq!(e.line, Some(2));
    assert!(
        e.message
            .contains("themefinder_id 44 is not in respondents.jsonl"),
        "{e}"
    );

    layout(dir.path());
    write(
        dir.path(),
        "tf/question_part_1/multi_choice.jsonl",
        "{\"themefinder_id\": 1, \"options\": [\"Agree\", \"Disagree\"]}\n",
    );
    let e = import(dir.path()).unwrap_err();
    assert!(e.message.contains("2 options are chosen"), "{e}");

    write(
        dir.path(),
        "tf/question_part_1/multi_choice.jsonl",
        "{\"themefinder_id\": 1, \"options\": [\"Sort of\"]}\n",
    );
    let e = import(dir.path()).unwrap_err();
    assert!(e.message.contains("\"Sort of\" is not an option of Q1"), "{e}");
}

#[test]
fn a_missing_part_or_respondents_file_is_named() {
    let dir = tempfile::tempdir().unwrap();
    layout(dir.path());
    std::fs::remove_dir_all(dir.path().join("tf/question_part_2")).unwrap();
    let e = import(dir.path()).unwrap_err();
    assert!(e.message.contains("\"question_part_2\""), "{e}");

    std::fs::remove_file(dir.path().join("tf/respondents.jsonl")).unwrap();
    let e = import(dir.path()).unwrap_err();
    assert_eq!(e.to_string(), "tf/respondents.jsonl: no such file or folder");
}
