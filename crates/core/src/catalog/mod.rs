//! The published catalog: detections and sources, joined by name.
//!
//! Sources are ordered by name; the detections of source `i` are the contiguous rows
//! `sources[i].detections` of the detection table, in the published file order.

mod asset;
pub mod published;

pub use asset::{AssetError, ASSET_FORMAT};

use crate::class::{argmax, Class, ClassProbs, Group};
use crate::feature::FeatureVector;
use serde::{Deserialize, Serialize};
use std::ops::Range;

/// One classified detection (a source seen in one observation).
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct Detection {
    /// Index of the source in [`Catalog::sources`].
    pub source: u32,
    /// Chandra observation identifier.
    pub obsid: u32,
    /// ICRS right ascension, degrees.
    pub ra: f64,
    /// ICRS declination, degrees.
    pub dec: f64,
    /// GMM component, 0-5.
    pub cluster: u8,
    /// The 10 class probabilities, full precision.
    pub probs: ClassProbs,
}

impl Detection {
    /// The predicted class (argmax of the probabilities).
    pub fn class(&self) -> Class {
        Class::ALL[argmax(&self.probs)]
    }
}

/// One source with its master classes.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct Source {
    /// CSC 2.0 name, `2CXO Jhhmmss.s±ddmmss`.
    pub name: String,
    /// ICRS right ascension, degrees.
    pub ra: f64,
    /// ICRS declination, degrees.
    pub dec: f64,
    /// Master class by soft voting (argmax of mean probability).
    pub soft: Class,
    /// Master class by hard voting (most common detection class).
    pub hard: Class,
    /// Rows of [`Catalog::detections`] belonging to this source.
    pub detections: Range<u32>,
    /// Row of the first detection (lowest obsid, first in file order): the features' detection.
    pub first: u32,
    /// Mean of the detection probabilities, as published (3 decimals).
    #[serde(with = "asset::milli")]
    pub mean: ClassProbs,
    /// Standard deviation of the detection probabilities, as published (3 decimals).
    #[serde(with = "asset::milli")]
    pub std: ClassProbs,
    /// Raw features of the first detection.
    pub features: FeatureVector,
}

impl Source {
    /// Soft and hard voting agree.
    pub fn is_unique(&self) -> bool {
        self.soft == self.hard
    }

    /// The aggregated group of the (soft) master class.
    pub fn group(&self) -> Group {
        self.soft.group()
    }

    /// Number of detections.
    pub fn detection_count(&self) -> usize {
        self.detections.len()
    }
}

/// Detections and sources of one catalog.
#[derive(Clone, Debug, Default, PartialEq, Serialize, Deserialize)]
pub struct Catalog {
    /// All detections, published file order.
    pub detections: Vec<Detection>,
    /// All sources, by name.
    pub sources: Vec<Source>,
}

impl Catalog {
    /// The detections of source `i`.
    pub fn detections_of(&self, i: usize) -> &[Detection] {
        let r = &self.sources[i].detections;
        &self.detections[r.start as usize..r.end as usize]
    }

    /// Index of the source with this exact name.
    pub fn find(&self, name: &str) -> Option<usize> {
        self.sources.binary_search_by(|s| s.name.as_str().cmp(name)).ok()
    }

    /// The `q` quantile (0-1) of each feature over the sources' first detections, linearly
    /// interpolated between order statistics as numpy and pandas do.
    pub fn feature_quantile(&self, q: f64) -> FeatureVector {
        std::array::from_fn(|f| {
            let mut v: Vec<f64> = self.sources.iter().map(|s| s.features[f]).filter(|x| x.is_finite()).collect();
            if v.is_empty() {
                return f64::NAN;
            }
            v.sort_by(f64::total_cmp);
            let h = (v.len() - 1) as f64 * q.clamp(0.0, 1.0);
            let (k, frac) = (h.floor() as usize, h.fract());
            let next = v[(k + 1).min(v.len() - 1)];
            v[k] + frac * (next - v[k])
        })
    }

    /// Number of sources whose soft and hard master classes agree.
    pub fn unique_count(&self) -> usize {
        self.sources.iter().filter(|s| s.is_unique()).count()
    }
}
