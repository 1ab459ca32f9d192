//! The legend under a plot: colour swatches that toggle classes, groups or clusters, or a bar.

use crate::ctx::{Ctx, Step};
use crate::draw::colour::{viridis, Legend, Toggle};
use leptos::prelude::*;
use xclass_core::Class;

fn hidden(ctx: Ctx, t: Toggle) -> bool {
    ctx.view.with(|v| match t {
        Toggle::Class(c) => v.filter.hidden_classes.contains(&c),
        Toggle::Group(g) => g.members().all(|c| v.filter.hidden_classes.contains(&c)),
        Toggle::Cluster(k) => v.filter.hidden_clusters.contains(&k),
        Toggle::Subset(k) => v.subsets.active == Some(k) && v.subsets.show == xclass_core::subset::Show::Hide,
    })
}

/// Switches a legend entry on or off in the shared filter.
pub fn toggle(ctx: Ctx, t: Toggle) {
    let was_hidden = hidden(ctx, t);
    ctx.change(Step::Major, |v| {
        let f = &mut v.filter;
        let set_classes = |f: &mut xclass_core::filter::Filter, cs: Vec<Class>, hide: bool| {
            f.hidden_classes.retain(|c| !cs.contains(c));
            if hide {
                f.hidden_classes.extend(cs);
                f.hidden_classes.sort();
            }
        };
        match t {
            Toggle::Class(c) => set_classes(f, vec![c], !was_hidden),
            Toggle::Group(g) => set_classes(f, g.members().collect(), !was_hidden),
            Toggle::Subset(k) if k < v.subsets.list.len() => {
                v.subsets.active = Some(k);
                v.subsets.show = if was_hidden { xclass_core::subset::Show::All } else { xclass_core::subset::Show::Hide };
            }
            Toggle::Subset(_) => {}
            Toggle::Cluster(k) => {
                f.hidden_clusters.retain(|x| *x != k);
                if !was_hidden {
                    f.hidden_clusters.push(k);
                    f.hidden_clusters.sort();
                }
            }
        }
    });
}

/// A number with three significant decimals at most, without trailing zeros.
fn nice(v: f64) -> String {
    let s = if v.abs() >= 100.0 { format!("{v:.0}") } else { format!("{v:.3}") };
    if s.contains('.') { s.trim_end_matches('0').trim_end_matches('.').to_string() } else { s }
}

#[component]
pub fn LegendView(legend: Signal<Option<Legend>>) -> impl IntoView {
    let ctx = expect_context::<Ctx>();
    move || match legend.get() {
        None => ().into_any(),
        Some(Legend::Categories(items)) => view! {
            <div class="legend" data-testid="legend">
                {items.into_iter().map(|(label, colour, t)| view! {
                    <button class="legend-item" class:off=move || hidden(ctx, t)
                        title="Click to hide or show" on:click=move |_| toggle(ctx, t)>
                        <span class="swatch" style=format!("background:{colour}")></span>{label}
                    </button>
                }).collect_view()}
            </div>
        }.into_any(),
        Some(Legend::Bar { label, min, max, log }) => {
            let stops: Vec<String> = (0..=8).map(|i| {
                let c = viridis(f64::from(i) / 8.0);
                format!("rgb({},{},{}) {}%", c[0], c[1], c[2], i * 100 / 8)
            }).collect();
            let fmt = move |v: f64| nice(if log { 10f64.powf(v) } else { v });
            view! {
                <div class="legend colourbar" data-testid="legend">
                    <span>{fmt(min)}</span>
                    <span class="bar" style=format!("background:linear-gradient(to right,{})", stops.join(","))></span>
                    <span>{fmt(max)}</span>
                    <span class="bar-label">{label}{if log { " (log scale)" } else { "" }}</span>
                </div>
            }.into_any()
        }
    }
}
