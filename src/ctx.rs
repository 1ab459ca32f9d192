//! The app context: loaded data, the one view state, and what is derived from them.

use crate::dataset::Dataset;
use crate::notices::Notices;
use crate::draw::colour::SubsetColours;
use crate::shared::Shared;
use leptos::prelude::*;
use std::sync::Arc;
use xclass_core::points::Level;
use xclass_core::filter::Filter;
use xclass_core::state::ViewState;
use xclass_core::stats::PaperConfusion;
use xclass_core::crossmatch::Matched;
use xclass_core::samp::TableRef;
use xclass_core::upload::Upload;
use xclass_core::{Catalog, Model};

/// How a state change enters the browser history.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Step {
    /// A meaningful step (filter, selection, axes): a new history entry.
    Major,
    /// A continuous adjustment (zoom, pan, paging): replaces the current entry.
    Minor,
}

/// A long task in progress: what it is, how far (0-1), and whether the user asked to stop.
#[derive(Clone, Debug, PartialEq)]
pub struct Progress {
    pub label: String,
    pub fraction: f64,
}

/// A model loaded in this page, with its content hash (what permalinks name it by).
#[derive(Clone, Debug, PartialEq)]
pub struct Loaded {
    pub hash: String,
    pub model: Shared<Model>,
}

impl Loaded {
    pub fn new(model: Model) -> Loaded {
        Loaded { hash: model.content_hash(), model: Shared::new(model) }
    }
}

/// Shared by every component (provided as context).
#[derive(Clone, Copy)]
pub struct Ctx {
    /// The active model: the one the view state names when it is loaded, else the published one.
    pub model: Memo<Loaded>,
    /// Models loaded in this page; the first is the published one.
    pub models: RwSignal<Vec<Loaded>>,
    /// The view state names a model that is not loaded (its hash).
    pub missing_model: Memo<Option<String>>,
    /// The paper's benchmark confusion matrices, if they loaded.
    pub paper: StoredValue<Option<PaperConfusion>>,
    pub dataset: RwSignal<Shared<Dataset>>,
    pub view: RwSignal<ViewState>,
    /// How the last change should be recorded in history.
    pub step: RwSignal<Step>,
    pub notices: Notices,
    /// The filter part of the view state (changes only when the filter does).
    pub filter: Memo<Filter>,
    /// Rows passing the filter, per level.
    pub mask_sources: Memo<Shared<Vec<bool>>>,
    pub mask_detections: Memo<Shared<Vec<bool>>>,
    /// Selected sources, by source index.
    pub selected: Memo<Shared<Vec<bool>>>,
    /// The long task under way, if any (shown with a progress bar and a Cancel button).
    pub progress: RwSignal<Option<Progress>>,
    /// Set by Cancel; long tasks check it between chunks.
    pub cancel: RwSignal<bool>,
    /// The published catalog's rows, kept to switch back to quickly.
    pub published: StoredValue<Shared<Dataset>>,
    /// The classified upload shown as its own layer (not part of permalinks).
    pub upload: RwSignal<Option<Shared<Upload>>>,
    /// The uploaded detection shown in the upload panel.
    pub upload_focus: RwSignal<Option<usize>>,
    /// Each source's subset and the subsets' names, for colouring by subset.
    pub subset_colours: Memo<Shared<SubsetColours>>,
    /// The matched target list shown as its own layer (not part of permalinks).
    pub matched: RwSignal<Option<Shared<Matched>>>,
    /// The SAMP table the upload came from (its table-id and URL), when it came by SAMP.
    pub upload_samp: RwSignal<Option<TableRef>>,
    /// Uploaded rows selected (in xclass or by a SAMP client), by row index.
    pub upload_rows: RwSignal<Vec<usize>>,
}

impl Ctx {
    /// Builds the context around loaded data and an initial view.
    pub fn new(model: Arc<Model>, catalog: Arc<Catalog>, paper: Option<PaperConfusion>, view: ViewState, notices: Notices) -> Ctx {
        let hash = model.content_hash();
        let published = Shared::new(Dataset::published(catalog.clone(), &model, hash.clone()));
        let published_model = Loaded { hash, model: Shared(model) };
        let dataset = RwSignal::new(published.clone());
        let view = RwSignal::new(view);
        let models = RwSignal::new(vec![published_model]);
        let wanted = Memo::new(move |_| view.with(|v| v.model.clone()));
        let find = move |h: &str| models.with(|ms| ms.iter().find(|m| m.hash == h).cloned());
        let model = Memo::new(move |_| wanted.get().and_then(|h| find(&h)).unwrap_or_else(|| models.with(|ms| ms[0].clone())));
        let missing_model = Memo::new(move |_| wanted.get().filter(|h| find(h).is_none()));
        let filter = Memo::new(move |_| view.with(|v| v.filter.clone()));
        let subsets = Memo::new(move |_| view.with(|v| v.subsets.clone()));
        // Which sources "show only" / "hide" leaves (None: all).
        let visible = Memo::new(move |_| {
            let s = subsets.get();
            dataset.with(|d| s.visible(&d.names).map(Shared::new))
        });
        let mask = move |level: Level| {
            Memo::new(move |_| {
                let f = filter.get();
                let vis = visible.get();
                dataset.with(|d| {
                    let p = d.points(level);
                    let mut m = f.mask(p, &d.names);
                    if let Some(vis) = vis {
                        m.iter_mut().enumerate().for_each(|(i, keep)| *keep &= vis[p.source[i] as usize]);
                    }
                    Shared::new(m)
                })
            })
        };
        let subset_colours = Memo::new(move |_| {
            let s = subsets.get();
            dataset.with(|d| Shared::new(SubsetColours { index: s.colour_index(&d.names), names: s.list.iter().map(|x| x.name.clone()).collect() }))
        });
        let names = Memo::new(move |_| view.with(|v| v.selection.clone()));
        let selected = Memo::new(move |_| {
            let names = names.get();
            dataset.with(|d| {
                let mut sel = vec![false; d.n_sources()];
                for n in &names {
                    if let Some(i) = d.names.find(n) {
                        sel[i] = true;
                    }
                }
                Shared::new(sel)
            })
        });
        Ctx {
            model,
            models,
            missing_model,
            paper: StoredValue::new(paper),
            dataset,
            view,
            step: RwSignal::new(Step::Major),
            notices,
            filter,
            mask_sources: mask(Level::Source),
            mask_detections: mask(Level::Detection),
            selected,
            progress: RwSignal::new(None),
            cancel: RwSignal::new(false),
            published: StoredValue::new(published),
            upload: RwSignal::new(None),
            upload_focus: RwSignal::new(None),
            subset_colours,
            matched: RwSignal::new(None),
            upload_samp: RwSignal::new(None),
            upload_rows: RwSignal::new(Vec::new()),
        }
    }

    /// The filter mask of one level.
    pub fn mask(&self, level: Level) -> Memo<Shared<Vec<bool>>> {
        match level {
            Level::Source => self.mask_sources,
            Level::Detection => self.mask_detections,
        }
    }

    /// The published model (always loaded).
    pub fn published_model(&self) -> Loaded {
        self.models.with_untracked(|ms| ms[0].clone())
    }

    /// Loads `model` (if new) and makes it the active one, as one history step.
    pub fn use_model(&self, model: Loaded) {
        let published = self.published_model().hash == model.hash;
        if !self.models.with_untracked(|ms| ms.iter().any(|m| m.hash == model.hash)) {
            self.models.update(|ms| ms.push(model.clone()));
        }
        self.change(Step::Major, |v| v.model = (!published).then(|| model.hash.clone()));
    }

    /// Changes the view state as one history step of the given kind.
    pub fn change(&self, step: Step, f: impl FnOnce(&mut ViewState)) {
        self.step.set(step);
        self.view.update(f);
    }

    /// Selects these sources (by index) and focuses the first; replaces the selection.
    pub fn select(&self, sources: impl IntoIterator<Item = usize>) {
        let names: Vec<String> =
            self.dataset.with_untracked(|d| sources.into_iter().map(|i| d.names.get(i).to_string()).collect());
        self.change(Step::Major, |v| {
            v.focus = names.first().cloned();
            let mut names = names;
            names.sort();
            names.dedup();
            v.selection = names;
        });
    }
}
