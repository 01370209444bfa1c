//! Barometer's analysis stages, as pure functions over domain types.
//!
//! Brief overview:
//! - [`stance`] decides each response's [`Camp`](barometer_domain::Camp) on each proposal.
//!   Today that is the respondent's own closed answer ([`StanceSource::Declared`]); the learned
//!   model fills the rest in a later stage, and never overrides declared or analyst stances.
//! - [`campaigns`] finds organised campaigns: groups of responses copying one template, with
//!   each member's personal additions.
//! - [`themes`] finds the arguments of each open question's answers: themes with labels,
//!   quotes, counts and the split by stance, and applies analysts' edits to them.
//! - [`AnalysedResponse`] is what every later consumer (report, server) reads: one response's
//!   respondent type, source, and a [`Judgement`] per proposal.
//!
//! **Architecture Invariant:** this crate knows nothing of SQL, HTTP or files.
#![deny(missing_docs)]

pub mod agreement;
pub mod campaigns;
pub mod respondents;
pub mod stance;
pub mod themes;

use barometer_domain::{Camp, ProposalId, RespondentType, SourceKind, StanceSource};
use serde::Serialize;
use std::collections::BTreeMap;

/// The stance a response takes on one proposal, with where it came from.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct Judgement {
    /// For, against, undecided, or no view.
    pub camp: Camp,
    /// Who decided it; `None` for "no view" that nobody decided.
    pub source: Option<StanceSource>,
    /// How sure: 1.0 for declared and analyst stances, calibrated for the model.
    pub confidence: f32,
    /// The words that carry it: the option ticked, or the sentence quoted.
    pub evidence: Option<String>,
}

impl Judgement {
    /// A response that does not address the proposal.
    pub fn no_view() -> Self {
        Judgement {
            camp: Camp::NoView,
            source: None,
            confidence: 1.0,
            evidence: None,
        }
    }
}

/// One response as the report and server see it after analysis.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct AnalysedResponse {
    /// The store's id for the response.
    pub id: String,
    /// The id its source gave it.
    pub external_id: String,
    /// How it arrived.
    pub source: SourceKind,
    /// The type its figures are broken down by.
    pub respondent_type: RespondentType,
    /// Who decided that type (declared, inferred, analyst), how surely, and from what.
    pub type_judgement: respondents::TypeJudgement,
    /// The organisation, when one responded: as the source named it, or as its letterhead,
    /// sign-off or text did.
    pub organisation_name: Option<String>,
    /// The organisation's key ([`respondents::organisation_key`]), shared by every response
    /// of one organisation.
    pub organisation_key: Option<String>,
    /// Whether the respondent wrote any free text.
    pub has_free_text: bool,
    /// Whether the respondent answered any closed question.
    pub has_closed_answers: bool,
    /// The language its free text is written in (English name), when the sentence encoder
    /// does not read it: counted, but nothing was inferred from its words.
    pub other_language: Option<String>,
    /// The recogniser's mean word confidence (0 to 1) when its text was read from a scan.
    pub ocr_confidence: Option<f32>,
    /// One judgement per proposal of the consultation, in proposal order.
    pub judgements: BTreeMap<ProposalId, Judgement>,
}
