//! The header's counts (issue 15/16): the published catalog's numbers as the published CSVs
//! give them, and the same catalog under another model counted as that model classifies it.

mod common;
use common::*;
use xclass_core::class::Group;
use xclass_core::points::Points;
use xclass_core::reclassify::reclassify;
use xclass_core::summary::{Origin, Summary};
use xclass_core::Class;

/// Sources per group of the soft-vote master class, counted from the published CSVs.
fn published_groups() -> [usize; 4] {
    let mut out = [0; 4];
    for (file, col) in [
        ("uniquely_classified.csv", "master_class"),
        ("ambiguous_classification.csv", "soft_master_class"),
    ] {
        let text = std::fs::read_to_string(published_dir().join(file)).unwrap();
        let mut lines = text.lines();
        let at = lines
            .next()
            .unwrap()
            .split(',')
            .position(|h| h == col)
            .unwrap();
        for l in lines {
            let class = Class::from_name(l.split(',').nth(at).unwrap()).unwrap();
            out[class.group().index()] += 1;
        }
    }
    out
}

#[test]
fn the_published_header_counts_are_the_published_tables() {
    let cat = catalog();
    let s = Summary::of(
        Origin::Published,
        &Points::sources(cat),
        Points::detections(cat).len(),
    );
    assert_eq!(
        s.headline(),
        "14,507 detections · 8,756 sources (8,271 unique, 485 ambiguous)"
    );
    assert_eq!(s.groups, published_groups());
    let line = s.groups_line();
    for g in Group::ALL {
        assert!(
            line.contains(&format!(
                "{} {}",
                g.name(),
                xclass_core::format::thousands(s.groups[g.index()])
            )),
            "{line}"
        );
    }
}

#[test]
fn under_another_model_the_header_counts_that_model_s_classes() {
    let cat = catalog();
    // The published model with its cluster weights reversed: a different model, other classes.
    let mut json: serde_json::Value = serde_json::from_str(&model().to_json()).unwrap();
    let w = json["gmm"]["weights"].as_array_mut().unwrap();
    w.reverse();
    let other = xclass_core::Model::from_json(&json.to_string()).unwrap();
    let r = reclassify(cat, &other);
    let s = Summary::of(Origin::Reclassified, &r.sources, r.detections.len());
    assert_eq!(
        s.headline(),
        "8,756 detections · 8,756 sources (each classified by its first detection)"
    );
    // Counted independently: each source's first-detection features classified one by one.
    let mut want = [0; 4];
    for src in &cat.sources {
        want[other.classify(&src.features).class().group().index()] += 1;
    }
    assert_eq!(s.groups, want);
    assert_ne!(
        s.groups,
        published_groups(),
        "the other model classifies differently"
    );
    assert_eq!(
        Summary::of(Origin::Synthetic, &r.sources, 1).headline(),
        "1 synthetic detection · 8,756 sources (one detection each)"
    );
}
