//! Sexagesimal text for positions: `00h00m10.03s`, `-50°15'26.6"`, written and read (also
//! `h:m:s`, `h m s`, decimal degrees and CSC names `2CXO Jhhmmss.s±ddmmss`).
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

/// Up to three numbers separated by `:`, blanks or the letters/symbols `h m s d ° ' "`; the
/// sign (of the first) apart. `None` unless 1 to 3 non-negative finite parts with minutes and
/// seconds below 60.
fn parts(text: &str) -> Option<(bool, [f64; 3], usize)> {
    let t = text.trim();
    let (negative, t) = match t.strip_prefix('-') {
        Some(r) => (true, r),
        None => (false, t.strip_prefix('+').unwrap_or(t)),
    };
    let mut out = [0.0; 3];
    let mut n = 0;
    for piece in t.split(|c: char| c == ':' || c.is_whitespace() || "hmsdHMSD°'\"′″".contains(c)).filter(|p| !p.is_empty()) {
        if n == 3 {
            return None;
        }
        out[n] = piece.parse::<f64>().ok().filter(|v| v.is_finite() && *v >= 0.0)?;
        n += 1;
    }
    (n > 0 && out[1] < 60.0 && out[2] < 60.0).then_some((negative, out, n))
}

/// A right ascension in degrees from decimal degrees (`10.78`) or sexagesimal hours
/// (`0:43:07.5`, `00 43 07.5`, `00h43m07.5s`), in [0, 360).
pub fn parse_ra(text: &str) -> Option<f64> {
    let (negative, [a, b, c], n) = parts(text)?;
    let deg = if n == 1 { a } else { (a + b / 60.0 + c / 3600.0) * 15.0 };
    (!negative && deg <= 360.0).then_some(deg % 360.0)
}

/// A declination in degrees from decimal degrees or sexagesimal degrees (`-9:23:02`,
/// `-09 23 02.1`, `-09°23'02.1"`), in [-90, 90].
pub fn parse_dec(text: &str) -> Option<f64> {
    let (negative, [a, b, c], _) = parts(text)?;
    let deg = a + b / 60.0 + c / 3600.0;
    (deg <= 90.0).then_some(if negative { -deg } else { deg })
}

/// The position a CSC name (`2CXO J004307.5-092302`, also without `2CXO`, any case, an
/// optional trailing letter) stands for: its digits are the position truncated to 0.1 s of RA
/// and 1" of Dec, so this is the centre of that box (within 0.75" of the source in RA at the
/// equator and 0.5" in Dec).
pub fn parse_csc_name(name: &str) -> Option<(f64, f64)> {
    let t = name.trim();
    let lower = t.to_ascii_lowercase();
    let rest = lower.strip_prefix("2cxo").map_or(lower.as_str(), str::trim_start);
    let rest = &t[t.len() - rest.strip_prefix('j')?.len()..];
    let body = rest.trim_end_matches(|c: char| c.is_ascii_alphabetic());
    let (ra, dec) = body.split_at(body.find(['+', '-'])?);
    let (sign, dec) = dec.split_at(1);
    let digits = |p: &str| !p.is_empty() && p.bytes().all(|b| b.is_ascii_digit());
    if ra.len() < 6 || dec.len() < 6 || ![&ra[..4], &dec[..4]].iter().all(|p| digits(p)) {
        return None;
    }
    // Half of the last digit's unit, in seconds (of time for RA, of arc for Dec).
    let half = |s: &str| 0.5 * 10f64.powi(-(s.split_once('.').map_or(0, |(_, f)| f.len()) as i32));
    let (ra_s, dec_s): (f64, f64) = (ra[4..].parse().ok()?, dec[4..].parse().ok()?);
    if !(ra_s.is_finite() && dec_s.is_finite() && ra_s >= 0.0 && dec_s >= 0.0) {
        return None;
    }
    let num = |p: &str| p.parse::<f64>().ok();
    let ra = (num(&ra[..2])? + num(&ra[2..4])? / 60.0 + (ra_s + half(&ra[4..])) / 3600.0) * 15.0;
    let dec = num(&dec[..2])? + num(&dec[2..4])? / 60.0 + (dec_s + half(&dec[4..])) / 3600.0;
    (ra < 360.0 && dec <= 90.0).then_some((ra, if sign == "-" { -dec } else { dec }))
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
    fn positions_parse_in_every_notation() {
        let close = |a: Option<f64>, b: f64| assert!(a.is_some_and(|a| (a - b).abs() < 1e-9), "{a:?} vs {b}");
        close(parse_ra("10.78"), 10.78);
        close(parse_ra("0:43:07.5"), (43.0 / 60.0 + 7.5 / 3600.0) * 15.0);
        close(parse_ra("00 43 07.5"), (43.0 / 60.0 + 7.5 / 3600.0) * 15.0);
        close(parse_ra("00h43m07.5s"), (43.0 / 60.0 + 7.5 / 3600.0) * 15.0);
        close(parse_ra("24:00:00"), 0.0);
        close(parse_dec("-09:23:02"), -(9.0 + 23.0 / 60.0 + 2.0 / 3600.0));
        close(parse_dec("-00 30 00"), -0.5);
        close(parse_dec("+85°49'49.9\""), 85.0 + 49.0 / 60.0 + 49.9 / 3600.0);
        close(parse_dec("-9.38"), -9.38);
        for bad in ["", "abc", "1:2:3:4", "12:61:00", "-1", "361", "1e999"] {
            assert_eq!(parse_ra(bad), None, "{bad}");
        }
        assert_eq!(parse_dec("91"), None);
        assert_eq!(parse_dec("-90:00:01"), None);
        // Every CSC name of the table above encodes its position to within the truncation.
        for (ra, dec, name, _, _) in CASES {
            let (r, d) = parse_csc_name(name).unwrap();
            assert!(crate::sky::angular_separation_deg(ra, dec, r, d) * 3600.0 < 1.6, "{name}");
        }
        assert_eq!(parse_csc_name("2CXO J004307.5-092302X").map(|p| p.1), parse_dec("-09:23:02.5"));
        assert_eq!(parse_csc_name("j004307.5-092302"), parse_csc_name("2CXO J004307.5-092302"));
        assert_eq!(parse_csc_name("J1234"), None);
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
