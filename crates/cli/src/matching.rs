//! `xclass match`: a target list matched by position to the published catalog's sources
//! (classified as published, or by another model).

use crate::model_arg::ModelArg;
use crate::output::Output;
use clap::Args;
use std::io::Read;
use std::path::{Path, PathBuf};
use xclass_core::assets::CREDIT;
use xclass_core::catalog::published::read_published;
use xclass_core::crossmatch::{catalog_index, check_radius, match_targets, read_targets, result_table, DEFAULT_RADIUS_ARCSEC};
use xclass_core::reclassify::reclassify;
use xclass_core::Catalog;

/// The app's catalog asset, built in (`xclass pack` writes it).
const CATALOG: &[u8] = include_bytes!(concat!(env!("CARGO_MANIFEST_DIR"), "/../../assets/catalog.bin"));

#[derive(Args)]
pub struct MatchArgs {
    /// Target list (CSV, tab- or `;`-separated): `ra`,`dec` in degrees or sexagesimal, or CSC
    /// names; `-` reads standard input.
    list: PathBuf,
    /// Matching radius, arcseconds.
    #[arg(long, default_value_t = DEFAULT_RADIUS_ARCSEC, value_name = "ARCSEC")]
    radius: f64,
    /// Output file: CSV, or VOTable (.vot, .xml) or FITS (.fits) by extension (default: CSV on
    /// standard output).
    #[arg(short, long, value_name = "OUT")]
    output: Option<PathBuf>,
    /// The catalog: a `catalog.bin` asset or the folder of the published CSV tables (default:
    /// the built-in catalog).
    #[arg(long, value_name = "PATH")]
    catalog: Option<PathBuf>,
    /// With --model, each source's class and probabilities are its first detection's under
    /// that model (as the app shows them once it uses the model).
    #[command(flatten)]
    model: ModelArg,
}

fn load_catalog(path: Option<&Path>) -> Result<Catalog, String> {
    match path {
        None => Catalog::from_asset(CATALOG).map_err(|e| format!("built-in catalog: {e}")),
        Some(p) if p.is_dir() => read_published(p).map_err(|e| e.to_string()),
        Some(p) => {
            let bytes = std::fs::read(p).map_err(|e| format!("{}: {e}", p.display()))?;
            Catalog::from_asset(&bytes).map_err(|e| format!("{}: {e}", p.display()))
        }
    }
}

pub fn run(a: MatchArgs) -> Result<(), String> {
    let radius = check_radius(a.radius).map_err(|e| format!("--radius: {e}"))?;
    let name = a.list.display().to_string();
    let mut bytes = Vec::new();
    if name == "-" {
        std::io::stdin().read_to_end(&mut bytes).map_err(|e| format!("{name}: {e}"))?;
    } else {
        bytes = std::fs::read(&a.list).map_err(|e| format!("{name}: {e}"))?;
    }
    let text =
        std::str::from_utf8(&bytes).map_err(|e| format!("{name}: not UTF-8 text at byte {} (the target list must be CSV text)", e.valid_up_to()))?;
    let list = read_targets(&name, text).map_err(|e| e.to_string())?;
    let mut cat = load_catalog(a.catalog.as_deref())?;
    if a.model.path().is_some() {
        cat = reclassify(&cat, &a.model.load()?).catalog;
    }
    let result = match_targets(&catalog_index(&cat, radius), &list.targets);
    let table = result_table(&list, &cat, &result);
    let ext = a.output.as_ref().and_then(|o| o.extension()).map(|e| e.to_string_lossy().to_ascii_lowercase());
    let out_bytes = match ext.as_deref() {
        Some("vot" | "xml" | "votable") => table.to_votable(CREDIT)?.into_bytes(),
        Some("fits" | "fit" | "fts") => table.to_fits(CREDIT),
        _ => table.to_csv().into_bytes(),
    };
    let mut out = Output::create(a.output.as_deref())?;
    out.put(&out_bytes)?;
    out.commit()?;
    eprintln!("xclass: {} of {} targets matched within {radius}\"", result.matched(), list.targets.len());
    Ok(())
}
