//! Choosing another K from a finished BIC sweep without fitting again: the sweep keeps each
//! K's best mixture (`Sweep::best`), so a mixture-only fit (no labels) becomes that K's fit at
//! once. A labelled fit's class models and validation were built on the suggested K's
//! clusters, so another K needs the labelled refit (the class models come from its clusters).
//! Kept beside `fit/` (which it only reads) so the refit's core and this choice evolve apart.

use crate::fit::{bic, FitOutcome};

/// What choosing a K gives.
#[derive(Clone, Debug, PartialEq)]
pub enum Choice {
    /// The fit at that K, taken from the sweep (nothing refitted).
    Ready(Box<FitOutcome>),
    /// The table has labels: the class models of that K need the labelled refit.
    NeedsLabelledRefit,
}

/// Whether `outcome` came from a labelled table (it has class models, or tried to).
pub fn is_labelled(outcome: &FitOutcome) -> bool {
    outcome.model_json.is_some() || !outcome.class_counts.is_empty()
}

/// The fit at `k` from `outcome`'s sweep; `None` when there is no sweep or `k` is outside it.
pub fn choose_k(outcome: &FitOutcome, k: usize) -> Option<Choice> {
    let sweep = outcome.sweep.as_ref()?;
    let at = sweep.points.iter().position(|p| p.k == k)?;
    let best = sweep.best.get(at)?;
    if k == outcome.k {
        return Some(Choice::Ready(Box::new(outcome.clone())));
    }
    if is_labelled(outcome) {
        return Some(Choice::NeedsLabelledRefit);
    }
    let (n, d) = (outcome.rows.fitted, outcome.features.len());
    Some(Choice::Ready(Box::new(FitOutcome {
        model_json: None,
        k,
        bic: bic(best.mean_log_likelihood, n, k, d),
        mixture: best.clone(),
        class_counts: vec![],
        absent_classes: vec![],
        validation: None,
        ..outcome.clone()
    })))
}
