//! How a run reports its progress: the CLI draws bars, the web app logs lines.

/// A stage of the pipeline, in the order they run.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Stage {
    /// Reading and storing the sources.
    Import,
    /// Embedding argument units (the only stage with a known length).
    Vectors,
    /// Finding organised campaigns.
    Campaigns,
    /// Learning and inferring stances.
    Stance,
    /// Finding each open question's themes.
    Themes,
}

impl Stage {
    /// What the stage does, for people.
    pub fn describe(self) -> &'static str {
        match self {
            Stage::Import => "importing",
            Stage::Vectors => "embedding argument units",
            Stage::Campaigns => "finding campaigns",
            Stage::Stance => "learning and inferring stances",
            Stage::Themes => "finding themes",
        }
    }
}

/// Told as a run goes. Calls come from the thread running the pipeline.
pub trait Progress: Send + Sync {
    /// A stage (or a step of it, named by `detail`) starts; `total` is its number of items,
    /// where known.
    fn start(&self, stage: Stage, detail: &str, total: Option<u64>);
    /// `done` more items of the current step are finished.
    fn advance(&self, done: u64);
    /// The current step is finished.
    fn finish(&self);
    /// Something the user should know that does not stop the run (rows skipped, say).
    fn warn(&self, message: &str) {
        eprintln!("warning: {message}");
    }
}

/// Reports nothing.
pub struct Silent;

impl Progress for Silent {
    fn start(&self, _: Stage, _: &str, _: Option<u64>) {}
    fn advance(&self, _: u64) {}
    fn finish(&self) {}
}

/// Writes a line to standard error as each step starts: what a server's log wants.
pub struct LogLines;

impl Progress for LogLines {
    fn start(&self, stage: Stage, detail: &str, total: Option<u64>) {
        match total {
            Some(n) => eprintln!("analysis: {} ({detail}, {n} items)", stage.describe()),
            None => eprintln!("analysis: {} ({detail})", stage.describe()),
        }
    }
    fn advance(&self, _: u64) {}
    fn finish(&self) {}
}
