//! An admin's "analyse again", `POST /analyst/reanalyse`: runs the pipeline through the
//! server's [`crate::Analyser`] in the background and shows its result when it ends.

use super::{CsrfForm, bad_csrf};
use crate::auth::{Administrator, Require};
use crate::routes::error_page;
use crate::{AppState, csrf};
use axum::extract::{Form, State};
use axum::http::StatusCode;
use axum::response::{IntoResponse, Redirect, Response};

/// `POST /analyst/reanalyse`: an admin starts a fresh analysis of everything stored, in the
/// background; the dashboard says when it is done.
pub(crate) async fn reanalyse(
    State(state): State<AppState>,
    Require(signed, _): Require<Administrator>,
    Form(f): Form<CsrfForm>,
) -> Response {
    if !csrf::check(&signed, f.csrf.as_deref()) {
        return bad_csrf();
    }
    let Some(analyser) = state.analyser.clone() else {
        return error_page(
            StatusCode::CONFLICT,
            "Analysis is not available",
            "This server was started without analysis.",
        );
    };
    {
        let mut status = state.reanalysis.lock().expect("not poisoned");
        if status.as_deref() == Some(RUNNING) {
            return Redirect::to("/analyst").into_response();
        }
        *status = Some(RUNNING.to_string());
    }
    let user = signed.session.user.username.clone();
    let cid = state.config.consultation_id.clone();
    let _ = state
        .store
        .record_audit(&cid, &user, "reanalyse", "consultation", None, None)
        .await;
    let status = state.reanalysis.clone();
    let (store, shown) = (state.store.clone(), state.analysis.clone());
    tokio::spawn(async move {
        let done = match analyser.run(&store, &barometer_pipeline::LogLines).await {
            Ok(found) => {
                *shown.write().await = Some(std::sync::Arc::new(found));
                format!(
                    "The analysis {user} started finished at {}.",
                    chrono::Utc::now().format("%H:%M UTC")
                )
            }
            Err(e) => format!("The analysis {user} started failed: {e:#}"),
        };
        *status.lock().expect("not poisoned") = Some(done);
    });
    Redirect::to("/analyst").into_response()
}

const RUNNING: &str = "An analysis is running; this page shows its results when it finishes.";
