//! `xclass pack`: published CSV tables → `assets/catalog.bin`.

use crate::output::Output;
use clap::Args;
use std::path::PathBuf;
use xclass_core::catalog::published::read_published;

#[derive(Args)]
pub struct PackArgs {
    /// Folder holding the published tables.
    #[arg(long, default_value = "data/umlcaxs")]
    from: PathBuf,
    /// The asset to write.
    #[arg(long, default_value = "assets/catalog.bin")]
    to: PathBuf,
}

pub fn run(a: PackArgs) -> Result<(), String> {
    let from = a.from.display();
    match std::fs::metadata(&a.from) {
        Ok(m) if m.is_dir() => {}
        Ok(_) => return Err(format!("{from}: not a folder (--from names the folder of the published tables)")),
        Err(e) => return Err(format!("{from}: cannot read the folder of the published tables (--from): {e}")),
    }
    // Name the file in full: `FOLDER/table.csv: line N, column C: what`.
    let cat = read_published(&a.from).map_err(|e| format!("{}: {}", a.from.join(&e.file).display(), e.message))?;
    let bytes = cat.to_asset(xclass_core::assets::CREDIT);
    let mut out = Output::create(Some(&a.to))?;
    out.put(&bytes)?;
    out.commit()?;
    crate::message::info(&format!(
        "wrote {} ({} bytes): {} detections, {} sources ({} unique)",
        a.to.display(),
        bytes.len(),
        cat.detections.len(),
        cat.sources.len(),
        cat.unique_count()
    ));
    Ok(())
}
