//! The campaigns section of a summary: each campaign's template, size, share, dates, stance
//! and personal additions, and every proposal's figures counted two ways.
//!
//! Counting policy, as UK practice asks: every response is counted, and campaign copies are
//! never deleted; but copies are not presented as independent views either. So each
//! proposal's camps appear twice: **every response counted**, and **each campaign counted
//! once** (as its members' most common camp) with its size beside it.

use crate::summary::{CampTally, MethodStatement, Summary};
use barometer_analysis::AnalysedResponse;
use barometer_analysis::campaigns::Campaigns;
use barometer_analysis::stance::inferred::OwnWordsReading;
use barometer_domain::{Camp, Consultation, ProposalId};
use serde::{Deserialize, Serialize};

/// Personal additions written into the summary per campaign; the count says how many there are.
pub const ADDITIONS_SHOWN: usize = 50;

/// What campaign detection found, and the figures it changes.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct CampaignSection {
    /// All responses considered.
    pub responses: u64,
    /// Responses that belong to a campaign.
    pub in_campaigns: u64,
    /// `in_campaigns / responses`, rounded to four decimal places; `null` with no responses.
    pub share_in_campaigns: Option<f64>,
    /// Units counted when each campaign counts once: responses outside campaigns, plus one per
    /// campaign.
    pub distinct_voices: u64,
    /// The campaigns, largest first.
    pub campaigns: Vec<CampaignSummary>,
    /// Every proposal's camps, counted both ways.
    pub proposals: Vec<ProposalTwoWays>,
}

/// One campaign.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct CampaignSummary {
    /// `c1`, `c2`, … by decreasing size.
    pub id: String,
    /// The template: the text of the member most like the others (the medoid).
    pub template: String,
    /// The external id of the response whose text is the template.
    pub template_response: String,
    /// The template with its slots, learned from the members: `{a | b}` where they choose
    /// among a few alternatives, `{…}` where they write their own words; or its sentences "in
    /// any order".
    #[serde(default)]
    pub skeleton: String,
    /// Slots with alternatives.
    #[serde(default)]
    pub slots: u64,
    /// Distinct texts among the members (case, spacing and punctuation aside): the fillings
    /// seen.
    #[serde(default)]
    pub distinct_texts: u64,
    /// Why the members are taken to copy one source, in one sentence with its figures.
    #[serde(default)]
    pub evidence: String,
    /// Members.
    pub size: u64,
    /// Members as a share of all responses, rounded to four decimal places.
    pub share: f64,
    /// The earliest member's submission time, when the data has one.
    pub first_seen: Option<String>,
    /// The latest member's submission time, when the data has one.
    pub last_seen: Option<String>,
    /// The members' external ids, in import order.
    pub members: Vec<String>,
    /// The members' camps on each proposal, and the most common one.
    pub stances: Vec<CampaignStance>,
    /// How many members added words of their own.
    pub with_additions: u64,
    /// Up to [`ADDITIONS_SHOWN`] of those additions, in import order.
    pub personal_additions: Vec<PersonalAddition>,
}

/// A campaign's members' camps on one proposal.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct CampaignStance {
    /// The proposal.
    pub proposal: ProposalId,
    /// The most common view among members who took one (a tie goes to the earlier of for,
    /// against, undecided); no view only when no member took one.
    pub camp: Camp,
    /// The members' camps counted.
    pub members: CampTally,
    /// Members' own added words on this proposal, read alone by the model (members whose
    /// camp the campaign's vote decided, and whose additions speak to the proposal).
    pub additions_read: CampTally,
    /// How many of those readings differ from the campaign's.
    pub additions_differing: u64,
    /// How many differ confidently: those members stay counted with the campaign and are
    /// queued for an analyst.
    pub additions_queued: u64,
}

/// Words a campaign member added to the template.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct PersonalAddition {
    /// The member's external id.
    pub response: String,
    /// Its own sentences.
    pub text: String,
}

/// One proposal's camps, counted both ways.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct ProposalTwoWays {
    /// The proposal.
    pub proposal: ProposalId,
    /// Every response counted once, campaign copies included (the proposal's `overall`).
    pub every_response: CampTally,
    /// Responses outside campaigns counted once each, and each campaign once, in its
    /// members' most common camp.
    pub each_campaign_once: CampTally,
    /// The campaigns counted once above: id, size and the camp counted.
    pub campaigns: Vec<CampaignCounted>,
}

/// One campaign as one unit in a two-way count.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct CampaignCounted {
    /// The campaign's id.
    pub campaign: String,
    /// Its members, shown beside its single count.
    pub size: u64,
    /// The camp it counts as.
    pub camp: Camp,
}

fn tally(t: &mut CampTally, camp: Camp) {
    match camp {
        Camp::For => t.r#for += 1,
        Camp::Against => t.against += 1,
        Camp::Undecided => t.undecided += 1,
        Camp::NoView => t.no_view += 1,
    }
    t.total += 1;
}

fn camp_of(r: &AnalysedResponse, p: &ProposalId) -> Camp {
    r.judgements.get(p).map_or(Camp::NoView, |j| j.camp)
}

/// The most common view among members who took one; "no view" only when none did. Many
/// members paste the letter and tick nothing, and their silence is not the campaign's stance.
fn most_common(t: &CampTally) -> Camp {
    if t.r#for + t.against + t.undecided == 0 {
        return Camp::NoView;
    }
    let counts = [
        (Camp::For, t.r#for),
        (Camp::Against, t.against),
        (Camp::Undecided, t.undecided),
    ];
    // max_by_key keeps the last of equals; reversing keeps the first.
    counts
        .into_iter()
        .rev()
        .max_by_key(|&(_, n)| n)
        .map_or(Camp::NoView, |(c, _)| c)
}

fn round4(x: f64) -> f64 {
    (x * 10_000.0).round() / 10_000.0
}

/// Builds the campaigns section. `found` indexes `responses`: campaign detection ran over the
/// responses in this order.
pub fn campaign_section(
    consultation: &Consultation,
    responses: &[AnalysedResponse],
    found: &Campaigns,
    own_words: &[OwnWordsReading],
) -> CampaignSection {
    let n = responses.len() as u64;
    let in_campaigns: u64 = found.campaigns.iter().map(|c| c.size() as u64).sum();
    let campaigns: Vec<CampaignSummary> = found
        .campaigns
        .iter()
        .enumerate()
        .map(|(ci, c)| {
            let stances = consultation
                .proposals
                .iter()
                .map(|p| {
                    let mut members = CampTally::default();
                    for &m in &c.members {
                        tally(&mut members, camp_of(&responses[m], &p.id));
                    }
                    let mut additions_read = CampTally::default();
                    let (mut additions_differing, mut additions_queued) = (0, 0);
                    for r in own_words
                        .iter()
                        .filter(|r| r.campaign == ci && r.proposal == p.id)
                    {
                        tally(&mut additions_read, r.camp);
                        additions_differing += u64::from(!r.agrees_with_campaign);
                        additions_queued += u64::from(r.queued);
                    }
                    CampaignStance {
                        proposal: p.id.clone(),
                        camp: most_common(&members),
                        members,
                        additions_read,
                        additions_differing,
                        additions_queued,
                    }
                })
                .collect();
            CampaignSummary {
                id: c.id.clone(),
                template: crate::redact(&c.template_text),
                template_response: responses[c.template].external_id.clone(),
                skeleton: redact_skeleton(&c.evidence.skeleton),
                slots: c.evidence.slots as u64,
                distinct_texts: c.evidence.distinct_texts as u64,
                evidence: c.evidence.summary(c.size()),
                size: c.size() as u64,
                share: round4(c.share),
                first_seen: c.first_seen.clone(),
                last_seen: c.last_seen.clone(),
                members: c
                    .members
                    .iter()
                    .map(|&m| responses[m].external_id.clone())
                    .collect(),
                stances,
                with_additions: c.additions.len() as u64,
                personal_additions: c
                    .additions
                    .iter()
                    .take(ADDITIONS_SHOWN)
                    .map(|a| PersonalAddition {
                        response: responses[a.member].external_id.clone(),
                        text: crate::redact(&a.text),
                    })
                    .collect(),
            }
        })
        .collect();
    let proposals = consultation
        .proposals
        .iter()
        .enumerate()
        .map(|(pi, p)| {
            let mut every_response = CampTally::default();
            let mut each_campaign_once = CampTally::default();
            for (r, member) in responses.iter().zip(&found.member_of) {
                let camp = camp_of(r, &p.id);
                tally(&mut every_response, camp);
                if member.is_none() {
                    tally(&mut each_campaign_once, camp);
                }
            }
            let counted = campaigns
                .iter()
                .map(|c| {
                    let camp = c.stances[pi].camp;
                    tally(&mut each_campaign_once, camp);
                    CampaignCounted {
                        campaign: c.id.clone(),
                        size: c.size,
                        camp,
                    }
                })
                .collect();
            ProposalTwoWays {
                proposal: p.id.clone(),
                every_response,
                each_campaign_once,
                campaigns: counted,
            }
        })
        .collect();
    CampaignSection {
        responses: n,
        in_campaigns,
        share_in_campaigns: (n > 0).then(|| round4(in_campaigns as f64 / n as f64)),
        distinct_voices: n - in_campaigns + campaigns.len() as u64,
        campaigns,
        proposals,
    }
}

/// The skeleton with personal data taken out: the fixed text is redacted as any text is, and a
/// slot any of whose alternatives redaction would change (read after the text before it) is
/// shown as `{…}`.
fn redact_skeleton(skeleton: &str) -> String {
    let mut out = String::new();
    let mut rest = skeleton;
    while let Some(open) = rest.find('{') {
        let Some(close) = rest[open..].find('}').map(|c| open + c) else {
            break;
        };
        out.push_str(&rest[..open]);
        let before: String = {
            let words: Vec<&str> = out.split_whitespace().collect();
            words[words.len().saturating_sub(6)..].join(" ")
        };
        let slot = &rest[open + 1..close];
        let personal = slot.split(" | ").any(|alt| {
            let alone = format!("{before} {alt}");
            crate::redact(&alone) != alone
        });
        out.push_str(if personal { "{…}" } else { &rest[open..=close] });
        rest = &rest[close + 1..];
    }
    out.push_str(rest);
    crate::redact(&out)
}

/// Adds the campaigns section to `summary`, with a statement of the method among its methods.
pub fn add_campaigns(summary: &mut Summary, section: CampaignSection) {
    let text = format!(
        "Campaigns are groups of at least {} responses that copy one template letter. \
         Texts are compared as sets of three-word phrases after case, spacing and punctuation are \
         set aside; MinHash signatures with banding find candidate pairs, which count as copies \
         when they share most of their phrases, or when one holds most of the other (a template \
         with a sentence added, or a paragraph dropped). The consultation's own proposal and \
         question texts are not evidence of copying. Each group's template is its most typical \
         member, and a member is a copy when it holds at least half of the phrases most copies \
         keep. Short messages (mail-merge texts whose phrases are swapped among a few \
         alternatives, a short template with a sentence added, sentences reordered) are found by \
         the phrases their members share and the rest of the consultation does not use: a group \
         is a campaign only when nearly all of each member's words are such phrases and they \
         cover at least {} words of the template, and each campaign states that evidence with \
         the template's slots. {} of {} responses ({}) are in {} campaigns. Every response is still counted: each \
         proposal's figures are shown with every response counted, and again with each campaign \
         counted once, its size beside it, and each theme's respondents are given both ways \
         too. Words a member added to the template are kept as that respondent's own: the \
         stance model reads them alone, and where it reads them confidently against the \
         campaign, that member is put before an analyst rather than moved by the model.",
        barometer_analysis::campaigns::Options::default().min_size,
        barometer_analysis::campaigns::MIN_SKELETON_WORDS,
        section.in_campaigns,
        section.responses,
        section
            .share_in_campaigns
            .map_or("none".to_string(), |s| format!("{:.1}%", s * 100.0)),
        section.campaigns.len(),
    );
    summary.methods.statements.push(MethodStatement {
        id: "campaigns".into(),
        text,
    });
    summary.campaigns = Some(section);
}

/// Personal additions printed on the page per campaign; summary.json holds more.
const ADDITIONS_ON_PAGE: usize = 10;

/// The campaigns section as the page shows it: ready-made strings.
pub(crate) struct CampaignsView {
    pub(crate) summary_line: String,
    pub(crate) campaigns: Vec<CampaignView>,
    pub(crate) proposals: Vec<TwoWaysView>,
}

pub(crate) struct CampaignView {
    pub(crate) id: String,
    pub(crate) heading: String,
    pub(crate) dates: Option<String>,
    pub(crate) stances: String,
    pub(crate) template: Vec<String>,
    pub(crate) skeleton: Option<String>,
    pub(crate) evidence: String,
    pub(crate) additions_line: String,
    pub(crate) additions_read: Vec<String>,
    pub(crate) additions: Vec<(String, String)>,
}

pub(crate) struct TwoWaysView {
    pub(crate) label: String,
    pub(crate) every: Vec<String>,
    pub(crate) once: Vec<String>,
    pub(crate) campaigns_line: String,
}

fn camp_word(c: Camp) -> &'static str {
    match c {
        Camp::For => "for",
        Camp::Against => "against",
        Camp::Undecided => "undecided",
        Camp::NoView => "no view",
    }
}

fn cells(t: &CampTally) -> Vec<String> {
    let pct = |n: u64| {
        if t.total == 0 {
            "–".to_string()
        } else {
            format!("{:.1}%", 100.0 * n as f64 / t.total as f64)
        }
    };
    vec![
        crate::html::thousands(t.total),
        format!("{} ({})", crate::html::thousands(t.r#for), pct(t.r#for)),
        format!("{} ({})", crate::html::thousands(t.against), pct(t.against)),
        format!("{} ({})", crate::html::thousands(t.undecided), pct(t.undecided)),
        format!("{} ({})", crate::html::thousands(t.no_view), pct(t.no_view)),
    ]
}

/// The page's view of `summary.campaigns`, when there is one.
pub(crate) fn view(s: &Summary) -> Option<CampaignsView> {
    let c = s.campaigns.as_ref()?;
    let short = |id: &ProposalId| {
        s.proposals
            .iter()
            .find(|p| &p.id == id)
            .map_or(id.to_string(), |p| format!("{}: {}", p.id, p.short))
    };
    Some(CampaignsView {
        summary_line: format!(
            "{} of {} responses ({}) belong to {} campaign{}. Counting each campaign once leaves {} distinct voices.",
            crate::html::thousands(c.in_campaigns),
            crate::html::thousands(c.responses),
            c.share_in_campaigns
                .map_or("–".to_string(), |x| format!("{:.1}%", x * 100.0)),
            c.campaigns.len(),
            if c.campaigns.len() == 1 { "" } else { "s" },
            crate::html::thousands(c.distinct_voices),
        ),
        campaigns: c
            .campaigns
            .iter()
            .map(|k| CampaignView {
                id: k.id.clone(),
                heading: format!(
                    "Campaign {}: {} responses ({:.1}% of all)",
                    k.id,
                    crate::html::thousands(k.size),
                    k.share * 100.0
                ),
                dates: match (&k.first_seen, &k.last_seen) {
                    (Some(a), Some(b)) => Some(format!("First seen {a}, last seen {b}.")),
                    _ => None,
                },
                stances: k
                    .stances
                    .iter()
                    .map(|st| format!("{} {}", st.proposal, camp_word(st.camp)))
                    .collect::<Vec<_>>()
                    .join("; "),
                template: k
                    .template
                    .split("\n\n")
                    .map(str::trim)
                    .filter(|p| !p.is_empty())
                    .map(str::to_string)
                    .collect(),
                // A letter whose members only add words of their own is its template again.
                skeleton: (k.slots > 0 || k.skeleton.starts_with("In any order")).then(|| k.skeleton.clone()),
                evidence: k.evidence.clone(),
                additions_line: format!(
                    "{} of {} members added words of their own{}",
                    crate::html::thousands(k.with_additions),
                    crate::html::thousands(k.size),
                    if k.with_additions as usize > ADDITIONS_ON_PAGE {
                        format!("; the first {ADDITIONS_ON_PAGE} are below, and summary.json holds more.")
                    } else if k.with_additions > 0 {
                        ":".to_string()
                    } else {
                        ".".to_string()
                    }
                ),
                additions_read: k
                    .stances
                    .iter()
                    .filter(|st| st.additions_read.total > 0)
                    .map(|st| {
                        let t = &st.additions_read;
                        format!(
                            "On {}, {} member{} added words about it; read alone, they are {} for, {} against and {} undecided. {} of these readings differ from the campaign's {}, and the {} most confident {} queued for an analyst; every member counts with the campaign until an analyst says otherwise.",
                            st.proposal,
                            crate::html::thousands(t.total),
                            if t.total == 1 { "" } else { "s" },
                            crate::html::thousands(t.r#for),
                            crate::html::thousands(t.against),
                            crate::html::thousands(t.undecided),
                            crate::html::thousands(st.additions_differing),
                            camp_word(st.camp),
                            crate::html::thousands(st.additions_queued),
                            if st.additions_queued == 1 { "is" } else { "are" },
                        )
                    })
                    .collect(),
                additions: k
                    .personal_additions
                    .iter()
                    .take(ADDITIONS_ON_PAGE)
                    .map(|a| (a.response.clone(), a.text.clone()))
                    .collect(),
            })
            .collect(),
        proposals: c
            .proposals
            .iter()
            .map(|p| TwoWaysView {
                label: short(&p.proposal),
                every: cells(&p.every_response),
                once: cells(&p.each_campaign_once),
                campaigns_line: p
                    .campaigns
                    .iter()
                    .map(|k| {
                        format!(
                            "{} ({} responses) counted once as {}",
                            k.campaign,
                            crate::html::thousands(k.size),
                            camp_word(k.camp)
                        )
                    })
                    .collect::<Vec<_>>()
                    .join("; "),
            })
            .collect(),
    })
}

#[cfg(test)]
mod tests {
    use super::redact_skeleton;

    #[test]
    fn a_skeletons_slots_are_kept_unless_an_alternative_is_personal_data() {
        let merge = "I {urge | ask | call upon} {parliament | ministers} to act {now. | this year.}";
        assert_eq!(redact_skeleton(merge), merge);
        let signed = "Please withdraw the plan. Kind regards, {Jane Okafor | Tom Price | Ann Lee}";
        let shown = redact_skeleton(signed);
        assert!(!shown.contains("Okafor") && !shown.contains("Price"), "{shown}");
        assert!(shown.ends_with("{…}"), "{shown}");
        let contact = "Write to us at {info@example.org | help@example.org} for details.";
        assert!(!redact_skeleton(contact).contains("example.org"));
    }
}
