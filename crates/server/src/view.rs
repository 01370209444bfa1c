//! What the analysts' pages count: camps per proposal and respondent type, with analysts'
//! labels (stances and respondent types) over the last analysis's judgements, so a correction
//! shows at once.

use crate::Analysis;
use barometer_domain::{Camp, ProposalId, RespondentType};
use barometer_store::StanceLabel;
use std::collections::HashMap;

/// Analysts' labels by (response id, proposal).
pub(crate) type Labels = HashMap<(String, ProposalId), Camp>;

pub(crate) fn labels_by_pair(labels: &[StanceLabel]) -> Labels {
    labels
        .iter()
        .map(|l| ((l.response_id.clone(), l.proposal.clone()), l.camp))
        .collect()
}

/// Analysts' respondent types by response id.
pub(crate) type TypeLabels = HashMap<String, RespondentType>;

pub(crate) fn types_by_response(labels: &[barometer_store::TypeLabel]) -> TypeLabels {
    labels
        .iter()
        .map(|l| (l.response_id.clone(), l.respondent_type))
        .collect()
}

/// The type a response counts under now: the analyst's, else the analysis's.
pub(crate) fn type_of(a: &barometer_analysis::AnalysedResponse, types: &TypeLabels) -> RespondentType {
    types.get(&a.id).copied().unwrap_or(a.respondent_type)
}

/// The camp a pair counts in now: the analyst's label, else the analysis's judgement.
pub(crate) fn camp_of(a: &barometer_analysis::AnalysedResponse, p: &ProposalId, labels: &Labels) -> Camp {
    labels
        .get(&(a.id.clone(), p.clone()))
        .copied()
        .or_else(|| a.judgements.get(p).map(|j| j.camp))
        .unwrap_or(Camp::NoView)
}

/// One row of camp counts.
#[derive(Debug, Clone, Default)]
pub(crate) struct CampRow {
    pub label: String,
    pub for_: u64,
    pub against: u64,
    pub undecided: u64,
    pub no_view: u64,
}

impl CampRow {
    fn add(&mut self, camp: Camp) {
        match camp {
            Camp::For => self.for_ += 1,
            Camp::Against => self.against += 1,
            Camp::Undecided => self.undecided += 1,
            Camp::NoView => self.no_view += 1,
        }
    }

    pub fn total(&self) -> u64 {
        self.for_ + self.against + self.undecided + self.no_view
    }

    /// A count's share of the row, in whole percent, for the bar's widths.
    pub fn pct(&self, n: &u64) -> u64 {
        (*n * 100).checked_div(self.total()).unwrap_or(0)
    }
}

/// One proposal's table.
#[derive(Debug, Clone)]
pub(crate) struct ProposalCamps {
    pub id: String,
    pub short: String,
    pub text: String,
    pub overall: CampRow,
    pub by_type: Vec<CampRow>,
}

impl ProposalCamps {
    /// The overall row, then one per respondent type.
    pub fn rows(&self) -> Vec<&CampRow> {
        std::iter::once(&self.overall).chain(&self.by_type).collect()
    }
}

/// Every proposal's camps, overall and by respondent type (analysts' types and stances over
/// the analysis's).
pub(crate) fn camps(
    c: &barometer_domain::Consultation,
    analysis: &Analysis,
    labels: &Labels,
    types: &TypeLabels,
) -> Vec<ProposalCamps> {
    c.proposals
        .iter()
        .map(|p| {
            let mut overall = CampRow {
                label: "All respondents".into(),
                ..CampRow::default()
            };
            let mut by_type: Vec<(RespondentType, CampRow)> = Vec::new();
            for a in &analysis.analysed {
                let camp = camp_of(a, &p.id, labels);
                overall.add(camp);
                let t = type_of(a, types);
                let row = match by_type.iter().position(|(k, _)| *k == t) {
                    Some(i) => &mut by_type[i].1,
                    None => {
                        by_type.push((
                            t,
                            CampRow {
                                label: c.type_label(t).into(),
                                ..CampRow::default()
                            },
                        ));
                        &mut by_type.last_mut().expect("just pushed").1
                    }
                };
                row.add(camp);
            }
            by_type.sort_by_key(|(t, _)| *t);
            ProposalCamps {
                id: p.id.0.clone(),
                short: p.short_name().to_string(),
                text: p.text.clone(),
                overall,
                by_type: by_type.into_iter().map(|(_, r)| r).collect(),
            }
        })
        .collect()
}
