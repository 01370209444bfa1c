//! Theme labels from their own words: class-based TF-IDF over unigrams and bigrams, then a
//! greedy pick that skips phrases repeating a word already chosen (maximal marginal relevance
//! over words), so a label names two or three different things rather than one thing twice.

use std::collections::{BTreeMap, BTreeSet};

/// Words that carry no theme: function words, and the filler of consultation answers.
const STOPWORDS: &[&str] = &[
    "a",
    "about",
    "above",
    "after",
    "again",
    "against",
    "all",
    "also",
    "am",
    "an",
    "and",
    "any",
    "are",
    "aren't",
    "as",
    "at",
    "be",
    "because",
    "been",
    "before",
    "being",
    "below",
    "between",
    "both",
    "but",
    "by",
    "can",
    "can't",
    "cannot",
    "could",
    "couldn't",
    "did",
    "didn't",
    "do",
    "does",
    "doesn't",
    "doing",
    "don't",
    "down",
    "during",
    "each",
    "either",
    "else",
    "enough",
    "even",
    "ever",
    "every",
    "few",
    "for",
    "from",
    "further",
    "get",
    "gets",
    "getting",
    "give",
    "given",
    "go",
    "goes",
    "going",
    "got",
    "had",
    "hadn't",
    "has",
    "hasn't",
    "have",
    "haven't",
    "having",
    "he",
    "her",
    "here",
    "hers",
    "herself",
    "him",
    "himself",
    "his",
    "how",
    "however",
    "i",
    "i'd",
    "i'll",
    "i'm",
    "i've",
    "if",
    "in",
    "into",
    "is",
    "isn't",
    "it",
    "it's",
    "its",
    "itself",
    "just",
    "let",
    "like",
    "make",
    "makes",
    "many",
    "may",
    "me",
    "might",
    "more",
    "most",
    "much",
    "must",
    "mustn't",
    "my",
    "myself",
    "need",
    "needs",
    "no",
    "nor",
    "not",
    "now",
    "of",
    "off",
    "often",
    "on",
    "once",
    "one",
    "only",
    "or",
    "other",
    "others",
    "ought",
    "our",
    "ours",
    "ourselves",
    "out",
    "over",
    "own",
    "per",
    "quite",
    "rather",
    "really",
    "said",
    "same",
    "say",
    "see",
    "seem",
    "seems",
    "shall",
    "she",
    "should",
    "shouldn't",
    "since",
    "so",
    "some",
    "still",
    "such",
    "than",
    "that",
    "that's",
    "the",
    "their",
    "theirs",
    "them",
    "themselves",
    "then",
    "there",
    "there's",
    "these",
    "they",
    "they're",
    "thing",
    "things",
    "think",
    "this",
    "those",
    "though",
    "through",
    "thus",
    "to",
    "too",
    "under",
    "until",
    "up",
    "upon",
    "us",
    "very",
    "via",
    "was",
    "wasn't",
    "way",
    "we",
    "we'd",
    "we're",
    "we've",
    "well",
    "were",
    "weren't",
    "what",
    "when",
    "where",
    "whether",
    "which",
    "while",
    "who",
    "whom",
    "whose",
    "why",
    "will",
    "with",
    "within",
    "without",
    "won't",
    "would",
    "wouldn't",
    "yes",
    "yet",
    "you",
    "your",
    "yours",
    "yourself",
    "believe",
    "feel",
    "agree",
    "disagree",
    "view",
    "answer",
    "question",
    "proposal",
    "proposals",
    "also",
    "etc",
    "ie",
    "eg",
    "lot",
    "lots",
    "something",
    "anything",
    "everything",
    "nothing",
    "someone",
    "anyone",
    "everyone",
    "already",
    "always",
    "never",
    "less",
    "least",
    "far",
    "actually",
    "simply",
    "absolutely",
    "completely",
    "definitely",
    "certainly",
    "especially",
    "particularly",
    "strongly",
    "clearly",
    "important",
    "option",
    "new",
    "time",
    "want",
    "use",
    "used",
    "using",
    "take",
    "put",
    "come",
    "know",
    "good",
    "dear",
    "sir",
    "madam",
    "regards",
    "sincerely",
    "faithfully",
    "honestly",
    "thank",
    "thanks",
    "please",
    "comment",
    "comments",
    "response",
    "consultation's",
];

fn is_stopword(w: &str) -> bool {
    static SET: std::sync::OnceLock<std::collections::HashSet<&'static str>> = std::sync::OnceLock::new();
    SET.get_or_init(|| STOPWORDS.iter().copied().collect())
        .contains(w)
}

/// Lowercase words (letters, digits, inner apostrophes and hyphens) of a text.
pub(crate) fn words(text: &str) -> Vec<String> {
    text.split(|c: char| !(c.is_alphanumeric() || c == '\'' || c == '\u{2019}' || c == '-'))
        .map(|w| {
            w.trim_matches(|c: char| !c.is_alphanumeric())
                .replace('\u{2019}', "'")
                .to_lowercase()
        })
        .filter(|w| !w.is_empty())
        .collect()
}

/// A rough stem, so that "child" and "children", "ban" and "banning" count as one word when
/// a label avoids repeating itself.
fn stem(w: &str) -> &str {
    for suffix in ["ren", "ing", "ies", "es", "s", "ed"] {
        if let Some(s) = w.strip_suffix(suffix)
            && s.len() >= 3
        {
            return s;
        }
    }
    w
}

/// The candidate phrases of one unit: content words, and bigrams of adjacent content words.
pub(crate) fn phrases(text: &str) -> BTreeSet<String> {
    let ws = words(text);
    let mut out = BTreeSet::new();
    for (i, w) in ws.iter().enumerate() {
        let content = |w: &str| w.len() > 2 && !is_stopword(w) && !w.chars().all(|c| c.is_ascii_digit());
        if !content(w) {
            continue;
        }
        out.insert(w.clone());
        if let Some(next) = ws.get(i + 1)
            && content(next)
            && next != w
        {
            out.insert(format!("{w} {next}"));
        }
    }
    out
}

/// Key phrases of each cluster, best first. `clusters[c]` lists the phrase sets of the
/// cluster's units; `generic` holds words (of the question) that say nothing about a theme.
pub(crate) fn key_phrases(
    clusters: &[Vec<&BTreeSet<String>>],
    generic: &BTreeSet<String>,
    take: usize,
) -> Vec<Vec<String>> {
    // Units containing each phrase, per cluster and overall.
    let mut per: Vec<BTreeMap<&str, usize>> = vec![BTreeMap::new(); clusters.len()];
    let mut total: BTreeMap<&str, usize> = BTreeMap::new();
    for (c, units) in clusters.iter().enumerate() {
        for set in units {
            for p in set.iter() {
                *per[c].entry(p).or_default() += 1;
                *total.entry(p).or_default() += 1;
            }
        }
    }
    let average = clusters.iter().map(Vec::len).sum::<usize>() as f64 / clusters.len().max(1) as f64;
    per.iter()
        .zip(clusters)
        .map(|(counts, units)| {
            let n = units.len().max(1) as f64;
            let mut scored: Vec<(f64, &str)> = counts
                .iter()
                .map(|(&p, &k)| {
                    let mut s = (k as f64 / n) * (1.0 + average / total[p] as f64).ln();
                    if k < 2 {
                        // A phrase one unit uses names that unit, not the theme.
                        s *= 0.25;
                    }
                    let parts: Vec<&str> = p.split(' ').collect();
                    if parts.len() == 2 {
                        // A bigram that recurs names the argument better than either word.
                        s *= 1.2;
                    }
                    if parts.iter().all(|w| generic.contains(*w)) {
                        s *= 0.3;
                    }
                    (s, p)
                })
                .collect();
            scored.sort_by(|a, b| b.0.total_cmp(&a.0).then(a.1.cmp(b.1)));
            let mut used: BTreeSet<&str> = BTreeSet::new();
            let mut chosen = Vec::new();
            for (_, p) in scored {
                let stems: Vec<&str> = p.split(' ').map(stem).collect();
                if stems.iter().any(|s| used.contains(s)) {
                    continue;
                }
                used.extend(stems);
                chosen.push(p.to_string());
                if chosen.len() == take {
                    break;
                }
            }
            chosen
        })
        .collect()
}

/// A label from key phrases: "Addiction risk, young people".
pub(crate) fn label_of(phrases: &[String]) -> String {
    let mut label = phrases.iter().take(3).cloned().collect::<Vec<_>>().join(", ");
    if let Some(first) = label.get(..1) {
        label = first.to_uppercase() + &label[1..];
    }
    label
}

/// How a share of respondents is put in words.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, serde::Serialize)]
#[serde(rename_all = "snake_case")]
pub enum ShareWording {
    /// More than half.
    Majority,
    /// A quarter to a half.
    LargeMinority,
    /// A tenth to a quarter.
    Minority,
    /// Under a tenth.
    Few,
}

impl ShareWording {
    /// The wording for a share in 0..=1.
    pub fn of(share: f64) -> Self {
        if share > 0.5 {
            ShareWording::Majority
        } else if share >= 0.25 {
            ShareWording::LargeMinority
        } else if share >= 0.10 {
            ShareWording::Minority
        } else {
            ShareWording::Few
        }
    }

    /// The words, to start a sentence with: "A majority of respondents", …
    pub fn phrase(self) -> &'static str {
        match self {
            ShareWording::Majority => "A majority of respondents",
            ShareWording::LargeMinority => "A large minority of respondents",
            ShareWording::Minority => "A minority of respondents",
            ShareWording::Few => "A few respondents",
        }
    }
}

/// One sentence: who raises the theme, in words that follow the share, and what they say.
pub(crate) fn describe(
    wording: ShareWording,
    respondents: usize,
    share: f64,
    phrases: &[String],
    quote: Option<&str>,
) -> String {
    let topics = match phrases {
        [] => "points that fit no other theme".to_string(),
        [one] => one.clone(),
        [init @ .., last] => format!("{} and {last}", init.join(", ")),
    };
    let who = format!(
        "{} ({respondents}, {:.0}%) raise {topics}",
        wording.phrase(),
        share * 100.0
    );
    match quote {
        Some(q) => {
            let short: String = q.split_whitespace().take(25).collect::<Vec<_>>().join(" ");
            let cut = if short.len() < q.trim().len() { "…" } else { "" };
            // A quote that ends a sentence ends this one too.
            let stop = if cut.is_empty() && short.ends_with(['.', '!', '?']) {
                ""
            } else {
                "."
            };
            format!("{who}, as in \u{201c}{short}{cut}\u{201d}{stop}")
        }
        None => format!("{who}."),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn stopwords_are_function_words_not_topics() {
        assert!(is_stopword("the") && is_stopword("would") && !is_stopword("profit"));
        assert_eq!(
            phrases("The council's duty to protect children")
                .into_iter()
                .collect::<Vec<_>>(),
            [
                "children",
                "council's",
                "council's duty",
                "duty",
                "protect",
                "protect children"
            ]
        );
    }

    #[test]
    fn key_phrases_prefer_what_sets_a_cluster_apart() {
        let a: Vec<BTreeSet<String>> = [
            "Profit from child protection is wrong",
            "No company should profit from child protection",
            "Child protection is not for profit",
        ]
        .iter()
        .map(|t| phrases(t))
        .collect();
        let b: Vec<BTreeSet<String>> = [
            "Six weeks is too short for consultation",
            "The consultation period of six weeks was too short",
            "Child protection needs a longer consultation",
        ]
        .iter()
        .map(|t| phrases(t))
        .collect();
        let clusters = vec![a.iter().collect(), b.iter().collect()];
        let keys = key_phrases(&clusters, &BTreeSet::new(), 3);
        assert!(keys[0][0].contains("profit"), "{keys:?}");
        assert!(
            keys[1]
                .iter()
                .any(|p| p.contains("six weeks") || p.contains("short")),
            "{keys:?}"
        );
        assert!(!keys[1][0].contains("child"), "{keys:?}");
    }

    #[test]
    fn wording_follows_the_share() {
        assert_eq!(ShareWording::of(0.6), ShareWording::Majority);
        assert_eq!(ShareWording::of(0.5), ShareWording::LargeMinority);
        assert_eq!(ShareWording::of(0.12), ShareWording::Minority);
        assert_eq!(ShareWording::of(0.02), ShareWording::Few);
        let d = describe(
            ShareWording::Few,
            3,
            0.03,
            &["cost".into(), "delay".into()],
            Some("Too costly."),
        );
        assert!(
            d.starts_with("A few respondents (3, 3%) raise cost and delay"),
            "{d}"
        );
    }
}
