//! Cross-match speed: 100,000 target positions against the catalog's sources (half of them
//! within 1" of a source, half anywhere on the sky), radius 2"; and building the index.

use criterion::{criterion_group, criterion_main, Criterion, Throughput};
use std::hint::black_box;
use xclass_core::crossmatch::{catalog_index, Target};
use xclass_core::Catalog;

fn targets(cat: &Catalog, n: usize) -> Vec<Target> {
    let golden = (5f64.sqrt() - 1.0) / 2.0;
    (0..n)
        .map(|i| {
            let (ra, dec) = if i % 2 == 0 {
                let s = &cat.sources[i / 2 % cat.sources.len()];
                (s.ra + (i % 7) as f64 * 1e-4 / s.dec.to_radians().cos().max(0.01), s.dec - (i % 5) as f64 * 5e-5)
            } else {
                let z = 1.0 - 2.0 * (i as f64 + 0.5) / n as f64;
                ((i as f64 * golden).fract() * 360.0, z.asin().to_degrees())
            };
            Target { line: i as u64, cells: Vec::new(), ra, dec }
        })
        .collect()
}

fn crossmatch(c: &mut Criterion) {
    let bytes = std::fs::read(concat!(env!("CARGO_MANIFEST_DIR"), "/../../assets/catalog.bin")).unwrap();
    let cat = Catalog::from_asset(&bytes).unwrap();
    let n = 100_000;
    let list = targets(&cat, n);
    let index = catalog_index(&cat, 2.0);
    let mut g = c.benchmark_group("crossmatch");
    g.throughput(Throughput::Elements(n as u64)).sample_size(20);
    g.bench_function("match_1e5_targets", |b| b.iter(|| list.iter().filter(|t| index.nearest(black_box(t.ra), black_box(t.dec)).is_some()).count()));
    g.bench_function("index_catalog", |b| b.iter(|| catalog_index(black_box(&cat), 2.0)));
    g.finish();
}

criterion_group!(benches, crossmatch);
criterion_main!(benches);
