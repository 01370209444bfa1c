//! A small consultation and hand-made analysed responses with known camps, for tests.

use crate::RunInfo;
use barometer_analysis::{AnalysedResponse, Judgement};
use barometer_domain::{
    Camp, Consultation, ProposalId, RespondentType, SourceFormat, SourceKind, StanceSource,
};

/// Two proposals, six weeks open (under the Code of Practice's twelve).
pub const TOML: &str = r#"
title = "Library opening hours"
organisation = "Anytown Council"
description = "Should libraries open later?"
standard = "uk-2008"
opens = 2014-04-01
closes = 2014-05-13

[[proposals]]
id = "P1"
short = "Open on Sundays"
text = "Libraries should open on Sundays."

[[proposals]]
id = "P2"
text = "Libraries should close on Mondays."

[[questions]]
id = "Q1"
kind = "closed"
proposal = "P1"
text = "Do you agree that libraries should open on Sundays?"
scale = "agree5"

[[questions]]
id = "Q2"
kind = "closed"
proposal = "P2"
text = "Do you agree that libraries should close on Mondays?"
scale = "agree5"

[[questions]]
id = "Q3"
kind = "open"
text = "Anything else?"
"#;

pub fn consultation() -> Consultation {
    Consultation::parse(TOML).expect("the fixture parses")
}

pub fn run() -> RunInfo {
    RunInfo {
        barometer_version: "0.1.0".into(),
        generated_at: "2014-06-01T09:00:00Z".into(),
        store: "sqlite".into(),
        sources: vec![crate::SourceInfo {
            file: "responses.csv".into(),
            format: SourceFormat::Csv,
            sha256: "9f86d081884c7d659a2feaa0c55ad015a3bf4f1b2b0b822cd15d6c15b0f00a08".into(),
            records: 5,
        }],
        encoder: None,
    }
}

fn judgement(camp: Camp, source: StanceSource) -> Judgement {
    Judgement {
        camp,
        source: Some(source),
        confidence: 1.0,
        evidence: None,
    }
}

/// A response; `judgements` lists (proposal, camp, source), and a proposal left out has none.
pub fn response(
    id: &str,
    respondent_type: RespondentType,
    source: SourceKind,
    closed: bool,
    text: bool,
    judgements: &[(&str, Camp, Option<StanceSource>)],
) -> AnalysedResponse {
    AnalysedResponse {
        id: id.into(),
        external_id: id.into(),
        source,
        respondent_type,
        organisation_name: None,
        organisation_key: None,
        type_judgement: barometer_analysis::respondents::TypeJudgement::declared(respondent_type),
        has_free_text: text,
        has_closed_answers: closed,
        other_language: None,
        ocr_confidence: None,
        judgements: judgements
            .iter()
            .map(|(p, camp, s)| {
                let j = match s {
                    Some(s) => judgement(*camp, *s),
                    None => Judgement::no_view(),
                };
                (ProposalId(p.to_string()), j)
            })
            .collect(),
    }
}

/// Six responses.
///
/// P1: individuals 2 for, 1 against; a local authority undecided; a charity with no judgement
/// at all; a professional body's letter with no view. Overall 2 / 1 / 1 / 2 of 6.
/// P2: an individual against (model), an individual for (analyst), the local authority for
/// (declared), the rest no view.
pub fn responses() -> Vec<AnalysedResponse> {
    use Camp::*;
    use RespondentType::*;
    use StanceSource::*;
    vec![
        response(
            "r1",
            Individual,
            SourceKind::Export,
            true,
            true,
            &[("P1", For, Some(Declared)), ("P2", Against, Some(Model))],
        ),
        response(
            "r2",
            Individual,
            SourceKind::Export,
            true,
            false,
            &[("P1", For, Some(Declared)), ("P2", NoView, None)],
        ),
        response(
            "r3",
            Individual,
            SourceKind::Form,
            true,
            false,
            &[("P1", Against, Some(Declared)), ("P2", For, Some(Analyst))],
        ),
        response(
            "r4",
            LocalAuthority,
            SourceKind::Export,
            true,
            true,
            &[("P1", Undecided, Some(Declared)), ("P2", For, Some(Declared))],
        ),
        response("r5", VoluntaryCharity, SourceKind::Export, false, false, &[]),
        response(
            "r6",
            ProfessionalBody,
            SourceKind::Letter,
            false,
            true,
            &[("P1", NoView, None), ("P2", NoView, None)],
        ),
    ]
}
