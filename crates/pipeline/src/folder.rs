//! A consultation folder: `consultation.toml`, its sources, and (by default) its store.

use anyhow::Context;
use barometer_domain::Consultation;
use std::path::{Path, PathBuf};

/// Where a consultation's id comes from.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum IdFrom {
    /// `id = "…"` in consultation.toml.
    Definition,
    /// The folder's name, made URL-safe, because consultation.toml gives none.
    FolderName,
}

/// A consultation folder, read and validated: what every command that works on a
/// consultation starts from.
#[derive(Debug, Clone)]
pub struct ConsultationFolder {
    /// The folder, holding consultation.toml.
    pub dir: PathBuf,
    /// The validated definition.
    pub definition: Consultation,
    /// The consultation's key in the store.
    pub id: String,
    /// Where [`ConsultationFolder::id`] came from.
    pub id_from: IdFrom,
}

/// The store a consultation uses when no `--db` (or `BAROMETER_DB`) names one, relative to
/// its folder. Defined here once; every command opens this one.
pub const DEFAULT_STORE: &str = ".barometer/barometer.sqlite";

impl ConsultationFolder {
    /// Reads and validates `DIR/consultation.toml`.
    pub fn load(dir: &Path) -> anyhow::Result<ConsultationFolder> {
        let path = dir.join("consultation.toml");
        let text =
            std::fs::read_to_string(&path).with_context(|| format!("cannot read {}", path.display()))?;
        let definition = Consultation::parse(&text)
            .with_context(|| format!("{} is not a valid consultation definition", path.display()))?;
        let (id, id_from) = match &definition.id {
            Some(id) => (id.clone(), IdFrom::Definition),
            None => (folder_slug(dir), IdFrom::FolderName),
        };
        Ok(ConsultationFolder {
            dir: dir.to_path_buf(),
            definition,
            id,
            id_from,
        })
    }

    /// The store to open: `db` when given (a path, `sqlite://` or `postgres://` URL), else
    /// [`DEFAULT_STORE`] in the folder, whose parent folder is created.
    pub fn store_url(&self, db: Option<&str>) -> anyhow::Result<String> {
        if let Some(db) = db {
            return Ok(db.to_string());
        }
        let path = self.dir.join(DEFAULT_STORE);
        let parent = path.parent().expect("the default store is in a folder");
        std::fs::create_dir_all(parent).with_context(|| {
            format!(
                "cannot create {} for the consultation's store; name another with --db (or BAROMETER_DB)",
                parent.display()
            )
        })?;
        Ok(path.display().to_string())
    }

    /// Says which id is used and why, for `check`.
    pub fn describe_id(&self) -> String {
        match self.id_from {
            IdFrom::Definition => format!("consultation id {:?} (from consultation.toml)", self.id),
            IdFrom::FolderName => format!(
                "consultation id {:?} (the folder's name; set `id = \"…\"` in consultation.toml to keep it if the folder is renamed)",
                self.id
            ),
        }
    }
}

/// A folder's name, made URL-safe: lowercase ASCII letters and digits, anything else `-`.
fn folder_slug(dir: &Path) -> String {
    let name = std::fs::canonicalize(dir)
        .ok()
        .and_then(|p| p.file_name().map(|n| n.to_string_lossy().into_owned()))
        .unwrap_or_else(|| "consultation".into());
    let slug: String = name
        .chars()
        .map(|c| {
            if c.is_ascii_alphanumeric() {
                c.to_ascii_lowercase()
            } else {
                '-'
            }
        })
        .collect();
    let slug = slug.trim_matches('-').to_string();
    if slug.is_empty() {
        "consultation".into()
    } else {
        slug
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    const DEFINITION: &str = r#"
title = "T"
organisation = "O"
opens = 2014-04-01
closes = 2014-07-01
[[proposals]]
id = "P1"
text = "Do it"
[[questions]]
id = "Q1"
kind = "open"
proposal = "P1"
text = "Why?"
"#;

    #[test]
    fn the_id_is_the_definitions_else_the_folders_name() {
        let root = tempfile::tempdir().unwrap();
        let dir = root.path().join("My Consultation 2014");
        std::fs::create_dir(&dir).unwrap();
        std::fs::write(dir.join("consultation.toml"), DEFINITION).unwrap();
        let folder = ConsultationFolder::load(&dir).unwrap();
        assert_eq!(
            (folder.id.as_str(), folder.id_from),
            ("my-consultation-2014", IdFrom::FolderName)
        );
        std::fs::write(
            dir.join("consultation.toml"),
            format!("id = \"csc\"\n{DEFINITION}"),
        )
        .unwrap();
        let folder = ConsultationFolder::load(&dir).unwrap();
        assert_eq!((folder.id.as_str(), folder.id_from), ("csc", IdFrom::Definition));
        assert!(folder.describe_id().contains("consultation.toml"));
    }

    #[test]
    fn the_default_store_lives_in_the_folder_unless_one_is_named() {
        let dir = tempfile::tempdir().unwrap();
        std::fs::write(dir.path().join("consultation.toml"), DEFINITION).unwrap();
        let folder = ConsultationFolder::load(dir.path()).unwrap();
        let url = folder.store_url(None).unwrap();
        assert_eq!(Path::new(&url), dir.path().join(".barometer/barometer.sqlite"));
        assert!(dir.path().join(".barometer").is_dir());
        assert_eq!(
            folder.store_url(Some("postgres://x/y")).unwrap(),
            "postgres://x/y"
        );
    }
}
