//! The Fit panel: refit the paper's method on the shipped catalog (mixture and BIC only: it
//! has no independent labels) or on an uploaded labelled table, in the Web Worker; the BIC
//! sweep, a chosen K, the class models and the validation, and "Use this model".

use super::bic_plot::BicPlot;
use super::fit_result::FitResult;
use xclass_core::format::thousands;
use crate::ctx::Ctx;
use crate::fit_client::{self, FitRun, Job};
use crate::shared::Shared;
use xclass_core::fit_choice::{choose_k, is_labelled, Choice};
use crate::upload_client::{last_input, Input};
use leptos::prelude::*;
use xclass_core::export::catalog_sources;
use xclass_core::feature_set::FeatureSet;
use xclass_core::fit::{EmOptions, MethodOptions, Normalisation};
use xclass_core::Feature;

/// Which table is fitted.
#[derive(Clone, Copy, PartialEq, Eq)]
enum Source {
    Catalog,
    Upload,
}

/// The shipped catalog's first detections (the ones with published features) as a table.
fn catalog_input(ctx: Ctx) -> Input {
    let csv = ctx
        .published
        .with_value(|d| {
            d.catalog
                .as_ref()
                .map(|c| catalog_sources(c, &vec![true; c.sources.len()]).to_csv())
        })
        .unwrap_or_default();
    Input {
        file: "the shipped catalog".into(),
        size: csv.len() as f64,
        data: csv.into(),
        samp: None,
    }
}

fn number<T: std::str::FromStr + Copy>(e: &leptos::ev::Event, old: T) -> T {
    event_target_value(e).trim().parse().unwrap_or(old)
}

#[component]
pub fn FitPanel() -> impl IntoView {
    let ctx = expect_context::<Ctx>();
    let run = expect_context::<FitRun>();
    let source = RwSignal::new(Source::Catalog);
    let label = RwSignal::new(None::<String>);
    let features = RwSignal::new(FeatureSet::ALL);
    let (k_min, k_max, restarts, seed) = (
        RwSignal::new(2usize),
        RwSignal::new(8usize),
        RwSignal::new(3usize),
        RwSignal::new(42u64),
    );
    let test_fraction = RwSignal::new(0.2f64);
    let keep_norm = RwSignal::new(false);
    // Features the uploaded table lacks: unticked and explained.
    let missing = Memo::new(move |_| match source.get() {
        Source::Upload => ctx.upload.with(|u| {
            u.as_ref()
                .map_or(FeatureSet::of([]), |u| u.features_missing_everywhere())
        }),
        Source::Catalog => FeatureSet::of([]),
    });
    Effect::new(move |_| features.set(FeatureSet::ALL.without(missing.get())));
    // Default label column: the one the upload used.
    Effect::new(move |_| {
        label.set(
            ctx.upload
                .with(|u| u.as_ref().and_then(|u| u.label_column.clone())),
        )
    });
    let options = move |k: Option<usize>| MethodOptions {
        em: EmOptions {
            k: k.unwrap_or(k_min.get_untracked()),
            restarts: restarts.get_untracked().max(1),
            seed: seed.get_untracked(),
            ..EmOptions::default()
        },
        k_range: k
            .is_none()
            .then(|| (k_min.get_untracked(), k_max.get_untracked())),
        features: features.get_untracked(),
        normalisation: if keep_norm.get_untracked() {
            Normalisation::Keep
        } else {
            Normalisation::Fit
        },
        test_fraction: test_fraction.get_untracked(),
        split_seed: seed.get_untracked(),
    };
    let go = move |k: Option<usize>| {
        let (input, label) = match source.get_untracked() {
            Source::Catalog => (catalog_input(ctx), None),
            Source::Upload => match last_input() {
                Some(i) => (i, label.get_untracked()),
                None => {
                    return ctx
                        .notices
                        .warn("Upload a labelled table in the “New sources” tab first.")
                }
            },
        };
        if features.get_untracked().is_empty() {
            return ctx.notices.warn("Tick at least one feature to fit.");
        }
        if k.is_none() && k_min.get_untracked() > k_max.get_untracked() {
            return ctx
                .notices
                .warn("The K range is empty: the smallest K must not exceed the largest.");
        }
        fit_client::start(
            ctx,
            run,
            Job {
                input,
                label,
                options: options(k),
            },
        );
    };
    let chosen = Signal::derive(move || run.outcome.with(|o| o.as_ref().map(|o| o.k)));
    let labelled = Signal::derive(move || run.outcome.with(|o| o.as_ref().is_some_and(|o| is_labelled(o))));
    // A K from the sweep: its best mixture at once, or the labelled refit when class models
    // must be built on that K's clusters.
    let pick = move |k: usize| {
        if run.running.get_untracked() {
            return;
        }
        match run.outcome.with_untracked(|o| o.as_ref().and_then(|o| choose_k(o, k))) {
            Some(Choice::Ready(o)) => run.outcome.set(Some(Shared::new(*o))),
            Some(Choice::NeedsLabelledRefit) | None => go(Some(k)),
        }
    };
    let upload_name = move || ctx.upload.with(|u| u.as_ref().map(|u| u.file.clone()));
    view! {
        <div class="fit-form" data-testid="fit-form">
            <h3>"Data"</h3>
            <label class="check"><input type="radio" name="fit-source" data-testid="fit-source-catalog" prop:checked=move || source.get() == Source::Catalog on:change=move |_| source.set(Source::Catalog) />
                "the shipped catalog (8,756 first detections): mixture and BIC only, it has no independent labels"</label>
            <label class="check"><input type="radio" name="fit-source" data-testid="fit-source-upload" prop:disabled=move || upload_name().is_none()
                prop:checked=move || source.get() == Source::Upload on:change=move |_| source.set(Source::Upload) />
                {move || upload_name().map_or("an uploaded table (upload one in the “New sources” tab)".to_string(), |f| format!("the uploaded table {f}"))}</label>
            <Show when=move || source.get() == Source::Upload>
                <label>"Label column "
                    <select data-testid="fit-label" on:change=move |e| { let v = event_target_value(&e); label.set((!v.is_empty()).then_some(v)) }>
                        <option value="" selected=move || label.get().is_none()>"none (mixture only)"</option>
                        {move || ctx.upload.with(|u| u.as_ref().map(|u| u.label_columns.clone()).unwrap_or_default()).into_iter().map(|c| {
                            let (c2, text) = (c.clone(), c.clone());
                            view! { <option value=c selected=move || label.get().as_deref() == Some(c2.as_str())>{text}</option> }
                        }).collect_view()}
                    </select>
                </label>
            </Show>
            <h3>"Features"</h3>
            <div class="fit-features">
                {Feature::ALL.into_iter().map(|f| view! {
                    <label class="check small" data-testid=format!("fit-feature-{}", f.name())
                        title=move || if missing.get().contains(f) { format!("{}: absent or empty in every row of the table, so it cannot be fitted", f.name()) } else { f.describe().to_string() }>
                        <input type="checkbox" prop:checked=move || features.get().contains(f) prop:disabled=move || missing.get().contains(f)
                            on:change=move |e| { let on = event_target_checked(&e); features.update(|s| *s = if on { FeatureSet::of(s.features().into_iter().chain([f])) } else { s.without(FeatureSet::of([f])) }) } />
                        {f.name()}</label>
                }).collect_view()}
            </div>
            {move || (!missing.get().is_empty()).then(|| view! { <p class="hint" data-testid="fit-missing">{format!("Not in the table (unticked): {}.", missing.get().to_list())}</p> })}
            <h3>"Mixture"</h3>
            <div class="fit-numbers">
                <label>"K from "<input type="number" min="1" max="40" data-testid="fit-kmin" prop:value=move || k_min.get().to_string() on:change=move |e| k_min.set(number(&e, k_min.get_untracked())) /></label>
                <label>" to "<input type="number" min="1" max="40" data-testid="fit-kmax" prop:value=move || k_max.get().to_string() on:change=move |e| k_max.set(number(&e, k_max.get_untracked())) /></label>
                <label>" restarts "<input type="number" min="1" max="20" data-testid="fit-restarts" prop:value=move || restarts.get().to_string() on:change=move |e| restarts.set(number(&e, restarts.get_untracked())) /></label>
                <label>" seed (EM starts and split) "<input type="number" min="0" data-testid="fit-seed" prop:value=move || seed.get().to_string() on:change=move |e| seed.set(number(&e, seed.get_untracked())) /></label>
                <label>" test fraction "<input type="number" min="0" max="0.9" step="0.05" data-testid="fit-test" prop:value=move || test_fraction.get().to_string() on:change=move |e| test_fraction.set(number(&e, test_fraction.get_untracked())) /></label>
                <label class="check"><input type="checkbox" prop:checked=move || keep_norm.get() on:change=move |e| keep_norm.set(event_target_checked(&e)) />"keep the published normalisation"</label>
            </div>
            <button class="primary" data-testid="fit-run" prop:disabled=move || run.running.get() on:click=move |_| go(None)>"Run the BIC sweep"</button>
            <span class="hint">{move || format!(" {} fits; EM as scikit-learn's GaussianMixture (k-means start, reg_covar 1e-6, tol 1e-3, at most 100 iterations).", thousands((k_max.get() + 1).saturating_sub(k_min.get()) * restarts.get().max(1)))}</span>
        </div>
        <div class="fit-results">
            {move || run.sweep.get().map(|s| view! { <BicPlot sweep=s chosen labelled on_pick=pick /> })}
            {move || run.outcome.get().map(|o| view! { <FitResult outcome=o /> })}
        </div>
    }
}
