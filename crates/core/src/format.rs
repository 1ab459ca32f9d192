//! Numbers and counts written for people: thousands separators, plurals, significant digits.

/// `14507` → `"14,507"`.
pub fn thousands(n: usize) -> String {
    let s = n.to_string();
    let mut out = String::with_capacity(s.len() + s.len() / 3);
    for (i, ch) in s.chars().enumerate() {
        if i > 0 && (s.len() - i).is_multiple_of(3) {
            out.push(',');
        }
        out.push(ch);
    }
    out
}

/// A count with its noun, singular for exactly one: `count(1, "source")` → `"1 source"`,
/// `count(14507, "detection")` → `"14,507 detections"`. Nouns whose plural is not `+s` are
/// spelled out by [`count_as`].
pub fn count(n: usize, noun: &str) -> String {
    count_as(n, noun, &format!("{noun}s"))
}

/// [`count`] with an explicit plural.
pub fn count_as(n: usize, singular: &str, plural: &str) -> String {
    format!("{} {}", thousands(n), if n == 1 { singular } else { plural })
}

/// A measured value to `digits` significant digits without trailing zeros, in plain notation
/// for magnitudes 1e-4 ≤ |v| < 10^digits and scientific otherwise: `sig(0.123456789, 4)` → `"0.1235"`,
/// `sig(1.65e-7, 3)` → `"1.65e-7"`. Non-finite values read `NaN`, `inf`, `-inf`.
pub fn sig(v: f64, digits: usize) -> String {
    let digits = digits.max(1);
    if !v.is_finite() {
        return format!("{v}");
    }
    if v == 0.0 {
        return "0".into();
    }
    let sci = format!("{:.*e}", digits - 1, v);
    let (mantissa, exp) = sci.split_once('e').expect("LowerExp writes an exponent");
    let exp: i32 = exp.parse().expect("an integer exponent");
    if exp < -4 || exp >= digits as i32 {
        return format!("{}e{exp}", trim_zeros(mantissa));
    }
    let decimals = (digits as i32 - 1 - exp).max(0) as usize;
    trim_zeros(&format!("{v:.decimals$}")).to_string()
}

fn trim_zeros(s: &str) -> &str {
    if s.contains('.') {
        s.trim_end_matches('0').trim_end_matches('.')
    } else {
        s
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn thousands_groups_by_three() {
        assert_eq!(thousands(0), "0");
        assert_eq!(thousands(999), "999");
        assert_eq!(thousands(1000), "1,000");
        assert_eq!(thousands(14507), "14,507");
        assert_eq!(thousands(1_000_000), "1,000,000");
    }

    #[test]
    fn counts_are_singular_for_one() {
        assert_eq!(count(1, "detection"), "1 detection");
        assert_eq!(count(0, "source"), "0 sources");
        assert_eq!(count(8756, "source"), "8,756 sources");
        assert_eq!(count_as(1, "matrix", "matrices"), "1 matrix");
        assert_eq!(count_as(2, "matrix", "matrices"), "2 matrices");
    }

    #[test]
    fn significant_digits() {
        assert_eq!(sig(0.123456789012345, 4), "0.1235");
        assert_eq!(sig(-0.5000000001, 4), "-0.5");
        assert_eq!(sig(1.65e-7, 3), "1.65e-7");
        assert_eq!(sig(123456.7, 4), "1.235e5");
        assert_eq!(sig(2.31, 4), "2.31");
        assert_eq!(sig(99999.7, 4), "1e5");
        assert_eq!(sig(0.99996, 4), "1");
        assert_eq!(sig(1234.56, 4), "1235");
        assert_eq!(sig(0.0, 4), "0");
        assert_eq!(sig(f64::NAN, 4), "NaN");
    }
}
