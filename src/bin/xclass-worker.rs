//! The classification worker: classifies an uploaded table off the main thread so the page
//! stays responsive, reporting progress; the page cancels by terminating it.
//!
//! In: `{ model: string (model.json), reference: Float64Array (the sorted novelty reference,
//! `NoveltyReference::values`), file: string, label: string | null, data: Blob | string }`.
//! Out: `{ type: "ready" }` once loaded, then per job `{ type: "progress", bytes, total, rows }`, then `{ type: "done", data: Uint8Array }`
//! (a postcard-encoded `xclass_core::upload::Upload`) or `{ type: "error", message }`.

use js_sys::{Object, Reflect, Uint8Array};
use wasm_bindgen::prelude::*;
use wasm_bindgen::JsCast;
use web_sys::{Blob, DedicatedWorkerGlobalScope, FileReaderSync, MessageEvent};
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

fn handle(msg: &JsValue) -> Result<Vec<u8>, String> {
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
