//! FITS (Flexible Image Transport System) binary tables, read and written by hand: header
//! cards, HDU walking with bounded reads, `BINTABLE` columns and cells, and a writer for
//! [`crate::export::OutTable`]. The table reader over these is `crate::table`'s FITS source.

pub mod bintable;
pub mod card;
pub mod hdu;
mod write;

pub use write::write_bintable;
