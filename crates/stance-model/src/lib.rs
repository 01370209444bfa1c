//! A stance prior: all-MiniLM-L6-v2 reading a proposal and a text together.
//!
//! # Brief overview
//!
//! * [`StancePrior`]: loads the base model from the installed model folder (verified by
//!   sha256) and the small trained part committed with this crate
//!   (`weights/stance-prior.safetensors`: LoRA adapters on the top layers and a linear head),
//!   and judges `(proposal, text)` pairs: [`StancePrior::predict`].
//! * [`PairJudgement`]: probabilities of for, against and undecided, and the pooled pair
//!   representation, for a caller that learns on top (from a consultation's own labels).
//! * [`train`]: the recipe that reproduces the committed weights from public stance data.
//!
//! A pair is read as BERT reads sentence pairs: `[CLS] proposal [SEP] text [SEP]`, the
//! proposal with token type 0 and the text with type 1; the proposal is cut to
//! [`MAX_PROPOSAL_TOKENS`] and the text to [`MAX_TEXT_TOKENS`].
//!
//! # Example
//!
//! ```no_run
//! use barometer_stance_model::StancePrior;
//! # fn main() -> Result<(), barometer_stance_model::Error> {
//! let prior = StancePrior::load(&barometer_encoder::ModelDir::resolve(None))?;
//! let j = prior.predict(&[("Ban gambling adverts in sport", "Yes, ban them all.")])?;
//! assert_eq!(j[0].probs.len(), 3);
//! # Ok(())
//! # }
//! ```
#![deny(missing_docs)]

mod bert;
pub mod train;

use barometer_encoder::{ModelDir, models};
use bert::{Adapters, Bert, Mode, Shape};
use candle_core::D;
use std::path::Path;

/// The committed trained part (see docs/ACCURACY.md for its recipe and sha256).
pub const WEIGHTS: &[u8] = include_bytes!("../weights/stance-prior.safetensors");

/// The committed weights' macro-F1 on claims of topics they never saw: Perspectrum's 310 test
/// claims, `barometer eval stance --data $D/stance-perspectrum.jsonl` (docs/ACCURACY.md). The
/// report quotes it beside every stance that rests on the prior alone; re-measure it whenever
/// the weights change.
pub const UNSEEN_MACRO_F1: f64 = 0.612;

/// The committed weights' calibration: their logits are multiplied by this before the softmax
/// (a temperature of its inverse). 1: on Perspectrum's unseen claims their confidence is already
/// calibrated (expected calibration error 0.079), and a scale fitted on the IBM and ArgKP unseen
/// motions (0.91) would not improve it (docs/ACCURACY.md, "Honest confidence").
pub const LOGIT_SCALE: f64 = 1.0;

/// Below this confidence a stance read by the prior alone goes to an analyst: the lowest
/// confidence from which the prior's readings on the cross-topic dev sets (Perspectrum, IBM and
/// ArgKP unseen topics, 6,643 readings) are right at least 9 times in 10. Below 0.99 they are
/// right 8 times in 10 at best, so nearly every stance the prior reads alone is queued; the
/// queue asks first what settles most, so the analyst still starts with the few questions
/// that matter.
pub const REVIEW_BELOW: f64 = 0.99;

/// Labels in the order of [`PairJudgement::probs`].
pub const LABELS: [&str; 3] = ["for", "against", "undecided"];

/// Most proposal tokens kept (a proposal is a title or a sentence).
pub const MAX_PROPOSAL_TOKENS: usize = 48;

/// Most text tokens kept; the start of a text usually carries its stance.
pub const MAX_TEXT_TOKENS: usize = 200;

/// Most tokens (texts × padded length) per forward pass.
const MAX_BATCH_TOKENS: usize = 4096;

/// What went wrong loading or running the stance prior.
#[derive(Debug, thiserror::Error)]
#[non_exhaustive]
pub enum Error {
    /// The base model is missing or damaged.
    #[error(transparent)]
    Model(#[from] barometer_encoder::Error),
    /// A file could not be read.
    #[error("cannot read {path}: {source}")]
    Io {
        /// The file.
        path: std::path::PathBuf,
        /// Why.
        source: std::io::Error,
    },
    /// A file's contents are not what the prior expects.
    #[error("{0}")]
    Format(String),
    /// The tokenizer failed.
    #[error("tokenizer: {0}")]
    Tokenizer(String),
    /// The network failed.
    #[error("stance network: {0}")]
    Network(#[from] candle_core::Error),
}

/// This crate's results.
pub type Result<T> = std::result::Result<T, Error>;

/// The prior's judgement of one `(proposal, text)` pair.
#[derive(Debug, Clone, PartialEq)]
pub struct PairJudgement {
    /// Probabilities of for, against and undecided ([`LABELS`]); they sum to 1.
    pub probs: [f32; 3],
    /// The pooled pair representation (mean of the adapted network's last layer, 384 numbers).
    pub features: Vec<f32>,
}

/// One vector per pair.
type Rows = Vec<Vec<f32>>;

/// Token ids and token types of pairs.
pub(crate) struct PairTokenizer {
    tokenizer: tokenizers::Tokenizer,
    cls: u32,
    sep: u32,
}

impl PairTokenizer {
    pub(crate) fn load(path: &Path) -> Result<PairTokenizer> {
        let mut tokenizer = tokenizers::Tokenizer::from_file(path)
            .map_err(|e| Error::Tokenizer(format!("{}: {e}", path.display())))?;
        tokenizer.with_padding(None);
        tokenizer
            .with_truncation(None)
            .map_err(|e| Error::Tokenizer(e.to_string()))?;
        let id = |t: &str| {
            tokenizer
                .token_to_id(t)
                .ok_or_else(|| Error::Tokenizer(format!("{}: no {t} token", path.display())))
        };
        Ok(PairTokenizer {
            cls: id("[CLS]")?,
            sep: id("[SEP]")?,
            tokenizer,
        })
    }

    /// `[CLS] proposal [SEP] text [SEP]` ids and token types, both truncated.
    pub(crate) fn pairs(&self, pairs: &[(&str, &str)]) -> Result<Vec<(Vec<u32>, Vec<u32>)>> {
        let mut distinct: Vec<&str> = pairs.iter().flat_map(|(p, t)| [*p, *t]).collect();
        distinct.sort_unstable();
        distinct.dedup();
        let enc = self
            .tokenizer
            .encode_batch(distinct.clone(), false)
            .map_err(|e| Error::Tokenizer(e.to_string()))?;
        let ids_of = |s: &str| enc[distinct.binary_search(&s).expect("tokenized")].get_ids();
        Ok(pairs
            .iter()
            .map(|(p, t)| {
                let p = &ids_of(p)[..ids_of(p).len().min(MAX_PROPOSAL_TOKENS)];
                let t = &ids_of(t)[..ids_of(t).len().min(MAX_TEXT_TOKENS)];
                let mut ids = Vec::with_capacity(p.len() + t.len() + 3);
                ids.push(self.cls);
                ids.extend_from_slice(p);
                ids.push(self.sep);
                let first = ids.len();
                ids.extend_from_slice(t);
                ids.push(self.sep);
                let types = (0..ids.len()).map(|i| u32::from(i >= first)).collect();
                (ids, types)
            })
            .collect())
    }

    /// `[CLS] text [SEP]`, as the sentence encoder reads a single text (for the parity test).
    #[cfg(test)]
    pub(crate) fn single(&self, text: &str) -> Result<(Vec<u32>, Vec<u32>)> {
        let enc = self
            .tokenizer
            .encode(text, false)
            .map_err(|e| Error::Tokenizer(e.to_string()))?;
        let mut ids = vec![self.cls];
        ids.extend_from_slice(enc.get_ids());
        ids.push(self.sep);
        let types = vec![0; ids.len()];
        Ok((ids, types))
    }
}

/// Reads the verified base model: its shape, weights and tokenizer.
pub(crate) fn load_base(dir: &ModelDir) -> Result<(Bert, PairTokenizer)> {
    let model = models::verify(dir)?;
    let read = |f: &models::ModelFile| {
        let path = model.file(f);
        std::fs::read(&path).map_err(|source| Error::Io { path, source })
    };
    let config: serde_json::Value = serde_json::from_slice(&read(&models::CONFIG)?)
        .map_err(|e| Error::Format(format!("{}: {e}", model.file(&models::CONFIG).display())))?;
    let shape = Shape::from_config(&config).ok_or_else(|| {
        Error::Format(format!(
            "{}: missing hidden_size, num_attention_heads or num_hidden_layers",
            model.file(&models::CONFIG).display()
        ))
    })?;
    let bert = Bert::load(&read(&models::WEIGHTS)?, shape)?;
    let tokenizer = PairTokenizer::load(&model.file(&models::TOKENIZER))?;
    Ok((bert, tokenizer))
}

/// The stance prior: the base model with the committed adapters folded in, and the head.
pub struct StancePrior {
    bert: Bert,
    adapters: Adapters,
    tokenizer: PairTokenizer,
}

impl std::fmt::Debug for StancePrior {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("StancePrior")
            .field("adapted_layers", &self.adapters.lora.len())
            .finish_non_exhaustive()
    }
}

impl StancePrior {
    /// Loads the base model from `dir` (verifying its sha256) and the committed weights.
    pub fn load(dir: &ModelDir) -> Result<StancePrior> {
        StancePrior::load_with(dir, WEIGHTS)
    }

    /// Loads the base model from `dir` and a trained part from `weights` (a safetensors
    /// buffer written by [`train::train`]).
    pub fn load_with(dir: &ModelDir, weights: &[u8]) -> Result<StancePrior> {
        let (mut bert, tokenizer) = load_base(dir)?;
        let adapters = Adapters::from_safetensors(weights)?;
        if let Some((layer, ..)) = adapters.lora.iter().find(|(l, ..)| *l >= bert.shape.layers) {
            return Err(Error::Format(format!(
                "the stance weights adapt layer {layer}, and the base model has {}",
                bert.shape.layers
            )));
        }
        adapters.install(&mut bert);
        bert.merge_adapters()?;
        Ok(StancePrior {
            bert,
            adapters,
            tokenizer,
        })
    }

    /// Judges each `(proposal, text)` pair; results come back in the order of `pairs`.
    ///
    /// Pairs are sorted by length and run in batches padded to their longest; candle's
    /// matrix products use every core.
    pub fn predict(&self, pairs: &[(&str, &str)]) -> Result<Vec<PairJudgement>> {
        let seqs = self.tokenizer.pairs(pairs)?;
        let mut order: Vec<usize> = (0..seqs.len()).collect();
        order.sort_by_key(|&i| seqs[i].0.len());
        let mut out: Vec<Option<PairJudgement>> = vec![None; seqs.len()];
        let mut start = 0;
        while start < order.len() {
            let mut end = start + 1;
            while end < order.len()
                && end - start < 64
                && (end - start + 1) * seqs[order[end]].0.len() <= MAX_BATCH_TOKENS
            {
                end += 1;
            }
            let batch: Vec<&(Vec<u32>, Vec<u32>)> = order[start..end].iter().map(|&i| &seqs[i]).collect();
            let (pooled, probs) = self.forward(&batch)?;
            for (k, &i) in order[start..end].iter().enumerate() {
                let p = &probs[k];
                out[i] = Some(PairJudgement {
                    probs: [p[0], p[1], p[2]],
                    features: pooled[k].clone(),
                });
            }
            start = end;
        }
        Ok(out.into_iter().map(|j| j.expect("every pair judged")).collect())
    }

    fn forward(&self, batch: &[&(Vec<u32>, Vec<u32>)]) -> Result<(Rows, Rows)> {
        let (ids, types, mask) = bert::pad(batch)?;
        let x = self.bert.embed(&ids, &types)?;
        let x = self
            .bert
            .layers(&x, &mask, 0, self.bert.shape.layers, Mode::Infer)?;
        let pooled = bert::mean_pool(&x, &mask)?;
        let logits = (self.adapters.head(&pooled)? * LOGIT_SCALE)?;
        let probs = candle_nn::ops::softmax(&logits, D::Minus1)?;
        Ok((pooled.to_vec2()?, probs.to_vec2()?))
    }

    /// Unit-length mean-pooled vectors of single texts through the base layers with the
    /// adapters folded in (the sentence encoder's function when the adapters are zero).
    #[cfg(test)]
    fn sentence_vectors(&self, texts: &[&str]) -> Result<Vec<Vec<f32>>> {
        let mut out = Vec::new();
        for t in texts {
            let seq = self.tokenizer.single(t)?;
            let (ids, types, mask) = bert::pad(&[&seq])?;
            let x = self.bert.embed(&ids, &types)?;
            let x = self
                .bert
                .layers(&x, &mask, 0, self.bert.shape.layers, Mode::Infer)?;
            let v = bert::mean_pool(&x, &mask)?;
            let mut v = v.flatten_all()?.to_vec1::<f32>()?;
            barometer_maths::normalise(&mut v);
            out.push(v);
        }
        Ok(out)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    /// With zero adapters the forward pass is the sentence encoder's function: same weights,
    /// same vectors (in both modes).
    #[test]
    fn zeroed_adapters_reproduce_the_sentence_encoder() {
        let dir = ModelDir::resolve(None);
        let model = models::ensure(&dir, &|l| eprintln!("{l}")).unwrap();
        let encoder = barometer_encoder::Encoder::load(&model).unwrap();
        let zero = train::zero_adapters(&dir, 2, 4).unwrap();
        let prior = StancePrior::load_with(&dir, &zero).unwrap();
        let texts = [
            "Build more homes on brownfield land.",
            "I strongly oppose the closure of the library, which my children use every week.",
        ];
        let ours = prior.sentence_vectors(&texts).unwrap();
        let theirs = encoder.embed(&texts).unwrap();
        for (a, b) in ours.iter().zip(&theirs) {
            let cos = barometer_maths::cosine(a, b);
            assert!(cos > 0.9999, "cosine {cos}");
        }
        // The training path (differentiable ops) computes the same function.
        let seq = prior.tokenizer.single(texts[1]).unwrap();
        let (ids, types, mask) = bert::pad(&[&seq]).unwrap();
        let x = prior.bert.embed(&ids, &types).unwrap();
        let infer = prior.bert.layers(&x, &mask, 0, 6, Mode::Infer).unwrap();
        let train = prior.bert.layers(&x, &mask, 0, 6, Mode::Train).unwrap();
        let diff = (infer - train)
            .unwrap()
            .abs()
            .unwrap()
            .max_all()
            .unwrap()
            .to_scalar::<f32>()
            .unwrap();
        assert!(diff < 1e-3, "modes differ by {diff}");
    }
}
