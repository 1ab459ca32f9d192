//! Choosing a K from a finished sweep (issue 15's Fit panel): without labels, the sweep's best
//! mixture at that K is the fit a one-K run from the same seeds gives (computed here by that
//! separate run); with labels, another K asks for the labelled refit.

mod common;

use xclass_core::fit::{
    fit_method, Control, EmOptions, FitOutcome, FitProgress, FitTable, MethodOptions,
};
use xclass_core::fit_choice::{choose_k, Choice};

fn go(_: &FitProgress) -> Control {
    Control::Continue
}

fn run(label: Option<&str>, k: usize, k_range: Option<(usize, usize)>) -> FitOutcome {
    let text = std::fs::read_to_string(
        common::repo().join("crates/core/tests/fixtures/labelled_synthetic.csv"),
    )
    .unwrap();
    let table = FitTable::read("t.csv", text.as_bytes(), label, &mut |_, _| {
        Control::Continue
    })
    .unwrap();
    let opt = MethodOptions {
        em: EmOptions {
            k,
            restarts: 2,
            seed: 7,
            ..EmOptions::default()
        },
        k_range,
        ..MethodOptions::default()
    };
    fit_method(&table, &opt, common::model(), &mut go).unwrap()
}

#[test]
fn a_k_from_a_mixture_only_sweep_is_that_k_s_own_fit() {
    let swept = run(None, 2, Some((2, 4)));
    let Some(Choice::Ready(chosen)) = choose_k(&swept, 3) else {
        panic!("no fit at K = 3")
    };
    let alone = run(None, 3, None);
    assert_eq!(chosen.k, 3);
    assert_eq!(chosen.mixture.mixture, alone.mixture.mixture);
    assert_eq!(
        chosen.mixture.mean_log_likelihood,
        alone.mixture.mean_log_likelihood
    );
    assert_eq!(
        (chosen.mixture.n_iter, chosen.mixture.restart),
        (alone.mixture.n_iter, alone.mixture.restart)
    );
    assert_eq!(chosen.bic, alone.bic);
    assert_eq!(chosen.rows, swept.rows);
    assert!(chosen.model_json.is_none() && chosen.validation.is_none());
    // The sweep stays, so another K can be chosen again; the suggested one gives the run itself.
    assert_eq!(chosen.sweep, swept.sweep);
    let Some(Choice::Ready(back)) = choose_k(&chosen, swept.k) else {
        panic!()
    };
    assert_eq!(back.mixture.mixture, swept.mixture.mixture);
    assert_eq!(back.bic, swept.bic);
    // Outside the sweep: nothing.
    assert!(choose_k(&swept, 9).is_none());
    assert!(choose_k(&alone, 3).is_none(), "a one-K fit has no sweep");
}

#[test]
fn with_labels_another_k_needs_the_labelled_refit() {
    let swept = run(Some("otype"), 2, Some((2, 3)));
    assert!(swept.model_json.is_some());
    let other = if swept.k == 2 { 3 } else { 2 };
    assert_eq!(choose_k(&swept, other), Some(Choice::NeedsLabelledRefit));
    assert!(matches!(choose_k(&swept, swept.k), Some(Choice::Ready(_))));
}
