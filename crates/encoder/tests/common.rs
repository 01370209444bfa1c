//! Shared fixtures: the installed model and a loaded encoder, each made once.

use std::sync::OnceLock;

use barometer_encoder::{Encoder, InstalledModel, ModelDir, models};

/// The installed model, installing it on first use.
pub fn model() -> &'static InstalledModel {
    static MODEL: OnceLock<InstalledModel> = OnceLock::new();
    MODEL.get_or_init(|| {
        let dir = ModelDir::resolve(None);
        models::ensure(&dir, &|line| eprintln!("{line}"))
            .unwrap_or_else(|e| panic!("the encoder tests need the model: {e}"))
    })
}

/// An encoder with default options.
pub fn encoder() -> &'static Encoder {
    static ENCODER: OnceLock<Encoder> = OnceLock::new();
    ENCODER.get_or_init(|| Encoder::load(model()).expect("load encoder"))
}
