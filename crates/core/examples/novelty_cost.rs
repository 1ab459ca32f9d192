//! What novelty adds to classification, compute only, one thread: N synthetic detections
//! (sampled from the model's mixture) classified in the CLI's tasks of 256 rows
//! (`classify_batch`), and the same with the novelty columns the CLI appends (mixture
//! log-density, percentile, training range, entropy, margin: the kernel computes the
//! log-density, training-range mask, entropy and margin in its own pass, `classify_batch_typical`, then
//! `Novelty::of_typical` adds the percentile), in alternating
//! pairs; also the kernel's part alone. Times are this thread's CPU time
//! (`clock_gettime(CLOCK_THREAD_CPUTIME_ID)`, so that other processes on a loaded machine do
//! not count), or wall time where that is missing. Prints the medians in ns per detection and the
//! median per-pair ratios.
//!
//! Usage: cargo run --profile bench -p xclass-core --example novelty_cost -- [N] [PAIRS]

use std::time::Instant;
use xclass_core::novelty::{Novelty, NoveltyReference};
use xclass_core::synth::sample;
use xclass_core::Model;

/// This thread's CPU time in ns (`CLOCK_THREAD_CPUTIME_ID`, to the ns; Linux's
/// /proc/thread-self/schedstat moves in scheduler ticks), if the system tells it.
fn cpu_ns() -> Option<u64> {
    let mut t = libc::timespec { tv_sec: 0, tv_nsec: 0 };
    // SAFETY: `t` is a valid timespec for the call to write.
    let ok = unsafe { libc::clock_gettime(libc::CLOCK_THREAD_CPUTIME_ID, &mut t) } == 0;
    ok.then(|| t.tv_sec as u64 * 1_000_000_000 + t.tv_nsec as u64)
}

/// ns per row of `f` over `n` rows: CPU time, or wall time.
fn time(n: usize, f: impl Fn() -> usize) -> f64 {
    let (t, c) = (Instant::now(), cpu_ns());
    assert_eq!(f(), n);
    let ns = match (c, cpu_ns()) {
        (Some(a), Some(b)) => (b - a) as f64,
        _ => t.elapsed().as_secs_f64() * 1e9,
    };
    ns / n as f64
}

fn main() {
    let mut args = std::env::args().skip(1);
    let n: usize = args
        .next()
        .and_then(|a| a.parse().ok())
        .unwrap_or(1_000_000);
    let pairs: usize = args.next().and_then(|a| a.parse().ok()).unwrap_or(7);
    let model = Model::published();
    let features: Vec<_> = sample(&model, n, 42).map(|d| d.features).collect();
    let reference = NoveltyReference::new(&model, &features[..8756.min(n)]);
    let classify = || {
        features
            .chunks(256)
            .map(|c| model.classify_batch(std::hint::black_box(c)).len())
            .sum()
    };
    let with_novelty = || {
        features
            .chunks(256)
            .map(|c| {
                let (cl, typ) = model.classify_batch_typical(std::hint::black_box(c));
                std::hint::black_box(&cl);
                std::hint::black_box(Novelty::of_typical(&reference, &typ)).len()
            })
            .sum()
    };
    let kernel_only = || {
        features
            .chunks(256)
            .map(|c| {
                model
                    .classify_batch_typical(std::hint::black_box(c))
                    .1
                    .len()
            })
            .sum()
    };
    let (mut a, mut b, mut r, mut kr) = (Vec::new(), Vec::new(), Vec::new(), Vec::new());
    for _ in 0..pairs {
        let (x, y, z) = (
            time(n, classify),
            time(n, with_novelty),
            time(n, kernel_only),
        );
        a.push(x);
        b.push(y);
        r.push(y / x);
        kr.push(z / x);
    }
    let med = |v: &mut Vec<f64>| {
        v.sort_by(f64::total_cmp);
        v[v.len() / 2]
    };
    println!(
        "{{\"rows\": {n}, \"clock\": \"{}\", \"classify_ns\": {:.1}, \"classify_and_novelty_ns\": {:.1}, \"ratio\": {:.3}, \"kernel_ratio\": {:.3}}}",
        if cpu_ns().is_some() { "thread CPU" } else { "wall" },
        med(&mut a),
        med(&mut b),
        med(&mut r),
        med(&mut kr)
    );
}
