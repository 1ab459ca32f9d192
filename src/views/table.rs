//! The source table: the filtered sources, sortable by any column, paged, click to select,
//! downloadable as CSV or VOTable.

use crate::app::thousands;
use crate::ctx::{Ctx, Step};
use crate::perf;
use crate::shared::Shared;
use leptos::prelude::*;
use xclass_core::points::Points;
use xclass_core::state::SortKey;
use xclass_core::Feature;

const PAGE: usize = 25;

/// Source indices ordered by a key (stable; NaN last).
fn order(p: &Points, names: &xclass_core::names::Names, key: SortKey) -> Vec<u32> {
    let mut idx: Vec<u32> = (0..p.len() as u32).collect();
    let num = |f: &dyn Fn(usize) -> f64| {
        let mut v: Vec<(f64, u32)> = (0..p.len()).map(|i| (f(i), i as u32)).collect();
        v.sort_by(|a, b| a.0.is_nan().cmp(&b.0.is_nan()).then(a.0.total_cmp(&b.0)));
        v.into_iter().map(|(_, i)| i).collect::<Vec<u32>>()
    };
    match key {
        SortKey::Name => idx.sort_by(|&a, &b| names.get(a as usize).cmp(names.get(b as usize))),
        SortKey::Ra => idx = num(&|i| p.ra[i]),
        SortKey::Dec => idx = num(&|i| p.dec[i]),
        SortKey::Class => idx.sort_by_key(|&i| p.class[i as usize]),
        SortKey::Group => idx.sort_by_key(|&i| p.class[i as usize].group()),
        SortKey::Count => idx.sort_by_key(|&i| p.count[i as usize]),
        SortKey::MaxProb => idx = num(&|i| f64::from(p.max_prob[i])),
        SortKey::Cluster => idx.sort_by_key(|&i| p.cluster[i as usize]),
        SortKey::Feature(f) => idx = num(&|i| f64::from(p.features[i][f.index()])),
        SortKey::Novelty => idx = num(&|i| p.novelty.percentile.get(i).map_or(f64::NAN, |&v| f64::from(v))),
    }
    idx
}

struct Row {
    source: usize,
    name: String,
    ra: f64,
    dec: f64,
    soft: &'static str,
    hard: &'static str,
    group: &'static str,
    unique: bool,
    count: u32,
    max_prob: f32,
    cluster: u8,
    hard_hs: f32,
    novelty: f32,
}

struct Page {
    rows: Vec<Row>,
    total: usize,
    page: usize,
    pages: usize,
}

/// The table panel: catalog sources, and the uploaded detections when there are some.
#[component]
pub fn TablePanel() -> impl IntoView {
    let ctx = expect_context::<Ctx>();
    let uploaded = RwSignal::new(false);
    // A new upload is shown at once; without one, only the catalog.
    Effect::new(move |_| uploaded.set(ctx.upload.with(Option::is_some)));
    view! {
        <div class="tabs">
            <button class:active=move || !uploaded.get() on:click=move |_| uploaded.set(false)>"Sources"</button>
            {move || ctx.upload.get().map(|u| view! {
                <button data-testid="tab-uploaded" class:active=move || uploaded.get() on:click=move |_| uploaded.set(true)>
                    {format!("Uploaded detections ({})", thousands(u.detections.len()))}
                </button>
            })}
        </div>
        {move || if uploaded.get() { view! { <super::upload_table::UploadTable /> }.into_any() } else { view! { <SourceTable /> }.into_any() }}
    }
}

#[component]
pub fn SourceTable() -> impl IntoView {
    let ctx = expect_context::<Ctx>();
    let tv = Memo::new(move |_| ctx.view.with(|v| v.table));
    let focus = Memo::new(move |_| ctx.view.with(|v| v.focus.clone()));
    let sorted = Memo::new(move |_| {
        let key = tv.get().sort;
        ctx.dataset.with(|d| Shared::new(order(&d.sources, &d.names, key)))
    });
    // The visible page and the number of filtered sources.
    let page = Memo::new(move |_| {
        let t0 = perf::now();
        let t = tv.get();
        let mask = ctx.mask_sources.get();
        let order = sorted.get();
        let total = mask.iter().filter(|m| **m).count();
        let pages = total.div_ceil(PAGE).max(1);
        let page = (t.page as usize).min(pages - 1);
        let pick = |it: &mut dyn Iterator<Item = &u32>| it.filter(|&&i| mask[i as usize]).skip(page * PAGE).take(PAGE).copied().collect::<Vec<u32>>();
        let ids = if t.descending { pick(&mut order.iter().rev()) } else { pick(&mut order.iter()) };
        let rows: Vec<Row> = ctx.dataset.with(|d| {
            let p = &d.sources;
            ids.iter()
                .map(|&i| {
                    let i = i as usize;
                    Row {
                        source: p.source[i] as usize,
                        name: d.names.get(p.source[i] as usize).to_string(),
                        ra: p.ra[i],
                        dec: p.dec[i],
                        soft: p.class[i].name(),
                        hard: p.hard[i].name(),
                        group: p.class[i].group().name(),
                        unique: p.unique[i],
                        count: p.count[i],
                        max_prob: p.max_prob[i],
                        cluster: p.cluster[i],
                        hard_hs: p.features[i][Feature::HardHs.index()],
                        novelty: p.novelty.percentile.get(i).copied().unwrap_or(f32::NAN),
                    }
                })
                .collect()
        });
        perf::mark("table", t0);
        Shared::new(Page { rows, total, page, pages })
    });
    let header = move |key: SortKey, label: &'static str, title: &'static str| {
        view! {
            <th title=title class:sorted=move || tv.get().sort == key
                on:click=move |_| ctx.change(Step::Major, |v| {
                    if v.table.sort == key { v.table.descending = !v.table.descending } else { v.table.sort = key; v.table.descending = false }
                    v.table.page = 0;
                })>
                {label}{move || if tv.get().sort == key { if tv.get().descending { " ▼" } else { " ▲" } } else { "" }}
            </th>
        }
    };
    let go = move |delta: i64| {
        let (page, pages) = { let p = page.get_untracked(); (p.page, p.pages) };
        let next = (page as i64 + delta).clamp(0, pages as i64 - 1) as u32;
        ctx.change(Step::Minor, |v| v.table.page = next);
    };
    let download = move |format: &'static str| {
        let mask = ctx.mask_sources.get_untracked();
        let result = ctx.dataset.with_untracked(|d| crate::views::download::sources(d, &mask, format));
        if let Err(e) = result {
            ctx.notices.error(format!("Export failed: {e}"));
        }
    };
    view! {
        <div class="toolbar">
            <input type="search" placeholder="name…" data-testid="table-search" class="table-search"
                prop:value=move || ctx.view.with(|v| v.filter.name.clone())
                on:input=move |e| { let s = event_target_value(&e); ctx.change(Step::Minor, |v| v.filter.name = s) } />
            <span class="note" data-testid="table-count">{move || { let p = page.get(); format!("{} sources · page {} of {}", thousands(p.total), p.page + 1, p.pages) }}</span>
            <button on:click=move |_| go(-1) disabled=move || page.get().page == 0>"‹ Prev"</button>
            <button on:click=move |_| go(1) disabled=move || { let p = page.get(); p.page + 1 >= p.pages }>"Next ›"</button>
            <span class="spacer"></span>
            <button on:click=move |_| download("csv") title="The filtered sources as CSV">"CSV"</button>
            <button on:click=move |_| download("votable") title="The filtered sources as a VOTable">"VOTable"</button>
        </div>
        <div class="table-wrap">
            <table class="sources" data-testid="source-table">
                <thead><tr>
                    {header(SortKey::Name, "Name", "CSC 2.0 name")}
                    {header(SortKey::Ra, "RA °", "ICRS right ascension")}
                    {header(SortKey::Dec, "Dec °", "ICRS declination")}
                    {header(SortKey::Class, "Class", "Master class by soft voting")}
                    <th title="Master class by hard voting">"Hard"</th>
                    {header(SortKey::Group, "Group", "Aggregated class")}
                    {header(SortKey::Count, "Det.", "Number of detections")}
                    {header(SortKey::MaxProb, "Max P", "Largest mean class probability")}
                    {header(SortKey::Cluster, "Cl.", "GMM cluster of the first detection")}
                    {header(SortKey::Feature(Feature::HardHs), "hard_hs", "Hardness ratio H-S of the first detection")}
                    {header(SortKey::Novelty, "Novelty", "Novelty percentile: more unusual for the model than this % of the catalog")}
                </tr></thead>
                <tbody>
                    {move || {
                        let p = page.get();
                        let sel = ctx.selected.get();
                        let focus = focus.get();
                        p.rows.iter().map(|r| {
                            let src = r.source;
                            view! {
                                <tr class:selected=sel[src] class:focus=focus.as_deref() == Some(r.name.as_str())
                                    on:click=move |_| ctx.select([src])>
                                    <td class="name">{r.name.clone()}</td>
                                    <td class="num">{format!("{:.5}", r.ra)}</td>
                                    <td class="num">{format!("{:+.5}", r.dec)}</td>
                                    <td>{r.soft}</td>
                                    <td class:differs=!r.unique>{r.hard}</td>
                                    <td>{r.group}</td>
                                    <td class="num">{r.count}</td>
                                    <td class="num">{format!("{:.3}", r.max_prob)}</td>
                                    <td class="num">{r.cluster}</td>
                                    <td class="num">{format!("{:.3}", r.hard_hs)}</td>
                                    <td class="num">{format!("{:.1}", r.novelty)}</td>
                                </tr>
                            }
                        }).collect_view()
                    }}
                </tbody>
            </table>
        </div>
    }
}
