//! Signing in and out: `GET`/`POST /login` and `POST /logout`.

use super::{CsrfForm, bad_csrf};
use crate::auth::{self, Reader, Require, SESSION_COOKIE, SESSION_HOURS};
use crate::routes::{error_page, internal, render};
use crate::{AppState, csrf};
use askama::Template;
use axum::extract::{ConnectInfo, Form, State};
use axum::http::{HeaderMap, StatusCode, header};
use axum::response::{IntoResponse, Redirect, Response};
use serde::Deserialize;
use std::net::SocketAddr;

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
