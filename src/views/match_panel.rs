//! "Match a target list": paste or choose a list of positions (degrees, sexagesimal or CSC
//! names), match it to the catalog within a radius (the core's `crossmatch`), show the result
//! as a layer on the sky map and scatter and as a table, and download it.

use crate::ctx::{Ctx, Step};
use crate::draw::export::download;
use crate::perf;
use crate::shared::Shared;
use leptos::prelude::*;
use leptos::task::spawn_local;
use wasm_bindgen::JsCast;
use xclass_core::assets::CREDIT;
use xclass_core::crossmatch::{match_text, result_table, Matched, DEFAULT_RADIUS_ARCSEC};

const ROWS_SHOWN: usize = 100;

/// Matches `text` and installs the result; a failure leaves the previous one.
fn run(ctx: Ctx, file: &str, text: &str, radius: f64, took: RwSignal<Option<f64>>) {
    let Some(cat) = ctx.dataset.with_untracked(|d| d.catalog.clone()) else {
        ctx.notices.warn("Matching needs the published catalog: switch the dataset back to it.");
        return;
    };
    let t0 = perf::now();
    match match_text(file, text, &cat, radius) {
        Ok(m) => {
            took.set(Some(perf::now() - t0));
            ctx.notices.info(format!("{}: {} of {} targets matched within {radius}\".", m.file, m.result.matched(), m.list.targets.len()));
            ctx.matched.set(Some(Shared::new(m)));
        }
        Err(e) => ctx.notices.error(format!("Nothing was changed. {e}")),
    }
}

fn offer(ctx: Ctx, m: &Matched, format: &str) {
    let Some(cat) = ctx.dataset.with_untracked(|d| d.catalog.clone()) else { return };
    let table = result_table(&m.list, &cat, &m.result);
    let stem = format!("{}-matched", m.file.rsplit_once('.').map_or(m.file.as_str(), |(s, _)| s));
    let result = match format {
        "votable" => table.to_votable(CREDIT).and_then(|x| download(&format!("{stem}.vot"), "application/x-votable+xml", x.as_bytes())),
        "fits" => download(&format!("{stem}.fits"), "application/fits", &table.to_fits(CREDIT)),
        _ => download(&format!("{stem}.csv"), "text/csv", table.to_csv().as_bytes()),
    };
    if let Err(e) = result {
        ctx.notices.error(format!("Download failed: {e}"));
    }
}

#[component]
pub fn MatchPanel() -> impl IntoView {
    let ctx = expect_context::<Ctx>();
    let pasted = RwSignal::new(String::new());
    let radius = RwSignal::new(DEFAULT_RADIUS_ARCSEC);
    let took = RwSignal::new(None::<f64>);
    let match_pasted = move |_| {
        let text = pasted.get_untracked();
        if text.trim().is_empty() {
            ctx.notices.warn("Paste a list first: a header line (e.g. name,ra,dec), then one target per line.");
            return;
        }
        run(ctx, "pasted", &text, radius.get_untracked(), took);
    };
    let on_pick = move |ev: leptos::ev::Event| {
        let input: web_sys::HtmlInputElement = ev.target().expect("target").unchecked_into();
        if let Some(f) = input.files().and_then(|f| f.get(0)) {
            let name = f.name();
            spawn_local(async move {
                match wasm_bindgen_futures::JsFuture::from(f.text()).await.ok().and_then(|t| t.as_string()) {
                    Some(text) => run(ctx, &name, &text, radius.get_untracked(), took),
                    None => ctx.notices.error(format!("{name}: could not be read as text.")),
                }
            });
        }
        input.set_value("");
    };
    view! {
        <div class="match" data-testid="match">
            <p>"A list of targets, one per line after a header: "<code>"ra"</code>", "<code>"dec"</code>" in degrees or sexagesimal (RA in hours, "<code>"h:m:s"</code>" or "<code>"h m s"</code>"), or CSC names ("<code>"2CXO J…"</code>"); other columns are kept. Each target gets the nearest catalog source within the radius."</p>
            <label class="file-button">"Choose list…"<input type="file" accept=".csv,.tsv,.txt,.tab" data-testid="match-file" on:change=on_pick /></label>
            <textarea rows="5" placeholder="name,ra,dec\nmy source,00:42:31.14,+41:16:21.6" data-testid="match-paste"
                prop:value=move || pasted.get() on:input=move |ev| pasted.set(event_target_value(&ev))></textarea>
            <div class="toolbar">
                <label>"Radius (arcsec) "<input type="number" min="0.1" max="36000" step="0.5" data-testid="match-radius"
                    prop:value=move || radius.get().to_string()
                    on:change=move |ev| { if let Ok(r) = event_target_value(&ev).parse::<f64>() { radius.set(r) } } /></label>
                <button on:click=match_pasted data-testid="match-run">"Match pasted list"</button>
                <button on:click=move |_| ctx.matched.set(None) disabled=move || ctx.matched.with(Option::is_none)>"Clear"</button>
            </div>
            <p class="hint">"Targets are drawn as rings on the sky map (orange: matched, grey: not) and their sources as orange rings on the scatter. Lists stay in this tab: links do not include them."</p>
            // Redrawn when the dataset changes (another model reclassifies the sources: the
            // classes shown follow it).
            {move || {
                ctx.dataset.track();
                ctx.matched.get().map(|m| view! { <MatchResults m=m took=took.get() /> })
            }}
        </div>
    }
}

#[component]
fn MatchResults(m: Shared<Matched>, took: Option<f64>) -> impl IntoView {
    let ctx = expect_context::<Ctx>();
    let m = m.0.clone();
    let summary = format!(
        "{} — {} of {} targets matched within {}\"{}",
        m.file,
        m.result.matched(),
        m.list.targets.len(),
        m.result.radius_arcsec,
        took.map_or(String::new(), |ms| format!(" ({ms:.0} ms)"))
    );
    let names: Vec<Option<String>> = ctx.dataset.with_untracked(|d| {
        let cat = d.catalog.clone();
        m.result.hits.iter().take(ROWS_SHOWN).map(|h| h.and_then(|h| cat.as_ref().map(|c| c.sources[h.index].name.clone()))).collect()
    });
    let classes: Vec<Option<String>> = ctx.dataset.with_untracked(|d| {
        let cat = d.catalog.clone();
        m.result.hits.iter().take(ROWS_SHOWN).map(|h| h.and_then(|h| cat.as_ref().map(|c| c.sources[h.index].soft.name().to_string()))).collect()
    });
    let first = m.list.columns.first().cloned().unwrap_or_default();
    let rows = m
        .list
        .targets
        .iter()
        .zip(&m.result.hits)
        .zip(names.into_iter().zip(classes))
        .map(|((t, hit), (name, class))| {
            let index = hit.map(|h| h.index);
            let sep = hit.map_or(String::new(), |h| format!("{:.2}", h.separation_deg * 3600.0));
            view! {
                <tr class:unmatched=hit.is_none()>
                    <td>{t.cells.first().cloned().unwrap_or_default()}</td>
                    <td class="num">{format!("{:.5}", t.ra)}</td><td class="num">{format!("{:.5}", t.dec)}</td>
                    <td class="num">{sep}</td>
                    <td class="name">{match (index, name) {
                        (Some(i), Some(n)) => view! { <a href="#" on:click=move |ev| { ev.prevent_default(); ctx.select([i]); ctx.change(Step::Major, |v| v.side = xclass_core::state::Side::Details) }>{n}</a> }.into_any(),
                        _ => view! { <span>"no match"</span> }.into_any(),
                    }}</td>
                    <td>{class.unwrap_or_default()}</td>
                </tr>
            }
        })
        .collect_view();
    let (a, b, c) = (m.clone(), m.clone(), m.clone());
    let matched = m.result.matched();
    let shown = m.list.targets.len().min(ROWS_SHOWN);
    view! {
        <div class="match-results" data-testid="match-results" data-matched=matched.to_string() data-ms=took.map_or(String::new(), |t| format!("{t:.1}"))>
            <h4 data-testid="match-summary">{summary}</h4>
            <div class="toolbar">
                <span>"Download:"</span>
                <button data-testid="match-dl-csv" on:click=move |_| offer(ctx, &a, "csv")>"CSV"</button>
                <button data-testid="match-dl-votable" on:click=move |_| offer(ctx, &b, "votable")>"VOTable"</button>
                <button data-testid="match-dl-fits" on:click=move |_| offer(ctx, &c, "fits")>"FITS"</button>
            </div>
            <table class="sources" data-testid="match-table">
                <thead><tr><th>{first}</th><th>"RA °"</th><th>"Dec °"</th><th>"sep ″"</th><th>"Source"</th><th>"Class"</th></tr></thead>
                <tbody>{rows}</tbody>
            </table>
            {(m.list.targets.len() > shown).then(|| view! { <p class="hint">{format!("First {shown} of {} targets shown; the downloads hold all.", m.list.targets.len())}</p> })}
        </div>
    }
}
