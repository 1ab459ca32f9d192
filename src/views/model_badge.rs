//! The active model: a badge naming it (name + short content hash), the way back to the
//! published one, downloading it as JSON, loading a model file, the models kept in this
//! browser, and the message shown when a link names a model this page has not loaded.

use crate::ctx::{Ctx, Loaded};
use crate::draw::export::download;
use crate::model_store::ModelStore;
use leptos::prelude::*;
use leptos::task::spawn_local;
use wasm_bindgen::JsCast;
use xclass_core::Model;

/// Reads a model file chosen by the user; a bad file changes nothing and says why.
fn load_file(ctx: Ctx, file: web_sys::File) {
    let name = file.name();
    spawn_local(async move {
        let text = match gloo::file::futures::read_as_text(&gloo::file::File::from(file)).await {
            Ok(t) => t,
            Err(e) => {
                return ctx.notices.error(format!(
                    "{name}: could not be read ({e}). Nothing was changed."
                ))
            }
        };
        match Model::from_json(&text) {
            Ok(m) => {
                let loaded = Loaded::new(m);
                ctx.notices.info(format!(
                    "{name}: using model {} ({}).",
                    loaded.model.short_name(40),
                    loaded.hash
                ));
                ctx.use_model(loaded);
            }
            Err(e) => ctx.notices.error(format!(
                "{name}: {e}. Nothing was changed; the active model is still in use."
            )),
        }
    });
}

/// A button that opens a file chooser for a model file.
#[component]
fn LoadButton(label: &'static str, testid: &'static str) -> impl IntoView {
    let ctx = expect_context::<Ctx>();
    let on_pick = move |ev: leptos::ev::Event| {
        let el: web_sys::HtmlInputElement = ev.target().expect("target").unchecked_into();
        if let Some(f) = el.files().and_then(|f| f.get(0)) {
            load_file(ctx, f);
        }
        el.set_value("");
    };
    view! {
        <label class="file-button" data-testid=testid title="Load a model file (model.json, as written by xclass fit or by Download model)">
            {label}<input type="file" accept=".json,application/json" data-testid=format!("{testid}-input") on:change=on_pick />
        </label>
    }
}

/// The badge in the work bar.
#[component]
pub fn ModelBadge() -> impl IntoView {
    let ctx = expect_context::<Ctx>();
    let published = move || ctx.model.with(|m| m.hash == ctx.published_model().hash);
    let name = move || {
        ctx.model.with(|m| {
            if published() {
                "published (Pérez-Díaz et al. 2024)".to_string()
            } else {
                format!(
                    "{} (K = {})",
                    m.model.short_name(24),
                    m.model.gmm.n_components()
                )
            }
        })
    };
    let save = move |_| {
        let (json, hash) = ctx
            .model
            .with_untracked(|m| (m.model.to_json(), m.hash.clone()));
        if let Err(e) = download(
            &format!("xclass-model-{hash}.json"),
            "application/json",
            json.as_bytes(),
        ) {
            ctx.notices.error(format!("Download failed: {e}"));
        }
    };
    view! {
        <span class="model-badge" class:fitted=move || !published() data-testid="model-badge"
            title=move || ctx.model.with(|m| format!("{}\nContent hash {} (SHA-256 of its JSON)", m.model.description, m.hash))>
            "Model: " <strong>{name}</strong> " · " <code data-testid="model-hash">{move || ctx.model.with(|m| m.hash.clone())}</code>
        </span>
        <Show when=move || !published()>
            <button data-testid="model-published" on:click=move |_| ctx.use_model(ctx.published_model())
                title="Classify everything with the published model again">"Back to published"</button>
        </Show>
        <button data-testid="model-download" on:click=save title="Download the active model as JSON (what xclass classify --model reads)">"Download model"</button>
        <LoadButton label="Load model…" testid="model-load" />
        <SavedModels />
    }
}

/// The models kept in this browser (fitted or loaded before): choose one to use it.
#[component]
fn SavedModels() -> impl IntoView {
    let ctx = expect_context::<Ctx>();
    let store = expect_context::<ModelStore>();
    let pick = move |ev: leptos::ev::Event| {
        let el: web_sys::HtmlSelectElement = ev.target().expect("target").unchecked_into();
        let hash = el.value();
        el.set_value("");
        if hash.is_empty() {
            return;
        }
        let loaded = ctx
            .models
            .with_untracked(|ms| ms.iter().find(|m| m.hash == hash).cloned())
            .or_else(|| store.load(ctx, &hash));
        if let Some(l) = loaded {
            ctx.use_model(l);
        }
    };
    view! {
        <Show when=move || store.shelf.with(|s| !s.entries.is_empty())>
            <select class="saved-models" data-testid="model-saved" aria-label="Models saved in this browser" on:change=pick
                title="Models fitted or loaded before, kept in this browser (newest first)">
                <option value="">"Saved models…"</option>
                {move || store.shelf.get().entries.into_iter().map(|e| {
                    let date: String = e.saved.chars().take(10).collect();
                    view! { <option value=e.hash.clone()>{format!("{} · {} · {date}", e.name, e.hash)}</option> }
                }).collect_view()}
            </select>
        </Show>
    }
}

/// Under a non-published model: how the catalog is classified. A link naming a model that is
/// not loaded: says so and offers to load it.
#[component]
pub fn ModelNotes() -> impl IntoView {
    let ctx = expect_context::<Ctx>();
    let fitted = move || ctx.model.with(|m| m.hash != ctx.published_model().hash);
    view! {
        {move || ctx.missing_model.get().map(|h| view! {
            <div class="banner banner-warning" role="alert" data-testid="model-missing">
                <span>{format!("This link uses model {h}, which is not loaded in this page: the views below show the published model instead. Load that model's JSON file to see the view as it was shared. ")}</span>
                <LoadButton label="Load model file…" testid="model-missing-load" />
            </div>
        })}
        <Show when=fitted>
            <p class="model-note" data-testid="model-note">
                "Under this model each catalog source is classified by its first detection: the published tables give features for those 8,756 detections only, so the other 5,751 detections (published-model probabilities only) are not shown, and soft and hard votes coincide. Detection counts stay the published ones."
            </p>
        </Show>
    }
}
