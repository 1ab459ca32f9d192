//! The sky split by aggregated class: four Mollweide panels of the rows' density (counts per
//! 3-pixel bin, log colour), with the core's well-known fields labelled on request.

use crate::draw::axes::sky_frame;
use crate::draw::colour::hex;
use xclass_core::palette::Palette;
use crate::draw::raster::Raster;
use plotters::coord::Shift;
use plotters::prelude::*;
use xclass_core::class::Group;
use xclass_core::points::Points;
use xclass_core::sky::{icrs_to, Affine, Frame, Mollweide, Viewport, FIELDS};

/// Bin size in device pixels.
const BIN: u32 = 3;

/// Projected positions of every row (plane coordinates; NaN when not projectable), per frame.
pub fn project(p: &Points, frame: Frame) -> (Vec<f32>, Vec<f32>) {
    let (lon, lat): (Vec<f64>, Vec<f64>) = p.ra.iter().zip(&p.dec).map(|(&r, &d)| icrs_to(frame, r, d)).unzip();
    let (mut x, mut y) = (Vec::new(), Vec::new());
    Mollweide::new().project_many(&lon, &lat, &mut x, &mut y);
    (x, y)
}

/// Per group: counts per bin of its panel, and the panel's plane → pixel map.
pub struct SkyPanels {
    pub frame: Frame,
    pub panels: Vec<(Group, usize, Vec<u32>)>,
    pub bins: (u32, u32),
    pub to_px: Affine,
    pub size: (u32, u32),
    /// The groups' colours.
    pub palette: Palette,
}

/// Counts the rows passing `mask` in each group's panel of `size` (one panel's pixels).
pub fn compute(p: &Points, xy: &(Vec<f32>, Vec<f32>), mask: &[bool], frame: Frame, size: (u32, u32), palette: Palette) -> SkyPanels {
    let vp = Viewport::fit(size.0, size.1, 6.0);
    let to_px = vp.pixel_to_plane.inverse().expect("invertible");
    let bins = (size.0 / BIN + 1, size.1 / BIN + 1);
    let mut panels: Vec<(Group, usize, Vec<u32>)> = Group::ALL.iter().map(|g| (*g, 0, vec![0u32; (bins.0 * bins.1) as usize])).collect();
    for i in (0..p.len()).filter(|&i| mask[i]) {
        let (x, y) = (f64::from(xy.0[i]), f64::from(xy.1[i]));
        if !x.is_finite() {
            continue;
        }
        let (a, b) = to_px.apply(x, y);
        if a < 0.0 || b < 0.0 || a >= f64::from(size.0) || b >= f64::from(size.1) {
            continue;
        }
        let panel = &mut panels[p.own_class[i].group().index()];
        panel.1 += 1;
        panel.2[(b as u32 / BIN * bins.0 + a as u32 / BIN) as usize] += 1;
    }
    SkyPanels {
        frame,
        panels,
        bins,
        to_px,
        size,
        palette,
    }
}

/// Draws the four panels in a 2 × 2 grid on `root` (each of `s.size`). The density bins go
/// into `raster` when given (on screen: one image, fast at any scale), else onto `root` as
/// rectangles (SVG export).
pub fn draw<DB: DrawingBackend>(root: &DrawingArea<DB, Shift>, s: &SkyPanels, fields: bool, scale: f64, mut raster: Option<&mut Raster>) {
    let areas = root.split_evenly((2, 2));
    for (q, ((g, n, counts), area)) in s.panels.iter().zip(&areas).enumerate() {
        sky_frame(area, &s.to_px, s.frame, scale, 1.0);
        let c = hex(s.palette.group(*g));
        let (ox, oy) = ((q % 2) as i32 * s.size.0 as i32, (q / 2) as i32 * s.size.1 as i32);
        let lmax = f64::from(counts.iter().copied().max().unwrap_or(1).max(1)).ln_1p();
        for (b, &k) in counts.iter().enumerate().filter(|(_, k)| **k > 0) {
            let (bx, by) = ((b as u32 % s.bins.0 * BIN) as i32, (b as u32 / s.bins.0 * BIN) as i32);
            let t = (0.3 + 0.7 * f64::from(k).ln_1p() / lmax).min(1.0);
            match raster.as_deref_mut() {
                Some(r) => {
                    let rgba = [c[0], c[1], c[2], (255.0 * t) as u8];
                    for dy in 0..BIN as i32 {
                        for dx in 0..BIN as i32 {
                            r.blend(ox + bx + dx, oy + by + dy, rgba);
                        }
                    }
                }
                None => {
                    let style = RGBColor(c[0], c[1], c[2]).mix(t).filled();
                    area.draw(&Rectangle::new([(bx, by), (bx + BIN as i32, by + BIN as i32)], style)).ok();
                }
            }
        }
        let font = ("sans-serif", 13.0 * scale).into_font().color(&RGBColor(c[0], c[1], c[2]));
        area.draw(&Text::new(
            format!("{} ({})", g.name(), xclass_core::format::thousands(*n)),
            ((s.size.0 as f64 - 150.0 * scale) as i32, (6.0 * scale) as i32),
            font,
        ))
        .ok();
        if fields {
            let m = Mollweide::new();
            let label = ("sans-serif", 9.5 * scale).into_font();
            for f in FIELDS {
                let (lon, lat) = icrs_to(s.frame, f.ra, f.dec);
                let Some((x, y)) = m.project(lon, lat) else { continue };
                let (a, b) = s.to_px.apply(x, y);
                let r = (4.0 * scale) as i32;
                area.draw(&Circle::new((a as i32, b as i32), r, ShapeStyle::from(&BLACK).stroke_width(1)))
                    .ok();
                area.draw(&Text::new(f.name, (a as i32 + r + 1, b as i32 - r), label.clone())).ok();
            }
        }
    }
}

/// The plotted counts as CSV: per group, the rows in the panel.
pub fn csv(s: &SkyPanels) -> String {
    let mut out = String::from("group,rows\n");
    for (g, n, _) in &s.panels {
        out += &format!("{},{n}\n", g.name());
    }
    out
}
