//! What the summary-of-responses document says, block by block, from a [`Summary`].
//!
//! The order follows the documents UK departments publish after a consultation: the
//! consultation and its window, who responded, then each proposal (its camps, charted, by
//! respondent type, and the main themes with counts and quotes), campaigns stated as such, the
//! organisations that responded, and the method with its measured accuracy.

use super::chart::stacked_bar;
use super::{Block, Cell, Document, Table};
use crate::html::{camp_colours, camp_count, long_date, pct, thousands};
use crate::redact;
use crate::summary::{ProposalSummary, Summary};
use crate::themes::{QuestionThemes, ThemeSummary};
use barometer_domain::Camp;

/// Themes shown per question: the rest are in the report and summary.json.
const THEMES_SHOWN: usize = 8;
/// Quotes shown per theme.
const QUOTES_PER_THEME: usize = 2;
/// Quotes shown per camp for the sentences that carried inferred stances.
const EVIDENCE_PER_CAMP: usize = 2;
/// A campaign's template is shown up to this many characters.
const TEMPLATE_CHARS: usize = 600;

/// The summary of responses for `summary`, ready to write as ODT or DOCX.
pub fn summary_of_responses(summary: &Summary) -> Document {
    let c = &summary.consultation;
    let mut blocks = vec![
        Block::Title(c.title.clone()),
        Block::Paragraph(format!(
            "Summary of responses. {}.",
            c.organisation.trim_end_matches('.')
        )),
        Block::Note(format!(
            "A draft prepared by Barometer {} on {}, from the responses as analysed then. Check every figure and quote before publishing. Names, addresses and other contact details have been removed from respondents' words.",
            summary.run.barometer_version,
            summary
                .run
                .generated_at
                .get(..10)
                .unwrap_or(&summary.run.generated_at)
        )),
    ];
    let mut sections = vec![introduction(summary), who_responded(summary)];
    sections.push(proposals(summary));
    sections.push(other_questions(summary));
    sections.push(campaigns(summary));
    sections.push(organisations(summary));
    sections.push(method(summary));
    let sections: Vec<Vec<Block>> = sections.into_iter().filter(|s| !s.is_empty()).collect();
    blocks.push(Block::Heading(1, "Contents".into()));
    blocks.push(Block::Bullets(
        sections
            .iter()
            .filter_map(|s| match s.first() {
                Some(Block::Heading(1, h)) => Some(h.clone()),
                _ => None,
            })
            .collect(),
    ));
    blocks.extend(sections.into_iter().flatten());
    Document {
        title: format!("{}: summary of responses", c.title),
        blocks,
    }
}

fn introduction(s: &Summary) -> Vec<Block> {
    let c = &s.consultation;
    let mut out = vec![Block::Heading(1, "The consultation".into())];
    if let Some(d) = &c.description {
        out.push(Block::Paragraph(d.clone()));
    }
    let mut window = format!(
        "{} consulted from {} to {}: {} days ({:.1} weeks).",
        c.organisation.trim_end_matches('.'),
        long_date(c.opens),
        long_date(c.closes),
        c.window.days,
        c.window.weeks
    );
    if let (Some(source), Some(advice)) = (&c.window.standard_source, &c.window.advice) {
        window.push_str(&format!(" {} advises {advice}.", capitalised(source)));
    }
    out.push(Block::Paragraph(window));
    if let Some(w) = &c.window.warning {
        out.push(Block::Note(format!("{}.", capitalised(w).trim_end_matches('.'))));
    }
    if !s.proposals.is_empty() {
        out.push(Block::Paragraph(format!(
            "It asked for views on {} {}:",
            s.proposals.len(),
            if s.proposals.len() == 1 {
                "proposal"
            } else {
                "proposals"
            }
        )));
        out.push(Block::Bullets(
            s.proposals
                .iter()
                .map(|p| format!("{} ({}): {}", p.short, p.id.0, p.text))
                .collect(),
        ));
    }
    out
}

fn who_responded(s: &Summary) -> Vec<Block> {
    let t = &s.totals;
    let k = &t.by_source_kind;
    let mut out = vec![
        Block::Heading(1, "Who responded".into()),
        Block::Paragraph(format!(
            "{} responses were received: {} through the online form, {} as rows of a consultation hub's export and {} as letters or emails. Each response is one respondent and is counted once.",
            thousands(t.responses),
            thousands(k.form),
            thousands(k.export),
            thousands(k.letter)
        )),
    ];
    let rows: Vec<Vec<Cell>> = t
        .by_respondent_type
        .iter()
        .filter(|ty| ty.responses > 0)
        .map(|ty| {
            vec![
                ty.label.as_str().into(),
                thousands(ty.responses).into(),
                pct(ty.share).into(),
            ]
        })
        .chain(std::iter::once(vec![
            "All respondents".into(),
            thousands(t.responses).into(),
            (if t.responses > 0 { "100.0%" } else { "–" }).into(),
        ]))
        .collect();
    out.push(Block::Table(Table {
        header: vec!["Respondent type".into(), "Responses".into(), "Share".into()],
        rows,
        weights: vec![3, 1, 1],
    }));
    if let Some(r) = &s.respondents {
        out.push(Block::Note(crate::organisations::type_sources_line(r)));
    }
    if let Some(cs) = s.campaigns.as_ref().filter(|cs| !cs.campaigns.is_empty()) {
        out.push(Block::Paragraph(format!(
            "{} responses ({}) were copies of {} organised {}. Every copy is counted in the figures below; counted once per campaign, there are {} distinct voices. The campaigns are described in their own section.",
            thousands(cs.in_campaigns),
            pct(cs.share_in_campaigns),
            cs.campaigns.len(),
            if cs.campaigns.len() == 1 { "campaign" } else { "campaigns" },
            thousands(cs.distinct_voices)
        )));
    }
    if !t.other_languages.is_empty() {
        let langs: Vec<String> = t
            .other_languages
            .iter()
            .map(|l| format!("{} in {}", l.responses, l.language))
            .collect();
        out.push(Block::Paragraph(format!(
            "Some responses were written in languages Barometer does not read ({}): they are counted, and an analyst read each.",
            langs.join(", ")
        )));
    }
    if let Some(o) = &t.read_by_ocr {
        out.push(Block::Paragraph(format!(
            "{} responses arrived as scanned pages and were read by optical character recognition (mean confidence {:.0}%).",
            o.responses,
            o.mean_confidence * 100.0
        )));
    }
    out
}

/// `text` with its first letter in upper case.
fn capitalised(text: &str) -> String {
    let mut chars = text.chars();
    chars
        .next()
        .map_or_else(String::new, |first| first.to_uppercase().chain(chars).collect())
}

const CAMPS: [Camp; 4] = [Camp::For, Camp::Against, Camp::Undecided, Camp::NoView];

fn fill(camp: Camp) -> String {
    camp_colours(camp).0.trim_start_matches('#').to_string()
}

fn proposals(s: &Summary) -> Vec<Block> {
    if s.proposals.is_empty() {
        return vec![];
    }
    let mut out = vec![Block::Heading(1, "Responses to each proposal".into())];
    for p in &s.proposals {
        out.extend(proposal(s, p));
    }
    out
}

fn proposal(s: &Summary, p: &ProposalSummary) -> Vec<Block> {
    let o = &p.overall;
    let mut out = vec![
        Block::Heading(2, format!("{} ({})", p.short, p.id.0)),
        Block::Paragraph(p.text.clone()),
    ];
    let parts: Vec<(String, u64)> = CAMPS
        .iter()
        .map(|&camp| (fill(camp), camp_count(o, camp)))
        .collect();
    let description = CAMPS
        .iter()
        .map(|&camp| format!("{} {}", camp.label().to_lowercase(), camp_count(o, camp)))
        .collect::<Vec<_>>()
        .join(", ");
    out.push(Block::Chart(stacked_bar(
        &parts.iter().map(|(f, n)| (f.as_str(), *n)).collect::<Vec<_>>(),
        format!("Camps on {}: {description}.", p.short),
    )));
    let share_of_view = |camp: Camp| {
        o.share_of_view.map(|v| match camp {
            Camp::For => v.r#for,
            Camp::Against => v.against,
            Camp::Undecided => v.undecided,
            Camp::NoView => f64::NAN,
        })
    };
    out.push(Block::Table(Table {
        header: vec![
            "".into(),
            "Camp".into(),
            "Responses".into(),
            "Share of all".into(),
            "Share of those with a view".into(),
        ],
        rows: CAMPS
            .iter()
            .map(|&camp| {
                vec![
                    Cell {
                        text: String::new(),
                        fill: Some(fill(camp)),
                    },
                    camp.label().into(),
                    thousands(camp_count(o, camp)).into(),
                    pct(o.share.map(|sh| match camp {
                        Camp::For => sh.r#for,
                        Camp::Against => sh.against,
                        Camp::Undecided => sh.undecided,
                        Camp::NoView => sh.no_view,
                    }))
                    .into(),
                    (if camp == Camp::NoView {
                        "–".to_string()
                    } else {
                        pct(share_of_view(camp))
                    })
                    .into(),
                ]
            })
            .collect(),
        weights: vec![1, 3, 2, 2, 3],
    }));
    let stances = &p.by_source;
    out.push(Block::Paragraph(format!(
        "Of {} responses, {} took a view. {} stances are respondents' own answers to a closed question, {} were set by analysts and {} were inferred from what respondents wrote.",
        thousands(o.total),
        thousands(o.with_view),
        thousands(stances.declared.total - stances.declared.no_view),
        thousands(stances.analyst.total - stances.analyst.no_view),
        thousands(stances.model.total - stances.model.no_view),
    )));
    if let Some(two) = s
        .campaigns
        .as_ref()
        .filter(|cs| !cs.campaigns.is_empty())
        .and_then(|cs| cs.proposals.iter().find(|x| x.proposal == p.id))
        .filter(|two| !two.campaigns.is_empty())
    {
        let once = &two.each_campaign_once;
        out.push(Block::Paragraph(format!(
            "Counting each campaign once: {} for, {} against, {} undecided and {} no view.",
            thousands(once.r#for),
            thousands(once.against),
            thousands(once.undecided),
            thousands(once.no_view)
        )));
    }
    let types: Vec<_> = p
        .by_respondent_type
        .iter()
        .filter(|t| t.counts.total > 0)
        .collect();
    if types.len() > 1 {
        out.push(Block::Heading(3, "By respondent type".into()));
        out.push(Block::Table(Table {
            header: [
                "Respondent type",
                "For",
                "Against",
                "Undecided",
                "No view",
                "Total",
            ]
            .map(String::from)
            .to_vec(),
            rows: types
                .iter()
                .map(|t| {
                    let mut row: Vec<Cell> = vec![t.label.as_str().into()];
                    row.extend(
                        CAMPS
                            .iter()
                            .map(|&camp| Cell::from(thousands(camp_count(&t.counts, camp)))),
                    );
                    row.push(thousands(t.counts.total).into());
                    row
                })
                .collect(),
            weights: vec![4, 2, 2, 2, 2, 2],
        }));
    }
    if let Some(inf) = s
        .stance_model
        .as_ref()
        .and_then(|m| m.proposals.iter().find(|x| x.id == p.id))
    {
        let mut quotes = vec![];
        for camp in [Camp::For, Camp::Against, Camp::Undecided] {
            for e in inf
                .evidence
                .iter()
                .filter(|e| e.camp == camp)
                .take(EVIDENCE_PER_CAMP)
            {
                quotes.push(Block::Quote(format!("{}: “{}”", camp.label(), redact(&e.quote))));
            }
        }
        if !quotes.is_empty() {
            out.push(Block::Heading(3, "In respondents' words".into()));
            out.extend(quotes);
        }
    }
    if let Some(themes) = &s.themes {
        for q in themes
            .iter()
            .filter(|q| q.proposal.as_deref() == Some(p.id.0.as_str()))
        {
            out.extend(question_themes(q, 3));
        }
    }
    out
}

fn other_questions(s: &Summary) -> Vec<Block> {
    let Some(themes) = &s.themes else { return vec![] };
    let general: Vec<&QuestionThemes> = themes
        .iter()
        .filter(|q| {
            q.proposal
                .as_deref()
                .is_none_or(|id| !s.proposals.iter().any(|p| p.id.0 == id))
        })
        .collect();
    if general.is_empty() {
        return vec![];
    }
    let mut out = vec![Block::Heading(1, "Other questions".into())];
    for q in general {
        out.extend(question_themes(q, 2));
    }
    out
}

/// One question's main themes: a table of them, then each with its description and quotes.
fn question_themes(q: &QuestionThemes, level: u8) -> Vec<Block> {
    let mut out = vec![
        Block::Heading(level, format!("Main themes: {} ({})", q.text, q.question)),
        Block::Paragraph(format!(
            "{} respondents answered this question. Their answers were grouped into themes by what they argue; a respondent can raise more than one. {}",
            thousands(q.respondents),
            if q.themes.len() > THEMES_SHOWN {
                format!("The {THEMES_SHOWN} largest of {} themes are shown; the report lists all.", q.themes.len())
            } else {
                String::new()
            }
        )
        .trim_end()
        .to_string()),
    ];
    let shown: Vec<&ThemeSummary> = q.themes.iter().take(THEMES_SHOWN).collect();
    if shown.is_empty() {
        return out;
    }
    out.push(Block::Table(Table {
        header: ["Theme", "Respondents", "Share", "For", "Against", "Undecided"]
            .map(String::from)
            .to_vec(),
        rows: shown
            .iter()
            .map(|t| {
                vec![
                    format!("{} ({})", redact(&t.label), t.id).into(),
                    thousands(t.respondents).into(),
                    pct(Some(t.share)).into(),
                    thousands(t.stance.for_).into(),
                    thousands(t.stance.against).into(),
                    thousands(t.stance.undecided).into(),
                ]
            })
            .collect(),
        weights: vec![5, 3, 2, 2, 2, 2],
    }));
    for t in shown {
        out.push(Block::Heading(level + 1, redact(&t.label)));
        let mut line = format!(
            "{} respondents ({}).",
            thousands(t.respondents),
            pct(Some(t.share))
        );
        if let Some(c) = t.campaigns.as_ref().filter(|c| c.campaign_members > 0) {
            line.push_str(&format!(
                " {} of them are campaign copies; counting each campaign once, {}.",
                thousands(c.campaign_members),
                thousands(c.counted_once)
            ));
        }
        line.push(' ');
        line.push_str(&redact(&t.description));
        out.push(Block::Paragraph(line));
        for quote in t.quotes.iter().take(QUOTES_PER_THEME) {
            out.push(Block::Quote(format!("“{}”", redact(&quote.text))));
        }
    }
    out
}

fn campaigns(s: &Summary) -> Vec<Block> {
    let Some(cs) = s.campaigns.as_ref().filter(|cs| !cs.campaigns.is_empty()) else {
        return vec![];
    };
    let mut out = vec![
        Block::Heading(1, "Campaigns".into()),
        Block::Paragraph(format!(
            "{} of {} responses ({}) copy one of {} template texts. They are reported as campaigns: every copy is counted in the figures, and each campaign is described once here.",
            thousands(cs.in_campaigns),
            thousands(cs.responses),
            pct(cs.share_in_campaigns),
            cs.campaigns.len()
        )),
    ];
    out.push(Block::Table(Table {
        header: ["Campaign", "Copies", "Share of responses", "Its stance"]
            .map(String::from)
            .to_vec(),
        rows: cs
            .campaigns
            .iter()
            .map(|c| {
                let stance = c
                    .stances
                    .iter()
                    .map(|st| format!("{} on {}", st.camp.label().to_lowercase(), st.proposal.0))
                    .collect::<Vec<_>>()
                    .join(", ");
                vec![
                    c.id.as_str().into(),
                    thousands(c.size).into(),
                    pct(Some(c.share)).into(),
                    stance.into(),
                ]
            })
            .collect(),
        weights: vec![2, 1, 1, 4],
    }));
    for c in &cs.campaigns {
        out.push(Block::Heading(
            2,
            format!("Campaign {}: {} copies", c.id, thousands(c.size)),
        ));
        let template = redact(&c.template);
        let shown: String = template.chars().take(TEMPLATE_CHARS).collect();
        let ellipsis = if template.chars().count() > TEMPLATE_CHARS {
            "…"
        } else {
            ""
        };
        out.push(Block::Quote(format!("“{shown}{ellipsis}”")));
        if c.slots > 0 || c.skeleton.starts_with("In any order") {
            out.push(Block::Paragraph(format!("With its slots: {}", c.skeleton)));
        }
        if !c.evidence.is_empty() {
            out.push(Block::Paragraph(format!(
                "Evidence of one source: {}",
                c.evidence
            )));
        }
        if c.with_additions > 0 {
            out.push(Block::Paragraph(format!(
                "{} copies added words of their own, which were read as those respondents' own views.",
                thousands(c.with_additions)
            )));
        }
    }
    out
}

fn organisations(s: &Summary) -> Vec<Block> {
    let Some(section) = s.respondents.as_ref().filter(|r| !r.organisations.is_empty()) else {
        return vec![];
    };
    let mut out = vec![
        Block::Heading(1, "Organisations that responded".into()),
        Block::Paragraph(format!(
            "{} organisations responded. Individuals are not named.",
            thousands(section.organisations.len() as u64)
        )),
    ];
    let labels: std::collections::BTreeMap<_, _> = section
        .by_type
        .iter()
        .map(|t| (t.respondent_type, t.label.clone()))
        .collect();
    for (ty, names) in crate::organisations::annex(section) {
        let label = labels.get(&ty).cloned().unwrap_or_else(|| ty.label().to_string());
        out.push(Block::Heading(2, format!("{label} ({})", names.len())));
        out.push(Block::Paragraph(names.join("; ")));
    }
    out
}

fn method(s: &Summary) -> Vec<Block> {
    let mut out = vec![
        Block::Heading(1, "How the responses were analysed".into()),
        Block::Paragraph(s.methods.counting_unit.clone()),
    ];
    out.extend(
        s.methods
            .statements
            .iter()
            .map(|m| Block::Paragraph(m.text.clone())),
    );
    let mut accuracy = vec![];
    if let Some(m) = &s.stance_model {
        out.push(Block::Paragraph(m.method.clone()));
        if let Some(g) = &m.gold {
            accuracy.push(format!(
                "Stances against this consultation's own gold labels ({} pairs, {}): {:.0}% right, macro-F1 {:.2}.",
                g.pairs,
                g.scope,
                g.accuracy * 100.0,
                g.macro_f1
            ));
        }
        for p in &m.proposals {
            if let Some(l) = &p.learned_from {
                accuracy.push(format!(
                    "Stance on {}, learned from {} respondents who both ticked a box and explained it: cross-validated accuracy {:.0}%, macro-F1 {:.2}; {} inferred stances below {:.0}% confidence were put to an analyst.",
                    p.id.0,
                    l.examples,
                    l.cv_accuracy * 100.0,
                    l.cv_macro_f1,
                    p.queued_for_review,
                    m.review_below * 100.0
                ));
            }
        }
        if let Some(f1) = m.prior_unseen_macro_f1 {
            accuracy.push(format!(
                "Where a proposal had too few ticked boxes to learn from, a general stance model read the text; on topics it had never seen, its macro-F1 is {f1:.2}."
            ));
        }
    }
    if let Some(a) = s.respondents.as_ref().and_then(|r| r.inference_accuracy.as_ref()) {
        accuracy.push(format!(
            "Respondent types inferred from names and words, measured on {} {}: {:.0}% right, macro-F1 {:.2}.",
            a.rows,
            a.dataset,
            a.accuracy * 100.0,
            a.macro_f1
        ));
    }
    if !accuracy.is_empty() {
        out.push(Block::Heading(2, "Measured accuracy".into()));
        out.push(Block::Bullets(accuracy));
    }
    out
}
