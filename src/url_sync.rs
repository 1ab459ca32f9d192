//! The permalink: the view state lives in the URL fragment. Meaningful steps push a history
//! entry, continuous ones (zoom, pan, typing) replace it after a pause; back/forward and edited
//! links restore the state. A mangled link restores what it can and says what it ignored.

use crate::ctx::{Ctx, Step};
use leptos::prelude::*;
use std::time::Duration;
use xclass_core::state::ViewState;
use xclass_core::state_check::{check, Known};
use xclass_core::url;

fn hash() -> String {
    let h = web_sys::window().and_then(|w| w.location().hash().ok()).unwrap_or_default();
    h.strip_prefix('#').unwrap_or(&h).to_string()
}

/// The state in the current URL, and warnings about what could not be restored.
pub fn read() -> (ViewState, Vec<String>) {
    let decoded = url::decode::<ViewState>(&hash());
    (decoded.state, decoded.warnings)
}

/// Resets the values of a state read from a link that cannot be meant (checked against the
/// published catalog's names and the model), adding a warning for each.
pub fn check_values(ctx: Ctx, state: &mut ViewState, warnings: &mut Vec<String>) {
    let clusters = ctx.model.with_value(|m| m.gmm.n_components());
    let published = ctx.published.get_value();
    warnings.extend(check(state, &Known { names: Some(&published.names), clusters }));
}

/// Tells the user what part of a link was ignored.
pub fn report(ctx: Ctx, warnings: &[String]) {
    if !warnings.is_empty() {
        let shown: Vec<&str> = warnings.iter().take(4).map(String::as_str).collect();
        let more = if warnings.len() > 4 { format!(" (and {} more)", warnings.len() - 4) } else { String::new() };
        ctx.notices.warn(format!(
            "This link could not be fully restored; the rest of the view uses defaults. {}{more}",
            shown.join(" · ")
        ));
    }
}

fn write(state: &str, push: bool) {
    let Some(w) = web_sys::window() else { return };
    let Ok(history) = w.history() else { return };
    let url = if state.is_empty() { w.location().pathname().unwrap_or_default() } else { format!("#{state}") };
    let r = if push {
        history.push_state_with_url(&wasm_bindgen::JsValue::NULL, "", Some(&url))
    } else {
        history.replace_state_with_url(&wasm_bindgen::JsValue::NULL, "", Some(&url))
    };
    r.ok();
}

/// Keeps the URL and the view state in step, both ways.
pub fn install(ctx: Ctx) {
    let pending = StoredValue::new(None::<TimeoutHandle>);
    Effect::new(move |_| {
        let encoded = ctx.view.with(url::encode);
        let step = ctx.step.get_untracked();
        if let Some(h) = pending.get_value() {
            h.clear();
            pending.set_value(None);
        }
        if encoded == hash() {
            return;
        }
        match step {
            Step::Major => write(&encoded, true),
            Step::Minor => {
                let h = set_timeout_with_handle(move || write(&encoded, false), Duration::from_millis(300)).ok();
                pending.set_value(h);
            }
        }
        ctx.step.set(Step::Major);
    });
    let restore = move || {
        let (mut state, mut warnings) = read();
        check_values(ctx, &mut state, &mut warnings);
        report(ctx, &warnings);
        if ctx.view.with_untracked(|v| *v != state) {
            ctx.view.set(state);
        }
    };
    let pop = window_event_listener(leptos::ev::popstate, move |_| restore());
    let hashchange = window_event_listener(leptos::ev::hashchange, move |_| restore());
    on_cleanup(move || {
        pop.remove();
        hashchange.remove();
    });
}

/// Copies the current link to the clipboard.
pub fn copy_link(ctx: Ctx) {
    let Some(w) = web_sys::window() else { return };
    let href = w.location().href().unwrap_or_default();
    let promise = w.navigator().clipboard().write_text(&href);
    leptos::task::spawn_local(async move {
        match wasm_bindgen_futures::JsFuture::from(promise).await {
            Ok(_) => ctx.notices.info("Link copied: it restores this exact view."),
            Err(_) => ctx.notices.info(format!("Copy this link: {href}")),
        }
    });
}
