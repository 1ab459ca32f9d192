//! The SAMP Web Profile client: carries the core's XML-RPC (`xclass_core::samp`) to the hub on
//! the user's machine and back. Nothing contacts the hub until the user clicks Connect.
//! Callbacks are pulled in a loop (`pullCallbacks`, a long poll aborted on disconnect); a hub
//! that stops answering ends the session with a message, and the app carries on.

use crate::ctx::Ctx;
use crate::load::fetch_bytes;
use crate::upload_client::{self, Input};
use js_sys::{Array, Uint8Array};
use leptos::prelude::*;
use leptos::task::spawn_local;
use std::cell::{Cell, RefCell};
use wasm_bindgen::{JsCast, JsValue};
use wasm_bindgen_futures::JsFuture;
use web_sys::{AbortController, RequestInit, Response};
use xclass_core::samp::hub::{self, client_ids, client_name, Client, Registration, HUB_URL, PULL_TIMEOUT_SECS};
use xclass_core::samp::message::{self, callbacks, highlight_row, interpret, point_at_sky, select_rows, Callback, Incoming};
use xclass_core::samp::rows::in_table;
use xclass_core::samp::{Message, Value};

/// Where the connection is.
#[derive(Clone, Debug, PartialEq)]
pub enum Status {
    Off,
    Connecting,
    On,
    /// Ended by the hub or an error: what happened.
    Lost(String),
}

/// What the panel shows; one per page.
#[derive(Clone, Copy)]
pub struct Samp {
    pub status: RwSignal<Status>,
    pub clients: RwSignal<Vec<Client>>,
    /// Send `coord.pointAt.sky` when a source is selected.
    pub point_at: RwSignal<bool>,
    /// The last messages sent and received, newest last.
    pub activity: RwSignal<Vec<String>>,
}

thread_local! {
    static STATE: Cell<Option<Samp>> = const { Cell::new(None) };
    static SESSION: RefCell<Option<Registration>> = const { RefCell::new(None) };
    static GENERATION: Cell<u32> = const { Cell::new(0) };
    static PULL: RefCell<Option<AbortController>> = const { RefCell::new(None) };
}

/// The page's SAMP state (created by [`install`]).
pub fn state() -> Samp {
    STATE.with(|s| s.get()).expect("samp_client::install ran")
}

fn generation() -> u32 {
    GENERATION.with(Cell::get)
}

fn session() -> Option<Registration> {
    SESSION.with(|s| s.borrow().clone())
}

fn note(text: impl Into<String>) {
    let text = text.into();
    state().activity.update(|a| {
        a.push(text);
        let n = a.len();
        a.drain(..n.saturating_sub(12));
    });
}

fn js_text(e: &JsValue) -> String {
    e.as_string().or_else(|| e.dyn_ref::<js_sys::Error>().and_then(|e| e.message().as_string())).unwrap_or_else(|| format!("{e:?}"))
}

/// Posts XML-RPC text to the hub; the response body, or why there is none.
async fn post(xml: String, abort: Option<&AbortController>, keepalive: bool) -> Result<Vec<u8>, String> {
    let init = RequestInit::new();
    init.set_method("POST");
    init.set_body(&JsValue::from_str(&xml));
    let headers = web_sys::Headers::new().map_err(|e| js_text(&e))?;
    headers.set("Content-Type", "text/xml").map_err(|e| js_text(&e))?;
    init.set_headers(&headers);
    if keepalive {
        // Not in web-sys's stable API: the request outlives the page (unregister on leaving).
        let _ = js_sys::Reflect::set(&init, &"keepalive".into(), &JsValue::TRUE);
    }
    if let Some(a) = abort {
        init.set_signal(Some(&a.signal()));
    }
    let window = web_sys::window().ok_or("no window")?;
    let resp: Response = JsFuture::from(window.fetch_with_str_and_init(HUB_URL, &init))
        .await
        .map_err(|e| format!("no SAMP hub answers at {HUB_URL} ({})", js_text(&e)))?
        .unchecked_into();
    if !resp.ok() {
        return Err(format!("the SAMP hub answered HTTP {} {}", resp.status(), resp.status_text()));
    }
    let buf = JsFuture::from(resp.array_buffer().map_err(|e| js_text(&e))?).await.map_err(|e| js_text(&e))?;
    Ok(Uint8Array::new(&buf).to_vec())
}

/// A `samp.webhub.<method>` call and its result.
async fn call(method: &str, xml: Result<String, String>, abort: Option<&AbortController>) -> Result<Value, String> {
    let body = post(xml?, abort, false).await?;
    hub::result(method, &body)
}

async fn handshake() -> Result<Registration, String> {
    let reg = Registration::from_value(&call("register", hub::call("register", &[hub::identity()]), None).await?)?;
    // Callbacks first: the hub tells us of our own subscriptions.
    call("allowReverseCallbacks", reg.call("allowReverseCallbacks", [Value::str("1")]), None).await?;
    call("declareMetadata", reg.call("declareMetadata", [hub::metadata(env!("CARGO_PKG_VERSION"))]), None).await?;
    call("declareSubscriptions", reg.call("declareSubscriptions", [hub::subscriptions()]), None).await?;
    Ok(reg)
}

/// Registers with the hub and starts pulling callbacks.
pub fn connect(ctx: Ctx) {
    let s = state();
    if matches!(s.status.get_untracked(), Status::Connecting | Status::On) {
        return;
    }
    s.status.set(Status::Connecting);
    let gen = generation() + 1;
    GENERATION.with(|g| g.set(gen));
    spawn_local(async move {
        match handshake().await {
            Ok(reg) if generation() == gen => {
                SESSION.with(|x| *x.borrow_mut() = Some(reg));
                s.status.set(Status::On);
                note("Connected to the SAMP hub.");
                refresh_clients().await;
                pull_loop(ctx, gen).await;
            }
            Ok(reg) => {
                let _ = call("unregister", reg.call("unregister", []), None).await;
            }
            Err(e) if generation() == gen => {
                let hint = if e.starts_with("no SAMP hub") {
                    " Start TOPCAT (or another SAMP hub with the Web Profile) and connect again."
                } else {
                    ""
                };
                s.status.set(Status::Lost(format!("Could not connect: {e}.{hint}")));
            }
            Err(_) => {}
        }
    });
}

/// Ends the session: the pull is aborted and xclass unregisters.
pub fn disconnect() {
    GENERATION.with(|g| g.set(g.get() + 1));
    if let Some(a) = PULL.with(|p| p.borrow_mut().take()) {
        a.abort();
    }
    let s = state();
    s.status.set(Status::Off);
    s.clients.set(Vec::new());
    if let Some(reg) = SESSION.with(|x| x.borrow_mut().take()) {
        spawn_local(async move {
            let _ = call("unregister", reg.call("unregister", []), None).await;
        });
        note("Disconnected.");
    }
}

/// The session ended without the user: say why, keep everything else.
fn lost(ctx: Ctx, why: String) {
    GENERATION.with(|g| g.set(g.get() + 1));
    SESSION.with(|x| x.borrow_mut().take());
    let s = state();
    s.clients.set(Vec::new());
    s.status.set(Status::Lost(why.clone()));
    ctx.notices.warn(why);
}

async fn refresh_clients() {
    let Some(reg) = session() else { return };
    let Ok(ids) = call("getRegisteredClients", reg.call("getRegisteredClients", []), None).await.and_then(|v| client_ids(&v)) else {
        return;
    };
    let mut clients = Vec::new();
    for id in ids {
        let name = call("getMetadata", reg.call("getMetadata", [Value::str(id.clone())]), None).await.ok().and_then(|m| client_name(&m));
        clients.push(Client { id, name });
    }
    state().clients.set(clients);
}

fn client_label(id: &str) -> String {
    state().clients.with_untracked(|cs| cs.iter().find(|c| c.id == id).and_then(|c| c.name.clone())).unwrap_or_else(|| id.to_string())
}

async fn pull_loop(ctx: Ctx, gen: u32) {
    while generation() == gen {
        let Some(reg) = session() else { return };
        let abort = AbortController::new().ok();
        PULL.with(|p| *p.borrow_mut() = abort.clone());
        let started = js_sys::Date::now();
        let result = call("pullCallbacks", reg.call("pullCallbacks", [Value::str(PULL_TIMEOUT_SECS.to_string())]), abort.as_ref()).await;
        if generation() != gen {
            return;
        }
        match result.and_then(|v| callbacks(&v)) {
            Ok(list) => {
                let quick = list.is_empty() && js_sys::Date::now() - started < 1000.0;
                for cb in list {
                    handle(ctx, &reg, cb).await;
                }
                // Some hubs answer at once instead of waiting: do not spin.
                if quick {
                    gloo::timers::future::TimeoutFuture::new(300).await;
                }
            }
            Err(e) => {
                lost(ctx, format!("The SAMP hub went away: {e}. xclass carries on; connect again when a hub runs."));
                return;
            }
        }
    }
}

async fn handle(ctx: Ctx, reg: &Registration, cb: Callback) {
    match cb {
        Callback::Notification { sender, message } => {
            if let Err(e) = act(ctx, &sender, &message).await {
                note(format!("{}: {e}", message.mtype));
            }
        }
        Callback::Call { sender, msg_id, message } => {
            let outcome = act(ctx, &sender, &message).await;
            if let Err(e) = &outcome {
                note(format!("{}: {e}", message.mtype));
            }
            let _ = call("reply", reg.call("reply", [Value::str(msg_id), message::response(&outcome)]), None).await;
        }
        Callback::Response { .. } => {}
    }
}

/// Whether a row message is about the upload shown, and that upload's row count.
fn our_table(ctx: Ctx, table_id: Option<&str>, url: Option<&str>) -> Result<usize, String> {
    let n = ctx.upload.with_untracked(|u| u.as_ref().map(|u| u.detections.len()));
    match (ctx.upload_samp.with_untracked(|t| t.as_ref().map(|t| t.is(table_id, url))), n) {
        (Some(true), Some(n)) => Ok(n),
        _ => Err(format!("xclass does not show table {}", xclass_core::message::clean(table_id.or(url).unwrap_or("?")))),
    }
}

async fn act(ctx: Ctx, sender: &str, message: &Message) -> Result<(), String> {
    match interpret(message)? {
        Incoming::LoadTable { table, .. } => {
            let reg = session().ok_or("not connected")?;
            let url = reg.translate(&table.url)?;
            let name = table
                .name
                .clone()
                .filter(|n| !n.trim().is_empty())
                .unwrap_or_else(|| table.url.rsplit('/').find(|s| !s.is_empty()).unwrap_or("SAMP table").to_string());
            note(format!("Loading {name} from {}.", client_label(sender)));
            let bytes = fetch_bytes(&url, |_, _| {}).await.map_err(|e| format!("could not read the table: {e}"))?;
            let size = bytes.len() as f64;
            let parts = Array::of1(&Uint8Array::from(bytes.as_slice()));
            let blob = web_sys::Blob::new_with_u8_array_sequence(&parts).map_err(|e| js_text(&e))?;
            upload_client::classify(ctx, Input { file: name, data: blob.into(), size, samp: Some(table) }, None);
        }
        Incoming::SelectRows { table_id, url, rows } => {
            let n = our_table(ctx, table_id.as_deref(), url.as_deref())?;
            let (rows, outside) = in_table(&rows, n);
            note(format!("{} selected {} row{}.", client_label(sender), rows.len(), if rows.len() == 1 { "" } else { "s" }));
            if let Some(&first) = rows.first() {
                ctx.upload_focus.set(Some(first));
            }
            ctx.upload_rows.set(rows);
            if outside > 0 {
                return Err(format!("{outside} row index(es) beyond the table's {n} rows were ignored"));
            }
        }
        Incoming::HighlightRow { table_id, url, row } => {
            let n = our_table(ctx, table_id.as_deref(), url.as_deref())?;
            if row >= n {
                return Err(format!("row {row} is beyond the table's {n} rows"));
            }
            note(format!("{} highlighted row {row}.", client_label(sender)));
            ctx.upload_focus.set(Some(row));
        }
        Incoming::ClientsChanged => refresh_clients().await,
        Incoming::HubGone => lost(ctx, "The SAMP hub shut down. xclass carries on; connect again when a hub runs.".into()),
        Incoming::Ping | Incoming::Other(_) => {}
    }
    Ok(())
}

/// Sends `message` to every client, when connected.
fn send(message: Message, what: String) {
    let Some(reg) = session() else { return };
    spawn_local(async move {
        match call("notifyAll", reg.notify_all(&message), None).await {
            Ok(_) => note(format!("Sent {what}.")),
            Err(e) => note(format!("Could not send {}: {e}", message.mtype)),
        }
    });
}

/// The user focused uploaded row `k`: highlight it in the table's sender, point at it.
pub fn row_focused(ctx: Ctx, k: usize) {
    if session().is_none() {
        return;
    }
    if let Some(t) = ctx.upload_samp.get_untracked() {
        send(highlight_row(&t, k), format!("table.highlight.row {k}"));
    }
    let pos = ctx.upload.with_untracked(|u| u.as_ref().and_then(|u| u.detections.get(k).and_then(|d| d.position)));
    if let (true, Some((ra, dec))) = (state().point_at.get_untracked(), pos) {
        send(point_at_sky(ra, dec), format!("coord.pointAt.sky {ra:.5} {dec:+.5}"));
    }
}

/// The user selected uploaded rows: remember them, and select them in the table's sender.
pub fn rows_selected(ctx: Ctx, rows: Vec<usize>) {
    ctx.upload_rows.set(rows.clone());
    if let (Some(t), Some(_)) = (ctx.upload_samp.get_untracked(), session()) {
        let what = format!("table.select.rowList ({} row{})", rows.len(), if rows.len() == 1 { "" } else { "s" });
        send(select_rows(&t, &rows), what);
    }
}

/// Creates the page's SAMP state; points at catalog sources as they are focused (when asked);
/// unregisters when the page goes away.
pub fn install(ctx: Ctx) {
    let s = Samp {
        status: RwSignal::new(Status::Off),
        clients: RwSignal::new(Vec::new()),
        point_at: RwSignal::new(false),
        activity: RwSignal::new(Vec::new()),
    };
    STATE.with(|x| x.set(Some(s)));
    let focus = Memo::new(move |_| ctx.view.with(|v| v.focus.clone()));
    Effect::new(move |_| {
        let Some(name) = focus.get() else { return };
        if !s.point_at.get_untracked() || session().is_none() {
            return;
        }
        let pos = ctx.dataset.with_untracked(|d| d.names.find(&name).map(|i| (d.sources.ra[i], d.sources.dec[i])));
        if let Some((ra, dec)) = pos {
            send(point_at_sky(ra, dec), format!("coord.pointAt.sky {ra:.5} {dec:+.5} ({name})"));
        }
    });
    // A new upload that did not come by SAMP, or none: row messages no longer apply.
    Effect::new(move |_| {
        if ctx.upload.with(Option::is_none) {
            ctx.upload_samp.set(None);
            ctx.upload_rows.set(Vec::new());
        }
    });
    let on_hide = wasm_bindgen::closure::Closure::<dyn FnMut()>::new(move || {
        if let Some(reg) = SESSION.with(|x| x.borrow_mut().take()) {
            if let Ok(xml) = reg.call("unregister", []) {
                spawn_local(async move {
                    let _ = post(xml, None, true).await;
                });
            }
        }
    });
    if let Some(w) = web_sys::window() {
        let _ = w.add_event_listener_with_callback("pagehide", on_hide.as_ref().unchecked_ref());
    }
    on_hide.forget();
}
