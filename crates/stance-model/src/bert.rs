//! A small BERT forward pass on candle tensor ops, with optional LoRA adapters.
//!
//! The encoder crate's fast forward pass computes no gradients and takes no adapters, so the
//! stance prior has its own: the same function of the same weights, written with
//! differentiable candle ops where training needs gradients (`Mode::Train`: hand-written layer
//! norm and softmax, whose fused candle kernels have no backward pass) and candle's fused
//! kernels where it does not (`Mode::Infer`).
//!
//! Texts in a batch are padded to the batch's longest; an additive mask keeps attention off
//! the padding, and pooling averages the real tokens only.

use candle_core::{D, DType, Device, Module, Result, Tensor, Var};
use std::collections::HashMap;

/// Shape of the network, read from the model's config.json.
#[derive(Debug, Clone, Copy, PartialEq)]
pub(crate) struct Shape {
    pub hidden: usize,
    pub heads: usize,
    pub layers: usize,
    pub eps: f64,
}

impl Shape {
    pub(crate) fn from_config(config: &serde_json::Value) -> Option<Shape> {
        let get = |k: &str| {
            config
                .get(k)
                .and_then(serde_json::Value::as_u64)
                .map(|v| v as usize)
        };
        Some(Shape {
            hidden: get("hidden_size")?,
            heads: get("num_attention_heads")?,
            layers: get("num_hidden_layers")?,
            eps: config
                .get("layer_norm_eps")
                .and_then(serde_json::Value::as_f64)
                .unwrap_or(1e-12),
        })
    }
}

/// Whether gradients flow (slower, differentiable ops) or not (fused kernels).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) enum Mode {
    Train,
    Infer,
}

/// A dense layer `y = x·Wᵀ + b`, optionally with a LoRA update `scale · (x·Aᵀ)·Bᵀ`.
pub(crate) struct Dense {
    /// `(out, in)`.
    pub w: Tensor,
    pub b: Tensor,
    pub lora: Option<Lora>,
}

/// A low-rank update of a dense layer: `A` is `(rank, in)`, `B` is `(out, rank)`.
pub(crate) struct Lora {
    pub a: Tensor,
    pub b: Tensor,
    pub scale: f64,
}

impl Dense {
    /// `x` is `(rows, in)`.
    fn forward(&self, x: &Tensor) -> Result<Tensor> {
        let y = x.matmul(&self.w.t()?)?.broadcast_add(&self.b)?;
        match &self.lora {
            None => Ok(y),
            Some(l) => y + (x.matmul(&l.a.t()?)?.matmul(&l.b.t()?)? * l.scale)?,
        }
    }

    /// The same layer with its LoRA update folded into `W` (for inference).
    fn merged(&self) -> Result<Dense> {
        let w = match &self.lora {
            None => self.w.clone(),
            Some(l) => (&self.w + (l.b.matmul(&l.a)? * l.scale)?)?,
        };
        Ok(Dense {
            w,
            b: self.b.clone(),
            lora: None,
        })
    }
}

pub(crate) struct Norm {
    w: Tensor,
    b: Tensor,
    eps: f64,
}

impl Norm {
    fn forward(&self, x: &Tensor, mode: Mode) -> Result<Tensor> {
        match mode {
            Mode::Infer => candle_nn::ops::layer_norm(&x.contiguous()?, &self.w, &self.b, self.eps as f32),
            Mode::Train => {
                let mean = x.mean_keepdim(D::Minus1)?;
                let centred = x.broadcast_sub(&mean)?;
                let var = centred.sqr()?.mean_keepdim(D::Minus1)?;
                let normed = centred.broadcast_div(&(var + self.eps)?.sqrt()?)?;
                normed.broadcast_mul(&self.w)?.broadcast_add(&self.b)
            }
        }
    }
}

/// The dense layers of one transformer layer that may carry adapters, in a fixed order.
pub(crate) const ADAPTED: [&str; 6] = ["query", "key", "value", "attn_out", "up", "down"];

pub(crate) struct Layer {
    pub dense: [Dense; 6],
    attn_norm: Norm,
    out_norm: Norm,
}

/// The base network's weights (F32, CPU) and its shape.
pub(crate) struct Bert {
    word: Tensor,
    position: Tensor,
    token_type: Tensor,
    emb_norm: Norm,
    pub layers: Vec<Layer>,
    pub shape: Shape,
}

impl Bert {
    /// Reads the base weights from a safetensors buffer.
    pub(crate) fn load(buffer: &[u8], shape: Shape) -> Result<Bert> {
        let w = candle_core::safetensors::load_buffer(buffer, &Device::Cpu)?;
        let prefix = if w.contains_key("bert.embeddings.word_embeddings.weight") {
            "bert."
        } else {
            ""
        };
        let get = |name: &str| -> Result<Tensor> {
            w.get(&format!("{prefix}{name}"))
                .ok_or_else(|| candle_core::Error::Msg(format!("model.safetensors has no tensor {name}")))?
                .to_dtype(DType::F32)
        };
        let norm = |name: &str| -> Result<Norm> {
            Ok(Norm {
                w: get(&format!("{name}.weight"))?,
                b: get(&format!("{name}.bias"))?,
                eps: shape.eps,
            })
        };
        let dense = |name: &str| -> Result<Dense> {
            Ok(Dense {
                w: get(&format!("{name}.weight"))?,
                b: get(&format!("{name}.bias"))?,
                lora: None,
            })
        };
        let mut layers = Vec::with_capacity(shape.layers);
        for i in 0..shape.layers {
            let p = format!("encoder.layer.{i}");
            layers.push(Layer {
                dense: [
                    dense(&format!("{p}.attention.self.query"))?,
                    dense(&format!("{p}.attention.self.key"))?,
                    dense(&format!("{p}.attention.self.value"))?,
                    dense(&format!("{p}.attention.output.dense"))?,
                    dense(&format!("{p}.intermediate.dense"))?,
                    dense(&format!("{p}.output.dense"))?,
                ],
                attn_norm: norm(&format!("{p}.attention.output.LayerNorm"))?,
                out_norm: norm(&format!("{p}.output.LayerNorm"))?,
            });
        }
        Ok(Bert {
            word: get("embeddings.word_embeddings.weight")?,
            position: get("embeddings.position_embeddings.weight")?,
            token_type: get("embeddings.token_type_embeddings.weight")?,
            emb_norm: norm("embeddings.LayerNorm")?,
            layers,
            shape,
        })
    }

    /// Folds every layer's adapters into its weights.
    pub(crate) fn merge_adapters(&mut self) -> Result<()> {
        for layer in &mut self.layers {
            for d in layer.dense.iter_mut() {
                *d = d.merged()?;
            }
        }
        Ok(())
    }

    /// Embeddings of a padded batch: `ids` and `types` are `(batch, len)` u32. Returns
    /// `(batch, len, hidden)`.
    pub(crate) fn embed(&self, ids: &Tensor, types: &Tensor) -> Result<Tensor> {
        let (b, len) = ids.dims2()?;
        let h = self.shape.hidden;
        let words = self.word.embedding(&ids.flatten_all()?)?;
        let kinds = self.token_type.embedding(&types.flatten_all()?)?;
        let pos = self.position.narrow(0, 0, len)?.repeat((b, 1))?;
        let x = ((words + kinds)? + pos)?;
        self.emb_norm.forward(&x, Mode::Infer)?.reshape((b, len, h))
    }

    /// Runs layers `from..to` on `x` `(batch, len, hidden)` with `mask` `(batch, len)` of 0/1 f32.
    pub(crate) fn layers(
        &self,
        x: &Tensor,
        mask: &Tensor,
        from: usize,
        to: usize,
        mode: Mode,
    ) -> Result<Tensor> {
        let (b, len, h) = x.dims3()?;
        // Additive attention mask, (batch, 1, 1, len): 0 on tokens, -10000 on padding.
        let bias = ((mask.reshape((b, 1, 1, len))? - 1.0)? * 10_000.0)?;
        let mut x = x.reshape((b * len, h))?;
        for layer in &self.layers[from..to] {
            x = self.layer(layer, &x, &bias, b, len, mode)?;
        }
        x.reshape((b, len, h))
    }

    fn layer(
        &self,
        layer: &Layer,
        x: &Tensor,
        bias: &Tensor,
        b: usize,
        len: usize,
        mode: Mode,
    ) -> Result<Tensor> {
        let h = self.shape.hidden;
        let heads = self.shape.heads;
        let d = h / heads;
        let split =
            |t: Tensor| -> Result<Tensor> { t.reshape((b, len, heads, d))?.transpose(1, 2)?.contiguous() };
        let q = split((layer.dense[0].forward(x)? * (1.0 / (d as f64).sqrt()))?)?;
        let k = split(layer.dense[1].forward(x)?)?;
        let v = split(layer.dense[2].forward(x)?)?;
        let scores = q.matmul(&k.t()?.contiguous()?)?.broadcast_add(bias)?;
        let probs = match mode {
            Mode::Infer => candle_nn::ops::softmax_last_dim(&scores)?,
            Mode::Train => candle_nn::ops::softmax(&scores, D::Minus1)?,
        };
        let ctx = probs.matmul(&v)?.transpose(1, 2)?.reshape((b * len, h))?;
        let attn = layer.dense[3].forward(&ctx)?;
        let x = layer.attn_norm.forward(&(attn + x)?, mode)?;
        let up = layer.dense[4].forward(&x)?.gelu_erf()?;
        let down = layer.dense[5].forward(&up)?;
        layer.out_norm.forward(&(down + x)?, mode)
    }
}

/// Mean of `x` `(batch, len, hidden)` over the real tokens of `mask` `(batch, len)`.
pub(crate) fn mean_pool(x: &Tensor, mask: &Tensor) -> Result<Tensor> {
    let m = mask.unsqueeze(2)?;
    let sum = x.broadcast_mul(&m)?.sum(1)?;
    sum.broadcast_div(&m.sum(1)?)
}

/// A padded batch of token sequences: ids, token types and the 0/1 mask, each `(batch, len)`.
pub(crate) fn pad(seqs: &[&(Vec<u32>, Vec<u32>)]) -> Result<(Tensor, Tensor, Tensor)> {
    let b = seqs.len();
    let len = seqs.iter().map(|s| s.0.len()).max().unwrap_or(0).max(1);
    let mut ids = vec![0u32; b * len];
    let mut types = vec![0u32; b * len];
    let mut mask = vec![0f32; b * len];
    for (r, (i, t)) in seqs.iter().map(|s| (&s.0, &s.1)).enumerate() {
        ids[r * len..r * len + i.len()].copy_from_slice(i);
        types[r * len..r * len + t.len()].copy_from_slice(t);
        mask[r * len..r * len + i.len()].fill(1.0);
    }
    let dev = Device::Cpu;
    Ok((
        Tensor::from_vec(ids, (b, len), &dev)?,
        Tensor::from_vec(types, (b, len), &dev)?,
        Tensor::from_vec(mask, (b, len), &dev)?,
    ))
}

/// The trained part: LoRA adapters on the top layers and a linear head on the pooled output.
pub(crate) struct Adapters {
    /// `(layer index, dense index in ADAPTED order, A, B)`.
    pub lora: Vec<(usize, usize, Tensor, Tensor)>,
    pub scale: f64,
    /// `(classes, hidden)` and `(classes)`.
    pub head_w: Tensor,
    pub head_b: Tensor,
}

impl Adapters {
    pub(crate) fn name(layer: usize, dense: usize, part: &str) -> String {
        format!("layer.{layer}.{}.lora_{part}", ADAPTED[dense])
    }

    /// Reads adapters from a safetensors buffer written by [`Adapters::to_safetensors`].
    pub(crate) fn from_safetensors(buffer: &[u8]) -> Result<Adapters> {
        let t = candle_core::safetensors::load_buffer(buffer, &Device::Cpu)?;
        let get = |name: &str| -> Result<Tensor> {
            t.get(name)
                .ok_or_else(|| candle_core::Error::Msg(format!("adapter file has no tensor {name}")))?
                .to_dtype(DType::F32)
        };
        let mut lora = Vec::new();
        for layer in 0..64 {
            for dense in 0..ADAPTED.len() {
                let a = Adapters::name(layer, dense, "a");
                if t.contains_key(&a) {
                    lora.push((layer, dense, get(&a)?, get(&Adapters::name(layer, dense, "b"))?));
                }
            }
        }
        let scale = get("lora.scale")?.flatten_all()?.to_vec1::<f32>()?[0] as f64;
        Ok(Adapters {
            lora,
            scale,
            head_w: get("head.weight")?,
            head_b: get("head.bias")?,
        })
    }

    /// Writes the adapters in F16 (the head stays F32: it is tiny).
    pub(crate) fn to_safetensors(&self) -> Result<Vec<u8>> {
        let mut map: HashMap<String, Tensor> = HashMap::new();
        for (layer, dense, a, b) in &self.lora {
            map.insert(Adapters::name(*layer, *dense, "a"), a.to_dtype(DType::F16)?);
            map.insert(Adapters::name(*layer, *dense, "b"), b.to_dtype(DType::F16)?);
        }
        map.insert(
            "lora.scale".into(),
            Tensor::new(&[self.scale as f32], &Device::Cpu)?,
        );
        map.insert("head.weight".into(), self.head_w.clone());
        map.insert("head.bias".into(), self.head_b.clone());
        let dir = std::env::temp_dir().join(format!("stance-prior-{}.safetensors", std::process::id()));
        candle_core::safetensors::save(&map, &dir)?;
        let bytes = std::fs::read(&dir)?;
        let _ = std::fs::remove_file(&dir);
        Ok(bytes)
    }

    /// Puts the adapters into `bert`'s dense layers (unmerged).
    pub(crate) fn install(&self, bert: &mut Bert) {
        for (layer, dense, a, b) in &self.lora {
            bert.layers[*layer].dense[*dense].lora = Some(Lora {
                a: a.clone(),
                b: b.clone(),
                scale: self.scale,
            });
        }
    }

    pub(crate) fn head(&self, pooled: &Tensor) -> Result<Tensor> {
        candle_nn::Linear::new(self.head_w.clone(), Some(self.head_b.clone())).forward(pooled)
    }
}

/// Variables of the trained part, for the optimiser.
pub(crate) fn vars_of(adapters: &[(usize, usize, Var, Var)], head: &[&Var]) -> Vec<Var> {
    adapters
        .iter()
        .flat_map(|(_, _, a, b)| [a.clone(), b.clone()])
        .chain(head.iter().map(|v| (*v).clone()))
        .collect()
}
