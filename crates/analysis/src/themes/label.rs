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
    "yet",
    "you",
    "your",
    "yours",
    "yourself",
    "believe",
    "feel",
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

pub(crate) fn is_stopword(w: &str) -> bool {
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

/// Words that open a sentence without saying anything of its own ("Secondly,", "We believe
/// that"): a label starts after them.
const OPENERS: &[&str] = &[
    "firstly",
    "secondly",
    "thirdly",
    "finally",
    "however",
    "moreover",
    "furthermore",
    "also",
    "and",
    "but",
    "so",
    "therefore",
    "overall",
    "indeed",
    "equally",
    "similarly",
    "again",
    "additionally",
    "lastly",
    "first",
    "second",
    "third",
    "in addition",
    "for example",
    "in short",
    "in particular",
    "above all",
    "in our view",
    "in my view",
    "in my opinion",
    "in our opinion",
    "we believe that",
    "we believe",
    "we think that",
    "we think",
    "we feel that",
    "we feel",
    "i believe that",
    "i believe",
    "i think that",
    "i think",
    "i feel that",
    "i feel",
    "it is clear that",
    "it is important that",
    "we would argue that",
    "we consider that",
    "we are concerned that",
    "i am concerned that",
    "we note that",
    "of course",
    "to be clear",
    "put simply",
    "quite simply",
    "simply put",
    "another thing",
    "one more thing",
    "to be honest",
    "honestly",
    "besides which",
    "besides",
    "plus",
    "for me",
    "personally",
    "frankly",
    "basically",
    "as i said",
    "as above",
    "as before",
    "in summary",
    "to sum up",
];

/// Answers that open a sentence ("No, …", "Yes - …") but are words of it without punctuation
/// after them ("No way should …").
const ANSWER_WORDS: &[&str] = &[
    "strongly disagree",
    "strongly agree",
    "disagree",
    "agree",
    "yes",
    "no",
    "ok",
    "okay",
    "well",
];

/// How letter furniture and transcribers' notes begin: never a theme's name.
const FURNITURE: &[&str] = &[
    "[",
    "i am writing",
    "i'm writing",
    "i write",
    "we write",
    "we are writing",
    "please accept",
    "please find",
    "dear ",
    "thank you",
    "thanks for",
    "yours ",
    "kind regards",
    "best wishes",
    "see my",
    "see above",
    "see attached",
    "on behalf of",
];

/// Where a clause ends, for cutting a long unit down to its key clause.
const CLAUSE_ENDS: &[&str] = &[
    ". ",
    "! ",
    "? ",
    ";",
    ":",
    " because ",
    " which ",
    " as it ",
    " since ",
    ", and ",
    ", but ",
    ", so ",
    " - ",
    " – ",
    " — ",
    ", as ",
    ", while ",
    ", whereas ",
    ", although ",
    ", given ",
    ", if ",
    ", unless ",
    ", particularly ",
    ", especially ",
];

/// Function words a shortened label must not end on.
const DANGLING: &[&str] = &[
    "the", "a", "an", "of", "to", "and", "or", "for", "in", "on", "by", "with", "that", "is", "are", "be",
    "their", "its", "our", "as", "at", "from", "but", "not", "this", "these", "those", "will", "would",
    "should", "can", "could", "may", "must", "has", "have", "had", "was", "were", "it", "they", "we",
];

/// Words that open a phrase: a label cut short ends before the last of them. "And" and "or"
/// are left out, as they join the words of one phrase as often ("children and families").
const PHRASE_OPENERS: &[&str] = &[
    "like",
    "with",
    "without",
    "due",
    "because",
    "where",
    "when",
    "which",
    "who",
    "whose",
    "whom",
    "while",
    "since",
    "unless",
    "until",
    "and",
    "but",
    "or",
    "for",
    "in",
    "of",
    "on",
    "by",
    "as",
    "at",
    "from",
    "to",
    "into",
    "than",
    "so",
    "such",
    "especially",
    "including",
    "if",
    "that",
];

/// Longest label, in words.
const LABEL_WORDS: usize = 9;

/// A label in words from a theme's units, most central first: the first unit that reads as a
/// statement, without its opening words, cut to its key clause and to at most nine words
/// ("Price will come before quality"). `None` when no unit gives one (all too short, or
/// carrying what looks like a name, an address or a number).
pub(crate) fn phrase_of(units: &[&str]) -> Option<String> {
    units.iter().find_map(|u| clause_label(u))
}

/// The label of a theme of short answers ("Absolutely!", "No way"), where no unit says enough
/// for a clause: the most central answer, quoted, as what the theme is.
pub(crate) fn short_answers_of(units: &[&str]) -> Option<String> {
    let first = units.first()?;
    if is_furniture(first) {
        return None;
    }
    let answer = first.split_whitespace().collect::<Vec<_>>().join(" ");
    let answer = answer.trim_matches(|c: char| !c.is_alphanumeric());
    let words = answer.split_whitespace().count();
    if words == 0 || words > 4 || answer.chars().any(|c| c.is_ascii_digit() || c == '@') {
        return None;
    }
    Some(format!("Short answers such as \u{201c}{answer}\u{201d}"))
}

/// Whether a unit is letter furniture rather than an argument: a salutation, a sign-off, a
/// line naming its sender ("I am writing as the Director of …", "Thornvale Council -
/// Children's Services"), a transcriber's note. Themes are found without these, so none can
/// become a theme or its name.
pub fn is_furniture(unit: &str) -> bool {
    let text = unit.split_whitespace().collect::<Vec<_>>().join(" ");
    let lower = text.to_lowercase();
    let lower = lower.trim_start_matches(|c: char| !c.is_alphanumeric() && c != '[');
    if FURNITURE.iter().any(|f| lower.starts_with(f)) {
        return true;
    }
    // A signature: one to three capitalised words and nothing else ("Rachel Atkinson").
    let words_all: Vec<&str> = text.split_whitespace().collect();
    let is_word = |w: &&str| w.chars().any(char::is_alphabetic);
    if (1..=3).contains(&words_all.len())
        && words_all
            .iter()
            .all(|w| is_word(w) && w.chars().next().is_some_and(char::is_uppercase))
        && text.chars().any(char::is_lowercase)
        && !text.ends_with(['.', '!', '?'])
        && !words_all.iter().any(|w| {
            let bare = w.trim_matches(|c: char| !c.is_alphanumeric()).to_lowercase();
            matches!(
                bare.as_str(),
                "yes" | "no" | "agree" | "disagree" | "never" | "absolutely" | "definitely" | "maybe"
            )
        })
    {
        return true;
    }
    // A line naming a body: a few capitalised words, one of them a body's kind, and no
    // sentence ("Thornvale Council - Children's Services"). A slogan in capitals is no name.
    let words: Vec<&str> = text.split_whitespace().collect();
    let capitalised = words
        .iter()
        .filter(|w| w.chars().next().is_some_and(char::is_uppercase))
        .count();
    let shouted = !text.chars().any(char::is_lowercase);
    let body = [
        "council",
        "services",
        "ltd",
        "limited",
        "plc",
        "inc",
        "university",
        "association",
        "trust",
        "department",
        "foundation",
        "institute",
        "society",
        "union",
        "federation",
        "charity",
        "group",
        "team",
        "partnership",
    ];
    let names_a_body = words.iter().any(|w| {
        let bare = w.trim_matches(|c: char| !c.is_alphanumeric()).to_lowercase();
        body.contains(&bare.as_str())
    });
    (2..=8).contains(&words.len())
        && capitalised * 10 >= words.len() * 7
        && !shouted
        && names_a_body
        && !text.ends_with(['.', '!', '?'])
}

/// The name of a theme made of letter furniture (openings such as "I am writing as the
/// Director of …", sign-offs, senders' names): said as what it is, never quoted, so that no
/// sender is named.
pub(crate) fn furniture_of(units: &[&str]) -> Option<String> {
    (!units.is_empty() && units.iter().all(|u| is_furniture(u)))
        .then(|| "Letters' openings and sign-offs".to_string())
}

fn clause_label(unit: &str) -> Option<String> {
    let flat = unit.split_whitespace().collect::<Vec<_>>().join(" ");
    // Personal details and figures do not belong in a label.
    let personal = [
        "@", "http", "www.", "Mr ", "Mrs ", "Ms ", "Dr ", "Mr. ", "Mrs. ", "Ms. ", "Dr. ",
    ];
    if personal.iter().any(|p| flat.contains(p)) || flat.chars().filter(|c| c.is_ascii_digit()).count() > 3 {
        return None;
    }
    let mut text = flat
        .trim_matches(|c: char| c.is_whitespace() || "\"'“”‘’(".contains(c))
        .to_string();
    if is_furniture(&text) {
        return None;
    }
    // Shouting is written as a sentence.
    let letters: Vec<char> = text.chars().filter(|c| c.is_alphabetic()).collect();
    if letters.len() >= 8 && letters.iter().filter(|c| c.is_uppercase()).count() * 10 >= letters.len() * 6 {
        text = text.to_lowercase();
    }
    // Drop openers, repeatedly ("However, we believe that …").
    loop {
        let lower = text.to_lowercase();
        if let Some(answer) = ANSWER_WORDS.iter().find(|a| {
            lower.starts_with(*a)
                && lower[a.len()..]
                    .chars()
                    .next()
                    .is_some_and(|c| matches!(c, ',' | ':' | '-' | '.' | '!' | '–'))
        }) {
            text = text[answer.len()..]
                .trim_start_matches([',', ':', ' ', '-', '–', '.', '!'])
                .to_string();
            continue;
        }
        let Some(opener) = OPENERS.iter().find(|o| {
            lower.starts_with(*o)
                && lower[o.len()..]
                    .chars()
                    .next()
                    .is_some_and(|c| matches!(c, ',' | ' ' | ':' | '-' | '.' | '!'))
        }) else {
            break;
        };
        text = text[opener.len()..]
            .trim_start_matches([',', ':', ' ', '-', '–', '.', '!'])
            .to_string();
    }
    // The key clause: up to the first clause end after three words.
    let lower = text.to_lowercase();
    let mut cut = text.len();
    for end in CLAUSE_ENDS {
        let mut from = 0;
        while let Some(at) = lower[from..].find(end) {
            let at = from + at;
            if lower[..at].split_whitespace().count() >= 3 {
                cut = cut.min(at);
                break;
            }
            from = at + end.len();
        }
    }
    let clause = text[..cut].trim();
    let all: Vec<&str> = clause.split_whitespace().collect();
    // A clause a little over the limit is kept whole: cutting "… have not been properly
    // consulted" costs more sense than three words cost space.
    let limit = if all.len() <= LABEL_WORDS + 3 {
        all.len()
    } else {
        LABEL_WORDS
    };
    let mut words: Vec<&str> = all.iter().take(limit).copied().collect();
    if all.len() > limit {
        // Cut short, the clause would stop mid-phrase ("support like", "in pain due"): end it
        // instead before the last phrase it began, at a comma or a word that opens one.
        if let Some(end) = (3..words.len()).rev().find(|&i| {
            let next = words[i]
                .trim_matches(|c: char| !c.is_alphanumeric())
                .to_lowercase();
            words[i - 1].ends_with(',') || PHRASE_OPENERS.contains(&next.as_str())
        }) {
            words.truncate(end);
            if let Some(last) = words.last_mut() {
                *last = last.trim_end_matches(',');
            }
        }
    }
    while words.last().is_some_and(|w| {
        let bare = w.trim_matches(|c: char| !c.is_alphanumeric()).to_lowercase();
        DANGLING.contains(&bare.as_str())
    }) {
        words.pop();
    }
    if words.len() < 3 {
        return None;
    }
    let joined = words.join(" ").replace(" & ", " and ").replace('&', " and ");
    let label = joined
        .trim_end_matches(|c: char| !c.is_alphanumeric() && c != ')')
        .trim();
    let mut chars = label.chars();
    let first = chars.next()?;
    Some(first.to_uppercase().collect::<String>() + chars.as_str())
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

/// One sentence: who raises the theme, in words that follow the share, and an example of it in
/// a respondent's own words.
///
/// The sentence names no topics of its own: a list of key phrases read as a summary can
/// contradict the theme's quotes ("raise cost" over quotes that call it cheap), while the
/// label above it and the quote inside it are the theme's own words. `phrases` only tells
/// a theme of leftovers (none) from a theme with an argument.
pub(crate) fn describe(
    wording: ShareWording,
    respondents: usize,
    share: f64,
    phrases: &[String],
    quote: Option<&str>,
) -> String {
    let what = if phrases.is_empty() {
        "raise points that fit no other theme"
    } else {
        "make this point"
    };
    let who = format!(
        "{} ({respondents}, {:.0}%) {what}",
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
    fn labels_are_a_units_key_clause_in_words_not_a_list() {
        assert_eq!(
            phrase_of(&[
                "Secondly, we believe that price will come before quality, and children will suffer."
            ])
            .as_deref(),
            Some("Price will come before quality")
        );
        assert_eq!(
            phrase_of(&["The powers should be piloted with outstanding councils first; then extended."])
                .as_deref(),
            Some("The powers should be piloted with outstanding councils first")
        );
        // A clause too long for a label ends before the phrase it would be cut in.
        assert_eq!(
            phrase_of(&[
                "Require employers to offer gambling addiction support like counselling and paid time off for treatment"
            ])
            .as_deref(),
            Some("Require employers to offer gambling addiction support")
        );
        assert_eq!(
            phrase_of(&["Assisted suicide can be abused by those who want an inheritance sooner than nature would give it"]).as_deref(),
            Some("Assisted suicide can be abused")
        );
        // A little over nine words, a clause is kept whole.
        assert_eq!(
            phrase_of(&["Children, young people and families have not been properly consulted."]).as_deref(),
            Some("Children, young people and families have not been properly consulted")
        );
        // A unit carrying a name or an address is passed over for the next.
        assert_eq!(
            phrase_of(&[
                "Yours sincerely, Mrs Jane Okafor",
                "Keep child protection public."
            ])
            .as_deref(),
            Some("Keep child protection public")
        );
        // Too short to say anything: no clause from it, and a theme of such answers is named
        // for what they are.
        assert_eq!(phrase_of(&["No.", "Agree"]), None);
        // "No" opens an answer, and is a word of "No way …".
        assert_eq!(
            phrase_of(&["No, six weeks is not long enough for this."]).as_deref(),
            Some("Six weeks is not long enough")
        );
        assert_eq!(
            phrase_of(&["No way should this be open to business."]).as_deref(),
            Some("No way should this be open to business")
        );
        // A sign-off line names a body, not a theme; a slogan is an argument.
        assert_eq!(phrase_of(&["Thornvale Council - Children's Services"]), None);
        assert!(is_furniture("Thornvale Council - Children's Services"));
        assert!(is_furniture(
            "I am writing as the Director of Children's Services of Wexley Council."
        ));
        assert!(is_furniture("Yours faithfully,"));
        assert!(!is_furniture("KEEP CHILD PROTECTION PUBLIC"));
        // A name alone is a signature, never a theme nor its name; an answer is not.
        assert!(is_furniture("Rachel Atkinson"));
        assert_eq!(short_answers_of(&["Rachel Atkinson"]), None);
        assert!(!is_furniture("Absolutely not"));
        assert!(!is_furniture("No"));
        assert!(!is_furniture("Keep child protection public."));
        assert_eq!(
            short_answers_of(&["Absolutely!!", "Yes"]).as_deref(),
            Some("Short answers such as \u{201c}Absolutely\u{201d}")
        );
        // Ampersands and semicolons never reach a label.
        let label = phrase_of(&["Medicare & Medicaid data should be shared openly; always."]).unwrap();
        assert!(!label.contains('&') && !label.contains(';'), "{label}");
    }

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
            d == "A few respondents (3, 3%) make this point, as in \u{201c}Too costly.\u{201d}",
            "{d}"
        );
    }
}
