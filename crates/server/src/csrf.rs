//! CSRF protection for every form that is posted.
//!
//! Signed-in forms carry the session's own token, which a page of another site cannot read;
//! the login form, before any session exists, uses a double-submit cookie. Tokens are compared
//! in constant time. SameSite=Strict cookies are the first wall; these tokens are the second.

use crate::AppState;
use crate::auth::{Signed, cookie, random_token, set_cookie};
use axum::http::HeaderMap;

pub(crate) const LOGIN_COOKIE: &str = "bm_login_csrf";

fn same(a: &str, b: &str) -> bool {
    a.len() == b.len() && a.bytes().zip(b.bytes()).fold(0u8, |acc, (x, y)| acc | (x ^ y)) == 0
}

/// Whether a posted token is the session's.
pub(crate) fn check(signed: &Signed, posted: Option<&str>) -> bool {
    posted.is_some_and(|p| same(p, &signed.session.csrf_token))
}

/// A fresh login token and the `Set-Cookie` value that carries it.
pub(crate) fn login_token(state: &AppState) -> (String, String) {
    let token = random_token();
    let cookie = set_cookie(state, LOGIN_COOKIE, &token, 3600);
    (token, cookie)
}

/// Whether a posted login token matches its cookie.
pub(crate) fn check_login(headers: &HeaderMap, posted: Option<&str>) -> bool {
    match (cookie(headers, LOGIN_COOKIE), posted) {
        (Some(c), Some(p)) => same(c, p),
        _ => false,
    }
}
