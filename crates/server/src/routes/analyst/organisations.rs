//! The organisations page, `GET /analyst/organisations`: one row per organisation that
//! responded, with its type and who decided it, its camp on each proposal and the sentence
//! behind it, and the themes it raised; and the two edits it posts, a star
//! (`POST /analyst/organisations/star`) and a corrected type (`POST /analyst/organisations/type`).
//!
//! Pages run no script, so sorting and filtering are query parameters of a GET form. Stars and
//! type corrections are read from the store at each request and laid over the analysis, so an
//! edit shows at once.

use super::{
    UserView, analysis, bad_csrf, bad_type, camp_choices, no_analysis, type_choices, type_labels,
    type_source_words,
};
use crate::auth::{Editor, Reader, Require};
use crate::routes::{error_page, internal, render};
use crate::{Analysis, AppState, csrf};
use askama::Template;
use axum::extract::{Form, Query, State};
use axum::http::StatusCode;
use axum::response::{IntoResponse, Redirect, Response};
use barometer_domain::{Camp, RespondentType, TypeSource};
use barometer_report::organisations::OrganisationSummary;
use barometer_store::{StoreError, TypeLabel};
use serde::Deserialize;
use std::collections::{HashMap, HashSet};

/// The page's query: how to sort and what to keep.
#[derive(Debug, Default, Deserialize)]
pub(crate) struct OrganisationsQuery {
    sort: Option<String>,
    #[serde(rename = "type")]
    respondent_type: Option<String>,
    proposal: Option<String>,
    camp: Option<String>,
    q: Option<String>,
}

/// The query's keys, in the order links write them.
const QUERY_KEYS: [&str; 5] = ["sort", "type", "proposal", "camp", "q"];

/// The orders the page offers; the first is the default.
const SORTS: [&str; 4] = ["notable", "name", "type", "responses"];

fn non_empty(v: &Option<String>) -> Option<&str> {
    v.as_deref().map(str::trim).filter(|s| !s.is_empty())
}

impl OrganisationsQuery {
    fn get(&self, key: &str) -> Option<&str> {
        match key {
            "sort" => non_empty(&self.sort),
            "type" => non_empty(&self.respondent_type),
            "proposal" => non_empty(&self.proposal),
            "camp" => non_empty(&self.camp),
            "q" => non_empty(&self.q),
            _ => None,
        }
    }

    /// The query as a link writes it, with `sort` replaced when given.
    fn encode(&self, sort: Option<&str>) -> String {
        let mut out = form_urlencoded::Serializer::new(String::new());
        for key in QUERY_KEYS {
            let value = if key == "sort" {
                sort.or(self.get(key))
            } else {
                self.get(key)
            };
            if let Some(v) = value {
                out.append_pair(key, v);
            }
        }
        out.finish()
    }

    /// Parses a query string posted back by a form, keeping only the page's own keys.
    fn parse(query: &str) -> OrganisationsQuery {
        let mut q = OrganisationsQuery::default();
        for (k, v) in form_urlencoded::parse(query.trim_start_matches('?').as_bytes()) {
            let v = Some(v.into_owned());
            match k.as_ref() {
                "sort" => q.sort = v,
                "type" => q.respondent_type = v,
                "proposal" => q.proposal = v,
                "camp" => q.camp = v,
                "q" => q.q = v,
                _ => {}
            }
        }
        q
    }

    /// The page with this query, where an edit returns to.
    fn page_url(&self) -> String {
        let q = self.encode(None);
        if q.is_empty() {
            "/analyst/organisations".into()
        } else {
            format!("/analyst/organisations?{q}")
        }
    }
}

/// An organisation as it stands now: the analysis's, with analysts' stars and types over it.
fn current(
    c: &barometer_domain::Consultation,
    analysis: &Analysis,
    starred: &HashSet<String>,
    labels: &[TypeLabel],
) -> Vec<OrganisationSummary> {
    let Some(section) = &analysis.summary.respondents else {
        return Vec::new();
    };
    let latest: HashMap<&str, &TypeLabel> = labels.iter().fold(HashMap::new(), |mut m, l| {
        m.insert(l.response_id.as_str(), l);
        m
    });
    let mut members: HashMap<&str, Vec<&str>> = HashMap::new();
    for a in &analysis.analysed {
        if let Some(k) = &a.organisation_key {
            members.entry(k.as_str()).or_default().push(a.id.as_str());
        }
    }
    let mut out: Vec<OrganisationSummary> = section
        .organisations
        .iter()
        .map(|o| {
            let mut o = o.clone();
            o.starred = starred.contains(&o.key);
            // The latest correction on any of its responses is the organisation's type.
            let label = members
                .get(o.key.as_str())
                .into_iter()
                .flatten()
                .filter_map(|id| latest.get(id))
                .max_by(|a, b| a.labelled_at.cmp(&b.labelled_at));
            if let Some(l) = label {
                o.respondent_type = l.respondent_type;
                o.type_label = c.type_label(l.respondent_type).to_string();
                o.type_source = TypeSource::Analyst;
                o.type_confidence = 1.0;
                o.type_evidence = None;
            }
            o
        })
        .collect();
    // Notable first: starred, then the analysis's order.
    out.sort_by_key(|o| !o.starred);
    out
}

/// The ids of the responses of an organisation, by its key.
fn members_of<'a>(analysis: &'a Analysis, key: &str) -> Vec<&'a str> {
    analysis
        .analysed
        .iter()
        .filter(|a| a.organisation_key.as_deref() == Some(key))
        .map(|a| a.id.as_str())
        .collect()
}

fn known(analysis: &Analysis, key: &str) -> bool {
    analysis
        .summary
        .respondents
        .as_ref()
        .is_some_and(|s| s.organisations.iter().any(|o| o.key == key))
        || !members_of(analysis, key).is_empty()
}

fn unknown_organisation() -> Response {
    error_page(
        StatusCode::NOT_FOUND,
        "Unknown organisation",
        "No organisation with this key responded in the analysis shown.",
    )
}

struct PositionView {
    proposal: String,
    short: String,
    camp: &'static str,
    camp_label: &'static str,
    evidence: Option<String>,
}

struct OrganisationRow {
    key: String,
    name: String,
    starred: bool,
    type_wire: &'static str,
    type_label: String,
    type_source: String,
    type_evidence: Option<String>,
    responses: u64,
    positions: Vec<PositionView>,
    themes: Vec<String>,
}

/// A sortable column's header.
struct SortHeader {
    label: &'static str,
    href: String,
    /// `aria-sort`'s value when the table is sorted by it.
    aria_sort: Option<&'static str>,
    numeric: bool,
}

#[derive(Template)]
#[template(path = "organisations.html")]
struct OrganisationsPage {
    user: UserView,
    title: String,
    rows: Vec<OrganisationRow>,
    total: usize,
    sort: &'static str,
    /// The sortable columns' headers: name, type, responses.
    headers: Vec<SortHeader>,
    notable_href: String,
    type_filter: String,
    proposal_filter: String,
    camp_filter: String,
    q: String,
    types: Vec<(&'static str, String)>,
    proposals: Vec<(String, String)>,
    camps: Vec<(&'static str, &'static str)>,
    /// This page with its query, where edits return.
    back: String,
}

fn bad_filter(message: &str) -> Response {
    error_page(StatusCode::BAD_REQUEST, "This filter cannot be used", message)
}

/// `GET /analyst/organisations`: every organisation, sorted and filtered by the query.
pub(crate) async fn organisations(
    State(state): State<AppState>,
    Require(signed, _): Require<Reader>,
    Query(query): Query<OrganisationsQuery>,
) -> Response {
    let Some(analysis) = analysis(&state).await else {
        return no_analysis();
    };
    let c = &state.config.consultation;
    let sort = match query.get("sort") {
        None => SORTS[0],
        Some(s) => match SORTS.iter().find(|k| **k == s) {
            Some(k) => k,
            None => return bad_filter("Sort by notable, name, type or responses."),
        },
    };
    let type_filter = match query.get("type").map(str::parse::<RespondentType>) {
        None => None,
        Some(Ok(t)) => Some(t),
        Some(Err(message)) => return bad_filter(&message),
    };
    let proposal_filter = match query.get("proposal") {
        None => None,
        Some(p) => match c.proposals.iter().find(|x| x.id.0 == p) {
            Some(x) => Some(x.id.clone()),
            None => return bad_filter("The proposal is not in this consultation."),
        },
    };
    let camp_filter = match query.get("camp") {
        None => None,
        Some(k) => match Camp::ALL.into_iter().find(|x| x.as_str() == k) {
            Some(x) => Some(x),
            None => return bad_filter("Choose for, against, undecided or no view."),
        },
    };
    let needle = query.get("q").map(str::to_lowercase);

    let starred: HashSet<String> = match state
        .store
        .starred_organisations(&state.config.consultation_id)
        .await
    {
        Ok(s) => s.into_iter().collect(),
        Err(e) => return internal(e),
    };
    let labels = match type_labels(&state).await {
        Ok(l) => l,
        Err(r) => return r,
    };
    let all = current(c, &analysis, &starred, &labels);
    let total = all.len();
    let mut shown: Vec<OrganisationSummary> = all
        .into_iter()
        .filter(|o| type_filter.is_none_or(|t| o.respondent_type == t))
        .filter(|o| {
            camp_filter.is_none_or(|camp| {
                o.positions
                    .iter()
                    .any(|p| p.camp == camp && proposal_filter.as_ref().is_none_or(|id| p.proposal == *id))
            })
        })
        .filter(|o| {
            needle
                .as_deref()
                .is_none_or(|n| o.name.to_lowercase().contains(n))
        })
        .collect();
    let by_name =
        |a: &OrganisationSummary, b: &OrganisationSummary| a.name.to_lowercase().cmp(&b.name.to_lowercase());
    match sort {
        "name" => shown.sort_by(by_name),
        "type" => shown.sort_by(|a, b| a.respondent_type.cmp(&b.respondent_type).then(by_name(a, b))),
        "responses" => shown.sort_by(|a, b| b.responses.cmp(&a.responses).then(by_name(a, b))),
        _ => {}
    }
    let rows = shown
        .into_iter()
        .map(|o| OrganisationRow {
            type_wire: o.respondent_type.as_str(),
            type_source: type_source_words(o.type_source, o.type_confidence),
            positions: o
                .positions
                .iter()
                .map(|p| PositionView {
                    proposal: p.proposal.0.clone(),
                    short: c
                        .proposals
                        .iter()
                        .find(|x| x.id == p.proposal)
                        .map(|x| x.short_name().to_string())
                        .unwrap_or_else(|| p.proposal.0.clone()),
                    camp: p.camp.as_str(),
                    camp_label: p.camp.label(),
                    evidence: p.evidence.clone(),
                })
                .collect(),
            key: o.key,
            name: o.name,
            starred: o.starred,
            type_label: o.type_label,
            type_evidence: o.type_evidence,
            responses: o.responses,
            themes: o.themes,
        })
        .collect();
    let header = |key: &'static str, label: &'static str, numeric: bool| SortHeader {
        label,
        href: format!("?{}", query.encode(Some(key))),
        aria_sort: (sort == key).then_some(if key == "responses" {
            "descending"
        } else {
            "ascending"
        }),
        numeric,
    };
    render(
        StatusCode::OK,
        &OrganisationsPage {
            user: (&signed).into(),
            title: c.title.clone(),
            rows,
            total,
            sort,
            headers: vec![
                header("name", "Organisation", false),
                header("type", "Type", false),
                header("responses", "Responses", true),
            ],
            notable_href: format!("?{}", query.encode(Some("notable"))),
            type_filter: type_filter.map(|t| t.as_str().to_string()).unwrap_or_default(),
            proposal_filter: proposal_filter.map(|p| p.0).unwrap_or_default(),
            camp_filter: camp_filter.map(|k| k.as_str().to_string()).unwrap_or_default(),
            q: query.get("q").unwrap_or_default().to_string(),
            types: type_choices(c),
            proposals: c
                .proposals
                .iter()
                .map(|p| (p.id.0.clone(), p.short_name().to_string()))
                .collect(),
            camps: camp_choices(),
            back: query.encode(None),
        },
    )
}

/// A star set or cleared.
#[derive(Deserialize)]
pub(crate) struct StarForm {
    csrf: Option<String>,
    key: String,
    /// `true` to star, `false` to clear.
    starred: String,
    /// The page's query to return to.
    back: Option<String>,
}

/// `POST /analyst/organisations/star`: marks an organisation as notable, or clears the mark;
/// audited.
pub(crate) async fn star(
    State(state): State<AppState>,
    Require(signed, _): Require<Editor>,
    Form(f): Form<StarForm>,
) -> Response {
    if !csrf::check(&signed, f.csrf.as_deref()) {
        return bad_csrf();
    }
    let starred = match f.starred.as_str() {
        "true" => true,
        "false" => false,
        _ => {
            return error_page(
                StatusCode::BAD_REQUEST,
                "Star or unstar",
                "The form must say `true` to star the organisation or `false` to clear the star.",
            );
        }
    };
    let Some(analysis) = analysis(&state).await else {
        return no_analysis();
    };
    if !known(&analysis, &f.key) {
        return unknown_organisation();
    }
    if let Err(e) = state
        .store
        .set_starred(
            &state.config.consultation_id,
            &f.key,
            starred,
            &signed.session.user.username,
        )
        .await
    {
        return internal(e);
    }
    back_to(f.back.as_deref())
}

/// A type for every response of one organisation.
#[derive(Deserialize)]
pub(crate) struct TypeForm {
    csrf: Option<String>,
    key: String,
    #[serde(rename = "type")]
    respondent_type: String,
    back: Option<String>,
}

/// `POST /analyst/organisations/type`: sets the type of every response of an organisation (each
/// one audited).
pub(crate) async fn set_type(
    State(state): State<AppState>,
    Require(signed, _): Require<Editor>,
    Form(f): Form<TypeForm>,
) -> Response {
    if !csrf::check(&signed, f.csrf.as_deref()) {
        return bad_csrf();
    }
    let t = match f.respondent_type.parse::<RespondentType>() {
        Ok(t) => t,
        Err(message) => return bad_type(&message),
    };
    let Some(analysis) = analysis(&state).await else {
        return no_analysis();
    };
    let members = members_of(&analysis, &f.key);
    if members.is_empty() {
        return unknown_organisation();
    }
    for id in members {
        match state
            .store
            .set_type_label(
                &state.config.consultation_id,
                id,
                t,
                &signed.session.user.username,
            )
            .await
        {
            Ok(()) => {}
            Err(StoreError::NotFound(_)) => return unknown_organisation(),
            Err(e) => return internal(e),
        }
    }
    back_to(f.back.as_deref())
}

/// Back to the organisations page with the query it was posted from (its own keys only).
fn back_to(back: Option<&str>) -> Response {
    let url = back.map(OrganisationsQuery::parse).unwrap_or_default().page_url();
    Redirect::to(&url).into_response()
}
