//! Helpers shared by the test modules.

use barometer_domain::Consultation;
use std::io::Write;
use std::path::{Path, PathBuf};

/// The shared export shapes; shared/ sits beside the repository, in CI too.
pub fn exports_dir() -> PathBuf {
    let dir = Path::new(env!("CARGO_MANIFEST_DIR")).join("../../../shared/datasets/exports");
    assert!(
        dir.join("README.md").is_file(),
        "shared/datasets/exports is missing at {}; it must sit beside the repository",
        dir.display()
    );
    dir
}

/// The repository's root.
pub fn repo_root() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("../..")
}

/// A header for a definition, with one proposal per id given.
pub fn head(proposals: &[&str]) -> String {
    let mut s =
        String::from("title = \"T\"\norganisation = \"O\"\nopens = 2014-04-03\ncloses = 2014-05-15\n");
    for p in proposals {
        s.push_str(&format!(
            "\n[[proposals]]\nid = \"{p}\"\ntext = \"Proposal {p}\"\n"
        ));
    }
    s
}

/// Parses a definition, panicking with the error.
pub fn parse(text: &str) -> Consultation {
    Consultation::parse(text).unwrap_or_else(|e| panic!("bad test definition: {e}\n{text}"))
}

/// A simple definition: proposal P1, closed Q1 (agree5), open Q1_explain, open Q2, and the
/// given sources.
pub fn simple(sources: &str) -> Consultation {
    parse(&format!(
        "{}\n{}\n{sources}",
        head(&["P1"]),
        r#"
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

[[questions]]
id = "Q2"
kind = "open"
text = "Anything else?"

[respondents.organisation_types]
"Charity" = "voluntary_charity"
"Local authority" = "local_authority"
"#
    ))
}

/// Writes a file under a folder, creating folders on the way.
pub fn write(dir: &Path, name: &str, contents: impl AsRef<[u8]>) -> PathBuf {
    let path = dir.join(name);
    std::fs::create_dir_all(path.parent().unwrap()).unwrap();
    std::fs::write(&path, contents).unwrap();
    path
}

/// The sha256 of a file, as hex.
pub fn sha256(path: &Path) -> String {
    use sha2::Digest;
    hex::encode(sha2::Sha256::digest(std::fs::read(path).unwrap()))
}

/// A minimal Word document: just the parts Word itself needs to open it.
pub fn docx(paragraphs: &[&str]) -> Vec<u8> {
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
pub fn pdf(text: &str) -> Vec<u8> {
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
