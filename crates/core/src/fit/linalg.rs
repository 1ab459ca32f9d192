//! Small dense linear algebra for d ≤ 12 in fixed 12×12 arrays (only the leading d×d part is
//! used): Cholesky, the inverse of its factor, and the pseudo-inverse of a symmetric matrix
//! (cyclic Jacobi: only `+ - * /` and `sqrt`, all correctly rounded everywhere, where an SVD
//! would call the platform's `hypot` and the browser's would differ). Written out (not nalgebra's dynamic
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

/// Eigenvalues and eigenvectors (the columns of the second) of the leading d×d part of a
/// symmetric `a`, by cyclic Jacobi rotations until the off-diagonal part is negligible.
pub(super) fn symmetric_eigen(a: &Mat, d: usize) -> ([f64; N_FEATURES], Mat) {
    let mut a = *a;
    let mut v = [[0.0; N_FEATURES]; N_FEATURES];
    for i in 0..d {
        v[i][i] = 1.0;
    }
    for _sweep in 0..100 {
        let off: f64 = (0..d)
            .flat_map(|i| (0..i).map(move |j| (i, j)))
            .map(|(i, j)| a[i][j] * a[i][j])
            .sum();
        let diag: f64 = (0..d).map(|i| a[i][i] * a[i][i]).sum();
        if off <= f64::EPSILON * f64::EPSILON * diag || off == 0.0 {
            break;
        }
        for p in 0..d {
            for q in p + 1..d {
                if a[p][q] == 0.0 {
                    continue;
                }
                // The rotation that zeroes a[p][q] (Golub & Van Loan, algorithm 8.4.1).
                let theta = (a[q][q] - a[p][p]) / (2.0 * a[p][q]);
                let t = if theta.abs() > 1e150 {
                    0.5 / theta
                } else {
                    let t = 1.0 / (theta.abs() + (theta * theta + 1.0).sqrt());
                    if theta < 0.0 {
                        -t
                    } else {
                        t
                    }
                };
                let c = 1.0 / (t * t + 1.0).sqrt();
                let s = t * c;
                for k in 0..d {
                    let (akp, akq) = (a[k][p], a[k][q]);
                    a[k][p] = c * akp - s * akq;
                    a[k][q] = s * akp + c * akq;
                }
                for k in 0..d {
                    let (apk, aqk) = (a[p][k], a[q][k]);
                    a[p][k] = c * apk - s * aqk;
                    a[q][k] = s * apk + c * aqk;
                }
                for k in 0..d {
                    let (vkp, vkq) = (v[k][p], v[k][q]);
                    v[k][p] = c * vkp - s * vkq;
                    v[k][q] = s * vkp + c * vkq;
                }
            }
        }
    }
    let mut values = [0.0; N_FEATURES];
    for i in 0..d {
        values[i] = a[i][i];
    }
    (values, v)
}

/// The Moore-Penrose pseudo-inverse of the leading d×d part of a symmetric positive
/// semi-definite `a`: eigenvalues at or below d · ε · the largest (NumPy's `pinv` cut-off
/// since 1.25, and MATLAB's), and negative ones (rounding), count as zero.
pub(super) fn pinv_symmetric(a: &Mat, d: usize) -> Mat {
    let (values, v) = symmetric_eigen(a, d);
    let top = values[..d].iter().fold(0.0f64, |m, x| m.max(x.abs()));
    let cut = d as f64 * f64::EPSILON * top;
    let mut p = [[0.0; N_FEATURES]; N_FEATURES];
    for k in 0..d {
        if values[k] <= cut {
            continue;
        }
        let inv = 1.0 / values[k];
        for i in 0..d {
            let vi = v[i][k] * inv;
            for j in 0..d {
                p[i][j] += vi * v[j][k];
            }
        }
    }
    // Exactly symmetric (v_i v_j / λ and v_j v_i / λ round differently).
    for i in 0..d {
        for j in 0..i {
            let m = 0.5 * (p[i][j] + p[j][i]);
            p[i][j] = m;
            p[j][i] = m;
        }
    }
    p
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

    #[test]
    fn pseudo_inverse_of_known_matrices() {
        // Invertible: [[4, 2], [2, 3]]⁻¹ = [[3, -2], [-2, 4]] / 8.
        let mut a: Mat = [[0.0; N_FEATURES]; N_FEATURES];
        a[0] = [4.0, 2.0, 0.0, 0.0, 0.0, 0.0, 0.0, 0.0, 0.0, 0.0, 0.0, 0.0];
        a[1][0] = 2.0;
        a[1][1] = 3.0;
        let p = pinv_symmetric(&a, 2);
        for (got, want) in [(p[0][0], 3.0 / 8.0), (p[0][1], -0.25), (p[1][1], 0.5)] {
            assert!((got - want).abs() < 1e-15, "{got} vs {want}");
        }
        assert_eq!(p[0][1], p[1][0]);
        // Rank one: [[1, 1], [1, 1]]⁺ = [[1, 1], [1, 1]] / 4 (NumPy's pinv gives the same).
        let mut b: Mat = [[0.0; N_FEATURES]; N_FEATURES];
        b[0][0] = 1.0;
        b[0][1] = 1.0;
        b[1][0] = 1.0;
        b[1][1] = 1.0;
        let q = pinv_symmetric(&b, 2);
        for v in [q[0][0], q[0][1], q[1][0], q[1][1]] {
            assert!((v - 0.25).abs() < 1e-15, "{v}");
        }
        // Diagonal with a zero: diag(2, 0, 5)⁺ = diag(0.5, 0, 0.2).
        let mut c: Mat = [[0.0; N_FEATURES]; N_FEATURES];
        c[0][0] = 2.0;
        c[2][2] = 5.0;
        let r = pinv_symmetric(&c, 3);
        assert_eq!((r[0][0], r[1][1], r[2][2]), (0.5, 0.0, 0.2));
    }
}
