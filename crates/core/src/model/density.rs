//! The mixture's log-density of detections, ln p(x) = ln Σ_k w_k N(x | μ_k, Σ_k) in the
//! normalised space (the novelty score): many at once with the batch kernel's tools
//! (columns normalised whole, components on blocks of 4, `exp`/`ln` from [`super::lanes`]),
//! and one alone with the very same operations, so both give the same bits.

use super::{lanes, Model};
use crate::feature::{FeatureVector, N_FEATURES};

/// Detections per block.
const L: usize = 4;
/// Rows normalised together.
const CHUNK: usize = 256;

impl Model {
    /// ln p(x) of a raw vector under the mixture (non-finite values filled as
    /// [`Model::classify`] fills them): [`Model::log_densities`] of one row.
    pub fn log_density(&self, raw: &FeatureVector) -> f64 {
        self.log_densities(std::slice::from_ref(raw))[0]
    }

    /// ln p(x) of every row: ln Σ_k exp(ln w_k + ln N(x | μ_k, Σ_k)), the largest term
    /// factored out (log-sum-exp), so it is finite wherever one component is; terms below
    /// e⁻³⁷ of the largest are left out ([`super::typical::NEGLIGIBLE`]: < 1e-15 on the result).
    pub fn log_densities(&self, raw: &[FeatureVector]) -> Vec<f64> {
        self.log_densities_and_top(raw).0
    }

    /// [`Model::log_densities`] and each row's largest responsibility (that of its most
    /// likely component, the row's cluster): exp(max_k term_k - ln p(x)) = 1 / Σ_k exp(term_k - max).
    pub fn log_densities_and_top(&self, raw: &[FeatureVector]) -> (Vec<f64>, Vec<f64>) {
        let k_n = self.gmm.n_components();
        let mut out = Vec::with_capacity(raw.len());
        let mut top = Vec::with_capacity(raw.len());
        let mut x = [[0.0; CHUNK]; N_FEATURES];
        let mut arg = vec![0.0; CHUNK];
        let mut comp = vec![[0.0; L]; k_n];
        let mut e = vec![0.0; k_n * L];
        let mut terms = vec![0.0; k_n * L];
        for rows in raw.chunks(CHUNK) {
            let n = rows.len();
            self.normalise_into(rows, &mut x, &mut arg);
            for b in (0..n).step_by(L) {
                // The last block repeats its last row (those lanes are dropped).
                let block: [[f64; L]; N_FEATURES] = std::array::from_fn(|j| std::array::from_fn(|l| x[j][(b + l).min(n - 1)]));
                self.gmm.weighted_log_densities_lanes(&block, &mut comp);
                let mut max = [f64::NEG_INFINITY; L];
                for c in &comp {
                    for l in 0..L {
                        max[l] = max[l].max(c[l]);
                    }
                }
                for (k, c) in comp.iter().enumerate() {
                    for l in 0..L {
                        terms[k * L + l] = super::typical::lse_term(c[l], max[l]);
                    }
                }
                lanes::exp_into(&terms, &mut e);
                let mut sum = [0.0; L];
                for k in 0..k_n {
                    for l in 0..L {
                        sum[l] += e[k * L + l];
                    }
                }
                let mut ln_sum = [0.0; L];
                lanes::ln_into(&sum, &mut ln_sum);
                for l in 0..L.min(n - b) {
                    out.push(if max[l].is_finite() { max[l] + ln_sum[l] } else { max[l] });
                    top.push(1.0 / sum[l]);
                }
            }
        }
        (out, top)
    }

    /// The fill values, then the normalisation, of `rows` by column (`x[j][i]`), as
    /// [`super::Normaliser::apply`] computes them.
    fn normalise_into(&self, rows: &[FeatureVector], x: &mut [[f64; CHUNK]; N_FEATURES], arg: &mut [f64]) {
        let n = rows.len();
        for (j, (xj, &scaling)) in x.iter_mut().zip(&self.normaliser.scalings).enumerate() {
            let fill = self.fill.values[j];
            let value = |r: &FeatureVector| if r[j].is_finite() { r[j] } else { fill };
            let xj = &mut xj[..n];
            if scaling.is_log() {
                for (a, r) in arg[..n].iter_mut().zip(rows) {
                    *a = scaling.before_log(value(r));
                }
                lanes::ln_into(&arg[..n], xj);
                xj.iter_mut().for_each(|v| *v = scaling.after_log(*v));
            } else {
                for (v, r) in xj.iter_mut().zip(rows) {
                    *v = scaling.after_log(scaling.before_log(value(r)));
                }
            }
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    /// ln p(x) from the existing per-component code, summed in plain f64.
    fn reference(m: &Model, raw: &FeatureVector) -> f64 {
        let (filled, _) = m.fill.fill(&raw.map(Some));
        let v: Vec<f64> = m.gmm.weighted_log_densities(&m.normaliser.apply(&filled)).collect();
        let max = v.iter().copied().fold(f64::NEG_INFINITY, f64::max);
        max + v.iter().map(|x| (x - max).exp()).sum::<f64>().ln()
    }

    #[test]
    fn equals_the_mixture_log_likelihood_and_one_equals_many() {
        let m = Model::published();
        let mut rows: Vec<FeatureVector> = Vec::new();
        for i in 0..11 {
            let mut v = m.fill.values;
            v[i % N_FEATURES] *= 1.0 + i as f64 / 3.0;
            v[(i + 5) % N_FEATURES] = f64::NAN;
            rows.push(v);
        }
        let many = m.log_densities(&rows);
        assert_eq!(many.len(), 11);
        for (r, &d) in rows.iter().zip(&many) {
            assert_eq!(m.log_density(r).to_bits(), d.to_bits());
            let want = reference(&m, r);
            assert!((d - want).abs() <= 1e-12 * want.abs().max(1.0), "{d} vs {want}");
        }
    }
}
