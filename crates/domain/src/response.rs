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
    /// Set when its text was read from a scanned page by optical character recognition.
    #[serde(default)]
    pub ocr: Option<Ocr>,
    /// Its answers, closed and open, in question order.
    pub answers: Vec<Answer>,
}

/// How a response's text was read by optical character recognition (a scanned letter).
#[derive(Debug, Clone, Copy, PartialEq, Serialize, Deserialize)]
pub struct Ocr {
    /// The mean of the recogniser's word confidences, 0 to 1.
    pub confidence: f32,
}

/// Whether a sentence only points to an attachment ("See attached file(s).", "Please see the
/// attached letter.", "Our comments are attached."): it is not an argument, so the analysis
/// never reads it as one, and it never forms a theme. A sentence that also takes a side ("I
/// oppose this rule; see attached") is an argument.
pub fn is_attachment_pointer(sentence: &str) -> bool {
    let lower = sentence.to_lowercase();
    let words: Vec<&str> = lower
        .split(|c: char| !c.is_alphanumeric() && c != '\'')
        .filter(|w| !w.is_empty())
        .collect();
    const POINTS: [&str; 6] = [
        "attached",
        "attachment",
        "attachments",
        "enclosed",
        "uploaded",
        "attach",
    ];
    const OPENERS: [&str; 16] = [
        "see", "please", "attached", "refer", "i", "we", "our", "my", "comments", "comment", "the", "kindly",
        "find", "this", "in", "letter",
    ];
    const SIDES: [&str; 14] = [
        "support",
        "supports",
        "oppose",
        "opposes",
        "against",
        "favor",
        "favour",
        "object",
        "agree",
        "disagree",
        "urge",
        "reject",
        "welcome",
        "concerned",
    ];
    !words.is_empty()
        && words.len() <= 14
        && OPENERS.contains(&words[0])
        && words.iter().any(|w| POINTS.contains(w))
        && !words.iter().any(|w| SIDES.contains(w))
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

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn bare_pointers_to_attachments_are_told_from_arguments() {
        for pointer in [
            "See attached file(s)",
            "See Attached",
            "Please see the attached letter from the Association.",
            "Please find attached our response.",
            "Our comments are attached.",
            "Attached are the comments of the State Hospital Association",
            "See attached position paper.",
        ] {
            assert!(is_attachment_pointer(pointer), "{pointer:?}");
        }
        for argument in [
            "I strongly oppose this rule; see attached.",
            "We support the directory, as the attached letter explains.",
            "The attached burden on small practices would be severe, and the rule should be withdrawn because it costs too much.",
            "Providers waste hours updating directories.",
            "",
        ] {
            assert!(!is_attachment_pointer(argument), "{argument:?}");
        }
    }
}
