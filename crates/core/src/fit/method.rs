//! The whole method on a table: rows → normalisation → mixture (a fixed K, or a BIC sweep
//! and its suggested K) → class models from the training part of the labelled rows →
//! validation of the fitted and the published model on the test part → a `model.json`.

use super::bic::{bic, sweep_in, sweep_part, Done, Sweep, SweepOptions, SweepUnit};
use super::class_fit::{absent_everywhere, class_models};
use super::embed::embed;
use super::mixture::{fit_mixture_in, EmOptions, MixtureFit, RunPlace};
use super::normalise_fit::{fit_normaliser, medians, raw_range};
use super::progress::{Control, FitError, FitProgress, Stage};
use super::samples::Samples;
use super::split::stratified_split;
use super::table::FitTable;
use super::validate::{LevelMetrics, ValidationReport};
use crate::class::{Class, ClassProbs, N_CLASSES};
use crate::feature::{FeatureVector, N_FEATURES};
use crate::feature_set::FeatureSet;
use crate::labels::{parse_label, Label};
use crate::model::Model;
use serde::{Deserialize, Serialize};
use std::collections::BTreeMap;

/// Where the normalisation constants and fill values come from.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub enum Normalisation {
    /// Fitted from the fitting rows (METHOD.md's rules; fill values = their medians).
    Fit,
    /// Kept from the base model (the published one).
    Keep,
}

/// What to fit.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct MethodOptions {
    /// EM settings; `em.k` is the K fitted when there is no `k_range`.
    pub em: EmOptions,
    /// Sweep K over this inclusive range (`em.restarts` fits per K) and use the suggested K.
    pub k_range: Option<(usize, usize)>,
    /// The features to fit on (those the table lacks are an error).
    pub features: FeatureSet,
    pub normalisation: Normalisation,
    /// Fraction of each class's labelled rows held out for validation (0: none, all train).
    pub test_fraction: f64,
    /// Seed of the split.
    pub split_seed: u64,
}

impl Default for MethodOptions {
    fn default() -> MethodOptions {
        MethodOptions {
            em: EmOptions::default(),
            k_range: None,
            features: FeatureSet::ALL,
            normalisation: Normalisation::Fit,
            test_fraction: 0.2,
            split_seed: 42,
        }
    }
}

/// What became of every input row.
#[derive(Clone, Debug, Default, PartialEq, Serialize, Deserialize)]
pub struct RowAccount {
    pub read: usize,
    /// Rows with every used feature: fitted.
    pub fitted: usize,
    /// Rows lacking a used feature (left out, as the paper dropped them), and the first one.
    pub incomplete: usize,
    pub first_incomplete: Option<String>,
    /// Of the fitted rows: labelled with one of the 10 classes, unlabelled (empty or a type
    /// the paper counts as unlabelled), and other values by count.
    pub labelled: usize,
    pub unlabelled: usize,
    pub unmapped: BTreeMap<String, usize>,
}

/// The result of [`fit_method`].
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct FitOutcome {
    /// The fitted model (`model.json` text); `None` without labels (mixture only).
    pub model_json: Option<String>,
    pub features: FeatureSet,
    pub k: usize,
    /// The mixture at K, in the normalised space of the used features.
    pub mixture: MixtureFit,
    pub bic: f64,
    pub sweep: Option<Sweep>,
    pub rows: RowAccount,
    /// Training rows per cluster and class (empty without labels).
    pub class_counts: Vec<[usize; N_CLASSES]>,
    /// Classes with too few training rows in every cluster: never predicted.
    pub absent_classes: Vec<String>,
    pub validation: Option<ValidationReport>,
    /// Things a person should know (e.g. "no label column: mixture only").
    pub notes: Vec<String>,
}

impl FitOutcome {
    /// The fitted model, parsed from [`FitOutcome::model_json`] (what a file gives).
    pub fn model(&self) -> Option<Model> {
        self.model_json
            .as_deref()
            .map(|t| Model::from_json(t).expect("a fitted model parses"))
    }
}

/// Runs the method on `table`; `base` (the published model) gives the kept constants and the
/// comparison on the test rows. `progress` sees every EM iteration and can cancel.
pub fn fit_method(
    table: &FitTable,
    opt: &MethodOptions,
    base: &Model,
    progress: &mut dyn FnMut(&FitProgress) -> Control,
) -> Result<FitOutcome, FitError> {
    fit_method_with(table, opt, base, &Done::new(), progress)
}

/// Some fits of the BIC sweep of [`fit_method`] (`opt.k_range` set), for a sweep shared
/// among workers: [`fit_method_with`] given every worker's fits as `done` gives the same
/// bits as [`fit_method`].
pub fn sweep_part_of(
    table: &FitTable,
    opt: &MethodOptions,
    base: &Model,
    units: &[SweepUnit],
    progress: &mut dyn FnMut(&FitProgress) -> Control,
) -> Result<Done, FitError> {
    let (samples, sweep) = sweep_input(table, opt, base)?;
    sweep_part(&samples, &sweep, units, progress)
}

/// The rows and the sweep of [`fit_method`] on `table` (`opt.k_range` set): what
/// [`sweep_part`] needs, read and normalised once for any number of its calls.
pub fn sweep_input(
    table: &FitTable,
    opt: &MethodOptions,
    base: &Model,
) -> Result<(Samples, SweepOptions), FitError> {
    let sweep =
        sweep_options(opt).ok_or_else(|| FitError::Invalid("no K range to sweep".into()))?;
    Ok((prepare(table, opt, base)?.samples, sweep))
}

/// The sweep of `opt`, if it has a K range.
pub fn sweep_options(opt: &MethodOptions) -> Option<SweepOptions> {
    opt.k_range.map(|(lo, hi)| SweepOptions {
        k_min: lo,
        k_max: hi,
        fits_per_k: opt.em.restarts.max(1),
        em: opt.em.clone(),
    })
}

/// The fitting rows, read and normalised.
struct Prepared<'a> {
    idx: Vec<usize>,
    rows: RowAccount,
    raw: Vec<FeatureVector>,
    labels: Vec<Option<Class>>,
    names: Vec<Option<&'a str>>,
    notes: Vec<String>,
    normaliser: crate::model::Normaliser,
    fill: FeatureVector,
    samples: Samples,
}

fn prepare<'a>(
    table: &'a FitTable,
    opt: &MethodOptions,
    base: &Model,
) -> Result<Prepared<'a>, FitError> {
    let used = opt.features;
    let missing = used.without(table.available);
    if !missing.is_empty() {
        return Err(FitError::Invalid(format!(
            "{}: the table has no column for {} (leave it out with --features)",
            table.file,
            missing.to_list()
        )));
    }
    if !(0.0..1.0).contains(&opt.test_fraction) {
        return Err(FitError::Invalid(format!(
            "the test fraction {} is not in [0, 1)",
            opt.test_fraction
        )));
    }
    let idx: Vec<usize> = used.features().iter().map(|f| f.index()).collect();
    let mut rows = RowAccount {
        read: table.rows.len(),
        ..RowAccount::default()
    };
    let mut raw: Vec<FeatureVector> = Vec::new();
    let mut labels: Vec<Option<Class>> = Vec::new();
    let mut names: Vec<Option<&str>> = Vec::new();
    for r in &table.rows {
        if let Some(f) = idx.iter().find(|&&i| r.features[i].is_none()) {
            rows.incomplete += 1;
            if rows.first_incomplete.is_none() {
                rows.first_incomplete = Some(format!(
                    "{}: {} missing",
                    r.position,
                    crate::feature::Feature::ALL[*f].name()
                ));
            }
            continue;
        }
        // Unused features take the base fill value: the embedded model's centre there.
        raw.push(std::array::from_fn(|i| {
            if used.contains(crate::feature::Feature::ALL[i]) {
                r.features[i].unwrap_or(f64::NAN)
            } else {
                base.fill.values[i]
            }
        }));
        let label = table
            .label_column
            .as_ref()
            .map(|_| parse_label(r.label.as_deref().unwrap_or("")));
        labels.push(match label {
            Some(Label::Class(c)) => {
                rows.labelled += 1;
                Some(c)
            }
            Some(Label::Unknown(s)) => {
                *rows.unmapped.entry(s).or_default() += 1;
                None
            }
            _ => {
                rows.unlabelled += 1;
                None
            }
        });
        names.push(r.name.as_deref());
    }
    rows.fitted = raw.len();
    let mut notes = Vec::new();
    if table.label_column.is_none() {
        notes.push(
            "no label column: the mixture and the BIC only (class models need labels)".to_string(),
        );
    } else if rows.labelled == 0 {
        let unmapped: Vec<String> = rows
            .unmapped
            .iter()
            .take(5)
            .map(|(s, n)| format!("{s:?} ({n})"))
            .collect();
        return Err(FitError::Labels(format!(
            "{}: no label in column {:?} maps to one of the 10 classes (QSO, AGN, Seyfert_1, Seyfert_2, HMXB, LMXB, XB, YSO, TTau*, Orion_V*, in SIMBAD or the paper's spellings){}",
            table.file,
            table.label_column.as_deref().unwrap_or(""),
            if unmapped.is_empty() { String::new() } else { format!("; found {}", unmapped.join(", ")) }
        )));
    }
    let k_needed = opt.k_range.map_or(opt.em.k, |r| r.1);
    if raw.len() < k_needed.max(2) {
        return Err(FitError::TooFewRows {
            rows: raw.len(),
            k: k_needed,
        });
    }
    // Normalisation and fill values.
    let (normaliser, fill) = match opt.normalisation {
        Normalisation::Fit => (
            fit_normaliser(&raw, used, &base.normaliser)?,
            medians(&raw, used, &base.fill.values),
        ),
        Normalisation::Keep => (base.normaliser.clone(), base.fill.values),
    };
    let names_used: Vec<&str> = used.features().iter().map(|f| f.name()).collect();
    let x: Vec<f64> = raw
        .iter()
        .flat_map(|r| {
            let n = normaliser.apply(r);
            idx.iter().map(move |&i| n[i]).collect::<Vec<_>>()
        })
        .collect();
    let samples = Samples::new(idx.len(), x, &names_used)?;
    Ok(Prepared {
        idx,
        rows,
        raw,
        labels,
        names,
        notes,
        normaliser,
        fill,
        samples,
    })
}

/// [`fit_method`] using the sweep fits in `done` instead of making them again.
pub fn fit_method_with(
    table: &FitTable,
    opt: &MethodOptions,
    base: &Model,
    done: &Done,
    progress: &mut dyn FnMut(&FitProgress) -> Control,
) -> Result<FitOutcome, FitError> {
    let used = opt.features;
    let Prepared {
        idx,
        rows,
        raw,
        labels,
        names,
        notes,
        normaliser,
        fill,
        samples,
    } = prepare(table, opt, base)?;
    // The mixture: a sweep, or one K.
    let (sweep, fit) = match opt.k_range {
        Some((lo, _)) => {
            let sweep = sweep_options(opt).expect("a K range");
            let s = sweep_in(&samples, &sweep, 0, done, progress)?;
            let best = s.best[s.suggested_k - lo].clone();
            let best = if best.labels.is_empty() {
                relabel(best, &samples)?
            } else {
                best
            };
            (Some(s), best)
        }
        None => (
            None,
            fit_mixture_in(&samples, &opt.em, RunPlace { done: 0, total: 1 }, progress)?,
        ),
    };
    let k = fit.mixture.k();
    let bic = bic(fit.mean_log_likelihood, samples.n(), k, samples.d());
    let mut outcome = FitOutcome {
        model_json: None,
        features: used,
        k,
        bic,
        sweep,
        rows,
        class_counts: vec![],
        absent_classes: vec![],
        validation: None,
        notes,
        mixture: fit,
    };
    if table.label_column.is_none() {
        return Ok(outcome);
    }
    let tick = |stage: Stage, p: &mut dyn FnMut(&FitProgress) -> Control| {
        let r = FitProgress {
            stage,
            fits_done: 1,
            fits_total: 1,
            k,
            restart: 0,
            iteration: 0,
            lower_bound: f64::NAN,
        };
        if p(&r) == Control::Cancel {
            Err(FitError::Cancelled)
        } else {
            Ok(())
        }
    };
    tick(Stage::ClassModels, progress)?;
    // Class models from the training part of the labelled rows.
    let labelled: Vec<usize> = (0..labels.len()).filter(|&i| labels[i].is_some()).collect();
    let classes: Vec<Class> = labelled
        .iter()
        .map(|&i| labels[i].expect("labelled"))
        .collect();
    let (train, test) = stratified_split(&classes, opt.test_fraction, opt.split_seed);
    let mut train_labels = vec![None; labels.len()];
    for &t in &train {
        train_labels[labelled[t]] = labels[labelled[t]];
    }
    // Clusters as the model file will assign them (the embedded 12-feature mixture), so that
    // the class models are built on exactly the rows inference sends them.
    let provisional = embed(&outcome.mixture.mixture, &idx, &normaliser, &fill, None)?;
    let clusters: Vec<usize> = raw
        .iter()
        .map(|r| provisional.gmm.predict(&normaliser.apply(r)))
        .collect();
    let cm = class_models(&samples, &clusters, &train_labels, k, &idx);
    if let Some(c) = cm
        .classes
        .iter()
        .position(|cl| cl.iter().all(Option::is_none))
    {
        let members = clusters.iter().filter(|&&v| v == c).count();
        return Err(FitError::Labels(format!(
            "cluster {c} ({members} rows) has no class with at least {} labelled training rows: fit fewer components or label more rows",
            idx.len()
        )));
    }
    outcome.absent_classes = absent_everywhere(&cm)
        .iter()
        .map(|c| c.name().to_string())
        .collect();
    if !outcome.absent_classes.is_empty() {
        outcome.notes.push(format!(
            "{} never predicted: fewer than {} labelled training rows in every cluster",
            outcome.absent_classes.join(", "),
            idx.len()
        ));
    }
    outcome.class_counts = cm.counts.clone();
    let range = raw_range(&raw, used, &base.training_range());
    let mut model = embed(
        &outcome.mixture.mixture,
        &idx,
        &normaliser,
        &fill,
        Some((cm, range, describe(table, opt, k))),
    )?;
    if opt.normalisation == Normalisation::Keep {
        model.fill.provenance = base.fill.provenance.clone();
    }
    let json = model.to_json();
    let model = Model::from_json(&json)
        .map_err(|e| FitError::Invalid(format!("the fitted model does not read back: {e}")))?;
    outcome.model_json = Some(json);
    if !test.is_empty() {
        tick(Stage::Validation, progress)?;
        let rows_of = |m: &Model| -> Vec<ClassProbs> {
            test.iter()
                .map(|&t| {
                    m.classify_partial(&table_row(&raw[labelled[t]], used))
                        .0
                        .probs
                })
                .collect()
        };
        let truth: Vec<Class> = test.iter().map(|&t| classes[t]).collect();
        let test_names: Vec<Option<&str>> = test.iter().map(|&t| names[labelled[t]]).collect();
        outcome.validation = Some(ValidationReport {
            test_fraction: opt.test_fraction,
            seed: opt.split_seed,
            train_rows: train.len(),
            test_rows: test.len(),
            fitted: LevelMetrics::of(&truth, &rows_of(&model), &test_names),
            published: LevelMetrics::of(&truth, &rows_of(base), &test_names),
        });
    }
    Ok(outcome)
}

/// A fitted row as the classifier reads it: the used features, the rest missing (filled).
fn table_row(raw: &FeatureVector, used: FeatureSet) -> [Option<f64>; N_FEATURES] {
    std::array::from_fn(|i| {
        used.contains(crate::feature::Feature::ALL[i])
            .then_some(raw[i])
    })
}

fn relabel(mut f: MixtureFit, x: &Samples) -> Result<MixtureFit, FitError> {
    f.labels = f.mixture.predict(x)?;
    Ok(f)
}

fn describe(table: &FitTable, opt: &MethodOptions, k: usize) -> String {
    format!(
        "Fitted by xclass {} with the method of Pérez-Díaz et al. (2024) on {} (K = {k}, features {}, seed {}, label column {})",
        env!("CARGO_PKG_VERSION"),
        table.file,
        opt.features.to_list(),
        opt.em.seed,
        table.label_column.as_deref().unwrap_or("none")
    )
}
