//! k-means as scikit-learn's `KMeans(n_init=1)` does it for `GaussianMixture`'s start:
//! greedy k-means++ seeding (2 + ln K candidates per centre), then Lloyd iterations until
//! the labels stop changing or the centres move by less than 1e-4 × the mean feature
//! variance (squared), at most 300; empty clusters take the row farthest from its centre.
//! The random numbers are ChaCha8's, not NumPy's: the same idea, not the same draws.

use super::samples::{Samples, LANES};
use crate::feature::N_FEATURES;
use rand::rngs::ChaCha8Rng;
use rand::{RngExt, SeedableRng};

const MAX_ITER: usize = 300;

/// Squared distances of every row to `c` (d values).
fn distances(x: &Samples, c: &[f64]) -> Vec<f64> {
    x.rows()
        .map(|r| r.iter().zip(c).map(|(a, b)| (a - b) * (a - b)).sum())
        .collect()
}

/// Greedy k-means++ centres.
fn seed_centres(x: &Samples, k: usize, rng: &mut ChaCha8Rng) -> Vec<Vec<f64>> {
    let n = x.n();
    let trials = 2 + (k as f64).ln() as usize;
    let mut centres = vec![x.row(rng.random_range(0..n)).to_vec()];
    let mut closest = distances(x, &centres[0]);
    let mut pot: f64 = closest.iter().sum();
    while centres.len() < k {
        let cumulative: Vec<f64> = closest
            .iter()
            .scan(0.0, |s, v| {
                *s += v;
                Some(*s)
            })
            .collect();
        let mut best: Option<(f64, usize, Vec<f64>)> = None;
        for _ in 0..trials {
            let u = rng.random::<f64>() * pot;
            let id = cumulative.partition_point(|&c| c < u).min(n - 1);
            let d = distances(x, x.row(id));
            let new: Vec<f64> = closest.iter().zip(&d).map(|(a, b)| a.min(*b)).collect();
            let p: f64 = new.iter().sum();
            if best.as_ref().is_none_or(|b| p < b.0) {
                best = Some((p, id, new));
            }
        }
        let (p, id, new) = best.expect("at least two trials");
        centres.push(x.row(id).to_vec());
        closest = new;
        pot = p;
    }
    centres
}

/// Nearest centre of every row, and its squared distance (the first of equals wins).
fn assign(x: &Samples, centres: &[Vec<f64>]) -> (Vec<usize>, Vec<f64>) {
    let d = x.d();
    let mut labels = Vec::with_capacity(x.n() + LANES);
    let mut dist = Vec::with_capacity(x.n() + LANES);
    for b in x.blocks() {
        let mut best = [0usize; LANES];
        let mut top = [f64::INFINITY; LANES];
        for (k, c) in centres.iter().enumerate() {
            let mut s = [0.0; LANES];
            for j in 0..d.min(N_FEATURES) {
                for l in 0..LANES {
                    let v = b[j][l] - c[j];
                    s[l] += v * v;
                }
            }
            for l in 0..LANES {
                if s[l] < top[l] {
                    top[l] = s[l];
                    best[l] = k;
                }
            }
        }
        labels.extend_from_slice(&best);
        dist.extend_from_slice(&top);
    }
    labels.truncate(x.n());
    dist.truncate(x.n());
    (labels, dist)
}

/// Cluster labels of every row for `k` clusters; the same seed gives the same labels.
/// Needs `x.n() >= k >= 1`.
pub fn kmeans(x: &Samples, k: usize, seed: u64) -> Vec<usize> {
    let (n, d) = (x.n(), x.d());
    assert!(k >= 1 && n >= k, "kmeans needs at least k rows");
    let mut rng = ChaCha8Rng::seed_from_u64(seed);
    let mut centres = seed_centres(x, k, &mut rng);
    let mean: Vec<f64> = (0..d)
        .map(|j| x.rows().map(|r| r[j]).sum::<f64>() / n as f64)
        .collect();
    let var: f64 = (0..d)
        .map(|j| x.rows().map(|r| (r[j] - mean[j]).powi(2)).sum::<f64>() / n as f64)
        .sum::<f64>()
        / d as f64;
    let tol = 1e-4 * var;
    let (mut labels, mut dist) = assign(x, &centres);
    for _ in 0..MAX_ITER {
        let mut sum = vec![vec![0.0; d]; k];
        let mut count = vec![0usize; k];
        for (row, &c) in x.rows().zip(&labels) {
            count[c] += 1;
            sum[c].iter_mut().zip(row).for_each(|(s, v)| *s += v);
        }
        // Empty clusters take the rows farthest from their centres, farthest first.
        let empty: Vec<usize> = (0..k).filter(|&c| count[c] == 0).collect();
        if !empty.is_empty() {
            let mut far: Vec<usize> = (0..n).collect();
            far.sort_by(|&a, &b| dist[b].total_cmp(&dist[a]).then(a.cmp(&b)));
            for (&c, &i) in empty.iter().zip(&far) {
                let old = labels[i];
                count[old] -= 1;
                sum[old].iter_mut().zip(x.row(i)).for_each(|(s, v)| *s -= v);
                count[c] = 1;
                sum[c] = x.row(i).to_vec();
            }
        }
        let mut shift = 0.0;
        for c in 0..k {
            if count[c] == 0 {
                continue;
            }
            for j in 0..d {
                let v = sum[c][j] / count[c] as f64;
                shift += (v - centres[c][j]).powi(2);
                centres[c][j] = v;
            }
        }
        let (new, new_dist) = assign(x, &centres);
        let same = new == labels;
        labels = new;
        dist = new_dist;
        if same || shift <= tol {
            break;
        }
    }
    labels
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn separates_two_obvious_groups() {
        let mut x = Vec::new();
        for i in 0..40 {
            let off = if i % 2 == 0 { 0.0 } else { 10.0 };
            x.extend([off + (i as f64) * 0.01, off - (i as f64) * 0.01]);
        }
        let s = Samples::new(2, x, &[]).unwrap();
        let l = kmeans(&s, 2, 7);
        assert!(
            l.iter().step_by(2).all(|&v| v == l[0])
                && l.iter().skip(1).step_by(2).all(|&v| v == l[1])
                && l[0] != l[1]
        );
        assert_eq!(kmeans(&s, 2, 7), l, "deterministic for a seed");
    }
}
