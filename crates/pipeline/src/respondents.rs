//! The respondents stage: every response's type (an analyst's correction, what was declared,
//! or an inference from its words) and the organisations that responded, through
//! [`barometer_analysis::respondents::read`]. `analyse` and `barometer eval respondents` both
//! call [`read`].

use barometer_analysis::AnalysedResponse;
use barometer_analysis::respondents::{self, RespondentInput, Respondents};
use barometer_domain::{Consultation, RespondentType};
use barometer_store::{Store, StoredResponse};
use std::collections::HashMap;

/// Everything a response wrote, in answer order: what its type is inferred from.
pub fn text_of(stored: &StoredResponse) -> String {
    stored
        .record
        .answers
        .iter()
        .filter_map(|a| a.text.as_deref())
        .collect::<Vec<_>>()
        .join("\n\n")
}

/// Reads every stored response's type, with analysts' corrections from the store.
pub async fn read(
    store: &Store,
    consultation_id: &str,
    consultation: &Consultation,
    stored: &[StoredResponse],
) -> anyhow::Result<Respondents> {
    let labels: HashMap<String, RespondentType> = store
        .type_labels(consultation_id)
        .await?
        .into_iter()
        .map(|l| (l.response_id, l.respondent_type))
        .collect();
    Ok(read_with(consultation, stored, &labels))
}

/// [`read`] with the labels already loaded.
pub fn read_with(
    consultation: &Consultation,
    stored: &[StoredResponse],
    labels: &HashMap<String, RespondentType>,
) -> Respondents {
    let texts: Vec<String> = stored.iter().map(text_of).collect();
    let inputs: Vec<RespondentInput<'_>> = stored
        .iter()
        .zip(&texts)
        .map(|(s, text)| RespondentInput {
            respondent: &s.record.respondent,
            text,
            label: labels.get(&s.id).copied(),
        })
        .collect();
    let addressee = Some(consultation.organisation.as_str()).filter(|o| !o.trim().is_empty());
    respondents::read(&inputs, addressee)
}

/// Gives each analysed response its type and organisation. `analysed` and `stored` are in the
/// same order, as every stage keeps them.
pub fn apply(analysed: &mut [AnalysedResponse], respondents: &Respondents) {
    for (i, a) in analysed.iter_mut().enumerate() {
        let j = &respondents.judgements[i];
        a.respondent_type = j.respondent_type;
        a.type_judgement = j.clone();
        a.organisation_name = respondents.organisation_names[i].clone();
        a.organisation_key =
            respondents.organisation_of[i].map(|o| respondents.organisations[o].organisation.key.clone());
    }
}

/// Respondent-type inference as `barometer eval respondents` measured it on
/// `../shared/datasets/dev/respondents-cms.jsonl` (docs/ACCURACY.md): quoted in every report
/// whose types were partly inferred. Re-measure when the cues change.
pub fn measured_accuracy() -> barometer_report::organisations::TypeAccuracy {
    barometer_report::organisations::TypeAccuracy {
        dataset: "typed public comments to a US federal request for information (CMS-2022-0163)".into(),
        rows: 246,
        accuracy: 0.378,
        macro_f1: 0.325,
    }
}
