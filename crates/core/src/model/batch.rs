//! Many detections at once, with results identical bit for bit to [`Model::classify`]:
//! each step does, for each detection, the same operations in the same order as the
//! one-detection path (with `exp`/`ln` equal to libm's), only across detections, in loops
//! the compiler vectorises. The rows go through in chunks that stay in cache: columns are
//! normalised whole; the GMM runs on blocks of `L` detections, screened (every component's
//! first rows, then only the components that can still win completed: the same argmax with
//! fewer operations, [`super::Gmm::predict_screened`]); the class model needs one
//! cluster per block, so the chunk's detections are sorted by cluster (each cluster's run
//! padded to whole blocks); the softmax runs per cluster, by class.

use super::typical::{self, Typicality};
use super::{lanes, Simd};
use super::{Classification, Model};
use crate::class::N_CLASSES;
use crate::feature::{FeatureVector, FilledMask, N_FEATURES};

/// Detections per chunk (a multiple of the lane count): their indices are `u8`s, which
/// index the chunk's columns without bounds checks.
pub(super) const CHUNK: usize = 256;
const _: () = assert!(CHUNK == u8::MAX as usize + 1);

std::thread_local! {
    /// The last batch's working memory, for the next one on this thread.
    static SCRATCH: std::cell::Cell<Option<Box<Scratch>>> = const { std::cell::Cell::new(None) };
}

/// Working memory of one chunk, reused from chunk to chunk.
struct Scratch {
    /// Normalised features by column (`x[j][i]`), padded to whole blocks.
    x: [[f64; CHUNK]; N_FEATURES],
    /// Logarithm or exponential arguments of one column.
    arg: Vec<f64>,
    /// GMM cluster of each detection.
    cluster: [usize; CHUNK],
    /// Sorted by cluster: the detection in each slot (padding slots repeat a member).
    order: Vec<u8>,
    /// `x` in slot order.
    sorted: [Vec<f64>; N_FEATURES],
    /// Logits, then probabilities, by class, in slot order.
    logit: [Vec<f64>; N_CLASSES],
    prob: [Vec<f64>; N_CLASSES],
    /// Per slot: the largest logit, the sum of the exponentials.
    max: Vec<f64>,
    sum: Vec<f64>,
    /// Per detection, the mixture's log-density and largest component value (when asked for).
    log_density: [f64; CHUNK],
    top: [f64; CHUNK],
    /// Per detection, its features outside the training range (when asked for).
    outside: [u16; CHUNK],
    /// Per slot, the entropy and margin of the probabilities (when asked for).
    entropy: Vec<f64>,
    margin: Vec<f64>,
    /// Per GMM component, the chunk's values (for the log-density, when asked for).
    columns: Vec<[f64; CHUNK]>,
}

impl Scratch {
    /// Slots for `n_clusters` clusters on blocks of `lanes`: each cluster's run is padded
    /// to whole blocks.
    fn slots(n_clusters: usize, lanes: usize) -> usize {
        CHUNK + n_clusters * (lanes - 1)
    }

    fn new(slots: usize, components: usize) -> Box<Scratch> {
        Box::new(Scratch {
            x: [[0.0; CHUNK]; N_FEATURES],
            arg: vec![0.0; slots],
            cluster: [0; CHUNK],
            order: vec![0; slots],
            sorted: std::array::from_fn(|_| vec![0.0; slots]),
            logit: std::array::from_fn(|_| vec![0.0; slots]),
            prob: std::array::from_fn(|_| vec![0.0; slots]),
            max: vec![0.0; slots],
            sum: vec![0.0; slots],
            log_density: [0.0; CHUNK],
            top: [0.0; CHUNK],
            outside: [0; CHUNK],
            entropy: vec![0.0; slots],
            margin: vec![0.0; slots],
            columns: vec![[0.0; CHUNK]; components],
        })
    }

    /// The softmax of the first `n` slots' logits, by class, with the operations of
    /// [`super::ClusterClassifier::probabilities`] in the same order for each detection, in
    /// loops over detections that vectorise. Absent classes, whose logits are `-inf`, get an
    /// exponential of exactly 0, which leaves the sums as they were. Where the largest logit
    /// is not finite, the caller uses [`super::ClusterClassifier::uniform`] instead.
    #[inline(always)]
    fn softmax(&mut self, n: usize) {
        let (max, sum, arg) = (&mut self.max[..n], &mut self.sum[..n], &mut self.arg[..n]);
        max.fill(f64::NEG_INFINITY);
        sum.fill(0.0);
        for lc in &self.logit {
            for (m, &v) in max.iter_mut().zip(lc) {
                // f64::max skips NaN, as `probabilities` does.
                *m = m.max(v);
            }
        }
        for (lc, pc) in self.logit.iter().zip(&mut self.prob) {
            let (lc, pc) = (&lc[..n], &mut pc[..n]);
            for ((a, &l), &m) in arg.iter_mut().zip(lc).zip(&*max) {
                *a = l - m;
            }
            lanes::exp_into(arg, pc);
            for ((v, &l), s) in pc.iter_mut().zip(lc).zip(sum.iter_mut()) {
                *v = if l.is_nan() { 0.0 } else { *v };
                *s += *v;
            }
        }
        for pc in &mut self.prob {
            for (v, &s) in pc[..n].iter_mut().zip(&*sum) {
                *v /= s;
            }
        }
    }
}

/// Per-component working memory of the GMM on blocks of `L` detections.
struct Components<const L: usize> {
    heads: Vec<[f64; L]>,
    values: Vec<[f64; L]>,
    done: Vec<bool>,
}

impl<const L: usize> Components<L> {
    fn new(k: usize) -> Self {
        Components { heads: vec![[0.0; L]; k], values: vec![[0.0; L]; k], done: vec![false; k] }
    }
}

/// Where a batch's results go: the classifications, and the typicality if wanted.
type Outputs<'a> = (&'a mut [Classification], Option<&'a mut [Typicality]>);

impl Model {
    /// Classifies raw-unit vectors: element `i` is exactly `self.classify(&raw[i])`
    /// (non-finite values are filled likewise), with the widest SIMD the CPU has
    /// ([`Simd::best`]).
    pub fn classify_batch(&self, raw: &[FeatureVector]) -> Vec<Classification> {
        self.classify_batch_on(Simd::best(), raw).expect("the best is supported")
    }

    /// [`Model::classify_batch`] with the given instruction set; `None` if this CPU lacks it.
    pub fn classify_batch_on(&self, simd: Simd, raw: &[FeatureVector]) -> Option<Vec<Classification>> {
        let mut out = vec![Classification { cluster: 0, probs: [0.0; N_CLASSES] }; raw.len()];
        self.run_on(simd, raw, (&mut out, None)).then_some(out)
    }

    /// [`Model::classify_batch`] and each row's [`Typicality`] (its log-density and margin
    /// equal to [`Model::log_densities`]'s and [`super::typical::margin`]'s bit for bit, its
    /// entropy to [`super::typical::entropy`]'s to rounding: see [`typical::columns`]), in
    /// the same pass: the GMM's values of the
    /// components the classification completed are reused.
    pub fn classify_batch_typical(&self, raw: &[FeatureVector]) -> (Vec<Classification>, Vec<Typicality>) {
        self.classify_batch_typical_on(Simd::best(), raw).expect("the best is supported")
    }

    /// [`Model::classify_batch_typical`] with the given instruction set; `None` if this CPU
    /// lacks it.
    pub fn classify_batch_typical_on(&self, simd: Simd, raw: &[FeatureVector]) -> Option<(Vec<Classification>, Vec<Typicality>)> {
        let mut out = vec![Classification { cluster: 0, probs: [0.0; N_CLASSES] }; raw.len()];
        let mut typ = vec![Typicality::default(); raw.len()];
        self.run_on(simd, raw, (&mut out, Some(&mut typ))).then_some((out, typ))
    }

    /// Runs the kernel built for `simd`; false if this CPU lacks it.
    fn run_on(&self, simd: Simd, raw: &[FeatureVector], out: Outputs) -> bool {
        if !simd.supported() {
            return false;
        }
        match simd {
            Simd::Portable => self.classify_batch_with::<4>(raw, out),
            // SAFETY (both): the CPU supports the instructions, checked just above.
            #[cfg(target_arch = "x86_64")]
            Simd::Avx2 => unsafe { self.classify_batch_avx2(raw, out) },
            #[cfg(target_arch = "x86_64")]
            Simd::Avx512 => unsafe { self.classify_batch_avx512(raw, out) },
            #[cfg(not(target_arch = "x86_64"))]
            _ => unreachable!("not supported off x86_64"),
        }
        true
    }

    #[cfg(target_arch = "x86_64")]
    #[target_feature(enable = "avx2")]
    fn classify_batch_avx2(&self, raw: &[FeatureVector], out: Outputs) {
        self.classify_batch_with::<4>(raw, out)
    }

    #[cfg(all(target_arch = "x86_64", not(fuzzing)))]
    #[target_feature(enable = "avx512f")]
    fn classify_batch_avx512(&self, raw: &[FeatureVector], out: Outputs) {
        self.classify_batch_with::<8>(raw, out)
    }

    /// Fuzz builds (`fuzz/`): LLVM's comparison tracing fails to compile the AVX-512 kernel
    /// ("Cannot select v16i1 insert_subvector"), so it is built without AVX-512 there.
    #[cfg(all(target_arch = "x86_64", fuzzing))]
    unsafe fn classify_batch_avx512(&self, raw: &[FeatureVector], out: Outputs) {
        self.classify_batch_with::<8>(raw, out)
    }

    #[inline(always)]
    fn classify_batch_with<const L: usize>(&self, raw: &[FeatureVector], (out, mut typ): Outputs) {
        const { assert!(CHUNK.is_multiple_of(L)) };
        if raw.is_empty() {
            return;
        }
        // The working memory is kept per thread: callers classify in small batches (the CLI's
        // tasks are 256 rows), and allocating it for each would cost more than a chunk.
        let (slots, k) = (Scratch::slots(self.clusters.len(), L), self.gmm.n_components());
        let mut s = SCRATCH.take().filter(|s| s.order.len() == slots && s.columns.len() == k).unwrap_or_else(|| Scratch::new(slots, k));
        let mut comp = Components::<L>::new(k);
        for (i, (raw, out)) in raw.chunks(CHUNK).zip(out.chunks_mut(CHUNK)).enumerate() {
            let typ = typ.as_deref_mut().map(|t| &mut t[i * CHUNK..i * CHUNK + raw.len()]);
            self.classify_chunk::<L>(raw, (out, typ), &mut s, &mut comp);
        }
        SCRATCH.set(Some(s));
    }

    /// One chunk (at most [`CHUNK`] rows, at least one), on blocks of `L` detections.
    #[inline(always)]
    fn classify_chunk<const L: usize>(&self, raw: &[FeatureVector], (out, typ): Outputs, s: &mut Scratch, comp: &mut Components<L>) {
        let n = raw.len();
        let padded = n.div_ceil(L) * L;
        self.normalise_columns(raw, s);
        for xj in &mut s.x {
            let last = xj[n - 1];
            xj[n..padded].fill(last);
        }
        let Components { heads, values, done } = comp;
        let columns = &mut s.columns;
        for b in (0..padded).step_by(L) {
            let block: [[f64; L]; N_FEATURES] = std::array::from_fn(|j| s.x[j][b..b + L].try_into().expect("L wide"));
            let screened = self.gmm.predict_screened(&block, heads, values, done);
            s.cluster[b..b + L].copy_from_slice(&screened.cluster);
            if typ.is_some() {
                self.gmm.complete_screened(&block, heads, values, done, &screened.top);
                for (col, v) in columns.iter_mut().zip(&*values) {
                    col[b..b + L].copy_from_slice(v);
                }
                s.top[b..b + L].copy_from_slice(&screened.top);
            }
        }
        if typ.is_some() {
            typical::outside_columns(raw, &self.training_range(), &mut s.outside[..n]);
            typical::log_sum_columns(columns, &s.top[..padded], [&mut s.arg, &mut s.sum], &mut s.log_density[..padded]);
        }

        // Counting sort by cluster; each run starts on a block boundary.
        let k_max = self.clusters.len();
        let mut count = vec![0usize; k_max];
        for &k in &s.cluster[..n] {
            count[k] += 1;
        }
        let mut start = vec![0usize; k_max + 1];
        for k in 0..k_max {
            start[k + 1] = start[k] + count[k].div_ceil(L) * L;
        }
        let mut next = start.clone();
        for (i, &k) in s.cluster[..n].iter().enumerate() {
            s.order[next[k]] = i as u8;
            next[k] += 1;
        }
        for k in 0..k_max {
            let first = s.order[start[k]];
            s.order[next[k]..start[k + 1]].fill(first);
        }
        let slots = start[k_max];
        for (sj, xj) in s.sorted.iter_mut().zip(&s.x) {
            for (v, &i) in sj[..slots].iter_mut().zip(&s.order[..slots]) {
                *v = xj[usize::from(i)];
            }
        }

        for (k, classifier) in self.clusters.iter().enumerate() {
            for b in (start[k]..start[k + 1]).step_by(L) {
                let block: [[f64; L]; N_FEATURES] =
                    std::array::from_fn(|j| s.sorted[j][b..b + L].try_into().expect("L wide"));
                let logit = classifier.logits_lanes(&block);
                for (lc, v) in s.logit.iter_mut().zip(&logit) {
                    lc[b..b + L].copy_from_slice(v);
                }
            }
        }
        s.softmax(slots);
        if typ.is_some() {
            typical::columns([&s.prob, &s.logit], [&s.max, &s.sum], slots, &mut s.arg, &mut s.entropy, &mut s.margin);
        }
        let prob: [&[f64]; N_CLASSES] = std::array::from_fn(|c| &s.prob[c][..slots]);
        for (k, classifier) in self.clusters.iter().enumerate() {
            let run = start[k]..next[k];
            for ((slot, &i), &max) in run.clone().zip(&s.order[run.clone()]).zip(&s.max[run]) {
                let probs = if max.is_finite() { std::array::from_fn(|c| prob[c][slot]) } else { classifier.uniform() };
                out[usize::from(i)] = Classification { cluster: k, probs };
            }
        }
        if let Some(typ) = typ {
            for (k, classifier) in self.clusters.iter().enumerate() {
                let run = start[k]..next[k];
                for ((slot, &i), &max) in run.clone().zip(&s.order[run.clone()]).zip(&s.max[run]) {
                    let i = usize::from(i);
                    let (entropy, margin) = if max.is_finite() {
                        (s.entropy[slot], s.margin[slot])
                    } else {
                        let u = classifier.uniform();
                        (typical::entropy(&u), typical::margin(&u))
                    };
                    typ[i] = Typicality { log_density: s.log_density[i], outside: FilledMask(s.outside[i]), entropy, margin };
                }
            }
        }
    }

    /// The fill values, then [`super::Normaliser::apply`], of every row, by feature
    /// (`s.x[j][i]`), with identical results.
    #[inline(always)]
    fn normalise_columns(&self, raw: &[FeatureVector], s: &mut Scratch) {
        let n = raw.len();
        for (j, (xj, &scaling)) in s.x.iter_mut().zip(&self.normaliser.scalings).enumerate() {
            let fill = self.fill.values[j];
            let xj = &mut xj[..n];
            if scaling.is_log() {
                let arg = &mut s.arg[..n];
                for (a, r) in arg.iter_mut().zip(raw) {
                    *a = scaling.before_log(if r[j].is_finite() { r[j] } else { fill });
                }
                lanes::ln_into(arg, xj);
                for v in xj.iter_mut() {
                    *v = scaling.after_log(*v);
                }
            } else {
                for (v, r) in xj.iter_mut().zip(raw) {
                    *v = scaling.after_log(scaling.before_log(if r[j].is_finite() { r[j] } else { fill }));
                }
            }
        }
    }
}
