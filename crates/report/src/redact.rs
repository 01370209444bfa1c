//! Personal data out of published text.
//!
//! The report, `summary.json` and the summary-of-responses document quote respondents' own
//! words as evidence, and name themes in their words; nothing published may carry a name, a
//! postal address, a postcode, an email address, a phone number, a link to a personal page or a
//! reference number. Rules err towards removing too much: a quote that loses a harmless number
//! is better than one that publishes a phone number.
//!
//! Most personal data in consultation responses sits in the furniture of a letter, not in its
//! argument, so the rules run in two passes:
//!
//! 1. **Lines** (`lines`), while the text still has its line breaks: `Label: value` lines
//!    ("Name:", "Address:", "Our ref:", "From:"), the signature block after a closing
//!    ("Yours sincerely," and the next short lines: name, job, organisation, address), a block
//!    of short lines at the end that starts with a name (a signature with no closing), the
//!    letterhead above "Dear …", and address blocks that end in a postcode or ZIP line.
//! 2. **Patterns** inside lines: emails, links to pages, reference numbers, phone numbers,
//!    street addresses, postcodes and ZIP codes, a name after "Dear", a title, a closing, a
//!    self-introduction ("My name is", "I, John Doe,"), a relation ("my son Oliver") or a cue
//!    ("Comment submitted by", "please contact").
//!
//! Then runs of the same placeholder merge and whitespace collapses, as quotes are printed on
//! one line. Measured on a marked corpus with `barometer eval redaction` (docs/ACCURACY.md).
//! Names written in running text with no cue (no title, no sign-off, no "my name is") are not
//! found: that would need a list of names, which no rule here has.

use regex::{Captures, Regex};
use std::collections::HashSet;
use std::sync::LazyLock;

/// `text` with personal data replaced by bracketed placeholders: `[name]`, `[signature]`,
/// `[address]`, `[postcode]`, `[email]`, `[phone]`, `[link]` and `[reference]`, on one line.
pub fn redact(text: &str) -> String {
    let text = text.replace("\r\n", "\n").replace('\r', "\n");
    let mut out = lines(&text);
    for (pattern, with) in PATTERNS.iter() {
        out = match with {
            With::Text(t) => pattern.replace_all(&out, *t).into_owned(),
            With::Call(f) => pattern.replace_all(&out, |c: &Captures| f(c)).into_owned(),
        };
    }
    for merge in MERGES.iter() {
        out = merge
            .replace_all(&out, |c: &Captures| c[1].to_string())
            .into_owned();
    }
    out.split_whitespace().collect::<Vec<_>>().join(" ")
}

// ---------------------------------------------------------------------------------------------
// Small lists.
// ---------------------------------------------------------------------------------------------

/// A word of a name: a capital, then letters, apostrophes or hyphens, ending in a small
/// letter ("Okafor", "McAllister", "O'Brien", "Brooks-LaSure"), or an initial ("A.", "D").
const NAME_PART: &str = r"(?:\p{Lu}[\p{L}'’-]*\p{Ll}\b|\p{Lu}\b\.?)";

/// Small words inside names: "Jan van der Berg", "Maria de la Cruz".
const PARTICLES: &str = "van|von|der|den|de|la|le|du|da|di|del|dos|das|ter|ten|bin|ibn|al|el|ap";

/// Titles before a name.
const TITLES: &str = r"Mr|Mrs|Ms|Miss|Mx|Dr|Prof|Professor|Cllr|Councillor|Rev|Revd|Reverend|Sir|Dame|Mayor|Senator|Sen|Congressman|Congresswoman|Governor|Rt\.?[ \t]+Hon";

/// Words that are never part of a name, lower case: what organisations, headings, letter
/// furniture and self-descriptions ("I am British") are made of. A candidate name holding one
/// is left alone.
static NOT_NAMES: LazyLock<HashSet<&'static str>> = LazyLock::new(|| {
    "council city county borough district parish town village trust foundation association society \
     institute institution university college school academy primary secondary nursery hospital \
     surgery practice clinic centre center group team network partnership alliance federation union \
     board committee commission department ministry office agency authority service services \
     government parliament assembly company ltd limited inc llc llp plc corporation corp church \
     diocese club charity forum coalition campaign residents friends action care health social nhs \
     policy response responses consultation summary annex appendix question questions answer comment \
     comments submission evidence introduction conclusion conclusions background recommendation \
     recommendations proposal proposals section chapter part page table figure note notes yes no \
     agree disagree regards thanks thank you please sent iphone ipad android outlook director \
     officer manager chair chairman chairwoman secretary head chief executive president ceo adviser \
     advisor parent resident owner member members registered anonymous date subject tel mob email \
     phone fax website web address monday tuesday wednesday thursday friday saturday sunday january \
     february march july august september october november december street road lane avenue house \
     building floor i we our my the this that these those it its their his her all every some not \
     save stop keep protect support oppose end ends attached enclosed see ps british english \
     scottish welsh irish northern american european canadian australian indian pakistani \
     bangladeshi polish romanian african caribbean asian black white muslim christian catholic \
     jewish hindu sikh buddhist deaf disabled autistic blind gay lesbian bisexual trans lgbt \
     retired unemployed vice deputy senior lead principal founder trustee governor mp mep msp \
     against in on at for to of from by with writing responding concerned opposed happy pleased \
     grateful aware one both also very so now still here currently just ofsted ofqual ofcom ofwat \
     england scotland wales britain uk usa us eu europe kingdom states centers centres associates \
     departments agencies offices partners solutions systems"
        .split_whitespace()
        .collect()
});

fn not_a_name(word: &str) -> bool {
    let w = word.trim_matches(|c: char| !c.is_alphanumeric()).to_lowercase();
    NOT_NAMES.contains(w.as_str())
}

/// Titles and honours as words, lower case, without their full stop.
fn is_title(word: &str) -> bool {
    let w = word.trim_end_matches('.').to_lowercase();
    [
        "mr",
        "mrs",
        "ms",
        "miss",
        "mx",
        "dr",
        "prof",
        "professor",
        "cllr",
        "councillor",
        "rev",
        "revd",
        "reverend",
        "sir",
        "dame",
        "lord",
        "lady",
        "rt",
        "hon",
        "mayor",
        "senator",
        "sen",
        "rep",
        "representative",
        "congressman",
        "congresswoman",
        "governor",
        "secretary",
        "administrator",
        "commissioner",
        "minister",
        "chair",
        "president",
        "director",
        "deputy",
        "acting",
        "judge",
        "justice",
    ]
    .contains(&w.as_str())
}

/// Words after which a full stop ends no sentence: street and company abbreviations.
fn is_abbreviation(word: &str) -> bool {
    let w = word.to_lowercase();
    w.chars().count() == 1
        || [
            "st", "rd", "ave", "av", "blvd", "dr", "ln", "ct", "pl", "sq", "jr", "sr", "inc", "ltd", "co",
            "esq", "bros", "apt", "ste", "no", "mr", "mrs", "ms", "prof", "rev", "cllr", "hon", "pkwy",
            "hwy", "cres", "gdns", "terr", "etc",
        ]
        .contains(&w.as_str())
}

// ---------------------------------------------------------------------------------------------
// Pass 1: the letter's lines.
// ---------------------------------------------------------------------------------------------

/// `Label: value` at the start of a line, where the label says the value is personal.
static LABEL_LINE: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(r"^([ \t]*([A-Za-z][A-Za-z .-]{0,30}?)[ \t]*:)[ \t]*(\S.*)$").expect("valid")
});

/// What a line label's value is, if personal.
fn label_kind(label: &str) -> Option<&'static str> {
    let l = label.to_lowercase().replace(['.', '-'], " ");
    let l = l.split_whitespace().collect::<Vec<_>>().join(" ");
    Some(match l.as_str() {
        "name" | "full name" | "first name" | "last name" | "surname" | "forename" | "your name"
        | "respondent name" | "respondent" | "signed" | "signature" | "from" | "sender" | "to" | "cc"
        | "submitted by" | "author" | "contact" | "contact person" | "contact name" | "feedback from"
        | "comment from" | "chair" | "secretary" | "claimant" | "applicant" | "case officer" | "reply to"
        | "please reply to" | "write to" => "[name]",
        "address"
        | "home address"
        | "postal address"
        | "street"
        | "street address"
        | "city"
        | "town"
        | "state"
        | "zip"
        | "zip code"
        | "zipcode"
        | "postcode"
        | "post code"
        | "postal code"
        | "correspondence address"
        | "contact address" => "[address]",
        "email" | "e mail" | "email address" => "[email]",
        "tel" | "telephone" | "phone" | "phone number" | "mobile" | "mob" | "cell" | "fax" | "t" | "m"
        | "ph" => "[phone]",
        "ref"
        | "our ref"
        | "your ref"
        | "reference"
        | "ref no"
        | "case no"
        | "case number"
        | "case ref"
        | "tracking number"
        | "tracking no"
        | "ni number"
        | "national insurance number"
        | "nino"
        | "account number"
        | "customer number"
        | "claim number"
        | "membership number"
        | "nhs number" => "[reference]",
        _ => return None,
    })
}

/// The line with a personal label's value replaced.
fn label_line(line: &str) -> String {
    let Some(c) = LABEL_LINE.captures(line) else {
        return line.to_string();
    };
    let Some(kind) = label_kind(&c[2]) else {
        return line.to_string();
    };
    // A phone label needs a phone number after it: "M: Monday" is not one.
    if kind == "[phone]" && c[3].chars().filter(char::is_ascii_digit).count() < 7 {
        return line.to_string();
    }
    format!("{} {kind}", &c[1])
}

/// How a closing line ends a letter.
#[derive(Clone, Copy, PartialEq)]
enum Closing {
    /// "Yours sincerely,": it goes with the signature after it.
    Alone,
    /// "Thank you for your consideration.": a sentence of the letter; only what follows goes.
    Sentence,
    /// "Regards, Hannah Kowalski | …": the signature is on the same line.
    WithName,
}

static CLOSING: LazyLock<Regex> = LazyLock::new(|| {
    // Longer forms first: the first alternative that fits is taken.
    let closings = [
        r"yours[ \t]+(?:sincerely|faithfully|truly|respectfully|ever)",
        r"respectfully[ \t]+submitted",
        r"(?:very[ \t]+)?(?:sincerely|faithfully|truly|respectfully)(?:[ \t]+yours)?",
        r"(?:with[ \t]+)?(?:(?:kind|kindest|best|warm|warmest|many)[ \t]+)?regards",
        r"(?:with[ \t]+|all[ \t]+)?(?:(?:best|kind|good|warm|warmest)[ \t]+)?wishes",
        r"all[ \t]+the[ \t]+best|take[ \t]+care|warmly|cheers|best|yours|love|from|in[ \t]+solidarity",
        r"(?:many[ \t]+|with[ \t]+(?:many[ \t]+)?)?thanks(?:[ \t]+(?:again|very[ \t]+much))?",
        r"thank[ \t]+you(?:[ \t]+(?:again|very[ \t]+much))?",
        r"mit[ \t]+freundlichen[ \t]+grüßen|freundliche[ \t]+grüße|viele[ \t]+grüße|(?:bien[ \t]+)?cordialement",
        r"met[ \t]+vriendelijke[ \t]+groet(?:en)?|saludos(?:[ \t]+cordiales)?|atentamente",
        r"cordiali[ \t]+saluti|distinti[ \t]+saluti|diolch(?:[ \t]+yn[ \t]+fawr)?|pozdrawiam|(?:is[ \t]+mise[ \t]+)?le[ \t]+meas",
        r"--|—|–",
    ]
    .join("|");
    Regex::new(&format!(
        r"(?i)^[ \t]*({closings})[ \t]*([,.!:;–—-]*)[ \t]*(.*?)[ \t]*$"
    ))
    .expect("valid")
});

static CLOSING_SENTENCE: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(r"(?i)^[ \t]*thank(?:s|[ \t]+you)[ \t]+for[ \t]+(?:your|the|considering|listening|reading)\b[^.!?]{0,60}[.!]?[ \t]*$")
        .expect("valid")
});

fn closing(line: &str) -> Option<Closing> {
    if CLOSING_SENTENCE.is_match(line) {
        return Some(Closing::Sentence);
    }
    let c = CLOSING.captures(line)?;
    let rest = c[3].trim();
    if rest.is_empty() {
        return Some(Closing::Alone);
    }
    // "Regards, Hannah Kowalski": a name must follow, or "Best, that is all" would end a letter.
    let dashes = matches!(&c[1], "--" | "—" | "–");
    (!dashes && word_count(rest) <= 12 && !is_sentence(rest) && is_name_line(rest))
        .then_some(Closing::WithName)
}

static SALUTATION: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(r"(?i)^[ \t]*(?:dear\b|to[ \t]+whom[ \t]+it[ \t]+may[ \t]+concern|hi\b|hello\b|good[ \t]+(?:morning|afternoon|evening)\b)")
        .expect("valid")
});

/// A line that ends a postal address: a UK postcode, a US state and ZIP, a European postcode
/// before a town, or a post office box.
static ADDRESS_END: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(&format!(
        r"(?i:\b[A-Z]{{1,2}}[0-9][A-Z0-9]?[ \t]?[0-9][A-Z]{{2}}\b)|\b(?:{US_STATES}|{US_STATE_NAMES}),?[ \t]+\d{{5}}(?:-\d{{4}})?\b|^[ \t]*\d{{4,5}}[ \t]+\p{{Lu}}\p{{Ll}}+(?:[ \t]\p{{Lu}}\p{{Ll}}+)?[ \t]*$|(?i:\bP\.?[ \t]?O\.?[ \t]?Box[ \t]*\d+)"
    ))
    .expect("valid")
});

/// Words, not counting separators such as "|" or "-".
fn word_count(line: &str) -> usize {
    line.split_whitespace()
        .filter(|w| w.chars().any(char::is_alphanumeric))
        .count()
}

/// Whether a line reads as a sentence: it ends in `.`, `!` or `?` after a word that is not an
/// abbreviation ("Blvd."), or it is long.
fn is_sentence(line: &str) -> bool {
    let t = line.trim().trim_end_matches(['"', '\'', ')', '’', '”']);
    let words = word_count(t);
    if words > 14 {
        return true;
    }
    let Some(body) = t.strip_suffix(['.', '!', '?']) else {
        return false;
    };
    let last = body.rsplit(|c: char| !c.is_alphanumeric()).next().unwrap_or("");
    // A credential after a name is no sentence's end: "Bonnie Bolash, L.Ac.", "Jo Li, Ph.D."
    let credential = body
        .split_whitespace()
        .next_back()
        .is_some_and(|w| w.contains('.'));
    words >= 2 && !last.is_empty() && !is_abbreviation(last) && !credential
}

/// A line that can belong to a signature or a letterhead: short, and not a sentence.
fn may_be_block_line(line: &str) -> bool {
    let t = line.trim();
    let lower = t.to_lowercase();
    // An address line ("The Old School House, Main Street, …, Ripon HG4 3RY") or a signature
    // set out with bars ("Dr F. Rahman BSc | GP Partner | Oakwood Surgery") may run longer.
    let words = word_count(t);
    let long_ok = words <= 20 && (t.contains(" | ") || ADDRESS_END.is_match(t));
    !t.is_empty()
        && (words <= 10 || long_ok)
        && !is_sentence(t)
        && !lower.starts_with("p.s")
        && !lower.starts_with("ps ")
        && !lower.starts_with("ps:")
}

/// Whether a line is a name, perhaps with its title, postnominals, and a role, place or
/// contact after a comma, bracket or bar: "Dr A. K. Patel", "— Maria Gonzalez, Tucson AZ",
/// "Karen Liu, owner, Liu's Dry Cleaning", "ANDREW PEMBERTON", "Betty and Ray Anderson".
fn is_name_line(line: &str) -> bool {
    let mut s = line.trim().trim_start_matches(['—', '–', '-', '~', ' ', '\t']);
    for prefix in ["p.p.", "pp ", "p.p ", "per pro "] {
        if s.len() >= prefix.len() && s[..prefix.len()].eq_ignore_ascii_case(prefix) {
            s = s[prefix.len()..].trim_start();
        }
    }
    let s = s.split([',', '(', '|', '<', '/', '•']).next().unwrap_or("");
    let s = s
        .split(" - ")
        .next()
        .unwrap_or("")
        .split(" – ")
        .next()
        .unwrap_or("");
    let mut words: Vec<&str> = s.split_whitespace().collect();
    // "Priyanka and the team at Beeston Food Bank", "Tom on behalf of the residents".
    let lower: Vec<String> = words.iter().map(|w| w.to_lowercase()).collect();
    if let Some(cut) = (1..words.len()).find(|&i| {
        let next = lower.get(i + 1).map_or("", String::as_str);
        ((lower[i] == "and" || lower[i] == "&") && next == "the") || (lower[i] == "on" && next == "behalf")
    }) {
        words.truncate(cut);
    }
    while words.first().is_some_and(|w| is_title(w)) {
        words.remove(0);
    }
    // Postnominals: "Owen Price MRTPI", "Keith Harrow MP".
    while words.len() > 1
        && words.last().is_some_and(|w| {
            w.len() <= 7
                && w.chars().all(|c| c.is_ascii_alphabetic())
                && w.chars().filter(char::is_ascii_uppercase).count() >= 2
                && words.iter().any(|o| o.chars().any(char::is_lowercase))
        })
    {
        words.pop();
    }
    if words.is_empty() || words.len() > 5 {
        return false;
    }
    let mut named = false;
    for w in &words {
        let lower = w.to_lowercase();
        if PARTICLES.split('|').any(|p| p == lower) || lower == "and" || *w == "&" {
            continue;
        }
        if not_a_name(w) {
            return false;
        }
        let mut chars = w.chars();
        let first = chars.next().unwrap_or(' ');
        let rest: String = chars.collect();
        if !first.is_uppercase() {
            return false;
        }
        if rest.is_empty() || rest == "." {
            continue; // an initial
        }
        if !rest.chars().all(|c| c.is_alphabetic() || "'’-.".contains(c)) {
            return false;
        }
        named = true;
    }
    named
}

/// Whether a line holds a street or ends an address.
fn is_address_line(line: &str) -> bool {
    ADDRESS_END.is_match(line) || STREET.is_match(line)
}

/// A date on a line of its own, which a letterhead keeps: "3 April 2024", "12/03/2024".
fn is_date_line(line: &str) -> bool {
    static DATE: LazyLock<Regex> = LazyLock::new(|| {
        Regex::new(r"(?i)^[ \t]*(?:date:?[ \t]*)?(?:\w+day,?[ \t]+)?(?:\d{1,2}(?:st|nd|rd|th)?[ \t]+(?:jan|feb|mar|apr|may|jun|jul|aug|sep|oct|nov|dec)[a-z]*,?[ \t]+\d{4}|(?:jan|feb|mar|apr|may|jun|jul|aug|sep|oct|nov|dec)[a-z]*[ \t]+\d{1,2}(?:st|nd|rd|th)?,?[ \t]+\d{4}|\d{1,2}[/.-]\d{1,2}[/.-]\d{2,4})[ \t]*$")
            .expect("valid")
    });
    DATE.is_match(line)
}

/// Pass 1: the lines of a letter that are personal data as a whole, each run replaced by one
/// placeholder; lines that stay are returned as they were (less their labels' values).
fn lines(text: &str) -> String {
    let lines: Vec<String> = text.split('\n').map(label_line).collect();
    let n = lines.len();
    let mut mark: Vec<Option<&'static str>> = vec![None; n];
    let blank = |i: usize| lines[i].trim().is_empty();

    // A closing and the signature block after it: the next short lines, across blank ones.
    let mut i = 0;
    while i < n {
        let Some(kind) = closing(&lines[i]) else {
            i += 1;
            continue;
        };
        let (mut j, mut end, mut taken) = (i + 1, i + 1, 0);
        while j < n && taken < 8 {
            if blank(j) {
                j += 1;
                continue;
            }
            if !may_be_block_line(&lines[j]) || SALUTATION.is_match(&lines[j]) {
                break;
            }
            taken += 1;
            j += 1;
            end = j;
        }
        if taken > 0 || kind == Closing::WithName {
            let from = if kind == Closing::Sentence { i + 1 } else { i };
            mark[from..end].fill(Some("[signature]"));
        }
        i = end.max(i + 1);
    }

    // A signature with no closing: the block of short lines at the end, from its first line
    // that is a name ("Jane Smith", "— Maria Gonzalez, Tucson AZ"), when a body comes before it
    // and it is not a list (a line ending in ":" before it, or bullets).
    if let Some(last) = (0..n).rev().find(|&i| !blank(i))
        && mark[last].is_none()
    {
        let mut first = last;
        let mut count = 0;
        let mut k = last;
        loop {
            if !blank(k) {
                if mark[k].is_some() || !may_be_block_line(&lines[k]) || count == 6 {
                    break;
                }
                count += 1;
                first = k;
            }
            if k == 0 {
                break;
            }
            k -= 1;
        }
        let before = (0..first).rev().find(|&i| !blank(i));
        let has_body = before.is_some_and(|b| is_sentence(&lines[b]) || word_count(&lines[b]) > 10);
        let after_colon = before.is_some_and(|b| lines[b].trim_end().ends_with(':'));
        let bullets = (first..=last)
            .filter(|&i| {
                let t = lines[i].trim_start();
                t.starts_with("- ") || t.starts_with("* ") || t.starts_with('•')
            })
            .count();
        if count > 0
            && has_body
            && !after_colon
            && bullets < 2
            && let Some(name) = (first..=last).find(|&i| !blank(i) && is_name_line(&lines[i]))
        {
            mark[name..=last].fill(Some("[signature]"));
        }
    }

    // The letterhead: short lines above "Dear …" in runs that hold a name or an address; dates,
    // subject lines and labelled lines (already redacted) stay.
    if let Some(s) = (0..n.min(30)).find(|&i| mark[i].is_none() && SALUTATION.is_match(&lines[i])) {
        let mut start = 0;
        while start < s {
            let mut end = start;
            while end < s && !blank(end) {
                end += 1;
            }
            let run = start..end;
            let personal = run.clone().all(|i| may_be_block_line(&lines[i]))
                && run
                    .clone()
                    .any(|i| is_name_line(&lines[i]) || is_address_line(&lines[i]));
            if personal {
                for i in run {
                    let t = lines[i].trim_start().to_lowercase();
                    let keep = is_date_line(&lines[i])
                        || t.starts_with("re:")
                        || t.starts_with("re ")
                        || t.starts_with("subject")
                        || lines[i].contains("[reference]");
                    if !keep && mark[i].is_none() {
                        mark[i] = Some("[address]");
                    }
                }
            }
            start = end + 1;
        }
    }

    // An address block: a short line that ends an address, and the short lines just above it.
    for i in 0..n {
        if mark[i].is_some() || !may_be_block_line(&lines[i]) || !ADDRESS_END.is_match(&lines[i]) {
            continue;
        }
        mark[i] = Some("[address]");
        let mut k = i;
        while k > 0 && i - k < 4 {
            k -= 1;
            let l = &lines[k];
            if blank(k)
                || mark[k].is_some()
                || !may_be_block_line(l)
                || SALUTATION.is_match(l)
                || closing(l).is_some()
            {
                break;
            }
            mark[k] = Some("[address]");
        }
    }

    let mut out = String::with_capacity(text.len());
    let mut open: Option<&str> = None;
    for (i, line) in lines.iter().enumerate() {
        match mark[i] {
            Some(p) if open == Some(p) => {}
            Some(p) => {
                out.push_str(p);
                out.push('\n');
                open = Some(p);
            }
            None if blank(i) => out.push('\n'),
            None => {
                out.push_str(line);
                out.push('\n');
                open = None;
            }
        }
    }
    out
}

// ---------------------------------------------------------------------------------------------
// Pass 2: patterns inside lines.
// ---------------------------------------------------------------------------------------------

enum With {
    Text(&'static str),
    Call(fn(&Captures) -> String),
}

const US_STATES: &str = "AL|AK|AZ|AR|CA|CO|CT|DE|DC|FL|GA|HI|ID|IL|IN|IA|KS|KY|LA|ME|MD|MA|MI|MN|MS|MO|MT|NE|NV|NH|NJ|NM|NY|NC|ND|OH|OK|OR|PA|PR|RI|SC|SD|TN|TX|UT|VT|VA|WA|WV|WI|WY";
const US_STATE_NAMES: &str = "Alabama|Alaska|Arizona|Arkansas|California|Colorado|Connecticut|Delaware|Florida|Georgia|Hawaii|Idaho|Illinois|Indiana|Iowa|Kansas|Kentucky|Louisiana|Maine|Maryland|Massachusetts|Michigan|Minnesota|Mississippi|Missouri|Montana|Nebraska|Nevada|New[ \t]Hampshire|New[ \t]Jersey|New[ \t]Mexico|New[ \t]York|North[ \t]Carolina|North[ \t]Dakota|Ohio|Oklahoma|Oregon|Pennsylvania|Rhode[ \t]Island|South[ \t]Carolina|South[ \t]Dakota|Tennessee|Texas|Utah|Vermont|Virginia|Washington|West[ \t]Virginia|Wisconsin|Wyoming";

/// A street address: "12 High Street", "4021 Ocean Park Blvd.", "1456 W. Jefferson Blvd.",
/// "Flat 2/1, 41 Hyndland Road" (the flat is a pattern of its own), "Hauptstraße 12".
static STREET: LazyLock<Regex> = LazyLock::new(|| {
    let suffixes = "Street|St|Road|Rd|Avenue|Ave|Av|Lane|Ln|Drive|Dr|Close|Way|Court|Ct|Place|Pl|Boulevard|Blvd|Crescent|Cres|Terrace|Terr|Gardens|Gdns|Grove|Square|Sq|Parkway|Pkwy|Hill|Row|Walk|Mews|Park|View|Rise|Green|Circle|Cir|Highway|Hwy|Trail|Path|Wharf|Parade|Chase|Vale|Gate|Yard|Croft|Fold|Brow|Wynd|Alley|Broadway|Turnpike|Pike|Ridge|Heights|Meadows?|Approach|Causeway|Embankment|Esplanade|Promenade|Quay|Mount|Bank|Passage|Circus|Cottages|Villas|Garth|Nook";
    Regex::new(&format!(
        r"\b\d{{1,5}}[A-Za-z]?(?:[-/]\d{{1,4}}[A-Za-z]?)?[ \t]+(?:(?:N|S|E|W|NE|NW|SE|SW|North|South|East|West)\.?[ \t]+)?(?:\p{{Lu}}[\p{{L}}'’-]*[ \t]+){{1,3}}(?:{suffixes})\b\.?|\b\p{{Lu}}\p{{Ll}}+(?:straße|strasse|weg|gasse|platz|allee|laan|straat|gracht|vej|gatan|gade|ulica)[ \t]+\d{{1,4}}[a-z]?\b"
    ))
    .expect("valid")
});

/// A sequence of name words, particles allowed between them, on one line.
fn name_seq() -> String {
    format!(r"{NAME_PART}(?:[ \t]+(?:(?:{PARTICLES})[ \t]+)*{NAME_PART}){{0,3}}")
}

/// `m` less the punctuation a sentence puts after a link, which goes back after the
/// placeholder.
fn link(c: &Captures) -> String {
    let m = &c[0];
    let kept = m.trim_end_matches(['.', ',', ';', ':', '!', '?', ')', '\'', '"', '’', '”']);
    format!("[link]{}", &m[kept.len()..])
}

/// An international number: enough digits to be one.
fn phone(c: &Captures) -> String {
    let digits = c[0].chars().filter(char::is_ascii_digit).count();
    if (8..=15).contains(&digits) {
        "[phone]".into()
    } else {
        c[0].to_string()
    }
}

/// A street address, unless its number is a year after a preposition.
fn street(c: &Captures) -> String {
    let Some(pre) = c.name("pre") else {
        return "[address]".into();
    };
    let number = c[0][pre.len()..]
        .split(|ch: char| !ch.is_ascii_digit())
        .next()
        .unwrap_or("");
    let year = number.len() == 4 && (number.starts_with("19") || number.starts_with("20"));
    if year {
        c[0].to_string()
    } else {
        format!("{}[address]", pre.as_str())
    }
}

/// A labelled reference ("case no. 2019-00123"): the label stays, the value goes, if it has
/// three digits or more.
fn labelled_reference(c: &Captures) -> String {
    if c[2].chars().filter(char::is_ascii_digit).count() < 3 || is_public_code(&c[2]) {
        return c[0].to_string();
    }
    format!("{}[reference]", &c[1])
}

/// A docket or document id ("EPA-HQ-OAR-2021-0317", "CMS-2023-0123-0001") or a US rule's
/// file code ("CMS-0058-NC"): public, and what a comment is about, so it stays.
fn is_public_code(code: &str) -> bool {
    static PUBLIC: LazyLock<Regex> = LazyLock::new(|| {
        Regex::new(r"^[A-Z]{2,6}(?:-[A-Z]{2,6})*-\d{4}-\d{4}(?:-\d{4})?$|^[A-Z]{2,6}-\d{3,4}-(?:P|F|NC|IFC|FC|CN|N|PN)$")
            .expect("valid")
    });
    PUBLIC.is_match(code)
}

/// A code such as "CFD/2024/0917", "23/01456/FUL" or "lq2-8x4m-7k1p": three or more parts,
/// two digits or more, a letter, and no part that is a small word ("24-hour-a-day"); not a
/// public one.
fn code(c: &Captures) -> String {
    let m = &c[2];
    if c.get(1).is_some() || is_public_code(m) {
        return c[0].to_string();
    }
    let digits = m.chars().filter(char::is_ascii_digit).count();
    let letters = m.chars().any(|c| c.is_ascii_alphabetic());
    let wordy = m
        .split(['/', '-'])
        .any(|p| p.len() >= 3 && p.chars().all(|c| c.is_ascii_lowercase()));
    if digits >= 2 && letters && !wordy {
        "[reference]".into()
    } else {
        c[0].to_string()
    }
}

/// "Dear Ms Wright" → "Dear [name]"; "Dear Sir or Madam", "Dear Minister" and "Dear Planning
/// Officer" stay.
fn salutation(c: &Captures) -> String {
    let rest = &c[2];
    let words: Vec<&str> = rest.split_whitespace().collect();
    let capitalised = words
        .iter()
        .take_while(|w| w.chars().next().is_some_and(char::is_uppercase) && **w != "I")
        .count();
    let mut names = &words[..capitalised];
    while names.first().is_some_and(|w| is_title(w)) {
        names = &names[1..];
    }
    // "Dear CMS", "Dear Centers for Medicare…": an acronym, or capitals carried on by "for" or
    // "of", name a body, not a person.
    let acronyms = names.iter().all(|w| {
        let w = w.trim_matches(|c: char| !c.is_alphanumeric());
        w.len() <= 6 && w.chars().all(|c| c.is_ascii_uppercase())
    });
    let body = words
        .get(capitalised)
        .is_some_and(|w| ["for", "of", "at", "in", "on", "the"].contains(w));
    if names.is_empty() || acronyms || body || names.iter().any(|w| not_a_name(w) || is_addressee(w)) {
        return c[0].to_string();
    }
    let tail = words[capitalised..].join(" ");
    format!("{} [name]{}{tail}", &c[1], if tail.is_empty() { "" } else { " " })
}

/// Who a letter is to when it is to no one in person.
fn is_addressee(word: &str) -> bool {
    let w = word
        .trim_matches(|c: char| !c.is_alphanumeric() && c != '/')
        .to_lowercase();
    [
        "sir",
        "sirs",
        "madam",
        "sir/madam",
        "madam/sir",
        "all",
        "colleague",
        "colleagues",
        "councillors",
        "everyone",
        "editor",
        "reader",
        "whom",
        "ladies",
        "gentlemen",
        "neighbours",
        "neighbors",
        "there",
        "folks",
        "planning",
        "officers",
        "commissioners",
        "ministers",
    ]
    .contains(&w.as_str())
}

/// A name after a self-introduction or a cue, unless it is a word no name holds ("I am
/// British", "a response from Leeds City Council").
fn cued_name(c: &Captures, replace_cue: bool) -> String {
    let name = c.name("name").map_or("", |m| m.as_str());
    if c.name("org").is_some() || name.split_whitespace().any(not_a_name) {
        return c[0].to_string();
    }
    if replace_cue {
        "[name]".into()
    } else {
        format!(
            "{}[name]{}",
            &c["cue"],
            c.name("after").map_or("", |m| m.as_str())
        )
    }
}

/// A name before its house number ("Bill Roberts (no. 4)") or its address ("J. Kowalczyk,
/// [address]"): what follows stays as it is.
fn numbered_name(c: &Captures) -> String {
    if c["name"].split_whitespace().any(not_a_name) {
        c[0].to_string()
    } else {
        format!("[name]{}", &c["after"])
    }
}

/// A cued name of two words or more.
fn two_word_name(c: &Captures) -> String {
    if c["name"].split_whitespace().count() < 2 {
        c[0].to_string()
    } else {
        cued_name(c, false)
    }
}

/// A closing and a signature inside a line: "… Yours sincerely, Jane Okafor", with what
/// follows the name on that line when it is a short tail ("PharmD, Hazard, KY 41701").
fn inline_signature(c: &Captures) -> String {
    if c["name"].split_whitespace().any(not_a_name) {
        return c[0].to_string();
    }
    "[signature]".into()
}

/// A dashed signature at the end of a line: "— Maria Gonzalez, Tucson AZ".
fn dash_signature(c: &Captures) -> String {
    if is_name_line(&c["name"]) {
        format!("{}[signature]", &c["before"])
    } else {
        c[0].to_string()
    }
}

static PATTERNS: LazyLock<Vec<(Regex, With)>> = LazyLock::new(|| {
    let name = name_seq();
    let strong_closing = r"yours[ \t]+(?:sincerely|faithfully|truly)|sincerely(?:[ \t]+yours)?|respectfully(?:[ \t]+submitted)?|(?:kind|kindest|best|warm|warmest)\s+regards|regards|(?:with[ \t]+)?best\s+wishes|many\s+thanks";
    let tail = r"(?:(?:,[ \t]*[^,\n.!?]{1,40}){1,4}[ \t]*$)?";
    let rules: Vec<(String, With)> = vec![
        // Emails first, so their domain is not half-taken by the link patterns.
        (r"(?i)\b[a-z0-9._%+-]+@[a-z0-9.-]+\.[a-z]{2,}\b".into(), With::Text("[email]")),
        (r"(?i)\b(?:https?://|www\.)\S+".into(), With::Call(link)),
        // A page on a site written without its scheme: "facebook.com/jane.smith".
        (
            r"(?i)\b(?:[a-z0-9-]+\.)+(?:com|org|net|uk|io|me|blog|info|co|eu|de|fr|ie|us|ca|au|tv|ly|app|page|site|social)/\S*".into(),
            With::Call(link),
        ),
        // National Insurance numbers: "QQ 12 34 56 C", "AB123456C".
        (r"\b[A-Z]{2}[ \t]?\d{2}[ \t]?\d{2}[ \t]?\d{2}[ \t]?[A-D]\b".into(), With::Text("[reference]")),
        // A reference after what it is: "Our ref: ZA12345", "Case no. 2019-00123", "account
        // number 7731 2289 0045", "the case reference was UC/44/98127".
        (
            r"(?i)(\b(?:(?:our|your|my|the)[ \t]+)?(?:ref\b\.?|reference\b|pin\b|(?:registration|case|claim|account|customer|membership|member|policy|patient|nhs|passport|licen[cs]e|permit|tracking|application|ni|national[ \t]+insurance|complaint|ticket|order|invoice|file)[ \t]*(?:no\b\.?|num(?:ber)?\b|ref(?:erence)?\b\.?|id\b|#))(?:[ \t]*(?:no\b\.?|number\b))?[ \t]*(?:is\b|was\b|:|#|-)?[ \t]*:?[ \t]*)([A-Za-z0-9]+(?:[/.-][A-Za-z0-9]+)*(?:[ \t]\d{2,}(?:[/.-][A-Za-z0-9]+)*)*)".into(),
            With::Call(labelled_reference),
        ),
        (
            r"(?i)(\bdocket[ \t]*(?:no\.?|id|number)?[ \t:]*)?\b([A-Za-z0-9]+(?:[/-][A-Za-z0-9]+){2,})\b".into(),
            With::Call(code),
        ),
        // UK numbers: +44 or 0, then 9 or 10 more digits with optional spaces, dots, dashes;
        // or an area code in brackets, "(01904) 552 017".
        (r"(?:\+44\s?\(?0?\)?|\b0)(?:[\s.-]?\d){9,10}\b".into(), With::Text("[phone]")),
        (r"\(0\d{2,4}\)[ \t]?\d{3,4}[ \t-]?\d{3,4}\b".into(), With::Text("[phone]")),
        // North American numbers, as public-comment dockets carry them: 916.925.3770,
        // (916) 925-3770, +1 916 925 3770.
        (
            r"(?:\+1[\s.-]?)?(?:\(\d{3}\)\s?|\b\d{3}[\s.-])\d{3}[\s.-]\d{4}\b".into(),
            With::Text("[phone]"),
        ),
        // Any other country: "+33 6 12 34 56 78".
        (r"\+\d{1,3}(?:[ \t.-]?\(?\d{1,4}\)?){2,7}".into(), With::Call(phone)),
        // A closing and the signature after it: "Yours sincerely, Jane Smith", before the
        // address patterns, so that "…, Ben Achterberg, LS16 5HJ" goes as one signature.
        (
            format!(r"(?m)(?i:{strong_closing})[,.]?\s+(?:(?:{TITLES})\.?[ \t]+)?(?P<name>{name}){tail}"),
            With::Call(inline_signature),
        ),
        (r"(?i)\bP\.?[ \t]?O\.?[ \t]?Box[ \t]*\d+\b".into(), With::Text("[address]")),
        // Streets before postcodes and towns, so a town is not taken for a street's last word.
        // A year after "in" or "by" is not a house number: "in 2030 Green Park will…".
        (
            format!(r"(?P<pre>(?i:\b(?:in|by|since|from|until|till|before|after|during|of|and|or|to))[ \t]+)?{}", STREET.as_str()),
            With::Call(street),
        ),
        (r"\b(?:Flat|Apartment|Apt|Suite|Ste)\.?[ \t]*#?\d+[A-Za-z]?(?:/\d+)?\b".into(), With::Text("[address]")),
        // US: "Santa Monica, CA 90403", "Springfield IL 62704", "Santa Monica, California 90405".
        (
            format!(r"\b(?:\p{{Lu}}\p{{Ll}}+[ \t]){{0,3}}\p{{Lu}}\p{{Ll}}+,?[ \t]+(?:(?i:{US_STATES})|{US_STATE_NAMES}),?[ \t]+\d{{5}}(?:-\d{{4}})?\b"),
            With::Text("[address]"),
        ),
        // A UK postcode with the town before it ("Leeds LS6 2AB"), then any left alone.
        (
            r"(?:\b\p{Lu}[\p{Ll}'’-]+,?[ \t]+){1,2}(?i:[A-Z]{1,2}[0-9][A-Z0-9]?[ \t]?[0-9][A-Z]{2})\b".into(),
            With::Text("[address]"),
        ),
        (r"(?i)\b[A-Z]{1,2}[0-9][A-Z0-9]? ?[0-9][A-Z]{2}\b".into(), With::Text("[postcode]")),
        // The town after a street: "[address], Bristol."
        (
            r"(?m)\[address\],[ \t]+\p{Lu}[\p{Ll}'’-]+(?:[ \t]\p{Lu}[\p{Ll}'’-]+){0,2}([,.;)]|[ \t]+\p{Ll}|[ \t]*$)".into(),
            With::Text("[address]$1"),
        ),
        // A house number and words just before an address that no street pattern knew:
        // "42 Station Approach, [address]".
        (
            r"\b\d{1,5}[A-Za-z]?(?:[ \t]+\p{Lu}[\p{L}'’-]*){1,3},?[ \t]*\[address\]".into(),
            With::Text("[address]"),
        ),
        // A name just before an address: "J. Kowalczyk, [address]".
        (
            format!(r"(?P<name>{name})(?P<after>[ \t]*,[ \t]*\[address\])"),
            With::Call(numbered_name),
        ),
        // The person a letter is to: "Dear Ms Wright," "Hi Aisha," "Good morning Priya,".
        (
            r"\b(Dear|Hi|Hello|Hey|Good[ \t]+(?:[Mm]orning|[Aa]fternoon|[Ee]vening))[ \t]+([^,:;!\n]{1,60})".into(),
            With::Call(salutation),
        ),
        // A title and the name after it, initials included: "Mrs Jane Smith", "Dr. Okafor",
        // "Ms. R. N. Lloyd", "Cllr Hughes".
        (format!(r"\b(?:{TITLES})\.?[ \t]+{name}"), With::Text("[name]")),
        // Self-introductions: "My name is Jane Smith", "I am John", "I'm Jess", and the same
        // in the languages of European and Welsh or Irish consultations ("Is mise …").
        (
            format!(r"(?P<cue>\b(?:[Mm]y[ \t]+name[ \t]+is|[Mm]y[ \t]+name['’]s|I[ \t]+am|[Ii]['’]m|[Ii]s[ \t]+mise|[Ff]y[ \t]+enw[ \t]+i[ \t]+yw|[Jj]e[ \t]+m['’]appelle|[Mm]ein[ \t]+Name[ \t]+ist|[Ii]ch[ \t]+heiße|[Mm]e[ \t]+llamo|[Mm]i[ \t]+chiamo|[Ii]k[ \t]+heet|[Mm]ijn[ \t]+naam[ \t]+is)[ \t]+)(?P<name>{name})(?:[ \t]*(?:and|,))?"),
            With::Call(|c| cued_name(c, true)),
        ),
        // After a greeting, informal: "hi im Jess", "Hello, this is Sam Cole from …".
        (
            format!(r"(?P<cue>(?i:\b(?:hi|hiya|hello|hey)\b[ \t,!.]*(?:im|this[ \t]+is|it['’]s)[ \t]+))(?P<name>{name})"),
            With::Call(|c| cued_name(c, false)),
        ),
        // Family and neighbours named: "My son Oliver", "his sister Isla", "my neighbour, Peter
        // Grant,". "Partner" and "friend" only after "my": "our partner Barnardo's" is a body.
        (
            format!(r"(?P<cue>\b(?:(?i:my|our|his|her|their)[ \t]+(?:son|daughter|child|grandson|granddaughter|grandchild|brother|sister|husband|wife|mother|father|mum|mom|dad|neighbour|neighbor|nephew|niece|uncle|aunt|cousin|stepson|stepdaughter|twins?|carer)|[Mm]y[ \t]+(?:partner|friend))[ \t]*,?[ \t]+)(?P<name>{name})"),
            With::Call(|c| cued_name(c, false)),
        ),
        // A name with its house number, as neighbours sign a joint letter: "Bill Roberts (no. 4)".
        (
            format!(r"(?P<name>{NAME_PART}(?:[ \t]+(?:and|&)[ \t]+{NAME_PART})?(?:[ \t]+{NAME_PART}){{1,3}})(?P<after>[ \t]*\((?i:no\.?|number|flat|house)[ \t]*\d+[A-Za-z]?\))"),
            With::Call(numbered_name),
        ),
        // "I, John Doe, submit…", "on behalf of myself, Jan van der Berg, a farmer".
        (
            format!(r"(?P<cue>\b(?:I|myself|me)[ \t]*,[ \t]+)(?P<name>{name})(?P<after>[ \t]*,)"),
            With::Call(|c| cued_name(c, false)),
        ),
        // Who wrote it: "Comment submitted by Patricia Lee", "Comment from Emily Carter and
        // Jo Li". Two words at least, as one ("comments from Humana") is mostly a company.
        (
            format!(r"(?P<cue>(?i:\b(?:(?:comments?|feedback|response|submission|letter|email)[ \t]+(?:submitted[ \t]+)?(?:from|by)|(?:submitted|written|sent|signed)(?:[ \t]+[a-z]+){{0,5}}?[ \t]+by))[ \t]*:?[ \t]+(?:(?:{TITLES})\.?[ \t]+)?)(?P<name>{name}(?:[ \t]+(?:and|&)[ \t]+{name})?)(?P<org>,?[ \t]*(?:Inc|LLC|Ltd|Limited|plc|PLC|LLP|Corp|Co)\b)?"),
            With::Call(two_word_name),
        ),
        // Who to ask: "please contact Mason Ingram, Director of …", "contact Jo Li at …".
        (
            format!(r"(?P<cue>\b[Cc]ontact[ \t]+(?:(?:{TITLES})\.?[ \t]+)?)(?P<name>{name})(?P<after>,|[ \t]+(?:at|on|via)\b)"),
            With::Call(two_word_name),
        ),
        // A name after a role's label inside a line: "(…, chair: Tony Marchetti)".
        (
            format!(r"(?P<cue>(?i:\b(?:chair|chairman|chairwoman|chairperson|convenor|secretary|treasurer|contact(?:[ \t]+(?:person|name))?|signed|name))[ \t]*:[ \t]*(?:(?:{TITLES})\.?[ \t]+)?)(?P<name>{name})"),
            With::Call(|c| cued_name(c, false)),
        ),
        (
            r"(?m)(?P<before>^|[ \t])[—–][ \t]*(?P<name>[^—–\n]{2,80}?)[ \t]*$".into(),
            With::Call(dash_signature),
        ),
    ];
    rules
        .into_iter()
        .map(|(p, w)| (Regex::new(&p).expect("redaction patterns are valid"), w))
        .collect()
});

/// Runs of one placeholder ("[address], [address]") become one.
static MERGES: LazyLock<Vec<Regex>> = LazyLock::new(|| {
    [
        "name",
        "signature",
        "address",
        "postcode",
        "phone",
        "email",
        "link",
        "reference",
    ]
    .iter()
    .map(|p| Regex::new(&format!(r"(\[{p}\])(?:[\s,;|/]*\[{p}\])+")).expect("valid"))
    .collect()
});

#[cfg(test)]
mod tests {
    use super::redact;

    #[test]
    fn contact_details_are_replaced() {
        let quote = "Write to jane.doe@example.org or call 07700 900123, see www.example.org/x, SW1A 2AA.";
        let r = redact(quote);
        // The comma after the link is the sentence's, not the link's, so it stays.
        assert_eq!(r, "Write to [email] or call [phone], see [link], [postcode].");
    }

    #[test]
    fn north_american_phone_numbers_from_dockets_are_replaced() {
        assert_eq!(
            redact("CHAPCA 916.925.3770, or (916) 925-3770, or +1 916 925 3770."),
            "CHAPCA [phone], or [phone], or [phone]."
        );
        // Years, counts and sums are not phone numbers.
        let quote = "Since 2014, 3,000 of 12,500 providers paid $1,250.";
        assert_eq!(redact(quote), quote);
    }

    #[test]
    fn names_after_titles_and_introductions_are_replaced() {
        assert_eq!(
            redact("Mrs Jane Okafor told us. My name is Tom Reid and I foster."),
            "[name] told us. [name] I foster."
        );
        assert_eq!(redact("As Cllr Hughes said, no."), "As [name] said, no.");
    }

    #[test]
    fn docket_names_with_initials_addresses_and_signatures_are_replaced() {
        assert_eq!(
            redact("Ms. R. N. Lloyd and Mr. Christina D Marone wrote."),
            "[name] and [name] wrote."
        );
        assert_eq!(
            redact("I live at 4021 Ocean Park Blvd. in Santa Monica, CA 90403 with my son."),
            "I live at [address] in [address] with my son."
        );
        assert_eq!(
            redact("Please keep it public. Yours sincerely, Jane Okafor"),
            "Please keep it public. [signature]"
        );
        assert_eq!(redact("Kind regards,\nTom\n"), "[signature]");
    }

    #[test]
    fn a_sign_off_block_goes_whole() {
        let letter = "We would welcome a meeting.\n\nKind regards\n\nDr A. K. Patel\nChief Executive, Families Together\nTel: 0113 496 0712\nak.patel@example.org";
        assert_eq!(redact(letter), "We would welcome a meeting. [signature]");
        // A closing that is a sentence of the letter stays; the signature under it goes.
        let letter = "Please withdraw it.\n\nThank you for your consideration.\n\nRuth Begay\nFarmington, NM";
        assert_eq!(
            redact(letter),
            "Please withdraw it. Thank you for your consideration. [signature]"
        );
        assert_eq!(
            redact("Just to say no.\n\nBest,\nTom"),
            "Just to say no. [signature]"
        );
        assert_eq!(
            redact("I support it.\n\n--\nNeil Ferguson\nGlasgow G12 9UX"),
            "I support it. [signature]"
        );
    }

    #[test]
    fn a_signature_with_no_closing_goes_when_it_starts_with_a_name() {
        assert_eq!(
            redact("Please keep the bus.\n— Maria Gonzalez, Tucson AZ"),
            "Please keep the bus. [signature]"
        );
        assert_eq!(
            redact(
                "I oppose the rule because of the premiums.\n\nJohn R. Mitchell\n123 Main St., Apt 4\nSpringfield, IL 62704\n(217) 555-0143"
            ),
            "I oppose the rule because of the premiums. [signature]"
        );
        // Short lines after a colon or as bullets are a list, not a signature.
        let list = "Our priorities are:\nEarly Help\nYouth Services";
        assert_eq!(redact(list), "Our priorities are: Early Help Youth Services");
        let bullets = "We oppose it because of the cost.\n- Early Help\n- Youth Services";
        assert_eq!(
            redact(bullets),
            "We oppose it because of the cost. - Early Help - Youth Services"
        );
    }

    #[test]
    fn a_letterhead_goes_but_its_date_and_the_addressee_line_stay_readable() {
        assert_eq!(
            redact("14 Mill Lane\nLeeds LS6 2AB\n\n3 April 2024\n\nDear Ms Wright,\n\nI object."),
            "[address] 3 April 2024 Dear [name], I object."
        );
        assert_eq!(
            redact(
                "Leeds City Council\nMerrion House\nLeeds LS2 8BB\n\nOur ref: CFD/2024/0917\n\nDear Sir or Madam,\nWe agree."
            ),
            "[address] Our ref: [reference] Dear Sir or Madam, We agree."
        );
    }

    #[test]
    fn who_a_letter_is_to_is_a_name_unless_it_is_a_body_or_a_role() {
        assert_eq!(redact("Hi Aisha, thanks."), "Hi [name], thanks.");
        assert_eq!(redact("Dear Secretary Becerra:"), "Dear [name]:");
        assert_eq!(redact("Good morning Priya,"), "Good morning [name],");
        for kept in [
            "Dear Sir or Madam,",
            "Dear Minister,",
            "Dear Planning Officer,",
            "Dear CMS,",
            "Dear Centers for Medicare and Medicaid Services,",
            "Dear All,",
            "Hello, I am writing to object.",
        ] {
            assert_eq!(redact(kept), kept);
        }
    }

    #[test]
    fn labelled_lines_lose_their_values() {
        assert_eq!(
            redact(
                "Name: Carlos Mendoza\nZIP: 79902\nEmail: c.m@example.com\n\nComment: The rule is unlawful."
            ),
            "Name: [name] ZIP: [address] Email: [email] Comment: The rule is unlawful."
        );
        assert_eq!(
            redact("From: Gareth Pugh <gareth@example.net>\nSubject: Welsh standards\n\nI agree."),
            "From: [name] Subject: Welsh standards I agree."
        );
    }

    #[test]
    fn uk_us_and_european_addresses_are_replaced() {
        assert_eq!(
            redact("I live at 47 Brookside Crescent, Bristol BS4 2QR, next to the depot."),
            "I live at [address], next to the depot."
        );
        assert_eq!(
            redact("Our address is P.O. Box 118, Wolf Point, MT 59201 and the office is far."),
            "Our address is [address] and the office is far."
        );
        assert_eq!(
            redact("Address: Flat 3, 22 Brixton Hill, London SW2 1RW"),
            "Address: [address]"
        );
        assert_eq!(
            redact("Write to 1456 W. Jefferson Blvd., Los Angeles, CA 90018."),
            "Write to [address]."
        );
        assert_eq!(redact("Katrin Vogel\nHauptstraße 12\n10827 Berlin"), "[address]");
        // A year after "in" is not a house number.
        let quote = "In 2030 Green Park will host the games.";
        assert_eq!(redact(quote), quote);
    }

    #[test]
    fn reference_numbers_go_and_public_docket_numbers_stay() {
        assert_eq!(
            redact("Re: Case no. 2019-00123, NI number QQ 12 34 56 C, account number 7731 2289 0045."),
            "Re: Case no. [reference], NI number [reference], account number [reference]."
        );
        assert_eq!(
            redact("Planning application 23/01456/FUL is wrong."),
            "Planning application [reference] is wrong."
        );
        assert_eq!(redact("my NI number is AB123456C"), "my NI number is [reference]");
        let public = "Docket EPA-HQ-OAR-2021-0317 and file code CMS-0058-NC, reference number CMS-0058-NC.";
        assert_eq!(redact(public), public);
    }

    #[test]
    fn phone_numbers_in_more_forms_and_personal_pages_are_replaced() {
        assert_eq!(
            redact("Call +33 6 12 34 56 78 or (01904) 552 017 or 0161-496-0555."),
            "Call [phone] or [phone] or [phone]."
        );
        assert_eq!(
            redact("See facebook.com/jane.smith and twitter.com/lucyhendry_."),
            "See [link] and [link]."
        );
    }

    #[test]
    fn names_after_cues_in_running_text_are_replaced() {
        assert_eq!(redact("I, Robert Delgado, object."), "I, [name], object.");
        assert_eq!(
            redact("My son Oliver and his sister Isla go there."),
            "My son [name] and his sister [name] go there."
        );
        assert_eq!(
            redact("Comment submitted by Patricia Lee, a carer."),
            "Comment submitted by [name], a carer."
        );
        assert_eq!(
            redact("We (chair: Tony Marchetti) object."),
            "We (chair: [name]) object."
        );
        assert_eq!(
            redact("Tariq and Samina Hussain (no. 2) and Joan Pike (no. 7) object."),
            "[name] (no. 2) and [name] (no. 7) object."
        );
        assert_eq!(redact("Is mise Siobhán Ní Bhriain."), "[name].");
        // Bodies after the same cues stay.
        for kept in [
            "A response from Leeds City Council follows.",
            "Please see attached for comments from Vizient, Inc.",
            "I am British and I am Chair of the Parish Council.",
        ] {
            assert_eq!(redact(kept), kept);
        }
    }

    #[test]
    fn ordinary_argument_text_is_untouched() {
        let quote = "Councils rated Outstanding by Ofsted should pilot this for 12 months first.";
        assert_eq!(redact(quote), quote);
        // Organisation names and theme labels pass through redact too; they must survive it.
        for kept in [
            "Joseph Rowntree Foundation",
            "Local Government Association",
            "Families Together",
            "Early Help",
            "Policy H4 should be deleted from the Local Plan.",
            "COVID-19 made 24-hour-a-day care harder; SARS-CoV-2 remains.",
            "On 14/02/2024 the council decided; in 2023/24 spending rose.",
            "The Bill Committee heard from Ofsted on Monday.",
            "Thank you for the opportunity to respond.",
        ] {
            assert_eq!(redact(kept), kept);
        }
    }
}
