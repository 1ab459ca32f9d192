//! The views: thin components over the core.

pub mod colour_select;
pub mod describe;
pub mod legend;
pub mod sky_map;
pub mod surface;
