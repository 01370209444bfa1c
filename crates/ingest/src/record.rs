//! Building blocks shared by the importers: respondents and answers from raw strings.

use crate::text::plain_text;
use barometer_domain::{Answer, Consultation, Question, QuestionKind, Respondent, RespondingAs};

/// What a source said about a respondent, as raw strings (already trimmed, empty as `None`).
#[derive(Debug, Default)]
pub(crate) struct RawRespondent<'a> {
    pub responding_as: Option<&'a str>,
    pub organisation_name: Option<&'a str>,
    pub organisation_type: Option<&'a str>,
    pub region: Option<&'a str>,
}

/// `Some(trimmed)` unless blank.
pub(crate) fn non_empty(s: &str) -> Option<&str> {
    let t = s.trim();
    (!t.is_empty()).then_some(t)
}

/// Maps a respondent through the consultation's `[respondents]` table.
///
/// An empty "responding as" means an organisation when an organisation name is given, and an
/// individual otherwise.
pub(crate) fn respondent(consultation: &Consultation, raw: &RawRespondent<'_>) -> Respondent {
    let is_individual = match raw.responding_as {
        Some(v) => consultation.is_individual(v),
        None => raw.organisation_name.is_none(),
    };
    respondent_as(consultation, is_individual, raw)
}

/// A respondent whose individual-or-organisation status is already decided.
pub(crate) fn respondent_as(
    consultation: &Consultation,
    is_individual: bool,
    raw: &RawRespondent<'_>,
) -> Respondent {
    // Declared: "responding as" said individual, or the organisation's type maps to one.
    let type_declared = if is_individual {
        raw.responding_as.is_some()
    } else {
        raw.organisation_type
            .and_then(|t| consultation.map_organisation_type(t))
            .is_some()
    };
    Respondent {
        responding_as: if is_individual {
            RespondingAs::Individual
        } else {
            RespondingAs::Organisation
        },
        organisation_name: raw.organisation_name.map(|n| plain_text(n).trim().to_string()),
        organisation_type_raw: raw.organisation_type.map(str::to_string),
        respondent_type: consultation.respondent_type(is_individual, raw.organisation_type),
        region: raw.region.map(str::to_string),
        type_declared,
        sender_domain: None,
    }
}

/// One answer from a raw value (markup in free text becomes plain text): `Ok(None)` when blank, `Err` (a message naming the value and the
/// question's options) when a closed question's value is not one of its options.
pub(crate) fn answer(question: &Question, raw: &str) -> Result<Option<Answer>, String> {
    let value = raw.trim();
    if value.is_empty() {
        return Ok(None);
    }
    match question.kind {
        QuestionKind::Closed => match question.options.stance_of(value) {
            Some(_) => Ok(Some(Answer {
                question: question.id.clone(),
                option: Some(value.to_string()),
                text: None,
            })),
            None => Err(format!(
                "{value:?} is not an option of {}; expected one of: {}",
                question.id,
                question.options.options().collect::<Vec<_>>().join(", ")
            )),
        },
        QuestionKind::Open => {
            let text = plain_text(&value.replace("\r\n", "\n")).trim().to_string();
            Ok((!text.is_empty()).then(|| Answer {
                question: question.id.clone(),
                option: None,
                text: Some(text),
            }))
        }
    }
}

/// The consultation's position of a question, to keep answers in question order.
pub(crate) fn question_order(consultation: &Consultation, answers: &mut [Answer]) {
    answers.sort_by_key(|a| {
        consultation
            .questions
            .iter()
            .position(|q| q.id == a.question)
            .unwrap_or(usize::MAX)
    });
}
