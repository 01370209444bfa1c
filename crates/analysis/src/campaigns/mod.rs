//! Campaign detection: which responses are copies of one template letter.
//!
//! Brief overview. [`detect`] takes every response's text (and its date, when known) and
//! returns [`Campaigns`]: groups of at least [`Options::min_size`] responses, each with its
//! template (the medoid member), members, share, first and last dates, and each member's
//! **personal additions** (the sentences it has that the template lacks).
//!
//! How, layer by layer:
//! 1. Each text becomes a sequence of words: lower-cased, split at anything that is not a letter
//!    or digit. Case, whitespace, line breaks and punctuation therefore never matter, and
//!    texts with the same words in the same order are **exact copies**; they are grouped by a
//!    hash of the word sequence and analysed once.
//! 2. Each distinct text of at least [`Options::min_words`] words becomes the set of its word
//!    3-shingles (hashed to 32 bits). Shingles of [`Options::common_phrases`] (the
//!    consultation's own proposal and question texts) are removed first, so quoting the
//!    proposal is not evidence of copying.
//! 3. **MinHash** signatures with **LSH banding** ([`Options::bands`] × [`Options::rows`])
//!    propose candidate pairs; each bucket keeps a few leaders, and a text is compared with
//!    them only, so a bucket of a hundred thousand copies costs a hundred thousand comparisons.
//! 4. A candidate pair is **verified** on the exact shingle sets: at least
//!    [`Options::min_shared`] shingles in common, and either Jaccard at least
//!    [`Options::jaccard`] (near-copies, typos, mail-merge swaps, another salutation or
//!    sign-off) or the smaller text at least [`Options::containment`] inside the larger (a
//!    template with a personal paragraph added, or a paragraph dropped). Reordered paragraphs
//!    change only the shingles that straddle a paragraph break.
//! 5. Verified pairs are joined with **union-find**.
//! 6. Union-find chains whatever a series of copies connects: look-alikes that each share a
//!    phrase with the next, two campaigns on the same side that share an opening. So each
//!    connected group is **peeled** around templates: the sampled texts with the most copies in
//!    the sample become templates (one per cluster of mutual copies); a template's **core** is
//!    the shingles at least half its copies keep; a core nested in one already taken is the same
//!    letter with a paragraph dropped, and joins it; and every member goes to the template whose
//!    core it holds the largest share of, at least [`Options::core_share`]. Rounds repeat on
//!    what no template claimed, so smaller campaigns show once larger ones are out of the way.
//! 7. A template is a campaign when it has [`Options::min_size`] members, a core of at least
//!    [`Options::min_core`] shingles, and a median member whose shingles are at least
//!    [`Options::template_share`] core. Exact copies of a text too short for a core (at least
//!    [`Options::min_words`] words) are a campaign when there are three times
//!    [`Options::min_size`] of them.
//!
//! Independent responses that agree in their own words share few 3-shingles (different words
//! in different order), far below the thresholds. Responses that share one stock phrase or quote
//! the proposal hold that phrase as a small part of their text, so they fail step 7 even when a
//! chain joins them in step 5.
//!
//! Everything is deterministic: the same texts in the same order give the same campaigns, with
//! ids `c1`, `c2`, … by decreasing size.

mod evidence;
mod skeleton;
pub mod slots;

pub use evidence::Evidence;
pub use skeleton::MIN_SKELETON_WORDS;

use rayon::prelude::*;
use rustc_hash::{FxHashMap, FxHashSet};
use serde::Serialize;

/// Settings of [`detect`]. The defaults are the measured ones (docs/ACCURACY.md).
#[derive(Debug, Clone, PartialEq)]
pub struct Options {
    /// Words per shingle.
    pub shingle_words: usize,
    /// A text with fewer words never joins a campaign: "I agree" sent a thousand times is a
    /// common answer, not a template.
    pub min_words: usize,
    /// The fewest members a campaign has. Smaller groups of near-identical texts (a couple
    /// sharing one letter, a short stock answer) are left as independent responses.
    pub min_size: usize,
    /// LSH bands.
    pub bands: usize,
    /// MinHash values per band.
    pub rows: usize,
    /// Jaccard similarity of shingle sets at or above which two texts are copies.
    pub jaccard: f64,
    /// Share of the smaller text's shingles found in the larger at or above which two texts
    /// are copies.
    pub containment: f64,
    /// Shingles in common that any match needs: two short answers that share a quoted
    /// proposal are alike, but neither is a letter anyone circulated.
    pub min_shared: usize,
    /// Shingles that at least half a campaign's members share with its template (its core).
    pub min_core: usize,
    /// Share of the core a member holds.
    pub core_share: f64,
    /// Share of its own shingles that the median member has from the core.
    pub template_share: f64,
    /// Text that many independent responses may quote (the proposals and questions): its
    /// shingles are not counted as evidence of copying.
    pub common_phrases: Vec<String>,
    /// Compare every pair of distinct texts instead of the pairs LSH proposes: the reference
    /// the benchmark measures LSH against (quadratic; for tens of thousands at most).
    pub exhaustive: bool,
}

impl Default for Options {
    fn default() -> Self {
        Options {
            shingle_words: 3,
            min_words: 12,
            min_size: 10,
            bands: 32,
            rows: 4,
            jaccard: 0.45,
            containment: 0.7,
            min_shared: 30,
            min_core: 50,
            core_share: 0.5,
            template_share: 0.6,
            common_phrases: Vec::new(),
            exhaustive: false,
        }
    }
}

/// One response as campaign detection sees it.
#[derive(Debug, Clone, Copy)]
pub struct Item<'a> {
    /// All the free text the respondent wrote.
    pub text: &'a str,
    /// When it was submitted (ISO 8601), when known.
    pub submitted_at: Option<&'a str>,
}

/// Text a member has that its campaign's template lacks.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct Addition {
    /// The member's index in the input.
    pub member: usize,
    /// Its own sentences, in order, joined by spaces.
    pub text: String,
}

/// One campaign: a template and the responses that copy it.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct Campaign {
    /// `c1`, `c2`, … by decreasing size.
    pub id: String,
    /// The index of the medoid member, whose text stands for the template.
    pub template: usize,
    /// The medoid's text.
    pub template_text: String,
    /// Member indices, ascending (the template included).
    pub members: Vec<usize>,
    /// Members as a share of all responses given to [`detect`].
    pub share: f64,
    /// The earliest member's date, when any member has one.
    pub first_seen: Option<String>,
    /// The latest member's date, when any member has one.
    pub last_seen: Option<String>,
    /// Each member's own words, for the members that added any.
    pub additions: Vec<Addition>,
    /// Why the members are taken to copy one template, and the template with its slots.
    pub evidence: Evidence,
}

impl Campaign {
    /// The number of members.
    pub fn size(&self) -> usize {
        self.members.len()
    }
}

/// What [`detect`] found.
#[derive(Debug, Clone, PartialEq, Default)]
pub struct Campaigns {
    /// The campaigns, largest first.
    pub campaigns: Vec<Campaign>,
    /// For each input, the index in `campaigns` of its campaign.
    pub member_of: Vec<Option<usize>>,
}

/// Finds the campaigns among `items` (see the [module docs](self)).
pub fn detect(items: &[Item<'_>], options: &Options) -> Campaigns {
    let n = items.len();
    let k = options.shingle_words.max(1);

    // 1. Words, and exact copies.
    let words: Vec<Vec<u64>> = items.par_iter().map(|it| word_hashes(it.text)).collect();
    let mut rep_of_key: FxHashMap<u128, u32> = FxHashMap::default();
    let mut reps: Vec<usize> = Vec::new();
    let mut rep_index = vec![u32::MAX; n];
    for (i, w) in words.iter().enumerate() {
        if w.len() < options.min_words {
            continue;
        }
        let key = sequence_key(w);
        let r = *rep_of_key.entry(key).or_insert_with(|| {
            reps.push(i);
            (reps.len() - 1) as u32
        });
        rep_index[i] = r;
    }
    drop(rep_of_key);

    // 2. Shingle sets of distinct texts, common phrases removed.
    let common: FxHashSet<u32> = options
        .common_phrases
        .iter()
        .flat_map(|p| shingles(&word_hashes(p), k))
        .collect();
    let sets: Vec<Vec<u32>> = reps
        .par_iter()
        .map(|&i| {
            let mut s = shingles(&words[i], k);
            if !common.is_empty() {
                s.retain(|h| !common.contains(h));
            }
            s
        })
        .collect();

    // 3. MinHash signatures and LSH buckets.
    let hashes = options.bands * options.rows;
    let (mul, add) = minhash_family(hashes);
    let signatures: Vec<u32> = sets
        .par_iter()
        .flat_map_iter(|s| minhash(s, &mul, &add))
        .collect();
    let mut uf = UnionFind::new(reps.len());
    if options.exhaustive {
        for (a, b) in all_pairs(&sets, |a, b| copies(a, b, options)) {
            uf.union(a, b);
        }
    }
    let mut keys: Vec<(u64, u32)> = Vec::with_capacity(reps.len());
    for band in 0..if options.exhaustive { 0 } else { options.bands } {
        keys.clear();
        keys.par_extend((0..reps.len()).into_par_iter().filter_map(|r| {
            if sets[r].is_empty() {
                return None;
            }
            let sig = &signatures[r * hashes + band * options.rows..][..options.rows];
            Some((band_key(band, sig), r as u32))
        }));
        keys.par_sort_unstable();
        let mut start = 0;
        while start < keys.len() {
            let mut end = start + 1;
            while end < keys.len() && keys[end].0 == keys[start].0 {
                end += 1;
            }
            if end - start > 1 {
                join_bucket(&keys[start..end], &sets, &mut uf, options);
            }
            start = end;
        }
    }

    // 4. Groups of responses, exact copies included.
    let mut groups: FxHashMap<u32, Vec<usize>> = FxHashMap::default();
    for (i, &r) in rep_index.iter().enumerate() {
        if r != u32::MAX {
            groups.entry(uf.find(r)).or_default().push(i);
        }
    }
    let mut groups: Vec<Vec<usize>> = groups
        .into_values()
        .filter(|g| g.len() >= options.min_size.max(2))
        .collect();
    for g in &mut groups {
        g.sort_unstable();
    }

    // 5. Each group's templates and their members; additions per member.
    let shingle_set = |i: usize| &sets[rep_index[i] as usize];
    let mut found: Vec<(Vec<usize>, usize)> = groups
        .into_par_iter()
        .flat_map_iter(|members| peel(members, &shingle_set, options))
        .collect();
    let mut claimed = vec![false; n];
    for (members, _) in &found {
        for &m in members {
            claimed[m] = true;
        }
    }
    found.extend(skeleton::find(
        &skeleton::Input {
            rep_index: &rep_index,
            reps: &reps,
            sets: &sets,
            words: &words,
            signatures: &signatures,
            hashes,
            claimed: &claimed,
            exhaustive: options.exhaustive,
        },
        options,
    ));
    found.extend(short_exact_copies(&rep_index, &found, options));
    found.sort_by(|a, b| b.0.len().cmp(&a.0.len()).then(a.0[0].cmp(&b.0[0])));

    let texts: Vec<&str> = items.iter().map(|it| it.text).collect();
    let evidence = evidence::describe(
        &found,
        &evidence::Texts {
            texts: &texts,
            words: &words,
            rep_index: &rep_index,
            sets: &sets,
        },
    );
    let mut member_of = vec![None; n];
    let campaigns = found
        .into_iter()
        .zip(evidence)
        .enumerate()
        .map(|(c, ((members, template), evidence))| {
            for &m in &members {
                member_of[m] = Some(c);
            }
            let dates = members.iter().filter_map(|&m| items[m].submitted_at);
            let first_seen = dates.clone().min().map(str::to_string);
            let last_seen = dates.max().map(str::to_string);
            let template_words: FxHashSet<u64> = words[template].iter().copied().collect();
            let template_shingles: FxHashSet<u32> = shingles(&words[template], k).into_iter().collect();
            let additions = members
                .par_iter()
                .filter(|&&m| m != template && rep_index[m] != rep_index[template])
                .filter_map(|&m| {
                    let text = own_words(items[m].text, &template_words, &template_shingles, k);
                    (!text.is_empty()).then_some(Addition { member: m, text })
                })
                .collect();
            Campaign {
                id: format!("c{}", c + 1),
                template,
                template_text: items[template].text.trim().to_string(),
                share: members.len() as f64 / n as f64,
                members,
                first_seen,
                last_seen,
                additions,
                evidence,
            }
        })
        .collect();
    Campaigns { campaigns, member_of }
}

/// Every pair of non-empty sets that `matches`, compared exhaustively (in parallel).
fn all_pairs(sets: &[Vec<u32>], matches: impl Fn(&[u32], &[u32]) -> bool + Sync) -> Vec<(u32, u32)> {
    (0..sets.len())
        .into_par_iter()
        .filter(|&a| !sets[a].is_empty())
        .flat_map_iter(|a| {
            let matches = &matches;
            (a + 1..sets.len())
                .filter(move |&b| !sets[b].is_empty() && matches(&sets[a], &sets[b]))
                .map(move |b| (a as u32, b as u32))
        })
        .collect()
}

/// Exact copies of a text too short for a core (a one-line petition sent verbatim) that no
/// campaign holds: a campaign when there are at least three times [`Options::min_size`] of
/// them, since identical texts of [`Options::min_words`] words or more do not arise by
/// chance in those numbers.
fn short_exact_copies(
    rep_index: &[u32],
    found: &[(Vec<usize>, usize)],
    options: &Options,
) -> Vec<(Vec<usize>, usize)> {
    let mut claimed = vec![false; rep_index.len()];
    for (members, _) in found {
        for &m in members {
            claimed[m] = true;
        }
    }
    let mut by_rep: FxHashMap<u32, Vec<usize>> = FxHashMap::default();
    for (i, &r) in rep_index.iter().enumerate() {
        if r != u32::MAX && !claimed[i] {
            by_rep.entry(r).or_default().push(i);
        }
    }
    let need = 3 * options.min_size.max(2);
    by_rep
        .into_values()
        .filter(|members| members.len() >= need)
        .map(|members| {
            let template = members[0];
            (members, template)
        })
        .collect()
}

/// Compares each text in one LSH bucket with the bucket's leaders (up to four texts from
/// different groups), joining it to the first it copies.
fn join_bucket(bucket: &[(u64, u32)], sets: &[Vec<u32>], uf: &mut UnionFind, options: &Options) {
    const LEADERS: usize = 6;
    let mut leaders: Vec<u32> = Vec::with_capacity(LEADERS);
    for &(_, r) in bucket {
        let mut joined = false;
        for &l in &leaders {
            if uf.find(l) == uf.find(r) || copies(&sets[l as usize], &sets[r as usize], options) {
                uf.union(l, r);
                joined = true;
                break;
            }
        }
        if !joined && leaders.len() < LEADERS {
            leaders.push(r);
        }
    }
}

/// Whether two sorted shingle sets are copies of one text (step 4 of the module docs).
fn copies(a: &[u32], b: &[u32], options: &Options) -> bool {
    if a.is_empty() || b.is_empty() {
        return false;
    }
    let shared = intersection(a, b);
    let union = a.len() + b.len() - shared;
    let smaller = a.len().min(b.len());
    shared >= options.min_shared
        && (shared as f64 >= options.jaccard * union as f64
            || shared as f64 >= options.containment * smaller as f64)
}

fn intersection(a: &[u32], b: &[u32]) -> usize {
    let (mut i, mut j, mut n) = (0, 0, 0);
    while i < a.len() && j < b.len() {
        match a[i].cmp(&b[j]) {
            std::cmp::Ordering::Less => i += 1,
            std::cmp::Ordering::Greater => j += 1,
            std::cmp::Ordering::Equal => {
                n += 1;
                i += 1;
                j += 1;
            }
        }
    }
    n
}

fn jaccard(a: &[u32], b: &[u32]) -> f64 {
    let shared = intersection(a, b);
    shared as f64 / (a.len() + b.len() - shared).max(1) as f64
}

/// Members compared to check that a campaign's members are mostly template.
const SAMPLE: usize = 48;

/// Splits one connected group into campaigns around templates.
///
/// Union-find joins anything a chain of copies connects: look-alikes that each share a phrase
/// with the next, or two campaigns on the same side that share an opening and a few stock
/// phrases. So each round samples the group, takes as templates the sampled texts with the
/// most copies in the sample (densest first, one per cluster of mutual copies), keeps those
/// whose core is long enough and whose copies are mostly template, and gives every member to
/// the template whose core it holds the largest share of. What no template claims goes to the
/// next round, where a smaller campaign missing from this sample can show.
fn peel<'s>(
    members: Vec<usize>,
    set: &(impl Fn(usize) -> &'s Vec<u32> + Sync),
    options: &Options,
) -> Vec<(Vec<usize>, usize)> {
    /// Rounds per group: the first finds nearly everything; later ones pick up campaigns too
    /// small to be sampled beside large ones.
    const ROUNDS: usize = 12;
    let min_size = options.min_size.max(2);
    // Per campaign: its template, its cores (the template's first, then variants of it with a
    // paragraph dropped), and the members claimed so far.
    let mut found: Vec<(usize, Vec<Vec<u32>>, Vec<usize>)> = Vec::new();
    let mut rest = members;
    for _ in 0..ROUNDS {
        if rest.len() < min_size {
            break;
        }
        let sample = spread(&rest, DENSITY_SAMPLE);
        let copies_in_sample: Vec<Vec<usize>> = sample
            .par_iter()
            .map(|&a| {
                sample
                    .iter()
                    .copied()
                    .filter(|&b| copies(set(a), set(b), options))
                    .collect()
            })
            .collect();
        // Density: the summed Jaccard similarity to its copies, so that a bare copy of a
        // template ranks above a letter that pastes two templates together.
        let density: Vec<f64> = (0..sample.len())
            .map(|i| {
                let a = set(sample[i]);
                copies_in_sample[i].iter().map(|&b| jaccard(a, set(b))).sum()
            })
            .collect();
        let mut order: Vec<usize> = (0..sample.len())
            .filter(|&i| copies_in_sample[i].len() >= 2)
            .collect();
        order.sort_by(|&a, &b| density[b].total_cmp(&density[a]).then(a.cmp(&b)));
        let mut seen: Vec<usize> = Vec::new();
        let mut added = false;
        for i in order {
            let template = sample[i];
            if seen.iter().any(|&t| copies(set(t), set(template), options)) {
                continue;
            }
            seen.push(template);
            let core = core(template, &copies_in_sample[i], set);
            let need = options.core_share * core.len() as f64;
            let in_sample: Vec<usize> = sample
                .iter()
                .copied()
                .filter(|&m| intersection(set(m), &core) as f64 >= need)
                .collect();
            if core.len() < options.min_core
                || in_sample.len() < 2
                || !mostly_template(&in_sample, &core, set, options)
            {
                continue;
            }
            // A core nested in one already taken is that letter with a paragraph dropped or
            // moved: it joins that campaign as another core.
            let nested = found.iter().position(|(_, cores, _)| {
                let taken = &cores[0];
                intersection(&core, taken) as f64 >= NESTED * core.len().min(taken.len()) as f64
            });
            match nested {
                Some(k) => found[k].1.push(core),
                None => found.push((template, vec![core], Vec::new())),
            }
            added = true;
        }
        if !added {
            break;
        }
        // Each member goes to the campaign one of whose cores it holds the largest share of.
        // An index from shingle to cores makes that one pass over each member's shingles,
        // however many campaigns a chained group holds.
        let mut index: FxHashMap<u32, Vec<(u32, u32)>> = FxHashMap::default();
        for (k, (_, cores, _)) in found.iter().enumerate() {
            for (j, core) in cores.iter().enumerate() {
                for &h in core {
                    index.entry(h).or_default().push((k as u32, j as u32));
                }
            }
        }
        let best: Vec<Option<usize>> = rest
            .par_iter()
            .map(|&m| {
                let mut hits: FxHashMap<(u32, u32), u32> = FxHashMap::default();
                for h in set(m) {
                    for &kj in index.get(h).into_iter().flatten() {
                        *hits.entry(kj).or_default() += 1;
                    }
                }
                let mut best: Option<(f64, usize)> = None;
                for ((k, j), n) in hits {
                    let share = n as f64 / found[k as usize].1[j as usize].len() as f64;
                    let better = best.is_none_or(|(b, bk)| share > b || (share == b && (k as usize) < bk));
                    if share >= options.core_share && better {
                        best = Some((share, k as usize));
                    }
                }
                best.map(|(_, k)| k)
            })
            .collect();
        let before = rest.len();
        let mut unclaimed = Vec::new();
        for (&m, b) in rest.iter().zip(best) {
            match b {
                Some(k) => found[k].2.push(m),
                None => unclaimed.push(m),
            }
        }
        if unclaimed.len() == before {
            break;
        }
        rest = unclaimed;
    }
    found
        .into_iter()
        .filter(|(_, cores, members)| {
            members.len() >= min_size && mostly_template(members, &cores[0], set, options)
        })
        .map(|(template, _, mut members)| {
            members.sort_unstable();
            (members, template)
        })
        .collect()
}

/// Share of the smaller of two cores found in the larger at or above which the two are one
/// template (one with a paragraph dropped or reordered). Two campaigns on the same side share
/// an opening and some stock phrases, about half of either core in the generated data.
const NESTED: f64 = 0.8;

/// Members sampled to find a group's templates: enough that a campaign of 1% of a chained
/// group shows up in it, few enough that comparing every pair stays cheap.
const DENSITY_SAMPLE: usize = 256;

/// Up to `n` items spread evenly over `items`.
fn spread<T: Copy>(items: &[T], n: usize) -> Vec<T> {
    if items.len() <= n {
        return items.to_vec();
    }
    (0..n).map(|s| items[s * items.len() / n]).collect()
}

/// Whether the median member is mostly template: look-alikes that share a common phrase (the
/// proposal's words, a stock sentence) hold that phrase, but it is a small part of each.
fn mostly_template<'s>(
    members: &[usize],
    core: &[u32],
    set: &(impl Fn(usize) -> &'s Vec<u32> + Sync),
    options: &Options,
) -> bool {
    let mut shares: Vec<f64> = spread(members, SAMPLE)
        .iter()
        .map(|&m| intersection(set(m), core) as f64 / set(m).len().max(1) as f64)
        .collect();
    shares.sort_by(f64::total_cmp);
    shares[shares.len() / 2] >= options.template_share
}

/// The template's shingles that at least half of its copies share: the part of the letter
/// the campaign's members keep, whatever each adds, drops or swaps.
fn core<'s>(template: usize, copies_of: &[usize], set: &(impl Fn(usize) -> &'s Vec<u32> + Sync)) -> Vec<u32> {
    let t = set(template);
    let mut counts = vec![0usize; t.len()];
    for &m in copies_of {
        let s = set(m);
        for (c, h) in counts.iter_mut().zip(t) {
            if s.binary_search(h).is_ok() {
                *c += 1;
            }
        }
    }
    t.iter()
        .zip(&counts)
        .filter(|&(_, &c)| 2 * c >= copies_of.len())
        .map(|(&h, _)| h)
        .collect()
}

/// Opening and closing formulas that are not the respondent's own words even though the
/// template lacks them.
const FORMULAS: [&str; 14] = [
    "dear",
    "to whom",
    "yours",
    "regards",
    "kind regards",
    "best wishes",
    "sincerely",
    "thank you",
    "thanks",
    "many thanks",
    "best",
    "sent from my",
    "hello",
    "hi",
];

/// The sentences of `text` that the template does not contain, joined by spaces.
fn own_words(
    text: &str,
    template_words: &FxHashSet<u64>,
    template_shingles: &FxHashSet<u32>,
    k: usize,
) -> String {
    let mut own: Vec<&str> = Vec::new();
    for sentence in sentences(text) {
        let w = word_hashes(sentence);
        // Names and one-word lines ("Regards,", "Jane Smith") are not additions.
        if w.len() < 4 {
            continue;
        }
        let lower = sentence.trim_start().to_lowercase();
        if FORMULAS.iter().any(|f| lower.starts_with(f)) && w.len() <= 6 {
            continue;
        }
        let s = shingles(&w, k);
        let in_shingles =
            s.iter().filter(|h| template_shingles.contains(h)).count() as f64 / s.len().max(1) as f64;
        let in_words = w.iter().filter(|h| template_words.contains(h)).count() as f64 / w.len() as f64;
        if in_shingles < 0.5 && in_words < 0.8 {
            own.push(sentence.trim());
        }
    }
    own.join(" ")
}

/// Sentences and lines of `text`: cut after `.`, `!` or `?` followed by whitespace, and at
/// line breaks.
fn sentences(text: &str) -> Vec<&str> {
    let mut out = Vec::new();
    let mut start = 0;
    let bytes = text.as_bytes();
    for (i, &b) in bytes.iter().enumerate() {
        let end_of_sentence =
            matches!(b, b'.' | b'!' | b'?') && bytes.get(i + 1).is_some_and(|n| n.is_ascii_whitespace());
        if b == b'\n' || end_of_sentence {
            let piece = &text[start..=i];
            if !piece.trim().is_empty() {
                out.push(piece);
            }
            start = i + 1;
        }
    }
    if !text[start..].trim().is_empty() {
        out.push(&text[start..]);
    }
    out
}

/// The text's words, lower-cased, each hashed to 64 bits.
pub fn word_hashes(text: &str) -> Vec<u64> {
    let mut out = Vec::with_capacity(text.len() / 5);
    let mut h: u64 = SEED;
    let mut in_word = false;
    for c in text.chars() {
        if c.is_alphanumeric() {
            for l in c.to_lowercase() {
                h = (h ^ l as u64).wrapping_mul(PRIME);
            }
            in_word = true;
        } else if in_word {
            out.push(mix(h));
            h = SEED;
            in_word = false;
        }
    }
    if in_word {
        out.push(mix(h));
    }
    out
}

const SEED: u64 = 0xcbf2_9ce4_8422_2325;
const PRIME: u64 = 0x0000_0100_0000_01b3;

/// splitmix64's finaliser: every input bit affects every output bit.
fn mix(mut x: u64) -> u64 {
    x ^= x >> 30;
    x = x.wrapping_mul(0xbf58_476d_1ce4_e5b9);
    x ^= x >> 27;
    x = x.wrapping_mul(0x94d0_49bb_1331_11eb);
    x ^ (x >> 31)
}

fn sequence_key(words: &[u64]) -> u128 {
    let (mut a, mut b) = (SEED, !SEED);
    for &w in words {
        a = mix(a ^ w);
        b = mix(b.rotate_left(17) ^ w ^ 0x9e37_79b9_7f4a_7c15);
    }
    ((a as u128) << 64) | b as u128
}

/// Sorted, distinct 32-bit hashes of the `k`-word shingles (the whole text when shorter).
fn shingles(words: &[u64], k: usize) -> Vec<u32> {
    let mut out: Vec<u32> = if words.len() < k {
        if words.is_empty() {
            Vec::new()
        } else {
            vec![shingle(words)]
        }
    } else {
        words.windows(k).map(shingle).collect()
    };
    out.sort_unstable();
    out.dedup();
    out
}

fn shingle(words: &[u64]) -> u32 {
    let mut h = 0u64;
    for (i, &w) in words.iter().enumerate() {
        h ^= w.rotate_left(i as u32 * 23);
    }
    (mix(h) >> 32) as u32
}

/// Multiply-shift hash functions `(a·x + b) >> 32` with fixed odd `a`, one per MinHash value.
fn minhash_family(n: usize) -> (Vec<u64>, Vec<u64>) {
    let mut state = 0x2545_f491_4f6c_dd1d_u64;
    let mut next = || {
        state = state.wrapping_add(0x9e37_79b9_7f4a_7c15);
        mix(state)
    };
    (0..n).map(|_| (next() | 1, next())).unzip()
}

fn minhash(set: &[u32], mul: &[u64], add: &[u64]) -> Vec<u32> {
    let mut mins = vec![u32::MAX; mul.len()];
    for &x in set {
        let x = x as u64;
        for ((m, &a), &b) in mins.iter_mut().zip(mul).zip(add) {
            let h = (a.wrapping_mul(x).wrapping_add(b) >> 32) as u32;
            *m = (*m).min(h);
        }
    }
    mins
}

fn band_key(band: usize, values: &[u32]) -> u64 {
    let mut h = mix(band as u64 + 1);
    for &v in values {
        h = mix(h ^ v as u64);
    }
    h
}

/// Union-find with path halving and union by size.
struct UnionFind {
    parent: Vec<u32>,
    size: Vec<u32>,
}

impl UnionFind {
    fn new(n: usize) -> Self {
        UnionFind {
            parent: (0..n as u32).collect(),
            size: vec![1; n],
        }
    }

    fn find(&mut self, mut x: u32) -> u32 {
        while self.parent[x as usize] != x {
            let p = self.parent[x as usize];
            self.parent[x as usize] = self.parent[p as usize];
            x = p;
        }
        x
    }

    fn union(&mut self, a: u32, b: u32) {
        let (a, b) = (self.find(a), self.find(b));
        if a == b {
            return;
        }
        let (big, small) = if self.size[a as usize] >= self.size[b as usize] {
            (a, b)
        } else {
            (b, a)
        };
        self.parent[small as usize] = big;
        self.size[big as usize] += self.size[small as usize];
    }
}
