//! CPU time of EM iterations, for a shared machine where wall-clock benchmarks wait for a
//! core: `em_time N ROWS` runs N iterations (K = 6, from the published mixture) on the shipped
//! catalog (ROWS = 0) or on ROWS rows sampled from the mixture; time it with `/usr/bin/time`
//! against N = 0 (the setup alone). Used by benches/README.md's figures.

use std::path::Path;
use xclass_core::catalog::published::read_published;
use xclass_core::fit::{Mixture, Samples};
use xclass_core::synth::sample;
use xclass_core::Model;

fn main() {
    let args: Vec<usize> = std::env::args()
        .skip(1)
        .map(|a| a.parse().expect("a number"))
        .collect();
    let (n, rows) = (args[0], args.get(1).copied().unwrap_or(0));
    let model = Model::published();
    let x = if rows == 0 {
        let cat = read_published(&Path::new(env!("CARGO_MANIFEST_DIR")).join("../../data/umlcaxs"))
            .unwrap();
        Samples::normalised(&model.normaliser, cat.sources.iter().map(|s| s.features))
    } else {
        Samples::normalised(
            &model.normaliser,
            sample(&model, rows, 42).map(|d| d.features),
        )
    }
    .unwrap();
    let start = Mixture::from_gmm(&model.gmm);
    let mut lb = 0.0;
    for _ in 0..n {
        lb += start.em_step(&x, 1e-6).unwrap().1;
    }
    println!("{} rows, {n} iterations, sum of lower bounds {lb}", x.n());
}
