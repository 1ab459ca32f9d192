//! The views: thin components over the core.

pub mod colour_select;
pub mod confusion;
pub mod dataset_picker;
pub mod describe;
pub mod details;
pub mod download;
pub mod editor;
pub mod figure_export;
pub mod filters;
pub mod legend;
pub mod scatter;
pub mod side;
pub mod sky_map;
pub mod subsets;
pub mod surface;
pub mod table;
pub mod upload;
pub mod upload_table;
pub mod validation;
