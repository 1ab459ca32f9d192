//! Refitting the paper's method on a table: normalisation constants and fill values from the
//! fitting rows, a Gaussian mixture by EM (scikit-learn's `GaussianMixture` step by step:
//! k-means start, `reg_covar`, `tol` on the mean log-likelihood lower bound, restarts), a BIC
//! sweep over K, the per-cluster class models (pseudo-inverse Mahalanobis softmin), and the
//! paper's validation (stratified split, confusion matrices at detection and source level).
//!
//! The result is an ordinary [`crate::Model`] (its `model.json`), so the one inference path
//! serves fitted and published models alike. Everything is deterministic for a seed and gives
//! the same bits with or without the `parallel` feature (rayon across fixed chunks of rows,
//! combined in order) and on every platform (no FMA, portable `exp`/`ln`).

mod bic;
mod class_fit;
mod embed;
mod estep;
mod kmeans;
mod linalg;
mod method;
mod mixture;
mod normalise_fit;
mod progress;
mod samples;
mod split;
mod table;
mod validate;

pub use bic::{
    bic, n_parameters, suggest_k, sweep, sweep_part, sweep_units, Done, Sweep, SweepOptions,
    SweepPoint, SweepUnit, SUGGESTION_RULE,
};
pub use class_fit::{class_models, ClassModels, MIN_ROWS_PER_FEATURE};
pub use kmeans::kmeans;
pub use method::{
    fit_method, fit_method_with, sweep_input, sweep_options, sweep_part_of, FitOutcome,
    MethodOptions, Normalisation, RowAccount,
};
pub use mixture::{fit_from, fit_mixture, EmOptions, Mixture, MixtureFit};
pub use normalise_fit::{fit_normaliser, medians, raw_range};
pub use progress::{Control, FitError, FitProgress, Stage};
pub use samples::Samples;
pub use split::stratified_split;
pub use table::{FitRow, FitTable};
pub use validate::{LevelMetrics, Metrics, ValidationReport};
