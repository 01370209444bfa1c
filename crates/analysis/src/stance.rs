//! Stance per (response, proposal).
//!
//! The declared stance comes from the respondent's own closed answers. When a proposal has
//! several closed questions and the answers disagree, the respondent is counted as undecided:
//! choosing one answer over another would be Barometer's opinion, not theirs.
//!
//! A respondent who ticked nothing but typed one of the question's own options into its
//! explanation box ("No", "Disagree.") answered it in words; [`typed_options`] reads that.

pub mod boilerplate;
pub mod inferred;
pub mod shift;

use crate::Judgement;
use barometer_domain::{Camp, Consultation, ProposalId, QuestionKind, ResponseRecord, Stance, StanceSource};
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

/// How sure a reading of a typed option is. On the demo's gold labels all 30 of the
/// typed options among the labelled pairs agreed with the human reading; the rest allows for a
/// "no" that answers something else.
pub const TYPED_OPTION_CONFIDENCE: f32 = 0.95;

/// Stances respondents typed instead of ticking: for each proposal none of whose closed
/// questions was answered, an explanation box whose whole text, less punctuation, is an option
/// of the closed question it explains. Sourced to the model (no box was ticked), with the typed
/// text as evidence. The sentence splitter drops one-word answers, so the model never sees them.
pub fn typed_options(
    consultation: &Consultation,
    record: &ResponseRecord,
) -> BTreeMap<ProposalId, Judgement> {
    let ticked = |q: &barometer_domain::QuestionId| {
        record
            .answers
            .iter()
            .any(|a| &a.question == q && a.option.as_deref().is_some_and(|o| !o.trim().is_empty()))
    };
    let mut out = BTreeMap::new();
    for p in &consultation.proposals {
        if consultation.closed_questions_for(&p.id).any(|q| ticked(&q.id)) {
            continue;
        }
        let mut typed: Vec<(Stance, &str)> = Vec::new();
        for a in &record.answers {
            let Some(text) = a.text.as_deref() else { continue };
            let Some(explained) = consultation
                .question(&a.question)
                .filter(|q| q.kind == QuestionKind::Open)
                .and_then(|q| q.explains.as_ref())
                .and_then(|e| consultation.question(e))
                .filter(|e| e.proposal.as_ref() == Some(&p.id))
            else {
                continue;
            };
            let bare: String = text
                .chars()
                .map(|c| {
                    if c.is_alphanumeric() || c == '\'' || c == '\u{2019}' {
                        c
                    } else {
                        ' '
                    }
                })
                .collect();
            if let Some(Some(stance)) = explained.options.stance_of(&bare) {
                typed.push((stance, text.trim()));
            }
        }
        if let [(stance, text), rest @ ..] = typed.as_slice()
            && rest.iter().all(|(s, _)| s == stance)
        {
            out.insert(
                p.id.clone(),
                Judgement {
                    camp: Camp::from(Some(*stance)),
                    source: Some(StanceSource::Model),
                    confidence: TYPED_OPTION_CONFIDENCE,
                    evidence: Some(text.to_string()),
                },
            );
        }
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;
    use barometer_domain::{Answer, QuestionId, Respondent, SourceKind};

    use super::inferred::tests::DEFINITION;

    fn record(answers: &[(&str, Option<&str>, Option<&str>)]) -> ResponseRecord {
        ResponseRecord {
            external_id: "r1".into(),
            source: SourceKind::Export,
            source_file: "responses.csv".into(),
            source_line: Some(2),
            respondent: Respondent::individual(),
            submitted_at: None,
            ocr: None,
            answers: answers
                .iter()
                .map(|(q, option, text)| Answer {
                    question: QuestionId(q.to_string()),
                    option: option.map(str::to_string),
                    text: text.map(str::to_string),
                })
                .collect(),
        }
    }

    fn typed(answers: &[(&str, Option<&str>, Option<&str>)]) -> Option<Judgement> {
        let c = Consultation::parse(DEFINITION).unwrap();
        typed_options(&c, &record(answers)).remove(&ProposalId("A".into()))
    }

    #[test]
    fn an_option_typed_into_the_explanation_box_is_read_as_that_option() {
        for (text, camp) in [
            ("NO!!", Camp::Against),
            ("no", Camp::Against),
            ("Disagree.", Camp::Against),
            ("Strongly  agree", Camp::For),
            ("Yes.", Camp::For),
            ("Don't know", Camp::Undecided),
        ] {
            let j = typed(&[("QA_why", None, Some(text))]).unwrap_or_else(|| panic!("{text:?} was not read"));
            assert_eq!(j.camp, camp, "{text:?}");
            assert_eq!(j.source, Some(StanceSource::Model));
            assert_eq!(j.evidence.as_deref(), Some(text.trim()));
        }
    }

    #[test]
    fn only_a_whole_option_in_an_unticked_question_counts() {
        // Words beyond the option are for the model to read.
        assert!(typed(&[("QA_why", None, Some("No, because it would cost too much."))]).is_none());
        assert!(typed(&[("QA_why", None, Some("Nope."))]).is_none());
        // A ticked answer is declared; the box explains it and is not read again.
        assert!(typed(&[("QA", Some("Agree"), None), ("QA_why", None, Some("No"))]).is_none());
        // A box that explains no closed question has no options to match.
        let c = Consultation::parse(DEFINITION).unwrap();
        let general = typed_options(&c, &record(&[("Q_else", None, Some("No"))]));
        assert!(general.is_empty(), "{general:?}");
    }
}
