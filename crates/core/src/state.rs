//! The whole view state: one serde value that every view reads and the permalink encodes.

use crate::columns::TableColumn;
use crate::feature::{Feature, FeatureVector};
use crate::filter::Filter;
use crate::points::Level;
use crate::palette::Palette;
use crate::sky::Frame;
use crate::subset::Subsets;
use serde::{Deserialize, Serialize};

pub use crate::science_view::{ClassSource, SciencePlot, ScienceView, Split};

/// Which rows the views show.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum Dataset {
    /// The published catalog (14,507 detections, 8,756 sources).
    #[default]
    Published,
    /// Detections sampled from the model's GMM and classified by it (scale demonstration).
    Synthetic { n: u32, seed: u64 },
}

/// What points are coloured by.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum Colour {
    /// Aggregated class (AGN, Seyfert, XB, YSO), the paper's colours.
    #[default]
    Group,
    /// The 10 classes.
    Class,
    /// GMM cluster (the paper's Fig. 2).
    Cluster,
    /// Number of detections of the source.
    Count,
    /// Largest class probability.
    MaxProb,
    /// A raw feature, with a colour bar.
    Feature(Feature),
    /// The subset a row belongs to (grey when none).
    Subset,
    /// Novelty percentile under the model (100 = least typical of the catalog).
    Novelty,
    /// Entropy of the class probabilities.
    Entropy,
    /// Margin between the top two class probabilities.
    Margin,
}

/// How points are drawn.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum Render {
    /// Points, or a density map when there are too many to see.
    #[default]
    Auto,
    Points,
    Density,
}

/// A zoomed sky window: centre in the projection plane and magnification (≥ 1).
#[derive(Clone, Copy, Debug, PartialEq, Serialize, Deserialize)]
pub struct SkyZoom {
    pub x: f64,
    pub y: f64,
    pub scale: f64,
}

/// A zoomed data window of a scatter plot.
#[derive(Clone, Copy, Debug, PartialEq, Serialize, Deserialize)]
pub struct Window {
    pub x0: f64,
    pub x1: f64,
    pub y0: f64,
    pub y1: f64,
}

/// The Mollweide sky map.
#[derive(Clone, Copy, Debug, Default, PartialEq, Serialize, Deserialize)]
#[serde(default)]
pub struct SkyView {
    pub frame: Frame,
    pub level: Level,
    pub colour: Colour,
    pub render: Render,
    pub zoom: Option<SkyZoom>,
}

/// The feature-vs-feature scatter plot.
#[derive(Clone, Copy, Debug, PartialEq, Serialize, Deserialize)]
#[serde(default)]
pub struct ScatterView {
    pub x: Feature,
    pub y: Feature,
    pub level: Level,
    pub log_x: bool,
    pub log_y: bool,
    pub colour: Colour,
    /// Small multiples, one per cluster (the paper's Fig. 3).
    pub per_cluster: bool,
    pub render: Render,
    pub zoom: Option<Window>,
}

impl Default for ScatterView {
    fn default() -> Self {
        ScatterView {
            x: Feature::HardHs,
            y: Feature::HardHm,
            level: Level::Source,
            log_x: false,
            log_y: false,
            colour: Colour::Feature(Feature::VarProbH),
            per_cluster: false,
            render: Render::Auto,
            zoom: None,
        }
    }
}

/// Which confusion matrix is shown.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum Matrix {
    /// The paper's benchmark matrices (Fig. 4 and 5).
    #[default]
    Paper,
    /// Soft-vote vs hard-vote master class over the current filter.
    SoftHard,
    /// GMM cluster × predicted class over the current filter.
    ClusterClass,
    /// True label vs predicted class of a labelled upload.
    Upload,
}

/// The confusion-matrix panel.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq, Serialize, Deserialize)]
#[serde(default)]
pub struct ConfusionView {
    pub matrix: Matrix,
    /// The four aggregated groups instead of the 10 classes.
    pub aggregated: bool,
}

/// A sortable column of the source table.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum SortKey {
    #[default]
    Name,
    Ra,
    Dec,
    Class,
    Group,
    Count,
    MaxProb,
    Cluster,
    Feature(Feature),
    /// Any other column of the table.
    Column(TableColumn),
    /// Novelty percentile.
    Novelty,
}

/// The source table.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[serde(default)]
pub struct TableView {
    pub sort: SortKey,
    pub descending: bool,
    /// The page shown, from 0.
    pub page: u32,
    /// Rows per page.
    pub page_size: u32,
    /// The columns shown after the name, in order.
    pub columns: Vec<TableColumn>,
}

impl Default for TableView {
    fn default() -> Self {
        TableView { sort: SortKey::Name, descending: false, page: 0, page_size: 25, columns: TableColumn::DEFAULT.to_vec() }
    }
}

/// Which panels are shown.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[serde(default)]
pub struct Panels {
    pub sky: bool,
    pub scatter: bool,
    pub confusion: bool,
    pub table: bool,
    pub details: bool,
    /// The refit panel (hidden by default).
    pub fit: bool,
    /// The science panel (distributions, class grids, membership, sky by class).
    pub science: bool,
}

impl Default for Panels {
    fn default() -> Self {
        Panels { sky: true, scatter: true, confusion: true, table: true, details: true, fit: false, science: true }
    }
}

/// The tab shown in the side panel.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum Side {
    /// The focused source.
    #[default]
    Details,
    /// The what-if feature editor.
    Editor,
    /// Classifying uploaded detections.
    Upload,
    /// Matching a target list by position.
    Match,
    /// SAMP: messaging with TOPCAT, Aladin, DS9.
    Samp,
}

/// Raw CSC variability columns from which the derived features are computed.
#[derive(Clone, Copy, Debug, PartialEq, Serialize, Deserialize)]
pub struct RawVariability {
    pub var_mean_b: f64,
    pub var_mean_h: f64,
    pub var_mean_s: f64,
    pub var_sigma_b: f64,
    pub var_sigma_h: f64,
    pub var_sigma_s: f64,
    pub var_max_b: f64,
    pub var_min_b: f64,
}

impl RawVariability {
    /// The column names, in field order.
    pub const NAMES: [&'static str; 8] =
        ["var_mean_b", "var_mean_h", "var_mean_s", "var_sigma_b", "var_sigma_h", "var_sigma_s", "var_max_b", "var_min_b"];

    /// Values in [`Self::NAMES`] order.
    pub fn values(&self) -> [f64; 8] {
        [self.var_mean_b, self.var_mean_h, self.var_mean_s, self.var_sigma_b, self.var_sigma_h, self.var_sigma_s, self.var_max_b, self.var_min_b]
    }

    /// From values in [`Self::NAMES`] order.
    pub fn from_values(v: [f64; 8]) -> RawVariability {
        RawVariability {
            var_mean_b: v[0],
            var_mean_h: v[1],
            var_mean_s: v[2],
            var_sigma_b: v[3],
            var_sigma_h: v[4],
            var_sigma_s: v[5],
            var_max_b: v[6],
            var_min_b: v[7],
        }
    }

    /// Raw columns consistent with the given derived features (unit means, a symmetric light
    /// curve), so that switching to raw mode starts from the same vector.
    pub fn consistent_with(x: &FeatureVector) -> RawVariability {
        let f = |feat: Feature| x[feat.index()];
        RawVariability {
            var_mean_b: 1.0,
            var_mean_h: 1.0,
            var_mean_s: 1.0,
            var_sigma_b: f(Feature::VarRatioB),
            var_sigma_h: f(Feature::VarRatioH),
            var_sigma_s: f(Feature::VarRatioS),
            var_max_b: f(Feature::VarNewqB),
            var_min_b: f(Feature::VarNewqB),
        }
    }

    /// Writes the derived features (var_ratio_*, var_newq_b) computed from these columns.
    pub fn derive_into(&self, x: &mut FeatureVector) {
        let by_name = |n: &str| Self::NAMES.iter().position(|m| *m == n).map(|i| self.values()[i]);
        for f in Feature::ALL {
            if let Some(d) = f.derivation() {
                let inputs: Option<Vec<f64>> = d.inputs().iter().map(|n| by_name(n)).collect();
                if let Some(v) = inputs {
                    x[f.index()] = d.apply(&v);
                }
            }
        }
    }
}

/// The what-if editor: a feature vector being edited and where it started.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct Editor {
    /// The source whose first detection it started from; `None` = the catalog medians.
    pub base: Option<String>,
    /// The starting vector when it is not a catalog source's (an uploaded detection).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub start: Option<FeatureVector>,
    /// Raw-unit features being edited.
    pub values: FeatureVector,
    /// Raw variability columns, when edited in raw-CSC mode.
    pub raw: Option<RawVariability>,
}

/// Everything a permalink restores.
#[derive(Clone, Debug, Default, PartialEq, Serialize, Deserialize)]
#[serde(default)]
pub struct ViewState {
    /// The active model's short content hash ([`crate::Model::content_hash`]); `None` = the
    /// published model. Links from before models could be swapped have none.
    pub model: Option<String>,
    pub dataset: Dataset,
    pub panels: Panels,
    pub sky: SkyView,
    pub scatter: ScatterView,
    pub confusion: ConfusionView,
    pub table: TableView,
    pub filter: Filter,
    /// Selected sources, by name, sorted.
    pub selection: Vec<String>,
    /// The source shown in the details panel.
    pub focus: Option<String>,
    /// The side panel's tab.
    pub side: Side,
    /// The what-if editor's vector.
    pub editor: Option<Editor>,
    /// Named subsets and what is shown of them.
    pub subsets: Subsets,
    /// Colours of classes and groups.
    pub palette: Palette,
    /// The science panel.
    pub science: ScienceView,
}
