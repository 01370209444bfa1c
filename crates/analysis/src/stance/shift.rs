//! Adapting the cross-topic stance prior to one proposal from a handful of labels.
//!
//! The prior reads how people state a position on any topic, but each consultation leans its
//! own way: one proposal draws mostly opposition, another almost no undecided answers, and
//! the prior's sense of where "for" ends and "undecided" begins differs by topic. A few labels
//! on a proposal (an analyst's answers, or the few respondents who ticked a box) say which way,
//! long before they are enough to learn a model of their own.
//!
//! [`camp_shift`] fits one number per camp, added to the prior's log-probabilities, by
//! maximum a posteriori: the likelihood of the labels given the prior's readings of the same
//! passages, and a Gaussian prior that keeps each shift near 0 until the labels insist.
//! Because it conditions on the prior's readings, it stays sound when the labelled passages
//! were chosen by the review queue rather than at random.

/// Precision of the Gaussian prior on each camp's shift: the labels must outweigh it before a
/// shift grows past about one unit of log-odds. Equal to one confidently mis-read label.
const SHIFT_PRECISION: f64 = 1.0;

/// Gradient steps; the objective is concave, and 3 numbers converge long before.
const STEPS: usize = 300;

/// The per-camp shift (for, against, undecided) to add to the prior's log-probabilities that
/// best explains `labels` (stance indices) given the prior's `readings` of the same passages.
/// No labels, no shift.
pub fn camp_shift(readings: &[[f64; 3]], labels: &[usize]) -> [f64; 3] {
    assert_eq!(readings.len(), labels.len(), "one reading per label");
    let mut shift = [0.0; 3];
    if labels.is_empty() {
        return shift;
    }
    let logs: Vec<[f64; 3]> = readings.iter().map(|p| p.map(|q| q.max(1e-6).ln())).collect();
    // The log-likelihood's curvature is at most n/2 per coordinate, so this step never
    // overshoots.
    let step = 1.0 / (0.5 * labels.len() as f64 + SHIFT_PRECISION);
    for _ in 0..STEPS {
        let mut grad = shift.map(|s| -SHIFT_PRECISION * s);
        for (l, &y) in logs.iter().zip(labels) {
            let p = shifted_probs(l, &shift);
            for k in 0..3 {
                grad[k] += f64::from(u8::from(k == y)) - p[k];
            }
        }
        for k in 0..3 {
            shift[k] += step * grad[k];
        }
    }
    shift
}

/// The prior's probabilities with `shift` added to their logarithms, renormalised.
pub fn apply_shift(probs: [f64; 3], shift: &[f64; 3]) -> [f64; 3] {
    shifted_probs(&probs.map(|q| q.max(1e-6).ln()), shift)
}

fn shifted_probs(logs: &[f64; 3], shift: &[f64; 3]) -> [f64; 3] {
    let mut z = [logs[0] + shift[0], logs[1] + shift[1], logs[2] + shift[2]];
    barometer_maths::softmax(&mut z);
    z
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn no_labels_no_shift() {
        assert_eq!(camp_shift(&[], &[]), [0.0; 3]);
        let p = [0.5, 0.3, 0.2];
        let q = apply_shift(p, &[0.0; 3]);
        assert!(p.iter().zip(q).all(|(a, b)| (a - b).abs() < 1e-12));
    }

    #[test]
    fn labels_the_prior_reads_right_move_nothing_much() {
        let readings = [[0.8, 0.1, 0.1], [0.1, 0.8, 0.1], [0.8, 0.1, 0.1], [0.1, 0.8, 0.1]];
        let shift = camp_shift(&readings, &[0, 1, 0, 1]);
        assert!(shift.iter().all(|s| s.abs() < 0.3), "{shift:?}");
    }

    #[test]
    fn a_prior_that_reads_argued_answers_as_undecided_is_moved_towards_the_labelled_camps() {
        // The prior hedges on every passage of this proposal; the labels are all for or against.
        let readings = vec![[0.3, 0.25, 0.45]; 10];
        let labels = [0, 0, 0, 0, 0, 0, 1, 1, 1, 1];
        let shift = camp_shift(&readings, &labels);
        let moved = apply_shift([0.3, 0.25, 0.45], &shift);
        assert_eq!(barometer_maths::argmax(&moved), 0, "{moved:?}");
        assert!(shift[2] < -1.0, "{shift:?}");
        // A passage the prior reads confidently against stays against.
        let confident = apply_shift([0.05, 0.9, 0.05], &shift);
        assert_eq!(barometer_maths::argmax(&confident), 1, "{confident:?}");
    }

    #[test]
    fn one_label_moves_less_than_ten() {
        let one = camp_shift(&[[0.4, 0.4, 0.2]], &[1]);
        let ten = camp_shift(&[[0.4, 0.4, 0.2]; 10], &[1; 10]);
        assert!(ten[1] > one[1] && one[1] > 0.0, "{one:?} {ten:?}");
    }
}
