//! The report, `GET /analyst/report`, and the exports, `GET /analyst/export.json` and
//! `GET /analyst/export.csv`.

use super::{analysis, labels, no_analysis};
use crate::AppState;
use crate::auth::{Reader, Require};
use crate::routes::internal;
use crate::view;
use axum::extract::State;
use axum::http::header;
use axum::response::{Html, IntoResponse, Response};

/// `GET /analyst/report`: the report of the last analysis.
pub(crate) async fn report(State(state): State<AppState>, _: Require<Reader>) -> Response {
    match analysis(&state).await {
        Some(a) => Html(a.report_html.clone()).into_response(),
        None => no_analysis(),
    }
}

/// `GET /analyst/export.json`: the last analysis's summary (the `summary.json` format).
pub(crate) async fn export_json(State(state): State<AppState>, _: Require<Reader>) -> Response {
    let Some(a) = analysis(&state).await else {
        return no_analysis();
    };
    (
        [
            (header::CONTENT_TYPE, "application/json"),
            (
                header::CONTENT_DISPOSITION,
                "attachment; filename=\"summary.json\"",
            ),
        ],
        serde_json::to_string_pretty(&a.summary).expect("the summary serialises"),
    )
        .into_response()
}

/// `GET /analyst/export.csv`: one row per response, each proposal's camp now (analysts' labels
/// included) and where it came from.
pub(crate) async fn export_csv(State(state): State<AppState>, _: Require<Reader>) -> Response {
    let Some(a) = analysis(&state).await else {
        return no_analysis();
    };
    let labels = match labels(&state).await {
        Ok(l) => l,
        Err(r) => return r,
    };
    let c = &state.config.consultation;
    let mut w = csv::Writer::from_writer(Vec::new());
    let mut head = vec![
        "response_id".to_string(),
        "external_id".into(),
        "source".into(),
        "respondent_type".into(),
    ];
    for p in &c.proposals {
        head.push(format!("{}_camp", p.id.0));
        head.push(format!("{}_source", p.id.0));
    }
    let mut rows = vec![head];
    for r in &a.analysed {
        let mut row = vec![
            r.id.clone(),
            r.external_id.clone(),
            r.source.as_str().to_string(),
            r.respondent_type.as_str().to_string(),
        ];
        for p in &c.proposals {
            let labelled = labels.contains_key(&(r.id.clone(), p.id.clone()));
            row.push(view::camp_of(r, &p.id, &labels).as_str().to_string());
            row.push(if labelled {
                "analyst".into()
            } else {
                r.judgements
                    .get(&p.id)
                    .and_then(|j| j.source)
                    .map(|s| s.as_str().to_string())
                    .unwrap_or_default()
            });
        }
        rows.push(row);
    }
    for row in rows {
        if let Err(e) = w.write_record(&row) {
            return internal(e);
        }
    }
    let body = match w.into_inner() {
        Ok(b) => b,
        Err(e) => return internal(e),
    };
    (
        [
            (header::CONTENT_TYPE, "text/csv; charset=utf-8"),
            (
                header::CONTENT_DISPOSITION,
                "attachment; filename=\"stances.csv\"",
            ),
        ],
        body,
    )
        .into_response()
}
