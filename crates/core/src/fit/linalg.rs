//! Small dense linear algebra for d ≤ 12 in fixed 12×12 arrays (only the leading d×d part is
//! used): Cholesky and the inverse of its factor. Written out (not nalgebra's dynamic
//! matrices) so that the fit allocates nothing per component and does the same operations in
//! the same order on every platform (plain `*` and `+`, no FMA): the CLI and the browser fit
//! the same bits.

#![allow(clippy::needless_range_loop)] // triangular index loops read best as in the textbook

use crate::feature::N_FEATURES;

pub(super) type Mat = [[f64; N_FEATURES]; N_FEATURES];

/// The lower Cholesky factor L of the leading d×d part of `a` (a = L Lᵀ), or `None` when it
/// is not positive definite.
pub(super) fn cholesky(a: &Mat, d: usize) -> Option<Mat> {
    let mut l = [[0.0; N_FEATURES]; N_FEATURES];
    for i in 0..d {
        for j in 0..=i {
            let mut s = a[i][j];
            for k in 0..j {
                s -= l[i][k] * l[j][k];
            }
            if i == j {
                if s.is_nan() || s <= 0.0 || s.is_infinite() {
                    return None;
                }
                l[i][i] = s.sqrt();
            } else {
                l[i][j] = s / l[j][j];
            }
        }
    }
    Some(l)
}

/// L⁻¹ of a lower triangular L with a positive diagonal (lower triangular too).
pub(super) fn invert_lower(l: &Mat, d: usize) -> Mat {
    let mut w = [[0.0; N_FEATURES]; N_FEATURES];
    for c in 0..d {
        w[c][c] = 1.0 / l[c][c];
        for i in c + 1..d {
            let mut s = 0.0;
            for k in c..i {
                s -= l[i][k] * w[k][c];
            }
            w[i][c] = s / l[i][i];
        }
    }
    w
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn cholesky_and_inverse_of_a_known_matrix() {
        // [[4, 2], [2, 3]] = L Lᵀ with L = [[2, 0], [1, √2]].
        let mut a = [[0.0; N_FEATURES]; N_FEATURES];
        a[0][0] = 4.0;
        a[0][1] = 2.0;
        a[1][0] = 2.0;
        a[1][1] = 3.0;
        let l = cholesky(&a, 2).unwrap();
        assert_eq!((l[0][0], l[1][0]), (2.0, 1.0));
        assert!((l[1][1] - 2f64.sqrt()).abs() < 1e-15);
        let w = invert_lower(&l, 2);
        // L⁻¹ = [[1/2, 0], [-1/(2√2), 1/√2]].
        assert!((w[0][0] - 0.5).abs() < 1e-15 && (w[1][1] - 0.5f64.sqrt()).abs() < 1e-15);
        assert!((w[1][0] + 0.5 / 2f64.sqrt()).abs() < 1e-15);
        a[1][1] = 1.0; // det = 0
        assert!(cholesky(&a, 2).is_none());
    }
}
