//! The app shell: loads the catalog and model, then lays out the views.

use crate::ctx::Ctx;
use crate::load::{fetch_bytes, fetch_text};
use crate::url_sync;
use crate::views::confusion::Confusion;
use crate::views::dataset_picker::{self, DatasetPicker, ProgressBar};
use crate::views::side::SidePanel;
use xclass_core::state::Panels;
use crate::views::filters::Filters;
use crate::views::scatter::Scatter;
use crate::views::sky_map::SkyMap;
use crate::views::table::TablePanel;
use crate::views::science::SciencePanel;
use xclass_core::stats::PaperConfusion;
use crate::notices::{NoticeBar, Notices};
use leptos::prelude::*;
use wasm_bindgen::JsCast;
use leptos::task::spawn_local;
use std::sync::Arc;
use xclass_core::{Catalog, Model};

/// Everything loaded at start-up.
#[derive(Clone)]
pub struct Data {
    pub catalog: Arc<Catalog>,
    pub model: Arc<Model>,
    pub paper: Option<PaperConfusion>,
}

/// The size of the synthetic set shown instead of the catalog, if any (for the header).
#[derive(Clone, Copy)]
struct Synthetic(RwSignal<Option<usize>>);

/// Where start-up is.
#[derive(Clone)]
enum Load {
    Fetching { what: &'static str, fraction: f64 },
    Ready(Data),
    Failed(String),
}

/// `14507` → `"14,507"`.
pub fn thousands(n: usize) -> String {
    let s = n.to_string();
    let mut out = String::new();
    for (i, ch) in s.chars().enumerate() {
        if i > 0 && (s.len() - i).is_multiple_of(3) {
            out.push(',');
        }
        out.push(ch);
    }
    out
}

async fn load_all(state: RwSignal<Load>, notices: Notices) -> Result<Data, String> {
    state.set(Load::Fetching { what: "model", fraction: 0.0 });
    let model = Model::from_json(&fetch_text("assets/model.json").await?).map_err(|e| format!("assets/model.json: {e}"))?;
    let bytes = fetch_bytes("assets/catalog.bin", |got, total| {
        let fraction = if total > 0 { got as f64 / total as f64 } else { 0.0 };
        state.set(Load::Fetching { what: "catalog", fraction });
    })
    .await?;
    let catalog = Catalog::from_asset(&bytes).map_err(|e| format!("assets/catalog.bin: {e}"))?;
    // The paper's matrices are optional: without them only that view is missing.
    let paper = match fetch_text("assets/paper_confusion.json").await.and_then(|t| PaperConfusion::from_json(&t).map_err(|e| e.to_string())) {
        Ok(p) => Some(p),
        Err(e) => {
            notices.warn(format!("The paper's confusion matrices are unavailable: {e}"));
            None
        }
    };
    Ok(Data { catalog: Arc::new(catalog), model: Arc::new(model), paper })
}

/// Marks the moment the catalog is usable, for the browser timing harness.
fn mark_loaded() {
    let window = web_sys::window().expect("window");
    let now = window.performance().map(|p| p.now()).unwrap_or(0.0);
    if let Some(body) = window.document().and_then(|d| d.body()) {
        body.set_attribute("data-catalog-loaded-ms", &format!("{now:.1}")).ok();
    }
}

#[component]
pub fn App() -> impl IntoView {
    let notices = Notices::new();
    provide_context(notices);
    let state = RwSignal::new(Load::Fetching { what: "model", fraction: 0.0 });
    spawn_local(async move {
        match load_all(state, notices).await {
            Ok(data) => {
                state.set(Load::Ready(data));
                mark_loaded();
            }
            Err(e) => {
                notices.error(format!("Could not load the catalog: {e}"));
                state.set(Load::Failed(e));
            }
        }
    });
    let about = RwSignal::new(false);
    let synthetic = Synthetic(RwSignal::new(None));
    provide_context(synthetic);
    view! {
        <header class="topbar">
            <h1>"xclass"</h1>
            <span class="tagline">"Probabilistic classes of Chandra X-ray sources"</span>
            <span class="counts" data-testid="counts">
                {move || match state.get() {
                    Load::Ready(d) => format!(
                        "{} detections · {} sources ({} unique, {} ambiguous)",
                        thousands(d.catalog.detections.len()),
                        thousands(d.catalog.sources.len()),
                        thousands(d.catalog.unique_count()),
                        thousands(d.catalog.sources.len() - d.catalog.unique_count()),
                    ),
                    _ => String::new(),
                }}
            </span>
            {move || synthetic.0.get().map(|n: usize| view! {
                <span class="badge" data-testid="synthetic-badge">{format!("showing {} synthetic detections", thousands(n))}</span>
            })}
            <button class="about-button" on:click=move |_| about.set(true)>"About"</button>
        </header>
        <NoticeBar />
        {move || match state.get() {
            Load::Fetching { what, fraction } => view! { <Loading what fraction /> }.into_any(),
            Load::Failed(e) => view! {
                <div class="load-failed" data-testid="load-failed">
                    <h2>"The catalog could not be loaded"</h2>
                    <p>{e}</p>
                    <p>"Check that the app's assets/ folder was served with the page, then reload."</p>
                </div>
            }.into_any(),
            Load::Ready(data) => view! { <Workspace data /> }.into_any(),
        }}
        <Show when=move || about.get()>
            <About close=move || about.set(false) />
        </Show>
    }
}

#[component]
fn Loading(what: &'static str, fraction: f64) -> impl IntoView {
    view! {
        <div class="loading" data-testid="loading">
            <p>{format!("Loading the {what}…")}</p>
            <progress max="1" value=fraction></progress>
        </div>
    }
}

fn shown(p: Panels, key: &str) -> bool {
    match key {
        "sky" => p.sky,
        "scatter" => p.scatter,
        "confusion" => p.confusion,
        "table" => p.table,
        "science" => p.science,
        _ => p.details,
    }
}

fn set_shown(p: &mut Panels, key: &str, on: bool) {
    match key {
        "sky" => p.sky = on,
        "scatter" => p.scatter = on,
        "confusion" => p.confusion = on,
        "table" => p.table = on,
        "science" => p.science = on,
        _ => p.details = on,
    }
}

/// Grid columns and areas for the panels shown: the ones left take the room.
fn grid_style(p: Panels) -> String {
    let mut rows: Vec<[&str; 2]> = Vec::new();
    if p.sky {
        rows.push(["sky", "sky"]);
    }
    match (p.scatter, p.confusion) {
        (true, true) => rows.push(["scatter", "confusion"]),
        (true, false) => rows.push(["scatter", "scatter"]),
        (false, true) => rows.push(["confusion", "confusion"]),
        (false, false) => {}
    }
    if p.table {
        rows.push(["table", "table"]);
    }
    if p.science {
        rows.push(["science", "science"]);
    }
    if rows.is_empty() {
        rows.push([".", "."]);
    }
    let side = if p.details { " details" } else { "" };
    let areas: Vec<String> = rows.iter().map(|r| format!("\"filters {} {}{side}\"", r[0], r[1])).collect();
    let cols = if p.details { "260px minmax(0, 1fr) minmax(0, 1fr) 320px" } else { "260px minmax(0, 1fr) minmax(0, 1fr)" };
    format!("--areas: {}; --cols: {cols}", areas.join(" "))
}

/// The layout the views live in.
#[component]
fn Workspace(data: Data) -> impl IntoView {
    let notices = expect_context::<Notices>();
    let (initial, warnings) = url_sync::read();
    let ctx = Ctx::new(data.model, data.catalog, data.paper, initial, notices);
    provide_context(ctx);
    url_sync::report(ctx, &warnings);
    url_sync::install(ctx);
    let panels = Memo::new(move |_| ctx.view.with(|v| v.panels));
    // Escape clears the selection (outside text fields).
    let _escape = window_event_listener(leptos::ev::keydown, move |e| {
        let typing = e.target().and_then(|t| t.dyn_into::<web_sys::Element>().ok()).is_some_and(|el| matches!(el.tag_name().as_str(), "INPUT" | "TEXTAREA" | "SELECT"));
        if e.key() == "Escape" && !typing && ctx.view.with_untracked(|v| !v.selection.is_empty() || v.focus.is_some()) {
            ctx.change(crate::ctx::Step::Major, |v| {
                v.selection.clear();
                v.focus = None;
            });
        }
    });
    let synthetic = expect_context::<Synthetic>();
    Effect::new(move |_| synthetic.0.set(ctx.dataset.with(|d| d.catalog.is_none().then(|| d.n_sources()))));
    dataset_picker::install(ctx);
    crate::upload_client::install(ctx);
    view! {
        <div class="workbar">
            <DatasetPicker />
            <span class="views" data-testid="panel-toggles">"Views:"
                {[("sky", "Sky map"), ("scatter", "Scatter"), ("confusion", "Matrices"), ("table", "Table"), ("science", "Science"), ("details", "Side panel")].into_iter().map(|(key, label)| view! {
                    <label class="check"><input type="checkbox" data-testid=format!("show-{key}")
                        prop:checked=move || shown(panels.get(), key)
                        on:change=move |e| { let on = event_target_checked(&e); ctx.change(crate::ctx::Step::Major, |v| set_shown(&mut v.panels, key, on)) } />{label}</label>
                }).collect_view()}
            </span>
            <button data-testid="copy-link" on:click=move |_| url_sync::copy_link(ctx) title="Copy a link that restores this exact view">"Copy link"</button>
            <button on:click=move |_| ctx.change(crate::ctx::Step::Major, |v| *v = Default::default()) title="Back to the default view">"Reset view"</button>
        </div>
        <ProgressBar />
        <main class="workspace" data-testid="workspace" style=move || grid_style(panels.get())>
            <aside class="panel filters"><h2>"Filters"</h2><Filters /></aside>
            <section class="panel sky" class:hidden=move || !panels.get().sky><h2>"Sky map"</h2><SkyMap /></section>
            <section class="panel scatter" class:hidden=move || !panels.get().scatter><h2>"Scatter"</h2><Scatter /></section>
            <section class="panel confusion" class:hidden=move || !panels.get().confusion><h2>"Confusion matrices"</h2><Confusion /></section>
            <aside class="panel details" class:hidden=move || !panels.get().details><SidePanel /></aside>
            <section class="panel table" class:hidden=move || !panels.get().table><TablePanel /></section>
            <section class="panel science" class:hidden=move || !panels.get().science><h2>"Distributions and novelty"</h2><SciencePanel /></section>
        </main>
    }
}

#[component]
fn About(close: impl Fn() + Copy + Send + Sync + 'static) -> impl IntoView {
    view! {
        <div class="modal-backdrop" on:click=move |_| close()>
            <div class="modal" role="dialog" aria-label="About xclass" on:click=|e| e.stop_propagation()>
                <h2>"About xclass"</h2>
                <p>
                    "xclass explores and reproduces the probabilistic classification of Chandra Source Catalog 2.0 "
                    "sources by Pérez-Díaz, Martínez-Galarza, Caicedo & D'Abrusco (2024), "
                    <em>"Unsupervised Machine Learning for the Classification of Astrophysical X-ray Sources"</em>
                    " (arXiv:2401.12203). Everything runs in your browser: no server, no tracking."
                </p>
                <p>
                    "Catalog and model: the authors' published tables and fitted model (umlcaxs repository), "
                    "MIT licence, copyright the authors; shipped unmodified in "
                    <a href="assets/LICENSE-DATA">"assets/"</a>
                    " with their licence. Labels come from SIMBAD; detections from CSC 2.0."
                </p>
                <p>
                    "The model here reproduces the published catalog: for the paper's example source "
                    "2CXO J004307.5-092302 it gives HMXB (XB group 0.985). The authors' notebook prints other "
                    "numbers for that source because its transform step overwrote six normalised columns of "
                    "the training table; xclass follows the model that produced the published catalog."
                </p>
                <button on:click=move |_| close()>"Close"</button>
            </div>
        </div>
    }
}
