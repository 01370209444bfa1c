//! Every `.rs` file of every crate in the workspace (sources, tests, examples, benches and
//! build scripts) starts with a `//!` module doc, so each file says what it is for.

use std::path::Path;

fn visit(dir: &Path, bad: &mut Vec<String>) {
    let Ok(entries) = std::fs::read_dir(dir) else {
        return;
    };
    for entry in entries {
        let path = entry.unwrap().path();
        if path.is_dir() {
            // npm's output is not ours.
            if path.file_name().is_some_and(|n| n == "node_modules") {
                continue;
            }
            visit(&path, bad);
        } else if path.extension().is_some_and(|e| e == "rs") {
            let text = std::fs::read_to_string(&path).unwrap();
            if !text.starts_with("//!") {
                bad.push(path.display().to_string());
            }
        }
    }
}

#[test]
fn every_rs_file_has_module_doc() {
    let crates = Path::new(env!("CARGO_MANIFEST_DIR")).join("..");
    let mut bad = Vec::new();
    let mut seen = 0;
    for krate in std::fs::read_dir(&crates).unwrap() {
        let root = krate.unwrap().path();
        if !root.join("Cargo.toml").is_file() {
            continue;
        }
        seen += 1;
        for sub in ["src", "tests", "examples", "benches"] {
            visit(&root.join(sub), &mut bad);
        }
        let build = root.join("build.rs");
        if build.is_file() && !std::fs::read_to_string(&build).unwrap().starts_with("//!") {
            bad.push(build.display().to_string());
        }
    }
    assert!(seen >= 8, "found only {seen} crates under {}", crates.display());
    assert!(bad.is_empty(), "files without a leading //! doc: {bad:?}");
}
