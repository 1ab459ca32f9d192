//! Data shipped inside the crate (the published model), for the CLI and tests.

/// The published model (`assets/model.json`).
pub const MODEL_JSON: &str = include_str!(concat!(env!("CARGO_MANIFEST_DIR"), "/../../assets/model.json"));

/// The credit line every copy of the published data carries.
pub const CREDIT: &str = "Data: Pérez-Díaz, Martínez-Galarza, Caicedo & D'Abrusco (2024), \"Unsupervised Machine Learning \
for the Classification of Astrophysical X-ray Sources\", arXiv:2401.12203, umlcaxs repository, MIT licence. \
Chandra Source Catalog 2.0 detections; labels from SIMBAD.";
