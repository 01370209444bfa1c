//! How well predictions match gold labels: F1 per class, macro-F1 and accuracy.
//!
//! The definitions are `../shared/tools/score.py`'s, so a figure Barometer prints is the figure
//! the reference scorer prints: a class's F1 is the harmonic mean of its precision and recall
//! (0 when it is never predicted correctly), and macro-F1 is the mean F1 over the classes
//! **present in the gold labels** (a class nobody holds is not averaged in as a 0).

/// The harmonic mean of a precision and a recall, 0 when both are 0 (score.py's `f1`).
pub fn f1(precision: f64, recall: f64) -> f64 {
    if precision + recall == 0.0 {
        0.0
    } else {
        2.0 * precision * recall / (precision + recall)
    }
}

/// The F1 of one class: how well the predictions of `class` match its gold labels. Computed from
/// the counts, as `2·tp / (2·tp + fp + fn)`, which is [`f1`] of its precision and recall.
///
/// # Panics
/// If `gold` and `predicted` differ in length.
pub fn class_f1<T: PartialEq>(gold: &[T], predicted: &[T], class: &T) -> f64 {
    assert_eq!(gold.len(), predicted.len(), "one prediction per gold label");
    let (mut tp, mut fp, mut fn_) = (0u64, 0u64, 0u64);
    for (g, p) in gold.iter().zip(predicted) {
        match (g == class, p == class) {
            (true, true) => tp += 1,
            (false, true) => fp += 1,
            (true, false) => fn_ += 1,
            (false, false) => {}
        }
    }
    if tp == 0 {
        0.0
    } else {
        let (tp, fp, fn_) = (tp as f64, fp as f64, fn_ as f64);
        2.0 * tp / (2.0 * tp + fp + fn_)
    }
}

/// The F1 of each class present in `gold`, in ascending class order.
///
/// # Panics
/// If `gold` and `predicted` differ in length.
pub fn f1_per_class<T: Ord + Clone>(gold: &[T], predicted: &[T]) -> Vec<(T, f64)> {
    let mut present: Vec<T> = gold.to_vec();
    present.sort_unstable();
    present.dedup();
    present
        .into_iter()
        .map(|c| {
            let f = class_f1(gold, predicted, &c);
            (c, f)
        })
        .collect()
}

/// The mean F1 over the classes present in `gold` (0 when `gold` is empty).
///
/// # Panics
/// If `gold` and `predicted` differ in length.
pub fn macro_f1<T: Ord + Clone>(gold: &[T], predicted: &[T]) -> f64 {
    let per = f1_per_class(gold, predicted);
    per.iter().map(|(_, f)| f).sum::<f64>() / per.len().max(1) as f64
}

/// The share of predictions equal to their gold label (0 when `gold` is empty).
///
/// # Panics
/// If `gold` and `predicted` differ in length.
pub fn accuracy<T: PartialEq>(gold: &[T], predicted: &[T]) -> f64 {
    assert_eq!(gold.len(), predicted.len(), "one prediction per gold label");
    if gold.is_empty() {
        return 0.0;
    }
    let correct = gold.iter().zip(predicted).filter(|(g, p)| g == p).count();
    correct as f64 / gold.len() as f64
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn f1_counts_false_positives_and_negatives() {
        // Class 0: tp 1, fn 1 → 2/3. Class 1: tp 1, fp 1 → 2/3. Class 2 is absent from gold.
        let (gold, predicted) = ([0, 0, 1], [0, 1, 1]);
        assert_eq!(
            f1_per_class(&gold, &predicted),
            vec![(0, 2.0 / 3.0), (1, 2.0 / 3.0)]
        );
        assert!((macro_f1(&gold, &predicted) - 2.0 / 3.0).abs() < 1e-12);
        assert!((accuracy(&gold, &predicted) - 2.0 / 3.0).abs() < 1e-12);
        // As the harmonic mean of precision (1/2) and recall (1) for class 1.
        assert!((f1(0.5, 1.0) - class_f1(&gold, &predicted, &1)).abs() < 1e-12);
    }

    #[test]
    fn a_class_absent_from_gold_is_not_averaged_but_a_missed_one_scores_zero() {
        // Always predicting 2, which gold never holds: both present classes score 0.
        assert_eq!(macro_f1(&[0, 1], &[2, 2]), 0.0);
        // Perfect on the two classes present: 1, though a third class exists.
        assert_eq!(macro_f1(&["for", "against"], &["for", "against"]), 1.0);
        assert_eq!((macro_f1::<u8>(&[], &[]), accuracy::<u8>(&[], &[])), (0.0, 0.0));
        assert_eq!(f1(0.0, 0.0), 0.0);
    }
}
