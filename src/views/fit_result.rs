//! A finished fit: the mixture, every input row accounted for, the class models (training
//! rows per cluster and class), and the validation: the fitted model's confusion matrices
//! beside the published model's on the same held-out rows and the paper's Fig. 4/5, metrics
//! above. "Use this model" makes it the active model everywhere.

use super::validation::{matrix_table, scores};
use xclass_core::format::thousands;
use crate::ctx::{Ctx, Loaded};
use crate::draw::export::download;
use crate::shared::Shared;
use leptos::prelude::*;
use xclass_core::class::Class;
use xclass_core::fit::{FitOutcome, Metrics};

fn metric_rows(name: &str, m: &Metrics) -> impl IntoView + use<> {
    view! {
        <tr><td>{name.to_string()}</td><td class="num">{format!("{:.3}", m.accuracy)}</td><td class="num">{format!("{:.3}", m.balanced_accuracy)}</td>
        <td class="num">{format!("{:.3}", m.group_accuracy)}</td><td class="num">{format!("{:.3}", m.group_balanced_accuracy)}</td></tr>
    }
}

/// The class-model table: training rows per cluster (rows) and class (columns).
fn class_counts(o: &FitOutcome) -> impl IntoView + use<> {
    let rows: Vec<_> = o
        .class_counts
        .iter()
        .enumerate()
        .map(|(k, c)| view! { <tr><th class="row">{format!("cluster {k}")}</th>{c.iter().map(|n| view! { <td class="num" class:absent=*n < o.features.len()>{*n}</td> }).collect_view()}</tr> })
        .collect();
    view! {
        <table class="dets class-counts" data-testid="fit-class-counts">
            <thead><tr><th></th>{Class::ALL.iter().map(|c| view! { <th>{c.name()}</th> }).collect_view()}</tr></thead>
            <tbody>{rows}</tbody>
        </table>
    }
}

#[component]
pub fn FitResult(outcome: Shared<FitOutcome>) -> impl IntoView {
    let ctx = expect_context::<Ctx>();
    let aggregated = RwSignal::new(true);
    let source_level = RwSignal::new(false);
    let o = outcome.clone();
    let model = o.model();
    let loaded = model.map(Loaded::new);
    let hash = loaded.as_ref().map(|l| l.hash.clone());
    let l2 = loaded.clone();
    let use_it = move |_| {
        if let Some(l) = l2.clone() {
            ctx.notices.info(format!(
                "Using the fitted model ({}, K = {}) everywhere.",
                l.hash,
                l.model.gmm.n_components()
            ));
            ctx.use_model(l);
        }
    };
    let save = move |_| {
        if let Some(l) = loaded.as_ref() {
            download(
                &format!("xclass-model-{}.json", l.hash),
                "application/json",
                l.model.to_json().as_bytes(),
            )
            .ok();
        }
    };
    let r = &o.rows;
    let account = format!(
        "{} rows read: {} fitted, {} left out for a missing feature{}; of the fitted, {} labelled, {} unlabelled, {} with an unmapped label.",
        thousands(r.read), thousands(r.fitted), thousands(r.incomplete),
        r.first_incomplete.as_ref().map_or(String::new(), |f| format!(" (first: {f})")),
        thousands(r.labelled), thousands(r.unlabelled), thousands(r.unmapped.values().sum())
    );
    let mix = &o.mixture;
    let summary = format!(
        "K = {}, features {}: mean log-likelihood {:.4}, BIC {:.1}, {} EM iterations ({}), best of {} restarts.",
        o.k, o.features.to_list(), mix.mean_log_likelihood, o.bic, mix.n_iter, if mix.converged { "converged" } else { "not converged" }, mix.restart_bounds.len()
    );
    let validation = o.validation.clone();
    let paper = ctx.paper.get_value();
    view! {
        <div class="fit-result" data-testid="fit-result">
            <p data-testid="fit-summary">{summary}</p>
            <p class="hint" data-testid="fit-rows">{account}</p>
            {hash.clone().map(|h| view! {
                <div class="toolbar">
                    <button class="primary" data-testid="fit-use" on:click=use_it>"Use this model"</button>
                    <button data-testid="fit-download" on:click=save>"Download model"</button>
                    <code data-testid="fit-hash">{h}</code>
                </div>
            })}
            {hash.is_none().then(|| view! { <p class="hint" data-testid="fit-no-model">"No class models: the table has no label column, so this is the mixture and its BIC only. Upload a labelled table to fit the classifier and validate it."</p> })}
            {(!o.class_counts.is_empty()).then(|| view! { <h4>"Class models: labelled training rows per cluster and class"</h4>{class_counts(&o)}
                <p class="hint">{format!("A class needs at least {} labelled rows in a cluster (one per feature); fewer and it is absent there (probability 0).{}", o.features.len(),
                    if o.absent_classes.is_empty() { String::new() } else { format!(" Never predicted: {}.", o.absent_classes.join(", ")) })}</p> })}
            {validation.map(|v| {
                let v2 = v.clone();
                let pick = move |fitted: bool| {
                    let lm = if fitted { &v2.fitted } else { &v2.published };
                    let m = if source_level.get() { lm.sources.clone().unwrap_or_else(|| lm.detections.clone()) } else { lm.detections.clone() };
                    if aggregated.get() { m.groups } else { m.classes }
                };
                let pick = StoredValue::new(pick);
                let paper = paper.clone();
                view! {
                    <h4>{format!("Validation: {} training and {} held-out labelled rows (stratified split, seed {})", thousands(v.train_rows), thousands(v.test_rows), v.seed)}</h4>
                    <table class="dets metrics" data-testid="fit-metrics">
                        <thead><tr><th>"model, held-out rows"</th><th>"accuracy"</th><th>"balanced"</th><th>"4-group accuracy"</th><th>"4-group balanced"</th></tr></thead>
                        <tbody>
                            {metric_rows("fitted, detections", &v.fitted.detections)}
                            {metric_rows("published, detections", &v.published.detections)}
                            {v.fitted.sources.as_ref().map(|m| metric_rows("fitted, sources (soft vote)", m))}
                            {v.published.sources.as_ref().map(|m| metric_rows("published, sources (soft vote)", m))}
                        </tbody>
                    </table>
                    <div class="toolbar">
                        <label class="check"><input type="checkbox" data-testid="fit-aggregated" prop:checked=move || aggregated.get() on:change=move |e| aggregated.set(event_target_checked(&e)) />"4 groups"</label>
                        <label class="check"><input type="checkbox" prop:disabled=v.fitted.sources.is_none() prop:checked=move || source_level.get() on:change=move |e| source_level.set(event_target_checked(&e)) />"sources (soft vote)"</label>
                    </div>
                    {move || {
                        let (f, p) = (pick.with_value(|p| p(true)), pick.with_value(|p| p(false)));
                        let agg = aggregated.get();
                        let (pl, pv) = match (&paper, agg) {
                            (Some(x), true) => (x.grouped_classes.clone(), x.grouped_rows_true_cols_predicted.clone()),
                            (Some(x), false) => (x.classes.clone(), x.rows_true_cols_predicted.clone()),
                            (None, _) => (vec![], vec![]),
                        };
                        view! {
                            <div class="side-by-side three">
                                <div><p class="matrix-title">"Fitted model"<span class="hint">" — rows: label, columns: predicted"</span></p>{matrix_table(&f.labels, &f.row_normalised(), Some(&f.counts), "fit-matrix")}</div>
                                <div><p class="matrix-title">"Published model, same rows"</p>{matrix_table(&p.labels, &p.row_normalised(), Some(&p.counts), "fit-matrix-published")}</div>
                                <div><p class="matrix-title">{format!("Paper, Fig. {}", if agg { 5 } else { 4 })}</p>{matrix_table(&pl, &pv, None, "fit-matrix-paper")}</div>
                            </div>
                            {scores(&f)}
                        }
                    }}
                }
            })}
        </div>
    }
}
