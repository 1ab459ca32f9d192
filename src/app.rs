//! The app shell: loads the catalog and model, then lays out the views.

use crate::ctx::Ctx;
use crate::load::{fetch_bytes, fetch_text};
use crate::url_sync;
use crate::views::collapsible::Collapsible;
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
use xclass_core::format::thousands;
use xclass_core::summary::{Origin, Summary};
use xclass_core::{Catalog, Model};

/// Everything loaded at start-up.
#[derive(Clone)]
pub struct Data {
    pub catalog: Arc<Catalog>,
    pub model: Arc<Model>,
    pub paper: Option<PaperConfusion>,
}

/// The counts of the dataset shown, under the active model (for the header).
#[derive(Clone, Copy)]
struct Header(RwSignal<Option<Summary>>);

/// Where start-up is.
#[derive(Clone)]
enum Load {
    Fetching { what: &'static str, fraction: f64 },
    Ready(Data),
    Failed(String),
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
    let header = Header(RwSignal::new(None));
    provide_context(header);
    let synthetic = move || header.0.with(|h| h.as_ref().filter(|h| h.origin == Origin::Synthetic).map(|h| h.sources));
    // The button that opened About gets the focus back when it closes.
    let about_button = NodeRef::<leptos::html::Button>::new();
    let close_about = move || {
        about.set(false);
        if let Some(b) = about_button.get_untracked() {
            b.focus().ok();
        }
    };
    view! {
        // The fragment holds the view state, so the link moves the focus itself.
        <a class="skip-link" href="#views" data-testid="skip-link" on:click=|e| {
            e.prevent_default();
            let views = web_sys::window().and_then(|w| w.document()).and_then(|d| d.get_element_by_id("views"));
            if let Some(v) = views.and_then(|v| v.dyn_into::<web_sys::HtmlElement>().ok()) {
                v.focus().ok();
            }
        }>"Skip to the views"</a>
        <header class="topbar">
            <h1>"xclass"</h1>
            <span class="tagline">"Probabilistic classes of Chandra X-ray sources"</span>
            <span class="counts" data-testid="counts">{move || header.0.with(|h| h.as_ref().map(Summary::headline))}</span>
            <span class="group-counts" data-testid="group-counts" title="Sources per group of their master class, under the active model">
                {move || header.0.with(|h| h.as_ref().map(Summary::groups_line))}
            </span>
            {move || synthetic().map(|n: usize| view! {
                <span class="badge" data-testid="synthetic-badge">{format!("showing {} synthetic detections", thousands(n))}</span>
            })}
            <button class="about-button" node_ref=about_button aria-haspopup="dialog" data-testid="about-button" on:click=move |_| about.set(true)>"About"</button>
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
            <crate::views::about::About close=close_about />
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
        "fit" => p.fit,
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
        "fit" => p.fit = on,
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
    let mut warnings = warnings;
    let mut checked = ctx.view.get_untracked();
    url_sync::check_values(ctx, &mut checked, &mut warnings);
    if ctx.view.with_untracked(|v| *v != checked) {
        ctx.view.set(checked);
    }
    url_sync::report(ctx, &warnings);
    url_sync::install(ctx);
    let panels = Memo::new(move |_| ctx.view.with(|v| v.panels));
    // Escape clears the selection (outside text fields).
    let _escape = window_event_listener(leptos::ev::keydown, move |e| {
        let target = e.target().and_then(|t| t.dyn_into::<web_sys::Element>().ok());
        let in_dialog = target.as_ref().is_some_and(|el| el.closest("[role=dialog]").ok().flatten().is_some());
        let typing = in_dialog || target.is_some_and(|el| matches!(el.tag_name().as_str(), "INPUT" | "TEXTAREA" | "SELECT"));
        if e.key() == "Escape" && !typing && ctx.view.with_untracked(|v| !v.selection.is_empty() || v.focus.is_some()) {
            ctx.change(crate::ctx::Step::Major, |v| {
                v.selection.clear();
                v.focus = None;
            });
        }
    });
    let header = expect_context::<Header>();
    Effect::new(move |_| {
        let published = ctx.published_model().hash;
        header.0.set(Some(ctx.dataset.with(|d| {
            let origin = match (&d.catalog, d.model == published) {
                (None, _) => Origin::Synthetic,
                (Some(_), true) => Origin::Published,
                (Some(_), false) => Origin::Reclassified,
            };
            Summary::of(origin, &d.sources, d.points(xclass_core::points::Level::Detection).len())
        })))
    });
    dataset_picker::install(ctx);
    crate::upload_client::install(ctx);
    crate::upload_client::follow_model(ctx);
    crate::samp_client::install(ctx);
    let fit_run = crate::fit_client::FitRun::new();
    provide_context(fit_run);
    crate::fit_client::install(ctx, fit_run);
    provide_context(crate::model_store::install(ctx));
    view! {
        <nav class="workbar" aria-label="Data, views and links">
            <DatasetPicker />
            <span class="views" data-testid="panel-toggles">"Views:"
                {[("sky", "Sky map"), ("scatter", "Scatter"), ("confusion", "Matrices"), ("table", "Table"), ("science", "Science"), ("details", "Side panel"), ("fit", "Fit")].into_iter().map(|(key, label)| view! {
                    <label class="check"><input type="checkbox" data-testid=format!("show-{key}")
                        prop:checked=move || shown(panels.get(), key)
                        on:change=move |e| { let on = event_target_checked(&e); ctx.change(crate::ctx::Step::Major, |v| set_shown(&mut v.panels, key, on)) } />{label}</label>
                }).collect_view()}
            </span>
            <label class="palette">"Colours "
                <select data-testid="palette" aria-label="Colour palette for classes and groups"
                    prop:value=move || ctx.view.with(|v| v.palette.key())
                    on:change=move |e| { let k = event_target_value(&e); if let Some(p) = xclass_core::palette::Palette::ALL.into_iter().find(|p| p.key() == k) { ctx.change(crate::ctx::Step::Major, |v| v.palette = p) } }>
                    {xclass_core::palette::Palette::ALL.map(|p| view! { <option value=p.key()>{p.label()}</option> }).collect_view()}
                </select>
            </label>
            <crate::views::model_badge::ModelBadge />
            <button data-testid="copy-link" on:click=move |_| url_sync::copy_link(ctx) title="Copy a link that restores this exact view">"Copy link"</button>
            <button on:click=move |_| ctx.change(crate::ctx::Step::Major, |v| *v = xclass_core::state::ViewState { model: v.model.take(), ..Default::default() }) title="Back to the default view (the active model stays)">"Reset view"</button>
        </nav>
        <crate::views::model_badge::ModelNotes />
        <ProgressBar />
        <Show when=move || panels.get().fit>
            <section class="panel fit-panel" data-testid="fit-panel">
                <button class="close" title="Hide the Fit panel" aria-label="Hide the Fit panel" on:click=move |_| ctx.change(crate::ctx::Step::Major, |v| v.panels.fit = false)>"×"</button>
                <Collapsible title="Fit the method to your data" testid="fold-fit"><div class="fit-body"><crate::views::fit::FitPanel /></div></Collapsible>
            </section>
        </Show>
        <main class="workspace" id="views" tabindex="-1" data-testid="workspace" style=move || grid_style(panels.get())>
            <aside class="panel filters" aria-label="Filters"><Collapsible title="Filters" testid="fold-filters"><Filters /></Collapsible></aside>
            <section class="panel sky" class:hidden=move || !panels.get().sky><Collapsible title="Sky map" testid="fold-sky"><SkyMap /></Collapsible></section>
            <section class="panel scatter" class:hidden=move || !panels.get().scatter><Collapsible title="Scatter" testid="fold-scatter"><Scatter /></Collapsible></section>
            <section class="panel confusion" class:hidden=move || !panels.get().confusion><Collapsible title="Confusion matrices" testid="fold-confusion"><Confusion /></Collapsible></section>
            <aside class="panel details" aria-label="Source details, what-if editor and uploads" class:hidden=move || !panels.get().details><Collapsible title="Source, what if, uploads" testid="fold-details"><SidePanel /></Collapsible></aside>
            <section class="panel table" class:hidden=move || !panels.get().table><Collapsible title="Table" testid="fold-table"><TablePanel /></Collapsible></section>
            <section class="panel science" class:hidden=move || !panels.get().science><Collapsible title="Distributions and novelty" testid="fold-science"><SciencePanel /></Collapsible></section>
        </main>
    }
}
