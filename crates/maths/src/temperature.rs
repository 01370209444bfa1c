//! Temperature scaling: one number `T` that makes a model's class probabilities as sure as the
//! model is right. Probabilities that are too sure get `T > 1` (softened), too timid `T < 1`
//! (sharpened). It moves no prediction: the most probable class stays the most probable.
//!
//! [`fit`] picks `T` from a grid the caller gives, minimising the negative log-likelihood of
//! held-out gold labels (out-of-fold predictions, say). Two ways of applying `T` are in use,
//! and [`Scaling`] names them; a model must be applied with the scaling it was fitted with.

/// How a temperature `T` is applied to a row of probabilities.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Scaling {
    /// `softmax(log(p) / T)`. A zero probability stays zero; when fitting, a gold label's
    /// probability counts as at least 1e-12. The calibration of [`crate::logistic`] and of
    /// `barometer eval stance`.
    Softmax,
    /// `p^(1/T)`, renormalised, with every `p` first raised to at least 1e-12, so a class the
    /// model gave nothing keeps a sliver. The calibration of inferred stance.
    Power,
}

impl Scaling {
    /// `p` (one row of class probabilities) tempered by `t`; the result sums to 1.
    pub fn apply(self, p: &[f64], t: f64) -> Vec<f64> {
        match self {
            Scaling::Softmax => {
                let mut z: Vec<f64> = p
                    .iter()
                    .map(|&v| if v > 0.0 { v.ln() / t } else { f64::NEG_INFINITY })
                    .collect();
                crate::softmax(&mut z);
                z
            }
            Scaling::Power => {
                let mut scaled: Vec<f64> = p.iter().map(|v| v.max(1e-12).powf(1.0 / t)).collect();
                let sum: f64 = scaled.iter().sum();
                scaled.iter_mut().for_each(|v| *v /= sum);
                scaled
            }
        }
    }

    /// The negative log-likelihood of class `gold` under `p` tempered by `t`.
    fn loss(self, p: &[f64], gold: usize, t: f64) -> f64 {
        let q = self.apply(p, t)[gold];
        match self {
            Scaling::Softmax => -q.max(1e-12).ln(),
            Scaling::Power => -q.ln(),
        }
    }
}

/// The temperature of `grid` that minimises the summed negative log-likelihood of the `gold`
/// classes under `probs` (rows of class probabilities) tempered by `scaling`. A later grid value
/// must do better by more than 1e-12 to replace an earlier one; an empty grid gives 1.
pub fn fit(probs: &[Vec<f64>], gold: &[usize], grid: impl IntoIterator<Item = f64>, scaling: Scaling) -> f64 {
    let nll = |t: f64| -> f64 {
        probs
            .iter()
            .zip(gold)
            .map(|(p, &g)| scaling.loss(p, g, t))
            .sum::<f64>()
    };
    let mut best = (f64::INFINITY, 1.0);
    for t in grid {
        let v = nll(t);
        if v < best.0 - 1e-12 {
            best = (v, t);
        }
    }
    best.1
}

#[cfg(test)]
mod tests {
    use super::*;

    fn grid() -> impl Iterator<Item = f64> {
        (0..=30).map(|i| 0.4 + 0.1 * i as f64)
    }

    #[test]
    fn both_scalings_soften_overconfidence_and_keep_the_order() {
        // Right 60% of the time, yet 90% sure: both scalings soften (T > 1).
        let probs = vec![vec![0.9, 0.1]; 10];
        let gold = [0, 0, 0, 0, 0, 0, 1, 1, 1, 1];
        for scaling in [Scaling::Softmax, Scaling::Power] {
            let t = fit(&probs, &gold, grid(), scaling);
            assert!(t > 1.5, "{scaling:?}: T = {t}");
            let p = scaling.apply(&probs[0], t);
            assert!(
                p[0] > p[1] && (p.iter().sum::<f64>() - 1.0).abs() < 1e-12,
                "{p:?}"
            );
        }
        assert_eq!(fit(&probs, &gold, std::iter::empty(), Scaling::Power), 1.0);
    }

    #[test]
    fn a_zero_probability_stays_zero_only_under_softmax() {
        assert_eq!(Scaling::Softmax.apply(&[1.0, 0.0], 2.0), vec![1.0, 0.0]);
        let p = Scaling::Power.apply(&[1.0, 0.0], 2.0);
        assert!(p[1] > 0.0 && p[1] < 1e-5, "{p:?}");
    }
}
