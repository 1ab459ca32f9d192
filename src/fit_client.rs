//! Runs the refit (the paper's whole method) in the Web Worker: posts the table and the
//! options, shows progress per fit, cancels by terminating the worker, and keeps the result.
//! A failed or cancelled fit leaves the active model and the views as they were.

use crate::ctx::{Ctx, Progress};
use crate::shared::Shared;
use crate::upload_client::Input;
use js_sys::{Object, Reflect, Uint8Array};
use leptos::prelude::*;
use wasm_bindgen::prelude::*;
use wasm_bindgen::JsCast;
use web_sys::{MessageEvent, Worker, WorkerOptions};
use xclass_core::fit::{FitOutcome, MethodOptions, Sweep};

/// The refit's results, kept while the user looks at other things.
#[derive(Clone, Copy)]
pub struct FitRun {
    /// The last finished fit (a sweep's suggested K, or the K the user chose).
    pub outcome: RwSignal<Option<Shared<FitOutcome>>>,
    /// The last finished sweep (kept when a K is chosen from it).
    pub sweep: RwSignal<Option<Shared<Sweep>>>,
    /// A fit is under way.
    pub running: RwSignal<bool>,
}

impl FitRun {
    pub fn new() -> FitRun {
        FitRun {
            outcome: RwSignal::new(None),
            sweep: RwSignal::new(None),
            running: RwSignal::new(false),
        }
    }
}

/// What to fit: the table (a file name and its bytes or text), its label column, the options.
pub struct Job {
    pub input: Input,
    pub label: Option<String>,
    pub options: MethodOptions,
}

thread_local! {
    static WORKER: std::cell::RefCell<Option<Worker>> = const { std::cell::RefCell::new(None) };
}

fn stop() -> bool {
    WORKER.with(|w| w.borrow_mut().take().map(|w| w.terminate()).is_some())
}

fn get(o: &JsValue, k: &str) -> JsValue {
    Reflect::get(o, &k.into()).unwrap_or(JsValue::UNDEFINED)
}

fn num(o: &JsValue, k: &str) -> usize {
    get(o, k).as_f64().unwrap_or(0.0) as usize
}

fn finish(ctx: Ctx, run: FitRun) {
    stop();
    run.running.set(false);
    ctx.progress.set(None);
}

/// Starts `job` in a fresh worker (stopping any fit under way).
pub fn start(ctx: Ctx, run: FitRun, job: Job) {
    stop();
    let options = WorkerOptions::new();
    options.set_type(web_sys::WorkerType::Classic);
    let worker = match Worker::new_with_options("./xclass-worker_loader.js", &options) {
        Ok(w) => w,
        Err(e) => {
            return ctx
                .notices
                .error(format!("Could not start the fitting worker: {e:?}"))
        }
    };
    let msg = Object::new();
    let base = ctx.published_model().model.to_json();
    let opts = serde_json::to_string(&job.options).unwrap_or_default();
    let fields = [
        ("kind", JsValue::from("fit")),
        ("model", base.into()),
        ("file", job.input.file.clone().into()),
        ("label", job.label.map_or(JsValue::NULL, JsValue::from)),
        ("data", job.input.data.clone()),
        ("options", opts.into()),
    ];
    for (k, v) in fields {
        Reflect::set(&msg, &k.into(), &v).ok();
    }
    ctx.cancel.set(false);
    run.running.set(true);
    ctx.progress.set(Some(Progress {
        label: format!("Reading {} for the fit", job.input.file),
        fraction: 0.0,
    }));
    let on_message = Closure::<dyn FnMut(MessageEvent)>::new(move |ev: MessageEvent| {
        let m = ev.data();
        match get(&m, "type").as_string().as_deref() {
            Some("ready") => {
                if let Some(Err(e)) =
                    WORKER.with(|w| w.borrow().as_ref().map(|w| w.post_message(&msg)))
                {
                    finish(ctx, run);
                    ctx.notices.error(format!(
                        "Could not send the table to the fitting worker: {e:?}"
                    ));
                }
            }
            Some("fit-progress") => {
                let (done, total) = (num(&m, "done"), num(&m, "total").max(1));
                let stage = get(&m, "stage").as_string().unwrap_or_default();
                let label = match stage.as_str() {
                    "ClassModels" => "Building the class models".to_string(),
                    "Validation" => "Validating on the held-out rows".to_string(),
                    _ => format!(
                        "Fit {} of {total}: K = {}, restart {}, EM iteration {}",
                        (done + 1).min(total),
                        num(&m, "k"),
                        num(&m, "restart") + 1,
                        num(&m, "iteration")
                    ),
                };
                ctx.progress.set(Some(Progress {
                    label,
                    fraction: done as f64 / total as f64,
                }));
            }
            Some("done") => {
                finish(ctx, run);
                let bytes: Vec<u8> = get(&m, "data")
                    .dyn_into::<Uint8Array>()
                    .map(|a| a.to_vec())
                    .unwrap_or_default();
                match postcard::from_bytes::<FitOutcome>(&bytes) {
                    Ok(o) => {
                        // A single K keeps the sweep it was chosen from on show.
                        if let Some(s) = &o.sweep {
                            run.sweep.set(Some(Shared::new(s.clone())));
                        }
                        for n in &o.notes {
                            ctx.notices.info(n.clone());
                        }
                        run.outcome.set(Some(Shared::new(o)));
                    }
                    Err(e) => ctx.notices.error(format!(
                        "The fitting worker's answer could not be read ({e}); nothing was changed."
                    )),
                }
            }
            Some("error") => {
                finish(ctx, run);
                ctx.notices.error(format!(
                    "The fit failed; nothing was changed. {}",
                    get(&m, "message").as_string().unwrap_or_default()
                ));
            }
            _ => {}
        }
    });
    worker.set_onmessage(Some(on_message.as_ref().unchecked_ref()));
    on_message.forget();
    let on_error = Closure::<dyn FnMut(web_sys::ErrorEvent)>::new(move |e: web_sys::ErrorEvent| {
        finish(ctx, run);
        ctx.notices.error(format!(
            "The fitting worker failed: {}; nothing was changed.",
            e.message()
        ));
    });
    worker.set_onerror(Some(on_error.as_ref().unchecked_ref()));
    on_error.forget();
    WORKER.with(|w| *w.borrow_mut() = Some(worker));
}

/// Stops the fit when the user cancels (terminate; the next fit starts a fresh worker).
pub fn install(ctx: Ctx, run: FitRun) {
    Effect::new(move |_| {
        if ctx.cancel.get() && stop() {
            run.running.set(false);
            ctx.progress.set(None);
            ctx.notices.info("Fit cancelled; nothing was changed.");
        }
    });
}
