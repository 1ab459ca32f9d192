//! A spatial index of sky positions for nearest-neighbour matching within a small radius,
//! over HEALPix cells (`cdshealpix`, nested scheme) at the depth where a cone of the radius
//! overlaps at most the cell of its centre and that cell's 8 neighbours. Each position is
//! filed under those 9 cells: a position within the radius of a target then lies in the
//! target's own cell, so a query is one cell lookup. Correct across RA = 0/360 and at the
//! poles, where HEALPix cells and their neighbours are well defined; distances are chords
//! between unit vectors (full precision for arcseconds).

use cdshealpix::nested;

/// The largest matching radius, degrees (HEALPix's 9-cell rule holds up to about 48°).
pub const MAX_RADIUS_DEG: f64 = 10.0;

/// Positions indexed for matching within `radius`.
#[derive(Clone, Debug)]
pub struct SkyIndex {
    depth: u8,
    radius_deg: f64,
    /// (cell, position index) for each position and each of the ≤ 9 cells its cone may
    /// overlap, sorted.
    cells: Vec<(u64, u32)>,
    /// Unit vectors, by position index.
    vectors: Vec<[f64; 3]>,
}

/// A match: the position's index and the separation in degrees.
#[derive(Clone, Copy, Debug, PartialEq)]
pub struct Hit {
    pub index: usize,
    pub separation_deg: f64,
}

fn unit(ra: f64, dec: f64) -> [f64; 3] {
    let (sr, cr) = ra.to_radians().sin_cos();
    let (sd, cd) = dec.to_radians().sin_cos();
    [cd * cr, cd * sr, sd]
}

fn chord2(a: &[f64; 3], b: &[f64; 3]) -> f64 {
    (a[0] - b[0]).powi(2) + (a[1] - b[1]).powi(2) + (a[2] - b[2]).powi(2)
}

fn lon_lat(ra: f64, dec: f64) -> (f64, f64) {
    (ra.rem_euclid(360.0).to_radians(), dec.clamp(-90.0, 90.0).to_radians())
}

impl SkyIndex {
    /// Indexes `positions` (ICRS degrees) for matches within `radius_deg` (0 < r ≤ [`MAX_RADIUS_DEG`]).
    /// Positions that are not finite are never matched.
    pub fn new(positions: impl ExactSizeIterator<Item = (f64, f64)>, radius_deg: f64) -> SkyIndex {
        let radius_deg = radius_deg.clamp(0.0, MAX_RADIUS_DEG);
        // Margin: the chord test at the boundary, and cells computed in f64.
        let depth = cdshealpix::best_starting_depth((radius_deg * 1.0001).to_radians().max(1e-12)).min(24);
        let mut cells = Vec::with_capacity(positions.len());
        let mut vectors = Vec::with_capacity(positions.len());
        for (i, (ra, dec)) in positions.enumerate() {
            if ra.is_finite() && dec.is_finite() {
                let (lon, lat) = lon_lat(ra, dec);
                let centre = nested::hash(depth, lon, lat);
                cells.extend(nested::neighbours(depth, centre, true).values_vec().into_iter().map(|c| (c, i as u32)));
                vectors.push(unit(ra, dec));
            } else {
                vectors.push([f64::NAN; 3]);
            }
        }
        cells.sort_unstable();
        SkyIndex { depth, radius_deg, cells, vectors }
    }

    /// The radius the index was built for, degrees.
    pub fn radius_deg(&self) -> f64 {
        self.radius_deg
    }

    /// The nearest indexed position within the radius of (`ra`, `dec`) (boundary included; a
    /// tie goes to the lower index).
    pub fn nearest(&self, ra: f64, dec: f64) -> Option<Hit> {
        if !(ra.is_finite() && dec.is_finite()) || self.cells.is_empty() {
            return None;
        }
        let (lon, lat) = lon_lat(ra, dec);
        let centre = nested::hash(self.depth, lon, lat);
        let v = unit(ra, dec);
        let half = (self.radius_deg / 2.0).to_radians().sin();
        let max = 4.0 * half * half;
        let mut best: Option<(f64, u32)> = None;
        let start = self.cells.partition_point(|&(c, _)| c < centre);
        for &(c, i) in &self.cells[start..] {
            if c != centre {
                break;
            }
            let d = chord2(&v, &self.vectors[i as usize]);
            if d <= max && best.is_none_or(|(bd, bi)| d < bd || (d == bd && i < bi)) {
                best = Some((d, i));
            }
        }
        best.map(|(d, i)| Hit { index: i as usize, separation_deg: (2.0 * (d.sqrt() / 2.0).asin()).to_degrees() })
    }
}
