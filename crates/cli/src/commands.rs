//! One module per subcommand: its flags and what it does.

pub mod analyse;
pub mod bench;
pub mod check;
pub mod embed;
pub mod eval;
pub mod import;
pub mod models;
pub mod respondents;
pub mod review;
pub mod serve;
pub mod themes;
pub mod train;

use clap::Args as ClapArgs;
use std::path::PathBuf;

/// Where the store lives; shared by every command that uses one.
#[derive(Debug, Clone, ClapArgs)]
pub struct DbArgs {
    /// The store: a SQLite file path or sqlite:// URL (embedded, the default), or a
    /// postgres:// URL for a team server.
    ///
    /// Without it, every command uses the consultation's own SQLite store,
    /// DIR/.barometer/barometer.sqlite.
    #[arg(long, env = "BAROMETER_DB", value_name = "URL")]
    pub db: Option<String>,
}

impl DbArgs {
    /// The store to open for `folder`: the one named, or the consultation's default.
    pub fn url(&self, folder: &barometer_pipeline::ConsultationFolder) -> anyhow::Result<String> {
        folder.store_url(self.db.as_deref())
    }
}

/// Where the language models live; shared by every command that needs one.
#[derive(Debug, Clone, ClapArgs)]
pub struct ModelArgs {
    /// The model folder. Defaults to the platform data directory (on Linux
    /// ~/.local/share/barometer/models).
    #[arg(long = "models", env = "BAROMETER_MODELS", value_name = "DIR", global = true)]
    pub models: Option<PathBuf>,
    /// The encoder's backend: `f32` (exact, the default) or `int8` (ONNX Runtime, about twice
    /// as fast, vectors within 0.01 cosine; installed on first use).
    #[arg(long, env = "BAROMETER_BACKEND", value_name = "NAME", default_value = "f32",
          value_parser = parse_backend, global = true)]
    pub backend: barometer_encoder::Backend,
}

fn parse_backend(name: &str) -> Result<barometer_encoder::Backend, String> {
    barometer_encoder::Backend::from_name(name)
        .ok_or_else(|| format!("unknown backend {name:?}; use f32 or int8"))
}

impl ModelArgs {
    /// The model folder to use.
    pub fn dir(&self) -> barometer_encoder::ModelDir {
        barometer_encoder::ModelDir::resolve(self.models.clone())
    }

    /// Loads the sentence encoder with the chosen backend, installing what it needs first
    /// (with a message) if it is missing.
    pub fn encoder(&self) -> anyhow::Result<barometer_encoder::Encoder> {
        self.encoder_with(self.backend)
    }

    /// The models an analysis uses: the encoder now, the stance prior when first needed.
    pub fn models(&self) -> anyhow::Result<barometer_pipeline::Models> {
        Ok(barometer_pipeline::Models::new(self.encoder()?, self.dir()))
    }

    /// Loads the sentence encoder with a given backend, installing what it needs first.
    pub fn encoder_with(
        &self,
        backend: barometer_encoder::Backend,
    ) -> anyhow::Result<barometer_encoder::Encoder> {
        let progress = |line: &str| eprintln!("{line}");
        let model = barometer_encoder::models::ensure(&self.dir(), &progress)?;
        if backend == barometer_encoder::Backend::OnnxInt8 {
            barometer_encoder::models::ensure_int8(&self.dir(), &progress)?;
        }
        let options = barometer_encoder::EncoderOptions {
            backend,
            ..Default::default()
        };
        Ok(barometer_encoder::Encoder::load_with(&model, options)?)
    }
}
