//! Runs uploads through the classification worker: posts the file, shows progress, cancels
//! by terminating the worker, and installs the result as the upload layer. A failure leaves
//! everything already loaded as it was.

use crate::ctx::{Ctx, Progress, Step};
use crate::shared::Shared;
use js_sys::{Object, Reflect, Uint8Array};
use leptos::prelude::*;
use wasm_bindgen::prelude::*;
use wasm_bindgen::JsCast;
use web_sys::{MessageEvent, Worker, WorkerOptions};
use xclass_core::state::Side;
use xclass_core::upload::Upload;

/// Largest upload classified in the browser; larger files go to the CLI.
pub const MAX_BYTES: f64 = 256.0 * 1024.0 * 1024.0;

/// What was uploaded last (kept to re-run with another label column).
#[derive(Clone)]
pub struct Input {
    pub file: String,
    pub data: JsValue,
    pub size: f64,
    /// The SAMP table it came from, if it came by SAMP.
    pub samp: Option<xclass_core::samp::TableRef>,
}

thread_local! {
    static WORKER: std::cell::RefCell<Option<Worker>> = const { std::cell::RefCell::new(None) };
    static LAST: std::cell::RefCell<Option<Input>> = const { std::cell::RefCell::new(None) };
}

/// The last input, if any.
pub fn last_input() -> Option<Input> {
    LAST.with(|l| l.borrow().clone())
}

fn stop() {
    WORKER.with(|w| {
        if let Some(w) = w.borrow_mut().take() {
            w.terminate();
        }
    });
}

fn get(o: &JsValue, k: &str) -> JsValue {
    Reflect::get(o, &k.into()).unwrap_or(JsValue::UNDEFINED)
}

/// Classifies `input` in a worker; `label` picks the label column.
pub fn classify(ctx: Ctx, input: Input, label: Option<String>) {
    if input.size > MAX_BYTES {
        ctx.notices.error(format!(
            "{}: {:.0} MB is more than the {:.0} MB the browser classifies; use the command line: xclass classify {} -o out.csv",
            input.file,
            input.size / 1048576.0,
            MAX_BYTES / 1048576.0,
            input.file
        ));
        return;
    }
    if input.size == 0.0 {
        ctx.notices.error(format!("{}: the file is empty.", input.file));
        return;
    }
    stop();
    let options = WorkerOptions::new();
    options.set_type(web_sys::WorkerType::Classic);
    let worker = match Worker::new_with_options("./xclass-worker_loader.js", &options) {
        Ok(w) => w,
        Err(e) => {
            ctx.notices.error(format!("Could not start the classification worker: {e:?}"));
            return;
        }
    };
    let job = Object::new();
    let model = ctx.model.with_untracked(|m| m.model.to_json());
    let reference = js_sys::Float64Array::from(crate::science::novelty_reference(ctx).values());
    for (k, v) in [("model", JsValue::from(model)), ("reference", reference.into()), ("file", input.file.clone().into()), ("label", label.map_or(JsValue::NULL, JsValue::from)), ("data", input.data.clone())] {
        Reflect::set(&job, &k.into(), &v).ok();
    }
    let label_text = format!("Starting the classification of {}", input.file);
    ctx.cancel.set(false);
    ctx.progress.set(Some(Progress { label: label_text, fraction: 0.0 }));
    let file = input.file.clone();
    let samp = input.samp.clone();
    let on_message = Closure::<dyn FnMut(MessageEvent)>::new(move |ev: MessageEvent| {
        let msg = ev.data();
        match get(&msg, "type").as_string().as_deref() {
            Some("ready") => {
                let sent = WORKER.with(|w| w.borrow().as_ref().map(|w| w.post_message(&job)));
                if let Some(Err(e)) = sent {
                    stop();
                    ctx.progress.set(None);
                    ctx.notices.error(format!("Could not send the file to the worker: {e:?}"));
                }
            }
            Some("progress") => {
                let (read, total) = (get(&msg, "bytes").as_f64().unwrap_or(0.0), get(&msg, "total").as_f64().unwrap_or(1.0));
                let rows = get(&msg, "rows").as_f64().unwrap_or(0.0) as usize;
                ctx.progress.set(Some(Progress { label: format!("Classifying {file} ({})", xclass_core::format::count(rows, "row")), fraction: (read / total.max(1.0)).min(1.0) }));
            }
            Some("done") => {
                stop();
                ctx.progress.set(None);
                let bytes: Vec<u8> = get(&msg, "data").dyn_into::<Uint8Array>().map(|a| a.to_vec()).unwrap_or_default();
                match postcard::from_bytes::<Upload>(&bytes) {
                    Ok(up) => {
                        for w in &up.warnings {
                            ctx.notices.warn(w.clone());
                        }
                        ctx.notices.info(format!("{}: {} classified.", up.file, xclass_core::format::count(up.detections.len(), "detection")));
                        ctx.upload_focus.set(None);
                        ctx.upload_rows.set(Vec::new());
                        ctx.upload_samp.set(samp.clone());
                        ctx.upload.set(Some(Shared::new(up)));
                        ctx.change(Step::Major, |v| v.side = Side::Upload);
                    }
                    Err(e) => ctx.notices.error(format!("{file}: the worker's answer could not be read ({e})")),
                }
            }
            Some("error") => {
                stop();
                ctx.progress.set(None);
                ctx.notices.error(format!("Nothing was changed. {}", get(&msg, "message").as_string().unwrap_or_default()));
            }
            _ => {}
        }
    });
    worker.set_onmessage(Some(on_message.as_ref().unchecked_ref()));
    on_message.forget();
    let on_error = Closure::<dyn FnMut(web_sys::ErrorEvent)>::new(move |e: web_sys::ErrorEvent| {
        stop();
        ctx.progress.set(None);
        ctx.notices.error(format!("The classification worker failed: {}", e.message()));
    });
    worker.set_onerror(Some(on_error.as_ref().unchecked_ref()));
    on_error.forget();
    WORKER.with(|w| *w.borrow_mut() = Some(worker));
    LAST.with(|l| *l.borrow_mut() = Some(input));
}

/// Stops the worker when the user cancels.
pub fn install(ctx: Ctx) {
    Effect::new(move |_| {
        if ctx.cancel.get() && WORKER.with(|w| w.borrow().is_some()) {
            stop();
            ctx.progress.set(None);
            ctx.notices.info("Classification cancelled; nothing was changed.");
        }
    });
}

/// Reclassifies the upload shown with the active model whenever that changes.
pub fn follow_model(ctx: Ctx) {
    Effect::new(move |previous: Option<String>| {
        let hash = ctx.model.with(|m| m.hash.clone());
        if previous.is_some_and(|p| p != hash) && ctx.upload.with_untracked(Option::is_some) {
            if let Some(input) = last_input() {
                let label = ctx.upload.with_untracked(|u| u.as_ref().and_then(|u| u.label_column.clone()));
                classify(ctx, input, label);
            }
        }
        hash
    });
}
