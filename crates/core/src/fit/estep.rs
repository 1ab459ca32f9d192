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

/// Working memory of one chunk.
struct Scratch {
    /// ln w + ln N of every component for the current block.
    lp: Vec<[f64; LANES]>,
    /// Exponential arguments, then the exponentials, component by component.
    arg: Vec<f64>,
    e: Vec<f64>,
    /// Responsibilities, component-major: `resp[c * blocks + b]`.
    resp: Vec<[f64; LANES]>,
    /// d = x - μ of every block, for the component being summed.
    d: Vec<Block>,
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
    let mut lp = vec![[0.0; LANES]; comps.len()];
    for b in x.blocks() {
        log_probs(b, comps, &mut lp, &Generic);
        for l in 0..LANES {
            let mut best = 0;
            for k in 1..comps.len() {
                if lp[k][l] > lp[best][l] {
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
    fn new(k: usize, blocks: usize, want: bool) -> Scratch {
        Scratch {
            lp: vec![[0.0; LANES]; k],
            arg: vec![0.0; k * LANES],
            e: vec![0.0; k * LANES],
            resp: vec![[0.0; LANES]; if want { k * blocks } else { 0 }],
            d: vec![[[0.0; LANES]; N_FEATURES]; if want { blocks } else { 0 }],
        }
    }
}

/// ln w + ln N of every component for one block. y = L⁻¹ (x - μ) goes column by column
/// into twelve independent accumulators (each y_i still sums its terms in the order
/// j = 0..i, then zeros); features beyond the samples' dimension are zero in x, μ and L⁻¹.
#[inline(always)]
fn log_probs(b: &Block, comps: &[Component], lp: &mut [[f64; LANES]], ops: &impl LaneOps) {
    for (c, lp) in comps.iter().zip(lp) {
        let mut y = [[0.0; LANES]; N_FEATURES];
        for j in 0..N_FEATURES {
            let mut dj = [0.0; LANES];
            for l in 0..LANES {
                dj[l] = b[j][l] - c.mean[j];
            }
            // With vector registers, all twelve rows (L⁻¹ is zero above its diagonal, and
            // adding ±0 changes no square): a loop of constant length that LLVM unrolls,
            // keeping y in registers. Scalar builds skip the zeros.
            let first = if ops.whole_columns() { 0 } else { j };
            for i in first..N_FEATURES {
                ops.add_scaled(&mut y[i], c.whiten[i][j], &dj);
            }
        }
        let mut sq = [0.0; LANES];
        for yi in &y {
            for l in 0..LANES {
                sq[l] += yi[l] * yi[l];
            }
        }
        for l in 0..LANES {
            lp[l] = c.log_norm - 0.5 * sq[l];
        }
    }
}

/// The two lane operations of the hot loops, each a multiply then an add, each rounded (the
/// same bits in every build). LLVM compiled their generic forms inside the loops to scalar
/// code or to gathers, so the x86 builds spell them in intrinsics.
trait LaneOps {
    /// dst += a · b.
    fn add_product(&self, dst: &mut [f64; LANES], a: &[f64; LANES], b: &[f64; LANES]);
    /// dst += w · b.
    fn add_scaled(&self, dst: &mut [f64; LANES], w: f64, b: &[f64; LANES]);
    /// Whether y = L⁻¹ d takes whole columns (zeros included) rather than the triangle.
    fn whole_columns(&self) -> bool {
        true
    }
}

/// Plain loops (the wasm build and CPUs without AVX2).
struct Generic;

impl LaneOps for Generic {
    fn whole_columns(&self) -> bool {
        false
    }

    #[inline(always)]
    fn add_product(&self, dst: &mut [f64; LANES], a: &[f64; LANES], b: &[f64; LANES]) {
        for l in 0..LANES {
            dst[l] += a[l] * b[l];
        }
    }

    #[inline(always)]
    fn add_scaled(&self, dst: &mut [f64; LANES], w: f64, b: &[f64; LANES]) {
        for l in 0..LANES {
            dst[l] += w * b[l];
        }
    }
}

/// Lane operations given as closures, so that they inherit the target features of the
/// function that makes them (trait methods cannot).
#[cfg(target_arch = "x86_64")]
struct Ops<P, S>(P, S);

#[cfg(target_arch = "x86_64")]
impl<P, S> LaneOps for Ops<P, S>
where
    P: Fn(&mut [f64; LANES], &[f64; LANES], &[f64; LANES]),
    S: Fn(&mut [f64; LANES], f64, &[f64; LANES]),
{
    #[inline(always)]
    fn add_product(&self, dst: &mut [f64; LANES], a: &[f64; LANES], b: &[f64; LANES]) {
        (self.0)(dst, a, b)
    }

    #[inline(always)]
    fn add_scaled(&self, dst: &mut [f64; LANES], w: f64, b: &[f64; LANES]) {
        (self.1)(dst, w, b)
    }
}

#[cfg(target_arch = "x86_64")]
mod x86 {
    use super::LANES;
    use std::arch::x86_64::*;

    #[target_feature(enable = "avx512f")]
    #[inline]
    pub fn product512(dst: &mut [f64; LANES], a: &[f64; LANES], b: &[f64; LANES]) {
        // SAFETY: 8 f64 each; unaligned loads and stores.
        unsafe {
            let p = _mm512_mul_pd(_mm512_loadu_pd(a.as_ptr()), _mm512_loadu_pd(b.as_ptr()));
            _mm512_storeu_pd(
                dst.as_mut_ptr(),
                _mm512_add_pd(_mm512_loadu_pd(dst.as_ptr()), p),
            );
        }
    }

    #[target_feature(enable = "avx512f")]
    #[inline]
    pub fn scaled512(dst: &mut [f64; LANES], w: f64, b: &[f64; LANES]) {
        // SAFETY: 8 f64 each; unaligned loads and stores.
        unsafe {
            let p = _mm512_mul_pd(_mm512_set1_pd(w), _mm512_loadu_pd(b.as_ptr()));
            _mm512_storeu_pd(
                dst.as_mut_ptr(),
                _mm512_add_pd(_mm512_loadu_pd(dst.as_ptr()), p),
            );
        }
    }

    #[target_feature(enable = "avx2")]
    #[inline]
    pub fn product256(dst: &mut [f64; LANES], a: &[f64; LANES], b: &[f64; LANES]) {
        // SAFETY: 8 f64 each; unaligned loads and stores of 4 at offsets 0 and 4.
        unsafe {
            for h in [0, 4] {
                let p = _mm256_mul_pd(
                    _mm256_loadu_pd(a.as_ptr().add(h)),
                    _mm256_loadu_pd(b.as_ptr().add(h)),
                );
                let s = _mm256_add_pd(_mm256_loadu_pd(dst.as_ptr().add(h)), p);
                _mm256_storeu_pd(dst.as_mut_ptr().add(h), s);
            }
        }
    }

    #[target_feature(enable = "avx2")]
    #[inline]
    pub fn scaled256(dst: &mut [f64; LANES], w: f64, b: &[f64; LANES]) {
        // SAFETY: 8 f64 each; unaligned loads and stores of 4 at offsets 0 and 4.
        unsafe {
            for h in [0, 4] {
                let p = _mm256_mul_pd(_mm256_set1_pd(w), _mm256_loadu_pd(b.as_ptr().add(h)));
                let s = _mm256_add_pd(_mm256_loadu_pd(dst.as_ptr().add(h)), p);
                _mm256_storeu_pd(dst.as_mut_ptr().add(h), s);
            }
        }
    }
}

/// Second-moment entries summed at once (independent accumulators held in registers).
const TILE: usize = 4;

/// One chunk: first, block by block, the log-likelihood and the responsibilities; then, per
/// component, its sums. Every lane accumulator adds its terms block by block in row order,
/// as a block-by-block pass would, so the bits do not depend on the loop order.
#[inline(always)]
fn chunk_body(
    blocks: &[Block],
    first: usize,
    n: usize,
    dim: usize,
    comps: &[Component],
    want: bool,
    ops: &impl LaneOps,
) -> EStep {
    let k = comps.len();
    let nb = blocks.len();
    let mut s = Scratch::new(k, nb, want);
    let mut ll = [0.0; LANES];
    for (bi, b) in blocks.iter().enumerate() {
        let start = first + bi * LANES;
        let mut valid = [0.0; LANES];
        for (l, v) in valid.iter_mut().enumerate() {
            *v = if start + l < n { 1.0 } else { 0.0 };
        }
        log_probs(b, comps, &mut s.lp, ops);
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
        if want {
            for c in 0..k {
                let r = &mut s.resp[c * nb + bi];
                for l in 0..LANES {
                    r[l] = valid[l] * (s.e[c * LANES + l] / sum[l]);
                }
            }
        }
    }
    let mut out = EStep {
        log_lik: ll.iter().sum(),
        sums: Vec::with_capacity(k),
    };
    for (c, comp) in comps.iter().enumerate() {
        if !want {
            out.sums.push(Sums::zero());
            continue;
        }
        let resp = &s.resp[c * nb..][..nb];
        for (d, b) in s.d.iter_mut().zip(blocks) {
            for j in 0..dim {
                for l in 0..LANES {
                    d[j][l] = b[j][l] - comp.mean[j];
                }
            }
        }
        out.sums.push(component_sums(resp, &s.d, dim, ops));
    }
    out
}

/// Σ r d_i d_j over a chunk for the [`TILE`] columns j from `j0` (≤ 8: tiles start at 0, 4
/// and 8; entries past the diagonal are computed and dropped by the caller), and with `S1`
/// also Σ r d_i into `s1`.
#[inline(always)]
fn tile_sums<const S1: bool>(
    resp: &[[f64; LANES]],
    d: &[Block],
    i: usize,
    j0: usize,
    s1: &mut [f64; LANES],
    ops: &impl LaneOps,
) -> [[f64; LANES]; TILE] {
    let mut acc = [[0.0; LANES]; TILE];
    for (r, db) in resp.iter().zip(d) {
        let rd: [f64; LANES] = std::array::from_fn(|l| r[l] * db[i][l]);
        if S1 {
            for l in 0..LANES {
                s1[l] += rd[l];
            }
        }
        let cols: &[[f64; LANES]; TILE] = db[j0..j0 + TILE].try_into().expect("j0 + TILE <= 12");
        for (a, col) in acc.iter_mut().zip(cols) {
            ops.add_product(a, &rd, col);
        }
    }
    acc
}

/// One component's sums over a chunk, from its responsibilities and d = x - μ.
#[inline(always)]
fn component_sums(resp: &[[f64; LANES]], d: &[Block], dim: usize, ops: &impl LaneOps) -> Sums {
    let mut sums = Sums::zero();
    let mut r_acc = [0.0; LANES];
    for r in resp {
        for l in 0..LANES {
            r_acc[l] += r[l];
        }
    }
    sums.r = r_acc.iter().sum();
    for i in 0..dim {
        let row = i * (i + 1) / 2;
        let mut s1 = [0.0; LANES];
        for j0 in (0..=i).step_by(TILE) {
            // The first tile also sums r d_i (its own loop, so the tile loops have no branch).
            let acc = if j0 == 0 {
                tile_sums::<true>(resp, d, i, j0, &mut s1, ops)
            } else {
                tile_sums::<false>(resp, d, i, j0, &mut s1, ops)
            };
            for (t, a) in acc.iter().enumerate() {
                if j0 + t <= i {
                    sums.s2[row + j0 + t] = a.iter().sum();
                }
            }
        }
        sums.s1[i] = s1.iter().sum();
    }
    sums
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
    let ops = Ops(
        |d: &mut _, a: &_, b: &_| x86::product256(d, a, b),
        |d: &mut _, w, b: &_| x86::scaled256(d, w, b),
    );
    chunk_body(blocks, first, n, dim, comps, want, &ops)
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
    let ops = Ops(
        |d: &mut _, a: &_, b: &_| x86::product512(d, a, b),
        |d: &mut _, w, b: &_| x86::scaled512(d, w, b),
    );
    chunk_body(blocks, first, n, dim, comps, want, &ops)
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
    chunk_body(blocks, first, n, dim, comps, want, &Generic)
}
