//! Barometer's reports: what the analysis found, as `summary.json` and as one HTML page.
//!
//! Brief overview:
//! - [`build_summary`] counts a consultation's [`AnalysedResponse`]s into a [`Summary`]: the
//!   consultation and its window check, who responded, each proposal's camps overall, by
//!   respondent type and by who decided the stance, and plain statements of method.
//! - [`Summary::to_json`] writes `summary.json`, whose shape `docs/summary-schema.md`
//!   documents field by field; [`Summary`] also deserialises, so tools and tests can read it back.
//! - [`campaigns`] adds what campaign detection found, with every proposal counted two ways.
//! - [`render_html`] lays a summary out as one self-contained page: inline CSS and SVG,
//!   nothing fetched, every outside string escaped.
//! - [`document::summary_of_responses`] lays it out as the summary-of-responses document a
//!   department edits and publishes, written as ODT and DOCX.
//!
//! The report renders only what the summary holds, so the page and `summary.json` can never
//! disagree.
//!
//! **Architecture Invariant:** this crate does no I/O and reads no clock: the caller passes
//! the run's details in [`RunInfo`], so the same inputs give byte-identical output.
//!
//! ```
//! use barometer_domain::Consultation;
//! use barometer_report::{RunInfo, build_summary, render_html};
//!
//! let consultation = Consultation::parse(r#"
//!     title = "Bins"
//!     organisation = "Council"
//!     opens = 2024-01-01
//!     closes = 2024-03-25
//!     [[proposals]]
//!     id = "P1"
//!     text = "Collect bins weekly."
//!     [[questions]]
//!     id = "Q1"
//!     kind = "closed"
//!     proposal = "P1"
//!     text = "Do you agree?"
//!     scale = "agree5"
//! "#).unwrap();
//! let run = RunInfo {
//!     barometer_version: "0.1.0".into(),
//!     generated_at: "2024-04-01T09:00:00Z".into(),
//!     store: "sqlite".into(),
//!     sources: vec![],
//!     encoder: None,
//! };
//! let summary = build_summary(&consultation, &[], &run);
//! assert_eq!(summary.schema_version, 1);
//! assert!(summary.to_json().contains("\"schema_version\": 1"));
//! assert!(render_html(&summary).contains("<h1>Bins</h1>"));
//! ```
//!
//! [`AnalysedResponse`]: barometer_analysis::AnalysedResponse
#![deny(missing_docs)]

mod build;
pub mod campaigns;
pub mod document;
#[cfg(test)]
mod fixture;
mod html;
mod inferred;
pub mod organisations;
mod redact;
mod summary;
mod themes;
mod whole;

pub use build::build_summary;
pub use html::render_html;
pub use inferred::{
    EvidenceQuote, GoldAgreement, InferredShare, LearnedFrom, PriorUse, ProposalInference,
    StanceModelSummary, stance_model_summary, wilson_95,
};
pub use redact::redact;
pub use summary::{
    CampCounts, CampShares, CampTally, ConsultationInfo, ContentCounts, EncoderRun, MethodStatement, Methods,
    ProposalSummary, RunInfo, SCHEMA_VERSION, SourceInfo, SourceKindCounts, StanceSourceCounts, Summary,
    Totals, TypeCamps, TypeTotal, ViewBreadth, ViewShares, Window,
};
pub use themes::{
    QuestionThemes, ThemeCampaignCount, ThemeQuote, ThemeStance, ThemeSummary, ThemeTypeCell, question_themes,
};
pub use whole::{Findings, summarise};
