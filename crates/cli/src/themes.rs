//! The themes stage of the pipeline: per open question, the cached unit vectors go to
//! [`barometer_analysis::themes::discover`], the analysts' stored edits are replayed, and the
//! result is counted by stance and respondent type for the report.

use anyhow::Context;
use barometer_analysis::AnalysedResponse;
use barometer_analysis::themes::{self, Options, ResponseUnits, ThemeSet, Unit, edit::Edit};
use barometer_domain::{Consultation, Question, QuestionKind};
use barometer_encoder::{split, text_key};
use barometer_report::QuestionThemes;
use barometer_store::{Store, StoredResponse, TextHash};
use std::collections::HashMap;

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

/// Discovers one question's themes, replays `edits` (returning the refused ones' reasons)
/// and counts them.
pub fn question_themes(
    q: &QuestionUnits<'_>,
    stored: &[StoredResponse],
    analysed: &[AnalysedResponse],
    vectors: &HashMap<&str, &[f32]>,
    edits: &[(i64, String, Edit)],
    options: &Options,
) -> (ThemeSet, usize, Vec<String>) {
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
    let mut clustering = themes::discover(&input, options);
    let mut applied = 0;
    let mut refused = Vec::new();
    for (seq, author, edit) in edits {
        match clustering.apply(edit, &input) {
            Ok(()) => applied += 1,
            Err(e) => refused.push(format!("edit {seq} by {author}: {e}")),
        }
    }
    (
        clustering.finish(&input, Some(&q.question.text)),
        applied,
        refused,
    )
}

/// The themes of every open question, with the store's edits replayed.
pub async fn find_themes(
    store: &Store,
    consultation_id: &str,
    consultation: &Consultation,
    stored: &[StoredResponse],
    analysed: &[AnalysedResponse],
    model_id: &str,
) -> anyhow::Result<Vec<QuestionThemes>> {
    let questions = question_units(consultation, stored);
    let mut keys: Vec<TextHash> = Vec::new();
    let mut key_of: HashMap<&str, TextHash> = HashMap::new();
    for t in questions
        .iter()
        .flat_map(|q| q.answers.iter().flat_map(|(_, u)| u.iter()))
    {
        key_of.entry(t).or_insert_with(|| {
            let k = text_key(model_id, t);
            keys.push(k);
            k
        });
    }
    let cached = store.cached_vectors(model_id, &keys).await?;
    let vectors: HashMap<&str, &[f32]> = key_of
        .iter()
        .filter_map(|(t, k)| cached.get(k).map(|v| (*t, v.as_slice())))
        .collect();
    let mut out = Vec::new();
    for q in &questions {
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
        let (set, applied, refused) = tokio::task::block_in_place(|| {
            question_themes(q, stored, analysed, &vectors, &edits, &Options::default())
        });
        let groups: Vec<&str> = q
            .answers
            .iter()
            .map(|(i, _)| analysed[*i].respondent_type.as_str())
            .collect();
        let holds: Vec<&[String]> = set.responses.iter().map(|r| r.themes.as_slice()).collect();
        let ids: Vec<&str> = set.themes.iter().map(|t| t.id.as_str()).collect();
        let by_type = themes::stats::by_group(&ids, &groups, &holds, &vec![true; groups.len()]);
        out.push(barometer_report::question_themes(
            q.question,
            &set,
            &by_type,
            applied as u64,
            refused,
        ));
    }
    Ok(out)
}
