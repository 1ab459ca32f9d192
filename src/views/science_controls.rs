//! The science panel's controls: the plot tabs, the paper's presets, each plot's settings,
//! and the novelty filters (least typical 1%, unsure classifications).

use crate::ctx::{Ctx, Step};
use leptos::prelude::*;
use xclass_core::state::{ClassSource, SciencePlot, ScienceView, Split};
use xclass_core::Feature;

fn set(ctx: Ctx, f: impl FnOnce(&mut ScienceView)) {
    ctx.change(Step::Major, |v| f(&mut v.science));
}

#[component]
pub fn Controls() -> impl IntoView {
    let ctx = expect_context::<Ctx>();
    let sv = Memo::new(move |_| ctx.view.with(|v| v.science));
    let tab = move |p: SciencePlot, label: &'static str, id: &'static str| {
        view! {
            <button role="tab" data-testid=id class:active=move || sv.get().plot == p on:click=move |_| set(ctx, |s| s.plot = p)>{label}</button>
        }
    };
    let preset = move |variability: bool, groups: bool, label: &'static str, id: &'static str| {
        view! {
            <button data-testid=id title="The paper's per-class figure" on:click=move |_| set(ctx, |s| s.preset(variability, groups))>{label}</button>
        }
    };
    let features = move || {
        Feature::ALL
            .iter()
            .map(|f| view! { <option value=f.name()>{f.name()}</option> })
            .collect_view()
    };
    let feature_select = move |id: &'static str, get: fn(&ScienceView) -> Feature, put: fn(&mut ScienceView, Feature)| {
        view! {
            <select data-testid=id prop:value=move || get(&sv.get()).name()
                on:change=move |e| { if let Some(f) = feature(&event_target_value(&e)) { set(ctx, |s| put(s, f)) } }>{features()}</select>
        }
    };
    let check = move |id: &'static str, label: &'static str, get: fn(&ScienceView) -> bool, put: fn(&mut ScienceView, bool)| {
        view! {
            <label class="check"><input type="checkbox" data-testid=id prop:checked=move || get(&sv.get())
                on:change=move |e| { let on = event_target_checked(&e); set(ctx, |s| put(s, on)) } />{label}</label>
        }
    };
    let splits = [Split::Class, Split::Group, Split::Cluster, Split::Selection];
    let sources = [ClassSource::Soft, ClassSource::Hard, ClassSource::Detection, ClassSource::Label];
    // The upload's labels can be chosen when the upload has a label column.
    let labelled = Memo::new(move |_| ctx.upload.with(|u| u.as_ref().is_some_and(|up| up.label_column.is_some())));
    let novelty = Memo::new(move |_| ctx.view.with(|v| (v.filter.min_novelty, v.filter.max_margin)));
    view! {
        <div class="tabs" role="tablist">
            {tab(SciencePlot::Histogram, "Histograms", "science-tab-histogram")}
            {tab(SciencePlot::ClassGrid, "Class grids", "science-tab-grid")}
            {tab(SciencePlot::Membership, "Cluster membership", "science-tab-membership")}
            {tab(SciencePlot::SkyByClass, "Sky by class", "science-tab-sky")}
        </div>
        <div class="toolbar">
            {move || match sv.get().plot {
                SciencePlot::Histogram => view! {
                    <label>"feature "{feature_select("hist-feature", |s| s.feature, |s, f| s.feature = f)}</label>
                    <label>"split "<select data-testid="hist-split" prop:value=move || split_name(sv.get().split)
                        on:change=move |e| { let v = event_target_value(&e); if let Some(s) = splits.into_iter().find(|s| split_name(*s) == v) { set(ctx, |x| x.split = s) } }>
                        {splits.map(|s| view! { <option value=split_name(s)>{split_name(s)}</option> }).collect_view()}</select></label>
                    {check("hist-normalised", "normalised", |s| s.normalised, |s, on| s.normalised = on)}
                    {check("hist-log", "log x", |s| s.log_x, |s, on| s.log_x = on)}
                    <label>"bins "<input type="number" min="2" max="500" data-testid="hist-bins" prop:value=move || sv.get().bins.to_string()
                        on:change=move |e| { if let Ok(n) = event_target_value(&e).parse::<u32>() { set(ctx, |s| s.bins = n.clamp(2, 500)) } } /></label>
                    {check("hist-counts", "detections per source", |s| s.counts, |s, on| s.counts = on)}
                }.into_any(),
                SciencePlot::ClassGrid => view! {
                    {preset(false, false, "Hardness per class", "preset-hardness-class")}
                    {preset(false, true, "per group", "preset-hardness-group")}
                    {preset(true, false, "Variability per class", "preset-variability-class")}
                    {preset(true, true, "per group", "preset-variability-group")}
                    <label>"x "{feature_select("grid-x", |s| s.x, |s, f| s.x = f)}</label>
                    <label>"y "{feature_select("grid-y", |s| s.y, |s, f| s.y = f)}</label>
                    {check("grid-groups", "groups", |s| s.groups, |s, on| s.groups = on)}
                    <label>"class "<select data-testid="grid-source" prop:value=move || source_name(sv.get().class_source)
                        on:change=move |e| { let v = event_target_value(&e); if let Some(s) = sources.into_iter().find(|s| source_name(*s) == v) { set(ctx, |x| x.class_source = s) } }>
                        <option value="soft">"master (soft vote)"</option><option value="hard">"master (hard vote)"</option><option value="detection">"detection"</option>
                        <option value="label" disabled=move || !labelled.get() && sv.get().class_source != ClassSource::Label
                            title="The label column of the table uploaded in the “New sources” tab">"upload label"</option></select></label>
                    <label title="KDE bandwidth: Scott's rule × this factor">"bandwidth × "<input type="number" step="0.25" min="0.1" max="5" data-testid="grid-bandwidth"
                        prop:value=move || sv.get().bandwidth.to_string()
                        on:change=move |e| { if let Ok(b) = event_target_value(&e).parse::<f64>() { set(ctx, |s| s.bandwidth = b.clamp(0.1, 5.0)) } } /></label>
                }.into_any(),
                SciencePlot::Membership => view! { <span class="note">"Responsibilities of the sources' first detections under the model in use."</span> }.into_any(),
                SciencePlot::SkyByClass => view! { {check("sky-fields", "label well-known fields", |s| s.fields, |s, on| s.fields = on)} }.into_any(),
            }}
        </div>
        <div class="toolbar">
            <label class="check" title="Rows the model finds less typical than 99% of the catalog's detections">
                <input type="checkbox" data-testid="filter-novel" prop:checked=move || { novelty.get().0 >= 99.0 }
                    on:change=move |e| { let on = event_target_checked(&e); ctx.change(Step::Major, |v| v.filter.min_novelty = if on { 99.0 } else { 0.0 }) } />
                "least typical 1%"</label>
            <label class="check" title="Rows whose two most probable classes differ by at most 0.1">
                <input type="checkbox" data-testid="filter-unsure" prop:checked=move || novelty.get().1.is_some()
                    on:change=move |e| { let on = event_target_checked(&e); ctx.change(Step::Major, |v| v.filter.max_margin = on.then_some(0.1)) } />
                "unsure (margin ≤ 0.1)"</label>
            <label class="check" title="Rows whose class probabilities have an entropy of at least 1 nat (ln 10 = 2.30 at most)">
                <input type="checkbox" data-testid="filter-entropy" prop:checked=move || { ctx.view.with(|v| v.filter.min_entropy) > 0.0 }
                    on:change=move |e| { let on = event_target_checked(&e); ctx.change(Step::Major, |v| v.filter.min_entropy = if on { 1.0 } else { 0.0 }) } />
                "spread out (entropy ≥ 1 nat)"</label>
        </div>
    }
}

/// Labels for selects.
pub fn split_name(s: Split) -> &'static str {
    match s {
        Split::Class => "class",
        Split::Group => "group",
        Split::Cluster => "cluster",
        Split::Selection => "selection",
    }
}

/// Labels for the class source select.
pub fn source_name(s: ClassSource) -> &'static str {
    match s {
        ClassSource::Soft => "soft",
        ClassSource::Hard => "hard",
        ClassSource::Detection => "detection",
        ClassSource::Label => "label",
    }
}

/// The feature named `s`, if any.
pub fn feature(s: &str) -> Option<Feature> {
    Feature::from_name(s)
}
