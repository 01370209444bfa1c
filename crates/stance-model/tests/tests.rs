//! Integration tests for barometer-stance-model, in one binary.
//!
//! They need the base model, found with `ModelDir::resolve(None)` and installed on first use.

// The committed weights: they load, and read stance on an unseen consultation better than chance.
mod committed;
// Every .rs file in the crate opens with a `//!` doc.
mod tidy;
