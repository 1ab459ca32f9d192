//! Switching between the published catalog and synthetic sets at scale, with progress.

use xclass_core::format::thousands;
use crate::ctx::{Ctx, Progress, Step};
use crate::dataset;
use crate::shared::Shared;
use leptos::prelude::*;
use leptos::task::spawn_local;
use xclass_core::state::Dataset;

use xclass_core::state_check::MAX_SYNTHETIC;

/// The synthetic sizes the menu offers; another size from a link gets its own entry.
const OFFERED: [u32; 2] = [100_000, 1_000_000];

/// Rebuilds the rows whenever the view state asks for another dataset or another model.
pub fn install(ctx: Ctx) {
    Effect::new(move |_| {
        let want = ctx.view.with(|v| v.dataset);
        let model = ctx.model.get();
        if ctx.dataset.with_untracked(|d| d.id == want && d.model == model.hash) {
            return;
        }
        match want {
            Dataset::Published if model.hash == ctx.published_model().hash => ctx.dataset.set(ctx.published.get_value()),
            Dataset::Published => {
                let cat = ctx.published.with_value(|p| p.catalog.clone()).expect("the published dataset has its catalog");
                ctx.dataset.set(Shared::new(dataset::Dataset::reclassified(&cat, &model.model.0, model.hash.clone())));
            }
            Dataset::Synthetic { n, seed } => {
                if n == 0 || n > MAX_SYNTHETIC {
                    ctx.notices.warn(format!("Synthetic sets hold 1 to {} rows; showing the published catalog.", thousands(MAX_SYNTHETIC as usize)));
                    ctx.change(Step::Minor, |v| v.dataset = Dataset::Published);
                    return;
                }
                let label = format!("Sampling and classifying {} synthetic detections", thousands(n as usize));
                ctx.cancel.set(false);
                ctx.progress.set(Some(Progress { label: label.clone(), fraction: 0.0 }));
                let reference = crate::science::novelty_reference(ctx);
                spawn_local(async move {
                    let published = ctx.published.get_value();
                    let made = dataset::synthetic(model.model.0.clone(), model.hash.clone(), reference, &published.sources, n as usize, seed, |f| {
                        ctx.progress.set(Some(Progress { label: label.clone(), fraction: f }));
                        !ctx.cancel.get_untracked()
                    })
                    .await;
                    ctx.progress.set(None);
                    let current = move || ctx.view.with_untracked(|v| v.dataset) == want && ctx.model.with_untracked(|m| m.hash == model.hash);
                    match made {
                        // Only if nobody changed their mind meanwhile.
                        Some(d) if current() => ctx.dataset.set(Shared::new(d)),
                        Some(_) => {}
                        None => ctx.change(Step::Minor, |v| v.dataset = Dataset::Published),
                    }
                });
            }
        }
    });
}

#[component]
pub fn DatasetPicker() -> impl IntoView {
    let ctx = expect_context::<Ctx>();
    let key = move || match ctx.view.with(|v| v.dataset) {
        Dataset::Published => "published".to_string(),
        Dataset::Synthetic { n, .. } => n.to_string(),
    };
    view! {
        <label class="dataset">"Data "
            <select data-testid="dataset" prop:value=key
                on:change=move |e| {
                    let v = event_target_value(&e);
                    let d = v.parse().map_or(Dataset::Published, |n| Dataset::Synthetic { n, seed: 42 });
                    ctx.change(Step::Major, |s| { s.dataset = d; s.selection.clear(); s.focus = None; });
                }>
                <option value="published" prop:selected=move || key() == "published">"Published catalog (8,756 sources)"</option>
                {move || match ctx.view.with(|v| v.dataset) {
                    Dataset::Synthetic { n, .. } if !OFFERED.contains(&n) => Some(view! {
                        <option value=n.to_string() prop:selected=true>{format!("Synthetic: {}", xclass_core::format::count(n as usize, "detection"))}</option>
                    }),
                    _ => None,
                }}
                {OFFERED.map(|n| view! { <option value=n.to_string() prop:selected=move || key() == n.to_string()>{format!("Synthetic: {}", xclass_core::format::count(n as usize, "detection"))}</option> }).collect_view()}
            </select>
        </label>
    }
}

/// The progress bar of the long task under way.
#[component]
pub fn ProgressBar() -> impl IntoView {
    let ctx = expect_context::<Ctx>();
    move || {
        ctx.progress.get().map(|p| view! {
            <div class="progress" data-testid="progress" role="progressbar" aria-valuenow=format!("{:.0}", p.fraction * 100.0)>
                <span>{p.label.clone()}"… "{format!("{:.0}%", p.fraction * 100.0)}</span>
                <progress max="1" value=p.fraction></progress>
                <button on:click=move |_| ctx.cancel.set(true)>"Cancel"</button>
            </div>
        })
    }
}
