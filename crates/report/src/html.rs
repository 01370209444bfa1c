//! The report as one self-contained HTML page.
//!
//! [`render_html`] turns a [`Summary`] into a view model of ready-made strings and chart
//! geometry, and the askama template `templates/report.html` lays it out. Askama escapes every
//! interpolated value (the template's `.html` extension turns HTML escaping on, and nothing
//! is marked `safe`), so titles, names and proposal texts from outside can never become markup.
//!
//! Charts are inline SVG built from rectangles and text whose positions small Rust helpers
//! compute here; the template only writes them out. That choice is deliberate:
//! - nothing is fetched or run: no charting library, no JavaScript, no web font, so the page
//!   opens offline, archives as one file and prints as it shows;
//! - the arithmetic is plain Rust, testable, and the same on every machine;
//! - each chart carries a `<title>` and a `<desc>` that state its figures in words, and every
//!   share is also printed as text and in a table, so no reader depends on colour or on sight;
//! - text uses the page's own (system) font, so there is no font to embed or measure.

use crate::inferred::StanceModelSummary;
use crate::summary::{CampCounts, Summary};
use askama::Template;
use barometer_domain::Camp;
use chrono::NaiveDate;

/// Renders `summary` as one self-contained HTML page: inline CSS and SVG, nothing fetched.
pub fn render_html(summary: &Summary) -> String {
    Page::new(summary)
        .render()
        // The view holds only strings and numbers, and no filter in the template can fail,
        // so the only possible error is a formatter error, which writing to a String never gives.
        .expect("rendering the report into a String cannot fail")
}

/// Width of every chart's coordinate system; the SVG scales to the page.
const CHART_W: f64 = 760.0;
/// Right edge of the row labels.
const LABEL_END: f64 = 196.0;
/// Left edge of the bars.
const BAR_X: f64 = 204.0;
/// Width of a full bar.
const BAR_W: f64 = 440.0;
/// Height of one bar.
const ROW_H: f64 = 24.0;
/// Vertical distance from one bar to the next.
const ROW_STEP: f64 = 32.0;
/// Left edge of the "n = …" text after a bar.
const N_X: f64 = 652.0;
/// Height of the legend strip above a stacked chart.
const LEGEND_H: f64 = 30.0;
/// Narrowest segment that gets its share printed inside it.
const MIN_LABELLED_W: f64 = 44.0;

/// A camp's colours: a fill and a text colour with enough contrast on it.
///
/// Blue and orange (Okabe and Ito's palette) stay apart for every common colour-vision
/// deficiency; the two greys differ in lightness from them and from each other, so the
/// order also survives greyscale printing.
pub(crate) fn camp_colours(camp: Camp) -> (&'static str, &'static str) {
    match camp {
        Camp::For => ("#0072b2", "#ffffff"),
        Camp::Against => ("#e69f00", "#0b0c0c"),
        Camp::Undecided => ("#8c9196", "#0b0c0c"),
        Camp::NoView => ("#dedede", "#0b0c0c"),
    }
}

/// A count with thousands separators: `12,345`.
pub(crate) fn thousands(n: u64) -> String {
    let digits = n.to_string();
    let mut out = String::with_capacity(digits.len() + digits.len() / 3);
    for (i, c) in digits.chars().enumerate() {
        if i > 0 && (digits.len() - i).is_multiple_of(3) {
            out.push(',');
        }
        out.push(c);
    }
    out
}

/// A share as a percentage to one decimal place, or a dash when there is no denominator.
pub(crate) fn pct(share: Option<f64>) -> String {
    share.map_or_else(|| "–".to_string(), |s| format!("{:.1}%", s * 100.0))
}

/// A date as people write it: `3 April 2014`.
pub(crate) fn long_date(d: NaiveDate) -> String {
    d.format("%-d %B %Y").to_string()
}

/// A coordinate, short and stable.
fn coord(x: f64) -> String {
    let s = format!("{x:.2}");
    s.trim_end_matches('0').trim_end_matches('.').to_string()
}

pub(crate) fn camp_count(c: &CampCounts, camp: Camp) -> u64 {
    match camp {
        Camp::For => c.r#for,
        Camp::Against => c.against,
        Camp::Undecided => c.undecided,
        Camp::NoView => c.no_view,
    }
}

fn camp_share(c: &CampCounts, camp: Camp) -> Option<f64> {
    c.share.map(|s| match camp {
        Camp::For => s.r#for,
        Camp::Against => s.against,
        Camp::Undecided => s.undecided,
        Camp::NoView => s.no_view,
    })
}

#[derive(Template)]
#[template(path = "report.html")]
struct Page<'a> {
    s: &'a Summary,
    opens: String,
    closes: String,
    window_length: String,
    /// The window against the named standard: whether it fell short, and the sentence.
    window_note: Option<(bool, String)>,
    description: Vec<&'a str>,
    responses: String,
    mix: Vec<MixRow>,
    mix_chart: MixChart,
    arrivals: Vec<Fact>,
    content: Vec<Fact>,
    breadth: Vec<Fact>,
    /// Responses in languages the encoder does not read, by language.
    languages: Vec<Fact>,
    /// A sentence on the responses read from scans by OCR, if any.
    ocr_note: Option<String>,
    proposals: Vec<ProposalView<'a>>,
    sources: Vec<SourceRow<'a>>,
    geo: Geometry,
    campaigns: Option<crate::campaigns::CampaignsView>,
    organisations: Option<crate::organisations::OrganisationsView>,
    /// Where the respondent types came from, under the by-type figures.
    type_sources_line: Option<String>,
    themes: Vec<crate::themes::QuestionView<'a>>,
}

/// The chart constants, written out once for the template.
struct Geometry {
    chart_w: String,
    label_end: String,
    bar_x: String,
    bar_w: String,
    row_h: String,
    n_x: String,
    empty_text_x: String,
}

impl Geometry {
    fn new() -> Self {
        Geometry {
            chart_w: coord(CHART_W),
            label_end: coord(LABEL_END),
            bar_x: coord(BAR_X),
            bar_w: coord(BAR_W),
            row_h: coord(ROW_H),
            n_x: coord(N_X),
            empty_text_x: coord(BAR_X + 10.0),
        }
    }
}

/// A label and a formatted number.
struct Fact {
    label: String,
    value: String,
}

struct MixRow {
    label: String,
    count: String,
    share: String,
}

struct MixChart {
    height: String,
    desc: String,
    rows: Vec<MixBar>,
}

struct MixBar {
    label: String,
    label_y: String,
    y: String,
    width: String,
    value: String,
    value_x: String,
}

struct ProposalView<'a> {
    inferred: Option<InferredView>,
    anchor: String,
    id: &'a str,
    short: &'a str,
    text: &'a str,
    headline: String,
    view_line: String,
    source_line: String,
    rows: Vec<TableRow>,
    chart: StackedChart,
}

struct TableRow {
    label: String,
    overall: bool,
    responses: String,
    cells: Vec<Cell>,
    with_view: String,
}

struct Cell {
    count: String,
    share: String,
}

struct StackedChart {
    id: String,
    title: String,
    desc: String,
    height: String,
    legend: Vec<LegendKey>,
    rows: Vec<StackRow>,
}

struct LegendKey {
    x: String,
    text_x: String,
    fill: &'static str,
    label: &'static str,
}

struct StackRow {
    label: String,
    overall: bool,
    y: String,
    text_y: String,
    n: String,
    empty: bool,
    segments: Vec<Segment>,
}

struct Segment {
    x: String,
    width: String,
    fill: &'static str,
    text_fill: &'static str,
    text_x: String,
    tooltip: String,
    label: Option<String>,
}

struct SourceRow<'a> {
    file: &'a str,
    format: &'static str,
    records: String,
    sha256: &'a str,
}

/// What the report says about the window's length, where the definition names a standard.
fn window_note(c: &crate::summary::ConsultationInfo) -> Option<(bool, String)> {
    let w = &c.window;
    let (source, advice, days, meets) = (
        w.standard_source.as_deref()?,
        w.advice.as_deref()?,
        w.recommended_days?,
        w.meets_recommendation?,
    );
    Some((
        !meets,
        if meets {
            format!("Under {source}, the advice is {advice} ({days} days), and this consultation met it.")
        } else {
            format!("Under {source}, the advice is {advice} ({days} days).")
        },
    ))
}

impl<'a> Page<'a> {
    fn new(s: &'a Summary) -> Self {
        let c = &s.consultation;
        let window = &c.window;
        let t = &s.totals;
        Page {
            s,
            opens: long_date(c.opens),
            closes: long_date(c.closes),
            window_length: format!(
                "{} days ({:.1} weeks)",
                thousands(window.days.max(0) as u64),
                window.weeks
            ),
            window_note: window_note(c),
            description: c
                .description
                .as_deref()
                .map(|d| d.split("\n\n").map(str::trim).filter(|p| !p.is_empty()).collect())
                .unwrap_or_default(),
            responses: thousands(t.responses),
            mix: t
                .by_respondent_type
                .iter()
                .map(|r| MixRow {
                    label: r.label.clone(),
                    count: thousands(r.responses),
                    share: pct(r.share),
                })
                .collect(),
            mix_chart: mix_chart(s),
            arrivals: vec![
                Fact {
                    label: "Rows of a consultation hub's export".into(),
                    value: thousands(t.by_source_kind.export),
                },
                Fact {
                    label: "Barometer's web form".into(),
                    value: thousands(t.by_source_kind.form),
                },
                Fact {
                    label: "Letters and emails".into(),
                    value: thousands(t.by_source_kind.letter),
                },
            ],
            content: vec![
                Fact {
                    label: "Answered closed questions and wrote free text".into(),
                    value: thousands(t.content.both),
                },
                Fact {
                    label: "Answered closed questions only".into(),
                    value: thousands(t.content.closed_only),
                },
                Fact {
                    label: "Wrote free text only".into(),
                    value: thousands(t.content.free_text_only),
                },
                Fact {
                    label: "Neither (empty)".into(),
                    value: thousands(t.content.neither),
                },
            ],
            breadth: t
                .by_proposals_with_view
                .iter()
                .map(|b| Fact {
                    label: match (b.proposals, s.proposals.len() as u64) {
                        (0, _) => "No proposal".to_string(),
                        (n, all) if n == all && all > 1 => format!("All {n} proposals"),
                        (1, _) => "1 proposal".to_string(),
                        (n, _) => format!("{n} proposals"),
                    },
                    value: thousands(b.responses),
                })
                .collect(),
            ocr_note: t.read_by_ocr.as_ref().map(|o| {
                format!(
                    "{} {} read from scanned pages by optical character recognition (OCR), \
                     with a mean word confidence of {:.0}% (lowest {:.0}%); quotes from them \
                     may carry recognition errors.",
                    thousands(o.responses),
                    if o.responses == 1 {
                        "response was"
                    } else {
                        "responses were"
                    },
                    o.mean_confidence * 100.0,
                    o.lowest_confidence * 100.0
                )
            }),
            languages: t
                .other_languages
                .iter()
                .map(|l| Fact {
                    label: l.language.clone(),
                    value: thousands(l.responses),
                })
                .collect(),
            proposals: s
                .proposals
                .iter()
                .enumerate()
                .map(|(i, p)| {
                    let mut view = proposal_view(i, p);
                    view.inferred = s.stance_model.as_ref().and_then(|m| inferred_view(p, m));
                    view
                })
                .collect(),
            sources: s
                .run
                .sources
                .iter()
                .map(|f| SourceRow {
                    file: &f.file,
                    format: f.format.as_str(),
                    records: thousands(f.records),
                    sha256: &f.sha256,
                })
                .collect(),
            geo: Geometry::new(),
            campaigns: crate::campaigns::view(s),
            organisations: crate::organisations::view(s),
            type_sources_line: s
                .respondents
                .as_ref()
                .map(crate::organisations::type_sources_line),
            themes: s
                .themes
                .as_deref()
                .map(|q| crate::themes::views(q, &s.totals.by_respondent_type))
                .unwrap_or_default(),
        }
    }
}

fn mix_chart(s: &Summary) -> MixChart {
    let types = &s.totals.by_respondent_type;
    let max = types.iter().map(|t| t.responses).max().unwrap_or(0);
    let rows: Vec<MixBar> = types
        .iter()
        .enumerate()
        .map(|(i, t)| {
            let y = 4.0 + i as f64 * ROW_STEP;
            let width = if max == 0 {
                0.0
            } else {
                BAR_W * t.responses as f64 / max as f64
            };
            MixBar {
                label: t.label.clone(),
                label_y: coord(y + ROW_H / 2.0),
                y: coord(y),
                width: coord(width),
                value: format!("{} ({})", thousands(t.responses), pct(t.share)),
                value_x: coord(BAR_X + width + 6.0),
            }
        })
        .collect();
    let desc = types
        .iter()
        .map(|t| format!("{}: {} ({})", t.label, thousands(t.responses), pct(t.share)))
        .collect::<Vec<_>>()
        .join("; ");
    MixChart {
        height: coord(8.0 + types.len() as f64 * ROW_STEP),
        desc: format!(
            "Responses by respondent type, of {} in all. {desc}.",
            thousands(s.totals.responses)
        ),
        rows,
    }
}

fn table_row(label: &str, overall: bool, c: &CampCounts) -> TableRow {
    TableRow {
        label: label.to_string(),
        overall,
        responses: thousands(c.total),
        cells: Camp::ALL
            .into_iter()
            .map(|camp| Cell {
                count: thousands(camp_count(c, camp)),
                share: pct(camp_share(c, camp)),
            })
            .collect(),
        with_view: thousands(c.with_view),
    }
}

/// One sentence of a chart's description: a group's shares in words.
fn describe(label: &str, c: &CampCounts) -> String {
    if c.total == 0 {
        return format!("{label}: no responses.");
    }
    let parts: Vec<String> = Camp::ALL
        .into_iter()
        .map(|camp| format!("{} {}", pct(camp_share(c, camp)), camp.label().to_lowercase()))
        .collect();
    format!(
        "{label}, of {} responses: {}.",
        thousands(c.total),
        parts.join(", ")
    )
}

fn stack_row(i: usize, label: &str, overall: bool, c: &CampCounts) -> StackRow {
    let y = LEGEND_H + 4.0 + i as f64 * ROW_STEP;
    let mut x = BAR_X;
    let mut segments = Vec::new();
    if c.total > 0 {
        for camp in Camp::ALL {
            let n = camp_count(c, camp);
            if n == 0 {
                continue;
            }
            let width = BAR_W * n as f64 / c.total as f64;
            let (fill, text_fill) = camp_colours(camp);
            let share = pct(camp_share(c, camp));
            segments.push(Segment {
                x: coord(x),
                width: coord(width),
                fill,
                text_fill,
                text_x: coord(x + width / 2.0),
                tooltip: format!("{label}, {}: {} ({share})", camp.label(), thousands(n)),
                label: (width >= MIN_LABELLED_W).then_some(share),
            });
            x += width;
        }
    }
    StackRow {
        label: label.to_string(),
        overall,
        y: coord(y),
        text_y: coord(y + ROW_H / 2.0),
        n: format!("n = {}", thousands(c.total)),
        empty: c.total == 0,
        segments,
    }
}

fn proposal_view(i: usize, p: &crate::summary::ProposalSummary) -> ProposalView<'_> {
    let o = &p.overall;
    let mut rows = vec![table_row("All responses", true, o)];
    let mut bars = vec![stack_row(0, "All responses", true, o)];
    let mut desc = vec![describe("All responses", o)];
    for (j, t) in p.by_respondent_type.iter().enumerate() {
        let label = t.label.as_str();
        rows.push(table_row(label, false, &t.counts));
        bars.push(stack_row(j + 1, label, false, &t.counts));
        desc.push(describe(label, &t.counts));
    }
    let legend = Camp::ALL
        .into_iter()
        .enumerate()
        .map(|(k, camp)| {
            let x = BAR_X + k as f64 * 110.0;
            LegendKey {
                x: coord(x),
                text_x: coord(x + 20.0),
                fill: camp_colours(camp).0,
                label: camp.label(),
            }
        })
        .collect();
    let headline = if o.total == 0 {
        "No responses were counted.".to_string()
    } else {
        let part = |camp: Camp| {
            format!(
                "{} ({})",
                thousands(camp_count(o, camp)),
                pct(camp_share(o, camp))
            )
        };
        format!(
            "Of {} responses, {} were for, {} against, {} undecided and {} took no view.",
            thousands(o.total),
            part(Camp::For),
            part(Camp::Against),
            part(Camp::Undecided),
            part(Camp::NoView)
        )
    };
    let view_line = match o.share_of_view {
        Some(v) => format!(
            "Of the {} that took a view, {} were for, {} against and {} undecided.",
            thousands(o.with_view),
            pct(Some(v.r#for)),
            pct(Some(v.against)),
            pct(Some(v.undecided))
        ),
        None => "No response took a view on this proposal.".to_string(),
    };
    let b = &p.by_source;
    let source_line = format!(
        "Who decided these stances: {} declared by respondents in a closed answer, {} labelled \
         by analysts, {} inferred by Barometer's model; {} responses did not address the proposal.",
        thousands(b.declared.total),
        thousands(b.analyst.total),
        thousands(b.model.total),
        thousands(b.none.total)
    );
    let rows_n = bars.len();
    ProposalView {
        inferred: None,
        anchor: format!("proposal-{}", i + 1),
        id: &p.id.0,
        short: &p.short,
        text: &p.text,
        headline,
        view_line,
        source_line,
        rows,
        chart: StackedChart {
            id: format!("chart-{}", i + 1),
            title: format!("{}: stances by respondent type", p.short),
            desc: desc.join(" "),
            height: coord(LEGEND_H + 8.0 + rows_n as f64 * ROW_STEP),
            legend,
            rows: bars,
        },
    }
}

/// What the model inferred on one proposal, as sentences and quotes.
struct InferredView {
    declared_line: String,
    inferred_line: String,
    learned_line: String,
    review_line: Option<String>,
    quotes: Vec<QuoteView>,
}

struct QuoteView {
    camp: &'static str,
    quote: String,
    confidence: String,
}

fn inferred_view(p: &crate::summary::ProposalSummary, m: &StanceModelSummary) -> Option<InferredView> {
    let i = m.proposals.iter().find(|i| i.id == p.id)?;
    let d = &p.by_source.declared;
    let declared_line = format!(
        "Declared in a closed answer: {} for, {} against, {} undecided.",
        thousands(d.r#for),
        thousands(d.against),
        thousands(d.undecided)
    );
    let inferred_line = if i.inferred == 0 {
        "No stance on this proposal was inferred from text.".to_string()
    } else {
        let parts: Vec<String> = i
            .camps
            .iter()
            .map(|c| {
                let interval = c
                    .interval_95
                    .map(|[lo, hi]| format!(", 95% interval {}–{}", pct(Some(lo)), pct(Some(hi))))
                    .unwrap_or_default();
                format!(
                    "{} {} ({}{interval})",
                    thousands(c.count),
                    c.camp.label().to_lowercase(),
                    pct(c.share)
                )
            })
            .collect();
        format!(
            "Inferred from the text of {} responses: {}.",
            thousands(i.inferred),
            parts.join(", ")
        )
    };
    let learned_line = match &i.learned_from {
        Some(l) => format!(
            "The model learned from {} respondents who ticked an answer and explained it ({} for, \
             {} against, {} undecided); predicting them out of sample it scored accuracy {} and \
             macro-F1 {:.2}.",
            thousands(l.examples),
            thousands(l.for_against_undecided[0]),
            thousands(l.for_against_undecided[1]),
            thousands(l.for_against_undecided[2]),
            pct(Some(l.cv_accuracy)),
            l.cv_macro_f1
        ),
        None if i.read_by_prior > 0 => format!(
            "Too few respondents ticked an answer on this proposal to learn from, so {} of these \
             stances rest on the stance prior alone: a model trained on public stance data across \
             many topics{}. Treat them as a first reading for analysts to check.",
            thousands(i.read_by_prior),
            m.prior_unseen_macro_f1
                .map(|f| format!(", which scored macro-F1 {f:.2} on topics it never saw"))
                .unwrap_or_default()
        ),
        None => "Too few respondents explained a closed answer on this proposal for the model to \
                 learn from, and no response without an answer spoke to it."
            .to_string(),
    };
    let review_line = (i.queued_for_review > 0).then(|| {
        format!(
            "{} of the inferred stances are below {} confidence and are queued for an analyst to check.",
            thousands(i.queued_for_review),
            pct(Some(m.review_below))
        )
    });
    let quotes = i
        .evidence
        .iter()
        .map(|q| QuoteView {
            camp: q.camp.label(),
            quote: q.quote.clone(),
            confidence: pct(Some(q.confidence)),
        })
        .collect();
    Some(InferredView {
        declared_line,
        inferred_line,
        learned_line,
        review_line,
        quotes,
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn thousands_are_separated() {
        assert_eq!(thousands(0), "0");
        assert_eq!(thousands(999), "999");
        assert_eq!(thousands(1000), "1,000");
        assert_eq!(thousands(1234567), "1,234,567");
    }

    #[test]
    fn shares_print_to_one_decimal_place() {
        assert_eq!(pct(Some(0.6667)), "66.7%");
        assert_eq!(pct(Some(1.0)), "100.0%");
        assert_eq!(pct(None), "–");
    }

    #[test]
    fn coordinates_are_short() {
        assert_eq!(coord(204.0), "204");
        assert_eq!(coord(146.6667), "146.67");
        assert_eq!(coord(12.5), "12.5");
    }
}

#[cfg(test)]
mod page_tests {
    use super::*;
    use crate::{build_summary, fixture};
    use barometer_domain::Consultation;

    fn html() -> String {
        render_html(&build_summary(
            &fixture::consultation(),
            &fixture::responses(),
            &fixture::run(),
        ))
    }

    const HOSTILE: &str = r#"<script>alert(1)</script>" onerror="x"#;

    #[test]
    fn outside_text_is_escaped_never_raw() {
        let toml = fixture::TOML
            .replace(
                r#"title = "Library opening hours""#,
                &format!("title = '{HOSTILE}'"),
            )
            .replace(
                r#"organisation = "Anytown Council""#,
                &format!("organisation = '{HOSTILE}'"),
            )
            .replace(
                r#"text = "Libraries should open on Sundays.""#,
                &format!("text = '{HOSTILE}'"),
            )
            .replace(r#"short = "Open on Sundays""#, &format!("short = '{HOSTILE}'"))
            .replace(
                r#"description = "Should libraries open later?""#,
                &format!("description = '{HOSTILE}'"),
            );
        let consultation = Consultation::parse(&toml).unwrap();
        assert_eq!(consultation.title, HOSTILE);
        let mut run = fixture::run();
        run.sources[0].file = HOSTILE.into();
        run.generated_at = HOSTILE.into();
        let html = render_html(&build_summary(&consultation, &fixture::responses(), &run));
        assert!(!html.contains("<script"), "a script tag got through");
        assert!(!html.contains("alert(1)</script>"));
        assert!(!html.contains(r#"" onerror=""#), "an attribute got through");
        assert!(!html.contains("onerror=\""));
        // Askama writes numeric character references.
        assert!(html.contains("&#60;script&#62;alert(1)&#60;/script&#62;"));
        // Title, organisation (twice), description, proposal text, the short name (nav, heading,
        // figure caption, chart title) and the source file name all appear, escaped.
        let escaped = html
            .matches("&#60;script&#62;alert(1)&#60;/script&#62;&#34; onerror=&#34;x")
            .count();
        assert!(escaped >= 10, "found {escaped} escaped copies");
    }

    #[test]
    fn nothing_is_fetched_from_the_network() {
        let html = html();
        assert!(!html.contains("http://"), "{html}");
        assert!(!html.contains("https://"));
        assert!(!html.contains("src="), "no image, script or frame sources");
        assert!(!html.contains("<link"), "no stylesheets or fonts by link");
        assert!(!html.contains("<script"), "no JavaScript");
        assert!(
            !html.contains("@import") && !html.contains("url("),
            "no CSS fetches"
        );
        for href in html.split("href=\"").skip(1) {
            assert!(
                href.starts_with('#'),
                "only in-page links: {}",
                &href[..20.min(href.len())]
            );
        }
    }

    #[test]
    fn one_chart_per_proposal_plus_the_respondent_mix() {
        let html = html();
        assert_eq!(html.matches("<svg").count(), 1 + 2);
        for id in ["chart-1", "chart-2"] {
            assert!(html.contains(&format!(r#"aria-labelledby="{id}-title {id}-desc""#)));
            assert!(html.contains(&format!(r#"<title id="{id}-title">"#)));
            assert!(html.contains(&format!(r#"<desc id="{id}-desc">"#)));
        }
        // Shares are printed as text, in the chart's description and in the table.
        assert!(
            html.contains(
                "Individual, of 3 responses: 66.7% for, 33.3% against, 0.0% undecided, 0.0% no view."
            )
        );
        assert!(html.contains("Academic: no responses."));
        assert!(html.contains(r#"<td class="num">2<span class="share">66.7%</span></td>"#));
    }

    #[test]
    fn page_shows_the_window_warning_with_dates() {
        let html = html();
        assert!(html.contains("Shorter than the recommended length"));
        assert!(html.contains("1 April 2014") && html.contains("13 May 2014"));
        assert!(html.contains(
            "Under the 2008 Code of Practice on Consultation, the advice is at least twelve weeks (84 days)."
        ));
        assert!(html.contains("42 days (6.0 weeks)"));
    }

    #[test]
    fn a_twelve_week_consultation_gets_no_warning() {
        let toml = fixture::TOML.replace("closes = 2014-05-13", "closes = 2014-06-24");
        let c = Consultation::parse(&toml).unwrap();
        let html = render_html(&build_summary(&c, &fixture::responses(), &fixture::run()));
        assert!(!html.contains("Shorter than the recommended"));
        assert!(html.contains("and this consultation met it"));
    }

    #[test]
    fn responses_read_by_ocr_and_in_other_languages_are_said_with_their_figures() {
        let mut responses = fixture::responses();
        assert!(!html().contains("optical character recognition"));
        responses[0].ocr_confidence = Some(0.9);
        responses[1].ocr_confidence = Some(0.7);
        responses[2].other_language = Some("German".into());
        let s = build_summary(&fixture::consultation(), &responses, &fixture::run());
        let ocr = s.totals.read_by_ocr.as_ref().unwrap();
        assert_eq!(
            (ocr.responses, ocr.mean_confidence, ocr.lowest_confidence),
            (2, 0.8, 0.7)
        );
        let html = render_html(&s);
        assert!(
            html.contains("2 responses were read from scanned pages by optical character recognition (OCR), with a mean word confidence of 80% (lowest 70%)"),
            "{html}"
        );
        assert!(html.contains(r#"<tr><th scope="row">German</th><td class="num">1</td></tr>"#));
    }

    #[test]
    fn a_consultation_naming_no_standard_gets_no_window_notice() {
        let toml = fixture::TOML.replace("standard = \"uk-2008\"\n", "");
        let c = Consultation::parse(&toml).unwrap();
        assert_eq!(c.standard, None);
        let html = render_html(&build_summary(&c, &fixture::responses(), &fixture::run()));
        assert!(!html.contains("window-heading"));
        assert!(!html.contains("Code of Practice"));
        assert!(html.contains("42 days (6.0 weeks)"));
    }

    #[test]
    fn tables_are_accessible() {
        let html = html();
        assert!(html.matches("<caption>").count() >= 2 + 4);
        assert!(html.contains(r#"<th scope="row">Other organisation</th>"#));
        assert!(html.contains(r#"<th scope="col" class="num">No view</th>"#));
        assert!(html.contains(r#"<html lang="en-GB">"#));
        assert_eq!(html.matches("<h1>").count(), 1);
    }

    #[test]
    fn footer_names_version_time_and_sources() {
        let html = html();
        assert!(html.contains("Barometer 0.1.0 on 2014-06-01T09:00:00Z"));
        assert!(html.contains("9f86d081884c7d659a2feaa0c55ad015a3bf4f1b2b0b822cd15d6c15b0f00a08"));
        assert!(html.contains("responses.csv"));
    }

    #[test]
    fn rendering_is_reproducible() {
        assert_eq!(html(), html());
    }
}
