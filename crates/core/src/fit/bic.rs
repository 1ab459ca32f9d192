//! The Bayesian information criterion and the sweep over K (the paper's Fig. 1).

use super::mixture::{fit_mixture_in, EmOptions, MixtureFit, RunPlace};
use super::progress::{Control, FitError, FitProgress};
use super::samples::Samples;
use serde::{Deserialize, Serialize};
use std::collections::BTreeMap;

/// Free parameters of a full-covariance mixture: K d (d + 1) / 2 + K d + K - 1.
pub fn n_parameters(k: usize, d: usize) -> usize {
    k * d * (d + 1) / 2 + k * d + k - 1
}

/// BIC = -2 n ⟨ln L⟩ + p ln n, from the mean log-likelihood of `n` rows.
pub fn bic(mean_log_likelihood: f64, n: usize, k: usize, d: usize) -> f64 {
    -2.0 * n as f64 * mean_log_likelihood + n_parameters(k, d) as f64 * libm::log(n as f64)
}

/// What to sweep.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct SweepOptions {
    /// Smallest and largest K, inclusive.
    pub k_min: usize,
    pub k_max: usize,
    /// Fits per K, from seeds `em.seed`, `em.seed + 1`, … (each one k-means start).
    pub fits_per_k: usize,
    /// EM settings (`k` and `restarts` are ignored).
    pub em: EmOptions,
}

/// The fits of one K.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct SweepPoint {
    pub k: usize,
    /// Per fit (seed order): BIC, mean log-likelihood, EM iterations, converged.
    pub bic: Vec<f64>,
    pub mean_log_likelihood: Vec<f64>,
    pub n_iter: Vec<usize>,
    pub converged: Vec<bool>,
    /// Mean and sample standard deviation (0 for one fit) of the BIC.
    pub mean: f64,
    pub sd: f64,
}

/// A BIC sweep.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct Sweep {
    pub points: Vec<SweepPoint>,
    /// d(mean BIC)/dK at each K (central differences inside, one-sided at the ends, as
    /// `numpy.gradient`).
    pub gradient: Vec<f64>,
    /// The K [`suggest_k`] picks, by [`SUGGESTION_RULE`].
    pub suggested_k: usize,
    /// Per K, the fit with the best lower bound (the same as `restarts` = fits per K).
    pub best: Vec<MixtureFit>,
}

/// The rule [`suggest_k`] follows, for people.
pub const SUGGESTION_RULE: &str = "the elbow of the mean BIC curve: the K farthest below the straight line from the first to the last K (both axes scaled to [0, 1])";

/// `numpy.gradient` of equally spaced values (spacing 1).
fn gradient(y: &[f64]) -> Vec<f64> {
    let n = y.len();
    match n {
        0 => vec![],
        1 => vec![0.0],
        _ => (0..n)
            .map(|i| match i {
                0 => y[1] - y[0],
                _ if i == n - 1 => y[n - 1] - y[n - 2],
                _ => (y[i + 1] - y[i - 1]) / 2.0,
            })
            .collect(),
    }
}

/// The suggested K for mean BICs at consecutive `ks`: [`SUGGESTION_RULE`]. With fewer than 3
/// values, the K of the smallest BIC.
pub fn suggest_k(ks: &[usize], mean_bic: &[f64]) -> usize {
    let n = ks.len().min(mean_bic.len());
    if n < 3 {
        return (0..n)
            .min_by(|&a, &b| mean_bic[a].total_cmp(&mean_bic[b]))
            .map_or(0, |i| ks[i]);
    }
    let (x0, x1) = (ks[0] as f64, ks[n - 1] as f64);
    let (lo, hi) = mean_bic[..n]
        .iter()
        .fold((f64::INFINITY, f64::NEG_INFINITY), |(l, h), &v| {
            (l.min(v), h.max(v))
        });
    let span = if hi > lo { hi - lo } else { 1.0 };
    let (y0, y1) = ((mean_bic[0] - lo) / span, (mean_bic[n - 1] - lo) / span);
    let below = |i: usize| {
        let t = (ks[i] as f64 - x0) / (x1 - x0);
        (y0 + t * (y1 - y0)) - (mean_bic[i] - lo) / span
    };
    (0..n)
        .max_by(|&a, &b| below(a).total_cmp(&below(b)).then(b.cmp(&a)))
        .map_or(ks[0], |i| ks[i])
}

/// Fits every K of the range `fits_per_k` times and summarises the BIC.
pub fn sweep(
    x: &Samples,
    opt: &SweepOptions,
    progress: &mut dyn FnMut(&FitProgress) -> Control,
) -> Result<Sweep, FitError> {
    sweep_in(x, opt, 0, &Done::new(), progress)
}

/// One fit of a sweep: K and the seed's index (seed = `em.seed` + index).
pub type SweepUnit = (usize, usize);

/// Fits of a sweep already made elsewhere (another worker), by unit.
pub type Done = BTreeMap<SweepUnit, MixtureFit>;

/// Every fit of a sweep, in the order [`sweep`] makes them.
pub fn sweep_units(opt: &SweepOptions) -> Vec<SweepUnit> {
    (opt.k_min..=opt.k_max)
        .flat_map(|k| (0..opt.fits_per_k.max(1)).map(move |s| (k, s)))
        .collect()
}

fn check_range(x: &Samples, opt: &SweepOptions) -> Result<(), FitError> {
    if opt.k_min == 0 || opt.k_max < opt.k_min {
        return Err(FitError::Invalid(format!(
            "the K range {}..{} is empty",
            opt.k_min, opt.k_max
        )));
    }
    if x.n() < opt.k_max {
        return Err(FitError::TooFewRows {
            rows: x.n(),
            k: opt.k_max,
        });
    }
    Ok(())
}

/// One unit's fit, exactly as [`sweep`] makes it.
fn unit_fit(
    x: &Samples,
    opt: &SweepOptions,
    (k, s): SweepUnit,
    place: RunPlace,
    progress: &mut dyn FnMut(&FitProgress) -> Control,
) -> Result<MixtureFit, FitError> {
    let em = EmOptions {
        k,
        restarts: 1,
        seed: opt.em.seed.wrapping_add(s as u64),
        ..opt.em.clone()
    };
    fit_mixture_in(x, &em, place, progress)
}

/// Some fits of a sweep (for a sweep shared among workers: [`sweep_in`] with their results
/// as `done` gives the same bits as one sweep). Progress counts these fits only.
pub fn sweep_part(
    x: &Samples,
    opt: &SweepOptions,
    units: &[SweepUnit],
    progress: &mut dyn FnMut(&FitProgress) -> Control,
) -> Result<Done, FitError> {
    check_range(x, opt)?;
    let mut out = Done::new();
    for (i, &u) in units.iter().enumerate() {
        let place = RunPlace {
            done: i,
            total: units.len(),
        };
        out.insert(u, unit_fit(x, opt, u, place, progress)?);
    }
    Ok(out)
}

/// [`sweep`] as the first part of a run with `extra` more fits after it (for progress), using
/// the fits in `done` instead of making them again.
pub(super) fn sweep_in(
    x: &Samples,
    opt: &SweepOptions,
    extra: usize,
    done: &Done,
    progress: &mut dyn FnMut(&FitProgress) -> Control,
) -> Result<Sweep, FitError> {
    check_range(x, opt)?;
    let per = opt.fits_per_k.max(1);
    let total = (opt.k_max - opt.k_min + 1) * per + extra;
    let mut points = Vec::new();
    let mut best = Vec::new();
    for k in opt.k_min..=opt.k_max {
        let mut p = SweepPoint {
            k,
            bic: vec![],
            mean_log_likelihood: vec![],
            n_iter: vec![],
            converged: vec![],
            mean: 0.0,
            sd: 0.0,
        };
        let mut top: Option<MixtureFit> = None;
        for s in 0..per {
            let place = RunPlace {
                done: points.len() * per + s,
                total,
            };
            let mut f = match done.get(&(k, s)) {
                Some(f) => f.clone(),
                None => unit_fit(x, opt, (k, s), place, progress)?,
            };
            f.restart = s;
            p.bic.push(bic(f.mean_log_likelihood, x.n(), k, x.d()));
            p.mean_log_likelihood.push(f.mean_log_likelihood);
            p.n_iter.push(f.n_iter);
            p.converged.push(f.converged);
            let bound = f.lower_bound;
            match &mut top {
                Some(t) if bound <= t.lower_bound => t.restart_bounds.push(bound),
                _ => {
                    let mut bounds = top.map(|t| t.restart_bounds).unwrap_or_default();
                    bounds.push(bound);
                    f.restart_bounds = bounds;
                    top = Some(f);
                }
            }
        }
        let m = p.bic.len() as f64;
        p.mean = p.bic.iter().sum::<f64>() / m;
        p.sd = if p.bic.len() > 1 {
            (p.bic.iter().map(|b| (b - p.mean).powi(2)).sum::<f64>() / (m - 1.0)).sqrt()
        } else {
            0.0
        };
        points.push(p);
        best.push(top.expect("at least one fit"));
    }
    let means: Vec<f64> = points.iter().map(|p| p.mean).collect();
    let ks: Vec<usize> = points.iter().map(|p| p.k).collect();
    Ok(Sweep {
        gradient: gradient(&means),
        suggested_k: suggest_k(&ks, &means),
        points,
        best,
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn parameters_and_gradient() {
        // d = 12, K = 6: 6·78 + 72 + 5.
        assert_eq!(n_parameters(6, 12), 545);
        assert_eq!(gradient(&[1.0, 2.0, 4.0, 7.0]), [1.0, 1.5, 2.5, 3.0]);
        // FIT.md: sklearn's K = 6 fit, mean log-likelihood 20.553 on 8,756 rows: BIC -354,980.
        assert!((bic(20.553, 8756, 6, 12) + 354_980.0).abs() < 50.0);
    }

    #[test]
    fn the_elbow_rule() {
        // Falls steeply to K = 4, then slowly: the elbow is 4.
        let ks = [2, 3, 4, 5, 6, 7, 8];
        let b = [100.0, 60.0, 30.0, 27.0, 25.0, 24.0, 23.0];
        assert_eq!(suggest_k(&ks, &b), 4);
        assert_eq!(suggest_k(&[2, 3], &[5.0, 1.0]), 3);
    }
}
