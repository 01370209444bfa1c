//! Public-comment dockets by preset, on the real exports in shared/datasets/exports.

use crate::util::{exports_dir, head, parse, pdf, write};
use barometer_domain::{Consultation, RespondentType, RespondingAs, is_attachment_pointer};
use barometer_ingest::read_source;

/// One open question, so that a preset needs only its path.
fn one_question(sources: &str) -> Consultation {
    parse(&format!(
        "{}\n[[questions]]\nid = \"Q1\"\nkind = \"open\"\ntext = \"Your comments\"\n\n{sources}",
        head(&["P1"])
    ))
}

fn docket() -> std::path::PathBuf {
    exports_dir().join("regulations-gov")
}

#[test]
fn the_bulk_csv_needs_only_its_path_and_maps_every_field() {
    let c = one_question("[[sources]]\nformat = \"regulations-gov\"\npath = \"cms-2022-0163-bulk.csv\"\n");
    assert_eq!(c.sources[0].question.as_deref(), Some("Q1"));
    let batch = read_source(&c, &docket(), &c.sources[0]).unwrap();
    assert_eq!(batch.records.len(), 200);
    let first = &batch.records[0];
    assert!(
        first.external_id.starts_with("CMS-2022-0163-"),
        "{}",
        first.external_id
    );
    // regulations.gov's "2022-10-07T04:00Z" is read, not refused.
    assert_eq!(first.submitted_at.as_deref(), Some("2022-10-07T04:00:00Z"));
    // No markup reaches the store: the docket's text is HTML.
    for r in &batch.records {
        for a in &r.answers {
            let text = a.text.as_deref().unwrap();
            for bad in ["<span", "<br", "&rsquo;", "&#39;", "padding-left", "&amp;"] {
                assert!(!text.contains(bad), "{bad} in {}: {text:?}", r.external_id);
            }
        }
    }
    // Who: named organisations are organisations; "Individual" is an individual.
    let orgs: Vec<_> = batch
        .records
        .iter()
        .filter(|r| r.respondent.responding_as == RespondingAs::Organisation)
        .collect();
    assert!(!orgs.is_empty());
    assert!(orgs.iter().all(|r| r.respondent.organisation_name.is_some()));
    assert!(
        orgs.iter()
            .any(|r| r.respondent.respondent_type == RespondentType::ProfessionalBody)
    );
    let individuals = batch
        .records
        .iter()
        .filter(|r| r.respondent.organisation_type_raw.as_deref() == Some("Individual"))
        .count();
    assert!(individuals > 0);
    assert!(
        batch
            .records
            .iter()
            .filter(|r| r.respondent.organisation_type_raw.as_deref() == Some("Individual"))
            .all(|r| r.respondent.respondent_type == RespondentType::Individual)
    );
}

#[test]
fn the_api_folder_reads_one_comment_per_file_without_names() {
    let c = one_question("[[sources]]\nformat = \"regulations-gov\"\npath = \"cms-2022-0163-api\"\n");
    let batch = read_source(&c, &docket(), &c.sources[0]).unwrap();
    assert_eq!(batch.records.len(), 647);
    assert_eq!(batch.files.len(), 647);
    let r = batch
        .records
        .iter()
        .find(|r| r.external_id == "CMS-2022-0163-0010")
        .unwrap();
    let text = r.answers[0].text.as_deref().unwrap();
    // "I&#39;ve" in the file.
    assert!(text.contains("I've always said"), "{text}");
    assert_eq!(r.submitted_at.as_deref(), Some("2022-10-10T04:00:00Z"));
    assert_eq!(r.respondent.respondent_type, RespondentType::Individual);
    // The commenter's name is in the file; it is never read.
    let all = format!("{:?}", batch.records);
    assert!(!all.contains("Hannah") && !all.contains("Berg"));
}

#[test]
fn bare_see_attached_comments_are_kept_as_pointers_not_arguments() {
    let c = one_question("[[sources]]\nformat = \"regulations-gov\"\npath = \"cms-2022-0163-api\"\n");
    let batch = read_source(&c, &docket(), &c.sources[0]).unwrap();
    let pointers: Vec<&str> = batch
        .records
        .iter()
        .filter_map(|r| r.answers.first()?.text.as_deref())
        .filter(|t| is_attachment_pointer(t))
        .collect();
    // The docket's organisations mostly wrote "See attached file(s)": kept, and known for what
    // they are.
    assert!(pointers.len() >= 20, "{}", pointers.len());
}

#[test]
fn have_your_say_counts_each_respondent_once_with_their_paper() {
    let tmp = tempfile::tempdir().unwrap();
    let dir = tmp.path();
    std::fs::copy(
        exports_dir().join("have-your-say-shape.csv"),
        dir.join("feedback.csv"),
    )
    .unwrap();
    write(
        dir,
        "attachments/2001004.pdf",
        pdf("The authority supports the proposal provided that supervision is funded."),
    );
    write(
        dir,
        "attachments/2001004_annex.txt",
        "Annex: costs of supervision.",
    );
    let c = one_question(
        "[[sources]]\nformat = \"have-your-say\"\npath = \"feedback.csv\"\nattachments = \"attachments\"\n",
    );
    let batch = read_source(&c, dir, &c.sources[0]).unwrap();
    assert_eq!(batch.records.len(), 6, "six feedback rows, six respondents");
    assert_eq!(batch.files.len(), 3, "the CSV and two attachments");
    let authority = batch.records.iter().find(|r| r.external_id == "2001004").unwrap();
    let text = authority.answers[0].text.as_deref().unwrap();
    assert!(text.starts_with("See attached position paper."), "{text}");
    assert!(
        text.contains("supports the proposal provided that supervision"),
        "{text}"
    );
    assert!(text.contains("Annex: costs of supervision."), "{text}");
    assert_eq!(authority.respondent.respondent_type, RespondentType::PublicBody);
    assert_eq!(
        authority.respondent.organisation_name.as_deref(),
        Some("Example National Data Protection Authority")
    );
    assert_eq!(authority.submitted_at.as_deref(), Some("2021-05-07T11:00:00"));
    let citizen = batch.records.iter().find(|r| r.external_id == "2001002").unwrap();
    assert_eq!(citizen.respondent.respondent_type, RespondentType::Individual);
    // Names in the export are never read.
    assert!(!format!("{:?}", batch.records).contains("Murphy"));
    let ngo = batch.records.iter().find(|r| r.external_id == "2001003").unwrap();
    assert_eq!(ngo.respondent.respondent_type, RespondentType::VoluntaryCharity);
}

#[test]
fn an_attachment_no_comment_claims_is_refused_by_name() {
    let tmp = tempfile::tempdir().unwrap();
    let dir = tmp.path();
    std::fs::copy(
        exports_dir().join("have-your-say-shape.csv"),
        dir.join("feedback.csv"),
    )
    .unwrap();
    write(dir, "attachments/9999.pdf", pdf("Orphan paper."));
    let c = one_question(
        "[[sources]]\nformat = \"have-your-say\"\npath = \"feedback.csv\"\nattachments = \"attachments\"\n",
    );
    let e = read_source(&c, dir, &c.sources[0]).unwrap_err();
    assert_eq!(e.file, std::path::Path::new("attachments/9999.pdf"), "{e}");
    assert!(e.message.contains("comment id"), "{e}");
}

#[test]
fn a_bulk_csv_without_its_comment_column_names_the_column() {
    let tmp = tempfile::tempdir().unwrap();
    write(tmp.path(), "c.csv", "Document ID,Text\nX-1,hello\n");
    let c = one_question("[[sources]]\nformat = \"regulations-gov\"\npath = \"c.csv\"\n");
    let e = read_source(&c, tmp.path(), &c.sources[0]).unwrap_err();
    assert_eq!((e.file.to_str(), e.line), (Some("c.csv"), Some(1)), "{e}");
    assert!(e.message.contains("\"Comment\""), "{e}");
}

#[test]
fn a_preset_in_a_consultation_with_several_open_questions_must_name_one() {
    let text = format!(
        "{}\n[[questions]]\nid = \"Q1\"\nkind = \"open\"\ntext = \"A\"\n\n[[questions]]\nid = \"Q2\"\nkind = \"open\"\ntext = \"B\"\n\n[[sources]]\nformat = \"regulations-gov\"\npath = \"c.csv\"\n",
        head(&["P1"])
    );
    let e = Consultation::parse(&text).unwrap_err();
    assert_eq!(e.field, "sources[0].question", "{e}");
}

#[test]
fn attachments_indexed_to_a_response_id_join_that_response() {
    let tmp = tempfile::tempdir().unwrap();
    let dir = tmp.path();
    std::fs::copy(
        exports_dir().join("have-your-say-shape.csv"),
        dir.join("feedback.csv"),
    )
    .unwrap();
    write(
        dir,
        "papers/position.txt",
        "The union asks for a consultation of workers first.",
    );
    write(
        dir,
        "papers/2001005.txt",
        "Named by its id: the university's annex.",
    );
    write(
        dir,
        "papers.csv",
        "file,response_id\npapers/position.txt,2001006\n",
    );
    let c = one_question(
        "[[sources]]\nformat = \"have-your-say\"\npath = \"feedback.csv\"\nattachments = \"papers\"\nindex = \"papers.csv\"\n",
    );
    let batch = read_source(&c, dir, &c.sources[0]).unwrap();
    let text = |id: &str| {
        batch
            .records
            .iter()
            .find(|r| r.external_id == id)
            .unwrap()
            .answers[0]
            .text
            .clone()
            .unwrap()
    };
    assert!(
        text("2001006").contains("consultation of workers first"),
        "{}",
        text("2001006")
    );
    assert!(text("2001005").contains("the university's annex"));
    assert_eq!(batch.records.len(), 6);
    assert!(batch.files.iter().any(|f| f.path == "papers.csv"));

    // An index naming a comment that does not exist is refused, naming its line.
    write(dir, "papers.csv", "file,response_id\npapers/position.txt,999\n");
    let e = read_source(&c, dir, &c.sources[0]).unwrap_err();
    assert_eq!((e.file.to_str(), e.line), (Some("papers.csv"), Some(2)), "{e}");
}
