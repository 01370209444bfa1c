//! Barometer's shared maths: the small numerical pieces more than one crate needs, written once.
//!
//! The analysis, the stance model's tests and `barometer eval` all score predictions, calibrate
//! probabilities and compare sentence vectors. Each used to carry its own copy of macro-F1, of
//! a temperature fit or of a dot product, and copies drift: one scorer averaging over every
//! class and another over the classes present give two figures for one model. Here is the one
//! version of each:
//! - [`logistic`]: the balanced multinomial logistic regression (L-BFGS) every learned stance
//!   and routing model is, with its cross-validation folds and calibration.
//! - [`temperature`]: temperature scaling of class probabilities, fitted on a grid.
//! - [`metrics`]: F1 per class, macro-F1 over the classes present, and accuracy, as
//!   `../shared/tools/score.py` defines them.
//! - At the root: [`dot`], [`normalise`], [`cosine`] and [`centroid`] for sentence vectors,
//!   [`argmax`] and [`softmax`].
//!
//! **Architecture Invariant:** no dependencies, no I/O, no threads, and a fixed order of every
//! sum, so the same inputs give bit-identical outputs on every run.
#![deny(missing_docs)]

pub mod logistic;
pub mod metrics;
pub mod temperature;

use std::iter::Sum;
use std::ops::Mul;

/// The dot product of two vectors (over the shorter's length); for L2-normalised vectors, their
/// cosine similarity.
pub fn dot<T: Copy + Mul<Output = T> + Sum>(a: &[T], b: &[T]) -> T {
    a.iter().zip(b).map(|(&x, &y)| x * y).sum()
}

/// Scales `v` to unit length (a zero vector stays zero).
pub fn normalise(v: &mut [f32]) {
    let n = dot(v, v).sqrt();
    if n > 0.0 {
        v.iter_mut().for_each(|x| *x /= n);
    }
}

/// Cosine similarity of two vectors of the same length, of any norm (0 when either is zero).
pub fn cosine(a: &[f32], b: &[f32]) -> f32 {
    let na = dot(a, a).sqrt();
    let nb = dot(b, b).sqrt();
    dot(a, b) / (na * nb).max(1e-12)
}

/// The mean direction of some vectors of length `dim`: their sum, scaled to unit length (a
/// zero sum stays zero). Summed in the order given.
pub fn centroid<'a>(dim: usize, vectors: impl IntoIterator<Item = &'a [f32]>) -> Vec<f32> {
    let mut c = vec![0f32; dim];
    for v in vectors {
        c.iter_mut().zip(v).for_each(|(s, x)| *s += x);
    }
    normalise(&mut c);
    c
}

/// The index of the largest value; ties go to the first, and an empty slice gives 0.
pub fn argmax<T: PartialOrd>(v: &[T]) -> usize {
    (0..v.len()).fold(0, |b, c| if v[c] > v[b] { c } else { b })
}

/// Turns scores into probabilities in place, returning the log-sum-exp of the scores.
/// Computed from the largest score, so large scores do not overflow.
pub fn softmax(z: &mut [f64]) -> f64 {
    let max = z.iter().cloned().fold(f64::NEG_INFINITY, f64::max);
    let sum: f64 = z.iter().map(|v| (v - max).exp()).sum();
    z.iter_mut().for_each(|v| *v = (*v - max).exp() / sum);
    max + sum.ln()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn vectors_of_unit_length_have_their_cosine_as_dot_product() {
        let mut a = vec![3.0f32, 4.0];
        normalise(&mut a);
        assert_eq!(a, vec![0.6, 0.8]);
        let b = [1.0f32, 0.0];
        assert!((dot(&a, &b) - cosine(&[3.0, 4.0], &b)).abs() < 1e-7);
        let mut zero = vec![0f32; 3];
        normalise(&mut zero);
        assert_eq!(zero, vec![0.0; 3]);
        assert_eq!(cosine(&[0.0, 0.0], &b), 0.0);
        assert_eq!(dot(&[1.0f64, 2.0], &[3.0, 4.0]), 11.0);
    }

    #[test]
    fn a_centroid_is_the_normalised_sum() {
        let c = centroid(2, [&[1.0f32, 0.0][..], &[0.0, 1.0][..]]);
        let h = std::f32::consts::FRAC_1_SQRT_2;
        assert!((c[0] - h).abs() < 1e-7 && (c[1] - h).abs() < 1e-7, "{c:?}");
        assert_eq!(centroid(2, std::iter::empty()), vec![0.0, 0.0]);
    }

    #[test]
    fn argmax_gives_the_first_of_equals() {
        assert_eq!(argmax(&[0.2, 0.5, 0.5]), 1);
        assert_eq!(argmax(&[3, 1]), 0);
        assert_eq!(argmax::<f64>(&[]), 0);
    }

    #[test]
    fn softmax_sums_to_one_and_returns_log_sum_exp() {
        let mut z = vec![1000.0, 1000.0];
        let lse = softmax(&mut z);
        assert_eq!(z, vec![0.5, 0.5]);
        assert!((lse - (1000.0 + 2f64.ln())).abs() < 1e-9);
    }
}
