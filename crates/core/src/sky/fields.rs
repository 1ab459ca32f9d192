//! Well-known fields for labelling the sky maps: nearby galaxies, deep surveys, star-forming
//! regions and clusters that hold many catalog sources. Positions are ICRS (J2000) centres
//! from SIMBAD/NED rounded to 0.01 degree; radii are the approximate extent in degrees.

/// One labelled field.
#[derive(Clone, Copy, Debug, PartialEq)]
pub struct Field {
    pub name: &'static str,
    /// ICRS right ascension and declination of the centre, degrees.
    pub ra: f64,
    pub dec: f64,
    /// Approximate radius, degrees.
    pub radius: f64,
}

/// The fields, ordered by right ascension.
pub const FIELDS: &[Field] = &[
    Field {
        name: "47 Tuc",
        ra: 6.02,
        dec: -72.08,
        radius: 0.4,
    },
    Field {
        name: "M31",
        ra: 10.68,
        dec: 41.27,
        radius: 1.5,
    },
    Field {
        name: "SMC",
        ra: 13.19,
        dec: -72.83,
        radius: 2.5,
    },
    Field {
        name: "M33",
        ra: 23.46,
        dec: 30.66,
        radius: 0.6,
    },
    Field {
        name: "Perseus cluster",
        ra: 49.95,
        dec: 41.51,
        radius: 0.5,
    },
    Field {
        name: "CDF-S",
        ra: 53.12,
        dec: -27.81,
        radius: 0.3,
    },
    Field {
        name: "Pleiades",
        ra: 56.75,
        dec: 24.12,
        radius: 1.0,
    },
    Field {
        name: "LMC",
        ra: 80.89,
        dec: -69.76,
        radius: 5.0,
    },
    Field {
        name: "Orion",
        ra: 83.82,
        dec: -5.39,
        radius: 1.0,
    },
    Field {
        name: "COSMOS",
        ra: 150.12,
        dec: 2.21,
        radius: 0.8,
    },
    Field {
        name: "Carina",
        ra: 161.27,
        dec: -59.87,
        radius: 1.0,
    },
    Field {
        name: "M87",
        ra: 187.71,
        dec: 12.39,
        radius: 0.3,
    },
    Field {
        name: "CDF-N",
        ra: 189.23,
        dec: 62.24,
        radius: 0.3,
    },
    Field {
        name: "Coma cluster",
        ra: 194.95,
        dec: 27.98,
        radius: 1.0,
    },
    Field {
        name: "ω Cen",
        ra: 201.70,
        dec: -47.48,
        radius: 0.5,
    },
    Field {
        name: "Galactic Centre",
        ra: 266.42,
        dec: -29.01,
        radius: 1.0,
    },
    Field {
        name: "Cygnus X",
        ra: 308.30,
        dec: 41.32,
        radius: 2.0,
    },
];

#[cfg(test)]
mod tests {
    use super::*;
    use crate::sky::{icrs_to, Frame};

    #[test]
    fn galactic_positions_are_the_known_ones() {
        let get = |n: &str| FIELDS.iter().find(|f| f.name == n).unwrap();
        // Sgr A*: l = 359.944, b = -0.046; the LMC: l = 280.47, b = -32.89; M31: l = 121.17, b = -21.57.
        for (n, l, b) in [("Galactic Centre", 359.94, -0.05), ("LMC", 280.47, -32.89), ("M31", 121.17, -21.57)] {
            let f = get(n);
            let (gl, gb) = icrs_to(Frame::Galactic, f.ra, f.dec);
            let dl = ((gl - l + 180.0).rem_euclid(360.0) - 180.0).abs();
            assert!(dl < 0.05 && (gb - b).abs() < 0.05, "{n}: {gl} {gb}");
        }
        assert!(FIELDS.windows(2).all(|w| w[0].ra < w[1].ra));
    }
}
