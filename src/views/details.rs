//! Source details: position, master classes, mean±std probabilities, every detection, the
//! first detection's features, and links out to SIMBAD and the CSC.

use super::describe::groups;
use xclass_core::format::thousands;
use crate::ctx::{Ctx, Step};
use leptos::prelude::*;
use xclass_core::class::ClassProbs;
use xclass_core::palette::Palette;
use xclass_core::sky::{dec_dms, icrs_to, ra_hms, Frame};
use xclass_core::{Catalog, Class, Feature};

/// Percent-encodes a query value.
fn enc(s: &str) -> String {
    js_sys::encode_uri_component(s).into()
}

/// Ten probabilities as one stacked bar in class colours.
fn stacked(p: &ClassProbs, palette: Palette) -> impl IntoView + use<> {
    let parts: Vec<_> = Class::ALL
        .iter()
        .filter(|c| p[c.index()] >= 0.005)
        .map(|c| view! { <span title=format!("{} {:.4}", c.name(), p[c.index()]) style=format!("width:{:.2}%;background:{}", p[c.index()] * 100.0, palette.class(*c))></span> })
        .collect();
    view! { <span class="stacked">{parts}</span> }
}

/// Mean ± std bar chart of the 10 classes.
fn mean_std_chart(mean: &ClassProbs, std: &ClassProbs, palette: Palette) -> impl IntoView + use<> {
    let rows: Vec<_> = Class::ALL
        .iter()
        .map(|c| {
            let (m, s) = (mean[c.index()], std[c.index()]);
            let lo = (m - s).max(0.0) * 100.0;
            let hi = (m + s).min(1.0) * 100.0;
            view! {
                <div class="bar-row">
                    <span class="bar-label">{c.name()}</span>
                    <span class="bar-track">
                        <span class="bar-fill" style=format!("width:{:.2}%;background:{}", m * 100.0, palette.class(*c))></span>
                        <span class="bar-err" style=format!("left:{lo:.2}%;width:{:.2}%", hi - lo)></span>
                    </span>
                    <span class="bar-value">{format!("{m:.3}±{s:.3}")}</span>
                </div>
            }
        })
        .collect();
    view! { <div class="bars" data-testid="prob-bars">{rows}</div> }
}

fn catalog_details(ctx: Ctx, cat: &Catalog, i: usize) -> impl IntoView + use<> {
    let s = &cat.sources[i];
    let palette = ctx.view.with_untracked(|v| v.palette);
    let (l, b) = icrs_to(Frame::Galactic, s.ra, s.dec);
    let first = &cat.detections[s.first as usize];
    let published_count = ctx.published.with_value(|p| p.catalog.as_ref().and_then(|c| c.sources.get(i)).map_or(0, |p| p.detection_count()));
    let simbad_id = format!("https://simbad.cds.unistra.fr/simbad/sim-id?Ident={}", enc(&s.name));
    let simbad_coo = format!(
        "https://simbad.cds.unistra.fr/simbad/sim-coo?Coord={}&CooFrame=ICRS&Radius=5&Radius.unit=arcsec",
        enc(&format!("{} {}", s.ra, s.dec))
    );
    let csc = format!(
        "https://vizier.cds.unistra.fr/viz-bin/VizieR-4?-source=IX/57/csc2master&-c={}&-c.rs=5",
        enc(&format!("{} {:+}", s.ra, s.dec))
    );
    let dets: Vec<_> = cat
        .detections_of(i)
        .iter()
        .enumerate()
        .map(|(k, d)| {
            let is_first = s.detections.start as usize + k == s.first as usize;
            view! {
                <tr class:first=is_first>
                    <td class="num">{d.obsid}{if is_first { "*" } else { "" }}</td>
                    <td class="num">{d.cluster}</td>
                    <td>{d.class().name()}</td>
                    <td class="num">{format!("{:.3}", d.probs[d.class().index()])}</td>
                    <td>{stacked(&d.probs, palette)}</td>
                </tr>
            }
        })
        .collect();
    let features: Vec<_> = Feature::ALL
        .iter()
        .map(|f| view! { <tr title=f.describe()><td>{f.name()}</td><td class="num" title=format!("{}", s.features[f.index()])>{xclass_core::format::sig(s.features[f.index()], 4)}</td></tr> })
        .collect();
    view! {
        <div class="details-body" data-testid="details">
            <h3 class="source-name" data-testid="details-name">{s.name.clone()}</h3>
            <p class="position">
                {format!("α {:.6}°  δ {:+.6}°", s.ra, s.dec)}<br />
                {format!("{}  {}", ra_hms(s.ra), dec_dms(s.dec))}<br />
                {format!("l {l:.4}°  b {b:+.4}°")}
            </p>
            <p class="classes" data-testid="details-classes">
                <strong>{s.soft.name()}</strong>{format!(" ({})", s.group().name())}
                {if s.is_unique() { " · uniquely classified".to_string() } else { format!(" · ambiguous: soft {}, hard {}", s.soft.name(), s.hard.name()) }}
            </p>
            <p class="hint">{format!("groups (mean): {}", groups(&s.mean))}</p>
            <h4>"Mean ± std of detection probabilities"</h4>
            {mean_std_chart(&s.mean, &s.std, palette)}
            <h4>{format!("Detections ({})", s.detection_count())}</h4>
            {(published_count > s.detection_count()).then(|| view! {
                <p class="hint" data-testid="details-fitted-note">{format!("Under the active model only the first of its {published_count} detections is classified: the published tables give features for that one only.")}</p>
            })}
            <div class="det-wrap">
                <table class="dets" data-testid="details-detections">
                    <thead><tr><th>"obsid"</th><th>"cl."</th><th>"class"</th><th>"P"</th><th>"probabilities"</th></tr></thead>
                    <tbody>{dets}</tbody>
                </table>
            </div>
            <p class="hint" data-testid="first-note">"* the source's first detection: its features are listed below, and its GMM cluster is the source's in the cluster filter and the scatter plot."</p>
            <h4>{format!("Features (first detection, obsid {})", first.obsid)}</h4>
            <table class="features">{features}</table>
            <super::novelty_line::NoveltyLine features=Some(s.features) />
            <p class="links">
                <button class="link-button" data-testid="edit-source" on:click=move |_| super::editor::start(ctx, true)>"What if? Edit its features"</button>
                <a href=simbad_id target="_blank" rel="noopener">"SIMBAD (name)"</a>
                <a href=simbad_coo target="_blank" rel="noopener">"SIMBAD (5″ cone)"</a>
                <a href=csc target="_blank" rel="noopener">"CSC 2.0 (VizieR)"</a>
            </p>
        </div>
    }
}

#[component]
pub fn Details() -> impl IntoView {
    let ctx = expect_context::<Ctx>();
    let focus = Memo::new(move |_| ctx.view.with(|v| v.focus.clone().or_else(|| v.selection.first().cloned())));
    let selection = Memo::new(move |_| ctx.view.with(|v| v.selection.clone()));
    view! {
        {move || {
            let sel = selection.get();
            (sel.len() > 1).then(|| view! {
                <div class="selection-list" data-testid="selection">
                    <span>{format!("{} selected", xclass_core::format::count(sel.len(), "source"))}</span>
                    <button on:click=move |_| ctx.change(Step::Major, |v| { v.selection.clear(); v.focus = None; })>"Clear"</button>
                    <div class="names">
                        {sel.iter().take(40).map(|n| { let n2 = n.clone(); view! {
                            <button class="link" on:click=move |_| { let n = n2.clone(); ctx.change(Step::Major, |v| v.focus = Some(n)) }>{n.clone()}</button>
                        }}).collect_view()}
                        {(sel.len() > 40).then(|| format!("… and {} more", thousands(sel.len() - 40)))}
                    </div>
                </div>
            })
        }}
        {move || match focus.get() {
            None => view! { <p class="hint" data-testid="details-empty">"Click a point or a table row to see a source."</p> }.into_any(),
            Some(name) => ctx.dataset.with(|d| match (&d.catalog, d.names.find(&name)) {
                (Some(cat), Some(i)) => catalog_details(ctx, cat, i).into_any(),
                (None, Some(i)) => {
                    let p = &d.sources;
                    view! {
                        <div class="details-body" data-testid="details">
                            <h3 class="source-name" data-testid="details-name">{name.clone()}</h3>
                            <p>{format!("{} ({}) · cluster {} · max P {:.3}", p.class[i].name(), p.class[i].group().name(), p.cluster[i], p.max_prob[i])}</p>
                            <p class="hint">"A synthetic detection sampled from the model's GMM and classified by the model."</p>
                        </div>
                    }.into_any()
                }
                _ => view! { <p class="hint">{format!("{name} is not in the current dataset.")}</p> }.into_any(),
            }),
        }}
    }
}
