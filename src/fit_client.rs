//! Runs the refit (the paper's whole method) in Web Workers: posts the table and the
//! options, shares a BIC sweep's fits among one worker per core, shows progress per fit,
//! cancels by terminating the workers, and keeps the result.
//! A failed or cancelled fit leaves the active model and the views as they were.

use crate::ctx::{Ctx, Progress};
use crate::shared::Shared;
use crate::upload_client::Input;
use js_sys::{Object, Reflect, Uint8Array};
use leptos::prelude::*;
use wasm_bindgen::prelude::*;
use wasm_bindgen::JsCast;
use web_sys::{MessageEvent, Worker, WorkerOptions};
use std::cell::RefCell;
use std::rc::Rc;
use xclass_core::fit::{sweep_options, sweep_units, Done, FitOutcome, MethodOptions, Sweep, SweepUnit};

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
    /// The workers of the fit under way (several while a sweep is shared).
    static WORKERS: std::cell::RefCell<Vec<Worker>> = const { std::cell::RefCell::new(Vec::new()) };
}

/// Most workers a sweep is shared among.
const MAX_WORKERS: usize = 8;

fn stop() -> bool {
    WORKERS.with(|w| {
        let all: Vec<Worker> = w.borrow_mut().drain(..).collect();
        all.iter().for_each(Worker::terminate);
        !all.is_empty()
    })
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

fn fail(ctx: Ctx, run: FitRun, message: String) {
    finish(ctx, run);
    ctx.notices.error(message);
}

/// The message asking a worker for `kind` ("fit" or "sweep-part") on the job's table, with
/// `base` the published model's JSON (made once per fit, for every worker).
fn message(job: &Job, base: &JsValue, kind: &str, extra: &[(&str, JsValue)]) -> Object {
    let msg = Object::new();
    let opts = serde_json::to_string(&job.options).unwrap_or_default();
    let fields = [
        ("kind", JsValue::from(kind)),
        ("model", base.clone()),
        ("file", job.input.file.clone().into()),
        ("label", job.label.clone().map_or(JsValue::NULL, JsValue::from)),
        ("data", job.input.data.clone()),
        ("options", opts.into()),
    ];
    for (k, v) in fields.iter().chain(extra) {
        Reflect::set(&msg, &(*k).into(), v).ok();
    }
    msg
}

/// Starts a worker that is sent `msg` once ready; `on_progress` sees its progress messages,
/// `on_done` its answer's bytes. Errors end the whole fit with a message.
fn spawn(
    ctx: Ctx,
    run: FitRun,
    msg: Object,
    on_progress: impl Fn(&JsValue) + 'static,
    on_done: impl Fn(Vec<u8>) + 'static,
) -> Result<(), String> {
    let options = WorkerOptions::new();
    options.set_type(web_sys::WorkerType::Classic);
    let worker = Worker::new_with_options("./xclass-worker_loader.js", &options)
        .map_err(|e| format!("Could not start the fitting worker: {e:?}"))?;
    let me = worker.clone();
    let on_message = Closure::<dyn FnMut(MessageEvent)>::new(move |ev: MessageEvent| {
        let m = ev.data();
        match get(&m, "type").as_string().as_deref() {
            Some("ready") => {
                if let Err(e) = me.post_message(&msg) {
                    fail(ctx, run, format!("Could not send the table to the fitting worker: {e:?}"));
                }
            }
            Some("fit-progress") => on_progress(&m),
            Some("done") => {
                let bytes: Vec<u8> = get(&m, "data")
                    .dyn_into::<Uint8Array>()
                    .map(|a| a.to_vec())
                    .unwrap_or_default();
                me.terminate();
                WORKERS.with(|w| w.borrow_mut().retain(|x| x != &me));
                on_done(bytes);
            }
            Some("error") => fail(
                ctx,
                run,
                format!(
                    "The fit failed; nothing was changed. {}",
                    get(&m, "message").as_string().unwrap_or_default()
                ),
            ),
            _ => {}
        }
    });
    worker.set_onmessage(Some(on_message.as_ref().unchecked_ref()));
    on_message.forget();
    let on_error = Closure::<dyn FnMut(web_sys::ErrorEvent)>::new(move |e: web_sys::ErrorEvent| {
        fail(ctx, run, format!("The fitting worker failed: {}; nothing was changed.", e.message()));
    });
    worker.set_onerror(Some(on_error.as_ref().unchecked_ref()));
    on_error.forget();
    WORKERS.with(|w| w.borrow_mut().push(worker));
    Ok(())
}

/// The progress line of a worker's `fit-progress` message, fit `done` of `total` overall.
fn progress_label(m: &JsValue, done: usize, total: usize) -> String {
    match get(m, "stage").as_string().as_deref() {
        Some("ClassModels") => "Building the class models".to_string(),
        Some("Validation") => "Validating on the held-out rows".to_string(),
        _ => format!(
            "Fit {} of {total}: K = {}, restart {}, EM iteration {}",
            (done + 1).min(total),
            num(m, "k"),
            num(m, "restart") + 1,
            num(m, "iteration")
        ),
    }
}

/// Takes the finished fit's answer.
fn take_outcome(ctx: Ctx, run: FitRun, bytes: &[u8]) {
    finish(ctx, run);
    match postcard::from_bytes::<FitOutcome>(bytes) {
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

/// Runs the whole method in one worker, with the sweep's fits already made in `fits`.
fn final_fit(ctx: Ctx, run: FitRun, job: &Job, base: &JsValue, fits: Option<Vec<u8>>) {
    let extra: Vec<(&str, JsValue)> = fits
        .map(|f| vec![("fits", Uint8Array::from(f.as_slice()).into())])
        .unwrap_or_default();
    let msg = message(job, base, "fit", &extra);
    let on_progress = move |m: &JsValue| {
        let (done, total) = (num(m, "done"), num(m, "total").max(1));
        ctx.progress.set(Some(Progress {
            label: progress_label(m, done, total),
            fraction: done as f64 / total as f64,
        }));
    };
    if let Err(e) = spawn(ctx, run, msg, on_progress, move |b| take_outcome(ctx, run, &b)) {
        fail(ctx, run, e);
    }
}

/// Shares the sweep's fits among `n` workers (the largest K first, each to the least loaded
/// worker: a fit costs about K), then runs the rest of the method on their fits.
fn shared_sweep(ctx: Ctx, run: FitRun, job: Job, base: JsValue, units: Vec<SweepUnit>, n: usize) {
    let mut order = units.clone();
    order.sort_by(|a, b| b.0.cmp(&a.0).then(a.1.cmp(&b.1)));
    let mut parts: Vec<(usize, Vec<SweepUnit>)> = vec![(0, Vec::new()); n];
    for u in order {
        let least = (0..n).min_by_key(|&i| (parts[i].0, i)).expect("n >= 1");
        parts[least].0 += u.0;
        parts[least].1.push(u);
    }
    let total = units.len() + 1;
    let done_by = Rc::new(RefCell::new(vec![0usize; n]));
    let fits = Rc::new(RefCell::new((Done::new(), n)));
    let job = Rc::new(job);
    for (i, (_, mine)) in parts.into_iter().enumerate() {
        let units = serde_json::to_string(&mine).unwrap_or_default();
        let msg = message(&job, &base, "sweep-part", &[("units", units.into())]);
        let done_by_p = done_by.clone();
        let on_progress = move |m: &JsValue| {
            done_by_p.borrow_mut()[i] = num(m, "done");
            let done: usize = done_by_p.borrow().iter().sum();
            ctx.progress.set(Some(Progress {
                label: progress_label(m, done, total),
                fraction: done as f64 / total as f64,
            }));
        };
        let (fits, job, base, count) = (fits.clone(), job.clone(), base.clone(), mine.len());
        let done_by_d = done_by.clone();
        let on_done = move |bytes: Vec<u8>| {
            done_by_d.borrow_mut()[i] = count;
            let part: Done = match postcard::from_bytes(&bytes) {
                Ok(p) => p,
                Err(e) => {
                    return fail(ctx, run, format!("A fitting worker's answer could not be read ({e}); nothing was changed."))
                }
            };
            let mut f = fits.borrow_mut();
            f.0.extend(part);
            f.1 -= 1;
            if f.1 == 0 {
                let bytes = postcard::to_allocvec(&f.0).unwrap_or_default();
                final_fit(ctx, run, &job, &base, Some(bytes));
            }
        };
        if let Err(e) = spawn(ctx, run, msg, on_progress, on_done) {
            return fail(ctx, run, e);
        }
    }
}

/// Starts `job` (stopping any fit under way): a sweep is shared among as many workers as the
/// machine has cores (at most [`MAX_WORKERS`]); the result is the same bits either way.
pub fn start(ctx: Ctx, run: FitRun, job: Job) {
    stop();
    ctx.cancel.set(false);
    run.running.set(true);
    ctx.progress.set(Some(Progress {
        label: format!("Reading {} for the fit", job.input.file),
        fraction: 0.0,
    }));
    let base = JsValue::from(ctx.published_model().model.to_json());
    let cores = web_sys::window().map_or(1.0, |w| w.navigator().hardware_concurrency()) as usize;
    let units = sweep_options(&job.options).map(|s| sweep_units(&s)).unwrap_or_default();
    let n = cores.min(MAX_WORKERS).min(units.len());
    if n >= 2 {
        shared_sweep(ctx, run, job, base, units, n);
    } else {
        final_fit(ctx, run, &job, &base, None);
    }
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
