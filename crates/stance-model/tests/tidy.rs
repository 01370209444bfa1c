//! Every `.rs` file of the crate starts with a `//!` module doc.

use std::path::Path;

fn visit(dir: &Path, bad: &mut Vec<String>) {
    for entry in std::fs::read_dir(dir).unwrap() {
        let path = entry.unwrap().path();
        if path.is_dir() {
            visit(&path, bad);
        } else if path.extension().is_some_and(|e| e == "rs")
            && !std::fs::read_to_string(&path).unwrap().starts_with("//!")
        {
            bad.push(path.display().to_string());
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
    assert!(bad.is_empty(), "files without a leading //! doc: {bad:?}");
}
