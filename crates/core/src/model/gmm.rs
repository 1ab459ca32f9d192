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
        log_densities([self], x)[0]
    }
}

/// [`Component::log_densities`] of `P` components side by side, each for `L` detections
/// side by side: every detection gets the same operations in the same order whatever `P`
/// and `L`, so one detection alone and a batch give the same bits.
#[inline(always)]
fn log_densities<const P: usize, const L: usize>(c: [&Component; P], x: &[[f64; L]; N_FEATURES]) -> [[f64; L]; P] {
    let mut d = [[[0.0; L]; N_FEATURES]; P];
    for p in 0..P {
        for j in 0..N_FEATURES {
            for l in 0..L {
                d[p][j][l] = x[j][l] - c[p].mean[j];
            }
        }
    }
    let mut sq = [[0.0; L]; P];
    let mut y = [[[0.0; L]; 12]; P];
    seq!(J in 0..12 {
        seq!(I in J..12 {
            for p in 0..P {
                for l in 0..L {
                    y[p][I][l] += c[p].whiten[I][J] * d[p][J][l];
                }
            }
        });
    });
    seq!(I in 0..12 {
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
        let (mut best, mut top) = ([0; L], [f64::NEG_INFINITY; L]);
        let mut keep = |k: usize, ll: [f64; L]| {
            for l in 0..L {
                if ll[l] > top[l] {
                    (best[l], top[l]) = (k, ll[l]);
                }
            }
        };
        let groups = self.components.chunks_exact(2);
        let rest = groups.remainder();
        for (i, g) in groups.enumerate() {
            let ll = log_densities::<2, L>(std::array::from_fn(|p| &g[p]), x);
            for p in 0..2 {
                keep(2 * i + p, ll[p]);
            }
        }
        let first = self.components.len() - rest.len();
        for (i, c) in rest.iter().enumerate() {
            keep(first + i, c.log_densities(x));
        }
        best
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
