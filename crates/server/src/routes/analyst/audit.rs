//! The audit log, `GET /analyst/audit`.

use super::UserView;
use crate::AppState;
use crate::auth::{Reader, Require};
use crate::routes::{internal, render};
use askama::Template;
use axum::extract::State;
use axum::http::StatusCode;
use axum::response::Response;

#[derive(Template)]
#[template(path = "audit.html")]
struct AuditPage {
    user: UserView,
    entries: Vec<barometer_store::AuditEntry>,
}

/// `GET /analyst/audit`: every edit, newest first.
pub(crate) async fn audit(State(state): State<AppState>, Require(signed, _): Require<Reader>) -> Response {
    match state.store.audit_log(&state.config.consultation_id).await {
        Ok(mut entries) => {
            entries.reverse();
            render(
                StatusCode::OK,
                &AuditPage {
                    user: (&signed).into(),
                    entries,
                },
            )
        }
        Err(e) => internal(e),
    }
}
