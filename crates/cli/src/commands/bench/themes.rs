//! `barometer bench themes`: embedding and theme discovery on synthetic answers at scale.

use barometer_analysis::themes::{self, Options, ResponseUnits, Unit};
use barometer_encoder::split;
use std::collections::HashMap;

/// What `barometer bench themes` measured.
#[derive(Debug, Clone)]
pub struct BenchReport {
    /// Responses generated.
    pub responses: usize,
    /// Their mean length in words.
    pub mean_words: f64,
    /// Argument units, and distinct ones.
    pub units: usize,
    /// Distinct units, each embedded once.
    pub distinct: usize,
    /// Seconds embedding.
    pub embed_s: f64,
    /// Seconds discovering and naming themes.
    pub themes_s: f64,
    /// Themes found.
    pub themes: usize,
    /// Peak resident memory, KiB, where the platform says.
    pub peak_rss_kib: Option<u64>,
}

/// Synthetic answers of about `words` words: sentences composed from banks of phrases by a
/// seeded generator, so that almost every unit is distinct (a cache or deduplication cannot
/// make the benchmark easy) while the phrases give the texts real themes to find.
pub fn bench_responses(n: usize, words: usize) -> Vec<String> {
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
    let mut state: u64 = 0x0b0e_7e25;
    let mut next = move || {
        state = state.wrapping_add(0x9e37_79b9_7f4a_7c15);
        let mut z = state;
        z = (z ^ (z >> 30)).wrapping_mul(0xbf58_476d_1ce4_e5b9);
        z = (z ^ (z >> 27)).wrapping_mul(0x94d0_49bb_1331_11eb);
        (z ^ (z >> 31)) as usize
    };
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

/// Embeds and finds the themes of `n` synthetic answers of about `words` words, timing each
/// part. Nothing is cached: every distinct unit is embedded.
pub fn bench(encoder: &barometer_encoder::Encoder, n: usize, words: usize) -> anyhow::Result<BenchReport> {
    let texts = bench_responses(n, words);
    let options = split::SplitOptions::default();
    let units: Vec<Vec<&str>> = texts
        .iter()
        .map(|t| split::units(t, &options).into_iter().map(|u| u.text).collect())
        .collect();
    let mut distinct: Vec<&str> = units.iter().flatten().copied().collect();
    distinct.sort_unstable();
    distinct.dedup();
    let started = std::time::Instant::now();
    let bar = indicatif::ProgressBar::new(distinct.len() as u64);
    let mut vectors: HashMap<&str, Vec<f32>> = HashMap::with_capacity(distinct.len());
    for chunk in distinct.chunks(1024) {
        for (t, v) in chunk.iter().zip(encoder.embed(chunk)?) {
            vectors.insert(t, v);
        }
        bar.inc(chunk.len() as u64);
    }
    bar.finish_and_clear();
    let embed_s = started.elapsed().as_secs_f64();
    let started = std::time::Instant::now();
    let ids: Vec<String> = (0..n).map(|i| format!("r{i}")).collect();
    let input: Vec<ResponseUnits<'_>> = units
        .iter()
        .zip(&ids)
        .map(|(us, id)| ResponseUnits {
            id,
            units: us
                .iter()
                .map(|t| Unit {
                    text: t,
                    vector: &vectors[t],
                })
                .collect(),
            camp: None,
        })
        .collect();
    let set = themes::discover(&input, &Options::default()).finish(&input, None);
    let themes_s = started.elapsed().as_secs_f64();
    Ok(BenchReport {
        responses: n,
        mean_words: texts.iter().map(|t| t.split_whitespace().count()).sum::<usize>() as f64
            / n.max(1) as f64,
        units: units.iter().map(Vec::len).sum(),
        distinct: distinct.len(),
        embed_s,
        themes_s,
        themes: set.themes.len(),
        peak_rss_kib: barometer_encoder::bench::peak_rss_kib(),
    })
}
