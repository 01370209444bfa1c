//! The analysts' side: sign in, the dashboard, the review queue, the response browser, the
//! organisations, theme edits, the audit log, exports and the report. Every page needs a
//! session; every change needs the analyst role and the session's CSRF token, and is written to
//! the audit log.
//!
//! One file per page family; this file wires their routes and holds what they share.

mod admin;
mod audit;
mod calibrate;
mod dashboard;
mod exports;
mod organisations;
mod respondent;
mod responses;
mod review;
mod session;
mod themes;

use crate::auth::Signed;
use crate::routes::{error_page, internal};
use crate::view::{self, Labels};
use crate::{Analysis, AppState};
use axum::Router;
use axum::http::StatusCode;
use axum::response::Response;
use axum::routing::{get, post};
use barometer_domain::Camp;
use serde::Deserialize;
use std::sync::Arc;

/// The analysts' routes, to merge into the app's router.
pub(super) fn router() -> Router<AppState> {
    Router::new()
        .route("/login", get(session::login_page).post(session::login))
        .route("/logout", post(session::logout))
        .route("/analyst", get(dashboard::dashboard))
        .route("/analyst/review", get(review::review))
        .route("/analyst/label", post(review::label))
        .route(
            "/analyst/calibrate",
            get(calibrate::calibrate).post(calibrate::answer),
        )
        .route("/analyst/responses", get(responses::responses))
        .route("/analyst/responses/{id}", get(respondent::response))
        .route("/analyst/responses/{id}/type", post(respondent::set_type))
        .route("/analyst/organisations", get(organisations::organisations))
        .route("/analyst/organisations/star", post(organisations::star))
        .route("/analyst/organisations/type", post(organisations::set_type))
        .route("/analyst/themes", get(themes::themes))
        .route("/analyst/themes/edit", post(themes::theme_edit))
        .route("/analyst/audit", get(audit::audit))
        .route("/analyst/reanalyse", post(admin::reanalyse))
        .route("/analyst/report", get(exports::report))
        .route("/analyst/export.csv", get(exports::export_csv))
        .route("/analyst/export.json", get(exports::export_json))
}

/// Who is signed in, as the navigation shows it.
pub(crate) struct UserView {
    name: String,
    role: &'static str,
    csrf: String,
    can_edit: bool,
}

impl From<&Signed> for UserView {
    fn from(s: &Signed) -> Self {
        UserView {
            name: s.session.user.username.clone(),
            role: s.role.as_str(),
            csrf: s.session.csrf_token.clone(),
            can_edit: s.can_edit(),
        }
    }
}

#[derive(Deserialize)]
pub(crate) struct CsrfForm {
    csrf: Option<String>,
}

fn bad_csrf() -> Response {
    error_page(
        StatusCode::FORBIDDEN,
        "This form has expired",
        "Go back, reload the page and try again.",
    )
}

fn no_analysis() -> Response {
    error_page(
        StatusCode::SERVICE_UNAVAILABLE,
        "No analysis yet",
        "The server was started without an analysis. Run `barometer serve DIR` with the consultation folder, or `barometer analyse` first.",
    )
}

async fn analysis(state: &AppState) -> Option<Arc<Analysis>> {
    state.analysis.read().await.clone()
}

async fn labels(state: &AppState) -> Result<Labels, Response> {
    state
        .store
        .stance_labels(&state.config.consultation_id)
        .await
        .map(|l| view::labels_by_pair(&l))
        .map_err(internal)
}

/// Every analyst's respondent type, as stored now.
async fn type_labels(state: &AppState) -> Result<Vec<barometer_store::TypeLabel>, Response> {
    state
        .store
        .type_labels(&state.config.consultation_id)
        .await
        .map_err(internal)
}

/// Every respondent type as `(wire name, this consultation's label)`, for a select.
fn type_choices(c: &barometer_domain::Consultation) -> Vec<(&'static str, String)> {
    barometer_domain::RespondentType::ALL
        .iter()
        .map(|&t| (t.as_str(), c.type_label(t).to_string()))
        .collect()
}

/// Where a type came from, as the pages say it: "declared", "inferred 87%", "set by analyst".
fn type_source_words(source: barometer_domain::TypeSource, confidence: f64) -> String {
    match source {
        barometer_domain::TypeSource::Declared => "declared".into(),
        barometer_domain::TypeSource::Inferred => format!("inferred {:.0}%", confidence * 100.0),
        barometer_domain::TypeSource::Analyst => "set by analyst".into(),
    }
}

/// The 400 page for a posted respondent type that is not one, saying which are.
fn bad_type(message: &str) -> Response {
    error_page(StatusCode::BAD_REQUEST, "Unknown respondent type", message)
}

fn camp_choices() -> Vec<(&'static str, &'static str)> {
    Camp::ALL.iter().map(|c| (c.as_str(), c.label())).collect()
}
