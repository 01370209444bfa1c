//! The sentence encoder: all-MiniLM-L6-v2 on candle, F32, CPU.
//!
//! [`Encoder::embed`] tokenizes every text (truncating at 256 tokens, as sentence-transformers
//! does for this model), sorts the texts by token count, runs them through BERT in batches
//! padded only to the longest text of each batch, averages the output over the real tokens
//! (attention mask) and L2-normalises the result.
//! Vectors come back in the caller's order.
//!
//! The shipped `tokenizer.json` pads and truncates every input to 128 tokens; both settings
//! are overridden on load, since padding to 128 wastes work and truncating at 128 changes the
//! vectors of longer texts.

use std::path::Path;

use candle_core::{DType, Device, Tensor};
use candle_nn::VarBuilder;
use candle_transformers::models::bert::{BertModel, Config};
use tokenizers::{Tokenizer, TruncationParams};

use crate::error::{Error, ErrorKind, Result};
use crate::models::{self, InstalledModel, ModelDir};
use crate::native::NativeBert;
use crate::onnx::OnnxBert;

enum Model {
    Native(NativeBert),
    Candle(BertModel),
    OnnxInt8(OnnxBert),
}

/// Which implementation of the BERT forward pass runs.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
#[non_exhaustive]
pub enum Backend {
    /// A fused forward pass on candle's matmul kernels, with no padding (the default).
    #[default]
    Native,
    /// candle-transformers' `models::bert::BertModel`, padded per batch (the reference).
    CandleBert,
    /// The model quantised to int8, on ONNX Runtime (loaded at run time; see
    /// [`models::ensure_int8`]). About twice as fast; vectors within 0.01 cosine of F32,
    /// and stored under their own model id.
    OnnxInt8,
}

impl Backend {
    /// The name used on the command line and in `BAROMETER_BACKEND`.
    pub fn name(self) -> &'static str {
        match self {
            Backend::Native => "f32",
            Backend::CandleBert => "candle-bert",
            Backend::OnnxInt8 => "int8",
        }
    }

    /// Parses [`Backend::name`].
    pub fn from_name(name: &str) -> Option<Backend> {
        [Backend::Native, Backend::CandleBert, Backend::OnnxInt8]
            .into_iter()
            .find(|b| b.name() == name)
    }
}

/// Settings for [`Encoder`]. The defaults suit a 2-core CPU.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct EncoderOptions {
    /// The forward-pass implementation.
    pub backend: Backend,
    /// Most texts per forward pass.
    pub batch_size: usize,
    /// Most tokens (texts × padded length) per forward pass; bounds memory for long texts.
    pub max_batch_tokens: usize,
    /// Tokens kept per text, special tokens included (256 matches sentence-transformers).
    pub max_tokens: usize,
}

impl Default for EncoderOptions {
    fn default() -> Self {
        EncoderOptions {
            backend: Backend::Native,
            batch_size: 32,
            max_batch_tokens: 4096,
            max_tokens: 256,
        }
    }
}

/// A loaded sentence encoder. Cheap to share behind `&`; `embed` takes `&self`.
pub struct Encoder {
    model: Model,
    tokenizer: Tokenizer,
    device: Device,
    dim: usize,
    model_id: String,
    model_path: std::path::PathBuf,
    options: EncoderOptions,
}

impl std::fmt::Debug for Encoder {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("Encoder")
            .field("model_id", &self.model_id)
            .field("dim", &self.dim)
            .field("options", &self.options)
            .finish_non_exhaustive()
    }
}

impl Encoder {
    /// Loads the model with default options.
    pub fn load(model: &InstalledModel) -> Result<Encoder> {
        Encoder::load_with(model, EncoderOptions::default())
    }

    /// Loads the model with the given options.
    pub fn load_with(model: &InstalledModel, options: EncoderOptions) -> Result<Encoder> {
        let device = Device::Cpu;
        let config_path = model.file(&models::CONFIG);
        let config_text = std::fs::read_to_string(&config_path).map_err(|e| Error::io(&config_path, e))?;
        let config: Config = serde_json::from_str(&config_text).map_err(|source| ErrorKind::Config {
            path: config_path.clone(),
            source,
        })?;
        let mut model_id = model.id.clone();
        let bert = match options.backend {
            Backend::OnnxInt8 => {
                // The int8 packages sit beside the F32 one, whose tokenizer they share.
                let root = model.path.parent().unwrap_or(Path::new("."));
                let files = models::verify_int8(&ModelDir::new(root))?;
                model_id = files.id.clone();
                let threads = std::thread::available_parallelism().map_or(1, |n| n.get());
                let threads = std::env::var("RAYON_NUM_THREADS")
                    .ok()
                    .and_then(|v| v.parse().ok())
                    .filter(|&n| n > 0)
                    .unwrap_or(threads);
                Model::OnnxInt8(OnnxBert::load(
                    &files.runtime,
                    &files.model,
                    threads,
                    config.hidden_size,
                )?)
            }
            _ => {
                let weights_path = model.file(&models::WEIGHTS);
                let weights = std::fs::read(&weights_path).map_err(|e| Error::io(&weights_path, e))?;
                Self::load_f32(options.backend, weights, &config, &device)?
            }
        };
        let tokenizer = load_tokenizer(&model.file(&models::TOKENIZER), options.max_tokens)?;
        Ok(Encoder {
            model: bert,
            tokenizer,
            device,
            dim: config.hidden_size,
            model_id,
            model_path: model.path.clone(),
            options,
        })
    }

    fn load_f32(backend: Backend, weights: Vec<u8>, config: &Config, device: &Device) -> Result<Model> {
        Ok(match backend {
            Backend::CandleBert => {
                let vb = VarBuilder::from_buffered_safetensors(weights, DType::F32, device)
                    .map_err(|e| Error::model("reading model.safetensors", e))?;
                Model::Candle(
                    BertModel::load(vb, config).map_err(|e| Error::model("building the network", e))?,
                )
            }
            _ => Model::Native(
                NativeBert::load(&weights, config)
                    .map_err(|e| Error::model("reading model.safetensors", e))?,
            ),
        })
    }

    /// Length of each vector (384).
    pub fn dim(&self) -> usize {
        self.dim
    }

    /// The model id to store with vectors and run records, e.g. `all-minilm-l6-v2@53aa5117`.
    pub fn model_id(&self) -> &str {
        &self.model_id
    }

    /// The folder the model files were loaded from.
    pub fn model_path(&self) -> &Path {
        &self.model_path
    }

    /// The options in force.
    pub fn options(&self) -> &EncoderOptions {
        &self.options
    }

    /// Tokens per text as the model sees them: special tokens included, after truncation.
    pub fn count_tokens(&self, texts: &[&str]) -> Result<Vec<usize>> {
        Ok(self.tokenize(texts)?.iter().map(|ids| ids.len()).collect())
    }

    /// One unit-length vector per text, in the order of `texts`.
    pub fn embed(&self, texts: &[&str]) -> Result<Vec<Vec<f32>>> {
        let ids = self.tokenize(texts)?;
        let mut order: Vec<usize> = (0..texts.len()).collect();
        order.sort_by_key(|&i| ids[i].len());
        let mut out = vec![Vec::new(); texts.len()];
        let mut start = 0;
        while start < order.len() {
            // Sorted ascending, so the last text of a batch is its longest.
            let mut end = start + 1;
            while end < order.len()
                && end - start < self.options.batch_size
                && (end - start + 1) * ids[order[end]].len() <= self.options.max_batch_tokens
            {
                end += 1;
            }
            let batch: Vec<&[u32]> = order[start..end].iter().map(|&i| &ids[i][..]).collect();
            let vectors = self.embed_batch(&batch)?;
            for (&i, v) in order[start..end].iter().zip(vectors) {
                out[i] = v;
            }
            start = end;
        }
        Ok(out)
    }

    fn tokenize(&self, texts: &[&str]) -> Result<Vec<Vec<u32>>> {
        let encodings = self
            .tokenizer
            .encode_batch(texts.to_vec(), true)
            .map_err(|e| ErrorKind::Tokenizer(e.to_string()))?;
        Ok(encodings.into_iter().map(|e| e.get_ids().to_vec()).collect())
    }

    fn embed_batch(&self, batch: &[&[u32]]) -> Result<Vec<Vec<f32>>> {
        let model = match &self.model {
            Model::Native(native) => {
                let mut out = native.pooled(batch);
                out.iter_mut().for_each(|v| normalize(v));
                return Ok(out);
            }
            Model::OnnxInt8(onnx) => {
                let mut out = onnx.pooled(batch)?;
                out.iter_mut().for_each(|v| normalize(v));
                return Ok(out);
            }
            Model::Candle(model) => model,
        };
        let b = batch.len();
        let len = batch.iter().map(|ids| ids.len()).max().unwrap_or(0);
        let mut input = vec![0u32; b * len];
        let mut mask = vec![0u32; b * len];
        for (row, ids) in batch.iter().enumerate() {
            input[row * len..row * len + ids.len()].copy_from_slice(ids);
            mask[row * len..row * len + ids.len()].fill(1);
        }
        let run = || -> candle_core::Result<Vec<f32>> {
            let input = Tensor::from_vec(input, (b, len), &self.device)?;
            let types = input.zeros_like()?;
            let mask_t = Tensor::from_vec(mask.clone(), (b, len), &self.device)?;
            let hidden = model.forward(&input, &types, Some(&mask_t))?;
            hidden.flatten_all()?.to_vec1::<f32>()
        };
        let hidden = run().map_err(|e| Error::model("running the network", e))?;
        let mut out = mean_pool_padded(&hidden, batch, len, self.dim);
        out.iter_mut().for_each(|v| normalize(v));
        Ok(out)
    }
}

/// Mean of each row's real tokens in a padded batch's output (`batch.len() × len × dim`,
/// row-major). Padding sits at the end of each row, so the real tokens are a prefix.
pub(crate) fn mean_pool_padded(hidden: &[f32], batch: &[&[u32]], len: usize, dim: usize) -> Vec<Vec<f32>> {
    batch
        .iter()
        .enumerate()
        .map(|(row, ids)| {
            let mut v = vec![0f32; dim];
            for t in 0..ids.len() {
                let h = &hidden[(row * len + t) * dim..(row * len + t + 1) * dim];
                v.iter_mut().zip(h).for_each(|(acc, x)| *acc += x);
            }
            let n = ids.len().max(1) as f32;
            v.iter_mut().for_each(|x| *x /= n);
            v
        })
        .collect()
}

/// Scales `v` to unit length (leaves a zero vector alone).
fn normalize(v: &mut [f32]) {
    let norm = v.iter().map(|x| x * x).sum::<f32>().sqrt().max(1e-12);
    v.iter_mut().for_each(|x| *x /= norm);
}

fn load_tokenizer(path: &Path, max_tokens: usize) -> Result<Tokenizer> {
    let mut tokenizer =
        Tokenizer::from_file(path).map_err(|e| ErrorKind::Tokenizer(format!("{}: {e}", path.display())))?;
    tokenizer.with_padding(None);
    tokenizer
        .with_truncation(Some(TruncationParams {
            max_length: max_tokens,
            ..TruncationParams::default()
        }))
        .map_err(|e| ErrorKind::Tokenizer(e.to_string()))?;
    Ok(tokenizer)
}
