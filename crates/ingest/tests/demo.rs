//! The fictional demo consultation: every source it lists must import.

use crate::util::repo_root;
use barometer_domain::{Consultation, SourceKind};
use barometer_ingest::read_all;

#[test]
fn the_demo_imports_whole() {
    let dir = repo_root().join("examples/children-social-care-2014");
    let text = std::fs::read_to_string(dir.join("consultation.toml")).unwrap();
    let c = Consultation::parse(&text).unwrap();
    assert!(
        dir.join("responses.csv").is_file(),
        "examples/children-social-care-2014/responses.csv is missing: the demo's hub export must be generated and committed"
    );
    let batches = read_all(&c, &dir).unwrap_or_else(|e| panic!("{e}"));
    assert_eq!(batches.len(), c.sources.len());
    let total: usize = batches.iter().map(|b| b.records.len()).sum();
    assert!(total >= 1500, "only {total} records");
    for record in batches.iter().flat_map(|b| &b.records) {
        for answer in &record.answers {
            assert!(
                c.question(&answer.question).is_some(),
                "{} answers unknown question {}",
                record.external_id,
                answer.question
            );
        }
        if record.source == SourceKind::Letter {
            assert!(record.answers.iter().all(|a| a.question.0 == "Q5"));
        }
    }
}
