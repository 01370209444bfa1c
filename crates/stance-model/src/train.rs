//! The recipe that reproduces the committed stance weights.
//!
//! LoRA adapters on every dense layer of the top [`TrainOptions::adapted_layers`] transformer
//! layers, and a linear head on the mean-pooled output, trained with AdamW on a class-balanced
//! cross-entropy. The layers below stay frozen, so their output is computed once per example
//! before training (about two thirds of the forward pass), and each step runs only the top
//! layers forward and backward.
//!
//! Everything random (adapter initialisation, augmentation, batch order) comes from one
//! seeded generator, so a run is reproducible on the same machine.
//!
//! [`augment`] widens the public data in two ways that matter for consultations:
//! - **negated proposals**: "We should ban X" becomes "We should not ban X" with the label
//!   flipped, so that the model must read the proposal's polarity, not only the text's tone;
//! - **unrelated pairs**: a text paired with another topic's proposal is labelled undecided
//!   (it takes no stance on that proposal), which teaches the third class beyond SemEval's
//!   neutral tweets.

use crate::bert::{self, Adapters, Lora, Mode};
use crate::{Result, load_base};
use barometer_encoder::ModelDir;
use candle_core::{D, DType, Device, Tensor, Var};
use candle_nn::{AdamW, Optimizer, ParamsAdamW};

/// One labelled pair. `label` indexes [`crate::LABELS`] (0 for, 1 against, 2 undecided).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Example {
    /// The proposal or target.
    pub proposal: String,
    /// What was written about it.
    pub text: String,
    /// 0 for, 1 against, 2 undecided.
    pub label: usize,
}

/// Settings of a training run. The defaults are the committed weights' recipe.
#[derive(Debug, Clone, PartialEq)]
pub struct TrainOptions {
    /// Seed of every random choice.
    pub seed: u64,
    /// Passes over the examples.
    pub epochs: usize,
    /// Examples per step.
    pub batch: usize,
    /// Peak learning rate (linear warm-up over the first 6% of steps, then linear decay).
    pub lr: f64,
    /// AdamW weight decay.
    pub weight_decay: f64,
    /// LoRA rank.
    pub rank: usize,
    /// LoRA scale numerator: updates are scaled by `alpha / rank`.
    pub alpha: f64,
    /// How many of the top transformer layers carry adapters.
    pub adapted_layers: usize,
}

impl Default for TrainOptions {
    fn default() -> Self {
        TrainOptions {
            seed: 20_161_125,
            epochs: 2,
            batch: 32,
            lr: 1e-3,
            weight_decay: 0.01,
            rank: 8,
            alpha: 16.0,
            adapted_layers: 2,
        }
    }
}

/// A small deterministic generator (SplitMix64).
pub(crate) struct Rng(u64);

impl Rng {
    pub(crate) fn new(seed: u64) -> Rng {
        Rng(seed)
    }

    pub(crate) fn next(&mut self) -> u64 {
        self.0 = self.0.wrapping_add(0x9E37_79B9_7F4A_7C15);
        let mut z = self.0;
        z = (z ^ (z >> 30)).wrapping_mul(0xBF58_476D_1CE4_E5B9);
        z = (z ^ (z >> 27)).wrapping_mul(0x94D0_49BB_1331_11EB);
        z ^ (z >> 31)
    }

    /// Uniform in [0, 1).
    pub(crate) fn unit(&mut self) -> f64 {
        (self.next() >> 11) as f64 / (1u64 << 53) as f64
    }

    pub(crate) fn below(&mut self, n: usize) -> usize {
        (self.next() % n as u64) as usize
    }

    pub(crate) fn shuffle<T>(&mut self, v: &mut [T]) {
        for i in (1..v.len()).rev() {
            v.swap(i, self.below(i + 1));
        }
    }
}

/// The proposal with its polarity reversed, where a common pattern allows it.
pub fn negate(proposal: &str) -> Option<String> {
    const SWAPS: [(&str, &str); 6] = [
        ("We should not ", "We should "),
        ("This house would not ", "This house would "),
        ("This house does not believe that ", "This house believes that "),
        ("This house opposes ", "This house supports "),
        (" should not be ", " should be "),
        (" should not ", " should "),
    ];
    for (neg, pos) in SWAPS {
        if let Some(i) = proposal.find(neg) {
            return Some(format!("{}{pos}{}", &proposal[..i], &proposal[i + neg.len()..]));
        }
    }
    for (neg, pos) in SWAPS {
        if let Some(i) = proposal.find(pos) {
            return Some(format!("{}{neg}{}", &proposal[..i], &proposal[i + pos.len()..]));
        }
    }
    None
}

/// Extra examples: negated proposals (a `negated` share of the for/against examples whose
/// proposal has a pattern [`negate`] knows) and unrelated pairs (an `unrelated` share of all
/// examples, each text given a proposal of another topic, labelled undecided).
pub fn augment(examples: &[Example], negated: f64, unrelated: f64, seed: u64) -> Vec<Example> {
    let mut rng = Rng::new(seed);
    let mut proposals: Vec<&str> = examples.iter().map(|e| e.proposal.as_str()).collect();
    proposals.sort_unstable();
    proposals.dedup();
    let mut out = Vec::new();
    for e in examples {
        if e.label < 2
            && rng.unit() < negated
            && let Some(p) = negate(&e.proposal)
        {
            out.push(Example {
                proposal: p,
                text: e.text.clone(),
                label: 1 - e.label,
            });
        }
        if proposals.len() > 1 && rng.unit() < unrelated {
            let mut p = proposals[rng.below(proposals.len())];
            while p == e.proposal {
                p = proposals[rng.below(proposals.len())];
            }
            out.push(Example {
                proposal: p.to_string(),
                text: e.text.clone(),
                label: 2,
            });
        }
    }
    out
}

/// What a run reports as it goes.
#[derive(Debug, Clone, PartialEq)]
pub struct Progress {
    /// Epoch, from 1.
    pub epoch: usize,
    /// Steps done in all.
    pub step: usize,
    /// Steps in all.
    pub steps: usize,
    /// Mean training loss over the epoch so far.
    pub loss: f64,
}

fn dense_dims(shape: &bert::Shape, dense: usize) -> (usize, usize) {
    let h = shape.hidden;
    match dense {
        4 => (4 * h, h),
        5 => (h, 4 * h),
        _ => (h, h),
    }
}

/// Adapters that change nothing (B = 0, head = 0) on the top `layers` layers, as a
/// safetensors buffer: for tests of the forward pass.
pub fn zero_adapters(dir: &ModelDir, layers: usize, rank: usize) -> Result<Vec<u8>> {
    let (bert, _) = load_base(dir)?;
    let shape = bert.shape;
    let dev = Device::Cpu;
    let mut lora = Vec::new();
    for l in shape.layers - layers..shape.layers {
        for d in 0..bert::ADAPTED.len() {
            let (out, inp) = dense_dims(&shape, d);
            lora.push((
                l,
                d,
                Tensor::ones((rank, inp), DType::F32, &dev)?,
                Tensor::zeros((out, rank), DType::F32, &dev)?,
            ));
        }
    }
    Ok(Adapters {
        lora,
        scale: 1.0,
        head_w: Tensor::zeros((3, shape.hidden), DType::F32, &dev)?,
        head_b: Tensor::zeros(3, DType::F32, &dev)?,
    }
    .to_safetensors()?)
}

fn uniform(rng: &mut Rng, shape: (usize, usize), bound: f64) -> Result<Tensor> {
    let v: Vec<f32> = (0..shape.0 * shape.1)
        .map(|_| ((rng.unit() * 2.0 - 1.0) * bound) as f32)
        .collect();
    Ok(Tensor::from_vec(v, shape, &Device::Cpu)?)
}

/// Trains adapters and head on `examples`; returns them as a safetensors buffer for
/// [`crate::StancePrior::load_with`] (the committed file is one such buffer).
pub fn train(
    dir: &ModelDir,
    examples: &[Example],
    opts: &TrainOptions,
    progress: &dyn Fn(&Progress),
) -> Result<Vec<u8>> {
    let (mut bert, tokenizer) = load_base(dir)?;
    let shape = bert.shape;
    let frozen = shape.layers - opts.adapted_layers.min(shape.layers);
    let pairs: Vec<(&str, &str)> = examples
        .iter()
        .map(|e| (e.proposal.as_str(), e.text.as_str()))
        .collect();
    let seqs = tokenizer.pairs(&pairs)?;

    // The frozen layers' output, once per example.
    let mut order: Vec<usize> = (0..seqs.len()).collect();
    order.sort_by_key(|&i| seqs[i].0.len());
    let mut hidden: Vec<Option<Tensor>> = vec![None; seqs.len()];
    for chunk in order.chunks(64) {
        let batch: Vec<&(Vec<u32>, Vec<u32>)> = chunk.iter().map(|&i| &seqs[i]).collect();
        let (ids, types, mask) = bert::pad(&batch)?;
        let x = bert.embed(&ids, &types)?;
        let x = bert.layers(&x, &mask, 0, frozen, Mode::Infer)?;
        for (k, &i) in chunk.iter().enumerate() {
            hidden[i] = Some(x.get(k)?.narrow(0, 0, seqs[i].0.len())?.contiguous()?);
        }
    }
    let hidden: Vec<Tensor> = hidden
        .into_iter()
        .map(|h| h.expect("every example run"))
        .collect();

    // The trained part.
    let mut rng = Rng::new(opts.seed);
    let scale = opts.alpha / opts.rank as f64;
    let mut lora_vars = Vec::new();
    for l in frozen..shape.layers {
        for d in 0..bert::ADAPTED.len() {
            let (out, inp) = dense_dims(&shape, d);
            let a = Var::from_tensor(&uniform(&mut rng, (opts.rank, inp), 1.0 / (inp as f64).sqrt())?)?;
            let b = Var::zeros((out, opts.rank), DType::F32, &Device::Cpu)?;
            bert.layers[l].dense[d].lora = Some(Lora {
                a: a.as_tensor().clone(),
                b: b.as_tensor().clone(),
                scale,
            });
            lora_vars.push((l, d, a, b));
        }
    }
    let head_w = Var::from_tensor(&uniform(
        &mut rng,
        (3, shape.hidden),
        1.0 / (shape.hidden as f64).sqrt(),
    )?)?;
    let head_b = Var::zeros(3, DType::F32, &Device::Cpu)?;
    let vars = bert::vars_of(&lora_vars, &[&head_w, &head_b]);
    let mut opt = AdamW::new(
        vars,
        ParamsAdamW {
            lr: opts.lr,
            weight_decay: opts.weight_decay,
            ..ParamsAdamW::default()
        },
    )?;

    // Balanced class weights n / (k · count), over the classes present.
    let mut counts = [0usize; 3];
    examples.iter().for_each(|e| counts[e.label] += 1);
    let present = counts.iter().filter(|&&c| c > 0).count() as f64;
    let weights: Vec<f32> = counts
        .iter()
        .map(|&c| {
            if c > 0 {
                (examples.len() as f64 / (present * c as f64)) as f32
            } else {
                0.0
            }
        })
        .collect();

    let per_epoch = examples.len().div_ceil(opts.batch);
    let steps = per_epoch * opts.epochs;
    let warmup = (steps as f64 * 0.06).ceil().max(1.0);
    let mut step = 0;
    for epoch in 1..=opts.epochs {
        // Shuffle, then sort within windows of 8 batches so that a batch has similar lengths.
        let mut idx: Vec<usize> = (0..examples.len()).collect();
        rng.shuffle(&mut idx);
        let mut batches: Vec<Vec<usize>> = Vec::new();
        for window in idx.chunks_mut(opts.batch * 8) {
            window.sort_by_key(|&i| seqs[i].0.len());
            batches.extend(window.chunks(opts.batch).map(<[usize]>::to_vec));
        }
        rng.shuffle(&mut batches);
        let mut total = 0.0;
        for (n, batch) in batches.iter().enumerate() {
            let s = step as f64;
            let lr = if s < warmup {
                opts.lr * (s + 1.0) / warmup
            } else {
                opts.lr * ((steps as f64 - s) / (steps as f64 - warmup)).max(0.0)
            };
            opt.set_learning_rate(lr);
            let len = batch.iter().map(|&i| seqs[i].0.len()).max().unwrap_or(1);
            let xs: Vec<Tensor> = batch
                .iter()
                .map(|&i| hidden[i].pad_with_zeros(0, 0, len - seqs[i].0.len()))
                .collect::<candle_core::Result<_>>()?;
            let x = Tensor::stack(&xs, 0)?;
            let mut mask = vec![0f32; batch.len() * len];
            for (r, &i) in batch.iter().enumerate() {
                mask[r * len..r * len + seqs[i].0.len()].fill(1.0);
            }
            let mask = Tensor::from_vec(mask, (batch.len(), len), &Device::Cpu)?;
            let y = bert.layers(&x, &mask, frozen, shape.layers, Mode::Train)?;
            let pooled = bert::mean_pool(&y, &mask)?;
            let logits = pooled
                .matmul(&head_w.as_tensor().t()?)?
                .broadcast_add(head_b.as_tensor())?;
            let logp = candle_nn::ops::log_softmax(&logits, D::Minus1)?;
            let labels: Vec<u32> = batch.iter().map(|&i| examples[i].label as u32).collect();
            let w: Vec<f32> = batch.iter().map(|&i| weights[examples[i].label]).collect();
            let wsum: f32 = w.iter().sum();
            let labels = Tensor::from_vec(labels, (batch.len(), 1), &Device::Cpu)?;
            let w = Tensor::from_vec(w, batch.len(), &Device::Cpu)?;
            let picked = logp.gather(&labels, 1)?.squeeze(1)?;
            let loss = ((picked * w)?.sum_all()? * (-1.0 / wsum as f64))?;
            opt.backward_step(&loss)?;
            total += loss.to_scalar::<f32>()? as f64;
            step += 1;
            progress(&Progress {
                epoch,
                step,
                steps,
                loss: total / (n + 1) as f64,
            });
        }
    }

    let lora = lora_vars
        .iter()
        .map(|(l, d, a, b)| Ok((*l, *d, a.as_tensor().copy()?, b.as_tensor().copy()?)))
        .collect::<Result<Vec<_>>>()?;
    Ok(Adapters {
        lora,
        scale,
        head_w: head_w.as_tensor().copy()?,
        head_b: head_b.as_tensor().copy()?,
    }
    .to_safetensors()?)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn negation_reverses_common_motion_patterns_both_ways() {
        assert_eq!(
            negate("We should ban whaling").as_deref(),
            Some("We should not ban whaling")
        );
        assert_eq!(
            negate("We should not ban whaling").as_deref(),
            Some("We should ban whaling")
        );
        assert_eq!(
            negate("Homeschooling should be banned").as_deref(),
            Some("Homeschooling should not be banned")
        );
        assert_eq!(
            negate("This house supports the death penalty").as_deref(),
            Some("This house opposes the death penalty")
        );
        assert_eq!(negate("Atheism"), None);
    }

    #[test]
    fn unrelated_pairs_get_another_proposal_and_undecided() {
        let ex = |p: &str, t: &str, label| Example {
            proposal: p.into(),
            text: t.into(),
            label,
        };
        let base = vec![
            ex("We should ban whaling", "Whales are sentient.", 0),
            ex("Atheism", "God is great", 1),
        ];
        let extra = augment(&base, 0.0, 1.0, 7);
        assert_eq!(extra.len(), 2);
        for (e, b) in extra.iter().zip(&base) {
            assert_eq!(e.label, 2);
            assert_eq!(e.text, b.text);
            assert_ne!(e.proposal, b.proposal);
        }
        let negated = augment(&base, 1.0, 0.0, 7);
        assert_eq!(
            negated,
            vec![ex("We should not ban whaling", "Whales are sentient.", 1)]
        );
    }
}
