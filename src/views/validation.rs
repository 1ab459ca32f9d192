//! Validation on a labelled upload: the user's confusion matrices beside the paper's,
//! accuracy, balanced accuracy, per-class precision/recall/F1, and what was not compared.

use xclass_core::format::thousands;
use crate::ctx::Ctx;
use crate::draw::matrix::blues;
use leptos::prelude::*;
use xclass_core::stats::ConfusionMatrix;
use xclass_core::validation::Validation;

/// A row-normalised matrix as an HTML table (counts on hover).
fn matrix_table(labels: &[String], values: &[Vec<f64>], counts: Option<&[Vec<u64>]>, testid: &'static str) -> impl IntoView + use<> {
    let header: Vec<_> = labels.iter().map(|c| view! { <th class="col">{c.clone()}</th> }).collect();
    let body: Vec<_> = values
        .iter()
        .enumerate()
        .map(|(i, row)| {
            let n: u64 = counts.map_or(0, |c| c[i].iter().sum());
            let cells: Vec<_> = row
                .iter()
                .enumerate()
                .map(|(j, &v)| {
                    let (r, g, b) = blues(v);
                    let title = counts.map_or(format!("{v:.2}"), |c| format!("{} → {}: {} of {}", labels[i], labels[j], c[i][j], n));
                    view! { <td class="cell" class:diag=i == j title=title style=format!("background:rgb({r},{g},{b});color:{}", if v > 0.55 { "#fff" } else { "#222" })>{format!("{v:.2}")}</td> }
                })
                .collect();
            view! { <tr><th class="row">{labels.get(i).cloned().unwrap_or_default()}{counts.map(|_| format!(" ({n})"))}</th>{cells}</tr> }
        })
        .collect();
    view! { <table class="matrix" data-testid=testid><thead><tr><th></th>{header}</tr></thead><tbody>{body}</tbody></table> }
}

fn scores(cm: &ConfusionMatrix) -> impl IntoView + use<> {
    let rows: Vec<_> = cm
        .per_class()
        .into_iter()
        .map(|s| view! {
            <tr><td>{s.label}</td><td class="num">{s.support}</td><td class="num">{format!("{:.2}", s.precision)}</td>
            <td class="num">{format!("{:.2}", s.recall)}</td><td class="num">{format!("{:.2}", s.f1)}</td></tr>
        })
        .collect();
    view! {
        <table class="dets scores" data-testid="validation-scores">
            <thead><tr><th>"class"</th><th>"support"</th><th>"precision"</th><th>"recall"</th><th>"F1"</th></tr></thead>
            <tbody>{rows}</tbody>
        </table>
    }
}

#[component]
pub fn ValidationView(aggregated: Signal<bool>) -> impl IntoView {
    let ctx = expect_context::<Ctx>();
    move || {
        let Some(up) = ctx.upload.get() else {
            return view! { <p class="hint" data-testid="validation-empty">"Upload detections with a label column (otype, main_type or class: SIMBAD types in any spelling) in the “New sources” tab to compare the model with your labels."</p> }.into_any();
        };
        let Some(v) = Validation::of(&up) else {
            return view! { <p class="hint" data-testid="validation-empty">{format!("{} has no label column (otype, main_type, class, label or master_class).", up.file)}</p> }.into_any();
        };
        let agg = aggregated.get();
        let cm = if agg { v.groups.clone() } else { v.classes.clone() };
        let paper = ctx.paper.get_value();
        let (paper_labels, paper_values) = match (&paper, agg) {
            (Some(p), true) => (p.grouped_classes.clone(), p.grouped_rows_true_cols_predicted.clone()),
            (Some(p), false) => (p.classes.clone(), p.rows_true_cols_predicted.clone()),
            (None, _) => (vec![], vec![]),
        };
        let unmapped = v.unmapped.iter().take(8).map(|(k, n)| format!("{k} ×{n}")).collect::<Vec<_>>().join(", ");
        view! {
            <div class="validation" data-testid="validation">
                <p data-testid="validation-summary">
                    {format!("{}: {} labelled detections compared (label column {}); accuracy {:.2}, balanced accuracy {:.2}.",
                        up.file, thousands(v.labelled() as usize), up.label_column.clone().unwrap_or_default(), cm.accuracy(), cm.balanced_accuracy())}
                </p>
                <p class="hint">{format!("{} unlabelled (empty or a type the paper leaves unlabelled), {} with an unmapped type{}; {} compared rows needed median fill.",
                    thousands(v.unlabelled), thousands(v.unmapped.values().sum::<usize>()), if unmapped.is_empty() { String::new() } else { format!(" ({unmapped})") }, thousands(v.filled))}</p>
                <div class="side-by-side">
                    <div><p class="matrix-title">"Your data"<span class="hint">" — rows: label, columns: predicted"</span></p>
                        {matrix_table(&cm.labels, &cm.row_normalised(), Some(&cm.counts), "validation-matrix")}</div>
                    <div><p class="matrix-title">{format!("Paper, Fig. {}", if agg { 5 } else { 4 })}</p>
                        {matrix_table(&paper_labels, &paper_values, None, "validation-paper")}</div>
                </div>
                {scores(&cm)}
            </div>
        }.into_any()
    }
}
