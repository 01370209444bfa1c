//! How respondents state a position on a proposal, as labelled `(proposal, text)` pairs for
//! training the stance prior (`barometer train stance-prior`).
//!
//! What transfers from one consultation to another is not the topic but the way people say
//! where they stand: "I write in support of the proposed rule", "Please do not go ahead with
//! these changes", "a pilot first, then decide". So the generator varies exactly that, and keeps
//! the topics themselves generic:
//! - **the referent**: the proposal named by a stock phrase ("the proposal", "this rule", "the
//!   Department's plans"), or by what it would do ("banning adverts …");
//! - **the proposal's polarity**: a proposal to *not* do something flips the label of a text
//!   that speaks about the action, and keeps the label of one that speaks about "the proposal";
//! - **the kind of position**: support, opposition, support with a condition, support only if a
//!   condition is met (undecided), asks for a pilot or for more time, mixed views, unsure, and
//!   text that addresses no proposal at all (undecided: no view on it);
//! - **register and length**: a one-word answer, a tweet, a letter with salutation and sign-off,
//!   with reasons or without, the position first, in the middle or last, some typos.
//!
//! Labels: 0 for, 1 against, 2 undecided (the stance prior's order).

use crate::Rng;

/// One generated pair.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Position {
    /// The proposal as a consultation would word it.
    pub proposal: String,
    /// What a respondent wrote.
    pub text: String,
    /// 0 for, 1 against, 2 undecided.
    pub label: usize,
}

/// Whether a proposal curbs its target (a ban, a closure, a cut) or adds to it (a new service,
/// a wider scheme). Supporters of a ban write against the thing banned, so the tone of a text
/// about the target says nothing about the side until it is read against this.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Direction {
    Curbs,
    Adds,
}
use Direction::{Adds, Curbs};

/// Actions a public body might propose: the infinitive, the gerund, what it acts on, and how.
const ACTIONS: [(&str, &str, &str, Direction); 40] = [
    (
        "ban gambling adverts during live sport",
        "banning gambling adverts during live sport",
        "gambling adverts",
        Curbs,
    ),
    (
        "close the branch library on Mill Street",
        "closing the Mill Street library",
        "the Mill Street library",
        Curbs,
    ),
    (
        "introduce a levy on disposable coffee cups",
        "a levy on disposable coffee cups",
        "disposable coffee cups",
        Curbs,
    ),
    (
        "raise the speed limit on rural roads to 70 mph",
        "raising rural speed limits",
        "faster driving on rural roads",
        Adds,
    ),
    (
        "let councils delegate children's social care to outside bodies",
        "delegating children's social care",
        "outside bodies running children's services",
        Adds,
    ),
    (
        "build 2,000 homes on the green belt north of the town",
        "building on the green belt",
        "new housing",
        Adds,
    ),
    (
        "charge drivers to enter the city centre",
        "a congestion charge",
        "cars in the city centre",
        Curbs,
    ),
    (
        "require a national directory of healthcare providers",
        "a national provider directory",
        "a single directory of providers",
        Adds,
    ),
    (
        "extend the school day by one hour",
        "a longer school day",
        "more time in school",
        Adds,
    ),
    (
        "merge the two district hospitals",
        "merging the hospitals",
        "our local hospital",
        Curbs,
    ),
    (
        "allow shops to open all day on Sundays",
        "longer Sunday trading hours",
        "Sunday shopping",
        Adds,
    ),
    (
        "cut the number of bin collections to once a fortnight",
        "fortnightly bin collections",
        "weekly bin collections",
        Curbs,
    ),
    (
        "license private landlords",
        "landlord licensing",
        "rogue landlords",
        Curbs,
    ),
    (
        "raise council tax by 5 per cent",
        "a 5 per cent council tax rise",
        "council services",
        Adds,
    ),
    (
        "require ID to vote in local elections",
        "voter ID",
        "voting without ID",
        Curbs,
    ),
    (
        "remove the cap on tuition fees",
        "lifting the tuition fee cap",
        "higher tuition fees",
        Adds,
    ),
    (
        "introduce a minimum unit price for alcohol",
        "minimum unit pricing",
        "cheap alcohol",
        Curbs,
    ),
    (
        "allow onshore wind farms without local approval",
        "easing the rules on wind farms",
        "onshore wind",
        Adds,
    ),
    (
        "pedestrianise the high street",
        "pedestrianising the high street",
        "traffic on the high street",
        Curbs,
    ),
    (
        "end free parking at the hospital",
        "charging for hospital parking",
        "free hospital parking",
        Curbs,
    ),
    (
        "reintroduce beavers to the river catchment",
        "reintroducing beavers",
        "beavers",
        Adds,
    ),
    (
        "lower the voting age to 16",
        "votes at 16",
        "young people having a say",
        Adds,
    ),
    (
        "make the rule on overtime pay apply to all salaried staff",
        "extending overtime pay",
        "overtime pay",
        Adds,
    ),
    (
        "require labels on foods high in sugar",
        "sugar labelling",
        "hidden sugar in food",
        Curbs,
    ),
    (
        "fluoridate the water supply",
        "water fluoridation",
        "fluoride in the water",
        Adds,
    ),
    (
        "close rural bus routes with few passengers",
        "cutting rural bus routes",
        "rural buses",
        Curbs,
    ),
    (
        "replace GCSE exams with teacher assessment",
        "scrapping GCSE exams",
        "GCSE exams",
        Curbs,
    ),
    (
        "introduce a tourist tax of two pounds a night",
        "a tourist tax",
        "visitors staying overnight",
        Curbs,
    ),
    (
        "allow dogs on the beach all year round",
        "year-round dogs on the beach",
        "dogs on the beach",
        Adds,
    ),
    (
        "sell the council's playing fields for housing",
        "selling the playing fields",
        "the playing fields",
        Curbs,
    ),
    (
        "require all new homes to have heat pumps",
        "mandatory heat pumps",
        "heat pumps",
        Adds,
    ),
    (
        "ban the sale of energy drinks to under-16s",
        "an energy drink ban for children",
        "energy drinks",
        Curbs,
    ),
    (
        "move the weekly market to the retail park",
        "moving the market",
        "the market in the town centre",
        Curbs,
    ),
    (
        "give the regulator power to fine water companies",
        "tougher fines for water companies",
        "water companies polluting rivers",
        Curbs,
    ),
    (
        "relax the rules on loft conversions",
        "relaxing planning rules for lofts",
        "loft conversions",
        Adds,
    ),
    (
        "introduce a 20 mph limit in residential streets",
        "20 mph limits",
        "speeding in residential streets",
        Curbs,
    ),
    (
        "outsource the council's IT services",
        "outsourcing IT",
        "private contractors",
        Adds,
    ),
    (
        "require cyclists to carry insurance",
        "compulsory cycle insurance",
        "cycling",
        Curbs,
    ),
    (
        "publish hospital waiting times by consultant",
        "publishing waiting times",
        "openness about waiting times",
        Adds,
    ),
    (
        "stop funding the youth service",
        "cutting the youth service",
        "the youth service",
        Curbs,
    ),
];

/// What people write about the thing a proposal acts on, in its favour, `{t}`.
const TARGET_GOOD: [&str; 8] = [
    "So many people depend on {t}.",
    "We would be lost without {t}.",
    "There is nothing wrong with {t}.",
    "{T} has made a real difference to my family.",
    "I have only ever seen good come from {t}.",
    "{T} is part of what makes this place work.",
    "Please think of everyone who values {t}.",
    "I rely on {t} more than you might think.",
];

/// What people write against the thing a proposal acts on.
const TARGET_BAD: [&str; 8] = [
    "I have seen the damage caused by {t}.",
    "The harm done by {t} is obvious to anyone who looks.",
    "{T}: enough is enough.",
    "My family has suffered because of {t}.",
    "{T} has got completely out of hand.",
    "Nobody asked for {t}, and it is making things worse.",
    "It is time something was done about {t}.",
    "Children are being harmed by {t} every day.",
];

/// Ways a consultation words a proposal to do `{a}` (and, after `|`, not to do it).
const PROPOSAL_FORMS: [(&str, &str); 8] = [
    (
        "The Department proposes to {a}.",
        "The Department proposes not to {a}.",
    ),
    ("We propose to {a}.", "We propose that we do not {a}."),
    ("The council should {a}", "The council should not {a}"),
    ("Proposal 3: {a}", "Proposal 3: do not {a}"),
    (
        "Do you agree that we should {a}?",
        "Do you agree that we should not {a}?",
    ),
    ("This rule would {a}.", "This rule would stop any plan to {a}."),
    ("{A}", "Do not {a}"),
    ("Plans to {a}", "Dropping the plans to {a}"),
];

/// Stock phrases for "the proposal", whatever it says.
const REFERENTS: [&str; 16] = [
    "the proposal",
    "this proposal",
    "the proposed rule",
    "this rule",
    "these changes",
    "the proposed changes",
    "the Department's plans",
    "the council's plans",
    "this plan",
    "what is proposed",
    "the draft regulation",
    "the policy",
    "the consultation's main proposal",
    "the agency's proposal",
    "this measure",
    "the scheme",
];

/// Openings that state support for `{r}`.
const SUPPORT: [&str; 22] = [
    "I strongly support {r}.",
    "I write in support of {r}.",
    "I am writing to express my support for {r}.",
    "I am in favour of {r}.",
    "I welcome {r}.",
    "Yes, I agree with {r}.",
    "{R} is long overdue and I fully support it.",
    "Please go ahead with {r}.",
    "I urge you to adopt {r} without delay.",
    "I back {r} wholeheartedly.",
    "Count me as a supporter of {r}.",
    "{R} is the right thing to do.",
    "I fully endorse {r}.",
    "I am pleased to support {r}.",
    "Our organisation supports {r}.",
    "We welcome {r} and ask that it be implemented in full.",
    "I agree with {r}.",
    "{R} has my full support.",
    "I commend the Department for {r} and hope it is adopted.",
    "totally support {r}!!",
    "Good idea, {r} should happen.",
    "I would like to register my support for {r}.",
];

/// Openings that state opposition to `{r}`.
const OPPOSE: [&str; 22] = [
    "I strongly oppose {r}.",
    "I object to {r}.",
    "I am writing to oppose {r}.",
    "Please do not go ahead with {r}.",
    "I urge the Department to withdraw {r}.",
    "{R} is a mistake.",
    "I cannot support {r}.",
    "I am against {r}.",
    "Scrap {r}.",
    "I wish to register my objection to {r}.",
    "{R} should be abandoned.",
    "I disagree with {r}.",
    "We oppose {r} in its entirety.",
    "I am firmly opposed to {r}.",
    "{R} is wrong and I reject it.",
    "I ask you to reject {r}.",
    "Our members are opposed to {r}.",
    "I write to object in the strongest terms to {r}.",
    "{R} would be a disaster.",
    "totally against {r}!!",
    "Bad idea, {r} should not happen.",
    "I do not support {r}.",
];

/// Openings that take no side yet: a pilot, more time, mixed, unsure, or only-if.
const UNDECIDED: [&str; 18] = [
    "Before {r} goes ahead, it should be piloted in a few areas and the results published.",
    "I would like to see {r} piloted first and then evaluated.",
    "Six weeks is not long enough to respond properly to {r}; please extend the consultation.",
    "I need more information before I can take a view on {r}.",
    "{R} has some merit, but I also have serious concerns.",
    "I agree with parts of {r} but not with others.",
    "I am not sure about {r}.",
    "I neither agree nor disagree with {r}.",
    "I could only support {r} if the funding were guaranteed.",
    "There are good arguments on both sides of {r}.",
    "I have mixed feelings about {r}.",
    "It is too early to say whether {r} is right.",
    "Please publish the impact assessment for {r} before deciding.",
    "I would support {r} only if the safeguards were much stronger; as drafted I cannot say.",
    "Some of {r} makes sense and some does not.",
    "Don't know.",
    "Unsure.",
    "I have no strong view on {r} either way.",
];

/// Texts that address no proposal.
const NO_VIEW: [&str; 14] = [
    "Thank you for the opportunity to comment.",
    "Please see my attached letter.",
    "I have no comment on this question.",
    "N/A",
    "My comment concerns the state of the pavements on my street.",
    "I have lived in this area for over twenty years.",
    "Please acknowledge receipt of this email.",
    "I am responding as a private individual.",
    "See my answer to the previous question.",
    "The consultation website was hard to use.",
    "My details are above.",
    "I hope the consultation will be read carefully.",
    "This response is submitted on behalf of our members.",
    "Attached is our response.",
];

/// Support for, or opposition to, the action itself, by its gerund `{g}`.
const ACTION_FOR: [&str; 8] = [
    "{G} is the right thing to do.",
    "{G} would help a great many people.",
    "I am all for {g}.",
    "We need {g}, and soon.",
    "{G} is a sensible, overdue step.",
    "I would welcome {g}.",
    "{G} makes sense.",
    "Yes to {g}.",
];

/// Opposition to the action itself.
const ACTION_AGAINST: [&str; 8] = [
    "{G} would do more harm than good.",
    "{G} is a terrible idea.",
    "I am against {g}.",
    "{G} would be a waste of money.",
    "No to {g}.",
    "There is no case for {g}.",
    "{G} must not happen.",
    "I cannot see any benefit in {g}.",
];

/// Reasons people give, with no topic.
const REASONS_FOR: [&str; 13] = [
    "Things cannot go on as they are.",
    "The current system is failing people.",
    "Doing nothing is not an option.",
    "It will protect vulnerable people.",
    "The evidence from other areas shows it works.",
    "It will save money in the long run.",
    "It is fairer for everyone.",
    "Our community has waited too long for this.",
    "It will make our streets safer.",
    "It is good for the environment.",
    "Families like mine will benefit.",
    "Other countries have done this successfully.",
    "It will improve services for residents.",
];

/// Reasons against, with no topic.
const REASONS_AGAINST: [&str; 13] = [
    "The current arrangements work well.",
    "Our community is proud of what we have.",
    "If it isn't broken, don't fix it.",
    "It will cost jobs.",
    "There is no evidence that it will work.",
    "It takes away people's freedom to choose.",
    "The costs will fall on those least able to pay.",
    "It is government overreach.",
    "Small businesses will be hit hardest.",
    "It ignores what local people want.",
    "The burden on providers would be enormous.",
    "It will make services worse, not better.",
    "The consultation has not made the case for it.",
];

/// Sentences that take no side.
const FILLER: [&str; 10] = [
    "I have lived here for thirty years.",
    "I am a parent of two young children.",
    "I work as a nurse at the local hospital.",
    "I run a small business in the town.",
    "I have read the consultation document carefully.",
    "I am responding as a member of the public.",
    "We represent around 400 members across the region.",
    "I am a retired teacher.",
    "I use these services every week.",
    "This matters a great deal to our family.",
];

const CONDITIONS: [&str; 5] = [
    "provided that the funding is ring-fenced",
    "as long as there is a review after two years",
    "so long as the most vulnerable are protected",
    "provided that profit-making companies are excluded",
    "on condition that local people are consulted on the details",
];

const SALUTATIONS: [&str; 5] = [
    "Dear Sir or Madam,",
    "To whom it may concern,",
    "Dear Secretary of State,",
    "Dear Consultation Team,",
    "Hello,",
];

const SIGN_OFFS: [&str; 5] = [
    "Yours faithfully.",
    "Thank you for considering my views.",
    "Regards.",
    "Kind regards.",
    "Sincerely.",
];

fn capitalise(s: &str) -> String {
    let mut c = s.chars();
    match c.next() {
        Some(f) => f.to_uppercase().collect::<String>() + c.as_str(),
        None => String::new(),
    }
}

fn fill(template: &str, key: char, value: &str) -> String {
    template
        .replace(&format!("{{{}}}", key.to_ascii_uppercase()), &capitalise(value))
        .replace(&format!("{{{key}}}"), value)
}

/// Swaps two adjacent letters in one word in `p` of cases: respondents type in a hurry.
fn typo(rng: &mut Rng, text: String, p: f64) -> String {
    if !rng.chance(p) || text.len() < 8 {
        return text;
    }
    let mut chars: Vec<char> = text.chars().collect();
    let i = 1 + rng.below(chars.len() - 3);
    if chars[i].is_alphabetic() && chars[i + 1].is_alphabetic() {
        chars.swap(i, i + 1);
    }
    chars.into_iter().collect()
}

/// `n` labelled pairs from `seed`: about 38% for, 38% against and 24% undecided (of which a
/// third address no proposal).
pub fn generate(n: usize, seed: u64) -> Vec<Position> {
    let mut rng = Rng::new(seed);
    (0..n).map(|_| one(&mut rng).0).collect()
}

/// One pair, whether its proposal is negated, and the position's own sentence when it speaks
/// of the action itself rather than of "the proposal".
fn one(rng: &mut Rng) -> (Position, bool, Option<String>) {
    let (action, gerund, target, direction) = rng.pick(&ACTIONS);
    let (positive, negative) = rng.pick(&PROPOSAL_FORMS);
    let negated = rng.chance(0.3);
    let proposal = fill(if negated { negative } else { positive }, 'a', action);
    // The side taken on what the proposal *says* (0 for, 1 against, 2 undecided / no view).
    let roll = rng.below(100);
    let mut on_action = false;
    let (label, core) = if roll < 76 {
        let side = usize::from(roll >= 38);
        // Speaking of "the proposal" keeps the side whatever it says; speaking of the action
        // itself takes the side on the action, which a negated proposal reverses.
        if rng.chance(0.65) {
            let r = rng.pick(&REFERENTS);
            let template = if side == 0 {
                rng.pick(&SUPPORT)
            } else {
                rng.pick(&OPPOSE)
            };
            let mut s = fill(template, 'r', r);
            if side == 0 && rng.chance(0.12) {
                s = format!("{} I support it {}.", s, rng.pick(&CONDITIONS));
            }
            (side, s)
        } else {
            on_action = true;
            let side_on_action = if negated { 1 - side } else { side };
            if rng.chance(0.5) {
                let template = if side_on_action == 0 {
                    rng.pick(&ACTION_FOR)
                } else {
                    rng.pick(&ACTION_AGAINST)
                };
                (side, fill(template, 'g', gerund))
            } else {
                // Speaking of the target: against it supports a proposal that curbs it.
                let against_target = (side_on_action == 0) == (direction == Curbs);
                let template = if against_target {
                    rng.pick(&TARGET_BAD)
                } else {
                    rng.pick(&TARGET_GOOD)
                };
                (side, fill(template, 't', target))
            }
        }
    } else if roll < 92 {
        (2, fill(rng.pick(&UNDECIDED), 'r', rng.pick(&REFERENTS)))
    } else {
        (2, rng.pick(&NO_VIEW).to_string())
    };
    let on_action = on_action.then(|| core.clone());
    let text = dress(rng, label, core);
    (
        Position {
            proposal,
            text,
            label,
        },
        negated,
        on_action,
    )
}

/// Wraps the position in the register of a real response: reasons, personal context, a
/// salutation and sign-off, the position first, in the middle or last.
fn dress(rng: &mut Rng, label: usize, core: String) -> String {
    let mut before: Vec<String> = Vec::new();
    let mut after: Vec<String> = Vec::new();
    if rng.chance(0.35) {
        before.push(rng.pick(&FILLER).to_string());
    }
    let reasons = rng.below(3);
    for _ in 0..reasons {
        let r = match label {
            0 => rng.pick(&REASONS_FOR),
            1 => rng.pick(&REASONS_AGAINST),
            _ if rng.chance(0.5) => rng.pick(&REASONS_FOR),
            _ => rng.pick(&REASONS_AGAINST),
        };
        // Undecided texts weigh one reason of each side, or none.
        if label == 2 && reasons == 1 {
            break;
        }
        if rng.chance(0.3) {
            before.push(r.to_string());
        } else {
            after.push(r.to_string());
        }
    }
    let mut parts = before;
    parts.push(core);
    parts.extend(after);
    if rng.chance(0.25) {
        parts.insert(0, rng.pick(&SALUTATIONS).to_string());
        parts.push(rng.pick(&SIGN_OFFS).to_string());
    }
    let text = parts.join(" ");
    let text = if rng.chance(0.08) {
        text.to_lowercase()
    } else {
        text
    };
    typo(rng, text, 0.15)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_same_seed_gives_the_same_pairs_and_every_label_appears() {
        let a = generate(500, 7);
        assert_eq!(a, generate(500, 7));
        assert_ne!(a, generate(500, 8));
        let mut counts = [0; 3];
        a.iter().for_each(|p| counts[p.label] += 1);
        for (label, &c) in counts.iter().enumerate() {
            assert!(c > 80, "label {label}: {c} of 500");
        }
    }

    #[test]
    fn a_negated_proposal_reverses_a_position_on_the_action_but_not_on_the_proposal() {
        let mut rng = Rng::new(11);
        let mut seen = [[0usize; 2]; 2];
        for _ in 0..3000 {
            let (p, negated, on_action) = one(&mut rng);
            if p.label == 2 {
                continue;
            }
            if let Some(sentence) = &on_action {
                let side_on_action = if negated { 1 - p.label } else { p.label };
                let templates = if side_on_action == 0 {
                    &ACTION_FOR
                } else {
                    &ACTION_AGAINST
                };
                let on_gerund = ACTIONS
                    .iter()
                    .flat_map(|(_, g, _, _)| templates.iter().map(|t| fill(t, 'g', g)))
                    .any(|s| &s == sentence);
                // Or of the target: against it is for a proposal that curbs it.
                let on_target = ACTIONS.iter().any(|&(_, _, t, d)| {
                    let against_target = (side_on_action == 0) == (d == Curbs);
                    let pool = if against_target { &TARGET_BAD } else { &TARGET_GOOD };
                    pool.iter().any(|tpl| fill(tpl, 't', t) == *sentence)
                });
                let written = on_gerund || on_target;
                assert!(written, "{} / {sentence}", p.proposal);
            }
            seen[usize::from(negated)][usize::from(on_action.is_some())] += 1;
        }
        assert!(seen.iter().flatten().all(|&n| n > 100), "{seen:?}");
    }
}
