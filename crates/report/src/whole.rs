//! The whole [`Summary`] of one analysis in one call: the counts, the campaigns, the themes and
//! what the stance model did, in the order the report shows them.

use crate::{GoldAgreement, QuestionThemes, RunInfo, Summary};
use barometer_analysis::AnalysedResponse;
use barometer_analysis::campaigns::Campaigns;
use barometer_analysis::stance::inferred::Inference;
use barometer_domain::{Consultation, ProposalId};
use std::collections::BTreeMap;

/// Everything one analysis found, as the report needs it.
pub struct Findings<'a> {
    /// The consultation.
    pub consultation: &'a Consultation,
    /// Every response with its judgement per proposal.
    pub responses: &'a [AnalysedResponse],
    /// The campaigns among them (indexing `responses`).
    pub campaigns: &'a Campaigns,
    /// What stance inference did: quality per proposal, review queue, members' own words.
    pub inference: &'a Inference,
    /// The confidence below which a model judgement is queued for review.
    pub review_below: f64,
    /// Each open question's themes.
    pub themes: Vec<QuestionThemes>,
    /// Agreement with the consultation's gold labels, where it names some.
    pub gold: Option<GoldAgreement>,
    /// The stance prior's measured macro-F1 on unseen topics.
    pub prior_unseen_macro_f1: f64,
    /// Respondent types and organisations, when the run read them.
    pub respondents: Option<crate::organisations::RespondentInputs<'a>>,
}

/// Builds the whole summary of one analysis, stamped with `run`.
pub fn summarise(findings: Findings<'_>, run: &RunInfo) -> Summary {
    let Findings {
        consultation,
        responses,
        campaigns,
        inference,
        review_below,
        themes,
        gold,
        prior_unseen_macro_f1,
        respondents,
    } = findings;
    let mut summary = crate::build_summary(consultation, responses, run);
    let section =
        crate::campaigns::campaign_section(consultation, responses, campaigns, &inference.own_words);
    crate::campaigns::add_campaigns(&mut summary, section);
    summary.themes = (!themes.is_empty()).then_some(themes);
    summary.respondents =
        respondents.map(|input| crate::organisations::respondents_section(consultation, responses, &input));
    let mut queued: BTreeMap<ProposalId, u64> = BTreeMap::new();
    for item in &inference.review_queue {
        *queued.entry(item.proposal.clone()).or_default() += 1;
    }
    let mut read: BTreeMap<ProposalId, u64> = BTreeMap::new();
    for u in &inference.without_model {
        *read.entry(u.proposal.clone()).or_default() += 1;
    }
    summary.stance_model = Some(crate::stance_model_summary(
        consultation,
        responses,
        &inference.quality,
        &queued,
        review_below,
        gold,
        &crate::PriorUse {
            read,
            unseen_macro_f1: Some(prior_unseen_macro_f1),
        },
    ));
    summary
}
