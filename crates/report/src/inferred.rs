//! The report's account of stances the model inferred from text: how many, how sure, what it
//! learned from, how accurate it measured, and the quotes that carry each camp.
//!
//! Kept apart from the declared figures on purpose: a reader must be able to see which part of
//! each camp is the respondents' own answer and which is Barometer's reading of their words.

use crate::redact::redact;
use barometer_analysis::AnalysedResponse;
use barometer_analysis::agreement::Agreement;
use barometer_analysis::stance::inferred::ModelQuality;
use barometer_domain::{Camp, Consultation, ProposalId, StanceSource};
use serde::{Deserialize, Serialize};
use std::collections::BTreeMap;

/// Everything about inferred stances, for summary.json's `stance_model` section.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct StanceModelSummary {
    /// One paragraph on how stances were inferred.
    pub method: String,
    /// Model judgements below this confidence are queued for an analyst.
    pub review_below: f64,
    /// Per proposal, in definition order.
    pub proposals: Vec<ProposalInference>,
    /// Agreement with the consultation's gold labels, where it has some.
    pub gold: Option<GoldAgreement>,
    /// The stance prior's macro-F1 measured on topics it never saw (docs/ACCURACY.md), for
    /// reading the stances that rest on it alone.
    #[serde(default)]
    pub prior_unseen_macro_f1: Option<f64>,
}

/// Where the stance prior read alone: per proposal, how many stances rest on it, and its
/// measured macro-F1 on unseen topics.
#[derive(Debug, Clone, Default, PartialEq)]
pub struct PriorUse {
    /// Stances read by the prior alone, per proposal.
    pub read: BTreeMap<ProposalId, u64>,
    /// The prior's measured macro-F1 on unseen topics.
    pub unseen_macro_f1: Option<f64>,
}

/// Inferred stances on one proposal.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct ProposalInference {
    /// The proposal.
    pub id: ProposalId,
    /// What the model learned from; `None` when too few respondents explained a closed answer.
    pub learned_from: Option<LearnedFrom>,
    /// Stances the model inferred.
    pub inferred: u64,
    /// Each camp's count and share of the inferred stances, with a 95% interval.
    pub camps: Vec<InferredShare>,
    /// Of the inferred stances, how many are below the review threshold.
    pub queued_for_review: u64,
    /// Of the inferred stances, how many rest on the stance prior alone (no model could be
    /// learned from this consultation's own respondents).
    #[serde(default)]
    pub read_by_prior: u64,
    /// Quotes that carry each camp, most confident first, personal data redacted.
    pub evidence: Vec<EvidenceQuote>,
}

/// The labelled respondents a proposal's model learned from, and how well it predicted them.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct LearnedFrom {
    /// Respondents who both declared a stance (or were labelled) and explained it in words.
    pub examples: u64,
    /// Of those, for, against and undecided.
    pub for_against_undecided: [u64; 3],
    /// Cross-validated accuracy on them.
    pub cv_accuracy: f64,
    /// Cross-validated macro-F1 on them.
    pub cv_macro_f1: f64,
}

/// One camp among inferred stances.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct InferredShare {
    /// The camp.
    pub camp: Camp,
    /// Inferred stances in it.
    pub count: u64,
    /// Its share of inferred stances.
    pub share: Option<f64>,
    /// The Wilson 95% interval on that share, low and high.
    pub interval_95: Option<[f64; 2]>,
}

/// A quote the model judged, as evidence of a camp.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct EvidenceQuote {
    /// The camp it was judged to show.
    pub camp: Camp,
    /// The words, redacted.
    pub quote: String,
    /// The model's calibrated confidence.
    pub confidence: f64,
}

/// Agreement of the model's stances with human gold labels.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct GoldAgreement {
    /// The gold file, as the definition names it.
    pub file: String,
    /// Which pairs were compared.
    pub scope: String,
    /// How many (response, proposal) pairs.
    pub pairs: u64,
    /// Share of pairs in the same camp.
    pub accuracy: f64,
    /// Mean F1 over the camps in the gold labels.
    pub macro_f1: f64,
    /// Each camp's F1.
    pub f1: BTreeMap<String, f64>,
}

impl GoldAgreement {
    /// Wraps an [`Agreement`] with where it was measured.
    pub fn new(file: &str, scope: &str, a: &Agreement) -> Self {
        GoldAgreement {
            file: file.to_string(),
            scope: scope.to_string(),
            pairs: a.pairs,
            accuracy: round4(a.accuracy),
            macro_f1: round4(a.macro_f1),
            f1: a
                .f1
                .iter()
                .map(|(c, f)| (c.as_str().to_string(), round4(*f)))
                .collect(),
        }
    }
}

fn round4(x: f64) -> f64 {
    (x * 10_000.0).round() / 10_000.0
}

/// The Wilson score interval at 95% for `k` of `n`.
pub fn wilson_95(k: u64, n: u64) -> Option<[f64; 2]> {
    if n == 0 {
        return None;
    }
    let z = 1.959_963_984_540_054_f64;
    let (k, n) = (k as f64, n as f64);
    let p = k / n;
    let denom = 1.0 + z * z / n;
    let centre = (p + z * z / (2.0 * n)) / denom;
    let half = z * (p * (1.0 - p) / n + z * z / (4.0 * n * n)).sqrt() / denom;
    Some([round4((centre - half).max(0.0)), round4((centre + half).min(1.0))])
}

/// How many evidence quotes to show per camp.
const QUOTES_PER_CAMP: usize = 3;

/// Character trigrams of a text's letters and digits, lowercased, words single-spaced.
fn trigrams(text: &str) -> std::collections::BTreeSet<[char; 3]> {
    let words: Vec<String> = text
        .split(|c: char| !c.is_alphanumeric())
        .filter(|w| !w.is_empty())
        .map(str::to_lowercase)
        .collect();
    let chars: Vec<char> = format!(" {} ", words.join(" ")).chars().collect();
    chars.windows(3).map(|w| [w[0], w[1], w[2]]).collect()
}

/// Whether two quotes say the same thing in nearly the same words: copies that differ in case,
/// a typo or a clause (at least half their character trigrams in common), or one that holds
/// nearly all of the other (four in five of the shorter's trigrams). Showing both would spend
/// two of a camp's few quotes on one voice.
fn near_duplicate(a: &str, b: &str) -> bool {
    let (a, b) = (trigrams(a), trigrams(b));
    let common = a.intersection(&b).count();
    let union = a.len() + b.len() - common;
    let shorter = a.len().min(b.len());
    union == 0 || common as f64 >= 0.5 * union as f64 || common as f64 >= 0.8 * shorter as f64
}

/// Builds the section from the analysed responses and what inference reported.
pub fn stance_model_summary(
    consultation: &Consultation,
    responses: &[AnalysedResponse],
    quality: &BTreeMap<ProposalId, ModelQuality>,
    queued: &BTreeMap<ProposalId, u64>,
    review_below: f64,
    gold: Option<GoldAgreement>,
    prior: &PriorUse,
) -> StanceModelSummary {
    let proposals = consultation
        .proposals
        .iter()
        .map(|p| {
            let inferred: Vec<_> = responses
                .iter()
                .filter_map(|r| r.judgements.get(&p.id))
                .filter(|j| j.source == Some(StanceSource::Model))
                .collect();
            let n = inferred.len() as u64;
            let camps = [Camp::For, Camp::Against, Camp::Undecided]
                .into_iter()
                .map(|camp| {
                    let count = inferred.iter().filter(|j| j.camp == camp).count() as u64;
                    InferredShare {
                        camp,
                        count,
                        share: (n > 0).then(|| round4(count as f64 / n as f64)),
                        interval_95: wilson_95(count, n),
                    }
                })
                .collect();
            let mut evidence = Vec::new();
            for camp in [Camp::For, Camp::Against, Camp::Undecided] {
                let mut candidates: Vec<(f32, &str)> = inferred
                    .iter()
                    .filter(|j| j.camp == camp)
                    .filter_map(|j| j.evidence.as_deref().map(|e| (j.confidence, e)))
                    .filter(|(_, e)| e.split_whitespace().count() >= 6)
                    .collect();
                candidates.sort_by(|a, b| b.0.total_cmp(&a.0).then(a.1.cmp(b.1)));
                let mut seen: Vec<String> = Vec::new();
                for (confidence, text) in candidates {
                    let quote = redact(text);
                    if seen.iter().any(|s| near_duplicate(s, &quote)) {
                        continue;
                    }
                    seen.push(quote.clone());
                    evidence.push(EvidenceQuote {
                        camp,
                        quote,
                        confidence: round4(confidence as f64),
                    });
                    if seen.len() == QUOTES_PER_CAMP {
                        break;
                    }
                }
            }
            ProposalInference {
                id: p.id.clone(),
                learned_from: quality.get(&p.id).map(|q| LearnedFrom {
                    examples: q.examples as u64,
                    for_against_undecided: q.by_stance.map(|n| n as u64),
                    cv_accuracy: round4(q.accuracy),
                    cv_macro_f1: round4(q.macro_f1),
                }),
                inferred: n,
                camps,
                queued_for_review: queued.get(&p.id).copied().unwrap_or(0),
                read_by_prior: prior.read.get(&p.id).copied().unwrap_or(0),
                evidence,
            }
        })
        .collect();
    StanceModelSummary {
        method: "Where a respondent answered no closed question on a proposal, Barometer reads \
                 their words. One who typed one of the question's own options into its explanation box \
                 (\"No\", \"Disagree.\") is read as giving that option. For each proposal it learns, from the respondents who both ticked an \
                 answer and explained it, how people for, against and undecided on that proposal \
                 write (a logistic regression over sentence vectors from a local all-MiniLM-L6-v2 \
                 encoder; nothing leaves this machine). Letters and general comments are split \
                 into sentences, each routed to the proposal it speaks to, or to none; a proposal \
                 no sentence speaks to is no view. Analysts' labels are learned from too, and \
                 outrank the model. The accuracy figures are cross-validated on the respondents \
                 the model learned from, and, where the consultation has them, measured on \
                 human gold labels."
            .to_string(),
        review_below,
        proposals,
        gold,
        prior_unseen_macro_f1: prior.unseen_macro_f1,
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::fixture;
    use barometer_analysis::agreement::agreement;
    use std::collections::BTreeSet;

    fn section() -> StanceModelSummary {
        let mut responses = fixture::responses();
        let p2 = ProposalId("P2".into());
        let j = responses[0].judgements.get_mut(&p2).unwrap();
        j.evidence = Some("Call me on 07700 900123: closing on Mondays hurts working parents.".into());
        j.confidence = 0.9;
        let quality = BTreeMap::from([(
            p2.clone(),
            ModelQuality {
                examples: 40,
                by_stance: [10, 20, 10],
                accuracy: 0.9,
                macro_f1: 0.88,
                c: 1.0,
                temperature: 1.2,
            },
        )]);
        let a = agreement(&[(Camp::Against, Camp::Against), (Camp::NoView, Camp::For)]).unwrap();
        stance_model_summary(
            &fixture::consultation(),
            &responses,
            &quality,
            &BTreeMap::from([(p2, 1)]),
            0.6,
            Some(GoldAgreement::new("gold.jsonl", "pairs", &a)),
            &PriorUse::default(),
        )
    }

    #[test]
    fn only_model_stances_are_counted_and_quotes_are_redacted() {
        let s = section();
        let [p1, p2] = [&s.proposals[0], &s.proposals[1]];
        assert_eq!((p1.inferred, p1.learned_from.is_none()), (0, true));
        assert_eq!(
            p2.inferred, 1,
            "the analyst's and the declared stance on P2 are not the model's"
        );
        let against = p2.camps.iter().find(|c| c.camp == Camp::Against).unwrap();
        assert_eq!((against.count, against.share), (1, Some(1.0)));
        assert_eq!(p2.evidence.len(), 1);
        assert!(
            !p2.evidence[0].quote.contains("07700"),
            "{}",
            p2.evidence[0].quote
        );
        assert!(p2.evidence[0].quote.contains("[phone]"));
        let gold = s.gold.as_ref().unwrap();
        assert_eq!((gold.pairs, gold.accuracy), (2, 0.5));
    }

    #[test]
    fn quotes_that_differ_only_in_case_typos_or_a_clause_are_one_voice() {
        for (a, b) in [
            (
                "i honestly don't know enough to say.",
                "I honestly don't know enough to say.",
            ),
            (
                "Nobody ever comes back and says the pilot failed.",
                "Nobody ever cmoes back and says the piolt failed.",
            ),
            (
                "Besides which, not sure a pilot would tell us much either way.",
                "Not sure a pilot would tell us much either way.",
            ),
            (
                "I managed to respond in time, so I suppose so.",
                "i managed to respond in time, so i suppose so. long enough. but most people I \
                 know never heard of it until it was nearly over, which tells you something.",
            ),
        ] {
            assert!(near_duplicate(a, b), "{a:?} / {b:?}");
        }
        for (a, b) in [
            (
                "Nobody ever comes back and says the pilot failed.",
                "If it's wrong in principle it's wrong in ten councils as much as in all of them.",
            ),
            (
                "Set out the outcome measures before the pilot starts.",
                "Success criteria should be agreed at the outset, and should be published.",
            ),
        ] {
            assert!(!near_duplicate(a, b), "{a:?} / {b:?}");
        }
    }

    #[test]
    fn every_key_is_documented_in_the_schema() {
        const SCHEMA: &str = include_str!("../../../docs/summary-schema.md");
        fn keys(v: &serde_json::Value, out: &mut BTreeSet<String>) {
            match v {
                serde_json::Value::Object(m) => m.iter().for_each(|(k, v)| {
                    out.insert(k.clone());
                    keys(v, out);
                }),
                serde_json::Value::Array(a) => a.iter().for_each(|v| keys(v, out)),
                _ => {}
            }
        }
        let mut all = BTreeSet::new();
        keys(&serde_json::to_value(section()).unwrap(), &mut all);
        let missing: Vec<&String> = all
            .iter()
            .filter(|k| !SCHEMA.contains(&format!("`{k}`")))
            .collect();
        assert!(missing.is_empty(), "undocumented keys: {missing:?}");
    }

    #[test]
    fn wilson_interval_matches_the_textbook_values() {
        // 8 of 10: the Wilson interval is about [0.490, 0.943].
        let [lo, hi] = wilson_95(8, 10).unwrap();
        assert!(
            (lo - 0.4902).abs() < 1e-3 && (hi - 0.9433).abs() < 1e-3,
            "{lo} {hi}"
        );
        // It stays inside [0, 1] at the edges, where the normal approximation does not.
        let [lo, hi] = wilson_95(0, 5).unwrap();
        assert!(lo == 0.0 && hi > 0.0 && hi < 0.5);
        assert!(wilson_95(0, 0).is_none());
    }
}
