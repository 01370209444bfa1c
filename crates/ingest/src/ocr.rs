//! Scanned letters read by optical character recognition.
//!
//! A PDF with no text layer is a scan. Each page is rendered at 300 dpi by poppler's
//! `pdftoppm` and read by Tesseract (`tesseract … tsv`, English), both run as programs: they
//! are maintained, packaged by Debian (`poppler-utils`, `tesseract-ocr`, `tesseract-ocr-eng`),
//! and keep a C++ library out of Barometer's build. Tesseract's TSV gives every word with its
//! confidence; the text is rebuilt line by line and paragraph by paragraph, and the mean word
//! confidence travels with the response ([`Ocr`]) so the report can say how it was read.

use crate::IngestError;
use barometer_domain::Ocr;
use std::process::Command;

/// Rendering resolution: Tesseract reads body text best at about 300 dpi.
const DPI: &str = "300";

/// The text of a scanned PDF, and how confidently it was read.
pub(crate) fn read_scanned_pdf(bytes: &[u8], display: &str) -> Result<(String, Ocr), IngestError> {
    let work = tempfile::tempdir()
        .map_err(|e| IngestError::file(display, format!("cannot make a folder for OCR: {e}")))?;
    let pdf = work.path().join("scan.pdf");
    std::fs::write(&pdf, bytes)
        .map_err(|e| IngestError::file(display, format!("cannot write a copy for OCR: {e}")))?;
    run(
        Command::new("pdftoppm")
            .args(["-r", DPI, "-gray", "-png"])
            .arg(&pdf)
            .arg(work.path().join("page")),
        display,
        "pdftoppm",
        "poppler-utils",
    )?;
    let mut pages: Vec<_> = std::fs::read_dir(work.path())
        .map_err(|e| IngestError::file(display, format!("cannot read the rendered pages: {e}")))?
        .filter_map(|e| e.ok().map(|e| e.path()))
        .filter(|p| p.extension().is_some_and(|x| x == "png"))
        .collect();
    // pdftoppm pads page numbers to the same width, so names sort in page order.
    pages.sort();
    let mut text = String::new();
    let (mut sum, mut words) = (0.0f64, 0usize);
    for page in &pages {
        let tsv = run(
            Command::new("tesseract")
                .arg(page)
                .args(["stdout", "-l", "eng", "tsv"]),
            display,
            "tesseract",
            "tesseract-ocr and tesseract-ocr-eng",
        )?;
        let read = from_tsv(&tsv);
        if !read.text.is_empty() {
            if !text.is_empty() {
                text.push_str("\n\n");
            }
            text.push_str(&read.text);
        }
        sum += read.confidence_sum;
        words += read.words;
    }
    if words == 0 {
        return Err(IngestError::file(
            display,
            "the PDF has no text layer, and OCR found no words on its pages",
        ));
    }
    Ok((
        text,
        Ocr {
            confidence: (sum / words as f64 / 100.0) as f32,
        },
    ))
}

/// Runs a program, returning its standard output; a missing program is named with the
/// Debian package that provides it.
fn run(command: &mut Command, display: &str, program: &str, package: &str) -> Result<String, IngestError> {
    let out = command.output().map_err(|e| {
        IngestError::file(
            display,
            if e.kind() == std::io::ErrorKind::NotFound {
                format!(
                    "this PDF is a scan and needs OCR, but `{program}` is not installed: install \
                     Debian's {package} (apt-get install {})",
                    package.replace(" and ", " ")
                )
            } else {
                format!("cannot run {program} for OCR: {e}")
            },
        )
    })?;
    if !out.status.success() {
        return Err(IngestError::file(
            display,
            format!(
                "{program} failed during OCR: {}",
                String::from_utf8_lossy(&out.stderr).trim()
            ),
        ));
    }
    Ok(String::from_utf8_lossy(&out.stdout).into_owned())
}

/// What one page's TSV holds.
struct PageText {
    text: String,
    confidence_sum: f64,
    words: usize,
}

/// Tesseract's TSV: `level page block par line word left top width height conf text`; words
/// are level 5, with confidence 0–100.
fn from_tsv(tsv: &str) -> PageText {
    let mut text = String::new();
    let mut last: Option<(&str, &str, &str)> = None;
    let (mut confidence_sum, mut words) = (0.0, 0);
    for line in tsv.lines().skip(1) {
        let cols: Vec<&str> = line.split('\t').collect();
        if cols.len() < 12 || cols[0] != "5" {
            continue;
        }
        let word = cols[11].trim();
        let Ok(conf) = cols[10].parse::<f64>() else {
            continue;
        };
        if word.is_empty() || conf < 0.0 {
            continue;
        }
        let at = (cols[2], cols[3], cols[4]);
        match last {
            Some((b, p, _)) if (b, p) != (at.0, at.1) => text.push_str("\n\n"),
            Some(l) if l != at => text.push('\n'),
            Some(_) => text.push(' '),
            None => {}
        }
        text.push_str(word);
        last = Some(at);
        confidence_sum += conf;
        words += 1;
    }
    PageText {
        text,
        confidence_sum,
        words,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_missing_ocr_program_is_named_with_the_package_to_install() {
        let e = run(
            &mut Command::new("barometer-no-such-ocr-program"),
            "letters/scan.pdf",
            "tesseract",
            "tesseract-ocr and tesseract-ocr-eng",
        )
        .unwrap_err();
        assert_eq!(e.file, std::path::Path::new("letters/scan.pdf"));
        assert!(
            e.message.contains("`tesseract` is not installed")
                && e.message
                    .contains("apt-get install tesseract-ocr tesseract-ocr-eng"),
            "{e}"
        );
    }

    #[test]
    fn tesseract_tsv_becomes_lines_and_paragraphs_with_the_mean_confidence() {
        let tsv = "level\tpage_num\tblock_num\tpar_num\tline_num\tword_num\tleft\ttop\twidth\theight\tconf\ttext\n\
                   1\t1\t0\t0\t0\t0\t0\t0\t100\t100\t-1\t\n\
                   5\t1\t1\t1\t1\t1\t0\t0\t1\t1\t90\tDear\n\
                   5\t1\t1\t1\t1\t2\t0\t0\t1\t1\t80\tSir,\n\
                   5\t1\t1\t2\t1\t1\t0\t0\t1\t1\t70\tWe\n\
                   5\t1\t1\t2\t2\t1\t0\t0\t1\t1\t60\tobject.\n";
        let page = from_tsv(tsv);
        assert_eq!(page.text, "Dear Sir,\n\nWe\nobject.");
        assert_eq!(page.words, 4);
        assert!((page.confidence_sum - 300.0).abs() < 1e-9);
    }
}
