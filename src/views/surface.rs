//! A plot surface shared by the sky map and the scatter plot: stacked canvases (points, frame,
//! ink), size tracking, and mouse gestures (wheel zoom, drag pan, click, hover, box and lasso).

use super::upload::upload_clicked;
use crate::ctx::Ctx;
use crate::draw::canvas::{context, dpr, fit, mouse_px};
use crate::draw::hit::Drawn;
use crate::draw::raster::UPLOAD_ROW;
use xclass_core::points::Level;
use leptos::ev;
use wasm_bindgen::prelude::Closure;
use wasm_bindgen::JsCast;
use leptos::html::Canvas;
use leptos::prelude::*;

/// What dragging does.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq)]
pub enum Tool {
    #[default]
    Pan,
    Box,
    Lasso,
}

/// The canvases of one plot and its state.
#[derive(Clone, Copy)]
pub struct Surface {
    /// Points (pixel buffer), above the frame.
    pub base: NodeRef<Canvas>,
    /// Axes, graticule, labels (bottom layer).
    pub frame: NodeRef<Canvas>,
    /// Hover marker and selection gestures.
    pub ink: NodeRef<Canvas>,
    /// Device-pixel size, updated on resize.
    pub size: RwSignal<(u32, u32)>,
    tooltip: RwSignal<Option<(f64, f64, String)>>,
}

impl Surface {
    pub fn new() -> Surface {
        Surface {
            base: NodeRef::new(),
            frame: NodeRef::new(),
            ink: NodeRef::new(),
            size: RwSignal::new((0, 0)),
            tooltip: RwSignal::new(None),
        }
    }

    /// Re-measures the canvases (all share one CSS box).
    pub fn measure(&self) {
        let mut size = (0, 0);
        for c in [self.base, self.frame, self.ink] {
            if let Some(c) = c.get_untracked() {
                size = fit(&c);
            }
        }
        if size != self.size.get_untracked() {
            self.size.set(size);
        }
    }
}

/// The drawn row within 8 px of (x, y) in the last draw.
pub fn hit(drawn: StoredValue<Drawn>, size: (u32, u32), x: f64, y: f64) -> Option<u32> {
    drawn.try_update_value(|d| d.nearest(size.0, size.1, x as f32, y as f32, 8.0 * dpr() as f32)).flatten()
}

/// A click on a drawn row: an uploaded detection opens in the upload panel, any other row
/// selects its source.
pub fn click_row(ctx: Ctx, level: Level, row: u32) {
    match row.checked_sub(UPLOAD_ROW) {
        Some(k) => upload_clicked(ctx, k as usize),
        None => {
            let src = ctx.dataset.with_untracked(|d| d.points(level).source[row as usize]);
            ctx.select([src as usize]);
        }
    }
}

/// What hovering found: where to ring it and the tooltip text.
pub type Hit = (f64, f64, String);

/// Callbacks a plot gives its surface; coordinates are device pixels.
#[derive(Clone, Copy)]
pub struct Gestures {
    /// Zoom by a factor about a point.
    pub zoom: Callback<(f64, f64, f64)>,
    /// Pan by a pixel offset.
    pub pan: Callback<(f64, f64)>,
    /// A click (no drag).
    pub click: Callback<(f64, f64)>,
    /// Hover: tooltip text for the point under the mouse, and where to ring it.
    pub hover: Callback<(f64, f64), Option<Hit>>,
    /// A finished box or lasso, as a polygon.
    pub region: Callback<Vec<(f64, f64)>>,
    /// Whether the hovered place is ringed (a point), or only described (a bin, a panel).
    pub ring: bool,
}

fn draw_ink(s: Surface, path: &[(f64, f64)], closed: bool, marker: Option<(f64, f64)>) {
    let Some(c) = s.ink.get_untracked() else { return };
    let ctx = context(&c);
    ctx.clear_rect(0.0, 0.0, f64::from(c.width()), f64::from(c.height()));
    let r = dpr();
    if let Some((x, y)) = marker {
        ctx.set_stroke_style_str("#000");
        ctx.set_line_width(1.5 * r);
        ctx.begin_path();
        ctx.arc(x, y, 6.0 * r, 0.0, std::f64::consts::TAU).ok();
        ctx.stroke();
    }
    if path.len() > 1 {
        ctx.set_stroke_style_str("#d62728");
        ctx.set_fill_style_str("rgba(214,39,40,0.08)");
        ctx.set_line_width(1.5 * r);
        ctx.begin_path();
        ctx.move_to(path[0].0, path[0].1);
        for p in &path[1..] {
            ctx.line_to(p.0, p.1);
        }
        if closed {
            ctx.close_path();
            ctx.fill();
        }
        ctx.stroke();
    }
}

fn rectangle(a: (f64, f64), b: (f64, f64)) -> Vec<(f64, f64)> {
    vec![a, (b.0, a.1), b, (a.0, b.1)]
}

/// The stacked canvases with gesture handling and a tooltip.
#[component]
pub fn PlotSurface(surface: Surface, tool: Signal<Tool>, gestures: Gestures, #[prop(into)] label: String) -> impl IntoView {
    let s = surface;
    // Drag state: start, last point, path (box/lasso), whether it moved.
    let drag = StoredValue::new(None::<((f64, f64), (f64, f64), Vec<(f64, f64)>, bool)>);
    // Re-measure whenever the plot's box changes size (window resizes, panels shown or hidden).
    let observed = NodeRef::<leptos::html::Div>::new();
    Effect::new(move |_| {
        let Some(div) = observed.get() else { return };
        let on_resize = Closure::<dyn FnMut()>::new(move || s.measure());
        if let Ok(observer) = web_sys::ResizeObserver::new(on_resize.as_ref().unchecked_ref()) {
            observer.observe(&div);
            on_cleanup(move || observer.disconnect());
        }
        on_resize.forget();
    });
    let canvas_of = move || s.ink.get_untracked();
    let on_down = move |e: ev::MouseEvent| {
        if e.button() != 0 {
            return;
        }
        let Some(c) = canvas_of() else { return };
        let p = mouse_px(&c, &e);
        drag.set_value(Some((p, p, vec![p], false)));
        e.prevent_default();
    };
    let on_move = move |e: ev::MouseEvent| {
        let Some(c) = canvas_of() else { return };
        let p = mouse_px(&c, &e);
        let mut dragging = false;
        drag.update_value(|d| {
            if let Some((start, last, path, moved)) = d {
                dragging = true;
                if (p.0 - start.0).hypot(p.1 - start.1) > 3.0 * dpr() {
                    *moved = true;
                }
                if *moved {
                    match tool.get_untracked() {
                        Tool::Pan => {
                            gestures.pan.run((p.0 - last.0, p.1 - last.1));
                        }
                        Tool::Box => draw_ink(s, &rectangle(*start, p), true, None),
                        Tool::Lasso => {
                            path.push(p);
                            draw_ink(s, path, true, None);
                        }
                    }
                }
                *last = p;
            }
        });
        if !dragging {
            let hit = gestures.hover.run(p);
            draw_ink(s, &[], false, hit.as_ref().filter(|_| gestures.ring).map(|h| (h.0, h.1)));
            s.tooltip.set(hit.map(|(x, y, text)| (x / dpr(), y / dpr(), text)));
        }
    };
    let on_up = move |e: ev::MouseEvent| {
        let Some(c) = canvas_of() else { return };
        let p = mouse_px(&c, &e);
        if let Some((start, _, mut path, moved)) = drag.get_value() {
            drag.set_value(None);
            draw_ink(s, &[], false, None);
            if !moved {
                gestures.click.run(p);
            } else {
                match tool.get_untracked() {
                    Tool::Pan => {}
                    Tool::Box => gestures.region.run(rectangle(start, p)),
                    Tool::Lasso => {
                        path.push(p);
                        if path.len() > 2 {
                            gestures.region.run(path);
                        }
                    }
                }
            }
        }
    };
    let on_leave = move |_: ev::MouseEvent| {
        drag.set_value(None);
        draw_ink(s, &[], false, None);
        s.tooltip.set(None);
    };
    let on_wheel = move |e: ev::WheelEvent| {
        let Some(c) = canvas_of() else { return };
        e.prevent_default();
        let p = mouse_px(&c, &e);
        gestures.zoom.run((p.0, p.1, (-e.delta_y() / 300.0).exp()));
        // The tooltip described the old view: ask again once the new one is drawn.
        s.tooltip.set(None);
        request_animation_frame(move || {
            let hit = gestures.hover.run(p);
            draw_ink(s, &[], false, hit.as_ref().filter(|_| gestures.ring).map(|h| (h.0, h.1)));
            s.tooltip.set(hit.map(|(x, y, text)| (x / dpr(), y / dpr(), text)));
        });
    };
    view! {
        <div class="surface" role="img" aria-label=label.clone() node_ref=observed>
            <canvas class="layer" node_ref=s.frame></canvas>
            <canvas class="layer" node_ref=s.base></canvas>
            <canvas
                class="layer ink"
                class:tool-pan=move || tool.get() == Tool::Pan
                node_ref=s.ink
                on:mousedown=on_down
                on:mousemove=on_move
                on:mouseup=on_up
                on:mouseleave=on_leave
                on:wheel=on_wheel
            ></canvas>
            {move || s.tooltip.get().map(|(x, y, text)| view! {
                <div class="tooltip" data-testid="tooltip" style=format!("left:{}px;top:{}px", x + 14.0, y + 14.0)>{text}</div>
            })}
        </div>
    }
}
