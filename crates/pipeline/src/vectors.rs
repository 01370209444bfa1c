//! The vectors stage: each distinct argument unit's sentence vector, from the store's cache or
//! embedded now (and cached for the next run).

use crate::{Progress, Stage, Units};
use barometer_encoder::{Encoder, text_key};
use barometer_report::EncoderRun;
use barometer_store::{Store, TextHash};
use std::collections::HashMap;

/// Every distinct argument unit's vector, keyed by [`text_key`].
#[derive(Debug, Clone, Default)]
pub struct UnitVectors {
    /// The encoder model's id, part of every key.
    pub model_id: String,
    /// The vectors.
    pub by_key: HashMap<TextHash, Vec<f32>>,
}

impl UnitVectors {
    /// The vector of a unit's text, if it has one.
    pub fn get(&self, text: &str) -> Option<&[f32]> {
        self.by_key
            .get(&text_key(&self.model_id, text))
            .map(Vec::as_slice)
    }
}

/// Makes sure each distinct unit has a vector in the store's cache, embedding only those it
/// lacks. Returns the vectors, with a record of the run for the report.
pub async fn embed(
    store: &Store,
    encoder: &Encoder,
    units: &Units<'_>,
    progress: &dyn Progress,
) -> anyhow::Result<(EncoderRun, UnitVectors)> {
    let model_id = encoder.model_id().to_string();
    let mut count = 0u64;
    let mut distinct: HashMap<TextHash, &str> = HashMap::new();
    for (_, unit) in units.all() {
        count += 1;
        distinct.entry(text_key(&model_id, unit)).or_insert(unit);
    }
    let mut keys: Vec<TextHash> = distinct.keys().copied().collect();
    keys.sort_unstable();
    let mut cached = store.cached_vectors(&model_id, &keys).await?;
    let hits = cached.len() as u64;
    let missing: Vec<TextHash> = keys
        .iter()
        .filter(|k| !cached.contains_key(*k))
        .copied()
        .collect();
    progress.start(Stage::Vectors, "embedding", Some(missing.len() as u64));
    // Chunks bound memory and let each chunk's vectors reach the cache before the next starts,
    // so an interrupted run keeps what it embedded.
    for chunk in missing.chunks(1024) {
        let texts: Vec<&str> = chunk.iter().map(|k| distinct[k]).collect();
        let vectors = tokio::task::block_in_place(|| encoder.embed(&texts))?;
        let items: Vec<(TextHash, Vec<f32>)> = chunk.iter().copied().zip(vectors).collect();
        store.put_vectors(&model_id, &items).await?;
        cached.extend(items);
        progress.advance(chunk.len() as u64);
    }
    progress.finish();
    let distinct_units = keys.len() as u64;
    let run = EncoderRun {
        model_id: model_id.clone(),
        weights_sha256: barometer_encoder::models::WEIGHTS.sha256.to_string(),
        units: count,
        distinct_units,
        cached: hits,
        embedded: missing.len() as u64,
        cache_hit_rate: (distinct_units > 0).then(|| hits as f64 / distinct_units as f64),
    };
    Ok((
        run,
        UnitVectors {
            model_id,
            by_key: cached,
        },
    ))
}
