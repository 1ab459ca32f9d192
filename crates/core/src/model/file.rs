//! The model file format (`model.json`): parsing with clear errors, and writing back.

use super::class_model::{ClusterClassifier, Quadratic};
use super::gmm::{Gmm, GmmError};
use super::normalise::{Normaliser, Scaling};
use super::range::{Range, TrainingRange};
use super::Model;
use crate::class::{Class, N_CLASSES};
use crate::feature::{Feature, FillValues, N_FEATURES};
use crate::feature_set::FeatureSet;
use serde::{Deserialize, Serialize};
use std::collections::BTreeMap;

mod validate;

/// Why a model file could not be used. Displays on one line, naming the field.
#[derive(Debug, thiserror::Error)]
pub enum ModelError {
    #[error("model file is not valid JSON of the expected shape: {}", crate::message::one_line(.0))]
    Json(String),
    #[error("model file: {}", crate::message::one_line(.0))]
    Invalid(String),
}

fn invalid<T>(msg: impl Into<String>) -> Result<T, ModelError> {
    Err(ModelError::Invalid(msg.into()))
}

#[derive(Serialize, Deserialize)]
struct ScalingJson {
    kind: String,
    shift: Option<f64>,
    min: Option<f64>,
    max: Option<f64>,
}

#[derive(Serialize, Deserialize)]
struct GmmJson {
    weights: Vec<f64>,
    means: Vec<Vec<f64>>,
    covariances: Vec<Vec<Vec<f64>>>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    precisions_cholesky: Option<Vec<Vec<Vec<f64>>>>,
}

#[derive(Serialize, Deserialize)]
struct FillJson {
    values: BTreeMap<String, f64>,
    #[serde(default)]
    provenance: String,
}

#[derive(Serialize, Deserialize)]
struct ModelJson {
    #[serde(default)]
    description: String,
    features: Vec<String>,
    classes: Vec<String>,
    normalisation: BTreeMap<String, ScalingJson>,
    gmm: GmmJson,
    classifier: BTreeMap<String, BTreeMap<String, Option<Quadratic>>>,
    fill_values: FillJson,
    #[serde(default)]
    reference_class: serde_json::Value,
    #[serde(default)]
    notes: serde_json::Value,
    #[serde(default)]
    report: serde_json::Value,
    /// Raw `[lo, hi]` per feature name, as fitted (optional).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    training_range: Option<BTreeMap<String, [f64; 2]>>,
    /// The features the model was fitted on (optional: all 12).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    features_used: Option<FeatureSet>,
}

/// The scaling of `f`, once [`validate::scaling`] passed.
fn scaling(f: Feature, s: &ScalingJson) -> Result<Scaling, ModelError> {
    validate::scaling(f, s)?;
    let v = |x: Option<f64>| x.unwrap_or(f64::NAN);
    Ok(match s.kind.as_str() {
        "minmax" => Scaling::Minmax { min: v(s.min), max: v(s.max) },
        "lognorm" => Scaling::Lognorm { shift: v(s.shift), min: v(s.min), max: v(s.max) },
        _ => Scaling::Raw,
    })
}

fn training_range(m: &BTreeMap<String, [f64; 2]>) -> Result<TrainingRange, ModelError> {
    validate::only_features(m, "training_range")?;
    let mut r = [Range { lo: 0.0, hi: 0.0 }; N_FEATURES];
    for f in Feature::ALL {
        let [lo, hi] = *m.get(f.name()).ok_or_else(|| ModelError::Invalid(format!("training_range: no entry for {}", f.name())))?;
        validate::range(f, lo, hi)?;
        r[f.index()] = Range { lo, hi };
    }
    Ok(r)
}

impl Model {
    /// Parses a model in the `model.json` format (see `assets/README.md`).
    pub fn from_json(text: &str) -> Result<Model, ModelError> {
        let m: ModelJson = serde_path_to_error::deserialize(&mut serde_json::Deserializer::from_str(text)).map_err(|e| {
            let path = e.path().to_string();
            let e = e.into_inner();
            ModelError::Json(if path == "." { e.to_string() } else { format!("{path}: {e}") })
        })?;
        let names: Vec<&str> = Feature::ALL.iter().map(|f| f.name()).collect();
        if m.features != names {
            return invalid(format!("features must be, in order: {}", names.join(", ")));
        }
        let classes: Vec<&str> = Class::ALL.iter().map(|c| c.name()).collect();
        if m.classes != classes {
            return invalid(format!("classes must be, in order: {}", classes.join(", ")));
        }
        validate::only_features(&m.normalisation, "normalisation")?;
        validate::only_features(&m.fill_values.values, "fill_values.values")?;
        let mut scalings = [Scaling::Raw; N_FEATURES];
        let mut fill = [0.0; N_FEATURES];
        for f in Feature::ALL {
            let s = m.normalisation.get(f.name());
            scalings[f.index()] = scaling(f, s.ok_or_else(|| ModelError::Invalid(format!("no normalisation for {}", f.name())))?)?;
            let v = *m.fill_values.values.get(f.name()).ok_or_else(|| ModelError::Invalid(format!("no fill value for {}", f.name())))?;
            validate::in_domain(f, v, &format!("fill_values.values.{}", f.name()))?;
            fill[f.index()] = v;
        }
        validate::weights(&m.gmm.weights)?;
        let k = m.gmm.weights.len();
        if m.gmm.means.len() != k || m.gmm.covariances.len() != k {
            let (means, covs) = (m.gmm.means.len(), m.gmm.covariances.len());
            return invalid(format!("gmm: {k} weights, {means} means and {covs} covariances; the counts must agree"));
        }
        let means =
            m.gmm.means.iter().enumerate().map(|(i, v)| validate::vector(v, &format!("gmm.means[{i}]"))).collect::<Result<Vec<_>, _>>()?;
        let mut covs = Vec::with_capacity(k);
        for (i, c) in m.gmm.covariances.iter().enumerate() {
            let field = format!("gmm.covariances[{i}]");
            let c = validate::matrix(c, &field)?;
            validate::symmetric(&c, &field)?;
            covs.push(c);
        }
        let gmm = Gmm::new(m.gmm.weights.clone(), means, covs).map_err(|e| match e {
            GmmError::Component(i, _) => {
                ModelError::Invalid(format!("gmm.covariances[{i}] is not positive definite (its Cholesky factorisation fails)"))
            }
            e => ModelError::Invalid(format!("gmm: {e}")),
        })?;
        for key in m.classifier.keys() {
            validate::cluster_key(key, k)?;
        }
        let mut clusters = Vec::with_capacity(k);
        let mut quadratics = Vec::with_capacity(k);
        for cluster in 0..k {
            let table = m
                .classifier
                .get(&cluster.to_string())
                .ok_or_else(|| ModelError::Invalid(format!("classifier: no entry for cluster {cluster}")))?;
            if let Some(name) = table.keys().find(|n| Class::from_name(n).is_none()) {
                return invalid(format!("classifier.{cluster}: unknown class {}", crate::message::quoted(name)));
            }
            let mut qs: [Option<Quadratic>; N_CLASSES] = Default::default();
            for c in Class::ALL {
                if let Some(q) = table.get(c.name()).cloned().flatten() {
                    let field = format!("classifier.{cluster}.{}", validate::key(c.name()));
                    validate::matrix(&q.quadratic.map(Vec::from), &format!("{field}.quadratic"))?;
                    validate::symmetric(&q.quadratic, &format!("{field}.quadratic"))?;
                    validate::vector(&q.linear, &format!("{field}.linear"))?;
                    validate::finite(q.constant, &format!("{field}.constant"))?;
                    qs[c.index()] = Some(q);
                }
            }
            if qs.iter().all(Option::is_none) {
                return invalid(format!("classifier: cluster {cluster} has no class"));
            }
            quadratics.push(qs.clone());
            clusters.push(ClusterClassifier::new(qs, gmm.means[cluster]));
        }
        if let Some(used) = m.features_used {
            validate::unused_features(used, &gmm, &quadratics)?;
        }
        Ok(Model {
            description: m.description,
            normaliser: Normaliser { scalings },
            gmm,
            clusters,
            fill: FillValues { values: fill, provenance: m.fill_values.provenance },
            extra: serde_json::json!({"reference_class": m.reference_class, "notes": m.notes, "report": m.report}),
            trained_on: m.training_range.as_ref().map(training_range).transpose()?,
            features_used: m.features_used.unwrap_or_default(),
            range: Default::default(),
        })
    }

    /// Writes the model in the same format [`Model::from_json`] reads.
    pub fn to_json(&self) -> String {
        let scaling = |s: Scaling| match s {
            Scaling::Raw => ScalingJson { kind: "raw".into(), shift: None, min: None, max: None },
            Scaling::Minmax { min, max } => ScalingJson { kind: "minmax".into(), shift: None, min: Some(min), max: Some(max) },
            Scaling::Lognorm { shift, min, max } => {
                ScalingJson { kind: "lognorm".into(), shift: Some(shift), min: Some(min), max: Some(max) }
            }
        };
        let json = ModelJson {
            description: self.description.clone(),
            features: Feature::ALL.iter().map(|f| f.name().to_string()).collect(),
            classes: Class::ALL.iter().map(|c| c.name().to_string()).collect(),
            normalisation: Feature::ALL.iter().map(|f| (f.name().to_string(), scaling(self.normaliser.scalings[f.index()]))).collect(),
            gmm: GmmJson {
                weights: self.gmm.weights.clone(),
                means: self.gmm.means.iter().map(|m| m.to_vec()).collect(),
                covariances: self.gmm.covariances.iter().map(|c| c.iter().map(|r| r.to_vec()).collect()).collect(),
                precisions_cholesky: None,
            },
            classifier: self
                .clusters
                .iter()
                .enumerate()
                .map(|(k, cc)| (k.to_string(), Class::ALL.iter().map(|c| (c.name().to_string(), cc.classes[c.index()].clone())).collect()))
                .collect(),
            fill_values: FillJson {
                values: Feature::ALL.iter().map(|f| (f.name().to_string(), self.fill.values[f.index()])).collect(),
                provenance: self.fill.provenance.clone(),
            },
            reference_class: sorted_keys(&self.extra["reference_class"]),
            notes: sorted_keys(&self.extra["notes"]),
            report: sorted_keys(&self.extra["report"]),
            training_range: self.trained_on.map(|r| {
                Feature::ALL.iter().map(|f| (f.name().to_string(), [r[f.index()].lo, r[f.index()].hi])).collect()
            }),
            features_used: (self.features_used != FeatureSet::ALL).then_some(self.features_used),
        };
        serde_json::to_string(&json).expect("a model always serialises")
    }
}

/// `v` with every object's keys in sorted order, whether or not serde_json keeps insertion
/// order (its `preserve_order` feature, which any dependency may turn on): the file's bytes,
/// and so the model's content hash, do not depend on it.
fn sorted_keys(v: &serde_json::Value) -> serde_json::Value {
    use serde_json::Value;
    match v {
        Value::Object(m) => {
            let mut keys: Vec<&String> = m.keys().collect();
            keys.sort();
            Value::Object(keys.into_iter().map(|k| (k.clone(), sorted_keys(&m[k]))).collect())
        }
        Value::Array(a) => Value::Array(a.iter().map(sorted_keys).collect()),
        other => other.clone(),
    }
}
