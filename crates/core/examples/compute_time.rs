//! Compute-only timing on the rows of a CSV or VOTable, for the side-by-side comparison with
//! the numpy reference (benches/cli_bench.sh runs the two alternately): reads the table,
//! fills the features, then times `Model::classify_batch` over all rows (in the CLI's tasks
//! of 256) `RUNS` times and prints the median in ns per detection.
//!
//! Usage: cargo run --profile bench -p xclass-core --example compute_time -- FILE [RUNS]

use std::time::Instant;
use xclass_core::table::TableReader;
use xclass_core::Model;

fn main() -> Result<(), String> {
    let mut args = std::env::args().skip(1);
    let path = args.next().ok_or("usage: compute_time FILE [RUNS]")?;
    let runs: usize = args.next().map_or(Ok(5), |r| r.parse()).map_err(|e| format!("RUNS: {e}"))?;
    let model = Model::published();
    let file = std::fs::File::open(&path).map_err(|e| format!("{path}: {e}"))?;
    let mut reader = TableReader::open(&path, std::io::BufReader::new(file)).map_err(|e| e.to_string())?;
    let mut features = Vec::new();
    loop {
        let rows = reader.read_batch(65_536).map_err(|e| e.to_string())?;
        if rows.is_empty() {
            break;
        }
        features.extend(rows.iter().map(|r| model.fill.fill(&r.features).0));
    }
    let mut times: Vec<f64> = (0..runs)
        .map(|_| {
            let t = Instant::now();
            let n: usize = features.chunks(256).map(|c| model.classify_batch(std::hint::black_box(c)).len()).sum();
            assert_eq!(n, features.len());
            t.elapsed().as_secs_f64() / n as f64 * 1e9
        })
        .collect();
    times.sort_by(f64::total_cmp);
    println!("{{\"rows\": {}, \"compute_ns_per_detection\": {:.1}}}", features.len(), times[times.len() / 2]);
    Ok(())
}
