//! The export controls of a plot: PNG at 1×, 2× or 4× (with the dpi it gives at a journal
//! column), SVG, white or transparent background. Figures carry a title line and the legend.

use crate::draw::colour::Legend;
use crate::draw::figure::{compose, save_png, save_svg, Figure};
use leptos::prelude::*;

/// A single journal column, inches (A&A, ApJ, MNRAS: 3.3-3.5 in).
const COLUMN_INCHES: f64 = 3.5;

/// What a plot gives for export: its SVG body and size, title, subtitle, legend.
pub type Body = (String, (u32, u32), String, String, Option<Legend>);

#[component]
pub fn FigureExport(stem: &'static str, width: Signal<u32>, make: Callback<(), Option<Body>>) -> impl IntoView {
    let notices = expect_context::<crate::notices::Notices>();
    let scale = RwSignal::new(2u32);
    let transparent = RwSignal::new(false);
    let figure = move || {
        make.run(()).map(|(body, size, title, subtitle, legend)| compose(&body, size, &Figure { title, subtitle, legend, transparent: transparent.get_untracked() }))
    };
    let png = move |_| {
        if let Some((svg, size)) = figure() {
            if let Err(e) = save_png(format!("{stem}.png"), &svg, size, scale.get_untracked()) {
                notices.error(format!("PNG export failed: {e}"));
            }
        }
    };
    let svg = move |_| {
        if let Some((svg, _)) = figure() {
            if let Err(e) = save_svg(&format!("{stem}.svg"), &svg) {
                notices.error(format!("SVG export failed: {e}"));
            }
        }
    };
    view! {
        <span class="figure-export" data-testid=format!("{stem}-export")>
            <select aria-label="PNG size" data-testid=format!("{stem}-scale") on:change=move |e| scale.set(event_target_value(&e).parse().unwrap_or(2))
                prop:value=move || scale.get().to_string()>
                {[1u32, 2, 4].map(|k| view! {
                    <option value=k.to_string()>{move || {
                        let px = width.get() * k;
                        format!("{k}× · {px} px · {:.0} dpi at {COLUMN_INCHES} in", f64::from(px) / COLUMN_INCHES)
                    }}</option>
                }).collect_view()}
            </select>
            <label class="check" title="No background (for slides and dark pages)"><input type="checkbox" prop:checked=move || transparent.get()
                on:change=move |e| transparent.set(event_target_checked(&e)) />"transparent"</label>
            <button on:click=png title="The figure as PNG, with title line and legend">"PNG"</button>
            <button on:click=svg title="The figure as SVG (vector), with title line and legend">"SVG"</button>
        </span>
    }
}
