//! The science panel's part of the view state (the paper's distribution figures): which
//! plot, and each plot's settings. Every field has a default, so older links still restore.

use crate::feature::Feature;
use serde::{Deserialize, Serialize};

/// The plot the science panel shows.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum SciencePlot {
    /// Step histograms of one feature, split.
    #[default]
    Histogram,
    /// Small multiples per class or group: 2-D density contours of two features.
    ClassGrid,
    /// Per cluster: responsibility spread, and the cluster × class table.
    Membership,
    /// The Mollweide sky, one panel per aggregated class.
    SkyByClass,
}

/// What a histogram is split by.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum Split {
    #[default]
    Class,
    Group,
    Cluster,
    /// The selected sources against the rest.
    Selection,
}

/// Which class a row is shown under in the class grid.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum ClassSource {
    /// The source's master class by soft vote.
    #[default]
    Soft,
    /// The source's master class by hard vote.
    Hard,
    /// The detection's own most probable class.
    Detection,
    /// The active upload's own label column (SIMBAD types read as validation reads them).
    Label,
}

/// The science panel.
#[derive(Clone, Copy, Debug, PartialEq, Serialize, Deserialize)]
#[serde(default)]
pub struct ScienceView {
    pub plot: SciencePlot,
    /// Histogram: the feature, the split, shares within each split (else counts), log x, bins.
    pub feature: Feature,
    pub split: Split,
    pub normalised: bool,
    pub log_x: bool,
    pub bins: u32,
    /// Histogram: the number of detections per source (log-log) instead of a feature.
    pub counts: bool,
    /// Class grid: the axes, panels per group (else per class), the class used, the KDE
    /// bandwidth factor (× Scott's rule).
    pub x: Feature,
    pub y: Feature,
    pub groups: bool,
    pub class_source: ClassSource,
    pub bandwidth: f64,
    /// Sky by class: label the well-known fields.
    pub fields: bool,
}

impl Default for ScienceView {
    fn default() -> Self {
        ScienceView {
            plot: SciencePlot::Histogram,
            feature: Feature::HardHs,
            split: Split::Group,
            normalised: true,
            log_x: false,
            bins: 30,
            counts: false,
            x: Feature::HardHs,
            y: Feature::HardHm,
            groups: false,
            class_source: ClassSource::Soft,
            bandwidth: 1.0,
            fields: true,
        }
    }
}

impl ScienceView {
    /// The paper's presets: hardness (hard_hs vs hard_hm) and variability (var_prob_b vs
    /// var_prob_s), per class or per group.
    pub fn preset(&mut self, variability: bool, groups: bool) {
        self.plot = SciencePlot::ClassGrid;
        (self.x, self.y) = if variability {
            (Feature::VarProbB, Feature::VarProbS)
        } else {
            (Feature::HardHs, Feature::HardHm)
        };
        self.groups = groups;
    }
}
