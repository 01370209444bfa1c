//! The analysts' side: sign in, the dashboard, the review queue, the response browser, theme
//! edits, the audit log, exports and the report. Every page needs a session; every change needs
//! the analyst role and the session's CSRF token, and is written to the audit log.

use super::{error_page, internal, render};
use crate::auth::{
    self, Administrator, Editor, Reader, Require, Role, SESSION_COOKIE, SESSION_HOURS, Signed,
};
use crate::view::{self, Labels, ProposalCamps};
use crate::{Analysis, AppState, csrf};
use askama::Template;
use axum::extract::{ConnectInfo, Form, Path, Query, State};
use axum::http::{HeaderMap, StatusCode, header};
use axum::response::{Html, IntoResponse, Redirect, Response};
use barometer_domain::{Camp, ProposalId};
use barometer_store::StoredResponse;
use serde::Deserialize;
use std::collections::HashMap;
use std::net::SocketAddr;
use std::sync::Arc;

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

#[derive(Template)]
#[template(path = "login.html")]
struct LoginPage {
    csrf: String,
    failed: bool,
}

fn login_form(state: &AppState, status: StatusCode, failed: bool) -> Response {
    let (token, cookie) = csrf::login_token(state);
    let mut r = render(status, &LoginPage { csrf: token, failed });
    r.headers_mut()
        .append(header::SET_COOKIE, cookie.parse().expect("a valid header value"));
    r
}

/// `GET /login`.
pub(crate) async fn login_page(State(state): State<AppState>) -> Response {
    login_form(&state, StatusCode::OK, false)
}

#[derive(Deserialize)]
pub(crate) struct LoginForm {
    username: String,
    password: String,
    csrf: Option<String>,
}

/// `POST /login`: a session for a correct password.
pub(crate) async fn login(
    State(state): State<AppState>,
    ConnectInfo(peer): ConnectInfo<SocketAddr>,
    headers: HeaderMap,
    Form(f): Form<LoginForm>,
) -> Response {
    if state
        .login_limiter
        .check_key(&crate::client_ip(&state.config, peer, &headers))
        .is_err()
    {
        return error_page(
            StatusCode::TOO_MANY_REQUESTS,
            "Too many attempts to sign in",
            "Wait a minute, then try again.",
        );
    }
    if !csrf::check_login(&headers, f.csrf.as_deref()) {
        return login_form(&state, StatusCode::FORBIDDEN, true);
    }
    let user = match state.store.user(f.username.trim()).await {
        Ok(u) => u,
        Err(e) => return internal(e),
    };
    // Verify against a fixed hash when there is no such user, so timing tells nothing.
    let phc = user
        .as_ref()
        .map(|u| u.password_hash.clone())
        .unwrap_or_else(dummy_hash);
    let password = f.password.clone();
    let ok = tokio::task::spawn_blocking(move || auth::verify_password(&password, &phc))
        .await
        .unwrap_or(false);
    let Some(user) = user.filter(|_| ok) else {
        return login_form(&state, StatusCode::UNAUTHORIZED, true);
    };
    let token = auth::random_token();
    let expires = chrono::Utc::now() + chrono::Duration::hours(SESSION_HOURS);
    if let Err(e) = state
        .store
        .create_session(
            &auth::token_hash(&token),
            &user.username,
            &auth::random_token(),
            &expires.to_rfc3339(),
        )
        .await
    {
        return internal(e);
    }
    let mut r = Redirect::to("/analyst").into_response();
    let cookie = auth::set_cookie(&state, SESSION_COOKIE, &token, SESSION_HOURS * 3600);
    r.headers_mut()
        .append(header::SET_COOKIE, cookie.parse().expect("a valid header value"));
    r
}

fn dummy_hash() -> String {
    static HASH: std::sync::OnceLock<String> = std::sync::OnceLock::new();
    HASH.get_or_init(|| auth::hash_password("not a password anyone has").expect("hashing works"))
        .clone()
}

#[derive(Deserialize)]
pub(crate) struct CsrfForm {
    csrf: Option<String>,
}

/// `POST /logout`.
pub(crate) async fn logout(
    State(state): State<AppState>,
    Require(signed, _): Require<Reader>,
    headers: HeaderMap,
    Form(f): Form<CsrfForm>,
) -> Response {
    if !csrf::check(&signed, f.csrf.as_deref()) {
        return bad_csrf();
    }
    if let Some(token) = auth::cookie(&headers, SESSION_COOKIE)
        && let Err(e) = state.store.delete_session(&auth::token_hash(token)).await
    {
        return internal(e);
    }
    let mut r = Redirect::to("/login").into_response();
    let cookie = auth::set_cookie(&state, SESSION_COOKIE, "", 0);
    r.headers_mut()
        .append(header::SET_COOKIE, cookie.parse().expect("a valid header value"));
    r
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
            proposals: view::camps(c, &analysis, &labels),
            analysis: &analysis,
        },
    )
}

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

/// One queued judgement as the review page shows it.
struct QueueRow {
    response_id: String,
    proposal: String,
    proposal_short: String,
    camp: &'static str,
    confidence: String,
    evidence: String,
}

#[derive(Template)]
#[template(path = "review.html")]
struct ReviewPage {
    user: UserView,
    rows: Vec<QueueRow>,
    remaining: usize,
    camps: Vec<(&'static str, &'static str)>,
}

fn camp_choices() -> Vec<(&'static str, &'static str)> {
    Camp::ALL.iter().map(|c| (c.as_str(), c.label())).collect()
}

/// `GET /analyst/review`: the model's least certain judgements that no analyst has labelled.
pub(crate) async fn review(State(state): State<AppState>, Require(signed, _): Require<Reader>) -> Response {
    let Some(analysis) = analysis(&state).await else {
        return no_analysis();
    };
    let labels = match labels(&state).await {
        Ok(l) => l,
        Err(r) => return r,
    };
    let c = &state.config.consultation;
    let open: Vec<_> = analysis
        .review_queue
        .iter()
        .filter(|i| !labels.contains_key(&(i.response_id.clone(), i.proposal.clone())))
        .collect();
    let rows = open
        .iter()
        .take(50)
        .map(|i| QueueRow {
            response_id: i.response_id.clone(),
            proposal: i.proposal.0.clone(),
            proposal_short: c
                .proposals
                .iter()
                .find(|p| p.id == i.proposal)
                .map(|p| p.short_name().to_string())
                .unwrap_or_else(|| i.proposal.0.clone()),
            camp: i.camp.as_str(),
            confidence: format!("{:.0}%", i.confidence * 100.0),
            evidence: i.evidence.clone().unwrap_or_default(),
        })
        .collect();
    render(
        StatusCode::OK,
        &ReviewPage {
            user: (&signed).into(),
            rows,
            remaining: open.len(),
            camps: camp_choices(),
        },
    )
}

#[derive(Deserialize)]
pub(crate) struct LabelForm {
    csrf: Option<String>,
    response_id: String,
    proposal: String,
    camp: String,
    back: Option<String>,
}

/// `POST /analyst/label`: accept or correct a stance; written with the audit log entry.
pub(crate) async fn label(
    State(state): State<AppState>,
    Require(signed, _): Require<Editor>,
    Form(f): Form<LabelForm>,
) -> Response {
    if !csrf::check(&signed, f.csrf.as_deref()) {
        return bad_csrf();
    }
    let c = &state.config.consultation;
    let Some(camp) = Camp::ALL.into_iter().find(|k| k.as_str() == f.camp) else {
        return error_page(
            StatusCode::BAD_REQUEST,
            "Unknown stance",
            "Choose for, against, undecided or no view.",
        );
    };
    let proposal = ProposalId(f.proposal.clone());
    if !c.proposals.iter().any(|p| p.id == proposal) {
        return error_page(
            StatusCode::BAD_REQUEST,
            "Unknown proposal",
            "The proposal is not in this consultation.",
        );
    }
    match state
        .store
        .has_response(&state.config.consultation_id, &f.response_id)
        .await
    {
        Ok(true) => {}
        Ok(false) => {
            return error_page(
                StatusCode::NOT_FOUND,
                "Unknown response",
                "There is no such response.",
            );
        }
        Err(e) => return internal(e),
    }
    if let Err(e) = state
        .store
        .set_stance_label(
            &state.config.consultation_id,
            &f.response_id,
            &proposal,
            camp,
            &signed.session.user.username,
            None,
        )
        .await
    {
        return internal(e);
    }
    // Only our own pages are valid places to return to.
    let back = f
        .back
        .filter(|b| b.starts_with("/analyst") && !b.contains("//"))
        .unwrap_or_else(|| "/analyst/review".into());
    Redirect::to(&back).into_response()
}

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
            answers,
            stances,
            camps: camp_choices(),
        },
    )
}

#[derive(Template)]
#[template(path = "themes.html")]
struct ThemesPage<'a> {
    user: UserView,
    analysis: &'a Analysis,
    edits: Vec<(String, barometer_store::ThemeEdit)>,
}

/// `GET /analyst/themes`: each open question's themes, the edit forms, and the stored edits.
pub(crate) async fn themes(State(state): State<AppState>, Require(signed, _): Require<Reader>) -> Response {
    let Some(analysis) = analysis(&state).await else {
        return no_analysis();
    };
    let mut edits = Vec::new();
    for q in &state.config.consultation.questions {
        match state
            .store
            .theme_edits(&state.config.consultation_id, &q.id.0)
            .await
        {
            Ok(list) => edits.extend(list.into_iter().map(|e| (q.id.0.clone(), e))),
            Err(e) => return internal(e),
        }
    }
    render(
        StatusCode::OK,
        &ThemesPage {
            user: (&signed).into(),
            analysis: &analysis,
            edits,
        },
    )
}

#[derive(Deserialize)]
pub(crate) struct ThemeEditForm {
    csrf: Option<String>,
    question: String,
    kind: String,
    #[serde(default)]
    theme: String,
    #[serde(default)]
    other: String,
    #[serde(default)]
    label: String,
}

fn blank(s: &str) -> Option<String> {
    let t = s.trim();
    (!t.is_empty() && t != "other").then(|| t.to_string())
}

/// `POST /analyst/themes/edit`: rename, merge, split or move; stored for the next analysis to
/// replay, and audited.
pub(crate) async fn theme_edit(
    State(state): State<AppState>,
    Require(signed, _): Require<Editor>,
    Form(f): Form<ThemeEditForm>,
) -> Response {
    use barometer_analysis::themes::edit::Edit;
    if !csrf::check(&signed, f.csrf.as_deref()) {
        return bad_csrf();
    }
    if state
        .config
        .consultation
        .question(&barometer_domain::QuestionId(f.question.clone()))
        .is_none()
    {
        return error_page(
            StatusCode::BAD_REQUEST,
            "Unknown question",
            "The question is not in this consultation.",
        );
    }
    // What is missing, if anything, in words for the error page.
    let need = |s: &str, what: &str| -> Result<String, String> {
        let t = s.trim();
        if t.is_empty() {
            Err(format!("Enter {what}."))
        } else {
            Ok(t.to_string())
        }
    };
    let edit = match f.kind.as_str() {
        "rename" => need(&f.theme, "the theme")
            .and_then(|theme| need(&f.label, "the new label").map(|label| Edit::Rename { theme, label })),
        "merge" => need(&f.theme, "the theme to merge").and_then(|from| {
            need(&f.other, "the theme to merge into").map(|into| Edit::Merge { from, into })
        }),
        "split" => need(&f.theme, "the theme to split").map(|theme| Edit::Split { theme }),
        "move" => need(&f.label, "the response's id").map(|response| Edit::Move {
            response,
            from: blank(&f.theme),
            to: blank(&f.other),
        }),
        _ => Err("Choose rename, merge, split or move.".to_string()),
    };
    let edit = match edit {
        Ok(e) => e,
        Err(message) => return error_page(StatusCode::BAD_REQUEST, "The edit is incomplete", &message),
    };
    let json = serde_json::to_string(&edit).expect("an edit serialises");
    let cid = &state.config.consultation_id;
    let user = &signed.session.user.username;
    if let Err(e) = state
        .store
        .add_theme_edit(cid, &f.question, user, chrono::Utc::now(), &json)
        .await
    {
        return internal(e);
    }
    let target = format!("{}/{}", f.question, f.theme.trim());
    if let Err(e) = state
        .store
        .record_audit(cid, user, "theme_edit", &target, None, Some(&json))
        .await
    {
        return internal(e);
    }
    Redirect::to("/analyst/themes").into_response()
}

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
