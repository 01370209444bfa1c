//! Stance inferred from free text, learned from the consultation's own signals.
//!
//! Respondents who ticked a closed answer on a proposal and explained it in words are labelled
//! examples of how people for, against and undecided on *this* proposal write, in *this*
//! consultation's vocabulary. That beats any general model, so it comes first:
//!
//! 1. **Learn**, per proposal: a balanced logistic regression from the mean vector of a
//!    respondent's answers to the proposal's open questions to their declared (or analyst) stance.
//!    The regularisation strength is chosen by k-fold cross-validation on those same
//!    respondents, whose out-of-fold predictions also give the measured accuracy the report
//!    prints and a temperature that calibrates the confidence.
//! 2. **Route**: a letter or an "anything else" answer may speak to several proposals. Each of its
//!    argument units is routed to the proposal whose open-question answers it most resembles
//!    (a second classifier, over proposals), or to none when it is off-topic (a salutation, a
//!    sign-off). A proposal no unit reaches is "no view".
//! 3. **Judge** the units routed to each proposal together, and quote the unit that carries the
//!    judgement most strongly as evidence.
//!
//! Declared and analyst stances are never replaced: the model only fills pairs nobody decided.
//! A judgement whose calibrated confidence is below [`Settings::review_below`] goes to the review
//! queue, least certain first, where an analyst's label teaches the model most.

use crate::Judgement;
use crate::learned::{Classifier, Options};
use barometer_domain::{Camp, Consultation, ProposalId, QuestionId, Stance, StanceSource};
use serde::Serialize;
use std::collections::BTreeMap;

/// One argument unit of a response's free text, with its sentence vector.
#[derive(Debug, Clone, Copy)]
pub struct Unit<'a> {
    /// The unit's words, quoted as evidence.
    pub text: &'a str,
    /// Its L2-normalised sentence vector.
    pub vector: &'a [f32],
}

/// A response's free text, unit by unit, per open question answered.
#[derive(Debug, Clone, Default)]
pub struct ResponseText<'a> {
    /// The units of each answered open question, in the order they were written.
    pub answers: Vec<(QuestionId, Vec<Unit<'a>>)>,
}

/// How inference behaves.
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct Settings {
    /// Below this calibrated confidence a model judgement is queued for an analyst.
    pub review_below: f64,
    /// A unit reaches every proposal the routing model gives at least this, so one sentence can
    /// speak to two proposals ("no profit from child protection" is about delegation and about
    /// companies). On the demo's gold labels 0.3–0.6 all score macro-F1 0.75–0.82: see
    /// docs/ACCURACY.md before changing it.
    pub route_min: f64,
    /// Folds of the cross-validation that chooses `C`, measures accuracy and calibrates.
    pub folds: usize,
    /// The smallest number of labelled respondents, with two stances or more, to learn from.
    pub min_examples: usize,
}

impl Default for Settings {
    fn default() -> Self {
        Settings {
            review_below: 0.6,
            route_min: 0.4,
            folds: 5,
            min_examples: 10,
        }
    }
}

/// A model judgement an analyst should check.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct ReviewItem {
    /// Index of the response in the input.
    pub response: usize,
    /// The proposal judged.
    pub proposal: ProposalId,
    /// The model's best guess.
    pub camp: Camp,
    /// Its calibrated confidence.
    pub confidence: f64,
    /// The gap between the two most likely stances: small means the label teaches most.
    pub margin: f64,
    /// The passage judged.
    pub evidence: Option<String>,
}

/// How well the learned model did on the respondents it learned from, out of fold.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct ModelQuality {
    /// Labelled respondents learned from.
    pub examples: usize,
    /// Of those, how many were for, against and undecided.
    pub by_stance: [usize; 3],
    /// Cross-validated accuracy.
    pub accuracy: f64,
    /// Cross-validated macro-F1 over the stances present.
    pub macro_f1: f64,
    /// The regularisation strength chosen.
    pub c: f64,
    /// The calibration temperature fitted to the out-of-fold predictions.
    pub temperature: f64,
}

/// What inference produced.
#[derive(Debug, Clone, Default)]
pub struct Inference {
    /// For each response, the proposals the model judged (pairs already decided are absent).
    pub judgements: Vec<BTreeMap<ProposalId, Judgement>>,
    /// Judgements below the review threshold, least certain first.
    pub review_queue: Vec<ReviewItem>,
    /// Per proposal with a model, its cross-validated quality.
    pub quality: BTreeMap<ProposalId, ModelQuality>,
}

const STANCES: [Stance; 3] = [Stance::For, Stance::Against, Stance::Undecided];
const C_GRID: [f64; 4] = [0.25, 1.0, 4.0, 16.0];

fn stance_index(camp: Camp) -> Option<usize> {
    match camp {
        Camp::For => Some(0),
        Camp::Against => Some(1),
        Camp::Undecided => Some(2),
        Camp::NoView => None,
    }
}

/// The mean of unit vectors, L2-normalised: one vector for a passage.
pub fn mean_vector(units: &[Unit<'_>]) -> Option<Vec<f32>> {
    let dim = units.first()?.vector.len();
    let mut sum = vec![0f32; dim];
    for u in units {
        for (s, v) in sum.iter_mut().zip(u.vector) {
            *s += v;
        }
    }
    let norm = sum.iter().map(|v| v * v).sum::<f32>().sqrt();
    if norm > 0.0 {
        sum.iter_mut().for_each(|v| *v /= norm);
    }
    Some(sum)
}

/// A stance classifier with its calibration.
struct StanceModel {
    classifier: Classifier,
    temperature: f64,
}

impl StanceModel {
    /// Calibrated probabilities of for, against, undecided (0 for a stance never seen).
    fn probabilities(&self, x: &[f32]) -> [f64; 3] {
        calibrated(&self.classifier, x, self.temperature)
    }
}

fn calibrated(classifier: &Classifier, x: &[f32], temperature: f64) -> [f64; 3] {
    let raw = classifier.probabilities(x);
    let mut out = [0.0; 3];
    for (p, &class) in raw.iter().zip(classifier.classes()) {
        out[class] = p.max(1e-12).powf(1.0 / temperature);
    }
    let sum: f64 = out.iter().sum();
    out.iter_mut().for_each(|p| *p /= sum);
    out
}

fn argmax(p: &[f64; 3]) -> usize {
    (0..3).fold(0, |b, c| if p[c] > p[b] { c } else { b })
}

/// Macro-F1 over the classes present in `gold`.
fn macro_f1(gold: &[usize], predicted: &[usize]) -> f64 {
    let mut present: Vec<usize> = gold.to_vec();
    present.sort_unstable();
    present.dedup();
    let f1 = |c: usize| {
        let tp = gold
            .iter()
            .zip(predicted)
            .filter(|&(&g, &p)| g == c && p == c)
            .count() as f64;
        let fp = gold
            .iter()
            .zip(predicted)
            .filter(|&(&g, &p)| g != c && p == c)
            .count() as f64;
        let fn_ = gold
            .iter()
            .zip(predicted)
            .filter(|&(&g, &p)| g == c && p != c)
            .count() as f64;
        if tp == 0.0 {
            0.0
        } else {
            2.0 * tp / (2.0 * tp + fp + fn_)
        }
    };
    present.iter().map(|&c| f1(c)).sum::<f64>() / present.len().max(1) as f64
}

/// Learns one proposal's stance model, choosing `C` and the temperature out of fold.
fn learn(x: &[Vec<f32>], y: &[usize], settings: &Settings) -> Option<(StanceModel, ModelQuality)> {
    let mut by_stance = [0usize; 3];
    y.iter().for_each(|&c| by_stance[c] += 1);
    if x.len() < settings.min_examples || by_stance.iter().filter(|&&n| n > 0).count() < 2 {
        return None;
    }
    // Folds by position in a fixed order: deterministic, and stratified enough at these sizes
    // because the caller sorts examples by response, not by stance.
    let folds = settings.folds.clamp(2, x.len());
    let fold_of = |i: usize| i % folds;
    let out_of_fold = |c: f64| -> Vec<Vec<f64>> {
        let mut raw = vec![Vec::new(); x.len()];
        for f in 0..folds {
            let train: Vec<usize> = (0..x.len()).filter(|&i| fold_of(i) != f).collect();
            let rows: Vec<&[f32]> = train.iter().map(|&i| x[i].as_slice()).collect();
            let labels: Vec<usize> = train.iter().map(|&i| y[i]).collect();
            let model = Classifier::fit(&rows, &labels, &options(c));
            for i in (0..x.len()).filter(|&i| fold_of(i) == f) {
                let p = model.probabilities(&x[i]);
                let mut full = vec![0.0; 3];
                for (v, &class) in p.iter().zip(model.classes()) {
                    full[class] = *v;
                }
                raw[i] = full;
            }
        }
        raw
    };
    let predicted = |raw: &[Vec<f64>]| -> Vec<usize> {
        raw.iter()
            .map(|p| (0..3).fold(0, |b, c| if p[c] > p[b] { c } else { b }))
            .collect()
    };
    let mut best: Option<(f64, f64, Vec<Vec<f64>>)> = None;
    for c in C_GRID {
        let raw = out_of_fold(c);
        let score = macro_f1(y, &predicted(&raw));
        if best.as_ref().is_none_or(|(s, _, _)| score > *s + 1e-9) {
            best = Some((score, c, raw));
        }
    }
    let (score, c, raw) = best.expect("the grid is not empty");
    let temperature = fit_temperature(&raw, y);
    let guesses = predicted(&raw);
    let accuracy = guesses.iter().zip(y).filter(|(p, g)| p == g).count() as f64 / y.len() as f64;
    let rows: Vec<&[f32]> = x.iter().map(Vec::as_slice).collect();
    let classifier = Classifier::fit(&rows, y, &options(c));
    Some((
        StanceModel {
            classifier,
            temperature,
        },
        ModelQuality {
            examples: x.len(),
            by_stance,
            accuracy,
            macro_f1: score,
            c,
            temperature,
        },
    ))
}

fn options(c: f64) -> Options {
    Options {
        c,
        ..Options::default()
    }
}

/// The temperature that minimises the out-of-fold negative log-likelihood, on a fixed grid.
/// Balanced class weights make raw probabilities over-confident on rare classes; this undoes
/// the overall over- or under-confidence, which is what the review threshold relies on.
fn fit_temperature(raw: &[Vec<f64>], y: &[usize]) -> f64 {
    let nll = |t: f64| -> f64 {
        raw.iter()
            .zip(y)
            .map(|(p, &g)| {
                let scaled: Vec<f64> = p.iter().map(|v| v.max(1e-12).powf(1.0 / t)).collect();
                let sum: f64 = scaled.iter().sum();
                -(scaled[g] / sum).ln()
            })
            .sum()
    };
    let grid = (0..=30).map(|i| 0.4 + 0.1 * i as f64);
    grid.fold((1.0, f64::INFINITY), |(bt, bl), t| {
        let l = nll(t);
        if l < bl - 1e-12 { (t, l) } else { (bt, bl) }
    })
    .0
}

/// Routes units to proposals: a classifier over the proposals, learned from every answer to each
/// proposal's open questions, with units far from all of them treated as off-topic.
///
/// Its features are the unit's vector and the unit's similarity to each proposal's own wording.
/// Answers to one proposal's question often argue about the others too, so the vector alone
/// blurs the topics; closeness to the proposal's words is the sharper signal, and the classifier
/// learns how far to trust each from the answers themselves.
struct Router {
    classifier: Classifier,
    proposals: Vec<ProposalId>,
    wording: Vec<Vec<f32>>,
    centroids: Vec<Vec<f32>>,
    /// A unit less similar than this to every proposal's centroid is off-topic.
    min_similarity: f32,
}

/// Cap per proposal on units the router learns from: enough to learn the topic, and it keeps
/// the fit fast on a national-scale consultation. Taken in a fixed order, so runs agree.
const ROUTER_UNITS_PER_PROPOSAL: usize = 3000;

/// Scales similarities to the proposals' wording up to the range of the vector features, so the
/// shared regularisation does not silence them.
const WORDING_SCALE: f32 = 10.0;

impl Router {
    fn learn(
        by_proposal: &BTreeMap<ProposalId, Vec<&[f32]>>,
        wording: &BTreeMap<ProposalId, Vec<f32>>,
    ) -> Option<Router> {
        let proposals: Vec<ProposalId> = by_proposal
            .iter()
            .filter(|(_, units)| !units.is_empty())
            .map(|(p, _)| p.clone())
            .collect();
        if proposals.len() < 2 {
            return None;
        }
        let wording: Vec<Vec<f32>> = proposals.iter().filter_map(|p| wording.get(p).cloned()).collect();
        let wording = if wording.len() == proposals.len() {
            wording
        } else {
            Vec::new()
        };
        let mut router = Router {
            classifier: Classifier::fit(&[&[0.0]], &[0], &options(1.0)),
            proposals,
            wording,
            centroids: Vec::new(),
            min_similarity: f32::MIN,
        };
        let mut rows: Vec<Vec<f32>> = Vec::new();
        let mut labels = Vec::new();
        let mut own_similarity = Vec::new();
        for (class, p) in router.proposals.iter().enumerate() {
            let units = &by_proposal[p];
            let step = units.len().div_ceil(ROUTER_UNITS_PER_PROPOSAL).max(1);
            let taken: Vec<&[f32]> = units.iter().step_by(step).copied().collect();
            let centroid = normalised_mean(&taken);
            own_similarity.extend(taken.iter().map(|u| dot(u, &centroid)));
            rows.extend(taken.iter().map(|u| router.features(u)));
            labels.extend(std::iter::repeat_n(class, taken.len()));
            router.centroids.push(centroid);
        }
        own_similarity.sort_by(f32::total_cmp);
        // The 5th percentile of how close answers sit to their own proposal: text further from
        // every proposal than nearly all genuine answers is about none of them.
        router.min_similarity = own_similarity[own_similarity.len() / 20];
        let rows: Vec<&[f32]> = rows.iter().map(Vec::as_slice).collect();
        router.classifier = Classifier::fit(&rows, &labels, &options(1.0));
        Some(router)
    }

    fn features(&self, unit: &[f32]) -> Vec<f32> {
        let mut x = unit.to_vec();
        x.extend(self.wording.iter().map(|w| WORDING_SCALE * dot(unit, w)));
        x
    }

    /// Whether a unit is about any proposal at all.
    fn on_topic(&self, unit: &[f32]) -> bool {
        let near = self
            .centroids
            .iter()
            .map(|c| dot(unit, c))
            .fold(f32::MIN, f32::max);
        near >= self.min_similarity
    }

    /// The proposals a unit speaks to: every one the classifier gives at least `route_min`.
    fn route(&self, unit: &[f32], route_min: f64) -> Vec<&ProposalId> {
        if !self.on_topic(unit) {
            return Vec::new();
        }
        let p = self.classifier.probabilities(&self.features(unit));
        self.classifier
            .classes()
            .iter()
            .zip(p)
            .filter(|&(_, q)| q >= route_min)
            .map(|(&class, _)| &self.proposals[class])
            .collect()
    }
}

/// The units of the answers whose question passes `keep`, in order.
fn units_answering<'a>(t: &ResponseText<'a>, keep: impl Fn(&QuestionId) -> bool) -> Vec<Unit<'a>> {
    t.answers
        .iter()
        .filter(|(q, _)| keep(q))
        .flat_map(|(_, u)| u.iter().copied())
        .collect()
}

fn dot(a: &[f32], b: &[f32]) -> f32 {
    a.iter().zip(b).map(|(x, y)| x * y).sum()
}

fn normalised_mean(rows: &[&[f32]]) -> Vec<f32> {
    let units: Vec<Unit<'_>> = rows.iter().map(|v| Unit { text: "", vector: v }).collect();
    mean_vector(&units).unwrap_or_default()
}

/// Infers stance where nobody decided it.
///
/// `decided[i]` holds response `i`'s declared and analyst judgements (analyst labels already
/// applied over declared ones); a pair whose camp there is not "no view" is never judged again.
/// Those judgements are also what the model learns from. `wording` holds the vector of each
/// proposal's own text; routing letters to proposals leans on it (it may be empty).
pub fn infer(
    consultation: &Consultation,
    wording: &BTreeMap<ProposalId, Vec<f32>>,
    texts: &[ResponseText<'_>],
    decided: &[BTreeMap<ProposalId, Judgement>],
    settings: &Settings,
) -> Inference {
    assert_eq!(texts.len(), decided.len(), "one set of judgements per response");
    let own_questions: BTreeMap<&ProposalId, Vec<&QuestionId>> = consultation
        .proposals
        .iter()
        .map(|p| {
            let qs = consultation
                .questions
                .iter()
                .filter(|q| {
                    q.kind == barometer_domain::QuestionKind::Open && q.proposal.as_ref() == Some(&p.id)
                })
                .map(|q| &q.id)
                .collect();
            (&p.id, qs)
        })
        .collect();
    let tied: Vec<&QuestionId> = own_questions.values().flatten().copied().collect();
    let units_on = |t, p: &ProposalId| units_answering(t, |q| own_questions[p].contains(&q));
    let general_units = |t| units_answering(t, |q| !tied.contains(&q));

    let mut inference = Inference {
        judgements: vec![BTreeMap::new(); texts.len()],
        ..Inference::default()
    };
    let mut models: BTreeMap<&ProposalId, StanceModel> = BTreeMap::new();
    let mut router_units: BTreeMap<ProposalId, Vec<&[f32]>> = BTreeMap::new();
    for p in &consultation.proposals {
        let mut x = Vec::new();
        let mut y = Vec::new();
        for (t, d) in texts.iter().zip(decided) {
            let units = units_on(t, &p.id);
            router_units
                .entry(p.id.clone())
                .or_default()
                .extend(units.iter().map(|u| u.vector));
            let label = d.get(&p.id).and_then(|j| stance_index(j.camp));
            if let (Some(label), Some(v)) = (label, mean_vector(&units)) {
                x.push(v);
                y.push(label);
            }
        }
        if let Some((model, quality)) = learn(&x, &y, settings) {
            models.insert(&p.id, model);
            inference.quality.insert(p.id.clone(), quality);
        }
    }
    let router = Router::learn(&router_units, wording);

    for (i, (t, d)) in texts.iter().zip(decided).enumerate() {
        let general = general_units(t);
        let mut routed: BTreeMap<&ProposalId, Vec<Unit<'_>>> = BTreeMap::new();
        if let Some(router) = &router {
            for u in &general {
                for p in router.route(u.vector, settings.route_min) {
                    routed.entry(p).or_default().push(*u);
                }
            }
        }
        for p in &consultation.proposals {
            if d.get(&p.id).is_some_and(|j| j.camp != Camp::NoView) {
                continue;
            }
            let Some(model) = models.get(&p.id) else {
                continue;
            };
            let mut passage = units_on(t, &p.id);
            // "See below." in a proposal's own box says nothing about it.
            if let Some(router) = &router {
                passage.retain(|u| router.on_topic(u.vector));
            }
            passage.extend(routed.remove(&p.id).unwrap_or_default());
            let Some(v) = mean_vector(&passage) else {
                continue;
            };
            let probs = model.probabilities(&v);
            let best = argmax(&probs);
            let mut sorted = probs;
            sorted.sort_by(|a, b| b.total_cmp(a));
            let evidence = passage
                .iter()
                .map(|u| (model.probabilities(u.vector)[best], u.text))
                .fold(None, |acc: Option<(f64, &str)>, (s, text)| match acc {
                    Some((bs, _)) if bs >= s => acc,
                    _ => Some((s, text)),
                })
                .map(|(_, text)| text.to_string());
            let camp = Camp::from(Some(STANCES[best]));
            let judgement = Judgement {
                camp,
                source: Some(StanceSource::Model),
                confidence: probs[best] as f32,
                evidence: evidence.clone(),
            };
            if probs[best] < settings.review_below {
                inference.review_queue.push(ReviewItem {
                    response: i,
                    proposal: p.id.clone(),
                    camp,
                    confidence: probs[best],
                    margin: sorted[0] - sorted[1],
                    evidence,
                });
            }
            inference.judgements[i].insert(p.id.clone(), judgement);
        }
    }
    inference.review_queue.sort_by(|a, b| {
        a.margin
            .total_cmp(&b.margin)
            .then(a.response.cmp(&b.response))
            .then(a.proposal.cmp(&b.proposal))
    });
    inference
}
