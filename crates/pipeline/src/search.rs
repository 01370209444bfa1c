//! Search by meaning over one analysis's argument units: a response is as near a query as its
//! nearest unit (cosine of unit vectors, which the encoder normalises).

use crate::{UnitVectors, Units};
use barometer_encoder::Encoder;
use barometer_store::StoredResponse;
use std::collections::HashMap;

/// Every response's argument units' vectors, from the vectors stage (nothing embedded twice).
#[derive(Debug, Clone, Default)]
pub struct MeaningIndex {
    units: Vec<(String, Vec<f32>)>,
}

impl MeaningIndex {
    /// Indexes every unit that has a vector.
    pub fn new(stored: &[StoredResponse], units: &Units<'_>, vectors: &UnitVectors) -> MeaningIndex {
        let units = units
            .all()
            .filter_map(|(i, u)| Some((stored[i].id.clone(), vectors.get(u)?.to_vec())))
            .collect();
        MeaningIndex { units }
    }

    /// The ids of the responses nearest `query`, best first, at most `limit`.
    pub fn search(&self, encoder: &Encoder, query: &str, limit: usize) -> anyhow::Result<Vec<String>> {
        let q = encoder.embed(&[query])?.remove(0);
        let mut best: HashMap<&str, f32> = HashMap::new();
        for (id, v) in &self.units {
            let sim = barometer_maths::dot(&q, v);
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
