//! Theme discovery with the real encoder: the same themes for any order of the input, stable
//! when 5% more responses arrive (adjusted Rand index on the old responses), and the demo's
//! gold themes recovered, scored as `barometer eval themes` scores.

mod common;

use barometer_analysis::themes::{self, Options, ResponseUnits, Unit, stats::adjusted_rand_index};
use barometer_encoder::{Encoder, ModelDir, models, split};
use barometer_pipeline::Silent;
use serde_json::Value;
use std::collections::{BTreeMap, BTreeSet, HashMap};
use std::path::Path;

const GAMBLING: &str = concat!(
    env!("CARGO_MANIFEST_DIR"),
    "/../../../shared/datasets/dev/themes-gambling-xs.jsonl"
);
const ARGKP: &str = concat!(
    env!("CARGO_MANIFEST_DIR"),
    "/../../../shared/datasets/dev/themes-argkp-dev.jsonl"
);

fn encoder() -> Encoder {
    let model = models::ensure(&ModelDir::resolve(None), &|line| eprintln!("{line}")).unwrap();
    Encoder::load(&model).unwrap()
}

fn fnv(s: &str) -> u64 {
    s.bytes().fold(0xcbf2_9ce4_8422_2325u64, |h, b| {
        (h ^ u64::from(b)).wrapping_mul(0x0100_0000_01b3)
    })
}

/// A response: its id and its argument units.
type Row = (String, Vec<String>);

/// Per question: (id, units) of each row, in file order, for the first `questions` questions.
fn questions(path: &str, questions: usize) -> Vec<(String, Vec<Row>)> {
    let mut by: BTreeMap<String, Vec<(String, Vec<String>)>> = BTreeMap::new();
    let mut order = Vec::new();
    for line in std::fs::read_to_string(path)
        .unwrap()
        .lines()
        .filter(|l| !l.trim().is_empty())
    {
        let v: Value = serde_json::from_str(line).unwrap();
        let q = v["question"].as_str().unwrap().to_string();
        if !by.contains_key(&q) {
            order.push(q.clone());
        }
        let units = split::units(v["text"].as_str().unwrap(), &split::SplitOptions::default())
            .into_iter()
            .map(|u| u.text.to_string())
            .collect();
        by.entry(q)
            .or_default()
            .push((v["id"].as_str().unwrap().to_string(), units));
    }
    order
        .into_iter()
        .take(questions)
        .map(|q| (q.clone(), by.remove(&q).unwrap()))
        .collect()
}

/// Embeds every distinct unit of the given rows.
fn vectors(encoder: &Encoder, rows: &[&(String, Vec<String>)]) -> HashMap<String, Vec<f32>> {
    let texts: BTreeSet<&str> = rows.iter().flat_map(|r| r.1.iter().map(String::as_str)).collect();
    let texts: Vec<&str> = texts.into_iter().collect();
    let vs = encoder.embed(&texts).unwrap();
    texts.into_iter().map(str::to_string).zip(vs).collect()
}

fn input<'a>(
    rows: &[&'a (String, Vec<String>)],
    vectors: &'a HashMap<String, Vec<f32>>,
) -> Vec<ResponseUnits<'a>> {
    rows.iter()
        .map(|(id, units)| ResponseUnits {
            id,
            units: units
                .iter()
                .map(|t| Unit {
                    text: t,
                    vector: &vectors[t],
                })
                .collect(),
            camp: None,
        })
        .collect()
}

#[test]
fn the_same_responses_in_any_order_give_identical_themes() {
    let encoder = encoder();
    for (question, rows) in questions(GAMBLING, 2) {
        let rows: Vec<&(String, Vec<String>)> = rows.iter().collect();
        let vectors = vectors(&encoder, &rows);
        let mut shuffled = rows.clone();
        shuffled.sort_by_key(|r| fnv(&format!("shuffle {}", r.0)));
        shuffled.reverse();
        assert_ne!(shuffled[0].0, rows[0].0, "the order really changed");
        let (a_in, b_in) = (input(&rows, &vectors), input(&shuffled, &vectors));
        let a = themes::discover(&a_in, &Options::default()).finish(&a_in, Some(&question));
        let b = themes::discover(&b_in, &Options::default()).finish(&b_in, Some(&question));
        assert!(a.themes.len() >= 5, "{question}: only {} themes", a.themes.len());
        assert_eq!(a.themes, b.themes, "{question}");
        let by_id = |s: &themes::ThemeSet| -> BTreeMap<String, (Vec<String>, Vec<Option<String>>)> {
            s.responses
                .iter()
                .map(|r| (r.id.clone(), (r.themes.clone(), r.units.clone())))
                .collect()
        };
        assert_eq!(by_id(&a), by_id(&b), "{question}");
    }
}

/// ARI over the units of the responses both runs saw (theme id, or "other"), with the second
/// run found afresh and, as `analyse` does on a store that holds the first run's themes,
/// started from them.
fn stability(encoder: &Encoder, question: &str, rows: &[(String, Vec<String>)]) -> (f64, f64) {
    let all: Vec<&(String, Vec<String>)> = rows.iter().collect();
    // The old run lacks about one response in twenty, chosen by a hash of its id.
    let old: Vec<&(String, Vec<String>)> = rows.iter().filter(|r| !fnv(&r.0).is_multiple_of(20)).collect();
    assert!(old.len() < all.len());
    let vectors = vectors(encoder, &all);
    let (old_in, all_in) = (input(&old, &vectors), input(&all, &vectors));
    let first = themes::discover(&old_in, &Options::default());
    let before = first.finish(&old_in, Some(question));
    let fresh = themes::discover(&all_in, &Options::default()).finish(&all_in, Some(question));
    let anchored =
        themes::discover_from(&all_in, &Options::default(), first.anchors()).finish(&all_in, Some(question));
    eprintln!(
        "themes: {} before; {} after afresh, {} after from the first run's ({} carried over)",
        before.themes.len(),
        fresh.themes.len(),
        anchored.themes.len(),
        anchored.anchored
    );
    let units_of = |s: &themes::ThemeSet| -> BTreeMap<String, Vec<String>> {
        s.responses
            .iter()
            .map(|r| {
                (
                    r.id.clone(),
                    r.units
                        .iter()
                        .map(|u| u.clone().unwrap_or_else(|| "other".into()))
                        .collect(),
                )
            })
            .collect()
    };
    let b = units_of(&before);
    let kept = units_of(&anchored);
    let ari = |after: &themes::ThemeSet| {
        let a = units_of(after);
        let mut x = Vec::new();
        let mut y = Vec::new();
        for (id, labels) in &b {
            x.extend(labels.iter().cloned());
            y.extend(a[id].iter().cloned());
        }
        adjusted_rand_index(&x, &y)
    };
    // Started from the first run's themes, a theme keeps its id: most old units keep theirs.
    let same_id = b
        .iter()
        .flat_map(|(id, labels)| labels.iter().zip(&kept[id]).map(|(x, y)| x == y))
        .filter(|&same| same)
        .count();
    let total: usize = b.values().map(Vec::len).sum();
    assert!(
        same_id * 10 >= total * 9,
        "{same_id} of {total} units kept their theme id"
    );
    (ari(&fresh), ari(&anchored))
}

#[test]
fn five_percent_more_responses_leave_the_themes_largely_unchanged() {
    let encoder = encoder();
    let (mut fresh, mut anchored) = (Vec::new(), Vec::new());
    for (question, rows) in questions(GAMBLING, 2).into_iter().chain(questions(ARGKP, 3)) {
        let (f, a) = stability(&encoder, &question, &rows);
        eprintln!(
            "ARI on the old responses of {} ({} rows): {f:.3} afresh, {a:.3} from the first run's themes",
            &question[..40.min(question.len())],
            rows.len()
        );
        fresh.push(f);
        anchored.push(a);
    }
    let mean = |v: &[f64]| v.iter().sum::<f64>() / v.len() as f64;
    eprintln!(
        "mean ARI over {} questions: {:.3} afresh, {:.3} from the first run's themes",
        fresh.len(),
        mean(&fresh),
        mean(&anchored)
    );
    // Issue 5's target, met when a run starts from the stored themes of the last (as `analyse`
    // does): every question.
    assert!(anchored.iter().all(|&a| a >= 0.9), "{anchored:?}");
    // FIXME: found afresh, the themes fall short of 0.9 (docs/ACCURACY.md); these bounds hold
    // today's behaviour so that a regression shows.
    assert!(mean(&fresh) >= 0.7, "{fresh:?}");
    assert!(fresh.iter().all(|&a| a >= 0.5), "{fresh:?}");
}

fn demo_dir() -> std::path::PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("../../examples/children-social-care-2014")
}

#[test]
fn the_demo_themes_recover_its_gold_themes() {
    let dir = demo_dir();
    let tmp = tempfile::tempdir().unwrap();
    let models = barometer_pipeline::Models::new(encoder(), ModelDir::resolve(None));
    let rt = barometer::support::runtime().unwrap();
    let (gold, found) = rt.block_on(async {
        let folder = barometer_pipeline::ConsultationFolder::load(&dir).unwrap();
        let consultation = &folder.definition;
        let store = barometer::support::open_store(&tmp.path().join("t.sqlite").display().to_string())
            .await
            .unwrap();
        barometer_pipeline::import::import_all(
            &store,
            &folder,
            &Silent,
            barometer_pipeline::import::Revise::Refuse,
        )
        .await
        .unwrap();
        let stored = store.load_responses(&folder.id).await.unwrap();
        let run = barometer_pipeline::read_stances(
            &store,
            &folder.id,
            consultation,
            &stored,
            &models,
            &Default::default(),
            &Silent,
        )
        .await
        .unwrap();
        let analysed = run.stances.analysed;
        let questions = barometer_pipeline::themes::question_units(consultation, &run.units);
        let vectors: HashMap<&str, &[f32]> = questions
            .iter()
            .flat_map(|q| q.answers.iter().flat_map(|(_, u)| u.iter().copied()))
            .map(|t| (t, run.vectors.get(t).expect("every unit embedded")))
            .collect();
        // Each response's themes across every open question, as "question:theme".
        let mut found: HashMap<String, Vec<String>> = HashMap::new();
        for q in &questions {
            let set = barometer_pipeline::themes::question_themes(
                q,
                &stored,
                &analysed,
                &vectors,
                &[],
                &[],
                &Options::default(),
            )
            .set;
            for ((i, _), r) in q.answers.iter().zip(&set.responses) {
                let ext = &stored[*i].record.external_id;
                found
                    .entry(ext.clone())
                    .or_default()
                    .extend(r.themes.iter().map(|t| format!("{}:{t}", q.question.id.0)));
            }
        }
        let gold: Vec<(String, Vec<String>)> = std::fs::read_to_string(dir.join("gold/labels.jsonl"))
            .unwrap()
            .lines()
            .map(|l| {
                let v: Value = serde_json::from_str(l).unwrap();
                let themes = v["themes"]
                    .as_array()
                    .unwrap()
                    .iter()
                    .map(|t| t.as_str().unwrap().to_string())
                    .collect();
                (v["id"].as_str().unwrap().to_string(), themes)
            })
            .collect();
        (gold, found)
    });
    let predicted: Vec<Vec<String>> = gold
        .iter()
        .map(|(id, _)| found.get(id).cloned().unwrap_or_default())
        .collect();
    let gold_sets: Vec<Vec<String>> = gold.iter().map(|(_, t)| t.clone()).collect();
    assert!(
        gold.iter().filter(|(id, _)| found.contains_key(id)).count() * 10 >= gold.len() * 9,
        "most gold responses have answers"
    );
    let s = themes::score::score(&gold_sets, &predicted);
    eprintln!(
        "demo: theme recovery F1 {:.3}, mapping F1 {:.3} ({} gold themes scored, {} themes found); per theme {:?}",
        s.recovery_f1, s.mapping_f1, s.gold_themes, s.themes_found, s.per_theme
    );
    assert!(s.gold_themes >= 10, "{s:?}");
    // Clearly above what one blob or chance gives (about 0.2 here), below the 0.55 of issue 5.
    // Mapping fell from 0.537 to 0.475 when letter furniture stopped being themed (issue 16):
    // "Letters' openings and sign-offs" had been a theme of every letter, relabelled as the
    // gold theme letters share most, which scored for "being a letter". Recovery rose.
    assert!(s.recovery_f1 >= 0.5 && s.mapping_f1 >= 0.45, "{s:?}");
}

/// Runs the binary; a store is named only where the arguments name one (never by the
/// environment), so a command without `--db` uses the consultation's default store.
fn barometer(args: &[&str]) -> String {
    let run = std::process::Command::new(env!("CARGO_BIN_EXE_barometer"))
        .args(args)
        .env_remove("BAROMETER_DB")
        .output()
        .unwrap();
    assert!(
        run.status.success(),
        "{args:?}: {}",
        String::from_utf8_lossy(&run.stderr)
    );
    String::from_utf8(run.stdout).unwrap()
}

/// The ids of one question's themes in summary.json.
fn theme_ids(question: &Value) -> BTreeSet<String> {
    question["themes"]
        .as_array()
        .unwrap()
        .iter()
        .map(|t| t["id"].as_str().unwrap().to_string())
        .collect()
}

fn question_themes(out: &Path, question: &str) -> Value {
    let summary: Value =
        serde_json::from_str(&std::fs::read_to_string(out.join("summary.json")).unwrap()).unwrap();
    summary["themes"]
        .as_array()
        .unwrap()
        .iter()
        .find(|q| q["question"] == question)
        .unwrap()
        .clone()
}

#[test]
fn analyst_edits_are_stored_with_who_and_survive_a_rerun() {
    let dir = demo_dir();
    let tmp = tempfile::tempdir().unwrap();
    let db = tmp.path().join("store.sqlite");
    let (db, out) = (db.to_str().unwrap(), tmp.path().join("out"));
    let demo = dir.to_str().unwrap();
    barometer(&["analyse", demo, "--out", out.to_str().unwrap(), "--db", db]);
    let before = question_themes(&out, "Q1_explain");
    let themes = before["themes"].as_array().unwrap();
    assert!(themes.len() >= 4, "{before}");
    let (t1, t2) = (
        themes[0]["id"].as_str().unwrap(),
        themes[1]["id"].as_str().unwrap(),
    );
    let total_before: u64 = themes.iter().map(|t| t["respondents"].as_u64().unwrap()).sum();

    let edit = |args: &[&str]| {
        let mut all = vec![
            "themes",
            "edit",
            demo,
            "--question",
            "Q1_explain",
            "--db",
            db,
            "--by",
            "Ana Analyst",
        ];
        all.extend_from_slice(args);
        barometer(&all)
    };
    edit(&["rename", t1, "Councils must keep child protection"]);
    edit(&["merge", t2, t1]);
    edit(&["delete", "t99"]);
    let listed = barometer(&["themes", "edits", demo, "--question", "Q1_explain", "--db", db]);
    assert_eq!(listed.lines().count(), 3, "{listed}");
    assert!(listed.lines().all(|l| l.contains("Ana Analyst")), "{listed}");

    // Re-run on the same data: themes are rediscovered and the edits replayed.
    barometer(&["analyse", demo, "--out", out.to_str().unwrap(), "--db", db]);
    let after = question_themes(&out, "Q1_explain");
    let renamed = after["themes"]
        .as_array()
        .unwrap()
        .iter()
        .find(|t| t["id"] == t1)
        .unwrap();
    assert_eq!(renamed["label"], "Councils must keep child protection");
    assert_eq!(renamed["renamed"], true);
    assert!(
        after["themes"].as_array().unwrap().iter().all(|t| t["id"] != t2),
        "merged away"
    );
    // The merged theme holds at least everyone either held, counted once.
    let (n1, n2) = (
        themes[0]["respondents"].as_u64().unwrap(),
        themes[1]["respondents"].as_u64().unwrap(),
    );
    let merged = renamed["respondents"].as_u64().unwrap();
    assert!(
        merged >= n1.max(n2) && merged <= n1 + n2,
        "{merged} from {n1} and {n2}"
    );
    assert!(
        total_before
            >= after["themes"]
                .as_array()
                .unwrap()
                .iter()
                .map(|t| t["respondents"].as_u64().unwrap())
                .sum::<u64>()
    );
    // The re-run started from the first run's themes: every theme but the merged one is there
    // under its old id.
    assert_eq!(after["kept"].as_u64(), Some(themes.len() as u64), "{after}");
    let mut expected = theme_ids(&before);
    expected.remove(t2);
    assert_eq!(theme_ids(&after), expected);
    assert_eq!(after["edits_applied"], 2);
    let refused = after["edits_refused"].as_array().unwrap();
    assert_eq!(refused.len(), 1, "{after}");
    assert!(refused[0].as_str().unwrap().contains("t99"), "{refused:?}");
    // Other questions are untouched by edits to this one.
    assert_eq!(question_themes(&out, "Q2_explain")["edits_applied"], 0);
}

#[test]
fn eval_themes_writes_every_row_and_agrees_with_the_reference_scorer() {
    let tmp = tempfile::tempdir().unwrap();
    let pred = tmp.path().join("pred.jsonl");
    let run = common::run_eval("themes", &["--json"], std::path::Path::new(GAMBLING), &pred);
    assert!(run.status.success(), "{}", String::from_utf8_lossy(&run.stderr));
    let printed: Value = serde_json::from_slice(&run.stdout).unwrap();
    let ids =
        |path: &str| -> Vec<Value> { common::jsonl(path).into_iter().map(|r| r["id"].clone()).collect() };
    assert_eq!(
        ids(pred.to_str().unwrap()),
        ids(GAMBLING),
        "one line per row, in input order"
    );
    let scored = common::reference_scores("themes", GAMBLING, &pred);
    for key in ["recovery_f1", "mapping_f1"] {
        let (ours, theirs) = (printed[key].as_f64().unwrap(), scored[key].as_f64().unwrap());
        assert!(
            (ours - theirs).abs() < 1e-9,
            "{key}: printed {ours}, scorer {theirs}"
        );
    }
    assert_eq!(printed["themes_found"], scored["themes_found"]);
    // Above the k-means floor of issue 5 (0.40 / 0.41) on recovery; FIXME: the 0.55 is not reached.
    assert!(printed["recovery_f1"].as_f64().unwrap() >= 0.4, "{printed}");

    // Labels are compared with the human labels beside the file, one pair per scored gold
    // theme that some theme matches, each naming the gold label from the definitions.
    let definitions: Value =
        serde_json::from_str(&std::fs::read_to_string(GAMBLING.replace(".jsonl", ".themes.json")).unwrap())
            .unwrap();
    let gold_labels: Vec<&str> = definitions
        .as_object()
        .unwrap()
        .values()
        .flat_map(|q| q["themes"].as_array().unwrap())
        .map(|t| t["topic_label"].as_str().unwrap())
        .collect();
    let labels = &printed["labels"];
    let pairs = labels["pairs"].as_array().unwrap();
    assert_eq!(labels["compared"].as_u64().unwrap() as usize, pairs.len());
    assert!(
        pairs.len() as u64 >= printed["gold_themes"].as_u64().unwrap() / 2,
        "{labels}"
    );
    for p in pairs {
        assert!(gold_labels.contains(&p["gold"].as_str().unwrap()), "{p}");
        let found = p["found"].as_str().unwrap();
        assert!(
            found.split_whitespace().count() >= 2 && !found.contains(", ,"),
            "{p}"
        );
    }
    let sharing = pairs
        .iter()
        .filter(|p| p["shares_a_content_word"] == true)
        .count();
    assert_eq!(
        labels["sharing_a_content_word"].as_u64().unwrap() as usize,
        sharing
    );
}

#[test]
fn analyse_can_fix_the_number_of_themes_and_the_next_run_starts_from_them() {
    let dir = demo_dir();
    let tmp = tempfile::tempdir().unwrap();
    let out = tmp.path().join("out");
    let db = tmp.path().join("store.sqlite");
    let (demo, out_s, db) = (dir.to_str().unwrap(), out.to_str().unwrap(), db.to_str().unwrap());
    barometer(&["analyse", demo, "--out", out_s, "--db", db, "--themes", "6"]);
    let first = question_themes(&out, "Q1_explain");
    assert_eq!(first["chosen_k"], 6, "{first}");
    assert_eq!(first["automatic"], false);
    assert_eq!(first["kept"], 0);
    let all_questions = |out: &Path| -> Vec<Value> {
        let summary: Value =
            serde_json::from_str(&std::fs::read_to_string(out.join("summary.json")).unwrap()).unwrap();
        summary["themes"].as_array().unwrap().clone()
    };
    let before = all_questions(&out);
    // Without --themes, the same store's next run starts from those themes: on the same data,
    // every question's themes come back unchanged (ids, labels, counts, quotes).
    barometer(&["analyse", demo, "--out", out_s, "--db", db]);
    let second = question_themes(&out, "Q1_explain");
    assert_eq!(second["automatic"], true);
    assert_eq!(
        second["kept"].as_u64(),
        Some(theme_ids(&first).len() as u64),
        "{second}"
    );
    assert_eq!(theme_ids(&second), theme_ids(&first));
    let after = all_questions(&out);
    assert_eq!(after.len(), before.len());
    for (a, b) in after.iter().zip(&before) {
        assert_eq!(a["themes"], b["themes"], "{}", a["question"]);
        assert_eq!(
            a["kept"].as_u64(),
            Some(b["themes"].as_array().unwrap().len() as u64)
        );
    }
    let refused = std::process::Command::new(env!("CARGO_BIN_EXE_barometer"))
        .args(["analyse", demo, "--out", out_s, "--db", db, "--themes", "0"])
        .output()
        .unwrap();
    assert!(!refused.status.success());
    assert!(
        String::from_utf8_lossy(&refused.stderr).contains("--themes"),
        "{}",
        String::from_utf8_lossy(&refused.stderr)
    );
}

/// Copies a folder and everything in it.
fn copy_dir(from: &Path, to: &Path) {
    std::fs::create_dir_all(to).unwrap();
    for entry in std::fs::read_dir(from).unwrap() {
        let entry = entry.unwrap();
        let target = to.join(entry.file_name());
        if entry.file_type().unwrap().is_dir() {
            copy_dir(&entry.path(), &target);
        } else {
            std::fs::copy(entry.path(), target).unwrap();
        }
    }
}

#[test]
fn a_theme_edit_reaches_the_report_when_no_command_names_a_store() {
    let tmp = tempfile::tempdir().unwrap();
    // A copy, so that the default store (inside the consultation's folder) is this test's own.
    let dir = tmp.path().join("consultation");
    copy_dir(&demo_dir(), &dir);
    std::fs::remove_dir_all(dir.join(".barometer")).ok();
    let out = tmp.path().join("out");
    let (dir_s, out_s) = (dir.to_str().unwrap(), out.to_str().unwrap());
    barometer(&["analyse", dir_s, "--out", out_s]);
    let first = question_themes(&out, "Q1_explain");
    let theme = first["themes"][0]["id"].as_str().unwrap().to_string();
    barometer(&[
        "themes",
        "edit",
        dir_s,
        "--question",
        "Q1_explain",
        "--by",
        "Ana Analyst",
        "rename",
        &theme,
        "Keep child protection with councils",
    ]);
    barometer(&["analyse", dir_s, "--out", out_s]);
    let after = question_themes(&out, "Q1_explain");
    let renamed = after["themes"]
        .as_array()
        .unwrap()
        .iter()
        .find(|t| t["id"] == theme.as_str())
        .unwrap_or_else(|| panic!("theme {theme} is gone: {after}"));
    assert_eq!(renamed["label"], "Keep child protection with councils", "{after}");
    let html = std::fs::read_to_string(out.join("report.html")).unwrap();
    assert!(html.contains("Keep child protection with councils"));
    assert!(
        dir.join(".barometer/barometer.sqlite").is_file(),
        "the one default store"
    );
    assert!(
        !out.join("barometer.sqlite").exists(),
        "no second store beside the report"
    );
    let check = barometer(&["check", dir_s]);
    assert!(check.contains("consultation id \"consultation\""), "{check}");
}
