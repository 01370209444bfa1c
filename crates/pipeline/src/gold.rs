//! Agreement with the consultation's gold labels, where consultation.toml names a file of them.

use crate::ConsultationFolder;
use anyhow::bail;
use barometer_analysis::AnalysedResponse;
use barometer_analysis::agreement::agreement;
use barometer_domain::StanceSource;
use barometer_report::GoldAgreement;
use std::collections::HashMap;

/// Compares the stances with the gold labels on the responses whose stances had to be read
/// from text: those that answered no closed question.
pub fn agreement_with_gold(
    folder: &ConsultationFolder,
    analysed: &[AnalysedResponse],
) -> anyhow::Result<Option<GoldAgreement>> {
    let Some(file) = &folder.definition.gold else {
        return Ok(None);
    };
    let labels = barometer_ingest::read_gold(&folder.definition, &folder.dir.join(file), file)?;
    let by_id: HashMap<(&str, &str), &AnalysedResponse> = analysed
        .iter()
        .map(|a| ((a.source.as_str(), a.external_id.as_str()), a))
        .collect();
    let mut pairs = Vec::new();
    for gold in &labels {
        let Some(a) = by_id.get(&(gold.source.as_str(), gold.id.as_str())) else {
            bail!(
                "{file} line {}: response {:?} from {} is not in the store",
                gold.line,
                gold.id,
                gold.source
            );
        };
        if a.has_closed_answers {
            continue;
        }
        for (p, camp) in &gold.stances {
            let Some(judged) = a.judgements.get(p) else {
                bail!(
                    "{file} line {}: response {:?} has no judgement on {p}",
                    gold.line,
                    gold.id
                );
            };
            // An analyst's label may have come from this very gold file; it measures nothing.
            if judged.source != Some(StanceSource::Analyst) {
                pairs.push((*camp, judged.camp));
            }
        }
    }
    Ok(agreement(&pairs).map(|a| {
        GoldAgreement::new(
            file,
            "(response, proposal) pairs from responses that answered no closed question (free text only, and letters)",
            &a,
        )
    }))
}

/// The gold file's respondent types, by position in `analysed` (`None` where the file names no
/// type for a response, or names no file).
pub fn gold_types(
    folder: &ConsultationFolder,
    analysed: &[AnalysedResponse],
) -> anyhow::Result<Vec<Option<barometer_domain::RespondentType>>> {
    let mut out = vec![None; analysed.len()];
    let Some(file) = &folder.definition.gold else {
        return Ok(out);
    };
    let labels = barometer_ingest::read_gold(&folder.definition, &folder.dir.join(file), file)?;
    let position: HashMap<(&str, &str), usize> = analysed
        .iter()
        .enumerate()
        .map(|(i, a)| ((a.source.as_str(), a.external_id.as_str()), i))
        .collect();
    for gold in &labels {
        if let Some(&i) = position.get(&(gold.source.as_str(), gold.id.as_str())) {
            out[i] = gold.respondent_type;
        }
    }
    Ok(out)
}
