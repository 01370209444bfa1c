//! Synthetic consultations with known answers, for Barometer's benchmarks and tests.
//!
//! A generated consultation comes with the truth the analysis should find (which responses copy
//! which campaign template), so a test can score the analysis against it and a benchmark can
//! run at any size, with no respondent's text involved. One module per kind of truth:
//! - [`campaigns`]: responses with organised campaigns in six copying styles, and independent
//!   look-alikes among them (for `barometer bench campaigns` and the campaign tests);
//! - [`themes`]: long free-text answers with themes to find (for `barometer bench themes`);
//! - [`positions`]: how respondents state a position on a proposal, labelled, for training
//!   the stance prior (`barometer train stance-prior`).
//!
//! Every generator draws from [`Rng`], so the same seed gives the same consultation.
//!
//! **Architecture Invariant:** the analysis never uses this crate. Only benchmarks, tests
//! and the stance prior's training recipe depend on it, so nothing generated can reach a real
//! consultation's figures except through weights trained and measured like any other.
#![deny(missing_docs)]

pub mod campaigns;
pub mod positions;
mod rng;
pub mod themes;

pub use rng::Rng;
