//! Letters and emails, with the correspondence log.

use crate::util::{docx, pdf, simple, write};
use barometer_domain::{RespondentType, RespondingAs, SourceKind};
use barometer_ingest::{Batch, IngestError, read_source};
use std::path::Path;

const SOURCE: &str = r#"
[[sources]]
format = "letters"
path = "letters"
index = "letters/index.csv"
question = "Q2"
"#;

const EMAIL: &str = "From: \"Jo Bloggs\" <jo@example.org>\r
To: consultation@example.gov.uk\r
Subject: Delegation proposals\r
Date: Thu, 10 Apr 2014 16:20:00 +0100\r
MIME-Version: 1.0\r
Content-Type: multipart/alternative; boundary=\"XYZ\"\r
\r
--XYZ\r
Content-Type: text/plain; charset=utf-8\r
Content-Transfer-Encoding: quoted-printable\r
\r
Dear Sir or Madam,\r
\r
We oppose the delegation of child protection. It would cost =C2=A35m and =\r
put children at risk.\r
\r
Yours faithfully\r
--XYZ\r
Content-Type: text/html; charset=utf-8\r
\r
<p>Dear Sir or Madam, HTML copy</p>\r
--XYZ--\r
";

fn folder(dir: &Path) {
    write(dir, "letters/003-email.eml", EMAIL);
    write(
        dir,
        "letters/001-note.txt",
        "To whom it may concern,\r\n\r\nI support the pilot.\r\n",
    );
    write(
        dir,
        "letters/002-word.docx",
        docx(&["Dear Minister,", "", "The council supports delegation."]),
    );
    write(
        dir,
        "letters/004-scan.pdf",
        pdf("We have concerns about profit-making providers."),
    );
    write(dir, "letters/.DS_Store", "junk");
    write(dir, "letters/README.md", "What this folder is");
    write(
        dir,
        "letters/index.csv",
        "file,responding_as,organisation_name,organisation_type,region\n\
         003-email.eml,Organisation,Save the Kids,Charity,\n\
         letters/002-word.docx,,Blankshire County Council,Local authority,South West\n",
    );
}

fn import(dir: &Path) -> Result<Batch, IngestError> {
    let c = simple(SOURCE);
    read_source(&c, dir, &c.sources[0])
}

#[test]
fn every_format_in_the_folder_becomes_a_letter() {
    let dir = tempfile::tempdir().unwrap();
    folder(dir.path());
    let batch = import(dir.path()).unwrap();
    let r = &batch.records;
    let names: Vec<&str> = r.iter().map(|r| r.external_id.as_str()).collect();
    assert_eq!(
        names,
        ["001-note.txt", "002-word.docx", "003-email.eml", "004-scan.pdf"]
    );
    assert!(
        r.iter()
            .all(|r| r.source == SourceKind::Letter && r.answers.len() == 1)
    );
    assert!(r.iter().all(|r| r.answers[0].question.0 == "Q2"));
    assert_eq!(r[0].source_file, "letters/001-note.txt");
    let text = |i: usize| r[i].answers[0].text.as_deref().unwrap();

    assert_eq!(text(0), "To whom it may concern,\n\nI support the pilot.");
    assert_eq!(
        r[0].respondent.responding_as,
        RespondingAs::Individual,
        "not in the log"
    );
    assert_eq!(r[0].submitted_at, None);

    assert_eq!(
        text(1),
        "Dear Minister,\n\nThe council supports delegation.\nTab\tbed & broken\nline"
    );
    assert_eq!(r[1].respondent.responding_as, RespondingAs::Organisation);
    assert_eq!(r[1].respondent.respondent_type, RespondentType::LocalAuthority);
    assert_eq!(r[1].respondent.region.as_deref(), Some("South West"));

    assert!(
        text(2).starts_with("Dear Sir or Madam,\n\nWe oppose"),
        "{}",
        text(2)
    );
    assert!(
        text(2).contains("cost £5m and put children at risk."),
        "quoted-printable decoded: {}",
        text(2)
    );
    assert!(
        !text(2).contains("HTML copy"),
        "the plain part is preferred: {}",
        text(2)
    );
    assert_eq!(r[2].submitted_at.as_deref(), Some("2014-04-10T16:20:00+01:00"));
    assert_eq!(
        r[2].respondent.organisation_name.as_deref(),
        Some("Save the Kids")
    );
    assert_eq!(r[2].respondent.respondent_type, RespondentType::VoluntaryCharity);

    assert!(
        text(3).contains("We have concerns about profit-making providers."),
        "{}",
        text(3)
    );

    let files: Vec<&str> = batch.files.iter().map(|f| f.path.as_str()).collect();
    assert_eq!(
        files,
        [
            "letters/001-note.txt",
            "letters/002-word.docx",
            "letters/003-email.eml",
            "letters/004-scan.pdf",
            "letters/index.csv",
        ]
    );
}

#[test]
fn a_log_row_naming_a_missing_file_names_the_log_line() {
    let dir = tempfile::tempdir().unwrap();
    folder(dir.path());
    write(
        dir.path(),
        "letters/index.csv",
        "file,responding_as,organisation_name,organisation_type,region\n003-email.eml,Organisation,A,,\n\"005-gone.eml\",Organisation,B,,\n",
    );
    let e = import(dir.path()).unwrap_err();
    assert_eq!(e.file, Path::new("letters/index.csv"));
    assert_eq!(e.line, Some(3));
    assert_eq!(e.field.as_deref(), Some("column \"file\""));
    assert!(e.message.contains("\"005-gone.eml\""), "{e}");
}

#[test]
fn an_unreadable_format_is_refused_not_skipped() {
    let dir = tempfile::tempdir().unwrap();
    folder(dir.path());
    write(dir.path(), "letters/006-old.doc", "binary");
    let e = import(dir.path()).unwrap_err();
    assert_eq!(e.file, Path::new("letters/006-old.doc"));
    assert!(e.message.contains(".doc letters"), "{e}");
}

#[test]
fn an_empty_letter_is_refused() {
    let dir = tempfile::tempdir().unwrap();
    folder(dir.path());
    write(dir.path(), "letters/000-blank.txt", "  \n\n");
    let e = import(dir.path()).unwrap_err();
    assert_eq!(e.file, Path::new("letters/000-blank.txt"));
    assert!(e.message.contains("no text"), "{e}");
}

#[test]
fn without_a_log_every_letter_is_an_individual() {
    let dir = tempfile::tempdir().unwrap();
    folder(dir.path());
    std::fs::remove_file(dir.path().join("letters/index.csv")).unwrap();
    let c = simple("[[sources]]\nformat = \"letters\"\npath = \"letters\"\nquestion = \"Q2\"\n");
    let batch = read_source(&c, dir.path(), &c.sources[0]).unwrap();
    assert_eq!(batch.records.len(), 4);
    assert!(
        batch
            .records
            .iter()
            .all(|r| r.respondent.respondent_type == RespondentType::Individual)
    );
}

#[test]
fn a_scanned_letter_is_read_by_ocr_and_marked_with_its_confidence() {
    let dir = tempfile::tempdir().unwrap();
    folder(dir.path());
    write(
        dir.path(),
        "letters/005-scanned.pdf",
        crate::util::scanned_pdf(&[
            "Dear Minister,",
            "We oppose the delegation of child protection",
            "to profit-making companies.",
        ]),
    );
    let batch = import(dir.path()).unwrap();
    let scanned = batch
        .records
        .iter()
        .find(|r| r.external_id == "005-scanned.pdf")
        .unwrap();
    let text = scanned.answers[0].text.as_deref().unwrap();
    assert!(text.contains("Dear Minister"), "{text}");
    assert!(
        text.contains("oppose the delegation of child protection"),
        "{text}"
    );
    assert!(text.contains("profit-making companies"), "{text}");
    let ocr = scanned.ocr.expect("marked as read by OCR");
    assert!(ocr.confidence > 0.6 && ocr.confidence <= 1.0, "{ocr:?}");
    // Letters with a text layer are not OCR'd.
    assert!(
        batch
            .records
            .iter()
            .filter(|r| r.external_id != "005-scanned.pdf")
            .all(|r| r.ocr.is_none())
    );
}
