//! The views: thin components over the core.

pub mod class_grid;
pub mod colour_select;
pub mod confusion;
pub mod dataset_picker;
pub mod describe;
pub mod details;
pub mod download;
pub mod editor;
pub mod filters;
pub mod histogram;
pub mod legend;
pub mod membership;
pub mod novelty_line;
pub mod scatter;
pub mod science;
pub mod science_controls;
pub mod side;
pub mod sky_by_class;
pub mod sky_map;
pub mod surface;
pub mod table;
pub mod upload;
pub mod upload_table;
pub mod validation;
