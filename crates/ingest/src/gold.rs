//! Human stance labels ("gold"), the file a consultation names as `gold = "…"`: one JSON object
//! per line, `{"id", "source", "stances": {"P1": "for", …}}`, optionally with the
//! respondent's `"respondent_type"` (other fields, such as `themes`, are read elsewhere). The
//! report measures the model, and respondent-type inference, against them.

use crate::IngestError;
use barometer_domain::{Camp, Consultation, ProposalId};
use std::collections::BTreeMap;
use std::path::Path;

/// One labelled response.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct GoldLabel {
    /// The 1-based line it was read from.
    pub line: u64,
    /// The id the response's source gave it.
    pub id: String,
    /// The source kind it came from (`csv`, `letters`, …).
    pub source: String,
    /// The human's camp on each proposal labelled.
    pub stances: BTreeMap<ProposalId, Camp>,
    /// The respondent's type, where the file names it.
    pub respondent_type: Option<barometer_domain::RespondentType>,
}

// Other fields (a gold file may also hold `themes`) are for other measures.
#[derive(serde::Deserialize)]
struct Line {
    id: String,
    source: String,
    stances: BTreeMap<String, String>,
    #[serde(default)]
    respondent_type: Option<String>,
}

/// Reads a gold file, checking every camp and proposal against the consultation. `display` is
/// the file's name as errors show it (relative to the consultation's folder).
pub fn read_gold(
    consultation: &Consultation,
    path: &Path,
    display: &str,
) -> Result<Vec<GoldLabel>, IngestError> {
    let text = std::fs::read_to_string(path)
        .map_err(|e| IngestError::file(display, format!("cannot read the gold labels: {e}")))?;
    let mut out = Vec::new();
    for (n, raw) in text.lines().enumerate().filter(|(_, l)| !l.trim().is_empty()) {
        let line = n as u64 + 1;
        let parsed: Line = serde_json::from_str(raw).map_err(|e| {
            IngestError::at(
                display,
                line,
                format!("not a gold label line ({{\"id\", \"source\", \"stances\"}}): {e}"),
            )
        })?;
        let mut stances = BTreeMap::new();
        for (p, camp) in parsed.stances {
            let proposal = ProposalId(p.clone());
            if !consultation.proposals.iter().any(|q| q.id == proposal) {
                return Err(
                    IngestError::at(display, line, "not a proposal of this consultation")
                        .field(format!("field \"stances.{p}\"")),
                );
            }
            let Some(camp) = Camp::ALL.into_iter().find(|c| c.as_str() == camp) else {
                return Err(IngestError::at(
                    display,
                    line,
                    format!("{camp:?} is not a camp; expected for, against, undecided or no_view"),
                )
                .field(format!("field \"stances.{p}\"")));
            };
            stances.insert(proposal, camp);
        }
        let respondent_type =
            match parsed.respondent_type.as_deref() {
                None => None,
                Some(t) => Some(t.parse().map_err(|m: String| {
                    IngestError::at(display, line, m).field("field \"respondent_type\"")
                })?),
            };
        out.push(GoldLabel {
            line,
            id: parsed.id,
            source: parsed.source,
            stances,
            respondent_type,
        });
    }
    Ok(out)
}

#[cfg(test)]
mod tests {
    use super::*;

    const DEFINITION: &str = r#"
title = "T"
organisation = "O"
opens = 2014-04-01
closes = 2014-07-01
[[proposals]]
id = "P1"
text = "Do it"
[[questions]]
id = "Q1"
kind = "open"
proposal = "P1"
text = "Why?"
"#;

    fn read(text: &str) -> Result<Vec<GoldLabel>, IngestError> {
        let dir = tempfile::tempdir().unwrap();
        let path = dir.path().join("gold.jsonl");
        std::fs::write(&path, text).unwrap();
        read_gold(&Consultation::parse(DEFINITION).unwrap(), &path, "gold.jsonl")
    }

    #[test]
    fn reads_camps_per_proposal_and_skips_blank_lines() {
        let labels =
            read("\n{\"id\": \"r1\", \"source\": \"csv\", \"stances\": {\"P1\": \"no_view\"}}\n").unwrap();
        assert_eq!(labels.len(), 1);
        assert_eq!(labels[0].line, 2);
        assert_eq!(labels[0].stances[&ProposalId("P1".into())], Camp::NoView);
    }

    #[test]
    fn names_the_line_and_field_of_an_unknown_camp_or_proposal() {
        let e = read("{\"id\": \"r1\", \"source\": \"csv\", \"stances\": {\"P1\": \"maybe\"}}").unwrap_err();
        assert_eq!(
            (e.line, e.field.as_deref()),
            (Some(1), Some("field \"stances.P1\""))
        );
        let e = read("{\"id\": \"r1\", \"source\": \"csv\", \"stances\": {\"P9\": \"for\"}}").unwrap_err();
        assert!(e.to_string().contains("P9"), "{e}");
        let e = read("not json").unwrap_err();
        assert_eq!(e.line, Some(1));
    }
}
