//! Celestial frames and the ICRS → galactic rotation.

use super::{lon_lat_deg, unit_vector, wrap_360};
use serde::{Deserialize, Serialize};

/// A celestial frame to display positions in.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum Frame {
    /// Galactic (l, b), as the paper's Fig. 2.
    #[default]
    Galactic,
    /// ICRS (RA, Dec).
    Equatorial,
}

/// ICRS → galactic rotation, exactly astropy's (ICRS → FK5 J2000 frame bias, then FK5 → galactic
/// with the pole at FK5 (192.85948°, 27.12825°) and l = 122.93192° at the NCP).
/// Rows: galactic x, y, z in terms of ICRS x, y, z.
const ICRS_TO_GALACTIC: [[f64; 3]; 3] = [
    [-0.05487565771259168, -0.8734370519556163, -0.4838350736167155],
    [0.4941094371927275, -0.44482972122329517, 0.7469821839866676],
    [-0.8676661375596587, -0.19807633727300075, 0.4559838136873016],
];

/// ICRS (ra, dec) in degrees → (lon, lat) in degrees of `frame`, lon in [0, 360).
pub fn icrs_to(frame: Frame, ra_deg: f64, dec_deg: f64) -> (f64, f64) {
    match frame {
        Frame::Equatorial => (wrap_360(ra_deg), dec_deg),
        Frame::Galactic => {
            let v = unit_vector(ra_deg, dec_deg);
            let m = &ICRS_TO_GALACTIC;
            let dot = |r: &[f64; 3]| r[0] * v[0] + r[1] * v[1] + r[2] * v[2];
            lon_lat_deg([dot(&m[0]), dot(&m[1]), dot(&m[2])])
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    /// Angle between two longitudes, degrees, in [0, 180].
    fn lon_diff(a: f64, b: f64) -> f64 {
        let d = (a - b).rem_euclid(360.0);
        d.min(360.0 - d)
    }

    #[test]
    fn galactic_centre_and_pole() {
        // astropy 8.0.2: Galactic (0, 0) and (0, 90) transformed to ICRS.
        let (l, b) = icrs_to(Frame::Galactic, 266.4049882865447, -28.936177761791473);
        assert!(lon_diff(l, 0.0) < 1e-9 && b.abs() < 1e-9, "{l} {b}");
        let (_, b) = icrs_to(Frame::Galactic, 192.85947789477606, 27.128252414968028);
        assert!((b - 90.0).abs() < 1e-9, "{b}");
    }

    #[test]
    fn real_sources_match_astropy() {
        // (ra, dec) from uniquely_classified.csv; (l, b) from astropy 8.0.2 SkyCoord(...).galactic.
        let cases = [
            (10.629760440205644, 41.27266631918941, 121.13010487978667, -21.567876359450047),
            (214.2513101437876, 13.351062225277106, 2.607462923916045, 65.72364599855838),
            (284.3641743567596, -49.092184241080325, 347.4906374213914, -21.095282109275686),
            (107.64490739777312, -56.16571406623424, 266.8160939774277, -19.719980657340574),
            (167.85707841341048, 55.73364875452215, 148.2584106046742, 56.199528091670594),
            (0.0418034754126779, -50.25740005422238, 322.45291780552986, -64.88297882710305),
            (110.92500772163947, 85.83052862545246, 127.59282182735187, 27.636203432234463),
        ];
        for (ra, dec, l, b) in cases {
            let (gl, gb) = icrs_to(Frame::Galactic, ra, dec);
            assert!(lon_diff(gl, l) < 1e-9 && (gb - b).abs() < 1e-9, "{ra} {dec}: {gl} {gb}");
        }
    }

    #[test]
    fn equatorial_wraps_and_serde_is_snake_case() {
        assert_eq!(icrs_to(Frame::Equatorial, -10.0, 5.0), (350.0, 5.0));
        assert_eq!(icrs_to(Frame::Equatorial, 360.0, 5.0), (0.0, 5.0));
        assert_eq!(serde_json::to_string(&Frame::Equatorial).unwrap(), "\"equatorial\"");
    }
}
