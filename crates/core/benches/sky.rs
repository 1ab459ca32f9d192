//! Sky hot paths: Mollweide for 1,000,000 points, and the HEALPix pixel map of an 800×400 canvas.

use criterion::{criterion_group, criterion_main, Criterion, Throughput};
use std::hint::black_box;
use xclass_core::sky::{healpix_counts, healpix_pixel_map, Mollweide, Viewport};

/// `n` points spread uniformly over the sphere (a Fibonacci lattice), degrees.
fn sphere(n: usize) -> (Vec<f64>, Vec<f64>) {
    let golden = (5f64.sqrt() - 1.0) / 2.0;
    (0..n)
        .map(|i| {
            let z = 1.0 - 2.0 * (i as f64 + 0.5) / n as f64;
            ((i as f64 * golden).fract() * 360.0, z.asin().to_degrees())
        })
        .unzip()
}

fn mollweide(c: &mut Criterion) {
    let n = 1_000_000;
    let (lon, lat) = sphere(n);
    let m = Mollweide::new();
    let (mut xs, mut ys) = (Vec::new(), Vec::new());
    m.project_many(&lon[..1], &lat[..1], &mut xs, &mut ys); // build the table outside the timing
    let mut g = c.benchmark_group("mollweide");
    g.throughput(Throughput::Elements(n as u64)).sample_size(20);
    g.bench_function("project_many_1e6", |b| {
        b.iter(|| m.project_many(black_box(&lon), black_box(&lat), &mut xs, &mut ys))
    });
    g.bench_function("project_loop_1e6", |b| {
        b.iter(|| lon.iter().zip(&lat).filter_map(|(&l, &b)| m.project(l, b)).map(|p| p.0).sum::<f64>())
    });
    g.finish();
}

fn healpix(c: &mut Criterion) {
    let mut g = c.benchmark_group("healpix");
    g.sample_size(20);
    let v = Viewport::fit(800, 400, 0.0);
    g.bench_function("pixel_map_800x400_depth6", |b| b.iter(|| healpix_pixel_map(6, black_box(&v))));
    let (lon, lat) = sphere(1_000_000);
    g.bench_function("counts_1e6_depth6", |b| {
        b.iter(|| healpix_counts(6, black_box(&lon), black_box(&lat), |i| i % 2 == 0))
    });
    g.finish();
}

criterion_group!(benches, mollweide, healpix);
criterion_main!(benches);
