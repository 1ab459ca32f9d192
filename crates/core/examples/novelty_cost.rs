//! What novelty adds to classification, compute only, one thread: N synthetic detections
//! (sampled from the model's mixture) classified in the CLI's tasks of 256 rows
//! (`classify_batch`), and the same with the novelty columns the CLI appends
//! (`Novelty::of_rows`: mixture log-density, percentile, training range, entropy, margin),
//! in alternating pairs; prints the medians in ns per detection and the median per-pair ratio.
//!
//! Usage: cargo run --profile bench -p xclass-core --example novelty_cost -- [N] [PAIRS]

use std::time::Instant;
use xclass_core::novelty::{Novelty, NoveltyReference};
use xclass_core::synth::sample;
use xclass_core::Model;

fn main() {
    let mut args = std::env::args().skip(1);
    let n: usize = args.next().and_then(|a| a.parse().ok()).unwrap_or(1_000_000);
    let pairs: usize = args.next().and_then(|a| a.parse().ok()).unwrap_or(7);
    let model = Model::published();
    let features: Vec<_> = sample(&model, n, 42).map(|d| d.features).collect();
    let reference = NoveltyReference::new(&model, &features[..8756.min(n)]);
    let classify = || {
        let t = Instant::now();
        let k: usize = features.chunks(256).map(|c| model.classify_batch(std::hint::black_box(c)).len()).sum();
        assert_eq!(k, n);
        t.elapsed().as_secs_f64() / n as f64 * 1e9
    };
    let with_novelty = || {
        let t = Instant::now();
        let k: usize = features
            .chunks(256)
            .map(|c| {
                let cl = model.classify_batch(std::hint::black_box(c));
                let probs: Vec<_> = cl.iter().map(|x| x.probs).collect();
                Novelty::of_rows(&model, &reference, c, &probs).len()
            })
            .sum();
        assert_eq!(k, n);
        t.elapsed().as_secs_f64() / n as f64 * 1e9
    };
    let (mut a, mut b, mut r) = (Vec::new(), Vec::new(), Vec::new());
    for _ in 0..pairs {
        let (x, y) = (classify(), with_novelty());
        a.push(x);
        b.push(y);
        r.push(y / x);
    }
    let med = |v: &mut Vec<f64>| {
        v.sort_by(f64::total_cmp);
        v[v.len() / 2]
    };
    println!(
        "{{\"rows\": {n}, \"classify_ns\": {:.1}, \"classify_and_novelty_ns\": {:.1}, \"ratio\": {:.3}}}",
        med(&mut a),
        med(&mut b),
        med(&mut r)
    );
}
