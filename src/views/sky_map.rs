//! The Mollweide sky map: points (or a HEALPix density map) in galactic or equatorial
//! coordinates, graticule, hover, click to select, wheel zoom, drag pan, legend, export.

use super::describe;
use super::legend::LegendView;
use super::surface::{click_row, hit, Gestures, PlotSurface, Surface, Tool};
use crate::ctx::{Ctx, Step};
use crate::draw::axes::{sky_cone, sky_frame};
use crate::draw::canvas::{context, dpr};
use crate::draw::colour::{viridis, Legend, Painter};
use crate::draw::hit::Drawn;
use crate::draw::raster::{Raster, MATCHED, UPLOAD_ROW};
use crate::perf;
use crate::shared::Shared;
use leptos::prelude::*;
use plotters::prelude::*;
use plotters_canvas::CanvasBackend;
use xclass_core::points::{Level, Points};
use xclass_core::sky::{healpix_cell, healpix_pixel_map, icrs_to, Affine, Frame, Mollweide, Viewport, NO_CELL};
use xclass_core::state::{Colour, Render, SkyView, SkyZoom};

/// Above this many visible rows, `Render::Auto` draws a density map.
const DENSITY_ABOVE: usize = 200_000;
/// Finest HEALPix depth used (cells ≈ 0.06°).
const MAX_DEPTH: u8 = 10;

/// Positions of one level in one frame: lon/lat (degrees) and the projection plane.
pub struct Projected {
    pub lon: Vec<f64>,
    pub lat: Vec<f64>,
    pub x: Vec<f32>,
    pub y: Vec<f32>,
}

fn project(p: &Points, frame: Frame) -> Projected {
    let (lon, lat): (Vec<f64>, Vec<f64>) = (0..p.len()).map(|i| icrs_to(frame, p.ra[i], p.dec[i])).unzip();
    let (mut x, mut y) = (Vec::new(), Vec::new());
    Mollweide::new().project_many(&lon, &lat, &mut x, &mut y);
    Projected { lon, lat, x, y }
}

/// Pixel → plane for a canvas size and zoom.
fn pixel_to_plane(size: (u32, u32), zoom: Option<SkyZoom>) -> Affine {
    let fit = Viewport::fit(size.0, size.1, 10.0 * dpr()).pixel_to_plane;
    let z = zoom.unwrap_or(SkyZoom { x: 0.0, y: 0.0, scale: 1.0 });
    let s = fit.a / z.scale;
    let (w, h) = (f64::from(size.0), f64::from(size.1));
    Affine { a: s, b: 0.0, c: z.x - s * w / 2.0, d: 0.0, e: -s, f: z.y + s * h / 2.0 }
}

fn dot_radius(n: usize) -> f32 {
    let r = if n < 20_000 { 1.8 } else if n < 150_000 { 1.1 } else { 0.7 };
    r * dpr() as f32
}

struct DensityCache {
    key: (u32, u32, u64, u64, u64, u8),
    cells: Vec<u64>,
    /// Rows per cell of the last draw (for hover).
    counts: Vec<u32>,
}

#[component]
pub fn SkyMap() -> impl IntoView {
    let ctx = expect_context::<Ctx>();
    let s = Surface::new();
    let sky = Memo::new(move |_| ctx.view.with(|v| v.sky));
    let editor_base = Memo::new(move |_| ctx.view.with(|v| v.editor.as_ref().and_then(|e| e.base.clone())));
    let level = Memo::new(move |_| sky.get().level);
    let frame = Memo::new(move |_| sky.get().frame);
    let projected = Memo::new(move |_| {
        let (lvl, fr) = (level.get(), frame.get());
        ctx.dataset.with(|d| Shared::new(project(d.points(lvl), fr)))
    });
    // Finest-depth HEALPix cell of every row, computed only when a density map is drawn.
    let fine_cells = Memo::new(move |_| {
        let p = projected.get();
        Shared::new((0..p.lon.len()).map(|i| healpix_cell(MAX_DEPTH, p.lon[i], p.lat[i])).collect::<Vec<u64>>())
    });
    // Colours depend on the rows and the mode only (scalar ranges come from all rows): built
    // once per change of those, not on every redraw.
    let colouring = Memo::new(move |_| sky.with(|v| (v.level, v.colour)));
    let painter = Memo::new(move |_| {
        let (lvl, colour) = colouring.get();
        let subsets = ctx.subset_colours.get();
        let palette = ctx.view.with(|v| v.palette);
        ctx.dataset.with(|d| Shared::new(Painter::new(colour, d.points(lvl), &ctx.model.get().model, 210, &subsets, palette)))
    });
    let drawn = StoredValue::new(Drawn::default());
    let density_cache = StoredValue::new(None::<DensityCache>);
    let legend = RwSignal::new(None::<Legend>);
    let mode_note = RwSignal::new(String::new());
    // Whether the last draw was a density map (then the colour menu does not apply).
    let is_density = RwSignal::new(false);
    let empty = RwSignal::new(false);

    Effect::new(move |_| {
        let v: SkyView = sky.get();
        let cone = ctx.filter.with(|f| f.cone);
        let size = s.size.get();
        let mask = ctx.mask(v.level).get();
        let selected = ctx.selected.get();
        let proj = projected.get();
        let upload = ctx.upload.get();
        let matched = ctx.matched.get();
        let editor_at = editor_base.get()
            .and_then(|n| ctx.dataset.with_untracked(|d| d.names.find(&n).map(|i| (d.sources.ra[i], d.sources.dec[i]))));
        let (Some(base), Some(over)) = (s.base.get_untracked(), s.frame.get_untracked()) else { return };
        if size.0 < 2 || size.1 < 2 {
            return;
        }
        let t0 = perf::now();
        let to_plane = pixel_to_plane(size, v.zoom);
        let to_px = to_plane.inverse().expect("invertible");
        let visible = mask.iter().filter(|m| **m).count();
        let density = match v.render {
            Render::Density => true,
            Render::Points => false,
            Render::Auto => visible > DENSITY_ABOVE,
        };
        is_density.set(density);
        empty.set(visible == 0);
        let mut raster = Raster::new(size.0, size.1);
        ctx.dataset.with_untracked(|d| {
            let p = d.points(v.level);
            drawn.update_value(|dr| dr.clear());
            if density {
                let depth = (7 + v.zoom.map_or(0.0, |z| z.scale.log2().floor()) as i64).clamp(3, i64::from(MAX_DEPTH)) as u8;
                let fine = fine_cells.get_untracked();
                let shift = 2 * u32::from(MAX_DEPTH - depth);
                let mut counts = vec![0u32; 12 << (2 * u32::from(depth))];
                for (i, &c) in fine.iter().enumerate() {
                    if mask[i] && c != NO_CELL {
                        counts[(c >> shift) as usize] += 1;
                    }
                }
                let max = counts.iter().copied().max().unwrap_or(1).max(1);
                let z = v.zoom.unwrap_or(SkyZoom { x: 0.0, y: 0.0, scale: 1.0 });
                let key = (size.0, size.1, z.x.to_bits(), z.y.to_bits(), z.scale.to_bits(), depth);
                density_cache.update_value(|cache| {
                    if cache.as_ref().is_none_or(|c| c.key != key) {
                        let vp = Viewport { width: size.0, height: size.1, pixel_to_plane: to_plane };
                        *cache = Some(DensityCache { key, cells: healpix_pixel_map(depth, &vp), counts: Vec::new() });
                    }
                    let cache = cache.as_mut().expect("filled");
                    let cells = &cache.cells;
                    let lmax = f64::from(max).ln_1p();
                    for (k, &cell) in cells.iter().enumerate() {
                        if cell == NO_CELL {
                            continue;
                        }
                        let n = counts[cell as usize];
                        if n > 0 {
                            let c = viridis(f64::from(n).ln_1p() / lmax);
                            raster.set(k as u32 % size.0, k as u32 / size.0, [c[0], c[1], c[2], 255]);
                        }
                    }
                    cache.counts = counts;
                });
                legend.set(Some(Legend::Bar { label: format!("rows per HEALPix cell (depth {depth})"), min: 0.0, max: f64::from(max).log10(), log: true }));
                mode_note.set(format!("density map: {}", xclass_core::format::count(visible, "row")));
            } else {
                density_cache.update_value(|c| {
                    if let Some(c) = c {
                        c.counts.clear();
                    }
                });
                let r = dot_radius(visible);
                let painter = painter.get();
                drawn.update_value(|dr| {
                    for i in 0..p.len() {
                        if !mask[i] || proj.x[i].is_nan() {
                            continue;
                        }
                        let (x, y) = to_px.apply(f64::from(proj.x[i]), f64::from(proj.y[i]));
                        raster.dot(x as f32, y as f32, r, painter.rgba(p, i));
                        dr.push(x as f32, y as f32, i as u32);
                    }
                });
                legend.set(Some(painter.legend.clone()));
                mode_note.set(String::new());
            }
            let n_selected = (0..p.len()).filter(|&i| mask[i] && selected[p.source[i] as usize]).count();
            for i in 0..p.len() {
                if mask[i] && selected[p.source[i] as usize] && !proj.x[i].is_nan() {
                    let (x, y) = to_px.apply(f64::from(proj.x[i]), f64::from(proj.y[i]));
                    raster.highlight(x as f32, y as f32, n_selected, dpr() as f32);
                }
            }
        });
        let mollweide = Mollweide::new();
        let to_screen = |ra: f64, dec: f64| {
            let (l, b) = icrs_to(v.frame, ra, dec);
            mollweide.project(l, b).map(|(x, y)| to_px.apply(x, y))
        };
        if let Some(up) = &upload {
            let fill = [255, 255, 255, 235];
            drawn.update_value(|dr| {
                for (k, d) in up.detections.iter().enumerate() {
                    if let Some((x, y)) = d.position.and_then(|(ra, dec)| to_screen(ra, dec)) {
                        raster.diamond(x as f32, y as f32, 5.0 * dpr() as f32, fill);
                        dr.push(x as f32, y as f32, UPLOAD_ROW + k as u32);
                    }
                }
            });
        }
        if let Some(m) = &matched {
            // Targets: an orange ring when matched, a grey one when not (Okabe-Ito orange).
            for (t, hit) in m.list.targets.iter().zip(&m.result.hits) {
                if let Some((x, y)) = to_screen(t.ra, t.dec) {
                    let c = if hit.is_some() { MATCHED } else { [110, 110, 110, 255] };
                    raster.ring(x as f32, y as f32, 6.0 * dpr() as f32, c);
                }
            }
        }
        if let Some((x, y)) = editor_at.and_then(|(ra, dec)| to_screen(ra, dec)) {
            raster.target(x as f32, y as f32, 7.0 * dpr() as f32, [214, 39, 40, 255]);
        }
        let bctx = context(&base);
        raster.blit(&bctx);
        let octx = context(&over);
        octx.clear_rect(0.0, 0.0, f64::from(size.0), f64::from(size.1));
        if let Some(backend) = CanvasBackend::with_canvas_object(over) {
            let root = backend.into_drawing_area();
            sky_frame(&root, &to_px, v.frame, dpr(), v.zoom.map_or(1.0, |z| z.scale));
            if let Some(c) = &cone {
                sky_cone(&root, &to_px, v.frame, c, dpr());
            }
            root.present().ok();
        }
        perf::drawn("sky", t0, &bctx);
    });

    let zoom_by = move |px: f64, py: f64, factor: f64| {
        let size = s.size.get_untracked();
        ctx.change(Step::Minor, |v| {
            let to_plane = pixel_to_plane(size, v.sky.zoom);
            let (x, y) = to_plane.apply(px, py);
            let old = v.sky.zoom.map_or(1.0, |z| z.scale);
            let scale = (old * factor).clamp(1.0, 500.0);
            if scale <= 1.0 {
                v.sky.zoom = None;
                return;
            }
            let s_new = to_plane.a * old / scale;
            let (w, h) = (f64::from(size.0), f64::from(size.1));
            v.sky.zoom = Some(SkyZoom { x: x + s_new * (w / 2.0 - px), y: y - s_new * (h / 2.0 - py), scale });
        });
    };
    // In a density map, hovering tells the cell's count and position.
    let density_at = move |x: f64, y: f64| {
        let (w, h) = s.size.get_untracked();
        let k = (y.max(0.0) as usize).min(h as usize - 1) * w as usize + (x.max(0.0) as usize).min(w as usize - 1);
        density_cache.with_value(|c| {
            let c = c.as_ref().filter(|c| !c.counts.is_empty())?;
            let cell = *c.cells.get(k).filter(|&&cell| cell != NO_CELL)?;
            let v = sky.get_untracked();
            let (px, py) = pixel_to_plane((w, h), v.zoom).apply(x, y);
            let (lon, lat) = Mollweide::new().unproject(px, py)?;
            let (a, b) = match v.frame { Frame::Galactic => ("l", "b"), Frame::Equatorial => ("α", "δ") };
            Some((x, y, format!("{} in this HEALPix cell (depth {}, #{cell})\n{a} {lon:.3}°  {b} {lat:+.3}°", xclass_core::format::count(c.counts[cell as usize] as usize, "row"), c.key.5)))
        })
    };
    let gestures = Gestures {
        zoom: Callback::new(move |(x, y, f)| zoom_by(x, y, f)),
        pan: Callback::new(move |(dx, dy): (f64, f64)| {
            let size = s.size.get_untracked();
            ctx.change(Step::Minor, |v| {
                let a = pixel_to_plane(size, v.sky.zoom).a;
                let z = v.sky.zoom.unwrap_or(SkyZoom { x: 0.0, y: 0.0, scale: 1.0 });
                v.sky.zoom = Some(SkyZoom { x: z.x - a * dx, y: z.y + a * dy, scale: z.scale });
            });
        }),
        click: Callback::new(move |(x, y): (f64, f64)| {
            if let Some(row) = hit(drawn, s.size.get_untracked(), x, y) {
                click_row(ctx, level.get_untracked(), row);
            }
        }),
        hover: Callback::new(move |(x, y): (f64, f64)| {
            let Some(row) = hit(drawn, s.size.get_untracked(), x, y) else {
                return density_at(x, y);
            };
            let (xy, text) = drawn.with_value(|d| {
                let k = d.row.iter().rposition(|r| *r == row).unwrap_or(0);
                let text = match row.checked_sub(UPLOAD_ROW) {
                    Some(u) => describe::uploaded(ctx, u as usize),
                    None => ctx.dataset.with_untracked(|ds| describe::row(ds, level.get_untracked(), row as usize)),
                };
                (d.xy[k], text)
            });
            Some((f64::from(xy.0), f64::from(xy.1), text))
        }),
        region: Callback::new(|_| {}),
        ring: true,
    };
    // The figure for export: the map as SVG (every visible point), its title and legend.
    let figure = Callback::new(move |()| {
        let size = s.size.get_untracked();
        let v = sky.get_untracked();
        let mask = ctx.mask(v.level).get_untracked();
        let proj = projected.get_untracked();
        let visible = mask.iter().filter(|m| **m).count();
        if visible > 200_000 {
            ctx.notices.warn("The figure draws every point; with more than 200,000 visible rows, filter first.");
            return None;
        }
        let to_px = pixel_to_plane(size, v.zoom).inverse().expect("invertible");
        let mut svg = String::new();
        {
            let root = SVGBackend::with_string(&mut svg, size).into_drawing_area();
            ctx.dataset.with_untracked(|d| {
                let p = d.points(v.level);
                let painter = painter.get_untracked();
                let r = dot_radius(visible).round().max(1.0) as i32;
                for i in (0..p.len()).filter(|&i| mask[i] && !proj.x[i].is_nan()) {
                    let (x, y) = to_px.apply(f64::from(proj.x[i]), f64::from(proj.y[i]));
                    let c = painter.rgba(p, i);
                    root.draw(&Circle::new((x as i32, y as i32), r, RGBColor(c[0], c[1], c[2]).mix(0.82).filled())).ok();
                }
            });
            sky_frame(&root, &to_px, v.frame, dpr(), v.zoom.map_or(1.0, |z| z.scale));
            if let Some(c) = ctx.filter.with_untracked(|f| f.cone) {
                sky_cone(&root, &to_px, v.frame, &c, dpr());
            }
            root.present().ok();
        }
        let what = if v.level == Level::Detection { "detections" } else { "sources" };
        let frame = match v.frame { Frame::Galactic => "galactic", Frame::Equatorial => "equatorial (ICRS)" };
        let title = format!("Chandra {what} on the sky, Mollweide, {frame} coordinates");
        let subtitle = format!("{} · {} shown", ctx.filter.with_untracked(|f| f.describe()), xclass_core::format::count(visible, "row"));
        Some((svg, size, title, subtitle, legend.get_untracked()))
    });
    let set = move |f: fn(&mut SkyView, &str)| move |e: leptos::ev::Event| {
        let value = event_target_value(&e);
        ctx.change(Step::Major, |v| f(&mut v.sky, &value));
    };
    view! {
        <div class="toolbar" data-testid="sky-toolbar">
            <label>"Frame "
                <select on:change=set(|s, v| s.frame = if v == "equatorial" { Frame::Equatorial } else { Frame::Galactic })
                    prop:value=move || if sky.get().frame == Frame::Equatorial { "equatorial" } else { "galactic" }>
                    <option value="galactic">"Galactic"</option>
                    <option value="equatorial">"Equatorial"</option>
                </select>
            </label>
            <label>"Rows "
                <select data-testid="sky-level" on:change=set(|s, v| s.level = if v == "detection" { Level::Detection } else { Level::Source })
                    prop:value=move || if sky.get().level == Level::Detection { "detection" } else { "source" }>
                    <option value="source">"Sources"</option>
                    <option value="detection">"Detections"</option>
                </select>
            </label>
            <super::colour_select::ColourSelect value=Signal::derive(move || sky.get().colour)
                on_change=Callback::new(move |c: Colour| ctx.change(Step::Major, |v| v.sky.colour = c)) testid="sky-colour"
                density=Signal::derive(move || is_density.get()) />
            <label>"Draw "
                <select on:change=set(|s, v| s.render = match v { "points" => Render::Points, "density" => Render::Density, _ => Render::Auto })
                    prop:value=move || match sky.get().render { Render::Points => "points", Render::Density => "density", Render::Auto => "auto" }>
                    <option value="auto">"Auto"</option>
                    <option value="points">"Points"</option>
                    <option value="density">"Density (HEALPix)"</option>
                </select>
            </label>
            <button on:click=move |_| ctx.change(Step::Major, |v| v.sky.zoom = None) disabled=move || sky.get().zoom.is_none()>"Reset zoom"</button>
            <span class="spacer"></span>
            <span class="note">{move || mode_note.get()}</span>
            <super::figure_export::FigureExport stem="xclass-sky" width=Signal::derive(move || s.size.get().0) make=figure />
        </div>
        <div class="plot sky-plot" data-testid="sky-map">
            <PlotSurface surface=s tool=Signal::derive(|| Tool::Pan) gestures label="Sky map" />
            {move || empty.get().then(|| view! { <p class="empty-view overlay" data-testid="sky-empty">"No source passes the filters."</p> })}
        </div>
        <LegendView legend=legend.into() />
    }
}
