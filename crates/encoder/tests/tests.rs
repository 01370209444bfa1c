//! Integration tests for barometer-encoder, in one binary.
//!
//! Tests that need the model find it with `ModelDir::resolve(None)` (`BAROMETER_MODELS`, else
//! the platform data directory) and call `models::ensure`, so the first run installs it with
//! pip and later runs reuse it.

// The model once per test binary, and an encoder over it.
mod common;
// Vectors against reference.jsonl, made by an independent implementation.
mod parity;
// Verification of a damaged copy of the model.
mod corruption;
// Every .rs file in the crate opens with a `//!` doc.
