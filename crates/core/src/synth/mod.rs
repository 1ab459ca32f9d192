//! Deterministic synthetic detections: points sampled from the model's Gaussian mixture,
//! mapped back to raw units and clamped to each feature's physical domain, at a random sky
//! position. Cheap enough for a million-point demo catalog.

mod csv;

pub use self::csv::write_csv;

use crate::feature::{Feature, FeatureVector, N_FEATURES, RAW_COLUMNS};
use crate::model::Model;
use nalgebra::SMatrix;
use rand::rngs::ChaCha8Rng;
use rand::{RngExt, SeedableRng};
use rand_distr::StandardNormal;

/// One synthetic detection.
#[derive(Clone, Debug, PartialEq)]
pub struct SyntheticDetection {
    /// A CSC-style name from the position, `SYN Jhhmmss.s±ddmmss`.
    pub name: String,
    /// ICRS right ascension, degrees.
    pub ra: f64,
    /// ICRS declination, degrees.
    pub dec: f64,
    /// The mixture component the point was drawn from.
    pub component: usize,
    /// Raw-unit features.
    pub features: FeatureVector,
    /// var_mean_b, var_mean_h, var_mean_s (count/s) and the light curve's half-spread
    /// (max - min) / (max + min), from which the raw variability columns are made.
    light_curve: [f64; 4],
}

impl SyntheticDetection {
    /// Raw CSC columns ([`RAW_COLUMNS`] order) that derive back to [`Self::features`].
    pub fn raw_columns(&self) -> [f64; RAW_COLUMNS.len()] {
        let f = |x: Feature| self.features[x.index()];
        let [mean_b, mean_h, mean_s, spread] = self.light_curve;
        let mid_b = f(Feature::VarNewqB) * mean_b;
        [
            f(Feature::HardHm),
            f(Feature::HardHs),
            f(Feature::HardMs),
            f(Feature::PowlawGamma),
            f(Feature::BbKt),
            f(Feature::VarProbB),
            f(Feature::VarProbH),
            f(Feature::VarProbS),
            mean_b,
            mean_h,
            mean_s,
            f(Feature::VarRatioB) * mean_b,
            f(Feature::VarRatioH) * mean_h,
            f(Feature::VarRatioS) * mean_s,
            mid_b * (1.0 + spread),
            mid_b * (1.0 - spread),
        ]
    }
}

/// Packed lower triangle of a 12×12 matrix, row by row.
const PACKED: usize = N_FEATURES * (N_FEATURES + 1) / 2;

/// Draws detections from a model's mixture.
struct Sampler<'m> {
    model: &'m Model,
    /// Per component, the Cholesky factor L of the covariance (Σ = L Lᵀ), packed.
    chol: Vec<[f64; PACKED]>,
    /// Cumulative mixture weights.
    cumulative: Vec<f64>,
    rng: ChaCha8Rng,
}

impl Sampler<'_> {
    fn next(&mut self) -> SyntheticDetection {
        let gmm = &self.model.gmm;
        let u = self.rng.random::<f64>() * self.cumulative.last().expect("≥ 1 component");
        let k = self.cumulative.iter().position(|&c| u < c).unwrap_or(self.cumulative.len() - 1);
        let z: [f64; N_FEATURES] = std::array::from_fn(|_| self.rng.sample(StandardNormal));
        let (l, mu) = (&self.chol[k], &gmm.means[k]);
        let mut x = *mu;
        let mut n = 0;
        for (i, xi) in x.iter_mut().enumerate() {
            for zj in &z[..=i] {
                *xi += l[n] * zj;
                n += 1;
            }
        }
        let raw = self.model.normaliser.invert(&x);
        let features = std::array::from_fn(|i| {
            let (lo, hi) = Feature::ALL[i].domain();
            raw[i].clamp(lo, hi)
        });
        let ra = 360.0 * self.rng.random::<f64>();
        let dec = (2.0 * self.rng.random::<f64>() - 1.0).asin().to_degrees();
        let mut light_curve = [0.0; 4];
        for m in &mut light_curve[..3] {
            *m = 10f64.powf(-4.0 + 3.0 * self.rng.random::<f64>());
        }
        light_curve[3] = self.rng.random::<f64>();
        SyntheticDetection { name: csc_style_name(ra, dec), ra, dec, component: k, features, light_curve }
    }
}

/// `n` detections drawn from `model`'s mixture; the same seed gives the same detections.
pub fn sample(model: &Model, n: usize, seed: u64) -> impl Iterator<Item = SyntheticDetection> + '_ {
    let gmm = &model.gmm;
    let chol = (0..gmm.n_components())
        .map(|k| {
            let c: SMatrix<f64, N_FEATURES, N_FEATURES> = gmm.covariance(k);
            let l = c.cholesky().expect("a mixture's covariances are positive definite").l();
            let mut packed = [0.0; PACKED];
            let mut n = 0;
            for i in 0..N_FEATURES {
                for j in 0..=i {
                    packed[n] = l[(i, j)];
                    n += 1;
                }
            }
            packed
        })
        .collect();
    let cumulative = gmm
        .weights
        .iter()
        .scan(0.0, |s, w| {
            *s += w;
            Some(*s)
        })
        .collect();
    let mut s = Sampler { model, chol, cumulative, rng: ChaCha8Rng::seed_from_u64(seed) };
    (0..n).map(move |_| s.next())
}

/// `n` sky positions (degrees) that follow the coverage of the given ones: each is one of them,
/// picked at random, moved by a Gaussian offset of `jitter_deg` along RA and Dec. Synthetic
/// sets placed this way look like the catalog's sky (the Galactic plane, M31, deep fields).
/// Panics if `ra` is empty or `ra` and `dec` differ in length.
pub fn positions_near<'a>(ra: &'a [f64], dec: &'a [f64], n: usize, seed: u64, jitter_deg: f64) -> impl Iterator<Item = (f64, f64)> + 'a {
    assert!(!ra.is_empty() && ra.len() == dec.len(), "positions_near: need matching, non-empty ra and dec");
    let mut rng = ChaCha8Rng::seed_from_u64(seed);
    (0..n).map(move |_| {
        let i = rng.random_range(0..ra.len());
        let (dx, dy): (f64, f64) = (rng.sample(StandardNormal), rng.sample(StandardNormal));
        let mut d = dec[i] + jitter_deg * dy;
        let mut r = ra[i] + jitter_deg * dx / dec[i].to_radians().cos().max(0.05);
        if d.abs() > 90.0 {
            d = d.signum() * 180.0 - d;
            r += 180.0;
        }
        (r.rem_euclid(360.0), d)
    })
}

/// `SYN Jhhmmss.s±ddmmss`, truncated like CSC names.
fn csc_style_name(ra: f64, dec: f64) -> String {
    let t = (ra / 15.0 * 36_000.0) as u64; // tenths of a second of time
    let a = (dec.abs() * 3600.0) as u64; // arcseconds
    let sign = if dec < 0.0 { '-' } else { '+' };
    format!(
        "SYN J{:02}{:02}{:02}.{}{sign}{:02}{:02}{:02}",
        t / 36_000,
        t / 600 % 60,
        t / 10 % 60,
        t % 10,
        a / 3600,
        a / 60 % 60,
        a % 60
    )
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn positions_follow_the_given_ones() {
        let (ra, dec) = ([10.0, 200.0, 359.9], [41.0, -30.0, 89.9]);
        let exact: Vec<_> = positions_near(&ra, &dec, 50, 1, 0.0).collect();
        assert!(exact.iter().all(|&(r, d)| ra.iter().zip(&dec).any(|(a, b)| (a - r).abs() < 1e-12 && (b - d).abs() < 1e-12)));
        // A Gaussian offset of σ in each direction lies σ√(π/2) away on average (Rayleigh).
        let near: Vec<_> = positions_near(&ra[..1], &dec[..1], 20_000, 2, 1.0).collect();
        let mean = near.iter().map(|&(r, d)| crate::sky::angular_separation_deg(10.0, 41.0, r, d)).sum::<f64>() / near.len() as f64;
        assert!((mean - (std::f64::consts::PI / 2.0).sqrt()).abs() < 0.03, "mean offset {mean}");
        assert!(positions_near(&ra, &dec, 1000, 3, 2.0).all(|(r, d)| (0.0..360.0).contains(&r) && d.abs() <= 90.0));
    }

    #[test]
    fn names_follow_the_csc_pattern() {
        // 2CXO J004307.5-092302 is at ra 10.781298, dec -9.383954.
        assert_eq!(csc_style_name(10.781298349312351, -9.383953646551543), "SYN J004307.5-092302");
        assert_eq!(csc_style_name(359.9999, 89.99999), "SYN J235959.9+895959");
    }
}
