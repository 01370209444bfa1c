//! The demo consultation end to end, through the real binary and a real SQLite store.
//!
//! The figures in summary.json are checked against a count done here, independently, straight
//! from the source files (the hub's CSV and the letters' log) with the csv crate, and the
//! declared stances against the demo's gold labels.

use serde_json::Value;
use std::collections::{BTreeMap, HashMap};
use std::path::{Path, PathBuf};
use std::process::Command;

fn demo_dir() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("../../examples/children-social-care-2014")
}

/// Organisation types as the demo's export writes them → Barometer's wire names.
/// Written out here rather than read from consultation.toml, so the test counts independently.
fn type_of(responding_as: &str, organisation_type: &str) -> &'static str {
    let individual = ["individual", "as an individual", "myself"];
    if individual.contains(&responding_as.trim().to_lowercase().as_str()) {
        return "individual";
    }
    match organisation_type.trim() {
        "Local authority" => "local_authority",
        "Voluntary, community or charity organisation" => "voluntary_charity",
        "Professional body or trade union" => "professional_body",
        "Private or independent provider" => "private_provider",
        "University, research institute or think tank" => "academic",
        _ => "other_organisation",
    }
}

fn camp_of(option: &str) -> &'static str {
    match option.trim().to_lowercase().as_str() {
        "" => "no_view",
        "strongly agree" | "agree" => "for",
        "strongly disagree" | "disagree" => "against",
        _ => "undecided",
    }
}

type Tally = BTreeMap<(String, &'static str, &'static str), u64>; // (proposal, type, camp)

/// Counts camps per proposal and respondent type from the source files alone.
fn independent_count(dir: &Path) -> (u64, Tally, HashMap<String, [&'static str; 4]>) {
    let mut tally = Tally::new();
    let mut declared = HashMap::new();
    let mut total = 0;
    let mut csv = csv::Reader::from_path(dir.join("responses.csv")).unwrap();
    let headers = csv.headers().unwrap().clone();
    let col = |prefix: &str| headers.iter().position(|h| h.starts_with(prefix)).unwrap();
    let (id, as_col, type_col) = (
        col("Response ID"),
        col("Are you responding"),
        col("Organisation type"),
    );
    let closed: Vec<usize> = ["Q1 - Do you", "Q2 - Do you", "Q3 - Do you", "Q4 - Do you"]
        .iter()
        .map(|p| col(p))
        .collect();
    for row in csv.records() {
        let row = row.unwrap();
        total += 1;
        let t = type_of(&row[as_col], &row[type_col]);
        let mut camps = ["no_view"; 4];
        for (i, &c) in closed.iter().enumerate() {
            camps[i] = camp_of(&row[c]);
            *tally.entry((format!("P{}", i + 1), t, camps[i])).or_default() += 1;
        }
        declared.insert(row[id].to_string(), camps);
    }
    let mut letters = csv::Reader::from_path(dir.join("letters/index.csv")).unwrap();
    for row in letters.deserialize::<HashMap<String, String>>() {
        let row = row.unwrap();
        total += 1;
        let t = type_of(&row["responding_as"], &row["organisation_type"]);
        for p in 1..=4 {
            *tally.entry((format!("P{p}"), t, "no_view")).or_default() += 1;
        }
        declared.insert(row["file"].clone(), ["no_view"; 4]);
    }
    (total, tally, declared)
}

fn analyse(out: &Path) -> Value {
    analyse_into(out, None)
}

/// Analyses the demo into `out`, with the store at `db` (a SQLite file in `out` by default, so
/// that tests running at once never share the demo folder's own store).
fn analyse_into(out: &Path, db: Option<&str>) -> Value {
    let own = out.join("barometer.sqlite").display().to_string();
    let db = Some(db.unwrap_or(&own));
    let mut command = Command::new(env!("CARGO_BIN_EXE_barometer"));
    command.args([
        "analyse",
        demo_dir().to_str().unwrap(),
        "--out",
        out.to_str().unwrap(),
        // The document's PDF is checked in tests/publish.rs; these checks need no LibreOffice.
        "--no-pdf",
    ]);
    if let Some(db) = db {
        command.args(["--db", db]);
    }
    let run = command.env_remove("BAROMETER_DB").output().unwrap();
    assert!(run.status.success(), "{}", String::from_utf8_lossy(&run.stderr));
    assert!(out.join("report.html").is_file());
    serde_json::from_str(&std::fs::read_to_string(out.join("summary.json")).unwrap()).unwrap()
}

#[test]
fn demo_summary_matches_an_independent_count_and_reruns_change_nothing() {
    let tmp = tempfile::tempdir().unwrap();
    let summary = analyse(tmp.path());
    let (total, tally, _) = independent_count(&demo_dir());
    assert!(total >= 1500, "the demo has {total} responses");
    assert_eq!(summary["totals"]["responses"].as_u64(), Some(total));
    let proposals = summary["proposals"].as_array().unwrap();
    assert_eq!(proposals.len(), 4);
    // The report's counts are the per-response stances added up, and the declared part of
    // them is exactly what the independent count of ticked answers finds.
    let mut all = BTreeMap::<(String, String, String), u64>::new();
    let mut declared = BTreeMap::<(String, String, String), u64>::new();
    let stances = std::fs::read_to_string(tmp.path().join("stances.jsonl")).unwrap();
    for line in stances.lines() {
        let r: Value = serde_json::from_str(line).unwrap();
        let key = (
            r["proposal"].as_str().unwrap().to_string(),
            r["respondent_type"].as_str().unwrap().to_string(),
            r["camp"].as_str().unwrap().to_string(),
        );
        *all.entry(key.clone()).or_default() += 1;
        if r["decided_by"] == "declared" {
            *declared.entry(key).or_default() += 1;
        }
    }
    for p in proposals {
        let pid = p["id"].as_str().unwrap();
        for row in p["by_respondent_type"].as_array().unwrap() {
            let t = row["respondent_type"].as_str().unwrap();
            for camp in ["for", "against", "undecided", "no_view"] {
                let key = (pid.to_string(), t.to_string(), camp.to_string());
                let counted = all.get(&key).copied().unwrap_or(0);
                assert_eq!(row["counts"][camp].as_u64(), Some(counted), "{pid} {t} {camp}");
                if camp != "no_view" {
                    let expected = tally
                        .iter()
                        .find(|((q, ty, c), _)| q == pid && *ty == t && *c == camp)
                        .map_or(0, |(_, n)| *n);
                    let got = declared.get(&key).copied().unwrap_or(0);
                    assert_eq!(got, expected, "declared {pid} {t} {camp}");
                }
            }
        }
    }
    // Every organisation type in the brief is present in the demo.
    let by_type = summary["totals"]["by_respondent_type"].as_array().unwrap();
    for t in [
        "individual",
        "local_authority",
        "voluntary_charity",
        "professional_body",
        "private_provider",
        "academic",
    ] {
        let n = by_type.iter().find(|r| r["respondent_type"] == t).unwrap()["responses"]
            .as_u64()
            .unwrap();
        assert!(n >= 15, "{t}: {n}");
    }

    // A second run over the same store imports nothing, embeds nothing and gives the same figures.
    let again = analyse(tmp.path());
    assert_eq!(again["totals"], summary["totals"]);
    assert_eq!(again["proposals"], summary["proposals"]);
    let (first, second) = (&summary["run"]["encoder"], &again["run"]["encoder"]);
    assert!(first["distinct_units"].as_u64().unwrap() > 1000, "{first}");
    assert_eq!(second["distinct_units"], first["distinct_units"]);
    assert_eq!(
        second["embedded"].as_u64(),
        Some(0),
        "the re-run embedded text again: {second}"
    );
    assert_eq!(second["cache_hit_rate"].as_f64(), Some(1.0));
}

/// The whole analysis on PostgreSQL (CI sets `BAROMETER_TEST_POSTGRES`): the same migrations
/// and queries must give the same figures as the embedded store.
#[test]
fn the_demo_gives_the_same_figures_on_postgresql() {
    let Some(url) = std::env::var("BAROMETER_TEST_POSTGRES")
        .ok()
        .filter(|u| !u.is_empty())
    else {
        assert!(
            std::env::var_os("CI").is_none(),
            "CI must set BAROMETER_TEST_POSTGRES (.ci/run starts a cluster)"
        );
        eprintln!("BAROMETER_TEST_POSTGRES is not set: the PostgreSQL run is skipped here");
        return;
    };
    let (sqlite_out, pg_out) = (tempfile::tempdir().unwrap(), tempfile::tempdir().unwrap());
    let on_sqlite = analyse_into(sqlite_out.path(), None);
    let on_postgres = analyse_into(pg_out.path(), Some(&url));
    assert_eq!(on_postgres["run"]["store"], "postgresql");
    assert_eq!(on_sqlite["run"]["store"], "sqlite");
    for key in ["totals", "proposals"] {
        assert_eq!(
            on_postgres[key], on_sqlite[key],
            "{key} differ between the stores"
        );
    }
    let sizes = |s: &Value| -> Vec<Value> {
        s["campaigns"]["campaigns"]
            .as_array()
            .unwrap()
            .iter()
            .map(|c| c["size"].clone())
            .collect()
    };
    assert_eq!(sizes(&on_postgres), sizes(&on_sqlite));
    assert_eq!(
        on_postgres["stance_model"]["gold"],
        on_sqlite["stance_model"]["gold"]
    );
    let questions = |s: &Value| s["themes"].as_array().map_or(0, Vec::len);
    assert_eq!(questions(&on_postgres), questions(&on_sqlite));
    assert!(questions(&on_sqlite) > 0);
}

#[test]
fn declared_stances_agree_with_the_gold_labels() {
    let dir = demo_dir();
    let (_, _, declared) = independent_count(&dir);
    let gold = std::fs::read_to_string(dir.join("gold/labels.jsonl")).unwrap();
    let tmp = tempfile::tempdir().unwrap();
    let runtime = barometer::support::runtime().unwrap();
    let analysed = runtime.block_on(async {
        let folder = barometer_pipeline::ConsultationFolder::load(&dir).unwrap();
        let c = &folder.definition;
        let store = barometer_store::Store::open_sqlite(&tmp.path().join("s.sqlite"))
            .await
            .unwrap();
        barometer_pipeline::import::import_all(
            &store,
            &folder,
            &barometer_pipeline::Silent,
            barometer_pipeline::import::Revise::Refuse,
        )
        .await
        .unwrap();
        let stored = store.load_responses(&folder.id).await.unwrap();
        stored
            .into_iter()
            .map(|s| {
                let judgements = barometer_analysis::stance::declared(c, &s.record);
                (s.record.external_id, judgements)
            })
            .collect::<Vec<_>>()
    });
    let by_id: HashMap<&str, _> = analysed.iter().map(|(id, j)| (id.as_str(), j)).collect();
    let mut checked = 0;
    let mut lines = 0;
    for line in gold.lines() {
        lines += 1;
        let g: Value = serde_json::from_str(line).unwrap();
        let id = g["id"].as_str().unwrap();
        let a = by_id
            .get(id)
            .unwrap_or_else(|| panic!("gold id {id} was not imported"));
        for (i, (pid, judgement)) in a.iter().enumerate() {
            let ticked = declared[id][i];
            if ticked == "no_view" {
                assert_eq!(
                    judgement.camp.as_str(),
                    "no_view",
                    "{id} {pid}: nothing was ticked"
                );
                continue;
            }
            // Where the respondent ticked an answer, the gold label is that answer.
            assert_eq!(
                judgement.camp.as_str(),
                g["stances"][&pid.0].as_str().unwrap(),
                "{id} {pid}"
            );
            checked += 1;
        }
    }
    assert!(lines >= 300, "only {lines} gold labels");
    assert!(
        checked >= 200,
        "only {checked} declared stances checked against gold"
    );
}

/// `barometer ARGS…` against the store at `db`; panics with its stderr on failure.
fn barometer(args: &[&str], db: &str) -> String {
    let run = Command::new(env!("CARGO_BIN_EXE_barometer"))
        .args(args)
        .args(["--db", db])
        .env_remove("BAROMETER_DB")
        .output()
        .unwrap();
    assert!(
        run.status.success(),
        "{args:?}: {}",
        String::from_utf8_lossy(&run.stderr)
    );
    String::from_utf8_lossy(&run.stdout).into_owned()
}

fn jsonl(path: &Path) -> Vec<Value> {
    std::fs::read_to_string(path)
        .unwrap()
        .lines()
        .filter(|l| !l.trim().is_empty())
        .map(|l| serde_json::from_str(l).unwrap())
        .collect()
}

// The demo's correspondence log records no organisation's type, and for every second
// organisation's letter nothing at all: every such letter still gets an organisation and a
// type from its own words, the report states how far those agree with the gold types, and an
// analyst's correction outlives the next analysis.
#[test]
fn every_letter_from_an_organisation_is_typed_and_an_analysts_type_survives_reanalysis() {
    let tmp = tempfile::tempdir().unwrap();
    let db = tmp.path().join("barometer.sqlite").display().to_string();
    let summary = analyse(tmp.path());
    let gold: HashMap<String, Value> = jsonl(&demo_dir().join("gold/labels.jsonl"))
        .into_iter()
        .filter(|g| g["source"] == "letter")
        .map(|g| (g["id"].as_str().unwrap().to_string(), g))
        .collect();
    let read: HashMap<String, Value> = jsonl(&tmp.path().join("respondents.jsonl"))
        .into_iter()
        .filter(|r| r["source"] == "letter")
        .map(|r| (r["external_id"].as_str().unwrap().to_string(), r))
        .collect();
    let organisations_letters: Vec<&String> = gold
        .keys()
        .filter(|id| gold[*id]["respondent_type"] != "individual")
        .collect();
    assert!(
        organisations_letters.len() >= 80,
        "{}",
        organisations_letters.len()
    );
    let (mut compared, mut agreed) = (0, 0);
    for id in &organisations_letters {
        let r = &read[*id];
        assert_ne!(r["respondent_type"], "individual", "{id}: {r}");
        assert!(r["organisation"].is_string(), "{id} has no organisation: {r}");
        if let Some(want) = gold[*id]["respondent_type"].as_str() {
            compared += 1;
            agreed += usize::from(r["respondent_type"] == want);
        }
    }
    assert!(
        agreed * 10 >= compared * 8,
        "{agreed} of {compared} letters typed as the gold says"
    );
    // Individuals' letters stay individuals'.
    for (id, g) in &gold {
        if g["respondent_type"] == "individual" {
            assert_eq!(read[id]["respondent_type"], "individual", "{id}");
        }
    }

    let section = &summary["respondents"];
    assert!(section["inferred"].as_u64().unwrap() >= 80, "{section}");
    let g = &section["gold"];
    assert!(g["inferred_compared"].as_u64().unwrap() >= 70, "{g}");
    let html = std::fs::read_to_string(tmp.path().join("report.html")).unwrap();
    assert!(html.contains("id=\"organisations\"") && html.contains("Annex: organisations that responded"));
    assert!(html.contains(&format!(
        "the inferred type agreed with it for {} of {} responses",
        g["inferred_agreed"], g["inferred_compared"]
    )));
    let organisations = section["organisations"].as_array().unwrap();
    let keys: std::collections::BTreeSet<&str> =
        organisations.iter().map(|o| o["key"].as_str().unwrap()).collect();
    assert_eq!(keys.len(), organisations.len(), "one row per organisation");
    for o in organisations {
        assert_eq!(o["positions"].as_array().unwrap().len(), 4, "{o}");
    }

    // An analyst retypes one inferred organisation and stars it; both outlive re-analysis.
    let (id, r) = read
        .iter()
        .find(|(_, r)| r["decided_by"] == "inferred" && r["organisation"].is_string())
        .unwrap();
    let name = r["organisation"].as_str().unwrap().to_string();
    let demo = demo_dir().display().to_string();
    barometer(
        &[
            "respondents",
            "set-type",
            &demo,
            "--response",
            id,
            "--type",
            "public_body",
            "--by",
            "Tester",
        ],
        &db,
    );
    barometer(
        &[
            "respondents",
            "star",
            &demo,
            "--organisation",
            &name,
            "--by",
            "Tester",
        ],
        &db,
    );
    let again = analyse(tmp.path());
    let first = &again["respondents"]["organisations"][0];
    assert_eq!(first["name"], name.as_str(), "a starred organisation comes first");
    assert_eq!(first["starred"], true);
    assert_eq!(first["respondent_type"], "public_body");
    assert_eq!(first["type_source"], "analyst");
    assert_eq!(
        again["respondents"]["analyst"].as_u64(),
        first["responses"].as_u64()
    );
    let log = barometer(&["review", "log", &demo], &db);
    assert!(
        log.contains("Tester respondent_type") && log.contains("-> public_body"),
        "{log}"
    );
    assert!(log.contains("Tester star_organisation"), "{log}");
    // The by-type figures count it where the analyst put it.
    let public = again["totals"]["by_respondent_type"]
        .as_array()
        .unwrap()
        .iter()
        .find(|t| t["respondent_type"] == "public_body")
        .unwrap()["responses"]
        .as_u64()
        .unwrap();
    assert!(public >= 1);
}
