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
//!    judgement most strongly as evidence. A copy of a campaign's template is judged instead by
//!    the answer its members who ticked one agree on, when enough of them do: they sent the
//!    same words, and told us what they meant by them.
//!
//! Declared and analyst stances are never replaced: the model only fills pairs nobody decided.
//! A judgement whose calibrated confidence is below [`Settings::review_below`] goes to the review
//! queue, least certain first, where an analyst's label teaches the model most.

use crate::Judgement;
use crate::stance::shift;
use barometer_domain::{Camp, Consultation, ProposalId, QuestionId, Stance, StanceSource};
use barometer_maths::logistic::{Classifier, Options};
use barometer_maths::metrics::{accuracy, macro_f1};
use barometer_maths::temperature::{self, Scaling};
use barometer_maths::{argmax, centroid, dot};
use serde::Serialize;
use std::collections::{BTreeMap, HashMap};

/// One argument unit of a response's free text, with its sentence vector.
#[derive(Debug, Clone, Copy)]
pub struct Unit<'a> {
    /// The unit's words, quoted as evidence.
    pub text: &'a str,
    /// Its L2-normalised sentence vector.
    pub vector: &'a [f32],
}

/// What the encoder says about the consultation's own words, which routing leans on.
#[derive(Debug, Clone, Default)]
pub struct Reference {
    /// Each proposal's text, embedded. May be empty.
    pub wording: BTreeMap<ProposalId, Vec<f32>>,
    /// [`super::boilerplate::SENTENCES`], embedded: examples of letter text about no proposal.
    pub boilerplate: Vec<Vec<f32>>,
}

/// A response's free text, unit by unit, per open question answered.
#[derive(Debug, Clone, Default)]
pub struct ResponseText<'a> {
    /// The units of each answered open question, in the order they were written.
    pub answers: Vec<(QuestionId, Vec<Unit<'a>>)>,
    /// The campaign (group of copies of one template) the response belongs to, if any.
    pub campaign: Option<usize>,
    /// For a campaign member, the sentences it has that the template lacks (its sender's own
    /// words, as campaign detection found them by near-duplicate matching).
    pub own_words: Option<&'a str>,
}

/// How inference behaves.
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct Settings {
    /// Below this calibrated confidence a model judgement is queued for an analyst.
    pub review_below: f64,
    /// A unit reaches every proposal the routing model gives at least this, so one sentence can
    /// speak to two proposals ("no profit from child protection" is about delegation and about
    /// companies). On the demo's gold labels 0.3–0.45 all score macro-F1 0.80–0.81: see
    /// docs/ACCURACY.md before changing it.
    pub route_min: f64,
    /// Folds of the cross-validation that chooses `C`, measures accuracy and calibrates.
    pub folds: usize,
    /// The smallest number of labelled respondents, with two stances or more, to learn from.
    pub min_examples: usize,
    /// Below this many labelled respondents, a proposal's learned model is compared, by
    /// cross-validation on those respondents, with the stance prior moved by their labels; the
    /// better reads the proposal ([`Inference::compare_with_prior`]).
    pub compare_below: usize,
}

impl Default for Settings {
    fn default() -> Self {
        Settings {
            review_below: 0.6,
            route_min: 0.4,
            folds: 5,
            min_examples: 10,
            compare_below: 40,
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
    /// The camp the response is counted in now: what accepting the item confirms.
    pub camp: Camp,
    /// The calibrated confidence of that camp.
    pub confidence: f64,
    /// The gap between the two most likely stances: small means the label teaches most.
    pub margin: f64,
    /// The passage judged.
    pub evidence: Option<String>,
    /// Why it is queued.
    pub reason: ReviewReason,
    /// How many responses' stances one label here decides: every copy of a campaign for a
    /// template, the near neighbours for a representative, and 1 otherwise.
    pub settles: usize,
    /// Another reading to weigh against `camp`: for a campaign member, what their own added
    /// words read as.
    pub alternative: Option<Camp>,
}

/// Why a judgement went to the review queue.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
#[serde(rename_all = "snake_case")]
pub enum ReviewReason {
    /// A campaign's template on a proposal nobody has decided for it: one label settles every
    /// copy.
    CampaignTemplate,
    /// The most typical of a group of similar responses on a proposal with few or no declared
    /// stances: its label is read as evidence for the group.
    Representative,
    /// The model is unsure.
    Uncertain,
    /// A campaign member is counted with the campaign, but the words they added themselves
    /// read the other way: only an analyst should move them.
    OwnWordsDiffer,
    /// Written in a language the sentence encoder does not read: nothing was inferred from
    /// it, so only an analyst can read its stance.
    OtherLanguage,
}

/// How the model reads a campaign member's own added words on one proposal.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct OwnWordsReading {
    /// Index of the response in the input.
    pub response: usize,
    /// The campaign, as in [`ResponseText::campaign`].
    pub campaign: usize,
    /// The proposal.
    pub proposal: ProposalId,
    /// The model's reading of the added words alone.
    pub camp: Camp,
    /// Its calibrated confidence.
    pub confidence: f64,
    /// Whether that reading is the campaign's.
    pub agrees_with_campaign: bool,
    /// Whether it differs confidently enough to be queued for an analyst.
    pub queued: bool,
    /// The added sentence that carries it.
    pub evidence: String,
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
    /// Campaign members' own added words that speak to a proposal the campaign's vote decided,
    /// read on their own. They never change the member's counted stance (one confident sentence
    /// beside a whole template is weak evidence, and on the demo such overrides were wrong); a
    /// confident reading against the campaign goes to the review queue instead.
    pub own_words: Vec<OwnWordsReading>,
    /// Pairs with a passage about a proposal that has no model (too few respondents declared a
    /// stance on it), left for the stance prior ([`apply_prior`]).
    pub without_model: Vec<Unread>,
    /// Labelled passages of the proposals in `without_model`.
    pub cold_examples: ColdExamples,
    /// Proposals with a learned model but fewer than [`Settings::compare_below`] labelled
    /// respondents: their labelled passages, for comparing the model with the prior.
    pub compare_with_prior: BTreeMap<ProposalId, Vec<LabelledPassage>>,
    /// Per campaign and proposal, the camp an analyst gave its template (or the members who
    /// ticked agree on), with which its copies are counted.
    pub campaign_camps: BTreeMap<(usize, ProposalId), Camp>,
}

/// A passage about a proposal that no proposal model could read.
#[derive(Debug, Clone, PartialEq)]
pub struct Unread {
    /// The response (index into the input).
    pub response: usize,
    /// The proposal.
    pub proposal: ProposalId,
    /// The passage's units, in order.
    pub passage: Vec<String>,
    /// The normalised mean of the passage's unit vectors.
    pub vector: Vec<f32>,
    /// The campaign the response copies, if any.
    pub campaign: Option<usize>,
}

/// A labelled respondent's passage on a proposal.
#[derive(Debug, Clone, PartialEq)]
pub struct LabelledPassage {
    /// Its units, in order.
    pub passage: Vec<String>,
    /// The normalised mean of their vectors.
    pub vector: Vec<f32>,
    /// Its stance index (0 for, 1 against, 2 undecided).
    pub label: usize,
}

/// What analysts (and the few respondents who ticked a box) said about a proposal too few
/// declared a stance on to learn a model: its labelled passages. [`apply_prior`] reads the
/// prior's judgements of the proposal in their light.
pub type ColdExamples = BTreeMap<ProposalId, Vec<LabelledPassage>>;

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
    Some(centroid(dim, units.iter().map(|u| u.vector)))
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

/// The classifier's probabilities tempered as [`fit_temperature`] fitted them, by stance index;
/// a stance it never saw gets 0.
fn calibrated(classifier: &Classifier, x: &[f32], temperature: f64) -> [f64; 3] {
    let raw = classifier.probabilities(x);
    let mut out = [0.0; 3];
    for (p, &class) in CALIBRATION
        .apply(&raw, temperature)
        .into_iter()
        .zip(classifier.classes())
    {
        out[class] = p;
    }
    out
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
    let predicted = |raw: &[Vec<f64>]| -> Vec<usize> { raw.iter().map(|p| argmax(p)).collect() };
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
    let accuracy = accuracy(y, &predicted(&raw));
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

/// How stance probabilities are tempered: a stance a fold's model never saw keeps a sliver.
const CALIBRATION: Scaling = Scaling::Power;

/// The temperature that minimises the out-of-fold negative log-likelihood, on a fixed grid
/// (0.4 to 3.4 by 0.1). Balanced class weights make raw probabilities over-confident on rare
/// classes; this undoes the overall over- or under-confidence, which is what the review
/// threshold relies on.
fn fit_temperature(raw: &[Vec<f64>], y: &[usize]) -> f64 {
    let grid = (0..=30).map(|i| 0.4 + 0.1 * i as f64);
    temperature::fit(raw, y, grid, CALIBRATION)
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
    fn learn(by_proposal: &BTreeMap<ProposalId, Vec<&[f32]>>, reference: &Reference) -> Option<Router> {
        let proposals: Vec<ProposalId> = by_proposal
            .iter()
            .filter(|(_, units)| !units.is_empty())
            .map(|(p, _)| p.clone())
            .collect();
        if proposals.len() < 2 {
            return None;
        }
        let wording: Vec<Vec<f32>> = proposals
            .iter()
            .filter_map(|p| reference.wording.get(p).cloned())
            .collect();
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
        // One more class: text about none of the proposals. Its units take part in neither the
        // centroids nor the off-topic threshold, which describe genuine answers.
        let none = router.proposals.len();
        rows.extend(reference.boilerplate.iter().map(|u| router.features(u)));
        labels.extend(std::iter::repeat_n(none, reference.boilerplate.len()));
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

    /// Whether a unit reads most like the conventions that argue nothing (courtesies, pointers
    /// elsewhere, sign-offs) rather than like any proposal's answers.
    fn is_boilerplate(&self, unit: &[f32]) -> bool {
        let p = self.classifier.probabilities(&self.features(unit));
        let none = self.proposals.len();
        let classes = self.classifier.classes();
        let score = |class: usize| classes.iter().position(|&c| c == class).map_or(0.0, |i| p[i]);
        (0..none).all(|class| score(none) > score(class))
    }

    /// The proposal a unit reads most like, when it is on topic and the classifier gives that
    /// proposal at least `route_min`.
    fn best(&self, unit: &[f32], route_min: f64) -> Option<&ProposalId> {
        if !self.on_topic(unit) {
            return None;
        }
        let p = self.classifier.probabilities(&self.features(unit));
        let (&class, &q) = self
            .classifier
            .classes()
            .iter()
            .zip(&p)
            .max_by(|a, b| a.1.total_cmp(b.1))?;
        (q >= route_min && class < self.proposals.len()).then(|| &self.proposals[class])
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
            // The last class, text about no proposal, routes nowhere.
            .filter(|&(&class, q)| q >= route_min && class < self.proposals.len())
            .map(|(&class, _)| &self.proposals[class])
            .collect()
    }
}

/// The fewest words a unit in one proposal's box needs before it may also count for another
/// proposal. A bare reply ("No way.", "Yes, definitely.") names no topic, so which proposal it
/// reads most like is noise; a sentence of a pasted letter is longer.
const CROSS_BOX_MIN_WORDS: usize = 6;

/// How sure the model must be of a campaign member's own words, against the campaign's vote,
/// to ask an analyst about that member.
const OWN_WORDS_DISSENT: f64 = 0.8;

/// The confidence of a campaign copy counted by the camp analysts gave its template: they read
/// the words, but not this copy's.
const ANALYST_TEMPLATE_CONFIDENCE: f64 = 0.95;

/// Whether a campaign's members who ticked an answer agree enough to speak for the rest: at
/// least three of them, and three in four on one side.
fn agreed(votes: &[usize; 3]) -> bool {
    let n: usize = votes.iter().sum();
    n >= 3 && votes.iter().any(|&k| 4 * k >= 3 * n)
}

/// The units of the answers whose question passes `keep`, in order.
fn units_answering<'a>(t: &ResponseText<'a>, keep: impl Fn(&QuestionId) -> bool) -> Vec<Unit<'a>> {
    t.answers
        .iter()
        .filter(|(q, _)| keep(q))
        .flat_map(|(_, u)| u.iter().copied())
        .collect()
}

/// The normalised mean of `rows` (empty when there are none).
fn normalised_mean(rows: &[&[f32]]) -> Vec<f32> {
    rows.first()
        .map_or_else(Vec::new, |first| centroid(first.len(), rows.iter().copied()))
}

/// Infers stance where nobody decided it.
///
/// `decided[i]` holds response `i`'s declared and analyst judgements (analyst labels already
/// applied over declared ones); a pair whose camp there is not "no view" is never judged again.
/// Those judgements are also what the model learns from. `reference` holds vectors of each
/// proposal's own text and of letter boilerplate; routing letters to proposals leans on them.
pub fn infer(
    consultation: &Consultation,
    reference: &Reference,
    texts: &[ResponseText<'_>],
    decided: &[BTreeMap<ProposalId, Judgement>],
    settings: &Settings,
) -> Inference {
    infer_with(
        consultation,
        reference,
        texts,
        decided,
        settings,
        &Default::default(),
    )
}

/// [`infer`], with the proposals in `by_prior` read by the stance prior and their labels
/// (through [`apply_prior`]) even where enough respondents declared a stance to learn a model:
/// for the proposals where cross-validation preferred that.
pub fn infer_with(
    consultation: &Consultation,
    reference: &Reference,
    texts: &[ResponseText<'_>],
    decided: &[BTreeMap<ProposalId, Judgement>],
    settings: &Settings,
    by_prior: &std::collections::BTreeSet<ProposalId>,
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
    let mut router_units: BTreeMap<ProposalId, Vec<&[f32]>> = BTreeMap::new();
    for p in &consultation.proposals {
        let units = router_units.entry(p.id.clone()).or_default();
        for t in texts {
            units.extend(units_on(t, &p.id).iter().map(|u| u.vector));
        }
    }
    let router = Router::learn(&router_units, reference);
    // Where a sentence was written as a letter or general comment, the proposals it is routed
    // to (each distinct sentence routed once). The same sentence pasted into a proposal's box
    // speaks to them too: a campaign letter that some senders put in the first box and others
    // sent as a letter.
    let mut routed_as_letter: HashMap<&str, Vec<&ProposalId>> = HashMap::new();
    if let Some(router) = &router {
        for t in texts {
            for u in general_units(t) {
                routed_as_letter
                    .entry(u.text.trim())
                    .or_insert_with(|| router.route(u.vector, settings.route_min));
            }
        }
    }
    // Each response's passages per proposal: its own box's on-topic units, and the units of its
    // general answers ("anything else", a letter) that route there.
    let passages: Vec<BTreeMap<&ProposalId, Vec<Unit<'_>>>> = texts
        .iter()
        .map(|t| {
            let mut out: BTreeMap<&ProposalId, Vec<Unit<'_>>> = BTreeMap::new();
            for p in &consultation.proposals {
                let mut own = units_on(t, &p.id);
                // "See below." or "Thank you for asking." in a proposal's own box says nothing
                // about it.
                if let Some(router) = &router {
                    own.retain(|u| router.on_topic(u.vector) && !router.is_boilerplate(u.vector));
                }
                out.insert(&p.id, own);
            }
            if let Some(router) = &router {
                for u in general_units(t) {
                    for &p in &routed_as_letter[u.text.trim()] {
                        out.entry(p).or_default().push(u);
                    }
                }
                // A letter pasted into one proposal's box speaks to the others too: a unit there
                // that reads most like another proposal's answers counts for that one as well.
                let mut elsewhere: Vec<(&ProposalId, Unit<'_>)> = Vec::new();
                for (box_of, units) in &out {
                    for u in units {
                        if u.text.split_whitespace().count() < CROSS_BOX_MIN_WORDS {
                            continue;
                        }
                        let as_letter = routed_as_letter.get(u.text.trim()).into_iter().flatten().copied();
                        for q in as_letter.chain(router.best(u.vector, settings.route_min)) {
                            if q != *box_of {
                                elsewhere.push((q, *u));
                            }
                        }
                    }
                }
                for (q, u) in elsewhere {
                    let passage = out.entry(q).or_default();
                    if !passage.iter().any(|v| std::ptr::eq(v.text, u.text)) {
                        passage.push(u);
                    }
                }
            }
            out
        })
        .collect();

    // Declared stances teach through the respondent's own explanation of that answer; analysts'
    // labels through whatever passage of the response speaks to the proposal, letters included.
    let mut models: BTreeMap<&ProposalId, StanceModel> = BTreeMap::new();
    for p in &consultation.proposals {
        let mut x = Vec::new();
        let mut y = Vec::new();
        let mut labelled_texts = Vec::new();
        for ((t, d), passage) in texts.iter().zip(decided).zip(&passages) {
            let Some(j) = d.get(&p.id) else { continue };
            // Options typed into a box are readings already, not lessons in how people write.
            if j.source == Some(StanceSource::Model) {
                continue;
            }
            let Some(label) = stance_index(j.camp) else {
                continue;
            };
            let units = match j.source {
                Some(StanceSource::Analyst) => passage[&p.id].clone(),
                _ => units_on(t, &p.id),
            };
            if let Some(v) = mean_vector(&units) {
                x.push(v);
                y.push(label);
                labelled_texts.push(units.iter().map(|u| u.text.to_string()).collect::<Vec<_>>());
            }
        }
        let learned = if by_prior.contains(&p.id) {
            None
        } else {
            learn(&x, &y, settings)
        };
        if let Some((model, quality)) = learned {
            models.insert(&p.id, model);
            inference.quality.insert(p.id.clone(), quality);
            if x.len() < settings.compare_below {
                let labelled = labelled_passages(labelled_texts, x, y);
                inference.compare_with_prior.insert(p.id.clone(), labelled);
            }
        } else if !x.is_empty() {
            let labelled = labelled_passages(labelled_texts, x, y);
            inference.cold_examples.insert(p.id.clone(), labelled);
        }
    }

    // Copies of one template say the same thing: an analyst's label on one copy, or the answer
    // enough of its members ticked and agree on, is the best reading of every copy.
    let mut declared_votes: BTreeMap<(usize, &ProposalId), [usize; 3]> = BTreeMap::new();
    let mut analyst_votes: BTreeMap<(usize, &ProposalId), [usize; 3]> = BTreeMap::new();
    for (t, d) in texts.iter().zip(decided) {
        let Some(g) = t.campaign else { continue };
        for (p, j) in d {
            let votes = match j.source {
                Some(StanceSource::Analyst) => &mut analyst_votes,
                Some(StanceSource::Declared) => &mut declared_votes,
                _ => continue,
            };
            if let Some(k) = stance_index(j.camp) {
                votes.entry((g, p)).or_default()[k] += 1;
            }
        }
    }
    let campaign_probs = |g: usize, p: &ProposalId| -> Option<[f64; 3]> {
        if let Some(v) = analyst_votes.get(&(g, p)) {
            let n: usize = v.iter().sum();
            // Analysts who read copies of one template and agree speak for it; where they
            // disagree, each copy is read on its own.
            return v.iter().position(|&k| k == n).map(|k| {
                let mut probs = [0.025; 3];
                probs[k] = ANALYST_TEMPLATE_CONFIDENCE;
                probs
            });
        }
        let v = declared_votes.get(&(g, p))?;
        let n: usize = v.iter().sum();
        agreed(v).then(|| v.map(|k| (k + 1) as f64 / (n + 3) as f64))
    };
    for ((g, p), _) in analyst_votes.iter().chain(&declared_votes) {
        if let Some(probs) = campaign_probs(*g, p) {
            inference
                .campaign_camps
                .insert((*g, (*p).clone()), Camp::from(Some(STANCES[argmax(&probs)])));
        }
    }

    for (i, (d, passages)) in decided.iter().zip(passages).enumerate() {
        for p in &consultation.proposals {
            // A declared or labelled camp stands; so does an analyst's "no view" (a label, not
            // a gap): only a pair nobody decided is read by a model.
            if d.get(&p.id)
                .is_some_and(|j| j.camp != Camp::NoView || j.source == Some(StanceSource::Analyst))
            {
                continue;
            }
            let passage = &passages[&p.id];
            // Only copies that address the proposal at all follow their campaign (a copy that
            // dropped the paragraph about it keeps "no view").
            let campaign = texts[i].campaign.and_then(|g| campaign_probs(g, &p.id));
            let Some(model) = models.get(&p.id) else {
                let Some(v) = mean_vector(passage) else {
                    continue;
                };
                if let Some(probs) = campaign {
                    let best = argmax(&probs);
                    inference.judgements[i].insert(
                        p.id.clone(),
                        Judgement {
                            camp: Camp::from(Some(STANCES[best])),
                            source: Some(StanceSource::Model),
                            confidence: probs[best] as f32,
                            evidence: passage.first().map(|u| u.text.to_string()),
                        },
                    );
                } else {
                    inference.without_model.push(Unread {
                        response: i,
                        proposal: p.id.clone(),
                        passage: passage.iter().map(|u| u.text.to_string()).collect(),
                        vector: v,
                        campaign: texts[i].campaign,
                    });
                }
                continue;
            };
            let Some(v) = mean_vector(passage) else {
                continue;
            };
            let probs = campaign.unwrap_or_else(|| model.probabilities(&v));
            let campaign_decided = campaign.is_some();
            if let (true, Some(g), Some(own)) = (campaign_decided, texts[i].campaign, texts[i].own_words) {
                let mine: Vec<Unit<'_>> = passage
                    .iter()
                    .filter(|u| !u.text.trim().is_empty() && own.contains(u.text.trim()))
                    .copied()
                    .collect();
                if let Some(w) = mean_vector(&mine) {
                    let q = model.probabilities(&w);
                    let k = argmax(&q);
                    let evidence = mine
                        .iter()
                        .map(|u| (model.probabilities(u.vector)[k], u.text))
                        .fold(
                            (f64::MIN, ""),
                            |best, cur| if cur.0 > best.0 { cur } else { best },
                        )
                        .1
                        .to_string();
                    let agrees = k == argmax(&probs);
                    let queued = !agrees && q[k] >= OWN_WORDS_DISSENT;
                    if queued {
                        // The item shows the camp the member is counted in, so that accepting
                        // it confirms the count; their own words' reading is the alternative.
                        let counted = argmax(&probs);
                        inference.review_queue.push(ReviewItem {
                            response: i,
                            proposal: p.id.clone(),
                            camp: Camp::from(Some(STANCES[counted])),
                            confidence: probs[counted],
                            margin: 0.0,
                            evidence: Some(evidence.clone()),
                            reason: ReviewReason::OwnWordsDiffer,
                            settles: 1,
                            alternative: Some(Camp::from(Some(STANCES[k]))),
                        });
                    }
                    inference.own_words.push(OwnWordsReading {
                        response: i,
                        campaign: g,
                        proposal: p.id.clone(),
                        camp: Camp::from(Some(STANCES[k])),
                        confidence: q[k],
                        agrees_with_campaign: agrees,
                        queued,
                        evidence,
                    });
                }
            }
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
                    reason: ReviewReason::Uncertain,
                    settles: 1,
                    alternative: None,
                });
            }
            inference.judgements[i].insert(p.id.clone(), judgement);
        }
    }
    sort_queue(&mut inference.review_queue);
    inference
}

/// Labelled passages from their units' texts, mean vectors and stance indices, in order.
fn labelled_passages(texts: Vec<Vec<String>>, x: Vec<Vec<f32>>, y: Vec<usize>) -> Vec<LabelledPassage> {
    texts
        .into_iter()
        .zip(x)
        .zip(y)
        .map(|((passage, vector), label)| LabelledPassage {
            passage,
            vector,
            label,
        })
        .collect()
}

/// Orders the review queue by what one label settles: campaign templates and representatives
/// of large groups first, the most responses first; then dissenting campaign members (each is
/// one respondent the counts may misplace); then the smallest margin between the two likeliest
/// camps, the least certain first.
pub fn sort_queue(queue: &mut [ReviewItem]) {
    queue.sort_by(|a, b| {
        b.settles
            .cmp(&a.settles)
            .then((a.reason == ReviewReason::Uncertain).cmp(&(b.reason == ReviewReason::Uncertain)))
            .then(a.margin.total_cmp(&b.margin))
            .then(a.response.cmp(&b.response))
            .then(a.proposal.cmp(&b.proposal))
    });
}

/// The stance prior's reading of one [`Unread`] passage: P(for, against, undecided) of the
/// whole passage, and of each of its units in order (for choosing the evidence).
#[derive(Debug, Clone, PartialEq)]
pub struct PriorReading {
    /// Of the whole passage.
    pub passage: [f64; 3],
    /// Of each unit; may be empty when the passage is one unit.
    pub units: Vec<[f64; 3]>,
}

/// Judges the pairs no proposal model could (`inference.without_model`, in order) from the
/// stance prior's readings, adapted to each proposal by its labels
/// ([`Inference::cold_examples`]): shifted towards the camps its labels lean to
/// ([`shift::camp_shift`], fitted on `labelled`, the prior's readings of those labelled
/// passages, in order), then moved towards the labels of passages that read like it. The
/// likeliest camp, its probability as the confidence, the unit read most strongly that way as
/// evidence, and the review queue below `review_below`.
///
/// Then it asks the analyst what settles most, for these proposals have few or no declared
/// stances to learn from: each campaign's template (one label settles every copy), and the
/// most typical response of each group of similar ones.
pub fn apply_prior(
    inference: &mut Inference,
    readings: &[PriorReading],
    labelled: &BTreeMap<ProposalId, Vec<[f64; 3]>>,
    settings: &Settings,
) {
    assert_eq!(
        readings.len(),
        inference.without_model.len(),
        "one reading per unread pair"
    );
    let shifts: BTreeMap<&ProposalId, [f64; 3]> = inference
        .cold_examples
        .iter()
        .map(|(p, examples)| {
            let prior = labelled.get(p).map_or(&[][..], Vec::as_slice);
            assert_eq!(prior.len(), examples.len(), "one reading per labelled passage");
            let labels: Vec<usize> = examples.iter().map(|e| e.label).collect();
            (p, shift::camp_shift(prior, &labels))
        })
        .collect();
    let mut read: Vec<(usize, [f64; 3], Camp)> = Vec::with_capacity(readings.len());
    for (unread, reading) in inference.without_model.iter().zip(readings) {
        let examples = inference
            .cold_examples
            .get(&unread.proposal)
            .map_or(&[][..], Vec::as_slice);
        let prior = match shifts.get(&unread.proposal) {
            Some(shift) => shift::apply_shift(reading.passage, shift),
            None => reading.passage,
        };
        let probs = with_neighbours(prior, &unread.vector, examples);
        let best = argmax(&probs);
        let mut sorted = probs;
        sorted.sort_by(|a, b| b.total_cmp(a));
        let evidence = if reading.units.is_empty() {
            unread.passage.first().cloned()
        } else {
            unread
                .passage
                .iter()
                .zip(&reading.units)
                .fold(None, |acc: Option<(f64, &String)>, (text, p)| match acc {
                    Some((bs, _)) if bs >= p[best] => acc,
                    _ => Some((p[best], text)),
                })
                .map(|(_, text)| text.clone())
        };
        let camp = Camp::from(Some(STANCES[best]));
        read.push((best, probs, camp));
        if probs[best] < settings.review_below {
            inference.review_queue.push(ReviewItem {
                response: unread.response,
                proposal: unread.proposal.clone(),
                camp,
                confidence: probs[best],
                margin: sorted[0] - sorted[1],
                evidence: evidence.clone(),
                reason: ReviewReason::Uncertain,
                settles: 1,
                alternative: None,
            });
        }
        inference.judgements[unread.response].insert(
            unread.proposal.clone(),
            Judgement {
                camp,
                source: Some(StanceSource::Model),
                confidence: probs[best] as f32,
                evidence,
            },
        );
    }
    let questions = cold_start_questions(inference, &read);
    // A question asked already as "least certain" is asked once, as what it settles.
    inference.review_queue.retain(|item| {
        !questions
            .iter()
            .any(|q| q.response == item.response && q.proposal == item.proposal)
    });
    inference.review_queue.extend(questions);
    sort_queue(&mut inference.review_queue);
}

/// Out-of-fold macro-F1 of the prior adapted by labels, on labelled passages: each passage's
/// prior reading (`prior[i]`) shifted and moved by the labels of all the others, as
/// [`apply_prior`] would read it.
pub fn prior_cross_validated(labelled: &[LabelledPassage], prior: &[[f64; 3]]) -> f64 {
    let predicted: Vec<usize> = (0..labelled.len())
        .map(|i| {
            let others: Vec<LabelledPassage> = labelled
                .iter()
                .enumerate()
                .filter(|&(k, _)| k != i)
                .map(|(_, e)| e.clone())
                .collect();
            let (other_prior, other_labels): (Vec<[f64; 3]>, Vec<usize>) = (0..labelled.len())
                .filter(|&k| k != i)
                .map(|k| (prior[k], labelled[k].label))
                .unzip();
            let shifted = shift::apply_shift(prior[i], &shift::camp_shift(&other_prior, &other_labels));
            argmax(&with_neighbours(shifted, &labelled[i].vector, &others))
        })
        .collect();
    let gold: Vec<usize> = labelled.iter().map(|l| l.label).collect();
    macro_f1(&gold, &predicted)
}

/// How far a labelled passage's stance reaches: passages whose vectors' cosine is below this
/// are not moved by it.
const NEIGHBOUR_FROM: f64 = 0.7;
/// How strongly an identical labelled passage moves a reading (log-odds added to its camp).
const NEIGHBOUR_WEIGHT: f64 = 3.0;
/// Passages at least this similar form one group whose representative the analyst is asked.
const GROUP_COSINE: f64 = 0.8;
/// The smallest group worth a question of its own.
const GROUP_MIN: usize = 3;
/// Most groups formed per proposal (grouping compares each passage with each group's leader).
const GROUPS_MAX: usize = 500;

/// The prior's probabilities moved towards the labels of similar passages: each adds up to
/// [`NEIGHBOUR_WEIGHT`] to its stance's log-odds, falling with the square of the distance
/// from identical to [`NEIGHBOUR_FROM`].
pub fn with_neighbours(prior: [f64; 3], vector: &[f32], examples: &[LabelledPassage]) -> [f64; 3] {
    if examples.is_empty() {
        return prior;
    }
    let mut logits = prior.map(|p| p.max(1e-6).ln());
    for e in examples {
        let cos = f64::from(dot(vector, &e.vector));
        if cos > NEIGHBOUR_FROM {
            let reach = (cos - NEIGHBOUR_FROM) / (1.0 - NEIGHBOUR_FROM);
            logits[e.label] += NEIGHBOUR_WEIGHT * reach * reach;
        }
    }
    let top = logits.iter().copied().fold(f64::MIN, f64::max);
    let exp = logits.map(|l| (l - top).exp());
    let sum: f64 = exp.iter().sum();
    exp.map(|e| e / sum)
}

/// The questions that settle most on proposals read by the prior: one per campaign (its member
/// nearest the campaign's centre, settling every copy), then one per group of similar
/// independent passages not already near a labelled one (its leader, settling the group).
fn cold_start_questions(inference: &Inference, read: &[(usize, [f64; 3], Camp)]) -> Vec<ReviewItem> {
    let mut out = Vec::new();
    let mut by_proposal: BTreeMap<&ProposalId, Vec<usize>> = BTreeMap::new();
    for (k, u) in inference.without_model.iter().enumerate() {
        by_proposal.entry(&u.proposal).or_default().push(k);
    }
    let item = |k: usize, reason, settles| {
        let u = &inference.without_model[k];
        let (best, probs, camp) = read[k];
        let mut sorted = probs;
        sorted.sort_by(|a, b| b.total_cmp(a));
        let judged = &inference.judgements[u.response][&u.proposal];
        ReviewItem {
            response: u.response,
            proposal: u.proposal.clone(),
            camp,
            confidence: probs[best],
            margin: sorted[0] - sorted[1],
            evidence: judged.evidence.clone(),
            reason,
            settles,
            alternative: None,
        }
    };
    for (p, members) in by_proposal {
        let labelled = inference.cold_examples.get(p).map_or(&[][..], Vec::as_slice);
        let mut campaigns: BTreeMap<usize, Vec<usize>> = BTreeMap::new();
        let mut independent = Vec::new();
        for &k in &members {
            match inference.without_model[k].campaign {
                Some(g) => campaigns.entry(g).or_default().push(k),
                None => independent.push(k),
            }
        }
        for copies in campaigns.values().filter(|c| c.len() >= 2) {
            let vectors = copies
                .iter()
                .map(|&k| inference.without_model[k].vector.as_slice());
            let centre = centroid(inference.without_model[copies[0]].vector.len(), vectors);
            let nearest = copies
                .iter()
                .copied()
                .max_by(|&a, &b| {
                    dot(&inference.without_model[a].vector, &centre)
                        .total_cmp(&dot(&inference.without_model[b].vector, &centre))
                        .then(b.cmp(&a))
                })
                .expect("a campaign has copies");
            out.push(item(nearest, ReviewReason::CampaignTemplate, copies.len()));
        }
        // Leader grouping: each passage joins the first group whose leader it resembles.
        let mut groups: Vec<(usize, usize)> = Vec::new();
        for &k in &independent {
            let v = &inference.without_model[k].vector;
            let joined = groups.iter().position(|(leader, _)| {
                f64::from(dot(v, &inference.without_model[*leader].vector)) >= GROUP_COSINE
            });
            match joined {
                Some(g) => groups[g].1 += 1,
                None if groups.len() < GROUPS_MAX => groups.push((k, 1)),
                None => {}
            }
        }
        for (leader, size) in groups {
            let v = &inference.without_model[leader].vector;
            let answered = labelled
                .iter()
                .any(|w| f64::from(dot(v, &w.vector)) >= GROUP_COSINE);
            if size >= GROUP_MIN && !answered {
                out.push(item(leader, ReviewReason::Representative, size));
            }
        }
    }
    out
}

#[cfg(test)]
pub(crate) mod tests {
    use super::*;
    use barometer_domain::Consultation;

    /// Two proposals, each with a closed question and the open one that explains it, and a
    /// general question.
    pub(crate) const DEFINITION: &str = r#"
title = "T"
organisation = "O"
opens = 2014-04-01
closes = 2014-07-01
[[proposals]]
id = "A"
text = "Do A"
[[proposals]]
id = "B"
text = "Do B"
[[questions]]
id = "QA"
kind = "closed"
proposal = "A"
text = "A?"
scale = "agree5"
[[questions]]
id = "QA_why"
kind = "open"
proposal = "A"
explains = "QA"
text = "Why?"
[[questions]]
id = "QB"
kind = "closed"
proposal = "B"
text = "B?"
scale = "agree5"
[[questions]]
id = "QB_why"
kind = "open"
proposal = "B"
explains = "QB"
text = "Why?"
[[questions]]
id = "Q_else"
kind = "open"
text = "Anything else?"
"#;

    /// Dimensions: 0 topic A, 1 topic B, 2 for, 3 against, 4 undecided, 5..8 noise.
    const DIM: usize = 9;

    struct Noise(u64);
    impl Noise {
        fn next(&mut self) -> f32 {
            self.0 = self
                .0
                .wrapping_mul(6364136223846793005)
                .wrapping_add(1442695040888963407);
            ((self.0 >> 33) as f32 / (1u64 << 31) as f32) - 0.5
        }
    }

    fn unit(topic: usize, stance: usize, noise: &mut Noise) -> Vec<f32> {
        let mut v = [0f32; DIM];
        v[topic] = 1.0;
        v[2 + stance] = 0.8;
        v[5..].iter_mut().for_each(|x| *x = 0.4 * noise.next());
        v[..5].iter_mut().for_each(|x| *x += 0.1 * noise.next());
        let n = v.iter().map(|x| x * x).sum::<f32>().sqrt();
        v.iter().map(|x| x / n).collect()
    }

    fn declared(camp: Camp) -> Judgement {
        Judgement {
            camp,
            source: Some(StanceSource::Declared),
            confidence: 1.0,
            evidence: None,
        }
    }

    const CAMPS: [Camp; 3] = [Camp::For, Camp::Against, Camp::Undecided];

    /// 60 respondents ticked and explained both proposals, then: one wrote only in A's box
    /// (for), one wrote a letter against B, one ticked A "for" but wrote against it.
    type Answers = Vec<(QuestionId, Vec<Vec<f32>>)>;

    fn world() -> (Consultation, Vec<Answers>, Vec<BTreeMap<ProposalId, Judgement>>) {
        let c = Consultation::parse(DEFINITION).unwrap();
        let mut noise = Noise(7);
        let (a, b) = (ProposalId("A".into()), ProposalId("B".into()));
        let mut texts = Vec::new();
        let mut decided = Vec::new();
        for i in 0..60 {
            let (sa, sb) = (i % 3, (i / 3) % 3);
            texts.push(vec![
                (
                    QuestionId("QA_why".into()),
                    vec![unit(0, sa, &mut noise), unit(0, sa, &mut noise)],
                ),
                (QuestionId("QB_why".into()), vec![unit(1, sb, &mut noise)]),
            ]);
            decided.push(BTreeMap::from([
                (a.clone(), declared(CAMPS[sa])),
                (b.clone(), declared(CAMPS[sb])),
            ]));
        }
        let none = || {
            BTreeMap::from([
                (a.clone(), Judgement::no_view()),
                (b.clone(), Judgement::no_view()),
            ])
        };
        texts.push(vec![(QuestionId("QA_why".into()), vec![unit(0, 0, &mut noise)])]);
        decided.push(none());
        texts.push(vec![(
            QuestionId("Q_else".into()),
            vec![unit(1, 1, &mut noise), unit(1, 1, &mut noise)],
        )]);
        decided.push(none());
        texts.push(vec![(QuestionId("QA_why".into()), vec![unit(0, 1, &mut noise)])]);
        decided.push(BTreeMap::from([
            (a.clone(), declared(Camp::For)),
            (b.clone(), Judgement::no_view()),
        ]));
        (c, texts, decided)
    }

    fn run(settings: &Settings) -> (Inference, Vec<BTreeMap<ProposalId, Judgement>>) {
        let (c, raw, decided) = world();
        run_on(&c, &raw, decided, &[], &[], settings)
    }

    thread_local! {
        /// Texts a test gives particular units, by (response, unit).
        static TEXTS: std::cell::RefCell<HashMap<(usize, usize), &'static str>> =
            std::cell::RefCell::new(HashMap::new());
    }

    /// The text of response `i`'s unit `k`: what the test set, or its name, "r<i>u<k>", then
    /// words enough to read as a sentence rather than a bare reply.
    fn unit_text(i: usize, k: usize) -> &'static str {
        TEXTS
            .with(|t| t.borrow().get(&(i, k)).copied())
            .unwrap_or_else(|| Box::leak(format!("r{i}u{k} is one sentence of an answer").into_boxed_str()))
    }

    /// Runs inference; `campaigns[i]` is response `i`'s campaign (missing means none).
    fn run_on(
        c: &Consultation,
        raw: &[Answers],
        decided: Vec<BTreeMap<ProposalId, Judgement>>,
        campaigns: &[Option<usize>],
        own_words: &[Option<&'static str>],
        settings: &Settings,
    ) -> (Inference, Vec<BTreeMap<ProposalId, Judgement>>) {
        let texts: Vec<ResponseText<'_>> = raw
            .iter()
            .enumerate()
            .map(|(i, answers)| ResponseText {
                campaign: campaigns.get(i).copied().flatten(),
                own_words: own_words.get(i).copied().flatten(),
                answers: answers
                    .iter()
                    .map(|(q, units)| {
                        // Each unit's text names it, so own words can pick units out.
                        let units = units
                            .iter()
                            .enumerate()
                            .map(|(k, v)| Unit {
                                text: unit_text(i, k),
                                vector: v,
                            })
                            .collect();
                        (q.clone(), units)
                    })
                    .collect(),
            })
            .collect();
        let mut wording = BTreeMap::new();
        let e = |d: usize| {
            (0..DIM)
                .map(|k| if k == d { 1.0 } else { 0.0 })
                .collect::<Vec<f32>>()
        };
        wording.insert(ProposalId("A".into()), e(0));
        wording.insert(ProposalId("B".into()), e(1));
        let reference = Reference {
            wording,
            boilerplate: Vec::new(),
        };
        (infer(c, &reference, &texts, &decided, settings), decided)
    }

    #[test]
    fn free_text_is_judged_by_what_declared_respondents_wrote() {
        let (inference, _) = run(&Settings::default());
        let a = ProposalId("A".into());
        let b = ProposalId("B".into());
        let only_box = &inference.judgements[60];
        assert_eq!(only_box[&a].camp, Camp::For);
        assert_eq!(only_box[&a].source, Some(StanceSource::Model));
        assert!(
            !only_box.contains_key(&b),
            "B was not written about, so it stays undecided by anyone"
        );
        let q = &inference.quality[&a];
        assert_eq!(q.examples, 61);
        assert!(q.accuracy > 0.9, "cross-validated accuracy {}", q.accuracy);
    }

    #[test]
    fn a_letter_is_routed_to_the_proposal_it_speaks_to() {
        let (inference, _) = run(&Settings::default());
        let letter = &inference.judgements[61];
        assert_eq!(letter[&ProposalId("B".into())].camp, Camp::Against);
        assert!(!letter.contains_key(&ProposalId("A".into())), "{letter:?}");
    }

    #[test]
    fn a_letter_pasted_into_one_box_is_read_for_the_other_proposals_it_speaks_to() {
        let (c, mut raw, mut decided) = world();
        let mut noise = Noise(11);
        let (a, b) = (ProposalId("A".into()), ProposalId("B".into()));
        // Written into A's box: one sentence for A, two against B.
        raw.push(vec![(
            QuestionId("QA_why".into()),
            vec![
                unit(0, 0, &mut noise),
                unit(1, 1, &mut noise),
                unit(1, 1, &mut noise),
            ],
        )]);
        decided.push(BTreeMap::from([
            (a.clone(), Judgement::no_view()),
            (b.clone(), Judgement::no_view()),
        ]));
        let (inference, _) = run_on(&c, &raw, decided, &[], &[], &Settings::default());
        let pasted = &inference.judgements[raw.len() - 1];
        assert_eq!(pasted[&b].camp, Camp::Against, "{pasted:?}");
        assert!(
            pasted.contains_key(&a),
            "its own proposal is still read: {pasted:?}"
        );
        // A sentence of A's box that reads like A's answers stays with A alone.
        let only_a = &inference.judgements[60];
        assert!(!only_a.contains_key(&b), "{only_a:?}");
    }

    #[test]
    fn a_sentence_sent_as_a_letter_speaks_to_the_same_proposals_when_pasted_into_a_box() {
        let (c, mut raw, mut decided) = world();
        let mut noise = Noise(13);
        let (a, b) = (ProposalId("A".into()), ProposalId("B".into()));
        let none = || {
            BTreeMap::from([
                (a.clone(), Judgement::no_view()),
                (b.clone(), Judgement::no_view()),
            ])
        };
        let shared = "Profit has no place in child protection, whoever runs it.";
        // One sender's letter: the sentence reads as an answer on B, against.
        let letter = raw.len();
        raw.push(vec![(QuestionId("Q_else".into()), vec![unit(1, 1, &mut noise)])]);
        decided.push(none());
        // Another sender pasted the same sentence into A's box, where its vector (here, one
        // that reads like A's answers) would keep it with A alone.
        let pasted = raw.len();
        raw.push(vec![(QuestionId("QA_why".into()), vec![unit(0, 1, &mut noise)])]);
        decided.push(none());
        TEXTS.with(|t| {
            t.borrow_mut()
                .extend([((letter, 0), shared), ((pasted, 0), shared)]);
        });
        let (inference, _) = run_on(&c, &raw, decided, &[], &[], &Settings::default());
        assert_eq!(inference.judgements[letter][&b].camp, Camp::Against);
        let j = &inference.judgements[pasted];
        assert!(j.contains_key(&a) && j.contains_key(&b), "{j:?}");
        assert_eq!(j[&b].evidence.as_deref(), Some(shared));
    }

    #[test]
    fn declared_stances_are_never_judged_again() {
        let (inference, decided) = run(&Settings::default());
        for (inferred, decided) in inference.judgements.iter().zip(&decided) {
            for p in inferred.keys() {
                assert_eq!(decided[p].camp, Camp::NoView, "{p} was decided, yet judged");
            }
        }
        // The respondent who ticked "for" but wrote against keeps their own answer.
        assert!(!inference.judgements[62].contains_key(&ProposalId("A".into())));
    }

    #[test]
    fn an_analysts_no_view_label_is_never_judged_again() {
        let (c, raw, mut decided) = world();
        let a = ProposalId("A".into());
        // Response 60 wrote for A in A's own box; an analyst read it and said it has no view.
        decided[60].insert(
            a.clone(),
            Judgement {
                camp: Camp::NoView,
                source: Some(StanceSource::Analyst),
                confidence: 1.0,
                evidence: None,
            },
        );
        let (inference, _) = run_on(&c, &raw, decided.clone(), &[], &[], &Settings::default());
        assert!(
            !inference.judgements[60].contains_key(&a),
            "{:?}",
            inference.judgements[60]
        );
        assert!(
            !inference
                .review_queue
                .iter()
                .any(|r| r.response == 60 && r.proposal == a)
        );
        assert!(
            !inference
                .without_model
                .iter()
                .any(|u| u.response == 60 && u.proposal == a)
        );
        // Without the label the same passage is read, and read as for.
        decided[60].insert(a.clone(), Judgement::no_view());
        let (inference, _) = run_on(&c, &raw, decided, &[], &[], &Settings::default());
        assert_eq!(inference.judgements[60][&a].camp, Camp::For);
    }

    #[test]
    fn unsure_judgements_are_queued_least_certain_first() {
        let everything = Settings {
            review_below: 1.01,
            ..Settings::default()
        };
        let (inference, _) = run(&everything);
        let judged: usize = inference.judgements.iter().map(BTreeMap::len).sum();
        assert_eq!(inference.review_queue.len(), judged);
        assert!(
            inference
                .review_queue
                .windows(2)
                .all(|w| w[0].margin <= w[1].margin)
        );
        let (strict, _) = run(&Settings {
            review_below: 0.0,
            ..Settings::default()
        });
        assert!(strict.review_queue.is_empty());
    }

    #[test]
    fn copies_of_a_campaign_take_the_answer_its_ticking_members_agree_on() {
        let (c, mut raw, mut decided) = world();
        let a = ProposalId("A".into());
        let mut noise = Noise(11);
        let first = raw.len();
        // Ten copies of one template whose words read as undecided on A; three of the senders
        // also ticked "against", and one copy dropped the passage about A altogether.
        for k in 0..10 {
            let units = if k == 9 {
                Vec::new()
            } else {
                vec![unit(0, 2, &mut noise)]
            };
            raw.push(vec![(QuestionId("QA_why".into()), units)]);
            let camp = if k < 3 { Camp::Against } else { Camp::NoView };
            let judgement = if k < 3 {
                declared(camp)
            } else {
                Judgement::no_view()
            };
            decided.push(BTreeMap::from([(a.clone(), judgement)]));
        }
        let mut campaigns = vec![None; first];
        campaigns.extend(std::iter::repeat_n(Some(0), 10));
        let (inference, _) = run_on(&c, &raw, decided.clone(), &campaigns, &[], &Settings::default());
        for i in first + 3..first + 9 {
            let j = &inference.judgements[i][&a];
            assert_eq!(
                (j.camp, j.source),
                (Camp::Against, Some(StanceSource::Model)),
                "copy {i}"
            );
            assert!(
                (j.confidence - 4.0 / 6.0).abs() < 1e-6,
                "3 of 3 votes, smoothed: {}",
                j.confidence
            );
        }
        assert!(
            !inference.judgements[first + 9].contains_key(&a),
            "the copy without the passage"
        );
        // Without the campaign, the same words read as undecided.
        let (alone, _) = run_on(&c, &raw, decided, &[], &[], &Settings::default());
        assert_eq!(alone.judgements[first + 3][&a].camp, Camp::Undecided);
    }

    #[test]
    fn a_campaign_members_own_words_are_read_but_never_outvote_the_campaign() {
        let (c, mut raw, mut decided) = world();
        let a = ProposalId("A".into());
        let mut noise = Noise(23);
        let first = raw.len();
        // Ten copies of a template for A, three of them ticked "for". Copy 5 adds a sentence
        // firmly against A; copy 6 adds one for A.
        for k in 0..10 {
            let mut units = vec![unit(0, 0, &mut noise)];
            match k {
                5 => units.push(unit(0, 1, &mut noise)),
                6 => units.push(unit(0, 0, &mut noise)),
                _ => {}
            }
            raw.push(vec![(QuestionId("QA_why".into()), units)]);
            let judgement = if k < 3 {
                declared(Camp::For)
            } else {
                Judgement::no_view()
            };
            decided.push(BTreeMap::from([(a.clone(), judgement)]));
        }
        let mut campaigns = vec![None; first];
        campaigns.extend(std::iter::repeat_n(Some(0), 10));
        let mut own: Vec<Option<&'static str>> = vec![None; first + 10];
        let dissenter = first + 5;
        let agreer = first + 6;
        own[dissenter] = Some(unit_text(dissenter, 1));
        own[agreer] = Some(unit_text(agreer, 1));
        let (inference, _) = run_on(&c, &raw, decided, &campaigns, &own, &Settings::default());

        // Both stay counted with the campaign.
        for i in [dissenter, agreer] {
            assert_eq!(inference.judgements[i][&a].camp, Camp::For, "member {i}");
        }
        let reading = |i: usize| inference.own_words.iter().find(|r| r.response == i).unwrap();
        assert_eq!(inference.own_words.len(), 2, "{:?}", inference.own_words);
        let d = reading(dissenter);
        assert_eq!(
            (d.camp, d.agrees_with_campaign, d.queued),
            (Camp::Against, false, true)
        );
        assert_eq!(
            d.evidence,
            unit_text(dissenter, 1),
            "the added sentence is the evidence"
        );
        let g = reading(agreer);
        assert_eq!((g.camp, g.agrees_with_campaign), (Camp::For, true));
        // Only the dissenter goes to an analyst, at the head of the queue.
        let queued: Vec<_> = inference
            .review_queue
            .iter()
            .filter(|q| q.reason == ReviewReason::OwnWordsDiffer)
            .collect();
        assert_eq!(queued.len(), 1);
        // It shows the camp the member is counted in, so that accepting it changes no count,
        // and what their own words read as beside it.
        assert_eq!(
            (queued[0].response, queued[0].camp, queued[0].alternative),
            (dissenter, Camp::For, Some(Camp::Against))
        );
        assert_eq!(inference.review_queue[0].reason, ReviewReason::OwnWordsDiffer);
        for item in &inference.review_queue {
            assert_eq!(
                item.camp, inference.judgements[item.response][&item.proposal].camp,
                "{item:?}"
            );
        }
    }

    type ColdWorld = (
        Consultation,
        Vec<Answers>,
        Vec<BTreeMap<ProposalId, Judgement>>,
        Vec<Option<usize>>,
    );

    /// A proposal nobody ticked a box on: 8 copies of a campaign, 5 near-identical independent
    /// answers, 2 others (too few to be a group); the prior reads each passage as weakly "for".
    fn cold_world() -> ColdWorld {
        let c = Consultation::parse(DEFINITION).unwrap();
        let mut noise = Noise(3);
        let (a, b) = (ProposalId("A".into()), ProposalId("B".into()));
        let mut raw = Vec::new();
        let mut campaigns = Vec::new();
        let template = unit(0, 1, &mut noise);
        for i in 0..15 {
            let v = match i {
                0..8 => template.clone(),
                8..13 => unit(0, 0, &mut Noise(99)),
                _ => unit(0, 2, &mut noise),
            };
            raw.push(vec![(QuestionId("QA_why".into()), vec![v])]);
            campaigns.push((i < 8).then_some(0));
        }
        let decided = vec![BTreeMap::from([(a, Judgement::no_view()), (b, Judgement::no_view())]); 15];
        (c, raw, decided, campaigns)
    }

    fn weakly_for(inference: &Inference) -> Vec<PriorReading> {
        inference
            .without_model
            .iter()
            .map(|_| PriorReading {
                passage: [0.4, 0.35, 0.25],
                units: Vec::new(),
            })
            .collect()
    }

    #[test]
    fn with_no_declared_stances_the_queue_asks_a_campaigns_template_then_a_groups_representative() {
        let (c, raw, decided, campaigns) = cold_world();
        let a = ProposalId("A".into());
        let (mut inference, _) = run_on(&c, &raw, decided, &campaigns, &[], &Settings::default());
        assert!(inference.quality.is_empty(), "no model without declared stances");
        assert_eq!(inference.without_model.len(), 15);
        let readings = weakly_for(&inference);
        apply_prior(&mut inference, &readings, &BTreeMap::new(), &Settings::default());
        let q = &inference.review_queue;
        assert_eq!(
            (q[0].reason, q[0].settles),
            (ReviewReason::CampaignTemplate, 8),
            "{q:?}"
        );
        assert!(q[0].response < 8);
        assert_eq!(
            (q[1].reason, q[1].settles),
            (ReviewReason::Representative, 5),
            "{q:?}"
        );
        assert!((8..13).contains(&q[1].response));
        assert!(
            q[2..]
                .iter()
                .all(|i| i.settles == 1 && i.reason == ReviewReason::Uncertain)
        );
        // Every response is still counted, by the prior.
        for j in &inference.judgements {
            assert_eq!(j[&a].camp, Camp::For);
        }
    }

    #[test]
    fn one_label_on_a_template_settles_every_copy_and_a_label_moves_near_neighbours() {
        let (c, raw, mut decided, campaigns) = cold_world();
        let a = ProposalId("A".into());
        let against = Judgement {
            camp: Camp::Against,
            source: Some(StanceSource::Analyst),
            confidence: 1.0,
            evidence: None,
        };
        decided[3].insert(a.clone(), against.clone());
        decided[9].insert(a.clone(), against);
        let (mut inference, _) = run_on(&c, &raw, decided, &campaigns, &[], &Settings::default());
        for i in (0..8).filter(|&i| i != 3) {
            assert_eq!(inference.judgements[i][&a].camp, Camp::Against, "copy {i}");
        }
        assert_eq!(
            inference.campaign_camps.get(&(0, a.clone())),
            Some(&Camp::Against)
        );
        // The prior reads the two others confidently for, and the rest (labelled passages
        // included) weakly for.
        let mut readings = weakly_for(&inference);
        for (r, u) in readings.iter_mut().zip(&inference.without_model) {
            if u.response >= 13 {
                r.passage = [0.8, 0.1, 0.1];
            }
        }
        let labelled = BTreeMap::from([(a.clone(), vec![[0.4, 0.35, 0.25]; 2])]);
        apply_prior(&mut inference, &readings, &labelled, &Settings::default());
        // The label on response 9 carries to its near-identical neighbours, not to the others.
        for i in [8, 10, 11, 12] {
            assert_eq!(inference.judgements[i][&a].camp, Camp::Against, "neighbour {i}");
        }
        for i in 13..15 {
            assert_eq!(inference.judgements[i][&a].camp, Camp::For, "other {i}");
        }
        // Nothing settled is asked again.
        assert!(
            inference
                .review_queue
                .iter()
                .all(|i| i.reason == ReviewReason::Uncertain)
        );
    }

    #[test]
    fn inference_is_deterministic() {
        let (one, _) = run(&Settings::default());
        let (two, _) = run(&Settings::default());
        assert_eq!(one.quality, two.quality);
        assert_eq!(one.judgements, two.judgements);
    }
}
