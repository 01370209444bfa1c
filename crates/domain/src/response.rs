//! One respondent's submission, as an importer produced it.

use crate::{QuestionId, Respondent};
use serde::{Deserialize, Serialize};
use std::fmt;

/// How a response reached the consultation.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "lowercase")]
pub enum SourceKind {
    /// Barometer's own web form.
    Form,
    /// A row of a consultation hub's export (CSV, XLSX, ThemeFinder, JSONL).
    Export,
    /// A letter or email, usually from an organisation.
    Letter,
}

impl SourceKind {
    /// The wire name.
    pub fn as_str(self) -> &'static str {
        match self {
            SourceKind::Form => "form",
            SourceKind::Export => "export",
            SourceKind::Letter => "letter",
        }
    }
}

impl fmt::Display for SourceKind {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.as_str())
    }
}

/// One answer to one question. A closed question has an option, an open one has text.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Answer {
    /// The question answered.
    pub question: QuestionId,
    /// The option chosen, exactly as given, for a closed question.
    pub option: Option<String>,
    /// The words written, for an open question or a letter.
    pub text: Option<String>,
}

/// A whole submission: who, what they answered, and where it came from.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct ResponseRecord {
    /// The identifier the source gave it (a hub's response id, a letter's file name).
    /// Unique within one consultation and source kind, so that re-importing is harmless.
    pub external_id: String,
    /// How it arrived.
    pub source: SourceKind,
    /// The file it was read from, for audit.
    pub source_file: String,
    /// The line (or row) in that file where it starts, 1-based.
    pub source_line: Option<u64>,
    /// Who sent it.
    pub respondent: Respondent,
    /// When it was submitted, when the source says, as ISO 8601.
    pub submitted_at: Option<String>,
    /// Its answers, closed and open, in question order.
    pub answers: Vec<Answer>,
}

impl ResponseRecord {
    /// All free text the respondent wrote, joined by blank lines.
    pub fn free_text(&self) -> String {
        let parts: Vec<&str> = self
            .answers
            .iter()
            .filter_map(|a| a.text.as_deref())
            .filter(|t| !t.trim().is_empty())
            .collect();
        parts.join("\n\n")
    }
}
