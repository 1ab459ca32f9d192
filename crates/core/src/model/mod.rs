//! The classifier: normalisation → GMM cluster → that cluster's class model.
//!
//! A [`Model`] is a value loaded from data (`model.json`); nothing here is wired to the
//! published numbers, so a user-fitted model can replace it everywhere.

mod accurate;
mod batch;
mod simd;
pub(crate) mod typical;
mod density;
mod exp_table;
pub(crate) mod lanes;
pub mod class_model;
mod file;
mod identity;
pub mod gmm;
pub mod normalise;
mod range;

pub use simd::Simd;
pub use typical::Typicality;
pub use class_model::{ClusterClassifier, Quadratic};
pub use file::ModelError;
pub use identity::HASH_LEN;
pub use gmm::Gmm;
pub use normalise::{Normaliser, Scaling};
pub use range::{Range, TrainingRange};

use crate::class::{argmax, group_probs, Class, ClassProbs, Group, N_GROUPS};
use crate::feature::{FeatureVector, FillValues, FilledMask, N_FEATURES};
use crate::feature_set::FeatureSet;

/// The complete inference model.
#[derive(Clone, Debug)]
pub struct Model {
    /// Free text describing where the model comes from.
    pub description: String,
    /// Raw → normalised feature scaling.
    pub normaliser: Normaliser,
    /// The Gaussian mixture in normalised space.
    pub gmm: Gmm,
    /// One class model per GMM component.
    pub clusters: Vec<ClusterClassifier>,
    /// What missing features are filled with.
    pub fill: FillValues,
    /// Metadata carried through unchanged (reference classes, notes, report).
    pub extra: serde_json::Value,
    /// The raw range each feature was fitted on, when the file records it
    /// (see [`Model::training_range`]).
    pub trained_on: Option<TrainingRange>,
    /// The features the model was fitted on (the file's `features_used`; all 12 when absent).
    /// The others have no influence: equal in every GMM component, zero in every class model.
    pub features_used: FeatureSet,
    /// [`Model::training_range`], computed on first use (from `trained_on` and the
    /// normaliser, which nothing changes once a model is built).
    pub(crate) range: std::sync::OnceLock<TrainingRange>,
}

/// The result of classifying one detection.
#[derive(Clone, Copy, Debug, PartialEq)]
pub struct Classification {
    /// GMM component (cluster).
    pub cluster: usize,
    /// The 10 class probabilities.
    pub probs: ClassProbs,
}

impl Classification {
    /// The most probable class (first wins ties).
    pub fn class(&self) -> Class {
        Class::ALL[argmax(&self.probs)]
    }

    /// The four aggregated group probabilities.
    pub fn group_probs(&self) -> [f64; N_GROUPS] {
        group_probs(&self.probs)
    }

    /// The most probable group.
    pub fn group(&self) -> Group {
        Group::ALL[argmax(&self.group_probs())]
    }
}

impl Model {
    /// The published model of Pérez-Díaz et al. (2024), shipped with xclass.
    pub fn published() -> Model {
        Model::from_json(crate::assets::MODEL_JSON).expect("the shipped model.json is valid")
    }

    /// Classifies a raw-unit feature vector. Non-finite values are filled with the fill values.
    pub fn classify(&self, raw: &FeatureVector) -> Classification {
        let (filled, _) = self.fill.fill(&raw.map(Some));
        self.classify_normalised(&self.normaliser.apply(&filled))
    }

    /// Classifies raw values where some may be missing; reports which were filled.
    pub fn classify_partial(&self, raw: &[Option<f64>; N_FEATURES]) -> (Classification, FilledMask) {
        let (filled, mask) = self.fill.fill(raw);
        (self.classify_normalised(&self.normaliser.apply(&filled)), mask)
    }

    /// Classifies an already normalised vector.
    pub fn classify_normalised(&self, x: &FeatureVector) -> Classification {
        let cluster = self.gmm.predict(x);
        Classification { cluster, probs: self.clusters[cluster].probabilities(x) }
    }

    /// GMM responsibilities of every component for a raw vector.
    pub fn responsibilities(&self, raw: &FeatureVector) -> Vec<f64> {
        let (filled, _) = self.fill.fill(&raw.map(Some));
        self.gmm.responsibilities(&self.normaliser.apply(&filled))
    }
}
