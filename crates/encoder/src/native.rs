//! A hand-fused BERT forward pass for the CPU, on candle's own matmul kernels (`gemm`).
//!
//! candle's `models::bert` spends about half its time outside matrix products: a fresh
//! buffer per operation, scalar `erf` and `exp`, and a thread barrier per element-wise op.
//! This module computes the same function with:
//! - texts packed end to end with no padding (attention runs per text over its own tokens),
//! - one fused Q/K/V projection, bias and GELU folded into the matmul outputs,
//! - vectorisable polynomial `erf` and `exp` (errors below 2e-7, tested against `libm`),
//! - buffers reused across layers, and rayon over rows or texts for everything else.
//!
//! The weights are read with candle from the same safetensors file. `tests/parity.rs` checks
//! both this path and candle's `BertModel` against vectors from PyTorch (cosine >= 0.9999;
//! the worst seen is 0.9999998).

use rayon::prelude::*;

use candle_core::Tensor;

/// Fast matmul: `out (m×n) = x (m×k) · wᵀ` where `w` is `n×k` row-major (a Linear weight).
fn matmul_wt(out: &mut [f32], x: &[f32], w: &[f32], m: usize, k: usize, n: usize) {
    assert!(out.len() >= m * n && x.len() >= m * k && w.len() >= n * k);
    let threads = rayon::current_num_threads();
    let par = if threads > 1 && m * n * k > 64 * 64 * 64 {
        gemm::Parallelism::Rayon(threads)
    } else {
        gemm::Parallelism::None
    };
    // SAFETY: the lengths are checked above; the strides describe row-major x, out and
    // transposed w within those lengths, and out does not alias the inputs (&mut).
    unsafe {
        gemm::gemm(
            m,
            n,
            k,
            out.as_mut_ptr(),
            1,
            n as isize,
            false,
            x.as_ptr(),
            1,
            k as isize,
            w.as_ptr(),
            k as isize,
            1,
            0.0,
            1.0,
            false,
            false,
            false,
            par,
        )
    }
}

/// One text's attention for one head, single-threaded.
/// `qkv` holds the text's rows (stride `3*hidden`); writes `len × head_dim` into `ctx` at
/// column `col` (row stride `hidden`). `scores` must hold `len*len`.
#[allow(clippy::too_many_arguments)]
fn attend_head(
    qkv: &[f32],
    ctx: &mut [f32],
    scores: &mut [f32],
    len: usize,
    hidden: usize,
    head_dim: usize,
    col: usize,
    scale: f32,
) {
    let row = 3 * hidden;
    assert!(qkv.len() >= (len - 1) * row + 2 * hidden + col + head_dim);
    assert!(ctx.len() >= (len - 1) * hidden + col + head_dim && scores.len() >= len * len);
    // SAFETY: the asserts bound every index the strides reach; scores and ctx are exclusive.
    unsafe {
        // scores = q · kᵀ
        gemm::gemm(
            len,
            len,
            head_dim,
            scores.as_mut_ptr(),
            1,
            len as isize,
            false,
            qkv.as_ptr().add(col),
            1,
            row as isize,
            qkv.as_ptr().add(hidden + col),
            row as isize,
            1,
            0.0,
            scale,
            false,
            false,
            false,
            gemm::Parallelism::None,
        );
    }
    softmax_rows(&mut scores[..len * len], len);
    // SAFETY: as above.
    unsafe {
        gemm::gemm(
            len,
            head_dim,
            len,
            ctx.as_mut_ptr().add(col),
            1,
            hidden as isize,
            false,
            scores.as_ptr(),
            1,
            len as isize,
            qkv.as_ptr().add(2 * hidden + col),
            1,
            row as isize,
            0.0,
            1.0,
            false,
            false,
            false,
            gemm::Parallelism::None,
        );
    }
}

/// How a kernel computes `a * b + c`: fused where the CPU has FMA (a single instruction),
/// plain otherwise (`f32::mul_add` without FMA is a slow library call).
trait MulAdd {
    fn mul_add(a: f32, b: f32, c: f32) -> f32;
}

struct Fused;
struct Plain;

impl MulAdd for Fused {
    #[inline(always)]
    fn mul_add(a: f32, b: f32, c: f32) -> f32 {
        a.mul_add(b, c)
    }
}

impl MulAdd for Plain {
    #[inline(always)]
    fn mul_add(a: f32, b: f32, c: f32) -> f32 {
        a * b + c
    }
}

/// Calls `$body` (a kernel generic over `$M: MulAdd`) compiled for AVX2+FMA when the CPU
/// has them, else compiled for the baseline target. The arguments are passed explicitly so
/// that the body is compiled inside the `target_feature` function.
macro_rules! dispatch {
    (|$($arg:ident : $ty:ty),*| $M:ident => $body:expr) => {{
        #[cfg(target_arch = "x86_64")]
        #[target_feature(enable = "avx2,fma")]
        fn fast($($arg: $ty),*) {
            type $M = Fused;
            $body
        }
        fn plain($($arg: $ty),*) {
            type $M = Plain;
            $body
        }
        #[cfg(target_arch = "x86_64")]
        if has_avx2_fma() {
            // SAFETY: the CPU supports the features `fast` is compiled for.
            unsafe { fast($($arg),*) }
        } else {
            plain($($arg),*)
        }
        #[cfg(not(target_arch = "x86_64"))]
        plain($($arg),*)
    }};
}

#[cfg(target_arch = "x86_64")]
fn has_avx2_fma() -> bool {
    use std::sync::OnceLock;
    static HAS: OnceLock<bool> = OnceLock::new();
    *HAS.get_or_init(|| is_x86_feature_detected!("avx2") && is_x86_feature_detected!("fma"))
}

/// Sum with 8 independent accumulators, so that it vectorises.
#[inline(always)]
fn sum8(r: &[f32]) -> f32 {
    let mut acc = [0f32; 8];
    let chunks = r.chunks_exact(8);
    let tail = chunks.remainder();
    for c in chunks {
        for i in 0..8 {
            acc[i] += c[i];
        }
    }
    acc.iter().sum::<f32>() + tail.iter().sum::<f32>()
}

#[inline(always)]
fn softmax<M: MulAdd>(r: &mut [f32]) {
    let max = r.iter().copied().fold(f32::NEG_INFINITY, f32::max);
    for x in r.iter_mut() {
        *x = fast_exp::<M>(*x - max);
    }
    let inv = 1.0 / sum8(r);
    r.iter_mut().for_each(|x| *x *= inv);
}

/// Round to nearest for |x| < 2^22 without SSE4.1's `roundss`.
#[inline(always)]
fn round_magic(x: f32) -> f32 {
    const MAGIC: f32 = 12_582_912.0; // 1.5 * 2^23
    (x + MAGIC) - MAGIC
}

/// `exp(x)` for `x <= 0` (softmax after subtracting the max); relative error < 1e-6 down
/// to `x = -86`, below which it returns about `exp(-87)` (negligible next to the row
/// maximum's 1).
#[inline(always)]
fn fast_exp<M: MulAdd>(x: f32) -> f32 {
    let x = x.max(-87.0);
    // exp(x) = 2^n · exp(r), r in [-ln2/2, ln2/2]
    let n = round_magic(x * std::f32::consts::LOG2_E);
    let r = M::mul_add(n, -0.693_145_75, x);
    let r = M::mul_add(n, -1.428_606_8e-6, r);
    let p = M::mul_add(1.987_569_1e-4, r, 1.398_2e-3);
    let p = M::mul_add(p, r, 8.333_452e-3);
    let p = M::mul_add(p, r, 4.166_579_6e-2);
    let p = M::mul_add(p, r, 1.666_666_5e-1);
    let p = M::mul_add(p, r, 5e-1);
    let p = M::mul_add(p * r, r, r) + 1.0;
    p * f32::from_bits(((n as i32 + 127) as u32) << 23)
}

/// `erf(x)`, the rational approximation used by Eigen and XLA; absolute error < 1e-6.
#[inline(always)]
fn fast_erf<M: MulAdd>(x: f32) -> f32 {
    let x = x.clamp(-4.0, 4.0);
    let x2 = x * x;
    let p = M::mul_add(x2, -2.726_142_3e-10, 2.770_681_4e-8);
    let p = M::mul_add(x2, p, -2.101_024e-6);
    let p = M::mul_add(x2, p, -5.692_506_4e-5);
    let p = M::mul_add(x2, p, -7.349_906_3e-4);
    let p = M::mul_add(x2, p, -2.954_6e-3);
    let p = M::mul_add(x2, p, -1.609_603_3e-2);
    let p = x * p;
    let q = M::mul_add(x2, -1.456_607_2e-5, -2.133_740_6e-4);
    let q = M::mul_add(x2, q, -1.682_827e-3);
    let q = M::mul_add(x2, q, -7.373_329e-3);
    let q = M::mul_add(x2, q, -1.426_474e-2);
    p / q
}

#[inline(always)]
fn gelu_rows<M: MulAdd>(chunk: &mut [f32], bias: &[f32]) {
    for r in chunk.chunks_exact_mut(bias.len()) {
        for (x, b) in r.iter_mut().zip(bias) {
            let v = *x + b;
            *x = 0.5 * v * (1.0 + fast_erf::<M>(v * std::f32::consts::FRAC_1_SQRT_2));
        }
    }
}

fn add_bias_gelu(rows: &mut [f32], bias: &[f32]) {
    let n = bias.len();
    rows.par_chunks_mut(n * 16)
        .for_each(|chunk| dispatch!(|chunk: &mut [f32], bias: &[f32]| M => gelu_rows::<M>(chunk, bias)));
}

#[inline(always)]
fn residual_norm_rows<M: MulAdd>(xc: &mut [f32], yc: &[f32], bias: &[f32], ln: &LayerNorm) {
    let n = bias.len();
    for (xr, yr) in xc.chunks_exact_mut(n).zip(yc.chunks_exact(n)) {
        for ((a, b), c) in xr.iter_mut().zip(yr).zip(bias) {
            *a += b + c;
        }
        ln.apply_with::<M>(xr);
    }
}

/// `x = layer_norm(y + bias + x)`, row by row.
fn add_bias_residual_norm(x: &mut [f32], y: &[f32], bias: &[f32], ln: &LayerNorm) {
    let n = bias.len();
    x.par_chunks_mut(n * 16)
        .zip(y.par_chunks(n * 16))
        .for_each(|(xc, yc)| {
            dispatch!(|xc: &mut [f32], yc: &[f32], bias: &[f32], ln: &LayerNorm| M => {
                residual_norm_rows::<M>(xc, yc, bias, ln)
            })
        });
}

fn softmax_rows(scores: &mut [f32], len: usize) {
    dispatch!(|scores: &mut [f32], len: usize| M => {
        for r in scores.chunks_exact_mut(len) {
            softmax::<M>(r);
        }
    })
}

struct LayerNorm {
    weight: Vec<f32>,
    bias: Vec<f32>,
    eps: f32,
}

impl LayerNorm {
    fn apply(&self, r: &mut [f32]) {
        self.apply_with::<Plain>(r)
    }

    #[inline(always)]
    fn apply_with<M: MulAdd>(&self, r: &mut [f32]) {
        let n = r.len() as f32;
        let mean = sum8(r) / n;
        r.iter_mut().for_each(|v| *v -= mean);
        let mut acc = [0f32; 8];
        for c in r.chunks_exact(8) {
            for i in 0..8 {
                acc[i] = M::mul_add(c[i], c[i], acc[i]);
            }
        }
        let tail: f32 = r.chunks_exact(8).remainder().iter().map(|v| v * v).sum();
        let var = (acc.iter().sum::<f32>() + tail) / n;
        let inv = 1.0 / (var + self.eps).sqrt();
        for ((v, w), b) in r.iter_mut().zip(&self.weight).zip(&self.bias) {
            *v = M::mul_add(*v * inv, *w, *b);
        }
    }
}

struct Layer {
    qkv_w: Vec<f32>,
    qkv_b: Vec<f32>,
    out_w: Vec<f32>,
    out_b: Vec<f32>,
    attn_ln: LayerNorm,
    up_w: Vec<f32>,
    up_b: Vec<f32>,
    down_w: Vec<f32>,
    down_b: Vec<f32>,
    out_ln: LayerNorm,
}

/// BERT weights as plain row-major `f32` vectors.
pub(crate) struct NativeBert {
    word: Vec<f32>,
    position: Vec<f32>,
    token_type: Vec<f32>,
    emb_ln: LayerNorm,
    layers: Vec<Layer>,
    hidden: usize,
    heads: usize,
    intermediate: usize,
    max_positions: usize,
}

type Weights = std::collections::HashMap<String, Tensor>;

fn get(w: &Weights, name: &str) -> candle_core::Result<Vec<f32>> {
    w.get(name)
        .ok_or_else(|| candle_core::Error::Msg(format!("model.safetensors has no tensor {name}")))?
        .flatten_all()?
        .to_dtype(candle_core::DType::F32)?
        .to_vec1()
}

impl NativeBert {
    /// Reads the weights from a safetensors buffer.
    pub(crate) fn load(
        buffer: &[u8],
        config: &candle_transformers::models::bert::Config,
    ) -> candle_core::Result<NativeBert> {
        let w = candle_core::safetensors::load_buffer(buffer, &candle_core::Device::Cpu)?;
        let prefix = if w.contains_key("bert.embeddings.word_embeddings.weight") {
            "bert."
        } else {
            ""
        };
        let g = |name: &str| get(&w, &format!("{prefix}{name}"));
        let eps = config.layer_norm_eps as f32;
        let ln = |name: &str| -> candle_core::Result<LayerNorm> {
            Ok(LayerNorm {
                weight: g(&format!("{name}.weight"))?,
                bias: g(&format!("{name}.bias"))?,
                eps,
            })
        };
        let mut layers = Vec::with_capacity(config.num_hidden_layers);
        for i in 0..config.num_hidden_layers {
            let p = format!("encoder.layer.{i}");
            let mut qkv_w = g(&format!("{p}.attention.self.query.weight"))?;
            qkv_w.extend(g(&format!("{p}.attention.self.key.weight"))?);
            qkv_w.extend(g(&format!("{p}.attention.self.value.weight"))?);
            let mut qkv_b = g(&format!("{p}.attention.self.query.bias"))?;
            qkv_b.extend(g(&format!("{p}.attention.self.key.bias"))?);
            qkv_b.extend(g(&format!("{p}.attention.self.value.bias"))?);
            layers.push(Layer {
                qkv_w,
                qkv_b,
                out_w: g(&format!("{p}.attention.output.dense.weight"))?,
                out_b: g(&format!("{p}.attention.output.dense.bias"))?,
                attn_ln: ln(&format!("{p}.attention.output.LayerNorm"))?,
                up_w: g(&format!("{p}.intermediate.dense.weight"))?,
                up_b: g(&format!("{p}.intermediate.dense.bias"))?,
                down_w: g(&format!("{p}.output.dense.weight"))?,
                down_b: g(&format!("{p}.output.dense.bias"))?,
                out_ln: ln(&format!("{p}.output.LayerNorm"))?,
            });
        }
        Ok(NativeBert {
            word: g("embeddings.word_embeddings.weight")?,
            position: g("embeddings.position_embeddings.weight")?,
            token_type: g("embeddings.token_type_embeddings.weight")?,
            emb_ln: ln("embeddings.LayerNorm")?,
            layers,
            hidden: config.hidden_size,
            heads: config.num_attention_heads,
            intermediate: config.intermediate_size,
            max_positions: config.max_position_embeddings,
        })
    }

    /// Mean-pooled (not yet normalised) output for each text of `batch`.
    pub(crate) fn pooled(&self, batch: &[&[u32]]) -> Vec<Vec<f32>> {
        let h = self.hidden;
        let offsets: Vec<usize> = std::iter::once(0)
            .chain(batch.iter().scan(0, |acc, ids| {
                *acc += ids.len();
                Some(*acc)
            }))
            .collect();
        let total = offsets[batch.len()];
        let mut x = vec![0f32; total * h];
        // Embeddings: word + position + token type 0, then layer norm.
        let tokens: Vec<(usize, u32)> = batch
            .iter()
            .flat_map(|ids| ids.iter().copied().enumerate())
            .collect();
        x.par_chunks_mut(h)
            .zip(tokens.par_iter())
            .for_each(|(row, &(pos, id))| {
                let id = (id as usize).min(self.word.len() / h - 1);
                let pos = pos.min(self.max_positions - 1);
                let wv = &self.word[id * h..(id + 1) * h];
                let pv = &self.position[pos * h..(pos + 1) * h];
                for (((o, a), b), c) in row.iter_mut().zip(wv).zip(pv).zip(&self.token_type[..h]) {
                    *o = a + b + c;
                }
                self.emb_ln.apply(row);
            });
        let mut qkv = vec![0f32; total * 3 * h];
        let mut ctx = vec![0f32; total * h];
        let mut tmp = vec![0f32; total * h];
        let mut up = vec![0f32; total * self.intermediate];
        let head_dim = h / self.heads;
        let scale = 1.0 / (head_dim as f32).sqrt();
        for layer in &self.layers {
            matmul_wt(&mut qkv, &x, &layer.qkv_w, total, h, 3 * h);
            let qb = &layer.qkv_b;
            qkv.par_chunks_mut(3 * h * 16).for_each(|c| {
                for r in c.chunks_exact_mut(3 * h) {
                    r.iter_mut().zip(qb).for_each(|(v, b)| *v += b);
                }
            });
            // Attention, one text per task; each writes only its own rows of ctx.
            let mut ctx_parts: Vec<&mut [f32]> = Vec::with_capacity(batch.len());
            let mut rest: &mut [f32] = &mut ctx;
            for ids in batch {
                let (a, b) = rest.split_at_mut(ids.len() * h);
                ctx_parts.push(a);
                rest = b;
            }
            let qkv_ref = &qkv;
            ctx_parts
                .into_par_iter()
                .enumerate()
                .for_each_init(Vec::new, |scores, (t, ctx_t)| {
                    let len = batch[t].len();
                    if len == 0 {
                        return;
                    }
                    scores.resize(len * len, 0.0);
                    let q = &qkv_ref[offsets[t] * 3 * h..offsets[t + 1] * 3 * h];
                    for head in 0..self.heads {
                        attend_head(q, ctx_t, scores, len, h, head_dim, head * head_dim, scale);
                    }
                });
            matmul_wt(&mut tmp, &ctx, &layer.out_w, total, h, h);
            add_bias_residual_norm(&mut x, &tmp, &layer.out_b, &layer.attn_ln);
            matmul_wt(&mut up, &x, &layer.up_w, total, h, self.intermediate);
            add_bias_gelu(&mut up, &layer.up_b);
            matmul_wt(&mut tmp, &up, &layer.down_w, total, self.intermediate, h);
            add_bias_residual_norm(&mut x, &tmp, &layer.down_b, &layer.out_ln);
        }
        (0..batch.len())
            .map(|t| {
                let mut v = vec![0f32; h];
                for row in x[offsets[t] * h..offsets[t + 1] * h].chunks_exact(h) {
                    v.iter_mut().zip(row).for_each(|(a, b)| *a += b);
                }
                let n = batch[t].len().max(1) as f32;
                v.iter_mut().for_each(|a| *a /= n);
                v
            })
            .collect()
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn erf_matches_libm() {
        let mut worst = 0f32;
        for i in -60_000..=60_000 {
            let x = i as f32 * 1e-4;
            let exact = libm_erf(x as f64) as f32;
            worst = worst.max(
                (fast_erf::<Plain>(x) - exact)
                    .abs()
                    .max((fast_erf::<Fused>(x) - exact).abs()),
            );
        }
        assert!(worst < 2e-7 * 4.0, "max error {worst}");
    }

    #[test]
    fn exp_matches_std() {
        let mut worst = (0f64, 0f32);
        for i in 0..=86_000 {
            let x = -(i as f32) * 1e-3;
            let exact = (x as f64).exp();
            let err = ((fast_exp::<Plain>(x) as f64 - exact) / exact)
                .abs()
                .max(((fast_exp::<Fused>(x) as f64 - exact) / exact).abs());
            if err > worst.0 {
                worst = (err, x);
            }
        }
        assert!(worst.0 < 1e-6, "max relative error {worst:?}");
    }

    /// erf by its Maclaurin series / continued fraction in f64, for the test only.
    fn libm_erf(x: f64) -> f64 {
        if x.abs() < 3.0 {
            let mut sum = 0.0;
            let mut term = x;
            let mut n = 0.0;
            while term.abs() > 1e-17 {
                sum += term / (2.0 * n + 1.0);
                n += 1.0;
                term *= -x * x / n;
            }
            sum * 2.0 / std::f64::consts::PI.sqrt()
        } else {
            // erfc continued fraction (Lentz), accurate for |x| >= 3.
            let ax = x.abs();
            let mut f = ax;
            for k in (1..60).rev() {
                f = ax + (k as f64 / 2.0) / f;
            }
            let erfc = (-ax * ax).exp() / std::f64::consts::PI.sqrt() / f;
            (1.0 - erfc).copysign(x)
        }
    }
}
