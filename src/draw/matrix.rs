//! A labelled, row-normalised matrix as a heatmap with its colour bar, drawn with plotters
//! (for PNG/SVG export).

use plotters::coord::Shift;
use plotters::prelude::*;
use plotters::style::text_anchor::{HPos, Pos, VPos};

/// Rows × columns of values in [0, 1] with labels and optional counts.
#[derive(Clone)]
pub struct Grid {
    pub title: String,
    pub row_title: String,
    pub col_title: String,
    pub rows: Vec<String>,
    pub cols: Vec<String>,
    pub values: Vec<Vec<f64>>,
    pub counts: Option<Vec<Vec<u64>>>,
}

/// White → matplotlib "Blues" dark blue.
pub fn blues(t: f64) -> (u8, u8, u8) {
    let t = t.clamp(0.0, 1.0);
    let lerp = |a: f64, b: f64| (a + (b - a) * t).round() as u8;
    (lerp(247.0, 8.0), lerp(251.0, 48.0), lerp(255.0, 107.0))
}

/// Draws the heatmap filling `root` (its title on top unless empty), with a colour bar
/// (share of the row, 0 to 1) on the right.
pub fn draw_grid<DB: DrawingBackend>(root: &DrawingArea<DB, Shift>, g: &Grid) {
    let (w, h) = root.dim_in_pixel();
    let (w, h) = (f64::from(w), f64::from(h));
    let font = |s: f64| ("sans-serif", s).into_font().color(&RGBColor(40, 40, 40));
    let top = if g.title.is_empty() { 0.05 * h } else { 0.12 * h };
    let (left, right, bottom) = (0.16 * w, 0.13 * w, 0.11 * h);
    let (nr, nc) = (g.rows.len().max(1) as f64, g.cols.len().max(1) as f64);
    let (cw, ch) = ((w - left - right) / nc, (h - top - bottom) / nr);
    let size = (ch.min(cw) * 0.28).clamp(8.0, 16.0);
    if !g.title.is_empty() {
        root.draw(&Text::new(g.title.clone(), ((w / 2.0) as i32, (0.02 * h) as i32), font(size * 1.2).pos(Pos::new(HPos::Center, VPos::Top)))).ok();
    }
    for (i, row) in g.values.iter().enumerate() {
        for (j, &v) in row.iter().enumerate() {
            let (x0, y0) = (left + j as f64 * cw, top + i as f64 * ch);
            let (r, gr, b) = blues(v);
            root.draw(&Rectangle::new([(x0 as i32, y0 as i32), ((x0 + cw) as i32, (y0 + ch) as i32)], RGBColor(r, gr, b).filled())).ok();
            let ink = if v > 0.55 { WHITE } else { BLACK };
            let text = format!("{v:.2}");
            root.draw(&Text::new(text, ((x0 + cw / 2.0) as i32, (y0 + ch / 2.0) as i32), ("sans-serif", size).into_font().color(&ink).pos(Pos::new(HPos::Center, VPos::Center)))).ok();
        }
    }
    for (i, l) in g.rows.iter().enumerate() {
        let y = top + (i as f64 + 0.5) * ch;
        root.draw(&Text::new(l.clone(), ((left - 6.0) as i32, y as i32), font(size).pos(Pos::new(HPos::Right, VPos::Center)))).ok();
    }
    for (j, l) in g.cols.iter().enumerate() {
        let x = left + (j as f64 + 0.5) * cw;
        root.draw(&Text::new(l.clone(), (x as i32, (h - bottom + 6.0) as i32), font(size * 0.9).pos(Pos::new(HPos::Center, VPos::Top)))).ok();
    }
    colour_bar(root, (w - right + 0.03 * w, top), (0.03 * w, h - top - bottom), size);
    root.draw(&Text::new(g.col_title.clone(), ((left + (w - left - right) / 2.0) as i32, (h - bottom + 8.0 + 2.2 * size) as i32), font(size).pos(Pos::new(HPos::Center, VPos::Top)))).ok();
    root.draw(&Text::new(g.row_title.clone(), (4, (top - 6.0) as i32), font(size).pos(Pos::new(HPos::Left, VPos::Bottom)))).ok();
}

/// A vertical Blues bar at `at` of `size` px: 1 at the top, 0 at the bottom, ticks every 0.25.
fn colour_bar<DB: DrawingBackend>(root: &DrawingArea<DB, Shift>, at: (f64, f64), size: (f64, f64), font: f64) {
    let ((x, y), (bw, bh)) = (at, size);
    let steps = 64;
    for i in 0..steps {
        let t = 1.0 - (f64::from(i) + 0.5) / f64::from(steps);
        let (r, g, b) = blues(t);
        let y0 = y + bh * f64::from(i) / f64::from(steps);
        let y1 = y + bh * f64::from(i + 1) / f64::from(steps);
        root.draw(&Rectangle::new([(x as i32, y0 as i32), ((x + bw) as i32, y1.ceil() as i32)], RGBColor(r, g, b).filled())).ok();
    }
    root.draw(&Rectangle::new([(x as i32, y as i32), ((x + bw) as i32, (y + bh) as i32)], RGBColor(90, 90, 90))).ok();
    let style = ("sans-serif", font * 0.85).into_font().color(&RGBColor(40, 40, 40));
    for k in 0..=4 {
        let v = f64::from(k) / 4.0;
        let ty = y + bh * (1.0 - v);
        root.draw(&PathElement::new([((x + bw) as i32, ty as i32), ((x + bw + 4.0) as i32, ty as i32)], RGBColor(90, 90, 90))).ok();
        root.draw(&Text::new(format!("{v:.2}"), ((x + bw + 6.0) as i32, ty as i32), style.clone().pos(Pos::new(HPos::Left, VPos::Center)))).ok();
    }
    root.draw(&Text::new("share of row".to_string(), ((x + bw / 2.0) as i32, (y - 4.0) as i32), style.pos(Pos::new(HPos::Center, VPos::Bottom)))).ok();
}
