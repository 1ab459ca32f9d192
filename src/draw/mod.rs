//! Drawing: a pixel buffer for points, canvas helpers, colours, hit testing, export.

pub mod axes;
pub mod canvas;
pub mod colour;
pub mod export;
pub mod figure;
pub mod hit;
pub mod matrix;
pub mod raster;
