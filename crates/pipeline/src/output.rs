//! The files beside the report: every stance, the review queue, respondents, and the
//! summary-of-responses document (ODT, DOCX and, through LibreOffice, PDF).

use crate::Stances;
use anyhow::Context;
use std::path::{Path, PathBuf};
use std::process::{Command, Stdio};
use std::time::{Duration, Instant};

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

/// The summary-of-responses document as written by [`write_document`].
#[derive(Debug)]
pub struct DocumentFiles {
    /// The OpenDocument Text file.
    pub odt: PathBuf,
    /// The Word file.
    pub docx: PathBuf,
    /// The PDF converted from the ODT by LibreOffice, or why there is none.
    pub pdf: Result<PathBuf, String>,
}

/// The document's file name, without its extension.
pub const DOCUMENT_STEM: &str = "summary-of-responses";

/// Writes the summary-of-responses document into `dir` as `.odt` and `.docx` and, when `pdf`
/// is set and LibreOffice is installed, converts the ODT to `.pdf` the way an analyst would.
pub fn write_document(
    dir: &Path,
    summary: &barometer_report::Summary,
    pdf: bool,
) -> anyhow::Result<DocumentFiles> {
    let doc = barometer_report::document::summary_of_responses(summary);
    let odt = dir.join(format!("{DOCUMENT_STEM}.odt"));
    let docx = dir.join(format!("{DOCUMENT_STEM}.docx"));
    std::fs::write(&odt, doc.to_odt()).with_context(|| format!("cannot write {}", odt.display()))?;
    std::fs::write(&docx, doc.to_docx()).with_context(|| format!("cannot write {}", docx.display()))?;
    let pdf = if pdf {
        convert_to_pdf(&odt)
    } else {
        Err("not asked for".to_string())
    };
    Ok(DocumentFiles { odt, docx, pdf })
}

/// How long LibreOffice may take to convert one document before it is stopped.
const CONVERSION_LIMIT: Duration = Duration::from_secs(180);

/// Converts `file` to PDF beside it with LibreOffice (`soffice --headless --convert-to pdf`),
/// returning the PDF's path, or why it could not.
pub fn convert_to_pdf(file: &Path) -> Result<PathBuf, String> {
    let soffice = ["soffice", "libreoffice"]
        .into_iter()
        .find(|name| on_path(name))
        .ok_or_else(|| "LibreOffice (soffice) is not installed".to_string())?;
    let out_dir = file.parent().unwrap_or(Path::new("."));
    // A profile of its own: a second LibreOffice on the same profile (an analyst's open
    // window, or another conversion) would otherwise take the job and return at once.
    let profile = std::env::temp_dir().join(format!(
        "barometer-soffice-{}-{}",
        std::process::id(),
        std::time::SystemTime::now()
            .duration_since(std::time::UNIX_EPOCH)
            .map_or(0, |d| d.as_nanos())
    ));
    let mut child = Command::new(soffice)
        .arg(format!("-env:UserInstallation=file://{}", profile.display()))
        .args(["--headless", "--norestore", "--convert-to", "pdf", "--outdir"])
        .arg(out_dir)
        .arg(file)
        .stdout(Stdio::null())
        .stderr(Stdio::piped())
        .spawn()
        .map_err(|e| format!("cannot start {soffice}: {e}"))?;
    let started = Instant::now();
    let status = loop {
        match child.try_wait() {
            Ok(Some(status)) => break Ok(status),
            Ok(None) if started.elapsed() > CONVERSION_LIMIT => {
                let _ = child.kill();
                let _ = child.wait();
                break Err(format!(
                    "{soffice} took longer than {} s",
                    CONVERSION_LIMIT.as_secs()
                ));
            }
            Ok(None) => std::thread::sleep(Duration::from_millis(100)),
            Err(e) => break Err(format!("cannot wait for {soffice}: {e}")),
        }
    };
    let _ = std::fs::remove_dir_all(&profile);
    let status = status?;
    let pdf = file.with_extension("pdf");
    if status.success() && pdf.exists() {
        Ok(pdf)
    } else {
        let mut stderr = String::new();
        if let Some(mut e) = child.stderr.take() {
            let _ = std::io::Read::read_to_string(&mut e, &mut stderr);
        }
        Err(format!(
            "{soffice} did not convert {} ({status}): {}",
            file.display(),
            stderr.trim()
        ))
    }
}

/// Whether an executable called `name` is on `PATH`.
fn on_path(name: &str) -> bool {
    std::env::var_os("PATH")
        .is_some_and(|paths| std::env::split_paths(&paths).any(|dir| dir.join(name).is_file()))
}
