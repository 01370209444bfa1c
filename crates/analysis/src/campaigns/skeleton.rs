//! Campaigns of short messages: texts that share a **skeleton**, the phrases a campaign's
//! members use and the rest of the consultation does not.
//!
//! The letter stage ([`super::detect`], steps 2–7) needs a core of fifty shingles, so it never
//! sees a two-sentence template. This stage runs on the responses that stage left, of up to
//! [`MOST_WORDS`] words, and finds
//! four styles of short campaign with one model:
//! - **mail-merge**: every phrase of the template swapped for one of a few alternatives, so
//!   two members may share only half their words, but every member is made of the
//!   campaign's phrases;
//! - **a personal sentence** before or after the template;
//! - **reordered sentences**, some dropped;
//! - **near-copies** of texts from about fifteen words up.
//!
//! How:
//! 1. Candidate pairs come from the same MinHash signatures as the letter stage, banded for
//!    lower similarity ([`BANDS`] × [`ROWS`]), and are **verified**: [`MIN_SHARED`] shingles
//!    in common, and a Jaccard of [`JACCARD`] or the smaller text [`CONTAINMENT`] inside the
//!    larger. Verified pairs are joined with union-find into groups.
//! 2. In each group a **language** is grown from a seed (the text with most matches as a
//!    whole, not by containment: a one-line answer lies inside many texts without being
//!    anyone's template): the members are the texts with at least [`GROW`] of their shingles
//!    in the language, and the language is every shingle two members use. Once that settles,
//!    the language keeps the shingles at least [`LANGUAGE_SHARE`] of the members use. Either
//!    way the members must use a shingle at [`LIFT`] times the rate everyone else does, so
//!    stock phrases ("I agree with the proposal") stay out: they are as common outside.
//! 3. A member in the end has at least `template_share` of its shingles in the language
//!    ([`super::Options::template_share`]), not counting **stock** shingles (used by
//!    [`STOCK_SHARE`] of all responses, such as the proposal's name), which are no evidence
//!    either way; and holds at least half as many of the language's shingles as the typical
//!    member. A campaign has `min_size` members, a typical member with at least
//!    [`MIN_SKELETON_WORDS`] words in the language, and most of the texts that hold as much of
//!    the language as its typical member must be members ([`MEMBERS_AMONG_HOLDERS`]). A last
//!    pass over every response left gives each one whose words a language explains (by the
//!    same tests) to that campaign, so a member with no verified pair joins.
//!
//! Why the language must be grown rather than compared pair by pair: in a mail-merge campaign
//! of six slots with four alternatives each, two members share on average a quarter of their
//! phrases, as little as two independent answers that quote the same words. What sets the
//! campaign apart is that *all* its members are made of one small set of phrases.

use super::{Options, UnionFind, band_key, intersection};
use rayon::prelude::*;
use rustc_hash::{FxHashMap, FxHashSet};

/// LSH bands over the shared signatures; with [`ROWS`] values each, a pair of Jaccard 0.3 is
/// proposed with probability 0.95, one of 0.2 with 0.73 and one of 0.1 with 0.28.
const BANDS: usize = 32;
/// MinHash values per band.
const ROWS: usize = 2;
/// Shingles a verified pair shares: about eight words in the same order.
pub(super) const MIN_SHARED: usize = 6;
/// Jaccard of a verified pair.
const JACCARD: f64 = 0.3;
/// Share of the smaller text inside the larger for a verified pair (a template with a
/// personal sentence added).
const CONTAINMENT: f64 = 0.6;
/// Share of a text's shingles in the language for it to count while the language grows.
const GROW: f64 = 0.5;
/// Share of the members (weighted by exact copies) that use a shingle for it to be in the
/// language.
const LANGUAGE_SHARE: f64 = 0.05;
/// Words of the template that the language must cover: shorter shared texts ("I agree with
/// the proposal to ban these adverts") are answers many people give in the same words.
pub const MIN_SKELETON_WORDS: usize = 15;
/// Share of all responses that use a phrase for it to be stock, neutral in deciding whether a
/// text is a campaign's.
const STOCK_SHARE: f64 = 0.02;
/// How many times more often a campaign's members use one of its phrases than everyone else
/// does, at least.
const LIFT: f64 = 4.0;
/// Share of the texts holding as much of a campaign's language as its typical member does
/// that must be members: a stock sentence many quote inside longer answers fails this.
const MEMBERS_AMONG_HOLDERS: f64 = 0.5;
/// The longest text this stage considers. Letters are the letter stage's: organisations'
/// letters composed from the same stock paragraphs share many phrases without sharing a
/// template, and only a template's long core tells them apart.
const MOST_WORDS: usize = 150;
/// Rounds of growth from one seed; it settles in three or four.
const GROWTH_ROUNDS: usize = 8;
/// Seeds tried in one group after a seed that found no campaign.
const FAILED_SEEDS: usize = 3;

/// What the stage reads: the letter stage's distinct texts and their signatures.
pub(super) struct Input<'a> {
    /// For each response, its distinct text (`u32::MAX`: too short to consider).
    pub rep_index: &'a [u32],
    /// Each distinct text's response (the first with that text).
    pub reps: &'a [usize],
    /// Each distinct text's sorted shingles.
    pub sets: &'a [Vec<u32>],
    /// Each response's word hashes.
    pub words: &'a [Vec<u64>],
    /// MinHash signatures, `hashes` values per distinct text.
    pub signatures: &'a [u32],
    /// Values per signature.
    pub hashes: usize,
    /// Responses the letter stage already placed in a campaign.
    pub claimed: &'a [bool],
    /// Compare every pair instead of LSH's candidates ([`Options::exhaustive`]).
    pub exhaustive: bool,
}

/// One campaign found: its member responses (ascending) and the response that stands for its
/// template.
pub(super) type Found = (Vec<usize>, usize);

/// Finds the short campaigns among the responses no letter campaign holds.
pub(super) fn find(input: &Input<'_>, options: &Options) -> Vec<Found> {
    let n_reps = input.sets.len();
    let min_size = options.min_size.max(2) as u32;
    // Unclaimed copies of each distinct text, and all copies.
    let mut weight = vec![0u32; n_reps];
    let mut all_copies = vec![0u32; n_reps];
    for (i, &r) in input.rep_index.iter().enumerate() {
        if r != u32::MAX {
            all_copies[r as usize] += 1;
            if !input.claimed[i] {
                weight[r as usize] += 1;
            }
        }
    }
    let eligible: Vec<bool> = (0..n_reps)
        .map(|r| {
            weight[r] > 0
                && input.sets[r].len() >= MIN_SHARED
                && input.words[input.reps[r]].len() <= MOST_WORDS
        })
        .collect();

    // 1. Candidate pairs, verified, joined.
    let (groups, degree) = groups(input, &eligible);
    let groups: Vec<Vec<u32>> = groups
        .into_iter()
        .filter(|g| g.iter().map(|&r| weight[r as usize]).sum::<u32>() >= min_size)
        .collect();
    if groups.is_empty() {
        return Vec::new();
    }

    // How often each shingle of those groups is used across the whole consultation.
    let mut everywhere: FxHashMap<u32, u32> = FxHashMap::default();
    for g in &groups {
        for &r in g {
            for &h in &input.sets[r as usize] {
                everywhere.insert(h, 0);
            }
        }
    }
    for (r, set) in input.sets.iter().enumerate() {
        for h in set {
            if let Some(c) = everywhere.get_mut(h) {
                *c += all_copies[r];
            }
        }
    }

    // 2. Languages grown from seeds, group by group.
    let context = Context {
        responses: all_copies.iter().sum(),
        sets: input.sets,
        reps: input.reps,
        words: input.words,
        weight: &weight,
        everywhere: &everywhere,
        template_share: options.template_share,
        min_size,
    };
    let mut campaigns: Vec<Grown> = groups
        .into_par_iter()
        .flat_map_iter(|g| context.campaigns_in(g, &degree))
        .collect();
    campaigns.sort_by_key(|g| g.members[0]);

    // 3. Every response left that a language explains joins that campaign.
    let mut taken = vec![false; n_reps];
    for g in &campaigns {
        for &r in &g.members {
            taken[r as usize] = true;
        }
    }
    let mut index: FxHashMap<u32, Vec<u32>> = FxHashMap::default();
    for (c, g) in campaigns.iter().enumerate() {
        for &h in &g.language {
            index.entry(h).or_default().push(c as u32);
        }
    }
    let joins: Vec<(u32, u32)> = (0..n_reps as u32)
        .into_par_iter()
        .filter(|&r| eligible[r as usize] && !taken[r as usize])
        .filter_map(|r| {
            let set = &input.sets[r as usize];
            let mut hits: FxHashMap<u32, usize> = FxHashMap::default();
            let mut stock = 0;
            for h in set {
                match index.get(h) {
                    Some(cs) => cs.iter().for_each(|&c| *hits.entry(c).or_default() += 1),
                    None => stock += usize::from(context.is_stock(h)),
                }
            }
            let own = (set.len() - stock) as f64;
            hits.into_iter()
                .filter(|&(c, k)| {
                    k >= MIN_SHARED
                        && k as f64 >= options.template_share * own
                        && 2 * k >= campaigns[c as usize].typical
                })
                .max_by(|a, b| a.1.cmp(&b.1).then(b.0.cmp(&a.0)))
                .map(|(c, _)| (r, c))
        })
        .collect();
    for (r, c) in joins {
        campaigns[c as usize].members.push(r);
    }

    // Back from distinct texts to responses.
    let mut members_of: Vec<Vec<usize>> = vec![Vec::new(); campaigns.len()];
    let mut campaign_of_rep: FxHashMap<u32, usize> = FxHashMap::default();
    for (c, g) in campaigns.iter().enumerate() {
        for &r in &g.members {
            campaign_of_rep.insert(r, c);
        }
    }
    for (i, &r) in input.rep_index.iter().enumerate() {
        if r != u32::MAX
            && !input.claimed[i]
            && let Some(&c) = campaign_of_rep.get(&r)
        {
            members_of[c].push(i);
        }
    }
    campaigns
        .iter()
        .zip(members_of)
        .filter(|(_, members)| members.len() >= min_size as usize)
        .map(|(g, members)| {
            let template = most_typical(&g.members, &g.language, &context);
            (members, input.reps[template as usize])
        })
        .collect()
}

/// Verified candidate pairs joined into groups of distinct texts, and each text's number of
/// verified matches.
fn groups(input: &Input<'_>, eligible: &[bool]) -> (Vec<Vec<u32>>, Vec<u32>) {
    let n_reps = input.sets.len();
    let mut uf = UnionFind::new(n_reps);
    let mut degree = vec![0u32; n_reps];
    let mut keys: Vec<(u64, u32)> = Vec::with_capacity(n_reps);
    if input.exhaustive {
        let sets: Vec<Vec<u32>> = (0..n_reps)
            .map(|r| {
                if eligible[r] {
                    input.sets[r].clone()
                } else {
                    Vec::new()
                }
            })
            .collect();
        for (a, b) in super::all_pairs(&sets, |a, b| alike(a, b).is_some()) {
            uf.union(a, b);
            if alike(&sets[a as usize], &sets[b as usize]) == Some(true) {
                degree[a as usize] += 1;
                degree[b as usize] += 1;
            }
        }
    }
    let bands = if input.exhaustive {
        0
    } else {
        BANDS.min(input.hashes / ROWS)
    };
    for band in 0..bands {
        keys.clear();
        keys.par_extend((0..n_reps).into_par_iter().filter_map(|r| {
            if !eligible[r] {
                return None;
            }
            let sig = &input.signatures[r * input.hashes + band * ROWS..][..ROWS];
            Some((band_key(1000 + band, sig), r as u32))
        }));
        keys.par_sort_unstable();
        for bucket in keys.chunk_by(|a, b| a.0 == b.0).filter(|b| b.len() > 1) {
            join_bucket(bucket, input.sets, &mut uf, &mut degree);
        }
    }
    let mut groups: FxHashMap<u32, Vec<u32>> = FxHashMap::default();
    for r in (0..n_reps as u32).filter(|&r| eligible[r as usize]) {
        groups.entry(uf.find(r)).or_default().push(r);
    }
    let mut groups: Vec<Vec<u32>> = groups.into_values().collect();
    groups.sort_by_key(|g| g[0]);
    (groups, degree)
}

/// Compares each text in a bucket with the bucket's first few distinct leaders.
fn join_bucket(bucket: &[(u64, u32)], sets: &[Vec<u32>], uf: &mut UnionFind, degree: &mut [u32]) {
    const LEADERS: usize = 6;
    let mut leaders: Vec<u32> = Vec::with_capacity(LEADERS);
    for &(_, r) in bucket {
        let mut joined = false;
        for &l in &leaders {
            if let Some(similar) = alike(&sets[l as usize], &sets[r as usize]) {
                uf.union(l, r);
                if similar {
                    degree[l as usize] += 1;
                    degree[r as usize] += 1;
                }
                joined = true;
                break;
            }
        }
        if !joined && leaders.len() < LEADERS {
            leaders.push(r);
        }
    }
}

/// Whether two short texts are verified as a candidate pair (step 1 of the module docs):
/// `Some(true)` when they are alike as wholes (Jaccard), `Some(false)` when one is mostly
/// inside the other. Only the first counts towards a text's matches when seeds are chosen: a
/// one-line answer lies inside many longer texts without being anyone's template.
fn alike(a: &[u32], b: &[u32]) -> Option<bool> {
    let shared = intersection(a, b);
    if shared < MIN_SHARED {
        return None;
    }
    let union = a.len() + b.len() - shared;
    if shared as f64 >= JACCARD * union as f64 {
        Some(true)
    } else {
        (shared as f64 >= CONTAINMENT * a.len().min(b.len()) as f64).then_some(false)
    }
}

/// A campaign grown from a seed.
struct Grown {
    /// Its distinct texts.
    members: Vec<u32>,
    /// Its phrases.
    language: FxHashSet<u32>,
    /// How many of its phrases the median member holds.
    typical: usize,
}

/// What growing a language reads.
struct Context<'a> {
    /// Responses with a distinct text of their own (all copies).
    responses: u32,
    sets: &'a [Vec<u32>],
    reps: &'a [usize],
    words: &'a [Vec<u64>],
    weight: &'a [u32],
    everywhere: &'a FxHashMap<u32, u32>,
    template_share: f64,
    min_size: u32,
}

impl Context<'_> {
    /// The campaigns in one group: languages grown from seeds in order of verified matches,
    /// each campaign's members taken out before the next seed.
    fn campaigns_in(&self, group: Vec<u32>, degree: &[u32]) -> Vec<Grown> {
        let mut seeds = group.clone();
        seeds.sort_by(|&a, &b| degree[b as usize].cmp(&degree[a as usize]).then(a.cmp(&b)));
        let mut rest: FxHashSet<u32> = group.into_iter().collect();
        let mut found = Vec::new();
        let mut failures = 0;
        for seed in seeds {
            if failures >= FAILED_SEEDS || self.weight_of(rest.iter()) < self.min_size {
                break;
            }
            if !rest.contains(&seed) {
                continue;
            }
            match self.grow(seed, &rest) {
                Some(grown) => {
                    for m in &grown.members {
                        rest.remove(m);
                    }
                    found.push(grown);
                    failures = 0;
                }
                None => failures += 1,
            }
        }
        found
    }

    fn weight_of<'r>(&self, reps: impl Iterator<Item = &'r u32>) -> u32 {
        reps.map(|&r| self.weight[r as usize]).sum()
    }

    /// Grows a language from `seed` over `rest` (step 2), and keeps it when it is a campaign
    /// (step 3).
    fn grow(&self, seed: u32, rest: &FxHashSet<u32>) -> Option<Grown> {
        let mut candidates: Vec<u32> = rest.iter().copied().collect();
        candidates.sort_unstable();
        let members_by = |language: &FxHashSet<u32>, share: f64| -> Vec<u32> {
            candidates
                .par_iter()
                .copied()
                .filter(|&r| r == seed || self.explained(r, language, share))
                .collect()
        };
        // Reach: every phrase two members use joins the language, so the members of a
        // mail-merge with many slots, each sharing a little with the seed, are reached in a
        // few rounds.
        let mut language: FxHashSet<u32> = self.sets[seed as usize].iter().copied().collect();
        let mut members: Vec<u32> = vec![seed];
        for _ in 0..GROWTH_ROUNDS {
            let next = members_by(&language, GROW);
            let settled = next == members;
            members = next;
            language = self.language(&members, 2);
            if settled {
                break;
            }
        }
        // Settle: the language is what a share of the members use; members are what it
        // explains.
        let need = (LANGUAGE_SHARE * self.weight_of(members.iter()) as f64)
            .ceil()
            .max(2.0) as u32;
        let language = self.language(&members, need);
        let mut members = members_by(&language, self.template_share);
        if self.weight_of(members.iter()) < self.min_size {
            return None;
        }
        // A member holds at least half as much of the language as the typical member: one
        // clause of the template inside a short answer of one's own is not a copy.
        let held = |r: u32| {
            self.sets[r as usize]
                .iter()
                .filter(|h| language.contains(h))
                .count()
        };
        let mut member_holdings: Vec<usize> = members.iter().map(|&r| held(r)).collect();
        member_holdings.sort_unstable();
        let typical = member_holdings[member_holdings.len() / 2];
        members.retain(|&r| 2 * held(r) >= typical);
        if self.weight_of(members.iter()) < self.min_size {
            return None;
        }
        // The words a typical member shares: the median over (a spread of) the members.
        let step = (members.len() / 200).max(1);
        let mut shared: Vec<usize> = members
            .iter()
            .step_by(step)
            .map(|&r| self.skeleton_words(r, &language))
            .collect();
        shared.sort_unstable();
        let skeleton = shared[shared.len() / 2];
        // A sentence that circulates widely is quoted by many who write more of their own; the
        // few who wrote little else are not a campaign. So most of the texts that hold as much
        // of the language as a typical member does must be members.
        let holders: u32 = candidates
            .par_iter()
            .filter(|&&r| 2 * held(r) >= typical)
            .map(|&r| self.weight[r as usize])
            .sum();
        let most_hold = MEMBERS_AMONG_HOLDERS * holders as f64 <= self.weight_of(members.iter()) as f64;
        (skeleton >= MIN_SKELETON_WORDS && most_hold).then_some(Grown {
            members,
            language,
            typical,
        })
    }

    /// The shingles that at least `need` of `members` use (counting exact copies), and that
    /// they use at a rate at least [`LIFT`] times the rate of everyone else: a stock phrase is
    /// as common outside the campaign as in it.
    fn language(&self, members: &[u32], need: u32) -> FxHashSet<u32> {
        let mut uses: FxHashMap<u32, u32> = FxHashMap::default();
        for &r in members {
            for &h in &self.sets[r as usize] {
                *uses.entry(h).or_default() += self.weight[r as usize];
            }
        }
        let inside = self.weight_of(members.iter()).max(1) as f64;
        let outside = (self.responses as f64 - inside).max(1.0);
        uses.into_iter()
            .filter(|&(h, used)| {
                let elsewhere = self.everywhere[&h].saturating_sub(used) as f64;
                used >= need && used as f64 / inside >= LIFT * elsewhere / outside
            })
            .map(|(h, _)| h)
            .collect()
    }

    /// Whether at least `share` of the text's shingles (and [`MIN_SHARED`]) are in `language`.
    /// Stock phrases outside the language ("gambling adverts in sport" in a consultation about
    /// them) count neither way: they are no evidence of copying, nor of writing one's own.
    fn explained(&self, r: u32, language: &FxHashSet<u32>, share: f64) -> bool {
        let set = &self.sets[r as usize];
        let k = set.iter().filter(|h| language.contains(h)).count();
        let stock = set
            .iter()
            .filter(|h| !language.contains(h) && self.is_stock(h))
            .count();
        k >= MIN_SHARED && k as f64 >= share * (set.len() - stock) as f64
    }

    /// Whether a phrase is used by at least [`STOCK_SHARE`] of all responses.
    fn is_stock(&self, h: &u32) -> bool {
        self.everywhere
            .get(h)
            .is_some_and(|&n| n as f64 >= STOCK_SHARE * self.responses as f64)
    }

    /// Words of text `r` that lie in a shingle of `language`.
    fn skeleton_words(&self, r: u32, language: &FxHashSet<u32>) -> usize {
        covered_words(&self.words[self.reps[r as usize]], language)
    }
}

/// How many of `words` lie inside at least one of their 3-shingles that is in `language`.
pub(super) fn covered_words(words: &[u64], language: &FxHashSet<u32>) -> usize {
    let k = 3;
    if words.len() < k {
        return 0;
    }
    let mut covered = vec![false; words.len()];
    for (i, w) in words.windows(k).enumerate() {
        if language.contains(&super::shingle(w)) {
            covered[i..i + k].iter_mut().for_each(|c| *c = true);
        }
    }
    covered.iter().filter(|&&c| c).count()
}

/// The member most made of the campaign's own phrases, counted by how many members use
/// each: a bare copy of the template rather than one with a sentence added.
fn most_typical(members: &[u32], language: &FxHashSet<u32>, context: &Context<'_>) -> u32 {
    let mut uses: FxHashMap<u32, u64> = FxHashMap::default();
    for &r in members {
        for h in &context.sets[r as usize] {
            if language.contains(h) {
                *uses.entry(*h).or_default() += context.weight[r as usize] as u64;
            }
        }
    }
    let score = |r: u32| {
        let set = &context.sets[r as usize];
        set.iter().map(|h| uses.get(h).copied().unwrap_or(0)).sum::<u64>() as f64 / set.len().max(1) as f64
    };
    members
        .iter()
        .copied()
        .max_by(|&a, &b| score(a).total_cmp(&score(b)).then(b.cmp(&a)))
        .unwrap_or(0)
}
