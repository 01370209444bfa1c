//! The summary-of-responses document: the draft a department edits and publishes after a
//! consultation, written as OpenDocument Text (`.odt`) and Word (`.docx`).
//!
//! [`summary_of_responses`] lays a [`Summary`](crate::Summary) out as a format-neutral
//! [`Document`]: headings, paragraphs, quotes, tables and charts, in the order a UK "summary of
//! responses" reads (the consultation, who responded, each proposal's camps and main themes,
//! campaigns, the organisations annex, the method). [`Document::to_odt`] and
//! [`Document::to_docx`] write it. Both writers see the same blocks, so the two files never
//! disagree; each file is built in memory, and the caller writes it.
//!
//! Like the HTML report, the document holds only what the summary holds, and every quote in it
//! passes through [`redact`](crate::redact) once more on the way in.

mod chart;
mod content;
mod docx;
mod odt;

pub use content::summary_of_responses;

/// A document: its title and its blocks, in reading order.
#[derive(Debug, Clone, PartialEq)]
pub struct Document {
    /// The title, also written into the file's metadata.
    pub title: String,
    /// What it says, top to bottom.
    pub blocks: Vec<Block>,
}

/// One block of a document.
#[derive(Debug, Clone, PartialEq)]
pub enum Block {
    /// The document's title, once, at the top.
    Title(String),
    /// A heading: level 1 is a section, 2 a subsection, 3 below that.
    Heading(u8, String),
    /// A paragraph of body text.
    Paragraph(String),
    /// A paragraph set apart in italics: a caveat or a note on method.
    Note(String),
    /// A respondent's words, quoted.
    Quote(String),
    /// A bulleted list.
    Bullets(Vec<String>),
    /// A table with a header row.
    Table(Table),
    /// A chart as a PNG image, with the words it shows for whoever cannot see it.
    Chart(Chart),
}

/// A table: its header row and its body rows, each as long as the header.
#[derive(Debug, Clone, PartialEq)]
pub struct Table {
    /// Column headings.
    pub header: Vec<String>,
    /// Body rows.
    pub rows: Vec<Vec<Cell>>,
    /// Each column's share of the width, relative to the others; empty for equal columns.
    pub weights: Vec<u32>,
}

impl Table {
    /// Each column's fraction of the table's width: the weights, or equal shares.
    pub(crate) fn fractions(&self) -> Vec<f64> {
        let n = self.header.len().max(1);
        let weights: Vec<f64> = if self.weights.len() == n {
            self.weights.iter().map(|&w| f64::from(w.max(1))).collect()
        } else {
            vec![1.0; n]
        };
        let total: f64 = weights.iter().sum();
        weights.iter().map(|w| w / total).collect()
    }
}

/// One table cell: its text, and a background colour (`rrggbb`) when it is a chart key.
#[derive(Debug, Clone, PartialEq)]
pub struct Cell {
    /// The words.
    pub text: String,
    /// A background fill, as six hex digits.
    pub fill: Option<String>,
}

impl From<String> for Cell {
    fn from(text: String) -> Self {
        Cell { text, fill: None }
    }
}

impl From<&str> for Cell {
    fn from(text: &str) -> Self {
        Cell::from(text.to_string())
    }
}

/// A chart, drawn as a PNG.
#[derive(Debug, Clone, PartialEq)]
pub struct Chart {
    /// The PNG's bytes.
    pub png: Vec<u8>,
    /// Its width in pixels.
    pub width_px: u32,
    /// Its height in pixels.
    pub height_px: u32,
    /// What it shows, in words: the image's description.
    pub description: String,
}

/// `text` without the characters XML 1.0 cannot carry (most C0 controls), which text read
/// from PDFs and scans sometimes holds; tabs and line breaks become spaces.
pub(crate) fn printable(text: &str) -> String {
    text.chars()
        .filter_map(|c| match c {
            '\t' | '\n' | '\r' => Some(' '),
            c if (c as u32) < 0x20 || c == '\u{fffe}' || c == '\u{ffff}' => None,
            c => Some(c),
        })
        .collect()
}

/// Six lowercase hex digits from a colour: anything else becomes black.
pub(crate) fn hex6(colour: &str) -> String {
    let c = colour.trim_start_matches('#').to_ascii_lowercase();
    if c.len() == 6 && c.chars().all(|ch| ch.is_ascii_hexdigit()) {
        c
    } else {
        "000000".into()
    }
}

impl Document {
    /// The document as an OpenDocument Text file's bytes.
    pub fn to_odt(&self) -> Vec<u8> {
        odt::write(self)
    }

    /// The document as a Word (Office Open XML) file's bytes.
    pub fn to_docx(&self) -> Vec<u8> {
        docx::write(self)
    }

    /// Every word of the document as plain text, one block per line: for checks that no
    /// personal data is in it, and for tests.
    pub fn plain_text(&self) -> String {
        let mut out = String::new();
        for block in &self.blocks {
            match block {
                Block::Title(t)
                | Block::Heading(_, t)
                | Block::Paragraph(t)
                | Block::Note(t)
                | Block::Quote(t) => out.push_str(t),
                Block::Bullets(items) => out.push_str(&items.join("\n")),
                Block::Table(t) => {
                    out.push_str(&t.header.join("\t"));
                    for row in &t.rows {
                        out.push('\n');
                        out.push_str(&row.iter().map(|c| c.text.as_str()).collect::<Vec<_>>().join("\t"));
                    }
                }
                Block::Chart(c) => out.push_str(&c.description),
            }
            out.push('\n');
        }
        out
    }
}

#[cfg(test)]
mod tests;
