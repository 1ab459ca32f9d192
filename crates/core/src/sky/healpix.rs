//! HEALPix (nested scheme, via `cdshealpix`) density counts and a pixel → cell map for painting.

use super::{Mollweide, Viewport};
use cdshealpix::nested;

/// Marks a pixel outside the Mollweide ellipse in [`healpix_pixel_map`].
pub const NO_CELL: u64 = u64::MAX;

/// The nested HEALPix cell at `depth` containing (lon, lat) in degrees, or [`NO_CELL`] for
/// non-finite input or |lat| > 90. Panics if depth > 29.
pub fn healpix_cell(depth: u8, lon_deg: f64, lat_deg: f64) -> u64 {
    if !lon_deg.is_finite() {
        return NO_CELL;
    }
    nested::get(depth)
        .hash_checked(lon_deg.to_radians(), lat_deg.to_radians())
        .unwrap_or(NO_CELL)
}

/// Counts of the points `i` with `mask(i)` per nested HEALPix cell at `depth` (12·4^depth
/// cells, so keep depth small: 6 gives 49,152). Points without a cell are skipped.
/// Panics if `lon_deg` and `lat_deg` differ in length or depth > 29.
pub fn healpix_counts(depth: u8, lon_deg: &[f64], lat_deg: &[f64], mask: impl Fn(usize) -> bool) -> Vec<u32> {
    assert_eq!(lon_deg.len(), lat_deg.len(), "healpix_counts: lon and lat lengths differ");
    let mut counts = vec![0u32; nested::n_hash(depth) as usize];
    for (i, (&l, &b)) in lon_deg.iter().zip(lat_deg).enumerate() {
        if mask(i) {
            if let Some(c) = counts.get_mut(healpix_cell(depth, l, b) as usize) {
                *c += 1;
            }
        }
    }
    counts
}

/// For each pixel of `viewport` (row-major, pixel centres), the HEALPix cell at `depth` of the
/// point it shows, or [`NO_CELL`] outside the ellipse. Compute once per viewport and depth; then
/// colour each pixel from `counts[cell]` on every filter change.
pub fn healpix_pixel_map(depth: u8, viewport: &Viewport) -> Vec<u64> {
    let projection = Mollweide::new();
    let (w, h) = (viewport.width as usize, viewport.height as usize);
    let mut cells = Vec::with_capacity(w * h);
    for j in 0..h {
        for i in 0..w {
            let (x, y) = viewport.pixel_to_plane.apply(i as f64 + 0.5, j as f64 + 0.5);
            cells.push(projection.unproject(x, y).map_or(NO_CELL, |(l, b)| healpix_cell(depth, l, b)));
        }
    }
    cells
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn cells_match_the_healpix_definition() {
        // Base cells (depth 0) in the nested scheme: 0-3 north cap centred on lon 45, 135, ...;
        // 4-7 equatorial on lon 0, 90, ...; 8-11 south (Górski et al. 2005, Fig. 4).
        assert_eq!(healpix_cell(0, 45.0, 60.0), 0);
        assert_eq!(healpix_cell(0, 135.0, 60.0), 1);
        assert_eq!(healpix_cell(0, 1.0, 0.0), 4);
        assert_eq!(healpix_cell(0, 90.0, 0.0), 5);
        assert_eq!(healpix_cell(0, 315.0, -60.0), 11);
        assert_eq!(healpix_cell(0, -45.0, -60.0), 11);
        // Nested: the 4 children of cell c at depth d are 4c..4c+3 at depth d+1.
        for (l, b) in [(12.3, 45.6), (200.0, -10.0), (359.9, 89.0)] {
            assert_eq!(healpix_cell(5, l, b) / 4, healpix_cell(4, l, b));
        }
        assert_eq!(healpix_cell(3, 0.0, 91.0), NO_CELL);
        assert_eq!(healpix_cell(3, f64::NAN, 0.0), NO_CELL);
    }

    #[test]
    fn counts_respect_the_mask() {
        let lon = [45.0, 46.0, 135.0, 90.0, 0.0];
        let lat = [60.0, 61.0, 60.0, 0.0, f64::NAN];
        let counts = healpix_counts(0, &lon, &lat, |i| i != 3);
        assert_eq!(counts, [2, 1, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0]);
    }

    #[test]
    fn pixel_map_covers_the_ellipse_only() {
        let v = Viewport::fit(80, 40, 0.0);
        let map = healpix_pixel_map(0, &v);
        assert_eq!(map.len(), 80 * 40);
        assert_eq!(map[0], NO_CELL); // corner
        // Pixel (39, 19) is just left of and above the centre: lon slightly > 0, lat > 0,
        // which is equatorial base cell 4.
        assert_eq!(map[19 * 80 + 39], 4);
        // The ellipse fills π/4 of its bounding box.
        let inside = map.iter().filter(|&&c| c != NO_CELL).count() as f64 / map.len() as f64;
        assert!((inside - std::f64::consts::FRAC_PI_4).abs() < 0.02, "{inside}");
    }
}
