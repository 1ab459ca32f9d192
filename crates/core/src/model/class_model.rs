//! The per-cluster class model: quadratic logits (differences of squared Mahalanobis distances)
//! turned into class probabilities by a softmax over the classes present in the cluster.

use crate::class::{ClassProbs, N_CLASSES};
use crate::feature::{FeatureVector, N_FEATURES};
use super::accurate::dot2;
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
    /// Per monomial, the coefficient of every varying class ([`ClusterClassifier::varying`]
    /// order; 0 in the unused columns).
    coef: Box<[[f64; N_CLASSES]; N_TERMS]>,
    /// The classes whose logit varies with x, first to last.
    varying: Vec<usize>,
    /// Per class: its logit when it does not vary (the reference class's is 0), `-inf` when
    /// absent, NaN when it varies.
    fixed: [f64; N_CLASSES],
    /// Which classes are present (kept apart from the large `classes`).
    present: [bool; N_CLASSES],
}

impl ClusterClassifier {
    /// Builds the classifier of one cluster, evaluated about `centre` (any point: the
    /// cluster's mean is where its detections are, so where precision matters).
    pub fn new(classes: [Option<Quadratic>; N_CLASSES], centre: FeatureVector) -> ClusterClassifier {
        let mut coef = Box::new([[0.0; N_CLASSES]; N_TERMS]);
        let mut varying = Vec::new();
        let mut fixed = [f64::NEG_INFINITY; N_CLASSES];
        for (c, q) in classes.iter().enumerate() {
            let Some(q) = q else { continue };
            let w = q.centred(&centre);
            if w[..N_TERMS - 1].iter().all(|&v| v == 0.0) {
                // A logit that is the same everywhere (the reference class's 0) is not summed.
                fixed[c] = w[N_TERMS - 1];
                continue;
            }
            for (t, &w) in w.iter().enumerate() {
                coef[t][varying.len()] = w;
            }
            fixed[c] = f64::NAN;
            varying.push(c);
        }
        let present = classes.each_ref().map(Option::is_some);
        ClusterClassifier { classes, centre, coef, varying, fixed, present }
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
        // As many accumulators as varying classes (the published clusters have at most 9:
        // the reference class's logit is 0), so that they stay in registers.
        let mut logit = if self.varying.len() < N_CLASSES {
            self.sums::<{ N_CLASSES - 1 }, L>(x)
        } else {
            self.sums::<N_CLASSES, L>(x)
        };
        for (lc, &fixed) in logit.iter_mut().zip(&self.fixed) {
            if !fixed.is_nan() {
                *lc = [fixed; L];
            }
        }
        logit
    }

    /// The logits of the first `A` varying classes (by class; the others' are left 0).
    #[inline(always)]
    fn sums<const A: usize, const L: usize>(&self, x: &[[f64; L]; N_FEATURES]) -> [[f64; L]; N_CLASSES] {
        // Explicit loops throughout: `array::map`/`from_fn` on arrays this size are not
        // always inlined, and would then lose the caller's target features.
        let mut d = [[0.0; L]; N_FEATURES];
        for j in 0..N_FEATURES {
            for l in 0..L {
                d[j][l] = x[j][l] - self.centre[j];
            }
        }
        // The monomials d_i d_j (i ≤ j), d_i; the last term's, 1, is the accumulators' start.
        // (Every element is written below, so the zeros are not stored; a fill with ones
        // was, by AVX-512 scatters, costing as much as the monomials.)
        let mut m = [[0.0; L]; N_TERMS - 1];
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
        // Each logit is the constant term, then the other terms added in order; the
        // accumulators (`A` × `L` values) stay in registers.
        let coef = &*self.coef;
        let mut acc = [[0.0; L]; A];
        for (a, &w) in acc.iter_mut().zip(&coef[N_TERMS - 1]) {
            *a = [w; L];
        }
        for t in 0..N_TERMS - 1 {
            let (w, mt) = (&coef[t], &m[t]);
            for a in 0..A {
                for l in 0..L {
                    acc[a][l] += w[a] * mt[l];
                }
            }
        }
        let mut logit = [[0.0; L]; N_CLASSES];
        for (a, &c) in self.varying.iter().enumerate().take(A) {
            logit[c] = acc[a];
        }
        logit
    }

    /// The probabilities when no logit can be told from another (all of them infinite or
    /// NaN): equal shares of the present classes.
    pub(super) fn uniform(&self) -> ClassProbs {
        let share = 1.0 / self.present().count() as f64;
        self.present.map(|p| if p { share } else { 0.0 })
    }

    /// Class probabilities: softmax of the logits in log space; absent classes get exactly 0.
    pub fn probabilities(&self, x: &FeatureVector) -> ClassProbs {
        let l = self.logits(x);
        let max = l.iter().copied().filter(|v| !v.is_nan()).fold(f64::NEG_INFINITY, f64::max);
        if !max.is_finite() {
            // Every present logit overflowed alike (or none is present).
            return self.uniform();
        }
        let mut p = [0.0; N_CLASSES];
        let mut sum = 0.0;
        for c in self.present() {
            p[c] = if l[c].is_nan() { 0.0 } else { super::lanes::exp(l[c] - max) };
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
