//! `xclass synth`: synthetic detections sampled from the model, as CSV input for `classify`.

use crate::model_arg::ModelArg;
use crate::output::{self, Output};
use clap::Args;
use std::path::PathBuf;
use xclass_core::synth::{sample, write_csv};

#[derive(Args)]
pub struct SynthArgs {
    /// Number of detections.
    n: usize,
    /// Output CSV file (default, or `-`: standard output).
    #[arg(short, long, value_name = "FILE")]
    output: Option<PathBuf>,
    /// Random seed: the same seed gives the same detections.
    #[arg(long, default_value_t = 42)]
    seed: u64,
    /// Write the raw CSC columns (var_mean_*, var_sigma_*, var_max_b, var_min_b, …) instead
    /// of the 12 features.
    #[arg(long)]
    raw: bool,
    #[command(flatten)]
    model: ModelArg,
}

pub fn run(a: SynthArgs) -> Result<(), String> {
    output::check_distinct(a.output.as_deref(), &a.model.path().into_iter().collect::<Vec<_>>())?;
    let model = a.model.load()?;
    let mut out = Output::create(a.output.as_deref())?;
    write_csv(&mut out, sample(&model, a.n, a.seed), a.raw).map_err(|e| out.error(e))?;
    out.commit()
}
