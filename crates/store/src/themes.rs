//! Analysts' theme edits: who changed which question's themes, when, and how.
//!
//! The store keeps each edit as the JSON the analysis crate defines and does not read it; the
//! pipeline replays a question's edits in `seq` order after discovering its themes.

use crate::{Result, Store, on_pool};
use chrono::{DateTime, SecondsFormat, Utc};
use sqlx::Row;

/// One stored edit.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ThemeEdit {
    /// Its place in the question's sequence of edits, from 1.
    pub seq: i64,
    /// Who made it.
    pub author: String,
    /// When, as RFC 3339 UTC.
    pub made_at: String,
    /// The edit, as JSON.
    pub edit: String,
}

impl Store {
    /// Records an edit to a question's themes, after the edits already stored; returns its seq.
    pub async fn add_theme_edit(
        &self,
        consultation_id: &str,
        question_id: &str,
        author: &str,
        made_at: DateTime<Utc>,
        edit: &str,
    ) -> Result<i64> {
        let at = made_at.to_rfc3339_opts(SecondsFormat::Secs, true);
        on_pool!(self, |p| {
            let mut tx = p.begin().await?;
            let row = sqlx::query(
                "SELECT COALESCE(MAX(seq), 0) AS last FROM theme_edits WHERE consultation_id = $1 AND question_id = $2",
            )
            .bind(consultation_id)
            .bind(question_id)
            .fetch_one(&mut *tx)
            .await?;
            let seq: i64 = row.try_get::<i64, _>("last")? + 1;
            sqlx::query(
                "INSERT INTO theme_edits (consultation_id, question_id, seq, author, made_at, edit)
                 VALUES ($1, $2, $3, $4, $5, $6)",
            )
            .bind(consultation_id)
            .bind(question_id)
            .bind(seq)
            .bind(author)
            .bind(&at)
            .bind(edit)
            .execute(&mut *tx)
            .await?;
            tx.commit().await?;
            Ok(seq)
        })
    }

    /// A question's edits, in the order they were made.
    pub async fn theme_edits(&self, consultation_id: &str, question_id: &str) -> Result<Vec<ThemeEdit>> {
        on_pool!(self, |p| {
            let rows = sqlx::query(
                "SELECT seq, author, made_at, edit FROM theme_edits
                 WHERE consultation_id = $1 AND question_id = $2 ORDER BY seq",
            )
            .bind(consultation_id)
            .bind(question_id)
            .fetch_all(p)
            .await?;
            rows.iter()
                .map(|r| {
                    Ok(ThemeEdit {
                        seq: r.try_get("seq")?,
                        author: r.try_get("author")?,
                        made_at: r.try_get("made_at")?,
                        edit: r.try_get("edit")?,
                    })
                })
                .collect()
        })
    }

    /// Withdraws one edit (an analyst's undo); returns whether it existed.
    pub async fn remove_theme_edit(
        &self,
        consultation_id: &str,
        question_id: &str,
        seq: i64,
    ) -> Result<bool> {
        on_pool!(self, |p| {
            let done = sqlx::query(
                "DELETE FROM theme_edits WHERE consultation_id = $1 AND question_id = $2 AND seq = $3",
            )
            .bind(consultation_id)
            .bind(question_id)
            .bind(seq)
            .execute(p)
            .await?;
            Ok(done.rows_affected() > 0)
        })
    }
}
