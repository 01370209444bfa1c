//! Keys and byte layouts for storing vectors in the embedding cache.
//!
//! The cache (in `store`) keys each vector by model id and text hash: [`text_key`] hashes
//! both together so that vectors from another model never match.
//! Vectors are stored as little-endian `f32` blobs ([`vector_to_bytes`], [`bytes_to_vector`]).

use sha2::{Digest, Sha256};

use crate::error::{ErrorKind, Result};

/// sha256 over the model id, a zero byte and the text's UTF-8 bytes.
pub fn text_key(model_id: &str, text: &str) -> [u8; 32] {
    let mut hasher = Sha256::new();
    hasher.update(model_id.as_bytes());
    hasher.update([0u8]);
    hasher.update(text.as_bytes());
    hasher.finalize().into()
}

/// A vector as little-endian `f32` bytes (4 bytes per component).
pub fn vector_to_bytes(v: &[f32]) -> Vec<u8> {
    v.iter().flat_map(|x| x.to_le_bytes()).collect()
}

/// The inverse of [`vector_to_bytes`]; fails when the length is not a multiple of 4.
pub fn bytes_to_vector(bytes: &[u8]) -> Result<Vec<f32>> {
    if !bytes.len().is_multiple_of(4) {
        return Err(ErrorKind::BadVectorBlob(bytes.len()).into());
    }
    Ok(bytes
        .chunks_exact(4)
        .map(|c| f32::from_le_bytes([c[0], c[1], c[2], c[3]]))
        .collect())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn round_trip() {
        let v = vec![0.0, -1.5, f32::MIN_POSITIVE, 3.25e7];
        let b = vector_to_bytes(&v);
        assert_eq!(b.len(), 16);
        assert_eq!(&b[4..8], &(-1.5f32).to_le_bytes());
        assert_eq!(bytes_to_vector(&b).unwrap(), v);
        assert!(bytes_to_vector(&b[..3]).is_err());
    }

    #[test]
    fn key_depends_on_model_and_text() {
        let a = text_key("m@1", "hello");
        assert_eq!(a, text_key("m@1", "hello"));
        assert_ne!(a, text_key("m@2", "hello"));
        assert_ne!(a, text_key("m@1", "hello "));
        // The separator keeps ("ab", "c") apart from ("a", "bc").
        assert_ne!(text_key("ab", "c"), text_key("a", "bc"));
    }
}
