//! Graticule (meridians, parallels, their labels) and the outline of the Mollweide map, as
//! polylines in the projection plane of [`Mollweide`].

use super::Mollweide;
use std::f64::consts::TAU;

/// Which family a graticule line or label belongs to.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum LineKind {
    /// Constant longitude.
    Meridian,
    /// Constant latitude.
    Parallel,
}

/// One graticule line: a polyline in the projection plane.
#[derive(Clone, Debug, PartialEq)]
pub struct GraticuleLine {
    pub kind: LineKind,
    /// The longitude (meridian) or latitude (parallel), degrees.
    pub value_deg: f64,
    pub points: Vec<(f64, f64)>,
}

/// Where to write a graticule value: meridians along the equator, parallels on the left edge.
#[derive(Clone, Debug, PartialEq)]
pub struct GraticuleLabel {
    pub kind: LineKind,
    pub value_deg: f64,
    pub at: (f64, f64),
}

/// Meridian longitudes 0, step, … < 360 and parallel latitudes strictly between the poles
/// (multiples of the steps). Non-positive or non-finite steps give none.
fn values(step_lon_deg: f64, step_lat_deg: f64) -> (Vec<f64>, Vec<f64>) {
    let multiples = |step: f64, from: f64, to: f64| -> Vec<f64> {
        if !(step > 0.0 && step.is_finite()) {
            return vec![];
        }
        let first = (from / step).floor() as i64 + 1;
        (first..).map(|k| k as f64 * step).take_while(|&v| v < to).collect()
    };
    let mut lons = multiples(step_lon_deg, -step_lon_deg, 360.0);
    // 180° is the outline.
    lons.retain(|&l| l != 180.0);
    (lons, multiples(step_lat_deg, -90.0, 90.0))
}

/// Meridians (pole to pole) and parallels (left edge to right edge), each sampled at
/// `samples` (≥ 2) points. The 180° meridian is the outline and is not repeated here.
pub fn graticule(step_lon_deg: f64, step_lat_deg: f64, samples: usize) -> Vec<GraticuleLine> {
    let m = Mollweide::new();
    let n = samples.max(2);
    let t = |i: usize| i as f64 / (n - 1) as f64;
    let (lons, lats) = values(step_lon_deg, step_lat_deg);
    let meridians = lons.into_iter().map(|lon| GraticuleLine {
        kind: LineKind::Meridian,
        value_deg: lon,
        points: (0..n).filter_map(|i| m.project(lon, -90.0 + 180.0 * t(i))).collect(),
    });
    let parallels = lats.into_iter().map(|lat| GraticuleLine {
        kind: LineKind::Parallel,
        value_deg: lat,
        // Longitude 180 → -180 runs from the left edge to the right edge.
        points: (0..n).filter_map(|i| m.project(180.0 - 360.0 * t(i), lat)).collect(),
    });
    meridians.chain(parallels).collect()
}

/// The graticule spacing in degrees for a map magnified `scale` times: 30° for the whole sky,
/// then the largest of 15, 10, 5, 2, 1, 0.5, 0.2, 0.1, 0.05, 0.02, 0.01° that is at most
/// 30°/`scale`, so that about as many lines stay in view as the zoom grows.
pub fn graticule_step(scale: f64) -> f64 {
    const NICE: [f64; 12] = [30.0, 15.0, 10.0, 5.0, 2.0, 1.0, 0.5, 0.2, 0.1, 0.05, 0.02, 0.01];
    let want = 30.0 / scale.max(1.0);
    NICE.into_iter().find(|&s| s <= want + 1e-9).unwrap_or(0.01)
}

/// Label anchors: every meridian (including 180°, at the left end of the equator) on the
/// equator, every parallel on the left edge of the map.
pub fn graticule_labels(step_lon_deg: f64, step_lat_deg: f64) -> Vec<GraticuleLabel> {
    let m = Mollweide::new();
    let (mut lons, lats) = values(step_lon_deg, step_lat_deg);
    if (step_lon_deg > 0.0) && (180.0 / step_lon_deg).fract() == 0.0 {
        lons.push(180.0);
        lons.sort_by(f64::total_cmp);
    }
    let label = |kind, value_deg, lon, lat| {
        m.project(lon, lat).map(|at| GraticuleLabel { kind, value_deg, at })
    };
    let meridians = lons.into_iter().filter_map(|lon| label(LineKind::Meridian, lon, lon, 0.0));
    let parallels = lats.into_iter().filter_map(|lat| label(LineKind::Parallel, lat, 180.0, lat));
    meridians.chain(parallels).collect()
}

/// The boundary ellipse as a closed polyline of `samples` (≥ 4) points, last = first.
pub fn outline(samples: usize) -> Vec<(f64, f64)> {
    let n = samples.max(4);
    let mut points: Vec<(f64, f64)> = (0..n - 1)
        .map(|i| {
            let (s, c) = (TAU * i as f64 / (n - 1) as f64).sin_cos();
            (Mollweide::X_MAX * c, Mollweide::Y_MAX * s)
        })
        .collect();
    points.push(points[0]);
    points
}

#[cfg(test)]
mod tests {
    use super::*;
    use std::f64::consts::SQRT_2;

    #[test]
    fn lines_for_30_degree_steps() {
        let g = graticule(30.0, 30.0, 181);
        let meridians: Vec<f64> =
            g.iter().filter(|l| l.kind == LineKind::Meridian).map(|l| l.value_deg).collect();
        let parallels: Vec<f64> =
            g.iter().filter(|l| l.kind == LineKind::Parallel).map(|l| l.value_deg).collect();
        assert_eq!(meridians, [0.0, 30.0, 60.0, 90.0, 120.0, 150.0, 210.0, 240.0, 270.0, 300.0, 330.0]);
        assert_eq!(parallels, [-60.0, -30.0, 0.0, 30.0, 60.0]);
        assert!(g.iter().all(|l| l.points.len() == 181));
        // The equator is the horizontal axis, left edge to right edge.
        let eq = g.iter().find(|l| l.kind == LineKind::Parallel && l.value_deg == 0.0).unwrap();
        let (first, last) = (eq.points[0], *eq.points.last().unwrap());
        assert!((first.0 + 2.0 * SQRT_2).abs() < 1e-12 && (last.0 - 2.0 * SQRT_2).abs() < 1e-12);
        assert!(eq.points.iter().all(|p| p.1 == 0.0));
        // Meridian 90 crosses the equator at x = -√2 (east left) and ends at the poles.
        let m90 = g.iter().find(|l| l.kind == LineKind::Meridian && l.value_deg == 90.0).unwrap();
        assert!((m90.points[90].0 + SQRT_2).abs() < 1e-12);
        assert!((m90.points[0].1 + SQRT_2).abs() < 1e-12 && (m90.points[180].1 - SQRT_2).abs() < 1e-12);
    }

    #[test]
    fn steps_refine_with_zoom() {
        let steps: Vec<f64> = [1.0, 1.9, 2.0, 3.0, 6.0, 30.0, 100.0, 500.0, 1e9].map(graticule_step).to_vec();
        assert_eq!(steps, [30.0, 15.0, 15.0, 10.0, 5.0, 1.0, 0.2, 0.05, 0.01]);
        assert_eq!(graticule_step(f64::NAN), 30.0);
    }

    #[test]
    fn labels_and_outline() {
        let labels = graticule_labels(90.0, 45.0);
        let at = |kind, v: f64| labels.iter().find(|l| l.kind == kind && l.value_deg == v).unwrap().at;
        assert_eq!(labels.len(), 4 + 3);
        assert!((at(LineKind::Meridian, 270.0).0 - SQRT_2).abs() < 1e-12);
        assert!((at(LineKind::Meridian, 180.0).0 + 2.0 * SQRT_2).abs() < 1e-12);
        assert!(at(LineKind::Parallel, 45.0).0 < -2.0 && at(LineKind::Parallel, 45.0).1 > 0.0);
        let o = outline(100);
        assert_eq!(o.len(), 100);
        assert_eq!(o[0], o[99]);
        assert!(o.iter().all(|(x, y)| (x * x / 8.0 + y * y / 2.0 - 1.0).abs() < 1e-12));
        assert!(graticule(0.0, f64::NAN, 10).is_empty());
    }
}
