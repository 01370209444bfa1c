//! The dashboard, `GET /analyst`: camps by respondent type, themes and campaigns.

use super::{UserView, analysis, labels, no_analysis, type_labels};
use crate::auth::{Reader, Require, Role};
use crate::routes::{internal, render};
use crate::view::{self, ProposalCamps};
use crate::{Analysis, AppState};
use askama::Template;
use axum::extract::State;
use axum::http::StatusCode;
use axum::response::Response;

#[derive(Template)]
#[template(path = "dashboard.html")]
struct DashboardPage<'a> {
    user: UserView,
    is_admin: bool,
    can_reanalyse: bool,
    reanalysis: Option<String>,
    title: &'a str,
    analysed: usize,
    stored: i64,
    proposals: Vec<ProposalCamps>,
    analysis: &'a Analysis,
}

/// `GET /analyst`: camps by respondent type, themes and campaigns.
pub(crate) async fn dashboard(
    State(state): State<AppState>,
    Require(signed, _): Require<Reader>,
) -> Response {
    let Some(analysis) = analysis(&state).await else {
        return no_analysis();
    };
    let labels = match labels(&state).await {
        Ok(l) => l,
        Err(r) => return r,
    };
    let types = match type_labels(&state).await {
        Ok(t) => view::types_by_response(&t),
        Err(r) => return r,
    };
    let stored = match state.store.count_responses(&state.config.consultation_id).await {
        Ok(n) => n,
        Err(e) => return internal(e),
    };
    let c = &state.config.consultation;
    let can_reanalyse = state.analyser.is_some();
    let reanalysis = state.reanalysis.lock().expect("not poisoned").clone();
    render(
        StatusCode::OK,
        &DashboardPage {
            user: (&signed).into(),
            is_admin: signed.role == Role::Admin,
            can_reanalyse,
            reanalysis,
            title: &c.title,
            analysed: analysis.analysed.len(),
            stored,
            proposals: view::camps(c, &analysis, &labels, &types),
            analysis: &analysis,
        },
    )
}
