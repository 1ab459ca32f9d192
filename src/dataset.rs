//! The rows the views show: the published catalog, or a synthetic set at scale.

use std::sync::Arc;
use xclass_core::names::Names;
use xclass_core::novelty::{Novelty, NoveltyColumns, NoveltyReference};
use xclass_core::points::{Level, Points, Row};
use xclass_core::reclassify::reclassify;
use xclass_core::state;
use xclass_core::{synth, Catalog, Model};

/// Synthetic detections are placed within about this much of catalog sources, degrees.
const SKY_JITTER_DEG: f64 = 0.5;

/// Rows generated between two yields to the browser.
const CHUNK: usize = 20_000;

/// One dataset in the columns the views draw.
pub struct Dataset {
    /// What this is (part of the view state).
    pub id: state::Dataset,
    /// The content hash of the model that classified these rows.
    pub model: String,
    /// The full catalog, when the dataset is the published one.
    pub catalog: Option<Arc<Catalog>>,
    /// Source names, sorted, by source index.
    pub names: Names,
    /// One row per source.
    pub sources: Points,
    /// One row per detection; `None` when every source has exactly one (synthetic sets).
    pub detections: Option<Points>,
}

impl Dataset {
    /// The published catalog, with novelty under `model` (whose content hash is `hash`).
    pub fn published(catalog: Arc<Catalog>, model: &Arc<Model>, hash: String) -> Dataset {
        let reference = crate::science::reference_for(model, &catalog);
        let mut sources = Points::sources(&catalog);
        let mut detections = Points::detections(&catalog);
        sources.novelty = NoveltyColumns::of_catalog(model, &reference, &catalog, Level::Source);
        detections.novelty = NoveltyColumns::of_catalog(model, &reference, &catalog, Level::Detection);
        Dataset {
            id: state::Dataset::Published,
            model: hash,
            names: catalog.sources.iter().map(|s| s.name.as_str()).collect(),
            sources,
            detections: Some(detections),
            catalog: Some(catalog),
        }
    }

    /// The published catalog reclassified by another model (each source by its first
    /// detection: see `xclass_core::reclassify`).
    pub fn reclassified(published: &Catalog, model: &Arc<Model>, hash: String) -> Dataset {
        let mut r = reclassify(published, model);
        let reference = crate::science::reference_for(model, published);
        r.sources.novelty = NoveltyColumns::of_catalog(model, &reference, &r.catalog, Level::Source);
        r.detections.novelty = NoveltyColumns::of_catalog(model, &reference, &r.catalog, Level::Detection);
        Dataset {
            id: state::Dataset::Published,
            model: hash,
            names: published.sources.iter().map(|s| s.name.as_str()).collect(),
            sources: r.sources,
            detections: Some(r.detections),
            catalog: Some(Arc::new(r.catalog)),
        }
    }

    /// The rows of one level.
    pub fn points(&self, level: Level) -> &Points {
        match level {
            Level::Source => &self.sources,
            Level::Detection => self.detections.as_ref().unwrap_or(&self.sources),
        }
    }

    /// Number of sources.
    pub fn n_sources(&self) -> usize {
        self.sources.len()
    }
}

/// Detections sampled from the model's mixture and classified by the model, one source each;
/// generated in chunks, yielding to the browser between them. `progress(fraction)` reports;
/// returning `false` from it cancels (then `None`).
pub async fn synthetic(
    model: Arc<Model>,
    hash: String,
    reference: Arc<NoveltyReference>,
    sky: &Points,
    n: usize,
    seed: u64,
    progress: impl Fn(f64) -> bool,
) -> Option<Dataset> {
    let mut sources = Points::with_capacity(Level::Source, n);
    let mut names = Names::default();
    let mut samples = synth::sample(&model, n, seed).zip(synth::positions_near(&sky.ra, &sky.dec, n, seed, SKY_JITTER_DEG));
    let mut i = 0usize;
    while i < n {
        let before = i;
        let chunk: Vec<_> = samples.by_ref().take(CHUNK).collect();
        let features: Vec<_> = chunk.iter().map(|(det, _)| det.features).collect();
        let (classified, novelty) = Novelty::classify(&model, &reference, &features);
        novelty.iter().for_each(|v| sources.novelty.push(v));
        for ((det, (ra, dec)), c) in chunk.into_iter().zip(classified) {
            let class = c.class();
            let max_prob = c.probs[class.index()] as f32;
            names.push(&format!("SYN {i:07}"));
            sources.push(Row {
                source: i as u32,
                ra,
                dec,
                class,
                hard: class,
                unique: true,
                count: 1,
                max_prob,
                features: det.features.map(|v| v as f32),
                cluster: c.cluster as u8,
                own_class: class,
                own_max_prob: max_prob,
                own_features: true,
            });
            i += 1;
        }
        if i == before || !progress(i as f64 / n as f64) {
            return None;
        }
        gloo::timers::future::TimeoutFuture::new(0).await;
    }
    Some(Dataset { id: state::Dataset::Synthetic { n: n as u32, seed }, model: hash, catalog: None, names, sources, detections: None })
}
