//! Histograms of one value split into groups (classes, clusters, selection vs rest), with
//! numpy's binning (`numpy.histogram` with uniform edges: the same edge cases).

/// Uniform bins over `[lo, hi]` (the last bin includes `hi`), in the value or in its log10.
#[derive(Clone, Copy, Debug, PartialEq)]
pub struct Bins {
    /// The first edge (a log10 when `log`).
    pub lo: f64,
    /// The last edge (a log10 when `log`).
    pub hi: f64,
    /// Number of bins (at least 1).
    pub n: usize,
    /// Bins uniform in log10 of the value (non-positive values fall outside).
    pub log: bool,
}

impl Bins {
    /// `n` bins spanning the finite (and, for `log`, positive) values; `None` when there are none.
    pub fn spanning(values: impl IntoIterator<Item = f64>, n: usize, log: bool) -> Option<Bins> {
        let (mut lo, mut hi) = (f64::INFINITY, f64::NEG_INFINITY);
        for v in values {
            let t = if log { v.log10() } else { v };
            if t.is_finite() {
                lo = lo.min(t);
                hi = hi.max(t);
            }
        }
        if lo > hi {
            return None;
        }
        if lo == hi {
            (lo, hi) = (lo - 0.5, hi + 0.5);
        }
        Some(Bins { lo, hi, n: n.max(1), log })
    }

    /// The `n + 1` edges in the binned space (log10 of the value when `log`), as
    /// `numpy.linspace(lo, hi, n + 1)`.
    pub fn edges(&self) -> Vec<f64> {
        let step = (self.hi - self.lo) / self.n as f64;
        (0..=self.n)
            .map(|i| if i == self.n { self.hi } else { self.lo + i as f64 * step })
            .collect()
    }

    /// The edges in value units.
    pub fn value_edges(&self) -> Vec<f64> {
        let e = self.edges();
        if self.log {
            e.into_iter().map(|t| 10f64.powf(t)).collect()
        } else {
            e
        }
    }

    fn edge(&self, i: usize) -> f64 {
        if i == self.n {
            self.hi
        } else {
            self.lo + i as f64 * ((self.hi - self.lo) / self.n as f64)
        }
    }

    /// The bin of `v`, or `None` outside the range (or NaN, or ≤ 0 on log bins).
    pub fn index(&self, v: f64) -> Option<usize> {
        let t = if self.log { v.log10() } else { v };
        if !(t >= self.lo && t <= self.hi) {
            return None;
        }
        // numpy: a first guess from the scaled value, corrected against the edges.
        let norm = self.n as f64 / (self.hi - self.lo);
        let mut i = (((t - self.lo) * norm) as usize).min(self.n - 1);
        if t < self.edge(i) {
            i -= 1;
        } else if i + 1 < self.n && t >= self.edge(i + 1) {
            i += 1;
        }
        Some(i)
    }
}

/// Counts per split and bin, and per split the rows that fell outside the bins.
#[derive(Clone, Debug, PartialEq)]
pub struct Histogram {
    pub bins: Bins,
    /// `counts[s][b]`: rows of split `s` in bin `b`.
    pub counts: Vec<Vec<u32>>,
    /// `outside[s]`: rows of split `s` with no bin (missing, out of range, ≤ 0 on log bins).
    pub outside: Vec<u32>,
}

impl Histogram {
    /// Counts `n_rows` rows: row `i` has `value(i)` and belongs to `split(i)` (< `n_splits`;
    /// `None` = not counted, e.g. filtered out).
    pub fn count(bins: Bins, n_splits: usize, n_rows: usize, value: impl Fn(usize) -> f64, split: impl Fn(usize) -> Option<usize>) -> Histogram {
        let mut counts = vec![vec![0u32; bins.n]; n_splits];
        let mut outside = vec![0u32; n_splits];
        for i in 0..n_rows {
            let Some(s) = split(i) else { continue };
            match bins.index(value(i)) {
                Some(b) => counts[s][b] += 1,
                None => outside[s] += 1,
            }
        }
        Histogram { bins, counts, outside }
    }

    /// Rows of split `s` inside the bins.
    pub fn total(&self, s: usize) -> u32 {
        self.counts[s].iter().sum()
    }

    /// Split `s` normalised within itself: each bin's share of the split's binned rows
    /// (all zero for an empty split).
    pub fn shares(&self, s: usize) -> Vec<f64> {
        let t = self.total(s).max(1) as f64;
        self.counts[s].iter().map(|&c| c as f64 / t).collect()
    }
}

/// How many sources have each number of detections: `(count, sources)` ascending, the
/// nonzero ones only (the log-log detections-per-source plot).
pub fn count_distribution(counts: impl IntoIterator<Item = u32>) -> Vec<(u32, u32)> {
    let mut m = std::collections::BTreeMap::new();
    for c in counts {
        *m.entry(c).or_insert(0u32) += 1;
    }
    m.into_iter().collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn numpy_edge_cases() {
        // numpy.histogram([0, 0.1, 0.2, 0.3, 1.0], bins=10, range=(0, 1))
        // gives [1,1,2,0,0,0,0,0,0,1]: 0.3 lies below the float edge 3 * 0.1 = 0.30000000000000004.
        let b = Bins {
            lo: 0.0,
            hi: 1.0,
            n: 10,
            log: false,
        };
        let h = Histogram::count(b, 1, 5, |i| [0.0, 0.1, 0.2, 0.3, 1.0][i], |_| Some(0));
        assert_eq!(h.counts[0], vec![1, 1, 2, 0, 0, 0, 0, 0, 0, 1]);
        assert_eq!(b.index(-0.1), None);
        assert_eq!(b.index(f64::NAN), None);
        let l = Bins {
            lo: 0.0,
            hi: 3.0,
            n: 3,
            log: true,
        };
        assert_eq!(
            (l.index(1.0), l.index(10.0), l.index(999.0), l.index(1000.0), l.index(0.0)),
            (Some(0), Some(1), Some(2), Some(2), None)
        );
        assert_eq!(count_distribution([1, 3, 1, 1, 3, 7]), vec![(1, 3), (3, 2), (7, 1)]);
    }
}
