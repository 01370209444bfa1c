//! A campaign's template written out with its **slots**: "I {urge | ask | call upon}
//! {parliament | ministers} to …", learned from the members, not from a thesaurus.
//!
//! 1. Every sampled member is aligned with the template text word by word (longest common
//!    subsequence, case and punctuation ignored).
//! 2. A template word that at least [`FIXED`] of the members keep is **fixed**. Between two
//!    fixed words (or before the first, or after the last) each member has a **filling**: the
//!    words it has there, perhaps none.
//! 3. The fillings of one gap may be several slots side by side ("call upon our MPs", "urge
//!    ministers"). They are cut where the words vary on both sides: several different words
//!    follow the two before the cut, across all fillings, and several precede the two after
//!    it. The pieces, taken in order, are the slots. A slot that still has more alternatives
//!    than can be shown is cut again where every filling passes one state of the smallest
//!    automaton that reads exactly those fillings.
//! 4. A slot whose common alternatives (used by two members or more) account for
//!    [`EXPLAINED`] of the members is shown as `{a | b | c}`, with `–` for "nothing here"; any
//!    other is the members' own words, shown as `{…}`, and so is whatever follows a closing
//!    ("Yours sincerely,"): a signature.
//!
//! When fewer than half the template's words are fixed, the members move its sentences about:
//! the template is then the sentences most members use, "in any order".

use super::{sentences, spread};
use rustc_hash::{FxHashMap, FxHashSet};

/// Share of members that keep a template word for it to be fixed.
const FIXED: f64 = 0.8;
/// Share of members whose filling of a slot is one of its common alternatives, for the
/// alternatives to be shown.
const EXPLAINED: f64 = 0.8;
/// The most alternatives shown for one slot.
const MOST_ALTERNATIVES: usize = 8;
/// Members aligned.
const SAMPLE: usize = 200;
/// Word pairs compared per campaign at most: fewer members are aligned when the template is
/// long (a letter's slots need fewer members to show than a short mail-merge's).
const ALIGNMENT_BUDGET: usize = 4_000_000;
/// Words of a text aligned (longer letters are cut; their slots are near the start anyway).
const MOST_WORDS: usize = 250;
/// Share of members that use a sentence for it to be part of a reordered template.
const SENTENCE_SHARE: f64 = 0.2;

/// The template with its slots.
#[derive(Debug, Clone, PartialEq)]
pub struct Layout {
    /// The template: fixed words, `{a | b}` for a slot with few alternatives, `{…}` where the
    /// members write their own words; or the sentences in any order.
    pub text: String,
    /// Slots with alternatives.
    pub slots: usize,
    /// Whether the members give the template's sentences in varying order.
    pub reordered: bool,
}

/// Last words of a closing, after which a letter is signed.
const CLOSINGS: [&str; 8] = [
    "sincerely",
    "faithfully",
    "regards",
    "wishes",
    "truly",
    "thanks",
    "cheers",
    "best",
];

/// A word as written, and as compared.
struct Token<'a> {
    shown: &'a str,
    key: String,
}

/// A word as compared: its letters and digits, lower-cased.
fn key(word: &str) -> String {
    word.chars()
        .filter(|c| c.is_alphanumeric())
        .flat_map(char::to_lowercase)
        .collect()
}

fn tokens(text: &str) -> Vec<Token<'_>> {
    text.split_whitespace()
        .filter_map(|w| {
            let key = key(w);
            (!key.is_empty()).then_some(Token { shown: w, key })
        })
        .take(MOST_WORDS)
        .collect()
}

/// Writes out the template `reference` with the slots its `members` show.
pub fn layout(reference: &str, members: &[&str]) -> Layout {
    let reference_tokens = tokens(reference);
    let aligned_members = (ALIGNMENT_BUDGET / reference_tokens.len().pow(2).max(1)).clamp(40, SAMPLE);
    let sample: Vec<Vec<Token>> = spread(members, aligned_members).into_iter().map(tokens).collect();
    if reference_tokens.is_empty() || sample.is_empty() {
        return Layout {
            text: reference.trim().to_string(),
            slots: 0,
            reordered: false,
        };
    }
    let aligned: Vec<Vec<Option<usize>>> = sample.iter().map(|m| align(&reference_tokens, m)).collect();
    let fixed: Vec<usize> = (0..reference_tokens.len())
        .filter(|&i| aligned.iter().filter(|a| a[i].is_some()).count() as f64 >= FIXED * sample.len() as f64)
        .collect();
    if fixed.len() * 2 < reference_tokens.len()
        && let Some(layout) = in_any_order(reference, members)
    {
        return layout;
    }
    let mut parts: Vec<String> = Vec::new();
    let mut slots = 0;
    // Gaps: before the first fixed word, between fixed words, after the last.
    let anchors: Vec<Option<usize>> = std::iter::once(None)
        .chain(fixed.iter().map(|&i| Some(i)))
        .chain(std::iter::once(None))
        .collect();
    for (g, pair) in anchors.windows(2).enumerate() {
        let (from, to) = (pair[0], pair[1]);
        let fillings: Vec<Vec<&str>> = sample
            .iter()
            .zip(&aligned)
            .filter_map(|(m, a)| {
                let start = match from {
                    None => 0,
                    Some(i) => a[i]? + 1,
                };
                let end = match to {
                    None => m.len(),
                    Some(i) => a[i]?,
                };
                Some(m[start.min(end)..end].iter().map(|t| t.shown).collect())
            })
            .collect();
        // Whatever follows a closing ("Yours sincerely,") is a signature: names, never shown.
        let after_closing = parts.last().is_some_and(|p| {
            let p = p.to_lowercase();
            CLOSINGS
                .iter()
                .any(|c| p.trim_end_matches([',', '.']).ends_with(c))
        });
        if fillings.iter().any(|f| !f.is_empty()) {
            for slot in split(&fillings) {
                let shown = if after_closing {
                    None
                } else {
                    alternatives(&slot, sample.len())
                };
                match shown {
                    Some(alts) if alts.len() == 1 => {
                        if alts[0] != "–" {
                            parts.push(alts[0].clone());
                        }
                    }
                    Some(alts) => {
                        slots += 1;
                        parts.push(format!("{{{}}}", alts.join(" | ")));
                    }
                    None => parts.push("{…}".to_string()),
                }
            }
        }
        if g < fixed.len() {
            parts.push(reference_tokens[fixed[g]].shown.to_string());
        }
    }
    Layout {
        text: parts.join(" "),
        slots,
        reordered: false,
    }
}

/// For each reference word, the member word aligned with it (longest common subsequence).
fn align(reference: &[Token], member: &[Token]) -> Vec<Option<usize>> {
    let (n, m) = (reference.len(), member.len());
    let mut table = vec![0u16; (n + 1) * (m + 1)];
    let at = |i: usize, j: usize| i * (m + 1) + j;
    for i in (0..n).rev() {
        for j in (0..m).rev() {
            table[at(i, j)] = if reference[i].key == member[j].key {
                table[at(i + 1, j + 1)] + 1
            } else {
                table[at(i + 1, j)].max(table[at(i, j + 1)])
            };
        }
    }
    let mut out = vec![None; n];
    let (mut i, mut j) = (0, 0);
    while i < n && j < m {
        if reference[i].key == member[j].key {
            // A common word ("I", "to") recurs: where passing over the member's word loses
            // nothing and the next words differ, the template's word is further on.
            let contiguous = i + 1 < n && j + 1 < m && reference[i + 1].key == member[j + 1].key;
            if !contiguous && j + 1 < m && table[at(i, j + 1)] == table[at(i, j)] {
                j += 1;
                continue;
            }
            out[i] = Some(j);
            i += 1;
            j += 1;
        } else if table[at(i + 1, j)] >= table[at(i, j + 1)] {
            i += 1;
        } else {
            j += 1;
        }
    }
    out
}

/// Splits one gap's fillings into slots side by side (step 3 of the module docs): first where
/// the words on both sides vary (any of several words may follow the two before, and any of
/// several precede the two after), then, within a slot that still has too many alternatives,
/// where every filling passes one state of the smallest automaton that reads them.
fn split<'a>(fillings: &[Vec<&'a str>]) -> Vec<Vec<Vec<&'a str>>> {
    let keyed: Vec<Vec<String>> = fillings.iter().map(|f| keys(f)).collect();
    let mut follows: FxHashMap<&[String], FxHashSet<&str>> = FxHashMap::default();
    let mut precedes: FxHashMap<&[String], FxHashSet<&str>> = FxHashMap::default();
    for k in &keyed {
        for p in 1..k.len() {
            follows
                .entry(&k[p.saturating_sub(2)..p])
                .or_default()
                .insert(&k[p]);
            precedes
                .entry(&k[p..(p + 2).min(k.len())])
                .or_default()
                .insert(&k[p - 1]);
        }
    }
    let cuts: Vec<Vec<usize>> = keyed
        .iter()
        .map(|k| {
            (1..k.len())
                .filter(|&p| {
                    follows[&k[p.saturating_sub(2)..p]].len() >= 2
                        && precedes[&k[p..(p + 2).min(k.len())]].len() >= 2
                })
                .collect()
        })
        .collect();
    // The number of slots most fillings have; the others count against every slot.
    let mut by_count: FxHashMap<usize, usize> = FxHashMap::default();
    for (c, f) in cuts.iter().zip(fillings) {
        if !f.is_empty() {
            *by_count.entry(c.len()).or_default() += 1;
        }
    }
    let Some((&most, _)) = by_count.iter().max_by_key(|&(&n, &c)| (c, std::cmp::Reverse(n))) else {
        return vec![fillings.to_vec()];
    };
    let columns: Vec<Vec<Vec<&str>>> = if most == 0 {
        vec![fillings.to_vec()]
    } else {
        let mut columns: Vec<Vec<Vec<&str>>> = vec![Vec::new(); most + 1];
        for (points, f) in cuts.iter().zip(fillings) {
            if points.len() != most {
                for column in &mut columns {
                    column.push(vec!["\u{0}"]);
                }
                continue;
            }
            let mut start = 0;
            for (column, &end) in columns
                .iter_mut()
                .zip(points.iter().chain(std::iter::once(&f.len())))
            {
                column.push(f[start..end].to_vec());
                start = end;
            }
        }
        columns
    };
    columns
        .into_iter()
        .flat_map(|column| {
            let distinct: FxHashSet<Vec<String>> = column.iter().map(|f| keys(f)).collect();
            if distinct.len() > MOST_ALTERNATIVES {
                by_automaton(&column)
            } else {
                vec![column]
            }
        })
        .collect()
}

/// Splits fillings at the states of their smallest automaton that every filling passes.
fn by_automaton<'a>(fillings: &[Vec<&'a str>]) -> Vec<Vec<Vec<&'a str>>> {
    // Only fillings that recur say where the slots are; one-off typos would hide them.
    let mut counts: FxHashMap<Vec<String>, usize> = FxHashMap::default();
    for f in fillings {
        *counts.entry(keys(f)).or_default() += 1;
    }
    let common: Vec<Vec<String>> = counts
        .iter()
        .filter(|&(_, &c)| c >= 2)
        .map(|(k, _)| k.clone())
        .collect();
    let cuts = Automaton::new(&common).cut_points(&common);
    if cuts.is_empty() {
        return vec![fillings.to_vec()];
    }
    let mut slots: Vec<Vec<Vec<&str>>> = vec![Vec::new(); cuts.values().next().map_or(0, Vec::len) + 1];
    let mut whole: Vec<Vec<&str>> = Vec::new();
    for f in fillings {
        match cuts.get(&keys(f)) {
            Some(points) => {
                let mut start = 0;
                for (s, &p) in points.iter().chain(std::iter::once(&f.len())).enumerate() {
                    slots[s].push(f[start..p].to_vec());
                    start = p;
                }
            }
            None => whole.push(f.clone()),
        }
    }
    // A filling the slots do not explain counts against each of them.
    for slot in &mut slots {
        slot.extend(whole.iter().map(|_| vec!["\u{0}"]));
    }
    slots
}

fn keys(words: &[&str]) -> Vec<String> {
    words.iter().map(|w| key(w)).collect()
}

/// The common alternatives of one slot, most used first, or `None` when the members mostly
/// write their own words there.
fn alternatives(fillings: &[Vec<&str>], members: usize) -> Option<Vec<String>> {
    let mut counts: FxHashMap<Vec<String>, (usize, String)> = FxHashMap::default();
    for f in fillings {
        let entry = counts.entry(keys(f)).or_insert((0, f.join(" ")));
        entry.0 += 1;
    }
    let mut common: Vec<(usize, String)> = counts
        .into_values()
        .filter(|(c, shown)| *c >= 2 && !shown.contains('\u{0}'))
        .collect();
    common.sort_by(|a, b| b.0.cmp(&a.0).then(a.1.cmp(&b.1)));
    let explained: usize = common.iter().map(|(c, _)| c).sum();
    if common.is_empty()
        || common.len() > MOST_ALTERNATIVES
        || (explained as f64) < EXPLAINED * members.min(fillings.len()) as f64
    {
        return None;
    }
    Some(
        common
            .into_iter()
            .map(|(_, shown)| {
                if shown.is_empty() {
                    "–".to_string()
                } else {
                    shown
                }
            })
            .collect(),
    )
}

/// The smallest automaton that reads exactly a set of word sequences.
struct Automaton {
    /// Per state: its moves (word → state) and whether a sequence may end there.
    states: Vec<(Vec<(String, usize)>, bool)>,
    start: usize,
}

impl Automaton {
    /// A trie of the sequences, with states that read the same endings merged.
    fn new(sequences: &[Vec<String>]) -> Self {
        // The trie.
        let mut trie: Vec<(FxHashMap<String, usize>, bool)> = vec![(FxHashMap::default(), false)];
        for s in sequences {
            let mut at = 0;
            for w in s {
                at = match trie[at].0.get(w) {
                    Some(&next) => next,
                    None => {
                        trie.push((FxHashMap::default(), false));
                        let next = trie.len() - 1;
                        trie[at].0.insert(w.clone(), next);
                        next
                    }
                };
            }
            trie[at].1 = true;
        }
        // Merge from the leaves up: a state is its ending flag and its sorted moves.
        let mut class_of = vec![usize::MAX; trie.len()];
        let mut classes: FxHashMap<(Vec<(String, usize)>, bool), usize> = FxHashMap::default();
        let mut states: Vec<(Vec<(String, usize)>, bool)> = Vec::new();
        // Trie children always have larger indices than their parents.
        for t in (0..trie.len()).rev() {
            let mut moves: Vec<(String, usize)> = trie[t]
                .0
                .iter()
                .map(|(w, &next)| (w.clone(), class_of[next]))
                .collect();
            moves.sort();
            let key = (moves, trie[t].1);
            let class = *classes.entry(key.clone()).or_insert_with(|| {
                states.push(key);
                states.len() - 1
            });
            class_of[t] = class;
        }
        Automaton {
            states,
            start: class_of[0],
        }
    }

    /// For each sequence, the word positions where it passes a state that every sequence
    /// passes (other than the start and the ends).
    fn cut_points(&self, sequences: &[Vec<String>]) -> FxHashMap<Vec<String>, Vec<usize>> {
        let mut out = FxHashMap::default();
        if sequences.len() < 2 {
            return out;
        }
        // How many sequences pass each state.
        let mut passing = vec![0usize; self.states.len()];
        let mut walks: Vec<Vec<usize>> = Vec::new();
        for s in sequences {
            let mut at = self.start;
            let mut walk = Vec::with_capacity(s.len() + 1);
            walk.push(at);
            for w in s {
                at = self.states[at]
                    .0
                    .iter()
                    .find(|(x, _)| x == w)
                    .map(|&(_, n)| n)
                    .unwrap_or(at);
                walk.push(at);
            }
            let mut seen = walk.clone();
            seen.sort_unstable();
            seen.dedup();
            for &state in &seen {
                passing[state] += 1;
            }
            walks.push(walk);
        }
        for (s, walk) in sequences.iter().zip(&walks) {
            let points: Vec<usize> = (1..walk.len().saturating_sub(1))
                .filter(|&p| walk[p] != self.start && passing[walk[p]] == sequences.len())
                .collect();
            if !points.is_empty() {
                out.insert(s.clone(), points);
            }
        }
        // Every sequence must be cut the same number of times, or the cuts say nothing.
        let counts: Vec<usize> = out.values().map(Vec::len).collect();
        if out.len() != sequences.len() || counts.windows(2).any(|w| w[0] != w[1]) {
            out.clear();
        }
        out
    }
}

/// The sentences most members use, as a template whose order varies; `None` when those
/// sentences make up less than [`EXPLAINED`] of the members' words (a mail-merge, whose
/// sentences each vary).
fn in_any_order(reference: &str, members: &[&str]) -> Option<Layout> {
    let sample = spread(members, SAMPLE);
    let mut uses: FxHashMap<Vec<String>, (usize, String)> = FxHashMap::default();
    for m in &sample {
        let mut seen: Vec<Vec<String>> = Vec::new();
        for s in sentences(m) {
            let k = keys(&s.split_whitespace().collect::<Vec<_>>());
            if k.len() >= 3 && !seen.contains(&k) {
                seen.push(k.clone());
                uses.entry(k).or_insert((0, s.trim().to_string())).0 += 1;
            }
        }
    }
    let mut common: Vec<(Vec<String>, usize, String)> = uses
        .into_iter()
        .filter(|(_, (c, _))| *c as f64 >= SENTENCE_SHARE * sample.len() as f64 && *c >= 2)
        .map(|(k, (c, s))| (k, c, s))
        .collect();
    // In the reference's order where it has them, then by use.
    let reference_keys: Vec<Vec<String>> = sentences(reference)
        .iter()
        .map(|s| keys(&s.split_whitespace().collect::<Vec<_>>()))
        .collect();
    let place = |k: &Vec<String>| reference_keys.iter().position(|r| r == k).unwrap_or(usize::MAX);
    common.sort_by(|a, b| {
        place(&a.0)
            .cmp(&place(&b.0))
            .then(b.1.cmp(&a.1))
            .then(a.2.cmp(&b.2))
    });
    let (mut explained, mut all) = (0usize, 0usize);
    for m in &sample {
        for s in sentences(m) {
            let k = keys(&s.split_whitespace().collect::<Vec<_>>());
            all += k.len();
            if common.iter().any(|(c, _, _)| *c == k) {
                explained += k.len();
            }
        }
    }
    if common.len() < 2 || (explained as f64) < EXPLAINED * all as f64 {
        return None;
    }
    let listed: Vec<String> = common.iter().map(|(_, _, s)| format!("“{s}”")).collect();
    Some(Layout {
        text: format!("In any order, some left out: {}", listed.join(" · ")),
        slots: 0,
        reordered: true,
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn mail_merge_slots_are_learned_from_the_members_and_split_side_by_side() {
        let verbs = ["urge", "ask", "call upon"];
        let whom = ["parliament", "ministers", "our MPs"];
        let ends = ["now.", "this year.", "before the election."];
        let mut members = Vec::new();
        for (i, v) in verbs.iter().enumerate() {
            for (j, w) in whom.iter().enumerate() {
                for e in ends {
                    for _ in 0..1 + (i + j) % 2 {
                        members.push(format!("I {v} {w} to make voting compulsory {e}"));
                    }
                }
            }
        }
        let refs: Vec<&str> = members.iter().map(String::as_str).collect();
        let l = layout(&members[0], &refs);
        assert!(!l.reordered);
        assert_eq!(l.slots, 3, "{}", l.text);
        for alt in verbs.iter().chain(&whom) {
            assert!(l.text.contains(alt), "{alt} in {}", l.text);
        }
        assert!(l.text.starts_with("I {"), "{}", l.text);
        assert!(
            l.text.contains("} {"),
            "verb and addressee are two slots: {}",
            l.text
        );
        assert!(l.text.contains("to make voting compulsory {"), "{}", l.text);
    }

    #[test]
    fn a_personal_sentence_is_shown_as_own_words_not_as_alternatives() {
        let body = "Fines for not voting would fall hardest on the poorest, and a free society protects the right to stay at home.";
        let mut members: Vec<String> = (0..30)
            .map(|i| format!("{body} I have my own reason number {i} for writing today."))
            .collect();
        members.extend((0..10).map(|_| body.to_string()));
        let refs: Vec<&str> = members.iter().map(String::as_str).collect();
        let l = layout(body, &refs);
        assert_eq!(l.slots, 0, "{}", l.text);
        assert!(l.text.starts_with("Fines for not voting"), "{}", l.text);
        assert!(l.text.ends_with("{…}"), "{}", l.text);
        assert!(!l.text.contains("reason number"), "{}", l.text);
    }

    #[test]
    fn reordered_sentences_are_listed_in_any_order() {
        let s = [
            "Polling day should be a public holiday.",
            "Ballots should include a none of the above option.",
            "A small fine would be enough, as in other countries.",
            "Turnout among young people has fallen for twenty years.",
        ];
        let orders = [
            [0, 1, 2, 3],
            [3, 2, 1, 0],
            [1, 3, 0, 2],
            [2, 0, 3, 1],
            [3, 1, 2, 0],
            [0, 2, 1, 3],
        ];
        let members: Vec<String> = orders
            .iter()
            .map(|o| o.iter().map(|&i| s[i]).collect::<Vec<_>>().join(" "))
            .collect();
        let refs: Vec<&str> = members.iter().map(String::as_str).collect();
        let l = layout(&members[0], &refs);
        assert!(l.reordered, "{}", l.text);
        for sentence in s {
            assert!(l.text.contains(sentence), "{sentence} in {}", l.text);
        }
    }
}
