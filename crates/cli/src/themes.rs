//! The themes stage of the pipeline: per open question, the cached unit vectors go to
//! [`barometer_analysis::themes::discover`], the analysts' stored edits are replayed, and the
//! result is counted by stance and respondent type for the report.

use anyhow::Context;
use barometer_analysis::AnalysedResponse;
use barometer_analysis::themes::{self, Anchor, Options, ResponseUnits, ThemeSet, Unit, edit::Edit};
use barometer_domain::{Consultation, Question, QuestionKind};
use barometer_encoder::{split, text_key};
use barometer_report::QuestionThemes;
use barometer_store::{Store, StoredResponse, ThemeCentroid};
use std::collections::{BTreeMap, HashMap};
use std::sync::OnceLock;

/// The number of themes per question that `analyse --themes N` asked for, set once at start.
/// A process-wide setting keeps the pipeline's signature as it is for its other callers.
static THEME_COUNT: OnceLock<usize> = OnceLock::new();

/// Fixes the number of themes of every question for this process, instead of the automatic
/// choice (and instead of starting from the previous run's themes).
pub fn set_theme_count(k: usize) {
    // A second call changes nothing: one `analyse` sets it once.
    let _ = THEME_COUNT.set(k);
}

/// What one question's themes came to.
pub struct QuestionResult {
    /// The themes, with the edits applied.
    pub set: ThemeSet,
    /// Edits applied.
    pub applied: usize,
    /// Edits refused, with the reason.
    pub refused: Vec<String>,
    /// Discovery's themes (before edits), for the next run to start from.
    pub anchors: Vec<Anchor>,
}

/// Every open question's answers, split into units, with their vectors.
pub struct QuestionUnits<'a> {
    /// The question.
    pub question: &'a Question,
    /// Per response with an answer to it: (index into the stored responses, unit texts).
    pub answers: Vec<(usize, Vec<&'a str>)>,
}

/// Splits each open question's answers into argument units (as `embed_units` does).
pub fn question_units<'a>(
    consultation: &'a Consultation,
    stored: &'a [StoredResponse],
) -> Vec<QuestionUnits<'a>> {
    let options = split::SplitOptions::default();
    consultation
        .questions
        .iter()
        .filter(|q| q.kind == QuestionKind::Open)
        .map(|question| QuestionUnits {
            question,
            answers: stored
                .iter()
                .enumerate()
                .filter_map(|(i, s)| {
                    let text = s
                        .record
                        .answers
                        .iter()
                        .find(|a| a.question == question.id)?
                        .text
                        .as_deref()?;
                    let units: Vec<&str> = split::units(text, &options).into_iter().map(|u| u.text).collect();
                    (!units.is_empty()).then_some((i, units))
                })
                .collect(),
        })
        .collect()
}

/// Discovers one question's themes, starting from `previous` (the last run's, if any),
/// replays `edits` (returning the refused ones' reasons) and counts them.
pub fn question_themes(
    q: &QuestionUnits<'_>,
    stored: &[StoredResponse],
    analysed: &[AnalysedResponse],
    vectors: &HashMap<&str, &[f32]>,
    edits: &[(i64, String, Edit)],
    previous: &[Anchor],
    options: &Options,
) -> QuestionResult {
    let input: Vec<ResponseUnits<'_>> = q
        .answers
        .iter()
        .map(|(i, units)| ResponseUnits {
            id: &stored[*i].id,
            units: units
                .iter()
                .filter_map(|t| vectors.get(t).map(|v| Unit { text: t, vector: v }))
                .collect(),
            camp: q
                .question
                .proposal
                .as_ref()
                .and_then(|p| analysed[*i].judgements.get(p))
                .map(|j| j.camp),
        })
        .collect();
    let mut clustering = themes::discover_from(&input, options, previous);
    let anchors = clustering.anchors().to_vec();
    let mut applied = 0;
    let mut refused = Vec::new();
    for (seq, author, edit) in edits {
        match clustering.apply(edit, &input) {
            Ok(()) => applied += 1,
            Err(e) => refused.push(format!("edit {seq} by {author}: {e}")),
        }
    }
    QuestionResult {
        set: clustering.finish(&input, Some(&q.question.text)),
        applied,
        refused,
        anchors,
    }
}

/// The responses themes are found in, in the store's order, with what earlier stages made of
/// them.
#[derive(Clone, Copy)]
pub struct Responses<'a> {
    /// As stored.
    pub stored: &'a [StoredResponse],
    /// Their stances.
    pub analysed: &'a [AnalysedResponse],
    /// The campaigns among them, so that themes can be counted with each campaign once.
    pub campaigns: &'a barometer_analysis::campaigns::Campaigns,
}

/// The themes of every open question, each starting from the themes the last analysis
/// stored for it (so themes keep their ids from run to run), with the store's edits replayed.
/// Stores the themes discovered for the next run.
pub async fn find_themes(
    store: &Store,
    consultation_id: &str,
    consultation: &Consultation,
    responses: Responses<'_>,
    unit_vectors: &crate::pipeline::UnitVectors,
    model_id: &str,
) -> anyhow::Result<Vec<QuestionThemes>> {
    let Responses {
        stored,
        analysed,
        campaigns,
    } = responses;
    let questions = question_units(consultation, stored);
    // The embedding stage already holds every unit's vector; no second trip to the store.
    let vectors: HashMap<&str, &[f32]> = questions
        .iter()
        .flat_map(|q| q.answers.iter().flat_map(|(_, u)| u.iter()))
        .filter_map(|t| {
            unit_vectors
                .get(&text_key(model_id, t))
                .map(|v| (*t, v.as_slice()))
        })
        .collect();
    let options = Options {
        k: THEME_COUNT.get().copied(),
        ..Options::default()
    };
    let mut out = Vec::new();
    for q in &questions {
        let qid = &q.question.id.0;
        let previous: Vec<Anchor> = store
            .theme_centroids(consultation_id, qid, model_id)
            .await?
            .into_iter()
            .map(|c| Anchor {
                id: c.theme_id,
                centre: c.centre,
                split_from: c.split_from,
            })
            .collect();
        let stored_edits = store.theme_edits(consultation_id, &q.question.id.0).await?;
        let edits = stored_edits
            .into_iter()
            .map(|e| {
                let parsed: Edit = serde_json::from_str(&e.edit).with_context(|| {
                    format!(
                        "stored theme edit {} for question {} is not a valid edit",
                        e.seq, q.question.id.0
                    )
                })?;
                Ok((e.seq, e.author, parsed))
            })
            .collect::<anyhow::Result<Vec<_>>>()?;
        let QuestionResult {
            set,
            applied,
            refused,
            anchors,
        } = tokio::task::block_in_place(|| {
            question_themes(q, stored, analysed, &vectors, &edits, &previous, &options)
        });
        let centroids: Vec<ThemeCentroid> = anchors
            .into_iter()
            .map(|a| ThemeCentroid {
                theme_id: a.id,
                split_from: a.split_from,
                centre: a.centre,
            })
            .collect();
        store
            .replace_theme_centroids(consultation_id, qid, model_id, &centroids)
            .await?;
        let groups: Vec<&str> = q
            .answers
            .iter()
            .map(|(i, _)| analysed[*i].respondent_type.as_str())
            .collect();
        let holds: Vec<&[String]> = set.responses.iter().map(|r| r.themes.as_slice()).collect();
        let ids: Vec<&str> = set.themes.iter().map(|t| t.id.as_str()).collect();
        let by_type = themes::stats::by_group(&ids, &groups, &holds, &vec![true; groups.len()]);
        let mut summary =
            barometer_report::question_themes(q.question, &set, &by_type, applied as u64, refused);
        if !campaigns.campaigns.is_empty() {
            let member_of: Vec<Option<usize>> =
                q.answers.iter().map(|(i, _)| campaigns.member_of[*i]).collect();
            for theme in &mut summary.themes {
                theme.campaigns = Some(count_campaigns_once(&theme.id, &holds, &member_of, campaigns));
            }
        }
        out.push(summary);
    }
    Ok(out)
}

/// One theme's holders with each campaign counted once: `holds[j]` are answer `j`'s themes
/// and `member_of[j]` its campaign.
fn count_campaigns_once(
    theme: &str,
    holds: &[&[String]],
    member_of: &[Option<usize>],
    campaigns: &barometer_analysis::campaigns::Campaigns,
) -> barometer_report::ThemeCampaignCount {
    let mut outside = 0u64;
    let mut per_campaign: BTreeMap<usize, u64> = BTreeMap::new();
    for (themes, member) in holds.iter().zip(member_of) {
        if !themes.iter().any(|t| t == theme) {
            continue;
        }
        match member {
            Some(c) => *per_campaign.entry(*c).or_default() += 1,
            None => outside += 1,
        }
    }
    let mut listed: Vec<(String, u64)> = per_campaign
        .iter()
        .map(|(&c, &n)| (campaigns.campaigns[c].id.clone(), n))
        .collect();
    listed.sort_by(|a, b| b.1.cmp(&a.1).then(a.0.cmp(&b.0)));
    barometer_report::ThemeCampaignCount {
        campaign_members: per_campaign.values().sum(),
        counted_once: outside + per_campaign.len() as u64,
        campaigns: listed,
    }
}

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
