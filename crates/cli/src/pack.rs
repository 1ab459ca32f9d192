//! `xclass pack`: published CSV tables → `assets/catalog.bin`.

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
    let cat = read_published(&a.from).map_err(|e| e.to_string())?;
    let bytes = cat.to_asset(xclass_core::assets::CREDIT);
    let tmp = a.to.with_extension("tmp");
    std::fs::write(&tmp, &bytes).and_then(|_| std::fs::rename(&tmp, &a.to)).map_err(|e| format!("{}: {e}", a.to.display()))?;
    eprintln!(
        "wrote {} ({} bytes): {} detections, {} sources ({} unique)",
        a.to.display(),
        bytes.len(),
        cat.detections.len(),
        cat.sources.len(),
        cat.unique_count()
    );
    Ok(())
}
