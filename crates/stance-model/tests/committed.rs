//! The committed weights load and judge an unseen consultation (the gambling dev file, which
//! no committed weight learned from) clearly better than chance, zero-shot.

use barometer_encoder::{ModelDir, models};
use barometer_stance_model::{LABELS, StancePrior};

const GAMBLING: &str = concat!(
    env!("CARGO_MANIFEST_DIR"),
    "/../../../shared/datasets/dev/stance-gambling-xs-q1.jsonl"
);

#[test]
fn committed_weights_read_an_unseen_consultation_better_than_chance() {
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
    let mut for_against = (0, 0);
    for (r, j) in rows.iter().zip(&judged) {
        assert!((j.probs.iter().sum::<f32>() - 1.0).abs() < 1e-4);
        assert_eq!(j.features.len(), 384);
        let gold = r["label"].as_str().unwrap();
        let best = (0..3).fold(0, |b, c| if j.probs[c] > j.probs[b] { c } else { b });
        // Chance on the for/against rows is 50%; the prior must read the proposal's polarity.
        if gold != "undecided" {
            for_against.0 += 1;
            if LABELS[best] == gold {
                for_against.1 += 1;
            }
        }
    }
    let accuracy = for_against.1 as f64 / for_against.0 as f64;
    assert!(
        accuracy > 0.70,
        "zero-shot accuracy on for/against rows {accuracy:.3}"
    );
}
