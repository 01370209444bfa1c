//! One module per subcommand: its flags and what it does.

pub mod analyse;
pub mod check;
pub mod import;

use clap::Args as ClapArgs;
use std::path::PathBuf;

/// Where the store lives; shared by every command that uses one.
#[derive(Debug, Clone, ClapArgs)]
pub struct DbArgs {
    /// The store: a SQLite file path or sqlite:// URL (embedded, the default), or a
    /// postgres:// URL for a team server.
    ///
    /// Without it, commands that write a report keep a SQLite store beside the report
    /// (OUT/barometer.sqlite), and `import` uses DIR/.barometer/barometer.sqlite.
    #[arg(long, env = "BAROMETER_DB", value_name = "URL")]
    pub db: Option<String>,
}

impl DbArgs {
    /// The URL to open, falling back to a SQLite file at `default`.
    pub fn url_or(&self, default: PathBuf) -> String {
        self.db.clone().unwrap_or_else(|| default.display().to_string())
    }
}
