//! The embedding cache: vectors keyed by model id and a hash of the text.

use crate::{Result, Store, on_pool};
use sqlx::Row;
use std::collections::HashMap;

/// A sha256 of a text, as the cache's key.
pub type TextHash = [u8; 32];

pub(crate) fn to_bytes(v: &[f32]) -> Vec<u8> {
    v.iter().flat_map(|x| x.to_le_bytes()).collect()
}

pub(crate) fn from_bytes(b: &[u8]) -> Vec<f32> {
    b.chunks_exact(4)
        .map(|c| f32::from_le_bytes([c[0], c[1], c[2], c[3]]))
        .collect()
}

impl Store {
    /// The cached vectors among `hashes` for `model_id`.
    pub async fn cached_vectors(
        &self,
        model_id: &str,
        hashes: &[TextHash],
    ) -> Result<HashMap<TextHash, Vec<f32>>> {
        let mut out = HashMap::new();
        // Chunked so a large request stays within SQLite's limit on bound parameters.
        for chunk in hashes.chunks(500) {
            let placeholders: Vec<String> = (0..chunk.len()).map(|i| format!("${}", i + 2)).collect();
            let sql = format!(
                "SELECT text_hash, vector FROM embeddings WHERE model_id = $1 AND text_hash IN ({})",
                placeholders.join(", ")
            );
            on_pool!(self, |p| {
                let mut q = sqlx::query(&sql).bind(model_id);
                for h in chunk {
                    q = q.bind(h.to_vec());
                }
                for row in q.fetch_all(p).await? {
                    let hash: Vec<u8> = row.try_get("text_hash")?;
                    let vector: Vec<u8> = row.try_get("vector")?;
                    if let Ok(key) = <TextHash>::try_from(hash.as_slice()) {
                        out.insert(key, from_bytes(&vector));
                    }
                }
                Ok::<_, crate::StoreError>(())
            })?;
        }
        Ok(out)
    }

    /// Caches vectors for `model_id`, in one transaction. Existing entries are kept.
    pub async fn put_vectors(&self, model_id: &str, items: &[(TextHash, Vec<f32>)]) -> Result<()> {
        on_pool!(self, |p| {
            let mut tx = p.begin().await?;
            for (hash, vector) in items {
                sqlx::query(
                    "INSERT INTO embeddings (model_id, text_hash, dim, vector) VALUES ($1, $2, $3, $4)
                     ON CONFLICT (model_id, text_hash) DO NOTHING",
                )
                .bind(model_id)
                .bind(hash.to_vec())
                .bind(vector.len() as i64)
                .bind(to_bytes(vector))
                .execute(&mut *tx)
                .await?;
            }
            tx.commit().await?;
            Ok(())
        })
    }
}
