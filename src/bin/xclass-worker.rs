//! The classification worker: classifies an uploaded table off the main thread so the page
//! stays responsive, reporting progress; the page cancels by terminating it.
//!
//! It also refits the method (`kind: "fit"`, with `fits`: a postcard `Done` of sweep fits made
//! by other workers), or makes some fits of a sweep shared among workers (`kind:
//! "sweep-part"`, `units`: a JSON list of [K, seed index]; answers a postcard `Done`).
//!
//! In: `{ kind: "classify" | "fit", model: string (model.json), file: string, label: string | null,
//! data: Blob | string, reference: Float64Array (classify: the sorted
//! novelty reference, `NoveltyReference::values`), options: string (fit only: JSON of `xclass_core::fit::MethodOptions`) }`.
//! Out: `{ type: "ready" }` once loaded, then per job `{ type: "progress", bytes, total, rows }`
//! (classify) or `{ type: "fit-progress", done, total, k, restart, iteration, stage }` (fit),
//! then `{ type: "done", data: Uint8Array }` (a postcard-encoded `xclass_core::upload::Upload`
//! or `xclass_core::fit::FitOutcome`) or `{ type: "error", message }`.

use js_sys::{Object, Reflect, Uint8Array};
use wasm_bindgen::prelude::*;
use wasm_bindgen::JsCast;
use web_sys::{Blob, DedicatedWorkerGlobalScope, FileReaderSync, MessageEvent};
use xclass_core::fit::{fit_method_with, sweep_part_of, Control, Done, FitProgress, FitTable, MethodOptions, SweepUnit};
use xclass_core::novelty::NoveltyReference;
use xclass_core::upload::classify_upload;
use xclass_core::Model;

/// Least interval between progress messages, ms.
const PROGRESS_EVERY_MS: f64 = 80.0;

fn scope() -> DedicatedWorkerGlobalScope {
    js_sys::global().unchecked_into()
}

fn post(fields: &[(&str, JsValue)], transfer: Option<&JsValue>) {
    let o = Object::new();
    for (k, v) in fields {
        Reflect::set(&o, &(*k).into(), v).ok();
    }
    let r = match transfer {
        Some(t) => scope().post_message_with_transfer(&o, &js_sys::Array::of1(t)),
        None => scope().post_message(&o),
    };
    r.ok();
}

fn get(o: &JsValue, k: &str) -> JsValue {
    Reflect::get(o, &k.into()).unwrap_or(JsValue::UNDEFINED)
}

fn bytes(data: &JsValue) -> Result<Vec<u8>, String> {
    if let Some(s) = data.as_string() {
        return Ok(s.into_bytes());
    }
    let blob: Blob = data.clone().dyn_into().map_err(|_| "the upload is neither a file nor text".to_string())?;
    let reader = FileReaderSync::new().map_err(|e| format!("{e:?}"))?;
    let buf = reader.read_as_array_buffer(&blob).map_err(|e| format!("could not read the file: {e:?}"))?;
    Ok(Uint8Array::new(&buf).to_vec())
}

/// A progress callback posting `fit-progress` messages, at most every [`PROGRESS_EVERY_MS`].
fn reporter() -> impl FnMut(&FitProgress) -> Control {
    let mut last = 0.0;
    move |p| {
        let now = js_sys::Date::now();
        if now - last > PROGRESS_EVERY_MS {
            last = now;
            let stage = format!("{:?}", p.stage);
            let fields = [("done", p.fits_done), ("total", p.fits_total), ("k", p.k), ("restart", p.restart), ("iteration", p.iteration)];
            let mut all: Vec<(&str, JsValue)> = fields.iter().map(|(k, v)| (*k, JsValue::from(*v as f64))).collect();
            all.push(("type", "fit-progress".into()));
            all.push(("stage", stage.into()));
            post(&all, None);
        }
        Control::Continue
    }
}

/// Reads the table and runs the whole method on it (or, for `sweep-part`, some fits of its
/// sweep), reporting EM iterations (throttled).
fn handle_fit(msg: &JsValue, part: bool) -> Result<Vec<u8>, String> {
    let base = Model::from_json(&get(msg, "model").as_string().unwrap_or_default()).map_err(|e| e.to_string())?;
    let options: MethodOptions =
        serde_json::from_str(&get(msg, "options").as_string().unwrap_or_default()).map_err(|e| format!("fit options: {e}"))?;
    let file = get(msg, "file").as_string().unwrap_or_else(|| "upload".into());
    let label = get(msg, "label").as_string();
    let data = bytes(&get(msg, "data"))?;
    let table = FitTable::read(&file, data.as_slice(), label.as_deref(), &mut |_, _| Control::Continue).map_err(|e| e.to_string())?;
    if part {
        let units: Vec<SweepUnit> =
            serde_json::from_str(&get(msg, "units").as_string().unwrap_or_default()).map_err(|e| format!("sweep units: {e}"))?;
        let done = sweep_part_of(&table, &options, &base, &units, &mut reporter()).map_err(|e| e.to_string())?;
        return postcard::to_allocvec(&done).map_err(|e| e.to_string());
    }
    let done: Done = match get(msg, "fits").dyn_into::<Uint8Array>() {
        Ok(a) => postcard::from_bytes(&a.to_vec()).map_err(|e| format!("sweep fits: {e}"))?,
        Err(_) => Done::new(),
    };
    let outcome = fit_method_with(&table, &options, &base, &done, &mut reporter()).map_err(|e| e.to_string())?;
    postcard::to_allocvec(&outcome).map_err(|e| e.to_string())
}

fn handle(msg: &JsValue) -> Result<Vec<u8>, String> {
    match get(msg, "kind").as_string().as_deref() {
        Some("fit") => return handle_fit(msg, false),
        Some("sweep-part") => return handle_fit(msg, true),
        _ => {}
    }
    let model = Model::from_json(&get(msg, "model").as_string().unwrap_or_default()).map_err(|e| e.to_string())?;
    let reference = get(msg, "reference").dyn_into::<js_sys::Float64Array>().map(|a| a.to_vec()).unwrap_or_default();
    let reference = NoveltyReference::from_sorted(reference).map_err(|e| e.to_string())?;
    let file = get(msg, "file").as_string().unwrap_or_else(|| "upload".into());
    let label = get(msg, "label").as_string();
    let data = bytes(&get(msg, "data"))?;
    let total = data.len() as f64;
    let mut last = 0.0;
    let up = classify_upload(&file, data.as_slice(), &model, &reference, label.as_deref(), |read, rows| {
        let now = js_sys::Date::now();
        if now - last > PROGRESS_EVERY_MS {
            last = now;
            post(&[("type", "progress".into()), ("bytes", (read as f64).into()), ("total", total.into()), ("rows", (rows as f64).into())], None);
        }
        true
    })
    .map_err(|e| e.to_string())?
    .ok_or("cancelled")?;
    postcard::to_allocvec(&up).map_err(|e| e.to_string())
}

fn main() {
    console_error_panic_hook::set_once();
    let on_message = Closure::<dyn FnMut(MessageEvent)>::new(move |ev: MessageEvent| match handle(&ev.data()) {
        Ok(encoded) => {
            let array = Uint8Array::from(encoded.as_slice());
            post(&[("type", "done".into()), ("data", array.clone().into())], Some(&array.buffer().into()));
        }
        Err(message) => post(&[("type", "error".into()), ("message", message.into())], None),
    });
    scope().set_onmessage(Some(on_message.as_ref().unchecked_ref()));
    on_message.forget();
    // Messages sent before the module was ready would be lost: the page waits for this.
    post(&[("type", "ready".into())], None);
}
