//! The review queue, `GET /analyst/review`, and the stance label it and a respondent's page
//! post, `POST /analyst/label`.

use super::{UserView, analysis, bad_csrf, camp_choices, labels, no_analysis};
use crate::auth::{Editor, Reader, Require};
use crate::routes::{error_page, internal, render};
use crate::{AppState, csrf};
use askama::Template;
use axum::extract::{Form, State};
use axum::http::StatusCode;
use axum::response::{IntoResponse, Redirect, Response};
use barometer_analysis::stance::inferred::ReviewReason;
use barometer_domain::{Camp, ProposalId};
use serde::Deserialize;

/// One queued judgement as the review page shows it.
struct QueueRow {
    response_id: String,
    proposal: String,
    proposal_short: String,
    camp: &'static str,
    confidence: String,
    evidence: String,
    /// Why it is asked, in words.
    why: String,
    /// A campaign member's own words' reading, where it differs from the count.
    alternative: Option<&'static str>,
}

#[derive(Template)]
#[template(path = "review.html")]
struct ReviewPage {
    user: UserView,
    rows: Vec<QueueRow>,
    remaining: usize,
    camps: Vec<(&'static str, &'static str)>,
    /// Inferred respondent types resting on mixed or weak clues, no analyst has set yet.
    types: Vec<TypeRow>,
}

/// A respondent type to check.
struct TypeRow {
    response_id: String,
    external_id: String,
    organisation: Option<String>,
    label: String,
    confidence: String,
    evidence: String,
    mixed: bool,
}

/// `GET /analyst/review`: what analysts are asked and no analyst has labelled yet, what settles
/// most first.
pub(crate) async fn review(State(state): State<AppState>, Require(signed, _): Require<Reader>) -> Response {
    let Some(analysis) = analysis(&state).await else {
        return no_analysis();
    };
    let labels = match labels(&state).await {
        Ok(l) => l,
        Err(r) => return r,
    };
    let c = &state.config.consultation;
    let open: Vec<_> = analysis
        .review_queue
        .iter()
        .filter(|i| !labels.contains_key(&(i.response_id.clone(), i.proposal.clone())))
        .collect();
    let rows = open
        .iter()
        .take(50)
        .map(|i| QueueRow {
            response_id: i.response_id.clone(),
            proposal: i.proposal.0.clone(),
            proposal_short: c
                .proposals
                .iter()
                .find(|p| p.id == i.proposal)
                .map(|p| p.short_name().to_string())
                .unwrap_or_else(|| i.proposal.0.clone()),
            camp: i.camp.as_str(),
            confidence: format!("{:.0}%", i.confidence * 100.0),
            evidence: i.evidence.clone().unwrap_or_default(),
            why: why_asked(i.reason, i.settles),
            alternative: i.alternative.map(Camp::as_str),
        })
        .collect();
    let typed: std::collections::HashSet<String> =
        match state.store.type_labels(&state.config.consultation_id).await {
            Ok(l) => l.into_iter().map(|l| l.response_id).collect(),
            Err(e) => return internal(e),
        };
    let mut to_check: Vec<&barometer_analysis::AnalysedResponse> = analysis
        .analysed
        .iter()
        .filter(|a| {
            let j = &a.type_judgement;
            j.source == barometer_domain::TypeSource::Inferred
                && j.respondent_type != barometer_domain::RespondentType::Individual
                && (j.mixed || j.confidence < barometer_analysis::respondents::REVIEW_BELOW)
                && !typed.contains(&a.id)
        })
        .collect();
    to_check.sort_by(|a, b| {
        a.type_judgement
            .confidence
            .total_cmp(&b.type_judgement.confidence)
    });
    let types = to_check
        .into_iter()
        .take(50)
        .map(|a| TypeRow {
            response_id: a.id.clone(),
            external_id: a.external_id.clone(),
            organisation: a.organisation_name.clone(),
            label: c.type_label(a.respondent_type).to_string(),
            confidence: format!("{:.0}%", a.type_judgement.confidence * 100.0),
            evidence: a.type_judgement.evidence.clone().unwrap_or_default(),
            mixed: a.type_judgement.mixed,
        })
        .collect();
    render(
        StatusCode::OK,
        &ReviewPage {
            user: (&signed).into(),
            rows,
            remaining: open.len(),
            camps: camp_choices(),
            types,
        },
    )
}

/// Why an item is asked, as the page says it.
pub(crate) fn why_asked(reason: ReviewReason, settles: usize) -> String {
    match reason {
        ReviewReason::CampaignTemplate => {
            format!("A campaign's template: your answer settles all {settles} copies.")
        }
        ReviewReason::Representative => format!(
            "Typical of {settles} similar responses: your answer is read as evidence for all of them."
        ),
        ReviewReason::OwnWordsDiffer => {
            "A campaign member whose own added words read differently from the campaign.".to_string()
        }
        ReviewReason::Uncertain => "The model is unsure.".to_string(),
        ReviewReason::OtherLanguage => {
            "Written in a language the model does not read: only an analyst can say.".to_string()
        }
    }
}

/// An analyst's stance on one pair, as the review queue, a respondent's page and the calibrate
/// page post it.
#[derive(Deserialize)]
pub(crate) struct LabelForm {
    pub(crate) csrf: Option<String>,
    pub(crate) response_id: String,
    pub(crate) proposal: String,
    pub(crate) camp: String,
    /// Where to return (the review queue's own pages only); the calibrate page ignores it.
    pub(crate) back: Option<String>,
}

/// `POST /analyst/label`: accept or correct a stance; written with the audit log entry.
pub(crate) async fn label(
    State(state): State<AppState>,
    Require(signed, _): Require<Editor>,
    Form(f): Form<LabelForm>,
) -> Response {
    if !csrf::check(&signed, f.csrf.as_deref()) {
        return bad_csrf();
    }
    if let Err(refused) = store_label(&state, &signed, &f.response_id, &f.proposal, &f.camp).await {
        return refused;
    }
    // Only our own pages are valid places to return to.
    let back = f
        .back
        .filter(|b| b.starts_with("/analyst") && !b.contains("//"))
        .unwrap_or_else(|| "/analyst/review".into());
    Redirect::to(&back).into_response()
}

/// Checks and stores one analyst's stance label (with its audit entry); the error is the page
/// to show instead.
pub(crate) async fn store_label(
    state: &AppState,
    signed: &crate::auth::Signed,
    response_id: &str,
    proposal: &str,
    camp: &str,
) -> Result<(), Response> {
    let c = &state.config.consultation;
    let Some(camp) = Camp::ALL.into_iter().find(|k| k.as_str() == camp) else {
        return Err(error_page(
            StatusCode::BAD_REQUEST,
            "Unknown stance",
            "Choose for, against, undecided or no view.",
        ));
    };
    let proposal = ProposalId(proposal.to_string());
    if !c.proposals.iter().any(|p| p.id == proposal) {
        return Err(error_page(
            StatusCode::BAD_REQUEST,
            "Unknown proposal",
            "The proposal is not in this consultation.",
        ));
    }
    match state
        .store
        .has_response(&state.config.consultation_id, response_id)
        .await
    {
        Ok(true) => {}
        Ok(false) => {
            return Err(error_page(
                StatusCode::NOT_FOUND,
                "Unknown response",
                "There is no such response.",
            ));
        }
        Err(e) => return Err(internal(e)),
    }
    if let Err(e) = state
        .store
        .set_stance_label(
            &state.config.consultation_id,
            response_id,
            &proposal,
            camp,
            &signed.session.user.username,
            None,
        )
        .await
    {
        return Err(internal(e));
    }
    Ok(())
}
