//! The science panel: the paper's distribution figures as linked views (histograms, class
//! grids with KDE contours, cluster membership, sky by class) and the novelty filters. Every
//! number comes from the core; this panel draws, links clicks to the one filter, and exports.

use super::surface::{Gestures, PlotSurface, Surface, Tool};
use super::{class_grid, histogram, membership, sky_by_class};
use crate::ctx::{Ctx, Step};
use crate::draw::axes::PlotRect;
use crate::draw::canvas::{context, dpr};
use crate::draw::export;
use crate::draw::raster::Raster;
use crate::perf;
use crate::shared::Shared;
use leptos::prelude::*;
use plotters::prelude::*;
use plotters_canvas::CanvasBackend;
use xclass_core::class::Class;
use xclass_core::class_grid::{self as grid, Unplaced};
use xclass_core::filter::FeatureRange;
use xclass_core::membership::{responsibility_spreads, ClusterClassTable};
use xclass_core::points::Level;
use xclass_core::state::{ClassSource, SciencePlot, ScienceView};

/// What the last drawing was, for hover, click and CSV.
enum Drawn {
    None,
    Histogram(histogram::Plotted, PlotRect),
    Grid(grid::Grid, Vec<PlotRect>),
    Membership(Vec<Option<xclass_core::density::Spread>>, PlotRect),
    Sky(sky_by_class::SkyPanels),
}

/// Draws the current plot on any backend; returns what was drawn.
fn render<DB: DrawingBackend>(
    ctx: Ctx,
    root: &DrawingArea<DB, plotters::coord::Shift>,
    v: &ScienceView,
    size: (u32, u32),
    tops: Option<&[f32]>,
    xy: Option<&(Vec<f32>, Vec<f32>)>,
    raster: Option<&mut Raster>,
) -> Drawn {
    let scale = dpr();
    let palette = ctx.view.with_untracked(|s| s.palette);
    let k = ctx.model.with(|m| m.model.gmm.n_components());
    let selected = ctx.selected.get_untracked();
    ctx.dataset.with_untracked(|d| match v.plot {
        SciencePlot::Histogram => {
            let mask = ctx.mask(Level::Source).get_untracked();
            let Some(h) = histogram::compute(v, &d.sources, &mask, &selected, k, palette) else {
                return Drawn::None;
            };
            match histogram::draw(root, &h, scale) {
                Some(r) => Drawn::Histogram(h, r),
                None => Drawn::None,
            }
        }
        SciencePlot::ClassGrid => {
            let g = if v.class_source == ClassSource::Label {
                // The upload's own rows under their labels (uploads are not filtered).
                let rows = ctx
                    .upload
                    .with_untracked(|u| u.as_ref().and_then(|up| grid::upload_rows(up, v.x, v.y)));
                let Some((rows, unplaced)) = rows else { return Drawn::None };
                grid::compute(v, rows, unplaced, palette)
            } else {
                let level = grid::level(v);
                let mask = ctx.mask(level).get_untracked();
                grid::compute(v, grid::catalog_rows(v, d.points(level), &mask), Unplaced::default(), palette)
            };
            let rects = class_grid::draw(root, &g, scale, raster);
            Drawn::Grid(g, rects)
        }
        SciencePlot::Membership => {
            let (p, mask) = (&d.sources, ctx.mask(Level::Source).get_untracked());
            let Some(tops) = tops else { return Drawn::None };
            let spreads = responsibility_spreads(k, (0..p.len()).filter(|&i| mask[i]).map(|i| (p.cluster[i] as usize, f64::from(tops[i]))));
            match membership::draw(root, &spreads, scale) {
                Some(r) => Drawn::Membership(spreads, r),
                None => Drawn::None,
            }
        }
        SciencePlot::SkyByClass => {
            let Some(xy) = xy else { return Drawn::None };
            let level = ctx.view.with_untracked(|s| s.sky.level);
            let half = (size.0 / 2, size.1 / 2);
            let s = sky_by_class::compute(
                d.points(level),
                xy,
                &ctx.mask(level).get_untracked(),
                ctx.view.with_untracked(|s| s.sky.frame),
                half,
                palette,
            );
            sky_by_class::draw(root, &s, v.fields, scale, raster);
            Drawn::Sky(s)
        }
    })
}

/// Keeps only `classes` visible.
fn show_only(ctx: Ctx, classes: &[Class]) {
    ctx.change(Step::Major, |v| {
        v.filter.hidden_classes = Class::ALL.into_iter().filter(|c| !classes.contains(c)).collect()
    });
}

#[component]
pub fn SciencePanel() -> impl IntoView {
    let ctx = expect_context::<Ctx>();
    let s = Surface::new();
    let sv = Memo::new(move |_| ctx.view.with(|v| v.science));
    let palette = Memo::new(move |_| ctx.view.with(|v| v.palette));
    let drawn = StoredValue::new_local(Drawn::None);
    // What the class grid leaves out or lacks, said under the plot.
    let grid_note = RwSignal::new(None::<String>);
    // Computed once per dataset (and model / frame), only when their plot is shown.
    let tops = Memo::new(move |_| {
        if sv.with(|v| v.plot) != SciencePlot::Membership {
            return None;
        }
        let model = ctx.model.get().model.0.clone();
        Some(ctx.dataset.with(|d| {
            let f: Vec<_> = d.sources.features.iter().map(|r| r.map(f64::from)).collect();
            Shared::new(model.log_densities_and_top(&f).1.into_iter().map(|t| t as f32).collect::<Vec<f32>>())
        }))
    });
    let sky_xy = Memo::new(move |_| {
        if sv.with(|v| v.plot) != SciencePlot::SkyByClass {
            return None;
        }
        let (level, frame) = ctx.view.with(|v| (v.sky.level, v.sky.frame));
        Some(ctx.dataset.with(|d| Shared::new(sky_by_class::project(d.points(level), frame))))
    });
    let table = Memo::new(move |_| {
        let mask = ctx.mask(Level::Detection).get();
        let k = ctx.model.with(|m| m.model.gmm.n_components());
        ctx.dataset.with(|d| {
            let p = d.points(Level::Detection);
            Shared::new(ClusterClassTable::count(
                k,
                (0..p.len()).filter(|&i| mask[i]).map(|i| (p.cluster[i] as usize, p.own_class[i])),
            ))
        })
    });
    Effect::new(move |_| {
        let v = sv.get();
        let size = s.size.get();
        ctx.mask(Level::Source).track();
        ctx.mask(Level::Detection).track();
        ctx.selected.track();
        ctx.dataset.track();
        ctx.upload.track();
        palette.track();
        let (tops, xy) = (tops.get(), sky_xy.get());
        let (Some(base), Some(over)) = (s.base.get_untracked(), s.frame.get_untracked()) else {
            return;
        };
        if size.0 < 2 || size.1 < 2 {
            return;
        }
        let t0 = perf::now();
        context(&base).clear_rect(0.0, 0.0, f64::from(size.0), f64::from(size.1));
        let octx = context(&over);
        octx.clear_rect(0.0, 0.0, f64::from(size.0), f64::from(size.1));
        let Some(backend) = CanvasBackend::with_canvas_object(over) else {
            return;
        };
        let root = backend.into_drawing_area();
        let mut raster = Raster::new(size.0, size.1);
        let d = render(
            ctx,
            &root,
            &v,
            size,
            tops.as_deref().map(|t| t.as_slice()),
            xy.as_deref(),
            Some(&mut raster),
        );
        raster.blit(&context(&base));
        root.present().ok();
        let grid = match &d {
            Drawn::Grid(g, _) => Some(g),
            _ => None,
        };
        grid_note.set(ctx.upload.with_untracked(|u| class_grid::note(&v, grid, u.as_deref())));
        drawn.set_value(d);
        perf::drawn("science", t0, &octx);
    });

    let panel_at = move |x: f64, y: f64| -> Option<usize> {
        drawn.with_value(|d| match d {
            Drawn::Grid(_, rects) => rects.iter().position(|r| r.contains(x, y)),
            Drawn::Membership(_, r) => r.contains(x, y).then(|| r.value_at(x, y).0.round().max(0.0) as usize),
            Drawn::Sky(s) => Some(usize::from(x >= f64::from(s.size.0)) + 2 * usize::from(y >= f64::from(s.size.1))),
            _ => None,
        })
    };
    let gestures = Gestures {
        zoom: Callback::new(|_| {}),
        pan: Callback::new(|_| {}),
        click: Callback::new(move |(x, y): (f64, f64)| {
            let Some(i) = panel_at(x, y) else { return };
            let classes = drawn.with_value(|d| match d {
                Drawn::Grid(g, _) => g.panels.get(i).map(|p| p.classes.clone()),
                Drawn::Sky(s) => s.panels.get(i).map(|(g, _, _)| g.members().collect()),
                _ => None,
            });
            let labels = drawn.with_value(|d| matches!(d, Drawn::Grid(g, _) if g.source == ClassSource::Label));
            match (classes, drawn.with_value(|d| matches!(d, Drawn::Membership(..)))) {
                // Panels of an upload's labels pick their rows in the upload table.
                (Some(cs), _) if labels => {
                    if let Some(up) = ctx.upload.get_untracked() {
                        ctx.upload_rows.set(grid::upload_rows_of(&up, &cs));
                    }
                }
                (Some(cs), _) => show_only(ctx, &cs),
                (None, true) => {
                    let k = ctx.model.with(|m| m.model.gmm.n_components()) as u8;
                    ctx.change(Step::Major, |v| {
                        v.filter.hidden_clusters = (0..k).filter(|&c| usize::from(c) != i).collect()
                    });
                }
                _ => {}
            }
        }),
        hover: Callback::new(move |(x, y): (f64, f64)| {
            let panel = panel_at(x, y);
            drawn.with_value(|d| {
                let text = match d {
                    Drawn::Histogram(h, r) if r.contains(x, y) => histogram::describe(h, r.value_at(x, y).0)?,
                    Drawn::Grid(g, _) if g.source == ClassSource::Label => {
                        let p = g.panels.get(panel?)?;
                        let n = xclass_core::format::thousands(p.n);
                        format!("{}: {n} labelled rows\nclick to pick them in the upload table", p.name)
                    }
                    Drawn::Grid(g, _) => {
                        let p = g.panels.get(panel?)?;
                        format!("{}: {} rows\nclick to show only this", p.name, xclass_core::format::thousands(p.n))
                    }
                    Drawn::Membership(sp, _) => {
                        let s = sp.get(panel?)?.as_ref()?;
                        format!(
                            "cluster {}: {} members\nresponsibility mean {:.3} ± {:.3}\nmedian {:.3} [{:.3}, {:.3}]",
                            panel?, s.n, s.mean, s.sd, s.median, s.q1, s.q3
                        )
                    }
                    Drawn::Sky(s) => {
                        let (g, n, _) = s.panels.get(panel?)?;
                        format!("{}: {n} rows\nclick to show only this group", g.name())
                    }
                    _ => return None,
                };
                Some((x, y, text))
            })
        }),
        // Brushing the histogram's x axis sets that feature's range filter.
        region: Callback::new(move |poly: Vec<(f64, f64)>| {
            let v = sv.get_untracked();
            let Some((lo, hi)) = drawn.with_value(|d| match d {
                Drawn::Histogram(h, r) if !v.counts => {
                    let xs = poly.iter().map(|p| r.value_at(p.0, p.1).0);
                    let (a, b) = xs.fold((f64::INFINITY, f64::NEG_INFINITY), |(a, b), x| (a.min(x), b.max(x)));
                    let un = |t: f64| if h.log_x { 10f64.powf(t) } else { t };
                    (b > a).then(|| (un(a), un(b)))
                }
                _ => None,
            }) else {
                return;
            };
            ctx.change(Step::Major, |s| {
                s.filter.ranges.retain(|r| r.feature != v.feature);
                s.filter.ranges.push(FeatureRange {
                    feature: v.feature,
                    min: Some(lo),
                    max: Some(hi),
                });
            });
        }),
        ring: false,
    };
    let tool = Signal::derive(move || if sv.get().plot == SciencePlot::Histogram { Tool::Box } else { Tool::Pan });

    let export_png = move |_| {
        let layers: Vec<_> = [s.frame, s.base].iter().filter_map(|c| c.get_untracked()).collect();
        if let Err(e) = export::png("xclass-science.png", &layers) {
            ctx.notices.error(format!("PNG export failed: {e}"));
        }
    };
    let export_svg = move |_| {
        let v = sv.get_untracked();
        let size = s.size.get_untracked();
        let mut svg = String::new();
        {
            let root = SVGBackend::with_string(&mut svg, size).into_drawing_area();
            root.fill(&WHITE).ok();
            let (tops, xy) = (tops.get_untracked(), sky_xy.get_untracked());
            render(ctx, &root, &v, size, tops.as_deref().map(|t| t.as_slice()), xy.as_deref(), None);
            root.present().ok();
        }
        if let Err(e) = export::download("xclass-science.svg", "image/svg+xml", svg.as_bytes()) {
            ctx.notices.error(format!("SVG export failed: {e}"));
        }
    };
    let export_csv = move |_| {
        let text = drawn.with_value(|d| match d {
            Drawn::Histogram(h, _) => histogram::csv(h),
            Drawn::Grid(g, _) => g.csv(),
            Drawn::Membership(sp, _) => membership::csv(sp),
            Drawn::Sky(s) => sky_by_class::csv(s),
            Drawn::None => String::new(),
        });
        if let Err(e) = export::download("xclass-science.csv", "text/csv", text.as_bytes()) {
            ctx.notices.error(format!("CSV export failed: {e}"));
        }
    };
    view! {
        <super::science_controls::Controls />
        <div class="toolbar">
            <span class="note" data-testid="science-note">{move || match sv.get().plot {
                SciencePlot::Histogram => "Drag across the x axis to set that feature's range filter.",
                SciencePlot::ClassGrid if sv.get().class_source == ClassSource::Label => "Filled contours enclose 50/80/95% of each panel's rows (Gaussian KDE, Scott's rule × factor). Every uploaded row under its own label (the filters apply to the catalog); click a panel to pick its rows in the upload table.",
                SciencePlot::ClassGrid => "Filled contours enclose 50/80/95% of each panel's rows (Gaussian KDE, Scott's rule × factor). Click a panel to show only it.",
                SciencePlot::Membership => "Box: quartiles and extremes of each cluster's members' responsibility; dot and bar: mean ± sd. Click a cluster or a table cell to filter.",
                SciencePlot::SkyByClass => "Click a panel to show only that group.",
            }}</span>
            <span class="spacer"></span>
            <button data-testid="science-png" on:click=export_png>"PNG"</button>
            <button data-testid="science-svg" on:click=export_svg>"SVG"</button>
            <button data-testid="science-csv" on:click=export_csv>"CSV"</button>
        </div>
        {move || grid_note.get().map(|t| view! { <p class="hint" data-testid="grid-note">{t}</p> })}
        <div class="plot science-plot" class:tall=move || sv.get().plot == SciencePlot::ClassGrid && !sv.get().groups
            class:narrow=move || f64::from(s.size.get().0) / dpr() < class_grid::NARROW data-testid="science">
            <PlotSurface surface=s tool gestures label="Science plot" />
        </div>
        {move || (sv.get().plot == SciencePlot::Membership).then(|| view! { <membership::ClusterClassTableView table=table /> })}
    }
}
