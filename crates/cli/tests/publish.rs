//! What a department publishes, checked as a person would check it: the demo's report printed
//! to PDF by headless Chromium, and its summary-of-responses document opened and converted by
//! LibreOffice, each looked at page by page. Nothing published names a sender, and no theme is
//! labelled with a list of keywords.
//!
//! Needs Debian's `chromium`, `libreoffice-writer-nogui` and `poppler-utils` (`.ci/run`
//! installs them). Page images are kept under the test build's tmp directory to look at.

mod published;

use serde_json::Value;
use std::path::{Path, PathBuf};
use std::process::Command;
use std::sync::OnceLock;

fn demo_dir() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("../../examples/children-social-care-2014")
}

/// The demo, analysed once for every test here, with its document converted to PDF.
fn analysed() -> &'static Path {
    static OUT: OnceLock<tempfile::TempDir> = OnceLock::new();
    OUT.get_or_init(|| {
        let tmp = tempfile::tempdir().unwrap();
        let out = tmp.path();
        let run = Command::new(env!("CARGO_BIN_EXE_barometer"))
            .args([
                "analyse",
                demo_dir().to_str().unwrap(),
                "--out",
                out.to_str().unwrap(),
                "--db",
            ])
            .arg(out.join("barometer.sqlite"))
            .env_remove("BAROMETER_DB")
            .output()
            .unwrap();
        assert!(run.status.success(), "{}", String::from_utf8_lossy(&run.stderr));
        tmp
    })
    .path()
}

fn summary() -> Value {
    serde_json::from_slice(&std::fs::read(analysed().join("summary.json")).unwrap()).unwrap()
}

/// The display names of the demo letters' senders, read from the emails' `From` headers here,
/// independently of the importer.
fn senders() -> Vec<String> {
    let mut senders = Vec::new();
    for entry in std::fs::read_dir(demo_dir().join("letters")).unwrap() {
        let path = entry.unwrap().path();
        if path.extension().is_some_and(|e| e == "eml") {
            let text = std::fs::read_to_string(&path).unwrap();
            let from = text
                .lines()
                .find(|l| l.to_ascii_lowercase().starts_with("from:"))
                .unwrap();
            if let Some(name) = from.split('"').nth(1) {
                senders.push(name.to_string());
            }
        }
    }
    senders
}

/// Runs a tool and returns its standard output, failing with its error output.
fn tool(program: &str, args: &[&str]) -> String {
    let out = Command::new(program)
        .args(args)
        .output()
        .unwrap_or_else(|e| panic!("cannot run {program} (is it installed? .ci/run installs it): {e}"));
    assert!(
        out.status.success(),
        "{program} {args:?}: {}",
        String::from_utf8_lossy(&out.stderr)
    );
    String::from_utf8_lossy(&out.stdout).into_owned()
}

fn pdf_text(pdf: &Path) -> String {
    tool("pdftotext", &["-layout", pdf.to_str().unwrap(), "-"])
}

fn pages(pdf: &Path) -> usize {
    let info = tool("pdfinfo", &[pdf.to_str().unwrap()]);
    let line = info
        .lines()
        .find(|l| l.starts_with("Pages:"))
        .expect("pdfinfo gives a page count");
    line["Pages:".len()..].trim().parse().unwrap()
}

/// Draws page `page` of `pdf` as a PNG kept under the build's tmp directory as `name`, and
/// returns its bytes.
fn page_image(pdf: &Path, page: usize, name: &str) -> Vec<u8> {
    let kept = Path::new(env!("CARGO_TARGET_TMPDIR")).join(name);
    let page = page.to_string();
    let stem = kept.with_extension("");
    tool(
        "pdftoppm",
        &[
            "-png",
            "-r",
            "60",
            "-singlefile",
            "-f",
            &page,
            "-l",
            &page,
            pdf.to_str().unwrap(),
            stem.to_str().unwrap(),
        ],
    );
    std::fs::read(&kept).unwrap()
}

/// The 1-based number of the first page of `pdf` whose text contains `needle`.
fn page_with(pdf: &Path, needle: &str) -> usize {
    let text = pdf_text(pdf);
    let index = text
        .split('\u{c}')
        .position(|page| page.contains(needle))
        .unwrap_or_else(|| panic!("no page of {} says {needle:?}", pdf.display()));
    index + 1
}

/// A drawn page with words on it: a PNG with an A4 page's proportions (portrait or
/// landscape), mostly white but not blank.
fn assert_drawn(png: &[u8], what: &str) {
    assert!(png.starts_with(b"\x89PNG\r\n\x1a\n"), "{what} is not a PNG");
    let be = |at: usize| u32::from_be_bytes(png[at..at + 4].try_into().unwrap());
    let (w, h) = (be(16), be(20));
    let ratio = f64::from(w.max(h)) / f64::from(w.min(h));
    assert!(
        w.min(h) > 400 && (1.35..1.48).contains(&ratio),
        "{what} is {w}x{h}, not an A4 page"
    );
    // A blank page compresses to a few hundred bytes; one with text to many thousands.
    assert!(png.len() > 8_000, "{what} looks blank ({} bytes)", png.len());
}

#[test]
fn nothing_published_names_a_sender_and_themes_are_labelled_in_words() {
    let out = analysed();
    let senders = senders();
    assert!(senders.len() >= 90, "{}", senders.len());
    let mut published = published::published_texts(out);
    published.push(("the PDF", pdf_text(&out.join("summary-of-responses.pdf"))));
    for (what, text) in &published {
        assert!(text.len() > 10_000, "{what} is nearly empty");
        for name in &senders {
            assert!(!text.contains(name.as_str()), "{name} is named in {what}");
        }
    }
    let summary = summary();
    for q in summary["themes"].as_array().unwrap() {
        for t in q["themes"].as_array().unwrap() {
            let label = t["label"].as_str().unwrap();
            // A keyword label is the theme's key phrases joined by commas.
            let keys: Vec<&str> = t["key_phrases"]
                .as_array()
                .unwrap()
                .iter()
                .take(3)
                .map(|k| k.as_str().unwrap())
                .collect();
            assert!(
                !label.eq_ignore_ascii_case(&keys.join(", ")),
                "{label:?} is a list of keywords"
            );
            // Nor any other list: three or more items of a word or two, between commas.
            let items: Vec<&str> = label.split(',').collect();
            let list = items.len() >= 3 && items.iter().all(|i| i.split_whitespace().count() <= 2);
            assert!(!list, "{label:?} reads as a list");
            assert!(label.split_whitespace().count() >= 3, "{label:?}");
        }
    }
}

#[test]
fn the_document_opens_in_libreoffice_with_every_section_and_its_figures() {
    let out = analysed();
    let summary = summary();
    // `analyse` converted the ODT with LibreOffice, as an analyst would.
    let pdf = out.join("summary-of-responses.pdf");
    assert!(pdf.is_file(), "analyse wrote no PDF: is LibreOffice installed?");
    let text = pdf_text(&pdf);
    let title = summary["consultation"]["title"].as_str().unwrap();
    assert!(text.contains(&title[..30]), "the title is on the page");
    for section in [
        "Contents",
        "The consultation",
        "Who responded",
        "Responses to each proposal",
        "Main themes",
        "Campaigns",
        "Organisations that responded",
        "How the responses were analysed",
        "Measured accuracy",
    ] {
        assert!(text.contains(section), "the document has no {section:?}");
    }
    for p in summary["proposals"].as_array().unwrap() {
        let short = p["short"].as_str().unwrap();
        assert!(text.contains(short), "proposal {short:?} has no section");
    }
    // The figures are the summary's: the total, and each theme table's largest theme.
    let total = summary["totals"]["responses"].as_u64().unwrap();
    assert!(text.contains(&format!(
        "{},{:03} responses were received",
        total / 1000,
        total % 1000
    )));
    let largest = &summary["themes"][0]["themes"][0];
    let label = largest["label"].as_str().unwrap();
    assert!(
        text.contains(label),
        "the largest theme {label:?} is in the document"
    );
    assert!(pages(&pdf) >= 5, "{} pages", pages(&pdf));

    // The first page and a page of themes, drawn and kept to look at.
    assert_drawn(
        &page_image(&pdf, 1, "document-page-1.png"),
        "the document's first page",
    );
    let themes_page = page_with(&pdf, "Main themes");
    assert_drawn(
        &page_image(&pdf, themes_page, "document-themes.png"),
        "the document's themes page",
    );

    // The Word file converts too, and says the same.
    let docx_dir = tempfile::tempdir().unwrap();
    let docx = docx_dir.path().join("summary-of-responses.docx");
    std::fs::copy(out.join("summary-of-responses.docx"), &docx).unwrap();
    let docx_pdf = convert_to_pdf(&docx);
    let docx_text = pdf_text(&docx_pdf);
    for section in [
        "Who responded",
        "Responses to each proposal",
        "How the responses were analysed",
    ] {
        assert!(docx_text.contains(section), "the DOCX has no {section:?}");
    }
    assert!(docx_text.contains(label));
}

/// Converts a document to PDF with LibreOffice, the way `barometer analyse` does.
fn convert_to_pdf(file: &Path) -> PathBuf {
    barometer_pipeline::output::convert_to_pdf(file).unwrap_or_else(|why| panic!("{why}"))
}

#[test]
fn the_report_prints_within_its_pages() {
    let out = analysed();
    let pdf = out.join("report-printed.pdf");
    let chromium = ["chromium", "chromium-browser", "google-chrome"]
        .into_iter()
        .find(|c| {
            Command::new(c)
                .arg("--version")
                .output()
                .is_ok_and(|o| o.status.success())
        })
        .expect("Chromium is installed (.ci/run installs it)");
    let profile = tempfile::tempdir().unwrap();
    tool(
        chromium,
        &[
            "--headless",
            "--no-sandbox",
            "--disable-gpu",
            &format!("--user-data-dir={}", profile.path().display()),
            "--no-pdf-header-footer",
            &format!("--print-to-pdf={}", pdf.display()),
            &format!("file://{}", out.join("report.html").display()),
        ],
    );
    assert!(pages(&pdf) >= 3);
    // Every word lies within its page: no table runs off the paper.
    let boxes = tool("pdftotext", &["-bbox", pdf.to_str().unwrap(), "-"]);
    let number = |line: &str, key: &str| -> f64 {
        let at = line.find(&format!("{key}=\"")).unwrap() + key.len() + 2;
        line[at..].split('"').next().unwrap().parse().unwrap()
    };
    let mut width = 0.0;
    let mut words = 0;
    for line in boxes.lines().map(str::trim) {
        if line.starts_with("<page ") {
            width = number(line, "width");
        } else if line.starts_with("<word ") {
            words += 1;
            let (x_min, x_max) = (number(line, "xMin"), number(line, "xMax"));
            let word = line
                .split('>')
                .nth(1)
                .unwrap_or("")
                .split('<')
                .next()
                .unwrap_or("");
            assert!(
                x_min >= 0.0 && x_max <= width + 0.5,
                "{word:?} runs off the page: {x_min}–{x_max} of {width}"
            );
        }
    }
    assert!(words > 2_000, "{words} words printed");
    // Every section heading of the page is printed.
    let words = |t: &str| t.split_whitespace().collect::<Vec<_>>().join(" ");
    let printed = words(&pdf_text(&pdf));
    let html = std::fs::read_to_string(out.join("report.html")).unwrap();
    let headings: Vec<String> = html
        .split("<h2")
        .skip(1)
        .map(|h| words(h.split_once('>').unwrap().1.split('<').next().unwrap()))
        .collect();
    assert!(headings.len() >= 10, "{headings:?}");
    for heading in &headings {
        let heading = heading.replace("&#39;", "'").replace("&amp;", "&");
        assert!(
            printed.contains(&heading),
            "the printed report has no {heading:?}"
        );
    }
    assert_drawn(
        &page_image(&pdf, 1, "report-page-1.png"),
        "the report's first page",
    );
    let themes_table = page_with(&pdf, "Themes by respondent type");
    assert_drawn(
        &page_image(&pdf, themes_table, "report-themes-table.png"),
        "the report's themes table",
    );
}
