//! Frames drawn with plotters on any backend (the on-screen canvas, or SVG for export): the
//! Mollweide outline and graticule, and scatter-plot axes.

use plotters::coord::Shift;
use plotters::prelude::*;
use plotters::style::text_anchor::{HPos, Pos, VPos};
use xclass_core::sky::{graticule, graticule_labels, graticule_step, icrs_to, outline, Affine, Cone, Frame, LineKind, Mollweide};

/// A plotting rectangle in pixels, and the data range it shows (log10 values when log).
#[derive(Clone, Copy, Debug, PartialEq)]
pub struct PlotRect {
    pub left: f64,
    pub top: f64,
    pub right: f64,
    pub bottom: f64,
    pub x: (f64, f64),
    pub y: (f64, f64),
    pub log_x: bool,
    pub log_y: bool,
}

impl PlotRect {
    /// Axis value (already log10 on log axes) → pixel.
    #[inline]
    pub fn px_of(&self, x: f64, y: f64) -> (f64, f64) {
        (
            self.left + (x - self.x.0) / (self.x.1 - self.x.0) * (self.right - self.left),
            self.bottom - (y - self.y.0) / (self.y.1 - self.y.0) * (self.bottom - self.top),
        )
    }

    /// Pixel → axis value.
    pub fn value_at(&self, px: f64, py: f64) -> (f64, f64) {
        (
            self.x.0 + (px - self.left) / (self.right - self.left) * (self.x.1 - self.x.0),
            self.y.0 + (self.bottom - py) / (self.bottom - self.top) * (self.y.1 - self.y.0),
        )
    }

    /// Whether a pixel lies inside the rectangle.
    pub fn contains(&self, px: f64, py: f64) -> bool {
        px >= self.left && px <= self.right && py >= self.top && py <= self.bottom
    }
}

fn font(size: f64) -> TextStyle<'static> {
    ("sans-serif", size).into_font().color(&RGBColor(60, 60, 60))
}

fn path(points: &[(f64, f64)], to_px: &Affine) -> Vec<(i32, i32)> {
    points.iter().map(|&(x, y)| to_px.apply(x, y)).map(|(x, y)| (x.round() as i32, y.round() as i32)).collect()
}

/// A graticule value as text: degrees (galactic, Dec) or hours (RA), without needless digits.
fn angle_text(v: f64, kind: LineKind, frame: Frame) -> String {
    let t = |x: f64| xclass_core::format::sig(x, 6);
    match (kind, frame) {
        // Right ascension in hours, minutes and seconds of time (e.g. 0h56m, 0h54m30s).
        (LineKind::Meridian, Frame::Equatorial) => {
            let s = (v / 15.0 * 3600.0).round() as i64;
            match (s / 3600, s / 60 % 60, s % 60) {
                (h, 0, 0) => format!("{h}h"),
                (h, m, 0) => format!("{h}h{m:02}m"),
                (h, m, sec) => format!("{h}h{m:02}m{sec:02}s"),
            }
        }
        (LineKind::Meridian, Frame::Galactic) => format!("{}°", t(v)),
        (LineKind::Parallel, _) if v == 0.0 => "0°".into(),
        (LineKind::Parallel, _) => format!("{}{}°", if v > 0.0 { "+" } else { "" }, t(v)),
    }
}

/// The sky frame: outline, a graticule that refines as the map is magnified (`zoom`), its
/// labels kept inside the canvas and never on top of each other, the frame name.
pub fn sky_frame<DB: DrawingBackend>(root: &DrawingArea<DB, Shift>, to_px: &Affine, frame: Frame, scale: f64, zoom: f64) {
    let (w, h) = root.dim_in_pixel();
    let (w, h) = (f64::from(w), f64::from(h));
    let step = graticule_step(zoom);
    let grid = ShapeStyle::from(&RGBColor(170, 170, 170)).stroke_width(1);
    let samples = (91.0 * zoom.sqrt()).clamp(91.0, 1500.0) as usize;
    let lines = graticule(step, step, samples);
    for line in &lines {
        root.draw(&PathElement::new(path(&line.points, to_px), grid)).ok();
    }
    let edge = ShapeStyle::from(&RGBColor(90, 90, 90)).stroke_width((1.5 * scale).round().max(1.0) as u32);
    root.draw(&PathElement::new(path(&outline(361), to_px), edge)).ok();
    let size = 11.0 * scale;
    let margin = 4.0 * scale;
    let inside = |x: f64, y: f64| x >= margin && x <= w - margin && y >= margin && y <= h - margin;
    // Whole sky: meridians labelled along the equator (every other line), parallels on the
    // left edge. Zoomed: each line where it is in view nearest the bottom (meridians) or the
    // left (parallels) edge.
    let mut anchors: Vec<(String, f64, f64, LineKind)> = Vec::new();
    if zoom <= 1.0 {
        for label in graticule_labels(2.0 * step, step) {
            let (x, y) = to_px.apply(label.at.0, label.at.1);
            anchors.push((angle_text(label.value_deg, label.kind, frame), x, y, label.kind));
        }
    } else {
        for line in &lines {
            let pts = line.points.iter().map(|&(x, y)| to_px.apply(x, y)).filter(|&(x, y)| inside(x, y));
            let best = match line.kind {
                LineKind::Meridian => pts.max_by(|a, b| a.1.total_cmp(&b.1)),
                LineKind::Parallel => pts.min_by(|a, b| a.0.total_cmp(&b.0)),
            };
            if let Some((x, y)) = best {
                anchors.push((angle_text(line.value_deg, line.kind, frame), x, y, line.kind));
            }
        }
    }
    // Boxes of the labels placed so far; a label that would overlap one is left out.
    let mut placed: Vec<(f64, f64, f64, f64)> = Vec::new();
    for (text, x, y, kind) in anchors {
        let tw = 0.6 * size * text.chars().count() as f64;
        let (mut x0, mut y0) = match kind {
            LineKind::Meridian => (x - tw / 2.0, y + 3.0 * scale),
            LineKind::Parallel if zoom <= 1.0 => (x - 4.0 * scale - tw, y - size / 2.0),
            LineKind::Parallel => (x + 3.0 * scale, y - size - 2.0 * scale),
        };
        if zoom > 1.0 && kind == LineKind::Meridian && y0 + size > h - margin {
            y0 = y - size - 3.0 * scale;
        }
        x0 = x0.clamp(margin, (w - margin - tw).max(margin));
        y0 = y0.clamp(margin, (h - margin - size).max(margin));
        let b = (x0 - 2.0, y0 - 1.0, x0 + tw + 2.0, y0 + size + 1.0);
        if placed.iter().any(|p| b.0 < p.2 && p.0 < b.2 && b.1 < p.3 && p.1 < b.3) {
            continue;
        }
        placed.push(b);
        root.draw(&Text::new(text, (x0 as i32, y0 as i32), font(size).pos(Pos::new(HPos::Left, VPos::Top)))).ok();
    }
    let name = match frame {
        Frame::Galactic => "Galactic (l, b)",
        Frame::Equatorial => "ICRS (α, δ)",
    };
    root.draw(&Text::new(name, ((6.0 * scale) as i32, (6.0 * scale) as i32), font(size))).ok();
}

/// The cone of the sky filter: its edge as a dashed-looking outline (split where it wraps
/// around the map's edge), in the frame shown.
pub fn sky_cone<DB: DrawingBackend>(root: &DrawingArea<DB, Shift>, to_px: &Affine, frame: Frame, cone: &Cone, scale: f64) {
    let m = Mollweide::new();
    let style = ShapeStyle::from(&RGBColor(213, 94, 0)).stroke_width((2.0 * scale).round().max(1.0) as u32);
    let mut pts: Vec<(f64, f64)> = cone.outline(180).into_iter().collect();
    pts.push(pts[0]);
    let mut run: Vec<(i32, i32)> = Vec::new();
    let mut last: Option<(f64, f64)> = None;
    for (ra, dec) in pts {
        let (l, b) = icrs_to(frame, ra, dec);
        let Some((x, y)) = m.project(l, b) else { continue };
        // A jump across the map (the ±180° seam) ends the current run.
        if last.is_some_and(|(lx, _)| (lx - x).abs() > 1.0) && run.len() > 1 {
            root.draw(&PathElement::new(std::mem::take(&mut run), style)).ok();
        }
        let (px, py) = to_px.apply(x, y);
        run.push((px.round() as i32, py.round() as i32));
        last = Some((x, y));
    }
    if run.len() > 1 {
        root.draw(&PathElement::new(run, style)).ok();
    }
}

/// A tick value without needless digits: 0.5, -1, 0.25.
pub fn tick(v: f64) -> String {
    let s = format!("{v:.3}");
    let s = s.trim_end_matches('0').trim_end_matches('.');
    if s == "-0" { "0".into() } else { s.into() }
}

/// Axis labels for one scatter panel.
pub struct AxesSpec<'a> {
    pub caption: Option<&'a str>,
    pub x_label: &'a str,
    pub y_label: &'a str,
    pub x: (f64, f64),
    pub y: (f64, f64),
    pub log_x: bool,
    pub log_y: bool,
}

/// Draws axes, ticks, grid and labels; returns the plotting rectangle in pixels.
pub fn scatter_axes<DB: DrawingBackend>(area: &DrawingArea<DB, Shift>, spec: &AxesSpec, scale: f64) -> Option<PlotRect> {
    let mut b = ChartBuilder::on(area);
    b.margin((8.0 * scale) as i32)
        .x_label_area_size((34.0 * scale) as i32)
        .y_label_area_size((48.0 * scale) as i32);
    if let Some(c) = spec.caption {
        b.caption(c, font(12.0 * scale));
    }
    let grid = RGBColor(225, 225, 225);
    // Log axes are drawn on log10 values with tick labels as powers of ten.
    let fmt = |log: bool| move |v: &f64| if log { format!("1e{v:.0}") } else { tick(*v) };
    let narrow = area.dim_in_pixel().0 < (360.0 * scale) as u32;
    let mut chart = b.build_cartesian_2d(spec.x.0..spec.x.1, spec.y.0..spec.y.1).ok()?;
    chart
        .configure_mesh()
        .x_desc(spec.x_label)
        .y_desc(spec.y_label)
        .label_style(font(10.0 * scale))
        .axis_desc_style(font(11.0 * scale))
        .light_line_style(TRANSPARENT)
        .bold_line_style(grid)
        .x_labels(if spec.log_x { (spec.x.1 - spec.x.0).ceil() as usize + 1 } else if narrow { 3 } else { 6 })
        .y_labels(if spec.log_y { (spec.y.1 - spec.y.0).ceil() as usize + 1 } else { 6 })
        .x_label_formatter(&fmt(spec.log_x))
        .y_label_formatter(&fmt(spec.log_y))
        .draw()
        .ok()?;
    let (xr, yr) = chart.plotting_area().get_pixel_range();
    Some(PlotRect {
        left: f64::from(xr.start),
        right: f64::from(xr.end),
        top: f64::from(yr.start),
        bottom: f64::from(yr.end),
        x: spec.x,
        y: spec.y,
        log_x: spec.log_x,
        log_y: spec.log_y,
    })
}
