//! One organisation, one respondent: the responses of an organisation gathered under one key,
//! however its name was written.
//!
//! Names are compared by [`organisation_key`]: case, punctuation, a leading "The", "&" for
//! "and", legal forms ("Ltd", "Limited", "Inc", "LLC", "plc") and a parenthetical are set
//! aside. An acronym joins its full name where some response writes both ("Association of
//! Directors of Children's Services (ADCS)", or a name given as "Advion (NASL)").

use regex::Regex;
use serde::Serialize;
use std::collections::BTreeMap;
use std::sync::LazyLock;

/// One organisation that responded.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct Organisation {
    /// Its key: the normalised name every way of writing it shares.
    pub key: String,
    /// Its name as most of its responses write it (the longest on a tie).
    pub name: String,
    /// Other ways its responses wrote it.
    pub aliases: Vec<String>,
    /// Its responses, as positions in the caller's list.
    pub members: Vec<usize>,
}

const LEGAL_FORMS: &[&str] = &[
    "ltd",
    "limited",
    "inc",
    "incorporated",
    "llc",
    "plc",
    "llp",
    "lp",
    "pllc",
    "corp",
    "corporation",
    "co",
    "gmbh",
    "ag",
    "sa",
    "sas",
    "srl",
    "bv",
    "nv",
];

static PARENTHETICAL: LazyLock<Regex> = LazyLock::new(|| Regex::new(r"\([^)]*\)").expect("valid"));
/// "Full Name (ACRONYM)", as a text first gives a long name.
static NAME_THEN_ACRONYM: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(r"([A-Z][\w'’&-]*(?:\s+(?:of|for|and|&|the|on|in|to|[A-Z][\w'’&-]*)){1,12})\s*\(\s*(?:the\s+)?[“”\x22]?([A-Z][A-Za-z&]{1,9})[“”\x22]?\s*\)")
        .expect("valid")
});

/// The key two spellings of one organisation's name share.
pub fn organisation_key(name: &str) -> String {
    let without = PARENTHETICAL.replace_all(name, " ");
    let lowered = without
        .to_lowercase()
        .replace('&', " and ")
        .replace(['’', '\''], "");
    let cleaned: String = lowered
        .chars()
        .map(|c| if c.is_alphanumeric() { c } else { ' ' })
        .collect();
    let mut words: Vec<&str> = cleaned.split_whitespace().collect();
    if words.first() == Some(&"the") {
        words.remove(0);
    }
    while words.len() > 1 && words.last().is_some_and(|w| LEGAL_FORMS.contains(w)) {
        words.pop();
    }
    words.join(" ")
}

/// The initials of a name's significant words: "Association of Directors of Children's
/// Services" gives "adcs".
fn initials(name: &str) -> String {
    organisation_key(name)
        .split_whitespace()
        .filter(|w| !matches!(*w, "of" | "for" | "and" | "the" | "on" | "in" | "to"))
        .filter_map(|w| w.chars().next())
        .collect()
}

/// Whether `short` abbreviates `long`: its letters are the initials of `long`'s words in order,
/// the first letter first (so "ACS CAN" style suffixes and dropped minor words still match).
fn abbreviates(short: &str, long: &str) -> bool {
    let short: String = short
        .to_lowercase()
        .chars()
        .filter(|c| c.is_alphanumeric())
        .collect();
    let initials = initials(long);
    if short.len() < 2 || initials.len() < 2 || short.chars().next() != initials.chars().next() {
        return false;
    }
    if short == initials {
        return true;
    }
    // Every letter of the acronym in order among the initials, missing at most one initial.
    let mut rest = initials.chars();
    let all_found = short.chars().all(|c| rest.any(|i| i == c));
    all_found && initials.len() <= short.len() + 1
}

/// Acronym → the full name's key, from "Full Name (ACR)" in names and texts.
fn acronyms<'a>(names_and_texts: impl Iterator<Item = &'a str>) -> BTreeMap<String, String> {
    let mut out = BTreeMap::new();
    for text in names_and_texts {
        for c in NAME_THEN_ACRONYM.captures_iter(text) {
            let (full, short) = (&c[1], &c[2]);
            // The capture may start a few words early ("On behalf of the Healthcare …"):
            // drop leading words until the rest abbreviates to the acronym.
            let words: Vec<&str> = full.split_whitespace().collect();
            for start in 0..words.len() {
                let candidate = words[start..].join(" ");
                if abbreviates(short, &candidate) {
                    out.insert(organisation_key(short), organisation_key(&candidate));
                    break;
                }
            }
        }
    }
    out
}

/// Groups named responses into organisations. `names[i]` is response `i`'s organisation name
/// (`None` for an individual); `texts[i]` what it wrote, where acronyms are spelled out.
/// Organisations come sorted by key; members in the caller's order.
pub fn group(names: &[Option<&str>], texts: &[&str]) -> Vec<Organisation> {
    let aliases = acronyms(names.iter().flatten().copied().chain(texts.iter().copied()));
    let keys: Vec<Option<String>> = names
        .iter()
        .map(|n| n.map(organisation_key).filter(|k| !k.is_empty()))
        .collect();
    let present: std::collections::BTreeSet<&str> = keys.iter().flatten().map(String::as_str).collect();
    // A key that is an acronym of another key present joins it.
    let canonical = |k: &str| -> String {
        match aliases.get(k) {
            Some(full) if present.contains(full.as_str()) => full.clone(),
            _ => k.to_string(),
        }
    };
    let mut by_key: BTreeMap<String, Vec<usize>> = BTreeMap::new();
    for (i, k) in keys.iter().enumerate() {
        if let Some(k) = k {
            by_key.entry(canonical(k)).or_default().push(i);
        }
    }
    by_key
        .into_iter()
        .map(|(key, members)| {
            let mut spellings: BTreeMap<String, usize> = BTreeMap::new();
            for &i in &members {
                let display = names[i].map(str::trim).unwrap_or_default().to_string();
                *spellings.entry(display).or_default() += 1;
            }
            // The most common spelling; on a tie the fullest name (not an acronym), written
            // most plainly (without "The" or "Ltd").
            let name = spellings
                .iter()
                .max_by(|a, b| {
                    a.1.cmp(b.1)
                        .then(organisation_key(a.0).len().cmp(&organisation_key(b.0).len()))
                        .then(b.0.len().cmp(&a.0.len()))
                        .then(b.0.cmp(a.0))
                })
                .map(|(n, _)| n.clone())
                .unwrap_or_default();
            let aliases = spellings.into_keys().filter(|n| *n != name).collect();
            Organisation {
                key,
                name,
                aliases,
                members,
            }
        })
        .collect()
}
