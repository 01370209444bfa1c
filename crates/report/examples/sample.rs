//! Renders a report for the fictional demo consultation with made-up responses, to look at.
//!
//! `cargo run -p barometer-report --example sample > /tmp/report-sample.html`, or pass `--json`
//! for `summary.json`. The responses are generated from a fixed seed, not read from the demo's
//! files, so this shows the layout only: its figures mean nothing.

use barometer_analysis::{AnalysedResponse, Judgement};
use barometer_domain::{Camp, Consultation, RespondentType, SourceFormat, SourceKind, StanceSource};
use barometer_report::{RunInfo, SourceInfo, build_summary, render_html};

const DEMO: &str = include_str!("../../../examples/children-social-care-2014/consultation.toml");

/// A small linear congruential generator: the same numbers on every run and machine.
struct Lcg(u64);

impl Lcg {
    fn below(&mut self, n: u64) -> u64 {
        self.0 = self
            .0
            .wrapping_mul(6364136223846793005)
            .wrapping_add(1442695040888963407);
        (self.0 >> 33) % n
    }
}

fn main() {
    let consultation = Consultation::parse(DEMO).expect("the demo definition parses");
    let mut rng = Lcg(2014);
    // (type, how many, leaning: percent for on P1) for a plausible-looking mix.
    let mix = [
        (RespondentType::Individual, 140, 8),
        (RespondentType::LocalAuthority, 24, 40),
        (RespondentType::VoluntaryCharity, 31, 10),
        (RespondentType::ProfessionalBody, 9, 5),
        (RespondentType::PrivateProvider, 6, 80),
        (RespondentType::Academic, 0, 0),
        (RespondentType::OtherOrganisation, 4, 25),
    ];
    let mut responses = Vec::new();
    for (t, n, lean) in mix {
        for _ in 0..n {
            let letter = t != RespondentType::Individual && rng.below(4) == 0;
            let judgements = consultation
                .proposals
                .iter()
                .map(|p| {
                    let roll = rng.below(100);
                    let camp = if letter || roll < 6 {
                        Camp::NoView
                    } else if roll < 6 + lean {
                        Camp::For
                    } else if roll < 92 {
                        Camp::Against
                    } else {
                        Camp::Undecided
                    };
                    let j = if camp == Camp::NoView {
                        Judgement::no_view()
                    } else {
                        Judgement {
                            camp,
                            source: Some(StanceSource::Declared),
                            confidence: 1.0,
                            evidence: None,
                        }
                    };
                    (p.id.clone(), j)
                })
                .collect();
            responses.push(AnalysedResponse {
                id: responses.len().to_string(),
                external_id: format!("R{:04}", responses.len()),
                source: if letter {
                    SourceKind::Letter
                } else {
                    SourceKind::Export
                },
                respondent_type: t,
                organisation_name: None,
                organisation_key: None,
                type_judgement: barometer_analysis::respondents::TypeJudgement::declared(t),
                has_free_text: letter || rng.below(3) > 0,
                has_closed_answers: !letter,
                other_language: None,
                ocr_confidence: None,
                judgements,
            });
        }
    }
    let letters = responses
        .iter()
        .filter(|r| r.source == SourceKind::Letter)
        .count() as u64;
    let run = RunInfo {
        barometer_version: env!("CARGO_PKG_VERSION").into(),
        generated_at: "2014-06-02T10:00:00Z".into(),
        store: "sqlite".into(),
        sources: vec![
            SourceInfo {
                file: "responses.csv".into(),
                format: SourceFormat::Csv,
                sha256: "3b8f0c1e5a6d4e2f9a7b1c0d8e6f4a2b3c5d7e9f1a2b4c6d8e0f1a3b5c7d9e1f".into(),
                records: responses.len() as u64 - letters,
            },
            SourceInfo {
                file: "letters".into(),
                format: SourceFormat::Letters,
                sha256: "e4d909c290d0fb1ca068ffaddf22cbd0c4b6a8e2f0d1c3b5a7968574635241f0".into(),
                records: letters,
            },
        ],
        encoder: None,
    };
    let summary = build_summary(&consultation, &responses, &run);
    if std::env::args().any(|a| a == "--json") {
        print!("{}", summary.to_json());
    } else {
        print!("{}", render_html(&summary));
    }
}
