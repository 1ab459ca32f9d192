//! `xclass fit`: the paper's whole method on a table (mixture by EM, BIC sweep, class models,
//! validation), the fitted model written as model.json.

use crate::output::Output;
use clap::Args;
use rayon::prelude::*;
use std::fs::File;
use std::io::{BufReader, IsTerminal, Write};
use std::path::PathBuf;
use std::sync::atomic::{AtomicUsize, Ordering};
use xclass_core::class::Class;
use xclass_core::feature_set::FeatureSet;
use xclass_core::fit::{
    fit_method_with, sweep_input, sweep_part, sweep_units, Control, Done, EmOptions, FitError,
    FitOutcome, FitProgress, FitTable, MethodOptions, Metrics, Normalisation, Stage,
};
use xclass_core::Model;

#[derive(Args)]
pub struct FitArgs {
    /// Input table: CSV or VOTable of detections (the 12 features or the raw CSC columns).
    input: PathBuf,
    /// The column of SIMBAD types (any spelling); without it, only the mixture and the BIC.
    #[arg(long, value_name = "COL")]
    label_column: Option<String>,
    /// Number of mixture components.
    #[arg(short, default_value_t = 6, conflicts_with = "k_range")]
    k: usize,
    /// Sweep K over MIN..MAX (inclusive) and use the suggested K.
    #[arg(long, value_name = "MIN..MAX", value_parser = parse_range)]
    k_range: Option<(usize, usize)>,
    /// EM starts (k-means seeds) per K; the best lower bound wins (sweep: mean and sd of the BIC).
    #[arg(long, default_value_t = 1)]
    restarts: usize,
    /// Seed of the first start (start i uses SEED + i) and of the train/test split.
    #[arg(long, default_value_t = 42)]
    seed: u64,
    /// Comma-separated features to fit on (default: all 12).
    #[arg(long, value_name = "LIST", value_parser = FeatureSet::parse)]
    features: Option<FeatureSet>,
    /// Fraction of each class's labelled rows held out for validation (0: none).
    #[arg(long, default_value_t = 0.2, value_name = "F")]
    test_fraction: f64,
    /// Keep the published model's normalisation constants and fill values instead of fitting them.
    #[arg(long)]
    keep_normalisation: bool,
    /// Where to write the fitted model (JSON, as `classify --model` reads it).
    #[arg(short, long, value_name = "MODEL")]
    output: Option<PathBuf>,
}

fn parse_range(s: &str) -> Result<(usize, usize), String> {
    let (a, b) = s.split_once("..").ok_or("expected MIN..MAX, e.g. 2..20")?;
    let (a, b) = (
        a.trim().parse::<usize>().map_err(|e| e.to_string())?,
        b.trim().parse::<usize>().map_err(|e| e.to_string())?,
    );
    if a == 0 || b < a {
        return Err(format!("{s}: need 1 <= MIN <= MAX"));
    }
    Ok((a, b))
}

pub fn run(a: FitArgs) -> Result<(), String> {
    let name = a.input.display().to_string();
    let file = File::open(&a.input).map_err(|e| format!("{name}: {e}"))?;
    let located = |e: xclass_core::fit::FitError| match e {
        xclass_core::fit::FitError::Table(m) => m,
        e => format!("{name}: {e}"),
    };
    let table = FitTable::read(
        &name,
        BufReader::with_capacity(1 << 20, file),
        a.label_column.as_deref(),
        &mut |_, _| Control::Continue,
    )
    .map_err(located)?;
    let opt = MethodOptions {
        em: EmOptions {
            k: a.k,
            restarts: a.restarts.max(1),
            seed: a.seed,
            ..EmOptions::default()
        },
        k_range: a.k_range,
        features: a.features.unwrap_or(FeatureSet::ALL),
        normalisation: if a.keep_normalisation {
            Normalisation::Keep
        } else {
            Normalisation::Fit
        },
        test_fraction: a.test_fraction,
        split_seed: a.seed,
    };
    // Output opened before the work, so that an unwritable destination fails at once.
    let out = a
        .output
        .as_deref()
        .map(|p| Output::create(Some(p)))
        .transpose()?;
    let tty = std::io::stderr().is_terminal();
    let mut progress = |p: &FitProgress| {
        report_progress(p, tty);
        Control::Continue
    };
    let base = Model::published();
    let done = shared_sweep(&table, &opt, &base, tty).map_err(located)?;
    let outcome = fit_method_with(&table, &opt, &base, &done, &mut progress).map_err(located)?;
    if tty {
        eprintln!();
    }
    match (&outcome.model_json, out) {
        (Some(json), Some(mut out)) => {
            out.put(json.as_bytes())?;
            out.commit()?;
        }
        (None, Some(_)) => {
            eprintln!("xclass: note: no label column, so no class models and no model file written")
        }
        _ => {}
    }
    print!("{}", summary(&outcome));
    Ok(())
}

/// A sweep's fits made side by side, one per thread (the largest K first), when there are
/// several threads: the same bits as one after the other (`fit_method_with`), and faster
/// than sharing each EM iteration's rows among the threads. Progress: a line per fit.
fn shared_sweep(
    table: &FitTable,
    opt: &MethodOptions,
    base: &Model,
    tty: bool,
) -> Result<Done, FitError> {
    if opt.k_range.is_none() || rayon::current_num_threads() == 1 {
        return Ok(Done::new());
    }
    let (samples, sweep) = sweep_input(table, opt, base)?;
    let mut units = sweep_units(&sweep);
    units.sort_by(|a, b| b.0.cmp(&a.0).then(a.1.cmp(&b.1)));
    let finished = AtomicUsize::new(0);
    let total = units.len();
    let parts: Result<Vec<Done>, FitError> = units
        .par_iter()
        .map(|&u| {
            let part = sweep_part(&samples, &sweep, &[u], &mut |_| Control::Continue)?;
            let n = finished.fetch_add(1, Ordering::Relaxed) + 1;
            let line = format!("fit {n}/{total} done: K = {}, start {}", u.0, u.1 + 1);
            if tty {
                eprint!("\r\x1b[2K{line}");
            } else {
                eprintln!("{line}");
            }
            Ok(part)
        })
        .collect();
    Ok(parts?.into_iter().flatten().collect())
}

fn report_progress(p: &FitProgress, tty: bool) {
    let line = match p.stage {
        Stage::KMeans => format!(
            "fit {}/{}: K = {}, start {}",
            p.fits_done + 1,
            p.fits_total,
            p.k,
            p.restart + 1
        ),
        Stage::Em => format!(
            "fit {}/{}: K = {}, start {}, EM iteration {}, lower bound {:.5}",
            p.fits_done + 1,
            p.fits_total,
            p.k,
            p.restart + 1,
            p.iteration,
            p.lower_bound
        ),
        Stage::ClassModels => "class models".into(),
        Stage::Validation => "validation".into(),
    };
    if tty {
        eprint!("\r\x1b[2K{line}");
    } else if p.stage != Stage::Em || p.iteration.is_multiple_of(25) {
        eprintln!("{line}");
    }
    let _ = std::io::stderr().flush();
}

fn scores_line(label: &str, m: &Metrics) -> String {
    format!(
        "  {label:<22} {:>8.4} {:>8.4} {:>8.4} {:>8.4}\n",
        m.accuracy, m.balanced_accuracy, m.group_accuracy, m.group_balanced_accuracy
    )
}

/// The report printed at the end (standard output).
pub fn summary(o: &FitOutcome) -> String {
    let mut s = String::new();
    let r = &o.rows;
    s += &format!(
        "rows: {} read, {} fitted, {} left out for a missing feature",
        r.read, r.fitted, r.incomplete
    );
    if let Some(first) = &r.first_incomplete {
        s += &format!(" (first: {first})");
    }
    s += "\n";
    if r.labelled + r.unlabelled > 0 || !r.unmapped.is_empty() {
        let unmapped: usize = r.unmapped.values().sum();
        s += &format!(
            "labels: {} of the 10 classes, {} unlabelled, {} other values",
            r.labelled, r.unlabelled, unmapped
        );
        let top: Vec<String> = r
            .unmapped
            .iter()
            .take(8)
            .map(|(k, v)| format!("{k} {v}"))
            .collect();
        if !top.is_empty() {
            s += &format!(" ({})", top.join(", "));
        }
        s += "\n";
    }
    s += &format!("features: {}\n", o.features.to_list());
    if let Some(sw) = &o.sweep {
        s += &format!("BIC sweep, {} fit(s) per K:\n      K       mean BIC         sd       gradient  mean ln L\n", sw.points[0].bic.len());
        for (p, g) in sw.points.iter().zip(&sw.gradient) {
            let ll = p.mean_log_likelihood.iter().sum::<f64>() / p.mean_log_likelihood.len() as f64;
            let mark = if p.k == sw.suggested_k {
                " <- suggested"
            } else {
                ""
            };
            s += &format!(
                "  {:>5} {:>14.1} {:>10.1} {:>14.1} {:>10.5}{mark}\n",
                p.k, p.mean, p.sd, g, ll
            );
        }
        s += &format!(
            "suggested K = {}: {}\n",
            sw.suggested_k,
            xclass_core::fit::SUGGESTION_RULE
        );
    }
    let f = &o.mixture;
    s += &format!(
        "mixture: K = {}, mean log-likelihood {:.6}, BIC {:.1}, {} EM iterations ({}), best of {} start(s)\n",
        o.k,
        f.mean_log_likelihood,
        o.bic,
        f.n_iter,
        if f.converged { "converged" } else { "not converged" },
        f.restart_bounds.len()
    );
    if !o.class_counts.is_empty() {
        s += "class models: training rows per cluster (QSO AGN Seyfert_1 Seyfert_2 HMXB LMXB XB YSO TTau* Orion_V*):\n";
        for (c, counts) in o.class_counts.iter().enumerate() {
            s += &format!(
                "  cluster {c}: {}\n",
                counts.map(|n| n.to_string()).join(" ")
            );
        }
    }
    if let Some(v) = &o.validation {
        s += &format!(
            "validation: stratified split, test fraction {}, seed {}: {} training rows, {} test rows\n",
            v.test_fraction, v.seed, v.train_rows, v.test_rows
        );
        s += "  model, level           accuracy balanced   groups  grp bal\n";
        s += &scores_line("fitted, detections", &v.fitted.detections);
        s += &scores_line("published, detections", &v.published.detections);
        if let (Some(a), Some(b)) = (&v.fitted.sources, &v.published.sources) {
            s += &scores_line("fitted, sources", a);
            s += &scores_line("published, sources", b);
        }
        s += "  per class (fitted, detections): precision recall F1 support\n";
        for c in &v.fitted.detections.per_class {
            if c.support > 0 {
                s += &format!(
                    "    {:<10} {:.3} {:.3} {:.3} {}\n",
                    c.label, c.precision, c.recall, c.f1, c.support
                );
            }
        }
        s += "  aggregated confusion matrix (fitted, detections; rows = label, row-normalised):\n";
        for (i, row) in v
            .fitted
            .detections
            .groups
            .row_normalised()
            .iter()
            .enumerate()
        {
            let cells: Vec<String> = row.iter().map(|x| format!("{x:.3}")).collect();
            s += &format!(
                "    {:<8} {}\n",
                v.fitted.detections.groups.labels[i],
                cells.join(" ")
            );
        }
    }
    for n in &o.notes {
        s += &format!("note: {n}\n");
    }
    let _ = Class::ALL;
    s
}
