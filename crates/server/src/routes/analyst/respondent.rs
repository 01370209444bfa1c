//! One respondent's page, `GET /analyst/responses/{id}`: the whole submission, each stance, and
//! the campaign it belongs to, if any.

use super::{UserView, analysis, camp_choices, labels};
use crate::AppState;
use crate::auth::{Reader, Require};
use crate::routes::{error_page, internal, render};
use askama::Template;
use axum::extract::{Path, State};
use axum::http::StatusCode;
use axum::response::Response;
use barometer_domain::Camp;

struct AnswerView {
    question: String,
    option: Option<String>,
    text: Option<String>,
}

struct StanceView {
    proposal: String,
    short: String,
    camp: &'static str,
    camp_label: &'static str,
    source: String,
    evidence: String,
}

/// The campaign a response belongs to, as the last analysis stored it.
struct CampaignView {
    id: String,
    size: usize,
    /// The store id of the response whose text is the template.
    template_response_id: String,
    /// The words this response added to the template; empty when it added none.
    addition: String,
}

#[derive(Template)]
#[template(path = "response.html")]
struct ResponsePage {
    user: UserView,
    id: String,
    external_id: String,
    source: &'static str,
    respondent_type: &'static str,
    organisation: String,
    submitted_at: String,
    campaign: Option<CampaignView>,
    answers: Vec<AnswerView>,
    stances: Vec<StanceView>,
    camps: Vec<(&'static str, &'static str)>,
}

/// `GET /analyst/responses/{id}`: one respondent's whole submission, with each stance.
pub(crate) async fn response(
    State(state): State<AppState>,
    Require(signed, _): Require<Reader>,
    Path(id): Path<String>,
) -> Response {
    let stored = match state.store.load_responses(&state.config.consultation_id).await {
        Ok(s) => s,
        Err(e) => return internal(e),
    };
    let Some(r) = stored.into_iter().find(|r| r.id == id) else {
        return error_page(
            StatusCode::NOT_FOUND,
            "Page not found",
            "There is no response with this id.",
        );
    };
    let campaign = match state.store.load_campaigns(&state.config.consultation_id).await {
        Ok(all) => all.into_iter().find_map(|k| {
            let addition = k.members.iter().find(|(m, _)| *m == id)?.1.clone();
            Some(CampaignView {
                size: k.members.len(),
                id: k.id,
                template_response_id: k.template_response_id,
                addition: addition.unwrap_or_default(),
            })
        }),
        Err(e) => return internal(e),
    };
    let labels = match labels(&state).await {
        Ok(l) => l,
        Err(r) => return r,
    };
    let analysis = analysis(&state).await;
    let analysed = analysis
        .as_deref()
        .and_then(|a| a.analysed.iter().find(|x| x.id == id));
    let c = &state.config.consultation;
    let stances = c
        .proposals
        .iter()
        .map(|p| {
            let judgement = analysed.and_then(|a| a.judgements.get(&p.id));
            let label = labels.get(&(id.clone(), p.id.clone())).copied();
            let camp = label.or(judgement.map(|j| j.camp)).unwrap_or(Camp::NoView);
            let source = if label.is_some() {
                "analyst".to_string()
            } else {
                judgement
                    .and_then(|j| j.source)
                    .map(|s| s.as_str().to_string())
                    .unwrap_or_else(|| "not analysed yet".into())
            };
            StanceView {
                proposal: p.id.0.clone(),
                short: p.short_name().to_string(),
                camp: camp.as_str(),
                camp_label: camp.label(),
                source,
                evidence: judgement.and_then(|j| j.evidence.clone()).unwrap_or_default(),
            }
        })
        .collect();
    let answers = r
        .record
        .answers
        .iter()
        .map(|a| AnswerView {
            question: c
                .question(&a.question)
                .map(|q| q.text.clone())
                .unwrap_or_else(|| a.question.0.clone()),
            option: a.option.clone(),
            text: a.text.clone(),
        })
        .collect();
    render(
        StatusCode::OK,
        &ResponsePage {
            user: (&signed).into(),
            id: r.id.clone(),
            external_id: r.record.external_id.clone(),
            source: r.record.source.as_str(),
            respondent_type: r.record.respondent.respondent_type.label(),
            organisation: r.record.respondent.organisation_name.clone().unwrap_or_default(),
            submitted_at: r.record.submitted_at.clone().unwrap_or_default(),
            campaign,
            answers,
            stances,
            camps: camp_choices(),
        },
    )
}
