//! Learned stance: a multinomial logistic regression over frozen sentence vectors.
//!
//! The model is the baseline of issue 4: L2-regularised multinomial logistic regression with
//! balanced class weights, fitted to convergence by L-BFGS. It minimises the same objective as
//! scikit-learn's `LogisticRegression(C, class_weight="balanced")` with the `lbfgs` solver,
//! divided by the total sample weight `S` (which does not move the optimum):
//!
//! ```text
//! (1/S) · [ Σᵢ wᵢ · (logsumexp(zᵢ) − zᵢ,yᵢ) + 0.5/C · ‖W‖² ]     zᵢ = W·xᵢ + b,  wᵢ = n / (k · count(yᵢ))
//! ```
//!
//! The intercept `b` is not penalised. With two classes the penalty is doubled, which makes the
//! softmax model's optimum exactly scikit-learn's binary model (its two weight rows are ±v/2).
//!
//! Written here rather than taken from `linfa-logistic`: that crate brings `ndarray` and
//! `argmin` for what is about a hundred lines of arithmetic, and this crate stays dependency-free
//! and deterministic (no threads, a fixed order of every sum).
//!
//! Pure: it takes vectors and class ids, and knows nothing of files or texts. [`folds`] splits
//! rows for cross-validation, and [`fit_temperature`] calibrates out-of-fold probabilities.

use crate::temperature::{self, Scaling};
use crate::{argmax, dot, softmax};

/// How to fit a [`Classifier`].
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct Options {
    /// Inverse regularisation strength, as scikit-learn's `C`.
    pub c: f64,
    /// Weigh each class by `n / (k · count)`, so rare classes count as much as common ones.
    pub balanced: bool,
    /// Most L-BFGS iterations.
    pub max_iter: usize,
    /// Stop once every gradient component is below this (the objective is per unit weight).
    pub tol: f64,
}

impl Default for Options {
    fn default() -> Self {
        Options {
            c: 1.0,
            balanced: true,
            max_iter: 1000,
            tol: 1e-6,
        }
    }
}

/// A fitted multinomial logistic regression over the classes seen in training.
#[derive(Debug, Clone, PartialEq)]
pub struct Classifier {
    classes: Vec<usize>,
    dim: usize,
    /// `classes.len()` rows of `dim + 1` values: the weights, then the intercept.
    params: Vec<f64>,
    /// L-BFGS iterations the fit took.
    pub iterations: usize,
}

impl Classifier {
    /// Fits the model to rows `x` (all of one length) with class ids `y`.
    ///
    /// Only the classes present in `y` can be predicted. With a single class the model always
    /// predicts it, with probability 1.
    ///
    /// # Panics
    /// If `x` is empty, its rows differ in length, or `x` and `y` differ in length.
    pub fn fit(x: &[&[f32]], y: &[usize], opts: &Options) -> Classifier {
        assert!(
            !x.is_empty() && x.len() == y.len(),
            "need one label per row, and rows"
        );
        let dim = x[0].len();
        assert!(x.iter().all(|r| r.len() == dim), "rows differ in length");
        let mut classes: Vec<usize> = y.to_vec();
        classes.sort_unstable();
        classes.dedup();
        let k = classes.len();
        let mut model = Classifier {
            classes,
            dim,
            params: vec![0.0; k * (dim + 1)],
            iterations: 0,
        };
        if k < 2 {
            return model;
        }
        let yi: Vec<usize> = y
            .iter()
            .map(|c| model.classes.binary_search(c).expect("seen"))
            .collect();
        let mut weight = vec![1.0; k];
        if opts.balanced {
            for (c, w) in weight.iter_mut().enumerate() {
                let count = yi.iter().filter(|&&v| v == c).count() as f64;
                *w = y.len() as f64 / (k as f64 * count);
            }
        }
        let rows: Vec<Vec<f64>> = x.iter().map(|r| r.iter().map(|&v| v as f64).collect()).collect();
        let penalty = if k == 2 { 2.0 } else { 1.0 } / opts.c;
        let objective =
            |p: &[f64], grad: &mut [f64]| -> f64 { objective(p, grad, &rows, &yi, &weight, k, dim, penalty) };
        let (params, iterations) = lbfgs(objective, model.params.clone(), opts.max_iter, opts.tol);
        model.params = params;
        model.iterations = iterations;
        model
    }

    /// The class ids this model can predict, ascending; [`Self::probabilities`] follows this order.
    pub fn classes(&self) -> &[usize] {
        &self.classes
    }

    /// The probability of each class in [`Self::classes`] for one row; they sum to 1.
    pub fn probabilities(&self, x: &[f32]) -> Vec<f64> {
        assert_eq!(x.len(), self.dim, "row length differs from training");
        let row: Vec<f64> = x.iter().map(|&v| v as f64).collect();
        let mut z = scores(&self.params, &row, self.classes.len(), self.dim);
        softmax(&mut z);
        z
    }

    /// The most probable class and its probability (ties go to the lower class id).
    pub fn predict(&self, x: &[f32]) -> (usize, f64) {
        let p = self.probabilities(x);
        let best = argmax(&p);
        (self.classes[best], p[best])
    }
}

/// Splits rows into `k` folds for cross-validation by `group` (rows of one group stay in one
/// fold): groups are ordered by their first row and dealt out in turn, so every fold gets a
/// share. With each row its own group and rows sorted by label, this is a stratified split.
/// Returns each row's fold, in `0..k`.
pub fn folds(groups: &[usize], k: usize) -> Vec<usize> {
    let k = k.max(1);
    let mut seen: Vec<usize> = Vec::new();
    groups
        .iter()
        .map(|g| match seen.iter().position(|s| s == g) {
            Some(i) => i % k,
            None => {
                seen.push(*g);
                (seen.len() - 1) % k
            }
        })
        .collect()
}

/// The temperature `T` (from a geometric grid between 0.1 and 20) that minimises the negative
/// log-likelihood of the gold labels under [`tempered`] probabilities: probabilities that are
/// too sure get `T > 1`, too timid `T < 1`. `probs` are rows of class probabilities.
pub fn fit_temperature(probs: &[Vec<f64>], gold: &[usize]) -> f64 {
    let grid = (0..=80).map(|i| 0.1 * 200f64.powf(i as f64 / 80.0));
    temperature::fit(probs, gold, grid, Scaling::Softmax)
}

/// `softmax(log(p) / t)`, the scaling [`fit_temperature`] fits; zero probabilities stay zero.
pub fn tempered(p: &[f64], t: f64) -> Vec<f64> {
    Scaling::Softmax.apply(p, t)
}

fn scores(params: &[f64], row: &[f64], k: usize, dim: usize) -> Vec<f64> {
    (0..k)
        .map(|c| {
            let w = &params[c * (dim + 1)..(c + 1) * (dim + 1)];
            w[dim] + dot(&w[..dim], row)
        })
        .collect()
}

/// The weighted, penalised log-loss per unit weight, and its gradient into `grad`.
#[allow(clippy::too_many_arguments)]
fn objective(
    p: &[f64],
    grad: &mut [f64],
    rows: &[Vec<f64>],
    y: &[usize],
    weight: &[f64],
    k: usize,
    dim: usize,
    penalty: f64,
) -> f64 {
    grad.iter_mut().for_each(|g| *g = 0.0);
    let mut loss = 0.0;
    let mut total = 0.0;
    for (row, &yc) in rows.iter().zip(y) {
        let w = weight[yc];
        total += w;
        let mut z = scores(p, row, k, dim);
        let zy = z[yc];
        loss += w * (softmax(&mut z) - zy);
        for (c, prob) in z.iter().enumerate() {
            let r = w * (prob - if c == yc { 1.0 } else { 0.0 });
            let g = &mut grad[c * (dim + 1)..(c + 1) * (dim + 1)];
            g[..dim].iter_mut().zip(row).for_each(|(gi, xi)| *gi += r * xi);
            g[dim] += r;
        }
    }
    for c in 0..k {
        for j in 0..dim {
            let i = c * (dim + 1) + j;
            loss += 0.5 * penalty * p[i] * p[i];
            grad[i] += penalty * p[i];
        }
    }
    grad.iter_mut().for_each(|g| *g /= total);
    loss / total
}

/// Minimises a smooth function by L-BFGS (memory 10) with a backtracking Armijo line search.
/// Returns the minimiser and the iterations taken.
fn lbfgs(
    f: impl Fn(&[f64], &mut [f64]) -> f64,
    mut x: Vec<f64>,
    max_iter: usize,
    tol: f64,
) -> (Vec<f64>, usize) {
    const MEMORY: usize = 10;
    let n = x.len();
    let mut g = vec![0.0; n];
    let mut fx = f(&x, &mut g);
    let mut history: std::collections::VecDeque<(Vec<f64>, Vec<f64>, f64)> = Default::default();
    let (mut x_new, mut g_new) = (vec![0.0; n], vec![0.0; n]);
    for iter in 0..max_iter {
        if g.iter().all(|v| v.abs() < tol) {
            return (x, iter);
        }
        // Two-loop recursion: d = −H·g.
        let mut d: Vec<f64> = g.iter().map(|v| -v).collect();
        let mut alphas = Vec::with_capacity(history.len());
        for (s, yv, rho) in history.iter().rev() {
            let a = rho * dot(s, &d);
            d.iter_mut().zip(yv).for_each(|(di, yi)| *di -= a * yi);
            alphas.push(a);
        }
        let gamma = match history.back() {
            Some((s, yv, _)) => dot(s, yv) / dot(yv, yv),
            None => 1.0 / dot(&g, &g).sqrt().max(1e-12),
        };
        d.iter_mut().for_each(|di| *di *= gamma);
        for ((s, yv, rho), a) in history.iter().zip(alphas.iter().rev()) {
            let b = rho * dot(yv, &d);
            d.iter_mut().zip(s).for_each(|(di, si)| *di += (a - b) * si);
        }
        let mut slope = dot(&g, &d);
        if slope >= 0.0 {
            // Not a descent direction: restart from steepest descent.
            history.clear();
            d = g.iter().map(|v| -v).collect();
            slope = dot(&g, &d);
        }
        let mut step = 1.0;
        let f_new = loop {
            x_new
                .iter_mut()
                .zip(&x)
                .zip(&d)
                .for_each(|((xn, xi), di)| *xn = xi + step * di);
            let f_try = f(&x_new, &mut g_new);
            if f_try <= fx + 1e-4 * step * slope || step < 1e-20 {
                break f_try;
            }
            step *= 0.5;
        };
        let s: Vec<f64> = x_new.iter().zip(&x).map(|(a, b)| a - b).collect();
        let yv: Vec<f64> = g_new.iter().zip(&g).map(|(a, b)| a - b).collect();
        let sy = dot(&s, &yv);
        let progress = fx - f_new;
        std::mem::swap(&mut x, &mut x_new);
        std::mem::swap(&mut g, &mut g_new);
        fx = f_new;
        if sy > 1e-12 {
            if history.len() == MEMORY {
                history.pop_front();
            }
            history.push_back((s, yv, 1.0 / sy));
        }
        if progress.abs() <= 1e-15 * fx.abs().max(1.0) && step < 1e-10 {
            return (x, iter + 1);
        }
    }
    (x, max_iter)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn fit(x: &[Vec<f32>], y: &[usize], opts: &Options) -> Classifier {
        let rows: Vec<&[f32]> = x.iter().map(|r| r.as_slice()).collect();
        Classifier::fit(&rows, y, opts)
    }

    /// Three well-separated clusters in 2-d, with a tiny deterministic jitter.
    fn clusters() -> (Vec<Vec<f32>>, Vec<usize>) {
        let centres = [(3.0, 0.0), (-3.0, 0.0), (0.0, 3.0)];
        let (mut x, mut y) = (Vec::new(), Vec::new());
        for (c, (cx, cy)) in centres.iter().enumerate() {
            for i in 0..10 {
                let t = i as f32 * 0.7;
                x.push(vec![cx + 0.3 * t.sin(), cy + 0.3 * t.cos()]);
                y.push(c + 5);
            }
        }
        (x, y)
    }

    #[test]
    fn folds_keep_groups_together_and_use_every_fold() {
        let f = folds(&[7, 7, 3, 9, 3, 1], 3);
        assert_eq!(f[0], f[1]);
        assert_eq!(f[2], f[4]);
        let mut used = f.clone();
        used.sort_unstable();
        used.dedup();
        assert_eq!(used, vec![0, 1, 2]);
    }

    #[test]
    fn temperature_softens_overconfident_probabilities() {
        // Right only 60% of the time, yet always 99% sure: the fit must soften (T > 1).
        let sure = vec![0.99, 0.01];
        let probs = vec![sure; 10];
        let gold = [0, 0, 0, 0, 0, 0, 1, 1, 1, 1];
        let t = fit_temperature(&probs, &gold);
        assert!(t > 1.5, "T = {t}");
        let p = tempered(&probs[0], t);
        assert!((p[0] - 0.6).abs() < 0.05, "{p:?}");
        // And timid but always right probabilities are sharpened (T < 1).
        let timid = vec![vec![0.6, 0.4]; 10];
        assert!(fit_temperature(&timid, &[0; 10]) < 1.0);
    }

    #[test]
    fn separable_clusters_are_learned_and_probabilities_sum_to_one() {
        let (x, y) = clusters();
        let model = fit(&x, &y, &Options::default());
        assert_eq!(model.classes(), &[5, 6, 7]);
        for (row, &label) in x.iter().zip(&y) {
            let p = model.probabilities(row);
            assert!((p.iter().sum::<f64>() - 1.0).abs() < 1e-9);
            assert_eq!(model.predict(row).0, label);
        }
        assert!(model.iterations < 1000, "did not converge");
        assert_eq!(model.predict(&[2.5, 0.2]).0, 5);
        assert_eq!(model.predict(&[0.1, 2.0]).0, 7);
    }

    #[test]
    fn the_gradient_vanishes_at_the_fit() {
        let (x, y) = clusters();
        let model = fit(
            &x,
            &y,
            &Options {
                c: 0.1,
                ..Options::default()
            },
        );
        let rows: Vec<Vec<f64>> = x.iter().map(|r| r.iter().map(|&v| v as f64).collect()).collect();
        let yi: Vec<usize> = y.iter().map(|c| c - 5).collect();
        let mut g = vec![0.0; model.params.len()];
        objective(&model.params, &mut g, &rows, &yi, &[1.0; 3], 3, 2, 10.0);
        assert!(g.iter().all(|v| v.abs() < 1e-5), "{g:?}");
    }

    #[test]
    fn balanced_weights_shift_the_decision_towards_the_rare_class() {
        // 1-d: 20 rows of class 0 around −1, 2 rows of class 1 around +1, strong penalty.
        let mut x: Vec<Vec<f32>> = (0..20).map(|i| vec![-1.0 + 0.01 * i as f32]).collect();
        x.extend([vec![1.0], vec![1.1]]);
        let mut y = vec![0; 20];
        y.extend([1, 1]);
        let opts = Options {
            c: 0.05,
            ..Options::default()
        };
        let plain = fit(
            &x,
            &y,
            &Options {
                balanced: false,
                ..opts
            },
        );
        let balanced = fit(&x, &y, &opts);
        let p_plain = plain.probabilities(&[0.2])[1];
        let p_bal = balanced.probabilities(&[0.2])[1];
        assert!(p_bal > p_plain + 0.1, "balanced {p_bal} vs plain {p_plain}");
        assert_eq!(plain.predict(&[0.2]).0, 0);
        assert_eq!(balanced.predict(&[0.2]).0, 1);
    }

    #[test]
    fn fitting_is_deterministic_and_one_class_is_always_predicted() {
        let (x, y) = clusters();
        assert_eq!(fit(&x, &y, &Options::default()), fit(&x, &y, &Options::default()));
        let only = fit(&x[..3], &[2, 2, 2], &Options::default());
        assert_eq!(only.predict(&[9.0, 9.0]), (2, 1.0));
    }
}
