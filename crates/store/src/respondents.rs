//! Analysts' decisions about respondents: a corrected respondent type, and organisations
//! marked as notable.
//!
//! Both outlive any one analysis: the next analysis reads them back (a correction outranks the
//! declared and the inferred type), and each change is written to `audit_log` in the same
//! transaction as the change itself.

use crate::{Result, Store, StoreError, on_pool};
use barometer_domain::RespondentType;
use sqlx::Row;

/// An analyst's respondent type for one response.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct TypeLabel {
    /// The store's id of the response.
    pub response_id: String,
    /// The type the analyst set.
    pub respondent_type: RespondentType,
    /// Who set it.
    pub analyst: String,
    /// When (RFC 3339, UTC).
    pub labelled_at: String,
}

fn now() -> String {
    chrono::Utc::now().to_rfc3339_opts(chrono::SecondsFormat::Millis, true)
}

impl Store {
    /// Records an analyst's respondent type for one response, replacing an earlier one, and
    /// logs it (action `respondent_type`, target the response id).
    pub async fn set_type_label(
        &self,
        consultation_id: &str,
        response_id: &str,
        respondent_type: RespondentType,
        analyst: &str,
    ) -> Result<()> {
        let now = now();
        on_pool!(self, |p| {
            let mut tx = p.begin().await?;
            let exists = sqlx::query("SELECT 1 FROM responses WHERE id = $1 AND consultation_id = $2")
                .bind(response_id)
                .bind(consultation_id)
                .fetch_optional(&mut *tx)
                .await?;
            if exists.is_none() {
                return Err(StoreError::NotFound(format!(
                    "no response {response_id:?} in consultation {consultation_id:?}"
                )));
            }
            let before: Option<String> =
                sqlx::query("SELECT respondent_type FROM respondent_type_labels WHERE response_id = $1")
                    .bind(response_id)
                    .fetch_optional(&mut *tx)
                    .await?
                    .map(|r| r.try_get("respondent_type"))
                    .transpose()?;
            sqlx::query(
                "INSERT INTO respondent_type_labels (consultation_id, response_id, respondent_type, analyst, labelled_at)
                 VALUES ($1, $2, $3, $4, $5)
                 ON CONFLICT (response_id) DO UPDATE SET
                   respondent_type = excluded.respondent_type, analyst = excluded.analyst,
                   labelled_at = excluded.labelled_at",
            )
            .bind(consultation_id)
            .bind(response_id)
            .bind(respondent_type.as_str())
            .bind(analyst)
            .bind(&now)
            .execute(&mut *tx)
            .await?;
            sqlx::query(
                "INSERT INTO audit_log (consultation_id, actor, action, target, before, after, at)
                 VALUES ($1, $2, 'respondent_type', $3, $4, $5, $6)",
            )
            .bind(consultation_id)
            .bind(analyst)
            .bind(response_id)
            .bind(before)
            .bind(respondent_type.as_str())
            .bind(&now)
            .execute(&mut *tx)
            .await?;
            tx.commit().await?;
            Ok(())
        })
    }

    /// Every analyst's respondent type of a consultation, by response id.
    pub async fn type_labels(&self, consultation_id: &str) -> Result<Vec<TypeLabel>> {
        on_pool!(self, |p| {
            let rows = sqlx::query(
                "SELECT response_id, respondent_type, analyst, labelled_at FROM respondent_type_labels
                 WHERE consultation_id = $1 ORDER BY response_id",
            )
            .bind(consultation_id)
            .fetch_all(p)
            .await?;
            rows.iter()
                .map(|r| {
                    Ok(TypeLabel {
                        response_id: r.try_get("response_id")?,
                        respondent_type: r.try_get::<String, _>("respondent_type")?.parse().map_err(
                            |message| StoreError::Corrupt {
                                table: "respondent_type_labels",
                                message,
                            },
                        )?,
                        analyst: r.try_get("analyst")?,
                        labelled_at: r.try_get("labelled_at")?,
                    })
                })
                .collect()
        })
    }

    /// Marks an organisation (by its key, the normalised name) as notable, or clears the mark,
    /// and logs it (action `star_organisation`).
    pub async fn set_starred(
        &self,
        consultation_id: &str,
        organisation: &str,
        starred: bool,
        analyst: &str,
    ) -> Result<()> {
        let now = now();
        on_pool!(self, |p| {
            let mut tx = p.begin().await?;
            let was = sqlx::query(
                "SELECT 1 FROM starred_organisations WHERE consultation_id = $1 AND organisation = $2",
            )
            .bind(consultation_id)
            .bind(organisation)
            .fetch_optional(&mut *tx)
            .await?
            .is_some();
            if starred {
                sqlx::query(
                    "INSERT INTO starred_organisations (consultation_id, organisation, analyst, starred_at)
                     VALUES ($1, $2, $3, $4) ON CONFLICT (consultation_id, organisation) DO NOTHING",
                )
                .bind(consultation_id)
                .bind(organisation)
                .bind(analyst)
                .bind(&now)
                .execute(&mut *tx)
                .await?;
            } else {
                sqlx::query(
                    "DELETE FROM starred_organisations WHERE consultation_id = $1 AND organisation = $2",
                )
                .bind(consultation_id)
                .bind(organisation)
                .execute(&mut *tx)
                .await?;
            }
            let mark = |on: bool| on.then_some("starred");
            sqlx::query(
                "INSERT INTO audit_log (consultation_id, actor, action, target, before, after, at)
                 VALUES ($1, $2, 'star_organisation', $3, $4, $5, $6)",
            )
            .bind(consultation_id)
            .bind(analyst)
            .bind(organisation)
            .bind(mark(was))
            .bind(mark(starred))
            .bind(&now)
            .execute(&mut *tx)
            .await?;
            tx.commit().await?;
            Ok(())
        })
    }

    /// The keys of the organisations analysts marked as notable, sorted.
    pub async fn starred_organisations(&self, consultation_id: &str) -> Result<Vec<String>> {
        on_pool!(self, |p| {
            let rows = sqlx::query(
                "SELECT organisation FROM starred_organisations WHERE consultation_id = $1 ORDER BY organisation",
            )
            .bind(consultation_id)
            .fetch_all(p)
            .await?;
            rows.iter().map(|r| Ok(r.try_get("organisation")?)).collect()
        })
    }
}
