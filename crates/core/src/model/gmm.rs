//! Gaussian mixture with full covariances: component log-densities, responsibilities, argmax.

use crate::feature::{FeatureVector, N_FEATURES};
use nalgebra::{SMatrix, SVector};
use seq_macro::seq;

const _: () = assert!(N_FEATURES == 12, "the unrolled loops below assume 12 features");

type Mat = SMatrix<f64, N_FEATURES, N_FEATURES>;
type Vect = SVector<f64, N_FEATURES>;

/// One component, factorised for evaluation.
#[derive(Clone, Debug)]
struct Component {
    mean: FeatureVector,
    /// L⁻¹ by rows for Σ = L Lᵀ (zero above the diagonal).
    whiten: [[f64; N_FEATURES]; N_FEATURES],
    /// ln w - d/2 ln 2π + ln det(precision Cholesky).
    log_norm: f64,
}

impl Component {
    /// ln w + ln N(x | μ, Σ) = norm - ½ |L⁻¹ (x - μ)|² of `L` detections (feature-major).
    fn log_densities<const L: usize>(&self, x: &[[f64; L]; N_FEATURES]) -> [f64; L] {
        let [head] = head([self], x);
        tail([self], x, [head])[0]
    }

    /// The largest ln w + ln N(x) can be given its head (|y|² only grows as rows are added).
    #[inline(always)]
    fn bound<const L: usize>(&self, head: &[f64; L]) -> [f64; L] {
        let mut b = [0.0; L];
        for l in 0..L {
            b[l] = self.log_norm - 0.5 * head[l];
        }
        b
    }
}

/// d = x - μ of `P` components for `L` detections.
#[inline(always)]
fn centred<const P: usize, const L: usize>(c: [&Component; P], x: &[[f64; L]; N_FEATURES]) -> [[[f64; L]; N_FEATURES]; P] {
    let mut d = [[[0.0; L]; N_FEATURES]; P];
    for p in 0..P {
        for j in 0..N_FEATURES {
            for l in 0..L {
                d[p][j][l] = x[j][l] - c[p].mean[j];
            }
        }
    }
    d
}

/// y_0² + … + y_5² (the head: for the published mixture, the first six rows of
/// y = L⁻¹ (x - μ) mostly tell which components cannot win) of `P` components side by side (their independent sums
/// interleave), each for `L` detections side by side. With [`tail`], every detection gets
/// the same operations in the same order whatever `P` and `L`, so one detection alone and a
/// batch give the same bits. y = L⁻¹ d goes by columns: y_I = w_I0 d_0 + w_I1 d_1 + …
/// accumulates in row order, but the sums advance side by side; the triangle is unrolled.
#[inline(always)]
fn head<const P: usize, const L: usize>(c: [&Component; P], x: &[[f64; L]; N_FEATURES]) -> [[f64; L]; P] {
    let d = centred(c, x);
    let mut y = [[[0.0; L]; 6]; P];
    seq!(J in 0..6 {
        seq!(I in J..6 {
            for p in 0..P {
                for l in 0..L {
                    y[p][I][l] += c[p].whiten[I][J] * d[p][J][l];
                }
            }
        });
    });
    let mut sq = [[0.0; L]; P];
    seq!(I in 0..6 {
        for p in 0..P {
            for l in 0..L {
                sq[p][l] += y[p][I][l] * y[p][I][l];
            }
        }
    });
    sq
}

/// ln w + ln N(x | μ, Σ) from the [`head`]: adds y_6² + … + y_11² to it, in order.
#[inline(always)]
#[allow(clippy::eq_op, reason = "seq! writes the row of y_6 as `6 - 6`")]
fn tail<const P: usize, const L: usize>(c: [&Component; P], x: &[[f64; L]; N_FEATURES], head: [[f64; L]; P]) -> [[f64; L]; P] {
    let d = centred(c, x);
    let mut y = [[[0.0; L]; 6]; P];
    seq!(J in 0..12 {
        seq!(I in 6..12 {
            if I >= J {
                for p in 0..P {
                    for l in 0..L {
                        y[p][I - 6][l] += c[p].whiten[I][J] * d[p][J][l];
                    }
                }
            }
        });
    });
    let mut sq = head;
    seq!(I in 0..6 {
        for p in 0..P {
            for l in 0..L {
                sq[p][l] += y[p][I][l] * y[p][I][l];
            }
        }
    });
    let mut out = [[0.0; L]; P];
    for p in 0..P {
        for l in 0..L {
            out[p][l] = c[p].log_norm - 0.5 * sq[p][l];
        }
    }
    out
}

/// Offers component `k`'s value `v` to a detection whose best so far is `best` with value
/// `top`: the result is the first component with the largest value (NaN never wins), whatever
/// the order the components are offered in.
#[inline(always)]
fn offer(k: usize, v: f64, best: &mut usize, top: &mut f64) {
    let better = (v > *top) | ((v == *top) & (k < *best));
    *best = if better { k } else { *best };
    *top = if better { v } else { *top };
}

/// The argmax so far of `L` detections ([`offer`]); with nothing offered, component 0.
struct Argmax<const L: usize> {
    best: [usize; L],
    top: [f64; L],
}

impl<const L: usize> Argmax<L> {
    fn new() -> Self {
        Argmax { best: [0; L], top: [f64::NEG_INFINITY; L] }
    }

    #[inline(always)]
    fn offer(&mut self, k: usize, v: [f64; L]) {
        for ((&v, best), top) in v.iter().zip(&mut self.best).zip(&mut self.top) {
            offer(k, v, best, top);
        }
    }
}

/// What [`Gmm::predict_screened`] found for `L` detections.
pub(super) struct Screened<const L: usize> {
    /// The most likely component of each.
    pub cluster: [usize; L],
    /// Its value, ln w + ln N(x), the largest of all components'.
    pub top: [f64; L],
}

/// A fitted Gaussian mixture in the normalised feature space.
#[derive(Clone, Debug)]
pub struct Gmm {
    /// Mixing weights, summing to 1.
    pub weights: Vec<f64>,
    /// Component means.
    pub means: Vec<FeatureVector>,
    /// Component covariances (row-major 12×12).
    pub covariances: Vec<[[f64; N_FEATURES]; N_FEATURES]>,
    components: Vec<Component>,
}

/// Why a mixture could not be built.
#[derive(Debug, thiserror::Error, PartialEq)]
pub enum GmmError {
    #[error("the mixture has no components")]
    Empty,
    #[error("component {0}: {1}")]
    Component(usize, String),
}

impl Gmm {
    /// Builds a mixture; factorises each covariance once (Cholesky) so that evaluation needs
    /// no inverse, only a triangular matrix-vector product.
    pub fn new(
        weights: Vec<f64>,
        means: Vec<FeatureVector>,
        covariances: Vec<[[f64; N_FEATURES]; N_FEATURES]>,
    ) -> Result<Gmm, GmmError> {
        if weights.is_empty() {
            return Err(GmmError::Empty);
        }
        if means.len() != weights.len() || covariances.len() != weights.len() {
            return Err(GmmError::Component(0, "weights, means and covariances differ in count".into()));
        }
        let mut components = Vec::with_capacity(weights.len());
        for (k, cov) in covariances.iter().enumerate() {
            let w = weights[k];
            if !(w > 0.0 && w.is_finite()) {
                return Err(GmmError::Component(k, format!("weight {w} is not positive")));
            }
            let m = Mat::from_fn(|i, j| cov[i][j]);
            let chol = m
                .cholesky()
                .ok_or_else(|| GmmError::Component(k, "covariance is not positive definite".into()))?;
            // precision = Σ⁻¹ = L⁻ᵀ L⁻¹, so the whitening map is y = L⁻¹ (x - μ).
            let l_inv = chol
                .l()
                .solve_lower_triangular(&Mat::identity())
                .ok_or_else(|| GmmError::Component(k, "singular Cholesky factor".into()))?;
            let log_det_prec: f64 = (0..N_FEATURES).map(|i| libm::log(l_inv[(i, i)])).sum();
            let d = N_FEATURES as f64;
            let log_norm = libm::log(w) - 0.5 * d * libm::log(2.0 * std::f64::consts::PI) + log_det_prec;
            let whiten = std::array::from_fn(|i| std::array::from_fn(|j| if j <= i { l_inv[(i, j)] } else { 0.0 }));
            components.push(Component { mean: means[k], whiten, log_norm });
        }
        Ok(Gmm { weights, means, covariances, components })
    }

    /// Number of components.
    pub fn n_components(&self) -> usize {
        self.weights.len()
    }

    /// ln w_k + ln N(x | μ_k, Σ_k) of every component, in order.
    pub fn weighted_log_densities<'a>(&'a self, x: &'a FeatureVector) -> impl Iterator<Item = f64> + 'a {
        self.components.iter().map(|c| c.log_densities(&x.map(|v| [v]))[0])
    }

    /// ln w_k + ln N(x | μ_k, Σ_k).
    pub fn weighted_log_density(&self, k: usize, x: &FeatureVector) -> f64 {
        self.components[k].log_densities(&x.map(|v| [v]))[0]
    }

    /// The most likely component: argmax_k ln w_k + ln N(x | μ_k, Σ_k) (first wins ties).
    pub fn predict(&self, x: &FeatureVector) -> usize {
        self.predict_lanes(&x.map(|v| [v]))[0]
    }

    /// [`Gmm::predict`] for `L` detections side by side (feature-major).
    #[inline(always)]
    pub(super) fn predict_lanes<const L: usize>(&self, x: &[[f64; L]; N_FEATURES]) -> [usize; L] {
        let mut arg = Argmax::new();
        let pairs = self.components.chunks_exact(2);
        let rest = pairs.remainder();
        for (i, pair) in pairs.enumerate() {
            let pair = [&pair[0], &pair[1]];
            let [a, b] = tail(pair, x, head(pair, x));
            arg.offer(2 * i, a);
            arg.offer(2 * i + 1, b);
        }
        if let [last] = rest {
            arg.offer(self.components.len() - 1, last.log_densities(x));
        }
        arg.best
    }

    /// ln w_k + ln N(x | μ_k, Σ_k) of every component `k` into `out[k]`, for `L` detections
    /// side by side (feature-major): the values [`Gmm::weighted_log_densities`] gives, the
    /// same bits for any `L` (components in pairs, as [`Gmm::predict_lanes`]).
    #[inline(always)]
    pub(super) fn weighted_log_densities_lanes<const L: usize>(&self, x: &[[f64; L]; N_FEATURES], out: &mut [[f64; L]]) {
        let pairs = self.components.chunks_exact(2);
        let rest = pairs.remainder();
        for (pair, o) in pairs.zip(out.chunks_exact_mut(2)) {
            let pair = [&pair[0], &pair[1]];
            [o[0], o[1]] = tail(pair, x, head(pair, x));
        }
        if let [last] = rest {
            out[self.components.len() - 1] = last.log_densities(x);
        }
    }

    /// [`Gmm::predict_lanes`] with far fewer operations: the heads of every component
    /// (`heads`, one per component, is working memory), then only the components that can
    /// still win completed: the likely winners of the lanes (largest bound), then those whose
    /// bound reaches the best value so far in some lane. The same clusters, exactly. What it
    /// computed is kept for [`Gmm::complete_screened`]: the completed components' values
    /// in `values` (`done[k]` says which), the largest value of each lane.
    #[inline(always)]
    pub(super) fn predict_screened<const L: usize>(
        &self,
        x: &[[f64; L]; N_FEATURES],
        heads: &mut [[f64; L]],
        values: &mut [[f64; L]],
        done: &mut [bool],
    ) -> Screened<L> {
        let c = &self.components;
        let mut likely = Argmax::new();
        let pairs = c.chunks_exact(2);
        let rest = pairs.remainder();
        for (i, (pair, h)) in pairs.zip(heads.chunks_exact_mut(2)).enumerate() {
            [h[0], h[1]] = head([&pair[0], &pair[1]], x);
            likely.offer(2 * i, pair[0].bound(&h[0]));
            likely.offer(2 * i + 1, pair[1].bound(&h[1]));
        }
        if let [last] = rest {
            let k = c.len() - 1;
            [heads[k]] = head([last], x);
            likely.offer(k, last.bound(&heads[k]));
        }
        let mut arg = Argmax::new();
        for (k, (((ck, hk), vk), dk)) in c.iter().zip(&*heads).zip(values.iter_mut()).zip(done.iter_mut()).enumerate() {
            *dk = likely.best.contains(&k);
            if *dk {
                *vk = tail([ck], x, [*hk])[0];
                arg.offer(k, *vk);
            }
        }
        for (k, (((ck, hk), vk), dk)) in c.iter().zip(&*heads).zip(values.iter_mut()).zip(done.iter_mut()).enumerate() {
            let bound = ck.bound(hk);
            // NaN bounds are completed too (NaN never wins; the best value is never NaN).
            let may_win = |l: usize| bound[l] >= arg.top[l] || bound[l].is_nan();
            if !*dk && (0..L).any(may_win) {
                *vk = tail([ck], x, [*hk])[0];
                arg.offer(k, *vk);
                *dk = true;
            }
        }
        Screened { cluster: arg.best, top: arg.top }
    }

    /// After [`Gmm::predict_screened`], the values of the components it did not complete,
    /// but for those the log-sum-exp leaves out in every lane (their bound more than
    /// [`super::typical::NEGLIGIBLE`] below the lane's largest value; they get `-inf`, which
    /// it leaves out alike): with `values`, what a log-sum-exp needs to give the bits of
    /// [`super::Model::log_densities`] ([`super::typical::log_sum_columns`]).
    #[inline(always)]
    pub(super) fn complete_screened<const L: usize>(
        &self,
        x: &[[f64; L]; N_FEATURES],
        heads: &[[f64; L]],
        values: &mut [[f64; L]],
        done: &[bool],
        top: &[f64; L],
    ) {
        for (((ck, hk), vk), &dk) in self.components.iter().zip(heads).zip(values.iter_mut()).zip(done) {
            if dk {
                continue;
            }
            let bound = ck.bound(hk);
            // False for NaN: those are completed.
            let zero = |l: usize| bound[l] - top[l] < super::typical::NEGLIGIBLE;
            *vk = if (0..L).all(zero) { [f64::NEG_INFINITY; L] } else { tail([ck], x, [*hk])[0] };
        }
    }

    /// Posterior responsibilities of every component (log-sum-exp normalised).
    pub fn responsibilities(&self, x: &FeatureVector) -> Vec<f64> {
        softmax(&self.weighted_log_densities(x).collect::<Vec<_>>())
    }

    /// The covariance of component `k` as a matrix.
    pub fn covariance(&self, k: usize) -> Mat {
        Mat::from_fn(|i, j| self.covariances[k][i][j])
    }

    /// The mean of component `k` as a vector.
    pub fn mean(&self, k: usize) -> Vect {
        Vect::from_fn(|i, _| self.means[k][i])
    }

    /// sklearn's `precisions_cholesky_` of component `k` (upper triangular, = L⁻ᵀ).
    pub fn precision_cholesky(&self, k: usize) -> Mat {
        Mat::from_fn(|r, c| self.components[k].whiten[c][r])
    }
}

/// Numerically stable softmax: subtracts the maximum; `-inf` entries get exactly 0.
pub fn softmax(logits: &[f64]) -> Vec<f64> {
    let max = logits.iter().copied().fold(f64::NEG_INFINITY, f64::max);
    if !max.is_finite() {
        return vec![1.0 / logits.len() as f64; logits.len()];
    }
    let e: Vec<f64> = logits.iter().map(|&l| libm::exp(l - max)).collect();
    let s: f64 = e.iter().sum();
    e.into_iter().map(|v| v / s).collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    fn identity_cov(scale: f64) -> [[f64; N_FEATURES]; N_FEATURES] {
        std::array::from_fn(|i| std::array::from_fn(|j| if i == j { scale } else { 0.0 }))
    }

    #[test]
    fn standard_normal_density_at_mean() {
        let g = Gmm::new(vec![1.0], vec![[0.0; N_FEATURES]], vec![identity_cov(1.0)]).unwrap();
        let expect = -6.0 * (2.0 * std::f64::consts::PI).ln();
        assert!((g.weighted_log_density(0, &[0.0; N_FEATURES]) - expect).abs() < 1e-12);
        let mut x = [0.0; N_FEATURES];
        x[0] = 2.0;
        assert!((g.weighted_log_density(0, &x) - (expect - 2.0)).abs() < 1e-12);
    }

    #[test]
    fn nearest_component_wins_and_responsibilities_sum_to_one() {
        let mut m1 = [0.0; N_FEATURES];
        m1[0] = 10.0;
        let g = Gmm::new(vec![0.5, 0.5], vec![[0.0; N_FEATURES], m1], vec![identity_cov(1.0); 2]).unwrap();
        let mut x = [0.0; N_FEATURES];
        x[0] = 9.0;
        assert_eq!(g.predict(&x), 1);
        let r = g.responsibilities(&x);
        assert!((r.iter().sum::<f64>() - 1.0).abs() < 1e-15 && r[1] > 0.999);
    }

    #[test]
    fn rejects_non_positive_definite() {
        let bad = Gmm::new(vec![1.0], vec![[0.0; N_FEATURES]], vec![identity_cov(-1.0)]);
        assert!(matches!(bad, Err(GmmError::Component(0, _))));
    }
}
