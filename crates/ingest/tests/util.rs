//! Helpers shared by the test modules.

use barometer_domain::Consultation;
use std::path::{Path, PathBuf};

/// The shared export shapes; shared/ sits beside the repository, in CI too.
pub fn exports_dir() -> PathBuf {
    let dir = Path::new(env!("CARGO_MANIFEST_DIR")).join("../../../shared/datasets/exports");
    assert!(
        dir.join("README.md").is_file(),
        "shared/datasets/exports is missing at {}; it must sit beside the repository",
        dir.display()
    );
    dir
}

/// The repository's root.
pub fn repo_root() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("../..")
}

/// A header for a definition, with one proposal per id given.
pub fn head(proposals: &[&str]) -> String {
    let mut s =
        String::from("title = \"T\"\norganisation = \"O\"\nopens = 2014-04-03\ncloses = 2014-05-15\n");
    for p in proposals {
        s.push_str(&format!(
            "\n[[proposals]]\nid = \"{p}\"\ntext = \"Proposal {p}\"\n"
        ));
    }
    s
}

/// Parses a definition, panicking with the error.
pub fn parse(text: &str) -> Consultation {
    Consultation::parse(text).unwrap_or_else(|e| panic!("bad test definition: {e}\n{text}"))
}

/// A simple definition: proposal P1, closed Q1 (agree5), open Q1_explain, open Q2, and the
/// given sources.
pub fn simple(sources: &str) -> Consultation {
    parse(&format!(
        "{}\n{}\n{sources}",
        head(&["P1"]),
        r#"
[[questions]]
id = "Q1"
kind = "closed"
proposal = "P1"
text = "Do you agree?"
scale = "agree5"

[[questions]]
id = "Q1_explain"
kind = "open"
proposal = "P1"
explains = "Q1"
text = "Why?"

[[questions]]
id = "Q2"
kind = "open"
text = "Anything else?"

[respondents.organisation_types]
"Charity" = "voluntary_charity"
"Local authority" = "local_authority"
"#
    ))
}

/// Writes a file under a folder, creating folders on the way.
pub fn write(dir: &Path, name: &str, contents: impl AsRef<[u8]>) -> PathBuf {
    let path = dir.join(name);
    std::fs::create_dir_all(path.parent().unwrap()).unwrap();
    std::fs::write(&path, contents).unwrap();
    path
}

/// The sha256 of a file, as hex.
pub fn sha256(path: &Path) -> String {
    use sha2::Digest;
    hex::encode(sha2::Sha256::digest(std::fs::read(path).unwrap()))
}
