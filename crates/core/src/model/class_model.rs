//! The per-cluster class model: quadratic logits (differences of squared Mahalanobis distances)
//! turned into class probabilities by a softmax over the classes present in the cluster.

use crate::class::{ClassProbs, N_CLASSES};
use crate::feature::{FeatureVector, N_FEATURES};
use serde::{Deserialize, Serialize};

/// Monomials of degree ≤ 2 in 12 variables: x_i x_j (i ≤ j), x_i, 1.
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

    /// Coefficients on the monomial vector of [`monomials`], so that the logit is one dot product.
    fn packed(&self) -> [f64; N_TERMS] {
        let mut w = [0.0; N_TERMS];
        let mut n = 0;
        for i in 0..N_FEATURES {
            for j in i..N_FEATURES {
                let a = self.quadratic[i][j];
                w[n] = if i == j { a } else { a + self.quadratic[j][i] };
                n += 1;
            }
        }
        for i in 0..N_FEATURES {
            w[n + i] = self.linear[i];
        }
        w[N_TERMS - 1] = self.constant;
        w.map(|v| -v)
    }
}

/// x_i x_j (i ≤ j), then x_i, then 1.
fn monomials(x: &FeatureVector) -> [f64; N_TERMS] {
    let mut m = [0.0; N_TERMS];
    let mut n = 0;
    for i in 0..N_FEATURES {
        for j in i..N_FEATURES {
            m[n] = x[i] * x[j];
            n += 1;
        }
    }
    m[n..n + N_FEATURES].copy_from_slice(x);
    m[N_TERMS - 1] = 1.0;
    m
}

/// Classes evaluated side by side: [`N_CLASSES`] rounded up to whole SIMD registers.
const LANES: usize = N_CLASSES.div_ceil(super::SIMD_F64) * super::SIMD_F64;

/// The classifier of one GMM cluster: the classes with labelled detections there.
#[derive(Clone, Debug, PartialEq)]
pub struct ClusterClassifier {
    /// `None` = class absent from this cluster (probability exactly 0).
    pub classes: [Option<Quadratic>; N_CLASSES],
    /// Per monomial, the coefficient of every class (0 for absent classes and spare lanes).
    coef: Vec<[f64; LANES]>,
}

impl ClusterClassifier {
    /// Builds the classifier of one cluster.
    pub fn new(classes: [Option<Quadratic>; N_CLASSES]) -> ClusterClassifier {
        let mut coef = vec![[0.0; LANES]; N_TERMS];
        for (c, q) in classes.iter().enumerate() {
            for (t, w) in q.iter().flat_map(Quadratic::packed).enumerate() {
                coef[t][c] = w;
            }
        }
        ClusterClassifier { classes, coef }
    }

    fn present(&self) -> impl Iterator<Item = usize> + '_ {
        (0..N_CLASSES).filter(|&c| self.classes[c].is_some())
    }

    /// Logits of the present classes (`-inf` for absent ones). Two accumulators per class
    /// halve the dependency chains; all classes advance together (vectorisable).
    pub fn logits(&self, x: &FeatureVector) -> ClassProbs {
        let m = monomials(x);
        let (mut a, mut b) = ([0.0; LANES], [0.0; LANES]);
        for (w, mt) in self.coef.chunks_exact(2).zip(m.chunks_exact(2)) {
            for c in 0..LANES {
                a[c] += w[0][c] * mt[0];
                b[c] += w[1][c] * mt[1];
            }
        }
        if N_TERMS % 2 == 1 {
            for c in 0..LANES {
                a[c] += self.coef[N_TERMS - 1][c] * m[N_TERMS - 1];
            }
        }
        let mut l = [f64::NEG_INFINITY; N_CLASSES];
        for c in self.present() {
            l[c] = a[c] + b[c];
        }
        l
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
            let e = if l[c].is_nan() { 0.0 } else { (l[c] - max).exp() };
            p[c] = e;
            sum += e;
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
        let cc = ClusterClassifier::new(std::array::from_fn(|i| (i == 0).then(|| q.clone())));
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
        let cc = ClusterClassifier::new(classes);
        let mut x = [0.0; N_FEATURES];
        x[0] = 1.0; // q_a = 1, q_b = 4
        let p = cc.probabilities(&x);
        let expect = 1.0 / (1.0 + (-3.0f64).exp());
        assert!((p[1] - expect).abs() < 1e-15);
        assert_eq!(p.iter().filter(|v| **v == 0.0).count(), 8);
    }
}
