//! The sky: frames, the Mollweide map and its graticule, sexagesimal text, cones, HEALPix density.
//!
//! Angles are degrees at this API; longitudes are in [0, 360).

mod cone;
mod fields;
mod frame;
mod graticule;
mod healpix;
mod mollweide;
mod position;
mod sexagesimal;
mod viewport;

pub use cone::{angular_separation_deg, Cone, PreparedCone};
pub use fields::{Field, FIELDS};
pub use frame::{icrs_to, Frame};
pub use graticule::{graticule, graticule_labels, graticule_step, outline, GraticuleLabel, GraticuleLine, LineKind};
pub use healpix::{healpix_cell, healpix_counts, healpix_pixel_map, NO_CELL};
pub use mollweide::Mollweide;
pub use position::parse_position;
pub use sexagesimal::{dec_dms, parse_csc_name, parse_dec, parse_ra, ra_hms};
pub use viewport::{Affine, Viewport};

/// Unit vector of a direction given in degrees.
fn unit_vector(lon_deg: f64, lat_deg: f64) -> [f64; 3] {
    let (sl, cl) = lon_deg.to_radians().sin_cos();
    let (sb, cb) = lat_deg.to_radians().sin_cos();
    [cb * cl, cb * sl, sb]
}

/// Longitude and latitude in degrees of a (not necessarily unit) vector; longitude in [0, 360).
fn lon_lat_deg(v: [f64; 3]) -> (f64, f64) {
    let lat = v[2].atan2(v[0].hypot(v[1])).to_degrees();
    let lon = v[1].atan2(v[0]).to_degrees();
    (wrap_360(lon), lat)
}

/// `deg` reduced to [0, 360).
fn wrap_360(deg: f64) -> f64 {
    let w = deg.rem_euclid(360.0);
    // rem_euclid can return 360.0 for tiny negative inputs.
    if w >= 360.0 {
        0.0
    } else {
        w
    }
}
