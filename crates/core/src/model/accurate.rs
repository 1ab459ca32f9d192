//! Dot products accurate to about twice f64 precision (Ogita, Rump & Oishi's Dot2, with
//! Dekker's products, so no FMA is needed), for coefficients whose terms cancel.

/// a + b = s + e exactly.
fn two_sum(a: f64, b: f64) -> (f64, f64) {
    let s = a + b;
    let z = s - a;
    (s, (a - (s - z)) + (b - z))
}

/// a = hi + lo with 26-bit halves.
fn split(a: f64) -> (f64, f64) {
    let c = 134_217_729.0 * a; // 2^27 + 1
    let hi = c - (c - a);
    (hi, a - hi)
}

/// a · b = p + e exactly (barring overflow).
fn two_product(a: f64, b: f64) -> (f64, f64) {
    let p = a * b;
    let ((ah, al), (bh, bl)) = (split(a), split(b));
    (p, ((ah * bh - p) + ah * bl + al * bh) + al * bl)
}

/// Σ aᵢ bᵢ as an unevaluated sum hi + lo, as if computed in twice the precision.
pub fn dot2(pairs: impl IntoIterator<Item = (f64, f64)>) -> (f64, f64) {
    let (mut s, mut c) = (0.0, 0.0);
    for (a, b) in pairs {
        let (p, e) = two_product(a, b);
        let (t, q) = two_sum(s, p);
        s = t;
        c += q + e;
    }
    two_sum(s, c)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn cancelling_terms_keep_their_small_sum() {
        // 1e17 + 1 - 1e17 is 0 in f64 arithmetic, 1 exactly.
        let (hi, lo) = dot2([(1e17, 1.0), (1.0, 1.0), (-1e17, 1.0)]);
        assert_eq!(hi + lo, 1.0);
        let third = 1.0 / 3.0;
        let (hi, lo) = dot2([(third, 3.0), (-1.0, 1.0)]);
        assert_eq!(hi + lo, third.mul_add(3.0, -1.0));
    }
}
