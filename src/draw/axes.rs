//! Frames drawn with plotters on any backend (the on-screen canvas, or SVG for export): the
//! Mollweide outline and graticule, and scatter-plot axes.

use plotters::coord::Shift;
use plotters::prelude::*;
use plotters::style::text_anchor::{HPos, Pos, VPos};
use xclass_core::sky::{graticule, graticule_labels, outline, Affine, Frame, LineKind};

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

/// The sky frame: outline, 30° graticule and its labels, frame name.
pub fn sky_frame<DB: DrawingBackend>(root: &DrawingArea<DB, Shift>, to_px: &Affine, frame: Frame, scale: f64) {
    let grid = ShapeStyle::from(&RGBColor(170, 170, 170)).stroke_width(1);
    for line in graticule(30.0, 30.0, 91) {
        root.draw(&PathElement::new(path(&line.points, to_px), grid)).ok();
    }
    let edge = ShapeStyle::from(&RGBColor(90, 90, 90)).stroke_width((1.5 * scale).round().max(1.0) as u32);
    root.draw(&PathElement::new(path(&outline(361), to_px), edge)).ok();
    let size = 11.0 * scale;
    for label in graticule_labels(60.0, 30.0) {
        let (x, y) = to_px.apply(label.at.0, label.at.1);
        let (text, pos) = match label.kind {
            LineKind::Meridian => (
                match frame {
                    Frame::Galactic => format!("{}°", label.value_deg),
                    Frame::Equatorial => format!("{}h", label.value_deg / 15.0),
                },
                Pos::new(HPos::Center, VPos::Top),
            ),
            LineKind::Parallel if label.value_deg == 0.0 => ("0°".to_string(), Pos::new(HPos::Right, VPos::Center)),
            LineKind::Parallel => (format!("{:+}°", label.value_deg), Pos::new(HPos::Right, VPos::Center)),
        };
        let (dx, dy) = match label.kind {
            LineKind::Meridian => (0.0, 3.0 * scale),
            LineKind::Parallel => (-4.0 * scale, 0.0),
        };
        root.draw(&Text::new(text, ((x + dx) as i32, (y + dy) as i32), font(size).pos(pos))).ok();
    }
    let name = match frame {
        Frame::Galactic => "Galactic (l, b)",
        Frame::Equatorial => "ICRS (α, δ)",
    };
    root.draw(&Text::new(name, ((6.0 * scale) as i32, (6.0 * scale) as i32), font(size))).ok();
}

/// A tick value without needless digits: 0.5, -1, 0.25.
fn tick(v: f64) -> String {
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
