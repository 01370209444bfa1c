//! What every command shares: the async runtime, opening the store, and progress bars.

use anyhow::Context;
use barometer_pipeline::{Progress, Stage};
use barometer_store::Store;
use indicatif::{ProgressBar, ProgressStyle};
use std::sync::Mutex;
use std::time::Duration;

/// The tokio runtime the commands run on (multi-threaded: the pipeline runs its CPU-bound
/// stages in place on it).
pub fn runtime() -> anyhow::Result<tokio::runtime::Runtime> {
    tokio::runtime::Builder::new_multi_thread()
        .enable_all()
        .build()
        .context("cannot start the async runtime")
}

/// Opens the store, saying which one on failure.
pub async fn open_store(url: &str) -> anyhow::Result<Store> {
    Store::open(url)
        .await
        .with_context(|| format!("cannot open the store at {url}"))
}

/// A spinner for a step that may take more than a second. Hidden when not on a terminal.
/// The response an analyst names on the command line, by the store's id or the id its source
/// gave it; `listed_in` names the file that lists store ids, for when several sources share one.
pub fn find_response<'a>(
    responses: &'a [barometer_store::StoredResponse],
    wanted: &str,
    url: &str,
    listed_in: &str,
) -> anyhow::Result<&'a barometer_store::StoredResponse> {
    let matches: Vec<_> = responses
        .iter()
        .filter(|r| r.id == wanted || r.record.external_id == wanted)
        .collect();
    match matches.as_slice() {
        [one] => Ok(one),
        [] => anyhow::bail!("--response {wanted:?}: no such response in {url}"),
        _ => anyhow::bail!(
            "--response {wanted:?}: several sources use this id; give the store's id from {listed_in}"
        ),
    }
}

pub fn spinner(message: impl Into<String>) -> ProgressBar {
    let bar = ProgressBar::new_spinner();
    bar.set_style(ProgressStyle::with_template("{spinner} {msg} [{elapsed}]").expect("valid template"));
    bar.set_message(message.into());
    bar.enable_steady_tick(Duration::from_millis(120));
    bar
}

/// The pipeline's progress drawn as indicatif bars on standard error: a bar where the stage
/// knows its length, a spinner where it does not. Hidden when not on a terminal.
#[derive(Default)]
pub struct Bars {
    current: Mutex<Option<ProgressBar>>,
}

impl Progress for Bars {
    fn start(&self, stage: Stage, detail: &str, total: Option<u64>) {
        let bar = match total {
            Some(n) => {
                let bar = ProgressBar::new(n);
                let template = format!("{} {{pos}}/{{len}} [{{elapsed}}, {{eta}} left]", stage.describe());
                bar.set_style(ProgressStyle::with_template(&template).expect("valid template"));
                bar
            }
            None => spinner(format!("{}: {detail}", stage.describe())),
        };
        if let Some(old) = self.current.lock().expect("progress lock").replace(bar) {
            old.finish_and_clear();
        }
    }

    fn advance(&self, done: u64) {
        if let Some(bar) = &*self.current.lock().expect("progress lock") {
            bar.inc(done);
        }
    }

    fn finish(&self) {
        if let Some(bar) = self.current.lock().expect("progress lock").take() {
            bar.finish_and_clear();
        }
    }
}
