//! Parity with `tests/fixtures/reference.jsonl`, written by `tests/fixtures/make_reference.py`
//! from Hugging Face transformers' PyTorch BERT (see that script's docstring).

use barometer_encoder::{Backend, Encoder, EncoderOptions, ModelDir, cosine, models};
use serde::Deserialize;

use crate::common::{encoder, model};

#[derive(Deserialize)]
struct Row {
    text: String,
    tokens: usize,
    vector: Vec<f32>,
}

fn rows() -> Vec<Row> {
    include_str!("fixtures/reference.jsonl")
        .lines()
        .map(|l| serde_json::from_str(l).expect("fixture row"))
        .collect()
}

#[test]
fn every_sentence_matches_reference() {
    let rows = rows();
    assert!(rows.len() >= 50);
    assert!(rows.iter().filter(|r| r.tokens > 128).count() >= 5);
    let enc = encoder();
    let texts: Vec<&str> = rows.iter().map(|r| r.text.as_str()).collect();
    let tokens = enc.count_tokens(&texts).unwrap();
    let vectors = enc.embed(&texts).unwrap();
    let mut worst = (1.0f32, "");
    for ((row, v), n) in rows.iter().zip(&vectors).zip(&tokens) {
        assert_eq!(*n, row.tokens, "token count of {:?}", row.text);
        assert_eq!(v.len(), 384);
        let norm: f32 = v.iter().map(|x| x * x).sum::<f32>().sqrt();
        assert!((norm - 1.0).abs() < 1e-5, "norm {norm}");
        let c = cosine(v, &row.vector);
        if c < worst.0 {
            worst = (c, &row.text);
        }
        assert!(c >= 0.9999, "cosine {c} for {:?}", row.text);
    }
    eprintln!("worst cosine {:.7} for {:?}", worst.0, worst.1);
}

#[test]
fn batching_does_not_change_vectors() {
    let rows = rows();
    let texts: Vec<&str> = rows.iter().map(|r| r.text.as_str()).collect();
    let batched = encoder().embed(&texts).unwrap();
    let one_by_one = Encoder::load_with(
        model(),
        EncoderOptions {
            batch_size: 1,
            ..EncoderOptions::default()
        },
    )
    .unwrap();
    for (i, t) in texts.iter().enumerate().step_by(5) {
        let single = one_by_one.embed(&[t]).unwrap();
        let c = cosine(&single[0], &batched[i]);
        assert!(c >= 0.99999, "cosine {c} for {t:?}");
    }
}

#[test]
fn similar_texts_score_higher_than_unrelated() {
    let v = encoder()
        .embed(&[
            "The bus service should run later in the evening.",
            "Please extend bus times into the night.",
            "My cat enjoys sleeping in the sun.",
        ])
        .unwrap();
    let close = cosine(&v[0], &v[1]);
    let far = cosine(&v[0], &v[2]);
    assert!(close > 0.6 && far < 0.3, "close {close}, far {far}");
}

#[test]
fn empty_input_and_identity() {
    let enc = encoder();
    assert!(enc.embed(&[]).unwrap().is_empty());
    assert_eq!(enc.dim(), 384);
    assert_eq!(enc.model_id(), "all-minilm-l6-v2@53aa5117");
}

#[test]
fn candle_bert_backend_matches_reference() {
    let rows = rows();
    let enc = Encoder::load_with(
        model(),
        EncoderOptions {
            backend: Backend::CandleBert,
            ..EncoderOptions::default()
        },
    )
    .unwrap();
    let texts: Vec<&str> = rows.iter().map(|r| r.text.as_str()).collect();
    let vectors = enc.embed(&texts).unwrap();
    for (row, v) in rows.iter().zip(&vectors) {
        let c = cosine(v, &row.vector);
        assert!(c >= 0.9999, "cosine {c} for {:?}", row.text);
    }
}

/// The int8 backend trades exactness for speed; the issue allows 0.01 cosine of drift from F32.
#[test]
fn int8_backend_is_within_a_hundredth_of_f32() {
    let dir = ModelDir::resolve(None);
    models::ensure_int8(&dir, &|line| eprintln!("{line}"))
        .unwrap_or_else(|e| panic!("the int8 test needs the int8 backend installed: {e}"));
    let int8 = Encoder::load_with(
        model(),
        EncoderOptions {
            backend: Backend::OnnxInt8,
            ..EncoderOptions::default()
        },
    )
    .unwrap();
    assert_eq!(int8.model_id(), models::int8_model_id());
    assert_ne!(
        int8.model_id(),
        encoder().model_id(),
        "cached vectors must not mix"
    );
    let rows = rows();
    let texts: Vec<&str> = rows.iter().map(|r| r.text.as_str()).collect();
    let vectors = int8.embed(&texts).unwrap();
    let mut worst = 1.0f32;
    for (row, v) in rows.iter().zip(&vectors) {
        let norm: f32 = v.iter().map(|x| x * x).sum::<f32>().sqrt();
        assert!((norm - 1.0).abs() < 1e-5, "norm {norm}");
        let c = cosine(v, &row.vector);
        worst = worst.min(c);
        assert!(
            c >= 0.99,
            "int8 cosine {c} to the F32 reference for {:?}",
            row.text
        );
    }
    // Padding inside a batch must not leak into the pooled vector.
    let single = int8.embed(&[texts[0]]).unwrap();
    assert!(cosine(&single[0], &vectors[0]) > 0.9999);
    eprintln!("int8: worst cosine to the F32 reference {worst:.5}");
}
