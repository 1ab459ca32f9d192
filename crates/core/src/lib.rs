//! xclass-core: the domain of xclass, with no web dependencies.
//!
//! Data flows one way: asset bytes → [`Catalog`] → filters → views;
//! feature vector → [`Model`] → [`Classification`];
//! input table → [`table::TableReader`] → [`pipeline`] → output CSV.

pub mod assets;
pub mod catalog;
pub mod crossmatch;
pub mod class;
pub mod class_grid;
pub mod columns;
pub mod density;
pub mod export;
pub mod feature;
pub mod feature_set;
pub mod fit;
pub mod fit_choice;
pub mod filter;
pub mod format;
pub mod fits;
pub mod geometry;
pub mod labels;
pub mod message;
pub mod model;
pub mod model_shelf;
pub mod names;
pub mod palette;
pub mod pipeline;
pub mod points;
pub mod reclassify;
pub mod samp;
pub mod membership;
pub mod novelty;
pub mod science_view;
pub mod sky;
pub mod state;
pub mod state_check;
pub mod stats;
pub mod subset;
pub mod summary;
pub mod synth;
pub mod table;
pub mod upload;
pub mod url;
pub mod validation;
pub mod voting;
pub mod whatif;

pub use catalog::{Catalog, Detection, Source};
pub use class::{Class, ClassProbs, Group};
pub use feature::{Feature, FeatureVector, FilledMask};
pub use model::{Classification, Model};
