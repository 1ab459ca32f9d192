//! Normalisation constants, fill values and training ranges fitted from the fitting rows
//! (METHOD.md): `lognorm` for bb_kt, var_ratio_* and var_newq_b (shift = smallest non-zero
//! value / 10), `minmax` for powlaw_gamma, raw values for the hardness ratios and var_prob_*.

use super::progress::FitError;
use crate::feature::{Feature, FeatureVector, N_FEATURES};
use crate::feature_set::FeatureSet;
use crate::model::{Normaliser, Range, Scaling, TrainingRange};

/// The scaling METHOD.md gives each feature (before its constants are known).
fn kind(f: Feature) -> u8 {
    match f {
        Feature::BbKt
        | Feature::VarRatioB
        | Feature::VarRatioH
        | Feature::VarRatioS
        | Feature::VarNewqB => b'l',
        Feature::PowlawGamma => b'm',
        _ => b'r',
    }
}

fn min_max(v: impl Iterator<Item = f64>) -> (f64, f64) {
    v.fold((f64::INFINITY, f64::NEG_INFINITY), |(lo, hi), x| {
        (lo.min(x), hi.max(x))
    })
}

/// Fits the scalings of the `used` features from `rows` (raw units, complete in those
/// features); the other features keep `base`'s. A used feature with one value in every row
/// is an error (it carries no information and its covariances are singular).
pub fn fit_normaliser(
    rows: &[FeatureVector],
    used: FeatureSet,
    base: &Normaliser,
) -> Result<Normaliser, FitError> {
    let mut scalings = base.scalings;
    for f in used.features() {
        let i = f.index();
        let (lo, hi) = min_max(rows.iter().map(|r| r[i]));
        if rows.is_empty() || lo == hi {
            return Err(FitError::ConstantFeature {
                feature: f.name().into(),
                value: lo,
                rows: rows.len(),
            });
        }
        scalings[i] = match kind(f) {
            b'l' => {
                let smallest = rows
                    .iter()
                    .map(|r| r[i])
                    .filter(|&v| v > 0.0)
                    .fold(f64::INFINITY, f64::min);
                let shift = smallest / 10.0;
                let s = Scaling::Lognorm {
                    shift,
                    min: 0.0,
                    max: 1.0,
                };
                let (min, max) = min_max(rows.iter().map(|r| libm::log(s.before_log(r[i]))));
                if min == max {
                    return Err(FitError::ConstantFeature {
                        feature: f.name().into(),
                        value: lo,
                        rows: rows.len(),
                    });
                }
                Scaling::Lognorm { shift, min, max }
            }
            b'm' => Scaling::Minmax { min: lo, max: hi },
            _ => Scaling::Raw,
        };
    }
    Ok(Normaliser { scalings })
}

/// Median of each `used` feature over `rows` (the mean of the two middle values for an even
/// count, as NumPy); the others keep `base`'s value.
pub fn medians(rows: &[FeatureVector], used: FeatureSet, base: &FeatureVector) -> FeatureVector {
    let mut out = *base;
    for f in used.features() {
        let mut v: Vec<f64> = rows.iter().map(|r| r[f.index()]).collect();
        if v.is_empty() {
            continue;
        }
        v.sort_by(f64::total_cmp);
        let n = v.len();
        out[f.index()] = if n % 2 == 1 {
            v[n / 2]
        } else {
            (v[n / 2 - 1] + v[n / 2]) / 2.0
        };
    }
    out
}

/// The raw range of each `used` feature over `rows`; the others keep `base`'s.
pub fn raw_range(rows: &[FeatureVector], used: FeatureSet, base: &TrainingRange) -> TrainingRange {
    let mut out = *base;
    for f in used.features() {
        let (lo, hi) = min_max(rows.iter().map(|r| r[f.index()]));
        if lo <= hi {
            out[f.index()] = Range { lo, hi };
        }
    }
    out
}

const _: () = assert!(N_FEATURES == 12);

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn constants_follow_the_method() {
        let mut rows = vec![[0.5; N_FEATURES]; 4];
        for (i, r) in rows.iter_mut().enumerate() {
            r[Feature::BbKt.index()] = [0.0, 0.2, 1.0, 5.0][i];
            r[Feature::PowlawGamma.index()] = [-1.0, 0.0, 2.0, 3.0][i];
            r[Feature::HardHm.index()] = [-0.5, 0.0, 0.1, 0.9][i];
        }
        let used = FeatureSet::of([Feature::BbKt, Feature::PowlawGamma, Feature::HardHm]);
        let base = crate::Model::published().normaliser;
        let n = fit_normaliser(&rows, used, &base).unwrap();
        let Scaling::Lognorm { shift, min, max } = n.scalings[Feature::BbKt.index()] else {
            panic!()
        };
        assert_eq!(shift, 0.02);
        assert_eq!((min, max), (0.02f64.ln(), 5.02f64.ln()));
        assert_eq!(
            n.scalings[Feature::PowlawGamma.index()],
            Scaling::Minmax {
                min: -1.0,
                max: 3.0
            }
        );
        assert_eq!(n.scalings[Feature::HardHm.index()], Scaling::Raw);
        assert_eq!(
            n.scalings[Feature::VarNewqB.index()],
            base.scalings[Feature::VarNewqB.index()]
        );
        assert_eq!(n.apply(&rows[3])[Feature::BbKt.index()], 1.0);
        let med = medians(&rows, used, &[9.0; N_FEATURES]);
        assert_eq!(
            (
                med[Feature::BbKt.index()],
                med[Feature::HardHm.index()],
                med[1]
            ),
            (0.6, 0.05, 9.0)
        );
        let err = fit_normaliser(&rows, FeatureSet::of([Feature::VarProbB]), &base).unwrap_err();
        assert!(
            err.to_string()
                .contains("var_prob_b is constant (0.5) over all 4"),
            "{err}"
        );
    }
}
