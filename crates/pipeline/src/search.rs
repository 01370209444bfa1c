//! Search by meaning over one analysis's argument units: a response is as near a query as its
//! nearest unit (cosine of unit vectors, which the encoder normalises).

use crate::{UnitVectors, Units};
use barometer_encoder::{Encoder, text_key};
use barometer_store::{StoredResponse, TextHash};
use std::collections::HashMap;

/// Which responses hold which units, over the vectors stage's vectors (taken over, not copied:
/// nothing is embedded or stored twice).
#[derive(Debug, Clone, Default)]
pub struct MeaningIndex {
    /// (response id, unit key), once per distinct unit of a response.
    entries: Vec<(String, TextHash)>,
    vectors: UnitVectors,
}

impl MeaningIndex {
    /// Indexes every unit that has a vector.
    pub fn new(stored: &[StoredResponse], units: &Units<'_>, vectors: UnitVectors) -> MeaningIndex {
        let mut entries: Vec<(String, TextHash)> = units
            .all()
            .map(|(i, u)| (stored[i].id.clone(), text_key(&vectors.model_id, u)))
            .filter(|(_, key)| vectors.by_key.contains_key(key))
            .collect();
        entries.sort_unstable();
        entries.dedup();
        MeaningIndex { entries, vectors }
    }

    /// The ids of the responses nearest `query`, best first, at most `limit`.
    pub fn search(&self, encoder: &Encoder, query: &str, limit: usize) -> anyhow::Result<Vec<String>> {
        let q = encoder.embed(&[query])?.remove(0);
        let mut best: HashMap<&str, f32> = HashMap::new();
        for (id, key) in &self.entries {
            let sim = barometer_maths::dot(&q, &self.vectors.by_key[key]);
            let e = best.entry(id.as_str()).or_insert(f32::MIN);
            *e = e.max(sim);
        }
        let mut ranked: Vec<(&str, f32)> = best.into_iter().collect();
        ranked.sort_by(|a, b| b.1.total_cmp(&a.1).then(a.0.cmp(b.0)));
        Ok(ranked
            .into_iter()
            .take(limit)
            .map(|(id, _)| id.to_string())
            .collect())
    }
}
