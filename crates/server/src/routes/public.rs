//! The public side: the consultation, its form, and the confirmation.

use super::{error_page, internal, render};
use crate::AppState;
use crate::form::{self, FieldError, FormQuestion, Posted};
use askama::Template;
use axum::extract::{ConnectInfo, Form, Path, State};
use axum::http::{HeaderValue, StatusCode, header};
use axum::response::{IntoResponse, Redirect, Response};
use barometer_domain::Consultation;
use barometer_store::StoredResponse;
use std::net::SocketAddr;

#[derive(Template)]
#[template(path = "consultation.html")]
struct ConsultationPage<'a> {
    c: &'a Consultation,
}

/// `GET /`: the consultation and its proposals.
pub(crate) async fn consultation(State(state): State<AppState>) -> Response {
    render(
        StatusCode::OK,
        &ConsultationPage {
            c: &state.config.consultation,
        },
    )
}

#[derive(Template)]
#[template(path = "privacy.html")]
struct PrivacyPage<'a> {
    organisation: &'a str,
}

/// `GET /privacy`.
pub(crate) async fn privacy(State(state): State<AppState>) -> Response {
    render(
        StatusCode::OK,
        &PrivacyPage {
            organisation: &state.config.consultation.organisation,
        },
    )
}

#[derive(Template)]
#[template(path = "respond.html")]
struct RespondPage<'a> {
    title: &'a str,
    organisation: &'a str,
    organisation_types: Vec<String>,
    questions: Vec<FormQuestion>,
    errors: Vec<FieldError>,
    posted: Posted,
}

impl RespondPage<'_> {
    fn value(&self, field: &str) -> &str {
        self.posted.get(field).map(String::as_str).unwrap_or("")
    }

    fn error(&self, field: &str) -> Option<&str> {
        self.errors
            .iter()
            .find(|e| e.field == field)
            .map(|e| e.message.as_str())
    }
}

fn respond_page(state: &AppState, errors: Vec<FieldError>, posted: Posted) -> RespondPage<'_> {
    let c = &state.config.consultation;
    RespondPage {
        title: &c.title,
        organisation: &c.organisation,
        organisation_types: form::organisation_types(c),
        questions: form::questions(c),
        errors,
        posted,
    }
}

/// `GET /respond`: the empty form.
pub(crate) async fn form(State(state): State<AppState>) -> Response {
    render(StatusCode::OK, &respond_page(&state, Vec::new(), Posted::new()))
}

/// `POST /respond`: validate, commit, then acknowledge with a redirect to the reference.
pub(crate) async fn submit(
    State(state): State<AppState>,
    ConnectInfo(peer): ConnectInfo<SocketAddr>,
    headers: axum::http::HeaderMap,
    Form(posted): Form<Vec<(String, String)>>,
) -> Response {
    let client = crate::client_ip(&state.config, peer, &headers);
    if let Err(not_until) = state.submit_limiter.check_key(&client) {
        let wait = not_until
            .wait_time_from(governor::clock::Clock::now(
                &governor::clock::DefaultClock::default(),
            ))
            .as_secs()
            .max(1);
        let mut r = error_page(
            StatusCode::TOO_MANY_REQUESTS,
            "Too many responses from your connection",
            "Your response has not been saved. Wait a minute, then send it again.",
        );
        r.headers_mut().insert(
            header::RETRY_AFTER,
            HeaderValue::from_str(&wait.to_string()).expect("digits"),
        );
        return r;
    }
    let posted: Posted = posted.into_iter().collect();
    let reference = form::new_reference();
    let submission = match form::parse(&state.config.consultation, &posted, &reference) {
        Ok(s) => s,
        Err(errors) => return render(StatusCode::BAD_REQUEST, &respond_page(&state, errors, posted)),
    };
    let record = submission.record.clone();
    if let Err(e) = state.writer.submit(submission).await {
        return internal(e);
    }
    state.search.queue(&StoredResponse {
        id: barometer_store::response_id(&state.config.consultation_id, record.source, &record.external_id),
        record,
    });
    Redirect::to(&format!("/confirmation/{reference}")).into_response()
}

#[derive(Template)]
#[template(path = "confirmation.html")]
struct ConfirmationPage<'a> {
    title: &'a str,
    reference: &'a str,
}

/// `GET /confirmation/{reference}`: shown only for a stored reference.
pub(crate) async fn confirmation(State(state): State<AppState>, Path(reference): Path<String>) -> Response {
    match state
        .store
        .has_form_reference(&state.config.consultation_id, &reference)
        .await
    {
        Ok(true) => render(
            StatusCode::OK,
            &ConfirmationPage {
                title: &state.config.consultation.title,
                reference: &reference,
            },
        ),
        Ok(false) => error_page(
            StatusCode::NOT_FOUND,
            "Page not found",
            "There is no response with this reference number.",
        ),
        Err(e) => internal(e),
    }
}
