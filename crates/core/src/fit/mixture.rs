//! Gaussian mixture EM with full covariances, as scikit-learn's `GaussianMixture` (FIT.md):
//! k-means responsibilities to start, `reg_covar` on every diagonal, convergence when the
//! mean log-likelihood lower bound changes by less than `tol`, `max_iter`, `n_init` restarts
//! keeping the best lower bound, a final E-step with the winning parameters.

use super::estep::{e_step, predict, Component, Sums, TRI};
use super::kmeans::kmeans;
use super::linalg::{cholesky, invert_lower, Mat};
use super::progress::{Control, FitError, FitProgress, Stage};
use super::samples::Samples;
use crate::feature::N_FEATURES;
use serde::{Deserialize, Serialize};

/// EM settings; the defaults are scikit-learn's (and the paper's random_state 42).
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct EmOptions {
    /// Number of components K.
    pub k: usize,
    /// Restarts (`n_init`): each from its own k-means start; the best lower bound wins.
    pub restarts: usize,
    /// Seed of the first restart's k-means (restart i uses seed + i).
    pub seed: u64,
    pub tol: f64,
    pub reg_covar: f64,
    pub max_iter: usize,
}

impl Default for EmOptions {
    fn default() -> EmOptions {
        EmOptions {
            k: 6,
            restarts: 1,
            seed: 42,
            tol: 1e-3,
            reg_covar: 1e-6,
            max_iter: 100,
        }
    }
}

/// A Gaussian mixture in `d` dimensions.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct Mixture {
    pub weights: Vec<f64>,
    /// K means of d values.
    pub means: Vec<Vec<f64>>,
    /// K covariances, d×d, row-major.
    pub covariances: Vec<Vec<Vec<f64>>>,
}

/// The result of [`fit_mixture`].
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct MixtureFit {
    pub mixture: Mixture,
    /// The winning restart's last lower bound (scikit-learn's `lower_bound_`: the mean
    /// log-likelihood under the parameters before the last M-step).
    pub lower_bound: f64,
    /// The mean log-likelihood of the rows under the fitted mixture (`score(X)`).
    pub mean_log_likelihood: f64,
    /// EM iterations of the winning restart (`n_iter_`), and whether it converged.
    pub n_iter: usize,
    pub converged: bool,
    /// Which restart won (0-based), and every restart's final lower bound.
    pub restart: usize,
    pub restart_bounds: Vec<f64>,
    /// The most likely component of every row under the fitted mixture (`predict(X)`; not
    /// serialised).
    #[serde(skip, default)]
    pub labels: Vec<usize>,
}

/// Which fits of a longer run this one is, for progress reports.
#[derive(Clone, Copy, Debug)]
pub(super) struct RunPlace {
    pub done: usize,
    pub total: usize,
}

type Progress<'a> = dyn FnMut(&FitProgress) -> Control + 'a;

impl Mixture {
    /// A model's mixture (12 features), e.g. the published one as a start for EM.
    pub fn from_gmm(g: &crate::model::Gmm) -> Mixture {
        Mixture {
            weights: g.weights.clone(),
            means: g.means.iter().map(|v| v.to_vec()).collect(),
            covariances: g
                .covariances
                .iter()
                .map(|c| c.iter().map(|r| r.to_vec()).collect())
                .collect(),
        }
    }

    /// Number of components.
    pub fn k(&self) -> usize {
        self.weights.len()
    }

    /// Dimension.
    pub fn d(&self) -> usize {
        self.means.first().map_or(0, Vec::len)
    }

    /// Factorises every component (Cholesky of the covariance).
    pub(super) fn components(&self) -> Result<Vec<Component>, FitError> {
        let d = self.d();
        let mut out = Vec::with_capacity(self.k());
        for (c, cov) in self.covariances.iter().enumerate() {
            let mut a: Mat = [[0.0; N_FEATURES]; N_FEATURES];
            for i in 0..d {
                for j in 0..d {
                    a[i][j] = cov[i][j];
                }
            }
            let l = cholesky(&a, d).ok_or(FitError::IllDefinedCovariance {
                k: self.k(),
                component: c,
            })?;
            let whiten = invert_lower(&l, d);
            let log_det: f64 = (0..d).map(|i| libm::log(whiten[i][i])).sum();
            let log_norm = libm::log(self.weights[c])
                - 0.5 * d as f64 * libm::log(2.0 * std::f64::consts::PI)
                + log_det;
            let mut mean = [0.0; N_FEATURES];
            mean[..d].copy_from_slice(&self.means[c]);
            out.push(Component {
                mean,
                whiten,
                log_norm,
            });
        }
        Ok(out)
    }

    /// Mean log-likelihood of `x` (log-sum-exp over components).
    pub fn mean_log_likelihood(&self, x: &Samples) -> Result<f64, FitError> {
        Ok(e_step(x, &self.components()?, false).log_lik / x.n() as f64)
    }

    /// The most likely component of every row.
    pub fn predict(&self, x: &Samples) -> Result<Vec<usize>, FitError> {
        Ok(predict(x, &self.components()?))
    }

    /// One EM iteration (E-step, then M-step): the new parameters and the lower bound (the
    /// mean log-likelihood under `self`).
    pub fn em_step(&self, x: &Samples, reg_covar: f64) -> Result<(Mixture, f64), FitError> {
        let e = e_step(x, &self.components()?, true);
        Ok((
            self.m_step(&e.sums, x.n(), reg_covar),
            e.log_lik / x.n() as f64,
        ))
    }

    /// The M-step from one-hot responsibilities (`labels`), as scikit-learn starts from k-means.
    pub(super) fn from_labels(x: &Samples, labels: &[usize], k: usize, reg_covar: f64) -> Mixture {
        let d = x.d();
        let mut count = vec![0.0; k];
        let mut sum = vec![vec![0.0; d]; k];
        for (row, &c) in x.rows().zip(labels) {
            count[c] += 1.0;
            sum[c].iter_mut().zip(row).for_each(|(s, v)| *s += v);
        }
        let nk: Vec<f64> = count.iter().map(|c| c + 10.0 * f64::EPSILON).collect();
        let means: Vec<Vec<f64>> = sum
            .iter()
            .zip(&nk)
            .map(|(s, n)| s.iter().map(|v| v / n).collect())
            .collect();
        let mut cov = vec![vec![vec![0.0; d]; d]; k];
        for (row, &c) in x.rows().zip(labels) {
            for i in 0..d {
                let di = row[i] - means[c][i];
                for j in 0..d {
                    cov[c][i][j] += di * (row[j] - means[c][j]);
                }
            }
        }
        for (c, m) in cov.iter_mut().enumerate() {
            for (i, r) in m.iter_mut().enumerate() {
                r.iter_mut().for_each(|v| *v /= nk[c]);
                r[i] += reg_covar;
            }
        }
        let n = x.n() as f64;
        Mixture {
            weights: nk.iter().map(|v| v / n).collect(),
            means,
            covariances: cov,
        }
    }

    /// The M-step from the sums of an E-step about the old means.
    fn m_step(&self, sums: &[Sums], n: usize, reg_covar: f64) -> Mixture {
        let d = self.d();
        let mut out = Mixture {
            weights: Vec::new(),
            means: Vec::new(),
            covariances: Vec::new(),
        };
        for (c, s) in sums.iter().enumerate() {
            let nk = s.r + 10.0 * f64::EPSILON;
            let old = &self.means[c];
            // μ = Σ r x / n_k; Σ r (x - μ)(x - μ)ᵀ = S2 - δ S1ᵀ - S1 δᵀ + R δ δᵀ with δ = μ - μ_old.
            let mean: Vec<f64> = (0..d).map(|i| (s.s1[i] + s.r * old[i]) / nk).collect();
            let delta: Vec<f64> = (0..d).map(|i| mean[i] - old[i]).collect();
            let mut cov = vec![vec![0.0; d]; d];
            let mut t = 0;
            for i in 0..d {
                for j in 0..=i {
                    let v = (s.s2[t] - delta[i] * s.s1[j] - s.s1[i] * delta[j]
                        + s.r * delta[i] * delta[j])
                        / nk;
                    cov[i][j] = v;
                    cov[j][i] = v;
                    t += 1;
                }
                cov[i][i] += reg_covar;
            }
            debug_assert!(t <= TRI);
            out.weights.push(nk / n as f64);
            out.means.push(mean);
            out.covariances.push(cov);
        }
        out
    }
}

/// One EM run from `start` (one restart): returns the parameters, the last lower bound,
/// the iterations and whether it converged.
fn em(
    x: &Samples,
    start: Mixture,
    opt: &EmOptions,
    restart: usize,
    place: RunPlace,
    progress: &mut Progress,
) -> Result<(Mixture, f64, usize, bool), FitError> {
    let mut m = start;
    let mut lb = f64::NEG_INFINITY;
    for it in 1..=opt.max_iter {
        let prev = lb;
        (m, lb) = m.em_step(x, opt.reg_covar)?;
        let report = FitProgress {
            stage: Stage::Em,
            fits_done: place.done,
            fits_total: place.total,
            k: m.k(),
            restart,
            iteration: it,
            lower_bound: lb,
        };
        if progress(&report) == Control::Cancel {
            return Err(FitError::Cancelled);
        }
        if (lb - prev).abs() < opt.tol {
            return Ok((m, lb, it, true));
        }
    }
    Ok((m, lb, opt.max_iter, false))
}

/// Fits a K-component mixture to `x` (`opt.restarts` k-means starts, the best kept).
pub fn fit_mixture(
    x: &Samples,
    opt: &EmOptions,
    progress: &mut Progress,
) -> Result<MixtureFit, FitError> {
    fit_mixture_in(x, opt, RunPlace { done: 0, total: 1 }, progress)
}

pub(super) fn fit_mixture_in(
    x: &Samples,
    opt: &EmOptions,
    place: RunPlace,
    progress: &mut Progress,
) -> Result<MixtureFit, FitError> {
    check(x, opt)?;
    let mut best: Option<(Mixture, f64, usize, bool, usize)> = None;
    let mut bounds = Vec::new();
    for r in 0..opt.restarts.max(1) {
        let report = FitProgress {
            stage: Stage::KMeans,
            fits_done: place.done,
            fits_total: place.total,
            k: opt.k,
            restart: r,
            iteration: 0,
            lower_bound: f64::NAN,
        };
        if progress(&report) == Control::Cancel {
            return Err(FitError::Cancelled);
        }
        let labels = kmeans(x, opt.k, opt.seed.wrapping_add(r as u64));
        let start = Mixture::from_labels(x, &labels, opt.k, opt.reg_covar);
        let (m, lb, it, conv) = em(x, start, opt, r, place, progress)?;
        bounds.push(lb);
        if best.as_ref().is_none_or(|b| lb > b.1) {
            best = Some((m, lb, it, conv, r));
        }
    }
    let (mixture, lower_bound, n_iter, converged, restart) = best.expect("at least one restart");
    finish(x, mixture, lower_bound, n_iter, converged, restart, bounds)
}

/// Runs EM from given initial parameters (scikit-learn's `weights_init`, `means_init` and
/// `precisions_init` all given): one run, no k-means.
pub fn fit_from(
    x: &Samples,
    init: &Mixture,
    opt: &EmOptions,
    progress: &mut Progress,
) -> Result<MixtureFit, FitError> {
    check(
        x,
        &EmOptions {
            k: init.k(),
            ..opt.clone()
        },
    )?;
    if init.d() != x.d() {
        return Err(FitError::Invalid(format!(
            "initial means have {} features, the rows {}",
            init.d(),
            x.d()
        )));
    }
    let (m, lb, it, conv) = em(
        x,
        init.clone(),
        opt,
        0,
        RunPlace { done: 0, total: 1 },
        progress,
    )?;
    finish(x, m, lb, it, conv, 0, vec![lb])
}

fn check(x: &Samples, opt: &EmOptions) -> Result<(), FitError> {
    if opt.k == 0 || x.n() < opt.k.max(2) {
        return Err(FitError::TooFewRows {
            rows: x.n(),
            k: opt.k,
        });
    }
    Ok(())
}

/// The final E-step with the winning parameters.
fn finish(
    x: &Samples,
    mixture: Mixture,
    lower_bound: f64,
    n_iter: usize,
    converged: bool,
    restart: usize,
    restart_bounds: Vec<f64>,
) -> Result<MixtureFit, FitError> {
    let comps = mixture.components()?;
    let mean_log_likelihood = e_step(x, &comps, false).log_lik / x.n() as f64;
    let labels = predict(x, &comps);
    Ok(MixtureFit {
        mixture,
        lower_bound,
        mean_log_likelihood,
        n_iter,
        converged,
        restart,
        restart_bounds,
        labels,
    })
}
