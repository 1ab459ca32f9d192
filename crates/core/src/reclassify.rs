//! The published catalog seen through another model.
//!
//! The published tables give features only for each source's first detection (8,756 of the
//! 14,507 detections); the other detections carry only the published model's probabilities.
//! Under another model each source is therefore classified by its first detection alone: the
//! reclassified catalog has exactly one detection per source (that one), and the source's
//! master classes are that detection's class. Detection counts stay the real ones in
//! [`Points`] so that count filters keep their meaning.

use crate::catalog::{Catalog, Detection, Source};
use crate::model::Model;
use crate::points::Points;

/// A catalog reclassified by a model, with its plottable rows.
#[derive(Clone, Debug)]
pub struct Reclassified {
    /// One detection per source (its first), classified by the model.
    pub catalog: Catalog,
    /// One row per source; `count` is the published number of detections.
    pub sources: Points,
    /// One row per classified detection (= per source); `count` as in `sources`.
    pub detections: Points,
}

/// Classifies each source of `cat` by its first detection with `model`.
///
/// Invariant: `result.catalog.sources[i]` has the name, position and features of
/// `cat.sources[i]`, one detection (`i`), and `soft == hard ==` that detection's class.
pub fn reclassify(cat: &Catalog, model: &Model) -> Reclassified {
    let features: Vec<_> = cat.sources.iter().map(|s| s.features).collect();
    let classes = model.classify_batch(&features);
    let mut detections = Vec::with_capacity(cat.sources.len());
    let mut sources = Vec::with_capacity(cat.sources.len());
    for (i, (s, c)) in cat.sources.iter().zip(&classes).enumerate() {
        let first = &cat.detections[s.first as usize];
        detections.push(Detection {
            source: i as u32,
            obsid: first.obsid,
            ra: first.ra,
            dec: first.dec,
            cluster: c.cluster as u8,
            probs: c.probs,
        });
        let class = c.class();
        sources.push(Source {
            name: s.name.clone(),
            ra: s.ra,
            dec: s.dec,
            soft: class,
            hard: class,
            detections: i as u32..i as u32 + 1,
            first: i as u32,
            mean: c.probs,
            std: [0.0; crate::class::N_CLASSES],
            features: s.features,
        });
    }
    let catalog = Catalog {
        detections,
        sources,
    };
    let counts: Vec<u32> = cat
        .sources
        .iter()
        .map(|s| s.detection_count() as u32)
        .collect();
    let mut src = Points::sources(&catalog);
    let mut det = Points::detections(&catalog);
    src.count.clone_from(&counts);
    det.count = counts;
    Reclassified {
        catalog,
        sources: src,
        detections: det,
    }
}
