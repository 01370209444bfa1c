//! One respondent's page, `GET /analyst/responses/{id}`: the whole submission, its respondent
//! type and who decided it, each stance, and the campaign it belongs to, if any; and the type
//! correction it posts, `POST /analyst/responses/{id}/type`.

use super::{
    UserView, analysis, bad_csrf, bad_type, camp_choices, labels, type_choices, type_labels,
    type_source_words,
};
use crate::auth::{Editor, Reader, Require};
use crate::routes::{error_page, internal, render};
use crate::{AppState, csrf};
use askama::Template;
use axum::extract::{Form, Path, State};
use axum::http::StatusCode;
use axum::response::{IntoResponse, Redirect, Response};
use barometer_domain::{Camp, RespondentType, TypeSource};
use barometer_store::StoreError;
use serde::Deserialize;

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
    respondent_type: String,
    /// The type's wire name, for the select.
    type_wire: &'static str,
    /// "declared", "inferred 87%", "set by analyst", or "not analysed yet".
    type_source: String,
    type_evidence: Option<String>,
    /// Whether the clues disagreed when it was inferred.
    type_mixed: bool,
    types: Vec<(&'static str, String)>,
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
    let type_label = match type_labels(&state).await {
        Ok(all) => all.into_iter().find(|l| l.response_id == id),
        Err(r) => return r,
    };
    let analysis = analysis(&state).await;
    let analysed = analysis
        .as_deref()
        .and_then(|a| a.analysed.iter().find(|x| x.id == id));
    let c = &state.config.consultation;
    // An analyst's type outranks the analysis's; before any analysis, the record's.
    let (respondent_type, type_source, type_evidence, type_mixed) = match (&type_label, analysed) {
        (Some(l), _) => (
            l.respondent_type,
            format!("{} ({})", type_source_words(TypeSource::Analyst, 1.0), l.analyst),
            None,
            false,
        ),
        (None, Some(a)) => (
            a.type_judgement.respondent_type,
            type_source_words(a.type_judgement.source, f64::from(a.type_judgement.confidence)),
            a.type_judgement.evidence.clone(),
            a.type_judgement.mixed,
        ),
        (None, None) => (
            r.record.respondent.respondent_type,
            "not analysed yet".to_string(),
            None,
            false,
        ),
    };
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
            respondent_type: c.type_label(respondent_type).to_string(),
            type_wire: respondent_type.as_str(),
            type_source,
            type_evidence,
            type_mixed,
            types: type_choices(c),
            organisation: analysed
                .and_then(|a| a.organisation_name.clone())
                .or_else(|| r.record.respondent.organisation_name.clone())
                .unwrap_or_default(),
            submitted_at: r.record.submitted_at.clone().unwrap_or_default(),
            campaign,
            answers,
            stances,
            camps: camp_choices(),
        },
    )
}

/// A respondent type posted from a respondent's page.
#[derive(Deserialize)]
pub(crate) struct TypeForm {
    csrf: Option<String>,
    #[serde(rename = "type")]
    respondent_type: String,
}

/// `POST /analyst/responses/{id}/type`: an analyst's respondent type for one response; stored
/// with its audit entry, and counted at once.
pub(crate) async fn set_type(
    State(state): State<AppState>,
    Require(signed, _): Require<Editor>,
    Path(id): Path<String>,
    Form(f): Form<TypeForm>,
) -> Response {
    if !csrf::check(&signed, f.csrf.as_deref()) {
        return bad_csrf();
    }
    let t = match f.respondent_type.parse::<RespondentType>() {
        Ok(t) => t,
        Err(message) => return bad_type(&message),
    };
    match state
        .store
        .set_type_label(
            &state.config.consultation_id,
            &id,
            t,
            &signed.session.user.username,
        )
        .await
    {
        Ok(()) => {}
        Err(StoreError::NotFound(_)) => {
            return error_page(
                StatusCode::NOT_FOUND,
                "Unknown response",
                "There is no such response.",
            );
        }
        Err(e) => return internal(e),
    }
    let back: String = form_urlencoded::byte_serialize(id.as_bytes()).collect();
    Redirect::to(&format!("/analyst/responses/{back}")).into_response()
}
