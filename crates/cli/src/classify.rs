//! `xclass classify`: an input table → class probabilities per detection or per source.

use crate::model_arg::ModelArg;
use crate::output::{self, Output};
use clap::Args;
use rayon::prelude::*;
use std::fs::File;
use std::io::{self, BufRead, BufReader};
use std::path::{Path, PathBuf};
use xclass_core::class::ClassProbs;
use xclass_core::novelty::NoveltyReference;
use xclass_core::pipeline::{classify_rows, classify_rows_with_novelty, DetectionTable, SourceTable};
use xclass_core::table::{ErrorKind, HduChoice, Position, RawRow, Role, Schema, TableError, TableReader};
use xclass_core::{Catalog, Model};

/// The published catalog (its detections with features are the novelty reference).
const CATALOG: &[u8] = include_bytes!(concat!(env!("CARGO_MANIFEST_DIR"), "/../../assets/catalog.bin"));

/// The log-densities of the published catalog's detections with features (the first of each
/// source) under `model`: what `novelty_percentile` is measured against.
fn novelty_reference(model: &Model) -> Result<NoveltyReference, String> {
    let catalog = Catalog::from_asset(CATALOG).map_err(|e| format!("the built-in catalog: {e}"))?;
    let features: Vec<_> = catalog.sources.iter().map(|s| s.features).collect();
    Ok(NoveltyReference::new(model, &features))
}

/// Rows read per chunk: parsed and classified in parallel while the next chunk is read.
const CHUNK: usize = 16_384;
/// Rows per parallel task.
const TASK: usize = 256;

type Input = Box<dyn BufRead + Send>;

#[derive(Args)]
pub struct ClassifyArgs {
    /// Input table: CSV, VOTable or FITS; `-` reads standard input.
    input: PathBuf,
    /// FITS input: the HDU to read, by index (1 = first extension) or EXTNAME (default: the
    /// first binary table).
    #[arg(long, value_name = "N|NAME")]
    hdu: Option<String>,
    /// Output CSV file (default, or `-`: standard output); never one of the inputs.
    #[arg(short, long, value_name = "OUTPUT")]
    output: Option<PathBuf>,
    /// One row per source (grouped by the `name` column) with soft and hard master classes.
    #[arg(long)]
    by_source: bool,
    /// Leave out the novelty columns (log_density to margin): the table up to `filled`,
    /// a little faster and smaller.
    #[arg(long, conflicts_with = "by_source")]
    no_novelty: bool,
    #[command(flatten)]
    model: ModelArg,
}

pub fn run(a: ClassifyArgs) -> Result<(), String> {
    let inputs: Vec<&Path> = [Some(a.input.as_path()), a.model.path()].into_iter().flatten().collect();
    output::check_distinct(a.output.as_deref(), &inputs)?;
    let model = a.model.load()?;
    let name = a.input.display().to_string();
    let input: Input = if name == "-" {
        Box::new(BufReader::with_capacity(1 << 20, io::stdin()))
    } else {
        Box::new(BufReader::with_capacity(1 << 20, File::open(&a.input).map_err(|e| format!("{name}: {e}"))?))
    };
    let hdu = a.hdu.as_deref().map(HduChoice::parse);
    let mut reader = TableReader::open_hdu(&name, input, hdu.as_ref()).map_err(|e| e.to_string())?;
    let mut out = Output::create(a.output.as_deref())?;
    if a.by_source {
        by_source(&mut reader, &model, &mut out)?;
    } else {
        by_detection(&mut reader, &model, !a.no_novelty, &mut out)?;
    }
    out.commit()?;
    // After success only, so that a failure is reported in one line.
    for w in reader.schema().warnings() {
        crate::message::warn(&w);
    }
    if reader.rows_read() == 0 {
        eprintln!("xclass: warning: {name}: no rows: the table has columns but no data");
    }
    Ok(())
}

/// The reader's schema, keeping the passthrough columns the output uses.
fn output_schema(reader: &TableReader<Input>) -> Schema {
    let mut schema = reader.schema().clone();
    schema.retain_passthrough(|r| matches!(r, Role::Name | Role::Obsid | Role::Ra | Role::Dec));
    schema
}

fn by_detection(reader: &mut TableReader<Input>, model: &Model, novelty: bool, out: &mut Output) -> Result<(), String> {
    let schema = output_schema(reader);
    let table = DetectionTable::new(&schema);
    let (table, reference) = if novelty { (table, Some(novelty_reference(model)?)) } else { (table.without_novelty(), None) };
    out.put(table.header().as_bytes())?;
    let process = |rows: &[RawRow]| {
        let rows = rows.iter().map(|raw| schema.parse(raw)).collect::<Result<Vec<_>, _>>()?;
        let (classified, novelty) = match &reference {
            Some(reference) => classify_rows_with_novelty(model, reference, &rows),
            None => (classify_rows(model, &rows), Vec::new()),
        };
        let mut text = String::with_capacity(rows.len() * 400);
        for (i, row) in rows.iter().enumerate() {
            let (c, filled) = (&classified.classifications[i], classified.filled[i]);
            table.write_row(&mut text, row, c, filled, novelty.get(i));
        }
        Ok(text)
    };
    stream(reader, process, |text: String| out.put(text.as_bytes()))
}

fn by_source(reader: &mut TableReader<Input>, model: &Model, out: &mut Output) -> Result<(), String> {
    let schema = output_schema(reader);
    let name = schema
        .passthrough_index(Role::Name)
        .ok_or_else(|| format!("{}: --by-source needs a `name` column", schema.file()))?;
    let mut sources = SourceTable::default();
    let process = |rows: &[RawRow]| {
        let mut rows = rows.iter().map(|raw| schema.parse(raw)).collect::<Result<Vec<_>, TableError>>()?;
        let classified = classify_rows(model, &rows).classifications;
        Ok(rows.iter_mut().zip(classified).map(|(row, c)| (row.passthrough[name].take(), c.probs, row.position)).collect())
    };
    let add = |rows: Vec<(Option<String>, ClassProbs, Position)>| {
        for (n, probs, at) in rows {
            let n = n.ok_or_else(|| {
                TableError::at(schema.file(), at, ErrorKind::Malformed, "no source name").in_column("name")
            });
            sources.add(&n.map_err(|e| e.to_string())?, &probs);
        }
        Ok(())
    };
    stream(reader, process, add)?;
    let mut text = SourceTable::header();
    for (name, vote) in sources.votes() {
        SourceTable::write_row(&mut text, name, &vote);
        if text.len() > 1 << 20 {
            out.put(text.as_bytes())?;
            text.clear();
        }
    }
    out.put(text.as_bytes())
}

/// Streams the input in chunks: while one chunk is parsed and classified in parallel, the
/// previous chunk's results go to `sink` and the next chunk is read. Memory stays flat; the
/// first error in input order wins.
fn stream<T: Send>(
    reader: &mut TableReader<Input>,
    process: impl Fn(&[RawRow<'_>]) -> Result<T, TableError> + Sync,
    mut sink: impl FnMut(T) -> Result<(), String> + Send,
) -> Result<(), String> {
    let text = |e: TableError| e.to_string();
    let mut done: Vec<T> = Vec::new();
    let mut chunk = reader.read_raw(CHUNK).map_err(text)?;
    while !chunk.is_empty() {
        let (next, results) = rayon::join(
            || {
                done.drain(..).try_for_each(&mut sink)?;
                reader.read_raw(CHUNK).map_err(text)
            },
            || chunk.rows().collect::<Vec<_>>().par_chunks(TASK).map(&process).collect::<Vec<_>>(),
        );
        done = results.into_iter().collect::<Result<_, _>>().map_err(text)?;
        chunk = next?;
    }
    done.into_iter().try_for_each(sink)
}
