//! Matching target lists to the catalog by position: the catalog's own positions, positions
//! offset by 1.5", RA = 0/360 and the poles, agreement with brute force, target list parsing
//! and the result table.

mod common;
use common::*;
use xclass_core::crossmatch::{catalog_index, match_targets, read_targets, result_table, PositionSource, SkyIndex};
use xclass_core::export::Value;
use xclass_core::sky::{angular_separation_deg, dec_dms, ra_hms};

/// The position `r` degrees from (ra, dec) at position angle `pa` (degrees east of north).
fn offset(ra: f64, dec: f64, r: f64, pa: f64) -> (f64, f64) {
    let (d, r, pa) = (dec.to_radians(), r.to_radians(), pa.to_radians());
    let d2 = (d.sin() * r.cos() + d.cos() * r.sin() * pa.cos()).asin();
    let dra = (pa.sin() * r.sin() * d.cos()).atan2(r.cos() - d.sin() * d2.sin());
    ((ra + dra.to_degrees()).rem_euclid(360.0), d2.to_degrees())
}

#[test]
fn the_catalogs_own_positions_match_themselves_at_zero() {
    let cat = catalog();
    let index = catalog_index(cat, 2.0);
    for (i, s) in cat.sources.iter().enumerate() {
        let hit = index.nearest(s.ra, s.dec).unwrap_or_else(|| panic!("{} unmatched", s.name));
        assert_eq!(hit.separation_deg, 0.0, "{}", s.name);
        let m = &cat.sources[hit.index];
        assert!(hit.index == i || (m.ra, m.dec) == (s.ra, s.dec), "{} matched {}", s.name, m.name);
    }
}

#[test]
fn positions_offset_by_1_5_arcsec_match_at_2_not_at_1() {
    let cat = catalog();
    let (at2, at1, wide) = (catalog_index(cat, 2.0), catalog_index(cat, 1.0), catalog_index(cat, 4.0));
    let mut n = 0;
    for (i, s) in cat.sources.iter().enumerate().step_by(7) {
        // Only sources with no neighbour within 4": the nearest to the offset is then the source.
        let own = wide.nearest(s.ra, s.dec).unwrap();
        let crowded = cat.sources.iter().enumerate().any(|(j, o)| j != i && angular_separation_deg(s.ra, s.dec, o.ra, o.dec) < 4.0 / 3600.0);
        if own.index != i || crowded {
            continue;
        }
        let (ra, dec) = offset(s.ra, s.dec, 1.5 / 3600.0, (i * 37 % 360) as f64);
        let hit = at2.nearest(ra, dec).unwrap_or_else(|| panic!("{} not matched at 2\"", s.name));
        assert_eq!(hit.index, i);
        assert!((hit.separation_deg * 3600.0 - 1.5).abs() < 1e-6, "{}", hit.separation_deg * 3600.0);
        assert_eq!(at1.nearest(ra, dec), None, "{} matched at 1\"", s.name);
        n += 1;
        if n == 500 {
            break;
        }
    }
    assert_eq!(n, 500, "sources checked");
}

#[test]
fn ra_wrap_and_poles() {
    let positions = [(359.99995, 0.0), (0.0, 90.0), (123.0, -89.99999), (180.0, 89.9999), (0.0002, -45.0)];
    let index = SkyIndex::new(positions.into_iter(), 2.0 / 3600.0);
    let near = |ra, dec| index.nearest(ra, dec).map(|h| (h.index, h.separation_deg * 3600.0));
    // Across RA = 0: 0.00015° apart = 0.54".
    let (i, sep) = near(0.0001, 0.0).unwrap();
    assert_eq!(i, 0);
    assert!((sep - 0.54).abs() < 1e-6, "{sep}");
    assert_eq!(near(359.9997, -45.0).map(|h| h.0), Some(4));
    // The north pole is matched from any RA near it; 90° - 89.9999° = 0.36".
    for ra in [0.0, 90.0, 179.0, 270.0, 359.999] {
        assert_eq!(near(ra, 89.99997).map(|h| h.0), Some(1), "ra {ra}");
    }
    // Across the pole: (180, 89.9999) is 0.36" from the pole and 0.72" from (0, 89.9999).
    let (i, sep) = near(0.0, 89.9999).unwrap();
    assert_eq!(i, 1);
    assert!((sep - 0.36).abs() < 1e-6);
    assert_eq!(near(301.0, -89.9998).map(|h| h.0), Some(2));
    assert_eq!(near(300.0, -89.9990), None);
    assert_eq!(near(f64::NAN, 0.0), None);
}

/// The index finds what a scan of every position finds, on crowded random fields that cross
/// cell boundaries, RA = 0 and a pole, at several radii.
#[test]
fn agrees_with_brute_force() {
    let mut seed = 12345u64;
    let mut rnd = || {
        seed = seed.wrapping_mul(6364136223846793005).wrapping_add(1442695040888963407);
        (seed >> 11) as f64 / (1u64 << 53) as f64
    };
    for (centre, radius) in [((0.0, 0.0), 2.0), ((10.0, 89.999), 5.0), ((200.0, -30.0), 30.0)] {
        let spread = 60.0 / 3600.0;
        let mut pos: Vec<(f64, f64)> = (0..1500).map(|_| offset(centre.0, centre.1, spread * rnd().sqrt(), 360.0 * rnd())).collect();
        pos.push(pos[0]); // a duplicate: the lower index wins
        let index = SkyIndex::new(pos.iter().copied(), radius / 3600.0);
        for _ in 0..1000 {
            let (ra, dec) = offset(centre.0, centre.1, spread * rnd().sqrt(), 360.0 * rnd());
            let brute = pos
                .iter()
                .enumerate()
                .map(|(i, p)| (angular_separation_deg(ra, dec, p.0, p.1), i))
                .filter(|(d, _)| *d * 3600.0 <= radius)
                .min_by(|a, b| a.partial_cmp(b).unwrap());
            let got = index.nearest(ra, dec);
            assert_eq!(got.map(|h| h.index), brute.map(|b| b.1), "at {ra} {dec} r {radius}");
            if let (Some(g), Some(b)) = (got, brute) {
                assert!((g.separation_deg - b.0).abs() < 1e-12);
            }
        }
    }
}

#[test]
fn target_lists_in_every_notation() {
    // The published catalog's first source, 2CXO J004231.1+411621 (HMXB, group XB, 97
    // detections), in degrees, and in sexagesimal as xclass writes it (0.01 s, 0.1").
    let (ra, dec) = (10.629760440205644, 41.27266631918941);
    let (hms, dms) = (ra_hms(ra).replace(['h', 'm'], ":").replace('s', ""), dec_dms(dec).replace(['°', '\''], " ").replace('"', ""));
    assert_eq!((hms.as_str(), dms.as_str()), ("00:42:31.14", "+41 16 21.6"));
    let text = format!("# my targets\nid,note,ra,dec\nA,\"x, y\",{ra},{dec}\nB,,{hms},{dms}\nC,far,00 00 00,+00 00 00\n");
    let list = read_targets("t.csv", &text).unwrap();
    assert_eq!(list.source, PositionSource::Columns(2, 3));
    assert_eq!(list.targets.iter().map(|t| t.line).collect::<Vec<_>>(), [3, 4, 5]);
    assert_eq!(list.targets[0].cells, ["A", "x, y", &ra.to_string(), &dec.to_string()]);
    let cat = catalog();
    let result = match_targets(&catalog_index(cat, 2.0), &list.targets);
    assert_eq!(result.matched(), 2);
    let table = result_table(&list, cat, &result);
    let col = |name: &str| table.columns.iter().position(|c| c.name == name).unwrap();
    assert_eq!(table.columns[..4].iter().map(|c| c.name.as_str()).collect::<Vec<_>>(), ["id", "note", "ra", "dec"]);
    for r in &table.rows[..2] {
        assert_eq!(r[col("match_name")], Value::Text("2CXO J004231.1+411621".into()));
        assert_eq!(r[col("soft_master_class")], Value::Text("HMXB".into()));
        assert_eq!(r[col("agg_master_class")], Value::Text("XB".into()));
        assert_eq!(r[col("detection_count")], Value::Integer(97));
        let Value::Real(sep) = r[col("separation_arcsec")] else { panic!() };
        assert!(sep < 0.2, "{sep}");
    }
    assert_eq!(table.rows[2][col("matched")], Value::Boolean(false));
    assert_eq!(table.rows[2][col("match_name")], Value::Null);
    assert_eq!(table.rows[1][1], Value::Text(String::new()));

    // Names only, tab-separated.
    let list = read_targets("n.tsv", "target\tcsc\nmine\t2CXO J004231.1+411621\n").unwrap();
    assert_eq!(list.source, PositionSource::Names(1));
    let hit = match_targets(&catalog_index(cat, 2.0), &list.targets).hits[0].unwrap();
    assert_eq!(cat.sources[hit.index].name, "2CXO J004231.1+411621");
}

#[test]
fn bad_target_lists_name_the_line_and_column() {
    let e = |t: &str| read_targets("t.csv", t).unwrap_err().to_string();
    assert_eq!(e("ra,dec\n10,20\n1:2:3,abc\n"), "t.csv: line 3, column dec: \"abc\" is not a declination (degrees, or d:m:s or d m s)");
    assert_eq!(e("ra,dec\n25:00:00,1\n"), "t.csv: line 2, column ra: \"25:00:00\" is not a right ascension (degrees, or hours as h:m:s or h m s)");
    assert_eq!(e("ra,dec\n1,2,3\n"), "t.csv: line 2: 3 cells, but the header has 2 columns");
    assert!(e("x,y\n1,2\n").contains("line 1: no position columns"));
    assert_eq!(e("ra,dec\n"), "t.csv: the target list has a header but no rows");
    assert_eq!(e("\n"), "t.csv: the target list is empty");
}
