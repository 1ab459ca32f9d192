//! The rows EM sees: `n` points of `d` ≤ 12 normalised features, row-major, and the same in
//! feature-major blocks of [`LANES`] rows for the vectorised kernels.

use super::progress::FitError;
use crate::feature::{FeatureVector, N_FEATURES};
use crate::model::Normaliser;

/// Rows per block: the kernels work on this many rows side by side.
pub(super) const LANES: usize = 8;

/// One block: `x[j][l]` is feature `j` of row `l` (unused features and padding rows are 0).
pub(super) type Block = [[f64; LANES]; N_FEATURES];

/// Points to fit, all finite.
#[derive(Clone, Debug)]
pub struct Samples {
    d: usize,
    x: Vec<f64>,
    blocks: Vec<Block>,
}

impl Samples {
    /// `x` holds the rows one after another, `d` values each. Errors on a non-finite value
    /// (naming its 0-based row and `names[j]`), on `d` = 0 or `d` > 12, and on a ragged length.
    pub fn new(d: usize, x: Vec<f64>, names: &[&str]) -> Result<Samples, FitError> {
        if d == 0 || d > N_FEATURES || !x.len().is_multiple_of(d) {
            return Err(FitError::Invalid(format!(
                "{} values do not make rows of {d} features (1 to 12)",
                x.len()
            )));
        }
        if let Some(i) = x.iter().position(|v| !v.is_finite()) {
            let feature = names
                .get(i % d)
                .map_or(format!("feature {}", i % d), |s| s.to_string());
            return Err(FitError::NonFinite {
                row: i / d,
                feature,
                value: x[i],
            });
        }
        let n = x.len() / d;
        let mut blocks = vec![[[0.0; LANES]; N_FEATURES]; n.div_ceil(LANES)];
        for (i, row) in x.chunks_exact(d).enumerate() {
            for (j, &v) in row.iter().enumerate() {
                blocks[i / LANES][j][i % LANES] = v;
            }
        }
        Ok(Samples { d, x, blocks })
    }

    /// 12-feature rows normalised by `normaliser` (a catalog's detections, or samples drawn
    /// from a model's mixture), as EM sees them.
    pub fn normalised(
        normaliser: &Normaliser,
        rows: impl IntoIterator<Item = FeatureVector>,
    ) -> Result<Samples, FitError> {
        let x = rows
            .into_iter()
            .flat_map(|r| normaliser.apply(&r))
            .collect();
        Samples::new(N_FEATURES, x, &[])
    }

    /// Number of rows.
    pub fn n(&self) -> usize {
        self.x.len() / self.d
    }

    /// Number of features.
    pub fn d(&self) -> usize {
        self.d
    }

    /// Row `i`.
    pub fn row(&self, i: usize) -> &[f64] {
        &self.x[i * self.d..(i + 1) * self.d]
    }

    /// All rows.
    pub fn rows(&self) -> impl ExactSizeIterator<Item = &[f64]> {
        self.x.chunks_exact(self.d)
    }

    /// The rows in blocks of [`LANES`]; the last block's rows past [`Samples::n`] are padding.
    pub(super) fn blocks(&self) -> &[Block] {
        &self.blocks
    }

    /// The rows `idx`, in that order.
    pub fn select(&self, idx: &[usize]) -> Samples {
        let x = idx
            .iter()
            .flat_map(|&i| self.row(i).iter().copied())
            .collect();
        Samples::new(self.d, x, &[]).expect("rows of finite samples")
    }
}
