//! "Calibrate this proposal", `GET /analyst/calibrate?proposal=ID`: the one question about a
//! proposal whose answer settles most (a campaign's template, a group's representative, then
//! the model's least certain reading), how many responses the answer settles, and where the
//! proposal's stances come from. `POST /analyst/calibrate` stores the answer and reads the
//! proposal's stances again at once (vectors and the prior's readings are cached), so the next
//! question already reflects it.

use super::{UserView, analysis, bad_csrf, camp_choices, labels, no_analysis};
use crate::auth::{Editor, Reader, Require};
use crate::routes::analyst::review::{LabelForm, store_label, why_asked};
use crate::routes::{error_page, internal, render};
use crate::{AppState, csrf};
use askama::Template;
use axum::extract::{Form, Query, State};
use axum::http::StatusCode;
use axum::response::{IntoResponse, Redirect, Response};
use barometer_domain::{Camp, StanceSource};
use serde::Deserialize;
use std::time::Instant;

#[derive(Deserialize)]
pub(crate) struct Which {
    proposal: Option<String>,
    /// Milliseconds the last re-learning took, to show.
    relearned_ms: Option<u64>,
}

/// The question shown.
struct Question {
    response_id: String,
    evidence: String,
    camp: &'static str,
    confidence: String,
    why: String,
    settles: usize,
}

#[derive(Template)]
#[template(path = "calibrate.html")]
struct CalibratePage {
    user: UserView,
    proposals: Vec<(String, String)>,
    proposal: String,
    proposal_text: String,
    declared: usize,
    labelled: usize,
    inferred: usize,
    question: Option<Question>,
    waiting: usize,
    camps: Vec<(&'static str, &'static str)>,
    relearned_ms: Option<u64>,
}

/// `GET /analyst/calibrate`: the next question on one proposal (the first, if none is named).
pub(crate) async fn calibrate(
    State(state): State<AppState>,
    Require(signed, _): Require<Reader>,
    Query(which): Query<Which>,
) -> Response {
    let Some(analysis) = analysis(&state).await else {
        return no_analysis();
    };
    let labels = match labels(&state).await {
        Ok(l) => l,
        Err(r) => return r,
    };
    let c = &state.config.consultation;
    let chosen = match &which.proposal {
        Some(id) => c.proposals.iter().find(|p| &p.id.0 == id),
        None => c.proposals.first(),
    };
    let Some(proposal) = chosen else {
        return error_page(
            StatusCode::NOT_FOUND,
            "Unknown proposal",
            "The proposal is not in this consultation.",
        );
    };
    let count = |source: StanceSource| {
        analysis
            .analysed
            .iter()
            .filter_map(|a| a.judgements.get(&proposal.id))
            .filter(|j| j.camp != Camp::NoView && j.source == Some(source))
            .count()
    };
    let open: Vec<_> = analysis
        .review_queue
        .iter()
        .filter(|i| i.proposal == proposal.id)
        .filter(|i| !labels.contains_key(&(i.response_id.clone(), i.proposal.clone())))
        .collect();
    let question = open.first().map(|i| Question {
        response_id: i.response_id.clone(),
        evidence: i.evidence.clone().unwrap_or_default(),
        camp: i.camp.as_str(),
        confidence: format!("{:.0}%", i.confidence * 100.0),
        why: why_asked(i.reason, i.settles),
        settles: i.settles,
    });
    render(
        StatusCode::OK,
        &CalibratePage {
            user: (&signed).into(),
            proposals: c
                .proposals
                .iter()
                .map(|p| (p.id.0.clone(), p.short_name().to_string()))
                .collect(),
            proposal: proposal.id.0.clone(),
            proposal_text: proposal.text.clone(),
            declared: count(StanceSource::Declared),
            labelled: count(StanceSource::Analyst),
            inferred: count(StanceSource::Model),
            question,
            waiting: open.len(),
            camps: camp_choices(),
            relearned_ms: which.relearned_ms,
        },
    )
}

/// `POST /analyst/calibrate`: stores the answer as the analyst's label, reads the stances again
/// and shows the next question.
pub(crate) async fn answer(
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
    let mut relearned_ms = None;
    if let Some(analyser) = state.analyser.clone() {
        let started = Instant::now();
        let stances = match analyser.relearn(&state.store).await {
            Ok(s) => s,
            Err(e) => return internal(e),
        };
        let mut shown = state.analysis.write().await;
        if let Some(current) = shown.as_ref() {
            *shown = Some(std::sync::Arc::new(current.with_stances(stances)));
        }
        relearned_ms = Some(started.elapsed().as_millis());
    }
    let mut query = form_urlencoded::Serializer::new(String::new());
    query.append_pair("proposal", &f.proposal);
    if let Some(ms) = relearned_ms {
        query.append_pair("relearned_ms", &ms.to_string());
    }
    Redirect::to(&format!("/analyst/calibrate?{}", query.finish())).into_response()
}
