//! Theme recovery F1 and mapping F1, as ../shared/datasets/FORMAT.md defines them and
//! ../shared/tools/score.py computes them (ties broken the same way: the gold theme seen first).

use barometer_maths::metrics::f1;
use std::collections::{BTreeMap, BTreeSet};

/// The scores of discovered themes against gold themes.
#[derive(Debug, Clone, PartialEq, serde::Serialize)]
pub struct Scores {
    /// Mean over gold themes with at least 5 responses of the best F1 of any discovered theme.
    pub recovery_f1: f64,
    /// Mean per-response F1 after relabelling each discovered theme as its best gold theme.
    pub mapping_f1: f64,
    /// Discovered themes with at least one response.
    pub themes_found: usize,
    /// Gold themes with at least 5 responses.
    pub gold_themes: usize,
    /// Best F1 per scored gold theme.
    pub per_theme: BTreeMap<String, f64>,
    /// The discovered theme with that best F1, per scored gold theme (none when no discovered
    /// theme shares a response with it).
    pub best_match: BTreeMap<String, String>,
}

/// F1 of `found` as a guess at `gold`.
fn set_f1(gold: &BTreeSet<usize>, found: &BTreeSet<usize>) -> f64 {
    let tp = gold.intersection(found).count() as f64;
    if tp == 0.0 {
        0.0
    } else {
        f1(tp / found.len() as f64, tp / gold.len() as f64)
    }
}

/// Scores `found` (per row, in the same order as `gold`: the discovered theme ids) against
/// `gold` (per row: the gold theme ids).
pub fn score(gold: &[Vec<String>], found: &[Vec<String>]) -> Scores {
    // Gold themes in order of first appearance: score.py breaks ties by that order.
    let mut gold_order: Vec<&str> = Vec::new();
    let mut gold_sets: BTreeMap<&str, BTreeSet<usize>> = BTreeMap::new();
    let mut found_sets: BTreeMap<&str, BTreeSet<usize>> = BTreeMap::new();
    for (i, themes) in gold.iter().enumerate() {
        for t in themes {
            if !gold_sets.contains_key(t.as_str()) {
                gold_order.push(t);
            }
            gold_sets.entry(t).or_default().insert(i);
        }
    }
    for (i, themes) in found.iter().enumerate() {
        for t in themes {
            found_sets.entry(t).or_default().insert(i);
        }
    }
    let mut per_theme: BTreeMap<String, f64> = BTreeMap::new();
    let mut best_match: BTreeMap<String, String> = BTreeMap::new();
    for (t, s) in gold_sets.iter().filter(|(_, s)| s.len() >= 5) {
        let mut best: Option<(&str, f64)> = None;
        for (d, ds) in &found_sets {
            let v = set_f1(s, ds);
            if v > 0.0 && best.is_none_or(|(_, b)| v > b) {
                best = Some((d, v));
            }
        }
        per_theme.insert(t.to_string(), best.map_or(0.0, |(_, v)| v));
        if let Some((d, _)) = best {
            best_match.insert(t.to_string(), d.to_string());
        }
    }
    let relabel: BTreeMap<&str, &str> = found_sets
        .iter()
        .filter_map(|(d, ds)| {
            let mut best: Option<(&str, f64)> = None;
            for g in &gold_order {
                let v = set_f1(&gold_sets[g], ds);
                if best.is_none_or(|(_, b)| v > b) {
                    best = Some((g, v));
                }
            }
            best.map(|(g, _)| (*d, g))
        })
        .collect();
    let per_row: Vec<f64> = gold
        .iter()
        .enumerate()
        .map(|(i, gs)| {
            let gs: BTreeSet<&str> = gs.iter().map(String::as_str).collect();
            let ps: BTreeSet<&str> = found
                .get(i)
                .into_iter()
                .flatten()
                .filter_map(|t| relabel.get(t.as_str()).copied())
                .collect();
            if gs.is_empty() && ps.is_empty() {
                return 1.0;
            }
            let tp = gs.intersection(&ps).count() as f64;
            if tp == 0.0 {
                0.0
            } else {
                f1(tp / ps.len() as f64, tp / gs.len() as f64)
            }
        })
        .collect();
    Scores {
        recovery_f1: if per_theme.is_empty() {
            0.0
        } else {
            per_theme.values().sum::<f64>() / per_theme.len() as f64
        },
        mapping_f1: per_row.iter().sum::<f64>() / per_row.len().max(1) as f64,
        themes_found: found_sets.len(),
        gold_themes: per_theme.len(),
        per_theme,
        best_match,
    }
}

/// Whether two theme labels share a content word: a word of three letters or more that is not
/// a function word, compared on its first five letters so that "gambling" meets "gamble" and
/// "regulations" meets "regulated". A coarse check of whether a label names what people
/// named the same theme, for docs/ACCURACY.md, not a measure of label quality.
pub fn labels_share_a_content_word(a: &str, b: &str) -> bool {
    let stems = |text: &str| -> BTreeSet<String> {
        text.to_lowercase()
            .split(|c: char| !c.is_alphanumeric())
            .filter(|w| w.chars().count() >= 3 && !super::label::is_stopword(w))
            .map(|w| w.chars().take(5).collect())
            .collect()
    };
    !stems(a).is_disjoint(&stems(b))
}

#[cfg(test)]
mod tests {
    use super::*;

    fn rows(v: &[&[&str]]) -> Vec<Vec<String>> {
        v.iter()
            .map(|r| r.iter().map(|s| s.to_string()).collect())
            .collect()
    }

    #[test]
    fn labels_are_compared_on_content_words_not_function_words() {
        assert!(labels_share_a_content_word(
            "Ban gambling adverts",
            "Complete Ban Support"
        ));
        assert!(labels_share_a_content_word(
            "Gamblers will find a way",
            "Gambling harms"
        ));
        assert!(!labels_share_a_content_word("It is for the best", "For the many"));
        assert!(!labels_share_a_content_word(
            "Price before quality",
            "Protect children"
        ));
    }

    #[test]
    fn a_perfect_renamed_partition_scores_one_and_a_single_blob_does_not() {
        let gold = rows(&[
            &["A"],
            &["A"],
            &["A"],
            &["A"],
            &["A"],
            &["B"],
            &["B"],
            &["B"],
            &["B"],
            &["B"],
            &[],
        ]);
        let same = rows(&[
            &["x"],
            &["x"],
            &["x"],
            &["x"],
            &["x"],
            &["y"],
            &["y"],
            &["y"],
            &["y"],
            &["y"],
            &[],
        ]);
        let s = score(&gold, &same);
        assert_eq!((s.recovery_f1, s.mapping_f1, s.gold_themes), (1.0, 1.0, 2));
        let blob = rows(&[&["z"] as &[&str]; 11]);
        let s = score(&gold, &blob);
        // One theme of 11 against each gold theme of 5: F1 = 2·(5/11)·1 / (5/11 + 1).
        let expected = 2.0 * (5.0 / 11.0) / (5.0 / 11.0 + 1.0);
        assert!((s.recovery_f1 - expected).abs() < 1e-12, "{s:?}");
        // Every row relabelled to A (first seen): half the rows right, the empty row wrong.
        assert!((s.mapping_f1 - 5.0 / 11.0).abs() < 1e-12, "{s:?}");
    }
}
