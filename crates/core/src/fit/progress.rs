//! Progress reports, cancel, and the errors of fitting.

use serde::{Deserialize, Serialize};

/// What a progress callback answers.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub enum Control {
    Continue,
    /// Stop as soon as possible: the fit returns [`FitError::Cancelled`].
    Cancel,
}

/// The step of the method being run.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub enum Stage {
    /// k-means initialisation of one restart.
    KMeans,
    /// An EM iteration.
    Em,
    /// Per-cluster class models.
    ClassModels,
    /// Classifying the held-out rows.
    Validation,
}

/// One progress report, sent after every EM iteration (and between stages).
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct FitProgress {
    pub stage: Stage,
    /// Mixture fits finished so far in this run, and how many the run makes
    /// (K values × restarts of a sweep, plus the final fit).
    pub fits_done: usize,
    pub fits_total: usize,
    /// The fit in progress: number of components, restart (0-based), EM iteration (1-based).
    pub k: usize,
    pub restart: usize,
    pub iteration: usize,
    /// Its mean log-likelihood lower bound so far (NaN before the first iteration).
    pub lower_bound: f64,
}

/// Why a fit did not produce a result. Each message is one line for a person.
#[derive(Clone, Debug, PartialEq, thiserror::Error, Serialize, Deserialize)]
pub enum FitError {
    #[error("cancelled")]
    Cancelled,
    #[error("{0}")]
    Table(String),
    #[error("K = {k} components need at least {k} rows; {rows} usable rows")]
    TooFewRows { rows: usize, k: usize },
    #[error("row {row}: {feature} is not finite ({value})")]
    NonFinite {
        row: usize,
        feature: String,
        value: f64,
    },
    #[error("feature {feature} is constant ({value}) over all {rows} fitting rows: leave it out (--features)")]
    ConstantFeature {
        feature: String,
        value: f64,
        rows: usize,
    },
    #[error(
        "ill-defined empirical covariance (K = {k}, component {component}): try fewer components"
    )]
    IllDefinedCovariance { k: usize, component: usize },
    #[error("{0}")]
    Labels(String),
    #[error("{0}")]
    Invalid(String),
}
