//! The `--model` option shared by the subcommands that evaluate the model.

use clap::Args;
use std::path::{Path, PathBuf};
use xclass_core::Model;

#[derive(Args)]
pub struct ModelArg {
    /// A model.json to use instead of the published model shipped with xclass.
    #[arg(long, value_name = "FILE")]
    model: Option<PathBuf>,
}

impl ModelArg {
    /// The model file given, if any.
    pub fn path(&self) -> Option<&Path> {
        self.model.as_deref()
    }

    /// The chosen model.
    pub fn load(&self) -> Result<Model, String> {
        let Some(path) = &self.model else {
            return Ok(Model::published());
        };
        let text = std::fs::read_to_string(path).map_err(|e| format!("{}: {e}", path.display()))?;
        Model::from_json(&text).map_err(|e| format!("{}: {e}", path.display()))
    }
}
