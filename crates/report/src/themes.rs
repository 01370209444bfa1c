//! Themes in the report: the wire shape of `summary.json`'s `themes` section, built from the
//! analysis's [`ThemeSet`]s, and the view the HTML partial `templates/themes.html` lays out.
//!
//! Every quote and label is respondent or analyst text; it reaches the page only through
//! askama's escaping. The stance bars are SVG rectangles whose geometry is computed here from
//! counts, never from text.

use barometer_analysis::themes::ThemeSet;
use barometer_analysis::themes::stats::ThemeByGroup;
use serde::{Deserialize, Serialize};

/// The themes of one open question.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct QuestionThemes {
    /// The question's id in the definition.
    pub question: String,
    /// The question's text.
    pub text: String,
    /// The proposal whose stances the split uses, when the question has one.
    pub proposal: Option<String>,
    /// Respondents who wrote an answer to it.
    pub respondents: u64,
    /// Of those, how many fit no theme.
    pub other: u64,
    /// The number of themes discovery chose, before stance splits and edits.
    pub chosen_k: u64,
    /// Whether it was chosen automatically (otherwise `--themes` fixed it).
    pub automatic: bool,
    /// Themes carried over, with their ids, from the previous analysis in the same store.
    #[serde(default)]
    pub kept: u64,
    /// Themes, most respondents first.
    pub themes: Vec<ThemeSummary>,
    /// Analyst edits replayed on this run.
    pub edits_applied: u64,
    /// Stored edits that no longer apply, each with the reason.
    pub edits_refused: Vec<String>,
}

/// One theme, as counted.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct ThemeSummary {
    /// `t01`, `t02`, …: stable for a re-run on the same data.
    pub id: String,
    /// Its label (from key phrases, or the analyst's).
    pub label: String,
    /// Whether an analyst gave the label.
    pub renamed: bool,
    /// Key phrases, best first.
    pub key_phrases: Vec<String>,
    /// One sentence about it.
    pub description: String,
    /// Up to three quotes: (response id, words).
    pub quotes: Vec<ThemeQuote>,
    /// Respondents holding it.
    pub respondents: u64,
    /// Their share of the question's respondents, to four decimal places.
    pub share: f64,
    /// The share in words: `majority`, `large_minority`, `minority` or `few`.
    pub wording: String,
    /// Their stances on the question's proposal.
    pub stance: ThemeStance,
    /// The theme's respondents counted the second way the campaigns policy asks for: how many
    /// of them belong to a campaign, and the count when each campaign counts once.
    /// Absent when campaign detection did not run.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub campaigns: Option<ThemeCampaignCount>,
    /// `for` or `against` when the theme is one side of a theme that argued both ways.
    pub leaning: Option<String>,
    /// The theme by respondent type, with lift.
    pub by_type: Vec<ThemeTypeCell>,
    /// χ² of "holding the theme is independent of respondent type".
    pub chi2: f64,
    /// Its degrees of freedom.
    pub df: u64,
    /// Its p-value.
    pub p_value: f64,
}

/// A theme's respondents, with campaigns counted once.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct ThemeCampaignCount {
    /// Respondents holding the theme who belong to a campaign.
    pub campaign_members: u64,
    /// Distinct campaigns among them, as `(campaign id, members holding the theme)`, largest
    /// first.
    pub campaigns: Vec<(String, u64)>,
    /// Holders outside campaigns plus one per campaign: each campaign counted once.
    pub counted_once: u64,
}

/// A quote.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct ThemeQuote {
    /// The response it comes from.
    pub response: String,
    /// The words.
    pub text: String,
}

/// Respondents holding a theme, by stance.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
pub struct ThemeStance {
    /// For the proposal.
    #[serde(rename = "for")]
    pub for_: u64,
    /// Against it.
    pub against: u64,
    /// Undecided.
    pub undecided: u64,
    /// No view, or not known.
    pub no_view: u64,
}

/// A theme among one respondent type.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct ThemeTypeCell {
    /// The respondent type.
    pub respondent_type: String,
    /// Its respondents who answered the question.
    pub respondents: u64,
    /// Of those, how many hold the theme.
    pub holding: u64,
    /// Their share over the overall share; `null` when nobody holds the theme.
    pub lift: Option<f64>,
}

fn round4(x: f64) -> f64 {
    (x * 10_000.0).round() / 10_000.0
}

/// The summary's record of one question's themes.
pub fn question_themes(
    question: &barometer_domain::Question,
    set: &ThemeSet,
    by_type: &[ThemeByGroup],
    edits_applied: u64,
    edits_refused: Vec<String>,
) -> QuestionThemes {
    let themes = set
        .themes
        .iter()
        .map(|t| {
            let cross = by_type.iter().find(|b| b.theme == t.id);
            ThemeSummary {
                id: t.id.clone(),
                // Labels and descriptions are built from respondents' words, and published.
                label: crate::redact(&t.label),
                renamed: t.renamed,
                key_phrases: t.key_phrases.iter().map(|k| crate::redact(k)).collect(),
                description: crate::redact(&t.description),
                quotes: t
                    .quotes
                    .iter()
                    .map(|q| ThemeQuote {
                        response: q.response.clone(),
                        // Quotes are respondents' words, published: no contact details.
                        text: crate::redact(&q.text),
                    })
                    .collect(),
                respondents: t.respondents as u64,
                share: round4(t.share),
                wording: serde_json::to_value(t.wording)
                    .ok()
                    .and_then(|v| v.as_str().map(str::to_string))
                    .unwrap_or_default(),
                stance: ThemeStance {
                    for_: t.stance.for_ as u64,
                    against: t.stance.against as u64,
                    undecided: t.stance.undecided as u64,
                    no_view: t.stance.no_view as u64,
                },
                campaigns: None,
                leaning: t.leaning.map(|c| c.as_str().to_string()),
                by_type: cross
                    .map(|b| {
                        b.cells
                            .iter()
                            .map(|c| ThemeTypeCell {
                                respondent_type: c.group.clone(),
                                respondents: c.respondents as u64,
                                holding: c.holding as u64,
                                lift: c.lift.map(|l| (l * 100.0).round() / 100.0),
                            })
                            .collect()
                    })
                    .unwrap_or_default(),
                chi2: cross.map_or(0.0, |b| round4(b.chi2)),
                df: cross.map_or(0, |b| b.df as u64),
                p_value: cross.map_or(1.0, |b| round4(b.p_value)),
            }
        })
        .collect();
    QuestionThemes {
        question: question.id.0.clone(),
        text: question.text.clone(),
        proposal: question.proposal.as_ref().map(|p| p.0.clone()),
        respondents: set.respondents as u64,
        other: set.other as u64,
        chosen_k: set.chosen_k as u64,
        automatic: set.automatic,
        kept: set.anchored as u64,
        themes,
        edits_applied,
        edits_refused,
    }
}

/// One question's themes, ready for the template.
pub(crate) struct QuestionView<'a> {
    pub q: &'a QuestionThemes,
    pub themes: Vec<ThemeView<'a>>,
    /// Respondent types, in table column order: (wire name, the label a person reads).
    pub types: Vec<(String, String)>,
}

/// One theme row.
pub(crate) struct ThemeView<'a> {
    pub t: &'a ThemeSummary,
    pub share: String,
    /// "N from campaigns (c1: n); M with each campaign counted once", when any holder is in one.
    pub campaigns_line: Option<String>,
    pub bar: Vec<BarPart>,
    pub bar_desc: String,
    /// Per type: "holding (lift)".
    pub type_cells: Vec<String>,
    pub p_value: String,
}

/// One coloured part of a stance bar.
pub(crate) struct BarPart {
    pub x: String,
    pub w: String,
    pub fill: &'static str,
}

/// Width of a stance bar in its own coordinates.
const BAR_W: f64 = 120.0;

pub(crate) fn views<'a>(all: &'a [QuestionThemes], labels: &[crate::TypeTotal]) -> Vec<QuestionView<'a>> {
    all.iter()
        .map(|q| {
            let present: std::collections::BTreeSet<&str> = q
                .themes
                .iter()
                .flat_map(|t| t.by_type.iter().map(|c| c.respondent_type.as_str()))
                .collect();
            // Report order, with the consultation's own names for the types.
            let mut types: Vec<(String, String)> = labels
                .iter()
                .filter(|t| present.contains(t.respondent_type.as_str()))
                .map(|t| (t.respondent_type.as_str().to_string(), t.label.clone()))
                .collect();
            for p in &present {
                if !types.iter().any(|(w, _)| w == p) {
                    types.push((p.to_string(), p.replace('_', " ")));
                }
            }
            let themes = q
                .themes
                .iter()
                .map(|t| {
                    let s = &t.stance;
                    let parts = [
                        (s.for_, barometer_domain::Camp::For),
                        (s.against, barometer_domain::Camp::Against),
                        (s.undecided, barometer_domain::Camp::Undecided),
                        (s.no_view, barometer_domain::Camp::NoView),
                    ];
                    let total: u64 = parts.iter().map(|p| p.0).sum();
                    let mut x = 0.0;
                    let bar = parts
                        .iter()
                        .filter(|p| p.0 > 0 && total > 0)
                        .map(|&(n, camp)| {
                            let w = BAR_W * n as f64 / total as f64;
                            let part = BarPart {
                                x: format!("{x:.1}"),
                                w: format!("{w:.1}"),
                                fill: crate::html::camp_colours(camp).0,
                            };
                            x += w;
                            part
                        })
                        .collect();
                    let type_cells = types
                        .iter()
                        .map(|(ty, _)| match t.by_type.iter().find(|c| &c.respondent_type == ty) {
                            Some(c) => match c.lift {
                                Some(l) => format!("{} of {} (lift {l:.2})", c.holding, c.respondents),
                                None => format!("{} of {}", c.holding, c.respondents),
                            },
                            None => "–".into(),
                        })
                        .collect();
                    ThemeView {
                        t,
                        share: format!("{:.1}%", t.share * 100.0),
                        campaigns_line: t.campaigns.as_ref().filter(|c| c.campaign_members > 0).map(|c| {
                            format!(
                                "{} from campaign{} ({}); {} with each campaign counted once",
                                c.campaign_members,
                                if c.campaigns.len() == 1 { "" } else { "s" },
                                c.campaigns
                                    .iter()
                                    .map(|(id, n)| format!("{id}: {n}"))
                                    .collect::<Vec<_>>()
                                    .join(", "),
                                c.counted_once
                            )
                        }),
                        bar,
                        bar_desc: format!(
                            "Of {} respondents holding this theme: {} for, {} against, {} undecided, {} with no view.",
                            t.respondents, s.for_, s.against, s.undecided, s.no_view
                        ),
                        type_cells,
                        p_value: if t.df == 0 {
                            "–".into()
                        } else if t.p_value < 0.001 {
                            "< 0.001".into()
                        } else {
                            format!("{:.3}", t.p_value)
                        },
                    }
                })
                .collect();
            QuestionView { q, themes, types }
        })
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::{build_summary, fixture, render_html};

    const HOSTILE: &str = r#"<script>alert(1)</script>" onerror="x"#;

    fn question() -> QuestionThemes {
        let cell = |t: &str, n, k, lift| ThemeTypeCell {
            respondent_type: t.into(),
            respondents: n,
            holding: k,
            lift,
        };
        QuestionThemes {
            question: "Q3".into(),
            text: "Anything else?".into(),
            proposal: None,
            respondents: 10,
            other: 1,
            chosen_k: 2,
            automatic: true,
            kept: 0,
            themes: vec![ThemeSummary {
                id: "t01".into(),
                label: HOSTILE.into(),
                renamed: false,
                key_phrases: vec!["opening hours".into()],
                description: "A majority of respondents (6, 60%) raise opening hours.".into(),
                quotes: vec![ThemeQuote {
                    response: "r1".into(),
                    text: HOSTILE.into(),
                }],
                respondents: 6,
                share: 0.6,
                wording: "majority".into(),
                stance: ThemeStance {
                    for_: 3,
                    against: 2,
                    undecided: 0,
                    no_view: 1,
                },
                campaigns: None,
                leaning: None,
                by_type: vec![
                    cell("individual", 8, 6, Some(1.25)),
                    cell("local_authority", 2, 0, Some(0.0)),
                ],
                chi2: 3.33,
                df: 1,
                p_value: 0.068,
            }],
            edits_applied: 0,
            edits_refused: vec![format!("edit 1 by {HOSTILE}: no theme `t09`")],
        }
    }

    #[test]
    fn themes_render_escaped_with_a_stance_bar_and_a_type_table_and_round_trip() {
        let mut summary = build_summary(&fixture::consultation(), &fixture::responses(), &fixture::run());
        summary.themes = Some(vec![question()]);
        let html = render_html(&summary);
        assert!(!html.contains("<script>alert"), "respondent text must be escaped");
        assert!(html.contains("&#60;script&#62;alert(1)&#60;/script&#62;"));
        assert!(!html.contains("onerror=\""));
        assert!(html.contains("Themes: Anything else?"));
        // Three camps present, three rectangles, widths from the counts 3, 2 and 1 of 6.
        assert!(html.contains(r#"<rect x="0.0" y="0" width="60.0""#), "{html}");
        assert!(html.contains(r#"<rect x="60.0" y="0" width="40.0""#));
        assert!(html.contains("6 of 8 (lift 1.25)"));
        assert!(html.contains("0.068"));
        let back: crate::Summary = serde_json::from_str(&summary.to_json()).unwrap();
        assert_eq!(back, summary);
        assert!(summary.to_json().contains("\"p_value\": 0.068"));
    }
}
