//! Many detections at once, with results identical bit for bit to [`Model::classify`]:
//! each step does, for each detection, the same operations in the same order as the
//! one-detection path (with `exp`/`ln` equal to libm's), only across detections, in loops
//! the compiler vectorises. Columns are normalised whole; the GMM and the class model run
//! on blocks of `L` detections; the class model needs one cluster per block, so detections
//! are sorted into per-cluster blocks in between; the softmax runs per cluster, by class.

use super::lanes;
use super::{Classification, Model};
use crate::class::N_CLASSES;
use crate::feature::{FeatureVector, N_FEATURES};

/// Features of `L` detections, feature-major.
type Block<const L: usize> = [[f64; L]; N_FEATURES];

/// The normalised detections of one cluster, `L` to a block, with their row numbers.
struct Members<const L: usize> {
    blocks: Vec<Block<L>>,
    rows: Vec<usize>,
}

impl<const L: usize> Members<L> {
    #[inline(always)]
    fn push(&mut self, row: usize, x: &Block<L>, lane: usize) {
        let slot = self.rows.len() % L;
        if slot == 0 {
            self.blocks.push([[0.0; L]; N_FEATURES]);
        }
        let b = self.blocks.last_mut().expect("pushed above");
        for j in 0..N_FEATURES {
            b[j][slot] = x[j][lane];
        }
        self.rows.push(row);
    }
}

impl Model {
    /// Classifies raw-unit vectors: element `i` is exactly `self.classify(&raw[i])`
    /// (non-finite values are filled likewise). Uses AVX2 when the CPU has it.
    pub fn classify_batch(&self, raw: &[FeatureVector]) -> Vec<Classification> {
        #[cfg(target_arch = "x86_64")]
        if std::arch::is_x86_feature_detected!("avx2") {
            // SAFETY: the CPU supports AVX2, checked just above.
            return unsafe { self.classify_batch_avx2(raw) };
        }
        self.classify_batch_with::<4>(raw)
    }

    /// [`Model::classify_batch`] without SIMD instructions beyond the build's baseline (what
    /// the browser runs), for tests.
    #[doc(hidden)]
    pub fn classify_batch_portable(&self, raw: &[FeatureVector]) -> Vec<Classification> {
        self.classify_batch_with::<4>(raw)
    }

    #[cfg(target_arch = "x86_64")]
    #[target_feature(enable = "avx2")]
    fn classify_batch_avx2(&self, raw: &[FeatureVector]) -> Vec<Classification> {
        self.classify_batch_with::<4>(raw)
    }

    #[inline(always)]
    fn classify_batch_with<const L: usize>(&self, raw: &[FeatureVector]) -> Vec<Classification> {
        let n = raw.len();
        let mut out = vec![Classification { cluster: 0, probs: [0.0; N_CLASSES] }; n];
        if n == 0 {
            return out;
        }
        let x = self.normalise_columns(raw);
        let mut members: Vec<Members<L>> =
            (0..self.gmm.n_components()).map(|_| Members { blocks: Vec::new(), rows: Vec::new() }).collect();
        for start in (0..n).step_by(L) {
            let mut b = [[0.0; L]; N_FEATURES];
            for (bj, xj) in b.iter_mut().zip(&x) {
                for (l, v) in bj.iter_mut().enumerate() {
                    *v = xj[(start + l).min(n - 1)];
                }
            }
            let k = self.gmm.predict_lanes(&b);
            for l in 0..L.min(n - start) {
                members[k[l]].push(start + l, &b, l);
            }
        }
        let mut logit: [Vec<f64>; N_CLASSES] = Default::default();
        let mut p: [Vec<f64>; N_CLASSES] = Default::default();
        for (k, m) in members.iter().enumerate() {
            let classifier = &self.clusters[k];
            for lc in &mut logit {
                lc.clear();
            }
            for block in &m.blocks {
                let lb = classifier.logits_lanes(block);
                for (lc, v) in logit.iter_mut().zip(&lb) {
                    lc.extend_from_slice(v);
                }
            }
            classifier.softmax_columns(&logit, &mut p);
            for (i, &row) in m.rows.iter().enumerate() {
                out[row].cluster = k;
                for (c, pc) in p.iter().enumerate() {
                    out[row].probs[c] = pc[i];
                }
            }
        }
        out
    }

    /// The fill values, then [`super::Normaliser::apply`], of every row, by feature
    /// (`x[j][i]`), with identical results.
    #[inline(always)]
    fn normalise_columns(&self, raw: &[FeatureVector]) -> [Vec<f64>; N_FEATURES] {
        let mut x: [Vec<f64>; N_FEATURES] = Default::default();
        let mut arg = Vec::new();
        for (j, (xj, &scaling)) in x.iter_mut().zip(&self.normaliser.scalings).enumerate() {
            let fill = self.fill.values[j];
            xj.extend(raw.iter().map(|r| scaling.before_log(if r[j].is_finite() { r[j] } else { fill })));
            if scaling.is_log() {
                arg.clone_from(xj);
                lanes::ln_into(&arg, xj);
            }
            for v in xj.iter_mut() {
                *v = scaling.after_log(*v);
            }
        }
        x
    }
}
