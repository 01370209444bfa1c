//! Barometer's vocabulary, shared by every stage of the pipeline.
//!
//! Brief overview:
//! - [`Consultation`] is a parsed and validated `consultation.toml`: its window, its
//!   [`Proposal`]s, its [`Question`]s (closed ones map options to a [`Stance`]), how
//!   respondents describe themselves, and the [`SourceSpec`]s that say where responses come from.
//! - [`ResponseRecord`] is one respondent's whole submission as an importer produced it.
//! - [`Stance`] and [`Camp`] are the three camps plus "no view".
//! - [`RespondentType`] is the fixed breakdown every result is reported by.
//!
//! Outside input becomes these types once, at the edge (`ingest`, `cli`, later `server`).
//! Nothing after that point validates them again.
//! This crate does no I/O: parsing takes a `&str`, not a path.
#![deny(missing_docs)]

mod consultation;
mod respondent;
mod response;
mod stance;

pub use consultation::{
    ColumnRef, Consultation, DefinitionError, OptionMap, Proposal, ProposalId, Question, QuestionId,
    QuestionKind, RespondentFields, SourceFormat, SourceSpec, Standard, WindowCheck, is_valid_id,
};
pub use respondent::{Respondent, RespondentType, RespondingAs, TypeSource};
pub use response::{Answer, Ocr, ResponseRecord, SourceKind, is_attachment_pointer};
pub use stance::{Camp, Stance, StanceSource};
