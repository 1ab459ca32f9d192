//! The filter panel: classes, clusters, voting status, probability, detection counts, feature
//! ranges, a sky cone and name search, with live counts.

use super::legend::toggle;
use xclass_core::format::thousands;
use crate::ctx::{Ctx, Step};
use crate::draw::colour::{cluster_colour, Toggle};
use leptos::prelude::*;
use xclass_core::filter::{count_sources, FeatureRange, Filter, Status};
use xclass_core::points::Level;
use xclass_core::sky::{dec_dms, parse_position, ra_hms, Cone};
use xclass_core::state::SkyZoom;
use xclass_core::{Class, Feature, Group};

/// Parses a number field; empty means "none".
fn number(s: &str) -> Result<Option<f64>, String> {
    let t = s.trim();
    if t.is_empty() {
        return Ok(None);
    }
    t.parse::<f64>().ok().filter(|v| v.is_finite()).map(Some).ok_or_else(|| format!("{t:?} is not a number"))
}

fn fmt(v: Option<f64>) -> String {
    v.map(|x| x.to_string()).unwrap_or_default()
}

#[component]
pub fn Filters() -> impl IntoView {
    let ctx = expect_context::<Ctx>();
    let filter = ctx.filter;
    let set = move |step: Step, f: Box<dyn FnOnce(&mut Filter)>| ctx.change(step, |v| f(&mut v.filter));
    let counts = Memo::new(move |_| {
        let ms = ctx.mask_sources.get();
        let md = ctx.mask_detections.get();
        ctx.dataset.with(|d| {
            let n = d.n_sources();
            let src = count_sources(&d.sources, &ms, n);
            let dets = md.iter().filter(|m| **m).count();
            (src, n, dets, d.points(Level::Detection).len())
        })
    });
    let class_totals = Memo::new(move |_| {
        ctx.dataset.with(|d| {
            let mut t = [0usize; 10];
            d.sources.class.iter().for_each(|c| t[c.index()] += 1);
            t
        })
    });
    let k = ctx.model.with_value(|m| m.gmm.n_components());
    let class_box = move |c: Class| {
        view! {
            <label class="check small" data-testid=format!("class-{}", c.name())>
                <input type="checkbox" prop:checked=move || !filter.get().hidden_classes.contains(&c)
                    on:change=move |_| toggle(ctx, Toggle::Class(c)) />
                {c.name()}<span class="count">{move || thousands(class_totals.get()[c.index()])}</span>
            </label>
        }
    };
    let group_box = move |g: Group| {
        view! {
            <div class="group">
                <label class="check" data-testid=format!("group-{}", g.name())>
                    <input type="checkbox"
                        prop:checked=move || g.members().any(|c| !filter.get().hidden_classes.contains(&c))
                        on:change=move |_| toggle(ctx, Toggle::Group(g)) />
                    <span class="swatch" style=move || format!("background:{}", ctx.view.with(|v| v.palette).group(g))></span><strong>{g.name()}</strong>
                </label>
                <div class="members">{g.members().map(class_box).collect_view()}</div>
            </div>
        }
    };
    // Feature-range editor state.
    let new_feature = RwSignal::new(Feature::PowlawGamma);
    let range_error = RwSignal::new(None::<String>);
    // The cone's centre (any notation `parse_position` reads) and radius in arcminutes.
    let cone_fields = RwSignal::new((String::new(), String::new()));
    let cone_error = RwSignal::new(None::<String>);
    Effect::new(move |_| {
        let c = filter.get().cone;
        cone_fields.set(c.map_or_else(Default::default, |c| (format!("{} {}", c.ra, c.dec), (c.radius * 60.0).to_string())));
    });
    let apply_cone = move || {
        let (centre, r) = cone_fields.get_untracked();
        let parsed = (|| {
            let (ra, dec) = parse_position(&centre)?;
            let r = number(&r)?.ok_or("the radius is empty")?;
            if !(r > 0.0 && r <= 180.0 * 60.0) {
                return Err("the radius must be above 0 and at most 10800′ (180°)".to_string());
            }
            Ok(Cone { ra, dec, radius: r / 60.0 })
        })();
        match parsed {
            Ok(c) => {
                cone_error.set(None);
                // Filter, and show the cone on the map.
                ctx.change(Step::Major, move |v| {
                    v.filter.cone = Some(c);
                    let (x, y, scale) = c.view(v.sky.frame);
                    v.sky.zoom = (scale > 1.0).then_some(SkyZoom { x, y, scale });
                });
            }
            Err(e) => cone_error.set(Some(e)),
        }
    };
    let cone_from_focus = move |_| {
        let focus = ctx.view.with_untracked(|v| v.focus.clone());
        let pos = focus.and_then(|n| ctx.dataset.with_untracked(|d| d.names.find(&n).map(|i| (d.sources.ra[i], d.sources.dec[i]))));
        match pos {
            Some((ra, dec)) => cone_fields.update(|f| {
                f.0 = format!("{ra:.6} {dec:+.6}");
                if f.1.is_empty() {
                    f.1 = "30".into();
                }
            }),
            None => ctx.notices.info("Select a source first: its position becomes the cone's centre."),
        }
    };
    view! {
        <div class="filters-body" data-testid="filters">
            <p class="filter-count" data-testid="filter-count">
                {move || { let (s, n, d, nd) = counts.get(); format!("{} of {} · {} of {}", thousands(s), xclass_core::format::count(n, "source"), thousands(d), xclass_core::format::count(nd, "detection")) }}
            </p>
            <button class="reset" disabled=move || filter.get().is_empty()
                on:click=move |_| set(Step::Major, Box::new(|f| *f = Filter::default()))>"Reset filters"</button>
            <h3>"Name"</h3>
            <input type="search" placeholder="e.g. J0042 or 2CXO J004231.1+411621" data-testid="name-search" aria-label="Search source names"
                prop:value=move || filter.get().name
                on:input=move |e| { let s = event_target_value(&e); set(Step::Minor, Box::new(move |f| f.name = s)) } />
            <h3>"Subsets"</h3>
            <super::subsets::SubsetPanel />
            <h3>"Classes"<span class="hint"> " (master class, soft vote)"</span></h3>
            {Group::ALL.into_iter().map(group_box).collect_view()}
            <h3>"Voting"</h3>
            <div class="radios">
                {[(Status::All, "all"), (Status::Unique, "unique"), (Status::Ambiguous, "ambiguous")].into_iter().map(|(st, label)| view! {
                    <label class="check" data-testid=format!("status-{label}")><input type="radio" name="status" prop:checked=move || filter.get().status == st
                        on:change=move |_| set(Step::Major, Box::new(move |f| f.status = st)) />{label}</label>
                }).collect_view()}
            </div>
            <h3>"GMM clusters"<span class="hint"> " (detections; a source's is its first detection's)"</span></h3>
            <div class="clusters">
                {(0..k as u8).map(|c| view! {
                    <label class="check small" data-testid=format!("cluster-{c}")>
                        <input type="checkbox" prop:checked=move || !filter.get().hidden_clusters.contains(&c)
                            on:change=move |_| toggle(ctx, Toggle::Cluster(c)) />
                        <span class="swatch" style=format!("background:{}", cluster_colour(c as usize))></span>{c}
                    </label>
                }).collect_view()}
            </div>
            <h3 id="min-prob-label">"Confidence: top class probability at least " {move || format!("{:.2}", filter.get().min_prob)}</h3>
            <p class="hint">"Keeps sources whose most probable class (mean over detections) has at least this probability."</p>
            <input type="range" min="0" max="1" step="0.01" data-testid="min-prob" aria-labelledby="min-prob-label"
                prop:value=move || filter.get().min_prob.to_string()
                on:input=move |e| { let v = event_target_value(&e).parse().unwrap_or(0.0); set(Step::Minor, Box::new(move |f| f.min_prob = v)) }
                on:change=move |_| ctx.change(Step::Major, |_| {}) />
            <h3>"Detections per source"</h3>
            <div class="pair">
                <input type="number" min="0" placeholder="min" data-testid="min-count" aria-label="Fewest detections per source"
                    prop:value=move || { let m = filter.get().min_count; if m == 0 { String::new() } else { m.to_string() } }
                    on:change=move |e| { let v = event_target_value(&e).trim().parse().unwrap_or(0); set(Step::Major, Box::new(move |f| f.min_count = v)) } />
                "–"
                <input type="number" min="0" placeholder="max" data-testid="max-count" aria-label="Most detections per source"
                    prop:value=move || filter.get().max_count.map(|m| m.to_string()).unwrap_or_default()
                    on:change=move |e| { let v = event_target_value(&e).trim().parse().ok(); set(Step::Major, Box::new(move |f| f.max_count = v)) } />
            </div>
            <h3>"Feature ranges"<span class="hint"> " (first detection, raw units)"</span></h3>
            {move || filter.get().ranges.into_iter().enumerate().map(|(i, r)| view! {
                <div class="range-row">
                    <span class="feature">{r.feature.name()}</span>
                    <input type="text" placeholder="min" aria-label=format!("{} minimum", r.feature.name()) prop:value=fmt(r.min)
                        on:change=move |e| match number(&event_target_value(&e)) {
                            Ok(v) => { range_error.set(None); set(Step::Major, Box::new(move |f| f.ranges[i].min = v)) }
                            Err(m) => range_error.set(Some(m)),
                        } />
                    <input type="text" placeholder="max" aria-label=format!("{} maximum", r.feature.name()) prop:value=fmt(r.max)
                        on:change=move |e| match number(&event_target_value(&e)) {
                            Ok(v) => { range_error.set(None); set(Step::Major, Box::new(move |f| f.ranges[i].max = v)) }
                            Err(m) => range_error.set(Some(m)),
                        } />
                    <button title="Remove" aria-label=format!("Remove the {} range", r.feature.name()) data-testid="range-remove"
                        on:click=move |_| { range_error.set(None); set(Step::Major, Box::new(move |f| { f.ranges.remove(i); })) }>"×"</button>
                </div>
            }).collect_view()}
            <div class="pair">
                <select aria-label="Feature for a new range" on:change=move |e| if let Some(f) = Feature::from_name(&event_target_value(&e)) { new_feature.set(f) }
                    prop:value=move || new_feature.get().name()>
                    {Feature::ALL.iter().map(|f| view! { <option value=f.name()>{f.name()}</option> }).collect_view()}
                </select>
                <button on:click=move |_| { let feature = new_feature.get_untracked(); set(Step::Major, Box::new(move |f| f.ranges.push(FeatureRange { feature, min: None, max: None }))) }>"Add range"</button>
            </div>
            {move || range_error.get().map(|e| view! { <p class="field-error" data-testid="range-error">{e}</p> })}
            {move || {
                let problems = filter.get().problems();
                (!problems.is_empty()).then(|| view! {
                    <div class="field-error" role="status" data-testid="filter-problems">{problems.into_iter().map(|p| view! { <p>{p}</p> }).collect_view()}</div>
                })
            }}
            <h3>"Sky region (cone, ICRS)"</h3>
            <div class="cone">
                <input type="text" placeholder="centre: 10.68 41.27, 00:42:44 +41:16:09 or 2CXO J…" data-testid="cone-centre" aria-label="Cone centre (degrees, sexagesimal or a CSC name)"
                    prop:value=move || cone_fields.get().0 on:input=move |e| cone_fields.update(|f| f.0 = event_target_value(&e))
                    on:keydown=move |e| if e.key() == "Enter" { apply_cone() } />
                <input type="text" placeholder="radius ′" data-testid="cone-radius" aria-label="Cone radius in arcminutes"
                    prop:value=move || cone_fields.get().1 on:input=move |e| cone_fields.update(|f| f.1 = event_target_value(&e))
                    on:keydown=move |e| if e.key() == "Enter" { apply_cone() } />
            </div>
            {move || filter.get().cone.map(|c| view! { <p class="hint" data-testid="cone-text">{format!("{} {}, radius {}′", ra_hms(c.ra), dec_dms(c.dec), xclass_core::format::sig(c.radius * 60.0, 4))}</p> })}
            <div class="pair">
                <button on:click=move |_| apply_cone() data-testid="cone-apply">"Apply"</button>
                <button on:click=cone_from_focus title="Centre on the selected source">"At selection"</button>
                <button disabled=move || filter.get().cone.is_none() on:click=move |_| set(Step::Major, Box::new(|f| f.cone = None))>"Clear"</button>
            </div>
            {move || cone_error.get().map(|e| view! { <p class="field-error" data-testid="cone-error">{e}</p> })}
        </div>
    }
}
