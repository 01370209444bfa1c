//! The campaigns stage: organised campaigns among the stored responses, over each response's
//! free text, kept in the store so that a campaign's members can be listed later.

use anyhow::Context;
use barometer_analysis::campaigns::{Campaigns, Item, Options, detect};
use barometer_domain::Consultation;
use barometer_store::{Store, StoredCampaign, StoredResponse};
use std::collections::HashMap;

/// Finds campaigns among `stored`, in the order given (the order every stage keeps). The
/// consultation's own proposal and question texts are common phrases, not evidence of copying.
pub fn find(consultation: &Consultation, stored: &[StoredResponse]) -> Campaigns {
    let texts: Vec<String> = stored.iter().map(|s| s.record.free_text()).collect();
    let items: Vec<Item> = stored
        .iter()
        .zip(&texts)
        .map(|(s, text)| Item {
            text,
            submitted_at: s.record.submitted_at.as_deref(),
        })
        .collect();
    let options = Options {
        common_phrases: consultation
            .proposals
            .iter()
            .map(|p| p.text.clone())
            .chain(consultation.questions.iter().map(|q| q.text.clone()))
            .collect(),
        ..Options::default()
    };
    tokio::task::block_in_place(|| detect(&items, &options))
}

/// Keeps the campaigns found in the store, replacing the last analysis's.
pub async fn keep(
    store: &Store,
    consultation_id: &str,
    stored: &[StoredResponse],
    found: &Campaigns,
) -> anyhow::Result<()> {
    let campaigns: Vec<StoredCampaign> = found
        .campaigns
        .iter()
        .map(|c| {
            let additions: HashMap<usize, &str> =
                c.additions.iter().map(|a| (a.member, a.text.as_str())).collect();
            let mut members: Vec<(String, Option<String>)> = c
                .members
                .iter()
                .map(|&m| (stored[m].id.clone(), additions.get(&m).map(|t| t.to_string())))
                .collect();
            members.sort();
            StoredCampaign {
                id: c.id.clone(),
                template_response_id: stored[c.template].id.clone(),
                template: c.template_text.clone(),
                first_seen: c.first_seen.clone(),
                last_seen: c.last_seen.clone(),
                members,
            }
        })
        .collect();
    store
        .replace_campaigns(consultation_id, &campaigns)
        .await
        .context("cannot store the campaigns found")
}
