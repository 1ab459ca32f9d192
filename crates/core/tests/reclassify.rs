//! The published catalog reclassified by a model: each source by its first detection.

mod common;

use xclass_core::class::argmax;
use xclass_core::reclassify::reclassify;
use xclass_core::Model;

#[test]
fn the_published_model_gives_back_each_first_detections_published_classification() {
    let cat = common::catalog();
    let r = reclassify(cat, common::model());
    assert_eq!(r.catalog.sources.len(), 8756);
    assert_eq!(
        r.catalog.detections.len(),
        8756,
        "one classified detection per source"
    );
    assert_eq!(r.detections.len(), 8756);
    for (i, s) in cat.sources.iter().enumerate() {
        let published = &cat.detections[s.first as usize];
        let mine = &r.catalog.detections[i];
        assert_eq!(
            (mine.obsid, mine.ra, mine.dec),
            (published.obsid, published.ra, published.dec)
        );
        // The known answer: the published cluster and probabilities (to the 1e-6 they were published with).
        assert_eq!(mine.cluster, published.cluster, "{}", s.name);
        for (a, b) in mine.probs.iter().zip(&published.probs) {
            assert!((a - b).abs() < 1e-6, "{}: {a} vs {b}", s.name);
        }
        let src = &r.catalog.sources[i];
        assert_eq!((src.soft, src.hard), (mine.class(), mine.class()));
        assert_eq!(
            r.sources.count[i] as usize,
            s.detection_count(),
            "counts stay the published ones"
        );
    }
    // Single-detection sources keep their published master class.
    let single = cat
        .sources
        .iter()
        .enumerate()
        .filter(|(_, s)| s.detection_count() == 1);
    let mut n = 0;
    for (i, s) in single {
        assert_eq!(r.catalog.sources[i].soft, s.soft, "{}", s.name);
        n += 1;
    }
    assert!(n > 5000, "{n} single-detection sources");
}

#[test]
fn another_model_changes_the_classes() {
    let cat = common::catalog();
    // The published model with two components' weights swapped: a different, valid model.
    let mut m: Model = common::model().clone();
    m.gmm = xclass_core::model::Gmm::new(
        vec![1.0 / 6.0; 6],
        m.gmm.means.clone(),
        m.gmm.covariances.clone(),
    )
    .unwrap();
    let r = reclassify(cat, &m);
    let changed = r
        .catalog
        .detections
        .iter()
        .zip(&cat.sources)
        .filter(|(d, s)| d.cluster != cat.detections[s.first as usize].cluster)
        .count();
    assert!(
        changed > 0,
        "equal weights move some detections to another cluster"
    );
    for (i, d) in r.catalog.detections.iter().enumerate() {
        let c = m.classify(&cat.sources[i].features);
        assert_eq!(
            (d.cluster as usize, argmax(&d.probs)),
            (c.cluster, argmax(&c.probs))
        );
    }
}
