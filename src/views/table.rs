//! The source table: the filtered sources, sortable by any column, paged, click to select,
//! downloadable as CSV or VOTable.

use crate::ctx::{Ctx, Step};
use crate::perf;
use crate::shared::Shared;
use leptos::prelude::*;
use xclass_core::points::Points;
use xclass_core::columns::{Cell, TableColumn};
use xclass_core::format::{count, thousands};
use xclass_core::state::SortKey;

/// Page sizes offered.
const PAGE_SIZES: [u32; 5] = [10, 25, 50, 100, 250];

/// Source indices ordered by a key (stable; NaN last).
fn order(p: &Points, names: &xclass_core::names::Names, cat: Option<&xclass_core::Catalog>, key: SortKey) -> Vec<u32> {
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
        SortKey::Column(c) => idx = num(&|i| c.sort_value(p, cat, i)),
        SortKey::Novelty => idx = num(&|i| p.novelty.percentile.get(i).map_or(f64::NAN, |&v| f64::from(v))),
    }
    idx
}

/// The sort key of a column (the older keys where one exists, so links stay valid).
fn sort_key(c: TableColumn) -> SortKey {
    match c {
        TableColumn::Ra => SortKey::Ra,
        TableColumn::Dec => SortKey::Dec,
        TableColumn::Class => SortKey::Class,
        TableColumn::Group => SortKey::Group,
        TableColumn::Count => SortKey::Count,
        TableColumn::MaxProb => SortKey::MaxProb,
        TableColumn::Cluster => SortKey::Cluster,
        TableColumn::Feature(f) => SortKey::Feature(f),
        TableColumn::Novelty => SortKey::Novelty,
        other => SortKey::Column(other),
    }
}

fn cell_text(c: Cell) -> String {
    match c {
        Cell::Text(t) => t.to_string(),
        Cell::Int(v) => v.to_string(),
        Cell::Num(v, d) => format!("{v:.d$}"),
        Cell::SignedNum(v, d) => format!("{v:+.d$}"),
        Cell::Missing => "—".into(),
    }
}

struct Row {
    source: usize,
    name: String,
    unique: bool,
    cells: Vec<String>,
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
    let tv = Memo::new(move |_| ctx.view.with(|v| v.table.clone()));
    let sort = Memo::new(move |_| tv.with(|t| t.sort));
    let columns = Memo::new(move |_| tv.with(|t| t.columns.clone()));
    let focus = Memo::new(move |_| ctx.view.with(|v| v.focus.clone()));
    let chooser = RwSignal::new(false);
    let jump_error = RwSignal::new(None::<String>);
    // A new search or filter starts again from the first page (not on the first run: a link
    // may name a page).
    Effect::new(move |prev: Option<xclass_core::filter::Filter>| {
        let f = ctx.filter.get();
        if prev.is_some_and(|p| p != f) && ctx.view.with_untracked(|v| v.table.page != 0) {
            ctx.view.update(|v| v.table.page = 0);
        }
        f
    });
    let sorted = Memo::new(move |_| {
        let key = sort.get();
        ctx.dataset.with(|d| Shared::new(order(&d.sources, &d.names, d.catalog.as_deref(), key)))
    });
    // The visible page and the number of filtered sources.
    let page = Memo::new(move |_| {
        let t0 = perf::now();
        let t = tv.get();
        let size = (t.page_size as usize).clamp(1, 1000);
        let mask = ctx.mask_sources.get();
        let order = sorted.get();
        let total = mask.iter().filter(|m| **m).count();
        let pages = total.div_ceil(size).max(1);
        let page = (t.page as usize).min(pages - 1);
        let pick = |it: &mut dyn Iterator<Item = &u32>| it.filter(|&&i| mask[i as usize]).skip(page * size).take(size).copied().collect::<Vec<u32>>();
        let ids = if t.descending { pick(&mut order.iter().rev()) } else { pick(&mut order.iter()) };
        let rows: Vec<Row> = ctx.dataset.with(|d| {
            let p = &d.sources;
            let cat = d.catalog.as_deref();
            ids.iter()
                .map(|&i| {
                    let i = i as usize;
                    Row {
                        source: p.source[i] as usize,
                        name: d.names.get(p.source[i] as usize).to_string(),
                        unique: p.unique[i],
                        cells: t.columns.iter().map(|c| cell_text(c.cell(p, cat, i))).collect(),
                    }
                })
                .collect()
        });
        perf::mark("table", t0);
        Shared::new(Page { rows, total, page, pages })
    });
    let header = move |c: Option<TableColumn>| {
        let key = c.map_or(SortKey::Name, sort_key);
        let (label, title) = c.map_or(("Name".to_string(), "CSC 2.0 name".to_string()), |c| (c.label(), c.title()));
        view! {
            <th title=title class:sorted=move || sort.get() == key scope="col"
                aria-sort=move || if sort.get() == key { if tv.with(|t| t.descending) { "descending" } else { "ascending" } } else { "none" }>
                <button class="th-sort" on:click=move |_| ctx.change(Step::Major, |v| {
                    if v.table.sort == key { v.table.descending = !v.table.descending } else { v.table.sort = key; v.table.descending = false }
                    v.table.page = 0;
                })>
                    {label}{move || if sort.get() == key { if tv.with(|t| t.descending) { " ▼" } else { " ▲" } } else { "" }}
                </button>
            </th>
        }
    };
    let go_to = move |next: usize| {
        let pages = page.get_untracked().pages;
        let next = next.min(pages - 1) as u32;
        ctx.change(Step::Minor, |v| v.table.page = next);
    };
    let go = move |delta: i64| {
        let p = page.get_untracked().page as i64;
        go_to((p + delta).max(0) as usize);
    };
    let download = move |format: &'static str| {
        let mask = ctx.mask_sources.get_untracked();
        let result = ctx.dataset.with_untracked(|d| crate::views::download::sources(d, &mask, format));
        if let Err(e) = result {
            ctx.notices.error(format!("Export failed: {e}"));
        }
    };
    let toggle_column = move |c: TableColumn, on: bool| {
        ctx.change(Step::Major, |v| {
            v.table.columns.retain(|x| *x != c);
            if on {
                // Keep the chooser's order.
                let all = TableColumn::all();
                v.table.columns.push(c);
                v.table.columns.sort_by_key(|x| all.iter().position(|y| y == x));
            }
        })
    };
    view! {
        <div class="toolbar">
            <input type="search" placeholder="name…" data-testid="table-search" class="table-search" aria-label="Search source names"
                prop:value=move || ctx.view.with(|v| v.filter.name.clone())
                on:input=move |e| { let s = event_target_value(&e); ctx.change(Step::Minor, |v| v.filter.name = s) } />
            <span class="note" data-testid="table-count">{move || { let p = page.get(); format!("{} · page {} of {}", count(p.total, "source"), p.page + 1, thousands(p.pages)) }}</span>
            <button on:click=move |_| go(-1) disabled=move || page.get().page == 0>"‹ Prev"</button>
            <button on:click=move |_| go(1) disabled=move || { let p = page.get(); p.page + 1 >= p.pages }>"Next ›"</button>
            <label>"Page "
                <input type="number" min="1" class="page-jump" data-testid="page-jump" aria-label="Go to page"
                    prop:value=move || (page.get().page + 1).to_string()
                    on:change=move |e| { match event_target_value(&e).trim().parse::<usize>() {
                        Ok(n) if n >= 1 => { jump_error.set(None); go_to(n - 1) }
                        _ => jump_error.set(Some("a page number from 1".into())),
                    } } />
            </label>
            <label>"Rows "
                <select data-testid="page-size" aria-label="Rows per page"
                    prop:value=move || tv.with(|t| t.page_size.to_string())
                    on:change=move |e| { if let Ok(n) = event_target_value(&e).parse::<u32>() { ctx.change(Step::Major, |v| { v.table.page_size = n; v.table.page = 0; }) } }>
                    {PAGE_SIZES.map(|n| view! { <option value=n.to_string()>{n}</option> }).collect_view()}
                </select>
            </label>
            <button data-testid="column-chooser" aria-expanded=move || chooser.get().to_string() on:click=move |_| chooser.update(|c| *c = !*c)>"Columns…"</button>
            <span class="spacer"></span>
            <button on:click=move |_| download("csv") title="The filtered sources as CSV">"CSV"</button>
            <button on:click=move |_| download("votable") title="The filtered sources as a VOTable">"VOTable"</button>
            <button on:click=move |_| download("fits") title="The filtered sources as a FITS binary table" data-testid="dl-sources-fits">"FITS"</button>
        </div>
        {move || jump_error.get().map(|e| view! { <p class="field-error">{e}</p> })}
        <Show when=move || chooser.get()>
            <fieldset class="column-chooser" data-testid="columns">
                <legend>"Columns shown"</legend>
                {TableColumn::all().into_iter().map(|c| view! {
                    <label class="check small" title=c.title()>
                        <input type="checkbox" prop:checked=move || columns.with(|cs| cs.contains(&c))
                            on:change=move |e| toggle_column(c, event_target_checked(&e)) />
                        {c.label()}
                    </label>
                }).collect_view()}
                <button on:click=move |_| ctx.change(Step::Major, |v| v.table.columns = TableColumn::DEFAULT.to_vec())>"Default columns"</button>
            </fieldset>
        </Show>
        <p class="hint table-key" data-testid="table-key">"Class: master class by soft voting (mean probabilities). Hard: by hard voting (most frequent detection class); "<span class="differs">"orange"</span>" where it differs from the soft vote (an ambiguous source). Enter on a row selects it."</p>
        <div class="table-wrap">
            <table class="sources" data-testid="source-table">
                <thead><tr>
                    {header(None)}
                    {move || columns.get().into_iter().map(|c| header(Some(c))).collect_view()}
                </tr></thead>
                <tbody>
                    {move || {
                        let p = page.get();
                        let sel = ctx.selected.get();
                        let focus = focus.get();
                        let cols = columns.get();
                        let hard_at = cols.iter().position(|c| *c == TableColumn::Hard);
                        if p.rows.is_empty() {
                            return view! { <tr><td class="empty" colspan=(cols.len() + 1).to_string() data-testid="table-empty">"No source passes the filters."</td></tr> }.into_any();
                        }
                        p.rows.iter().map(|r| {
                            let src = r.source;
                            let unique = r.unique;
                            view! {
                                <tr class:selected=sel[src] class:focus=focus.as_deref() == Some(r.name.as_str()) tabindex="0"
                                    aria-selected=sel[src].to_string()
                                    on:click=move |_| ctx.select([src])
                                    on:keydown=move |e| if e.key() == "Enter" || e.key() == " " { e.prevent_default(); ctx.select([src]) }>
                                    <td class="name">{r.name.clone()}</td>
                                    {r.cells.iter().enumerate().map(|(k, text)| {
                                        let differs = hard_at == Some(k) && !unique;
                                        view! { <td class:num=!matches!(cols[k], TableColumn::Class | TableColumn::Hard | TableColumn::Group) class:differs=differs>{text.clone()}</td> }
                                    }).collect_view()}
                                </tr>
                            }
                        }).collect_view().into_any()
                    }}
                </tbody>
            </table>
        </div>
    }
}
