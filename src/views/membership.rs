//! Cluster membership: per GMM cluster, the spread of its members' responsibility (box from
//! the quartiles, whiskers to the extremes, mean ± sd), drawn here from the core's spreads;
//! and the cluster × class table as an HTML table (counts and row shares, cells filter).

use crate::ctx::{Ctx, Step};
use crate::draw::axes::{scatter_axes, AxesSpec, PlotRect};
use crate::draw::colour::{cluster_colour, hex};
use plotters::coord::Shift;
use plotters::prelude::*;
use crate::shared::Shared;
use leptos::prelude::*;
use xclass_core::class::{Class, N_CLASSES};
use xclass_core::density::Spread;
use xclass_core::membership::ClusterClassTable;

/// Draws one box per cluster; returns the plot rectangle (x = cluster index).
pub fn draw<DB: DrawingBackend>(root: &DrawingArea<DB, Shift>, spreads: &[Option<Spread>], scale: f64) -> Option<PlotRect> {
    let k = spreads.len();
    let lo = spreads.iter().flatten().map(|s| s.min).fold(1.0, f64::min).min(0.9);
    let spec = AxesSpec {
        caption: None,
        x_label: "GMM cluster",
        y_label: "responsibility of own cluster",
        x: (-0.5, k as f64 - 0.5),
        y: ((lo - 0.02).max(0.0), 1.01),
        log_x: false,
        log_y: false,
    };
    let r = scatter_axes(root, &spec, scale)?;
    let px = |x: f64, y: f64| {
        let (a, b) = r.px_of(x, y);
        (a.round() as i32, b.round() as i32)
    };
    let w = 0.3;
    for (c, s) in spreads.iter().enumerate() {
        let Some(s) = s else { continue };
        let x = c as f64;
        let col = hex(cluster_colour(c));
        let colour = RGBColor(col[0], col[1], col[2]);
        let line = ShapeStyle::from(&colour).stroke_width((1.5 * scale).round().max(1.0) as u32);
        root.draw(&Rectangle::new([px(x - w, s.q3), px(x + w, s.q1)], colour.mix(0.35).filled()))
            .ok();
        root.draw(&Rectangle::new([px(x - w, s.q3), px(x + w, s.q1)], line)).ok();
        root.draw(&PathElement::new(vec![px(x - w, s.median), px(x + w, s.median)], line)).ok();
        root.draw(&PathElement::new(vec![px(x, s.q3), px(x, s.max)], line)).ok();
        root.draw(&PathElement::new(vec![px(x, s.q1), px(x, s.min)], line)).ok();
        // Mean ± sd beside the box.
        let black = ShapeStyle::from(&BLACK).stroke_width((1.5 * scale).round().max(1.0) as u32);
        let xm = x + w + 0.08;
        root.draw(&PathElement::new(
            vec![px(xm, (s.mean - s.sd).max(0.0)), px(xm, (s.mean + s.sd).min(1.0))],
            black,
        ))
        .ok();
        root.draw(&Circle::new(px(xm, s.mean), (3.0 * scale) as i32, BLACK.filled())).ok();
        let font = ("sans-serif", 10.0 * scale).into_font();
        root.draw(&Text::new(format!("n={}", s.n), px(x - w, 1.005), font)).ok();
    }
    Some(r)
}

/// The spreads as CSV.
pub fn csv(spreads: &[Option<Spread>]) -> String {
    let mut out = String::from("cluster,n,mean,sd,min,q1,median,q3,max\n");
    for (c, s) in spreads.iter().enumerate() {
        if let Some(s) = s {
            out += &format!("{c},{},{},{},{},{},{},{},{}\n", s.n, s.mean, s.sd, s.min, s.q1, s.median, s.q3, s.max);
        }
    }
    out
}

/// The cluster × class table: counts and row shares; a cell filters to its cluster and class.
#[component]
pub fn ClusterClassTableView(table: Memo<Shared<ClusterClassTable>>) -> impl IntoView {
    let ctx = expect_context::<Ctx>();
    let click = move |k: usize, c: Class| {
        let n = ctx.model.with(|m| m.model.gmm.n_components()) as u8;
        ctx.change(Step::Major, |v| {
            v.filter.hidden_clusters = (0..n).filter(|&x| usize::from(x) != k).collect();
            v.filter.hidden_classes = Class::ALL.into_iter().filter(|&x| x != c).collect();
        });
    };
    view! {
        <table class="matrix-table" data-testid="cluster-class-table">
            <thead><tr><th>"cluster"</th>{Class::ALL.iter().map(|c| view! { <th>{c.name()}</th> }).collect_view()}<th>"rows"</th></tr></thead>
            <tbody>{move || {
                let t = table.get();
                (0..t.counts.len()).map(|k| {
                    let shares = t.row_shares(k);
                    view! { <tr><th>{k}</th>{(0..N_CLASSES).map(|c| {
                        let (n, share) = (t.counts[k][c], shares[c]);
                        view! { <td class="num" title=format!("cluster {k}, {}: {n} detections ({:.1}% of the cluster); click to filter", Class::ALL[c].name(), 100.0 * share)
                            on:click=move |_| click(k, Class::ALL[c])>{n}<br/><small>{format!("{:.0}%", 100.0 * share)}</small></td> }
                    }).collect_view()}<td class="num">{t.row_total(k)}</td></tr> }
                }).collect_view()
            }}</tbody>
        </table>
    }
}
