//! Analysts' theme edits: who changed which question's themes, when, and how; and the centres
//! of the themes the last analysis discovered, which the next one starts from.
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

/// One discovered theme's centre, as the next analysis of the question starts from it.
#[derive(Debug, Clone, PartialEq)]
pub struct ThemeCentroid {
    /// The theme's id.
    pub theme_id: String,
    /// For the half of a theme split by stance: the theme it was split from.
    pub split_from: Option<String>,
    /// The centre, in the analysis crate's discovery space.
    pub centre: Vec<f32>,
}

impl Store {
    /// Replaces a question's stored theme centres for `model_id` with `centroids`, in one
    /// transaction.
    pub async fn replace_theme_centroids(
        &self,
        consultation_id: &str,
        question_id: &str,
        model_id: &str,
        centroids: &[ThemeCentroid],
    ) -> Result<()> {
        on_pool!(self, |p| {
            let mut tx = p.begin().await?;
            sqlx::query(
                "DELETE FROM theme_centroids WHERE consultation_id = $1 AND question_id = $2 AND model_id = $3",
            )
            .bind(consultation_id)
            .bind(question_id)
            .bind(model_id)
            .execute(&mut *tx)
            .await?;
            for c in centroids {
                sqlx::query(
                    "INSERT INTO theme_centroids (consultation_id, question_id, model_id, theme_id, split_from, centre)
                     VALUES ($1, $2, $3, $4, $5, $6)",
                )
                .bind(consultation_id)
                .bind(question_id)
                .bind(model_id)
                .bind(&c.theme_id)
                .bind(&c.split_from)
                .bind(crate::vectors::to_bytes(&c.centre))
                .execute(&mut *tx)
                .await?;
            }
            tx.commit().await?;
            Ok(())
        })
    }

    /// A question's stored theme centres for `model_id`, by theme id; empty before the first
    /// analysis.
    pub async fn theme_centroids(
        &self,
        consultation_id: &str,
        question_id: &str,
        model_id: &str,
    ) -> Result<Vec<ThemeCentroid>> {
        on_pool!(self, |p| {
            let rows = sqlx::query(
                "SELECT theme_id, split_from, centre FROM theme_centroids
                 WHERE consultation_id = $1 AND question_id = $2 AND model_id = $3 ORDER BY theme_id",
            )
            .bind(consultation_id)
            .bind(question_id)
            .bind(model_id)
            .fetch_all(p)
            .await?;
            rows.iter()
                .map(|r| {
                    let centre: Vec<u8> = r.try_get("centre")?;
                    Ok(ThemeCentroid {
                        theme_id: r.try_get("theme_id")?,
                        split_from: r.try_get("split_from")?,
                        centre: crate::vectors::from_bytes(&centre),
                    })
                })
                .collect()
        })
    }

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
