//! How far two sets of camps agree: a model's against a human's.
//!
//! Used to measure the model on gold labels, the same way `barometer eval stance` and the
//! reference scorer do: macro-F1 over the camps present in the gold labels, and accuracy
//! ([`barometer_maths::metrics`]).

use barometer_domain::Camp;
use barometer_maths::metrics;
use serde::Serialize;

/// Agreement of predicted camps with gold camps.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct Agreement {
    /// Pairs compared.
    pub pairs: u64,
    /// Share of pairs where the camps agree.
    pub accuracy: f64,
    /// Mean F1 over the camps present in the gold labels.
    pub macro_f1: f64,
    /// F1 of each camp present in the gold labels, in [`Camp::ALL`] order.
    pub f1: Vec<(Camp, f64)>,
}

/// Compares `(gold, predicted)` pairs. `None` when there are none.
pub fn agreement(pairs: &[(Camp, Camp)]) -> Option<Agreement> {
    if pairs.is_empty() {
        return None;
    }
    let (gold, predicted): (Vec<Camp>, Vec<Camp>) = pairs.iter().copied().unzip();
    // `Camp`'s order is `Camp::ALL`'s, so the F1s come in that order.
    let f1 = metrics::f1_per_class(&gold, &predicted);
    Some(Agreement {
        pairs: pairs.len() as u64,
        accuracy: metrics::accuracy(&gold, &predicted),
        macro_f1: metrics::macro_f1(&gold, &predicted),
        f1,
    })
}

#[cfg(test)]
mod tests {
    use super::*;
    use Camp::*;

    #[test]
    fn perfect_agreement_scores_one() {
        let a = agreement(&[(For, For), (Against, Against), (NoView, NoView)]).unwrap();
        assert_eq!((a.accuracy, a.macro_f1), (1.0, 1.0));
        assert_eq!(a.f1.len(), 3, "undecided is absent from gold, so not averaged");
    }

    #[test]
    fn f1_counts_false_positives_and_negatives() {
        // for: tp 1, fn 1 (predicted against), fp 0 → 2/3. against: tp 1, fp 1 → 2/3.
        let a = agreement(&[(For, For), (For, Against), (Against, Against)]).unwrap();
        assert!((a.macro_f1 - 2.0 / 3.0).abs() < 1e-12);
        assert!((a.accuracy - 2.0 / 3.0).abs() < 1e-12);
        assert!(agreement(&[]).is_none());
    }
}
