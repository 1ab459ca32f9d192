//! `exp` and `ln` of many values at once, in loops without control flow that the compiler
//! vectorises, and of one value with the very same operations (so that a batch and one
//! detection alone give the same bits). `exp` is table-driven (within 1 ulp); `ln` is
//! FreeBSD's algorithm, equal to `libm::log` bit for bit. Rare inputs (non-finite, ≤ 0,
//! subnormal, |x| ≳ 708 for exp) are handed to libm itself.

// The constants as libm (FreeBSD) writes them, digit for digit.
#![allow(clippy::excessive_precision, clippy::approx_constant)]

use super::exp_table::{SCALE_BITS, TAIL};

const LN2_HI: f64 = 6.93147180369123816490e-01;
const LN2_LO: f64 = 1.90821492927058770002e-10;
const LG: [f64; 7] = [
    6.666666666666735130e-01,
    3.999999999940941908e-01,
    2.857142874366239149e-01,
    2.222219843214978396e-01,
    1.818357216161805012e-01,
    1.531383769920937332e-01,
    1.479819860511658591e-01,
];

/// 2⁵²: adding it to a small non-negative integer-valued f64 puts the integer in the low bits.
const TWO_52: f64 = 4_503_599_627_370_496.0;

/// The double whose representation has high word `hi` and zero low word.
const fn high(hi: u64) -> f64 {
    f64::from_bits(hi << 32)
}

/// eˣ of every value of `x` into `out`, each exactly [`exp`]: the common values in a loop
/// without control flow (it vectorises), then the rare ones by libm.
#[inline(always)]
pub fn exp_into(x: &[f64], out: &mut [f64]) {
    // In pieces, so that the rare values' second pass covers only the pieces that have some.
    for (x, out) in x.chunks(64).zip(out.chunks_mut(64)) {
        let mut rare = false;
        for (o, &v) in out.iter_mut().zip(x) {
            rare |= exp_is_rare(v);
            *o = exp_common(v);
        }
        if rare {
            for (o, &v) in out.iter_mut().zip(x) {
                if exp_is_rare(v) {
                    *o = libm::exp(v);
                }
            }
        }
    }
}

/// eˣ, within 1 ulp (0.5 ulp but for rounding in the last steps): table-driven for
/// |x| < 708.39 (normal results) and x < -745.13 (0), `libm::exp` for the rest
/// ([`exp_is_rare`]: subnormal results, overflow, NaN).
pub fn exp(x: f64) -> f64 {
    if exp_is_rare(x) {
        libm::exp(x)
    } else {
        exp_common(x)
    }
}

/// Below this, eˣ rounds to 0 (and [`exp`] gives exactly 0).
const EXP_ZERO: f64 = -745.133_219_101_941_108_42;

/// 128 / ln 2.
const INV_LN2_128: f64 = 184.664_965_233_787_32;
/// 1.5 · 2⁵²: adding it rounds |z| < 2⁵¹ to an integer held in the low bits.
const ROUND_SHIFT: f64 = 6_755_399_441_055_744.0;
/// 1/2!, 1/3!, 1/4!, 1/5!: eʳ - 1 for |r| ≤ ln 2 / 256, well below half an ulp.
const C: [f64; 4] = [0.5, 1.0 / 6.0, 1.0 / 24.0, 1.0 / 120.0];

/// eˣ for the values that are not rare ([`exp_is_rare`]), without branches: x = (128 q + i)
/// ln 2 / 128 + r with |r| ≤ ln 2 / 256, eˣ = 2^q · 2^(i/128) · eʳ, the middle factor from a
/// table ([`super::exp_table`]: the nearest double s and its relative error t), so that
/// eˣ = s' + s' (t + r + r²/2 + … + r⁵/120) with s' = 2^q s.
#[inline(always)]
fn exp_common(v: f64) -> f64 {
    let kd = v * INV_LN2_128 + ROUND_SHIFT;
    let k = kd.to_bits();
    let kd = kd - ROUND_SHIFT;
    // ln 2 / 128 in two parts: k · LN2_HI / 128 is exact (LN2_HI has 32 significant bits).
    let r = v - kd * (LN2_HI / 128.0) - kd * (LN2_LO / 128.0);
    let i = (k & 127) as usize;
    let s = f64::from_bits(SCALE_BITS[i].wrapping_add(k << 45));
    let r2 = r * r;
    let p = TAIL[i] + r + r2 * (C[0] + r * C[1]) + r2 * r2 * (C[2] + r * C[3]);
    let y = s + s * p;
    // Below -745.13… (and for -inf) eˣ rounds to 0.
    if v < EXP_ZERO {
        0.0
    } else {
        y
    }
}

/// Whether libm's `exp` treats x specially: |x| ≥ 708.39… or NaN, except below -745.13…
/// where the answer is 0.
#[inline(always)]
fn exp_is_rare(x: f64) -> bool {
    let special = (x.abs() >= high(0x4086_232b)) | x.is_nan();
    let zero = x < EXP_ZERO;
    special & !zero
}

/// Whether libm's `log` treats x specially: zero, negative, subnormal, infinite or NaN.
#[inline(always)]
#[allow(clippy::manual_range_contains)] // `|` rather than `&&`: no branch in the loops
fn ln_is_rare(x: f64) -> bool {
    let hx = x.to_bits() >> 32;
    (hx < 0x0010_0000) | (hx >= 0x7ff0_0000)
}

/// ln of every value of `x` into `out`, equal to `libm::log` in every bit (no control
/// flow in the loop, which vectorises).
#[inline(always)]
pub fn ln_into(x: &[f64], out: &mut [f64]) {
    let mut rare = false;
    for (o, &v) in out.iter_mut().zip(x) {
        let bits = v.to_bits();
        rare |= ln_is_rare(v);
        // Reduce x into [√2/2, √2]: x = 2ᵏ m.
        let h = (bits >> 32) + (0x3ff0_0000 - 0x3fe6_a09e);
        let k = f64::from_bits(TWO_52.to_bits() | (h >> 20)) - (TWO_52 + 1023.0);
        let m = f64::from_bits((((h & 0x000f_ffff) + 0x3fe6_a09e) << 32) | (bits & 0xffff_ffff));
        let f = m - 1.0;
        let hfsq = 0.5 * f * f;
        let s = f / (2.0 + f);
        let z = s * s;
        let w = z * z;
        let t1 = w * (LG[1] + w * (LG[3] + w * LG[5]));
        let t2 = z * (LG[0] + w * (LG[2] + w * (LG[4] + w * LG[6])));
        let r = t2 + t1;
        let y = s * (hfsq + r) + k * LN2_LO - hfsq + f + k * LN2_HI;
        *o = if bits == 1.0f64.to_bits() { 0.0 } else { y };
    }
    if rare {
        for (o, &v) in out.iter_mut().zip(x) {
            if ln_is_rare(v) {
                *o = libm::log(v);
            }
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use rand::{RngExt, SeedableRng};

    /// Random doubles: uniform bit patterns, plus uniform values in the ranges that matter.
    fn inputs(n: usize) -> Vec<f64> {
        let mut rng = rand::rngs::ChaCha8Rng::seed_from_u64(7);
        let mut v: Vec<f64> = (0..n)
            .map(|i| match i % 4 {
                0 => f64::from_bits(rng.random::<u64>()),
                1 => rng.random_range(-800.0..800.0),
                2 => rng.random_range(-1.0..1.0) * 10f64.powi(rng.random_range(-30..3)),
                _ => rng.random_range(0.0..4.0),
            })
            .collect();
        v.extend([0.0, -0.0, 1.0, -1.0, f64::INFINITY, f64::NEG_INFINITY, f64::NAN, f64::MIN_POSITIVE, 5e-324]);
        v.extend([708.39, 709.78, 709.79, -708.39, -708.4, -745.13, -745.14, 0.3465, 0.3466, 1.0397, 1.0398]);
        v.extend([2f64.powi(-28), -(2f64.powi(-28)), 3.7252902984e-09, f64::MAX, -f64::MAX]);
        v
    }

    /// Runs `f` on all of `x` at once and in short pieces (the vector loops' remainders).
    fn batch(f: fn(&[f64], &mut [f64]), x: &[f64]) -> Vec<f64> {
        let mut out = vec![0.0; x.len()];
        f(x, &mut out);
        let mut again = out.clone();
        for (piece, o) in x.chunks(7).zip(again.chunks_mut(7)).step_by(97) {
            f(piece, o);
        }
        assert!(out.iter().zip(&again).all(|(a, b)| a.to_bits() == b.to_bits() || (a.is_nan() && b.is_nan())));
        out
    }

    fn same_bits(a: f64, b: f64) -> bool {
        a.to_bits() == b.to_bits() || (a.is_nan() && b.is_nan())
    }

    #[test]
    fn ln_equals_libm_bit_for_bit() {
        let x = inputs(2_000_000);
        for (a, v) in batch(ln_into, &x).iter().zip(&x) {
            let want = libm::log(*v);
            assert!(same_bits(*a, want), "{v:e}: {a:e} vs {want:e}");
        }
    }

    /// Within one ulp of the system's exp (glibc's is within 0.52 ulp of eˣ) and equal to it
    /// for almost every input, libm's for the rare ones, and the batch equal to one value
    /// at a time. (FreeBSD's exp, in libm, differs from glibc's for ~10 % of inputs.)
    #[test]
    fn exp_is_within_an_ulp() {
        let x = inputs(2_000_000);
        let (mut equal, mut common) = (0, 0);
        for (a, &v) in batch(exp_into, &x).iter().zip(&x) {
            assert!(same_bits(*a, exp(v)), "{v:e}: batch {a:e} vs one {:e}", exp(v));
            if exp_is_rare(v) {
                assert!(same_bits(*a, libm::exp(v)), "{v:e}: {a:e} vs libm {:e}", libm::exp(v));
                continue;
            }
            let want = v.exp();
            let ulps = (a.to_bits() as i64 - want.to_bits() as i64).abs();
            assert!(ulps <= 1, "{v:e}: {a:e} vs {want:e} ({ulps} ulps)");
            common += usize::from(want != 0.0);
            equal += usize::from(ulps == 0 && want != 0.0);
        }
        assert!(common > 1_000_000 && equal as f64 > 0.995 * common as f64, "{equal} of {common} equal to the system's");
    }

    /// eˣ at points where it is known exactly or to many digits.
    #[test]
    fn exp_known_values() {
        assert_eq!(exp(0.0), 1.0);
        assert_eq!(exp(-0.0), 1.0);
        assert_eq!(exp(f64::NEG_INFINITY), 0.0);
        assert_eq!(exp(-746.0), 0.0);
        assert_eq!(exp(f64::INFINITY), f64::INFINITY);
        assert!(exp(f64::NAN).is_nan());
        assert_eq!(exp(1.0), std::f64::consts::E);
        assert_eq!(exp(std::f64::consts::LN_2), 2.0);
        assert_eq!(exp(-2.0 * std::f64::consts::LN_2), 0.25);
    }
}
