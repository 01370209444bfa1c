//! The committed weights load and judge an unseen consultation (the gambling dev file, which
//! no committed weight learned from) zero-shot better than always giving its commonest label.

use barometer_encoder::{ModelDir, models};
use barometer_maths::argmax;
use barometer_maths::metrics::macro_f1;
use barometer_stance_model::{LABELS, StancePrior};

const GAMBLING: &str = concat!(
    env!("CARGO_MANIFEST_DIR"),
    "/../../../shared/datasets/dev/stance-gambling-xs-q1.jsonl"
);

#[test]
fn committed_weights_beat_the_commonest_label_zero_shot_on_an_unseen_consultation() {
    let dir = ModelDir::resolve(None);
    models::ensure(&dir, &|l| eprintln!("{l}")).unwrap();
    let prior = StancePrior::load(&dir).unwrap();
    let rows: Vec<serde_json::Value> = std::fs::read_to_string(GAMBLING)
        .unwrap()
        .lines()
        .filter(|l| !l.trim().is_empty())
        .map(|l| serde_json::from_str(l).unwrap())
        .collect();
    let pairs: Vec<(&str, &str)> = rows
        .iter()
        .map(|r| (r["proposal"].as_str().unwrap(), r["text"].as_str().unwrap()))
        .collect();
    let judged = prior.predict(&pairs).unwrap();
    assert_eq!(judged.len(), rows.len());
    let gold: Vec<usize> = rows
        .iter()
        .map(|r| {
            LABELS
                .iter()
                .position(|l| *l == r["label"].as_str().unwrap())
                .unwrap()
        })
        .collect();
    let predicted: Vec<usize> = judged
        .iter()
        .map(|j| {
            assert!((j.probs.iter().sum::<f32>() - 1.0).abs() < 1e-4);
            assert_eq!(j.features.len(), 384);
            argmax(&j.probs)
        })
        .collect();
    // The trivial rival: always the commonest label.
    let counts = (0..3).map(|c| gold.iter().filter(|&&g| g == c).count());
    let commonest = counts.enumerate().max_by_key(|&(_, n)| n).unwrap().0;
    let ours = macro_f1(&gold, &predicted);
    let trivial = macro_f1(&gold, &vec![commonest; gold.len()]);
    eprintln!(
        "zero-shot macro-F1 {ours:.3}; always {}: {trivial:.3}",
        LABELS[commonest]
    );
    assert!(
        ours > trivial + 0.1,
        "zero-shot macro-F1 {ours:.3} against {trivial:.3} for always {}",
        LABELS[commonest]
    );
}
