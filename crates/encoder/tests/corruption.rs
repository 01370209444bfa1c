//! A damaged copy of the model is caught by `verify` and `list`, which name the file.

use std::fs;
use std::io::{Seek, SeekFrom, Write};
use std::path::Path;

use barometer_encoder::models::{self, FileState, MODEL_NAME};
use barometer_encoder::{ErrorKind, ModelDir};

use crate::common::model;

fn copy_model(to: &Path) -> ModelDir {
    let src = &model().path;
    let dst = to.join(MODEL_NAME);
    for f in &models::FILES {
        let target = dst.join(f.name);
        fs::create_dir_all(target.parent().unwrap()).unwrap();
        fs::copy(src.join(f.name), target).unwrap();
    }
    ModelDir::new(to)
}

fn flip_byte(path: &Path, offset: u64) {
    let mut bytes = fs::read(path).unwrap();
    bytes[offset as usize] ^= 0x01;
    let mut f = fs::OpenOptions::new().write(true).open(path).unwrap();
    f.seek(SeekFrom::Start(0)).unwrap();
    f.write_all(&bytes).unwrap();
}

#[test]
fn corrupted_weights_are_named() {
    let tmp = tempfile::tempdir().unwrap();
    let dir = copy_model(tmp.path());
    let good = models::verify(&dir).expect("a fresh copy verifies");
    assert_eq!(good.id, "all-minilm-l6-v2@53aa5117");
    assert!(models::list(&dir)[0].verified());

    // One bit deep inside the weights, same size: only the digest can tell.
    flip_byte(&dir.model_path().join("model.safetensors"), 50_000_000);
    let err = models::verify(&dir).unwrap_err();
    let msg = err.to_string();
    assert!(matches!(err.kind(), ErrorKind::CorruptFile { file, .. } if file == "model.safetensors"));
    assert!(msg.starts_with("model.safetensors in "), "{msg}");
    assert!(msg.contains(&dir.model_path().display().to_string()), "{msg}");
    assert!(msg.contains("expected 53aa51172d14"), "{msg}");
    assert!(msg.contains("barometer models install"), "{msg}");

    let status = &models::list(&dir)[0];
    assert!(!status.verified());
    assert!(matches!(status.files[0].state, FileState::Corrupt(_)));
    assert!(status.to_string().contains("DAMAGED"), "{status}");
}

#[test]
fn corrupted_tokenizer_and_missing_pooling_are_named() {
    let tmp = tempfile::tempdir().unwrap();
    let dir = copy_model(tmp.path());
    flip_byte(&dir.model_path().join("tokenizer.json"), 1000);
    let msg = models::verify(&dir).unwrap_err().to_string();
    assert!(msg.starts_with("tokenizer.json in "), "{msg}");

    let tmp = tempfile::tempdir().unwrap();
    let dir = copy_model(tmp.path());
    fs::remove_file(dir.model_path().join("1_Pooling/config.json")).unwrap();
    let msg = models::verify(&dir).unwrap_err().to_string();
    assert!(msg.starts_with("1_Pooling/config.json is missing from "), "{msg}");
}
