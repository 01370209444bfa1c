//! Splits long texts (letters, consultation answers) into sentences and argument units.
//!
//! The encoder is accurate and fast on sentence-sized inputs and truncates at 256 tokens, so
//! long texts are embedded piece by piece. [`sentences`] uses the Unicode sentence boundaries
//! of `unicode-segmentation` and then rejoins pieces split after abbreviations ("e.g.",
//! "Mr.", "No. 5", initials). [`units`] further cuts sentences longer than
//! [`SplitOptions::max_words`] at clause boundaries (";", " but ", " however ", then commas,
//! then evenly between words) and drops fragments too short to carry an argument.
//!
//! Every [`Segment`] keeps byte offsets into the original text, so a report can quote the
//! evidence exactly: `&text[seg.start..seg.end] == seg.text`.
//!
//! ```
//! use barometer_encoder::split::{units, SplitOptions};
//! let text = "I object, e.g. to the noise. Mr. Smith agrees with No. 5 of the plan.";
//! let u = units(text, &SplitOptions::default());
//! assert_eq!(u[0].text, "I object, e.g. to the noise.");
//! assert_eq!(u[1].text, "Mr. Smith agrees with No. 5 of the plan.");
//! assert_eq!(&text[u[1].start..u[1].end], u[1].text);
//! ```

use unicode_segmentation::UnicodeSegmentation;

/// A piece of a text, trimmed of surrounding whitespace, with its byte range in the text.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Segment<'a> {
    /// The piece itself, `&source[start..end]`.
    pub text: &'a str,
    /// Byte offset of its first character in the source.
    pub start: usize,
    /// Byte offset just past its last character in the source.
    pub end: usize,
}

impl<'a> Segment<'a> {
    fn new(source: &'a str, start: usize, end: usize) -> Option<Segment<'a>> {
        let raw = &source[start..end];
        let lead = raw.len() - raw.trim_start().len();
        let trimmed = raw.trim();
        if trimmed.is_empty() {
            return None;
        }
        let start = start + lead;
        Some(Segment {
            text: trimmed,
            start,
            end: start + trimmed.len(),
        })
    }

    fn words(&self) -> usize {
        self.text.split_whitespace().count()
    }
}

/// Settings for [`units`].
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct SplitOptions {
    /// Sentences with more words are cut into units of at most this many words.
    pub max_words: usize,
    /// Units with fewer words (or with no letter at all) are dropped.
    pub min_words: usize,
}

impl Default for SplitOptions {
    fn default() -> Self {
        SplitOptions {
            max_words: 60,
            min_words: 2,
        }
    }
}

/// Abbreviations after which a period does not end a sentence (compared lowercase).
const ABBREVIATIONS: &[&str] = &[
    "e.g.", "i.e.", "eg.", "ie.", "cf.", "viz.", "vs.", "v.", "mr.", "mrs.", "ms.", "mx.", "dr.", "prof.",
    "rev.", "hon.", "st.", "sr.", "jr.", "no.", "nos.", "nr.", "para.", "paras.", "p.", "pp.", "sec.", "s.",
    "art.", "fig.", "ch.", "vol.", "approx.", "ca.", "c.", "inc.", "ltd.", "co.", "dept.", "govt.", "cllr.",
    "jan.", "feb.", "mar.", "apr.", "jun.", "jul.", "aug.", "sep.", "sept.", "oct.", "nov.", "dec.", "u.k.",
    "u.s.", "a.m.", "p.m.", "ref.",
];

/// Abbreviations that often do end a sentence: joined only when the next piece starts in
/// lowercase or with a digit.
const SOFT_ABBREVIATIONS: &[&str] = &["etc.", "al.", "ibid."];

/// Splits `text` into sentences (whitespace-only pieces are dropped).
pub fn sentences(text: &str) -> Vec<Segment<'_>> {
    let mut out: Vec<Segment<'_>> = Vec::new();
    let mut join_next = false;
    for (start, piece) in text.split_sentence_bound_indices() {
        let Some(seg) = Segment::new(text, start, start + piece.len()) else {
            continue;
        };
        let follows_abbreviation = join_next
            || out.last().is_some_and(|prev| {
                ends_with_soft_abbreviation(prev.text) && starts_lower_or_digit(seg.text)
            });
        // A paragraph break always ends a sentence, abbreviation or not.
        let gap = out.last().map(|prev| &text[prev.end..seg.start]);
        let paragraph_break = gap.is_some_and(|g| g.contains('\n'));
        match out.last_mut() {
            Some(prev) if follows_abbreviation && !paragraph_break => {
                prev.end = seg.end;
                prev.text = &text[prev.start..prev.end];
            }
            _ => out.push(seg),
        }
        join_next = out.last().is_some_and(|s| ends_with_abbreviation(s.text));
    }
    out
}

fn last_word(s: &str) -> &str {
    s.split_whitespace()
        .next_back()
        .unwrap_or("")
        .trim_start_matches(['(', '[', '"', '\'', '\u{201c}', '\u{2018}'])
}

fn ends_with_abbreviation(s: &str) -> bool {
    let word = last_word(s).to_lowercase();
    if ABBREVIATIONS.contains(&word.as_str()) {
        return true;
    }
    // A single initial such as the "J." of "J. Smith".
    let mut chars = word.chars();
    matches!((chars.next(), chars.next(), chars.next()), (Some(c), Some('.'), None) if c.is_alphabetic())
}

fn ends_with_soft_abbreviation(s: &str) -> bool {
    SOFT_ABBREVIATIONS.contains(&last_word(s).to_lowercase().as_str())
}

fn starts_lower_or_digit(s: &str) -> bool {
    s.chars()
        .find(|c| c.is_alphanumeric())
        .is_some_and(|c| c.is_lowercase() || c.is_numeric())
}

/// Splits `text` into argument units: sentences, with sentences over `max_words` words cut
/// at clause boundaries, and fragments under `min_words` words (or without letters) dropped.
pub fn units<'a>(text: &'a str, options: &SplitOptions) -> Vec<Segment<'a>> {
    let max_words = options.max_words.max(1);
    let mut out = Vec::new();
    for sentence in sentences(text) {
        if sentence.words() <= max_words {
            out.push(sentence);
        } else {
            split_long(text, sentence, max_words, &mut out);
        }
    }
    out.retain(|s| s.words() >= options.min_words && s.text.chars().any(char::is_alphabetic));
    out
}

/// Cuts one long sentence, trying clause boundaries first, then commas, then even cuts.
fn split_long<'a>(text: &'a str, seg: Segment<'a>, max_words: usize, out: &mut Vec<Segment<'a>>) {
    let cut_sets: [fn(&str) -> Vec<usize>; 2] = [clause_cuts, comma_cuts];
    for cuts_of in cut_sets {
        let cuts = cuts_of(seg.text);
        if cuts.is_empty() {
            continue;
        }
        let pieces = pieces_at(text, seg, &cuts);
        let merged = merge_greedy(text, &pieces, max_words);
        if merged.len() > 1 {
            for piece in merged {
                if piece.words() <= max_words {
                    out.push(piece);
                } else {
                    split_long(text, piece, max_words, out);
                }
            }
            return;
        }
    }
    split_evenly(text, seg, max_words, out);
}

/// Byte offsets (into the segment) where a clause may start.
fn clause_cuts(s: &str) -> Vec<usize> {
    let mut cuts = Vec::new();
    for (i, _) in s.match_indices(';') {
        cuts.push(i + 1);
    }
    let lower = s.to_ascii_lowercase();
    for marker in [" but ", " however ", " however,", " whereas ", " although "] {
        for (i, _) in lower.match_indices(marker) {
            cuts.push(i + 1);
        }
    }
    cuts.sort_unstable();
    cuts.dedup();
    cuts.retain(|&c| c > 0 && c < s.len());
    cuts
}

fn comma_cuts(s: &str) -> Vec<usize> {
    s.match_indices([',', ':', '\u{2014}'])
        .map(|(i, m)| i + m.len())
        .filter(|&c| c < s.len())
        .collect()
}

fn pieces_at<'a>(text: &'a str, seg: Segment<'a>, cuts: &[usize]) -> Vec<Segment<'a>> {
    let mut bounds = vec![0];
    bounds.extend_from_slice(cuts);
    bounds.push(seg.text.len());
    bounds
        .windows(2)
        .filter_map(|w| Segment::new(text, seg.start + w[0], seg.start + w[1]))
        .collect()
}

/// Joins neighbouring pieces while the result stays within `max_words`.
fn merge_greedy<'a>(text: &'a str, pieces: &[Segment<'a>], max_words: usize) -> Vec<Segment<'a>> {
    let mut out: Vec<Segment<'a>> = Vec::new();
    for &piece in pieces {
        match out.last_mut() {
            Some(prev) if prev.words() + piece.words() <= max_words => {
                prev.end = piece.end;
                prev.text = &text[prev.start..prev.end];
            }
            _ => out.push(piece),
        }
    }
    out
}

/// Cuts between words into the fewest pieces of at most `max_words`, of near-equal size.
fn split_evenly<'a>(text: &'a str, seg: Segment<'a>, max_words: usize, out: &mut Vec<Segment<'a>>) {
    let starts: Vec<usize> = seg
        .text
        .split_whitespace()
        .map(|w| w.as_ptr() as usize - seg.text.as_ptr() as usize)
        .collect();
    let n = starts.len();
    let parts = n.div_ceil(max_words);
    let mut bounds: Vec<usize> = (0..parts).map(|p| starts[p * n / parts]).collect();
    bounds.push(seg.text.len());
    out.extend(
        bounds
            .windows(2)
            .filter_map(|w| Segment::new(text, seg.start + w[0], seg.start + w[1])),
    );
}

#[cfg(test)]
mod tests {
    use super::*;

    fn texts<'a>(segs: &[Segment<'a>]) -> Vec<&'a str> {
        segs.iter().map(|s| s.text).collect()
    }

    fn check_offsets(source: &str, segs: &[Segment<'_>]) {
        for s in segs {
            assert_eq!(&source[s.start..s.end], s.text);
        }
    }

    #[test]
    fn plain_sentences() {
        let t = "The plan is bad. It will raise rents!  Will anyone listen?\n\nThanks, Ann";
        let s = sentences(t);
        check_offsets(t, &s);
        assert_eq!(
            texts(&s),
            [
                "The plan is bad.",
                "It will raise rents!",
                "Will anyone listen?",
                "Thanks, Ann"
            ]
        );
    }

    #[test]
    fn abbreviations_do_not_end_sentences() {
        let t = "Some groups, e.g. The Ramblers, object. Mr. Jones wrote to Dr. Patel. \
                 See No. 5 Downing Street. J. R. Smith agrees, i.e. He signed.";
        let s = sentences(t);
        check_offsets(t, &s);
        assert_eq!(
            texts(&s),
            [
                "Some groups, e.g. The Ramblers, object.",
                "Mr. Jones wrote to Dr. Patel.",
                "See No. 5 Downing Street.",
                "J. R. Smith agrees, i.e. He signed."
            ]
        );
    }

    #[test]
    fn etc_joins_only_before_lowercase() {
        let t = "We need parks, shops etc. and buses. Roads etc. All of it.";
        assert_eq!(
            texts(&sentences(t)),
            ["We need parks, shops etc. and buses.", "Roads etc.", "All of it."]
        );
    }

    #[test]
    fn paragraph_break_ends_sentence_after_abbreviation() {
        let t = "Yours, Prof.\nNext paragraph starts here.";
        assert_eq!(texts(&sentences(t)).len(), 2);
    }

    #[test]
    fn long_sentence_cut_at_clauses() {
        let a = "the council has consulted widely on the proposal for many months ".repeat(3);
        let b = "the residents of the northern estate were never asked for their views ".repeat(3);
        let t = format!("I accept that {a}; however {b}but nobody listened to us at all.");
        let u = units(&t, &SplitOptions::default());
        check_offsets(&t, &u);
        assert_eq!(u.len(), 2, "{:?}", texts(&u));
        assert!(u[0].text.ends_with(';'));
        assert!(u[1].text.starts_with("however"));
        assert!(u[1].text.ends_with("at all."));
        assert!(u.iter().all(|s| s.words() <= 60));
    }

    #[test]
    fn run_on_sentence_cut_evenly() {
        let t = format!("{} end.", "word ".repeat(149));
        let u = units(&t, &SplitOptions::default());
        check_offsets(&t, &u);
        assert_eq!(u.len(), 3);
        assert!(
            u.iter().all(|s| s.words() == 50),
            "{:?}",
            u.iter().map(|s| s.words()).collect::<Vec<_>>()
        );
    }

    #[test]
    fn short_and_empty_fragments_dropped() {
        let t = "Dear Sir,\n\n1.\n\nI strongly oppose the new road. Yes.\n   \n";
        let u = units(t, &SplitOptions::default());
        assert_eq!(texts(&u), ["Dear Sir,", "I strongly oppose the new road."]);
    }

    #[test]
    fn multibyte_offsets() {
        let t = "Café owners — “we” — disagree. Naïve plans fail; résumé attached.";
        let u = units(
            t,
            &SplitOptions {
                max_words: 3,
                min_words: 1,
            },
        );
        check_offsets(t, &u);
        assert!(u.len() >= 4);
    }

    #[test]
    fn empty_input() {
        assert!(units("", &SplitOptions::default()).is_empty());
        assert!(sentences("  \n ").is_empty());
    }
}
