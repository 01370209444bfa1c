//! The document's content, and that both files it is written as open as what they claim to be.

use super::*;
use crate::fixture;
use std::io::Read;

fn document() -> Document {
    let summary = crate::build_summary(&fixture::consultation(), &fixture::responses(), &fixture::run());
    summary_of_responses(&summary)
}

/// Each entry of a zip, by name, in order.
fn entries(bytes: &[u8]) -> Vec<(String, Vec<u8>, zip::CompressionMethod)> {
    let mut archive = zip::ZipArchive::new(std::io::Cursor::new(bytes)).expect("a zip");
    (0..archive.len())
        .map(|i| {
            let mut f = archive.by_index(i).unwrap();
            let mut buf = vec![];
            f.read_to_end(&mut buf).unwrap();
            (f.name().to_string(), buf, f.compression())
        })
        .collect()
}

/// Reads `xml` to its end, failing on any error, and returns its character data.
fn well_formed_text(xml: &[u8]) -> String {
    let mut reader = quick_xml::Reader::from_reader(xml);
    let mut buf = vec![];
    let mut text = String::new();
    loop {
        match reader.read_event_into(&mut buf) {
            Ok(quick_xml::events::Event::Eof) => return text,
            Ok(quick_xml::events::Event::Text(t)) => {
                text.push_str(&t.decode().unwrap());
            }
            // Paragraphs and cells end with a space, so their words do not run together.
            Ok(quick_xml::events::Event::End(_)) => text.push(' '),
            Ok(quick_xml::events::Event::GeneralRef(r)) => {
                let name = r.decode().unwrap();
                text.push_str(match name.as_ref() {
                    "lt" => "<",
                    "gt" => ">",
                    "amp" => "&",
                    "quot" => "\"",
                    "apos" => "'",
                    other => panic!("unexpected entity {other}"),
                });
            }
            Ok(_) => {}
            Err(e) => panic!("not well-formed at {}: {e}", reader.buffer_position()),
        }
        buf.clear();
    }
}

fn headings(doc: &Document, level: u8) -> Vec<String> {
    doc.blocks
        .iter()
        .filter_map(|b| match b {
            Block::Heading(l, h) if *l == level => Some(h.clone()),
            _ => None,
        })
        .collect()
}

#[test]
fn the_document_has_the_sections_of_a_summary_of_responses() {
    let doc = document();
    assert_eq!(doc.blocks[0], Block::Title("Library opening hours".into()));
    let sections = headings(&doc, 1);
    assert_eq!(
        sections,
        [
            "Contents",
            "The consultation",
            "Who responded",
            "Responses to each proposal",
            "How the responses were analysed"
        ]
    );
    // The contents list names every section after itself.
    let contents = doc.blocks.iter().find_map(|b| match b {
        Block::Bullets(items) => Some(items.clone()),
        _ => None,
    });
    assert_eq!(contents.as_deref(), Some(&sections[1..]));
    // One subsection per proposal, and a chart of its camps.
    assert_eq!(headings(&doc, 2), ["Open on Sundays (P1)", "P2 (P2)"]);
    let charts: Vec<&Chart> = doc
        .blocks
        .iter()
        .filter_map(|b| match b {
            Block::Chart(c) => Some(c),
            _ => None,
        })
        .collect();
    assert_eq!(charts.len(), 2);
    assert_eq!(
        charts[0].description,
        "Camps on Open on Sundays: for 2, against 1, undecided 1, no view 2."
    );
    // The window was six weeks, under the code of practice's twelve, and the document says so.
    let text = doc.plain_text();
    assert!(
        text.contains("1 April 2014 to 13 May 2014: 42 days (6.0 weeks)"),
        "{text}"
    );
    assert!(text.contains("6 responses were received"), "{text}");
}

#[test]
fn the_odt_is_a_valid_package_with_the_document_in_it() {
    let doc = document();
    let odt = doc.to_odt();
    // The OpenDocument packaging rules: `mimetype` first, stored, exactly the media type.
    assert_eq!(&odt[30..38], b"mimetype");
    let parts = entries(&odt);
    assert_eq!(parts[0].0, "mimetype");
    assert_eq!(parts[0].1, b"application/vnd.oasis.opendocument.text");
    assert_eq!(parts[0].2, zip::CompressionMethod::Stored);
    let names: Vec<&str> = parts.iter().map(|p| p.0.as_str()).collect();
    for needed in [
        "META-INF/manifest.xml",
        "content.xml",
        "styles.xml",
        "meta.xml",
        "Pictures/chart1.png",
    ] {
        assert!(names.contains(&needed), "{needed} missing from {names:?}");
    }
    for (name, bytes, _) in &parts {
        if name.ends_with(".xml") {
            well_formed_text(bytes);
        }
    }
    let content = parts.iter().find(|p| p.0 == "content.xml").unwrap();
    let text = well_formed_text(&content.1);
    assert!(text.contains("Who responded"));
    assert!(text.contains("Libraries should open on Sundays."));
    // Every picture the body shows is in the manifest.
    let manifest = String::from_utf8(parts[1].1.clone()).unwrap();
    assert!(manifest.contains(r#"manifest:full-path="Pictures/chart2.png""#));
    assert_eq!(odt, doc.to_odt(), "the same document gives the same bytes");
}

#[test]
fn the_docx_holds_the_same_words() {
    let doc = document();
    let docx = doc.to_docx();
    let parts = entries(&docx);
    let body = parts
        .iter()
        .find(|p| p.0 == "word/document.xml")
        .expect("word/document.xml");
    let text = well_formed_text(&body.1);
    assert!(text.contains("Library opening hours"));
    assert!(text.contains("Responses to each proposal"));
    assert!(
        parts
            .iter()
            .any(|p| p.0.starts_with("word/media/") && p.1.starts_with(b"\x89PNG"))
    );
    assert_eq!(docx, doc.to_docx(), "the same document gives the same bytes");
}

#[test]
fn hostile_text_is_escaped_and_unprintable_characters_dropped() {
    let doc = Document {
        title: "A <b>title</b> & more".into(),
        blocks: vec![
            Block::Title("A <b>title</b> & more".into()),
            Block::Paragraph("]]></text:p><script>alert(1)</script>\u{0}\u{b}\u{c}end".into()),
            Block::Table(Table {
                header: vec!["\"quoted\" 'head'".into()],
                rows: vec![vec![Cell {
                    text: "<row>".into(),
                    fill: Some("not a colour\"/><evil".into()),
                }]],
                weights: vec![],
            }),
        ],
    };
    let odt = entries(&doc.to_odt());
    let content = &odt.iter().find(|p| p.0 == "content.xml").unwrap().1;
    let text = well_formed_text(content);
    assert!(
        text.contains("]]></text:p><script>alert(1)</script>end"),
        "{text}"
    );
    assert!(text.contains("<row>"));
    assert!(!String::from_utf8_lossy(content).contains("<evil"));
    let meta = &odt.iter().find(|p| p.0 == "meta.xml").unwrap().1;
    assert!(well_formed_text(meta).contains("A <b>title</b> & more"));
    let docx = entries(&doc.to_docx());
    let body = &docx.iter().find(|p| p.0 == "word/document.xml").unwrap().1;
    assert!(well_formed_text(body).contains("<script>alert(1)</script>end"));
}
