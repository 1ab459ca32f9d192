//! Fitting speed on one core (the core without its `parallel` feature): one EM iteration
//! (E-step with the M-step's sums, then the M-step) at K = 6 on the shipped catalog's 8,756 ×
//! 12 rows and on 1,000,000 rows sampled from the mixture; k-means; a whole K = 6 fit.

use criterion::{criterion_group, criterion_main, Criterion, Throughput};
use std::hint::black_box;
use std::path::Path;
use xclass_core::catalog::published::read_published;
use xclass_core::fit::{fit_mixture, kmeans, Control, EmOptions, Mixture, Samples};
use xclass_core::synth::sample;
use xclass_core::Model;

fn published_mixture(m: &Model) -> Mixture {
    Mixture::from_gmm(&m.gmm)
}

fn benches(c: &mut Criterion) {
    let model = Model::published();
    let cat =
        read_published(&Path::new(env!("CARGO_MANIFEST_DIR")).join("../../data/umlcaxs")).unwrap();
    let x = Samples::normalised(&model.normaliser, cat.sources.iter().map(|s| s.features)).unwrap();
    let start = published_mixture(&model);

    let mut g = c.benchmark_group("em_iteration_k6");
    g.throughput(Throughput::Elements(x.n() as u64));
    g.bench_function("8756", |b| {
        b.iter(|| black_box(&start).em_step(black_box(&x), 1e-6).unwrap().1)
    });
    let big = Samples::normalised(
        &model.normaliser,
        sample(&model, 1_000_000, 42).map(|d| d.features),
    )
    .unwrap();
    g.throughput(Throughput::Elements(big.n() as u64));
    g.sample_size(10);
    g.bench_function("1000000", |b| {
        b.iter(|| black_box(&start).em_step(black_box(&big), 1e-6).unwrap().1)
    });
    g.finish();
    drop(big);

    let mut g = c.benchmark_group("fit_8756");
    g.sample_size(10);
    g.bench_function("kmeans_k6", |b| b.iter(|| kmeans(black_box(&x), 6, 42)));
    g.bench_function("fit_k6_seed42", |b| {
        b.iter(|| {
            fit_mixture(black_box(&x), &EmOptions::default(), &mut |_| {
                Control::Continue
            })
            .unwrap()
            .n_iter
        })
    });
    g.finish();
}

criterion_group!(fit, benches);
criterion_main!(fit);
