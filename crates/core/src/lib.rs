//! xclass-core: the domain of xclass, with no web dependencies.
//!
//! Data flows one way: asset bytes → [`Catalog`] → filters → views;
//! feature vector → [`Model`] → [`Classification`];
//! input table → [`table::TableReader`] → [`pipeline`] → output CSV.

pub mod assets;
pub mod catalog;
pub mod class;
pub mod density;
pub mod export;
pub mod feature;
pub mod filter;
pub mod geometry;
pub mod labels;
pub mod membership;
pub mod model;
pub mod names;
pub mod novelty;
pub mod pipeline;
pub mod points;
pub mod science_view;
pub mod sky;
pub mod state;
pub mod stats;
pub mod synth;
pub mod table;
pub mod upload;
pub mod url;
pub mod validation;
pub mod voting;

pub use catalog::{Catalog, Detection, Source};
pub use class::{Class, ClassProbs, Group};
pub use feature::{Feature, FeatureVector, FilledMask};
pub use model::{Classification, Model};
