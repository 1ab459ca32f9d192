//! The per-cluster class models (METHOD.md): for each cluster and class, the mean and sample
//! covariance of the class's labelled rows in that cluster (normalised space), its
//! Moore-Penrose pseudo-inverse (`linalg::pinv_symmetric`: the same bits in the browser), and the squared Mahalanobis distance as a quadratic logit
//! (A = pinv, b = -2 A m, c = mᵀ A m); fewer labelled rows than features → the class is absent.

use super::linalg::{pinv_symmetric, Mat};
use super::samples::Samples;
use crate::class::{Class, N_CLASSES};
use crate::feature::N_FEATURES;
use crate::model::Quadratic;
use serde::{Deserialize, Serialize};

/// A class needs at least this many labelled rows per feature used in a cluster (METHOD.md:
/// fewer labelled detections than features → absent).
pub const MIN_ROWS_PER_FEATURE: usize = 1;

/// Class models of every cluster, in the 12-feature form of `model.json`.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct ClassModels {
    /// Per cluster, per class ([`Class::ALL`] order): `None` = absent.
    pub classes: Vec<[Option<Quadratic>; N_CLASSES]>,
    /// Labelled rows per cluster and class.
    pub counts: Vec<[usize; N_CLASSES]>,
}

/// Builds the class models. `clusters[i]` and `labels[i]` belong to row `i` of `x`; rows
/// without a label are skipped. `used[j]` is the feature index (in the 12) of column `j` of
/// `x`; the other features get zero rows and columns in A and zero in b.
pub fn class_models(
    x: &Samples,
    clusters: &[usize],
    labels: &[Option<Class>],
    k: usize,
    used: &[usize],
) -> ClassModels {
    let d = x.d();
    let mut members: Vec<Vec<Vec<usize>>> = vec![vec![Vec::new(); N_CLASSES]; k];
    for (i, (&c, l)) in clusters.iter().zip(labels).enumerate() {
        if let Some(l) = l {
            members[c][l.index()].push(i);
        }
    }
    let mut out = ClassModels {
        classes: Vec::with_capacity(k),
        counts: Vec::with_capacity(k),
    };
    for rows in &members {
        out.counts.push(std::array::from_fn(|c| rows[c].len()));
        out.classes.push(std::array::from_fn(|c| {
            let idx = &rows[c];
            if idx.len() < MIN_ROWS_PER_FEATURE * d || idx.len() < 2 {
                return None;
            }
            let n = idx.len() as f64;
            let mean: Vec<f64> = (0..d)
                .map(|j| idx.iter().map(|&i| x.row(i)[j]).sum::<f64>() / n)
                .collect();
            let mut cov: Mat = [[0.0; N_FEATURES]; N_FEATURES];
            for a in 0..d {
                for b in 0..d {
                    cov[a][b] = idx
                        .iter()
                        .map(|&i| (x.row(i)[a] - mean[a]) * (x.row(i)[b] - mean[b]))
                        .sum::<f64>()
                        / (n - 1.0);
                }
            }
            let p = pinv_symmetric(&cov, d);
            let mut a = [[0.0; N_FEATURES]; N_FEATURES];
            let mut m = [0.0; N_FEATURES];
            for (i, &fi) in used.iter().enumerate() {
                m[fi] = mean[i];
                for (j, &fj) in used.iter().enumerate() {
                    a[fi][fj] = p[i][j];
                }
            }
            Some(Quadratic::mahalanobis(&m, &a))
        }));
    }
    out
}

/// The classes with labelled rows but a model in no cluster (too few rows everywhere).
pub(super) fn absent_everywhere(m: &ClassModels) -> Vec<Class> {
    let labelled = |c: Class| m.counts.iter().any(|n| n[c.index()] > 0);
    Class::ALL
        .into_iter()
        .filter(|&c| labelled(c) && m.classes.iter().all(|cl| cl[c.index()].is_none()))
        .collect()
}
