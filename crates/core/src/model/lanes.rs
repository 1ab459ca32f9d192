//! `exp` and `ln` of many values at once, bit for bit equal to `libm::exp` and `libm::log`:
//! the same FreeBSD algorithms written without branches, so that the compiler vectorises
//! the loops. Rare inputs (non-finite, ≤ 0, subnormal, |x| ≳ 708 for exp) are
//! handed to libm itself.

// The constants as libm (FreeBSD) writes them, digit for digit.
#![allow(clippy::excessive_precision, clippy::approx_constant)]

const LN2_HI: f64 = 6.93147180369123816490e-01;
const LN2_LO: f64 = 1.90821492927058770002e-10;
const INV_LN2: f64 = 1.44269504088896338700e+00;
const P: [f64; 5] = [
    1.66666666666666019037e-01,
    -2.77777777770155933842e-03,
    6.61375632143793436117e-05,
    -1.65339022054652515390e-06,
    4.13813679705723846039e-08,
];
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

/// eˣ of every value of `x` into `out`, equal to `libm::exp` in every bit. libm's branches
/// on the high word of |x| become comparisons of |x| with the doubles at those high words,
/// and every branch's value is computed and then selected: the loop has no control flow
/// and vectorises. Its integer k is kept as an integer-valued double (exact).
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

/// libm's `exp` for the values that are not rare ([`exp_is_rare`]), without branches.
#[inline(always)]
fn exp_common(v: f64) -> f64 {
    let a = v.abs();
    // libm: below -745.13… the answer is 0.
    let underflow = v < -745.133_219_101_941_108_42;
    let half = if v < 0.0 { -0.5 } else { 0.5 };
    let k_far = (INV_LN2 * v + half).trunc();
    let k_near = half + half;
    let k = if a >= high(0x3ff0_a2b2) { k_far } else { k_near };
    let k = if a >= high(0x3fd6_2e43) { k } else { 0.0 };
    let hi = v - k * LN2_HI;
    let lo = k * LN2_LO;
    let r = hi - lo;
    let rr = r * r;
    let c = r - rr * (P[0] + rr * (P[1] + rr * (P[2] + rr * (P[3] + rr * P[4]))));
    let y = 1.0 + (r * c / (2.0 - c) - lo + hi);
    // scalbn(y, k) for -1022 ≤ k ≤ 1023 is one multiplication by 2ᵏ, whose biased
    // exponent 1023 + k lands in the low bits of 2⁵² + 1023 + k.
    let scaled = y * f64::from_bits((TWO_52 + 1023.0 + k).to_bits() << 52);
    let tiny = 1.0 + v;
    let e = if a < high(0x3e30_0001) { tiny } else { scaled };
    if underflow {
        0.0
    } else {
        e
    }
}

/// Whether libm's `exp` treats x specially: |x| ≥ 708.39… or NaN, except below -745.13…
/// where the answer is 0.
#[inline(always)]
fn exp_is_rare(x: f64) -> bool {
    let special = (x.abs() >= high(0x4086_232b)) | x.is_nan();
    let zero = x < -745.133_219_101_941_108_42;
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

    fn same_as_libm(f: fn(&[f64], &mut [f64]), g: fn(f64) -> f64) {
        let x = inputs(2_000_000);
        let mut out = vec![0.0; x.len()];
        // Whole, and in short pieces (the vector loop's remainders).
        f(&x, &mut out);
        for (piece, o) in x.chunks(7).zip(out.chunks_mut(7)).step_by(97) {
            f(piece, o);
        }
        for (a, b) in out.iter().zip(&x) {
            let want = g(*b);
            assert!(a.to_bits() == want.to_bits() || (a.is_nan() && want.is_nan()), "{b:e}: {a:e} vs {want:e}");
        }
    }

    #[test]
    fn exp_equals_libm_bit_for_bit() {
        same_as_libm(exp_into, libm::exp);
    }

    #[test]
    fn ln_equals_libm_bit_for_bit() {
        same_as_libm(ln_into, libm::log);
    }
}
