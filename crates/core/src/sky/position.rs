//! Positions typed by people: decimal degrees, sexagesimal (`00h42m44.3s +41d16m09s`,
//! `00:42:44.3 +41:16:09`, `00 42 44.3 +41 16 09`, `10.68° 41°16′09″`) or a CSC name
//! (`2CXO J004244.3+411609`, whose digits are the position truncated to 0.1 s and 1″).
//!
//! Hand-written: no maintained Rust crate parses these notations (astropy's `SkyCoord`
//! is the reference the tests compare with). The notations themselves are `sexagesimal`'s.

use super::sexagesimal::{parse_csc_name, parse_dec, parse_ra};

/// Parses a position; returns ICRS (ra, dec) in degrees, or a message saying what is wrong.
pub fn parse_position(text: &str) -> Result<(f64, f64), String> {
    let t = text.trim();
    if t.is_empty() {
        return Err("the position is empty".into());
    }
    let lower = t.to_ascii_lowercase();
    if lower.starts_with("2cxo") || lower.starts_with('j') {
        return parse_csc_name(t)
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
            // Where the fourth field starts (not a search for its text, which may also be
            // an earlier field's).
            let starts = t
                .char_indices()
                .filter(|&(i, c)| !c.is_whitespace() && (i == 0 || t[..i].ends_with(char::is_whitespace)));
            let fourth = starts.map(|(i, _)| i).nth(3)?;
            return Some((t[..fourth].trim(), t[fourth..].trim()));
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
