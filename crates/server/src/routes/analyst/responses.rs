//! The response browser, `GET /analyst/responses`: filters, and search by keyword or by meaning.

use super::{UserView, analysis, camp_choices, labels};
use crate::AppState;
use crate::auth::{Reader, Require};
use crate::routes::{internal, render};
use crate::view;
use askama::Template;
use axum::extract::{Query, State};
use axum::http::StatusCode;
use axum::response::Response;
use barometer_domain::{Camp, ProposalId};
use barometer_store::StoredResponse;
use serde::Deserialize;
use std::collections::HashMap;

#[derive(Deserialize, Default)]
pub(crate) struct Filters {
    #[serde(default)]
    r#type: String,
    #[serde(default)]
    source: String,
    #[serde(default)]
    proposal: String,
    #[serde(default)]
    camp: String,
    #[serde(default)]
    q: String,
    /// `meaning` searches by meaning (the encoder); anything else by keyword.
    #[serde(default)]
    by: String,
}

struct ResponseRow {
    id: String,
    external_id: String,
    source: &'static str,
    respondent_type: &'static str,
    organisation: String,
    excerpt: String,
}

/// How many responses a search by meaning returns: it ranks everything, so it is cut off.
const SEMANTIC_LIMIT: usize = 50;

#[derive(Template)]
#[template(path = "responses.html")]
struct ResponsesPage {
    user: UserView,
    semantic: bool,
    filters: Filters,
    rows: Vec<ResponseRow>,
    matched: usize,
    types: Vec<(&'static str, &'static str)>,
    proposals: Vec<(String, String)>,
    camps: Vec<(&'static str, &'static str)>,
}

fn excerpt(text: &str, words: usize) -> String {
    let mut out: Vec<&str> = text.split_whitespace().take(words + 1).collect();
    let more = out.len() > words;
    out.truncate(words);
    let mut s = out.join(" ");
    if more {
        s.push('…');
    }
    s
}

/// `GET /analyst/responses`: filter by type, source and a proposal's camp; search by keyword.
pub(crate) async fn responses(
    State(state): State<AppState>,
    Require(signed, _): Require<Reader>,
    Query(filters): Query<Filters>,
) -> Response {
    let stored = match state.store.load_responses(&state.config.consultation_id).await {
        Ok(s) => s,
        Err(e) => return internal(e),
    };
    let labels = match labels(&state).await {
        Ok(l) => l,
        Err(r) => return r,
    };
    let analysis = analysis(&state).await;
    let analysed: HashMap<&str, &barometer_analysis::AnalysedResponse> = analysis
        .as_deref()
        .map(|a| a.analysed.iter().map(|r| (r.id.as_str(), r)).collect())
        .unwrap_or_default();
    let mut order: Option<HashMap<String, usize>> = None;
    // Search by meaning needs the encoder (the analyser's) and unit vectors (the analysis's).
    let semantic = state.analyser.clone().zip(analysis.clone());
    if !filters.q.trim().is_empty() {
        let q = filters.q.trim().to_string();
        let found = match (filters.by.as_str(), semantic.clone()) {
            ("meaning", Some((analyser, shown))) => tokio::task::spawn_blocking(move || {
                shown.search.search(&analyser.models.encoder, &q, SEMANTIC_LIMIT)
            })
            .await
            .map_err(anyhow::Error::from)
            .and_then(|r| r),
            _ => state.search.search(&q, 10_000),
        };
        match found {
            Ok(ids) => order = Some(ids.into_iter().enumerate().map(|(i, id)| (id, i)).collect()),
            Err(e) => return internal(e),
        }
    }
    let proposal = ProposalId(filters.proposal.clone());
    let mut kept: Vec<&StoredResponse> = stored
        .iter()
        .filter(|r| {
            filters.r#type.is_empty() || r.record.respondent.respondent_type.as_str() == filters.r#type
        })
        .filter(|r| filters.source.is_empty() || r.record.source.as_str() == filters.source)
        .filter(|r| {
            if filters.proposal.is_empty() || filters.camp.is_empty() {
                return true;
            }
            let camp = match analysed.get(r.id.as_str()) {
                Some(a) => view::camp_of(a, &proposal, &labels),
                None => labels
                    .get(&(r.id.clone(), proposal.clone()))
                    .copied()
                    .unwrap_or(Camp::NoView),
            };
            camp.as_str() == filters.camp
        })
        .filter(|r| order.as_ref().is_none_or(|o| o.contains_key(&r.id)))
        .collect();
    if let Some(o) = &order {
        kept.sort_by_key(|r| o[&r.id]);
    }
    let rows = kept
        .iter()
        .take(200)
        .map(|r| ResponseRow {
            id: r.id.clone(),
            external_id: r.record.external_id.clone(),
            source: r.record.source.as_str(),
            respondent_type: r.record.respondent.respondent_type.label(),
            organisation: r.record.respondent.organisation_name.clone().unwrap_or_default(),
            excerpt: excerpt(&r.record.free_text(), 40),
        })
        .collect();
    let c = &state.config.consultation;
    render(
        StatusCode::OK,
        &ResponsesPage {
            user: (&signed).into(),
            semantic: semantic.is_some(),
            matched: kept.len(),
            rows,
            filters,
            types: barometer_domain::RespondentType::ALL
                .iter()
                .map(|t| (t.as_str(), t.label()))
                .collect(),
            proposals: c
                .proposals
                .iter()
                .map(|p| (p.id.0.clone(), p.short_name().to_string()))
                .collect(),
            camps: camp_choices(),
        },
    )
}
