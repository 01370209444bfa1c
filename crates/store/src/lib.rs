//! Barometer's store: where consultations, responses and derived data live.
//!
//! Brief overview:
//! - [`Store::open`] picks the backend from the URL's scheme, the way vaultwarden does:
//!   `sqlite://PATH` (or a bare path) for the embedded default, `postgres://…` for a team server.
//!   A URL with any other scheme is an error, never a silently created SQLite file.
//! - Migrations live in `migrations/sqlite/` and `migrations/postgres/` with identical names;
//!   they are embedded in the binary and run on open.
//! - [`Store::import_sources`] stores a consultation's definition and all its sources in **one
//!   transaction**: all or nothing ([`Store::import_batch`] one source). A response is
//!   identified by (consultation, source kind, external id), so importing the same file again
//!   inserts nothing; a changed response under an old id is refused, not overwritten, unless
//!   the import revises: then the earlier version is kept in `response_revisions`
//!   ([`Store::response_revisions`]) and analysts' labels on it are flagged for another look.
//! - [`Store::cached_vectors`] and [`Store::put_vectors`] are the embedding cache, keyed by model
//!   id and text hash, so that a re-run embeds nothing twice.
//! - [`Store::add_theme_edit`] and [`Store::theme_edits`] keep analysts' theme edits, with who
//!   made each and when, so that a re-run replays them.
//! - `web.rs` keeps the web app's accounts, sessions and public-form submissions
//!   ([`Store::insert_form_responses`] writes a whole group in one transaction).
//!
//! **Architecture Invariant:** only this crate writes SQL. Queries are written once, in the
//! dialect both backends accept (`$1` placeholders, `ON CONFLICT`), and run through
//! [`on_pool!`]; code branches by backend only where the dialects differ.
#![deny(missing_docs)]

mod campaigns;
mod labels;
mod respondents;
mod responses;
mod themes;
mod vectors;
mod web;

pub use campaigns::StoredCampaign;
pub use labels::{AuditEntry, StanceLabel};
pub use respondents::TypeLabel;
pub use responses::{ImportOutcome, Revision, SourceBatch, StoredResponse, response_id};
pub use themes::{ThemeCentroid, ThemeEdit};
pub use vectors::TextHash;
pub use web::{FormSubmission, Session, User};

use barometer_domain::Consultation;
use sqlx::postgres::{PgPool, PgPoolOptions};
use sqlx::sqlite::{
    SqliteConnectOptions, SqliteJournalMode, SqlitePool, SqlitePoolOptions, SqliteSynchronous,
};
use std::path::Path;
use std::str::FromStr;

/// What went wrong in the store.
#[derive(Debug, thiserror::Error)]
#[non_exhaustive]
pub enum StoreError {
    /// The database URL names no backend Barometer supports.
    #[error("unsupported database URL {0:?}: use sqlite://PATH (or a file path) or postgres://USER@HOST/DB")]
    UnsupportedUrl(String),
    /// The database refused or failed.
    #[error("database error: {0}")]
    Database(#[from] sqlx::Error),
    /// A migration failed.
    #[error("could not migrate the database: {0}")]
    Migrate(#[from] sqlx::migrate::MigrateError),
    /// An import would overwrite a response already stored with different content.
    #[error(
        "{file} line {line}: response {external_id:?} was already imported from {existing_file} with different content; \
         import it with `barometer import --revise` to store it as a corrected revision (the earlier version is kept and \
         analysts' labels on it are flagged), give it a new id, or import into a fresh store"
    )]
    ConflictingResponse {
        /// The file being imported.
        file: String,
        /// The line of the conflicting record.
        line: String,
        /// The response's id in its source.
        external_id: String,
        /// Where the stored version came from.
        existing_file: String,
    },
    /// An edit names something the store does not hold.
    #[error("{0}")]
    NotFound(String),
    /// Data in the store that Barometer cannot read back (a bug or a hand edit).
    #[error("corrupt row in {table}: {message}")]
    Corrupt {
        /// The table.
        table: &'static str,
        /// What is wrong.
        message: String,
    },
}

/// Result with [`StoreError`].
pub type Result<T> = std::result::Result<T, StoreError>;

/// The two backends.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Backend {
    /// SQLite, embedded in the binary: the default.
    Sqlite,
    /// PostgreSQL, for a team.
    Postgres,
}

#[derive(Debug, Clone)]
enum Pool {
    Sqlite(SqlitePool),
    Postgres(PgPool),
}

/// Runs the same block against whichever pool the store holds. The block sees `$p` as a
/// reference to a concrete pool, so one query text serves both backends.
macro_rules! on_pool {
    ($store:expr, |$p:ident| $body:expr) => {
        match &$store.pool {
            $crate::Pool::Sqlite($p) => $body,
            $crate::Pool::Postgres($p) => $body,
        }
    };
}
pub(crate) use on_pool;

/// Writes a consultation's definition inside the transaction `$tx`: its row, replacing an
/// earlier version, and its proposals and questions rewritten. A macro, like `on_pool!`,
/// because each backend's transaction is a type of its own.
macro_rules! write_consultation {
    ($tx:ident, $id:expr, $c:expr, $definition:expr, $now:expr) => {{
        let id: &str = $id;
        let c: &barometer_domain::Consultation = $c;
        let definition: &str = $definition;
        let now: &str = $now;
            sqlx::query(
                "INSERT INTO consultations (id, title, organisation, opens, closes, definition, updated_at)
                 VALUES ($1, $2, $3, $4, $5, $6, $7)
                 ON CONFLICT (id) DO UPDATE SET title = excluded.title, organisation = excluded.organisation,
                   opens = excluded.opens, closes = excluded.closes, definition = excluded.definition,
                   updated_at = excluded.updated_at",
            )
            .bind(id)
            .bind(&c.title)
            .bind(&c.organisation)
            .bind(c.opens.to_string())
            .bind(c.closes.to_string())
            .bind(definition)
            .bind(now)
            .execute(&mut *$tx)
            .await?;
            sqlx::query("DELETE FROM proposals WHERE consultation_id = $1")
                .bind(id)
                .execute(&mut *$tx)
                .await?;
            sqlx::query("DELETE FROM questions WHERE consultation_id = $1")
                .bind(id)
                .execute(&mut *$tx)
                .await?;
            for (i, pr) in c.proposals.iter().enumerate() {
                sqlx::query("INSERT INTO proposals (consultation_id, id, position, short, text) VALUES ($1, $2, $3, $4, $5)")
                    .bind(id)
                    .bind(&pr.id.0)
                    .bind(i as i64)
                    .bind(pr.short.as_deref())
                    .bind(&pr.text)
                    .execute(&mut *$tx)
                    .await?;
            }
            for (i, q) in c.questions.iter().enumerate() {
                let kind = match q.kind {
                    barometer_domain::QuestionKind::Closed => "closed",
                    barometer_domain::QuestionKind::Open => "open",
                };
                sqlx::query(
                    "INSERT INTO questions (consultation_id, id, position, kind, text, proposal_id, explains)
                     VALUES ($1, $2, $3, $4, $5, $6, $7)",
                )
                .bind(id)
                .bind(&q.id.0)
                .bind(i as i64)
                .bind(kind)
                .bind(&q.text)
                .bind(q.proposal.as_ref().map(|p| p.0.as_str()))
                .bind(q.explains.as_ref().map(|e| e.0.as_str()))
                .execute(&mut *$tx)
                .await?;
            }
    }};
}
pub(crate) use write_consultation;

/// A handle to Barometer's database. Cheap to clone.
#[derive(Debug, Clone)]
pub struct Store {
    pool: Pool,
}

impl Store {
    /// Opens (creating if needed) and migrates the database at `url`.
    pub async fn open(url: &str) -> Result<Store> {
        let store = if url.starts_with("postgres://") || url.starts_with("postgresql://") {
            let pool = PgPoolOptions::new().max_connections(16).connect(url).await?;
            Store {
                pool: Pool::Postgres(pool),
            }
        } else if let Some(path) = url
            .strip_prefix("sqlite://")
            .or_else(|| (!url.contains("://")).then_some(url))
        {
            return Self::open_sqlite(Path::new(path)).await;
        } else {
            return Err(StoreError::UnsupportedUrl(url.to_string()));
        };
        store.migrate().await?;
        Ok(store)
    }

    /// Opens (creating if needed) and migrates a SQLite file.
    ///
    /// WAL and `synchronous = FULL`: an acknowledged write survives a crash or power cut.
    pub async fn open_sqlite(path: &Path) -> Result<Store> {
        if let Some(parent) = path.parent().filter(|p| !p.as_os_str().is_empty()) {
            std::fs::create_dir_all(parent).map_err(|e| StoreError::Database(sqlx::Error::Io(e)))?;
        }
        let options = SqliteConnectOptions::from_str("sqlite://")?
            .filename(path)
            .create_if_missing(true)
            .journal_mode(SqliteJournalMode::Wal)
            .synchronous(SqliteSynchronous::Full)
            .foreign_keys(true)
            .busy_timeout(std::time::Duration::from_secs(10));
        let pool = SqlitePoolOptions::new()
            .max_connections(4)
            .connect_with(options)
            .await?;
        let store = Store {
            pool: Pool::Sqlite(pool),
        };
        store.migrate().await?;
        Ok(store)
    }

    async fn migrate(&self) -> Result<()> {
        match &self.pool {
            Pool::Sqlite(p) => sqlx::migrate!("./migrations/sqlite").run(p).await?,
            Pool::Postgres(p) => sqlx::migrate!("./migrations/postgres").run(p).await?,
        }
        Ok(())
    }

    /// Which backend this store uses.
    pub fn backend(&self) -> Backend {
        match self.pool {
            Pool::Sqlite(_) => Backend::Sqlite,
            Pool::Postgres(_) => Backend::Postgres,
        }
    }

    /// Closes the pool, waiting for connections to finish.
    pub async fn close(&self) {
        on_pool!(self, |p| p.close().await)
    }

    /// The ids of the consultations the store holds, in order.
    pub async fn consultation_ids(&self) -> Result<Vec<String>> {
        on_pool!(self, |p| {
            let rows = sqlx::query("SELECT id FROM consultations ORDER BY id")
                .fetch_all(p)
                .await?;
            rows.iter()
                .map(|r| Ok(sqlx::Row::try_get::<String, _>(r, "id")?))
                .collect()
        })
    }

    /// Records a consultation's definition under `id`, replacing an earlier version of it.
    /// Proposals and questions are rewritten; responses are untouched.
    pub async fn save_consultation(&self, id: &str, c: &Consultation) -> Result<()> {
        let definition = serde_json::to_string(c).expect("a consultation always serialises");
        let now = chrono::Utc::now().to_rfc3339();
        on_pool!(self, |p| {
            let mut tx = p.begin().await?;
            write_consultation!(tx, id, c, &definition, &now);
            tx.commit().await?;
            Ok(())
        })
    }
}

/// A short, stable, URL-safe id derived from its parts.
pub(crate) fn stable_id(parts: &[&str]) -> String {
    use sha2::{Digest, Sha256};
    let mut h = Sha256::new();
    for p in parts {
        h.update(p.as_bytes());
        h.update([0u8]);
    }
    hex::encode(&h.finalize()[..12])
}
