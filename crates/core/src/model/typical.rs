//! How typical a detection is, as far as the batch kernel ([`super::batch`]) computes it
//! beside its classification ([`Typicality`]): the mixture's log-density, and how unsure the
//! class model is (entropy, top-two margin). One row's functions, and their column forms over
//! a chunk's probability columns with the same operations in the same order, so both give
//! the same bits.

use super::lanes;
use crate::class::{ClassProbs, N_CLASSES};

/// The per-row values of the novelty columns that depend on the row alone.
#[derive(Clone, Copy, Debug, Default, PartialEq)]
pub struct Typicality {
    /// ln p(x) under the mixture ([`super::Model::log_densities`], same bits).
    pub log_density: f64,
    /// [`entropy`] of the class probabilities.
    pub entropy: f64,
    /// [`margin`] of the class probabilities.
    pub margin: f64,
}

/// Shannon entropy -Σ p ln p of the class probabilities, in nats (0 = certain; ln 10 ≈ 2.303
/// at most, all ten equal); zero probabilities contribute nothing. `ln` is libm's, the same
/// bits natively and in the browser (the CLI and upload CSVs must agree byte for byte). The
/// sum starts at -0.0 (as `Iterator::sum`), so a certain row's entropy is -0.0.
pub fn entropy(p: &ClassProbs) -> f64 {
    -p.iter()
        .filter(|&&v| v > 0.0)
        .map(|&v| v * libm::log(v))
        .sum::<f64>()
}

/// The largest class probability minus the second largest (0 = a tie, 1 = certain).
pub fn margin(p: &ClassProbs) -> f64 {
    let (mut a, mut b) = (f64::NEG_INFINITY, f64::NEG_INFINITY);
    for &v in p {
        if v > a {
            b = a;
            a = v;
        } else if v > b {
            b = v;
        }
    }
    a - b
}

/// ln Σ_k exp(value_k) of rows given by component columns (`values[k][i]`) with each row's
/// largest value `top[i]`, into `out`: the operations of [`super::Model::log_densities`] in
/// its order (terms value - top, their exponentials summed in component order, top + ln of
/// the sum; a row whose top is not finite gets its top), so the same bits. `arg` and `sum`
/// are working memory.
#[inline(always)]
pub(super) fn log_sum_columns<const C: usize>(
    values: &[[f64; C]],
    top: &[f64],
    [arg, sum]: [&mut [f64]; 2],
    out: &mut [f64],
) {
    let n = top.len();
    let (arg, sum, out) = (&mut arg[..n], &mut sum[..n], &mut out[..n]);
    sum.fill(0.0);
    for vk in values {
        for ((a, &v), &t) in arg.iter_mut().zip(&vk[..n]).zip(top) {
            *a = v - t;
        }
        // The exponentials in `out`, added to the sums.
        lanes::exp_into(arg, out);
        for (s, &e) in sum.iter_mut().zip(&*out) {
            *s += e;
        }
    }
    lanes::ln_into(sum, out);
    for (o, &t) in out.iter_mut().zip(top) {
        *o = if t.is_finite() { t + *o } else { t };
    }
}

/// [`entropy`] and [`margin`] of `n` rows given by class columns (`prob[c][i]`), into
/// `entropy[..n]` and `margin[..n]`; `arg` and `ln` are working memory. Loops over rows,
/// which vectorise; `ln` from [`lanes::ln_into`] (libm's bits).
#[inline(always)]
pub(super) fn columns(
    prob: &[Vec<f64>; N_CLASSES],
    n: usize,
    [arg, ln]: [&mut [f64]; 2],
    entropy: &mut [f64],
    margin: &mut [f64],
) {
    let (arg, ln, entropy, margin) = (
        &mut arg[..n],
        &mut ln[..n],
        &mut entropy[..n],
        &mut margin[..n],
    );
    // The sum as `entropy` adds it (from -0.0, skipping zeros), then negated.
    entropy.fill(-0.0);
    for pc in prob {
        let pc = &pc[..n];
        // Zeros (absent classes) would send every column to libm's ln(0); their terms are
        // skipped, so any positive value will do in their place.
        for (a, &p) in arg.iter_mut().zip(pc) {
            *a = if p > 0.0 { p } else { 1.0 };
        }
        lanes::ln_into(arg, ln);
        for ((e, &p), &l) in entropy.iter_mut().zip(pc).zip(&*ln) {
            *e = if p > 0.0 { *e + p * l } else { *e };
        }
    }
    entropy.iter_mut().for_each(|e| *e = -*e);
    // The top two, as `margin` finds them; `ln` holds the second.
    let (top, second) = (margin, ln);
    top.fill(f64::NEG_INFINITY);
    second.fill(f64::NEG_INFINITY);
    for pc in prob {
        for ((a, b), &v) in top.iter_mut().zip(second.iter_mut()).zip(&pc[..n]) {
            let above = v > *a;
            *b = if above {
                *a
            } else if v > *b {
                v
            } else {
                *b
            };
            *a = if above { v } else { *a };
        }
    }
    for (a, &b) in top.iter_mut().zip(&*second) {
        *a -= b;
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn entropy_and_margin() {
        let mut p = [0.0; 10];
        p[3] = 1.0;
        assert_eq!(entropy(&p), 0.0);
        assert_eq!(margin(&p), 1.0);
        let u = [0.1; 10];
        assert!((entropy(&u) - 10f64.ln()).abs() < 1e-12);
        assert!(margin(&u).abs() < 1e-15);
        let mut q = [0.0; 10];
        (q[0], q[4]) = (0.25, 0.75);
        assert!((entropy(&q) - (-(0.25f64 * 0.25f64.ln()) - 0.75 * 0.75f64.ln())).abs() < 1e-15);
        assert_eq!(margin(&q), 0.5);
    }

    /// The column forms give the bits of the row forms, ties and zeros included.
    #[test]
    fn columns_equal_rows() {
        let mut rows: Vec<ClassProbs> = vec![[0.0; 10], [0.1; 10]];
        rows[0][3] = 1.0;
        let mut x = 0.123_f64;
        for i in 0..50 {
            let mut r = [0.0; 10];
            for (c, v) in r.iter_mut().enumerate() {
                x = (x * 997.0 + 0.31).fract();
                *v = if (c + i) % 4 == 0 {
                    0.0
                } else if c == i % 10 {
                    1e-310
                } else {
                    x
                };
            }
            r[(i + 1) % 10] = r[(i + 2) % 10];
            let s: f64 = r.iter().sum();
            rows.push(r.map(|v| v / s));
        }
        let n = rows.len();
        let prob: [Vec<f64>; N_CLASSES] =
            std::array::from_fn(|c| rows.iter().map(|r| r[c]).collect());
        let (mut arg, mut ln, mut e, mut m) =
            (vec![0.0; n], vec![0.0; n], vec![0.0; n], vec![0.0; n]);
        columns(&prob, n, [&mut arg, &mut ln], &mut e, &mut m);
        for (i, r) in rows.iter().enumerate() {
            assert_eq!(e[i].to_bits(), entropy(r).to_bits(), "row {i}");
            assert_eq!(m[i].to_bits(), margin(r).to_bits(), "row {i}");
        }
    }
}
