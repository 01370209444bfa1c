//! Integration tests for barometer-stance-model, in one binary.
//!
//! They need the base model, found with `ModelDir::resolve(None)` and installed on first use.

// The committed weights load, and beat the commonest label zero-shot on an unseen consultation.
mod committed;
// Every .rs file in the crate opens with a `//!` doc.
