//! The [`Summary`]: every figure a report shows, as data, and `summary.json` is its serialisation.
//!
//! The shape is documented field by field in `docs/summary-schema.md`; keep the two in step.
//!
//! Compatibility rules, for whoever adds the next section (themes, campaigns, accuracy):
//! - Field order here is key order in the JSON, so output is stable; add fields at the end.
//! - A new section is a new `Option` field with `#[serde(default, skip_serializing_if =
//!   "Option::is_none")]`: summaries written before it still deserialise, and readers of
//!   version 1 that ignore unknown keys keep working. That does not change [`SCHEMA_VERSION`].
//! - Renaming, removing or changing the meaning of a field does, and the schema document says how.
//! - No struct here uses `deny_unknown_fields`, so an older reader accepts a newer file.

use barometer_domain::{ProposalId, RespondentType, SourceFormat};
use chrono::NaiveDate;
use serde::{Deserialize, Serialize};

/// The version of the summary's shape, written as `schema_version`.
pub const SCHEMA_VERSION: u32 = 1;

/// Everything a report shows about one consultation, as counted from its analysed responses.
///
/// Built by [`build_summary`](crate::build_summary); it holds counts, and no response's words except the
/// redacted evidence quotes of [`stance_model`](Summary::stance_model).
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[non_exhaustive]
pub struct Summary {
    /// The shape's version: [`SCHEMA_VERSION`].
    pub schema_version: u32,
    /// What was consulted on, and for how long.
    pub consultation: ConsultationInfo,
    /// Who responded, and how.
    pub totals: Totals,
    /// Where respondents stand on each proposal, in the definition's order.
    pub proposals: Vec<ProposalSummary>,
    /// Where each figure comes from, in plain words.
    pub methods: Methods,
    /// The run that produced the summary, for audit.
    pub run: RunInfo,
    /// Stances inferred from text: how, how many, how accurate, and the (redacted) quotes
    /// behind them. Absent when nothing was inferred.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub stance_model: Option<crate::inferred::StanceModelSummary>,
    /// Organised campaigns, and every proposal's figures counted two ways; absent when
    /// campaign detection did not run.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub campaigns: Option<crate::campaigns::CampaignSection>,
    /// Where respondent types came from (declared, inferred, analyst), how accurate inference
    /// is, and every organisation that responded with its camp on each proposal; absent when
    /// the run did not read respondents.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub respondents: Option<crate::organisations::RespondentsSection>,
    /// Themes of each open question, when the run found them.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub themes: Option<Vec<crate::themes::QuestionThemes>>,
}

impl Summary {
    /// The summary as pretty-printed JSON, keys in declaration order, ending with a newline.
    ///
    /// The same summary always gives the same bytes.
    pub fn to_json(&self) -> String {
        // Every key is a string and every number finite (shares are rounded ratios of
        // counts, `None` when the denominator is zero), so serialising cannot fail.
        let mut json = serde_json::to_string_pretty(self).expect("a summary always serialises");
        json.push('\n');
        json
    }
}

/// The consultation's own description of itself, and its window.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct ConsultationInfo {
    /// Its title.
    pub title: String,
    /// Who ran it.
    pub organisation: String,
    /// A sentence or two about it, when the definition gives one.
    pub description: Option<String>,
    /// The day it opened, as `YYYY-MM-DD`.
    pub opens: NaiveDate,
    /// The day it closed, as `YYYY-MM-DD`.
    pub closes: NaiveDate,
    /// Its length, against the code of practice the definition names.
    pub window: Window,
}

/// The consultation window, checked against the code of practice the definition names
/// (`standard`); with none named, only its length is given.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Window {
    /// Days from opening to closing.
    pub days: i64,
    /// The same in weeks, rounded to two decimal places.
    pub weeks: f64,
    /// The standard checked against (`uk-2008`, `us-federal`, `eu-commission`); `null` when
    /// the definition names none.
    pub standard: Option<String>,
    /// Who advised it, in words ("the 2008 Code of Practice on Consultation"); `null` with no
    /// standard.
    pub standard_source: Option<String>,
    /// Its advice, in words ("at least twelve weeks"); `null` with no standard.
    pub advice: Option<String>,
    /// The days the standard advises (84 for twelve weeks, 60 for a US comment period);
    /// `null` with no standard.
    pub recommended_days: Option<i64>,
    /// Whether `days` is at least `recommended_days`; `null` with no standard.
    pub meets_recommendation: Option<bool>,
    /// A sentence naming the dates and the standard's advice when the window was shorter;
    /// `null` otherwise.
    pub warning: Option<String>,
}

/// Who responded, and how.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Totals {
    /// All responses counted: one response is one respondent.
    pub responses: u64,
    /// Responses by how they arrived.
    pub by_source_kind: SourceKindCounts,
    /// Responses by respondent type: every type, in report order, zeros included.
    pub by_respondent_type: Vec<TypeTotal>,
    /// What responses contain: closed answers, free text, both or neither.
    pub content: ContentCounts,
    /// How many responses took a view on exactly 0, 1, … and all proposals, in that order.
    pub by_proposals_with_view: Vec<ViewBreadth>,
    /// Responses written in languages the sentence encoder does not read, by language, most
    /// first: counted like every response, but no stance was inferred from their words and
    /// they form no theme; an analyst is asked about each. Empty when there are none.
    #[serde(default)]
    pub other_languages: Vec<LanguageTotal>,
    /// Responses whose text was read from scanned pages by OCR, and how confidently; `null`
    /// when there are none.
    #[serde(default)]
    pub read_by_ocr: Option<OcrTotal>,
}

/// The responses read from scans by optical character recognition.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct OcrTotal {
    /// How many.
    pub responses: u64,
    /// The mean of their recogniser confidences (each a mean word confidence), 0 to 1, to
    /// three decimal places.
    pub mean_confidence: f64,
    /// The lowest of them.
    pub lowest_confidence: f64,
}

/// The responses written in one language the encoder does not read.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct LanguageTotal {
    /// The language, in English ("German").
    pub language: String,
    /// How many responses are written in it.
    pub responses: u64,
}

/// Responses by how they arrived. Every kind is present, zeros included.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default, Serialize, Deserialize)]
pub struct SourceKindCounts {
    /// Through Barometer's own web form.
    pub form: u64,
    /// As rows of a consultation hub's export.
    pub export: u64,
    /// As letters or emails.
    pub letter: u64,
}

/// The responses from one respondent type.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct TypeTotal {
    /// The type's wire name.
    pub respondent_type: RespondentType,
    /// The type as a person reads it.
    pub label: String,
    /// How many responses it sent.
    pub responses: u64,
    /// Their share of all responses, rounded to four decimal places; `null` when there are none.
    pub share: Option<f64>,
}

/// What responses contain, from whether each answered a closed question and wrote free text.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default, Serialize, Deserialize)]
pub struct ContentCounts {
    /// Answered at least one closed question.
    pub closed_answers: u64,
    /// Wrote some free text (an open answer, a letter).
    pub free_text: u64,
    /// Did both.
    pub both: u64,
    /// Answered closed questions and wrote nothing.
    pub closed_only: u64,
    /// Wrote free text and answered no closed question.
    pub free_text_only: u64,
    /// Did neither: an empty submission.
    pub neither: u64,
}

/// How many responses took a view (for, against or undecided) on exactly so many proposals.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
pub struct ViewBreadth {
    /// The number of proposals, from 0 to all of them.
    pub proposals: u64,
    /// The responses that took a view on exactly that many.
    pub responses: u64,
}

/// Where respondents stand on one proposal.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[non_exhaustive]
pub struct ProposalSummary {
    /// The proposal's identifier.
    pub id: ProposalId,
    /// Its short name, or its identifier when the definition gives none.
    pub short: String,
    /// The proposal in full.
    pub text: String,
    /// Every response's camp on it.
    pub overall: CampCounts,
    /// The same per respondent type: every type, in report order, zeros included.
    pub by_respondent_type: Vec<TypeCamps>,
    /// The camps again, split by who decided each stance.
    pub by_source: StanceSourceCounts,
}

/// The camps of one group of responses on one proposal, with shares.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct CampCounts {
    /// Responses for the proposal.
    #[serde(rename = "for")]
    pub r#for: u64,
    /// Responses against it.
    pub against: u64,
    /// Responses mixed, conditional or unsure.
    pub undecided: u64,
    /// Responses that did not address it.
    pub no_view: u64,
    /// All responses in the group: the sum of the four.
    pub total: u64,
    /// Those that took a view: `for + against + undecided`.
    pub with_view: u64,
    /// Each camp as a share of `total`; `null` when `total` is 0.
    pub share: Option<CampShares>,
    /// Each view as a share of `with_view`; `null` when `with_view` is 0.
    pub share_of_view: Option<ViewShares>,
}

/// Each camp's share of all responses in a group, rounded to four decimal places.
#[derive(Debug, Clone, Copy, PartialEq, Serialize, Deserialize)]
pub struct CampShares {
    /// For.
    #[serde(rename = "for")]
    pub r#for: f64,
    /// Against.
    pub against: f64,
    /// Undecided.
    pub undecided: f64,
    /// No view.
    pub no_view: f64,
}

/// Each view's share of the responses in a group that took one, rounded to four decimal places.
#[derive(Debug, Clone, Copy, PartialEq, Serialize, Deserialize)]
pub struct ViewShares {
    /// For.
    #[serde(rename = "for")]
    pub r#for: f64,
    /// Against.
    pub against: f64,
    /// Undecided.
    pub undecided: f64,
}

/// One respondent type's camps on one proposal.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct TypeCamps {
    /// The type's wire name.
    pub respondent_type: RespondentType,
    /// The type as a person reads it.
    pub label: String,
    /// Its camps.
    pub counts: CampCounts,
}

/// The camps on one proposal split by who decided each stance, so that declared and inferred
/// stances can be shown apart. The four groups add up to the proposal's `overall`.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default, Serialize, Deserialize)]
pub struct StanceSourceCounts {
    /// The respondent's own closed answer.
    pub declared: CampTally,
    /// A human analyst's label.
    pub analyst: CampTally,
    /// Inferred from the text by Barometer's model.
    pub model: CampTally,
    /// Decided by nobody: the response did not address the proposal, so it counts as no view.
    pub none: CampTally,
}

/// Plain counts per camp, without shares.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default, Serialize, Deserialize)]
pub struct CampTally {
    /// For.
    #[serde(rename = "for")]
    pub r#for: u64,
    /// Against.
    pub against: u64,
    /// Undecided.
    pub undecided: u64,
    /// No view.
    pub no_view: u64,
    /// The sum of the four.
    pub total: u64,
}

/// Where the figures come from.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Methods {
    /// What one counted unit is.
    pub counting_unit: String,
    /// Plain statements, each saying where some figure comes from, in reading order.
    pub statements: Vec<MethodStatement>,
}

/// One plain statement of method.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct MethodStatement {
    /// A stable identifier, such as `stance.declared`, for tools and tests; never shown.
    pub id: String,
    /// The statement, one or two sentences a person reads.
    pub text: String,
}

/// The run that produced a summary: passed in by the caller so output is reproducible.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct RunInfo {
    /// Barometer's version, such as `0.1.0`.
    pub barometer_version: String,
    /// When the summary was generated, as ISO 8601.
    pub generated_at: String,
    /// The store the responses were read from, such as `sqlite` or `postgres`.
    pub store: String,
    /// The files the responses were imported from.
    pub sources: Vec<SourceInfo>,
    /// The sentence encoder the run used, and how much of its work the cache saved.
    /// Absent when the run embedded nothing.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub encoder: Option<EncoderRun>,
}

/// The sentence encoder's part in a run.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct EncoderRun {
    /// The model's id, which includes a prefix of its weights' sha256.
    pub model_id: String,
    /// The sha256 of the model's weights.
    pub weights_sha256: String,
    /// Argument units (sentences or clauses) split from the responses' free text.
    pub units: u64,
    /// Distinct unit texts: each is embedded at most once.
    pub distinct_units: u64,
    /// Distinct units whose vectors came from the store's cache.
    pub cached: u64,
    /// Distinct units embedded in this run.
    pub embedded: u64,
    /// `cached / distinct_units`, or null when there were none.
    pub cache_hit_rate: Option<f64>,
}

/// One imported file.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct SourceInfo {
    /// Its path, as the consultation definition names it.
    pub file: String,
    /// How it was read.
    pub format: SourceFormat,
    /// The SHA-256 of its bytes, in lowercase hex.
    pub sha256: String,
    /// How many responses were read from it.
    pub records: u64,
}
