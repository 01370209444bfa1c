//! Analysts' accounts and sessions.
//!
//! Passwords are kept as argon2id PHC strings. A session is a random 256-bit token in an
//! HttpOnly, SameSite=Strict cookie; the database keeps only its SHA-256, so a copy of the
//! database opens no session. Sessions end after [`SESSION_HOURS`] or at logout.

use crate::AppState;
use argon2::Argon2;
use argon2::password_hash::{PasswordHash, PasswordHasher, PasswordVerifier, SaltString};
use axum::http::{HeaderMap, StatusCode, header};
use axum::response::{IntoResponse, Redirect, Response};
use barometer_store::Session;
use sha2::{Digest, Sha256};

/// How long a session lasts.
pub(crate) const SESSION_HOURS: i64 = 8;
pub(crate) const SESSION_COOKIE: &str = "bm_session";

/// What an account may do.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord)]
pub enum Role {
    /// Reads everything, changes nothing.
    Viewer,
    /// Reads, labels stances and edits themes.
    Analyst,
    /// An analyst who also administers the service.
    Admin,
}

impl Role {
    /// The name stored and typed on the command line.
    pub fn as_str(self) -> &'static str {
        match self {
            Role::Viewer => "viewer",
            Role::Analyst => "analyst",
            Role::Admin => "admin",
        }
    }

    /// Parses a stored or typed role name.
    pub fn parse(s: &str) -> Option<Role> {
        [Role::Viewer, Role::Analyst, Role::Admin]
            .into_iter()
            .find(|r| r.as_str() == s)
    }
}

/// Hashes a password with argon2id and a fresh salt, as a PHC string.
pub fn hash_password(password: &str) -> anyhow::Result<String> {
    let mut salt = [0u8; 16];
    getrandom::fill(&mut salt).map_err(|e| anyhow::anyhow!("no random source: {e}"))?;
    let salt = SaltString::encode_b64(&salt).map_err(|e| anyhow::anyhow!("{e}"))?;
    Ok(Argon2::default()
        .hash_password(password.as_bytes(), &salt)
        .map_err(|e| anyhow::anyhow!("cannot hash the password: {e}"))?
        .to_string())
}

/// Whether `password` matches a stored PHC string.
pub(crate) fn verify_password(password: &str, phc: &str) -> bool {
    PasswordHash::new(phc)
        .map(|h| Argon2::default().verify_password(password.as_bytes(), &h).is_ok())
        .unwrap_or(false)
}

/// 32 random bytes, hex-encoded.
pub(crate) fn random_token() -> String {
    let mut bytes = [0u8; 32];
    getrandom::fill(&mut bytes).expect("the operating system's random source");
    hex::encode(bytes)
}

pub(crate) fn token_hash(token: &str) -> String {
    hex::encode(Sha256::digest(token.as_bytes()))
}

/// A cookie's value from the request's `Cookie` headers.
pub(crate) fn cookie<'a>(headers: &'a HeaderMap, name: &str) -> Option<&'a str> {
    headers
        .get_all(header::COOKIE)
        .iter()
        .filter_map(|v| v.to_str().ok())
        .flat_map(|v| v.split(';'))
        .filter_map(|pair| pair.trim().split_once('='))
        .find(|(k, _)| *k == name)
        .map(|(_, v)| v)
}

/// A `Set-Cookie` value with the flags every cookie of ours carries.
pub(crate) fn set_cookie(state: &AppState, name: &str, value: &str, max_age_s: i64) -> String {
    let secure = if state.config.secure_cookies {
        "; Secure"
    } else {
        ""
    };
    format!("{name}={value}; Path=/; HttpOnly; SameSite=Strict; Max-Age={max_age_s}{secure}")
}

/// The signed-in user with their session, or why not.
pub(crate) struct Signed {
    pub session: Session,
    pub role: Role,
}

impl Signed {
    pub fn can_edit(&self) -> bool {
        self.role >= Role::Analyst
    }
}

/// The current session, if the request carries a live one.
pub(crate) async fn current(state: &AppState, headers: &HeaderMap) -> Option<Signed> {
    let token = cookie(headers, SESSION_COOKIE)?;
    let session = state.store.session(&token_hash(token)).await.ok()??;
    let expires = chrono::DateTime::parse_from_rfc3339(&session.expires_at).ok()?;
    if expires < chrono::Utc::now() {
        return None;
    }
    let role = Role::parse(&session.user.role)?;
    Some(Signed { session, role })
}

/// The least role a handler needs, as a type, for [`Require`].
pub(crate) trait MinRole {
    /// That role.
    const ROLE: Role;
}

/// Any signed-in user: reading.
pub(crate) struct Reader;
impl MinRole for Reader {
    const ROLE: Role = Role::Viewer;
}

/// An analyst or an administrator: changing labels and themes.
pub(crate) struct Editor;
impl MinRole for Editor {
    const ROLE: Role = Role::Analyst;
}

/// An administrator.
pub(crate) struct Administrator;
impl MinRole for Administrator {
    const ROLE: Role = Role::Admin;
}

/// A handler argument that admits only a user with at least `R`'s role, so no handler can
/// forget the check: anyone else gets the login page or 403 before the handler runs.
pub(crate) struct Require<R>(pub Signed, pub std::marker::PhantomData<R>);

impl<R: MinRole + Send + Sync> axum::extract::FromRequestParts<AppState> for Require<R> {
    type Rejection = Response;

    async fn from_request_parts(
        parts: &mut axum::http::request::Parts,
        state: &AppState,
    ) -> Result<Self, Response> {
        require(state, &parts.headers, R::ROLE)
            .await
            .map(|signed| Require(signed, std::marker::PhantomData))
    }
}

/// The signed-in user with at least `role`: otherwise a redirect to the login page (nobody
/// signed in) or 403 (signed in, but not allowed).
pub(crate) async fn require(state: &AppState, headers: &HeaderMap, role: Role) -> Result<Signed, Response> {
    match current(state, headers).await {
        None => Err(Redirect::to("/login").into_response()),
        Some(s) if s.role >= role => Ok(s),
        Some(_) => Err(crate::routes::error_page(
            StatusCode::FORBIDDEN,
            "You do not have permission to do this",
            "Your account can read the analysis but not change it. Ask an administrator if you need to edit.",
        )),
    }
}
