//! The themes stage: per open question, the unit vectors go to
//! [`barometer_analysis::themes::discover_from`], starting from the themes the last analysis
//! stored (so themes keep their ids from run to run), the analysts' stored edits are replayed,
//! and the result is counted by stance, respondent type and campaign for the report.

use crate::{UnitVectors, Units};
use anyhow::Context;
use barometer_analysis::AnalysedResponse;
use barometer_analysis::campaigns::Campaigns;
use barometer_analysis::themes::{self, Anchor, Options, ResponseUnits, ThemeSet, Unit, edit::Edit};
use barometer_domain::{Consultation, Question, QuestionKind};
use barometer_report::QuestionThemes;
use barometer_store::{Store, StoredResponse, ThemeCentroid};
use std::collections::{BTreeMap, HashMap};

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

/// One open question's answers, as argument units.
pub struct QuestionUnits<'a> {
    /// The question.
    pub question: &'a Question,
    /// Per response with an answer to it: (index into the stored responses, unit texts).
    pub answers: Vec<(usize, &'a [&'a str])>,
}

/// Each open question's answers, from the units the units stage split.
pub fn question_units<'a>(consultation: &'a Consultation, units: &'a Units<'a>) -> Vec<QuestionUnits<'a>> {
    consultation
        .questions
        .iter()
        .filter(|q| q.kind == QuestionKind::Open)
        .map(|question| QuestionUnits {
            question,
            answers: (0..units.per_response.len())
                .filter_map(|i| {
                    let answer = units.answer(i, &question.id)?;
                    (!answer.is_empty()).then_some((i, answer))
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
        .map(|(i, units)| {
            ResponseUnits::arguments(
                &stored[*i].id,
                units
                    .iter()
                    .filter_map(|t| vectors.get(t).map(|v| Unit { text: t, vector: v })),
                q.question
                    .proposal
                    .as_ref()
                    .and_then(|p| analysed[*i].judgements.get(p))
                    .map(|j| j.camp),
            )
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
    /// Their argument units.
    pub units: &'a Units<'a>,
    /// The units' vectors.
    pub vectors: &'a UnitVectors,
    /// Their stances.
    pub analysed: &'a [AnalysedResponse],
    /// The campaigns among them, so that themes can be counted with each campaign once.
    pub campaigns: &'a Campaigns,
}

/// The themes of every open question, each starting from the themes the last analysis
/// stored for it (so themes keep their ids from run to run) unless `theme_count` fixes their
/// number, with the store's edits replayed. Stores the themes discovered for the next run.
pub async fn find(
    store: &Store,
    consultation_id: &str,
    consultation: &Consultation,
    responses: Responses<'_>,
    theme_count: Option<usize>,
) -> anyhow::Result<FoundThemes> {
    let Responses {
        stored,
        units,
        vectors: unit_vectors,
        analysed,
        campaigns,
    } = responses;
    let model_id = unit_vectors.model_id.as_str();
    let questions = question_units(consultation, units);
    let vectors: HashMap<&str, &[f32]> = questions
        .iter()
        .flat_map(|q| q.answers.iter().flat_map(|(_, u)| u.iter()))
        .filter_map(|t| unit_vectors.get(t).map(|v| (*t, v)))
        .collect();
    let options = Options {
        k: theme_count,
        ..Options::default()
    };
    let mut out = Vec::new();
    let mut raised: Vec<Vec<(String, String)>> = vec![Vec::new(); stored.len()];
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
        let labels: HashMap<&str, &str> = summary
            .themes
            .iter()
            .map(|t| (t.id.as_str(), t.label.as_str()))
            .collect();
        for ((i, _), themes) in q.answers.iter().zip(&holds) {
            for t in themes.iter() {
                if let Some(label) = labels.get(t.as_str()) {
                    raised[*i].push((qid.clone(), label.to_string()));
                }
            }
        }
        out.push(summary);
    }
    Ok(FoundThemes {
        questions: out,
        raised,
    })
}

/// Every open question's themes, and which themes each response raised.
pub struct FoundThemes {
    /// Per open question, its themes as the report shows them.
    pub questions: Vec<QuestionThemes>,
    /// Per stored response, in the store's order: (question id, theme label) of each theme
    /// its answers hold.
    pub raised: Vec<Vec<(String, String)>>,
}

/// One theme's holders with each campaign counted once: `holds[j]` are answer `j`'s themes
/// and `member_of[j]` its campaign.
fn count_campaigns_once(
    theme: &str,
    holds: &[&[String]],
    member_of: &[Option<usize>],
    campaigns: &Campaigns,
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
