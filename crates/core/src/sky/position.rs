//! Positions typed by people: decimal degrees, sexagesimal (`00h42m44.3s +41d16m09s`,
//! `00:42:44.3 +41:16:09`, `00 42 44.3 +41 16 09`, `10.68° 41°16′09″`) or a CSC name
//! (`2CXO J004244.3+411609`, whose digits are the position truncated to 0.1 s and 1″).
//!
//! Hand-written: no maintained Rust crate parses these notations (astropy's `SkyCoord`
//! is the reference the tests compare with).

/// Parses a position; returns ICRS (ra, dec) in degrees, or a message saying what is wrong.
pub fn parse_position(text: &str) -> Result<(f64, f64), String> {
    let t = text.trim();
    if t.is_empty() {
        return Err("the position is empty".into());
    }
    if let Some(body) = csc_name_body(t) {
        return csc_name(body)
            .ok_or_else(|| format!("\"{t}\" is not a CSC name of the form 2CXO JHHMMSS.s+DDMMSS"));
    }
    let (ra, dec) = split(t).ok_or_else(|| format!("\"{t}\": give RA and Dec, e.g. 10.6846 41.2692, 00:42:44.3 +41:16:09, or a 2CXO J… name"))?;
    let ra = parse_ra(ra).ok_or_else(|| {
        format!("\"{ra}\" is not a right ascension (degrees, or hours as 00h42m44.3s / 00:42:44.3)")
    })?;
    let dec = parse_dec(dec).ok_or_else(|| {
        format!("\"{dec}\" is not a declination (degrees, or +41d16m09s / +41:16:09)")
    })?;
    if !(0.0..360.0).contains(&ra) {
        return Err(format!("RA {ra}° is outside 0–360°"));
    }
    if !(-90.0..=90.0).contains(&dec) {
        return Err(format!("Dec {dec}° is outside −90–90°"));
    }
    Ok((ra, dec))
}

/// `2CXO J004244.3+411609` (also without `2CXO`, any case) → `004244.3+411609`.
fn csc_name_body(t: &str) -> Option<&str> {
    let lower = t.to_ascii_lowercase();
    let rest = lower
        .strip_prefix("2cxo")
        .map(str::trim_start)
        .unwrap_or(&lower);
    let rest = rest.strip_prefix('j')?;
    let start = t.len() - rest.len();
    Some(&t[start..])
}

/// The centre of the box a CSC name stands for (its digits are truncated; a letter suffix,
/// as in `2CXO J004244.3+411608A`, is ignored).
fn csc_name(body: &str) -> Option<(f64, f64)> {
    let body = body.trim_end_matches(|c: char| c.is_ascii_alphabetic());
    let at = body.find(['+', '-'])?;
    let (ra, dec) = body.split_at(at);
    let (h, m, s) = (ra.get(0..2)?, ra.get(2..4)?, ra.get(4..)?);
    let (sign, dec) = dec.split_at(1);
    let (d, dm, ds) = (dec.get(0..2)?, dec.get(2..4)?, dec.get(4..)?);
    if ![h, m, d, dm]
        .iter()
        .all(|p| p.bytes().all(|b| b.is_ascii_digit()))
    {
        return None;
    }
    let half = |s: &str| 0.5 * 10f64.powi(-(s.split_once('.').map_or(0, |(_, f)| f.len()) as i32));
    let ra_s: f64 = s.parse().ok()?;
    let dec_s: f64 = ds.parse().ok()?;
    let ra =
        (h.parse::<f64>().ok()? + m.parse::<f64>().ok()? / 60.0 + (ra_s + half(s)) / 3600.0) * 15.0;
    let dec = d.parse::<f64>().ok()? + dm.parse::<f64>().ok()? / 60.0 + (dec_s + half(ds)) / 3600.0;
    Some((ra, if sign == "-" { -dec } else { dec }))
}

/// Splits "RA Dec" into its two parts: at a comma, between two or six space-separated
/// fields, or before the sign that starts the declination.
fn split(t: &str) -> Option<(&str, &str)> {
    if let Some((a, b)) = t.split_once(',') {
        return Some((a.trim(), b.trim()));
    }
    let fields: Vec<&str> = t.split_whitespace().collect();
    match fields.len() {
        2 => return Some((fields[0], fields[1])),
        6 => {
            let third = t.find(fields[3])?;
            return Some((t[..third].trim(), t[third..].trim()));
        }
        _ => {}
    }
    let sign = t
        .char_indices()
        .skip(1)
        .find(|&(_, c)| c == '+' || c == '-')
        .map(|(i, _)| i)?;
    Some((t[..sign].trim(), t[sign..].trim()))
}

/// Three sexagesimal parts (`12h34m56.7s`, `12:34:56.7`, `12 34 56.7`, `12°34′56.7″`), or
/// `None` when the text is a single number.
fn parts(s: &str) -> Option<Option<[f64; 3]>> {
    let cleaned: String = s
        .chars()
        .map(|c| {
            if "hdmsHDMS:°′″'\"".contains(c) {
                ' '
            } else {
                c
            }
        })
        .collect();
    let nums: Vec<&str> = cleaned.split_whitespace().collect();
    if nums.len() == 1 && cleaned.trim() == s.trim() {
        return Some(None);
    }
    let mut v = [0.0; 3];
    if nums.is_empty() || nums.len() > 3 {
        return None;
    }
    for (slot, n) in v.iter_mut().zip(&nums) {
        *slot = n.parse::<f64>().ok().filter(|x| x.is_finite())?;
    }
    Some(Some(v))
}

/// Right ascension: decimal degrees, or hours in sexagesimal.
fn parse_ra(s: &str) -> Option<f64> {
    match parts(s)? {
        None => s.parse::<f64>().ok().filter(|x| x.is_finite()),
        Some([h, m, sec]) => {
            let ok =
                (0.0..24.0).contains(&h) && (0.0..60.0).contains(&m) && (0.0..60.0).contains(&sec);
            ok.then(|| (h + m / 60.0 + sec / 3600.0) * 15.0)
        }
    }
}

/// Declination: decimal degrees, or degrees in sexagesimal (the sign applies to all parts).
fn parse_dec(s: &str) -> Option<f64> {
    let negative = s.trim_start().starts_with('-');
    let unsigned = s.trim_start().trim_start_matches(['+', '-']);
    match parts(unsigned)? {
        None => s.parse::<f64>().ok().filter(|x| x.is_finite()),
        Some([d, m, sec]) => {
            let ok = d >= 0.0 && (0.0..60.0).contains(&m) && (0.0..60.0).contains(&sec);
            let v = d + m / 60.0 + sec / 3600.0;
            ok.then_some(if negative { -v } else { v })
        }
    }
}
