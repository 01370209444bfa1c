//! Barometer's importers: files on disk → [`ResponseRecord`]s.
//!
//! Brief overview:
//! - [`read_all`] reads every source a [`Consultation`] lists, in order; [`read_source`] reads
//!   one. Each returns a [`Batch`]: the records, the format, and the sha256 of every file read
//!   ([`FileDigest`]), so the caller can store one batch in one transaction and tell later
//!   whether the files changed.
//! - [`read_file`] reads a file or folder that is not at the definition's path (an upload, say)
//!   as if it were.
//! - Every failure is an [`IngestError`] that names the file, the line as a text editor shows it
//!   (the row as Excel shows it, for a workbook), the column or field, and what was expected
//!   against what was found.
//!
//! Formats ([`SourceFormat`]):
//! - `csv`: a hub export, one row per respondent. `header_rows` rows of header (the last one
//!   names the columns), then data; blank lines are skipped. UTF-8 with or without a BOM, or
//!   Windows-1252 (what Excel writes) when the file has no UTF-8 at all.
//! - `xlsx`: the same, from a workbook's sheet (`sheet`, or the first).
//! - `themefinder`: the layout of i-dot-ai's ThemeFinder and Consult: `respondents.jsonl`
//!   (`themefinder_id`, `demographic_data`) and `question_part_N/` folders holding
//!   `question.json`, `responses.jsonl` (`themefinder_id`, `text`) and, for closed parts,
//!   `multi_choice.jsonl` (`themefinder_id`, `options`).
//! - `jsonl`: Barometer's own shape, one object per line (see [`jsonl`](crate#jsonl)).
//! - `letters`: a folder of `.eml`, `.txt`, `.docx` and `.pdf` letters, and a correspondence
//!   log (`index`) saying which organisation sent each.
//! - `regulations-gov` and `have-your-say`: public-comment dockets by preset, with their
//!   position papers (see [`dockets`](crate#public-comment-dockets)).
//!
//! Free text that holds HTML (as both dockets export it) is read as plain text. A PDF with no
//! text layer (a scanned letter) is read by OCR, with Tesseract; the record says so, with the
//! recogniser's confidence.
//!
//! # Public-comment dockets
//!
//! A US docket needs only its path: the bulk CSV that regulations.gov offers for download, or a
//! folder of the API's JSON files:
//!
//! ```toml
//! [[sources]]
//! format = "regulations-gov"
//! path = "comments.csv"          # or a folder of CMS-2022-0163-0002.json, …
//! ```
//!
//! The Commission's Have Your Say export, with its position papers named by feedback id:
//!
//! ```toml
//! [[sources]]
//! format = "have-your-say"
//! path = "feedback.csv"
//! attachments = "attachments"    # 2001004.pdf, 2001004_annex.docx, …
//! ```
//!
//! Each comment answers the consultation's open question (or `question = "…"` where it has
//! several). Organisations, categories and dates are mapped; names are not read.
//!
//! # JSONL
//!
//! One object per line, blank lines allowed:
//!
//! ```json
//! {"id": "R1", "responding_as": "organisation", "organisation_name": "Acme",
//!  "organisation_type": "Charity", "region": "North West", "submitted_at": "2014-04-10T09:00:00",
//!  "source": "export", "answers": {"Q1": "Agree", "Q1_explain": "Because…"}}
//! ```
//!
//! Every key but `answers` is optional. `respondent_type` (a [`RespondentType`](barometer_domain::RespondentType) wire name)
//! overrides the mapping of `organisation_type`. `source` is `form`, `export` (the default) or
//! `letter`. The keys of `answers` are question ids, or the names the source's `questions`
//! table maps to them.
//!
//! # Example
//!
//! ```no_run
//! # fn main() -> Result<(), Box<dyn std::error::Error>> {
//! let dir = std::path::Path::new("examples/children-social-care-2014");
//! let text = std::fs::read_to_string(dir.join("consultation.toml"))?;
//! let consultation = barometer_domain::Consultation::parse(&text)?;
//! for batch in barometer_ingest::read_all(&consultation, dir)? {
//!     println!("{}: {} records", batch.format.as_str(), batch.records.len());
//! }
//! # Ok(())
//! # }
//! ```
#![deny(missing_docs)]

mod dockets;
mod error;
mod gold;
mod jsonl;
mod letters;
mod ocr;
mod record;
mod table;
mod text;
mod themefinder;
mod xlsx;

use barometer_domain::{Consultation, ResponseRecord, SourceFormat, SourceSpec};
use std::path::{Path, PathBuf};

pub use error::IngestError;
pub use gold::{GoldLabel, read_gold};
pub use text::normalise_datetime;

/// The sha256 of one file an importer read.
#[derive(Debug, Clone, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub struct FileDigest {
    /// The path as displayed, relative to the consultation's folder, with `/` separators.
    pub path: String,
    /// The file's sha256, lowercase hex.
    pub sha256: String,
}

/// Everything one source yielded. Built only once the whole source parsed, so a caller can
/// store it in one transaction.
#[derive(Debug, Clone, PartialEq)]
pub struct Batch {
    /// The source's format.
    pub format: SourceFormat,
    /// Every file read, sorted by path.
    pub files: Vec<FileDigest>,
    /// The records, in file order (for a folder of letters, in file-name order).
    pub records: Vec<ResponseRecord>,
    /// What was skipped, each naming the file and lines: summary rows at a table's end that
    /// hold neither a response id nor any answer.
    pub warnings: Vec<String>,
}

/// Reads one source of a consultation, from `base_dir` (the consultation's folder).
pub fn read_source(
    consultation: &Consultation,
    base_dir: &Path,
    spec: &SourceSpec,
) -> Result<Batch, IngestError> {
    let ctx = Ctx {
        base_dir: base_dir.to_path_buf(),
        path: base_dir.join(&spec.path),
        display: display_path(&spec.path),
    };
    read(consultation, &ctx, spec)
}

/// Reads every source in the definition, in order, from `base_dir` (the consultation's folder).
pub fn read_all(consultation: &Consultation, base_dir: &Path) -> Result<Vec<Batch>, IngestError> {
    consultation
        .sources
        .iter()
        .map(|spec| read_source(consultation, base_dir, spec))
        .collect()
}

/// Reads the file or folder at `path` as if it were `spec.path`: records, digests and errors
/// name `spec.path`. For a letters source, an `index` inside the letters folder is looked up
/// inside `path`; any other index relative to the folder that `path` stands in for.
pub fn read_file(consultation: &Consultation, path: &Path, spec: &SourceSpec) -> Result<Batch, IngestError> {
    let mut base_dir = path.to_path_buf();
    let depth = Path::new(&spec.path)
        .components()
        .filter(|c| matches!(c, std::path::Component::Normal(_)))
        .count();
    for _ in 0..depth {
        base_dir.pop();
    }
    let ctx = Ctx {
        base_dir,
        path: path.to_path_buf(),
        display: display_path(&spec.path),
    };
    read(consultation, &ctx, spec)
}

/// Where a source's files are, and how to name them.
pub(crate) struct Ctx {
    /// The consultation's folder (what other paths in the spec are relative to).
    pub base_dir: PathBuf,
    /// The source's file or folder on disk.
    pub path: PathBuf,
    /// The source's path as displayed.
    pub display: String,
}

impl Ctx {
    /// Joins a displayed path and a name inside it.
    pub fn child_display(&self, name: &str) -> String {
        format!("{}/{}", self.display.trim_end_matches('/'), name)
    }
}

pub(crate) fn display_path(p: &str) -> String {
    p.replace('\\', "/").trim_start_matches("./").to_string()
}

fn read(consultation: &Consultation, ctx: &Ctx, spec: &SourceSpec) -> Result<Batch, IngestError> {
    let mut warnings = Vec::new();
    let (mut files, records) = match spec.format {
        SourceFormat::Csv => table::read_csv(consultation, ctx, spec, &mut warnings)?,
        SourceFormat::Xlsx => xlsx::read(consultation, ctx, spec, &mut warnings)?,
        SourceFormat::Themefinder => themefinder::read(consultation, ctx, spec)?,
        SourceFormat::Jsonl => jsonl::read(consultation, ctx, spec)?,
        SourceFormat::Letters => letters::read(consultation, ctx, spec)?,
        SourceFormat::RegulationsGov => dockets::read_regulations_gov(consultation, ctx, spec)?,
        SourceFormat::HaveYourSay => dockets::read_have_your_say(consultation, ctx, spec)?,
    };
    files.sort();
    Ok(Batch {
        format: spec.format,
        files,
        records,
        warnings,
    })
}
