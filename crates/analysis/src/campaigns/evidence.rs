//! Why a campaign's members are taken to come from one source, in figures a reader can check:
//! the words they share, how rarely anyone else uses those phrases, and how many responses
//! would hold the same skeleton by chance.

use super::slots;
use rayon::prelude::*;
use rustc_hash::{FxHashMap, FxHashSet};
use serde::Serialize;

/// Share of a campaign's members that use a phrase for it to count as the campaign's own
/// (as in the skeleton stage: alternatives of a mail-merge slot are each used by a few).
const OWN_PHRASE_SHARE: f64 = 0.05;

/// The evidence that a campaign's members copy one template.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct Evidence {
    /// The template with its slots: fixed words, `{a | b}` where the members choose among a
    /// few alternatives, `{…}` where they write their own words; or its sentences "in any
    /// order".
    pub skeleton: String,
    /// Slots with alternatives.
    pub slots: usize,
    /// Distinct texts among the members, once case, spacing and punctuation are ignored: the
    /// fillings seen.
    pub distinct_texts: usize,
    /// Whether the members give the template's sentences in varying order.
    pub reordered: bool,
    /// Words of the template inside phrases the campaign's members share.
    pub shared_words: usize,
    /// Of all uses of those phrases in the consultation, the share by responses outside the
    /// campaign.
    pub outside_share: f64,
    /// `log10` of how many responses would hold the template's shared phrases by chance, each
    /// three-word piece taken as independently as often as the consultation uses it outside
    /// the campaign.
    pub chance_log10: f64,
}

impl Evidence {
    /// One sentence for the report.
    pub fn summary(&self, members: usize) -> String {
        let chance = if self.chance_log10 < -99.0 {
            "far below 1 in 10^99".to_string()
        } else {
            format!("about 1 in 10^{:.0}", -self.chance_log10)
        };
        let form = if self.reordered {
            "the same sentences in varying order".to_string()
        } else if self.slots > 0 {
            format!(
                "one skeleton with {} slot{} filled from a few alternatives",
                self.slots,
                if self.slots == 1 { "" } else { "s" }
            )
        } else if self.skeleton.contains("{…}") {
            "one text, some with words of their own added".to_string()
        } else {
            "one text".to_string()
        };
        format!(
            "{members} responses ({} distinct texts) share {form}: {} words of the template lie in phrases they share, \
             {:.1}% of whose uses in the consultation are by anyone else; the chance that one response would hold them \
             independently is {chance}.",
            self.distinct_texts,
            self.shared_words,
            100.0 * self.outside_share,
        )
    }
}

/// What describing campaigns reads, per response (`rep_index`) and per distinct text.
pub(super) struct Texts<'a> {
    /// Every response's text.
    pub texts: &'a [&'a str],
    /// Every response's word hashes.
    pub words: &'a [Vec<u64>],
    /// Every response's distinct text (`u32::MAX`: too short).
    pub rep_index: &'a [u32],
    /// Each distinct text's shingles.
    pub sets: &'a [Vec<u32>],
}

/// The evidence for each campaign, given as (members, template response).
pub(super) fn describe(found: &[(Vec<usize>, usize)], t: &Texts<'_>) -> Vec<Evidence> {
    let n = t.texts.len().max(1);
    // Uses of every phrase any campaign member has, across all responses.
    let mut everywhere: FxHashMap<u32, u32> = FxHashMap::default();
    for (members, _) in found {
        for &m in members {
            for &h in set_of(t, m) {
                everywhere.insert(h, 0);
            }
        }
    }
    for i in 0..t.texts.len() {
        for h in set_of(t, i) {
            if let Some(c) = everywhere.get_mut(h) {
                *c += 1;
            }
        }
    }
    found
        .par_iter()
        .map(|(members, template)| {
            let mut uses: FxHashMap<u32, u32> = FxHashMap::default();
            for &m in members {
                for &h in set_of(t, m) {
                    *uses.entry(h).or_default() += 1;
                }
            }
            let need = (OWN_PHRASE_SHARE * members.len() as f64).ceil().max(2.0) as u32;
            let own: FxHashSet<u32> = uses
                .iter()
                .filter(|&(h, &u)| u >= need && u >= 2 * (everywhere[h] - u))
                .map(|(&h, _)| h)
                .collect();
            let (inside, total) = own.iter().fold((0u64, 0u64), |(i, a), h| {
                (i + uses[h] as u64, a + everywhere[h] as u64)
            });
            // Non-overlapping three-word pieces of the template that are the campaign's own.
            let words = &t.words[*template];
            let mut chance_log10 = (n as f64).log10();
            let mut i = 0;
            while i + 3 <= words.len() {
                let h = super::shingle(&words[i..i + 3]);
                if own.contains(&h) {
                    let outside = everywhere[&h] - uses[&h];
                    chance_log10 += ((outside as f64 + 1.0) / (n as f64 + 1.0)).log10();
                    i += 3;
                } else {
                    i += 1;
                }
            }
            let member_texts: Vec<&str> = members.iter().map(|&m| t.texts[m]).collect();
            let layout = slots::layout(t.texts[*template], &member_texts);
            let distinct: FxHashSet<u32> = members.iter().map(|&m| t.rep_index[m]).collect();
            Evidence {
                skeleton: layout.text,
                slots: layout.slots,
                distinct_texts: distinct.len(),
                reordered: layout.reordered,
                shared_words: super::skeleton::covered_words(words, &own),
                outside_share: if total == 0 {
                    0.0
                } else {
                    (total - inside) as f64 / total as f64
                },
                chance_log10,
            }
        })
        .collect()
}

fn set_of<'a>(t: &'a Texts<'_>, i: usize) -> &'a [u32] {
    match t.rep_index[i] {
        u32::MAX => &[],
        r => &t.sets[r as usize],
    }
}
