//! Letters and emails, with the correspondence log.

use crate::util::{simple, write};
use barometer_domain::{RespondentType, RespondingAs, SourceKind};
use barometer_ingest::{Batch, IngestError, read_source};
use std::io::Write;
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

/// A minimal Word document: just the parts Word itself needs to open it.
fn docx(paragraphs: &[&str]) -> Vec<u8> {
    let mut body = String::new();
    for p in paragraphs {
        body.push_str(&format!(
            "<w:p><w:r><w:t xml:space=\"preserve\">{p}</w:t></w:r></w:p>"
        ));
    }
    let document = format!(
        "<?xml version=\"1.0\" encoding=\"UTF-8\" standalone=\"yes\"?>\
         <w:document xmlns:w=\"http://schemas.openxmlformats.org/wordprocessingml/2006/main\">\
         <w:body>{body}<w:p><w:r><w:t>Tab</w:t><w:tab/><w:t>bed &amp; broken</w:t><w:br/><w:t>line</w:t></w:r></w:p></w:body></w:document>"
    );
    let mut out = std::io::Cursor::new(Vec::new());
    {
        let mut zip = zip::ZipWriter::new(&mut out);
        let opts = zip::write::SimpleFileOptions::default();
        zip.start_file("[Content_Types].xml", opts).unwrap();
        zip.write_all(b"<?xml version=\"1.0\"?><Types xmlns=\"http://schemas.openxmlformats.org/package/2006/content-types\"><Default Extension=\"xml\" ContentType=\"application/xml\"/><Override PartName=\"/word/document.xml\" ContentType=\"application/vnd.openxmlformats-officedocument.wordprocessingml.document.main+xml\"/></Types>").unwrap();
        zip.start_file("word/document.xml", opts).unwrap();
        zip.write_all(document.as_bytes()).unwrap();
        zip.finish().unwrap();
    }
    out.into_inner()
}

/// A one-page PDF with a line of text in a standard font.
fn pdf(text: &str) -> Vec<u8> {
    use lopdf::content::{Content, Operation};
    use lopdf::{Document, Object, Stream, dictionary};
    let mut doc = Document::with_version("1.5");
    let pages_id = doc.new_object_id();
    let font_id = doc.add_object(dictionary! {
        "Type" => "Font", "Subtype" => "Type1", "BaseFont" => "Helvetica", "Encoding" => "WinAnsiEncoding",
    });
    let resources_id = doc.add_object(dictionary! { "Font" => dictionary! { "F1" => font_id } });
    let content = Content {
        operations: vec![
            Operation::new("BT", vec![]),
            Operation::new("Tf", vec!["F1".into(), 12.into()]),
            Operation::new("Td", vec![72.into(), 720.into()]),
            Operation::new("Tj", vec![Object::string_literal(text)]),
            Operation::new("ET", vec![]),
        ],
    };
    let content_id = doc.add_object(Stream::new(dictionary! {}, content.encode().unwrap()));
    let page_id = doc.add_object(dictionary! {
        "Type" => "Page", "Parent" => pages_id, "Contents" => content_id,
    });
    doc.objects.insert(
        pages_id,
        Object::Dictionary(dictionary! {
            "Type" => "Pages", "Kids" => vec![page_id.into()], "Count" => 1,
            "Resources" => resources_id, "MediaBox" => vec![0.into(), 0.into(), 612.into(), 792.into()],
        }),
    );
    let catalog_id = doc.add_object(dictionary! { "Type" => "Catalog", "Pages" => pages_id });
    doc.trailer.set("Root", catalog_id);
    let mut out = Vec::new();
    doc.save_to(&mut out).unwrap();
    out
}

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
