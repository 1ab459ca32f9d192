//! Checks of a model file's values before any is used, each failure naming its field
//! (`gmm.covariances[3] is not symmetric (entry [2][5] 0.1 vs [5][2] 0.3)`).
//!
//! Tolerances: matrices symmetric to [`SYMMETRY`] relative (the published covariances are
//! to 1.4e-13, the class models exactly); mixture weights summing to 1 within
//! [`WEIGHT_SUM`] (published: 5e-15 off); the lower bounds of log scalings to [`LOG_BOUND`].

use super::{invalid, ModelError, ScalingJson};
use crate::class::{Class, N_CLASSES};
use crate::feature_set::FeatureSet;
use crate::model::{Gmm, Quadratic};
use crate::feature::{Feature, N_FEATURES};
use crate::message::{clean, quoted};
use std::collections::BTreeMap;

/// Relative asymmetry allowed in a symmetric matrix.
pub const SYMMETRY: f64 = 1e-8;
/// How far the mixture weights may sum from 1.
pub const WEIGHT_SUM: f64 = 1e-6;
/// Relative slack of a log scaling's minimum below the logarithm of its shift.
pub const LOG_BOUND: f64 = 1e-9;

/// `v` is finite.
pub fn finite(v: f64, field: &str) -> Result<(), ModelError> {
    if v.is_finite() {
        Ok(())
    } else {
        invalid(format!("{field} is {v}, not a finite number"))
    }
}

/// The feature a map key names; an error naming `field` otherwise.
pub fn feature(key: &str, field: &str) -> Result<Feature, ModelError> {
    Feature::from_name(key).ok_or_else(|| ModelError::Invalid(format!("{field}: unknown feature {}", quoted(key))))
}

/// Every key of `map` is a feature.
pub fn only_features<V>(map: &BTreeMap<String, V>, field: &str) -> Result<(), ModelError> {
    map.keys().try_for_each(|k| feature(k, field).map(drop))
}

/// `v` lies in the physical domain of `f` ([`Feature::domain`]).
pub fn in_domain(f: Feature, v: f64, field: &str) -> Result<(), ModelError> {
    finite(v, field)?;
    let (lo, hi) = f.domain();
    if v < lo || v > hi {
        return invalid(format!("{field} is {v}, outside the domain of {} ({})", f.name(), domain(f)));
    }
    Ok(())
}

fn domain(f: Feature) -> String {
    match f.domain() {
        (lo, hi) if hi.is_infinite() && lo.is_infinite() => "any real number".into(),
        (lo, hi) if hi.is_infinite() => format!("≥ {lo}"),
        (lo, hi) => format!("[{lo}, {hi}]"),
    }
}

/// A 12-vector of finite values.
pub fn vector(v: &[f64], field: &str) -> Result<[f64; N_FEATURES], ModelError> {
    let v: [f64; N_FEATURES] =
        v.try_into().map_err(|_| ModelError::Invalid(format!("{field} has {} values, not {N_FEATURES}", v.len())))?;
    v.iter().enumerate().try_for_each(|(i, x)| finite(*x, &format!("{field}[{i}]")))?;
    Ok(v)
}

/// A 12×12 matrix of finite values.
pub fn matrix(rows: &[Vec<f64>], field: &str) -> Result<[[f64; N_FEATURES]; N_FEATURES], ModelError> {
    if rows.len() != N_FEATURES {
        return invalid(format!("{field} has {} rows, not {N_FEATURES}", rows.len()));
    }
    let mut m = [[0.0; N_FEATURES]; N_FEATURES];
    for (i, r) in rows.iter().enumerate() {
        m[i] = vector(r, &format!("{field}[{i}]"))?;
    }
    Ok(m)
}

/// `m` is symmetric within [`SYMMETRY`] (relative to the larger entry, or to the largest
/// entry of the matrix for entries near zero).
pub fn symmetric(m: &[[f64; N_FEATURES]; N_FEATURES], field: &str) -> Result<(), ModelError> {
    let scale = m.iter().flatten().fold(0.0f64, |a, x| a.max(x.abs()));
    for (i, row) in m.iter().enumerate() {
        for (j, &a) in row.iter().enumerate().skip(i + 1) {
            let b = m[j][i];
            if (a - b).abs() > SYMMETRY * a.abs().max(b.abs()).max(scale * 1e-4) {
                return invalid(format!("{field} is not symmetric (entry [{i}][{j}] {a} vs [{j}][{i}] {b})"));
            }
        }
    }
    Ok(())
}

/// Weights positive and summing to 1.
pub fn weights(w: &[f64]) -> Result<(), ModelError> {
    if w.is_empty() {
        return invalid("gmm.weights is empty: the mixture needs at least one component");
    }
    for (k, &x) in w.iter().enumerate() {
        finite(x, &format!("gmm.weights[{k}]"))?;
        if x <= 0.0 {
            return invalid(format!("gmm.weights[{k}] is {x}; weights must be positive"));
        }
    }
    let sum: f64 = w.iter().sum();
    if (sum - 1.0).abs() > WEIGHT_SUM {
        return invalid(format!("gmm.weights sum to {sum}, not 1"));
    }
    Ok(())
}

/// A scaling's constants: finite, `max > min`, a log shift > 0, and the raw range they
/// imply (the training minimum and maximum) inside the feature's domain.
pub fn scaling(f: Feature, s: &ScalingJson) -> Result<(), ModelError> {
    let field = |what: &str| format!("normalisation.{}.{what}", f.name());
    let need = |v: Option<f64>, what: &str| {
        let v = v.ok_or_else(|| ModelError::Invalid(format!("{} is missing", field(what))))?;
        finite(v, &field(what)).map(|_| v)
    };
    let (lo, hi) = f.domain();
    match s.kind.as_str() {
        "raw" => Ok(()),
        "minmax" => {
            let (min, max) = (need(s.min, "min")?, need(s.max, "max")?);
            if max <= min {
                return invalid(format!("{} ({max}) must exceed {} ({min})", field("max"), field("min")));
            }
            if min < lo || max > hi {
                return invalid(format!("{}: [{min}, {max}] is outside the domain of {} ({})", field("min/max"), f.name(), domain(f)));
            }
            Ok(())
        }
        "lognorm" => {
            let (shift, min, max) = (need(s.shift, "shift")?, need(s.min, "min")?, need(s.max, "max")?);
            if shift <= 0.0 {
                return invalid(format!("{} is {shift}; it must be > 0", field("shift")));
            }
            if lo < 0.0 {
                return invalid(format!("{} is lognorm, but {} takes negative values ({})", field("kind"), f.name(), domain(f)));
            }
            if max <= min {
                return invalid(format!("{} ({max}) must exceed {} ({min})", field("max"), field("min")));
            }
            // min and max are of ln(raw + shift): raw ≥ lo means min ≥ ln(lo + shift).
            let floor = (lo + shift).ln();
            if min < floor - LOG_BOUND * floor.abs().max(1.0) || max > (hi + shift).ln() {
                let msg = format!("[{min}, {max}] implies raw values outside the domain of {} ({})", f.name(), domain(f));
                return invalid(format!("{}: {msg}", field("min/max")));
            }
            Ok(())
        }
        other => invalid(format!("{} is {}; expected raw, minmax or lognorm", field("kind"), quoted(other))),
    }
}

/// A training range entry: finite, ordered, inside the domain.
pub fn range(f: Feature, lo: f64, hi: f64) -> Result<(), ModelError> {
    let field = format!("training_range.{}", f.name());
    in_domain(f, lo, &format!("{field}[0]"))?;
    in_domain(f, hi, &format!("{field}[1]"))?;
    if lo > hi {
        return invalid(format!("{field} is [{lo}, {hi}]: the lower bound exceeds the upper"));
    }
    Ok(())
}

/// A key of `classifier` that is not a cluster of the mixture.
pub fn cluster_key(key: &str, k: usize) -> Result<(), ModelError> {
    match key.parse::<usize>() {
        Ok(c) if c < k && c.to_string() == key => Ok(()),
        _ => invalid(format!("classifier: key {} is not a cluster of the {k}-component mixture (0 to {})", quoted(key), k - 1)),
    }
}

/// Names a map key in a message.
pub fn key(s: &str) -> String {
    clean(s)
}

/// A model fitted on fewer features (`features_used`) must not depend on the others: each
/// unused feature has the same mean and variance in every mixture component and no covariance
/// with any other feature (it then changes no responsibility), and a zero row and column in
/// every class model's quadratic and zero in its linear term.
pub fn unused_features(used: FeatureSet, gmm: &Gmm, quadratics: &[[Option<Quadratic>; N_CLASSES]]) -> Result<(), ModelError> {
    if used.is_empty() {
        return invalid("features_used: the list is empty");
    }
    for f in Feature::ALL.into_iter().filter(|&f| !used.contains(f)) {
        let i = f.index();
        let why = |field: String, what: &str| invalid(format!("{field}: {} is not in features_used, so {what}", f.name()));
        for (c, (mean, cov)) in gmm.means.iter().zip(&gmm.covariances).enumerate() {
            if mean[i] != gmm.means[0][i] {
                return why(format!("gmm.means[{c}]"), "its mean must be the same in every component");
            }
            if cov[i][i] != gmm.covariances[0][i][i] {
                return why(format!("gmm.covariances[{c}]"), "its variance must be the same in every component");
            }
            if (0..N_FEATURES).any(|j| j != i && (cov[i][j] != 0.0 || cov[j][i] != 0.0)) {
                return why(format!("gmm.covariances[{c}]"), "its covariances with the other features must be 0");
            }
        }
        for (cluster, qs) in quadratics.iter().enumerate() {
            for (class, q) in Class::ALL.iter().zip(qs) {
                let Some(q) = q else { continue };
                if q.linear[i] != 0.0 || (0..N_FEATURES).any(|j| q.quadratic[i][j] != 0.0 || q.quadratic[j][i] != 0.0) {
                    let field = format!("classifier.{cluster}.{}", key(class.name()));
                    return why(field, "its row and column of the quadratic and its linear term must be 0");
                }
            }
        }
    }
    Ok(())
}
