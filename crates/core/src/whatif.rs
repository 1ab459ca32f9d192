//! Honest what-if verdicts: a typed value is refused outside its feature's physical domain,
//! accepted with a caveat outside the range the model was fitted on, and raw mode says which
//! raw columns were invented to reproduce the derived features.

use crate::feature::{Feature, FeatureVector};
use crate::format::sig;
use crate::model::Model;
use crate::state::RawVariability;

/// Reads a typed feature value: a finite number inside [`Feature::domain`], or a message for
/// the field saying why not (the previous value is then kept).
pub fn parse_feature_value(f: Feature, text: &str) -> Result<f64, String> {
    let t = text.trim();
    let v: f64 = t.parse().map_err(|_| format!("\"{t}\" is not a number; {} keeps its value", f.name()))?;
    if !v.is_finite() {
        return Err(format!("{} must be a finite number", f.name()));
    }
    let (lo, hi) = f.domain();
    if v < lo || v > hi {
        return Err(format!("{} = {} is impossible: {} ({})", f.name(), sig(v, 6), domain_words(f), f.describe()));
    }
    Ok(v)
}

/// The physical domain in words.
fn domain_words(f: Feature) -> String {
    match f.domain() {
        (lo, hi) if lo.is_finite() && hi.is_finite() => format!("it lies between {lo} and {hi}"),
        (lo, _) if lo.is_finite() => format!("it cannot be below {lo}"),
        _ => "it must be finite".into(),
    }
}

/// Reads a typed raw CSC variability column (all are ≥ 0): the value or a message.
pub fn parse_raw_value(name: &str, text: &str) -> Result<f64, String> {
    let t = text.trim();
    match t.parse::<f64>() {
        Ok(v) if v.is_finite() && v >= 0.0 => Ok(v),
        Ok(_) => Err(format!("{name} must be a finite number ≥ 0")),
        Err(_) => Err(format!("\"{t}\" is not a number; {name} keeps its value")),
    }
}

/// Caveats for a verdict on `x`: one line per feature outside the model's training range,
/// e.g. "powlaw_gamma = 1e9 is outside the training range (…): this verdict is an extrapolation".
pub fn extrapolation_warnings(model: &Model, x: &FeatureVector) -> Vec<String> {
    let range = model.training_range();
    model
        .outside_training(x)
        .into_iter()
        .map(|f| {
            let r = range[f.index()];
            let far = if (x[f.index()] - r.lo.max(r.hi.min(x[f.index()]))).abs() > (r.hi - r.lo).abs() { "far " } else { "" };
            format!(
                "{} = {} is {far}outside the training range ({} to {}): this verdict is an extrapolation",
                f.name(),
                sig(x[f.index()], 4),
                sig(r.lo, 4),
                sig(r.hi, 4)
            )
        })
        .collect()
}

/// The raw columns of `raw` that still hold the values [`RawVariability::consistent_with`]
/// invented (means of 1, a maximum equal to the minimum), so a verdict in raw mode can say
/// which inputs are not measurements.
pub fn invented_raw_columns(raw: &RawVariability) -> Vec<&'static str> {
    let mut out = Vec::new();
    for (name, v) in [("var_mean_b", raw.var_mean_b), ("var_mean_h", raw.var_mean_h), ("var_mean_s", raw.var_mean_s)] {
        if v == 1.0 {
            out.push(name);
        }
    }
    if raw.var_max_b == raw.var_min_b {
        out.extend(["var_max_b", "var_min_b"]);
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn domain_refuses_impossible_values_with_a_reason() {
        assert_eq!(parse_feature_value(Feature::VarProbB, " 0.5 "), Ok(0.5));
        assert!(parse_feature_value(Feature::VarProbB, "1.5").unwrap_err().contains("between 0 and 1"));
        assert!(parse_feature_value(Feature::HardHm, "-1.01").unwrap_err().contains("between -1 and 1"));
        assert!(parse_feature_value(Feature::BbKt, "-0.1").unwrap_err().contains("cannot be below 0"));
        assert_eq!(parse_feature_value(Feature::PowlawGamma, "1e9"), Ok(1e9));
        assert_eq!(parse_feature_value(Feature::PowlawGamma, "banana"), Err("\"banana\" is not a number; powlaw_gamma keeps its value".into()));
        assert!(parse_feature_value(Feature::PowlawGamma, "inf").is_err());
        assert!(parse_raw_value("var_mean_b", "-1").is_err() && parse_raw_value("var_mean_b", "2") == Ok(2.0));
    }

    #[test]
    fn training_range_caveat() {
        let m = Model::published();
        let mut x = m.fill.values;
        assert!(extrapolation_warnings(&m, &x).is_empty());
        x[Feature::PowlawGamma.index()] = 1e9;
        let w = extrapolation_warnings(&m, &x);
        assert_eq!(w.len(), 1);
        assert!(w[0].starts_with("powlaw_gamma = 1e9 is far outside the training range (") && w[0].ends_with("this verdict is an extrapolation"), "{w:?}");
    }

    #[test]
    fn invented_raw_columns_are_named() {
        let x = Model::published().fill.values;
        let raw = RawVariability::consistent_with(&x);
        assert_eq!(invented_raw_columns(&raw), ["var_mean_b", "var_mean_h", "var_mean_s", "var_max_b", "var_min_b"]);
        let measured = RawVariability { var_mean_b: 2.0, var_max_b: 3.0, ..raw };
        assert_eq!(invented_raw_columns(&measured), ["var_mean_h", "var_mean_s"]);
    }
}
