//! [`IngestError`]: what went wrong, and exactly where.

use std::fmt;
use std::path::{Path, PathBuf};

/// Why a source could not be read, naming the file, the line, the column or field, and what
/// was expected against what was found.
///
/// Displayed as `responses.csv line 17, column "Q1 - Do you agree…": "Agreee" is not an option
/// of Q1; expected one of: agree, disagree, …`. For a workbook the line is the row as Excel
/// shows it, and is displayed as `row 17`.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub struct IngestError {
    /// The file at fault, as displayed: relative to the consultation's folder.
    pub file: PathBuf,
    /// The 1-based line (the row, for a workbook) where the problem is, when there is one.
    pub line: Option<u64>,
    /// The column or field at fault, already phrased for display: `column "Region"`,
    /// `column F ("Region")`, `field "answers.Q9"`.
    pub field: Option<String>,
    /// What was expected, and what was found.
    pub message: String,
}

impl IngestError {
    /// An error about a whole file.
    pub(crate) fn file(file: impl Into<PathBuf>, message: impl Into<String>) -> Self {
        IngestError {
            file: file.into(),
            line: None,
            field: None,
            message: message.into(),
        }
    }

    /// An error at one line of a file.
    pub(crate) fn at(file: impl Into<PathBuf>, line: u64, message: impl Into<String>) -> Self {
        IngestError {
            file: file.into(),
            line: Some(line),
            field: None,
            message: message.into(),
        }
    }

    /// Names the column or field at fault.
    pub(crate) fn field(mut self, field: impl Into<String>) -> Self {
        self.field = Some(field.into());
        self
    }

    fn is_workbook(&self) -> bool {
        is_workbook(&self.file)
    }
}

pub(crate) fn is_workbook(path: &Path) -> bool {
    path.extension()
        .and_then(|e| e.to_str())
        .is_some_and(|e| ["xlsx", "xlsm", "xls", "xlsb", "ods"].contains(&e.to_ascii_lowercase().as_str()))
}

impl fmt::Display for IngestError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "{}", self.file.display())?;
        if let Some(line) = self.line {
            let word = if self.is_workbook() { "row" } else { "line" };
            write!(f, " {word} {line}")?;
        }
        if let Some(field) = &self.field {
            write!(f, ", {field}")?;
        }
        write!(f, ": {}", self.message)
    }
}
