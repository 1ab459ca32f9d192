//! The per-cluster class model: quadratic logits (differences of squared Mahalanobis distances)
//! turned into class probabilities by a softmax over the classes present in the cluster.

use crate::class::{ClassProbs, N_CLASSES};
use crate::feature::{FeatureVector, N_FEATURES};
use super::accurate::dot2;
use super::batch::CHUNK;
use serde::{Deserialize, Serialize};
use seq_macro::seq;

const _: () = assert!(N_FEATURES == 12, "the unrolled loops below assume 12 features");

/// Monomials of degree ≤ 2 in 12 variables: d_i d_j (i ≤ j), d_i, 1.
const N_TERMS: usize = N_FEATURES * (N_FEATURES + 1) / 2 + N_FEATURES + 1;

/// logit(x) = -(xᵀ A x + b·x + c) for one class of one cluster.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct Quadratic {
    /// Symmetric 12×12 matrix A.
    pub quadratic: [[f64; N_FEATURES]; N_FEATURES],
    /// Linear term b.
    pub linear: FeatureVector,
    /// Constant c.
    pub constant: f64,
}

impl Quadratic {
    /// The squared Mahalanobis distance (x - m)ᵀ P (x - m) as a quadratic, from a class mean
    /// and the pseudo-inverse P of its covariance (the method's definition of q_c).
    pub fn mahalanobis(mean: &FeatureVector, pinv: &[[f64; N_FEATURES]; N_FEATURES]) -> Quadratic {
        let pm: FeatureVector = std::array::from_fn(|i| (0..N_FEATURES).map(|j| pinv[i][j] * mean[j]).sum());
        Quadratic {
            quadratic: *pinv,
            linear: std::array::from_fn(|i| -2.0 * pm[i]),
            constant: (0..N_FEATURES).map(|i| mean[i] * pm[i]).sum(),
        }
    }

    /// Coefficients of the logit on the monomials of d = x - `centre` (d_i d_j for i ≤ j, then d_i, then 1), so
    /// that the logit is one dot product. Re-expanded about a point near the data, the terms
    /// cancel far less than about the origin; the new linear and constant coefficients are
    /// computed in twice f64 precision, as their own terms cancel.
    fn centred(&self, centre: &FeatureVector) -> [f64; N_TERMS] {
        let a = &self.quadratic;
        let mut w = [0.0; N_TERMS];
        let mut n = 0;
        for (i, ai) in a.iter().enumerate() {
            for j in i..N_FEATURES {
                w[n] = if i == j { ai[i] } else { ai[j] + a[j][i] };
                n += 1;
            }
        }
        // b'ᵢ = bᵢ + Σⱼ (Aᵢⱼ + Aⱼᵢ) cⱼ and c' = c + Σᵢ cᵢ (bᵢ + Σⱼ Aᵢⱼ cⱼ) = q(centre).
        let b = |i: usize| std::iter::once((self.linear[i], 1.0));
        let row = |i: usize| (0..N_FEATURES).map(move |j| (a[i][j], centre[j]));
        let col = |i: usize| (0..N_FEATURES).map(move |j| (a[j][i], centre[j]));
        for (i, wi) in w[n..n + N_FEATURES].iter_mut().enumerate() {
            let (hi, lo) = dot2(b(i).chain(row(i)).chain(col(i)));
            *wi = hi + lo;
        }
        let half: [(f64, f64); N_FEATURES] = std::array::from_fn(|i| dot2(b(i).chain(row(i))));
        let terms = centre.iter().zip(&half).flat_map(|(&c, &(hi, lo))| [(c, hi), (c, lo)]);
        let (hi, lo) = dot2(std::iter::once((self.constant, 1.0)).chain(terms));
        w[N_TERMS - 1] = hi + lo;
        w.map(|v| -v)
    }
}

/// The classifier of one GMM cluster: the classes with labelled detections there.
#[derive(Clone, Debug, PartialEq)]
pub struct ClusterClassifier {
    /// `None` = class absent from this cluster (probability exactly 0).
    pub classes: [Option<Quadratic>; N_CLASSES],
    /// The point the logits are expanded about (the cluster's mean).
    centre: FeatureVector,
    /// Per monomial, the coefficient of every class (0 for absent classes).
    coef: Box<[[f64; N_CLASSES]; N_TERMS]>,
    /// Which classes are present (kept apart from the large `classes`).
    present: [bool; N_CLASSES],
}

impl ClusterClassifier {
    /// Builds the classifier of one cluster, evaluated about `centre` (any point: the
    /// cluster's mean is where its detections are, so where precision matters).
    pub fn new(classes: [Option<Quadratic>; N_CLASSES], centre: FeatureVector) -> ClusterClassifier {
        let mut coef = Box::new([[0.0; N_CLASSES]; N_TERMS]);
        for (c, q) in classes.iter().enumerate() {
            for (t, w) in q.iter().flat_map(|q| q.centred(&centre)).enumerate() {
                coef[t][c] = w;
            }
        }
        let present = classes.each_ref().map(Option::is_some);
        ClusterClassifier { classes, centre, coef, present }
    }

    fn present(&self) -> impl Iterator<Item = usize> + '_ {
        (0..N_CLASSES).filter(|&c| self.present[c])
    }

    /// Logits of the present classes (`-inf` for absent ones).
    pub fn logits(&self, x: &FeatureVector) -> ClassProbs {
        self.logits_lanes(&x.map(|v| [v])).map(|[l]| l)
    }

    /// [`ClusterClassifier::logits`] of `L` detections side by side, feature-major in and
    /// class-major out: each detection gets the same operations in the same order, so one
    /// detection alone (`L` = 1) and a batch give the same bits.
    #[inline(always)]
    pub(super) fn logits_lanes<const L: usize>(&self, x: &[[f64; L]; N_FEATURES]) -> [[f64; L]; N_CLASSES] {
        // Explicit loops throughout: `array::map`/`from_fn` on arrays this size are not
        // always inlined, and would then lose the caller's target features.
        let mut d = [[0.0; L]; N_FEATURES];
        for j in 0..N_FEATURES {
            for l in 0..L {
                d[j][l] = x[j][l] - self.centre[j];
            }
        }
        // The monomials d_i d_j (i ≤ j), d_i, 1.
        let mut m = [[1.0; L]; N_TERMS];
        let mut t = 0;
        seq!(I in 0..12 {
            seq!(J in I..12 {
                for l in 0..L {
                    m[t][l] = d[I][l] * d[J][l];
                }
                t += 1;
            });
        });
        m[t..t + N_FEATURES].copy_from_slice(&d);
        // Each logit is the constant term, then the other terms added in order; the 10
        // classes' accumulators (10 × `L` values) stay in registers.
        let coef = &*self.coef;
        let mut acc = [[0.0; L]; N_CLASSES];
        for (a, &w) in acc.iter_mut().zip(&coef[N_TERMS - 1]) {
            *a = [w; L];
        }
        for t in 0..N_TERMS - 1 {
            let (w, mt) = (&coef[t], &m[t]);
            for c in 0..N_CLASSES {
                for l in 0..L {
                    acc[c][l] += w[c] * mt[l];
                }
            }
        }
        let mut logit = [[f64::NEG_INFINITY; L]; N_CLASSES];
        for c in 0..N_CLASSES {
            if self.present[c] {
                logit[c] = acc[c];
            }
        }
        logit
    }

    /// [`ClusterClassifier::probabilities`] of any number of detections from their logits,
    /// class-major (`logit[c][i]` → `p[c][i]`; `arg` is scratch at least as long): the same
    /// operations in the same order per detection, so the same bits, in loops over
    /// detections that vectorise.
    #[inline(always)]
    pub(super) fn softmax_columns(&self, logit: [&[f64]; N_CLASSES], p: &mut [&mut [f64]; N_CLASSES], arg: &mut [f64]) {
        let n = logit[0].len();
        let arg = &mut arg[..n];
        let mut max = [f64::NEG_INFINITY; CHUNK];
        let mut sum = [0.0; CHUNK];
        assert!(n <= CHUNK, "at most {CHUNK} detections at a time");
        let (max, sum) = (&mut max[..n], &mut sum[..n]);
        for lc in logit {
            for (m, &v) in max.iter_mut().zip(lc) {
                // f64::max skips NaN, as `probabilities` does.
                *m = m.max(v);
            }
        }
        for c in 0..N_CLASSES {
            if !self.present[c] {
                p[c].fill(0.0);
                continue;
            }
            for ((a, &l), &m) in arg.iter_mut().zip(logit[c]).zip(&*max) {
                *a = l - m;
            }
            super::lanes::exp_into(arg, p[c]);
            for ((v, &l), s) in p[c].iter_mut().zip(logit[c]).zip(sum.iter_mut()) {
                *v = if l.is_nan() { 0.0 } else { *v };
                *s += *v;
            }
        }
        for pc in p.iter_mut() {
            for (v, &s) in pc.iter_mut().zip(&*sum) {
                *v /= s;
            }
        }
        let n_present = self.present().count();
        for (i, m) in max.iter().enumerate() {
            if !m.is_finite() {
                // Every present logit overflowed alike: nothing distinguishes them.
                for (c, pc) in p.iter_mut().enumerate() {
                    pc[i] = if self.present[c] { 1.0 / n_present as f64 } else { 0.0 };
                }
            }
        }
    }

    /// Class probabilities: softmax of the logits in log space; absent classes get exactly 0.
    pub fn probabilities(&self, x: &FeatureVector) -> ClassProbs {
        let l = self.logits(x);
        let max = l.iter().copied().filter(|v| !v.is_nan()).fold(f64::NEG_INFINITY, f64::max);
        let mut p = [0.0; N_CLASSES];
        let n_present = self.present().count();
        if n_present == 0 {
            return p;
        }
        if !max.is_finite() {
            // Every present logit overflowed alike: nothing distinguishes them.
            let share = 1.0 / n_present as f64;
            for c in self.present() {
                p[c] = share;
            }
            return p;
        }
        let mut sum = 0.0;
        for c in self.present() {
            p[c] = if l[c].is_nan() { 0.0 } else { libm::exp(l[c] - max) };
            sum += p[c];
        }
        for v in &mut p {
            *v /= sum;
        }
        p
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn eye() -> [[f64; N_FEATURES]; N_FEATURES] {
        std::array::from_fn(|i| std::array::from_fn(|j| f64::from(i == j)))
    }

    #[test]
    fn mahalanobis_quadratic_is_the_distance() {
        let mut mean = [0.0; N_FEATURES];
        mean[2] = 1.0;
        let q = Quadratic::mahalanobis(&mean, &eye());
        let mut x = [0.0; N_FEATURES];
        x[2] = 4.0;
        x[0] = 1.0;
        let cc = ClusterClassifier::new(std::array::from_fn(|i| (i == 0).then(|| q.clone())), [0.3; N_FEATURES]);
        assert!((cc.logits(&x)[0] + 10.0).abs() < 1e-12); // -(3² + 1²)
    }

    #[test]
    fn softmin_of_distances_and_absent_classes_are_zero() {
        let mut far = [0.0; N_FEATURES];
        far[0] = 3.0;
        let a = Quadratic::mahalanobis(&[0.0; N_FEATURES], &eye());
        let b = Quadratic::mahalanobis(&far, &eye());
        let mut classes: [Option<Quadratic>; N_CLASSES] = Default::default();
        classes[1] = Some(a);
        classes[4] = Some(b);
        let cc = ClusterClassifier::new(classes, [-2.0; N_FEATURES]);
        let mut x = [0.0; N_FEATURES];
        x[0] = 1.0; // q_a = 1, q_b = 4
        let p = cc.probabilities(&x);
        let expect = 1.0 / (1.0 + (-3.0f64).exp());
        assert!((p[1] - expect).abs() < 1e-15);
        assert_eq!(p.iter().filter(|v| **v == 0.0).count(), 8);
    }
}
