//! Timing marks for the browser benchmark harness: each view records when it finished drawing
//! in `window.__xclass.drawn[view]` (ms since navigation), after forcing the canvas to flush.

use crate::draw::canvas::flush;
use js_sys::{Object, Reflect};
use wasm_bindgen::JsValue;
use web_sys::CanvasRenderingContext2d;

/// Milliseconds since navigation.
pub fn now() -> f64 {
    web_sys::window().and_then(|w| w.performance()).map(|p| p.now()).unwrap_or(0.0)
}

fn slot(name: &str) -> Option<Object> {
    let w: JsValue = web_sys::window()?.into();
    let root = match Reflect::get(&w, &"__xclass".into()).ok().filter(|v| v.is_object()) {
        Some(v) => Object::from(v),
        None => {
            let o = Object::new();
            Reflect::set(&w, &"__xclass".into(), &o).ok()?;
            o
        }
    };
    match Reflect::get(&root, &name.into()).ok().filter(|v| v.is_object()) {
        Some(v) => Some(Object::from(v)),
        None => {
            let o = Object::new();
            Reflect::set(&root, &name.into(), &o).ok()?;
            Some(o)
        }
    }
}

/// Records that `view` finished a draw that started at `t0`; `ctx` is flushed first.
pub fn drawn(view: &str, t0: f64, ctx: &CanvasRenderingContext2d) {
    flush(ctx);
    mark(view, t0);
}

/// Records that `view` (DOM-only) finished updating.
pub fn mark(view: &str, t0: f64) {
    let t1 = now();
    if let (Some(d), Some(ms)) = (slot("drawn"), slot("ms")) {
        Reflect::set(&d, &view.into(), &t1.into()).ok();
        Reflect::set(&ms, &view.into(), &(t1 - t0).into()).ok();
    }
}
