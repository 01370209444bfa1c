//! The int8 backend: the same MiniLM, quantised to int8, run by ONNX Runtime.
//!
//! ONNX Runtime is a native library that Barometer does not link: it is loaded at run time
//! (`ort`'s `load-dynamic`) from the `onnxruntime` wheel that `barometer models install`
//! unpacks and verifies, so a machine that never asks for this backend never needs it and the
//! build never downloads anything.
//!
//! The quantised graph takes padded batches, so batches are padded to their longest text (the
//! encoder already sorts texts by length, so there is little padding) and pooled over the real
//! tokens here, exactly as the F32 backends pool.

use std::path::{Path, PathBuf};
use std::sync::{Mutex, OnceLock};

use ort::environment::Environment;
use ort::session::Session;
use ort::session::builder::GraphOptimizationLevel;
use ort::value::Tensor;

use crate::error::{Error, Result};

/// ONNX Runtime is loaded, and its environment built, once per process; later loads must
/// name the same library.
static RUNTIME: OnceLock<std::result::Result<(PathBuf, Environment), String>> = OnceLock::new();

pub(crate) struct OnnxBert {
    // `Session::run` takes `&mut self`; the encoder is shared behind `&`.
    session: Mutex<Session>,
    dim: usize,
}

impl OnnxBert {
    /// Loads the runtime library (once per process) and the quantised model.
    pub(crate) fn load(runtime: &Path, model: &Path, threads: usize, dim: usize) -> Result<OnnxBert> {
        let loading = || format!("loading {}", runtime.display());
        let loaded = RUNTIME.get_or_init(|| {
            let env = ort::init_from(runtime)
                .map_err(|e| e.to_string())?
                .with_name("barometer")
                .build()
                .map_err(|e| e.to_string())?;
            Ok((runtime.to_path_buf(), env))
        });
        let env = match loaded {
            Ok((path, env)) if path == runtime => env,
            Ok((path, _)) => {
                return Err(Error::onnx(
                    loading(),
                    format!(
                        "ONNX Runtime is already loaded from {} in this process",
                        path.display()
                    ),
                ));
            }
            Err(why) => return Err(Error::onnx(loading(), why)),
        };
        let context = format!("loading {}", model.display());
        let fail = |e: &dyn std::fmt::Display| Error::onnx(context.clone(), e);
        let mut builder = Session::builder(env)
            .map_err(|e| fail(&e))?
            .with_optimization_level(GraphOptimizationLevel::Level3)
            .map_err(|e| fail(&e))?
            .with_intra_threads(threads.max(1))
            .map_err(|e| fail(&e))?
            .with_inter_threads(1)
            .map_err(|e| fail(&e))?;
        let session = builder.commit_from_file(model).map_err(|e| fail(&e))?;
        Ok(OnnxBert {
            session: Mutex::new(session),
            dim,
        })
    }

    /// Mean-pooled (not yet normalised) vectors of one batch of token ids.
    pub(crate) fn pooled(&self, batch: &[&[u32]]) -> Result<Vec<Vec<f32>>> {
        let b = batch.len();
        let len = batch.iter().map(|ids| ids.len()).max().unwrap_or(0);
        let mut input = vec![0i64; b * len];
        let mut mask = vec![0i64; b * len];
        for (row, ids) in batch.iter().enumerate() {
            for (t, &id) in ids.iter().enumerate() {
                input[row * len + t] = i64::from(id);
                mask[row * len + t] = 1;
            }
        }
        let shape = [b as i64, len as i64];
        let tensor = |data: Vec<i64>| {
            Tensor::from_array((shape, data)).map_err(|e| Error::onnx("building the input tensors", e))
        };
        let inputs = ort::inputs![
            "input_ids" => tensor(input)?,
            "attention_mask" => tensor(mask)?,
            "token_type_ids" => tensor(vec![0i64; b * len])?,
        ];
        let mut session = self.session.lock().unwrap_or_else(|p| p.into_inner());
        let outputs = session
            .run(inputs)
            .map_err(|e| Error::onnx("running the int8 network", e))?;
        let (out_shape, hidden) = outputs[0]
            .try_extract_tensor::<f32>()
            .map_err(|e| Error::onnx("reading the int8 network's output", e))?;
        let dim = self.dim;
        if out_shape.len() != 3 || out_shape[2] as usize != dim || hidden.len() != b * len * dim {
            return Err(Error::onnx(
                "reading the int8 network's output",
                format!("shape {out_shape:?}, expected [{b}, {len}, {dim}]"),
            ));
        }
        Ok(crate::encoder::mean_pool_padded(hidden, batch, len, dim))
    }
}
