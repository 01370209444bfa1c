//! The consultation definition, `consultation.toml`: what was asked, and where answers come from.
//!
//! [`Consultation::parse`] turns the file's text into a validated definition or a
//! [`DefinitionError`] that names the field at fault. Every later stage trusts it.

use crate::{RespondentType, Stance};
use chrono::NaiveDate;
use serde::{Deserialize, Serialize};
use std::collections::{BTreeMap, HashSet};
use std::fmt;

/// The code of practice a consultation follows, whose advice on its length the window is
/// checked against (`standard = "…"` in consultation.toml). Without one, nothing is checked.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
pub enum Standard {
    /// The UK's 2008 Code of Practice on Consultation: at least twelve weeks.
    #[serde(rename = "uk-2008")]
    Uk2008,
    /// US federal rulemaking: Executive Orders 12866 and 13563 ask for a comment period of at
    /// least 60 days in most cases.
    #[serde(rename = "us-federal")]
    UsFederal,
    /// The European Commission's Better Regulation guidelines: public consultations of at
    /// least twelve weeks.
    #[serde(rename = "eu-commission")]
    EuCommission,
}

impl Standard {
    /// Every standard, in the order the docs list them.
    pub const ALL: [Standard; 3] = [Standard::Uk2008, Standard::UsFederal, Standard::EuCommission];

    /// The wire name used in consultation.toml.
    pub fn as_str(self) -> &'static str {
        match self {
            Standard::Uk2008 => "uk-2008",
            Standard::UsFederal => "us-federal",
            Standard::EuCommission => "eu-commission",
        }
    }

    /// The shortest window it advises, in days.
    pub fn min_days(self) -> i64 {
        match self {
            Standard::Uk2008 | Standard::EuCommission => 12 * 7,
            Standard::UsFederal => 60,
        }
    }

    /// The advice in words, as a sentence's object: "at least twelve weeks".
    pub fn advice(self) -> &'static str {
        match self {
            Standard::Uk2008 | Standard::EuCommission => "at least twelve weeks",
            Standard::UsFederal => "a comment period of at least 60 days in most cases",
        }
    }

    /// Who advised it, as a sentence's subject.
    pub fn source(self) -> &'static str {
        match self {
            Standard::Uk2008 => "the 2008 Code of Practice on Consultation",
            Standard::UsFederal => "Executive Orders 12866 and 13563",
            Standard::EuCommission => "the European Commission's Better Regulation guidelines",
        }
    }
}

/// A proposal's identifier, such as `P1`.
#[derive(Debug, Clone, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize, Deserialize)]
#[serde(transparent)]
pub struct ProposalId(pub String);

/// A question's identifier, such as `Q1` or `Q1_explain`.
#[derive(Debug, Clone, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize, Deserialize)]
#[serde(transparent)]
pub struct QuestionId(pub String);

impl fmt::Display for ProposalId {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&self.0)
    }
}

impl fmt::Display for QuestionId {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&self.0)
    }
}

/// A change the consultation asks people to take a stance on.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Proposal {
    /// Its identifier.
    pub id: ProposalId,
    /// A short name for tables and charts.
    #[serde(default)]
    pub short: Option<String>,
    /// The proposal in full.
    pub text: String,
}

impl Proposal {
    /// The short name, or the identifier when there is none.
    pub fn short_name(&self) -> &str {
        self.short.as_deref().unwrap_or(&self.id.0)
    }
}

/// Closed or open.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "lowercase")]
pub enum QuestionKind {
    /// Tick one option; the options map to a stance on the question's proposal.
    Closed,
    /// Free text.
    Open,
}

/// How a closed question's options map to stances.
///
/// Matching ignores case, surrounding space and repeated inner space. An option mapped to
/// nothing (`""` in the file) is an answer that takes no stance, such as "prefer not to say".
#[derive(Debug, Clone, PartialEq, Eq, Default, Serialize, Deserialize)]
pub struct OptionMap(BTreeMap<String, Option<Stance>>);

impl OptionMap {
    /// The five-point agreement scale of consultation hubs, with "don't know" and "not sure".
    pub fn agree5() -> Self {
        let mut m = BTreeMap::new();
        for (option, stance) in [
            ("strongly agree", Some(Stance::For)),
            ("agree", Some(Stance::For)),
            ("tend to agree", Some(Stance::For)),
            ("yes", Some(Stance::For)),
            ("neither agree nor disagree", Some(Stance::Undecided)),
            ("neither agree or disagree", Some(Stance::Undecided)),
            ("neutral", Some(Stance::Undecided)),
            ("don't know", Some(Stance::Undecided)),
            ("dont know", Some(Stance::Undecided)),
            ("not sure", Some(Stance::Undecided)),
            ("unsure", Some(Stance::Undecided)),
            ("tend to disagree", Some(Stance::Against)),
            ("disagree", Some(Stance::Against)),
            ("strongly disagree", Some(Stance::Against)),
            ("no", Some(Stance::Against)),
        ] {
            m.insert(option.to_string(), stance);
        }
        OptionMap(m)
    }

    fn normalise(option: &str) -> String {
        option
            .split_whitespace()
            .collect::<Vec<_>>()
            .join(" ")
            .to_lowercase()
            .replace('\u{2019}', "'")
    }

    /// The stance an option means: `None` when the option is not one of the question's
    /// options, `Some(None)` when it is but takes no stance.
    pub fn stance_of(&self, option: &str) -> Option<Option<Stance>> {
        self.0.get(&Self::normalise(option)).copied()
    }

    /// The options, as written in the definition, normalised.
    pub fn options(&self) -> impl Iterator<Item = &str> {
        self.0.keys().map(String::as_str)
    }
}

/// One question of the consultation.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct Question {
    /// Its identifier.
    pub id: QuestionId,
    /// Closed or open.
    pub kind: QuestionKind,
    /// The question as respondents read it.
    pub text: String,
    /// The proposal it asks about; `None` for a general question.
    pub proposal: Option<ProposalId>,
    /// For an open question that explains a closed one (a "hybrid" question), that question.
    pub explains: Option<QuestionId>,
    /// For a closed question, how its options map to stances.
    pub options: OptionMap,
}

/// A reference to a column of a spreadsheet or CSV export.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(untagged)]
pub enum ColumnRef {
    /// The column whose header (the last header row) is this text, compared trimmed and
    /// ignoring case.
    Header(String),
    /// The column with this spreadsheet letter (`A`, `F`, `AC`), as analysts' mapping
    /// workbooks name them.
    Letter {
        /// The letters.
        letter: String,
    },
}

impl ColumnRef {
    /// The 0-based index of a spreadsheet letter, or `None` for a header reference or bad letters.
    pub fn letter_index(&self) -> Option<usize> {
        let ColumnRef::Letter { letter } = self else {
            return None;
        };
        let mut index = 0usize;
        for c in letter.trim().chars() {
            if !c.is_ascii_alphabetic() {
                return None;
            }
            index = index * 26 + (c.to_ascii_uppercase() as usize - 'A' as usize + 1);
        }
        index.checked_sub(1)
    }
}

impl fmt::Display for ColumnRef {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            ColumnRef::Header(h) => write!(f, "column {h:?}"),
            ColumnRef::Letter { letter } => write!(f, "column {letter}"),
        }
    }
}

/// The file formats Barometer imports.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "lowercase")]
pub enum SourceFormat {
    /// A hub export as CSV: one row per respondent, one column per question.
    Csv,
    /// The same as an Excel workbook.
    Xlsx,
    /// ThemeFinder's layout: `question_part_N/question.json`, `responses.jsonl`, `respondents.jsonl`.
    Themefinder,
    /// One JSON object per line, in Barometer's own simple shape.
    Jsonl,
    /// A folder of letters and emails (`.eml`, `.txt`, `.docx`, `.pdf`).
    Letters,
    /// A US federal docket from regulations.gov: its bulk CSV download, or a folder of the
    /// API's JSON files (one comment each).
    #[serde(rename = "regulations-gov")]
    RegulationsGov,
    /// The European Commission's "Have Your Say" feedback export (CSV), with its position
    /// papers in a folder, named by feedback id.
    #[serde(rename = "have-your-say")]
    HaveYourSay,
}

impl SourceFormat {
    /// The wire name.
    pub fn as_str(self) -> &'static str {
        match self {
            SourceFormat::Csv => "csv",
            SourceFormat::Xlsx => "xlsx",
            SourceFormat::Themefinder => "themefinder",
            SourceFormat::Jsonl => "jsonl",
            SourceFormat::Letters => "letters",
            SourceFormat::RegulationsGov => "regulations-gov",
            SourceFormat::HaveYourSay => "have-your-say",
        }
    }

    /// Whether the source's text answers one open question that the source names
    /// (`question = "…"`): letters, and the public-comment presets.
    pub fn answers_one_question(self) -> bool {
        matches!(
            self,
            SourceFormat::Letters | SourceFormat::RegulationsGov | SourceFormat::HaveYourSay
        )
    }
}

/// Where one batch of responses comes from, and how to read it.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct SourceSpec {
    /// The file format.
    pub format: SourceFormat,
    /// The file or folder, relative to the consultation's folder.
    pub path: String,
    /// For CSV and XLSX: how many header rows come before the data. The last one names the
    /// columns. Blank lines straight after the header are skipped.
    #[serde(default = "one")]
    pub header_rows: usize,
    /// For XLSX: the sheet to read; the first one by default.
    #[serde(default)]
    pub sheet: Option<String>,
    /// The column holding each response's identifier. Without one, the row number is used.
    #[serde(default)]
    pub id: Option<ColumnRef>,
    /// The column saying whether the respondent answered as an individual or an organisation.
    #[serde(default)]
    pub responding_as: Option<ColumnRef>,
    /// The column with the organisation's name.
    #[serde(default)]
    pub organisation_name: Option<ColumnRef>,
    /// The column with the organisation's type.
    #[serde(default)]
    pub organisation_type: Option<ColumnRef>,
    /// The column with the respondent's region.
    #[serde(default)]
    pub region: Option<ColumnRef>,
    /// The column with the submission time.
    #[serde(default)]
    pub submitted_at: Option<ColumnRef>,
    /// Question id → the column (CSV, XLSX), question part (`question_part_2` for
    /// ThemeFinder), or JSON key (JSONL) holding its answers.
    #[serde(default)]
    pub questions: BTreeMap<String, ColumnRef>,
    /// For letters and the public-comment presets: the open question a letter's body or a
    /// comment answers. A preset may leave it out when the consultation has one open question.
    #[serde(default)]
    pub question: Option<String>,
    /// For the public-comment presets: a folder, relative to the consultation's folder, of
    /// attachments (`.pdf`, `.docx`, `.txt`) whose names start with the comment's id
    /// (`2001004.pdf`, `CMS-2022-0163-0010_attachment_1.pdf`), read as part of that comment.
    #[serde(default)]
    pub attachments: Option<String>,
    /// For letters: a CSV log, relative to the consultation's folder, with the columns
    /// `file,responding_as,organisation_name,organisation_type,region` that says who sent each
    /// letter. Analysts keep such a correspondence log; a letter missing from it is an individual's.
    /// For the public-comment presets: a CSV with the columns `file,response_id` saying which
    /// comment each file in `attachments` belongs to, where its name does not say.
    #[serde(default)]
    pub index: Option<String>,
}

fn one() -> usize {
    1
}

/// How respondents' own words about themselves map to [`RespondentType`].
#[derive(Debug, Clone, PartialEq, Eq, Default, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct RespondentFields {
    /// Answers to "responding as" that mean an individual (compared ignoring case).
    /// Anything else that is not empty means an organisation.
    #[serde(default = "default_individual_values")]
    pub individual_values: Vec<String>,
    /// Organisation type as written → canonical type.
    #[serde(default)]
    pub organisation_types: BTreeMap<String, RespondentType>,
    /// What the report and the web app call each type, where this consultation's hub uses
    /// other words (`public_body = "Federal agency"`); keys are type wire names.
    #[serde(default)]
    pub type_labels: BTreeMap<String, String>,
}

fn default_individual_values() -> Vec<String> {
    vec!["individual".into(), "an individual".into(), "myself".into()]
}

/// A validated `consultation.toml`.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct Consultation {
    /// Its id in the store, when `consultation.toml` gives one (`id = "…"`); without it the
    /// consultation's folder name is used.
    pub id: Option<String>,
    /// The consultation's title.
    pub title: String,
    /// Who runs it.
    pub organisation: String,
    /// A sentence or two about it.
    pub description: Option<String>,
    /// The day it opened.
    pub opens: NaiveDate,
    /// The day it closed.
    pub closes: NaiveDate,
    /// The code of practice it follows, whose advice on length the window is checked against.
    pub standard: Option<Standard>,
    /// Its proposals, in order.
    pub proposals: Vec<Proposal>,
    /// Its questions, in order.
    pub questions: Vec<Question>,
    /// How respondents' descriptions of themselves map to types.
    pub respondents: RespondentFields,
    /// Where responses come from.
    pub sources: Vec<SourceSpec>,
    /// A JSON Lines file of human stance labels, relative to the consultation folder, that the
    /// report measures the model's accuracy against (`{"id", "source", "stances": {P: camp}}`).
    pub gold: Option<String>,
}

/// What is wrong with a consultation definition, naming the field.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
#[error("{field}: {message}")]
pub struct DefinitionError {
    /// The field at fault, as a TOML path such as `questions[2].proposal`, with the line where known.
    pub field: String,
    /// What was expected.
    pub message: String,
}

/// The result of checking the consultation window against the Code of Practice.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct WindowCheck {
    /// Opening day.
    pub opens: NaiveDate,
    /// Closing day.
    pub closes: NaiveDate,
    /// Days between them.
    pub days: i64,
    /// Whole and part weeks, for people.
    pub weeks: f64,
    /// The standard it was checked against, if the definition names one.
    pub standard: Option<Standard>,
    /// A warning when the window is shorter than the standard advises.
    pub warning: Option<String>,
}

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct RawConsultation {
    #[serde(default)]
    id: Option<String>,
    title: String,
    organisation: String,
    #[serde(default)]
    description: Option<String>,
    opens: toml::value::Datetime,
    closes: toml::value::Datetime,
    #[serde(default)]
    standard: Option<String>,
    proposals: Vec<Proposal>,
    questions: Vec<RawQuestion>,
    #[serde(default)]
    respondents: RespondentFields,
    #[serde(default)]
    sources: Vec<SourceSpec>,
    #[serde(default)]
    gold: Option<String>,
}

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct RawQuestion {
    id: QuestionId,
    kind: QuestionKind,
    text: String,
    #[serde(default)]
    proposal: Option<ProposalId>,
    #[serde(default)]
    explains: Option<QuestionId>,
    #[serde(default)]
    scale: Option<String>,
    #[serde(default)]
    options: BTreeMap<String, String>,
}

/// Whether `id` can name a consultation in the store (and in URLs and file names).
pub fn is_valid_id(id: &str) -> bool {
    (1..=64).contains(&id.len())
        && id
            .bytes()
            .all(|b| b.is_ascii_lowercase() || b.is_ascii_digit() || b == b'-' || b == b'_')
}

fn err(field: impl Into<String>, message: impl Into<String>) -> DefinitionError {
    DefinitionError {
        field: field.into(),
        message: message.into(),
    }
}

fn to_date(field: &str, value: &toml::value::Datetime) -> Result<NaiveDate, DefinitionError> {
    let date = value
        .date
        .ok_or_else(|| err(field, "expected a date such as 2014-04-01"))?;
    NaiveDate::from_ymd_opt(date.year as i32, date.month as u32, date.day as u32)
        .ok_or_else(|| err(field, format!("{value} is not a real date")))
}

impl Consultation {
    /// Parses and validates the text of a `consultation.toml`.
    pub fn parse(text: &str) -> Result<Self, DefinitionError> {
        let raw: RawConsultation = toml::from_str(text).map_err(|e| {
            let line = e
                .span()
                .map(|s| text[..s.start].lines().count().max(1))
                .map(|l| format!("line {l}"))
                .unwrap_or_else(|| "consultation.toml".into());
            err(line, e.message().to_string())
        })?;
        let opens = to_date("opens", &raw.opens)?;
        let closes = to_date("closes", &raw.closes)?;
        if closes <= opens {
            return Err(err(
                "closes",
                format!("the consultation closes ({closes}) on or before it opens ({opens})"),
            ));
        }
        if raw.title.trim().is_empty() {
            return Err(err("title", "must not be empty"));
        }
        if raw.proposals.is_empty() {
            return Err(err("proposals", "a consultation needs at least one proposal"));
        }
        let mut proposal_ids = HashSet::new();
        for (i, p) in raw.proposals.iter().enumerate() {
            if p.id.0.trim().is_empty() {
                return Err(err(format!("proposals[{i}].id"), "must not be empty"));
            }
            if !proposal_ids.insert(p.id.clone()) {
                return Err(err(
                    format!("proposals[{i}].id"),
                    format!("proposal id {} is used twice", p.id),
                ));
            }
        }
        let question_ids: HashSet<QuestionId> = raw.questions.iter().map(|q| q.id.clone()).collect();
        let mut seen = HashSet::new();
        let mut questions = Vec::with_capacity(raw.questions.len());
        for (i, q) in raw.questions.into_iter().enumerate() {
            let at = |f: &str| format!("questions[{i}].{f}");
            if !seen.insert(q.id.clone()) {
                return Err(err(at("id"), format!("question id {} is used twice", q.id)));
            }
            if let Some(p) = &q.proposal
                && !proposal_ids.contains(p)
            {
                return Err(err(at("proposal"), format!("no proposal has id {p}")));
            }
            if let Some(e) = &q.explains
                && !question_ids.contains(e)
            {
                return Err(err(at("explains"), format!("no question has id {e}")));
            }
            let options = match q.kind {
                QuestionKind::Open => {
                    if q.scale.is_some() || !q.options.is_empty() {
                        return Err(err(at("options"), "an open question has no options"));
                    }
                    OptionMap::default()
                }
                QuestionKind::Closed => {
                    if q.proposal.is_none() {
                        return Err(err(
                            at("proposal"),
                            "a closed question must name the proposal its options take a stance on",
                        ));
                    }
                    let mut map = match q.scale.as_deref() {
                        Some("agree5") => OptionMap::agree5(),
                        Some(other) => {
                            return Err(err(
                                at("scale"),
                                format!("unknown scale {other:?}: expected \"agree5\", or list the options"),
                            ));
                        }
                        None => OptionMap::default(),
                    };
                    for (option, stance) in q.options {
                        let stance = match stance.trim() {
                            "" | "none" | "no view" => None,
                            s => Some(
                                s.parse::<Stance>()
                                    .map_err(|m| err(format!("{}.options.{option:?}", at("")), m))?,
                            ),
                        };
                        map.0.insert(OptionMap::normalise(&option), stance);
                    }
                    if map.0.is_empty() {
                        return Err(err(
                            at("options"),
                            "a closed question needs scale = \"agree5\" or an options table",
                        ));
                    }
                    map
                }
            };
            questions.push(Question {
                id: q.id,
                kind: q.kind,
                text: q.text,
                proposal: q.proposal,
                explains: q.explains,
                options,
            });
        }
        for (i, s) in raw.sources.iter().enumerate() {
            for key in s.questions.keys() {
                if !question_ids.contains(&QuestionId(key.clone())) {
                    return Err(err(
                        format!("sources[{i}].questions.{key}"),
                        format!("no question has id {key}"),
                    ));
                }
            }
            for (name, col) in [
                ("id", &s.id),
                ("responding_as", &s.responding_as),
                ("organisation_name", &s.organisation_name),
                ("organisation_type", &s.organisation_type),
                ("region", &s.region),
                ("submitted_at", &s.submitted_at),
            ] {
                if let Some(c @ ColumnRef::Letter { letter }) = col
                    && c.letter_index().is_none()
                {
                    return Err(err(
                        format!("sources[{i}].{name}"),
                        format!("{letter:?} is not a spreadsheet column letter"),
                    ));
                }
            }
        }
        let open: Vec<&Question> = questions
            .iter()
            .filter(|q| q.kind == QuestionKind::Open)
            .collect();
        let mut sources = raw.sources;
        for (i, s) in sources.iter_mut().enumerate() {
            if s.format.answers_one_question() && s.format != SourceFormat::Letters && s.question.is_none() {
                match open.as_slice() {
                    [only] => s.question = Some(only.id.0.clone()),
                    _ => {
                        return Err(err(
                            format!("sources[{i}].question"),
                            format!(
                                "a {} source must name the open question its comments answer, \
                                 as the consultation has {} open questions",
                                s.format.as_str(),
                                open.len()
                            ),
                        ));
                    }
                }
            }
            if s.format.answers_one_question() {
                match &s.question {
                    Some(q) if question_ids.contains(&QuestionId(q.clone())) => {}
                    Some(q) => {
                        return Err(err(
                            format!("sources[{i}].question"),
                            format!("no question has id {q}"),
                        ));
                    }
                    None => {
                        return Err(err(
                            format!("sources[{i}].question"),
                            "a letters source must name the open question a letter answers",
                        ));
                    }
                }
            }
        }
        let standard = match raw.standard.as_deref() {
            None => None,
            Some(name) => Some(
                Standard::ALL
                    .into_iter()
                    .find(|s| s.as_str() == name.trim())
                    .ok_or_else(|| {
                        let names: Vec<&str> = Standard::ALL.iter().map(|s| s.as_str()).collect();
                        err(
                            "standard",
                            format!("unknown standard {name:?}: expected one of {}", names.join(", ")),
                        )
                    })?,
            ),
        };
        for (key, label) in &raw.respondents.type_labels {
            if let Err(message) = key.parse::<RespondentType>() {
                return Err(err(format!("respondents.type_labels.{key}"), message));
            }
            if label.trim().is_empty() {
                return Err(err(format!("respondents.type_labels.{key}"), "must not be empty"));
            }
        }
        if let Some(id) = &raw.id
            && !is_valid_id(id)
        {
            return Err(err(
                "id",
                format!("{id:?} is not a usable id: use 1 to 64 lowercase letters, digits, '-' or '_'"),
            ));
        }
        Ok(Consultation {
            id: raw.id,
            title: raw.title,
            organisation: raw.organisation,
            description: raw.description,
            opens,
            closes,
            standard,
            proposals: raw.proposals,
            questions,
            respondents: raw.respondents,
            sources,
            gold: raw.gold,
        })
    }

    /// The question with this id.
    pub fn question(&self, id: &QuestionId) -> Option<&Question> {
        self.questions.iter().find(|q| &q.id == id)
    }

    /// The closed questions that declare a stance on this proposal.
    pub fn closed_questions_for<'a>(
        &'a self,
        proposal: &'a ProposalId,
    ) -> impl Iterator<Item = &'a Question> + 'a {
        self.questions
            .iter()
            .filter(move |q| q.kind == QuestionKind::Closed && q.proposal.as_ref() == Some(proposal))
    }

    /// Checks the window against the standard the definition names; without one there is
    /// nothing to check and no warning.
    pub fn window_check(&self) -> WindowCheck {
        let days = (self.closes - self.opens).num_days();
        let weeks = days as f64 / 7.0;
        let warning = self.standard.filter(|s| days < s.min_days()).map(|s| {
            format!(
                "the consultation ran from {} to {}, {} days ({:.1} weeks); under {}, the advice is {} ({} days)",
                self.opens,
                self.closes,
                days,
                weeks,
                s.source(),
                s.advice(),
                s.min_days()
            )
        });
        WindowCheck {
            opens: self.opens,
            closes: self.closes,
            days,
            weeks,
            standard: self.standard,
            warning,
        }
    }

    /// The label this consultation gives a type: its own (`[respondents.type_labels]`) or
    /// Barometer's.
    pub fn type_label(&self, t: RespondentType) -> &str {
        self.respondents
            .type_labels
            .iter()
            .find(|(k, _)| k.parse::<RespondentType>().ok() == Some(t))
            .map(|(_, v)| v.trim())
            .unwrap_or(t.label())
    }

    /// The type an organisation type as written maps to, through the definition's table
    /// (ignoring case) or as a wire name; `None` when blank or unmapped.
    pub fn map_organisation_type(&self, organisation_type: &str) -> Option<RespondentType> {
        let raw = organisation_type.trim();
        if raw.is_empty() {
            return None;
        }
        self.respondents
            .organisation_types
            .iter()
            .find(|(k, _)| k.trim().eq_ignore_ascii_case(raw))
            .map(|(_, t)| *t)
            .or_else(|| raw.parse().ok())
    }

    /// Maps what a respondent said about themselves to a canonical type.
    ///
    /// An individual is always [`RespondentType::Individual`]. An organisation's type goes
    /// through the definition's table (ignoring case), and falls back to
    /// [`RespondentType::OtherOrganisation`] when unmapped or missing.
    pub fn respondent_type(&self, is_individual: bool, organisation_type: Option<&str>) -> RespondentType {
        if is_individual {
            return RespondentType::Individual;
        }
        organisation_type
            .and_then(|raw| self.map_organisation_type(raw))
            .unwrap_or(RespondentType::OtherOrganisation)
    }

    /// Whether an answer to "responding as" means an individual.
    pub fn is_individual(&self, responding_as: &str) -> bool {
        let v = responding_as.trim();
        self.respondents
            .individual_values
            .iter()
            .any(|i| i.trim().eq_ignore_ascii_case(v))
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    const MINIMAL: &str = r#"
title = "T"
organisation = "O"
opens = 2014-04-01
closes = 2014-05-13

[[proposals]]
id = "P1"
text = "Do the thing"

[[questions]]
id = "Q1"
kind = "closed"
proposal = "P1"
text = "Do you agree?"
scale = "agree5"

[[questions]]
id = "Q1_explain"
kind = "open"
proposal = "P1"
explains = "Q1"
text = "Why?"
"#;

    #[test]
    fn six_week_window_is_warned_with_dates_and_the_code() {
        let c = Consultation::parse(&format!("standard = \"uk-2008\"\n{MINIMAL}")).unwrap();
        let w = c.window_check();
        assert_eq!(w.days, 42);
        let warning = w.warning.expect("six weeks is under twelve");
        assert!(
            warning.contains("2014-04-01") && warning.contains("2014-05-13"),
            "{warning}"
        );
        assert!(warning.contains("2008 Code of Practice"), "{warning}");
        assert!(warning.contains("twelve weeks"), "{warning}");
    }

    #[test]
    fn an_id_is_optional_and_must_be_a_slug() {
        assert_eq!(Consultation::parse(MINIMAL).unwrap().id, None);
        let named = format!("id = \"csc-2014\"\n{MINIMAL}");
        assert_eq!(
            Consultation::parse(&named).unwrap().id.as_deref(),
            Some("csc-2014")
        );
        let bad = format!("id = \"Children's care\"\n{MINIMAL}");
        let e = Consultation::parse(&bad).unwrap_err();
        assert_eq!(e.field, "id", "{e}");
    }

    #[test]
    fn the_window_follows_the_standard_named_and_nothing_is_said_without_one() {
        let named = |standard: &str| Consultation::parse(&format!("standard = \"{standard}\"\n{MINIMAL}"));
        // Six weeks: short for every code.
        assert_eq!(Consultation::parse(MINIMAL).unwrap().window_check().warning, None);
        let us = named("us-federal").unwrap().window_check().warning.unwrap();
        assert!(
            us.contains("Executive Orders 12866") && us.contains("60 days"),
            "{us}"
        );
        let eu = named("eu-commission").unwrap().window_check().warning.unwrap();
        assert!(
            eu.contains("Better Regulation") && eu.contains("twelve weeks"),
            "{eu}"
        );
        // Sixty days meets the US advice and not the UK's.
        let sixty = MINIMAL.replace("closes = 2014-05-13", "closes = 2014-05-31");
        let with = |standard: &str| {
            Consultation::parse(&format!("standard = \"{standard}\"\n{sixty}"))
                .unwrap()
                .window_check()
        };
        assert_eq!(with("us-federal").days, 60);
        assert_eq!(with("us-federal").warning, None);
        assert!(with("uk-2008").warning.is_some());
        let e = named("uk-2012").unwrap_err();
        assert_eq!(e.field, "standard", "{e}");
        assert!(e.message.contains("us-federal"), "{e}");
    }

    #[test]
    fn twelve_week_window_is_not_warned() {
        let text = format!(
            "standard = \"uk-2008\"\n{}",
            MINIMAL.replace("closes = 2014-05-13", "closes = 2014-06-24")
        );
        let c = Consultation::parse(&text).unwrap();
        assert_eq!(c.window_check().days, 84);
        assert_eq!(c.window_check().warning, None);
    }

    #[test]
    fn eleven_weeks_six_days_is_still_warned() {
        let text = format!(
            "standard = \"uk-2008\"\n{}",
            MINIMAL.replace("closes = 2014-05-13", "closes = 2014-06-23")
        );
        assert!(
            Consultation::parse(&text)
                .unwrap()
                .window_check()
                .warning
                .is_some()
        );
    }

    #[test]
    fn agree_scale_maps_options_to_stances() {
        let c = Consultation::parse(MINIMAL).unwrap();
        let q = c.question(&QuestionId("Q1".into())).unwrap();
        assert_eq!(q.options.stance_of("Strongly  Agree "), Some(Some(Stance::For)));
        assert_eq!(q.options.stance_of("Disagree"), Some(Some(Stance::Against)));
        assert_eq!(q.options.stance_of("Don’t know"), Some(Some(Stance::Undecided)));
        assert_eq!(q.options.stance_of("Maybe on Tuesdays"), None);
    }

    #[test]
    fn unknown_proposal_is_named() {
        let text = MINIMAL.replace(
            "proposal = \"P1\"\ntext = \"Do you",
            "proposal = \"P9\"\ntext = \"Do you",
        );
        let e = Consultation::parse(&text).unwrap_err();
        assert_eq!(e.field, "questions[0].proposal");
        assert!(e.message.contains("P9"));
    }

    #[test]
    fn syntax_error_names_the_line() {
        let text = MINIMAL.replace("organisation = \"O\"", "organisation = ");
        let e = Consultation::parse(&text).unwrap_err();
        assert_eq!(e.field, "line 3", "{e}");
    }

    #[test]
    fn closing_before_opening_is_rejected() {
        let text = MINIMAL.replace("closes = 2014-05-13", "closes = 2014-03-01");
        assert_eq!(Consultation::parse(&text).unwrap_err().field, "closes");
    }

    #[test]
    fn column_letters_index_like_spreadsheets() {
        let l = |s: &str| ColumnRef::Letter { letter: s.into() }.letter_index();
        assert_eq!(l("A"), Some(0));
        assert_eq!(l("Z"), Some(25));
        assert_eq!(l("AA"), Some(26));
        assert_eq!(l("AC"), Some(28));
        assert_eq!(l("A1"), None);
    }
}
