//! A model's short content hash: what permalinks name it by.

mod common;

use xclass_core::Model;

/// `sha256sum` of the shipped model written by `Model::to_json` (computed once with
/// coreutils: `XCLASS_WRITE_MODEL_JSON=1 cargo test --test model_identity` writes the file to
/// /tmp/xclass-published-canonical.json; `sha256sum` it), first 10 hex digits.
const PUBLISHED_HASH: &str = "afb4ce2092";

#[test]
fn the_hash_is_sha256_of_the_canonical_json() {
    let m = common::model();
    if std::env::var_os("XCLASS_WRITE_MODEL_JSON").is_some() {
        std::fs::write("/tmp/xclass-published-canonical.json", m.to_json()).unwrap();
    }
    assert_eq!(m.content_hash(), PUBLISHED_HASH);
}

#[test]
fn the_hash_ignores_formatting_and_changes_with_the_numbers() {
    let m = common::model();
    // The shipped file is pretty-printed: it reads as the same model, so the same hash.
    let pretty = Model::from_json(xclass_core::assets::MODEL_JSON).unwrap();
    assert!(xclass_core::assets::MODEL_JSON.contains("\n "));
    assert_eq!(pretty.content_hash(), m.content_hash());
    let back = Model::from_json(&m.to_json()).unwrap();
    assert_eq!(back.content_hash(), m.content_hash());
    let mut other = m.clone();
    other.fill.values[0] += 1e-12;
    assert_ne!(other.content_hash(), m.content_hash());
    assert_eq!(m.content_hash().len(), xclass_core::model::HASH_LEN);
}
