//! Free-text answers for `barometer bench themes`: sentences composed from banks of phrases,
//! so that almost every argument unit is distinct while the phrases give real themes to find.

use crate::Rng;

/// Synthetic answers of about `words` words: sentences composed from banks of phrases by a
/// seeded generator, so that almost every unit is distinct (a cache or deduplication cannot
/// make the benchmark easy) while the phrases give the texts real themes to find.
pub fn answers(n: usize, words: usize) -> Vec<String> {
    const WHO: &[&str] = &[
        "Our council",
        "My family",
        "The local school",
        "Social workers I know",
        "Foster carers",
        "Parents here",
        "The charity I volunteer for",
        "Small businesses",
        "Older residents",
        "Young people in our area",
        "The health visitor",
        "Teachers",
        "Our parish",
        "Disabled residents",
        "Commuters",
        "Carers",
    ];
    const VIEW: &[&str] = &[
        "worry that the plan will cut services that children rely on",
        "think the cost will fall on families who can least afford it",
        "believe private companies will put profit before care",
        "support the change if it is piloted carefully first",
        "feel the consultation was far too short to respond properly",
        "want clear accountability when something goes wrong",
        "fear that staff turnover will rise and caseloads grow",
        "welcome more freedom for councils to innovate",
        "ask for independent inspection and published results",
        "say rural areas will lose out on transport and access",
        "expect waiting lists to get longer for vulnerable people",
        "want the money spent on early help instead",
        "doubt that savings will appear at all",
        "point to outsourcing failures in prisons and probation",
        "insist that elected members keep the final say",
        "hope charities will get a fair chance to bid",
    ];
    const WHY: &[&str] = &[
        "because budgets have already been cut for years",
        "since nobody has shown any evidence that it works",
        "as the last reorganisation caused months of disruption",
        "given how stretched the workforce already is",
        "because families need continuity and trusted relationships",
        "since contracts are hard to enforce once they are signed",
        "as local knowledge would be lost",
        "because the timetable is unrealistic",
        "given the rise in demand we see every winter",
        "since the same mistakes were made elsewhere",
    ];
    const WHEN: &[&str] = &[
        "this year",
        "in the long run",
        "from the first day",
        "within months",
        "over the next decade",
        "at once",
        "after the election",
        "by next spring",
    ];
    // The seed the benchmark's figures in docs/PERFORMANCE.md were measured with.
    let mut rng = Rng::new(0x0b0e_7e25 ^ 0x5851_f42d_4c95_7f2d);
    let mut next = move || rng.next_u64() as usize;
    (0..n)
        .map(|_| {
            let mut text = String::new();
            while text.split_whitespace().count() + 12 < words {
                let s = format!(
                    "{} {} {} {}, and {} of us said so in {} meetings.",
                    WHO[next() % WHO.len()],
                    VIEW[next() % VIEW.len()],
                    WHY[next() % WHY.len()],
                    WHEN[next() % WHEN.len()],
                    2 + next() % 400,
                    1 + next() % 60,
                );
                if !text.is_empty() {
                    text.push(' ');
                }
                text.push_str(&s);
            }
            text
        })
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn answers_are_seeded_near_the_length_asked_and_almost_all_distinct() {
        let a = answers(200, 100);
        assert_eq!(a, answers(200, 100));
        assert!(
            a.iter()
                .all(|t| (50..=140).contains(&t.split_whitespace().count()))
        );
        let mut distinct = a.clone();
        distinct.sort();
        distinct.dedup();
        assert_eq!(distinct.len(), a.len());
    }
}
