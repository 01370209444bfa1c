//! `barometer eval redaction --data FILE.jsonl [--json] [--out REDACTED.jsonl]`: measures how much personal data
//! [`barometer_report::redact`] removes, on texts whose personal data is marked by hand
//! (`examples/redaction-corpus/`; figures in docs/ACCURACY.md).
//!
//! Each line of the file is `{"id", "text", "spans": [{"kind", "text"}], "split"?}`, where a
//! span's `kind` is `name`, `address`, `email`, `phone`, `url` or `reference` and its `text` an
//! exact substring of the record's text, starting and ending at word boundaries. A span stands
//! for every such occurrence of its text in the record: a name written twice must go twice.
//!
//! The redacted text is the very function publication calls. Whether a span was removed is
//! decided on word tokens, not on characters, because redaction rewrites punctuation and
//! whitespace and puts bracketed placeholders in:
//!
//! - A *token* is a maximal run of letters or digits with at least two of them: "A. K. Patel"
//!   has the one token "Patel", "LS6 2AB" has "LS6" and "2AB". Single initials and single
//!   digits identify nobody on their own.
//! - The redacted text's tokens, less its placeholders (a bracketed lowercase word such as
//!   `[name]` that the original does not itself contain), are aligned with the original's by a
//!   longest common subsequence: redaction only deletes and replaces, never reorders, so every
//!   token it kept lines up with the token it came from. Where a surviving word could be either
//!   a span's or the same word outside every span ("Brennan" in a signature and in "Brennan
//!   Family Practice"), the alignment gives it to the one outside the spans, so a rule is not
//!   blamed for a word the text also uses elsewhere; ties are the only place this matters.
//! - A span is **removed** when none of its occurrences' tokens survives the alignment. A span
//!   with no token (a lone initial) is removed when its text no longer appears at all.
//!
//! Recall is removed spans over spans, per kind, for names and addresses together (the issue's
//! target) and for all kinds, per split and overall.
//!
//! Over-redaction is counted on *plain sentences*: pieces of a text cut at line breaks and after
//! `.`, `!` or `?` (not after an initial or a title such as "Dr."), that end in one of those
//! marks, hold at least three tokens and overlap no span. Letterhead lines, salutations and
//! sign-off lines end in no such mark and are not counted: removing a job title after a
//! signature costs a reader nothing. A plain sentence is **changed** when any of its tokens did
//! not survive.

use anyhow::{Context, bail};
use serde_json::{Value, json};
use std::collections::BTreeMap;
use std::path::{Path, PathBuf};
use std::time::Instant;

/// Flags of `barometer eval redaction`.
#[derive(Debug, clap::Args)]
pub struct RedactionArgs {
    /// The marked file: JSON lines with `id`, `text`, `spans` (each `kind` and `text`) and an
    /// optional `split`
    #[arg(long, value_name = "FILE.jsonl")]
    data: PathBuf,
    /// Print the figures as one JSON object
    #[arg(long)]
    json: bool,
    /// Also write each record's redacted text, `{"id", "split", "redacted"}` per line, to read
    /// what was removed
    #[arg(long, value_name = "REDACTED.jsonl")]
    out: Option<PathBuf>,
}

/// The kinds of personal data a span may mark, in the order they are printed.
const KINDS: [&str; 6] = ["name", "address", "email", "phone", "url", "reference"];

/// One marked record.
struct Record {
    id: Value,
    split: String,
    text: String,
    spans: Vec<Span>,
}

/// One piece of personal data, with every place it occurs in its record's text.
struct Span {
    kind: &'static str,
    text: String,
    at: Vec<(usize, usize)>,
}

/// Reads a marked file, naming the file, line and field of any problem.
fn read_records(path: &Path) -> anyhow::Result<Vec<Record>> {
    let file = std::fs::read_to_string(path).with_context(|| format!("cannot read {}", path.display()))?;
    let mut records = Vec::new();
    for (n, line) in file.lines().enumerate().filter(|(_, l)| !l.trim().is_empty()) {
        let at = || format!("{} line {}", path.display(), n + 1);
        let v: Value = serde_json::from_str(line).with_context(|| format!("{}: not valid JSON", at()))?;
        if !v.is_object() {
            bail!("{}: expected a JSON object, found {v}", at());
        }
        let id = v
            .get("id")
            .cloned()
            .filter(|id| !id.is_null())
            .with_context(|| format!("{}: field `id` is missing", at()))?;
        let text = v
            .get("text")
            .and_then(Value::as_str)
            .with_context(|| format!("{}: field `text` is missing or not a string", at()))?
            .to_string();
        let split = match v.get("split") {
            None | Some(Value::Null) => "all".to_string(),
            Some(Value::String(s)) if !s.is_empty() && s != "overall" => s.clone(),
            Some(other) => bail!(
                "{}: field `split` must be a name other than \"overall\", not {other}",
                at()
            ),
        };
        let raw_spans = match v.get("spans") {
            None | Some(Value::Null) => &Vec::new(),
            Some(Value::Array(a)) => a,
            Some(other) => bail!("{}: field `spans` must be an array, not {other}", at()),
        };
        let mut spans = Vec::new();
        for (i, s) in raw_spans.iter().enumerate() {
            let kind = s
                .get("kind")
                .and_then(Value::as_str)
                .with_context(|| format!("{}: spans[{i}]: field `kind` is missing or not a string", at()))?;
            let kind = KINDS.iter().copied().find(|k| *k == kind).with_context(|| {
                format!(
                    "{}: spans[{i}]: unknown kind {kind:?} (expected one of {})",
                    at(),
                    KINDS.join(", ")
                )
            })?;
            let span_text = s
                .get("text")
                .and_then(Value::as_str)
                .filter(|t| !t.trim().is_empty())
                .with_context(|| format!("{}: spans[{i}]: field `text` is missing or empty", at()))?;
            let found = occurrences(&text, span_text);
            if found.is_empty() {
                bail!(
                    "{}: spans[{i}]: {span_text:?} is not in the record's text (as whole words)",
                    at()
                );
            }
            spans.push(Span {
                kind,
                text: span_text.to_string(),
                at: found,
            });
        }
        records.push(Record {
            id,
            split,
            text,
            spans,
        });
    }
    if records.is_empty() {
        bail!("{}: no records", path.display());
    }
    Ok(records)
}

/// Byte ranges where `needle` occurs in `text` with no letter or digit joined to either end,
/// left to right and not overlapping.
fn occurrences(text: &str, needle: &str) -> Vec<(usize, usize)> {
    let mut found = Vec::new();
    let mut from = 0;
    while let Some(i) = text[from..].find(needle).map(|i| i + from) {
        let end = i + needle.len();
        let joined_before = text[..i].chars().next_back().is_some_and(char::is_alphanumeric);
        let joined_after = text[end..].chars().next().is_some_and(char::is_alphanumeric);
        if !joined_before && !joined_after {
            found.push((i, end));
            from = end;
        } else {
            from = i + text[i..].chars().next().map_or(1, char::len_utf8);
        }
    }
    found
}

/// A word of at least two letters or digits, and where it lies.
struct Token<'a> {
    word: &'a str,
    start: usize,
    end: usize,
}

/// The tokens of `text`, skipping any byte range for which `skip` says where it ends.
fn tokens<'a>(text: &'a str, skip: impl Fn(usize) -> Option<usize>) -> Vec<Token<'a>> {
    let mut out = Vec::new();
    let mut start: Option<usize> = None;
    let mut chars = text.char_indices().peekable();
    while let Some((i, c)) = chars.next() {
        if start.is_none()
            && let Some(end) = skip(i)
        {
            while chars.peek().is_some_and(|(j, _)| *j < end) {
                chars.next();
            }
            continue;
        }
        if c.is_alphanumeric() {
            start.get_or_insert(i);
        } else if let Some(s) = start.take() {
            out.push(Token {
                word: &text[s..i],
                start: s,
                end: i,
            });
        }
    }
    if let Some(s) = start {
        out.push(Token {
            word: &text[s..],
            start: s,
            end: text.len(),
        });
    }
    out.retain(|t| t.word.chars().count() >= 2);
    out
}

/// Where a placeholder that redaction put in (`[name]`) starting at `i` ends: a bracketed
/// lowercase word the original text does not itself contain.
fn placeholder_end(redacted: &str, original: &str, i: usize) -> Option<usize> {
    let rest = redacted[i..].strip_prefix('[')?;
    let close = rest.find(']')?;
    let inner = &rest[..close];
    let is_word = !inner.is_empty() && inner.len() <= 24 && inner.bytes().all(|b| b.is_ascii_lowercase());
    let whole = &redacted[i..i + close + 2];
    (is_word && !original.contains(whole)).then_some(i + close + 2)
}

/// Which of `original`'s tokens survive in `redacted`: a longest common subsequence that,
/// among the longest, keeps as many tokens outside spans (`outside[i]`) as it can.
fn survivors(original: &[Token], redacted: &[Token], outside: &[bool]) -> Vec<bool> {
    let (n, m) = (original.len(), redacted.len());
    // score[i][j]: the best alignment of original[i..] with redacted[j..]; a match is worth
    // far more than the preference, so the preference only breaks ties.
    let width = m + 1;
    let mut score = vec![0u64; (n + 1) * width];
    for i in (0..n).rev() {
        for j in (0..m).rev() {
            let skip = score[(i + 1) * width + j].max(score[i * width + j + 1]);
            let take = if original[i].word == redacted[j].word {
                score[(i + 1) * width + j + 1] + 1_000_000 + u64::from(outside[i])
            } else {
                0
            };
            score[i * width + j] = skip.max(take);
        }
    }
    let mut kept = vec![false; n];
    let (mut i, mut j) = (0, 0);
    while i < n && j < m {
        let here = score[i * width + j];
        if original[i].word == redacted[j].word
            && here == score[(i + 1) * width + j + 1] + 1_000_000 + u64::from(outside[i])
        {
            kept[i] = true;
            i += 1;
            j += 1;
        } else if here == score[(i + 1) * width + j] {
            i += 1;
        } else {
            j += 1;
        }
    }
    kept
}

/// Words after which a full stop does not end a sentence.
const ABBREVIATIONS: [&str; 22] = [
    "mr", "mrs", "ms", "dr", "prof", "st", "no", "nos", "rev", "cllr", "apt", "ave", "blvd", "rd", "co",
    "inc", "ltd", "vs", "etc", "jr", "sr", "ref",
];

/// The byte ranges of `text`'s sentences, as the module doc defines them.
fn sentences(text: &str) -> Vec<(usize, usize)> {
    let mut pieces = Vec::new();
    let mut start = 0;
    let bytes = text.as_bytes();
    for (i, c) in text.char_indices() {
        let ends = match c {
            '\n' => Some(i),
            '.' | '!' | '?' => {
                let next_is_space = bytes.get(i + 1).is_none_or(|b| b.is_ascii_whitespace());
                let word = text[start..i]
                    .rsplit(|c: char| !c.is_alphanumeric())
                    .next()
                    .unwrap_or("");
                let abbreviation = c == '.'
                    && (word.chars().count() == 1 || ABBREVIATIONS.contains(&word.to_lowercase().as_str()));
                (next_is_space && !abbreviation).then_some(i + 1)
            }
            _ => None,
        };
        if let Some(end) = ends {
            pieces.push((start, end));
            start = end;
        }
    }
    pieces.push((start, text.len()));
    pieces
        .into_iter()
        .filter(|&(s, e)| {
            let piece = text[s..e].trim_end_matches(['"', '\'', ')', '’', '”']);
            piece.trim_end().ends_with(['.', '!', '?'])
        })
        .collect()
}

/// What one record's redaction kept and lost.
struct Outcome {
    /// Per span: was it removed?
    removed: Vec<bool>,
    /// Plain sentences, and whether each was changed.
    plain: Vec<((usize, usize), bool)>,
    redacted: String,
}

fn judge(record: &Record) -> Outcome {
    let redacted = barometer_report::redact(&record.text);
    let original = tokens(&record.text, |_| None);
    let kept_tokens = tokens(&redacted, |i| placeholder_end(&redacted, &record.text, i));
    let inside = |t: &Token| {
        record
            .spans
            .iter()
            .flat_map(|s| &s.at)
            .any(|&(s, e)| t.start >= s && t.end <= e)
    };
    let outside: Vec<bool> = original.iter().map(|t| !inside(t)).collect();
    let kept = survivors(&original, &kept_tokens, &outside);
    let removed = record
        .spans
        .iter()
        .map(|span| {
            let mut any_token = false;
            let mut survived = false;
            for (t, k) in original.iter().zip(&kept) {
                if span.at.iter().any(|&(s, e)| t.start >= s && t.end <= e) {
                    any_token = true;
                    survived |= *k;
                }
            }
            if any_token {
                !survived
            } else {
                !redacted.contains(&span.text)
            }
        })
        .collect();
    let plain = sentences(&record.text)
        .into_iter()
        .filter(|&(s, e)| {
            !record
                .spans
                .iter()
                .flat_map(|sp| &sp.at)
                .any(|&(a, b)| a < e && s < b)
        })
        .filter_map(|(s, e)| {
            let mine: Vec<bool> = original
                .iter()
                .zip(&kept)
                .filter(|(t, _)| t.start >= s && t.end <= e)
                .map(|(_, k)| *k)
                .collect();
            (mine.len() >= 3).then(|| ((s, e), mine.iter().any(|k| !k)))
        })
        .collect();
    Outcome {
        removed,
        plain,
        redacted,
    }
}

/// Counts for one split (or overall).
#[derive(Default)]
struct Tally {
    records: usize,
    /// Per kind: (spans, removed).
    spans: BTreeMap<&'static str, (usize, usize)>,
    plain: usize,
    changed: usize,
}

impl Tally {
    fn add(&mut self, record: &Record, outcome: &Outcome) {
        self.records += 1;
        for (span, removed) in record.spans.iter().zip(&outcome.removed) {
            let entry = self.spans.entry(span.kind).or_default();
            entry.0 += 1;
            entry.1 += usize::from(*removed);
        }
        self.plain += outcome.plain.len();
        self.changed += outcome.plain.iter().filter(|(_, changed)| *changed).count();
    }

    fn count(&self, kinds: &[&str]) -> (usize, usize) {
        kinds
            .iter()
            .filter_map(|k| self.spans.get(k))
            .fold((0, 0), |(a, b), (s, r)| (a + s, b + r))
    }

    fn json(&self) -> Value {
        let measure = |(spans, removed): (usize, usize)| {
            json!({
                "spans": spans,
                "removed": removed,
                "recall": (spans > 0).then(|| removed as f64 / spans as f64),
            })
        };
        let per_kind: serde_json::Map<String, Value> = KINDS
            .iter()
            .map(|k| (k.to_string(), measure(self.count(&[k]))))
            .collect();
        json!({
            "records": self.records,
            "recall": per_kind,
            "names_addresses": measure(self.count(&["name", "address"])),
            "all": measure(self.count(&KINDS)),
            "plain_sentences": self.plain,
            "plain_sentences_changed": self.changed,
        })
    }
}

/// Runs `barometer eval redaction`.
pub fn run(args: RedactionArgs) -> anyhow::Result<()> {
    let started = Instant::now();
    let records = read_records(&args.data)?;
    let outcomes: Vec<Outcome> = records.iter().map(judge).collect();
    let seconds = started.elapsed().as_secs_f64();
    if let Some(path) = &args.out {
        let mut lines = String::new();
        for (r, o) in records.iter().zip(&outcomes) {
            lines.push_str(&json!({"id": r.id, "split": r.split, "redacted": o.redacted}).to_string());
            lines.push('\n');
        }
        std::fs::write(path, lines).with_context(|| format!("cannot write {}", path.display()))?;
    }

    // Splits in the order the file first names them, then the whole file.
    let mut order: Vec<&str> = Vec::new();
    for r in &records {
        if !order.contains(&r.split.as_str()) {
            order.push(&r.split);
        }
    }
    let mut tallies: BTreeMap<&str, Tally> = BTreeMap::new();
    let mut overall = Tally::default();
    let mut missed = Vec::new();
    let mut changed = Vec::new();
    for (record, outcome) in records.iter().zip(&outcomes) {
        tallies.entry(&record.split).or_default().add(record, outcome);
        overall.add(record, outcome);
        for (span, removed) in record.spans.iter().zip(&outcome.removed) {
            if !removed {
                missed.push(json!({
                    "id": record.id, "split": record.split, "kind": span.kind, "text": span.text,
                }));
            }
        }
        for ((s, e), was_changed) in &outcome.plain {
            if *was_changed {
                changed.push(json!({
                    "id": record.id, "split": record.split, "sentence": record.text[*s..*e].trim(),
                    "redacted": outcome.redacted,
                }));
            }
        }
    }

    if args.json {
        let splits: serde_json::Map<String, Value> =
            order.iter().map(|s| (s.to_string(), tallies[s].json())).collect();
        let out = json!({
            "data": args.data.display().to_string(),
            "splits": splits,
            "overall": overall.json(),
            "missed": missed,
            "over_redacted": changed,
            "seconds": seconds,
        });
        println!("{out}");
        return Ok(());
    }

    let mut columns: Vec<(&str, &Tally)> = order.iter().map(|s| (*s, &tallies[s])).collect();
    if columns.len() > 1 {
        columns.push(("overall", &overall));
    }
    println!(
        "{} records in {}, redacted in {seconds:.3} s",
        records.len(),
        args.data.display()
    );
    print!("{:<22}", "spans removed");
    for (name, t) in &columns {
        print!("{:>22}", format!("{name} ({})", t.records));
    }
    println!();
    let row = |label: &str, kinds: &[&str]| {
        print!("{label:<22}");
        for (_, t) in &columns {
            let (spans, removed) = t.count(kinds);
            let cell = if spans == 0 {
                "-".to_string()
            } else {
                format!("{removed}/{spans} {:.3}", removed as f64 / spans as f64)
            };
            print!("{cell:>22}");
        }
        println!();
    };
    for kind in KINDS {
        row(kind, &[kind]);
    }
    row("names + addresses", &["name", "address"]);
    row("all kinds", &KINDS);
    print!("{:<22}", "plain sentences changed");
    for (_, t) in &columns {
        print!("{:>22}", format!("{}/{}", t.changed, t.plain));
    }
    println!();
    if !missed.is_empty() {
        println!("\nnot removed:");
        for m in &missed {
            println!(
                "  {} [{}] {}: {}",
                m["id"],
                m["split"].as_str().unwrap_or(""),
                m["kind"].as_str().unwrap_or(""),
                m["text"]
            );
        }
    }
    if !changed.is_empty() {
        println!("\nplain sentences changed:");
        for c in &changed {
            println!(
                "  {} [{}]: {}",
                c["id"],
                c["split"].as_str().unwrap_or(""),
                c["sentence"]
            );
        }
    }
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;

    fn words(text: &str) -> Vec<&str> {
        tokens(text, |_| None).into_iter().map(|t| t.word).collect()
    }

    #[test]
    fn tokens_are_runs_of_two_or_more_letters_or_digits() {
        assert_eq!(
            words("Dr A. K. Patel, LS6 2AB; Siobhán Ní"),
            ["Dr", "Patel", "LS6", "2AB", "Siobhán", "Ní"]
        );
    }

    #[test]
    fn spans_occur_only_as_whole_words() {
        assert_eq!(occurrences("Tom Tomlinson and Tom.", "Tom"), [(0, 3), (18, 21)]);
        assert!(occurrences("Tomorrow", "Tom").is_empty());
    }

    #[test]
    fn placeholders_are_not_tokens_unless_the_original_had_them() {
        let original = "Call Jane [sic] now";
        let redacted = "Call [name] [sic] now";
        let kept: Vec<&str> = tokens(redacted, |i| placeholder_end(redacted, original, i))
            .into_iter()
            .map(|t| t.word)
            .collect();
        assert_eq!(kept, ["Call", "sic", "now"]);
    }

    #[test]
    fn a_word_kept_elsewhere_is_credited_to_the_text_outside_the_span() {
        let original = tokens("Brennan MD Brennan Family Practice", |_| None);
        let redacted = tokens("Brennan Family Practice", |_| None);
        // The first "Brennan" is the span's.
        let outside = [false, false, true, true, true];
        assert_eq!(
            survivors(&original, &redacted, &outside),
            [false, false, true, true, true]
        );
    }

    #[test]
    fn sentences_end_at_marks_and_line_breaks_but_not_after_titles() {
        let text = "Dear Dr. Kaur,\nThank you, Mr. Smith. We agree!\nYours\nJo";
        let got: Vec<&str> = sentences(text)
            .into_iter()
            .map(|(s, e)| text[s..e].trim())
            .collect();
        assert_eq!(got, ["Thank you, Mr. Smith.", "We agree!"]);
    }
}
