//! Who responded: each respondent's type, and the organisations behind the responses.
//!
//! A type comes from one of three places, in this order of precedence ([`TypeSource`]): an
//! analyst's correction, what the respondent or the hub's export declared, and otherwise an
//! inference from the words the response carries ([`infer_type`]): the organisation's name, an
//! email domain, a letterhead or sign-off, and what the text says about its sender ("As a
//! local authority…", "I am writing as a parent"). Each inference comes with a confidence, the
//! words that decided it, and whether the clues disagreed (`mixed`), which sends it to an
//! analyst.
//!
//! [`organisations`] then gathers the responses of one organisation, however its name was
//! written, so that it counts once and has one type.

mod cues;
pub mod organisations;

use barometer_domain::{Respondent, RespondentType, RespondingAs, TypeSource};
use cues::{Cue, DOMAIN, EMAIL_DOMAIN, NAME, NAMED_SENDER, PLURAL, SELF, SINGULAR};
use regex::Regex;
use serde::Serialize;
use std::collections::BTreeMap;
use std::sync::LazyLock;

pub use organisations::{Organisation, organisation_key};

/// What a response carries about its sender, for [`infer_type`].
#[derive(Debug, Clone, Copy, Default)]
pub struct TypeEvidence<'a> {
    /// The organisation's name, where the source gave one.
    pub organisation_name: Option<&'a str>,
    /// An organisation type as written that the consultation does not map ("Charity").
    pub organisation_type_raw: Option<&'a str>,
    /// The domain an emailed letter came from.
    pub sender_domain: Option<&'a str>,
    /// Everything the respondent wrote, in order.
    pub text: &'a str,
    /// The body the consultation is addressed to (`consultation.toml`'s `organisation`):
    /// letters name it, so it is never taken for their sender.
    pub addressee: Option<&'a str>,
}

/// An inferred respondent type.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct TypeReading {
    /// The most likely type.
    pub respondent_type: RespondentType,
    /// Its probability, 0 to 1.
    pub confidence: f32,
    /// The clue that weighed most for it, as a person reads it (`organisation name “Borough
    /// Council”`); `None` where only the default decided.
    pub evidence: Option<String>,
    /// The second most likely type.
    pub runner_up: RespondentType,
    /// Whether strong clues pointed to two types: an analyst should decide.
    pub mixed: bool,
    /// An organisation's name read from the text (letterhead, sign-off, "on behalf of …") when
    /// the source named none.
    pub named_in_text: Option<String>,
}

/// The types an inference may give: every type but "other organisation", which says that
/// nothing is known.
const INFERABLE: [RespondentType; 7] = [
    RespondentType::Individual,
    RespondentType::LocalAuthority,
    RespondentType::VoluntaryCharity,
    RespondentType::ProfessionalBody,
    RespondentType::PrivateProvider,
    RespondentType::Academic,
    RespondentType::PublicBody,
];

/// The most any one family of clues (name, domain, self-description) adds to one type, so that
/// a long name full of type words cannot outvote everything else.
const FAMILY_CAP: f32 = 6.0;
/// How strong a type word a line of the text must carry to be taken for its sender's name:
/// "Kent County Council" is, a heading such as "Women's Rights" is not.
const TEXT_NAME_STRENGTH: f32 = 3.0;
/// A clue this strong on the runner-up makes the reading "mixed".
const STRONG: f32 = 3.0;
/// How far up a long text self-description is looked for, and how far from the end.
const HEAD_CHARS: usize = 6000;
const TAIL_CHARS: usize = 1500;

#[derive(Default)]
struct Scores {
    total: [f32; 7],
    best: [Option<(f32, String)>; 7],
}

impl Scores {
    fn add(&mut self, t: RespondentType, weight: f32, what: impl FnOnce() -> String) {
        let Some(i) = INFERABLE.iter().position(|x| *x == t) else {
            return;
        };
        self.total[i] += weight;
        if weight > 0.0 && self.best[i].as_ref().is_none_or(|(w, _)| weight > *w) {
            self.best[i] = Some((weight, what()));
        }
    }

    /// Adds every matching cue of one family, capped per type; gives the strongest weight seen.
    fn family(&mut self, cues: &[Cue], text: &str, scale: f32, describe: &dyn Fn(&str) -> String) -> f32 {
        let mut added = [0f32; 7];
        let mut strongest = 0f32;
        for cue in cues {
            if let Some(m) = cue.pattern.find(text) {
                let i = INFERABLE
                    .iter()
                    .position(|x| *x == cue.respondent_type)
                    .expect("cues name inferable types");
                // One decisive cue may exceed the cap; several weak ones may not.
                let cap = FAMILY_CAP.max(cue.weight * scale);
                let w = (cue.weight * scale).min(cap - added[i]).max(0.0);
                added[i] += w;
                strongest = strongest.max(cue.weight);
                let what = m.as_str().trim();
                self.add(cue.respondent_type, w, || describe(what));
            }
        }
        strongest
    }
}

/// Reads a respondent's type from what the response carries.
pub fn infer_type(e: &TypeEvidence<'_>) -> TypeReading {
    let mut s = Scores::default();
    let name = e.organisation_name.map(str::trim).filter(|n| !n.is_empty());
    let addressee = e.addressee.map(organisation_key);

    // The name the source gave.
    if let Some(name) = name {
        let strongest = s.family(&NAME, name, 1.0, &|m| format!("organisation name “{m}”"));
        s.add(RespondentType::Individual, -2.5, String::new);
        if strongest < 1.0 {
            // No type word at all: most bare names ("Optum", "Acme") are companies'.
            s.add(RespondentType::PrivateProvider, 1.5, || {
                "an organisation name with no word of another type".into()
            });
            s.add(RespondentType::VoluntaryCharity, 0.5, String::new);
        }
    }
    if let Some(raw) = e.organisation_type_raw.map(str::trim).filter(|r| !r.is_empty()) {
        s.family(&NAME, raw, 1.2, &|m| format!("organisation type given as “{m}”"));
    }

    // A name in the text: letterhead, sign-off, "on behalf of …".
    let text = bounded(e.text);
    let mut named_in_text = None;
    if name.is_none() {
        let mut best: Option<(f32, String)> = None;
        for candidate in candidate_names(e.text) {
            if addressee
                .as_deref()
                .is_some_and(|a| !a.is_empty() && organisation_key(&candidate).contains(a))
            {
                continue;
            }
            // The strongest type's words in it, added up: "Institute of Safeguarding
            // Practitioners" is a body's name, "Women's Rights" a heading.
            let mut per_type = [0f32; 7];
            for c in NAME.iter().filter(|c| c.pattern.is_match(&candidate)) {
                if let Some(i) = INFERABLE
                    .iter()
                    .position(|t| *t == c.respondent_type && *t != RespondentType::Individual)
                {
                    per_type[i] += c.weight;
                }
            }
            let strength = per_type.iter().copied().fold(0f32, f32::max);
            if strength >= TEXT_NAME_STRENGTH && best.as_ref().is_none_or(|(w, _)| strength > *w) {
                best = Some((strength, candidate));
            }
        }
        if let Some((_, candidate)) = best {
            s.family(&NAME, &candidate, 0.8, &|m| format!("named in the text: “{m}”"));
            s.add(RespondentType::Individual, -1.0, String::new);
            named_in_text = Some(candidate);
        } else if let Some(signed) = signed_for(e.text) {
            // Signed by a person, their role, and a body: whatever its name, a body wrote it.
            let shown = signed.clone();
            s.family(&NAME, &signed, 0.8, &|m| format!("named in the text: “{m}”"));
            s.add(RespondentType::Individual, -2.0, || {
                format!("signed for “{shown}”")
            });
            named_in_text = Some(signed);
        } else {
            s.add(RespondentType::Individual, 2.0, || "no organisation named".into());
        }
    }

    // Email domains: the sender's, then the first addresses in the text.
    let mut domains: Vec<String> = e.sender_domain.map(str::to_ascii_lowercase).into_iter().collect();
    for c in EMAIL_DOMAIN.captures_iter(&text).take(2) {
        domains.push(c[1].to_ascii_lowercase());
    }
    if let Some(domain) = domains.first() {
        s.family(&DOMAIN, domain, 1.0, &|_| format!("email domain {domain}"));
    }

    // What the text says about its sender.
    s.family(&SELF, &text, 1.0, &|m| format!("says “{m}”"));
    let singular = SINGULAR.find_iter(&text).count();
    let plural = PLURAL.find_iter(&text).count();
    if singular >= 3 && singular > 2 * plural {
        s.add(RespondentType::Individual, 1.0, || "writes as “I”".into());
    } else if plural >= 3 && plural > 2 * singular {
        s.add(RespondentType::Individual, -1.0, String::new);
    }

    let mut logits: Vec<f64> = s.total.iter().map(|&w| f64::from(w)).collect();
    barometer_maths::softmax(&mut logits);
    let probs: Vec<f32> = logits.iter().map(|&p| p as f32).collect();
    let mut order: Vec<usize> = (0..INFERABLE.len()).collect();
    // Ties go to the earlier type in report order, so the reading never depends on float noise.
    order.sort_by(|&a, &b| probs[b].total_cmp(&probs[a]).then(a.cmp(&b)));
    let (top, second) = (order[0], order[1]);
    let mixed = probs[second] >= 0.25 && s.best[second].as_ref().is_some_and(|(w, _)| *w >= STRONG);
    TypeReading {
        respondent_type: INFERABLE[top],
        confidence: probs[top],
        evidence: s.best[top].take().map(|(_, what)| what),
        runner_up: INFERABLE[second],
        mixed,
        named_in_text,
    }
}

/// The head and tail of a long text, where senders describe themselves.
fn bounded(text: &str) -> String {
    if text.len() <= HEAD_CHARS + TAIL_CHARS {
        return text.to_string();
    }
    let head_end = floor_char_boundary(text, HEAD_CHARS);
    let tail_start = floor_char_boundary(text, text.len() - TAIL_CHARS);
    format!("{}\n{}", &text[..head_end], &text[tail_start..])
}

fn floor_char_boundary(s: &str, mut i: usize) -> usize {
    while !s.is_char_boundary(i) {
        i -= 1;
    }
    i
}

/// Names of a sender a text may hold: short lines at its head (a letterhead) and foot (a
/// sign-off), split at commas and dashes so that a signer's own name stays behind, and the
/// body named after "on behalf of", "comments from" and the like.
pub fn candidate_names(text: &str) -> Vec<String> {
    let lines: Vec<&str> = text.lines().map(str::trim).filter(|l| !l.is_empty()).collect();
    let head = lines.iter().take(4);
    let tail = lines.iter().skip(lines.len().saturating_sub(8));
    let mut out = Vec::new();
    for line in head.chain(tail) {
        let lower = line.to_lowercase();
        let words = line.split_whitespace().count();
        let addressed = [
            "dear ",
            "to ",
            "re:",
            "re ",
            "subject",
            "from:",
            "date",
            "attn",
            "for the attention",
        ]
        .iter()
        .any(|p| lower.starts_with(p));
        let first_person = SINGULAR.is_match(line) || PLURAL.is_match(line);
        if words > 14 || addressed || first_person || line.ends_with(['.', '?', '!', ':']) {
            continue;
        }
        for part in line.split([',', '|', '–', '—', ';']).flat_map(|p| p.split(" - ")) {
            if looks_like_a_name(part) {
                out.push(part.trim().to_string());
            }
        }
    }
    for c in NAMED_SENDER.captures_iter(&bounded(text)) {
        let mut named = c[1].trim_end_matches([',', '.', ' ']).trim();
        // The capture may end on a joining word ("… University of Kestwick in").
        while let Some((head, last)) = named.rsplit_once(' ') {
            if !matches!(last, "of" | "for" | "and" | "&" | "the" | "on" | "in") {
                break;
            }
            named = head.trim_end_matches([',', ' ']);
        }
        if looks_like_a_name(named) {
            out.push(named.to_string());
        }
    }
    out
}

/// The body a letter is signed for: the last line of a sign-off ("Yours faithfully," then
/// the signer's name, their role, and the organisation), where at least three lines follow
/// the closing words. With only a name, or a name and a role, there is no body.
fn signed_for(text: &str) -> Option<String> {
    static CLOSING: LazyLock<Regex> = LazyLock::new(|| {
        Regex::new(r"(?i)^(yours\s+(faithfully|sincerely|truly)|(with\s+)?(kind|best|warm)\s+(regards|wishes)|regards|sincerely)\W*$")
            .expect("valid")
    });
    let lines: Vec<&str> = text.lines().map(str::trim).filter(|l| !l.is_empty()).collect();
    let closing = lines.iter().rposition(|l| CLOSING.is_match(l))?;
    let after = &lines[closing + 1..];
    if after.len() < 3 || after.len() > 6 {
        return None;
    }
    let last = after[after.len() - 1];
    // Two words or more and no digits: a town or a street of a home address is not a body.
    // Up to three words with no word a body's name uses ("Mary Smith", "Little Hadham") may be
    // a second signer or a place: never taken, so a person's name is never published as a body.
    let words = last.split_whitespace().count();
    let has_type_word = NAME
        .iter()
        .any(|c| c.respondent_type != RespondentType::Individual && c.pattern.is_match(last));
    let plausible = looks_like_a_name(last)
        && words >= 2
        && (words >= 4 || has_type_word)
        && !last.chars().any(|c| c.is_ascii_digit())
        && !last.ends_with(['.', ',', ':']);
    plausible.then(|| last.to_string())
}

/// A capitalised phrase of one to ten words, not an address or a link.
fn looks_like_a_name(part: &str) -> bool {
    let part = part.trim();
    let words = part.split_whitespace().count();
    (1..=10).contains(&words)
        && part.len() >= 3
        && part.chars().next().is_some_and(char::is_uppercase)
        && !part.contains(['@', '/', '\\'])
        && !part.to_ascii_lowercase().contains("www.")
}

/// How one response's type was decided.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct TypeJudgement {
    /// The type its figures are counted under.
    pub respondent_type: RespondentType,
    /// Who decided it.
    pub source: TypeSource,
    /// 1.0 when declared or set by an analyst; the inference's probability otherwise.
    pub confidence: f32,
    /// What decided an inferred type.
    pub evidence: Option<String>,
    /// Whether the clues disagreed and an analyst should look.
    pub mixed: bool,
}

impl TypeJudgement {
    /// A type the source declared.
    pub fn declared(respondent_type: RespondentType) -> TypeJudgement {
        TypeJudgement {
            respondent_type,
            source: TypeSource::Declared,
            confidence: 1.0,
            evidence: None,
            mixed: false,
        }
    }
}

/// Below this confidence an inferred type is queued for an analyst even without mixed clues.
pub const REVIEW_BELOW: f32 = 0.5;

/// One response, for [`read`].
#[derive(Debug, Clone, Copy)]
pub struct RespondentInput<'a> {
    /// Who the source says sent it.
    pub respondent: &'a Respondent,
    /// Everything it wrote, in order.
    pub text: &'a str,
    /// An analyst's type for it, if one was set.
    pub label: Option<RespondentType>,
}

/// An organisation with the type all its responses are counted under.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct OrganisationReading {
    /// Its name, key and responses.
    #[serde(flatten)]
    pub organisation: Organisation,
    /// Its type, and who decided it.
    pub judgement: TypeJudgement,
}

/// Every response's type, and the organisations that responded.
#[derive(Debug, Clone, PartialEq, Default)]
pub struct Respondents {
    /// Per response, in the caller's order.
    pub judgements: Vec<TypeJudgement>,
    /// Per response: the organisation's name as given, or as read from its text.
    pub organisation_names: Vec<Option<String>>,
    /// Per response: its organisation's position in `organisations`.
    pub organisation_of: Vec<Option<usize>>,
    /// The organisations, sorted by key.
    pub organisations: Vec<OrganisationReading>,
}

impl Respondents {
    /// How many responses' types came from each source, in [`TypeSource::ALL`] order.
    pub fn by_source(&self) -> [usize; 3] {
        let mut n = [0; 3];
        for j in &self.judgements {
            n[TypeSource::ALL
                .iter()
                .position(|s| *s == j.source)
                .expect("listed")] += 1;
        }
        n
    }

    /// The responses whose inferred type an analyst should check: mixed clues or low
    /// confidence, least sure first.
    pub fn to_review(&self) -> Vec<usize> {
        let mut out: Vec<usize> = (0..self.judgements.len())
            .filter(|&i| {
                let j = &self.judgements[i];
                j.source == TypeSource::Inferred
                    && j.respondent_type != RespondentType::Individual
                    && (j.mixed || j.confidence < REVIEW_BELOW)
            })
            .collect();
        out.sort_by(|&a, &b| {
            self.judgements[a]
                .confidence
                .total_cmp(&self.judgements[b].confidence)
        });
        out
    }
}

fn rank(source: TypeSource) -> u8 {
    match source {
        TypeSource::Inferred => 0,
        TypeSource::Declared => 1,
        TypeSource::Analyst => 2,
    }
}

/// Decides every response's type (an analyst's label, else what was declared, else an
/// inference), then gathers organisations and gives each one type: the highest-ranking
/// source among its responses decides (the most common declared type; the surest inference).
pub fn read(inputs: &[RespondentInput<'_>], addressee: Option<&str>) -> Respondents {
    let mut judgements = Vec::with_capacity(inputs.len());
    let mut names = Vec::with_capacity(inputs.len());
    for input in inputs {
        let r = input.respondent;
        let given = (r.responding_as == RespondingAs::Organisation)
            .then(|| r.organisation_name.clone())
            .flatten()
            .filter(|n| !n.trim().is_empty());
        // Read even where the type is settled: a letter typed by an analyst still needs the
        // name of the body that sent it.
        let needs_reading = given.is_none() || (input.label.is_none() && !r.type_declared);
        let reading = needs_reading.then(|| {
            infer_type(&TypeEvidence {
                organisation_name: given.as_deref(),
                organisation_type_raw: r.organisation_type_raw.as_deref(),
                sender_domain: r.sender_domain.as_deref(),
                text: input.text,
                addressee,
            })
        });
        let found = reading.as_ref().and_then(|r| r.named_in_text.clone());
        let judgement = if let Some(t) = input.label {
            TypeJudgement {
                respondent_type: t,
                source: TypeSource::Analyst,
                confidence: 1.0,
                evidence: None,
                mixed: false,
            }
        } else if r.type_declared {
            TypeJudgement::declared(r.respondent_type)
        } else {
            let reading = reading.expect("read when neither labelled nor declared");
            TypeJudgement {
                respondent_type: reading.respondent_type,
                source: TypeSource::Inferred,
                confidence: reading.confidence,
                evidence: reading.evidence,
                mixed: reading.mixed,
            }
        };
        let name = if judgement.respondent_type == RespondentType::Individual {
            None
        } else {
            given.or(found)
        };
        judgements.push(judgement);
        names.push(name);
    }
    let texts: Vec<&str> = inputs.iter().map(|i| i.text).collect();
    let name_refs: Vec<Option<&str>> = names.iter().map(|n| n.as_deref()).collect();
    let grouped = organisations::group(&name_refs, &texts);
    let mut organisation_of = vec![None; inputs.len()];
    let mut readings = Vec::with_capacity(grouped.len());
    for (o, organisation) in grouped.into_iter().enumerate() {
        let judgement = organisation_type(&organisation.members, &judgements);
        for &m in &organisation.members {
            organisation_of[m] = Some(o);
            judgements[m] = judgement.clone();
        }
        readings.push(OrganisationReading {
            organisation,
            judgement,
        });
    }
    Respondents {
        judgements,
        organisation_names: names,
        organisation_of,
        organisations: readings,
    }
}

/// One organisation's type from its responses' judgements.
fn organisation_type(members: &[usize], judgements: &[TypeJudgement]) -> TypeJudgement {
    let top = members
        .iter()
        .map(|&m| rank(judgements[m].source))
        .max()
        .expect("an organisation has a response");
    let deciding: Vec<&TypeJudgement> = members
        .iter()
        .map(|&m| &judgements[m])
        .filter(|j| rank(j.source) == top)
        .collect();
    if deciding[0].source == TypeSource::Inferred {
        return deciding
            .iter()
            .max_by(|a, b| a.confidence.total_cmp(&b.confidence))
            .map(|j| (*j).clone())
            .expect("not empty");
    }
    // The most common type among them; "other organisation" only when nothing else was said.
    let mut counts: BTreeMap<RespondentType, usize> = BTreeMap::new();
    for j in &deciding {
        *counts.entry(j.respondent_type).or_default() += 1;
    }
    let best = counts
        .iter()
        .filter(|(t, _)| **t != RespondentType::OtherOrganisation || counts.len() == 1)
        .max_by(|a, b| a.1.cmp(b.1).then(b.0.cmp(a.0)))
        .map(|(t, _)| *t)
        .expect("not empty");
    deciding
        .iter()
        .find(|j| j.respondent_type == best)
        .map(|j| (*j).clone())
        .expect("present")
}

#[cfg(test)]
mod tests;
