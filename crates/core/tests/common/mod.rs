//! Shared helpers for the integration tests: the published data shipped in the repo.
#![allow(dead_code)]

use std::path::PathBuf;
use std::sync::OnceLock;
use xclass_core::catalog::published::read_published;
use xclass_core::novelty::NoveltyReference;
use xclass_core::{Catalog, Model};

/// The repository root.
pub fn repo() -> PathBuf {
    PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("../..")
}

/// The published tables, as shipped under data/umlcaxs.
pub fn published_dir() -> PathBuf {
    repo().join("data/umlcaxs")
}

/// The published catalog read from the CSVs (once per test binary).
pub fn catalog() -> &'static Catalog {
    static CAT: OnceLock<Catalog> = OnceLock::new();
    CAT.get_or_init(|| read_published(&published_dir()).expect("published tables read"))
}

/// The shipped model.
pub fn model() -> &'static Model {
    static M: OnceLock<Model> = OnceLock::new();
    M.get_or_init(Model::published)
}

/// The novelty reference of the shipped model: the catalog's detections with features, as
/// the CLI builds it.
pub fn reference() -> &'static NoveltyReference {
    static R: OnceLock<NoveltyReference> = OnceLock::new();
    R.get_or_init(|| {
        let f: Vec<_> = catalog().sources.iter().map(|s| s.features).collect();
        NoveltyReference::new(model(), &f)
    })
}
