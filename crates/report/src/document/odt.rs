//! Writes a [`Document`] as OpenDocument Text: a zip of XML parts, with the `mimetype` entry
//! first and stored, as the OpenDocument packaging rules require.
//!
//! There is no maintained Rust crate that writes ODT, so the parts are written here, small and
//! fixed: named styles (the ones LibreOffice ships, so an editor's style menu works as usual),
//! automatic styles for table cells that key a chart, and the body. Every piece of text goes
//! through [`xml_text`], which drops characters XML cannot carry and escapes the rest.

use super::{Block, Document, hex6, printable};
use std::io::Write;
use zip::write::SimpleFileOptions;
use zip::{CompressionMethod, DateTime, ZipWriter};

const MIMETYPE: &str = "application/vnd.oasis.opendocument.text";

const NAMESPACES: &str = r#"xmlns:office="urn:oasis:names:tc:opendocument:xmlns:office:1.0" xmlns:style="urn:oasis:names:tc:opendocument:xmlns:style:1.0" xmlns:text="urn:oasis:names:tc:opendocument:xmlns:text:1.0" xmlns:table="urn:oasis:names:tc:opendocument:xmlns:table:1.0" xmlns:draw="urn:oasis:names:tc:opendocument:xmlns:drawing:1.0" xmlns:fo="urn:oasis:names:tc:opendocument:xmlns:xsl-fo-compatible:1.0" xmlns:xlink="http://www.w3.org/1999/xlink" xmlns:dc="http://purl.org/dc/elements/1.1/" xmlns:meta="urn:oasis:names:tc:opendocument:xmlns:meta:1.0" xmlns:svg="urn:oasis:names:tc:opendocument:xmlns:svg-compatible:1.0" office:version="1.3""#;

/// Body text width on an A4 page with 2 cm margins, in centimetres.
const TEXT_WIDTH_CM: f64 = 17.0;

/// The document as an `.odt` file's bytes.
pub(crate) fn write(doc: &Document) -> Vec<u8> {
    let mut pictures: Vec<(String, &[u8])> = vec![];
    let mut fills: Vec<String> = vec![];
    let mut body = String::new();
    let mut tables = 0;
    let mut column_styles = String::new();
    for block in &doc.blocks {
        match block {
            Block::Title(t) => para(&mut body, "Title", t),
            Block::Heading(level, t) => {
                let level = (*level).clamp(1, 3);
                body.push_str(&format!(
                    r#"<text:h text:style-name="Heading_20_{level}" text:outline-level="{level}">{}</text:h>"#,
                    xml_text(t)
                ));
            }
            Block::Paragraph(t) => para(&mut body, "Text_20_body", t),
            Block::Note(t) => para(&mut body, "Note", t),
            Block::Quote(t) => para(&mut body, "Quotations", t),
            Block::Bullets(items) => {
                body.push_str(r#"<text:list text:style-name="Bullets">"#);
                for item in items {
                    body.push_str("<text:list-item>");
                    para(&mut body, "List_20_Bullet", item);
                    body.push_str("</text:list-item>");
                }
                body.push_str("</text:list>");
            }
            Block::Table(t) => {
                tables += 1;
                body.push_str(&format!(
                    r#"<table:table table:name="Table{tables}" table:style-name="Table">"#
                ));
                for (i, fraction) in t.fractions().iter().enumerate() {
                    column_styles.push_str(&format!(
                        r#"<style:style style:name="Table{tables}.C{i}" style:family="table-column"><style:table-column-properties style:column-width="{:.2}cm"/></style:style>"#,
                        fraction * TEXT_WIDTH_CM
                    ));
                    body.push_str(&format!(
                        r#"<table:table-column table:style-name="Table{tables}.C{i}"/>"#
                    ));
                }
                body.push_str("<table:table-header-rows><table:table-row>");
                for h in &t.header {
                    cell(&mut body, "Cell", "Table_20_Heading", h);
                }
                body.push_str("</table:table-row></table:table-header-rows>");
                for row in &t.rows {
                    body.push_str("<table:table-row>");
                    for c in row {
                        let style = match &c.fill {
                            Some(f) => {
                                let f = hex6(f);
                                if !fills.contains(&f) {
                                    fills.push(f.clone());
                                }
                                format!("Fill{f}")
                            }
                            None => "Cell".into(),
                        };
                        cell(&mut body, &style, "Table_20_Contents", &c.text);
                    }
                    body.push_str("</table:table-row>");
                }
                body.push_str("</table:table>");
            }
            Block::Chart(c) => {
                let n = pictures.len() + 1;
                let name = format!("Pictures/chart{n}.png");
                let height = TEXT_WIDTH_CM * f64::from(c.height_px) / f64::from(c.width_px.max(1));
                body.push_str(&format!(
                    r#"<text:p text:style-name="Chart"><draw:frame draw:name="Chart {n}" text:anchor-type="as-char" svg:width="{TEXT_WIDTH_CM:.2}cm" svg:height="{height:.2}cm"><draw:image xlink:href="{name}" xlink:type="simple" xlink:show="embed" xlink:actuate="onLoad"/><svg:title>Chart {n}</svg:title><svg:desc>{}</svg:desc></draw:frame></text:p>"#,
                    xml_text(&c.description)
                ));
                pictures.push((name, &c.png));
            }
        }
    }
    let fill_styles: String = fills
        .iter()
        .map(|f| {
            format!(
                r##"<style:style style:name="Fill{f}" style:family="table-cell"><style:table-cell-properties fo:background-color="#{f}" fo:padding="0.08cm" fo:border="0.5pt solid #b1b4b6"/></style:style>"##
            )
        })
        .collect();
    let content = format!(
        r##"<?xml version="1.0" encoding="UTF-8"?><office:document-content {NAMESPACES}><office:automatic-styles><style:style style:name="Table" style:family="table"><style:table-properties style:width="{TEXT_WIDTH_CM}cm" table:align="margins" fo:margin-top="0.1cm" fo:margin-bottom="0.3cm"/></style:style><style:style style:name="Cell" style:family="table-cell"><style:table-cell-properties fo:padding="0.08cm" fo:border="0.5pt solid #b1b4b6"/></style:style>{column_styles}{fill_styles}</office:automatic-styles><office:body><office:text>{body}</office:text></office:body></office:document-content>"##
    );
    let meta = format!(
        r#"<?xml version="1.0" encoding="UTF-8"?><office:document-meta {NAMESPACES}><office:meta><meta:generator>Barometer</meta:generator><dc:title>{}</dc:title></office:meta></office:document-meta>"#,
        xml_text(&doc.title)
    );
    let mut manifest = String::from(
        r#"<?xml version="1.0" encoding="UTF-8"?><manifest:manifest xmlns:manifest="urn:oasis:names:tc:opendocument:xmlns:manifest:1.0" manifest:version="1.3"><manifest:file-entry manifest:full-path="/" manifest:version="1.3" manifest:media-type="application/vnd.oasis.opendocument.text"/><manifest:file-entry manifest:full-path="content.xml" manifest:media-type="text/xml"/><manifest:file-entry manifest:full-path="styles.xml" manifest:media-type="text/xml"/><manifest:file-entry manifest:full-path="meta.xml" manifest:media-type="text/xml"/>"#,
    );
    for (name, _) in &pictures {
        manifest.push_str(&format!(
            r#"<manifest:file-entry manifest:full-path="{name}" manifest:media-type="image/png"/>"#
        ));
    }
    manifest.push_str("</manifest:manifest>");

    let mut zip = ZipWriter::new(std::io::Cursor::new(Vec::new()));
    // A fixed timestamp: the same document gives the same bytes.
    let stored = SimpleFileOptions::default()
        .compression_method(CompressionMethod::Stored)
        .last_modified_time(DateTime::default());
    let deflated = stored.compression_method(CompressionMethod::Deflated);
    let mut parts: Vec<(&str, &[u8], SimpleFileOptions)> = vec![
        ("mimetype", MIMETYPE.as_bytes(), stored),
        ("META-INF/manifest.xml", manifest.as_bytes(), deflated),
        ("meta.xml", meta.as_bytes(), deflated),
        ("styles.xml", STYLES.as_bytes(), deflated),
        ("content.xml", content.as_bytes(), deflated),
    ];
    // PNGs are compressed already.
    parts.extend(pictures.iter().map(|(name, png)| (name.as_str(), *png, stored)));
    for (name, bytes, options) in parts {
        // Writing into memory cannot fail, and every name is unique by construction.
        zip.start_file(name, options)
            .expect("a zip entry starts in memory");
        zip.write_all(bytes).expect("a zip entry writes to memory");
    }
    zip.finish().expect("a zip finishes in memory").into_inner()
}

fn para(out: &mut String, style: &str, text: &str) {
    out.push_str(&format!(
        r#"<text:p text:style-name="{style}">{}</text:p>"#,
        xml_text(text)
    ));
}

fn cell(out: &mut String, cell_style: &str, para_style: &str, text: &str) {
    out.push_str(&format!(
        r#"<table:table-cell table:style-name="{cell_style}" office:value-type="string">"#
    ));
    para(out, para_style, text);
    out.push_str("</table:table-cell>");
}

/// Text as XML character data: characters XML 1.0 forbids are dropped, markup escaped.
fn xml_text(text: &str) -> String {
    quick_xml::escape::escape(printable(text).as_str()).into_owned()
}

/// The named styles: A4 pages with 2 cm margins, Arial (Liberation Sans where Arial is not
/// installed), GOV.UK-like sizes, and a bullet list.
const STYLES: &str = r##"<?xml version="1.0" encoding="UTF-8"?><office:document-styles xmlns:office="urn:oasis:names:tc:opendocument:xmlns:office:1.0" xmlns:style="urn:oasis:names:tc:opendocument:xmlns:style:1.0" xmlns:text="urn:oasis:names:tc:opendocument:xmlns:text:1.0" xmlns:fo="urn:oasis:names:tc:opendocument:xmlns:xsl-fo-compatible:1.0" xmlns:svg="urn:oasis:names:tc:opendocument:xmlns:svg-compatible:1.0" office:version="1.3"><office:font-face-decls><style:font-face style:name="Arial" svg:font-family="Arial" style:font-family-generic="swiss" style:font-pitch="variable"/></office:font-face-decls><office:styles><style:default-style style:family="paragraph"><style:paragraph-properties fo:hyphenation-ladder-count="no-limit"/><style:text-properties style:font-name="Arial" fo:font-size="11pt" fo:language="en" fo:country="GB" fo:color="#0b0c0c"/></style:default-style><style:style style:name="Standard" style:family="paragraph" style:class="text"/><style:style style:name="Text_20_body" style:display-name="Text body" style:family="paragraph" style:parent-style-name="Standard" style:class="text"><style:paragraph-properties fo:margin-top="0cm" fo:margin-bottom="0.25cm" fo:line-height="120%"/></style:style><style:style style:name="Note" style:family="paragraph" style:parent-style-name="Text_20_body" style:class="text"><style:text-properties fo:font-style="italic" fo:color="#505a5f"/></style:style><style:style style:name="Quotations" style:family="paragraph" style:parent-style-name="Text_20_body" style:class="html"><style:paragraph-properties fo:margin-left="1cm" fo:margin-right="1cm" fo:padding-left="0.2cm" fo:border-left="2pt solid #b1b4b6"/><style:text-properties fo:font-style="italic"/></style:style><style:style style:name="Title" style:family="paragraph" style:parent-style-name="Standard" style:next-style-name="Text_20_body" style:class="chapter"><style:paragraph-properties fo:margin-bottom="0.4cm"/><style:text-properties fo:font-size="26pt" fo:font-weight="bold"/></style:style><style:style style:name="Heading" style:family="paragraph" style:parent-style-name="Standard" style:next-style-name="Text_20_body" style:class="text"><style:paragraph-properties fo:margin-top="0.5cm" fo:margin-bottom="0.2cm" fo:keep-with-next="always"/><style:text-properties fo:font-weight="bold"/></style:style><style:style style:name="Heading_20_1" style:display-name="Heading 1" style:family="paragraph" style:parent-style-name="Heading" style:default-outline-level="1" style:class="text"><style:text-properties fo:font-size="20pt"/></style:style><style:style style:name="Heading_20_2" style:display-name="Heading 2" style:family="paragraph" style:parent-style-name="Heading" style:default-outline-level="2" style:class="text"><style:text-properties fo:font-size="15pt"/></style:style><style:style style:name="Heading_20_3" style:display-name="Heading 3" style:family="paragraph" style:parent-style-name="Heading" style:default-outline-level="3" style:class="text"><style:text-properties fo:font-size="12pt"/></style:style><style:style style:name="List_20_Bullet" style:display-name="List Bullet" style:family="paragraph" style:parent-style-name="Text_20_body" style:class="list"><style:paragraph-properties fo:margin-bottom="0.1cm"/></style:style><style:style style:name="Table_20_Contents" style:display-name="Table Contents" style:family="paragraph" style:parent-style-name="Standard" style:class="extra"><style:text-properties fo:font-size="10pt"/></style:style><style:style style:name="Table_20_Heading" style:display-name="Table Heading" style:family="paragraph" style:parent-style-name="Table_20_Contents" style:class="extra"><style:text-properties fo:font-weight="bold"/></style:style><style:style style:name="Chart" style:family="paragraph" style:parent-style-name="Standard"><style:paragraph-properties fo:margin-top="0.1cm" fo:margin-bottom="0.2cm"/></style:style><text:list-style style:name="Bullets"><text:list-level-style-bullet text:level="1" text:bullet-char="•"><style:list-level-properties text:list-level-position-and-space-mode="label-alignment"><style:list-level-label-alignment text:label-followed-by="listtab" text:list-tab-stop-position="0.64cm" fo:text-indent="-0.64cm" fo:margin-left="0.64cm"/></style:list-level-properties></text:list-level-style-bullet></text:list-style></office:styles><office:automatic-styles><style:page-layout style:name="A4"><style:page-layout-properties fo:page-width="21cm" fo:page-height="29.7cm" style:print-orientation="portrait" fo:margin-top="2cm" fo:margin-bottom="2cm" fo:margin-left="2cm" fo:margin-right="2cm"/></style:page-layout></office:automatic-styles><office:master-styles><style:master-page style:name="Standard" style:page-layout-name="A4"/></office:master-styles></office:document-styles>"##;
