//! Angular separation and cone (circle on the sky) membership.

use super::{icrs_to, unit_vector, wrap_360, Frame, Mollweide};
use serde::{Deserialize, Serialize};

/// Great-circle distance in degrees between two (lon, lat) positions in degrees, by Vincenty's
/// formula: accurate for tiny, medium and antipodal separations alike.
pub fn angular_separation_deg(ra1: f64, dec1: f64, ra2: f64, dec2: f64) -> f64 {
    let (s1, c1) = dec1.to_radians().sin_cos();
    let (s2, c2) = dec2.to_radians().sin_cos();
    let (sd, cd) = (ra2 - ra1).to_radians().sin_cos();
    let num = (c2 * sd).hypot(c1 * s2 - s1 * c2 * cd);
    let den = s1 * s2 + c1 * c2 * cd;
    num.atan2(den).to_degrees()
}

/// A cone: all positions within `radius` degrees of (`ra`, `dec`) (degrees, ICRS).
#[derive(Clone, Copy, Debug, PartialEq, Serialize, Deserialize)]
pub struct Cone {
    pub ra: f64,
    pub dec: f64,
    pub radius: f64,
}

impl Cone {
    /// Whether (`ra`, `dec`) lies within the cone (boundary included).
    pub fn contains(&self, ra: f64, dec: f64) -> bool {
        angular_separation_deg(self.ra, self.dec, ra, dec) <= self.radius
    }

    /// `n` points on the cone's edge (ICRS degrees), by position angle from north through east.
    pub fn outline(&self, n: usize) -> Vec<(f64, f64)> {
        let (sd, cd) = self.dec.to_radians().sin_cos();
        let (sr, cr) = self.radius.to_radians().sin_cos();
        (0..n.max(3))
            .map(|k| {
                let (st, ct) = (std::f64::consts::TAU * k as f64 / n.max(3) as f64).sin_cos();
                let dec = (sd * cr + cd * sr * ct).clamp(-1.0, 1.0).asin();
                let ra = self.ra.to_radians() + (st * sr * cd).atan2(cr - sd * dec.sin());
                (wrap_360(ra.to_degrees()), dec.to_degrees())
            })
            .collect()
    }

    /// Where to look at the cone on the Mollweide map of `frame`: the centre of its outline's
    /// box in the projection plane and a magnification (1 to 500) at which the cone spans
    /// about a third of the map's height.
    pub fn view(&self, frame: Frame) -> (f64, f64, f64) {
        let m = Mollweide::new();
        let pts: Vec<(f64, f64)> = self
            .outline(72)
            .into_iter()
            .chain([(self.ra, self.dec)])
            .filter_map(|(ra, dec)| {
                let (l, b) = icrs_to(frame, ra, dec);
                m.project(l, b)
            })
            .collect();
        let (mut x0, mut x1, mut y0, mut y1) = (f64::INFINITY, f64::NEG_INFINITY, f64::INFINITY, f64::NEG_INFINITY);
        for (x, y) in &pts {
            (x0, x1, y0, y1) = (x0.min(*x), x1.max(*x), y0.min(*y), y1.max(*y));
        }
        if pts.is_empty() {
            return (0.0, 0.0, 1.0);
        }
        let span = (x1 - x0).max(y1 - y0).max(1e-9);
        let scale = (2.0 * std::f64::consts::SQRT_2 / (3.0 * span)).clamp(1.0, 500.0);
        ((x0 + x1) / 2.0, (y0 + y1) / 2.0, scale)
    }

    /// Precomputes the test for many points.
    pub fn prepare(&self) -> PreparedCone {
        let half = (self.radius.clamp(0.0, 180.0) / 2.0).to_radians().sin();
        PreparedCone { centre: unit_vector(self.ra, self.dec), max_chord2: 4.0 * half * half }
    }
}

/// A [`Cone`] ready for fast membership tests: one unit vector and a squared chord length.
/// The chord form keeps full relative precision for sub-arcsecond radii, where a
/// `dot ≥ cos(radius)` test would not. Agrees with [`Cone::contains`] except within ~1e-12° of
/// the boundary.
#[derive(Clone, Copy, Debug, PartialEq)]
pub struct PreparedCone {
    centre: [f64; 3],
    max_chord2: f64,
}

impl PreparedCone {
    /// Whether (`ra`, `dec`) lies within the cone.
    pub fn contains(&self, ra: f64, dec: f64) -> bool {
        let v = unit_vector(ra, dec);
        let d: f64 = (0..3).map(|i| (v[i] - self.centre[i]).powi(2)).sum();
        d <= self.max_chord2
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn separation_matches_astropy() {
        // astropy 8.0.2 SkyCoord.separation (degrees).
        let cases = [
            ((10.0, 20.0), (10.0, 20.00000027777778), 2.7777777604895233e-07),
            ((0.0, 0.0), (180.0, 0.0), 180.0),
            ((0.0, 0.0), (179.999999, 0.0), 179.999999),
            ((359.9999, -10.0), (0.0001, -10.0), 0.00019696155054307757),
            ((10.629760440205644, 41.27266631918941), (214.2513101437876, 13.351062225277106), 121.17624078176262),
            ((0.0, 89.9999999), (180.0, 89.9999999), 2.0000000271862249e-07),
            ((12.3, -45.6), (12.300000001, -45.6), 6.996633984037699e-10),
        ];
        for ((a, b), (c, d), want) in cases {
            let got = angular_separation_deg(a, b, c, d);
            assert!((got - want).abs() <= 1e-12 * want.max(1.0), "{got} vs {want}");
        }
    }

    #[test]
    fn cone_membership_agrees_both_ways() {
        let cone = Cone { ra: 359.5, dec: -30.0, radius: 1.0 };
        let fast = cone.prepare();
        // Points at known separations along the meridian and across ra = 0.
        for (ra, dec, inside) in [
            (359.5, -30.0, true),
            (359.5, -29.0001, true),
            (359.5, -28.9999, false),
            (0.3, -30.0, true),   // 0.8° in ra at dec -30 is ~0.69° away
            (1.0, -30.0, false),  // 1.5° in ra is ~1.3° away
            (179.5, 30.0, false), // antipode
        ] {
            assert_eq!(cone.contains(ra, dec), inside, "{ra} {dec}");
            assert_eq!(fast.contains(ra, dec), inside, "fast {ra} {dec}");
        }
        let tiny = Cone { ra: 10.0, dec: 20.0, radius: 1e-6 }.prepare();
        assert!(tiny.contains(10.0, 20.0 + 0.9e-6) && !tiny.contains(10.0, 20.0 + 1.1e-6));
        assert!(Cone { ra: 0.0, dec: 0.0, radius: 180.0 }.prepare().contains(180.0, 0.0));
    }

    #[test]
    fn outline_points_lie_at_the_radius() {
        for cone in [Cone { ra: 10.0, dec: 41.0, radius: 0.5 }, Cone { ra: 359.9, dec: -89.0, radius: 3.0 }, Cone { ra: 200.0, dec: 0.0, radius: 1.0 / 3600.0 }] {
            for (ra, dec) in cone.outline(36) {
                let d = angular_separation_deg(cone.ra, cone.dec, ra, dec);
                assert!((d - cone.radius).abs() < 1e-9 * cone.radius.max(1.0), "{cone:?}: {d}");
            }
        }
        // A small cone gets a close view centred on it; the whole sky is not magnified.
        let (x, y, scale) = Cone { ra: 266.4, dec: -28.9, radius: 0.5 }.view(Frame::Galactic);
        let (px, py) = Mollweide::new().project(0.0, 0.0).unwrap();
        assert!((x - px).abs() < 0.02 && (y - py).abs() < 0.02 && scale > 20.0, "{x} {y} {scale}");
        assert_eq!(Cone { ra: 0.0, dec: 0.0, radius: 90.0 }.view(Frame::Equatorial).2, 1.0);
    }
}
