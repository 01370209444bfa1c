//! Barometer's analysis pipeline: the stages in order, run by one call.
//!
//! ```text
//! import ─► units ─► vectors ─► campaigns ─► respondents ─► stance ─► themes ─► summary
//! ```
//!
//! - [`import::import_all`] reads every source of a [`ConsultationFolder`] into the store.
//! - [`Units::split`] splits every free-text answer into argument units, once per analysis;
//!   every later stage reads these.
//! - [`vectors::embed`] gives each distinct unit a sentence vector, from the store's cache or
//!   embedded now.
//! - [`campaigns::find`] finds organised campaigns; [`campaigns::keep`] stores them.
//! - [`respondents::read`] gives every response a respondent type (declared, set by an
//!   analyst, or inferred from its words) and gathers the organisations.
//! - [`stance::judge`] decides each (response, proposal) pair: declared, analyst, then the model.
//! - [`themes::find`] finds each open question's themes, replaying analysts' edits.
//! - [`barometer_report::summarise`] builds the whole summary.
//!
//! [`analyse`] runs them all; [`read_stances`] runs the stages up to stance, and is what
//! `barometer eval stance` measures, so the figures it reports are the product's. The CLI, the
//! web app and `eval` all call these, with [`Options`] and a [`Progress`] of their own.
#![deny(missing_docs)]

pub mod campaigns;
mod folder;
pub mod gold;
pub mod import;
pub mod output;
mod progress;
pub mod respondents;
pub mod search;
pub mod stance;
pub mod themes;
mod units;
pub mod vectors;

pub use folder::{ConsultationFolder, DEFAULT_STORE, IdFrom};
pub use import::Imported;
pub use progress::{LogLines, Progress, Silent, Stage};
pub use search::MeaningIndex;
pub use stance::Stances;
pub use units::{AnswerUnits, Units};
pub use vectors::UnitVectors;

use anyhow::Context;
use barometer_analysis::campaigns::Campaigns;
use barometer_analysis::stance::inferred::Settings;
use barometer_domain::Consultation;
use barometer_encoder::{Encoder, ModelDir};
use barometer_report::{EncoderRun, Summary};
use barometer_stance_model::StancePrior;
use barometer_store::{Store, StoredResponse};
use std::sync::OnceLock;

/// How an analysis runs. The defaults are what `barometer analyse` does.
#[derive(Debug, Clone, Copy, Default, PartialEq)]
pub struct Options {
    /// Themes per open question, instead of the automatic choice (and instead of starting from
    /// the last run's themes).
    pub theme_count: Option<usize>,
    /// How stance inference behaves.
    pub stance: Settings,
}

/// The language models an analysis uses: the sentence encoder, and the stance prior, loaded
/// the first time a proposal needs it.
pub struct Models {
    /// The sentence encoder.
    pub encoder: Encoder,
    dir: ModelDir,
    prior: OnceLock<StancePrior>,
    boilerplate: OnceLock<Vec<Vec<f32>>>,
    /// The prior's readings already made, by (proposal, passage): an analyst's label changes
    /// which readings are combined, not the readings, so re-learning after a label reads
    /// nothing twice.
    readings: std::sync::Mutex<std::collections::HashMap<(String, String), [f32; 3]>>,
}

impl Models {
    /// The encoder given, and the stance prior from the same verified model folder.
    pub fn new(encoder: Encoder, dir: ModelDir) -> Models {
        Models {
            encoder,
            dir,
            prior: OnceLock::new(),
            boilerplate: OnceLock::new(),
            readings: std::sync::Mutex::default(),
        }
    }

    /// The stance prior's probabilities for each `(proposal, text)` pair, read once per process.
    pub fn read_pairs(&self, pairs: &[(&str, &str)]) -> anyhow::Result<Vec<[f32; 3]>> {
        let key = |(p, t): &(&str, &str)| (p.to_string(), t.to_string());
        let missing: Vec<(&str, &str)> = {
            let cache = self.readings.lock().expect("no panic while holding the cache");
            let mut seen = std::collections::HashSet::new();
            pairs
                .iter()
                .filter(|pair| !cache.contains_key(&key(pair)) && seen.insert(**pair))
                .copied()
                .collect()
        };
        if !missing.is_empty() {
            let prior = self.prior()?;
            // Chunks keep the prior's activations small on long inputs.
            for chunk in missing.chunks(512) {
                let judged = prior.predict(chunk)?;
                let mut cache = self.readings.lock().expect("no panic while holding the cache");
                for (pair, j) in chunk.iter().zip(judged) {
                    cache.insert(key(pair), j.probs);
                }
            }
        }
        let cache = self.readings.lock().expect("no panic while holding the cache");
        Ok(pairs.iter().map(|pair| cache[&key(pair)]).collect())
    }

    /// The stance prior, loaded on first use.
    pub fn prior(&self) -> anyhow::Result<&StancePrior> {
        if let Some(prior) = self.prior.get() {
            return Ok(prior);
        }
        let loaded = StancePrior::load(&self.dir).context("cannot load the stance prior")?;
        Ok(self.prior.get_or_init(|| loaded))
    }

    /// The vectors of letter boilerplate (salutations, sign-offs, "please accept this as our
    /// response"), which routing compares sentences with; embedded once per process.
    pub fn boilerplate(&self) -> anyhow::Result<&[Vec<f32>]> {
        if let Some(v) = self.boilerplate.get() {
            return Ok(v);
        }
        let sentences = barometer_analysis::stance::boilerplate::SENTENCES;
        let embedded = tokio::task::block_in_place(|| self.encoder.embed(sentences))?;
        Ok(self.boilerplate.get_or_init(|| embedded))
    }
}

/// The stages up to stance, over one consultation's stored responses.
pub struct StanceRun<'a> {
    /// The argument units.
    pub units: Units<'a>,
    /// Their vectors.
    pub vectors: UnitVectors,
    /// What the encoder did.
    pub encoder_run: EncoderRun,
    /// The campaigns found.
    pub campaigns: Campaigns,
    /// Every response's type and the organisations that responded.
    pub respondents: barometer_analysis::respondents::Respondents,
    /// The stances.
    pub stances: Stances,
}

/// Runs units, vectors, campaigns and stance over `stored` (the consultation's responses, in
/// the store's order), with the analysts' labels the store holds. Keeps the campaigns found.
pub async fn read_stances<'a>(
    store: &Store,
    consultation_id: &str,
    consultation: &Consultation,
    stored: &'a [StoredResponse],
    models: &Models,
    options: &Options,
    progress: &dyn Progress,
) -> anyhow::Result<StanceRun<'a>> {
    let units = Units::split(stored);
    let (encoder_run, vectors) = vectors::embed(store, &models.encoder, &units, progress).await?;
    progress.start(Stage::Campaigns, "comparing texts", None);
    let found = campaigns::find(consultation, stored);
    campaigns::keep(store, consultation_id, stored, &found).await?;
    progress.finish();
    let respondents = respondents::read(store, consultation_id, consultation, stored).await?;
    let labels = store.stance_labels(consultation_id).await?;
    progress.start(Stage::Stance, "per proposal", None);
    let mut stances = stance::judge(
        &stance::StanceInput {
            consultation,
            stored,
            units: &units,
            vectors: &vectors,
            campaigns: &found,
            labels: &labels,
        },
        models,
        &options.stance,
    )?;
    respondents::apply(&mut stances.analysed, &respondents);
    progress.finish();
    Ok(StanceRun {
        units,
        vectors,
        encoder_run,
        campaigns: found,
        respondents,
        stances,
    })
}

/// What one analysis found.
pub struct Analysis {
    /// Every response's respondent type and the organisations that responded.
    pub respondents: barometer_analysis::respondents::Respondents,
    /// The report's summary (summary.json).
    pub summary: Summary,
    /// Every response's stances, and what the model did.
    pub stances: Stances,
    /// Search by meaning over the responses analysed.
    pub search: MeaningIndex,
}

/// Analyses every response the store holds for `folder`'s consultation. `imported` lists the
/// sources this run imported, for the report's list of sources.
pub async fn analyse(
    store: &Store,
    folder: &ConsultationFolder,
    imported: &[Imported],
    models: &Models,
    options: &Options,
    progress: &dyn Progress,
) -> anyhow::Result<Analysis> {
    let consultation = &folder.definition;
    let stored = store.load_responses(&folder.id).await?;
    let run = read_stances(
        store,
        &folder.id,
        consultation,
        &stored,
        models,
        options,
        progress,
    )
    .await?;
    progress.start(Stage::Themes, "per open question", None);
    let themes = themes::find(
        store,
        &folder.id,
        consultation,
        themes::Responses {
            stored: &stored,
            units: &run.units,
            vectors: &run.vectors,
            analysed: &run.stances.analysed,
            campaigns: &run.campaigns,
        },
        options.theme_count,
    )
    .await?;
    progress.finish();
    let info = barometer_report::RunInfo {
        barometer_version: env!("CARGO_PKG_VERSION").to_string(),
        generated_at: chrono::Utc::now().to_rfc3339_opts(chrono::SecondsFormat::Secs, true),
        store: match store.backend() {
            barometer_store::Backend::Sqlite => "sqlite".into(),
            barometer_store::Backend::Postgres => "postgresql".into(),
        },
        sources: imported.iter().map(import::source_info).collect(),
        encoder: Some(run.encoder_run.clone()),
    };
    let starred: std::collections::BTreeSet<String> = store
        .starred_organisations(&folder.id)
        .await?
        .into_iter()
        .collect();
    let gold_types = gold::gold_types(folder, &run.stances.analysed)?;
    let summary = barometer_report::summarise(
        barometer_report::Findings {
            consultation,
            responses: &run.stances.analysed,
            campaigns: &run.campaigns,
            inference: &run.stances.inference,
            review_below: options.stance.review_below,
            themes: themes.questions,
            gold: gold::agreement_with_gold(folder, &run.stances.analysed)?,
            prior_unseen_macro_f1: barometer_stance_model::UNSEEN_MACRO_F1,
            respondents: Some(barometer_report::organisations::RespondentInputs {
                respondents: &run.respondents,
                raised: &themes.raised,
                starred: &starred,
                accuracy: respondents::measured_accuracy(),
                gold_types: &gold_types,
            }),
        },
        &info,
    );
    Ok(Analysis {
        respondents: run.respondents,
        summary,
        search: MeaningIndex::new(&stored, &run.units, run.vectors),
        stances: run.stances,
    })
}

/// Imports every source of `folder`, then analyses everything stored: what `barometer analyse`,
/// `barometer serve` and the web app's "analyse again" run.
pub async fn import_and_analyse(
    store: &Store,
    folder: &ConsultationFolder,
    models: &Models,
    options: &Options,
    progress: &dyn Progress,
) -> anyhow::Result<Analysis> {
    let imported = import::import_all(store, folder, progress, import::Revise::Refuse).await?;
    analyse(store, folder, &imported, models, options, progress).await
}
