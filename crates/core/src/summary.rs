//! The header's counts of the dataset shown: detections, sources, unique and ambiguous ones,
//! and sources per group, all under the model that classified the rows (the published one,
//! another model seeing each source through its first detection, or a synthetic set).

use crate::class::{Group, N_GROUPS};
use crate::format::{count, thousands};
use crate::points::Points;

/// How the rows shown were made.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Origin {
    /// The published catalog under the published model.
    Published,
    /// The published catalog under another model (one detection per source: the first).
    Reclassified,
    /// Detections sampled from a model's mixture, one source each.
    Synthetic,
}

/// Counts of the rows shown.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Summary {
    pub origin: Origin,
    pub detections: usize,
    pub sources: usize,
    /// Sources whose soft and hard votes agree.
    pub unique: usize,
    /// Sources per group of their (soft-vote) master class, in `Group::ALL` order.
    pub groups: [usize; N_GROUPS],
}

impl Summary {
    /// The counts of `sources` (one row per source) with `detections` detection rows.
    pub fn of(origin: Origin, sources: &Points, detections: usize) -> Summary {
        let mut groups = [0; N_GROUPS];
        sources
            .class
            .iter()
            .for_each(|c| groups[c.group().index()] += 1);
        Summary {
            origin,
            detections,
            sources: sources.len(),
            unique: sources.unique.iter().filter(|u| **u).count(),
            groups,
        }
    }

    /// The header line, e.g. "14,507 detections · 8,756 sources (8,271 unique, 485 ambiguous)".
    pub fn headline(&self) -> String {
        match self.origin {
            Origin::Published => format!(
                "{} · {} ({} unique, {} ambiguous)",
                count(self.detections, "detection"),
                count(self.sources, "source"),
                thousands(self.unique),
                thousands(self.sources - self.unique)
            ),
            Origin::Reclassified => format!(
                "{} · {} (each classified by its first detection)",
                count(self.detections, "detection"),
                count(self.sources, "source")
            ),
            Origin::Synthetic => format!(
                "{} · {} (one detection each)",
                count(self.detections, "synthetic detection"),
                count(self.sources, "source")
            ),
        }
    }

    /// Sources per group, e.g. "AGN 4,040 · Seyfert 310 · XB 1,530 · YSO 2,876".
    pub fn groups_line(&self) -> String {
        Group::ALL
            .iter()
            .map(|g| format!("{} {}", g.name(), thousands(self.groups[g.index()])))
            .collect::<Vec<_>>()
            .join(" · ")
    }
}
