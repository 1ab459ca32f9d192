//! A mixture and class models fitted on d ≤ 12 features, embedded in the 12-feature model:
//! each unused feature gets the same mean (its normalised fill value) and variance (1) in
//! every component with no covariance, so it adds the same term to every component's
//! log-density and changes no responsibility; the class models have zero rows and columns
//! there. The model file lists the features used.

use super::class_fit::ClassModels;
use super::mixture::Mixture;
use super::progress::FitError;
use crate::class::N_CLASSES;
use crate::feature::{FeatureVector, FillValues, N_FEATURES};
use crate::feature_set::FeatureSet;
use crate::model::{ClusterClassifier, Gmm, Model, Normaliser, Quadratic, TrainingRange};

/// The 12-feature model. Without class models (`None`), every cluster gets one class model
/// (QSO, A = b = c = 0) as a placeholder: for cluster assignment only.
pub(super) fn embed(
    m: &Mixture,
    used: &[usize],
    normaliser: &Normaliser,
    fill: &FeatureVector,
    classes: Option<(ClassModels, TrainingRange, String)>,
) -> Result<Model, FitError> {
    let centre = normaliser.apply(fill);
    let mut means = Vec::with_capacity(m.k());
    let mut covs = Vec::with_capacity(m.k());
    for c in 0..m.k() {
        let mut mean = centre;
        let mut cov = [[0.0; N_FEATURES]; N_FEATURES];
        for (i, row) in cov.iter_mut().enumerate() {
            row[i] = 1.0;
        }
        for (a, &fa) in used.iter().enumerate() {
            mean[fa] = m.means[c][a];
            for (b, &fb) in used.iter().enumerate() {
                cov[fa][fb] = m.covariances[c][a][b];
            }
        }
        means.push(mean);
        covs.push(cov);
    }
    let k = m.k();
    let gmm = Gmm::new(m.weights.clone(), means, covs)
        .map_err(|e| FitError::Invalid(format!("fitted mixture: {e}")))?;
    let features_used = FeatureSet::of(used.iter().map(|&i| crate::feature::Feature::ALL[i]));
    let (clusters, trained_on, description) = match classes {
        Some((cm, range, description)) => {
            let clusters = cm
                .classes
                .into_iter()
                .enumerate()
                .map(|(c, q)| ClusterClassifier::new(q, gmm.means[c]))
                .collect();
            (clusters, Some(range), description)
        }
        None => {
            let zero = Quadratic {
                quadratic: [[0.0; N_FEATURES]; N_FEATURES],
                linear: [0.0; N_FEATURES],
                constant: 0.0,
            };
            let q: [Option<Quadratic>; N_CLASSES] =
                std::array::from_fn(|i| (i == 0).then(|| zero.clone()));
            (
                (0..k)
                    .map(|c| ClusterClassifier::new(q.clone(), gmm.means[c]))
                    .collect(),
                None,
                String::new(),
            )
        }
    };
    Ok(Model {
        description,
        normaliser: normaliser.clone(),
        gmm,
        clusters,
        fill: FillValues {
            values: *fill,
            provenance: "medians of the fitting table".into(),
        },
        extra: serde_json::json!({"reference_class": null, "notes": null, "report": null}),
        trained_on,
        features_used,
        range: Default::default(),
    })
}
