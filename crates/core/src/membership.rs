//! How the GMM clusters hold their members: the spread of each cluster's members'
//! responsibility (how sure the mixture is), and the cluster × class table (counts and row
//! shares).

use crate::class::{Class, N_CLASSES};
use crate::density::Spread;

/// Per cluster, the spread of its members' responsibility. `rows` yields each counted
/// row's `(cluster, responsibility of that cluster)`.
pub fn responsibility_spreads(n_clusters: usize, rows: impl IntoIterator<Item = (usize, f64)>) -> Vec<Option<Spread>> {
    let mut per: Vec<Vec<f64>> = vec![Vec::new(); n_clusters];
    for (k, r) in rows {
        if let Some(v) = per.get_mut(k) {
            v.push(r);
        }
    }
    per.iter_mut().map(Spread::of).collect()
}

/// The cluster × class table: `counts[k][c]` rows of cluster `k` with class `c`.
#[derive(Clone, Debug, PartialEq)]
pub struct ClusterClassTable {
    pub counts: Vec<[u32; N_CLASSES]>,
}

impl ClusterClassTable {
    /// Counts `(cluster, class)` pairs (clusters beyond `n_clusters` are ignored).
    pub fn count(n_clusters: usize, rows: impl IntoIterator<Item = (usize, Class)>) -> ClusterClassTable {
        let mut counts = vec![[0u32; N_CLASSES]; n_clusters];
        for (k, c) in rows {
            if let Some(r) = counts.get_mut(k) {
                r[c.index()] += 1;
            }
        }
        ClusterClassTable { counts }
    }

    /// Rows of cluster `k`.
    pub fn row_total(&self, k: usize) -> u32 {
        self.counts[k].iter().sum()
    }

    /// Each class's share of cluster `k` (zeros for an empty cluster).
    pub fn row_shares(&self, k: usize) -> [f64; N_CLASSES] {
        let t = self.row_total(k).max(1) as f64;
        self.counts[k].map(|c| c as f64 / t)
    }
}
