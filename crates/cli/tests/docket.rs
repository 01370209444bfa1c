//! The second example, real public comments to a US federal docket, end to end through the
//! real binary with the `regulations-gov` preset: every comment counted, its campaign found,
//! no markup in what is published, and the window checked against the US standard.

mod published;

use serde_json::Value;
use std::path::{Path, PathBuf};
use std::process::Command;

fn example() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("../../examples/national-directory-2022")
}

/// The comment files, counted and grouped here straight from the JSON, independently of the
/// importer: how many, and how many copies the most-repeated opening sentence has.
fn independent_count(dir: &Path) -> (usize, usize) {
    let mut openings: std::collections::HashMap<String, usize> = std::collections::HashMap::new();
    let mut n = 0;
    for entry in std::fs::read_dir(dir.join("comments")).unwrap() {
        let path = entry.unwrap().path();
        if path.extension().and_then(|e| e.to_str()) != Some("json") {
            continue;
        }
        n += 1;
        let v: Value = serde_json::from_slice(&std::fs::read(&path).unwrap()).unwrap();
        let text = v["data"]["attributes"]["comment"].as_str().unwrap_or("");
        // The campaign letter's second paragraph; copies vary their greeting.
        if text.contains("One piece of information that is often important to a patient") {
            *openings.entry("sex-of-provider".into()).or_default() += 1;
        }
    }
    (n, openings.values().copied().max().unwrap_or(0))
}

/// Commenters' full names as the docket's `firstName` and `lastName` fields give them, where
/// both are real words (not "Anonymous", not an initial).
fn commenters(dir: &Path) -> Vec<String> {
    let mut names = vec![];
    for entry in std::fs::read_dir(dir.join("comments")).unwrap() {
        let path = entry.unwrap().path();
        if path.extension().and_then(|e| e.to_str()) != Some("json") {
            continue;
        }
        let v: Value = serde_json::from_slice(&std::fs::read(&path).unwrap()).unwrap();
        let field = |k: &str| {
            v["data"]["attributes"][k]
                .as_str()
                .unwrap_or("")
                .trim()
                .to_string()
        };
        let (first, last) = (field("firstName"), field("lastName"));
        let word = |w: &str| {
            w.chars().filter(|c| c.is_alphabetic()).count() >= 2 && !w.eq_ignore_ascii_case("anonymous")
        };
        if word(&first) && word(&last) {
            names.push(format!("{first} {last}"));
        }
    }
    names.sort();
    names.dedup();
    names
}

#[test]
fn the_docket_example_runs_end_to_end_with_the_preset() {
    let tmp = tempfile::tempdir().unwrap();
    let out = tmp.path().join("report");
    let db = tmp.path().join("store.sqlite");
    let run = Command::new(env!("CARGO_BIN_EXE_barometer"))
        .args(["analyse", example().to_str().unwrap(), "--out"])
        .arg(&out)
        .arg("--db")
        .arg(&db)
        .arg("--no-pdf")
        .output()
        .unwrap();
    assert!(run.status.success(), "{}", String::from_utf8_lossy(&run.stderr));
    let (files, letter_copies) = independent_count(&example());
    let summary: Value = serde_json::from_slice(&std::fs::read(out.join("summary.json")).unwrap()).unwrap();

    // Every comment is one response.
    assert_eq!(summary["totals"]["responses"].as_u64(), Some(files as u64));
    assert_eq!(files, 647);

    // The campaign letter (about 210 copies) is found as one campaign holding its copies.
    let campaigns = summary["campaigns"]["campaigns"].as_array().unwrap();
    let largest = campaigns
        .iter()
        .map(|c| c["members"].as_array().unwrap().len())
        .max()
        .unwrap();
    assert!(letter_copies >= 200, "{letter_copies}");
    assert!(
        largest >= letter_copies * 9 / 10 && largest <= letter_copies + 20,
        "largest campaign {largest}, letter copies {letter_copies}"
    );

    // No markup in any theme name or quote, nor anywhere in the report.
    let html = std::fs::read_to_string(out.join("report.html")).unwrap();
    for q in summary["themes"].as_array().unwrap() {
        for t in q["themes"].as_array().unwrap() {
            let label = t["label"].as_str().unwrap();
            for bad in ['<', '&', ';'] {
                assert!(!label.contains(bad), "{label:?}");
            }
            for bad in ["span", "style", "padding", "rsquo", "nbsp", "br"] {
                assert!(
                    !label.to_lowercase().split([',', ' ']).any(|w| w == bad),
                    "{label:?}"
                );
            }
            let quotes = serde_json::to_string(&t["quotes"]).unwrap();
            for bad in ["<span", "<br", "&rsquo;", "&#39;", "padding-left"] {
                assert!(!quotes.contains(bad), "{bad} in {quotes}");
            }
        }
    }
    for bad in [
        "&lt;span",
        "&lt;br",
        "&amp;rsquo;",
        "&amp;#39;",
        "padding-left: 30px",
    ] {
        assert!(!html.contains(bad), "{bad} in report.html");
    }

    // An organisation that commented several times is one respondent in the organisations
    // table, with all its comments; commenters who named no organisation are in none.
    let organisations = summary["respondents"]["organisations"].as_array().unwrap();
    for (name, comments) in [
        ("Health Chain", 5),
        ("Association of Diabetes Care & Education Specialists", 3),
    ] {
        let rows: Vec<&Value> = organisations.iter().filter(|o| o["name"] == name).collect();
        assert_eq!(rows.len(), 1, "{name}");
        assert_eq!(rows[0]["responses"], comments, "{name}");
    }
    let named: u64 = organisations
        .iter()
        .map(|o| o["responses"].as_u64().unwrap())
        .sum();
    assert!(
        named < files as u64 / 2,
        "{named} of {files} comments counted under organisations"
    );

    // No commenter is named in anything published: their names, from the docket's own name
    // fields, appear in neither the report, summary.json nor the document.
    let names = commenters(&example());
    assert!(names.len() >= 200, "{}", names.len());
    let published = published::published_texts(&out);
    for (what, text) in &published {
        for name in &names {
            assert!(!text.contains(name.as_str()), "{name} is named in {what}");
        }
    }

    // A US docket is checked against the US comment period, not the UK's twelve weeks.
    let window = &summary["consultation"]["window"];
    assert_eq!(window["standard"], "us-federal");
    assert_eq!(window["meets_recommendation"], true);
    assert!(!html.contains("Code of Practice"));
}

/// The Commission's export shape, analysed: one response per respondent with their paper,
/// and the German feedback counted by language and asked of an analyst, never themed.
#[test]
fn a_have_your_say_export_counts_each_respondent_once_with_their_paper_and_its_languages() {
    let tmp = tempfile::tempdir().unwrap();
    let dir = tmp.path().join("eu");
    std::fs::create_dir_all(dir.join("attachments")).unwrap();
    let shared = Path::new(env!("CARGO_MANIFEST_DIR")).join("../../../shared/datasets/exports");
    std::fs::copy(shared.join("have-your-say-shape.csv"), dir.join("feedback.csv")).unwrap();
    std::fs::write(
        dir.join("attachments/2001004_position-paper.txt"),
        "The authority supports a risk-based approach provided that supervisors are funded.",
    )
    .unwrap();
    std::fs::write(
        dir.join("consultation.toml"),
        r#"
title = "Artificial intelligence: requirements (shape test)"
organisation = "European Commission"
standard = "eu-commission"
opens = 2021-04-26
closes = 2021-08-06

[[proposals]]
id = "P1"
text = "The EU should set binding requirements for high-risk artificial intelligence."

[[questions]]
id = "Q1"
kind = "open"
proposal = "P1"
text = "Feedback"

[[sources]]
format = "have-your-say"
path = "feedback.csv"
attachments = "attachments"
"#,
    )
    .unwrap();
    let out = tmp.path().join("report");
    let run = Command::new(env!("CARGO_BIN_EXE_barometer"))
        .args(["analyse", dir.to_str().unwrap(), "--out"])
        .arg(&out)
        .arg("--db")
        .arg(tmp.path().join("s.sqlite"))
        .output()
        .unwrap();
    assert!(run.status.success(), "{}", String::from_utf8_lossy(&run.stderr));
    let summary: Value = serde_json::from_slice(&std::fs::read(out.join("summary.json")).unwrap()).unwrap();
    // Six feedback rows, six respondents: the paper is part of its response.
    assert_eq!(summary["totals"]["responses"], 6);
    assert_eq!(
        summary["totals"]["other_languages"],
        serde_json::json!([{"language": "German", "responses": 1}])
    );
    // The German response is asked of an analyst, and its words form no theme.
    let queue = std::fs::read_to_string(out.join("review-queue.jsonl")).unwrap();
    assert!(
        queue
            .lines()
            .any(|l| l.contains("other_language") && l.contains("Wir unterst")),
        "{queue}"
    );
    let themes = serde_json::to_string(&summary["themes"]).unwrap();
    assert!(!themes.contains("Wir ") && !themes.contains("Verbot"), "{themes}");
    // The paper's words are read: the authority's response is the only one mentioning supervisors.
    let stances = std::fs::read_to_string(out.join("stances.jsonl")).unwrap();
    let authority = stances.lines().find(|l| l.contains("2001004")).unwrap();
    assert!(!authority.contains("\"no_view\""), "{authority}");
    let html = std::fs::read_to_string(out.join("report.html")).unwrap();
    assert!(html.contains("Written in languages the model does not read"));
    assert!(html.contains("Better Regulation"));
}
