//! Draws a class grid (the core's `class_grid`): small multiples with shared axes, so tick
//! labels sit once per row (left) and once per column (bottom) and the axis names once for the
//! whole grid. On screen the grid lines, contours, points and frames go into the one raster and
//! the text onto the canvas below it; for SVG everything is a plotters element.

use crate::draw::axes::{tick, PlotRect};
use crate::draw::colour::hex;
use crate::draw::raster::Raster;
use plotters::coord::ranged1d::Ranged;
use plotters::coord::types::RangedCoordf64;
use plotters::coord::Shift;
use plotters::prelude::*;
use plotters::style::text_anchor::{HPos, Pos, VPos};
use xclass_core::class_grid::Grid;
use xclass_core::state::{ClassSource, SciencePlot, ScienceView};
use xclass_core::upload::Upload;

/// Panels per row: 2 for the groups, and for ten classes when the plot is narrower than this
/// many CSS pixels (a phone); else 5.
pub const NARROW: f64 = 640.0;

/// Panels per row for `panels` panels in a plot `css_width` CSS pixels wide.
pub fn columns(panels: usize, css_width: f64) -> usize {
    if panels <= 4 || css_width < NARROW {
        2
    } else {
        5
    }
}

const GRID: [u8; 4] = [225, 225, 225, 255];
const EDGE: [u8; 4] = [150, 150, 150, 255];

fn font(size: f64) -> TextStyle<'static> {
    ("sans-serif", size).into_font().color(&RGBColor(60, 60, 60))
}

/// Round tick values in `range`, at most `n` (plotters' own choice, as its charts make).
fn ticks(range: (f64, f64), n: usize) -> Vec<f64> {
    RangedCoordf64::from(range.0..range.1).key_points(n.max(2))
}

/// Where the panels go: their plotting rectangles in panel order.
fn layout(w: f64, h: f64, n: usize, scale: f64, g: &Grid) -> Vec<PlotRect> {
    let cols = columns(n, w / scale);
    let rows = n.div_ceil(cols).max(1);
    let (left, right, top, bottom) = (54.0 * scale, 10.0 * scale, 4.0 * scale, 40.0 * scale);
    let (caption, gap_x, gap_y) = (18.0 * scale, 10.0 * scale, 8.0 * scale);
    let cw = (w - left - right) / cols as f64;
    let ch = (h - top - bottom) / rows as f64;
    (0..n)
        .map(|i| {
            let (r, c) = ((i / cols) as f64, (i % cols) as f64);
            PlotRect {
                left: (left + c * cw).round(),
                right: (left + (c + 1.0) * cw - gap_x).round(),
                top: (top + r * ch + caption).round(),
                bottom: (top + (r + 1.0) * ch - gap_y).round(),
                x: g.x_range,
                y: g.y_range,
                log_x: false,
                log_y: false,
            }
        })
        .collect()
}

/// Lighter shades of `c` for the outer contours.
fn shade(c: [u8; 3], band: usize) -> [u8; 3] {
    let t = [0.25, 0.5, 0.85][band];
    c.map(|v| (255.0 - (255.0 - f64::from(v)) * t) as u8)
}

/// A filled pixel rectangle [x0, x1) × [y0, y1) in the raster.
fn fill(ras: &mut Raster, (x0, y0): (i32, i32), (x1, y1): (i32, i32), c: [u8; 4]) {
    for y in y0..y1 {
        for x in x0..x1 {
            ras.blend(x, y, c);
        }
    }
}

/// Draws every panel; returns their rectangles in panel order. With `raster` (on screen) the
/// pixels go there and only text onto `root`; without, everything onto `root` (SVG).
pub fn draw<DB: DrawingBackend>(root: &DrawingArea<DB, Shift>, g: &Grid, scale: f64, mut raster: Option<&mut Raster>) -> Vec<PlotRect> {
    let (w, h) = root.dim_in_pixel();
    let n = g.panels.len();
    let rects = layout(f64::from(w), f64::from(h), n, scale, g);
    let Some(first) = rects.first() else { return rects };
    let cols = columns(n, f64::from(w) / scale);
    let (pw, ph) = ((first.right - first.left) / scale, (first.bottom - first.top) / scale);
    let xt = ticks(g.x_range, ((pw / 50.0) as usize).max(3));
    let yt = ticks(g.y_range, ((ph / 28.0) as usize).max(3));
    let line = |a: (f64, f64), b: (f64, f64)| [(a.0.round() as i32, a.1.round() as i32), (b.0.round() as i32, b.1.round() as i32)];
    for (i, (panel, r)) in g.panels.iter().zip(&rects).enumerate() {
        let px = |x: f64, y: f64| {
            let (a, b) = r.px_of(x, y);
            (a.round() as i32, b.round() as i32)
        };
        // Grid lines under the contours.
        let lines: Vec<[(i32, i32); 2]> = xt
            .iter()
            .map(|&x| line(r.px_of(x, g.y_range.0), r.px_of(x, g.y_range.1)))
            .chain(yt.iter().map(|&y| line(r.px_of(g.x_range.0, y), r.px_of(g.x_range.1, y))))
            .collect();
        match raster.as_deref_mut() {
            Some(ras) => {
                for [a, b] in &lines {
                    fill(ras, (a.0.min(b.0), a.1.min(b.1)), (a.0.max(b.0) + 1, a.1.max(b.1) + 1), GRID);
                }
            }
            None => {
                for l in &lines {
                    root.draw(&PathElement::new(l.to_vec(), RGBColor(GRID[0], GRID[1], GRID[2]))).ok();
                }
            }
        }
        let c = hex(panel.colour);
        let alpha = if panel.points.is_empty() { 1.0 } else { 0.6 };
        if let Some(k) = &panel.kde {
            let (sx, sy) = (k.x.step() / 2.0, k.y.step() / 2.0);
            for iy in 0..k.y.n {
                for ix in 0..k.x.n {
                    let Some(band) = panel.band(k.at(ix, iy)) else { continue };
                    let (cx, cy) = (k.x.centre(ix), k.y.centre(iy));
                    let (a, b) = (px(cx - sx, cy + sy), px(cx + sx, cy - sy));
                    let [r0, g0, b0] = shade(c, band);
                    match raster.as_deref_mut() {
                        Some(ras) => fill(ras, a, b, [r0, g0, b0, (255.0 * alpha) as u8]),
                        None => drop(root.draw(&Rectangle::new([a, b], RGBColor(r0, g0, b0).mix(alpha).filled()))),
                    }
                }
            }
        }
        // Above the contours. A few hundred points: discs in the one image on screen (a
        // canvas path each cost milliseconds per panel), circles in SVG.
        // Darker than the panel's colour, so that the light ones (AGN, Seyfert_2) show.
        let radius = (1.5 * scale).max(1.0);
        let c = c.map(|v| (f64::from(v) * 0.7) as u8);
        for &(x, y) in &panel.points {
            let (cx, cy) = px(x, y);
            match raster.as_deref_mut() {
                Some(ras) => ras.dot(cx as f32, cy as f32, radius as f32, [c[0], c[1], c[2], 128]),
                None => drop(root.draw(&Circle::new((cx, cy), radius as i32, RGBColor(c[0], c[1], c[2]).mix(0.5).filled()))),
            }
        }
        // The frame, then the caption above it.
        let (a, b) = (px(g.x_range.0, g.y_range.1), px(g.x_range.1, g.y_range.0));
        match raster.as_deref_mut() {
            Some(ras) => {
                fill(ras, a, (b.0 + 1, a.1 + 1), EDGE);
                fill(ras, (a.0, b.1), (b.0 + 1, b.1 + 1), EDGE);
                fill(ras, a, (a.0 + 1, b.1 + 1), EDGE);
                fill(ras, (b.0, a.1), (b.0 + 1, b.1 + 1), EDGE);
            }
            None => drop(root.draw(&Rectangle::new([a, b], RGBColor(EDGE[0], EDGE[1], EDGE[2])))),
        }
        let caption = format!("{} ({})", panel.name, xclass_core::format::thousands(panel.n));
        let at = ((r.left + r.right) / 2.0) as i32;
        root.draw(&Text::new(
            caption,
            (at, (r.top - 3.0 * scale) as i32),
            font(12.0 * scale).pos(Pos::new(HPos::Center, VPos::Bottom)),
        ))
        .ok();
        // Shared axes: y ticks on the first column, x ticks under the last panel of a column.
        let labels = font(10.0 * scale);
        if i % cols == 0 {
            for &y in &yt {
                let (_, py) = r.px_of(g.x_range.0, y);
                root.draw(&Text::new(
                    tick(y),
                    ((r.left - 4.0 * scale) as i32, py as i32),
                    labels.pos(Pos::new(HPos::Right, VPos::Center)),
                ))
                .ok();
            }
        }
        if i + cols >= n {
            for &x in &xt {
                let (px, _) = r.px_of(x, g.y_range.0);
                root.draw(&Text::new(
                    tick(x),
                    (px as i32, (r.bottom + 4.0 * scale) as i32),
                    labels.pos(Pos::new(HPos::Center, VPos::Top)),
                ))
                .ok();
            }
        }
    }
    // The axis names once: x under the grid, y along its left edge.
    let names = font(11.0 * scale);
    let (mid_x, mid_y) = (
        (first.left + rects[(cols - 1).min(n - 1)].right) / 2.0,
        (first.top + rects[n - 1].bottom) / 2.0,
    );
    root.draw(&Text::new(
        g.x.name(),
        (mid_x as i32, (f64::from(h) - 4.0 * scale) as i32),
        names.pos(Pos::new(HPos::Center, VPos::Bottom)),
    ))
    .ok();
    root.draw(&Text::new(
        g.y.name(),
        ((4.0 * scale) as i32, mid_y as i32),
        names.transform(FontTransform::Rotate270).pos(Pos::new(HPos::Center, VPos::Top)),
    ))
    .ok();
    rects
}

/// The note under a grid of an upload's labels: the rows shown and those left out, or why
/// there is no such grid (no upload, or one without a label column). `None` for other grids.
pub fn note(v: &ScienceView, g: Option<&Grid>, upload: Option<&Upload>) -> Option<String> {
    if v.plot != SciencePlot::ClassGrid || v.class_source != ClassSource::Label {
        return None;
    }
    let (Some(g), Some(up)) = (g, upload) else {
        return Some(match upload {
            Some(up) => format!(
                "{}: no label column (otype, main_type, class, label or master_class); pick another class.",
                up.file
            ),
            None => "No upload: drop or choose a table with a label column in the “New sources” tab to see its labels.".into(),
        });
    };
    let (u, t) = (g.unplaced, xclass_core::format::thousands);
    let placed: usize = g.panels.iter().map(|p| p.n).sum();
    Some(format!(
        "Panels by the labels of {} ({}): {} rows; not shown: {} unlabelled, {} with an unmapped type, {} missing {} or {}.",
        up.file,
        up.label_column.clone().unwrap_or_default(),
        t(placed),
        t(u.unlabelled),
        t(u.unmapped),
        t(u.missing),
        g.x.name(),
        g.y.name()
    ))
}
