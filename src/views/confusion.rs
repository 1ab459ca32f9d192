//! Confusion matrices (row-normalised; counts on hover): the paper's benchmark (Fig. 4, 5),
//! soft vs hard master class and GMM cluster × predicted class over the current filter.
//! Clicking a cell selects its sources. Exported as a figure for papers (title line, the
//! filter in words, the count, a colour bar; PNG at 1×/2×/4× or SVG).

use xclass_core::format::thousands;
use crate::ctx::{Ctx, Step};
use crate::draw::matrix::{blues, draw_grid, Grid};
use crate::perf;
use leptos::prelude::*;
use plotters::prelude::*;
use xclass_core::points::{Level, Points};
use xclass_core::state::{ConfusionView, Matrix};
use xclass_core::stats::ConfusionMatrix;
use xclass_core::validation::Validation;
use xclass_core::{Class, Group};

/// The exported figure's plot size, px at 1× (the title line and margins come on top).
const FIGURE_SIZE: (u32, u32) = (720, 560);

/// Label index of a class at the chosen granularity.
fn idx(c: Class, aggregated: bool) -> usize {
    if aggregated { c.group().index() } else { c.index() }
}

fn class_labels(aggregated: bool) -> Vec<String> {
    if aggregated {
        Group::ALL.iter().map(|g| g.name().to_string()).collect()
    } else {
        Class::ALL.iter().map(|c| c.name().to_string()).collect()
    }
}

fn normalise(counts: &[Vec<u64>]) -> Vec<Vec<f64>> {
    counts
        .iter()
        .map(|r| {
            let n: u64 = r.iter().sum();
            r.iter().map(|&c| if n == 0 { 0.0 } else { c as f64 / n as f64 }).collect()
        })
        .collect()
}

/// Which rows a cell (i, j) holds, for selection.
fn cell_rows(m: Matrix, aggregated: bool, p: &Points, mask: &[bool], i: usize, j: usize) -> Vec<usize> {
    (0..p.len())
        .filter(|&r| mask[r])
        .filter(|&r| match m {
            Matrix::SoftHard => idx(p.class[r], aggregated) == i && idx(p.hard[r], aggregated) == j,
            Matrix::ClusterClass => p.cluster[r] as usize == i && idx(p.own_class[r], aggregated) == j,
            _ => false,
        })
        .map(|r| p.source[r] as usize)
        .collect()
}

/// The matrix shown for a view, with a line of scores and the figure's subtitle.
fn grid(ctx: Ctx, v: ConfusionView) -> (Grid, String, String) {
    let labels = class_labels(v.aggregated);
    match v.matrix {
        Matrix::Upload => match ctx.upload.with(|u| u.as_ref().and_then(|u| Validation::of(u).map(|val| (u.file.clone(), val)))) {
            // The view draws its own tables; this grid is the user's matrix, for export.
            Some((file, val)) => {
                let cm = if v.aggregated { val.groups } else { val.classes };
                let sub = format!("{file}: {} compared · accuracy {:.2}, balanced accuracy {:.2}", xclass_core::format::count(cm.total() as usize, "labelled detection"), cm.accuracy(), cm.balanced_accuracy());
                let g = Grid { title: "Your labels: label vs predicted".into(), row_title: "label".into(), col_title: "predicted".into(), rows: cm.labels.clone(), cols: cm.labels.clone(), values: cm.row_normalised(), counts: Some(cm.counts) };
                (g, String::new(), sub)
            }
            None => paper_grid(ctx, v.aggregated),
        },
        Matrix::Paper => paper_grid(ctx, v.aggregated),
        Matrix::SoftHard => {
            let mask = ctx.mask_sources.get();
            ctx.dataset.with(|d| {
                let p = &d.sources;
                let cm = ConfusionMatrix::from_pairs(labels.clone(), (0..p.len()).filter(|&i| mask[i]).map(|i| (idx(p.class[i], v.aggregated), idx(p.hard[i], v.aggregated))));
                let n = xclass_core::format::count(cm.total() as usize, "filtered source");
                let note = if cm.total() == 0 {
                    "No source passes the filters: the matrix is empty.".to_string()
                } else {
                    format!("Soft and hard votes agree for {:.1}% of {n} (the uniquely classified ones).", 100.0 * cm.accuracy())
                };
                let sub = format!("{} · {n}", ctx.filter.with(|f| f.describe()));
                (Grid { title: "Soft vs hard master class".into(), row_title: "soft vote".into(), col_title: "hard vote".into(), rows: labels.clone(), cols: labels, values: cm.row_normalised(), counts: Some(cm.counts) }, note, sub)
            })
        }
        Matrix::ClusterClass => {
            let mask = ctx.mask_detections.get();
            let k = ctx.model.with(|m| m.model.gmm.n_components());
            ctx.dataset.with(|d| {
                let p = d.points(Level::Detection);
                let mut counts = vec![vec![0u64; labels.len()]; k];
                for i in (0..p.len()).filter(|&i| mask[i]) {
                    counts[p.cluster[i] as usize % k][idx(p.own_class[i], v.aggregated)] += 1;
                }
                let n: u64 = counts.iter().flatten().sum();
                let note = if n == 0 {
                    "No detection passes the filters: the matrix is empty.".to_string()
                } else {
                    format!("{}; each row shows how a cluster's detections are classified.", xclass_core::format::count(n as usize, "filtered detection"))
                };
                let sub = format!("{} · {}", ctx.filter.with(|f| f.describe()), xclass_core::format::count(n as usize, "filtered detection"));
                (Grid { title: "GMM cluster × predicted class".into(), row_title: "cluster".into(), col_title: "predicted class".into(), rows: (0..k).map(|c| format!("cluster {c}")).collect(), cols: labels, values: normalise(&counts), counts: Some(counts) }, note, sub)
            })
        }
    }
}

/// The paper's benchmark matrix (Fig. 4, or Fig. 5 aggregated), as printed.
fn paper_grid(ctx: Ctx, aggregated: bool) -> (Grid, String, String) {
    let fig = if aggregated { 5 } else { 4 };
    match ctx.paper.get_value() {
        Some(p) => {
            let (rows, values) = if aggregated {
                (p.grouped_classes.clone(), p.grouped_rows_true_cols_predicted.clone())
            } else {
                (p.classes.clone(), p.rows_true_cols_predicted.clone())
            };
            let s = &p.reported_scores;
            let score = |k: &str| s.get(k).map_or("?".into(), |v| format!("{v:.2}"));
            let note = format!(
                "Paper benchmark, 20% test split of SIMBAD-labelled detections (values as printed in Fig. {fig}). Aggregated accuracy {}, balanced {}; LinearSVC baseline {}, {}.",
                score("grouped_accuracy"), score("grouped_balanced_accuracy"),
                score("linear_svc_grouped_accuracy"), score("linear_svc_grouped_balanced_accuracy")
            );
            let sub = "Pérez-Díaz et al. (2024): 20% test split of SIMBAD-labelled detections, as printed".to_string();
            let title = format!("Paper Fig. {fig}: true vs predicted");
            (Grid { title, row_title: "true".into(), col_title: "predicted".into(), cols: rows.clone(), rows, values, counts: None }, note, sub)
        }
        None => (Grid { title: "paper matrices unavailable".into(), row_title: String::new(), col_title: String::new(), rows: vec![], cols: vec![], values: vec![], counts: None }, "assets/paper_confusion.json could not be loaded.".into(), String::new()),
    }
}

#[component]
pub fn Confusion() -> impl IntoView {
    let ctx = expect_context::<Ctx>();
    let cv = Memo::new(move |_| ctx.view.with(|v| v.confusion));
    let shown = Memo::new(move |_| {
        let t0 = perf::now();
        let g = grid(ctx, cv.get());
        perf::mark("confusion", t0);
        crate::shared::Shared::new(g)
    });
    let pick = move |i: usize, j: usize| {
        let v = cv.get_untracked();
        if matches!(v.matrix, Matrix::Paper | Matrix::Upload) {
            ctx.notices.info("The paper's benchmark test set is not public, so its cells have no sources to select.");
            return;
        }
        let level = if v.matrix == Matrix::SoftHard { Level::Source } else { Level::Detection };
        let mask = ctx.mask(level).get_untracked();
        let sources = ctx.dataset.with_untracked(|d| cell_rows(v.matrix, v.aggregated, d.points(level), &mask, i, j));
        if sources.is_empty() {
            ctx.notices.info("That cell is empty.");
        } else {
            ctx.select(sources);
        }
    };
    // The figure for export: the matrix as SVG (title line, filter and count, colour bar).
    let figure = Callback::new(move |()| {
        let g = shown.get_untracked();
        let (grid, _, sub) = &*g.0;
        if grid.rows.is_empty() {
            ctx.notices.warn("No matrix to export.");
            return None;
        }
        let mut out = String::new();
        {
            let root = SVGBackend::with_string(&mut out, FIGURE_SIZE).into_drawing_area();
            draw_grid(&root, &Grid { title: String::new(), ..grid.clone() });
            root.present().ok();
        }
        let title = format!("{}, shares of each row", grid.title);
        Some((out, FIGURE_SIZE, title, sub.clone(), None))
    });
    let tab = move |m: Matrix, label: &'static str| view! {
        <button class:active=move || cv.get().matrix == m on:click=move |_| ctx.change(Step::Major, |v| v.confusion.matrix = m)>{label}</button>
    };
    view! {
        <div class="toolbar" data-testid="confusion-toolbar">
            {tab(Matrix::Paper, "Paper (Fig. 4/5)")}
            {tab(Matrix::SoftHard, "Soft vs hard")}
            {tab(Matrix::ClusterClass, "Cluster × class")}
            {tab(Matrix::Upload, "Your labels")}
            <label class="check"><input type="checkbox" data-testid="confusion-aggregated" prop:checked=move || cv.get().aggregated
                on:change=move |e| { let on = event_target_checked(&e); ctx.change(Step::Major, |v| v.confusion.aggregated = on) } />"aggregated"</label>
            <span class="spacer"></span>
            <super::figure_export::FigureExport stem="xclass-confusion" width=Signal::derive(|| FIGURE_SIZE.0) make=figure />
        </div>
        {move || (cv.get().matrix == Matrix::Upload).then(|| view! {
            <super::validation::ValidationView aggregated=Signal::derive(move || cv.get().aggregated) />
        })}
        {move || (cv.get().matrix != Matrix::Upload).then(|| {
            let g = shown.get();
            let (g, note) = (&g.0 .0, g.0 .1.clone());
            let note = (!note.is_empty()).then_some(note);
            let header: Vec<_> = g.cols.iter().map(|c| view! { <th class="col">{c.clone()}</th> }).collect();
            let square = g.rows == g.cols;
            let body: Vec<_> = g.values.iter().enumerate().map(|(i, row)| {
                let n: u64 = g.counts.as_ref().map_or(0, |c| c[i].iter().sum());
                let cells: Vec<_> = row.iter().enumerate().map(|(j, &v)| {
                    let (r, gr, b) = blues(v);
                    let title = match &g.counts {
                        Some(c) => format!("{} → {}: {} of {} ({:.1}%)", g.rows[i], g.cols[j], thousands(c[i][j] as usize), thousands(n as usize), v * 100.0),
                        None => format!("{} → {}: {:.2} of the row", g.rows[i], g.cols[j], v),
                    };
                    view! {
                        <td class="cell" class:diag=square && i == j title=title.clone() aria-label=title tabindex="0"
                            style=format!("background:rgb({r},{gr},{b});color:{}", if v > 0.55 { "#fff" } else { "#222" })
                            on:click=move |_| pick(i, j)
                            on:keydown=move |e| if e.key() == "Enter" || e.key() == " " { e.prevent_default(); pick(i, j) }>{format!("{v:.2}")}</td>
                    }
                }).collect();
                view! { <tr><th class="row">{g.rows[i].clone()}</th>{cells}</tr> }
            }).collect();
            view! {
                <div class="matrix-wrap" data-testid="confusion-matrix">
                    <p class="matrix-title">{g.title.clone()}<span class="hint">{format!(" — rows: {}, columns: {}", g.row_title, g.col_title)}</span></p>
                    <table class="matrix"><thead><tr><td></td>{header}</tr></thead><tbody>{body}</tbody></table>
                    {note.map(|n| view! { <p class="hint" data-testid="confusion-note">{n}</p> })}
                </div>
            }
        })}
    }
}
