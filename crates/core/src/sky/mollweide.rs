//! The Mollweide projection (via `mapproj`), in the astronomical orientation.

use super::lon_lat_deg;
use mapproj::pseudocyl::mol::Mol;
use mapproj::{CanonicalProjection, LonLat, ProjXY};
use std::f64::consts::{PI, SQRT_2};
use std::sync::OnceLock;

/// Newton tolerance: tighter than mapproj's default (3.9e-13), which loses ~1e-6 of the plane
/// at 0.4" from a pole; costs nothing elsewhere.
const EPSILON: f64 = 1e-14;
/// Intervals of the y(z) table used by [`Mollweide::project_many`], z = sin(lat) in [-1, 1].
const TABLE_INTERVALS: usize = 16384;
/// Beyond |z| = 0.95 (|lat| ≈ 71.8°, 5% of the sky) y(z) curves too fast to interpolate to
/// 1e-7: solve exactly there.
const TABLE_Z_MAX: f64 = 0.95;

/// Mollweide projection centred on lon = 0 with longitude increasing to the left (east left,
/// as on the sky). The plane is the ellipse x ∈ [-2√2, 2√2], y ∈ [-√2, √2], y up; lon 180
/// maps to the left edge, lon -180 (given as such) to the right edge.
pub struct Mollweide {
    mol: Mol,
}

impl Default for Mollweide {
    fn default() -> Self {
        Self::new()
    }
}

impl Mollweide {
    /// Half-width of the ellipse.
    pub const X_MAX: f64 = 2.0 * SQRT_2;
    /// Half-height of the ellipse.
    pub const Y_MAX: f64 = SQRT_2;

    pub fn new() -> Self {
        let mut mol = Mol::new();
        mol.set_epsilon(EPSILON);
        Mollweide { mol }
    }

    /// (lon, lat) in degrees → plane; `None` for non-finite input or |lat| > 90. Error below
    /// 1e-12 of the plane up to |lat| = 89.9°, 1e-8 at 0.4" from a pole and up to ~1e-4 within
    /// 0.1" of it (there z = sin(lat) no longer resolves the latitude).
    pub fn project(&self, lon_deg: f64, lat_deg: f64) -> Option<(f64, f64)> {
        if !(lon_deg.is_finite() && lat_deg.is_finite() && lat_deg.abs() <= 90.0) {
            return None;
        }
        let xyz = LonLat::new(lon_deg.to_radians(), lat_deg.to_radians()).to_xyz();
        self.mol.proj(&xyz).map(|p| (-p.x(), p.y()))
    }

    /// Plane → (lon, lat) in degrees, lon in [0, 360); `None` outside the ellipse. Error below
    /// 1e-9° except within ~1" of a pole (up to ~0.1" there).
    pub fn unproject(&self, x: f64, y: f64) -> Option<(f64, f64)> {
        if !(x.is_finite() && y.is_finite()) {
            return None;
        }
        let v = self.mol.unproj(&ProjXY::new(-x, y))?;
        Some(lon_lat_deg([v.x(), v.y(), v.z()]))
    }

    /// Projects many points for plotting, replacing the contents of `out_x`/`out_y` (NaN where
    /// [`Self::project`] gives `None`); agrees with it to 1e-6. Instead of one Newton solve per
    /// point it interpolates y(sin lat), tabulated once from mapproj's solution, and solves
    /// exactly only near the poles. Panics if `lon` and `lat` differ in length.
    pub fn project_many(&self, lon: &[f64], lat: &[f64], out_x: &mut Vec<f32>, out_y: &mut Vec<f32>) {
        assert_eq!(lon.len(), lat.len(), "project_many: lon and lat lengths differ");
        let table = self.y_table();
        let h = 2.0 / TABLE_INTERVALS as f64;
        out_x.clear();
        out_y.clear();
        out_x.reserve(lon.len());
        out_y.reserve(lon.len());
        for (&l, &b) in lon.iter().zip(lat) {
            let z = b.to_radians().sin();
            let (x, y) = if !(l.is_finite() && b.abs() <= 90.0) {
                (f64::NAN, f64::NAN)
            } else if z.abs() > TABLE_Z_MAX {
                self.project(l, b).unwrap_or((f64::NAN, f64::NAN))
            } else {
                let t = (z + 1.0) / h;
                let k = (t as usize).min(TABLE_INTERVALS - 1);
                let y = table[k] + (t - k as f64) * (table[k + 1] - table[k]);
                let cos_theta = (1.0 - 0.5 * y * y).sqrt();
                (-Self::X_MAX / PI * signed_lon(l).to_radians() * cos_theta, y)
            };
            out_x.push(x as f32);
            out_y.push(y as f32);
        }
    }

    /// y at z = -1 + k·h, k = 0..=TABLE_INTERVALS, from mapproj (built once per process).
    fn y_table(&self) -> &'static [f64] {
        static TABLE: OnceLock<Vec<f64>> = OnceLock::new();
        TABLE.get_or_init(|| {
            (0..=TABLE_INTERVALS)
                .map(|k| {
                    let z = (-1.0 + 2.0 * k as f64 / TABLE_INTERVALS as f64).clamp(-1.0, 1.0);
                    self.project(0.0, z.asin().to_degrees()).map_or(f64::NAN, |p| p.1)
                })
                .collect()
        })
    }
}

/// Longitude in (-180, 180] (as [`Mollweide::project`] places it: -180 itself is kept).
fn signed_lon(lon_deg: f64) -> f64 {
    let l = if (-180.0..=360.0).contains(&lon_deg) { lon_deg } else { lon_deg.rem_euclid(360.0) };
    if l > 180.0 {
        l - 360.0
    } else {
        l
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    /// (lon, lat, x, y, tolerance): an independent solution (Python, bisection on
    /// w - sin w = π(1 - sin|lat|) with w = π - 2|θ| and a series for small w, which stays
    /// well conditioned at the poles); x = -2√2/π·λ·cos θ, y = √2·sin θ.
    const KNOWN: [(f64, f64, f64, f64, f64); 7] = [
        (90.0, 0.0, -SQRT_2, 0.0, 1e-12),
        (270.0, 0.0, SQRT_2, 0.0, 1e-12),
        (0.0, 45.0, 0.0, 0.8372734721038815, 1e-12),
        (60.0, -30.0, -0.8624543863450826, -0.5713037465453782, 1e-12),
        (300.0, 75.0, 0.3989582891665936, 1.2813557811501246, 1e-12),
        (179.0, 89.9, -0.043061973319054585, 1.4140478147652509, 1e-12),
        (120.0, -89.9999, -0.0002886904108847495, -1.4142135457985257, 1e-8),
    ];

    #[test]
    fn projects_known_points_east_left() {
        let m = Mollweide::new();
        for (lon, lat, x, y, tol) in KNOWN {
            let (px, py) = m.project(lon, lat).unwrap();
            assert!((px - x).abs() < tol && (py - y).abs() < tol, "{lon} {lat}: {px} {py}");
        }
        assert_eq!(m.project(0.0, 90.0).map(|p| (p.0.abs(), p.1)), Some((0.0, SQRT_2)));
        let (left, _) = m.project(180.0, 0.0).unwrap();
        let (right, _) = m.project(-180.0, 0.0).unwrap();
        assert!((left + Mollweide::X_MAX).abs() < 1e-12 && (right - Mollweide::X_MAX).abs() < 1e-12);
        assert_eq!(m.project(0.0, 90.5), None);
        assert_eq!(m.project(f64::NAN, 0.0), None);
    }

    #[test]
    fn unproject_inverts_and_rejects_outside() {
        let m = Mollweide::new();
        for (lon, lat, x, y, _) in KNOWN {
            let (l, b) = m.unproject(x, y).unwrap();
            // Near the poles y ≈ √2 resolves latitude poorly (0.04" at 0.4" from the pole).
            let tol = if lat.abs() > 89.99 { 1e-4 } else { 1e-9 };
            assert!((b - lat).abs() < tol && (l - lon).abs() < tol, "{lon} {lat}: {l} {b}");
        }
        assert_eq!(m.unproject(0.0, 0.0), Some((0.0, 0.0)));
        assert!(m.unproject(2.0, 1.0).is_some()); // 4/8 + 1/2 = 1: on the rim
        assert_eq!(m.unproject(2.0, 1.01), None);
        assert_eq!(m.unproject(f64::NAN, 0.0), None);
    }

    #[test]
    fn project_many_agrees_with_project() {
        let m = Mollweide::new();
        let mut lon = vec![];
        let mut lat = vec![];
        for i in 0..=72 {
            for j in 0..=3600 {
                lon.push(i as f64 * 5.0 - 1e-7);
                lat.push(-90.0 + j as f64 * 0.05);
            }
        }
        lon.extend([-180.0, 180.0, 720.5, -359.0]);
        lat.extend([0.0, 0.0, 10.0, 10.0]);
        lon.push(0.0);
        lat.push(f64::NAN);
        let (mut xs, mut ys) = (vec![], vec![]);
        m.project_many(&lon, &lat, &mut xs, &mut ys);
        assert_eq!(xs.len(), lon.len());
        for i in 0..lon.len() - 1 {
            let (x, y) = m.project(lon[i], lat[i]).unwrap();
            assert!((xs[i] as f64 - x).abs() < 1e-6 && (ys[i] as f64 - y).abs() < 1e-6, "{i}");
        }
        assert!(xs.last().unwrap().is_nan());
    }
}
