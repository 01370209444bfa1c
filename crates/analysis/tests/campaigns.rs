//! Campaign detection, one test per campaign style, the look-alikes it must leave alone, and
//! a generated held-out mix scored pair by pair.

use barometer_analysis::campaigns::{Campaigns, Item, Options, detect};
use barometer_maths::metrics::f1;
use barometer_synth::Rng;
use barometer_synth::campaigns::{Spec, Style, generate};

const TEMPLATE: [&str; 4] = [
    "I am writing to ask you to keep the library on Mill Street open. It is the only warm, free and quiet place in our neighbourhood where children can do their homework after school.",
    "The council says the savings are needed, but closing the branch would save less than the cost of the consultants who recommended it. The building was refurbished only four years ago with money raised by local families.",
    "Older residents rely on the computers there to book appointments, apply for benefits and keep in touch with their grandchildren. Sending them to the central library means two buses each way.",
    "Please withdraw the closure plan and work with the Friends of Mill Street Library on a way to keep the doors open.",
];

/// Independent responses on the same question and side, each in its own words.
const LOOK_ALIKES: [&str; 12] = [
    "Please keep the library on Mill Street open. My kids go there every day after school and there is nowhere else like it.",
    "I oppose closing Mill Street library. The council wastes money on consultants and then cuts the things people actually use.",
    "Closing the branch is short-sighted. Libraries are one of the last public spaces that cost nothing to enter, and ours was done up recently.",
    "As a retired teacher I volunteer at the homework club. If the library shuts, those children will have nowhere warm and quiet to study.",
    "My mother is 84 and uses the library computers to book her GP appointments. The central library is two bus rides away, which she cannot manage.",
    "Keep Mill Street open! It is the heart of our community and the closure plan should be withdrawn.",
    "I object to the closure. The savings figure in the report is tiny compared with what the branch gives back to the area.",
    "Our family uses the library every weekend. Shutting it would hit the poorest streets hardest, and it was refurbished with money local people raised.",
    "Do not close the library. Find the savings elsewhere, for example in the council's own office costs.",
    "The library is where I learned to read and where my children learned too. Please keep it open for the next generation.",
    "I run the knitting group that meets on Tuesdays at Mill Street. Twenty people would lose the one social outing they have each week.",
    "The consultation paper admits the closure would save only a small sum. That is not worth losing a well-used, recently refurbished building.",
];

fn items(texts: &[String]) -> Vec<Item<'_>> {
    texts
        .iter()
        .map(|t| Item {
            text: t,
            submitted_at: None,
        })
        .collect()
}

/// Pairwise F1 of "same campaign" (gold: `Some(group)` or `None`).
fn pair_f1(gold: &[Option<u32>], found: &Campaigns) -> (f64, f64, f64) {
    let (mut tp, mut fp, mut fn_) = (0u64, 0u64, 0u64);
    for i in 0..gold.len() {
        for j in i + 1..gold.len() {
            let g = gold[i].is_some() && gold[i] == gold[j];
            let p = found.member_of[i].is_some() && found.member_of[i] == found.member_of[j];
            match (g, p) {
                (true, true) => tp += 1,
                (false, true) => fp += 1,
                (true, false) => fn_ += 1,
                _ => {}
            }
        }
    }
    let precision = tp as f64 / (tp + fp).max(1) as f64;
    let recall = tp as f64 / (tp + fn_).max(1) as f64;
    (precision, recall, f1(precision, recall))
}

/// The look-alikes followed by `copies`, which must come out as exactly one campaign holding
/// every copy and no look-alike.
/// Variants are repeated in turn up to a campaign's minimum size and two more.
fn assert_one_campaign(copies: Vec<String>) -> Campaigns {
    let mut texts: Vec<String> = LOOK_ALIKES.iter().map(|s| s.to_string()).collect();
    let first = texts.len();
    let n = copies.len().max(Options::default().min_size + 2);
    texts.extend(copies.iter().cycle().take(n).cloned());
    let found = detect(&items(&texts), &Options::default());
    assert_eq!(found.campaigns.len(), 1, "{:#?}", found.campaigns);
    let expected: Vec<usize> = (first..texts.len()).collect();
    assert_eq!(found.campaigns[0].members, expected);
    found
}

#[test]
fn exact_copies_differing_in_case_spacing_and_punctuation_are_one_campaign() {
    let body = TEMPLATE.join("\n\n");
    let copies = vec![
        body.clone(),
        body.to_uppercase(),
        body.replace("\n\n", " "),
        body.replace([',', '.'], ""),
        body.replace(' ', "   "),
        format!("  {body}\n"),
    ];
    let found = assert_one_campaign(copies);
    let c = &found.campaigns[0];
    assert!(
        c.additions.is_empty(),
        "exact copies add nothing: {:?}",
        c.additions
    );
    let size = Options::default().min_size + 2;
    assert_eq!(c.size(), size);
    assert!((c.share - size as f64 / (size + LOOK_ALIKES.len()) as f64).abs() < 1e-9);
}

#[test]
fn near_copies_with_salutations_sign_offs_and_typos_are_one_campaign() {
    let body = TEMPLATE.join("\n\n");
    let copies = vec![
        format!("Dear Councillor,\n\n{body}\n\nYours sincerely,\nAnna Lee"),
        format!("To whom it may concern,\n\n{body}\n\nRegards,\nSam Ortiz"),
        format!(
            "{}\n\nThanks,\nRuth",
            body.replace("neighbourhood", "neighborhood")
                .replace("refurbished", "refurbised")
        ),
        format!(
            "Hello,\n\n{}",
            body.replace("consultants", "consultents")
                .replace("grandchildren", "grandkids")
        ),
        format!(
            "Dear Sir or Madam,\n\n{}\n\nBest wishes,\nDev Patel",
            body.replace("Sending", "Sendng")
        ),
        body.replace("withdraw", "withdrew"),
    ];
    let found = assert_one_campaign(copies);
    assert!(
        found.campaigns[0].additions.is_empty(),
        "salutations, sign-offs and typos are not personal additions: {:?}",
        found.campaigns[0].additions
    );
}

#[test]
fn a_template_with_a_personal_sentence_is_a_campaign_member_and_keeps_its_own_words() {
    let body = TEMPLATE.join("\n\n");
    let own = [
        "My son would not have passed his exams without the help of the staff there.",
        "I have lived on Mill Street for forty years and I have never seen the place so busy.",
        "The bus to town is unreliable and costs more than many pensioners can spare.",
    ];
    let copies = vec![
        body.clone(),
        body.clone(),
        format!("{}\n\n{body}", own[0]),
        format!("{body}\n\n{}", own[1]),
        format!("{}\n\n{body}\n\n{}", own[2], own[0]),
        body.clone(),
    ];
    let found = assert_one_campaign(copies);
    let c = &found.campaigns[0];
    let first = LOOK_ALIKES.len();
    let additions: Vec<(usize, &str)> = c
        .additions
        .iter()
        .filter(|a| a.member < first + 6)
        .map(|a| (a.member, a.text.as_str()))
        .collect();
    let both = format!("{} {}", own[2], own[0]);
    assert_eq!(
        additions,
        vec![
            (first + 2, own[0]),
            (first + 3, own[1]),
            (first + 4, both.as_str())
        ]
    );
    assert_eq!(c.template_text, body, "the medoid is a bare copy");
}

#[test]
fn mail_merge_variants_that_swap_synonyms_slot_by_slot_are_one_campaign() {
    let slots: [&[&str]; 8] = [
        &[
            "ask you to keep",
            "urge you to keep",
            "call on you to keep",
            "beg you to keep",
        ],
        &[
            "warm, free and quiet",
            "safe, free and calm",
            "free, heated and peaceful",
            "quiet, warm and free",
        ],
        &["children", "young people", "pupils", "kids"],
        &[
            "savings are needed",
            "cuts are unavoidable",
            "money must be saved",
            "budget must shrink",
        ],
        &["refurbished", "renovated", "modernised", "done up"],
        &[
            "Older residents",
            "Elderly people",
            "Pensioners",
            "Senior citizens",
        ],
        &[
            "two buses each way",
            "a long journey by bus",
            "two bus rides there and back",
            "an hour on the bus",
        ],
        &["withdraw", "scrap", "drop", "abandon"],
    ];
    let originals = [
        "ask you to keep",
        "warm, free and quiet",
        "children",
        "savings are needed",
        "refurbished",
        "Older residents",
        "two buses each way",
        "withdraw",
    ];
    let body = TEMPLATE.join("\n\n");
    let mut rng = Rng::new(7);
    let copies: Vec<String> = (0..12)
        .map(|_| {
            let mut text = body.clone();
            for (slot, original) in slots.iter().zip(originals) {
                text = text.replacen(original, rng.pick(slot), 1);
            }
            text
        })
        .collect();
    assert_one_campaign(copies);
}

#[test]
fn reordered_and_dropped_paragraphs_are_one_campaign() {
    let p = TEMPLATE;
    let copies = vec![
        p.join("\n\n"),
        [p[1], p[0], p[2], p[3]].join("\n\n"),
        [p[0], p[2], p[1], p[3]].join("\n\n"),
        [p[0], p[1], p[3]].join("\n\n"),
        [p[0], p[2], p[3]].join("\n\n"),
        [p[3], p[2], p[1], p[0]].join("\n\n"),
    ];
    assert_one_campaign(copies);
}

#[test]
fn independent_responses_on_the_same_side_in_their_own_words_are_not_grouped() {
    // Twelve hand-written look-alikes, each quoting the proposal, and two hundred generated
    // independents that take sides on the same proposals from the same banks of phrases.
    let proposal =
        "The council proposes to close the Mill Street library branch from next April to save money.";
    let mut texts: Vec<String> = LOOK_ALIKES
        .iter()
        .map(|s| format!("I oppose the proposal: {proposal} {s}"))
        .collect();
    let spec = Spec {
        responses: 200,
        campaign_share: 0.0,
        campaigns: 1,
        styles: vec![Style::Exact],
        seed: 11,
    };
    texts.extend(generate(&spec).into_iter().map(|r| r.text));
    let found = detect(&items(&texts), &Options::default());
    assert!(found.campaigns.is_empty(), "{:#?}", found.campaigns);
}

#[test]
fn fewer_copies_than_the_minimum_are_not_a_campaign() {
    let body = TEMPLATE.join("\n\n");
    let texts: Vec<String> = std::iter::repeat_n(body, Options::default().min_size - 1).collect();
    assert!(detect(&items(&texts), &Options::default()).campaigns.is_empty());
}

#[test]
fn a_short_petition_sent_verbatim_many_times_is_a_campaign_but_a_few_copies_are_not() {
    // Eighteen words: long enough to be a template (issue 17 asks for near-copies from
    // fifteen words up), so the campaign minimum applies.
    let petition =
        "I oppose the closure of Mill Street library and ask the council to keep it open for everyone.";
    let many = Options::default().min_size;
    let mut texts: Vec<String> = LOOK_ALIKES.iter().map(|s| s.to_string()).collect();
    texts.extend((0..many).map(|i| {
        if i % 2 == 0 {
            petition.to_uppercase()
        } else {
            petition.to_string()
        }
    }));
    let found = detect(&items(&texts), &Options::default());
    assert_eq!(found.campaigns.len(), 1, "{:#?}", found.campaigns);
    assert_eq!(found.campaigns[0].size(), many);
    assert_eq!(found.campaigns[0].evidence.distinct_texts, 1);

    texts.truncate(LOOK_ALIKES.len() + many - 1);
    assert!(detect(&items(&texts), &Options::default()).campaigns.is_empty());
}

#[test]
fn a_text_shorter_than_a_skeleton_needs_three_times_the_minimum_of_exact_copies() {
    let answer = "Keep Mill Street library open for the children who need it most.";
    let many = 3 * Options::default().min_size;
    let mut texts: Vec<String> = LOOK_ALIKES.iter().map(|s| s.to_string()).collect();
    texts.extend(std::iter::repeat_n(answer.to_string(), many - 1));
    assert!(detect(&items(&texts), &Options::default()).campaigns.is_empty());
    texts.push(answer.to_string());
    assert_eq!(detect(&items(&texts), &Options::default()).campaigns.len(), 1);
}

#[test]
fn short_identical_answers_are_not_a_campaign() {
    let texts: Vec<String> = std::iter::repeat_n("I agree with the proposal.".to_string(), 50).collect();
    assert!(detect(&items(&texts), &Options::default()).campaigns.is_empty());
}

#[test]
fn a_campaign_records_its_first_and_last_dates() {
    let body = TEMPLATE.join("\n\n");
    let dates = [
        "2026-04-03",
        "2026-03-30",
        "2026-05-01",
        "2026-04-20",
        "2026-04-11",
        "2026-04-04",
        "2026-04-05",
        "2026-04-06",
        "2026-04-07",
        "2026-04-08",
    ];
    let texts: Vec<String> = dates.iter().map(|_| body.clone()).collect();
    let items: Vec<Item> = texts
        .iter()
        .zip(dates)
        .map(|(t, d)| Item {
            text: t,
            submitted_at: Some(d),
        })
        .collect();
    let found = detect(&items, &Options::default());
    let c = &found.campaigns[0];
    assert_eq!(c.first_seen.as_deref(), Some("2026-03-30"));
    assert_eq!(c.last_seen.as_deref(), Some("2026-05-01"));
}

#[test]
fn two_campaigns_on_the_same_proposal_stay_apart() {
    let against = TEMPLATE.join("\n\n");
    let for_ = "I support the council's plan to merge the Mill Street branch into the central library. \
        The central library opens longer hours, has far more books and a proper children's section. \
        Running two half-empty buildings a mile apart wastes money that could pay for a mobile library \
        and for extra staff on Saturdays. Please go ahead with the merger and put the savings into \
        the services people use most.";
    let mut texts: Vec<String> = Vec::new();
    let mut gold = Vec::new();
    for i in 0..20 {
        texts.push(if i % 3 == 0 {
            against.to_lowercase()
        } else {
            against.clone()
        });
        gold.push(Some(0));
        texts.push(format!("Dear Councillor,\n\n{for_}\n\nResident {i}"));
        gold.push(Some(1));
    }
    // One respondent pasted both letters: whichever campaign takes it, the two stay apart.
    texts.push(format!("{against}\n\n{for_}"));
    let found = detect(&items(&texts), &Options::default());
    assert_eq!(found.campaigns.len(), 2, "{:#?}", found.campaigns);
    let n = gold.len();
    let sub = Campaigns {
        campaigns: Vec::new(),
        member_of: found.member_of[..n].to_vec(),
    };
    assert_eq!(pair_f1(&gold, &sub), (1.0, 1.0, 1.0));
}

#[test]
fn a_generated_mix_of_every_style_scores_a_pair_f1_of_at_least_0_98_per_style() {
    // A seed the defaults were not tuned on.
    let spec = Spec::realistic(12_000, 91_417);
    let data = generate(&spec);
    let texts: Vec<String> = data.iter().map(|r| r.text.clone()).collect();
    let found = detect(&items(&texts), &Options::default());
    for style in Style::ALL {
        let keep: Vec<usize> = (0..data.len())
            .filter(|&i| data[i].style.is_none_or(|s| s == style))
            .collect();
        let gold: Vec<Option<u32>> = keep.iter().map(|&i| data[i].campaign).collect();
        let sub = Campaigns {
            campaigns: Vec::new(),
            member_of: keep.iter().map(|&i| found.member_of[i]).collect(),
        };
        let (precision, recall, f1) = pair_f1(&gold, &sub);
        assert!(
            f1 >= 0.98,
            "{}: precision {precision:.4}, recall {recall:.4}, F1 {f1:.4}",
            style.name()
        );
    }
}
