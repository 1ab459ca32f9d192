//! The novelty reference of the model in use (the published catalog's detections with
//! features), computed once per model and shared by the upload worker and the datasets.

use crate::ctx::Ctx;
use leptos::prelude::*;
use std::sync::Arc;
use xclass_core::novelty::NoveltyReference;
use xclass_core::{Catalog, Model};

thread_local! {
    static CACHE: std::cell::RefCell<Option<(usize, Arc<NoveltyReference>)>> = const { std::cell::RefCell::new(None) };
}

/// The reference of `model` over `catalog`'s sources (cached for the last model).
pub fn reference_for(model: &Arc<Model>, catalog: &Catalog) -> Arc<NoveltyReference> {
    let key = Arc::as_ptr(model) as usize;
    if let Some(r) = CACHE.with(|c| c.borrow().as_ref().filter(|(k, _)| *k == key).map(|(_, r)| r.clone())) {
        return r;
    }
    let features: Vec<_> = catalog.sources.iter().map(|s| s.features).collect();
    let r = Arc::new(NoveltyReference::new(model, &features));
    CACHE.with(|c| *c.borrow_mut() = Some((key, r.clone())));
    r
}

/// The reference of the app's model.
pub fn novelty_reference(ctx: Ctx) -> Arc<NoveltyReference> {
    let model = ctx.model.with_untracked(|m| m.model.0.clone());
    let catalog = ctx
        .published
        .with_value(|d| d.catalog.clone())
        .expect("the published dataset has its catalog");
    reference_for(&model, &catalog)
}
