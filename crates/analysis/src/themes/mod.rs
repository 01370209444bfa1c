//! Themes per question: the arguments respondents make, clustered from their argument units,
//! with labels, quotes, counts and the split by stance.
//!
//! # How
//! 1. The caller splits each answer into argument units and embeds them (the CLI uses
//!    `barometer_encoder::split::units` and the shared encoder); this module only sees texts
//!    and vectors, so it stays pure.
//! 2. Distinct unit texts are put in the order of a 64-bit hash of their text. That order, and
//!    nothing about the input order, drives everything after, so any permutation of the
//!    responses gives identical themes.
//! 3. Vectors are centred on the question's mean unit (every answer shares the question's
//!    topic; what is left sets arguments apart) and each unit gets its answer's mean added
//!    ([`Options::context`]), so that "Ban them." is read in the light of the rest.
//! 4. The first [`Options::sample`] distinct units in hash order (a bottom-k sample: adding
//!    responses changes it only by the new units that land in it) are clustered by Ward's
//!    method. The number of themes is where the merge cost jumps most, within
//!    [`Options::min_k`]..=[`Options::max_k`] (lowered for small inputs), or [`Options::k`].
//!    Spherical k-means from those clusters then places every unit. A unit less similar than
//!    [`Options::fit`] to every theme goes to "other"; themes left with too few respondents
//!    are dissolved into the rest. A unit also gives its response any theme within
//!    [`Options::margin`] of its best (multi-label).
//! 5. A theme whose respondents take opposite stances on the question's proposal (each side
//!    at least [`Options::stance_split`] of those with a stance) is split in two.
//! 6. Each response carries every theme one of its units is in.
//! 7. [`Clustering::finish`] names themes by class-based TF-IDF over their units, picks three
//!    central and mutually unlike quotes, and counts respondents by stance.
//!
//! Analyst edits ([`edit::Edit`]) act on a [`Clustering`] before it is finished, so a re-run
//! that rediscovers the same clustering and replays the same edits gives the same themes.

mod cluster;
pub mod edit;
mod label;
pub mod score;
pub mod stats;

pub use label::{ShareWording, is_furniture};

use barometer_domain::Camp;
use barometer_maths::{centroid, dot, normalise};
use cluster::nearest;
use std::collections::{BTreeMap, BTreeSet};

/// One argument unit of a response: its text and its (L2-normalised) sentence vector.
#[derive(Debug, Clone, Copy)]
pub struct Unit<'a> {
    /// The unit's words, as quoted.
    pub text: &'a str,
    /// Its sentence vector, unit length.
    pub vector: &'a [f32],
}

/// One response's answer to the question, cut into units.
#[derive(Debug, Clone)]
pub struct ResponseUnits<'a> {
    /// The response's id; ids are unique within a call.
    pub id: &'a str,
    /// Its argument units, in text order.
    pub units: Vec<Unit<'a>>,
    /// Its stance on the question's proposal, where known.
    pub camp: Option<Camp>,
}

impl<'a> ResponseUnits<'a> {
    /// One response's input to theme discovery: its units less letter furniture (salutations,
    /// sign-offs, sender lines: [`is_furniture`]), so furniture can never be a theme or name
    /// one. `analyse` and `eval themes` both build their input here, so they measure the same.
    pub fn arguments(id: &'a str, units: impl IntoIterator<Item = Unit<'a>>, camp: Option<Camp>) -> Self {
        ResponseUnits {
            id,
            units: units.into_iter().filter(|u| !is_furniture(u.text)).collect(),
            camp,
        }
    }
}

/// Settings of theme discovery. The defaults are the documented ones (docs/ACCURACY.md).
#[derive(Debug, Clone, PartialEq)]
pub struct Options {
    /// The number of themes, overriding the automatic choice.
    pub k: Option<usize>,
    /// The fewest themes chosen automatically (lowered for small inputs).
    pub min_k: usize,
    /// The most themes chosen automatically.
    pub max_k: usize,
    /// Distinct units clustered by Ward's method; the rest are placed by k-means.
    pub sample: usize,
    /// Weight of the whole answer's meaning added to each unit's vector, so that a short
    /// unit ("Ban them.") is read in the context of its answer.
    pub context: f32,
    /// A unit also counts for a second theme whose similarity is within this of its best.
    pub margin: f32,
    /// Least cosine similarity to a theme's centre for a unit to join it; below, "other".
    pub fit: f32,
    /// A theme is split by stance when its smaller side holds at least this share of its
    /// respondents with a for or against stance (and at least 3 of them).
    pub stance_split: f64,
}

impl Default for Options {
    fn default() -> Self {
        Options {
            k: None,
            min_k: 10,
            max_k: 30,
            sample: 3000,
            context: 1.0,
            margin: 0.1,
            fit: 0.2,
            stance_split: 0.25,
        }
    }
}

/// The most k-means rounds per convergence; on the dev files it converges in fewer.
const MAX_ROUNDS: usize = 50;

/// 64-bit FNV-1a: a fixed, platform-independent order for unit texts.
fn text_hash(text: &str) -> u64 {
    text.bytes().fold(0xcbf2_9ce4_8422_2325u64, |h, b| {
        (h ^ u64::from(b)).wrapping_mul(0x0100_0000_01b3)
    })
}

/// A theme before it is named: its id, and what analysts fixed about it.
#[derive(Debug, Clone, PartialEq)]
struct Slot {
    id: String,
    label: Option<String>,
    leaning: Option<Camp>,
    live: bool,
}

/// A theme of an earlier run that the next run starts from ([`discover_from`]), so that themes
/// keep their ids, and analysts' edits their targets, from run to run.
#[derive(Debug, Clone, PartialEq)]
pub struct Anchor {
    /// The theme's id.
    pub id: String,
    /// Its centre in discovery's space (vectors centred on the question's mean, with their
    /// answer's context), unit length.
    pub centre: Vec<f32>,
    /// For the "against" half of a theme split by stance: the id of the theme it came from
    /// (whose centre it shares); the next run gives that half this id again.
    pub split_from: Option<String>,
}

/// Which theme each unit of each response is in: the state that discovery produces, analyst
/// edits change, and [`Clustering::finish`] turns into named [`ThemeSet`]s.
#[derive(Debug, Clone, PartialEq)]
pub struct Clustering {
    slots: Vec<Slot>,
    /// Per response (input order), per unit: the slot, or `None` for "other".
    units: Vec<Vec<Option<usize>>>,
    /// Per response: themes it holds through a unit's second-best theme (multi-label).
    also: Vec<BTreeSet<usize>>,
    /// The number of themes discovery chose, and whether automatically.
    chosen_k: usize,
    automatic: bool,
    /// Themes that kept the id of an anchor discovery started from.
    anchored: usize,
    /// Discovery's themes as anchors for the next run (analysts' edits do not change them).
    anchors: Vec<Anchor>,
}

/// Distinct unit texts in hash order, with where each occurs.
struct Distinct<'a> {
    items: Vec<(u64, &'a str, &'a [f32])>,
    /// (response, unit) → item.
    of_unit: Vec<Vec<usize>>,
}

fn distinct<'a>(responses: &[ResponseUnits<'a>]) -> Distinct<'a> {
    let mut keys: BTreeMap<(u64, &'a str), &'a [f32]> = BTreeMap::new();
    for r in responses {
        for u in &r.units {
            keys.entry((text_hash(u.text), u.text)).or_insert(u.vector);
        }
    }
    let index: BTreeMap<(u64, &str), usize> = keys.keys().enumerate().map(|(i, k)| (*k, i)).collect();
    let of_unit = responses
        .iter()
        .map(|r| {
            r.units
                .iter()
                .map(|u| index[&(text_hash(u.text), u.text)])
                .collect()
        })
        .collect();
    Distinct {
        items: keys.into_iter().map(|((h, t), v)| (h, t, v)).collect(),
        of_unit,
    }
}

/// Discovers the themes of one question's responses.
pub fn discover(responses: &[ResponseUnits<'_>], options: &Options) -> Clustering {
    discover_from(responses, options, &[])
}

/// Discovers themes starting from an earlier run's ([`Clustering::anchors`]): each earlier
/// theme's centre seeds k-means and the theme keeps its id; units that fit none of them are
/// clustered on their own, and only a group as tight as the earlier themes and held by enough
/// respondents becomes a new theme, numbered after the earlier ones. Without anchors (or with
/// [`Options::k`] set, which asks for a fresh choice) this is [`discover`].
pub fn discover_from(responses: &[ResponseUnits<'_>], options: &Options, previous: &[Anchor]) -> Clustering {
    let d = distinct(responses);
    let n = d.items.len();
    let dim = d.items.first().map_or(0, |i| i.2.len());
    // Every answer to a question shares its topic; taking out the mean leaves what sets
    // arguments apart, which is what themes should follow.
    let mean = {
        let mut m = vec![0f32; dim];
        for i in &d.items {
            m.iter_mut().zip(i.2).for_each(|(s, x)| *s += x);
        }
        m.iter_mut().for_each(|x| *x /= n.max(1) as f32);
        m
    };
    let alpha = options.context;
    let response_mean: Vec<Vec<f32>> = responses
        .iter()
        .map(|r| centroid(dim, r.units.iter().map(|u| u.vector)))
        .collect();
    let mut context = vec![vec![0f32; dim]; n];
    for (r, items) in d.of_unit.iter().enumerate() {
        for &i in items {
            context[i]
                .iter_mut()
                .zip(&response_mean[r])
                .for_each(|(c, x)| *c += x);
        }
    }
    let centred: Vec<Vec<f32>> = d
        .items
        .iter()
        .zip(&mut context)
        .map(|(i, ctx)| {
            normalise(ctx);
            let mut v: Vec<f32> =
                i.2.iter()
                    .zip(&mean)
                    .zip(ctx.iter())
                    .map(|((x, m), c)| x - m + alpha * (c - m))
                    .collect();
            normalise(&mut v);
            v
        })
        .collect();
    let all: Vec<&[f32]> = centred.iter().map(Vec::as_slice).collect();
    let min_respondents = ((responses.len() as f64) * 0.01).ceil().max(2.0) as usize;
    let mut seeds: Vec<&Anchor> = previous
        .iter()
        .filter(|a| a.split_from.is_none() && a.centre.len() == dim && dim > 0)
        .collect();
    seeds.sort_by(|a, b| a.id.cmp(&b.id));
    let seed_centres: Vec<Vec<f32>> = seeds.iter().map(|a| a.centre.clone()).collect();
    // Anchors that most units do not fit belong to other data (or the question changed):
    // start afresh rather than leave most units in "other".
    let fitting = cluster::assign(&all, &seed_centres)
        .iter()
        .filter(|(_, s)| *s >= options.fit)
        .count();
    let use_anchors = options.k.is_none() && !seeds.is_empty() && fitting * 2 >= all.len();
    let (mut centroids, mut names, k, automatic) = if use_anchors {
        let mut centroids = seed_centres;
        let mut names: Vec<Option<String>> = seeds.iter().map(|a| Some(a.id.clone())).collect();
        let fresh = fresh_themes(&all, &d.of_unit, &centroids, options, min_respondents);
        names.extend(fresh.iter().map(|_| None));
        centroids.extend(fresh);
        let k = centroids.len();
        (centroids, names, k, true)
    } else {
        let sample: Vec<&[f32]> = all.iter().take(options.sample).copied().collect();
        let merges = cluster::agglomerate(&sample, cluster::Linkage::Ward);
        // Small inputs cannot carry ten themes of a few units each.
        let floor = options.min_k.min(n / 15).max(1);
        let ceiling = options.max_k.max(floor).min(sample.len().max(1));
        let (k, automatic) = match options.k {
            Some(k) => (k.clamp(1, sample.len().max(1)), false),
            None => (choose_k(&merges, sample.len(), floor, ceiling), true),
        };
        let groups = cluster::clusters_after(sample.len(), &merges, sample.len().saturating_sub(k), 1);
        let centroids: Vec<Vec<f32>> = groups
            .iter()
            .take(k)
            .map(|g| centroid(dim, g.iter().map(|&p| sample[p])))
            .collect();
        let names = vec![None; centroids.len()];
        (centroids, names, k, automatic)
    };
    // Converge, then dissolve themes that too few respondents hold, smallest first, until all
    // stand; converge again after any went, so the stored centres are a fixed point.
    let mut item_slot: Vec<Option<usize>>;
    loop {
        cluster::converge(&all, &mut centroids, options.fit, MAX_ROUNDS);
        // Removing a theme moves only its own units; every other unit's nearest theme stays.
        let mut placed = cluster::assign(&all, &centroids);
        let mut dissolved = false;
        loop {
            item_slot = placed
                .iter()
                .map(|&(c, s)| (s >= options.fit && !centroids.is_empty()).then_some(c))
                .collect();
            let held = respondents_per_slot(&d.of_unit, &item_slot, centroids.len());
            let weakest = (0..centroids.len())
                .filter(|&c| held[c] < min_respondents)
                .min_by_key(|&c| (held[c], c));
            let Some(c) = weakest else { break };
            dissolved = true;
            centroids.remove(c);
            names.remove(c);
            for (v, p) in all.iter().zip(placed.iter_mut()) {
                match p.0.cmp(&c) {
                    std::cmp::Ordering::Equal => *p = nearest(v, &centroids),
                    std::cmp::Ordering::Greater => p.0 -= 1,
                    std::cmp::Ordering::Less => {}
                }
            }
        }
        if !dissolved {
            break;
        }
    }
    let margin = options.margin;
    let seconds: Vec<Vec<usize>> = {
        use rayon::prelude::*;
        all.par_iter()
            .with_min_len(256)
            .map(|v| {
                let sims: Vec<f32> = centroids.iter().map(|c| dot(v, c)).collect();
                let (b, bs) = nearest(v, &centroids);
                (0..centroids.len())
                    .filter(|&c| c != b && sims[c] >= options.fit && sims[c] >= bs - margin)
                    .collect()
            })
            .collect()
    };
    let also: Vec<BTreeSet<usize>> = d
        .of_unit
        .iter()
        .map(|r| r.iter().flat_map(|&i| seconds[i].iter().copied()).collect())
        .collect();
    let mut units: Vec<Vec<Option<usize>>> = d
        .of_unit
        .iter()
        .map(|r| r.iter().map(|&i| item_slot[i]).collect())
        .collect();
    // A second theme that a unit's own theme already gives the response adds nothing.
    let mut also: Vec<BTreeSet<usize>> = also
        .into_iter()
        .zip(&units)
        .map(|(a, us)| a.into_iter().filter(|c| !us.contains(&Some(*c))).collect())
        .collect();
    let mut slots: Vec<Slot> = (0..centroids.len())
        .map(|_| Slot {
            id: String::new(),
            label: None,
            leaning: None,
            live: true,
        })
        .collect();
    let splits = split_by_stance(responses, &mut slots, &mut units, &mut also, options.stance_split);
    number_slots(&d, &mut slots, &units, &also);
    let anchored = if names.iter().any(Option::is_some) {
        keep_names(&mut slots, &names, &splits, previous)
    } else {
        0
    };
    let anchors = (0..centroids.len())
        .map(|s| Anchor {
            id: slots[s].id.clone(),
            centre: centroids[s].clone(),
            split_from: None,
        })
        .chain(splits.iter().map(|&(base, half)| Anchor {
            id: slots[half].id.clone(),
            centre: centroids[base].clone(),
            split_from: Some(slots[base].id.clone()),
        }))
        .collect();
    Clustering {
        slots,
        units,
        also,
        chosen_k: k,
        automatic,
        anchored,
        anchors,
    }
}

/// New themes among the units that fit none of `centroids`: those units are clustered by
/// Ward's method into groups of about the existing themes' median size, and a group becomes a
/// theme only when it is at least as tight as the median existing theme (mean similarity of
/// its units to its centre) and enough respondents hold it. What is left stays "other".
fn fresh_themes(
    all: &[&[f32]],
    of_unit: &[Vec<usize>],
    centroids: &[Vec<f32>],
    options: &Options,
    min_respondents: usize,
) -> Vec<Vec<f32>> {
    let dim = centroids.first().map_or(0, Vec::len);
    let mut fit_sum = vec![0f64; centroids.len()];
    let mut fit_n = vec![0usize; centroids.len()];
    let mut unfit = Vec::new();
    for (i, v) in all.iter().enumerate() {
        let (c, s) = nearest(v, centroids);
        if s >= options.fit {
            fit_sum[c] += f64::from(s);
            fit_n[c] += 1;
        } else if unfit.len() < options.sample {
            unfit.push(i);
        }
    }
    let median = |mut xs: Vec<f64>| -> Option<f64> {
        xs.sort_by(f64::total_cmp);
        xs.get(xs.len() / 2).copied()
    };
    let held: Vec<usize> = (0..centroids.len()).filter(|&c| fit_n[c] > 0).collect();
    let (Some(tight), Some(size)) = (
        median(held.iter().map(|&c| fit_sum[c] / fit_n[c] as f64).collect()),
        median(held.iter().map(|&c| fit_n[c] as f64).collect()),
    ) else {
        return Vec::new();
    };
    if unfit.len() < 2 || (unfit.len() as f64) < size {
        return Vec::new();
    }
    let points: Vec<&[f32]> = unfit.iter().map(|&i| all[i]).collect();
    let merges = cluster::agglomerate(&points, cluster::Linkage::Ward);
    let groups_wanted = ((points.len() as f64 / size).round() as usize).clamp(1, options.max_k);
    let mut responses_of: Vec<Vec<usize>> = vec![Vec::new(); all.len()];
    for (r, items) in of_unit.iter().enumerate() {
        items.iter().for_each(|&i| responses_of[i].push(r));
    }
    cluster::clusters_after(points.len(), &merges, points.len() - groups_wanted, 2)
        .into_iter()
        .filter_map(|g| {
            let centre = centroid(dim, g.iter().map(|&p| points[p]));
            let tightness =
                g.iter().map(|&p| f64::from(dot(points[p], &centre))).sum::<f64>() / g.len() as f64;
            let holders: BTreeSet<usize> = g
                .iter()
                .flat_map(|&p| responses_of[unfit[p]].iter().copied())
                .collect();
            (tightness >= tight && holders.len() >= min_respondents).then_some(centre)
        })
        .collect()
}

/// Gives themes carried over from anchors their old ids, and the "against" half of such a
/// theme split by stance the id its half had before; every other theme is numbered after the
/// highest id the anchors used, in the order [`number_slots`] gave them. Returns how many
/// themes kept an earlier id.
fn keep_names(
    slots: &mut [Slot],
    names: &[Option<String>],
    splits: &[(usize, usize)],
    previous: &[Anchor],
) -> usize {
    let number = |id: &str| id.strip_prefix('t').and_then(|n| n.parse::<usize>().ok());
    let mut fixed: Vec<Option<String>> = vec![None; slots.len()];
    for (s, name) in names.iter().enumerate() {
        fixed[s] = name.clone();
    }
    for &(base, half) in splits {
        if let Some(name) = &names[base] {
            fixed[half] = previous
                .iter()
                .find(|a| a.split_from.as_deref() == Some(name.as_str()))
                .map(|a| a.id.clone());
        }
    }
    let kept = fixed.iter().flatten().count();
    let mut next = previous.iter().filter_map(|a| number(&a.id)).max().unwrap_or(0) + 1;
    let mut order: Vec<usize> = (0..slots.len()).collect();
    order.sort_by(|&a, &b| slots[a].id.cmp(&slots[b].id));
    for s in order {
        slots[s].id = match fixed[s].take() {
            Some(id) => id,
            None => {
                next += 1;
                format!("t{:02}", next - 1)
            }
        };
    }
    kept
}

/// The number of clusters where Ward's merge cost jumps most, relative to the merge before:
/// the cut above which merging starts to join unlike arguments.
fn choose_k(merges: &[cluster::Merge], n: usize, floor: usize, ceiling: usize) -> usize {
    if n < 3 || ceiling <= floor {
        return floor.min(n.max(1));
    }
    // Cutting into k clusters keeps the first n − k merges; merge n − k is the next one.
    let jump = |k: usize| {
        let next = merges[n - k].height as f64;
        let last = merges[n - k - 1].height.max(1e-6) as f64;
        next / last
    };
    // One cluster has no next merge to compare with, so the jump is read from two up.
    (floor.max(2)..=ceiling.min(n - 1))
        .max_by(|&a, &b| jump(a).total_cmp(&jump(b)).then(b.cmp(&a)))
        .unwrap_or(floor)
}

fn respondents_per_slot(of_unit: &[Vec<usize>], item_slot: &[Option<usize>], slots: usize) -> Vec<usize> {
    let mut held = vec![0usize; slots];
    for r in of_unit {
        let set: BTreeSet<usize> = r.iter().filter_map(|&i| item_slot[i]).collect();
        set.into_iter().for_each(|c| held[c] += 1);
    }
    held
}

/// Splits each theme whose respondents argue opposite ways into a "for" and an "against"
/// theme. Units of respondents without either stance join the side whose centre is nearer.
fn split_by_stance(
    responses: &[ResponseUnits<'_>],
    slots: &mut Vec<Slot>,
    units: &mut [Vec<Option<usize>>],
    also: &mut [BTreeSet<usize>],
    threshold: f64,
) -> Vec<(usize, usize)> {
    let mut splits = Vec::new();
    let original = slots.len();
    for s in 0..original {
        let members: Vec<usize> = (0..responses.len())
            .filter(|&r| units[r].contains(&Some(s)) || also[r].contains(&s))
            .collect();
        let count = |camp| {
            members
                .iter()
                .filter(|&&r| responses[r].camp == Some(camp))
                .count()
        };
        let (f, a) = (count(Camp::For), count(Camp::Against));
        if f.min(a) < 3 || (f.min(a) as f64) < threshold * (f + a) as f64 {
            continue;
        }
        let dim = responses[members[0]].units.first().map_or(0, |u| u.vector.len());
        let side_centre = |camp| {
            centroid(
                dim,
                members
                    .iter()
                    .filter(|&&r| responses[r].camp == Some(camp))
                    .flat_map(|&r| {
                        responses[r]
                            .units
                            .iter()
                            .zip(&units[r])
                            .filter(|(_, slot)| **slot == Some(s))
                            .map(|(u, _)| u.vector)
                    }),
            )
        };
        let (cf, ca) = (side_centre(Camp::For), side_centre(Camp::Against));
        let against = slots.len();
        splits.push((s, against));
        slots[s].leaning = Some(Camp::For);
        slots.push(Slot {
            id: String::new(),
            label: None,
            leaning: Some(Camp::Against),
            live: true,
        });
        for &r in &members {
            for (u, slot) in responses[r].units.iter().zip(units[r].iter_mut()) {
                if *slot != Some(s) {
                    continue;
                }
                let to_against = match responses[r].camp {
                    Some(Camp::For) => false,
                    Some(Camp::Against) => true,
                    _ => dot(u.vector, &ca) > dot(u.vector, &cf),
                };
                if to_against {
                    *slot = Some(against);
                }
            }
            if responses[r].camp == Some(Camp::Against) && also[r].remove(&s) {
                also[r].insert(against);
            }
        }
    }
    splits
}

/// Numbers themes t01, t02, … by respondents (most first); equal counts by their first
/// unit in hash order, so the numbering never depends on input order.
fn number_slots(
    d: &Distinct<'_>,
    slots: &mut [Slot],
    units: &[Vec<Option<usize>>],
    also: &[BTreeSet<usize>],
) {
    let item_slot_first: Vec<usize> = {
        let mut first = vec![usize::MAX; slots.len()];
        for (r, us) in units.iter().enumerate() {
            for (u, s) in us.iter().enumerate() {
                if let Some(s) = *s {
                    first[s] = first[s].min(d.of_unit[r][u]);
                }
            }
        }
        first
    };
    let mut held = vec![0usize; slots.len()];
    for (us, a) in units.iter().zip(also) {
        let set: BTreeSet<usize> = us.iter().flatten().chain(a).copied().collect();
        set.into_iter().for_each(|c| held[c] += 1);
    }
    let mut order: Vec<usize> = (0..slots.len()).collect();
    order.sort_by_key(|&s| (std::cmp::Reverse(held[s]), item_slot_first[s]));
    for (rank, s) in order.into_iter().enumerate() {
        slots[s].id = format!("t{:02}", rank + 1);
    }
}

/// A quote: one unit of one response.
#[derive(Debug, Clone, PartialEq, serde::Serialize)]
pub struct Quote {
    /// The response it comes from (the smallest id, when several wrote the same words).
    pub response: String,
    /// The unit's text.
    pub text: String,
}

/// Respondents holding a theme, by their stance on the question's proposal.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq, serde::Serialize)]
pub struct StanceSplit {
    /// For the proposal.
    #[serde(rename = "for")]
    pub for_: usize,
    /// Against it.
    pub against: usize,
    /// Undecided.
    pub undecided: usize,
    /// No stance known, or no view.
    pub no_view: usize,
}

impl StanceSplit {
    fn add(&mut self, camp: Option<Camp>) {
        match camp {
            Some(Camp::For) => self.for_ += 1,
            Some(Camp::Against) => self.against += 1,
            Some(Camp::Undecided) => self.undecided += 1,
            _ => self.no_view += 1,
        }
    }
}

/// One theme, named and counted.
#[derive(Debug, Clone, PartialEq, serde::Serialize)]
pub struct Theme {
    /// Stable within a run over the same data: `t01` is the theme most respondents hold.
    pub id: String,
    /// A short label from the theme's own key phrases, or the analyst's.
    pub label: String,
    /// Whether an analyst gave the label.
    pub renamed: bool,
    /// The key phrases, best first.
    pub key_phrases: Vec<String>,
    /// One sentence: how many raise it, in words that follow the share, and an example.
    pub description: String,
    /// Three units near the theme's centre and unlike each other.
    pub quotes: Vec<Quote>,
    /// Respondents with at least one unit in the theme.
    pub respondents: usize,
    /// Their share of the respondents who answered the question.
    pub share: f64,
    /// The share in words.
    pub wording: ShareWording,
    /// Their stances on the question's proposal.
    pub stance: StanceSplit,
    /// The side this theme holds when a theme arguing both ways was split.
    pub leaning: Option<Camp>,
}

/// One response's themes.
#[derive(Debug, Clone, PartialEq, serde::Serialize)]
pub struct ResponseThemes {
    /// The response's id.
    pub id: String,
    /// The ids of the themes its units express, in theme order.
    pub themes: Vec<String>,
    /// Per unit, the theme it is in (`None`: other).
    pub units: Vec<Option<String>>,
}

/// The themes of one question.
#[derive(Debug, Clone, PartialEq, serde::Serialize)]
pub struct ThemeSet {
    /// Themes, most respondents first.
    pub themes: Vec<Theme>,
    /// Per response, in input order.
    pub responses: Vec<ResponseThemes>,
    /// Responses with at least one argument unit.
    pub respondents: usize,
    /// Of those, how many have no theme (everything they wrote is "other").
    pub other: usize,
    /// The number of themes discovery chose (before stance splits and edits).
    pub chosen_k: usize,
    /// Whether that number was chosen automatically.
    pub automatic: bool,
    /// How many themes were carried over from the previous run's (zero for a fresh run).
    pub anchored: usize,
}

impl Clustering {
    /// The theme ids in use, in number order.
    pub fn theme_ids(&self) -> Vec<&str> {
        let mut ids: Vec<&str> = self
            .slots
            .iter()
            .filter(|s| s.live)
            .map(|s| s.id.as_str())
            .collect();
        ids.sort_unstable();
        ids
    }

    /// Per response, per unit: the theme id, or `None` for other.
    pub fn unit_themes(&self) -> Vec<Vec<Option<&str>>> {
        self.units
            .iter()
            .map(|us| us.iter().map(|s| s.map(|s| self.slots[s].id.as_str())).collect())
            .collect()
    }

    /// Discovery's themes, for the next run to start from ([`discover_from`]). Analysts'
    /// edits do not change them: they are replayed on top of the next run's discovery.
    pub fn anchors(&self) -> &[Anchor] {
        &self.anchors
    }

    fn slot_of(&self, id: &str) -> Option<usize> {
        self.slots.iter().position(|s| s.live && s.id == id)
    }

    /// Names, describes and counts the themes. `question` is the question's text: its words
    /// are weighed down in labels, since every theme shares them.
    pub fn finish(&self, responses: &[ResponseUnits<'_>], question: Option<&str>) -> ThemeSet {
        let respondents = responses.iter().filter(|r| !r.units.is_empty()).count();
        let live: Vec<usize> = {
            let mut v: Vec<usize> = (0..self.slots.len()).filter(|&s| self.slots[s].live).collect();
            v.sort_by(|&a, &b| self.slots[a].id.cmp(&self.slots[b].id));
            v
        };
        // Distinct member units per theme, in hash order, with the responses that wrote them.
        let mut members: Vec<Members<'_>> = vec![BTreeMap::new(); self.slots.len()];
        let mut holders: Vec<BTreeSet<usize>> = vec![BTreeSet::new(); self.slots.len()];
        for (r, us) in self.units.iter().enumerate() {
            for (u, s) in us.iter().enumerate() {
                if let Some(s) = *s {
                    let unit = responses[r].units[u];
                    members[s]
                        .entry((text_hash(unit.text), unit.text))
                        .or_insert_with(|| (unit.vector, BTreeSet::new()))
                        .1
                        .insert(responses[r].id);
                    holders[s].insert(r);
                }
            }
            self.also[r].iter().for_each(|&s| {
                holders[s].insert(r);
            });
        }
        let generic: BTreeSet<String> = question
            .map(label::words)
            .unwrap_or_default()
            .into_iter()
            .collect();
        let phrase_sets: Vec<Vec<BTreeSet<String>>> = live
            .iter()
            .map(|&s| members[s].keys().map(|(_, t)| label::phrases(t)).collect())
            .collect();
        let refs: Vec<Vec<&BTreeSet<String>>> = phrase_sets.iter().map(|v| v.iter().collect()).collect();
        let keys = label::key_phrases(&refs, &generic, 4);

        let mut themes: Vec<Theme> = live
            .iter()
            .zip(keys)
            .map(|(&s, key_phrases)| {
                let slot = &self.slots[s];
                let dim = members[s].values().next().map_or(0, |m| m.0.len());
                let centre = centroid(dim, members[s].values().map(|m| m.0));
                let quotes = pick_quotes(&members[s], &centre, 3);
                let mut stance = StanceSplit::default();
                holders[s].iter().for_each(|&r| stance.add(responses[r].camp));
                let count = holders[s].len();
                let share = if respondents > 0 {
                    count as f64 / respondents as f64
                } else {
                    0.0
                };
                let wording = ShareWording::of(share);
                // A phrase from the theme's most central units; key phrases only when no unit
                // reads as a statement.
                let central: Vec<&str> = quotes.iter().map(|q| q.text.as_str()).collect();
                let mut label = slot
                    .label
                    .clone()
                    .or_else(|| label::phrase_of(&central))
                    .or_else(|| label::short_answers_of(&central))
                    .or_else(|| label::furniture_of(&central))
                    .unwrap_or_else(|| label::label_of(&key_phrases));
                if slot.label.is_none()
                    && let Some(camp) = slot.leaning
                {
                    label = format!("{label} ({})", camp.label().to_lowercase());
                }
                let description = label::describe(
                    wording,
                    count,
                    share,
                    &key_phrases[..key_phrases.len().min(3)],
                    quotes.first().map(|q| q.text.as_str()),
                );
                Theme {
                    id: slot.id.clone(),
                    label,
                    renamed: slot.label.is_some(),
                    key_phrases,
                    description,
                    quotes,
                    respondents: count,
                    share,
                    wording,
                    stance,
                    leaning: slot.leaning,
                }
            })
            .collect();
        // Ids follow size only in a fresh run; themes carried over keep theirs.
        themes.sort_by(|a, b| b.respondents.cmp(&a.respondents).then_with(|| a.id.cmp(&b.id)));
        let mut other = 0;
        let responses_out = responses
            .iter()
            .zip(self.units.iter().zip(&self.also))
            .map(|(r, (us, also))| {
                let set: BTreeSet<&str> = us
                    .iter()
                    .flatten()
                    .chain(also)
                    .map(|&s| self.slots[s].id.as_str())
                    .collect();
                if set.is_empty() && !r.units.is_empty() {
                    other += 1;
                }
                ResponseThemes {
                    id: r.id.to_string(),
                    themes: set.into_iter().map(str::to_string).collect(),
                    units: us.iter().map(|s| s.map(|s| self.slots[s].id.clone())).collect(),
                }
            })
            .collect();
        ThemeSet {
            themes,
            responses: responses_out,
            respondents,
            other,
            chosen_k: self.chosen_k,
            automatic: self.automatic,
            anchored: self.anchored,
        }
    }
}

/// A theme's distinct units in hash order: their vector and the responses that wrote them.
type Members<'a> = BTreeMap<(u64, &'a str), (&'a [f32], BTreeSet<&'a str>)>;

/// Quotes by maximal marginal relevance: near the centre, unlike those already chosen, one
/// per response, preferring units of at least four words.
fn pick_quotes(members: &Members<'_>, centre: &[f32], take: usize) -> Vec<Quote> {
    let mut pool: Vec<(&str, &[f32], &str)> = members
        .iter()
        .filter_map(|((_, text), (v, ids))| ids.first().map(|id| (*text, *v, *id)))
        .collect();
    if pool
        .iter()
        .filter(|p| p.0.split_whitespace().count() >= 4)
        .count()
        >= take
    {
        pool.retain(|p| p.0.split_whitespace().count() >= 4);
    }
    let mut chosen: Vec<(&str, &[f32], &str)> = Vec::new();
    while chosen.len() < take {
        let best = pool
            .iter()
            .filter(|p| !chosen.iter().any(|c| c.2 == p.2))
            .map(|p| {
                let redundancy = chosen.iter().map(|c| dot(p.1, c.1)).fold(0f32, f32::max);
                (0.7 * dot(p.1, centre) - 0.3 * redundancy, p)
            })
            .max_by(|a, b| a.0.total_cmp(&b.0).then(b.1.0.cmp(a.1.0)));
        match best {
            Some((_, p)) => chosen.push(*p),
            None => break,
        }
    }
    chosen
        .into_iter()
        .map(|(text, _, id)| Quote {
            response: id.to_string(),
            text: text.to_string(),
        })
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_theme_argued_both_ways_is_split_by_stance_and_counted() {
        // Twelve answers on library hours (six for, five against, one with no stance) and
        // eight on parking, all for.
        let ids: Vec<String> = (0..20).map(|i| format!("r{i:02}")).collect();
        let texts: Vec<String> = (0..20)
            .map(|i| {
                if i < 12 {
                    format!("the library hours matter {i}")
                } else {
                    format!("parking fees are too high {i}")
                }
            })
            .collect();
        let vectors: Vec<Vec<f32>> = (0..20)
            .map(|i| {
                let mut v = if i < 12 {
                    vec![1.0, 0.02 * i as f32, 0.0]
                } else {
                    vec![0.0, 0.02 * i as f32, 1.0]
                };
                normalise(&mut v);
                v
            })
            .collect();
        let camp = |i: usize| match i {
            0..6 => Some(Camp::For),
            6..11 => Some(Camp::Against),
            11 => None,
            _ => Some(Camp::For),
        };
        let input: Vec<ResponseUnits<'_>> = (0..20)
            .map(|i| ResponseUnits {
                id: &ids[i],
                units: vec![Unit {
                    text: &texts[i],
                    vector: &vectors[i],
                }],
                camp: camp(i),
            })
            .collect();
        let options = Options {
            k: Some(2),
            margin: 0.0,
            ..Options::default()
        };
        let set = discover(&input, &options).finish(&input, Some("Library hours?"));
        assert_eq!(set.themes.len(), 3, "{:#?}", set.themes);
        let side = |c: Camp| set.themes.iter().find(|t| t.leaning == Some(c)).unwrap();
        let (f, a) = (side(Camp::For), side(Camp::Against));
        assert_eq!((f.stance.for_, f.stance.against), (6, 0));
        assert_eq!((a.stance.for_, a.stance.against), (0, 5));
        assert_eq!(
            f.respondents + a.respondents,
            12,
            "the answer with no stance joins one side"
        );
        assert!(f.label.ends_with("(for)") && a.label.ends_with("(against)"));
        assert_eq!(f.quotes.len(), 3);
        assert_eq!(set.other, 0);

        let parking = set.themes.iter().find(|t| t.leaning.is_none()).unwrap();
        assert_eq!((parking.respondents, parking.stance.for_), (8, 8));

        // Started from its own anchors, a re-run keeps every id, the split halves' included.
        let first = discover(&input, &options);
        assert_eq!(
            first.anchors().iter().filter(|a| a.split_from.is_some()).count(),
            1
        );
        let automatic = Options {
            margin: 0.0,
            ..Options::default()
        };
        let again = discover_from(&input, &automatic, first.anchors()).finish(&input, Some("Library hours?"));
        assert_eq!(again.themes, set.themes);
        assert_eq!(again.anchored, 3);
        assert!(
            parking.label.to_lowercase().contains("parking"),
            "{}",
            parking.label
        );

        // Without stances the library answers stay one theme: a majority (12 of 20).
        let blind: Vec<ResponseUnits<'_>> = input
            .iter()
            .cloned()
            .map(|r| ResponseUnits { camp: None, ..r })
            .collect();
        let set = discover(&blind, &options).finish(&blind, None);
        assert_eq!(set.themes.len(), 2);
        assert_eq!(set.themes[0].wording, ShareWording::Majority);
        let d = &set.themes[0].description;
        assert!(d.starts_with("A majority of respondents (12, 60%)"), "{d}");
    }

    #[test]
    fn a_run_started_from_the_last_keeps_its_theme_ids_and_numbers_only_new_themes() {
        // Ten one-unit answers along each of three directions; the first run sees two.
        let ids: Vec<String> = (0..30).map(|i| format!("r{i:02}")).collect();
        let texts: Vec<String> = (0..30)
            .map(|i| format!("argument {} number {i}", i / 10))
            .collect();
        let vectors: Vec<Vec<f32>> = (0..30)
            .map(|i| {
                let mut v = vec![0f32; 4];
                v[i / 10] = 1.0;
                v[3] = 0.05 * (i % 10) as f32;
                normalise(&mut v);
                v
            })
            .collect();
        let input = |n: usize| -> Vec<ResponseUnits<'_>> {
            (0..n)
                .map(|i| ResponseUnits {
                    id: &ids[i],
                    units: vec![Unit {
                        text: &texts[i],
                        vector: &vectors[i],
                    }],
                    camp: None,
                })
                .collect()
        };
        let (old, all) = (input(20), input(30));
        let first = discover(
            &old,
            &Options {
                k: Some(2),
                ..Options::default()
            },
        );
        let before = first.finish(&old, None);
        assert_eq!(before.themes.len(), 2);
        assert_eq!(first.anchors().len(), 2);
        let theme_of = |set: &ThemeSet, r: usize| set.responses[r].units[0].clone();

        let again = discover_from(&all, &Options::default(), first.anchors());
        let after = again.finish(&all, None);
        assert_eq!(after.anchored, 2);
        assert_eq!(after.themes.len(), 3, "{:?}", after.themes);
        for r in 0..20 {
            assert_eq!(theme_of(&after, r), theme_of(&before, r), "response {r}");
        }
        let new: BTreeSet<Option<String>> = (20..30).map(|r| theme_of(&after, r)).collect();
        assert_eq!(new, BTreeSet::from([Some("t03".to_string())]));

        // Anchors that the units do not fit are set aside: the third group alone starts afresh.
        let third_only: Vec<ResponseUnits<'_>> = all[20..].to_vec();
        let alone =
            discover_from(&third_only, &Options::default(), first.anchors()).finish(&third_only, None);
        assert_eq!(alone.anchored, 0);
        assert!(!alone.themes.is_empty() && alone.other < 10, "{alone:?}");

        // The same data again, from its own anchors, gives the same themes.
        let third = discover_from(&all, &Options::default(), again.anchors()).finish(&all, None);
        assert_eq!(third.themes, after.themes);
        assert_eq!(third.anchored, 3);
        // A fixed number of themes asks for a fresh start: the anchors are set aside.
        let fixed = discover_from(
            &all,
            &Options {
                k: Some(3),
                ..Options::default()
            },
            first.anchors(),
        );
        assert_eq!(fixed.finish(&all, None).anchored, 0);
    }
}
