//! Downloads of the filtered sources (CSV, VOTable, FITS).

use crate::dataset::Dataset;
use crate::draw::export::download;
use xclass_core::assets::CREDIT;
use xclass_core::export::{catalog_sources, Column, Kind, OutTable, Value};
use xclass_core::Feature;

/// Source rows of a dataset without a full catalog (synthetic sets): what the columns hold.
fn point_sources(d: &Dataset, mask: &[bool]) -> OutTable {
    let p = &d.sources;
    let mut columns = vec![
        Column::new("name", Kind::Text),
        Column::new("ra", Kind::Real).unit("deg", "pos.eq.ra;meta.main"),
        Column::new("dec", Kind::Real).unit("deg", "pos.eq.dec;meta.main"),
        Column::new("class", Kind::Text),
        Column::new("agg_class", Kind::Text),
        Column::new("cluster", Kind::Integer),
        Column::new("max_prob", Kind::Real),
    ];
    columns.extend(Feature::ALL.iter().map(|f| Column::new(f.name(), Kind::Real)));
    let rows = (0..p.len())
        .filter(|&i| mask[i])
        .map(|i| {
            let mut r = vec![
                Value::Text(d.names.get(p.source[i] as usize).to_string()),
                Value::Real(p.ra[i]),
                Value::Real(p.dec[i]),
                Value::Text(p.class[i].name().into()),
                Value::Text(p.class[i].group().name().into()),
                Value::Integer(i64::from(p.cluster[i])),
                Value::Real(f64::from(p.max_prob[i])),
            ];
            r.extend(p.features[i].iter().map(|v| Value::Real(f64::from(*v))));
            r
        })
        .collect();
    OutTable { columns, rows }
}

/// Downloads the sources passing `mask` (source level) as `csv`, `votable` or `fits`.
pub fn sources(d: &Dataset, mask: &[bool], format: &str) -> Result<(), String> {
    sources_as(d, mask, format, "xclass-sources")
}

/// [`sources`] into files named `stem.csv` / `stem.vot` / `stem.fits`.
pub fn sources_as(d: &Dataset, mask: &[bool], format: &str, stem: &str) -> Result<(), String> {
    let table = match &d.catalog {
        Some(cat) => catalog_sources(cat, mask),
        None => point_sources(d, mask),
    };
    match format {
        "votable" => download(&format!("{stem}.vot"), "application/x-votable+xml", table.to_votable(CREDIT)?.as_bytes()),
        "fits" => download(&format!("{stem}.fits"), "application/fits", &table.to_fits(CREDIT)),
        _ => download(&format!("{stem}.csv"), "text/csv", table.to_csv().as_bytes()),
    }
}
