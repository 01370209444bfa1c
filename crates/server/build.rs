//! Builds the GOV.UK Design System assets into the binary.
//!
//! `govuk-frontend` comes from the npm registry, pinned by `web/package-lock.json`. This copies
//! the package files into `OUT_DIR` and runs `npm ci` there once (the source tree is left as it
//! is); then it writes `assets.rs` into `OUT_DIR`, a table of every served file with
//! `include_bytes!`, so the binary needs no files beside it at run time.

use std::fmt::Write as _;
use std::path::{Path, PathBuf};
use std::process::Command;

fn main() {
    let source = PathBuf::from(std::env::var("CARGO_MANIFEST_DIR").unwrap()).join("web");
    let web = PathBuf::from(std::env::var("OUT_DIR").unwrap()).join("web");
    std::fs::create_dir_all(&web).unwrap();
    for file in ["package.json", "package-lock.json"] {
        std::fs::copy(source.join(file), web.join(file)).unwrap_or_else(|e| panic!("web/{file}: {e}"));
    }
    let dist = web.join("node_modules/govuk-frontend/dist/govuk");
    println!("cargo:rerun-if-changed=web/package-lock.json");
    println!("cargo:rerun-if-changed=web/package.json");
    // axe-core is for the browser tests' accessibility checks; nothing of it is embedded.
    let axe = web.join("node_modules/axe-core/axe.min.js");
    if !dist.join("govuk-frontend.min.css").exists() || !axe.exists() {
        let status = Command::new("npm")
            .args(["ci", "--no-audit", "--no-fund"])
            .current_dir(&web)
            .status();
        match status {
            Ok(s) if s.success() => {}
            Ok(s) => panic!(
                "`npm ci` in {} failed ({s}): the server embeds govuk-frontend from the npm registry; \
                 check network access to the registry and retry",
                web.display()
            ),
            Err(e) => panic!(
                "cannot run `npm` ({e}): building barometer-server needs Node.js and npm to fetch \
                 govuk-frontend (Debian: apt-get install nodejs npm)"
            ),
        }
    }
    let mut files = vec![(
        "govuk-frontend.min.css".to_string(),
        dist.join("govuk-frontend.min.css"),
    )];
    for sub in ["fonts", "images"] {
        let mut entries: Vec<PathBuf> = std::fs::read_dir(dist.join("assets").join(sub))
            .unwrap_or_else(|e| panic!("{}: {e}", dist.display()))
            .map(|e| e.unwrap().path())
            .collect();
        entries.sort();
        for path in entries {
            let name = path.file_name().unwrap().to_string_lossy().into_owned();
            files.push((format!("{sub}/{name}"), path));
        }
    }
    let mut out =
        String::from("/// Every embedded asset: its path under `/assets/`, its media type and bytes.\n");
    out.push_str("pub static ASSETS: &[(&str, &str, &[u8])] = &[\n");
    for (name, path) in &files {
        writeln!(
            out,
            "    ({name:?}, {:?}, include_bytes!({:?})),",
            media_type(path),
            path.display().to_string()
        )
        .unwrap();
    }
    out.push_str("];\n");
    let dest = PathBuf::from(std::env::var("OUT_DIR").unwrap()).join("assets.rs");
    std::fs::write(dest, out).unwrap();
}

fn media_type(path: &Path) -> &'static str {
    match path.extension().and_then(|e| e.to_str()) {
        Some("css") => "text/css; charset=utf-8",
        Some("woff2") => "font/woff2",
        Some("woff") => "font/woff",
        Some("svg") => "image/svg+xml",
        Some("png") => "image/png",
        Some("ico") => "image/x-icon",
        _ => "application/octet-stream",
    }
}
