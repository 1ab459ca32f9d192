//! Sexagesimal text for positions: `00h00m10.03s`, `-50°15'26.6"`.
//!
//! Rounding is done once, in integer units of the last digit, so carries propagate
//! (59.99995 s → next minute).

/// Splits `units` (a count of 1/`per_sec` seconds) into (whole, minutes, seconds·per_sec).
fn split(units: u64, per_sec: u64) -> (u64, u64, u64) {
    let per_min = 60 * per_sec;
    (units / (60 * per_min), units / per_min % 60, units % per_min)
}

/// Right ascension in degrees as `HHhMMmSS.SSs` (hundredths of a second of time, rounded;
/// 24h wraps to 00h). Non-finite input gives `"NaN"`.
pub fn ra_hms(ra_deg: f64) -> String {
    if !ra_deg.is_finite() {
        return "NaN".into();
    }
    let day = 24 * 3600 * 100;
    let units = (ra_deg.rem_euclid(360.0) / 15.0 * 3600.0 * 100.0).round() as u64 % day;
    let (h, m, s) = split(units, 100);
    format!("{h:02}h{m:02}m{:02}.{:02}s", s / 100, s % 100)
}

/// Declination in degrees as `±DD°MM'SS.S"` (tenths of an arcsecond, rounded). The sign is
/// always shown and is the input's, even when the rounded value is zero. Non-finite gives `"NaN"`.
pub fn dec_dms(dec_deg: f64) -> String {
    if !dec_deg.is_finite() {
        return "NaN".into();
    }
    let sign = if dec_deg.is_sign_negative() { '-' } else { '+' };
    let units = (dec_deg.abs() * 3600.0 * 10.0).round() as u64;
    let (d, m, s) = split(units, 10);
    format!("{sign}{d:02}°{m:02}'{:02}.{}\"", s / 10, s % 10)
}

#[cfg(test)]
mod tests {
    use super::*;

    /// (ra, dec, CSC name, astropy 8.0.2 `to_string` with precision 2 / 1).
    const CASES: [(f64, f64, &str, &str, &str); 6] = [
        (0.0418034754126779, -50.25740005422238, "2CXO J000010.0-501526", "00h00m10.03s", "-50°15'26.6\""),
        (213.86968990433468, -0.442792985205472, "2CXO J141528.7-002634", "14h15m28.73s", "-00°26'34.1\""),
        (86.35473746239643, -0.1489011946224342, "2CXO J054525.1-000856", "05h45m25.14s", "-00°08'56.0\""),
        (110.92500772163947, 85.83052862545246, "2CXO J072342.0+854949", "07h23m42.00s", "+85°49'49.9\""),
        (350.8664606526677, 58.81177937787475, "2CXO J232327.9+584842", "23h23m27.95s", "+58°48'42.4\""),
        (284.3641743567596, -49.092184241080325, "2CXO J185727.4-490531", "18h57m27.40s", "-49°05'31.9\""),
    ];

    #[test]
    fn matches_astropy_and_csc_names() {
        for (ra, dec, name, hms, dms) in CASES {
            let (r, d) = (ra_hms(ra), dec_dms(dec));
            assert_eq!((r.as_str(), d.as_str()), (hms, dms));
            // The CSC name is the position truncated to 0.1 s and 1".
            let digits = |s: &str, keep: usize| -> String {
                s.chars().filter(|c| c.is_ascii_digit() || "+-.".contains(*c)).take(keep).collect()
            };
            assert_eq!(format!("2CXO J{}{}", digits(&r, 8), digits(&d, 7)), name);
        }
    }

    #[test]
    fn rounding_carries() {
        assert_eq!(ra_hms(15.0 * (59.0 / 60.0 + 59.99995 / 3600.0)), "01h00m00.00s");
        assert_eq!(ra_hms(359.99999999), "00h00m00.00s"); // astropy writes 24h00m00.00s
        assert_eq!(ra_hms(-15.0), "23h00m00.00s");
        assert_eq!(dec_dms(-0.99999999), "-01°00'00.0\"");
        assert_eq!(dec_dms(-(29.0 / 60.0 + 59.96 / 3600.0)), "-00°30'00.0\"");
        assert_eq!(dec_dms(90.0), "+90°00'00.0\"");
        assert_eq!(dec_dms(-0.00001), "-00°00'00.0\"");
        assert_eq!(dec_dms(0.0), "+00°00'00.0\"");
        assert_eq!(ra_hms(f64::NAN), "NaN");
    }
}
