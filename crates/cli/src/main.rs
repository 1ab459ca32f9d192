//! `xclass`: classify Chandra X-ray detections with the model of Pérez-Díaz et al. (2024),
//! make synthetic detections, and rebuild the app's catalog asset.

mod classify;
mod fit;
mod message;
mod matching;
mod model_arg;
mod output;
mod pack;
mod synth;
mod threads;

use clap::error::ErrorKind;
use clap::{Parser, Subcommand};
use std::process::ExitCode;

const CLASSIFY_HELP: &str = "\
INPUT FORMATS
  CSV (comma-separated, header line first, `#` comment lines before it; tab-separated for
  .tsv/.tab) or VOTable (TABLEDATA, BINARY or BINARY2; the first table). Detected by content (a file starting
  with `<?xml` or `<VOTABLE` is a VOTable), then by extension.
  FITS: a binary table (BINTABLE), the first one or the HDU named by --hdu (index, 1 = first
  extension, or EXTNAME); types L, B, I, J, K, E, D, A (TNULLn and NaN are missing, TSCALn and
  TZEROn applied); a file starting with `SIMPLE  =` is FITS.

INPUT COLUMNS (matched case-insensitively; others are ignored)
  The 12 features: hard_hm, hard_hs, hard_ms, powlaw_gamma, bb_kt, var_prob_b, var_ratio_b,
  var_prob_h, var_ratio_h, var_prob_s, var_ratio_s, var_newq_b,
  or the raw CSC per-observation columns they derive from: hard_hm, hard_hs, hard_ms,
  powlaw_gamma, bb_kt, var_prob_b/h/s, var_mean_b/h/s, var_sigma_b/h/s, var_max_b, var_min_b
  (var_ratio_x = var_sigma_x / var_mean_x; var_newq_b = ((var_max_b + var_min_b)/2) / var_mean_b).
  A feature's own column wins when its cell has a value; otherwise it is derived.
  Optional: name (needed by --by-source), obsid, and position columns (ra, dec, ra_deg,
  dec_deg, raj2000, dej2000, decj2000, ra_icrs, de_icrs, ra_j2000, dec_j2000), copied to the
  output as written.

MISSING VALUES (fill rule)
  Empty cells, `--`, `nan`, `null`, `none` (any case) and VOTable nulls are missing, as is a
  derived value that is not finite (e.g. var_mean 0). A missing feature is filled with the
  model's fill value (the training catalog's median) and listed in the `filled` column. A
  feature with no column at all is filled in every row, with a warning on stderr.
  bb_kt, var_ratio_* and var_newq_b must be >= 0.

OUTPUT (CSV, rows in input order, numbers at full f64 precision)
  name, obsid (when the input has them), the input's position columns (when it has them, with
  their input names, in input order), cluster (GMM component), QSO, AGN, Seyfert_1,
  Seyfert_2, HMXB, LMXB, XB, YSO, TTau*, Orion_V* (class probabilities; 0 for classes absent
  from the cluster), class (most probable), agg_AGN, agg_Seyfert, agg_XB, agg_YSO (group
  sums), agg_class, filled (features filled with medians, `;`-separated), then novelty
  (left out with --no-novelty):
  log_density (ln of the model's Gaussian-mixture density at the detection, in the
  normalised feature space; low = atypical), novelty_percentile (the share, in %, of the
  published catalog's 8,756 detections with features that the model finds MORE typical;
  99 = less typical than 99% of the catalog), outside_training (features outside the range
  the model was fitted on, `;`-separated), entropy (-sum p ln p of the class probabilities,
  nats; 0 = certain, ln 10 = 2.303 at most) and margin (top class probability minus the
  second; small = unsure).
  With --by-source, one row per source in order of first appearance: name, detection_count,
  mean_<class> and std_<class> (population std) for the 10 classes, soft_master_class (argmax
  of the mean), hard_master_class (most common detection class; a tie goes to the tied class
  seen first in input order), agg_master_class (group of the soft class), unique (soft = hard).
  A text cell that a spreadsheet would run as a formula (starting with =, +, - or @ and not a
  number) is written with a leading ' (e.g. a name `=HYPERLINK(...)` → `'=HYPERLINK(...)`).
  --by-source holds every distinct name in memory: about 260 bytes each (2,000,000 names:
  about 530 MB); the per-detection output streams in constant memory.

  OUTPUT (-o) appears only when everything succeeded: rows go to a temporary file with an
  unpredictable name beside it, renamed over OUTPUT at the end and removed on error or
  interruption. An existing OUTPUT keeps its permissions; a symbolic link is written through
  to its target; a device or named pipe (/dev/null, a FIFO) is written directly; `-` is
  standard output. OUTPUT may not be the input (nor the --model file).
  Uses all cores; set RAYON_NUM_THREADS to limit (at most 4 threads per core are started).

EXIT CODES
  0 success; 2 bad input or usage (one line on stderr: `xclass: <file>: line N, column C: <what>`);
  130 or 143 interrupted (SIGINT, SIGTERM; nothing written); 141 standard output closed by its
  reader (a broken pipe, as `xclass classify big.csv | head`; no message).";

#[derive(Parser)]
#[command(
    name = "xclass",
    version,
    about = "Probabilistic classification of Chandra X-ray sources (Pérez-Díaz et al. 2024)",
    after_help = "Exit codes: 0 success, 2 error or bad usage (one line on stderr), 130/143 interrupted, 141 broken \
                  pipe. `xclass classify --help` for formats and columns."
)]
struct Cli {
    #[command(subcommand)]
    command: Command,
}

#[derive(Subcommand)]
enum Command {
    /// Classify detections from a CSV, VOTable or FITS table: GMM cluster, class probabilities, groups.
    #[command(after_long_help = CLASSIFY_HELP)]
    Classify(classify::ClassifyArgs),
    /// Refit the method on a table: mixture by EM (or a BIC sweep over K), class models from
    /// a label column, validation against the published model; writes a model.json.
    Fit(fit::FitArgs),
    /// Match a target list by position to the catalog's sources: classes, probabilities, detections.
    Match(matching::MatchArgs),
    /// Write synthetic detections sampled from the model's mixture, as CSV.
    Synth(synth::SynthArgs),
    /// Convert the published CSV tables into the app's binary catalog asset.
    Pack(pack::PackArgs),
}

fn main() -> ExitCode {
    let cli = match Cli::try_parse() {
        Ok(cli) => cli,
        Err(e) if matches!(e.kind(), ErrorKind::DisplayHelp | ErrorKind::DisplayVersion) => {
            // --help and --version: their text on stdout, exit 0.
            return if e.print().is_ok() { ExitCode::SUCCESS } else { ExitCode::from(2) };
        }
        Err(e) => {
            message::error(&message::usage(&e));
            return ExitCode::from(2);
        }
    };
    if let Some(w) = threads::init() {
        message::warn(&w);
    }
    let result = match cli.command {
        Command::Classify(a) => classify::run(a),
        Command::Fit(a) => fit::run(a),
        Command::Match(a) => matching::run(a),
        Command::Synth(a) => synth::run(a),
        Command::Pack(a) => pack::run(a),
    };
    match result {
        Ok(()) => ExitCode::SUCCESS,
        Err(msg) => {
            message::error(&msg);
            ExitCode::from(2)
        }
    }
}
