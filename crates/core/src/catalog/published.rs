//! Reads the three published CSV tables of Pérez-Díaz et al. (2024) into a [`Catalog`].

use super::{Catalog, Detection, Source};
use crate::class::{Class, ClassProbs, N_CLASSES};
use crate::feature::{Feature, FeatureVector, N_FEATURES};
use std::collections::HashMap;
use std::path::Path;

/// File names inside the published data folder.
pub const DETECTIONS_CSV: &str = "detection_level_classification.csv";
/// Sources whose soft and hard master classes agree.
pub const UNIQUE_CSV: &str = "uniquely_classified.csv";
/// Sources whose soft and hard master classes differ.
pub const AMBIGUOUS_CSV: &str = "ambiguous_classification.csv";

/// A problem in one of the published tables.
#[derive(Debug, thiserror::Error)]
#[error("{file}: {message}")]
pub struct PublishedError {
    /// The table's file name.
    pub file: String,
    /// What is wrong, with line and column where known.
    pub message: String,
}

struct Table {
    file: String,
    index: HashMap<String, usize>,
    rows: Vec<(u64, csv::StringRecord)>,
}

impl Table {
    fn read(dir: &Path, file: &str) -> Result<Table, PublishedError> {
        let err = |message: String| PublishedError { file: file.to_string(), message };
        let mut rdr = csv::Reader::from_path(dir.join(file)).map_err(|e| err(e.to_string()))?;
        let index = rdr.headers().map_err(|e| err(e.to_string()))?.iter().enumerate().map(|(i, h)| (h.to_string(), i)).collect();
        let mut rows = Vec::new();
        for r in rdr.records() {
            let r = r.map_err(|e| err(e.to_string()))?;
            rows.push((r.position().map_or(0, |p| p.line()), r));
        }
        Ok(Table { file: file.to_string(), index, rows })
    }

    fn err(&self, line: u64, column: &str, message: impl std::fmt::Display) -> PublishedError {
        PublishedError { file: self.file.clone(), message: format!("line {line}, column {column}: {message}") }
    }

    fn col(&self, name: &str) -> Result<usize, PublishedError> {
        self.index.get(name).copied().ok_or_else(|| PublishedError { file: self.file.clone(), message: format!("missing column {name:?}") })
    }

    fn str<'a>(&self, row: &'a (u64, csv::StringRecord), name: &str) -> Result<&'a str, PublishedError> {
        Ok(&row.1[self.col(name)?])
    }

    fn num<T: std::str::FromStr>(&self, row: &(u64, csv::StringRecord), name: &str) -> Result<T, PublishedError>
    where
        T::Err: std::fmt::Display,
    {
        let s = self.str(row, name)?;
        s.trim().parse().map_err(|e| self.err(row.0, name, format!("{s:?} is not a number ({e})")))
    }

    fn class(&self, row: &(u64, csv::StringRecord), name: &str) -> Result<Class, PublishedError> {
        let s = self.str(row, name)?;
        Class::from_name(s).ok_or_else(|| self.err(row.0, name, format!("unknown class {s:?}")))
    }
}

/// Splits the published `"mean±std"` strings.
fn mean_std(t: &Table, row: &(u64, csv::StringRecord)) -> Result<(ClassProbs, ClassProbs), PublishedError> {
    let mut mean = [0.0; N_CLASSES];
    let mut std = [0.0; N_CLASSES];
    for c in Class::ALL {
        let s = t.str(row, c.name())?;
        let (m, sd) = s.split_once('±').ok_or_else(|| t.err(row.0, c.name(), format!("{s:?} is not mean±std")))?;
        let parse = |v: &str| v.trim().parse::<f64>().map_err(|e| t.err(row.0, c.name(), format!("{s:?}: {e}")));
        mean[c.index()] = parse(m)?;
        std[c.index()] = parse(sd)?;
    }
    Ok((mean, std))
}

struct SourceRow {
    name: String,
    ra: f64,
    dec: f64,
    soft: Class,
    hard: Class,
    count: usize,
    mean: ClassProbs,
    std: ClassProbs,
    features: FeatureVector,
}

fn source_rows(t: &Table, ambiguous: bool) -> Result<Vec<SourceRow>, PublishedError> {
    t.rows
        .iter()
        .map(|row| {
            let (soft, hard) = if ambiguous {
                (t.class(row, "soft_master_class")?, t.class(row, "hard_master_class")?)
            } else {
                let c = t.class(row, "master_class")?;
                (c, c)
            };
            let (mean, std) = mean_std(t, row)?;
            let mut features = [0.0; N_FEATURES];
            for f in Feature::ALL {
                features[f.index()] = t.num(row, f.name())?;
            }
            Ok(SourceRow {
                name: t.str(row, "name")?.to_string(),
                ra: t.num(row, "ra")?,
                dec: t.num(row, "dec")?,
                soft,
                hard,
                count: t.num(row, "detection_count")?,
                mean,
                std,
                features,
            })
        })
        .collect()
}

/// Reads the published tables in `dir` and joins them by name.
pub fn read_published(dir: &Path) -> Result<Catalog, PublishedError> {
    let det = Table::read(dir, DETECTIONS_CSV)?;
    let mut srcs = source_rows(&Table::read(dir, UNIQUE_CSV)?, false)?;
    srcs.extend(source_rows(&Table::read(dir, AMBIGUOUS_CSV)?, true)?);
    srcs.sort_by(|a, b| a.name.cmp(&b.name));
    let by_name: HashMap<&str, usize> = srcs.iter().enumerate().map(|(i, s)| (s.name.as_str(), i)).collect();

    let mut detections = Vec::with_capacity(det.rows.len());
    for row in &det.rows {
        let name = det.str(row, "name")?;
        let source = *by_name.get(name).ok_or_else(|| det.err(row.0, "name", format!("{name} is in no source table")))?;
        let mut probs = [0.0; N_CLASSES];
        for c in Class::ALL {
            probs[c.index()] = det.num(row, c.name())?;
        }
        detections.push(Detection {
            source: source as u32,
            obsid: det.num(row, "obsid")?,
            ra: det.num(row, "ra")?,
            dec: det.num(row, "dec")?,
            cluster: det.num(row, "cluster")?,
            probs,
        });
    }
    let err = |message: String| PublishedError { file: DETECTIONS_CSV.to_string(), message };
    let mut sources = Vec::with_capacity(srcs.len());
    let mut start = 0usize;
    for (i, s) in srcs.into_iter().enumerate() {
        let mut end = start;
        while end < detections.len() && detections[end].source as usize == i {
            end += 1;
        }
        if end - start != s.count {
            return Err(err(format!("{} has {} contiguous detections, its table says {}", s.name, end - start, s.count)));
        }
        // The features belong to the first detection: lowest obsid, first in file order.
        let first = (start..end).min_by_key(|&d| (detections[d].obsid, d)).expect("count > 0");
        sources.push(Source {
            name: s.name,
            ra: s.ra,
            dec: s.dec,
            soft: s.soft,
            hard: s.hard,
            detections: start as u32..end as u32,
            first: first as u32,
            mean: s.mean,
            std: s.std,
            features: s.features,
        });
        start = end;
    }
    if start != detections.len() {
        return Err(err(format!("{} detections are not grouped by source name", detections.len() - start)));
    }
    Ok(Catalog { detections, sources })
}
