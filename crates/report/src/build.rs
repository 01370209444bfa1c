//! Counting analysed responses into a [`Summary`].
//!
//! Every figure is a plain count of responses; shares are those counts divided, then rounded.
//! A response with no judgement on a proposal counts as no view on it, decided by nobody.

use crate::summary::{
    CampCounts, CampShares, CampTally, ConsultationInfo, ContentCounts, LanguageTotal, MethodStatement,
    Methods, OcrTotal, ProposalSummary, RunInfo, SCHEMA_VERSION, SourceKindCounts, StanceSourceCounts,
    Summary, Totals, TypeCamps, TypeTotal, ViewBreadth, ViewShares, Window,
};
use barometer_analysis::AnalysedResponse;
use barometer_domain::{
    Camp, Consultation, Proposal, QuestionKind, RespondentType, SourceKind, Stance, StanceSource,
};
use std::collections::BTreeSet;

/// Counts `responses` to `consultation` into a [`Summary`], stamped with `run`.
///
/// Pure and deterministic: the same inputs give the same summary, whatever the responses' order.
pub fn build_summary(consultation: &Consultation, responses: &[AnalysedResponse], run: &RunInfo) -> Summary {
    let proposals: Vec<ProposalSummary> = consultation
        .proposals
        .iter()
        .map(|p| summarise_proposal(consultation, p, responses))
        .collect();
    let totals = totals(consultation, responses);
    let methods = methods(consultation, &proposals, &totals);
    Summary {
        schema_version: SCHEMA_VERSION,
        consultation: consultation_info(consultation),
        totals,
        proposals,
        methods,
        run: run.clone(),
        stance_model: None,
        campaigns: None,
        respondents: None,
        themes: None,
    }
}

/// A ratio rounded to four decimal places, or `None` when there is nothing to divide by.
fn share(part: u64, whole: u64) -> Option<f64> {
    (whole > 0).then(|| round(part as f64 / whole as f64, 4))
}

fn round(x: f64, places: i32) -> f64 {
    let scale = 10f64.powi(places);
    (x * scale).round() / scale
}

fn consultation_info(c: &Consultation) -> ConsultationInfo {
    let check = c.window_check();
    ConsultationInfo {
        title: c.title.clone(),
        organisation: c.organisation.clone(),
        description: c.description.clone(),
        opens: c.opens,
        closes: c.closes,
        window: Window {
            days: check.days,
            weeks: round(check.weeks, 2),
            standard: check.standard.map(|s| s.as_str().to_string()),
            standard_source: check.standard.map(|s| s.source().to_string()),
            advice: check.standard.map(|s| s.advice().to_string()),
            recommended_days: check.standard.map(|s| s.min_days()),
            meets_recommendation: check.standard.map(|s| check.days >= s.min_days()),
            warning: check.warning,
        },
    }
}

/// The camp a response is counted in on a proposal, and who decided it.
fn judged(r: &AnalysedResponse, p: &Proposal) -> (Camp, Option<StanceSource>) {
    r.judgements
        .get(&p.id)
        .map_or((Camp::NoView, None), |j| (j.camp, j.source))
}

fn totals(c: &Consultation, responses: &[AnalysedResponse]) -> Totals {
    let all = responses.len() as u64;
    let mut by_source_kind = SourceKindCounts::default();
    let mut content = ContentCounts::default();
    let mut breadth = vec![0u64; c.proposals.len() + 1];
    for r in responses {
        match r.source {
            SourceKind::Form => by_source_kind.form += 1,
            SourceKind::Export => by_source_kind.export += 1,
            SourceKind::Letter => by_source_kind.letter += 1,
        }
        let (closed, text) = (r.has_closed_answers, r.has_free_text);
        content.closed_answers += u64::from(closed);
        content.free_text += u64::from(text);
        match (closed, text) {
            (true, true) => content.both += 1,
            (true, false) => content.closed_only += 1,
            (false, true) => content.free_text_only += 1,
            (false, false) => content.neither += 1,
        }
        let views = c
            .proposals
            .iter()
            .filter(|p| judged(r, p).0 != Camp::NoView)
            .count();
        breadth[views] += 1;
    }
    Totals {
        responses: all,
        by_source_kind,
        by_respondent_type: RespondentType::ALL
            .into_iter()
            .map(|t| {
                let n = responses.iter().filter(|r| r.respondent_type == t).count() as u64;
                TypeTotal {
                    respondent_type: t,
                    label: c.type_label(t).to_string(),
                    responses: n,
                    share: share(n, all),
                }
            })
            .collect(),
        content,
        by_proposals_with_view: breadth
            .into_iter()
            .enumerate()
            .map(|(n, responses)| ViewBreadth {
                proposals: n as u64,
                responses,
            })
            .collect(),
        other_languages: other_languages(responses),
        read_by_ocr: read_by_ocr(responses),
    }
}

/// The responses read from scans, with their recogniser confidences.
fn read_by_ocr(responses: &[AnalysedResponse]) -> Option<OcrTotal> {
    let confidences: Vec<f64> = responses
        .iter()
        .filter_map(|r| r.ocr_confidence.map(f64::from))
        .collect();
    if confidences.is_empty() {
        return None;
    }
    Some(OcrTotal {
        responses: confidences.len() as u64,
        mean_confidence: round(confidences.iter().sum::<f64>() / confidences.len() as f64, 3),
        lowest_confidence: round(confidences.iter().copied().fold(f64::INFINITY, f64::min), 3),
    })
}

/// Responses by the language the encoder does not read, most first, then by name.
fn other_languages(responses: &[AnalysedResponse]) -> Vec<LanguageTotal> {
    let mut by: std::collections::BTreeMap<&str, u64> = std::collections::BTreeMap::new();
    for l in responses.iter().filter_map(|r| r.other_language.as_deref()) {
        *by.entry(l).or_default() += 1;
    }
    let mut out: Vec<LanguageTotal> = by
        .into_iter()
        .map(|(language, responses)| LanguageTotal {
            language: language.to_string(),
            responses,
        })
        .collect();
    out.sort_by(|a, b| b.responses.cmp(&a.responses).then(a.language.cmp(&b.language)));
    out
}

impl CampTally {
    fn add(&mut self, camp: Camp) {
        match camp {
            Camp::For => self.r#for += 1,
            Camp::Against => self.against += 1,
            Camp::Undecided => self.undecided += 1,
            Camp::NoView => self.no_view += 1,
        }
        self.total += 1;
    }
}

impl CampCounts {
    fn from_tally(t: CampTally) -> Self {
        let with_view = t.r#for + t.against + t.undecided;
        // Callers check the denominator first.
        let ratio = |part: u64, whole: u64| round(part as f64 / whole as f64, 4);
        let shares = (t.total > 0).then(|| CampShares {
            r#for: ratio(t.r#for, t.total),
            against: ratio(t.against, t.total),
            undecided: ratio(t.undecided, t.total),
            no_view: ratio(t.no_view, t.total),
        });
        let share_of_view = (with_view > 0).then(|| ViewShares {
            r#for: ratio(t.r#for, with_view),
            against: ratio(t.against, with_view),
            undecided: ratio(t.undecided, with_view),
        });
        CampCounts {
            r#for: t.r#for,
            against: t.against,
            undecided: t.undecided,
            no_view: t.no_view,
            total: t.total,
            with_view,
            share: shares,
            share_of_view,
        }
    }
}

fn summarise_proposal(
    consultation: &Consultation,
    p: &Proposal,
    responses: &[AnalysedResponse],
) -> ProposalSummary {
    let mut overall = CampTally::default();
    let mut by_type = [CampTally::default(); RespondentType::ALL.len()];
    let mut by_source = StanceSourceCounts::default();
    for r in responses {
        let (camp, source) = judged(r, p);
        overall.add(camp);
        let t = RespondentType::ALL
            .iter()
            .position(|t| *t == r.respondent_type)
            .expect("RespondentType::ALL lists every type");
        by_type[t].add(camp);
        match source {
            Some(StanceSource::Declared) => by_source.declared.add(camp),
            Some(StanceSource::Analyst) => by_source.analyst.add(camp),
            Some(StanceSource::Model) => by_source.model.add(camp),
            None => by_source.none.add(camp),
        }
    }
    ProposalSummary {
        id: p.id.clone(),
        short: p.short_name().to_string(),
        text: p.text.clone(),
        overall: CampCounts::from_tally(overall),
        by_respondent_type: RespondentType::ALL
            .into_iter()
            .zip(by_type)
            .map(|(t, tally)| TypeCamps {
                respondent_type: t,
                label: consultation.type_label(t).to_string(),
                counts: CampCounts::from_tally(tally),
            })
            .collect(),
        by_source,
    }
}

/// The options of the consultation's closed questions that mean `stance`, quoted and joined.
fn options_meaning(c: &Consultation, stance: Option<Stance>) -> String {
    let options: BTreeSet<&str> = c
        .questions
        .iter()
        .filter(|q| q.kind == QuestionKind::Closed)
        .flat_map(|q| {
            q.options
                .options()
                .filter(move |o| q.options.stance_of(o) == Some(stance))
        })
        .collect();
    let quoted: Vec<String> = options.iter().map(|o| format!("“{o}”")).collect();
    match quoted.as_slice() {
        [] => String::new(),
        [one] => one.clone(),
        [init @ .., last] => format!("{} or {last}", init.join(", ")),
    }
}

fn methods(c: &Consultation, proposals: &[ProposalSummary], totals: &Totals) -> Methods {
    let statement = |id: &str, text: String| MethodStatement {
        id: id.to_string(),
        text,
    };
    let sum = |f: fn(&StanceSourceCounts) -> u64| proposals.iter().map(|p| f(&p.by_source)).sum();
    let declared: u64 = sum(|s| s.declared.total);
    let analyst: u64 = sum(|s| s.analyst.total);
    let model: u64 = sum(|s| s.model.total);

    let mut statements = vec![statement(
        "respondent_type",
        "Respondent types come from what respondents said about themselves: whether they \
         answered as an individual or for an organisation, and the organisation's type, mapped \
         to Barometer's types as the consultation definition sets out. Where a response did \
         not say (a letter, an email, a docket comment with no category), the type is inferred \
         from the organisation's name, an email domain, the letterhead and sign-off, and what \
         the text says about its sender; without such clues a response with no organisation \
         named counts as an individual's."
            .to_string(),
    )];
    let mut mapped = Vec::new();
    for (camp, stance) in [
        ("for", Some(Stance::For)),
        ("against", Some(Stance::Against)),
        ("undecided", Some(Stance::Undecided)),
    ] {
        let options = options_meaning(c, stance);
        if !options.is_empty() {
            mapped.push(format!("{options} count as {camp}"));
        }
    }
    let silent = options_meaning(c, None);
    if !silent.is_empty() {
        mapped.push(format!("{silent} take no stance and count as no view"));
    }
    let mut declared_text =
        String::from("Stances are the respondents' own answers to the closed question on each proposal");
    if !mapped.is_empty() {
        declared_text.push_str(": ");
        declared_text.push_str(&mapped.join("; "));
    }
    declared_text.push('.');
    declared_text.push_str(
        " A respondent whose answers to several closed questions on one proposal disagree \
         counts as undecided.",
    );
    statements.push(statement("stance.declared", declared_text));
    statements.push(statement(
        "stance.no_view",
        "A response with no closed answer on a proposal counts as no view on it. Shares “of all \
         responses” include these; shares “of those with a view” leave them out."
            .to_string(),
    ));
    if analyst > 0 {
        statements.push(statement(
            "stance.analyst",
            format!(
                "{analyst} stances across all proposals were labelled by a human analyst, from \
                 the response's text; an analyst's label is never overridden by the model."
            ),
        ));
    }
    if model > 0 {
        statements.push(statement(
            "stance.model",
            format!(
                "{model} stances across all proposals were inferred from the response's text by \
                 Barometer's model; they are counted apart from declared stances, and the model \
                 never overrides a declared or analyst stance."
            ),
        ));
    } else {
        let letters = totals.by_source_kind.letter;
        let mut text = format!(
            "No stance was inferred from free text, so a response that wrote text but answered \
             no closed question counts as no view on every proposal: {} responses",
            totals.content.free_text_only
        );
        if letters > 0 {
            text.push_str(", letters and emails included");
        }
        text.push('.');
        statements.push(statement("stance.free_text", text));
    }
    statements.push(statement(
        "stance.sources",
        format!(
            "Across all proposals, {declared} stances were declared by respondents, {analyst} \
             labelled by analysts and {model} inferred by the model."
        ),
    ));
    statements.push(statement(
        "shares.rounding",
        "Shares are rounded to four decimal places in summary.json and shown as percentages to \
         one decimal place, so they may not add up to exactly 100%."
            .to_string(),
    ));
    let window = match c.standard {
        Some(standard) => format!(
            "The consultation window is the number of days from the opening date to the closing \
             date in the definition, compared with the {} days ({}) advised under {}.",
            standard.min_days(),
            standard.advice(),
            standard.source()
        ),
        None => "The consultation window is the number of days from the opening date to the \
                 closing date in the definition. The definition names no code of practice, so \
                 its length is not checked against one."
            .to_string(),
    };
    statements.push(statement("window", window));
    Methods {
        counting_unit: "One response is one respondent: each response counts once, whether it \
                        came from an individual or an organisation, however many people it \
                        speaks for, and however it arrived."
            .to_string(),
        statements,
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::fixture;

    fn summary() -> Summary {
        build_summary(&fixture::consultation(), &fixture::responses(), &fixture::run())
    }

    fn by_type(p: &ProposalSummary, t: RespondentType) -> &CampCounts {
        &p.by_respondent_type
            .iter()
            .find(|r| r.respondent_type == t)
            .expect("every type has a row")
            .counts
    }

    #[test]
    fn consultation_and_window_are_carried_over() {
        let s = summary();
        assert_eq!(s.schema_version, 1);
        let c = &s.consultation;
        assert_eq!(c.title, "Library opening hours");
        assert_eq!(c.organisation, "Anytown Council");
        assert_eq!(c.description.as_deref(), Some("Should libraries open later?"));
        assert_eq!(c.window.days, 42);
        assert_eq!(c.window.weeks, 6.0);
        assert_eq!(c.window.standard.as_deref(), Some("uk-2008"));
        assert_eq!(c.window.recommended_days, Some(84));
        assert_eq!(c.window.meets_recommendation, Some(false));
        let warning = c.window.warning.as_deref().expect("six weeks is warned");
        assert!(
            warning.contains("2014-04-01") && warning.contains("2014-05-13"),
            "{warning}"
        );
    }

    #[test]
    fn totals_count_kinds_types_and_content() {
        let t = summary().totals;
        assert_eq!(t.responses, 6);
        assert_eq!(
            t.by_source_kind,
            SourceKindCounts {
                form: 1,
                export: 4,
                letter: 1
            }
        );
        let types: Vec<(RespondentType, u64, Option<f64>)> = t
            .by_respondent_type
            .iter()
            .map(|r| (r.respondent_type, r.responses, r.share))
            .collect();
        assert_eq!(
            types,
            vec![
                (RespondentType::Individual, 3, Some(0.5)),
                (RespondentType::LocalAuthority, 1, Some(0.1667)),
                (RespondentType::VoluntaryCharity, 1, Some(0.1667)),
                (RespondentType::ProfessionalBody, 1, Some(0.1667)),
                (RespondentType::PrivateProvider, 0, Some(0.0)),
                (RespondentType::Academic, 0, Some(0.0)),
                (RespondentType::PublicBody, 0, Some(0.0)),
                (RespondentType::OtherOrganisation, 0, Some(0.0)),
            ]
        );
        assert_eq!(t.by_respondent_type[1].label, "Local authority");
        assert_eq!(
            t.content,
            ContentCounts {
                closed_answers: 4,
                free_text: 3,
                both: 2,
                closed_only: 2,
                free_text_only: 1,
                neither: 1
            }
        );
        // r1, r3, r4 took a view on both; r2 on one; r5 and r6 on none.
        let breadth: Vec<(u64, u64)> = t
            .by_proposals_with_view
            .iter()
            .map(|b| (b.proposals, b.responses))
            .collect();
        assert_eq!(breadth, vec![(0, 2), (1, 1), (2, 3)]);
    }

    #[test]
    fn proposal_counts_and_shares() {
        let s = summary();
        let p1 = &s.proposals[0];
        assert_eq!(p1.id.0, "P1");
        assert_eq!(p1.short, "Open on Sundays");
        assert_eq!(p1.text, "Libraries should open on Sundays.");
        let o = &p1.overall;
        assert_eq!(
            (o.r#for, o.against, o.undecided, o.no_view, o.total, o.with_view),
            (2, 1, 1, 2, 6, 4)
        );
        let share = o.share.expect("six responses");
        assert_eq!(
            (share.r#for, share.against, share.undecided, share.no_view),
            (0.3333, 0.1667, 0.1667, 0.3333)
        );
        let view = o.share_of_view.expect("four took a view");
        assert_eq!((view.r#for, view.against, view.undecided), (0.5, 0.25, 0.25));

        // Two individuals of three are for.
        let ind = by_type(p1, RespondentType::Individual);
        assert_eq!((ind.r#for, ind.against, ind.total), (2, 1, 3));
        assert_eq!(ind.share.unwrap().r#for, 0.6667);
        assert_eq!(ind.share_of_view.unwrap().against, 0.3333);
        // A response with no judgement on the proposal counts as no view.
        let charity = by_type(p1, RespondentType::VoluntaryCharity);
        assert_eq!((charity.no_view, charity.total, charity.with_view), (1, 1, 0));
        assert_eq!(charity.share.unwrap().no_view, 1.0);
        assert_eq!(charity.share_of_view, None);
    }

    #[test]
    fn every_type_has_a_row_zeros_included() {
        let s = summary();
        for p in &s.proposals {
            let types: Vec<RespondentType> = p.by_respondent_type.iter().map(|r| r.respondent_type).collect();
            assert_eq!(types, RespondentType::ALL.to_vec());
            let academic = by_type(p, RespondentType::Academic);
            assert_eq!(academic.total, 0);
            assert_eq!(academic.with_view, 0);
            assert_eq!(academic.share, None);
            assert_eq!(academic.share_of_view, None);
        }
    }

    #[test]
    fn proposal_without_short_name_uses_its_id() {
        assert_eq!(summary().proposals[1].short, "P2");
    }

    #[test]
    fn stances_are_split_by_who_decided_them() {
        let s = summary();
        let p1 = &s.proposals[0].by_source;
        assert_eq!(
            (
                p1.declared.r#for,
                p1.declared.against,
                p1.declared.undecided,
                p1.declared.total
            ),
            (2, 1, 1, 4)
        );
        assert_eq!(p1.none.no_view, 2);
        assert_eq!((p1.analyst.total, p1.model.total), (0, 0));
        let p2 = &s.proposals[1].by_source;
        assert_eq!((p2.declared.r#for, p2.analyst.r#for, p2.model.against), (1, 1, 1));
        assert_eq!(p2.none.total, 3);
        for p in &s.proposals {
            let b = &p.by_source;
            let sum = b.declared.total + b.analyst.total + b.model.total + b.none.total;
            assert_eq!(sum, p.overall.total);
        }
    }

    #[test]
    fn methods_state_where_stances_come_from() {
        let s = summary();
        assert!(s.methods.counting_unit.contains("One response is one respondent"));
        let text = |id: &str| {
            s.methods
                .statements
                .iter()
                .find(|m| m.id == id)
                .map(|m| m.text.clone())
                .unwrap_or_else(|| panic!("no statement {id}"))
        };
        let declared = text("stance.declared");
        assert!(
            declared.contains("“agree”") && declared.contains("“strongly agree”"),
            "{declared}"
        );
        assert!(declared.contains("count as for"), "{declared}");
        assert!(declared.contains("“disagree”") && declared.contains("count as against"));
        assert!(text("stance.no_view").contains("no view"));
        // The fixture has analyst and model stances, so both are stated.
        assert!(text("stance.analyst").starts_with("1 stances"));
        assert!(text("stance.model").starts_with("1 stances"));
        assert!(text("stance.sources").contains("5 stances were declared"));
    }

    #[test]
    fn with_only_declared_stances_methods_say_nothing_was_inferred() {
        let declared_only: Vec<_> = fixture::responses()
            .into_iter()
            .filter(|r| r.id != "r1" && r.id != "r3")
            .collect();
        let s = build_summary(&fixture::consultation(), &declared_only, &fixture::run());
        let ids: Vec<&str> = s.methods.statements.iter().map(|m| m.id.as_str()).collect();
        assert!(
            !ids.contains(&"stance.model") && !ids.contains(&"stance.analyst"),
            "{ids:?}"
        );
        let free = &s
            .methods
            .statements
            .iter()
            .find(|m| m.id == "stance.free_text")
            .unwrap()
            .text;
        assert!(free.contains("No stance was inferred"), "{free}");
        assert!(free.contains("letters and emails included"), "{free}");
    }

    #[test]
    fn no_responses_gives_zeros_and_no_shares() {
        let s = build_summary(&fixture::consultation(), &[], &fixture::run());
        assert_eq!(s.totals.responses, 0);
        assert!(s.totals.by_respondent_type.iter().all(|t| t.share.is_none()));
        assert_eq!(s.proposals[0].overall.share, None);
        assert_eq!(s.totals.by_proposals_with_view[0].responses, 0);
    }

    #[test]
    fn summary_json_round_trips() {
        let s = summary();
        let json = s.to_json();
        let back: Summary = serde_json::from_str(&json).expect("summary.json reads back");
        assert_eq!(back, s);
        assert_eq!(back.to_json(), json, "the same summary gives the same bytes");
    }

    #[test]
    fn summary_json_has_stable_keys_and_wire_names() {
        let json = summary().to_json();
        let v: serde_json::Value = serde_json::from_str(&json).unwrap();
        let keys: Vec<&str> = v.as_object().unwrap().keys().map(String::as_str).collect();
        // serde_json's map is sorted here; the order in the file is the struct's.
        assert_eq!(keys.len(), 6);
        let order: Vec<usize> = [
            "schema_version",
            "consultation",
            "totals",
            "proposals",
            "methods",
            "run",
        ]
        .iter()
        .map(|k| {
            json.find(&format!("\n  \"{k}\""))
                .unwrap_or_else(|| panic!("{k}"))
        })
        .collect();
        assert!(order.windows(2).all(|w| w[0] < w[1]), "{order:?}");
        assert_eq!(v["consultation"]["opens"], "2014-04-01");
        assert_eq!(v["proposals"][0]["overall"]["for"], 2);
        assert_eq!(v["proposals"][0]["overall"]["share"]["no_view"], 0.3333);
        assert_eq!(
            v["proposals"][0]["by_respondent_type"][1]["respondent_type"],
            "local_authority"
        );
        assert_eq!(
            v["proposals"][0]["by_respondent_type"][5]["counts"]["share"],
            serde_json::Value::Null
        );
        assert_eq!(v["totals"]["by_source_kind"]["letter"], 1);
        assert_eq!(v["run"]["sources"][0]["format"], "csv");
        assert!(json.ends_with("}\n"));
    }

    #[test]
    fn an_older_reader_accepts_unknown_sections() {
        let mut v: serde_json::Value = serde_json::from_str(&summary().to_json()).unwrap();
        v["a_later_section"] = serde_json::json!([{ "label": "staffing" }]);
        v["proposals"][0]["campaigns"] = serde_json::json!([]);
        let back: Summary = serde_json::from_value(v).expect("unknown keys are ignored");
        assert_eq!(back, summary());
    }

    #[test]
    fn every_key_is_documented_in_the_schema() {
        const SCHEMA: &str = include_str!("../../../docs/summary-schema.md");
        fn keys(v: &serde_json::Value, out: &mut BTreeSet<String>) {
            match v {
                serde_json::Value::Object(m) => {
                    for (k, v) in m {
                        out.insert(k.clone());
                        keys(v, out);
                    }
                }
                serde_json::Value::Array(a) => a.iter().for_each(|v| keys(v, out)),
                _ => {}
            }
        }
        let mut all = BTreeSet::new();
        keys(&serde_json::from_str(&summary().to_json()).unwrap(), &mut all);
        let missing: Vec<&String> = all
            .iter()
            .filter(|k| !SCHEMA.contains(&format!("`{k}`")))
            .collect();
        assert!(missing.is_empty(), "undocumented keys: {missing:?}");
        for m in &summary().methods.statements {
            assert!(
                SCHEMA.contains(&format!("| `{}` |", m.id)),
                "undocumented statement {}",
                m.id
            );
        }
    }
}
