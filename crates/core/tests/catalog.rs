//! The shipped catalog against the published CSV tables.

mod common;
use common::*;
use xclass_core::{Catalog, Class, Feature};

#[test]
fn counts_match_the_paper() {
    let cat = catalog();
    assert_eq!(cat.detections.len(), 14_507);
    assert_eq!(cat.sources.len(), 8_756);
    assert_eq!(cat.unique_count(), 8_271);
    assert_eq!(cat.sources.len() - cat.unique_count(), 485);
}

#[test]
fn known_rows_are_read_at_full_precision() {
    let cat = catalog();
    // detection_level_classification.csv, first data row.
    let d = &cat.detections[0];
    assert_eq!(cat.sources[d.source as usize].name, "2CXO J000010.0-501526");
    assert_eq!((d.obsid, d.cluster), (11997, 1));
    assert_eq!(d.ra, 0.0418034754126779);
    assert_eq!(d.dec, -50.25740005422238);
    assert_eq!(d.probs[Class::Qso.index()], 0.7109412459295301);
    assert_eq!(d.probs[Class::OrionV.index()], 0.0003486015416036518);
    assert_eq!(d.class(), Class::Qso);
    // uniquely_classified.csv, first data row.
    let s = &cat.sources[cat.find("2CXO J004231.1+411621").unwrap()];
    assert_eq!((s.soft, s.hard, s.detection_count()), (Class::Hmxb, Class::Hmxb, 97));
    assert_eq!((s.mean[0], s.std[0]), (0.056, 0.152));
    assert_eq!(s.features[Feature::HardHm.index()], -0.058713304184885);
    assert_eq!(s.features[Feature::VarNewqB.index()], 1.0018268098380196);
    assert_eq!(s.ra, 10.629760440205644);
    // ambiguous_classification.csv, first data row.
    let a = &cat.sources[cat.find("2CXO J004228.2+411222").unwrap()];
    assert_eq!((a.soft, a.hard, a.detection_count()), (Class::Hmxb, Class::Lmxb, 66));
    assert!(!a.is_unique());
    assert_eq!(a.features[Feature::PowlawGamma.index()], 1.80059);
}

#[test]
fn every_source_is_joined_to_its_detections() {
    let cat = catalog();
    cat.check_join().unwrap();
    for (i, s) in cat.sources.iter().enumerate() {
        let dets = cat.detections_of(i);
        assert_eq!(dets.len(), s.detection_count());
        let first = &cat.detections[s.first as usize];
        assert!(dets.iter().all(|d| d.obsid >= first.obsid));
    }
    // A source with two detections in its first observation keeps file order (row 2645, not 2646).
    let i = cat.find("2CXO J025547.7+192911").unwrap();
    assert_eq!(cat.sources[i].first, 2645);
}

#[test]
fn asset_round_trips_and_the_committed_asset_is_current() {
    let cat = catalog();
    let bytes = cat.to_asset(xclass_core::assets::CREDIT);
    assert_eq!(&Catalog::from_asset(&bytes).unwrap(), cat);
    let committed = std::fs::read(repo().join("assets/catalog.bin")).expect("assets/catalog.bin (run `xclass pack`)");
    assert!(committed == bytes, "assets/catalog.bin is stale: run `cargo run -p xclass-cli -- pack`");
}

#[test]
fn corrupt_assets_are_refused_with_a_reason() {
    let bytes = catalog().to_asset("");
    assert!(Catalog::from_asset(b"PK\x03\x04 zip file").unwrap_err().to_string().contains("magic"));
    let truncated = Catalog::from_asset(&bytes[..bytes.len() / 2]).unwrap_err();
    assert!(truncated.to_string().contains("corrupt"), "{truncated}");
}

#[test]
fn feature_quantiles_bracket_the_published_features() {
    let cat = catalog();
    let (lo, mid, hi) = (cat.feature_quantile(0.005), cat.feature_quantile(0.5), cat.feature_quantile(0.995));
    for f in Feature::ALL {
        let i = f.index();
        assert!(lo[i] <= mid[i] && mid[i] <= hi[i], "{}", f.name());
    }
    // Hardness ratios lie in [-1, 1]; the medians of the first detections are model.json's fill values.
    assert!(lo[Feature::HardHs.index()] >= -1.0 && hi[Feature::HardHs.index()] <= 1.0);
    let fill = &common::model().fill.values;
    for f in [Feature::HardHm, Feature::HardHs, Feature::VarProbB, Feature::VarRatioS, Feature::VarNewqB] {
        assert!((mid[f.index()] - fill[f.index()]).abs() < 1e-12, "{} median {} vs fill {}", f.name(), mid[f.index()], fill[f.index()]);
    }
}
