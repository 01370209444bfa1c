//! Reading back what Barometer publishes, for tests: the words of the summary-of-responses
//! document as a reader sees them, from its ODT or DOCX, and every published file's text.

use std::io::Read;
use std::path::Path;

/// The text of an `.odt` (its `content.xml`) or `.docx` (its `word/document.xml`): markup
/// removed, entities decoded, each paragraph ending in a space.
pub fn document_text(path: &Path) -> String {
    let part = match path.extension().and_then(|e| e.to_str()) {
        Some("odt") => "content.xml",
        Some("docx") => "word/document.xml",
        other => panic!("not a document: {other:?}"),
    };
    let file = std::fs::File::open(path).unwrap_or_else(|e| panic!("{}: {e}", path.display()));
    let mut archive =
        zip::ZipArchive::new(file).unwrap_or_else(|e| panic!("{} is not a zip: {e}", path.display()));
    let mut xml = String::new();
    archive.by_name(part).unwrap().read_to_string(&mut xml).unwrap();
    let mut text = String::new();
    let mut in_tag = false;
    for c in xml.chars() {
        match c {
            '<' => in_tag = true,
            '>' => {
                in_tag = false;
                text.push(' ');
            }
            c if !in_tag => text.push(c),
            _ => {}
        }
    }
    let text = text
        .replace("&lt;", "<")
        .replace("&gt;", ">")
        .replace("&quot;", "\"")
        .replace("&apos;", "'")
        .replace("&#39;", "'")
        .replace("&amp;", "&");
    text.split_whitespace().collect::<Vec<_>>().join(" ")
}

/// What `analyse` wrote into `out` for publication, each file's text by name: the report, its
/// summary.json, and the document as ODT and as DOCX.
pub fn published_texts(out: &Path) -> Vec<(&'static str, String)> {
    let read = |name: &str| std::fs::read_to_string(out.join(name)).unwrap_or_else(|e| panic!("{name}: {e}"));
    vec![
        ("report.html", read("report.html")),
        ("summary.json", read("summary.json")),
        ("the ODT", document_text(&out.join("summary-of-responses.odt"))),
        ("the DOCX", document_text(&out.join("summary-of-responses.docx"))),
    ]
}
