//! Distributions of plotted values: histograms (linear or log bins, per split) and 2-D
//! kernel density estimates on a grid with mass-enclosing contour levels.

mod histogram;
mod kde;
mod spread;

pub use histogram::{count_distribution, Bins, Histogram};
pub use kde::{mass_levels, Axis, Kde2};
pub use spread::Spread;
