//! Confusion matrices (row-normalised; counts on hover): the paper's benchmark (Fig. 4, 5),
//! soft vs hard master class and GMM cluster × predicted class over the current filter.
//! Clicking a cell selects its sources.

use xclass_core::format::thousands;
use crate::ctx::{Ctx, Step};
use crate::draw::canvas::context;
use crate::draw::export;
use crate::draw::matrix::{blues, draw_grid, Grid};
use crate::perf;
use leptos::prelude::*;
use plotters::prelude::*;
use plotters_canvas::CanvasBackend;
use wasm_bindgen::JsCast;
use xclass_core::points::{Level, Points};
use xclass_core::state::{ConfusionView, Matrix};
use xclass_core::stats::ConfusionMatrix;
use xclass_core::{Class, Group};

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

/// The matrix shown for a view, with a line of scores.
fn grid(ctx: Ctx, v: ConfusionView) -> (Grid, String) {
    let labels = class_labels(v.aggregated);
    match v.matrix {
        Matrix::Paper | Matrix::Upload => {
            // The upload view draws its own matrices; this grid is the paper's (for export).
            let paper = ctx.paper.get_value();
            match paper {
                Some(p) => {
                    let (rows, values) = if v.aggregated {
                        (p.grouped_classes.clone(), p.grouped_rows_true_cols_predicted.clone())
                    } else {
                        (p.classes.clone(), p.rows_true_cols_predicted.clone())
                    };
                    let s = &p.reported_scores;
                    let score = |k: &str| s.get(k).map_or("?".into(), |v| format!("{v:.2}"));
                    let note = format!(
                        "Paper benchmark, 20% test split of SIMBAD-labelled detections (values as printed in Fig. {}). Aggregated accuracy {}, balanced {}; LinearSVC baseline {}, {}.",
                        if v.aggregated { 5 } else { 4 },
                        score("grouped_accuracy"), score("grouped_balanced_accuracy"),
                        score("linear_svc_grouped_accuracy"), score("linear_svc_grouped_balanced_accuracy")
                    );
                    let title = format!("Paper Fig. {}: true vs predicted", if v.aggregated { 5 } else { 4 });
                    (Grid { title, row_title: "true".into(), col_title: "predicted".into(), cols: rows.clone(), rows, values, counts: None }, note)
                }
                None => (Grid { title: "paper matrices unavailable".into(), row_title: String::new(), col_title: String::new(), rows: vec![], cols: vec![], values: vec![], counts: None }, "assets/paper_confusion.json could not be loaded.".into()),
            }
        }
        Matrix::SoftHard => {
            let mask = ctx.mask_sources.get();
            ctx.dataset.with(|d| {
                let p = &d.sources;
                let cm = ConfusionMatrix::from_pairs(labels.clone(), (0..p.len()).filter(|&i| mask[i]).map(|i| (idx(p.class[i], v.aggregated), idx(p.hard[i], v.aggregated))));
                let note = if cm.total() == 0 {
                    "No source passes the filters: the matrix is empty.".to_string()
                } else {
                    format!("Soft and hard votes agree for {:.1}% of {} (the uniquely classified ones).", 100.0 * cm.accuracy(), xclass_core::format::count(cm.total() as usize, "filtered source"))
                };
                (Grid { title: "Soft vs hard master class".into(), row_title: "soft vote".into(), col_title: "hard vote".into(), rows: labels.clone(), cols: labels, values: cm.row_normalised(), counts: Some(cm.counts) }, note)
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
                (Grid { title: "GMM cluster × predicted class".into(), row_title: "cluster".into(), col_title: "predicted class".into(), rows: (0..k).map(|c| format!("cluster {c}")).collect(), cols: labels, values: normalise(&counts), counts: Some(counts) }, note)
            })
        }
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
    let export_as = move |svg: bool| {
        let g = shown.get_untracked();
        let size = (720u32, 560u32);
        let result = if svg {
            let mut out = String::new();
            {
                let root = SVGBackend::with_string(&mut out, size).into_drawing_area();
                root.fill(&WHITE).ok();
                draw_grid(&root, &g.0 .0);
                root.present().ok();
            }
            export::download("xclass-confusion.svg", "image/svg+xml", out.as_bytes())
        } else {
            let doc = web_sys::window().and_then(|w| w.document()).expect("document");
            let canvas: web_sys::HtmlCanvasElement = doc.create_element("canvas").expect("canvas").unchecked_into();
            canvas.set_width(size.0);
            canvas.set_height(size.1);
            let c2 = context(&canvas);
            c2.set_fill_style_str("#fff");
            c2.fill_rect(0.0, 0.0, f64::from(size.0), f64::from(size.1));
            if let Some(b) = CanvasBackend::with_canvas_object(canvas.clone()) {
                let root = b.into_drawing_area();
                draw_grid(&root, &g.0 .0);
                root.present().ok();
            }
            export::png("xclass-confusion.png", &[canvas])
        };
        if let Err(e) = result {
            ctx.notices.error(format!("Export failed: {e}"));
        }
    };
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
            <button on:click=move |_| export_as(false)>"PNG"</button>
            <button on:click=move |_| export_as(true)>"SVG"</button>
        </div>
        {move || (cv.get().matrix == Matrix::Upload).then(|| view! {
            <super::validation::ValidationView aggregated=Signal::derive(move || cv.get().aggregated) />
        })}
        {move || (cv.get().matrix != Matrix::Upload).then(|| {
            let g = shown.get();
            let (g, note) = (&g.0 .0, g.0 .1.clone());
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
                    <p class="hint" data-testid="confusion-note">{note}</p>
                </div>
            }
        })}
    }
}
