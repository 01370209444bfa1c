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

/// A scanned letter: `lines` typeset in a PDF, rendered to a greyscale image by poppler's
/// `pdftoppm` (as a scanner would produce pixels), and the image alone wrapped in a new PDF,
/// which then has no text layer at all.
pub fn scanned_pdf(lines: &[&str]) -> Vec<u8> {
    use lopdf::content::{Content, Operation};
    use lopdf::{Document, Object, Stream, dictionary};
    // 1. The text, typeset at 14 pt, one line per 24 pt.
    let mut ops = vec![
        Operation::new("BT", vec![]),
        Operation::new("Tf", vec!["F1".into(), 14.into()]),
        Operation::new("TL", vec![24.into()]),
        Operation::new("Td", vec![72.into(), 720.into()]),
    ];
    for line in lines {
        ops.push(Operation::new("Tj", vec![Object::string_literal(*line)]));
        ops.push(Operation::new("T*", vec![]));
    }
    ops.push(Operation::new("ET", vec![]));
    let typeset = one_page_pdf(
        Content { operations: ops }.encode().unwrap(),
        dictionary! { "Font" => dictionary! { "F1" => dictionary! {
            "Type" => "Font", "Subtype" => "Type1", "BaseFont" => "Helvetica", "Encoding" => "WinAnsiEncoding",
        } } },
    );
    // 2. Rendered to pixels: a binary PGM (P5) at 200 dpi.
    let dir = tempfile::tempdir().unwrap();
    std::fs::write(dir.path().join("t.pdf"), typeset).unwrap();
    let status = std::process::Command::new("pdftoppm")
        .args(["-r", "200", "-gray", "-singlefile"])
        .arg(dir.path().join("t.pdf"))
        .arg(dir.path().join("scan"))
        .status()
        .expect("pdftoppm (poppler-utils) renders the test's page");
    assert!(status.success());
    let pgm = std::fs::read(dir.path().join("scan.pgm")).unwrap();
    let (width, height, pixels) = parse_pgm(&pgm);
    // 3. The pixels alone, as the page's only content.
    let image = Stream::new(
        dictionary! {
            "Type" => "XObject", "Subtype" => "Image", "Width" => width as i64, "Height" => height as i64,
            "ColorSpace" => "DeviceGray", "BitsPerComponent" => 8,
        },
        pixels.to_vec(),
    );
    let mut doc = Document::with_version("1.5");
    let image_id = doc.add_object(image);
    let draw = Content {
        operations: vec![
            Operation::new("q", vec![]),
            Operation::new(
                "cm",
                vec![612.into(), 0.into(), 0.into(), 792.into(), 0.into(), 0.into()],
            ),
            Operation::new("Do", vec!["Im1".into()]),
            Operation::new("Q", vec![]),
        ],
    };
    let resources = dictionary! { "XObject" => dictionary! { "Im1" => image_id } };
    finish_one_page(doc, draw.encode().unwrap(), resources)
}

fn one_page_pdf(content: Vec<u8>, resources: lopdf::Dictionary) -> Vec<u8> {
    finish_one_page(lopdf::Document::with_version("1.5"), content, resources)
}

fn finish_one_page(mut doc: lopdf::Document, content: Vec<u8>, resources: lopdf::Dictionary) -> Vec<u8> {
    use lopdf::{Object, Stream, dictionary};
    let pages_id = doc.new_object_id();
    let resources_id = doc.add_object(resources);
    let content_id = doc.add_object(Stream::new(dictionary! {}, content));
    let page_id = doc.add_object(dictionary! {
        "Type" => "Page", "Parent" => pages_id, "Contents" => content_id, "Resources" => resources_id,
    });
    doc.objects.insert(
        pages_id,
        Object::Dictionary(dictionary! {
            "Type" => "Pages", "Kids" => vec![page_id.into()], "Count" => 1,
            "MediaBox" => vec![0.into(), 0.into(), 612.into(), 792.into()],
        }),
    );
    let catalog_id = doc.add_object(dictionary! { "Type" => "Catalog", "Pages" => pages_id });
    doc.trailer.set("Root", catalog_id);
    let mut out = Vec::new();
    doc.save_to(&mut out).unwrap();
    out
}

/// Width, height and pixels of a binary PGM (`P5`, 8-bit).
fn parse_pgm(bytes: &[u8]) -> (usize, usize, &[u8]) {
    let mut fields = Vec::new();
    let mut i = 0;
    while fields.len() < 4 {
        while bytes[i].is_ascii_whitespace() {
            i += 1;
        }
        let start = i;
        while !bytes[i].is_ascii_whitespace() {
            i += 1;
        }
        fields.push(std::str::from_utf8(&bytes[start..i]).unwrap().to_string());
    }
    assert_eq!(fields[0], "P5", "a binary greyscale PGM");
    let (w, h): (usize, usize) = (fields[1].parse().unwrap(), fields[2].parse().unwrap());
    (w, h, &bytes[i + 1..i + 1 + w * h])
}
