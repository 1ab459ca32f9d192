//! How typical a detection is, as far as the batch kernel ([`super::batch`]) computes it
//! beside its classification ([`Typicality`]): the mixture's log-density, and how unsure the
//! class model is (entropy, top-two margin). One row's functions (for probabilities alone,
//! e.g. the published ones), and the kernel's column forms over a chunk's logit and
//! probability columns (the margin with the same bits, the entropy from the logits).

use super::lanes;
use super::TrainingRange;
use crate::class::{ClassProbs, N_CLASSES};
use crate::feature::{FeatureVector, FilledMask};

/// The per-row values of the novelty columns that depend on the row alone.
#[derive(Clone, Copy, Debug, Default, PartialEq)]
pub struct Typicality {
    /// ln p(x) under the mixture ([`super::Model::log_densities`], same bits).
    pub log_density: f64,
    /// The features outside [`super::Model::training_range`] ([`outside`]).
    pub outside: FilledMask,
    /// [`entropy`] of the class probabilities (computed from their logits: [`columns`]).
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

/// The features of `raw` outside `range` (missing values, i.e. not finite, are not), as a
/// mask.
#[inline]
pub fn outside(range: &TrainingRange, raw: &FeatureVector) -> FilledMask {
    let mut m = 0u16;
    for (i, (&v, r)) in raw.iter().zip(range).enumerate() {
        m |= u16::from(is_outside(v, r.lo, r.hi)) << i;
    }
    FilledMask(m)
}

/// Without branches: `v` finite and not in [lo, hi] (NaN must be told apart, as it is in
/// no range).
#[inline(always)]
fn is_outside(v: f64, lo: f64, hi: f64) -> bool {
    v.is_finite() & !((v >= lo) & (v <= hi))
}

/// [`outside`] of every row, into `out` (by feature, in loops over rows).
#[inline(always)]
pub(super) fn outside_columns(raw: &[FeatureVector], range: &TrainingRange, out: &mut [u16]) {
    out.fill(0);
    for (j, r) in range.iter().enumerate() {
        for (m, x) in out.iter_mut().zip(raw) {
            *m |= u16::from(is_outside(x[j], r.lo, r.hi)) << j;
        }
    }
}

/// A component whose value is more than 37 below the largest is left out of the mixture's
/// log-sum-exp: e⁻³⁷ ≈ 8.5e-17 is below half an ulp of the largest term's exponential (1),
/// so the (at most K − 1) terms left out change ln p(x) by less than K × 1e-16. Both
/// [`super::Model::log_densities`] and the kernel leave them out (so they agree to the bit),
/// and the kernel need not complete those components at all ([`super::Gmm::complete_screened`]).
pub(super) const NEGLIGIBLE: f64 = -37.0;

/// The log-sum-exp term of a component value `v` below the largest `top`: `v − top`, or
/// `-inf` (an exponential of 0) below [`NEGLIGIBLE`]; NaN stays NaN.
#[inline(always)]
pub(super) fn lse_term(v: f64, top: f64) -> f64 {
    let d = v - top;
    if d < NEGLIGIBLE {
        f64::NEG_INFINITY
    } else {
        d
    }
}

/// ln Σ_k exp(value_k) of rows given by component columns (`values[k][i]`) with each row's
/// largest value `top[i]`, into `out`: the operations of [`super::Model::log_densities`] in
/// its order (terms [`lse_term`], their exponentials summed in component order, top + ln of
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
            *a = lse_term(v, t);
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

/// The entropy and margin of `n` rows of softmax probabilities given by class columns
/// (`prob[c][i]`), with the logits they came from (`logit[c][i]`), each row's largest logit
/// `max[i]` and sum of exponentials `sum[i]`, into `entropy[..n]` and `margin[..n]`; `arg`
/// is working memory. Loops over rows, which vectorise.
///
/// The entropy uses ln p_c = (l_c − max) − ln S: −Σ p ln p = ln S − Σ p_c (l_c − max), the
/// classes with p_c = 0 skipped (absent classes, NaN logits, exponentials that underflow),
/// so one `ln` per row ([`lanes::ln_into`], libm's bits) rather than one per class. It
/// equals [`entropy`] of the probabilities to rounding (not to the bit); both terms are ≥ 0,
/// so it is never negative. The margin is [`margin`]'s, bit for bit.
#[inline(always)]
pub(super) fn columns(
    [prob, logit]: [&[Vec<f64>; N_CLASSES]; 2],
    [max, sum]: [&[f64]; 2],
    n: usize,
    arg: &mut [f64],
    entropy: &mut [f64],
    margin: &mut [f64],
) {
    let (max, sum, arg, entropy, margin) = (&max[..n], &sum[..n], &mut arg[..n], &mut entropy[..n], &mut margin[..n]);
    lanes::ln_into(sum, arg);
    entropy.fill(0.0);
    for (pc, lc) in prob.iter().zip(logit) {
        for (((e, &p), &l), &m) in entropy.iter_mut().zip(&pc[..n]).zip(&lc[..n]).zip(max) {
            *e = if p > 0.0 { *e + p * (l - m) } else { *e };
        }
    }
    for (e, &ln_s) in entropy.iter_mut().zip(&*arg) {
        *e = ln_s - *e;
    }
    // The top two, as `margin` finds them; `arg` holds the second.
    let (top, second) = (margin, arg);
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

    /// The column form on softmax rows (absent classes, NaN logits, underflows, ties, a
    /// certain row): the margin to the bit, the entropy to rounding, never negative.
    #[test]
    fn columns_equal_rows() {
        let mut logits: Vec<[f64; N_CLASSES]> = vec![[0.0; N_CLASSES], [f64::NEG_INFINITY; N_CLASSES]];
        logits[1][3] = 2.5;
        let mut x = 0.123_f64;
        for i in 0..60 {
            let mut l = [0.0; N_CLASSES];
            for (c, v) in l.iter_mut().enumerate() {
                x = (x * 997.0 + 0.31).fract();
                *v = match (c + i) % 7 {
                    0 => f64::NEG_INFINITY,
                    1 if i % 3 == 0 => f64::NAN,
                    2 if i % 4 == 0 => -900.0,
                    _ => 40.0 * x - 20.0,
                };
            }
            l[(i + 1) % 10] = l[(i + 2) % 10];
            logits.push(l);
        }
        // The softmax as `ClusterClassifier::probabilities` computes it.
        let (mut rows, mut max, mut sum) = (Vec::new(), Vec::new(), Vec::new());
        for l in &logits {
            let m = l.iter().copied().filter(|v| !v.is_nan()).fold(f64::NEG_INFINITY, f64::max);
            let e = l.map(|v| if v.is_nan() { 0.0 } else { (v - m).exp() });
            let s: f64 = e.iter().sum();
            rows.push(e.map(|v| v / s));
            max.push(m);
            sum.push(s);
        }
        let n = rows.len();
        let col = |v: &Vec<[f64; N_CLASSES]>| -> [Vec<f64>; N_CLASSES] { std::array::from_fn(|c| v.iter().map(|r| r[c]).collect()) };
        let (prob, logit) = (col(&rows), col(&logits));
        let (mut arg, mut e, mut m) = (vec![0.0; n], vec![0.0; n], vec![0.0; n]);
        columns([&prob, &logit], [&max, &sum], n, &mut arg, &mut e, &mut m);
        for (i, r) in rows.iter().enumerate() {
            assert_eq!(m[i].to_bits(), margin(r).to_bits(), "row {i}");
            assert!(e[i] >= 0.0 && (e[i] - entropy(r)).abs() <= 1e-14, "row {i}: {} vs {}", e[i], entropy(r));
        }
        assert_eq!(e[1], 0.0, "a certain row");
        assert!((e[0] - 10f64.ln()).abs() < 1e-15, "ten equal logits");
    }
}
