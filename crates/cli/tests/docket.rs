//! The second example, real public comments to a US federal docket, end to end through the
//! real binary with the `regulations-gov` preset: every comment counted, its campaign found,
//! no markup in what is published, and the window checked against the US standard.

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

    // A US docket is checked against the US comment period, not the UK's twelve weeks.
    let window = &summary["consultation"]["window"];
    assert_eq!(window["standard"], "us-federal");
    assert_eq!(window["meets_recommendation"], true);
    assert!(!html.contains("Code of Practice"));
}
