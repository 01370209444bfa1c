//! Who said what: the `respondents` section of `summary.json` and its two parts of the page,
//! the organisations table and the annex "Organisations that responded".
//!
//! Every organisation is one row however many responses it sent, with its type (and who
//! decided it), its camp on each proposal with the sentence behind it, and the themes it
//! raised. Names and quotes pass through [`redact`](crate::redact::redact), like every quote
//! the report publishes. Notable organisations come first: those an analyst starred, then
//! those that wrote the most (position papers rather than one line), since the size of a body
//! is not something its response says.

use crate::redact::redact;
use barometer_analysis::AnalysedResponse;
use barometer_analysis::respondents::Respondents;
use barometer_domain::{Camp, Consultation, ProposalId, RespondentType, StanceSource, TypeSource};
use serde::{Deserialize, Serialize};
use std::collections::{BTreeMap, BTreeSet};

/// Respondent-type inference as measured on labelled data (`barometer eval respondents`),
/// quoted beside every figure that rests on inferred types. Re-measure when the cues change.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct TypeAccuracy {
    /// What it was measured on.
    pub dataset: String,
    /// Rows with a gold type.
    pub rows: u64,
    /// Share of those typed right.
    pub accuracy: f64,
    /// Macro-F1 over the types present.
    pub macro_f1: f64,
}

/// Where respondent types came from, and the organisations that responded.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct RespondentsSection {
    /// Responses whose type the source declared.
    pub declared: u64,
    /// Responses whose type Barometer inferred.
    pub inferred: u64,
    /// Responses whose type an analyst set.
    pub analyst: u64,
    /// Of the inferred, how many an analyst should check (mixed clues or low confidence).
    pub to_review: u64,
    /// Per type, how many of its responses were declared, inferred and set by an analyst.
    pub by_type: Vec<TypeSourceCounts>,
    /// How accurate inference is, as measured (`null` when nothing was inferred).
    pub inference_accuracy: Option<TypeAccuracy>,
    /// Agreement of the types shown with the consultation's gold types, where its gold file
    /// names some.
    pub gold: Option<TypeGoldAgreement>,
    /// Every organisation that responded, notable first.
    pub organisations: Vec<OrganisationSummary>,
}

/// One type's responses by where the type came from.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct TypeSourceCounts {
    /// The type.
    pub respondent_type: RespondentType,
    /// Its label in this consultation.
    pub label: String,
    /// Declared by the source.
    pub declared: u64,
    /// Inferred.
    pub inferred: u64,
    /// Set by an analyst.
    pub analyst: u64,
}

/// Types shown against the gold types of a consultation's labelled responses.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct TypeGoldAgreement {
    /// Responses with a gold type whose type was inferred.
    pub inferred_compared: u64,
    /// Of those, how many agree.
    pub inferred_agreed: u64,
    /// All responses with a gold type.
    pub compared: u64,
    /// Of those, how many agree.
    pub agreed: u64,
}

/// One organisation.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct OrganisationSummary {
    /// Its key, the normalised name all its responses share.
    pub key: String,
    /// Its name, as most of its responses write it.
    pub name: String,
    /// Its type.
    pub respondent_type: RespondentType,
    /// The type's label in this consultation.
    pub type_label: String,
    /// Who decided the type.
    pub type_source: TypeSource,
    /// 1.0 when declared or set by an analyst; the inference's probability otherwise.
    pub type_confidence: f64,
    /// What decided an inferred type.
    pub type_evidence: Option<String>,
    /// How many responses it sent.
    pub responses: u64,
    /// Whether an analyst starred it as notable.
    pub starred: bool,
    /// Its camp on each proposal, in the definition's order.
    pub positions: Vec<OrganisationPosition>,
    /// The labels of the themes its responses raised, in question order.
    pub themes: Vec<String>,
}

/// An organisation's camp on one proposal.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct OrganisationPosition {
    /// The proposal.
    pub proposal: ProposalId,
    /// For, against, undecided or no view.
    pub camp: Camp,
    /// Who decided it: the organisation's tick, an analyst, or the model.
    pub source: Option<StanceSource>,
    /// The sentence that shows it (redacted); `null` for a tick or no view.
    pub evidence: Option<String>,
}

/// What the section is built from.
pub struct RespondentInputs<'a> {
    /// Every response's type and the organisations.
    pub respondents: &'a Respondents,
    /// Per response, the (question id, theme label) pairs it raised.
    pub raised: &'a [Vec<(String, String)>],
    /// Keys of the organisations analysts starred.
    pub starred: &'a BTreeSet<String>,
    /// Inference as measured.
    pub accuracy: TypeAccuracy,
    /// Gold types by response position, where the consultation's gold file names them.
    pub gold_types: &'a [Option<RespondentType>],
}

/// Builds the section.
pub fn respondents_section(
    consultation: &Consultation,
    responses: &[AnalysedResponse],
    input: &RespondentInputs<'_>,
) -> RespondentsSection {
    let r = input.respondents;
    let [declared, inferred, analyst] = r.by_source().map(|n| n as u64);
    let by_type = RespondentType::ALL
        .iter()
        .map(|&t| {
            let mut n = [0u64; 3];
            for j in r.judgements.iter().filter(|j| j.respondent_type == t) {
                n[TypeSource::ALL
                    .iter()
                    .position(|s| *s == j.source)
                    .expect("listed")] += 1;
            }
            TypeSourceCounts {
                respondent_type: t,
                label: consultation.type_label(t).to_string(),
                declared: n[0],
                inferred: n[1],
                analyst: n[2],
            }
        })
        .collect();
    let gold = gold_agreement(r, input.gold_types);
    let mut organisations: Vec<(u64, OrganisationSummary)> = r
        .organisations
        .iter()
        .map(|o| {
            let members = &o.organisation.members;
            let words: u64 = members
                .iter()
                .filter_map(|&m| responses.get(m))
                .flat_map(|a| a.judgements.values())
                .filter_map(|j| j.evidence.as_deref())
                .map(|e| e.split_whitespace().count() as u64)
                .sum::<u64>()
                + members
                    .iter()
                    .filter_map(|&m| input.raised.get(m))
                    .map(|t| t.len() as u64)
                    .sum::<u64>();
            let themes: Vec<String> = {
                let mut seen = BTreeSet::new();
                members
                    .iter()
                    .filter_map(|&m| input.raised.get(m))
                    .flatten()
                    .filter(|(_, label)| seen.insert(label.clone()))
                    .map(|(_, label)| redact(label))
                    .collect()
            };
            let summary = OrganisationSummary {
                key: o.organisation.key.clone(),
                name: redact(&o.organisation.name),
                respondent_type: o.judgement.respondent_type,
                type_label: consultation.type_label(o.judgement.respondent_type).to_string(),
                type_source: o.judgement.source,
                type_confidence: (f64::from(o.judgement.confidence) * 1e4).round() / 1e4,
                type_evidence: o.judgement.evidence.as_deref().map(redact),
                responses: members.len() as u64,
                starred: input.starred.contains(&o.organisation.key),
                positions: consultation
                    .proposals
                    .iter()
                    .map(|p| position(&p.id, members, responses))
                    .collect(),
                themes,
            };
            (words, summary)
        })
        .collect();
    organisations.sort_by(|(wa, a), (wb, b)| {
        b.starred
            .cmp(&a.starred)
            .then(wb.cmp(wa))
            .then(a.name.to_lowercase().cmp(&b.name.to_lowercase()))
    });
    RespondentsSection {
        declared,
        inferred,
        analyst,
        to_review: r.to_review().len() as u64,
        by_type,
        inference_accuracy: (inferred > 0).then(|| input.accuracy.clone()),
        gold,
        organisations: organisations.into_iter().map(|(_, o)| o).collect(),
    }
}

/// An organisation's camp on a proposal from its responses: an analyst's or a declared stance
/// outranks the model's; among equals the surest; "no view" only when no response took one.
fn position(
    proposal: &ProposalId,
    members: &[usize],
    responses: &[AnalysedResponse],
) -> OrganisationPosition {
    let rank = |s: Option<StanceSource>| match s {
        Some(StanceSource::Analyst) => 3,
        Some(StanceSource::Declared) => 2,
        Some(_) => 1,
        None => 0,
    };
    let best = members
        .iter()
        .filter_map(|&m| responses.get(m)?.judgements.get(proposal))
        .filter(|j| j.camp != Camp::NoView)
        .max_by(|a, b| {
            rank(a.source)
                .cmp(&rank(b.source))
                .then(a.confidence.total_cmp(&b.confidence))
        });
    match best {
        Some(j) => OrganisationPosition {
            proposal: proposal.clone(),
            camp: j.camp,
            source: j.source,
            evidence: j.evidence.as_deref().map(redact),
        },
        None => OrganisationPosition {
            proposal: proposal.clone(),
            camp: Camp::NoView,
            source: None,
            evidence: None,
        },
    }
}

fn gold_agreement(r: &Respondents, gold: &[Option<RespondentType>]) -> Option<TypeGoldAgreement> {
    let mut a = TypeGoldAgreement {
        inferred_compared: 0,
        inferred_agreed: 0,
        compared: 0,
        agreed: 0,
    };
    for (j, g) in r.judgements.iter().zip(gold) {
        let Some(g) = g else { continue };
        let same = u64::from(j.respondent_type == *g);
        a.compared += 1;
        a.agreed += same;
        if j.source == TypeSource::Inferred {
            a.inferred_compared += 1;
            a.inferred_agreed += same;
        }
    }
    (a.compared > 0).then_some(a)
}

/// Organisations by type, alphabetically within each: the annex.
pub fn annex(section: &RespondentsSection) -> BTreeMap<RespondentType, Vec<&str>> {
    let mut out: BTreeMap<RespondentType, Vec<&str>> = BTreeMap::new();
    for o in &section.organisations {
        out.entry(o.respondent_type).or_default().push(&o.name);
    }
    for names in out.values_mut() {
        names.sort_by_key(|n| n.to_lowercase());
    }
    out
}

/// The page's organisations section and annex.
pub(crate) struct OrganisationsView {
    pub summary_line: String,
    pub accuracy_line: Option<String>,
    pub proposals: Vec<String>,
    pub rows: Vec<OrganisationRow>,
    pub annex: Vec<AnnexGroup>,
}

pub(crate) struct OrganisationRow {
    pub name: String,
    pub starred: bool,
    pub type_label: String,
    pub type_note: String,
    pub responses: u64,
    pub positions: Vec<PositionCell>,
    pub themes: String,
}

pub(crate) struct PositionCell {
    pub camp: &'static str,
    pub evidence: Option<String>,
}

pub(crate) struct AnnexGroup {
    pub label: String,
    pub names: Vec<String>,
}

fn camp_word(c: Camp) -> &'static str {
    match c {
        Camp::For => "For",
        Camp::Against => "Against",
        Camp::Undecided => "Undecided",
        Camp::NoView => "No view",
    }
}

/// The sentence under the by-type figures: where the types came from, and how accurate
/// inference is.
pub(crate) fn type_sources_line(section: &RespondentsSection) -> String {
    let mut line = format!(
        "Of these types, {} were declared by respondents, {} were inferred by Barometer and {} were set by analysts.",
        section.declared, section.inferred, section.analyst
    );
    if let Some(a) = &section.inference_accuracy {
        line.push_str(&format!(
            " Inference was measured on {} {}: {:.0}% right, macro-F1 {:.2}.",
            a.rows,
            a.dataset,
            a.accuracy * 100.0,
            a.macro_f1
        ));
    }
    if section.to_review > 0 {
        line.push_str(&format!(
            " {} inferred types rest on mixed or weak clues and are queued for an analyst.",
            section.to_review
        ));
    }
    line
}

/// The view of the organisations section, when the summary has one with organisations in it.
pub(crate) fn view(summary: &crate::Summary) -> Option<OrganisationsView> {
    let section = summary.respondents.as_ref()?;
    if section.organisations.is_empty() {
        return None;
    }
    let responses: u64 = section.organisations.iter().map(|o| o.responses).sum();
    let summary_line = format!(
        "{} organisations responded, with {} responses between them; each is one row however many responses it sent. Starred organisations are those an analyst marked as notable; the rest follow by how much they wrote.",
        section.organisations.len(),
        responses
    );
    let accuracy_line = section.gold.as_ref().filter(|g| g.inferred_compared > 0).map(|g| {
        format!(
            "Where this consultation's gold labels name a respondent's type, the inferred type agreed with it for {} of {} responses ({:.0}%).",
            g.inferred_agreed,
            g.inferred_compared,
            100.0 * g.inferred_agreed as f64 / g.inferred_compared as f64
        )
    });
    let proposals = summary
        .proposals
        .iter()
        .map(|p| format!("{}: {}", p.id.0, p.short))
        .collect();
    let rows = section
        .organisations
        .iter()
        .map(|o| OrganisationRow {
            name: o.name.clone(),
            starred: o.starred,
            type_label: o.type_label.clone(),
            type_note: match o.type_source {
                TypeSource::Declared => "declared".into(),
                TypeSource::Analyst => "set by an analyst".into(),
                TypeSource::Inferred => format!("inferred, {:.0}% sure", o.type_confidence * 100.0),
            },
            responses: o.responses,
            positions: o
                .positions
                .iter()
                .map(|p| PositionCell {
                    camp: camp_word(p.camp),
                    evidence: p.evidence.clone(),
                })
                .collect(),
            themes: o.themes.join("; "),
        })
        .collect();
    let labels: BTreeMap<RespondentType, String> = section
        .by_type
        .iter()
        .map(|t| (t.respondent_type, t.label.clone()))
        .collect();
    let annex = annex(section)
        .into_iter()
        .map(|(t, names)| AnnexGroup {
            label: labels.get(&t).cloned().unwrap_or_else(|| t.label().to_string()),
            names: names.into_iter().map(str::to_string).collect(),
        })
        .collect();
    Some(OrganisationsView {
        summary_line,
        accuracy_line,
        proposals,
        rows,
        annex,
    })
}
