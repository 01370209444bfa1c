//! The stance stage: declared answers first (and options typed into an unticked question's
//! box), analysts' labels over them, then the model for the pairs nobody decided: per proposal,
//! learned from the respondents who declared a stance; where a proposal has too few of them,
//! the stance prior ([`barometer_stance_model::StancePrior`]) reads the passage instead.

use crate::{Models, UnitVectors, Units};
use barometer_analysis::campaigns::Campaigns;
use barometer_analysis::respondents::TypeJudgement;
use barometer_analysis::stance::{
    self,
    inferred::{Inference, LabelledPassage, PriorReading, Reference, ResponseText, Settings, Unit},
};
use barometer_analysis::{AnalysedResponse, Judgement};
use barometer_domain::{Consultation, ProposalId, StanceSource};
use barometer_store::{StanceLabel, StoredResponse};
use std::collections::{BTreeMap, HashMap};

/// What the stance stage decided.
#[derive(Debug, Clone)]
pub struct Stances {
    /// Every response with a judgement per proposal, in the store's order.
    pub analysed: Vec<AnalysedResponse>,
    /// The model's side: its quality per proposal, its review queue, campaign members' own
    /// words.
    pub inference: Inference,
    /// The inference settings used.
    pub settings: Settings,
    /// Pairs read by the stance prior, because their proposal had too few declared stances.
    pub read_by_prior: usize,
    /// Proposals whose learned model lost, in cross-validation on their few labelled
    /// respondents, to the stance prior moved by those labels, with both scores (the model's,
    /// the prior's); the prior reads them.
    pub prior_preferred: BTreeMap<ProposalId, (f64, f64)>,
}

/// Everything the stance stage reads.
pub struct StanceInput<'a> {
    /// The consultation.
    pub consultation: &'a Consultation,
    /// The stored responses, in order.
    pub stored: &'a [StoredResponse],
    /// Their units.
    pub units: &'a Units<'a>,
    /// The units' vectors.
    pub vectors: &'a UnitVectors,
    /// The campaigns among them.
    pub campaigns: &'a Campaigns,
    /// Analysts' labels.
    pub labels: &'a [StanceLabel],
}

/// Judges each response's stance on each proposal.
pub fn judge(input: &StanceInput<'_>, models: &Models, settings: &Settings) -> anyhow::Result<Stances> {
    let StanceInput {
        consultation,
        stored,
        units,
        vectors,
        campaigns,
        labels,
    } = *input;
    let reference = reference_vectors(models, consultation)?;
    let mut by_response: HashMap<&str, Vec<&StanceLabel>> = HashMap::new();
    for l in labels {
        by_response.entry(l.response_id.as_str()).or_default().push(l);
    }
    let decided: Vec<BTreeMap<ProposalId, Judgement>> = stored
        .iter()
        .map(|s| {
            let mut judgements = stance::declared(consultation, &s.record);
            for (p, typed) in stance::typed_options(consultation, &s.record) {
                judgements.insert(p, typed);
            }
            for l in by_response.get(s.id.as_str()).into_iter().flatten() {
                if let Some(j) = judgements.get_mut(&l.proposal) {
                    *j = Judgement {
                        camp: l.camp,
                        source: Some(StanceSource::Analyst),
                        confidence: 1.0,
                        evidence: l.note.clone(),
                    };
                }
            }
            judgements
        })
        .collect();
    let own_words: HashMap<usize, &str> = campaigns
        .campaigns
        .iter()
        .flat_map(|c| c.additions.iter().map(|a| (a.member, a.text.as_str())))
        .collect();
    let texts: Vec<ResponseText<'_>> = units
        .per_response
        .iter()
        .zip(&campaigns.member_of)
        .enumerate()
        .map(|(i, (answers, campaign))| ResponseText {
            campaign: *campaign,
            own_words: own_words.get(&i).copied(),
            answers: answers
                .iter()
                .map(|a| {
                    let with_vectors = a
                        .units
                        .iter()
                        .filter_map(|u| {
                            Some(Unit {
                                text: u,
                                vector: vectors.get(u)?,
                            })
                        })
                        .collect();
                    (a.question.clone(), with_vectors)
                })
                .collect(),
        })
        .collect();
    let mut inference = tokio::task::block_in_place(|| {
        stance::inferred::infer(consultation, &reference, &texts, &decided, settings)
    });
    // Where few respondents declared a stance, the prior (moved by their labels) may read a
    // proposal better than a model learned from them: cross-validation on them decides.
    let mut prior_preferred = BTreeMap::new();
    for (p, labelled) in &inference.compare_with_prior {
        let prior = tokio::task::block_in_place(|| read_passages(consultation, p, labelled, models))?;
        let by_prior = stance::inferred::prior_cross_validated(labelled, &prior);
        let by_model = inference.quality[p].macro_f1;
        if by_prior > by_model {
            prior_preferred.insert(p.clone(), (by_model, by_prior));
        }
    }
    if !prior_preferred.is_empty() {
        let chosen = prior_preferred.keys().cloned().collect();
        inference = tokio::task::block_in_place(|| {
            stance::inferred::infer_with(consultation, &reference, &texts, &decided, settings, &chosen)
        });
    }
    let read_by_prior = inference.without_model.len();
    if read_by_prior > 0 {
        let readings = tokio::task::block_in_place(|| read_with_prior(consultation, &inference, models))?;
        let labelled = tokio::task::block_in_place(|| read_labelled(consultation, &inference, models))?;
        // The prior's own measured threshold decides what an analyst checks, not the learned
        // models' (docs/ACCURACY.md, "Honest confidence").
        let prior_settings = Settings {
            review_below: barometer_stance_model::REVIEW_BELOW,
            ..*settings
        };
        stance::inferred::apply_prior(&mut inference, &readings, &labelled, &prior_settings);
    }
    // Responses in a language the encoder does not read: nothing was inferred from their
    // words, so every proposal nobody decided for them goes to an analyst.
    for (i, language) in units.other_language.iter().enumerate() {
        if language.is_none() {
            continue;
        }
        for p in &consultation.proposals {
            if decided[i].get(&p.id).is_some_and(|j| j.source.is_some()) {
                continue;
            }
            let text = stored[i].record.free_text();
            inference.review_queue.push(stance::inferred::ReviewItem {
                response: i,
                proposal: p.id.clone(),
                camp: barometer_domain::Camp::NoView,
                confidence: 0.0,
                margin: 0.0,
                evidence: Some(text.chars().take(300).collect()),
                reason: stance::inferred::ReviewReason::OtherLanguage,
                settles: 1,
                alternative: None,
            });
        }
    }
    stance::inferred::sort_queue(&mut inference.review_queue);
    let analysed = stored
        .iter()
        .zip(decided)
        .zip(&inference.judgements)
        .zip(&units.other_language)
        .map(|(((s, mut judgements), inferred), language)| {
            for (p, j) in inferred {
                judgements.insert(p.clone(), j.clone());
            }
            let r = &s.record;
            AnalysedResponse {
                id: s.id.clone(),
                external_id: r.external_id.clone(),
                source: r.source,
                respondent_type: r.respondent.respondent_type,
                type_judgement: TypeJudgement::declared(r.respondent.respondent_type),
                organisation_name: r.respondent.organisation_name.clone(),
                organisation_key: None,
                has_free_text: r
                    .answers
                    .iter()
                    .any(|a| a.text.as_deref().is_some_and(|t| !t.trim().is_empty())),
                has_closed_answers: r.answers.iter().any(|a| a.option.is_some()),
                other_language: language.map(str::to_string),
                ocr_confidence: r.ocr.map(|o| o.confidence),
                judgements,
            }
        })
        .collect();
    Ok(Stances {
        analysed,
        inference,
        settings: *settings,
        read_by_prior,
        prior_preferred,
    })
}

/// The stance prior's readings of the pairs no proposal model could read: each whole passage
/// and, where it has several units, each unit (to choose the evidence).
fn read_with_prior(
    consultation: &Consultation,
    inference: &Inference,
    models: &Models,
) -> anyhow::Result<Vec<PriorReading>> {
    let wording: HashMap<&ProposalId, &str> = consultation
        .proposals
        .iter()
        .map(|p| (&p.id, p.text.as_str()))
        .collect();
    let joined: Vec<String> = inference
        .without_model
        .iter()
        .map(|u| u.passage.join(" "))
        .collect();
    let mut pairs: Vec<(&str, &str)> = Vec::new();
    for (u, text) in inference.without_model.iter().zip(&joined) {
        pairs.push((wording[&u.proposal], text));
        if u.passage.len() > 1 {
            pairs.extend(u.passage.iter().map(|t| (wording[&u.proposal], t.as_str())));
        }
    }
    let judged = models.read_pairs(&pairs)?;
    let to_f64 = |p: [f32; 3]| p.map(f64::from);
    let mut next = judged.into_iter();
    Ok(inference
        .without_model
        .iter()
        .map(|u| {
            let passage = to_f64(next.next().expect("one reading per pair"));
            let units = if u.passage.len() > 1 {
                (0..u.passage.len())
                    .map(|_| to_f64(next.next().expect("one reading per unit")))
                    .collect()
            } else {
                Vec::new()
            };
            PriorReading { passage, units }
        })
        .collect())
}

/// The stance prior's readings of the labelled passages of proposals it reads
/// ([`Inference::cold_examples`]), in order: what adapts it to each proposal.
fn read_labelled(
    consultation: &Consultation,
    inference: &Inference,
    models: &Models,
) -> anyhow::Result<BTreeMap<ProposalId, Vec<[f64; 3]>>> {
    let mut out = BTreeMap::new();
    for (p, labelled) in &inference.cold_examples {
        out.insert(p.clone(), read_passages(consultation, p, labelled, models)?);
    }
    Ok(out)
}

/// The stance prior's readings of labelled passages on proposal `p`.
fn read_passages(
    consultation: &Consultation,
    p: &ProposalId,
    labelled: &[LabelledPassage],
    models: &Models,
) -> anyhow::Result<Vec<[f64; 3]>> {
    let wording = consultation
        .proposals
        .iter()
        .find(|q| &q.id == p)
        .map_or("", |q| q.text.as_str());
    let joined: Vec<String> = labelled.iter().map(|l| l.passage.join(" ")).collect();
    let pairs: Vec<(&str, &str)> = joined.iter().map(|t| (wording, t.as_str())).collect();
    Ok(models
        .read_pairs(&pairs)?
        .into_iter()
        .map(|r| r.map(f64::from))
        .collect())
}

/// The vectors routing leans on: each proposal's own text, and letter boilerplate.
pub fn reference_vectors(models: &Models, c: &Consultation) -> anyhow::Result<Reference> {
    let texts: Vec<&str> = c.proposals.iter().map(|p| p.text.as_str()).collect();
    let wording = tokio::task::block_in_place(|| models.encoder.embed(&texts))?;
    Ok(Reference {
        wording: c.proposals.iter().map(|p| p.id.clone()).zip(wording).collect(),
        boilerplate: models.boilerplate()?.to_vec(),
    })
}
