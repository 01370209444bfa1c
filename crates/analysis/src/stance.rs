//! Stance per (response, proposal).
//!
//! The declared stance comes from the respondent's own closed answers. When a proposal has
//! several closed questions and the answers disagree, the respondent is counted as undecided:
//! choosing one answer over another would be Barometer's opinion, not theirs.

pub mod boilerplate;
pub mod inferred;

use crate::Judgement;
use barometer_domain::{Camp, Consultation, ProposalId, ResponseRecord, Stance, StanceSource};
use std::collections::BTreeMap;

/// The stance each proposal's closed questions declare, or "no view" where none was answered.
///
/// Options were checked at import, so an option unknown to the definition (possible only when
/// the definition changed since) is treated as no answer.
pub fn declared(consultation: &Consultation, record: &ResponseRecord) -> BTreeMap<ProposalId, Judgement> {
    consultation
        .proposals
        .iter()
        .map(|p| {
            let mut stances: Vec<(Stance, &str)> = Vec::new();
            for q in consultation.closed_questions_for(&p.id) {
                for a in record.answers.iter().filter(|a| a.question == q.id) {
                    if let Some(option) = a.option.as_deref()
                        && let Some(Some(s)) = q.options.stance_of(option)
                    {
                        stances.push((s, option));
                    }
                }
            }
            let judgement = match stances.as_slice() {
                [] => Judgement::no_view(),
                [(first, option), rest @ ..] => {
                    let agreed = rest.iter().all(|(s, _)| s == first);
                    Judgement {
                        camp: if agreed {
                            Camp::from(Some(*first))
                        } else {
                            Camp::Undecided
                        },
                        source: Some(StanceSource::Declared),
                        confidence: 1.0,
                        evidence: Some(if agreed {
                            option.to_string()
                        } else {
                            stances.iter().map(|(_, o)| *o).collect::<Vec<_>>().join(" / ")
                        }),
                    }
                }
            };
            (p.id.clone(), judgement)
        })
        .collect()
}
