//! A generator of realistic consultation responses with known campaigns, for tests and for
//! `barometer bench campaigns`.
//!
//! Independent responses are composed sentence by sentence from banks of openers, claims and
//! reasons about a handful of proposals, so that many of them take the same side on the same
//! proposal in similar words; some quote the proposal, and some reuse a stock sentence that
//! circulates widely (the look-alikes campaign detection must leave alone). Each campaign
//! writes its own template from the same banks (so a template reads like any other response)
//! and its members copy it in one [`Style`]. Everything follows from the seed.

use crate::Rng;

/// How the members of a campaign copy its template.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum Style {
    /// The template, with only case, spacing, line breaks or punctuation changed.
    Exact,
    /// A different salutation and sign-off, a name, and a few typos.
    NearCopy,
    /// The template with a sentence or two of the member's own before or after it.
    Personal,
    /// Words and phrases swapped for synonyms, slot by slot, as mail-merge tools do.
    MailMerge,
    /// Paragraphs reordered, or one dropped.
    Reordered,
    /// Every edit above at once, each with some probability.
    Mixed,
    /// A short message of two sentences, copied with case, spacing or a typo changed.
    ShortCopy,
    /// A short message with a sentence of the member's own before or after it.
    ShortPersonal,
    /// A short message whose every phrase is one of a few alternatives (the FCC style).
    ShortMailMerge,
    /// Four short sentences, given in any order, one sometimes dropped.
    ShortReordered,
}

impl Style {
    /// Every style, in a fixed order.
    pub const ALL: [Style; 10] = [
        Style::Exact,
        Style::NearCopy,
        Style::Personal,
        Style::MailMerge,
        Style::Reordered,
        Style::Mixed,
        Style::ShortCopy,
        Style::ShortPersonal,
        Style::ShortMailMerge,
        Style::ShortReordered,
    ];

    /// Its name in tables.
    pub fn name(self) -> &'static str {
        match self {
            Style::Exact => "exact",
            Style::NearCopy => "near-copy",
            Style::Personal => "personal",
            Style::MailMerge => "mail-merge",
            Style::Reordered => "reordered",
            Style::Mixed => "mixed",
            Style::ShortCopy => "short copy",
            Style::ShortPersonal => "short personal",
            Style::ShortMailMerge => "short merge",
            Style::ShortReordered => "short reorder",
        }
    }

    /// Whether it is one of the short-message styles.
    pub fn is_short(self) -> bool {
        matches!(
            self,
            Style::ShortCopy | Style::ShortPersonal | Style::ShortMailMerge | Style::ShortReordered
        )
    }
}

/// One generated response.
#[derive(Debug, Clone, PartialEq)]
pub struct Response {
    /// What the respondent wrote.
    pub text: String,
    /// The campaign it copies, if any.
    pub campaign: Option<u32>,
    /// The style its campaign uses, if any.
    pub style: Option<Style>,
    /// A submission date, `2026-MM-DD`.
    pub submitted_at: String,
}

/// What to generate.
#[derive(Debug, Clone, PartialEq)]
pub struct Spec {
    /// Responses in all.
    pub responses: usize,
    /// Share of them that belong to a campaign.
    pub campaign_share: f64,
    /// How many campaigns share those responses (sizes fall off like 1/rank).
    pub campaigns: usize,
    /// The styles campaigns use, taken in turn.
    pub styles: Vec<Style>,
    /// The seed; the same spec gives the same responses.
    pub seed: u64,
}

impl Spec {
    /// A consultation of `responses`, half of them in campaigns of every style, about one
    /// campaign per 4,000 responses (at least one of each style).
    pub fn realistic(responses: usize, seed: u64) -> Self {
        Spec {
            responses,
            campaign_share: 0.5,
            campaigns: (responses / 4000).max(Style::ALL.len()),
            styles: Style::ALL.to_vec(),
            seed,
        }
    }
}

/// The proposals responses talk about: the text, and how respondents name it.
const PROPOSALS: [(&str, &str); 6] = [
    (
        "local authorities should be able to delegate children's social care functions to third-party providers",
        "handing children's services to outside providers",
    ),
    (
        "the speed limit on residential streets should be lowered to 20 mph",
        "a 20 mph limit on our streets",
    ),
    (
        "gambling adverts should be banned from sports broadcasts",
        "banning gambling adverts in sport",
    ),
    (
        "new housing should be allowed on green belt land",
        "building on the green belt",
    ),
    (
        "the sale of single-use plastic cutlery should be banned",
        "the ban on plastic cutlery",
    ),
    (
        "water companies should be allowed to raise bills to pay for new reservoirs",
        "higher water bills for reservoirs",
    ),
];

const SUPPORT_OPENINGS: [&str; 4] = [
    "I am writing to support",
    "I write in support of",
    "Please count this letter as support for",
    "I want to add my voice in favour of",
];

const OBJECT_OPENINGS: [&str; 4] = [
    "I am writing to object to",
    "I write to oppose",
    "Please record my objection to",
    "I want to register my opposition to",
];

const PLACES: [&str; 12] = [
    "Ashford",
    "Bramley",
    "Castleford",
    "Dunmore",
    "Elmswick",
    "Fairhaven",
    "Greystone",
    "Hollins",
    "Ironbridge",
    "Kettering",
    "Larkhill",
    "Millbrook",
];

const GROUPS: [&str; 8] = [
    "Residents' Association",
    "Parents' Forum",
    "Action Group",
    "Civic Society",
    "Carers' Network",
    "Tenants' Federation",
    "Chamber of Trade",
    "Community Trust",
];

const ASKS: [&str; 6] = [
    "Like the other members of the {group}, I ask the department to publish the full evidence before any decision is taken.",
    "The {group} has discussed this at three public meetings and the message from every one of them was clear.",
    "I am one of the many supporters of the {group} who want ministers to meet local people before they decide.",
    "The {group} asks that every response like this one is read and counted, not filed away.",
    "Members of the {group} have written to their MP about this and will keep doing so until they are heard.",
    "I have read the briefing from the {group} and I agree with every word of it.",
];

const PRONOUNS: [&str; 6] = [
    "it",
    "this",
    "the plan",
    "this proposal",
    "the change",
    "what is proposed",
];

const OPENERS: [&str; 18] = [
    "",
    "",
    "",
    "I think",
    "In my view",
    "I strongly believe",
    "Honestly,",
    "As a parent,",
    "As someone who has lived here for thirty years,",
    "Speaking as a nurse,",
    "For what it's worth,",
    "I have to say",
    "Frankly,",
    "To be clear,",
    "My view is that",
    "Having read the documents,",
    "Like most people I know,",
    "As a small business owner,",
];

const FOR_CLAIMS: [&str; 14] = [
    "{np} is long overdue",
    "{np} would make a real difference",
    "{np} is the right thing to do",
    "we should get on with {np}",
    "{np} will save money in the long run",
    "the evidence clearly supports {np}",
    "I fully support {np}",
    "{np} is a sensible and proportionate step",
    "{np} has my backing",
    "there is no good reason to delay {np}",
    "{np} would help the people who need it most",
    "most of my neighbours are in favour of {np}",
    "{np} is what the area needs",
    "I am glad to see {np} at last",
];

const AGAINST_CLAIMS: [&str; 14] = [
    "{np} is a serious mistake",
    "{np} will hurt the very people it claims to help",
    "nobody asked for {np}",
    "{np} has not been thought through",
    "I am firmly opposed to {np}",
    "{np} would be a disaster",
    "the case for {np} simply is not made",
    "{np} should be dropped",
    "I cannot support {np}",
    "{np} puts cost before people",
    "{np} is the wrong answer to a real problem",
    "there is no evidence that {np} will work",
    "{np} will be very hard to reverse",
    "I object to {np} in the strongest terms",
];

const REASONS: [&str; 24] = [
    "families are already struggling",
    "the costs will fall on the wrong people",
    "other places have tried it and it worked",
    "the consultation ignores local knowledge",
    "safety has to come first",
    "the figures in the impact assessment do not add up",
    "it was promised years ago",
    "the current system is failing",
    "nobody will be accountable when things go wrong",
    "it will take years to recover the money",
    "children and older people are the ones at risk",
    "the council has a poor record on delivery",
    "the independent review said so",
    "we cannot afford to wait any longer",
    "there was no proper public meeting",
    "the people affected were not asked",
    "the staff on the ground know best",
    "every pound should go to front line services",
    "the traffic outside the school is frightening",
    "it will bring jobs to the area",
    "my street has seen three accidents this year",
    "the profits go to shareholders rather than services",
    "our rivers are already polluted",
    "it sets a precedent other areas will follow",
];

const CONNECTIVES: [&str; 5] = ["because", "since", "given that", "as", "when"];

const ANECDOTES: [&str; 10] = [
    "My {who} {what}.",
    "Last year my {who} {what}.",
    "I know from experience that my {who} {what}.",
    "When my {who} {what}, nobody helped.",
    "My {who} {what}, and it changed how I see this.",
    "Ask my {who}, who {what}.",
    "Our {who} {what} only last month.",
    "I remember when my {who} {what}.",
    "Even my {who} {what}.",
    "It matters to me because my {who} {what}.",
];

const WHO: [&str; 10] = [
    "mother",
    "son",
    "neighbour",
    "daughter",
    "husband",
    "best friend",
    "grandson",
    "wife",
    "brother",
    "colleague",
];

const WHAT: [&str; 12] = [
    "works in the sector",
    "waited months for help",
    "was nearly knocked down outside school",
    "lost money on betting adverts",
    "relies on these services every week",
    "had to move away because of house prices",
    "picks up litter on the beach every weekend",
    "saw the bills go up twice last year",
    "was in care as a child",
    "runs a small cafe in the high street",
    "campaigned on this for years",
    "wrote to the council and heard nothing",
];

/// Sentences that circulate widely and that unrelated respondents repeat word for word.
const STOCK: [&str; 4] = [
    "The regulations need a clear step-in power so that the council or the Secretary of State can take the service back straight away if it goes wrong.",
    "Whatever is decided, the people who use these services must be asked first and listened to properly.",
    "This consultation has been poorly advertised and most people in my area have never heard of it.",
    "Please do not let a decision this important be rushed through without a proper look at the evidence.",
];

const SALUTATIONS: [&str; 8] = [
    "Dear Minister,",
    "Dear Sir/Madam,",
    "Dear Sir or Madam,",
    "To whom it may concern,",
    "Dear Secretary of State,",
    "Hello,",
    "Dear Councillor,",
    "",
];

const SIGNOFFS: [&str; 6] = [
    "Yours sincerely,",
    "Yours faithfully,",
    "Regards,",
    "Kind regards,",
    "Best wishes,",
    "Thank you,",
];

const FIRST: [&str; 16] = [
    "Mark", "Jade", "Fiona", "Liam", "Gemma", "Olu", "Siobhan", "Tom", "Priya", "Kerry", "Ahmed", "Megan",
    "Graham", "Zainab", "Brian", "Emma",
];

const LAST: [&str; 14] = [
    "Moore",
    "Bennett",
    "Dunn",
    "Marsh",
    "Clarke",
    "Rowe",
    "Fairbairn",
    "Begum",
    "Wood",
    "Jackson",
    "Walker",
    "Doyle",
    "Patel",
    "Crowther",
];

/// Synonym slots a mail-merge tool swaps: any member of a group may stand for any other.
const SYNONYMS: [&[&str]; 24] = [
    &["serious", "grave", "major", "terrible"],
    &["mistake", "error", "blunder", "misjudgement"],
    &["strongly", "firmly", "really", "deeply"],
    &["people", "residents", "families", "communities"],
    &["money", "funds", "cash", "public money"],
    &["long overdue", "badly needed", "needed for years", "overdue"],
    &["right", "correct", "proper", "sensible"],
    &["disaster", "catastrophe", "fiasco", "calamity"],
    &["support", "back", "endorse", "welcome"],
    &["opposed", "against", "hostile", "resistant"],
    &["proposal", "plan", "scheme", "policy"],
    &["urge", "ask", "implore", "call on"],
    &["government", "department", "ministers", "authorities"],
    &["dropped", "scrapped", "abandoned", "withdrawn"],
    &["evidence", "data", "research", "proof"],
    &["area", "town", "district", "community"],
    &["help", "support", "assist", "serve"],
    &["hurt", "harm", "damage", "penalise"],
    &["wrong", "mistaken", "misguided", "flawed"],
    &["cannot", "can't", "will not", "won't"],
    &["already", "even now", "at present", "currently"],
    &["years", "decades", "a long time", "ages"],
    &["failing", "broken", "collapsing", "struggling"],
    &["difference", "change", "improvement", "impact"],
];

/// Sentences dense in [`SYNONYMS`] words, for mail-merge templates.
const MERGE_SENTENCES: [&str; 8] = [
    "I urge the government to think again.",
    "This proposal is a serious mistake and the evidence does not support it.",
    "People in my area cannot afford it and the current system is already failing after years of neglect.",
    "It would hurt the people it should help.",
    "I strongly support this plan and the difference it would make to families.",
    "The right thing to do is to listen to residents before the money is spent.",
    "Ministers were wrong to rush this and the proposal should be dropped.",
    "Communities have waited years for a sensible policy on this.",
];

const SLOGANS: [&str; 6] = [
    "Say no to {np}!",
    "Stop {np} now.",
    "Yes to {np}.",
    "Back {np} today.",
    "Think again about {np}.",
    "Listen to the public on {np}.",
];

fn capitalise(s: &str) -> String {
    let mut c = s.chars();
    match c.next() {
        Some(f) => f.to_uppercase().chain(c).collect(),
        None => String::new(),
    }
}

/// One sentence in a respondent's own words on `topic`, for (`true`) or against.
fn own_sentence(rng: &mut Rng, topic: usize, support: bool) -> String {
    let np = PROPOSALS[topic].1;
    if rng.chance(0.15) {
        let a = rng.pick(&ANECDOTES);
        return a
            .replace("{who}", rng.pick(&WHO))
            .replace("{what}", rng.pick(&WHAT));
    }
    let claims: &[&str] = if support { &FOR_CLAIMS } else { &AGAINST_CLAIMS };
    // People name the proposal once and then say "it" or "the plan".
    let np = if rng.chance(0.5) { np } else { rng.pick(&PRONOUNS) };
    let claim = rng.pick(claims).replace("{np}", np);
    let opener = rng.pick(&OPENERS);
    let mut s = if opener.is_empty() {
        capitalise(&claim)
    } else {
        format!("{opener} {claim}")
    };
    if rng.chance(0.7) {
        s.push(' ');
        s.push_str(rng.pick(&CONNECTIVES));
        s.push(' ');
        s.push_str(rng.pick(&REASONS));
        if rng.chance(0.3) {
            s.push_str(" and ");
            s.push_str(rng.pick(&REASONS));
        }
    }
    s.push('.');
    s
}

/// An independent response: a few sentences of the respondent's own.
fn independent(rng: &mut Rng) -> String {
    let topic = rng.below(PROPOSALS.len());
    let support = rng.chance(0.5);
    let mut parts: Vec<String> = Vec::new();
    if rng.chance(0.25) {
        let verb = if support {
            "I support the proposal that"
        } else {
            "I oppose the proposal that"
        };
        parts.push(format!("{verb} {}.", PROPOSALS[topic].0));
    }
    for _ in 0..1 + rng.below(5) {
        parts.push(own_sentence(rng, topic, support));
    }
    if rng.chance(0.06) {
        let at = rng.below(parts.len() + 1);
        parts.insert(at, rng.pick(&STOCK).to_string());
    }
    let sep = if rng.chance(0.5) { " " } else { "\n\n" };
    let mut text = parts.join(sep);
    if rng.chance(0.2) {
        text = format!("{}\n\n{text}", rng.pick(&SALUTATIONS));
    }
    if rng.chance(0.2) {
        let n = 1 + rng.below(2);
        text = typos(rng, &text, n);
    }
    text
}

/// A campaign's template: paragraphs of sentences from the same banks, and a slogan.
struct Template {
    paragraphs: Vec<String>,
    /// A short mail-merge's slots: each member picks one alternative of each, in order.
    slots: Vec<Vec<String>>,
}

/// Verbs, addressees and times a short mail-merge campaign picks its alternatives from.
const URGE: [&str; 8] = [
    "urge",
    "ask",
    "call on",
    "implore",
    "beg",
    "demand that",
    "request",
    "appeal to",
];
const ADDRESSEES: [&str; 6] = [
    "the council",
    "ministers",
    "our MPs",
    "parliament",
    "the government",
    "decision makers",
];
const WHEN: [&str; 6] = [
    "now",
    "this year",
    "before it is too late",
    "without delay",
    "at the next opportunity",
    "for good",
];

/// `n` different entries of `bank`.
fn some(rng: &mut Rng, bank: &[&str], n: usize) -> Vec<String> {
    let mut left: Vec<&str> = bank.to_vec();
    (0..n.min(left.len()))
        .map(|_| left.remove(rng.below(left.len())).to_string())
        .collect()
}

/// A short campaign's template: two to four sentences, or a sentence of slots.
fn short_template(rng: &mut Rng, style: Style) -> Template {
    let topic = rng.below(PROPOSALS.len());
    let support = rng.chance(0.5);
    // Like a letter's, a short campaign's message has a line of its own that no independent
    // respondent writes: who it speaks for and what it asks.
    let group = format!(
        "{} {} (branch {})",
        rng.pick(&PLACES),
        rng.pick(&GROUPS),
        10 + rng.below(990)
    );
    let ask = rng.pick(&ASKS).replace("{group}", &group);
    let sentences = if style == Style::ShortReordered { 3 } else { 1 };
    let mut paragraphs: Vec<String> = vec![ask];
    paragraphs.extend((0..sentences).map(|_| own_sentence(rng, topic, support)));
    let mut slots = Vec::new();
    if style == Style::ShortMailMerge {
        let act: &[&str] = if support {
            &["to back", "to approve", "to support"]
        } else {
            &["to reject", "to stop", "to drop"]
        };
        slots.push(some(rng, &["I", "We", "As a resident I"], 2));
        slots.push(some(rng, &URGE, 3));
        slots.push(some(rng, &ADDRESSEES, 3));
        slots.push(some(rng, act, 2));
        slots.push(vec![PROPOSALS[topic].1.to_string()]);
        slots.push(some(rng, &WHEN, 3).into_iter().map(|w| format!("{w}.")).collect());
        slots.push(vec![paragraphs[0].clone()]);
        let reasons = some(rng, &REASONS, 3);
        slots.push(some(rng, &["It matters", "This matters", "It is important"], 2));
        slots.push(some(rng, &["because", "since", "as"], 2));
        slots.push(reasons.into_iter().map(|r| format!("{r}.")).collect());
    }
    Template { paragraphs, slots }
}

/// One member's copy of a short template.
fn short_copy(rng: &mut Rng, t: &Template, style: Style) -> String {
    match style {
        Style::ShortMailMerge => t
            .slots
            .iter()
            .map(|alts| alts[rng.below(alts.len())].as_str())
            .collect::<Vec<_>>()
            .join(" "),
        Style::ShortReordered => {
            let mut s = t.paragraphs.clone();
            if rng.chance(0.5) {
                s.remove(rng.below(s.len()));
            }
            for i in (1..s.len()).rev() {
                let j = rng.below(i + 1);
                s.swap(i, j);
            }
            s.join(" ")
        }
        Style::ShortPersonal => {
            let body = t.paragraphs.join(" ");
            let topic = rng.below(PROPOSALS.len());
            let side = rng.chance(0.5);
            let own = own_sentence(rng, topic, side);
            if rng.chance(0.5) {
                format!("{own} {body}")
            } else {
                format!("{body} {own}")
            }
        }
        _ => {
            let body = t.paragraphs.join(" ");
            match rng.below(4) {
                0 => body.to_uppercase(),
                1 => body.replace(' ', "  "),
                2 => typos(rng, &body, 1),
                _ => body,
            }
        }
    }
}

fn template(rng: &mut Rng, style: Style) -> Template {
    if style.is_short() {
        return short_template(rng, style);
    }
    let topic = rng.below(PROPOSALS.len());
    let support = rng.chance(0.5);
    let np = PROPOSALS[topic].1;
    let mut paragraphs = Vec::new();
    let opening = if support {
        rng.pick(&SUPPORT_OPENINGS)
    } else {
        rng.pick(&OBJECT_OPENINGS)
    };
    // Each organisation's letter has lines of its own: who it speaks for, and what it asks.
    let group = format!("{} {}", rng.pick(&PLACES), rng.pick(&GROUPS));
    paragraphs.push(format!(
        "{opening} the proposal that {}. {}",
        PROPOSALS[topic].0,
        own_sentence(rng, topic, support)
    ));
    paragraphs.push(format!(
        "{} {}",
        rng.pick(&ASKS).replace("{group}", &group),
        own_sentence(rng, topic, support)
    ));
    for _ in 0..1 + rng.below(2) {
        let n = 2 + rng.below(2);
        let p: Vec<String> = (0..n).map(|_| own_sentence(rng, topic, support)).collect();
        paragraphs.push(p.join(" "));
    }
    if style == Style::MailMerge || style == Style::Mixed {
        // Mail-merge letters are written around their swappable words.
        let mut bank: Vec<&str> = MERGE_SENTENCES.to_vec();
        let mut p = Vec::new();
        for _ in 0..3 {
            p.push(bank.remove(rng.below(bank.len())));
        }
        paragraphs.push(p.join(" "));
    }
    paragraphs.push(rng.pick(&SLOGANS).replace("{np}", np));
    Template {
        paragraphs,
        slots: Vec::new(),
    }
}

/// Replaces `n` words of four letters or more with a plausible misspelling.
fn typos(rng: &mut Rng, text: &str, n: usize) -> String {
    let mut words: Vec<String> = text.split(' ').map(str::to_string).collect();
    for _ in 0..n {
        let i = rng.below(words.len());
        let w: Vec<char> = words[i].chars().collect();
        if w.len() < 4 || !w.iter().all(|c| c.is_alphabetic()) {
            continue;
        }
        let j = 1 + rng.below(w.len() - 2);
        let mut v = w.clone();
        match rng.below(3) {
            0 => {
                v.remove(j);
            }
            1 => v.swap(j, j + 1),
            _ => v.insert(j, v[j]),
        }
        words[i] = v.into_iter().collect();
    }
    words.join(" ")
}

fn mail_merge(rng: &mut Rng, text: &str) -> String {
    let mut out = text.to_string();
    for group in SYNONYMS {
        for &word in group {
            // Whole words only: look for the word with a non-letter either side.
            let mut result = String::with_capacity(out.len());
            let mut rest = out.as_str();
            while let Some(at) = rest.find(word) {
                let before = rest[..at].chars().next_back();
                let after = rest[at + word.len()..].chars().next();
                let whole =
                    !before.is_some_and(char::is_alphabetic) && !after.is_some_and(char::is_alphabetic);
                result.push_str(&rest[..at]);
                if whole && rng.chance(0.6) {
                    result.push_str(rng.pick(group));
                } else {
                    result.push_str(word);
                }
                rest = &rest[at + word.len()..];
            }
            result.push_str(rest);
            out = result;
        }
    }
    out
}

fn name(rng: &mut Rng) -> String {
    format!("{} {}", rng.pick(&FIRST), rng.pick(&LAST))
}

/// One member's copy of `t` in `style`.
fn copy(rng: &mut Rng, t: &Template, style: Style) -> String {
    if style.is_short() {
        return short_copy(rng, t, style);
    }
    let mixed = style == Style::Mixed;
    let mut paragraphs = t.paragraphs.clone();
    if style == Style::Reordered || (mixed && rng.chance(0.3)) {
        if paragraphs.len() > 3 && rng.chance(0.5) {
            paragraphs.remove(1 + rng.below(paragraphs.len() - 1));
        } else {
            let (a, b) = (rng.below(paragraphs.len()), rng.below(paragraphs.len()));
            paragraphs.swap(a, b);
        }
    }
    let mut body = paragraphs.join(if rng.chance(0.8) { "\n\n" } else { " " });
    if style == Style::MailMerge || (mixed && rng.chance(0.5)) {
        body = mail_merge(rng, &body);
    }
    if style == Style::NearCopy || (mixed && rng.chance(0.3)) {
        let n = 1 + rng.below(3);
        body = typos(rng, &body, n);
    }
    if style == Style::Exact || (mixed && rng.chance(0.2)) {
        body = match rng.below(3) {
            0 => body.to_lowercase(),
            1 => body.replace(['.', ',', '!'], ""),
            _ => body.replace("\n\n", "\n").replace(' ', "  "),
        };
    }
    let mut parts = Vec::new();
    let letter = style == Style::NearCopy || (mixed && rng.chance(0.5));
    if letter {
        parts.push(rng.pick(&SALUTATIONS).to_string());
    }
    let personal = style == Style::Personal || (mixed && rng.chance(0.35));
    let topic = rng.below(PROPOSALS.len());
    let own = if personal {
        let n = 1 + rng.below(2);
        (0..n)
            .map(|_| {
                let side = rng.chance(0.5);
                own_sentence(rng, topic, side)
            })
            .collect::<Vec<_>>()
            .join(" ")
    } else {
        String::new()
    };
    let before = personal && rng.chance(0.4);
    if before {
        parts.push(own.clone());
    }
    parts.push(body);
    if personal && !before {
        parts.push(own);
    }
    if letter {
        parts.push(format!("{}\n{}", rng.pick(&SIGNOFFS), name(rng)));
    }
    parts.retain(|p| !p.is_empty());
    parts.join("\n\n")
}

/// Generates `spec.responses` responses, campaigns and independents interleaved.
pub fn generate(spec: &Spec) -> Vec<Response> {
    let mut rng = Rng::new(spec.seed);
    let in_campaigns = (spec.responses as f64 * spec.campaign_share).round() as usize;
    let campaigns = if in_campaigns == 0 {
        0
    } else {
        spec.campaigns.max(1)
    };
    // Sizes fall off like 1/rank, as real campaigns do: a few large, many small.
    let harmonic: f64 = (1..=campaigns).map(|r| 1.0 / r as f64).sum();
    let mut sizes: Vec<usize> = (1..=campaigns)
        .map(|r| ((in_campaigns as f64 / (r as f64 * harmonic)).round() as usize).max(12))
        .collect();
    let total: usize = sizes.iter().sum();
    if total > in_campaigns && total > 0 {
        // Rounding and the floor of 12 may overshoot; trim the largest.
        sizes[0] = sizes[0].saturating_sub(total - in_campaigns).max(12);
    }
    let templates: Vec<(Template, Style)> = (0..campaigns)
        .map(|c| {
            let style = spec.styles[c % spec.styles.len().max(1)];
            (template(&mut rng, style), style)
        })
        .collect();
    let mut slots: Vec<Option<u32>> = Vec::with_capacity(spec.responses);
    for (c, &size) in sizes.iter().enumerate() {
        slots.extend(std::iter::repeat_n(Some(c as u32), size));
    }
    slots.truncate(spec.responses);
    slots.resize(spec.responses, None);
    // Shuffle so that campaigns arrive interleaved with everything else.
    for i in (1..slots.len()).rev() {
        let j = rng.below(i + 1);
        slots.swap(i, j);
    }
    slots
        .into_iter()
        .map(|slot| {
            let day = 1 + rng.below(28);
            let month = 3 + rng.below(3);
            let submitted_at = format!("2026-{month:02}-{day:02}");
            match slot {
                Some(c) => {
                    let (t, style) = &templates[c as usize];
                    Response {
                        text: copy(&mut rng, t, *style),
                        campaign: Some(c),
                        style: Some(*style),
                        submitted_at,
                    }
                }
                None => Response {
                    text: independent(&mut rng),
                    campaign: None,
                    style: None,
                    submitted_at,
                },
            }
        })
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn one_seed_gives_one_consultation_with_the_share_of_campaign_members_asked_for() {
        let spec = Spec::realistic(2000, 7);
        let responses = generate(&spec);
        assert_eq!(responses, generate(&spec));
        assert_ne!(responses, generate(&Spec { seed: 8, ..spec }));
        assert_eq!(responses.len(), 2000);
        let members = responses.iter().filter(|r| r.campaign.is_some()).count();
        assert_eq!(members, 1000, "half of them, as `realistic` asks");
        let styles: std::collections::HashSet<Style> = responses.iter().filter_map(|r| r.style).collect();
        assert_eq!(styles.len(), Style::ALL.len(), "every style is used");
    }
}
