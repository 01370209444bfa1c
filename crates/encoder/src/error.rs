//! The crate's error type: an opaque [`Error`] over a `#[non_exhaustive]` [`ErrorKind`].
//!
//! Every message says what went wrong and, where the user can fix it, how.
//! Messages do not end with a period.

use std::path::PathBuf;

/// What the user should run to repair a missing or damaged model.
pub(crate) const REINSTALL_HINT: &str = "reinstall with `barometer models install`";

/// An error from the encoder crate.
#[derive(Debug, thiserror::Error)]
#[error(transparent)]
pub struct Error(Box<ErrorKind>);

impl Error {
    /// The kind of error, for callers that branch on it.
    pub fn kind(&self) -> &ErrorKind {
        &self.0
    }

    pub(crate) fn io(path: impl Into<PathBuf>, source: std::io::Error) -> Self {
        ErrorKind::Io {
            path: path.into(),
            source,
        }
        .into()
    }

    pub(crate) fn model(context: &'static str, source: candle_core::Error) -> Self {
        ErrorKind::Model { context, source }.into()
    }

    pub(crate) fn onnx(context: impl Into<String>, message: impl std::fmt::Display) -> Self {
        ErrorKind::Onnx {
            context: context.into(),
            message: message.to_string(),
        }
        .into()
    }
}

impl From<ErrorKind> for Error {
    fn from(kind: ErrorKind) -> Self {
        Error(Box::new(kind))
    }
}

/// The kinds of [`Error`].
#[derive(Debug, thiserror::Error)]
#[non_exhaustive]
pub enum ErrorKind {
    /// A model file is not where it should be.
    #[error("{file} is missing from {}; {REINSTALL_HINT}", dir.display())]
    MissingFile {
        /// The file's path relative to the model folder.
        file: String,
        /// The model folder.
        dir: PathBuf,
    },
    /// A model file exists but its content is not the expected one.
    #[error(
        "{file} in {} has sha256 {actual} but expected {expected}; {REINSTALL_HINT}",
        dir.display()
    )]
    CorruptFile {
        /// The file's path relative to the model folder.
        file: String,
        /// The model folder.
        dir: PathBuf,
        /// The sha256 found on disk, hex.
        actual: String,
        /// The sha256 the file must have, hex.
        expected: String,
    },
    /// Installing the model failed; the message says how to install it by other means.
    #[error("{message}")]
    Install {
        /// A complete, actionable message.
        message: String,
    },
    /// Reading or writing a file failed.
    #[error("{}: {source}", path.display())]
    Io {
        /// The path involved.
        path: PathBuf,
        /// The underlying error.
        source: std::io::Error,
    },
    /// The tokenizer could not be loaded or failed on an input.
    #[error("tokenizer: {0}")]
    Tokenizer(String),
    /// The model could not be loaded or run.
    #[error("model ({context}): {source}")]
    Model {
        /// What was being done.
        context: &'static str,
        /// The underlying candle error.
        source: candle_core::Error,
    },
    /// ONNX Runtime (the int8 backend) could not load or run the model.
    #[error("int8 backend ({context}): {message}")]
    Onnx {
        /// What was being done.
        context: String,
        /// ONNX Runtime's message.
        message: String,
    },
    /// A model configuration file could not be parsed.
    #[error("{}: {source}", path.display())]
    Config {
        /// The file.
        path: PathBuf,
        /// The JSON error.
        source: serde_json::Error,
    },
    /// A byte slice is not a whole number of little-endian `f32`s.
    #[error("a vector blob of {0} bytes is not a multiple of 4")]
    BadVectorBlob(usize),
    /// The benchmark's peer could not be run or its output not read.
    #[error("benchmark peer: {0}")]
    Peer(String),
}

/// The crate's result type.
pub type Result<T, E = Error> = std::result::Result<T, E>;
