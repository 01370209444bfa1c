//! Analysts' stance labels and the audit log.
//!
//! A label is an analyst's decision on one (response, proposal) pair. It outranks the model and
//! the respondent's own tick-box answer, and the next analysis learns from it. Every change is
//! written to `audit_log` in the same transaction, with who, when, and the value before and after,
//! so the log cannot miss an edit that happened or record one that did not.

use crate::{Result, Store, StoreError, on_pool};
use barometer_domain::{Camp, ProposalId};
use sqlx::Row;

/// One analyst's label on one (response, proposal) pair.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct StanceLabel {
    /// The store's id of the response.
    pub response_id: String,
    /// The proposal labelled.
    pub proposal: ProposalId,
    /// The analyst's camp.
    pub camp: Camp,
    /// Who decided it.
    pub analyst: String,
    /// Why, if they said.
    pub note: Option<String>,
    /// When (RFC 3339, UTC).
    pub labelled_at: String,
    /// Whether the response has been revised since (a corrected re-export), so the label
    /// asks for another look. Labelling the pair again clears it.
    pub recheck: bool,
}

/// One recorded edit.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct AuditEntry {
    /// Position in the log; later edits have larger ids.
    pub id: i64,
    /// Who made the edit.
    pub actor: String,
    /// What kind of edit, e.g. `stance_label`.
    pub action: String,
    /// What it changed, e.g. `RESPONSE_ID/P1`.
    pub target: String,
    /// The value before, if there was one.
    pub before: Option<String>,
    /// The value after, if any remains.
    pub after: Option<String>,
    /// When (RFC 3339, UTC).
    pub at: String,
}

fn parse_camp(s: &str) -> Result<Camp> {
    Camp::ALL
        .into_iter()
        .find(|c| c.as_str() == s)
        .ok_or_else(|| StoreError::Corrupt {
            table: "stance_labels",
            message: format!("unknown camp {s:?}"),
        })
}

impl Store {
    /// Records an analyst's stance on one pair, replacing their earlier label if any, and logs it.
    /// Setting the same camp again still logs the edit (with equal before and after): the log
    /// records what analysts did, not only what changed.
    pub async fn set_stance_label(
        &self,
        consultation_id: &str,
        response_id: &str,
        proposal: &ProposalId,
        camp: Camp,
        analyst: &str,
        note: Option<&str>,
    ) -> Result<()> {
        let now = chrono::Utc::now().to_rfc3339_opts(chrono::SecondsFormat::Millis, true);
        let target = format!("{response_id}/{}", proposal.0);
        on_pool!(self, |p| {
            let mut tx = p.begin().await?;
            let before: Option<String> =
                sqlx::query("SELECT camp FROM stance_labels WHERE response_id = $1 AND proposal_id = $2")
                    .bind(response_id)
                    .bind(&proposal.0)
                    .fetch_optional(&mut *tx)
                    .await?
                    .map(|r| r.try_get("camp"))
                    .transpose()?;
            sqlx::query(
                "INSERT INTO stance_labels (consultation_id, response_id, proposal_id, camp, analyst, note, labelled_at)
                 VALUES ($1, $2, $3, $4, $5, $6, $7)
                 ON CONFLICT (response_id, proposal_id) DO UPDATE SET
                   camp = excluded.camp, analyst = excluded.analyst, note = excluded.note,
                   labelled_at = excluded.labelled_at, recheck = 0",
            )
            .bind(consultation_id)
            .bind(response_id)
            .bind(&proposal.0)
            .bind(camp.as_str())
            .bind(analyst)
            .bind(note)
            .bind(&now)
            .execute(&mut *tx)
            .await?;
            sqlx::query(
                "INSERT INTO audit_log (consultation_id, actor, action, target, before, after, at)
                 VALUES ($1, $2, 'stance_label', $3, $4, $5, $6)",
            )
            .bind(consultation_id)
            .bind(analyst)
            .bind(&target)
            .bind(before)
            .bind(camp.as_str())
            .bind(&now)
            .execute(&mut *tx)
            .await?;
            tx.commit().await?;
            Ok(())
        })
    }

    /// Every analyst label of a consultation, ordered by response then proposal.
    pub async fn stance_labels(&self, consultation_id: &str) -> Result<Vec<StanceLabel>> {
        on_pool!(self, |p| {
            let rows = sqlx::query(
                "SELECT response_id, proposal_id, camp, analyst, note, labelled_at, recheck FROM stance_labels
                 WHERE consultation_id = $1 ORDER BY response_id, proposal_id",
            )
            .bind(consultation_id)
            .fetch_all(p)
            .await?;
            rows.iter()
                .map(|r| {
                    Ok(StanceLabel {
                        response_id: r.try_get("response_id")?,
                        proposal: ProposalId(r.try_get("proposal_id")?),
                        camp: parse_camp(&r.try_get::<String, _>("camp")?)?,
                        analyst: r.try_get("analyst")?,
                        note: r.try_get("note")?,
                        labelled_at: r.try_get("labelled_at")?,
                        recheck: r.try_get::<i64, _>("recheck")? != 0,
                    })
                })
                .collect()
        })
    }

    /// A consultation's audit log, oldest first.
    pub async fn audit_log(&self, consultation_id: &str) -> Result<Vec<AuditEntry>> {
        on_pool!(self, |p| {
            let rows = sqlx::query(
                "SELECT id, actor, action, target, before, after, at FROM audit_log
                 WHERE consultation_id = $1 ORDER BY id",
            )
            .bind(consultation_id)
            .fetch_all(p)
            .await?;
            rows.iter()
                .map(|r| {
                    Ok(AuditEntry {
                        id: r.try_get("id")?,
                        actor: r.try_get("actor")?,
                        action: r.try_get("action")?,
                        target: r.try_get("target")?,
                        before: r.try_get("before")?,
                        after: r.try_get("after")?,
                        at: r.try_get("at")?,
                    })
                })
                .collect()
        })
    }
}
