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

/// The classifier of one GMM cluster: the classes with labelled detections there.
#[derive(Clone, Debug, PartialEq)]
pub struct ClusterClassifier {
    /// `None` = class absent from this cluster (probability exactly 0).
    pub classes: [Option<Quadratic>; N_CLASSES],
    packed: Vec<(usize, [f64; N_TERMS])>,
}

impl ClusterClassifier {
    /// Builds the classifier of one cluster.
    pub fn new(classes: [Option<Quadratic>; N_CLASSES]) -> ClusterClassifier {
        let packed = classes.iter().enumerate().filter_map(|(i, q)| q.as_ref().map(|q| (i, q.packed()))).collect();
        ClusterClassifier { classes, packed }
    }

    /// Logits of the present classes (`-inf` for absent ones).
    pub fn logits(&self, x: &FeatureVector) -> ClassProbs {
        let m = monomials(x);
        let mut l = [f64::NEG_INFINITY; N_CLASSES];
        for (i, w) in &self.packed {
            l[*i] = w.iter().zip(&m).map(|(a, b)| a * b).sum();
        }
        l
    }

    /// Class probabilities: softmax of the logits in log space; absent classes get exactly 0.
    pub fn probabilities(&self, x: &FeatureVector) -> ClassProbs {
        let l = self.logits(x);
        let max = l.iter().copied().filter(|v| !v.is_nan()).fold(f64::NEG_INFINITY, f64::max);
        let mut p = [0.0; N_CLASSES];
        if self.packed.is_empty() {
            return p;
        }
        if !max.is_finite() {
            // Every present logit overflowed alike: nothing distinguishes them.
            let share = 1.0 / self.packed.len() as f64;
            for (i, _) in &self.packed {
                p[*i] = share;
            }
            return p;
        }
        let mut sum = 0.0;
        for (i, _) in &self.packed {
            let e = if l[*i].is_nan() { 0.0 } else { (l[*i] - max).exp() };
            p[*i] = e;
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
