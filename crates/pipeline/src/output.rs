//! The analysts' working files beside the report: every stance, and the review queue.

use crate::Stances;
use anyhow::Context;
use std::path::Path;

/// Writes one JSON line per (response, proposal): the camp, who decided it, how sure, and the
/// words it rests on. This is the analysts' working file, so quotes are not redacted.
pub fn write_stances(path: &Path, stances: &Stances) -> anyhow::Result<()> {
    write_lines(
        path,
        stances.analysed.iter().flat_map(|a| {
            a.judgements.iter().map(move |(p, j)| {
                serde_json::json!({
                    "response": a.id,
                    "external_id": a.external_id,
                    "source": a.source.as_str(),
                    "respondent_type": a.respondent_type,
                    "proposal": p.0,
                    "camp": j.camp.as_str(),
                    "decided_by": j.source,
                    "confidence": j.confidence,
                    "evidence": j.evidence,
                })
            })
        }),
    )
}

/// Writes one JSON line per response: its respondent type, who decided it (declared,
/// inferred, analyst), how surely and from what, whether an analyst should check it, and the
/// organisation it is counted under. Those to check come first, least sure first; then the
/// rest in the store's order.
pub fn write_respondents(
    path: &Path,
    stances: &Stances,
    respondents: &barometer_analysis::respondents::Respondents,
) -> anyhow::Result<()> {
    let review = respondents.to_review();
    let queued: std::collections::HashSet<usize> = review.iter().copied().collect();
    let order = review
        .iter()
        .copied()
        .chain((0..stances.analysed.len()).filter(|i| !queued.contains(i)));
    write_lines(
        path,
        order.map(|i| {
            let a = &stances.analysed[i];
            let j = &a.type_judgement;
            serde_json::json!({
                "response": a.id,
                "external_id": a.external_id,
                "source": a.source.as_str(),
                "respondent_type": j.respondent_type,
                "decided_by": j.source,
                "confidence": j.confidence,
                "evidence": j.evidence,
                "check": queued.contains(&i),
                "organisation": a.organisation_name,
                "organisation_key": a.organisation_key,
            })
        }),
    )
}

/// Writes the review queue, in the order in which an analyst's label settles most.
pub fn write_review_queue(path: &Path, stances: &Stances) -> anyhow::Result<()> {
    write_lines(
        path,
        stances.inference.review_queue.iter().map(|item| {
            let a = &stances.analysed[item.response];
            serde_json::json!({
                "response": a.id,
                "external_id": a.external_id,
                "proposal": item.proposal.0,
                "camp": item.camp.as_str(),
                "confidence": item.confidence,
                "margin": item.margin,
                "evidence": item.evidence,
                "reason": item.reason,
                "settles": item.settles,
                "alternative": item.alternative.map(|c| c.as_str()),
            })
        }),
    )
}

fn write_lines(path: &Path, lines: impl Iterator<Item = serde_json::Value>) -> anyhow::Result<()> {
    use std::io::Write;
    let file = std::fs::File::create(path).with_context(|| format!("cannot create {}", path.display()))?;
    let mut out = std::io::BufWriter::new(file);
    for line in lines {
        writeln!(out, "{line}").with_context(|| format!("cannot write {}", path.display()))?;
    }
    out.flush()
        .with_context(|| format!("cannot write {}", path.display()))
}
