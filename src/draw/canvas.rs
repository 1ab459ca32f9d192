//! Canvas helpers: device-pixel sizing and 2-D contexts.

use wasm_bindgen::JsCast;
use web_sys::{CanvasRenderingContext2d, HtmlCanvasElement};

/// The device pixel ratio (1 when unknown).
pub fn dpr() -> f64 {
    web_sys::window().map(|w| w.device_pixel_ratio()).unwrap_or(1.0).max(1.0)
}

/// Sizes the canvas's backing store to its CSS box × the device pixel ratio; returns it.
pub fn fit(canvas: &HtmlCanvasElement) -> (u32, u32) {
    let r = dpr();
    let w = (f64::from(canvas.client_width()) * r).round().max(1.0) as u32;
    let h = (f64::from(canvas.client_height()) * r).round().max(1.0) as u32;
    if canvas.width() != w {
        canvas.set_width(w);
    }
    if canvas.height() != h {
        canvas.set_height(h);
    }
    (w, h)
}

/// The canvas's 2-D context.
pub fn context(canvas: &HtmlCanvasElement) -> CanvasRenderingContext2d {
    canvas.get_context("2d").ok().flatten().expect("2d context").unchecked_into()
}

/// Forces the canvas to finish drawing (for honest timings).
pub fn flush(ctx: &CanvasRenderingContext2d) {
    ctx.get_image_data(0.0, 0.0, 1.0, 1.0).ok();
}

/// Mouse position in device pixels relative to the canvas.
pub fn mouse_px(canvas: &HtmlCanvasElement, ev: &web_sys::MouseEvent) -> (f64, f64) {
    let rect = canvas.get_bounding_client_rect();
    let r = dpr();
    ((f64::from(ev.client_x()) - rect.left()) * r, (f64::from(ev.client_y()) - rect.top()) * r)
}
