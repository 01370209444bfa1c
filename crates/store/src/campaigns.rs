//! Campaign membership: which responses copy which template, as the last analysis found them,
//! for the web app to show, on a respondent's page, its campaign and the words it added.

use crate::{Result, Store, on_pool};
use sqlx::Row;

/// One campaign as stored.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct StoredCampaign {
    /// `c1`, `c2`, … by decreasing size.
    pub id: String,
    /// The store id of the response whose text is the template.
    pub template_response_id: String,
    /// The template's text.
    pub template: String,
    /// The earliest member's submission time, when known.
    pub first_seen: Option<String>,
    /// The latest member's submission time, when known.
    pub last_seen: Option<String>,
    /// Members: each response's store id, and the words it added to the template, if any.
    pub members: Vec<(String, Option<String>)>,
}

impl Store {
    /// Replaces a consultation's campaigns with `campaigns`, in one transaction: a new
    /// analysis supersedes the last one whole.
    pub async fn replace_campaigns(&self, consultation_id: &str, campaigns: &[StoredCampaign]) -> Result<()> {
        on_pool!(self, |p| {
            let mut tx = p.begin().await?;
            sqlx::query("DELETE FROM campaign_members WHERE consultation_id = $1")
                .bind(consultation_id)
                .execute(&mut *tx)
                .await?;
            sqlx::query("DELETE FROM campaigns WHERE consultation_id = $1")
                .bind(consultation_id)
                .execute(&mut *tx)
                .await?;
            for c in campaigns {
                sqlx::query(
                    "INSERT INTO campaigns (consultation_id, id, template_response_id, template, size, first_seen, last_seen)
                     VALUES ($1, $2, $3, $4, $5, $6, $7)",
                )
                .bind(consultation_id)
                .bind(&c.id)
                .bind(&c.template_response_id)
                .bind(&c.template)
                .bind(c.members.len() as i64)
                .bind(&c.first_seen)
                .bind(&c.last_seen)
                .execute(&mut *tx)
                .await?;
                for (response_id, addition) in &c.members {
                    sqlx::query(
                        "INSERT INTO campaign_members (consultation_id, campaign_id, response_id, personal_addition)
                         VALUES ($1, $2, $3, $4)",
                    )
                    .bind(consultation_id)
                    .bind(&c.id)
                    .bind(response_id)
                    .bind(addition)
                    .execute(&mut *tx)
                    .await?;
                }
            }
            tx.commit().await?;
            Ok(())
        })
    }

    /// A consultation's campaigns, largest first, members in response id order.
    pub async fn load_campaigns(&self, consultation_id: &str) -> Result<Vec<StoredCampaign>> {
        on_pool!(self, |p| {
            let rows = sqlx::query(
                "SELECT id, template_response_id, template, first_seen, last_seen FROM campaigns
                 WHERE consultation_id = $1 ORDER BY size DESC, id",
            )
            .bind(consultation_id)
            .fetch_all(p)
            .await?;
            let mut out = Vec::with_capacity(rows.len());
            for row in rows {
                let id: String = row.try_get("id")?;
                let members = sqlx::query(
                    "SELECT response_id, personal_addition FROM campaign_members
                     WHERE consultation_id = $1 AND campaign_id = $2 ORDER BY response_id",
                )
                .bind(consultation_id)
                .bind(&id)
                .fetch_all(p)
                .await?
                .into_iter()
                .map(|m| Ok((m.try_get("response_id")?, m.try_get("personal_addition")?)))
                .collect::<std::result::Result<Vec<_>, sqlx::Error>>()?;
                out.push(StoredCampaign {
                    id,
                    template_response_id: row.try_get("template_response_id")?,
                    template: row.try_get("template")?,
                    first_seen: row.try_get("first_seen")?,
                    last_seen: row.try_get("last_seen")?,
                    members,
                });
            }
            Ok(out)
        })
    }
}
