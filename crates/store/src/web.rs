//! What the web app keeps: analysts' accounts and sessions, and responses from the public form.
//!
//! A form response is stored like any imported one (`responses` and `answers`, source `form`,
//! its reference number as the external id), so every analysis reads it; the name and email a
//! respondent may leave go to `form_contacts`, which no analysis reads.
//! [`Store::insert_form_responses`] writes many submissions in **one transaction**, so the
//! server can acknowledge a group of them after a single durable commit.

use crate::responses::content_hash;
use crate::{Result, Store, StoreError, on_pool, response_id};
use barometer_domain::ResponseRecord;
use sqlx::Row;

/// An analyst's account.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct User {
    /// The login name.
    pub username: String,
    /// The argon2 PHC string of the password (never the password).
    pub password_hash: String,
    /// `admin`, `analyst` or `viewer`.
    pub role: String,
}

/// A live session, read back by its token's hash.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Session {
    /// Whose session it is.
    pub user: User,
    /// The token every form posted in this session must carry.
    pub csrf_token: String,
    /// When it ends (RFC 3339, UTC).
    pub expires_at: String,
}

/// One submission of the public form.
#[derive(Debug, Clone, PartialEq)]
pub struct FormSubmission {
    /// The response; its `external_id` is the reference number given to the respondent.
    pub record: ResponseRecord,
    /// The respondent's name, if they gave it.
    pub name: Option<String>,
    /// The respondent's email, if they gave it.
    pub email: Option<String>,
}

impl Store {
    /// Stores form submissions in one transaction: all of them, or none.
    pub async fn insert_form_responses(&self, consultation_id: &str, batch: &[FormSubmission]) -> Result<()> {
        on_pool!(self, |p| {
            let mut tx = p.begin().await?;
            for s in batch {
                let r = &s.record;
                let id = response_id(consultation_id, r.source, &r.external_id);
                crate::responses::insert_response!(
                    tx,
                    &id,
                    consultation_id,
                    r,
                    content_hash(r),
                    None::<&str>
                );
                if s.name.is_some() || s.email.is_some() {
                    sqlx::query("INSERT INTO form_contacts (response_id, name, email) VALUES ($1, $2, $3)")
                        .bind(&id)
                        .bind(s.name.as_deref())
                        .bind(s.email.as_deref())
                        .execute(&mut *tx)
                        .await?;
                }
            }
            tx.commit().await?;
            Ok(())
        })
    }

    /// The form references stored for a consultation.
    pub async fn form_references(&self, consultation_id: &str) -> Result<Vec<String>> {
        on_pool!(self, |p| {
            let rows = sqlx::query(
                "SELECT external_id FROM responses WHERE consultation_id = $1 AND source = 'form' ORDER BY external_id",
            )
            .bind(consultation_id)
            .fetch_all(p)
            .await?;
            rows.iter().map(|r| Ok(r.try_get("external_id")?)).collect()
        })
    }

    /// Whether a form reference is stored.
    pub async fn has_form_reference(&self, consultation_id: &str, reference: &str) -> Result<bool> {
        let id = response_id(consultation_id, barometer_domain::SourceKind::Form, reference);
        on_pool!(self, |p| {
            let row = sqlx::query("SELECT COUNT(*) AS n FROM responses WHERE id = $1")
                .bind(&id)
                .fetch_one(p)
                .await?;
            Ok(row.try_get::<i64, _>("n")? > 0)
        })
    }

    /// Creates an account, or replaces the password and role of an existing one.
    pub async fn put_user(&self, username: &str, password_hash: &str, role: &str) -> Result<()> {
        let now = chrono::Utc::now().to_rfc3339();
        on_pool!(self, |p| {
            sqlx::query(
                "INSERT INTO users (username, password_hash, role, created_at) VALUES ($1, $2, $3, $4)
                 ON CONFLICT (username) DO UPDATE SET password_hash = excluded.password_hash, role = excluded.role",
            )
            .bind(username)
            .bind(password_hash)
            .bind(role)
            .bind(&now)
            .execute(p)
            .await?;
            Ok(())
        })
    }

    /// An account by name.
    pub async fn user(&self, username: &str) -> Result<Option<User>> {
        on_pool!(self, |p| {
            let row = sqlx::query("SELECT username, password_hash, role FROM users WHERE username = $1")
                .bind(username)
                .fetch_optional(p)
                .await?;
            row.map(|r| user_from(&r)).transpose()
        })
    }

    /// Every account, by name.
    pub async fn users(&self) -> Result<Vec<User>> {
        on_pool!(self, |p| {
            let rows = sqlx::query("SELECT username, password_hash, role FROM users ORDER BY username")
                .fetch_all(p)
                .await?;
            rows.iter().map(user_from).collect()
        })
    }

    /// Opens a session under a token's hash.
    pub async fn create_session(
        &self,
        token_hash: &str,
        username: &str,
        csrf_token: &str,
        expires_at: &str,
    ) -> Result<()> {
        let now = chrono::Utc::now().to_rfc3339();
        on_pool!(self, |p| {
            sqlx::query(
                "INSERT INTO sessions (token_hash, username, csrf_token, created_at, expires_at)
                 VALUES ($1, $2, $3, $4, $5)",
            )
            .bind(token_hash)
            .bind(username)
            .bind(csrf_token)
            .bind(&now)
            .bind(expires_at)
            .execute(p)
            .await?;
            Ok(())
        })
    }

    /// The session under a token's hash, with its user; expiry is the caller's to check.
    pub async fn session(&self, token_hash: &str) -> Result<Option<Session>> {
        on_pool!(self, |p| {
            let row = sqlx::query(
                "SELECT u.username, u.password_hash, u.role, s.csrf_token, s.expires_at
                 FROM sessions s JOIN users u ON u.username = s.username WHERE s.token_hash = $1",
            )
            .bind(token_hash)
            .fetch_optional(p)
            .await?;
            row.map(|r| {
                Ok(Session {
                    user: user_from(&r)?,
                    csrf_token: r.try_get("csrf_token")?,
                    expires_at: r.try_get("expires_at")?,
                })
            })
            .transpose()
        })
    }

    /// Ends a session.
    pub async fn delete_session(&self, token_hash: &str) -> Result<()> {
        on_pool!(self, |p| {
            sqlx::query("DELETE FROM sessions WHERE token_hash = $1")
                .bind(token_hash)
                .execute(p)
                .await?;
            Ok(())
        })
    }
}

fn user_from<'r, R: Row>(r: &'r R) -> Result<User>
where
    &'static str: sqlx::ColumnIndex<R>,
    String: sqlx::Decode<'r, R::Database> + sqlx::Type<R::Database>,
{
    let role: String = r.try_get("role")?;
    if !matches!(role.as_str(), "admin" | "analyst" | "viewer") {
        return Err(StoreError::Corrupt {
            table: "users",
            message: format!("unknown role {role:?}"),
        });
    }
    Ok(User {
        username: r.try_get("username")?,
        password_hash: r.try_get("password_hash")?,
        role,
    })
}

impl Store {
    /// Whether a response with this store id exists in the consultation.
    pub async fn has_response(&self, consultation_id: &str, id: &str) -> Result<bool> {
        on_pool!(self, |p| {
            let row =
                sqlx::query("SELECT COUNT(*) AS n FROM responses WHERE id = $1 AND consultation_id = $2")
                    .bind(id)
                    .bind(consultation_id)
                    .fetch_one(p)
                    .await?;
            Ok(row.try_get::<i64, _>("n")? > 0)
        })
    }

    /// Appends an entry to the audit log, for an edit that is stored elsewhere (theme edits).
    pub async fn record_audit(
        &self,
        consultation_id: &str,
        actor: &str,
        action: &str,
        target: &str,
        before: Option<&str>,
        after: Option<&str>,
    ) -> Result<()> {
        let now = chrono::Utc::now().to_rfc3339_opts(chrono::SecondsFormat::Millis, true);
        on_pool!(self, |p| {
            sqlx::query(
                "INSERT INTO audit_log (consultation_id, actor, action, target, before, after, at)
                 VALUES ($1, $2, $3, $4, $5, $6, $7)",
            )
            .bind(consultation_id)
            .bind(actor)
            .bind(action)
            .bind(target)
            .bind(before)
            .bind(after)
            .bind(&now)
            .execute(p)
            .await?;
            Ok(())
        })
    }
}
