//! Feature-vs-feature scatter plot: any two of the 12 features, linear or log axes, colour by
//! class / cluster / feature, optional small multiples per cluster (the paper's Fig. 3),
//! hover, click, box and lasso selection, zoom, pan, export.

use super::colour_select::ColourSelect;
use super::describe;
use super::legend::LegendView;
use super::surface::{click_row, hit, Gestures, PlotSurface, Surface, Tool};
use crate::ctx::{Ctx, Step};
use crate::draw::axes::{scatter_axes, AxesSpec, PlotRect};
use crate::draw::canvas::{context, dpr};
use crate::draw::colour::{is_log_feature, viridis, Legend, Painter};
use crate::draw::hit::Drawn;
use crate::draw::raster::{Raster, UPLOAD_ROW};
use crate::perf;
use leptos::prelude::*;
use plotters::coord::Shift;
use plotters::prelude::*;
use plotters_canvas::CanvasBackend;
use xclass_core::geometry::polygon_contains;
use xclass_core::points::{Level, Points};
use xclass_core::state::{Colour, Render, ScatterView, Window};
use xclass_core::Feature;

const DENSITY_ABOVE: usize = 200_000;

/// A row's value on an axis (log10 on log axes; NaN when not plottable).
#[inline]
fn axis_value(p: &Points, i: usize, f: Feature, log: bool) -> f64 {
    let v = f64::from(p.features[i][f.index()]);
    if log {
        if v > 0.0 { v.log10() } else { f64::NAN }
    } else {
        v
    }
}

/// Whether a row is drawn in the scatter at this level (detections need their own features).
#[inline]
fn plottable(p: &Points, i: usize) -> bool {
    p.own_features[i]
}

/// The full extent of a feature over all plottable rows, padded by 3%.
fn extent(p: &Points, f: Feature, log: bool) -> (f64, f64) {
    let (mut lo, mut hi) = (f64::INFINITY, f64::NEG_INFINITY);
    for i in (0..p.len()).filter(|&i| plottable(p, i)) {
        let v = axis_value(p, i, f, log);
        if v.is_finite() {
            lo = lo.min(v);
            hi = hi.max(v);
        }
    }
    if hi.partial_cmp(&lo) != Some(std::cmp::Ordering::Greater) {
        return if lo.is_finite() { (lo - 0.5, lo + 0.5) } else { (0.0, 1.0) };
    }
    let pad = 0.03 * (hi - lo);
    (lo - pad, hi + pad)
}

/// The panels of the current layout: (cluster or None for all, rectangle).
type Panels = Vec<(Option<u8>, PlotRect)>;

fn axes_title(f: Feature, log: bool) -> String {
    if log { format!("{} (log)", f.name()) } else { f.name().to_string() }
}

/// Draws the axes of every panel on `root`; returns their rectangles.
fn draw_axes<DB: DrawingBackend>(root: &DrawingArea<DB, Shift>, v: &ScatterView, range: Window, k: usize, counts: &[usize]) -> Panels {
    let (xl, yl) = (axes_title(v.x, v.log_x), axes_title(v.y, v.log_y));
    fn spec<'a>(v: &ScatterView, range: Window, xl: &'a str, yl: &'a str, caption: Option<&'a str>) -> AxesSpec<'a> {
        AxesSpec { caption, x_label: xl, y_label: yl, x: (range.x0, range.x1), y: (range.y0, range.y1), log_x: v.log_x, log_y: v.log_y }
    }
    if !v.per_cluster {
        return scatter_axes(root, &spec(v, range, &xl, &yl, None), dpr()).map(|r| vec![(None, r)]).unwrap_or_default();
    }
    let cols = 3.min(k.max(1));
    let rows = k.div_ceil(cols);
    let areas = root.split_evenly((rows, cols));
    let mut out = Vec::new();
    for (c, area) in areas.iter().enumerate().take(k) {
        let caption = format!("cluster {c} ({})", xclass_core::format::thousands(counts.get(c).copied().unwrap_or(0)));
        if let Some(r) = scatter_axes(area, &spec(v, range, &xl, &yl, Some(&caption)), dpr()) {
            out.push((Some(c as u8), r));
        }
    }
    out
}

fn panel_of(panels: &Panels, cluster: u8) -> Option<&PlotRect> {
    panels.iter().find(|(c, _)| c.is_none_or(|c| c == cluster)).map(|(_, r)| r)
}

#[component]
pub fn Scatter() -> impl IntoView {
    let ctx = expect_context::<Ctx>();
    let s = Surface::new();
    let sv = Memo::new(move |_| ctx.view.with(|v| v.scatter));
    let edited = Memo::new(move |_| ctx.view.with(|s| s.editor.as_ref().map(super::editor::effective)));
    let tool = RwSignal::new(Tool::Pan);
    // Colours depend on the rows and the mode only: built once per change of those.
    let colouring = Memo::new(move |_| sv.with(|v| (v.level, v.colour)));
    let painter = Memo::new(move |_| {
        let (lvl, colour) = colouring.get();
        let subsets = ctx.subset_colours.get();
        let palette = ctx.view.with(|v| v.palette);
        ctx.dataset.with(|d| crate::shared::Shared::new(Painter::new(colour, d.points(lvl), &ctx.model.get().model, 200, &subsets, palette)))
    });
    let drawn = StoredValue::new(Drawn::default());
    let panels = StoredValue::new(Panels::new());
    let legend = RwSignal::new(None::<Legend>);
    let note = RwSignal::new(String::new());
    let is_density = RwSignal::new(false);
    let empty = RwSignal::new(false);
    // The full data range of the current axes (the unzoomed window).
    // (Only the axes matter, not zoom or colour: extents are a pass over every row.)
    let axes = Memo::new(move |_| sv.with(|v| (v.level, v.x, v.log_x, v.y, v.log_y)));
    let full = Memo::new(move |_| {
        let (level, x, log_x, y, log_y) = axes.get();
        ctx.dataset.with(|d| {
            let p = d.points(level);
            let (x0, x1) = extent(p, x, log_x);
            let (y0, y1) = extent(p, y, log_y);
            Window { x0, x1, y0, y1 }
        })
    });

    Effect::new(move |_| {
        let v = sv.get();
        let size = s.size.get();
        let mask = ctx.mask(v.level).get();
        let selected = ctx.selected.get();
        let range = v.zoom.unwrap_or_else(|| full.get());
        let upload = ctx.upload.get();
        let matched = ctx.matched.get().filter(|_| ctx.dataset.with_untracked(|d| d.catalog.is_some())).map(|m| m.result.sources_hit());
        let edited = edited.get();
        let (Some(base), Some(over)) = (s.base.get_untracked(), s.frame.get_untracked()) else { return };
        if size.0 < 2 || size.1 < 2 {
            return;
        }
        let t0 = perf::now();
        let model = ctx.model.get().model;
        let k = model.gmm.n_components();
        ctx.dataset.with_untracked(|d| {
            let p = d.points(v.level);
            let candidates: Vec<usize> = (0..p.len()).filter(|&i| mask[i] && plottable(p, i)).collect();
            // On a log axis a value ≤ 0 has no place: such rows are left out and counted.
            let on_axes = |i: usize| axis_value(p, i, v.x, v.log_x).is_finite() && axis_value(p, i, v.y, v.log_y).is_finite();
            let (rows, off_log): (Vec<usize>, Vec<usize>) = candidates.into_iter().partition(|&i| !(v.log_x || v.log_y) || on_axes(i));
            let off_log = off_log.iter().filter(|&&i| [v.x, v.y].iter().all(|f| p.features[i][f.index()].is_finite())).count();
            let log_note = if off_log > 0 {
                let axes: Vec<&str> = [(v.log_x, v.x), (v.log_y, v.y)].into_iter().filter(|(l, _)| *l).map(|(_, f)| f.name()).collect();
                format!(" · {} not shown: {} ≤ 0 has no place on a log axis", xclass_core::format::count(off_log, "row"), axes.join(" or "))
            } else {
                String::new()
            };
            let mut counts = vec![0usize; k];
            for &i in &rows {
                if let Some(c) = counts.get_mut(p.cluster[i] as usize) {
                    *c += 1;
                }
            }
            let octx = context(&over);
            octx.clear_rect(0.0, 0.0, f64::from(size.0), f64::from(size.1));
            let Some(backend) = CanvasBackend::with_canvas_object(over) else { return };
            let root = backend.into_drawing_area();
            let layout = draw_axes(&root, &v, range, k, &counts);
            root.present().ok();
            let mut raster = Raster::new(size.0, size.1);
            let density = match v.render {
                Render::Density => true,
                Render::Points => false,
                Render::Auto => rows.len() > DENSITY_ABOVE,
            };
            is_density.set(density);
            empty.set(rows.is_empty());
            let painter = painter.get();
            let inside = |r: &PlotRect, x: f64, y: f64| r.contains(x, y);
            drawn.update_value(|dr| dr.clear());
            if density {
                // 2-D histogram on a 2-pixel grid, log-scaled counts.
                let (w, h) = (size.0 as usize / 2 + 1, size.1 as usize / 2 + 1);
                let mut bins = vec![0u32; w * h];
                for &i in &rows {
                    let Some(r) = panel_of(&layout, p.cluster[i]) else { continue };
                    let (x, y) = r.px_of(axis_value(p, i, v.x, v.log_x), axis_value(p, i, v.y, v.log_y));
                    if inside(r, x, y) {
                        bins[(y as usize / 2) * w + x as usize / 2] += 1;
                    }
                }
                let lmax = f64::from(bins.iter().copied().max().unwrap_or(1).max(1)).ln_1p();
                for (b, &n) in bins.iter().enumerate() {
                    if n > 0 {
                        let c = viridis(f64::from(n).ln_1p() / lmax);
                        let (bx, by) = ((b % w) as i32 * 2, (b / w) as i32 * 2);
                        for (dx, dy) in [(0, 0), (1, 0), (0, 1), (1, 1)] {
                            raster.blend(bx + dx, by + dy, [c[0], c[1], c[2], 255]);
                        }
                    }
                }
                legend.set(Some(Legend::Bar { label: "rows per bin".into(), min: 0.0, max: lmax.exp_m1().log10(), log: true }));
                note.set(format!("density map: {}{log_note}", xclass_core::format::count(rows.len(), "row")));
            } else {
                let radius = (if rows.len() < 20_000 { 2.0 } else if rows.len() < 150_000 { 1.2 } else { 0.7 }) * dpr() as f32;
                drawn.update_value(|dr| {
                    for &i in &rows {
                        let Some(r) = panel_of(&layout, p.cluster[i]) else { continue };
                        let (x, y) = r.px_of(axis_value(p, i, v.x, v.log_x), axis_value(p, i, v.y, v.log_y));
                        if inside(r, x, y) {
                            raster.dot(x as f32, y as f32, radius, painter.rgba(p, i));
                            dr.push(x as f32, y as f32, i as u32);
                        }
                    }
                });
                legend.set(Some(painter.legend.clone()));
                note.set(format!("{}{log_note}", xclass_core::format::count(rows.len(), "row")));
            }
            let n_selected = rows.iter().filter(|&&i| selected[p.source[i] as usize]).count();
            for &i in &rows {
                if matched.as_ref().is_some_and(|m| m.get(p.source[i] as usize).copied().unwrap_or(false)) {
                    let Some(r) = panel_of(&layout, p.cluster[i]) else { continue };
                    let (x, y) = r.px_of(axis_value(p, i, v.x, v.log_x), axis_value(p, i, v.y, v.log_y));
                    if inside(r, x, y) {
                        raster.ring(x as f32, y as f32, 6.0 * dpr() as f32, crate::draw::raster::MATCHED);
                    }
                }
                if selected[p.source[i] as usize] {
                    let Some(r) = panel_of(&layout, p.cluster[i]) else { continue };
                    let (x, y) = r.px_of(axis_value(p, i, v.x, v.log_x), axis_value(p, i, v.y, v.log_y));
                    if inside(r, x, y) {
                        raster.highlight(x as f32, y as f32, n_selected, dpr() as f32);
                    }
                }
            }
            let at = |x: &xclass_core::FeatureVector, cluster: u8| {
                let r = panel_of(&layout, cluster)?;
                let log = |f: Feature, l: bool| { let v = x[f.index()]; if l { if v > 0.0 { v.log10() } else { f64::NAN } } else { v } };
                let (px, py) = r.px_of(log(v.x, v.log_x), log(v.y, v.log_y));
                r.contains(px, py).then_some((px as f32, py as f32))
            };
            if let Some(up) = &upload {
                drawn.update_value(|dr| {
                    for (k, d) in up.detections.iter().enumerate() {
                        if let Some((x, y)) = at(&d.features, d.cluster) {
                            raster.diamond(x, y, 5.0 * dpr() as f32, [255, 255, 255, 235]);
                            dr.push(x, y, UPLOAD_ROW + k as u32);
                        }
                    }
                });
            }
            if let Some(x) = edited {
                let cluster = model.classify(&x).cluster as u8;
                if let Some((px, py)) = at(&x, cluster) {
                    raster.target(px, py, 7.0 * dpr() as f32, [214, 39, 40, 255]);
                }
            }
            let bctx = context(&base);
            raster.blit(&bctx);
            panels.set_value(layout);
            perf::drawn("scatter", t0, &bctx);
        });
    });

    // Zoom and pan act on the window of the panel under the mouse (all panels share axes).
    let window_now = move || sv.get_untracked().zoom.unwrap_or_else(|| full.get_untracked());
    let rect_at = move |x: f64, y: f64| panels.with_value(|ps| ps.iter().map(|(_, r)| *r).find(|r| r.contains(x, y)).or(ps.first().map(|(_, r)| *r)));
    let gestures = Gestures {
        zoom: Callback::new(move |(x, y, f): (f64, f64, f64)| {
            let Some(r) = rect_at(x, y) else { return };
            let w = window_now();
            let (cx, cy) = r.value_at(x, y);
            let z = Window { x0: cx - (cx - w.x0) / f, x1: cx + (w.x1 - cx) / f, y0: cy - (cy - w.y0) / f, y1: cy + (w.y1 - cy) / f };
            ctx.change(Step::Minor, |v| v.scatter.zoom = Some(z));
        }),
        pan: Callback::new(move |(dx, dy): (f64, f64)| {
            let Some(r) = rect_at(0.0, 0.0) else { return };
            let w = window_now();
            let ux = dx / (r.right - r.left) * (w.x1 - w.x0);
            let uy = dy / (r.bottom - r.top) * (w.y1 - w.y0);
            let z = Window { x0: w.x0 - ux, x1: w.x1 - ux, y0: w.y0 + uy, y1: w.y1 + uy };
            ctx.change(Step::Minor, |v| v.scatter.zoom = Some(z));
        }),
        click: Callback::new(move |(x, y): (f64, f64)| {
            if let Some(row) = hit(drawn, s.size.get_untracked(), x, y) {
                click_row(ctx, sv.get_untracked().level, row);
            }
        }),
        hover: Callback::new(move |(x, y): (f64, f64)| {
            let row = hit(drawn, s.size.get_untracked(), x, y)?;
            let v = sv.get_untracked();
            drawn.with_value(|d| {
                let k = d.row.iter().rposition(|r| *r == row)?;
                if let Some(u) = row.checked_sub(UPLOAD_ROW) {
                    return Some((f64::from(d.xy[k].0), f64::from(d.xy[k].1), describe::uploaded(ctx, u as usize)));
                }
                let text = ctx.dataset.with_untracked(|ds| {
                    let p = ds.points(v.level);
                    let fx = p.features[row as usize][v.x.index()];
                    let fy = p.features[row as usize][v.y.index()];
                    format!("{}\n{} = {fx:.4}, {} = {fy:.4}", describe::row(ds, v.level, row as usize), v.x.name(), v.y.name())
                });
                Some((f64::from(d.xy[k].0), f64::from(d.xy[k].1), text))
            })
        }),
        region: Callback::new(move |poly: Vec<(f64, f64)>| {
            let v = sv.get_untracked();
            let mask = ctx.mask(v.level).get_untracked();
            let layout = panels.get_value();
            let sources: Vec<usize> = ctx.dataset.with_untracked(|d| {
                let p = d.points(v.level);
                (0..p.len())
                    .filter(|&i| mask[i] && plottable(p, i))
                    .filter(|&i| {
                        panel_of(&layout, p.cluster[i]).is_some_and(|r| {
                            let (x, y) = r.px_of(axis_value(p, i, v.x, v.log_x), axis_value(p, i, v.y, v.log_y));
                            r.contains(x, y) && polygon_contains(&poly, x, y)
                        })
                    })
                    .map(|i| p.source[i] as usize)
                    .collect()
            });
            if sources.is_empty() {
                ctx.notices.info("The selection region contains no visible points.");
            } else {
                ctx.select(sources);
            }
        }),
        ring: true,
    };
    // The figure for export: the plot as SVG (every visible point), its title and legend.
    let figure = Callback::new(move |()| {
        let v = sv.get_untracked();
        let size = s.size.get_untracked();
        let mask = ctx.mask(v.level).get_untracked();
        let range = v.zoom.unwrap_or_else(|| full.get_untracked());
        let model = ctx.model.get_untracked().model;
        let k = model.gmm.n_components();
        let mut svg = String::new();
        let n = ctx.dataset.with_untracked(|d| {
            let p = d.points(v.level);
            let rows: Vec<usize> = (0..p.len()).filter(|&i| mask[i] && plottable(p, i)).collect();
            if rows.len() > 200_000 {
                return None;
            }
            let mut counts = vec![0usize; k];
            rows.iter().for_each(|&i| counts[p.cluster[i] as usize % k] += 1);
            let root = SVGBackend::with_string(&mut svg, size).into_drawing_area();
            let layout = draw_axes(&root, &v, range, k, &counts);
            let painter = painter.get_untracked();
            let mut drawn = 0usize;
            for &i in &rows {
                let Some(r) = panel_of(&layout, p.cluster[i]) else { continue };
                let (x, y) = r.px_of(axis_value(p, i, v.x, v.log_x), axis_value(p, i, v.y, v.log_y));
                if r.contains(x, y) {
                    let c = painter.rgba(p, i);
                    root.draw(&Circle::new((x as i32, y as i32), 2, RGBColor(c[0], c[1], c[2]).mix(0.8).filled())).ok();
                    drawn += 1;
                }
            }
            root.present().ok();
            Some(drawn)
        });
        let Some(n) = n else {
            ctx.notices.warn("The figure draws every point; with more than 200,000 visible rows, filter first.");
            return None;
        };
        let what = if v.level == Level::Detection { "detections" } else { "sources" };
        let title = format!("{} vs {} ({what}){}", axes_title(v.y, v.log_y), axes_title(v.x, v.log_x), if v.per_cluster { ", per GMM cluster" } else { "" });
        let subtitle = format!("{} · {} shown", ctx.filter.with_untracked(|f| f.describe()), xclass_core::format::count(n, "row"));
        let legend = if is_density.get_untracked() { None } else { legend.get_untracked() };
        Some((svg, size, title, subtitle, legend))
    });
    let axis_select = move |which: &'static str| {
        view! {
            <select data-testid=format!("scatter-{which}")
                on:change=move |e| {
                    if let Some(f) = Feature::from_name(&event_target_value(&e)) {
                        ctx.change(Step::Major, |v| {
                            if which == "x" { v.scatter.x = f } else { v.scatter.y = f }
                            v.scatter.zoom = None;
                        });
                    }
                }
                prop:value=move || if which == "x" { sv.get().x.name() } else { sv.get().y.name() }>
                {Feature::ALL.iter().map(|f| view! { <option value=f.name()>{f.name()}</option> }).collect_view()}
            </select>
        }
    };
    let check = move |label: &'static str, get: fn(&ScatterView) -> bool, put: fn(&mut ScatterView, bool)| {
        view! {
            <label class="check"><input type="checkbox" prop:checked=move || get(&sv.get())
                on:change=move |e| {
                    let on = event_target_checked(&e);
                    ctx.change(Step::Major, |v| { put(&mut v.scatter, on); v.scatter.zoom = None; });
                } />{label}</label>
        }
    };
    let tool_button = move |t: Tool, label: &'static str, title: &'static str| {
        view! { <button class:active=move || tool.get() == t title=title on:click=move |_| tool.set(t)>{label}</button> }
    };
    let log_hint = move || {
        let v = sv.get();
        let model = ctx.model.get().model;
        let suggest: Vec<&str> = [v.x, v.y].into_iter().filter(|f| is_log_feature(&model, *f)).map(|f| f.name()).collect();
        (!(suggest.is_empty() || v.log_x && v.log_y)).then(|| format!("{} is log-normalised by the model; try a log axis", suggest.join(" and ")))
    };
    view! {
        <div class="toolbar" data-testid="scatter-toolbar">
            <label>"x "{axis_select("x")}</label>
            <button title="Swap axes" on:click=move |_| ctx.change(Step::Major, |v| { std::mem::swap(&mut v.scatter.x, &mut v.scatter.y); std::mem::swap(&mut v.scatter.log_x, &mut v.scatter.log_y); v.scatter.zoom = None; })>"⇄"</button>
            <label>"y "{axis_select("y")}</label>
            {check("log x", |v| v.log_x, |v, on| v.log_x = on)}
            {check("log y", |v| v.log_y, |v, on| v.log_y = on)}
            {check("per cluster", |v| v.per_cluster, |v, on| v.per_cluster = on)}
            <label>"Rows "
                <select on:change=move |e| { let lvl = if event_target_value(&e) == "detection" { Level::Detection } else { Level::Source }; ctx.change(Step::Major, |v| v.scatter.level = lvl) }
                    prop:value=move || if sv.get().level == Level::Detection { "detection" } else { "source" }>
                    <option value="source">"Sources"</option>
                    <option value="detection">"Detections with features"</option>
                </select>
            </label>
            <ColourSelect value=Signal::derive(move || sv.get().colour)
                on_change=Callback::new(move |c: Colour| ctx.change(Step::Major, |v| v.scatter.colour = c)) testid="scatter-colour"
                density=Signal::derive(move || is_density.get()) />
            <label>"Draw "
                <select data-testid="scatter-render" on:change=move |e| { let r = match event_target_value(&e).as_str() { "points" => Render::Points, "density" => Render::Density, _ => Render::Auto }; ctx.change(Step::Major, |v| v.scatter.render = r) }
                    prop:value=move || match sv.get().render { Render::Points => "points", Render::Density => "density", Render::Auto => "auto" }>
                    <option value="auto">"Auto"</option>
                    <option value="points">"Points"</option>
                    <option value="density">"Density"</option>
                </select>
            </label>
        </div>
        <div class="toolbar">
            {tool_button(Tool::Pan, "Pan", "Drag to pan, wheel to zoom")}
            {tool_button(Tool::Box, "Box", "Drag a box to select")}
            {tool_button(Tool::Lasso, "Lasso", "Draw a lasso to select")}
            <button on:click=move |_| ctx.change(Step::Major, |v| v.scatter.zoom = None) disabled=move || sv.get().zoom.is_none()>"Reset zoom"</button>
            <span class="note" data-testid="scatter-note">{move || note.get()}</span>
            <span class="spacer"></span>
            <super::figure_export::FigureExport stem="xclass-scatter" width=Signal::derive(move || s.size.get().0) make=figure />
        </div>
        <div class="plot scatter-plot" class:tall=move || sv.get().per_cluster data-testid="scatter">
            <PlotSurface surface=s tool=tool.into() gestures label="Scatter plot" />
            {move || empty.get().then(|| view! { <p class="empty-view overlay" data-testid="scatter-empty">"No row to plot: nothing passes the filters (or every value is off a log axis)."</p> })}
        </div>
        {move || log_hint().map(|h| view! { <p class="hint">{h}</p> })}
        <LegendView legend=legend.into() />
    }
}
