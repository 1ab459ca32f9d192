//! `xclass`: classify Chandra X-ray detections with the model of Pérez-Díaz et al. (2024),
//! and rebuild the app's catalog asset.

mod pack;

use clap::{Parser, Subcommand};
use std::process::ExitCode;

#[derive(Parser)]
#[command(name = "xclass", version, about = "Probabilistic classification of Chandra X-ray sources (Pérez-Díaz et al. 2024)")]
struct Cli {
    #[command(subcommand)]
    command: Command,
}

#[derive(Subcommand)]
enum Command {
    /// Convert the published CSV tables into the app's binary catalog asset.
    Pack(pack::PackArgs),
}

fn main() -> ExitCode {
    let cli = Cli::parse();
    let result = match cli.command {
        Command::Pack(a) => pack::run(a),
    };
    match result {
        Ok(()) => ExitCode::SUCCESS,
        Err(msg) => {
            eprintln!("xclass: {msg}");
            ExitCode::from(2)
        }
    }
}
