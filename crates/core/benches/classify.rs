//! Classification speed: one detection (normalise + GMM + class model), the 8,756 published
//! detections one by one and batched, 100,000 samples of the mixture (the numpy reference's
//! compute-only measure), and the CLI's per-row work (CSV parse + classify + format) on one
//! core.

use criterion::{criterion_group, criterion_main, BatchSize, Criterion, Throughput};
use std::hint::black_box;
use std::path::Path;
use xclass_core::catalog::published::read_published;
use xclass_core::novelty::NoveltyReference;
use xclass_core::pipeline::{classify_rows_with_novelty, DetectionTable};
use xclass_core::synth::{sample, write_csv};
use xclass_core::table::TableReader;
use xclass_core::Model;

fn benches(c: &mut Criterion) {
    let model = Model::published();
    let cat = read_published(&Path::new(env!("CARGO_MANIFEST_DIR")).join("../../data/umlcaxs")).unwrap();
    let features: Vec<_> = cat.sources.iter().map(|s| s.features).collect();

    let x = features[0];
    c.bench_function("classify_one", |b| b.iter(|| model.classify(black_box(&x))));

    let mut g = c.benchmark_group("classify_published");
    g.throughput(Throughput::Elements(features.len() as u64));
    g.bench_function("8756", |b| b.iter(|| features.iter().map(|f| model.classify(black_box(f)).cluster).sum::<usize>()));
    g.bench_function("8756_batch", |b| b.iter(|| model.classify_batch(black_box(&features)).len()));
    g.finish();

    // The same rows as the numpy reference's compute-only timing: filled raw features of
    // samples of the mixture (fill + normalise + GMM + class model + softmax).
    let sampled: Vec<_> = sample(&model, 100_000, 42).map(|d| d.features).collect();
    let mut g = c.benchmark_group("classify_sampled");
    g.throughput(Throughput::Elements(sampled.len() as u64));
    g.sample_size(20);
    g.bench_function("100k_one_by_one", |b| b.iter(|| sampled.iter().map(|f| model.classify(black_box(f)).cluster).sum::<usize>()));
    g.bench_function("100k_batch", |b| b.iter(|| sampled.chunks(4096).map(|c| model.classify_batch(black_box(c)).len()).sum::<usize>()));
    g.finish();

    let mut csv = Vec::new();
    write_csv(&mut csv, sample(&model, 10_000, 1), true).unwrap();
    // A reference the catalog's size (the percentile searches one bucket of it).
    let reference = NoveltyReference::from_sorted((0..8756).map(|i| f64::from(i) / 100.0 - 40.0).collect()).unwrap();
    let mut g = c.benchmark_group("cli_row_one_core");
    g.throughput(Throughput::Elements(10_000));
    g.bench_function("read_parse_classify_format_10k_raw_rows", |b| {
        b.iter_batched(
            || String::with_capacity(4 << 20),
            |mut out| {
                let mut r = TableReader::open("bench.csv", csv.as_slice()).unwrap();
                let table = DetectionTable::new(r.schema());
                loop {
                    let rows = r.read_batch(256).unwrap();
                    if rows.is_empty() {
                        break out;
                    }
                    let (classified, novelty) = classify_rows_with_novelty(&model, &reference, &rows);
                    let each = classified.classifications.iter().zip(&classified.filled).zip(&novelty);
                    for (row, ((c, &filled), nov)) in rows.iter().zip(each) {
                        table.write_row(&mut out, row, c, filled, Some(nov));
                    }
                }
            },
            BatchSize::LargeInput,
        )
    });
    g.finish();
}

criterion_group!(classify, benches);
criterion_main!(classify);
