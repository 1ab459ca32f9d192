//! The E-step kernel: per row, every component's ln w + ln N (through the precision
//! Cholesky factor), the log-sum-exp over components, the responsibilities, and (for the
//! M-step) each component's responsibility-weighted sums of d = x - μ and d dᵀ, in one pass.
//!
//! Rows go in blocks of [`LANES`] side by side (loops the compiler vectorises, built for AVX2
//! or AVX-512 as well when the CPU has it: same operations, so the same bits), in chunks of a
//! fixed number of rows whose sums are combined in chunk order: with or without threads, on
//! any platform, the result is the same to the last bit.

// Index loops over lanes and features, as in `model::batch`: the shape LLVM vectorises.
#![allow(clippy::needless_range_loop)]

use super::linalg::Mat;
use super::samples::{Block, Samples, LANES};
use crate::feature::N_FEATURES;
use crate::model::lanes;

/// Blocks per chunk (the unit of parallel work and of the fixed summation order).
const CHUNK_BLOCKS: usize = 128;
/// Entries of a lower triangle.
pub(super) const TRI: usize = N_FEATURES * (N_FEATURES + 1) / 2;

/// One component, factorised for evaluation.
#[derive(Clone, Debug)]
pub(super) struct Component {
    pub mean: [f64; N_FEATURES],
    /// L⁻¹ for Σ = L Lᵀ (lower triangular; sklearn's precision Cholesky factor transposed).
    pub whiten: Mat,
    /// ln w - d/2 ln 2π + ln det L⁻¹.
    pub log_norm: f64,
}

/// A component's responsibility-weighted sums over rows, about its mean μ: Σ r, Σ r d and the
/// lower triangle of Σ r d dᵀ (row by row), with d = x - μ.
#[derive(Clone, Debug)]
pub(super) struct Sums {
    pub r: f64,
    pub s1: [f64; N_FEATURES],
    pub s2: [f64; TRI],
}

impl Sums {
    fn zero() -> Sums {
        Sums {
            r: 0.0,
            s1: [0.0; N_FEATURES],
            s2: [0.0; TRI],
        }
    }

    fn add(&mut self, o: &Sums) {
        self.r += o.r;
        self.s1.iter_mut().zip(&o.s1).for_each(|(a, b)| *a += b);
        self.s2.iter_mut().zip(&o.s2).for_each(|(a, b)| *a += b);
    }
}

/// What one E-step gives: Σ over rows of ln p(x) (log-sum-exp), and per component the sums.
#[derive(Clone, Debug)]
pub(super) struct EStep {
    pub log_lik: f64,
    pub sums: Vec<Sums>,
}

/// Per-lane accumulators of one component.
#[derive(Clone)]
struct LaneSums {
    r: [f64; LANES],
    s1: [[f64; LANES]; N_FEATURES],
    s2: [[f64; LANES]; TRI],
}

/// Working memory of one chunk.
struct Scratch {
    /// Per component: d = x - μ of the block, and ln w + ln N.
    d: Vec<Block>,
    lp: Vec<[f64; LANES]>,
    /// Exponential arguments, then the exponentials, component by component.
    arg: Vec<f64>,
    e: Vec<f64>,
    lanes: Vec<LaneSums>,
}

/// Runs the E-step over all rows; with `sums` false only the log-likelihood is summed.
pub(super) fn e_step(x: &Samples, comps: &[Component], sums: bool) -> EStep {
    let blocks = x.blocks();
    let n = x.n();
    let chunk =
        |(c, b): (usize, &[Block])| run_chunk(b, c * CHUNK_BLOCKS * LANES, n, x.d(), comps, sums);
    #[cfg(feature = "parallel")]
    let parts: Vec<EStep> = {
        use rayon::prelude::*;
        blocks
            .par_chunks(CHUNK_BLOCKS)
            .enumerate()
            .map(chunk)
            .collect()
    };
    #[cfg(not(feature = "parallel"))]
    let parts: Vec<EStep> = blocks.chunks(CHUNK_BLOCKS).enumerate().map(chunk).collect();
    let mut total = EStep {
        log_lik: 0.0,
        sums: vec![Sums::zero(); comps.len()],
    };
    for p in &parts {
        total.log_lik += p.log_lik;
        for (t, s) in total.sums.iter_mut().zip(&p.sums) {
            t.add(s);
        }
    }
    total
}

/// The most likely component of every row (the first of equals).
pub(super) fn predict(x: &Samples, comps: &[Component]) -> Vec<usize> {
    let mut out = Vec::with_capacity(x.n());
    let mut s = Scratch::new(comps.len());
    for b in x.blocks() {
        log_probs(b, x.d(), comps, &mut s);
        for l in 0..LANES {
            let mut best = 0;
            for k in 1..comps.len() {
                if s.lp[k][l] > s.lp[best][l] {
                    best = k;
                }
            }
            out.push(best);
        }
    }
    out.truncate(x.n());
    out
}

impl Scratch {
    fn new(k: usize) -> Scratch {
        let zero = LaneSums {
            r: [0.0; LANES],
            s1: [[0.0; LANES]; N_FEATURES],
            s2: [[0.0; LANES]; TRI],
        };
        Scratch {
            d: vec![[[0.0; LANES]; N_FEATURES]; k],
            lp: vec![[0.0; LANES]; k],
            arg: vec![0.0; k * LANES],
            e: vec![0.0; k * LANES],
            lanes: vec![zero; k],
        }
    }
}

/// d = x - μ and ln w + ln N of every component for one block.
#[inline(always)]
fn log_probs(b: &Block, dim: usize, comps: &[Component], s: &mut Scratch) {
    for ((c, d), lp) in comps.iter().zip(&mut s.d).zip(&mut s.lp) {
        for j in 0..dim {
            for l in 0..LANES {
                d[j][l] = b[j][l] - c.mean[j];
            }
        }
        let mut sq = [0.0; LANES];
        for i in 0..dim {
            let mut y = [0.0; LANES];
            for j in 0..=i {
                let w = c.whiten[i][j];
                for l in 0..LANES {
                    y[l] += w * d[j][l];
                }
            }
            for l in 0..LANES {
                sq[l] += y[l] * y[l];
            }
        }
        for l in 0..LANES {
            lp[l] = c.log_norm - 0.5 * sq[l];
        }
    }
}

#[inline(always)]
fn chunk_body(
    blocks: &[Block],
    first: usize,
    n: usize,
    dim: usize,
    comps: &[Component],
    want: bool,
) -> EStep {
    let k = comps.len();
    let mut s = Scratch::new(k);
    let mut ll = [0.0; LANES];
    for (bi, b) in blocks.iter().enumerate() {
        let start = first + bi * LANES;
        let mut valid = [0.0; LANES];
        for (l, v) in valid.iter_mut().enumerate() {
            *v = if start + l < n { 1.0 } else { 0.0 };
        }
        log_probs(b, dim, comps, &mut s);
        let mut max = [f64::NEG_INFINITY; LANES];
        for lp in &s.lp {
            for l in 0..LANES {
                max[l] = max[l].max(lp[l]);
            }
        }
        for (c, lp) in s.lp.iter().enumerate() {
            for l in 0..LANES {
                s.arg[c * LANES + l] = lp[l] - max[l];
            }
        }
        lanes::exp_into(&s.arg, &mut s.e);
        let mut sum = [0.0; LANES];
        for c in 0..k {
            for l in 0..LANES {
                sum[l] += s.e[c * LANES + l];
            }
        }
        let mut ln_sum = [0.0; LANES];
        lanes::ln_into(&sum, &mut ln_sum);
        for l in 0..LANES {
            ll[l] += valid[l] * (max[l] + ln_sum[l]);
        }
        if !want {
            continue;
        }
        for c in 0..k {
            let (acc, d) = (&mut s.lanes[c], &s.d[c]);
            let mut r = [0.0; LANES];
            for l in 0..LANES {
                r[l] = valid[l] * (s.e[c * LANES + l] / sum[l]);
                acc.r[l] += r[l];
            }
            let mut t = 0;
            for i in 0..dim {
                let mut rd = [0.0; LANES];
                for l in 0..LANES {
                    rd[l] = r[l] * d[i][l];
                    acc.s1[i][l] += rd[l];
                }
                for j in 0..=i {
                    for l in 0..LANES {
                        acc.s2[t][l] += rd[l] * d[j][l];
                    }
                    t += 1;
                }
            }
        }
    }
    let mut out = EStep {
        log_lik: ll.iter().sum(),
        sums: Vec::with_capacity(if want { k } else { 0 }),
    };
    if want {
        for acc in &s.lanes {
            let mut sums = Sums::zero();
            sums.r = acc.r.iter().sum();
            for (o, a) in sums.s1.iter_mut().zip(&acc.s1) {
                *o = a.iter().sum();
            }
            for (o, a) in sums.s2.iter_mut().zip(&acc.s2) {
                *o = a.iter().sum();
            }
            out.sums.push(sums);
        }
    } else {
        out.sums = vec![Sums::zero(); k];
    }
    out
}

#[cfg(target_arch = "x86_64")]
#[target_feature(enable = "avx2")]
unsafe fn chunk_avx2(
    blocks: &[Block],
    first: usize,
    n: usize,
    dim: usize,
    comps: &[Component],
    want: bool,
) -> EStep {
    chunk_body(blocks, first, n, dim, comps, want)
}

#[cfg(target_arch = "x86_64")]
#[target_feature(enable = "avx512f")]
unsafe fn chunk_avx512(
    blocks: &[Block],
    first: usize,
    n: usize,
    dim: usize,
    comps: &[Component],
    want: bool,
) -> EStep {
    chunk_body(blocks, first, n, dim, comps, want)
}

/// One chunk, in the widest build the CPU runs (every build gives the same bits).
fn run_chunk(
    blocks: &[Block],
    first: usize,
    n: usize,
    dim: usize,
    comps: &[Component],
    want: bool,
) -> EStep {
    #[cfg(target_arch = "x86_64")]
    {
        if std::arch::is_x86_feature_detected!("avx512f") {
            // SAFETY: the CPU has AVX-512F.
            return unsafe { chunk_avx512(blocks, first, n, dim, comps, want) };
        }
        if std::arch::is_x86_feature_detected!("avx2") {
            // SAFETY: the CPU has AVX2.
            return unsafe { chunk_avx2(blocks, first, n, dim, comps, want) };
        }
    }
    chunk_body(blocks, first, n, dim, comps, want)
}
