//! Class grids (the paper's per-class hardness and variability figures): one panel per class
//! or group, two features, filled density contours enclosing 50/80/95% of each panel's rows
//! (the core's KDE), with the points underneath when a panel has few. Axes are shared.

use crate::draw::axes::{scatter_axes, AxesSpec, PlotRect};
use crate::draw::colour::hex;
use crate::draw::raster::Raster;
use plotters::coord::Shift;
use plotters::prelude::*;
use xclass_core::class::{Class, Group};
use xclass_core::density::{mass_levels, Axis, Kde2};
use xclass_core::points::{Level, Points};
use xclass_core::state::{ClassSource, ScienceView};
use xclass_core::Feature;

/// Grid cells per axis of each panel's KDE.
const CELLS: usize = 48;
/// Panels with at most this many rows also show their points.
const FEW: usize = 400;
/// Mass fractions of the contour levels, outermost first.
pub const MASS: [f64; 3] = [0.95, 0.8, 0.5];

/// One panel's estimate.
pub struct Panel {
    pub name: &'static str,
    pub colour: &'static str,
    /// The classes the panel stands for (what clicking it filters to).
    pub classes: Vec<Class>,
    pub n: usize,
    pub kde: Option<Kde2>,
    /// Density thresholds for [`MASS`].
    pub levels: Vec<f64>,
    pub points: Vec<(f64, f64)>,
}

/// Everything drawn.
pub struct Grid {
    pub x: Feature,
    pub y: Feature,
    pub x_range: (f64, f64),
    pub y_range: (f64, f64),
    pub panels: Vec<Panel>,
}

/// Which level the rows come from.
pub fn level(v: &ScienceView) -> Level {
    if v.class_source == ClassSource::Detection {
        Level::Detection
    } else {
        Level::Source
    }
}

fn class_of(v: &ScienceView, p: &Points, i: usize) -> Class {
    match v.class_source {
        ClassSource::Soft => p.class[i],
        ClassSource::Hard => p.hard[i],
        ClassSource::Detection => p.own_class[i],
    }
}

fn padded(lo: f64, hi: f64) -> (f64, f64) {
    if hi > lo {
        (lo - 0.04 * (hi - lo), hi + 0.04 * (hi - lo))
    } else {
        (lo - 0.5, lo + 0.5)
    }
}

/// The KDE of each panel over the rows passing `mask`.
pub fn compute(v: &ScienceView, p: &Points, mask: &[bool]) -> Grid {
    let (jx, jy) = (v.x.index(), v.y.index());
    let rows: Vec<usize> = (0..p.len())
        .filter(|&i| mask[i] && p.own_features[i] && p.features[i][jx].is_finite() && p.features[i][jy].is_finite())
        .collect();
    let (mut x0, mut x1, mut y0, mut y1) = (f64::INFINITY, f64::NEG_INFINITY, f64::INFINITY, f64::NEG_INFINITY);
    for &i in &rows {
        let (a, b) = (f64::from(p.features[i][jx]), f64::from(p.features[i][jy]));
        (x0, x1, y0, y1) = (x0.min(a), x1.max(a), y0.min(b), y1.max(b));
    }
    let (x_range, y_range) = if rows.is_empty() {
        ((0.0, 1.0), (0.0, 1.0))
    } else {
        (padded(x0, x1), padded(y0, y1))
    };
    let (ax, ay) = (
        Axis {
            lo: x_range.0,
            hi: x_range.1,
            n: CELLS,
        },
        Axis {
            lo: y_range.0,
            hi: y_range.1,
            n: CELLS,
        },
    );
    let groups: Vec<(&'static str, &'static str, Vec<Class>)> = if v.groups {
        Group::ALL.iter().map(|g| (g.name(), g.colour(), g.members().collect())).collect()
    } else {
        Class::ALL.iter().map(|c| (c.name(), c.colour(), vec![*c])).collect()
    };
    let panel_of = |c: Class| if v.groups { c.group().index() } else { c.index() };
    let mut members: Vec<Vec<(f64, f64)>> = vec![Vec::new(); groups.len()];
    for &i in &rows {
        members[panel_of(class_of(v, p, i))].push((f64::from(p.features[i][jx]), f64::from(p.features[i][jy])));
    }
    let panels = groups
        .into_iter()
        .zip(members)
        .map(|((name, colour, classes), pts)| {
            let kde = Kde2::estimate(pts.iter().copied(), ax, ay, v.bandwidth.clamp(0.05, 20.0));
            let levels = kde.as_ref().map(|k| mass_levels(&k.density, &MASS)).unwrap_or_default();
            let n = pts.len();
            Panel {
                name,
                colour,
                classes,
                n,
                kde,
                levels,
                points: if n <= FEW { pts } else { Vec::new() },
            }
        })
        .collect();
    Grid {
        x: v.x,
        y: v.y,
        x_range,
        y_range,
        panels,
    }
}

/// Lighter shades of `c` for the outer contours.
fn shade(c: [u8; 3], band: usize) -> RGBColor {
    let t = [0.25, 0.5, 0.85][band];
    let mix = |v: u8| (255.0 - (255.0 - f64::from(v)) * t) as u8;
    RGBColor(mix(c[0]), mix(c[1]), mix(c[2]))
}

/// Draws every panel; returns their rectangles in panel order.
/// The filled contours go into `raster` when given (on screen, one image), else onto `root`.
pub fn draw<DB: DrawingBackend>(root: &DrawingArea<DB, Shift>, g: &Grid, scale: f64, mut raster: Option<&mut Raster>) -> Vec<PlotRect> {
    let cols = if g.panels.len() <= 4 { 2 } else { 5 };
    let areas = root.split_evenly((g.panels.len().div_ceil(cols), cols));
    let mut out = Vec::new();
    for (panel, area) in g.panels.iter().zip(&areas) {
        let caption = format!("{} ({})", panel.name, xclass_core::format::thousands(panel.n));
        let spec = AxesSpec {
            caption: Some(&caption),
            x_label: g.x.name(),
            y_label: g.y.name(),
            x: g.x_range,
            y: g.y_range,
            log_x: false,
            log_y: false,
        };
        let Some(r) = scatter_axes(area, &spec, scale) else { continue };
        let c = hex(panel.colour);
        let px = |x: f64, y: f64| {
            let (a, b) = r.px_of(x, y);
            (a.round() as i32, b.round() as i32)
        };
        if let Some(k) = &panel.kde {
            for iy in 0..k.y.n {
                for ix in 0..k.x.n {
                    let d = k.at(ix, iy);
                    let Some(band) = panel.levels.iter().rposition(|&l| d >= l) else {
                        continue;
                    };
                    let (sx, sy) = (k.x.step() / 2.0, k.y.step() / 2.0);
                    let (cx, cy) = (k.x.centre(ix), k.y.centre(iy));
                    let alpha = if panel.points.is_empty() { 1.0 } else { 0.6 };
                    let (a, b) = (px(cx - sx, cy + sy), px(cx + sx, cy - sy));
                    match raster.as_deref_mut() {
                        Some(ras) => {
                            let RGBColor(r0, g0, b0) = shade(c, band);
                            for y in a.1..b.1 {
                                for x in a.0..b.0 {
                                    ras.blend(x, y, [r0, g0, b0, (255.0 * alpha) as u8]);
                                }
                            }
                        }
                        None => drop(root.draw(&Rectangle::new([a, b], shade(c, band).mix(alpha).filled()))),
                    }
                }
            }
        }
        // Above the contours. A few hundred points: discs in the one image on screen (a
        // canvas path each cost milliseconds per panel), circles in SVG.
        let radius = (1.5 * scale).max(1.0);
        for &(x, y) in &panel.points {
            let (cx, cy) = px(x, y);
            match raster.as_deref_mut() {
                Some(ras) => {
                    let r = radius.ceil() as i32;
                    for dy in -r..=r {
                        for dx in -r..=r {
                            if f64::from(dx * dx + dy * dy) <= radius * radius {
                                ras.blend(cx + dx, cy + dy, [c[0], c[1], c[2], 128]);
                            }
                        }
                    }
                }
                None => drop(root.draw(&Circle::new((cx, cy), radius as i32, RGBColor(c[0], c[1], c[2]).mix(0.5).filled()))),
            }
        }
        out.push(r);
    }
    out
}

/// The plotted numbers as CSV: per panel and grid cell, the density and its contour band.
pub fn csv(g: &Grid) -> String {
    let mut out = format!("panel,{},{},density,enclosing\n", g.x.name(), g.y.name());
    for p in &g.panels {
        let Some(k) = &p.kde else { continue };
        for iy in 0..k.y.n {
            for ix in 0..k.x.n {
                let d = k.at(ix, iy);
                let band = p
                    .levels
                    .iter()
                    .rposition(|&l| d >= l)
                    .map_or(String::new(), |b| format!("{}%", (MASS[b] * 100.0).round()));
                out += &format!("{},{},{},{d},{band}\n", p.name, k.x.centre(ix), k.y.centre(iy));
            }
        }
    }
    out
}
