//! Every `.rs` file of the crate, `build.rs` included, starts with a `//!` module doc.

use std::path::Path;

fn visit(dir: &Path, bad: &mut Vec<String>) {
    for entry in std::fs::read_dir(dir).unwrap() {
        let path = entry.unwrap().path();
        if path.is_dir() {
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
    let root = Path::new(env!("CARGO_MANIFEST_DIR"));
    let mut bad = Vec::new();
    for sub in ["src", "tests"] {
        visit(&root.join(sub), &mut bad);
    }
    if !std::fs::read_to_string(root.join("build.rs"))
        .unwrap()
        .starts_with("//!")
    {
        bad.push("build.rs".into());
    }
    assert!(bad.is_empty(), "files without a leading //! doc: {bad:?}");
}
