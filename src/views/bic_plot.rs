//! The BIC against K (the paper's Fig. 1): the mean over restarts with a ±1 sd band, its
//! gradient below, the suggested K marked (▲) and the chosen one ringed; click a K (or its
//! row's button) to choose it: the sweep's best fit at once, or a labelled refit, as the
//! button says.

use crate::draw::canvas::{context, fit, mouse_px};
use crate::draw::export;
use crate::shared::Shared;
use leptos::prelude::*;
use plotters::coord::Shift;
use plotters::prelude::*;
use plotters_canvas::CanvasBackend;
use xclass_core::fit::{Sweep, SUGGESTION_RULE};

const BLUE: RGBColor = RGBColor(0, 114, 178);
const ORANGE: RGBColor = RGBColor(213, 94, 0);

fn span(v: impl Iterator<Item = f64>) -> (f64, f64) {
    let (lo, hi) = v
        .filter(|x| x.is_finite())
        .fold((f64::INFINITY, f64::NEG_INFINITY), |(l, h), x| {
            (l.min(x), h.max(x))
        });
    if lo < hi {
        (lo - 0.06 * (hi - lo), hi + 0.06 * (hi - lo))
    } else {
        (lo - 1.0, lo + 1.0)
    }
}

/// Draws the two panels; returns the x pixel range of the K axis (for clicks).
fn draw<DB: DrawingBackend>(
    root: &DrawingArea<DB, Shift>,
    s: &Sweep,
    chosen: Option<usize>,
) -> Option<(i32, i32)> {
    let ks: Vec<f64> = s.points.iter().map(|p| p.k as f64).collect();
    let (k0, k1) = (*ks.first()? - 0.5, *ks.last()? + 0.5);
    let (top, bottom) = root.split_vertically((root.dim_in_pixel().1 as f64 * 0.62) as u32);
    let y = span(s.points.iter().flat_map(|p| [p.mean - p.sd, p.mean + p.sd]));
    let mut c = ChartBuilder::on(&top)
        .margin(8)
        .x_label_area_size(18)
        .y_label_area_size(64)
        .caption(
            "BIC vs number of clusters K (mean ± 1 sd over restarts)",
            ("sans-serif", 13),
        )
        .build_cartesian_2d(k0..k1, y.0..y.1)
        .ok()?;
    c.configure_mesh()
        .x_labels(ks.len().min(20))
        .x_label_formatter(&|k| format!("{k:.0}"))
        .y_labels(6)
        .y_label_formatter(&|v| format!("{v:.0}"))
        .y_desc("BIC")
        .label_style(("sans-serif", 11))
        .draw()
        .ok()?;
    let band: Vec<(f64, f64)> = s
        .points
        .iter()
        .map(|p| (p.k as f64, p.mean + p.sd))
        .chain(s.points.iter().rev().map(|p| (p.k as f64, p.mean - p.sd)))
        .collect();
    c.draw_series(std::iter::once(Polygon::new(band, BLUE.mix(0.2))))
        .ok()?
        .label("± 1 sd")
        .legend(|(x, y)| Rectangle::new([(x, y - 4), (x + 14, y + 4)], BLUE.mix(0.2).filled()));
    c.draw_series(LineSeries::new(
        s.points.iter().map(|p| (p.k as f64, p.mean)),
        BLUE.stroke_width(2),
    ))
    .ok()?
    .label("mean BIC")
    .legend(|(x, y)| PathElement::new([(x, y), (x + 14, y)], BLUE.stroke_width(2)));
    c.draw_series(
        s.points
            .iter()
            .map(|p| Circle::new((p.k as f64, p.mean), 3, BLUE.filled())),
    )
    .ok()?;
    if let Some(p) = s.points.iter().find(|p| p.k == s.suggested_k) {
        c.draw_series(std::iter::once(TriangleMarker::new(
            (p.k as f64, p.mean),
            7,
            ORANGE.filled(),
        )))
        .ok()?
        .label(format!("suggested K = {}", s.suggested_k))
        .legend(|(x, y)| TriangleMarker::new((x + 7, y), 5, ORANGE.filled()));
    }
    if let Some(p) = chosen.and_then(|k| s.points.iter().find(|p| p.k == k)) {
        c.draw_series(std::iter::once(Circle::new(
            (p.k as f64, p.mean),
            9,
            BLACK.stroke_width(2),
        )))
        .ok()?
        .label(format!("chosen K = {}", p.k))
        .legend(|(x, y)| Circle::new((x + 7, y), 5, BLACK.stroke_width(2)));
    }
    c.configure_series_labels()
        .background_style(WHITE.mix(0.85))
        .border_style(BLACK.mix(0.3))
        .label_font(("sans-serif", 11))
        .position(SeriesLabelPosition::UpperRight)
        .draw()
        .ok()?;
    let range = c.plotting_area().get_pixel_range().0;
    let g = span(s.gradient.iter().copied().chain([0.0]));
    let mut d = ChartBuilder::on(&bottom)
        .margin(8)
        .x_label_area_size(30)
        .y_label_area_size(64)
        .build_cartesian_2d(k0..k1, g.0..g.1)
        .ok()?;
    d.configure_mesh()
        .x_labels(ks.len().min(20))
        .x_label_formatter(&|k| format!("{k:.0}"))
        .y_labels(4)
        .y_label_formatter(&|v| format!("{v:.0}"))
        .x_desc("K")
        .y_desc("dBIC/dK")
        .label_style(("sans-serif", 11))
        .draw()
        .ok()?;
    d.draw_series(LineSeries::new([(k0, 0.0), (k1, 0.0)], BLACK.mix(0.4)))
        .ok()?;
    d.draw_series(LineSeries::new(
        ks.iter().zip(&s.gradient).map(|(&k, &v)| (k, v)),
        ORANGE.stroke_width(2),
    ))
    .ok()?;
    d.draw_series(
        ks.iter()
            .zip(&s.gradient)
            .map(|(&k, &v)| Circle::new((k, v), 3, ORANGE.filled())),
    )
    .ok()?;
    root.present().ok()?;
    Some((range.start, range.end))
}

/// The plot; `on_pick(k)` when the user clicks near a K.
#[component]
pub fn BicPlot(
    sweep: Shared<Sweep>,
    chosen: Signal<Option<usize>>,
    /// The table has labels: another K means refitting the class models.
    labelled: Signal<bool>,
    on_pick: impl Fn(usize) + Copy + 'static,
) -> impl IntoView {
    let action = move || {
        if labelled.get() {
            "refit with labels"
        } else {
            "use this K"
        }
    };
    let why = move || {
        if labelled.get() {
            "Click a K to refit the class models and the validation at that K (labelled: they are built on that K's clusters, in the worker)"
        } else {
            "Click a K to use the sweep's best mixture at that K (no refit)"
        }
    };
    let canvas = NodeRef::<leptos::html::Canvas>::new();
    let axis = StoredValue::new(None::<(i32, i32)>);
    let s2 = sweep.clone();
    Effect::new(move |_| {
        let k = chosen.get();
        let Some(c) = canvas.get() else { return };
        fit(&c);
        let ctx2 = context(&c);
        ctx2.set_fill_style_str("#fff");
        ctx2.fill_rect(0.0, 0.0, f64::from(c.width()), f64::from(c.height()));
        if let Some(b) = CanvasBackend::with_canvas_object(c.clone()) {
            axis.set_value(draw(&b.into_drawing_area(), &s2, k));
        }
    });
    let ks: Vec<usize> = sweep.points.iter().map(|p| p.k).collect();
    let click = move |ev: web_sys::MouseEvent| {
        let (Some(c), Some((x0, x1))) = (canvas.get(), axis.get_value()) else {
            return;
        };
        let (x, _) = mouse_px(&c, &ev);
        let (k0, k1) = (ks[0] as f64 - 0.5, ks[ks.len() - 1] as f64 + 0.5);
        let k = (k0 + (x - f64::from(x0)) / f64::from((x1 - x0).max(1)) * (k1 - k0)).round();
        if let Some(&k) = ks.iter().find(|&&v| v as f64 == k) {
            on_pick(k);
        }
    };
    let s3 = sweep.clone();
    let export_svg = move |_| {
        let mut out = String::new();
        {
            let root = SVGBackend::with_string(&mut out, (640, 440)).into_drawing_area();
            root.fill(&WHITE).ok();
            draw(&root, &s3, chosen.get_untracked());
        }
        export::download("xclass-bic.svg", "image/svg+xml", out.as_bytes()).ok();
    };
    view! {
        <div class="bic-plot">
            <canvas node_ref=canvas data-testid="bic-plot" on:click=click title=why></canvas>
            <p class="hint" data-testid="bic-hint">{format!("Suggested K: {}, by {SUGGESTION_RULE}. The paper chose K = 6 where the gradient levels off. ", sweep.suggested_k)}{move || format!("{}.", why())}
                " " <button class="link" on:click=export_svg>"SVG"</button></p>
            <table class="dets bic-table" data-testid="bic-table">
                <thead><tr><th>"K"</th><th>"mean BIC"</th><th>"sd"</th><th>"gradient"</th><th><span class="visually-hidden">"choose"</span></th></tr></thead>
                <tbody>{sweep.points.iter().zip(&sweep.gradient).map(|(p, g)| { let k = p.k; view! {
                    <tr class:suggested=k == sweep.suggested_k class:chosen=move || chosen.get() == Some(k) on:click=move |_| on_pick(k)>
                        <td>{k}</td><td class="num">{format!("{:.1}", p.mean)}</td><td class="num">{format!("{:.1}", p.sd)}</td><td class="num">{format!("{g:.1}")}</td>
                        <td><button class="link" data-testid=format!("bic-pick-{k}") title=why prop:disabled=move || chosen.get() == Some(k)
                            on:click=move |e| { e.stop_propagation(); on_pick(k) }>{action}</button></td></tr>
                }}).collect_view()}</tbody>
            </table>
        </div>
    }
}
