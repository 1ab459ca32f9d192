//! A subset exported as FITS (issue 16) reads back through the core's FITS reader with exactly
//! the subset's sources: their names, positions and first-detection features as published.

mod common;
use common::*;
use std::collections::BTreeMap;
use xclass_core::assets::CREDIT;
use xclass_core::export::catalog_sources;
use xclass_core::names::Names;
use xclass_core::subset::Subset;
use xclass_core::table::{Format, InputRow, Role, TableReader};
use xclass_core::Feature;

/// The published HMXB sources (soft vote), read from the published CSVs, not the catalog asset.
fn published_hmxb() -> BTreeMap<String, (Option<f64>, Option<f64>)> {
    let mut out = BTreeMap::new();
    for file in ["uniquely_classified.csv", "ambiguous_classification.csv"] {
        let text = std::fs::read_to_string(published_dir().join(file)).unwrap();
        let mut lines = text.lines();
        let head: Vec<&str> = lines.next().unwrap().split(',').collect();
        let col = |n: &str| {
            head.iter()
                .position(|h| *h == n)
                .unwrap_or_else(|| panic!("{file}: {n}"))
        };
        let class = if file.starts_with("unique") {
            col("master_class")
        } else {
            col("soft_master_class")
        };
        let (name, gamma, hm) = (col("name"), col("powlaw_gamma"), col("hard_hm"));
        for l in lines {
            let c: Vec<&str> = l.split(',').collect();
            if c[class] == "HMXB" {
                out.insert(
                    c[name].to_string(),
                    (c[gamma].parse().ok(), c[hm].parse().ok()),
                );
            }
        }
    }
    out
}

#[test]
fn a_subset_as_fits_reads_back_with_its_rows() {
    let want = published_hmxb();
    assert!(want.len() > 100, "{} HMXB sources", want.len());
    let cat = catalog();
    let names: Names = cat.sources.iter().map(|s| s.name.as_str()).collect();
    let subset = Subset::new("hmxb", want.keys().cloned());
    // What the subsets panel exports: the subset's membership as a source mask.
    let (inside, missing) = subset.membership(&names);
    assert!(missing.is_empty(), "{missing:?}");
    let fits = catalog_sources(cat, &inside).to_fits(CREDIT);
    assert_eq!(fits.len() % 2880, 0);
    let mut reader =
        TableReader::open_hdu("subset.fits", &fits[..], None).unwrap_or_else(|e| panic!("{e}"));
    let rows: Vec<InputRow> = reader
        .by_ref()
        .collect::<Result<_, _>>()
        .unwrap_or_else(|e| panic!("{e}"));
    assert_eq!(reader.format(), Format::Fits);
    assert_eq!(rows.len(), want.len());
    let name_col = reader.schema().passthrough_index(Role::Name);
    let (gamma, hm) = (Feature::PowlawGamma.index(), Feature::HardHm.index());
    let mut got = BTreeMap::new();
    for r in &rows {
        let name = r.get(name_col).expect("a name").to_string();
        got.insert(name, (r.features[gamma], r.features[hm]));
    }
    assert_eq!(
        got.keys().collect::<Vec<_>>(),
        want.keys().collect::<Vec<_>>()
    );
    let close = |a: Option<f64>, b: Option<f64>| match (a, b) {
        (Some(a), Some(b)) => (a - b).abs() <= 1e-9 * a.abs().max(1.0),
        (a, b) => a.is_none() && b.is_none_or(f64::is_nan),
    };
    for (n, &(g, h)) in &want {
        let (g2, h2) = got[n];
        assert!(
            close(g, g2) && close(h, h2),
            "{n}: {g2:?} {h2:?} vs {g:?} {h:?}"
        );
    }
}
