//! The what-if editor: a detection's 12 features as sliders and numbers (or raw CSC
//! variability columns), classified on every edit, compared with where it started.

use crate::ctx::{Ctx, Step};
use leptos::prelude::*;
use xclass_core::class::{argmax, group_probs, ClassProbs};
use xclass_core::model::Scaling;
use xclass_core::state::{Editor, RawVariability, Side};
use xclass_core::whatif::{extrapolation_warnings, invented_raw_columns, parse_feature_value, parse_raw_value};
use xclass_core::{Class, Feature, FeatureVector, Group, Model};

/// Slider resolution.
const STEPS: f64 = 1000.0;

/// The exact features of a named source (the catalog's f64 values when there is a catalog).
fn source_features(ctx: Ctx, name: &str) -> Option<FeatureVector> {
    ctx.dataset.with_untracked(|d| {
        let i = d.names.find(name)?;
        Some(match &d.catalog {
            Some(c) => c.sources[i].features,
            None => d.sources.features[i].map(f64::from),
        })
    })
}

/// Opens the editor on the focused source's first detection, or on the catalog medians.
pub fn start(ctx: Ctx, from_focus: bool) {
    let focus = ctx.view.with_untracked(|v| v.focus.clone().or_else(|| v.selection.first().cloned()));
    let picked = focus.filter(|_| from_focus).and_then(|n| source_features(ctx, &n).map(|f| (n, f)));
    if from_focus && picked.is_none() {
        ctx.notices.info("No source selected: starting from the catalog medians.");
    }
    let (base, values) = match picked {
        Some((n, f)) => (Some(n), f),
        None => (None, ctx.model.with_untracked(|m| m.model.fill.values)),
    };
    ctx.change(Step::Major, |v| {
        v.editor = Some(Editor { base, start: None, values, raw: None });
        v.side = Side::Editor;
    });
}

/// The base vector of an editor state (source features or the medians).
fn base_values(ctx: Ctx, e: &Editor) -> FeatureVector {
    e.start
        .or_else(|| e.base.as_deref().and_then(|n| source_features(ctx, n)))
        .unwrap_or_else(|| ctx.model.with_untracked(|m| m.model.fill.values))
}

/// Opens the editor on an uploaded detection's (filled) features.
pub fn start_from_upload(ctx: Ctx, name: Option<String>, features: FeatureVector) {
    ctx.change(Step::Major, |v| {
        v.editor = Some(Editor { base: name, start: Some(features), values: features, raw: None });
        v.side = Side::Editor;
    });
}

/// The edited vector with raw-mode derivations applied.
pub fn effective(e: &Editor) -> FeatureVector {
    let mut x = e.values;
    if let Some(raw) = &e.raw {
        raw.derive_into(&mut x);
    }
    x
}

/// Slider position (0..STEPS) ↔ raw value over [lo, hi], logarithmic for log-scaled features.
#[derive(Clone, PartialEq)]
struct Axis {
    lo: f64,
    hi: f64,
    log_shift: Option<f64>,
}

impl Axis {
    fn new(model: &Model, f: Feature, lo: f64, hi: f64) -> Axis {
        let log_shift = match model.normaliser.scalings[f.index()] {
            Scaling::Lognorm { shift, .. } => Some(shift.max(1e-12)),
            _ => None,
        };
        Axis { lo, hi, log_shift }
    }

    fn to_slider(&self, v: f64) -> f64 {
        let t = match self.log_shift {
            Some(s) => ((v.max(0.0) + s).ln() - (self.lo + s).ln()) / ((self.hi + s).ln() - (self.lo + s).ln()),
            None => (v - self.lo) / (self.hi - self.lo),
        };
        (t.clamp(0.0, 1.0) * STEPS).round()
    }

    fn value_at(&self, pos: f64) -> f64 {
        let t = pos / STEPS;
        match self.log_shift {
            Some(s) => ((self.lo + s).ln() + t * ((self.hi + s).ln() - (self.lo + s).ln())).exp() - s,
            None => self.lo + t * (self.hi - self.lo),
        }
    }
}

/// A value with 4 significant digits (sliders move in small steps; typed values are kept).
fn short(v: f64) -> String {
    if v == 0.0 || !v.is_finite() {
        return v.to_string();
    }
    let digits = (3 - v.abs().log10().floor() as i32).clamp(0, 12) as usize;
    format!("{v:.digits$}")
}

fn delta(now: f64, was: f64) -> impl IntoView {
    let d = now - was;
    let (cls, text) = if d.abs() < 5e-4 { ("same", String::new()) } else if d > 0.0 { ("up", format!("▲{:.3}", d)) } else { ("down", format!("▼{:.3}", -d)) };
    view! { <span class=format!("delta {cls}")>{text}</span> }
}

fn bars(labels: Vec<(String, String)>, now: &[f64], was: &[f64], testid: &'static str) -> impl IntoView {
    let best = argmax(now);
    let rows: Vec<_> = labels
        .into_iter()
        .enumerate()
        .map(|(i, (label, colour))| {
            view! {
                <div class="bar-row" class:best=i == best>
                    <span class="bar-label">{label}</span>
                    <span class="bar-track"><span class="bar-fill" style=format!("width:{:.2}%;background:{colour}", now[i] * 100.0)></span></span>
                    <span class="bar-value">{format!("{:.4}", now[i])}{delta(now[i], was[i])}</span>
                </div>
            }
        })
        .collect();
    view! { <div class="bars" data-testid=testid>{rows}</div> }
}

#[component]
pub fn EditorPanel() -> impl IntoView {
    let ctx = expect_context::<Ctx>();
    let editor = Memo::new(move |_| ctx.view.with(|v| v.editor.clone()));
    // Slider ranges: the catalog's 0.5-99.5 percentiles.
    let ranges = ctx.published.with_value(|d| d.catalog.as_ref().map(|c| (c.feature_quantile(0.005), c.feature_quantile(0.995))));
    // Slider scales follow the active model's normalisation.
    let axes = Memo::new(move |_| {
        let model = ctx.model.get();
        Feature::ALL
            .iter()
            .map(|&f| {
                let (lo, hi) = ranges.map_or((-1.0, 1.0), |(lo, hi)| (lo[f.index()], hi[f.index()]));
                Axis::new(&model.model, f, lo, hi)
            })
            .collect::<Vec<Axis>>()
    });
    // A refused value: which field (a feature index, or 100 + a raw column) and why.
    let field_error = RwSignal::new(None::<(usize, String)>);
    let set_value = move |f: Feature, v: f64, step: Step| {
        ctx.change(step, |s| {
            if let Some(e) = s.editor.as_mut() {
                e.values[f.index()] = v;
            }
        })
    };
    let set_raw = move |k: usize, v: f64| {
        ctx.change(Step::Major, |s| {
            if let Some(raw) = s.editor.as_mut().and_then(|e| e.raw.as_mut()) {
                let mut vals = raw.values();
                vals[k] = v;
                *raw = RawVariability::from_values(vals);
            }
        })
    };
    let results = Memo::new(move |_| {
        let e = editor.get()?;
        let base = base_values(ctx, &e);
        let x = effective(&e);
        ctx.model.with(|m| {
            let m = &m.model;
            let (now, was) = (m.classify(&x), m.classify(&base));
            Some((now, was, m.responsibilities(&x), m.responsibilities(&base)))
        })
    });
    view! {
        <div class="editor" data-testid="editor">
            <div class="toolbar">
                <button on:click=move |_| start(ctx, true) title="Start from the selected source's first detection">"From selected source"</button>
                <button on:click=move |_| start(ctx, false) title="Start from the catalog medians (the model's fill values)">"From medians"</button>
            </div>
            {move || match editor.get() {
                None => view! { <p class="hint">"Pick a source and press “From selected source”, or start from the catalog medians. Every edit reclassifies the vector with the same model as the catalog."</p> }.into_any(),
                Some(e) => {
                    let base = base_values(ctx, &e);
                    let x = effective(&e);
                    let raw_mode = e.raw.is_some();
                    let rows: Vec<_> = Feature::ALL.iter().map(|&f| {
                        let i = f.index();
                        let derived_in_raw = raw_mode && f.derivation().is_some();
                        let slider = axes.with(|a| a[i].to_slider(x[i]));
                        let changed = (x[i] - base[i]).abs() > 1e-12 * base[i].abs().max(1.0);
                        view! {
                            <div class="feature-row" class:changed=changed title=f.describe() data-testid=format!("edit-{}", f.name())>
                                <span class="feature-name">{f.name()}</span>
                                <input type="range" min="0" max=STEPS.to_string() step="1" prop:value=slider.to_string() disabled=derived_in_raw
                                    on:input=move |ev| { let pos: f64 = event_target_value(&ev).parse().unwrap_or(0.0); let v = axes.with_untracked(|a| a[i].value_at(pos)); set_value(f, v, Step::Minor) }
                                    on:change=move |_| ctx.change(Step::Major, |_| {}) />
                                <input type="text" class="num" prop:value=short(x[i]) disabled=derived_in_raw
                                    aria-label=format!("{} value", f.name()) data-testid=format!("value-{}", f.name())
                                    aria-invalid=move || if field_error.with(|e| e.as_ref().is_some_and(|(k, _)| *k == i)) { "true" } else { "false" }
                                    on:change=move |ev| {
                                        match parse_feature_value(f, &event_target_value(&ev)) {
                                            Ok(v) => { field_error.set(None); set_value(f, v, Step::Major) }
                                            Err(why) => {
                                                // Refused: the field shows the previous value again.
                                                field_error.set(Some((i, why)));
                                                if let Some(input) = ev.target().and_then(|t| wasm_bindgen::JsCast::dyn_into::<web_sys::HtmlInputElement>(t).ok()) {
                                                    input.set_value(&short(x[i]));
                                                }
                                            }
                                        }
                                    } />
                                <button class="reset-one" title="Back to the starting value" disabled=!changed || derived_in_raw
                                    on:click=move |_| set_value(f, base[i], Step::Major)>"↺"</button>
                            </div>
                            {move || field_error.get().filter(|(k, _)| *k == i).map(|(_, why)| view! { <p class="field-error" role="alert" data-testid=format!("error-{}", f.name())>{why}</p> })}
                        }
                    }).collect();
                    let raw_rows = e.raw.map(|raw| {
                        RawVariability::NAMES.iter().enumerate().map(|(k, name)| view! {
                            <div class="feature-row raw" data-testid=format!("raw-{name}")>
                                <span class="feature-name">{*name}</span>
                                <input type="text" class="num wide" prop:value=raw.values()[k].to_string() aria-label=format!("{name} value")
                                    on:change=move |ev| {
                                        match parse_raw_value(name, &event_target_value(&ev)) {
                                            Ok(v) => { field_error.set(None); set_raw(k, v) }
                                            Err(why) => {
                                                field_error.set(Some((100 + k, why)));
                                                if let Some(input) = ev.target().and_then(|t| wasm_bindgen::JsCast::dyn_into::<web_sys::HtmlInputElement>(t).ok()) {
                                                    input.set_value(&raw.values()[k].to_string());
                                                }
                                            }
                                        }
                                    } />
                            </div>
                            {move || field_error.get().filter(|(j, _)| *j == 100 + k).map(|(_, why)| view! { <p class="field-error" role="alert">{why}</p> })}
                        }).collect_view()
                    });
                    view! {
                        <p class="hint">{match (&e.base, &e.start) {
                            (Some(n), None) => format!("Started from {n} (first detection)."),
                            (n, Some(_)) => format!("Started from the uploaded detection {}.", n.clone().unwrap_or_default()),
                            (None, None) => "Started from the catalog medians.".to_string(),
                        }}</p>
                        <div class="toolbar">
                            <label class="check"><input type="checkbox" data-testid="raw-mode" prop:checked=raw_mode
                                on:change=move |ev| { let on = event_target_checked(&ev); ctx.change(Step::Major, |s| if let Some(e) = s.editor.as_mut() {
                                    e.values = effective(e);
                                    e.raw = on.then(|| RawVariability::consistent_with(&e.values));
                                }) } />"raw CSC variability columns"</label>
                            <button on:click=move |_| ctx.change(Step::Major, |s| if let Some(e) = s.editor.as_mut() { e.values = base; e.raw = None; })>"Reset all"</button>
                            <button on:click=move |_| ctx.change(Step::Major, |s| s.editor = None)>"Close"</button>
                        </div>
                        {e.raw.map(|raw| {
                            let invented = invented_raw_columns(&raw);
                            (!invented.is_empty()).then(|| view! {
                                <p class="hint" data-testid="raw-invented">{format!(
                                    "Invented, not measured: {} (chosen only so that the raw columns reproduce the derived features; enter the source's values to use them).",
                                    invented.join(", "))}</p>
                            })
                        })}
                        {raw_rows}
                        <div class="feature-rows">{rows}</div>
                    }.into_any()
                }
            }}
            {move || results.get().map(|(now, was, resp, resp_was)| {
                let caveats = editor.with(|e| e.as_ref().map(|e| ctx.model.with(|m| extrapolation_warnings(&m.model, &effective(e)))).unwrap_or_default());
                let k = ctx.model.with(|m| m.model.gmm.n_components());
                let groups_now = group_probs(&now.probs);
                let groups_was = group_probs(&was.probs);
                let palette = ctx.view.with(|v| v.palette);
                let class_labels = Class::ALL.iter().map(|c| (c.name().to_string(), palette.class(*c).to_string())).collect();
                let group_labels = Group::ALL.iter().map(|g| (g.name().to_string(), palette.group(*g).to_string())).collect();
                let cluster_labels = (0..k).map(|c| (format!("cluster {c}"), crate::draw::colour::cluster_colour(c).to_string())).collect();
                let probs: &ClassProbs = &now.probs;
                view! {
                    <div class="verdict" data-testid="editor-verdict">
                        <strong>{now.class().name()}</strong>{format!(" ({}) · cluster {} · P = {:.4}", now.group().name(), now.cluster, probs[now.class().index()])}
                        {(now.class() != was.class() || now.cluster != was.cluster).then(|| view! {
                            <span class="was">{format!(" — was {} ({}), cluster {}", was.class().name(), was.group().name(), was.cluster)}</span>
                        })}
                        {caveats.into_iter().map(|c| view! { <p class="caveat" data-testid="editor-caveat">"⚠ "{c}</p> }).collect_view()}
                    </div>
                    <super::novelty_line::NoveltyLine features=Signal::derive(move || ctx.view.with(|v| v.editor.as_ref().map(effective))) />
                    <h4>"Class probabilities"</h4>
                    {bars(class_labels, &now.probs, &was.probs, "editor-classes")}
                    <h4>"Aggregated"</h4>
                    {bars(group_labels, &groups_now, &groups_was, "editor-groups")}
                    <h4>"GMM responsibilities"</h4>
                    {bars(cluster_labels, &resp, &resp_was, "editor-clusters")}
                }
            })}
        </div>
    }
}
