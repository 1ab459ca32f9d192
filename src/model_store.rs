//! Fitted and loaded models kept in this browser (`localStorage`) so that a permalink naming
//! one restores it on the next visit. The index and its bounds, and the validation of a kept
//! model (exactly as an uploaded file, plus its hash), are the core's (`model_shelf`); here
//! are the storage calls. A damaged entry is dropped with a message; nothing else changes.

use crate::ctx::{Ctx, Loaded};
use leptos::prelude::*;
use web_sys::Storage;
use xclass_core::model_shelf::{read_kept, Shelf};

const INDEX: &str = "xclass.models";

fn key(hash: &str) -> String {
    format!("xclass.model.{hash}")
}

fn storage() -> Option<Storage> {
    web_sys::window()?.local_storage().ok().flatten()
}

/// The kept models, as a signal the views list.
#[derive(Clone, Copy)]
pub struct ModelStore {
    pub shelf: RwSignal<Shelf>,
}

fn read_index(ctx: Ctx) -> Shelf {
    let text = storage().and_then(|s| s.get_item(INDEX).ok().flatten());
    let (shelf, message) = Shelf::parse(text.as_deref());
    if let Some(m) = message {
        ctx.notices.warn(m);
        write_index(&shelf);
    }
    shelf
}

fn write_index(shelf: &Shelf) -> bool {
    storage().is_some_and(|s| s.set_item(INDEX, &shelf.to_json()).is_ok())
}

impl ModelStore {
    /// Keeps `model` (not the published one), evicting the oldest beyond the bounds.
    fn keep(self, ctx: Ctx, model: &Loaded) {
        let Some(s) = storage() else { return };
        let json = model.model.to_json();
        let mut shelf = read_index(ctx);
        let now = String::from(js_sys::Date::new_0().to_iso_string());
        match shelf.add(&model.model, &model.hash, json.len(), &now) {
            Ok(evicted) => {
                for h in evicted {
                    s.remove_item(&key(&h)).ok();
                }
                if s.set_item(&key(&model.hash), &json).is_err() || !write_index(&shelf) {
                    shelf.remove(&model.hash);
                    s.remove_item(&key(&model.hash)).ok();
                    write_index(&shelf);
                    ctx.notices.warn(format!("Model {} could not be kept in this browser (storage full or disabled): a link naming it will need its file.", model.hash));
                }
            }
            Err(e) => ctx.notices.warn(format!("Not kept in this browser: {e}.")),
        }
        self.shelf.set(shelf);
    }

    /// The kept model `hash`, validated; a damaged entry is dropped with a message.
    pub fn load(self, ctx: Ctx, hash: &str) -> Option<Loaded> {
        let mut shelf = read_index(ctx);
        let entry = shelf.find(hash)?.clone();
        let s = storage()?;
        let text = s.get_item(&key(hash)).ok().flatten();
        match read_kept(&entry, text.as_deref()) {
            Ok(m) => Some(Loaded::new(m)),
            Err(e) => {
                shelf.remove(hash);
                s.remove_item(&key(hash)).ok();
                write_index(&shelf);
                self.shelf.set(shelf);
                ctx.notices.warn(e);
                None
            }
        }
    }
}

/// Reads the index, keeps every non-published model that becomes active, and restores a
/// model a link names from the kept ones when it is there.
pub fn install(ctx: Ctx) -> ModelStore {
    let store = ModelStore {
        shelf: RwSignal::new(read_index(ctx)),
    };
    Effect::new(move |_| {
        let m = ctx.model.get();
        if m.hash != ctx.published_model().hash {
            store.keep(ctx, &m);
        }
    });
    Effect::new(move |_| {
        let Some(h) = ctx.missing_model.get() else {
            return;
        };
        if let Some(l) = store.load(ctx, &h) {
            ctx.notices.info(format!(
                "Model {} ({}) restored from this browser's saved models.",
                l.hash,
                l.model.short_name(40)
            ));
            ctx.models.update(|ms| ms.push(l));
        }
    });
    store
}
