//! New sources: drop, choose or paste a CSV/VOTable (or drop a FITS table) of detections; see each detection's
//! classification, each source's votes, and download the CLI's tables.

use super::describe::top_classes;
use xclass_core::format::thousands;
use crate::ctx::{Ctx, Step};
use crate::draw::export::download;
use crate::load::fetch_bytes;
use crate::upload_client::{self, Input};
use leptos::prelude::*;
use leptos::task::spawn_local;
use wasm_bindgen::JsCast;
use xclass_core::assets::CREDIT;
use xclass_core::export::csv_to_table;
use xclass_core::state::Matrix;
use xclass_core::upload::Upload;
use xclass_core::{Class, Feature};

const ROWS_SHOWN: usize = 100;

/// Shows uploaded detection `k` in the upload panel.
pub fn upload_clicked(ctx: Ctx, k: usize) {
    ctx.upload_focus.set(Some(k));
    crate::samp_client::row_focused(ctx, k);
    ctx.change(Step::Major, |v| v.side = xclass_core::state::Side::Upload);
}

fn from_file(ctx: Ctx, f: web_sys::File) {
    let size = f.size();
    upload_client::classify(ctx, Input { file: f.name(), data: f.into(), size, samp: None }, None);
}

/// Offers one of the upload's tables for download as CSV, VOTable or FITS.
fn offer(ctx: Ctx, up: &Upload, by_source: bool, format: &str) {
    let csv = if by_source { up.source_csv.clone() } else { Some(up.detection_csv.clone()) };
    let Some(csv) = csv else { return };
    let stem = format!("{}-{}", up.file.rsplit_once('.').map_or(up.file.as_str(), |(s, _)| s), if by_source { "sources" } else { "classified" });
    let result = match format {
        "votable" => csv_to_table(&csv).and_then(|t| t.to_votable(CREDIT)).and_then(|x| download(&format!("{stem}.vot"), "application/x-votable+xml", x.as_bytes())),
        "fits" => csv_to_table(&csv).and_then(|t| download(&format!("{stem}.fits"), "application/fits", &t.to_fits(CREDIT))),
        _ => download(&format!("{stem}.csv"), "text/csv", csv.as_bytes()),
    };
    if let Err(e) = result {
        ctx.notices.error(format!("Download failed: {e}"));
    }
}

#[component]
pub fn UploadPanel() -> impl IntoView {
    let ctx = expect_context::<Ctx>();
    let dragging = RwSignal::new(false);
    let pasted = RwSignal::new(String::new());
    let on_drop = move |ev: web_sys::DragEvent| {
        ev.prevent_default();
        dragging.set(false);
        match ev.data_transfer().and_then(|d| d.files()).and_then(|f| f.get(0)) {
            Some(f) => from_file(ctx, f),
            None => ctx.notices.warn("Drop a file (CSV, VOTable or FITS)."),
        }
    };
    let on_pick = move |ev: leptos::ev::Event| {
        let input: web_sys::HtmlInputElement = ev.target().expect("target").unchecked_into();
        if let Some(f) = input.files().and_then(|f| f.get(0)) {
            from_file(ctx, f);
        }
        input.set_value("");
    };
    let classify_pasted = move |_| {
        let text = pasted.get_untracked();
        if text.trim().is_empty() {
            ctx.notices.warn("Paste CSV rows (with a header line) or a VOTable first.");
            return;
        }
        let size = text.len() as f64;
        upload_client::classify(ctx, Input { file: "pasted".into(), data: text.into(), size, samp: None }, None);
    };
    let example = move |_| {
        spawn_local(async move {
            match fetch_bytes("assets/your_xray_example.vot", |_, _| {}).await {
                Ok(b) => {
                    let size = b.len() as f64;
                    let text = String::from_utf8_lossy(&b).to_string();
                    upload_client::classify(ctx, Input { file: "your_xray_example.vot".into(), data: text.into(), size, samp: None }, None);
                }
                Err(e) => ctx.notices.error(e),
            }
        });
    };
    view! {
        <div class="upload" data-testid="upload">
            <div class="dropzone" class:over=move || dragging.get() data-testid="dropzone"
                on:dragover=move |ev: web_sys::DragEvent| { ev.prevent_default(); dragging.set(true) }
                on:dragleave=move |_| dragging.set(false)
                on:drop=on_drop>
                <p>"Drop a CSV, VOTable or FITS table of detections here: the 12 features, or the raw CSC columns they derive from (hard_*, powlaw_gamma, bb_kt, var_prob_*, var_mean_*, var_sigma_*, var_max_b, var_min_b). Missing values are filled with the catalog medians and flagged."</p>
                <label class="file-button">"Choose file…"<input type="file" accept=".csv,.tsv,.txt,.vot,.xml,.votable,.fits,.fit,.fts" data-testid="file-input" on:change=on_pick /></label>
                <button on:click=example data-testid="load-example">"Load the paper's example"</button>
            </div>
            <textarea rows="4" placeholder="…or paste rows here (header line first)" data-testid="paste"
                prop:value=move || pasted.get() on:input=move |ev| pasted.set(event_target_value(&ev))></textarea>
            <button on:click=classify_pasted data-testid="classify-pasted">"Classify pasted rows"</button>
            <p class="hint">"Classified in your browser, in a background worker, with the same code as the xclass CLI. Uploads stay in this tab: links do not include them."</p>
            {move || ctx.upload.get().map(|up| view! { <Results up=up.0.clone() /> })}
        </div>
    }
}

#[component]
fn Results(up: std::sync::Arc<Upload>) -> impl IntoView {
    let ctx = expect_context::<Ctx>();
    let filled = up.detections.iter().filter(|d| !d.filled.is_empty()).count();
    let label_choice = up.label_columns.clone();
    let current_label = up.label_column.clone().unwrap_or_default();
    let up2 = up.clone();
    let sources: Vec<_> = up
        .sources
        .iter()
        .take(ROWS_SHOWN)
        .map(|(n, v)| {
            let rows = xclass_core::samp::rows::rows_of_source(&up, n);
            let first = rows.first().copied();
            view! {
            <tr class="clickable" title="Select this source's detections (and in the SAMP table's sender)"
                on:click=move |_| { if let Some(k) = first { ctx.upload_focus.set(Some(k)); } crate::samp_client::rows_selected(ctx, rows.clone()) }>
            <td class="name">{n.clone()}</td><td class="num">{v.count}</td><td>{v.soft.name()}</td><td>{v.hard.name()}</td>
            <td>{v.soft.group().name()}</td><td>{if v.is_unique() { "unique" } else { "ambiguous" }}</td></tr>
        }})
        .collect();
    let has_sources = up.source_csv.is_some();
    let up_focus = up.clone();
    view! {
        <div class="upload-results" data-testid="upload-results">
            <h4>{format!("{} — {}, {}", up.file, xclass_core::format::count(up.detections.len(), "detection"), xclass_core::format::count(up.sources.len(), "source"))}</h4>
            <p class="hint">{format!("{} detection{} needed median fill.", thousands(filled), if filled == 1 { "" } else { "s" })}</p>
            <div class="toolbar">
                <span>"Detections:"</span>
                <button data-testid="dl-detections-csv" on:click={ let u = up2.clone(); move |_| offer(ctx, &u, false, "csv") }>"CSV"</button>
                <button on:click={ let u = up2.clone(); move |_| offer(ctx, &u, false, "votable") }>"VOTable"</button>
                <button data-testid="dl-detections-fits" on:click={ let u = up2.clone(); move |_| offer(ctx, &u, false, "fits") }>"FITS"</button>
                {has_sources.then(|| { let (a, b, c) = (up2.clone(), up2.clone(), up2.clone()); view! {
                    <span>"Sources:"</span>
                    <button data-testid="dl-sources-csv" on:click=move |_| offer(ctx, &a, true, "csv")>"CSV"</button>
                    <button on:click=move |_| offer(ctx, &b, true, "votable")>"VOTable"</button>
                    <button on:click=move |_| offer(ctx, &c, true, "fits")>"FITS"</button>
                }})}
                <button on:click=move |_| { ctx.upload.set(None); ctx.upload_focus.set(None); }>"Remove"</button>
            </div>
            {(!label_choice.is_empty()).then(|| view! {
                <div class="toolbar">
                    <label>"Label column "
                        <select data-testid="label-column" prop:value=current_label.clone()
                            on:change=move |ev| if let Some(input) = upload_client::last_input() { upload_client::classify(ctx, input, Some(event_target_value(&ev))) }>
                            {label_choice.iter().map(|l| view! { <option value=l.clone()>{l.clone()}</option> }).collect_view()}
                        </select>
                    </label>
                    <button data-testid="show-validation" on:click=move |_| ctx.change(Step::Major, |v| v.confusion.matrix = Matrix::Upload)>"Validation matrices"</button>
                </div>
            })}
            {move || ctx.upload_focus.get().and_then(|i| up_focus.detections.get(i).cloned()).map(|d| {
                let c = d.classification();
                let g = c.group_probs();
                view! {
                    <div class="upload-focus" data-testid="upload-focus">
                        <strong>{d.name.clone().unwrap_or_default()}</strong>{format!(" obsid {}", d.obsid.clone().unwrap_or_default())}<br />
                        {format!("cluster {} · {} ({}) · ", c.cluster, c.class().name(), c.group().name())}{top_classes(&d.probs)}<br />
                        <span class="hint">{format!("groups: AGN {:.6} · Seyfert {:.6} · XB {:.6} · YSO {:.6}", g[0], g[1], g[2], g[3])}</span>
                        <div class="bars">{Class::ALL.iter().map(|cl| view! {
                            <div class="bar-row"><span class="bar-label">{cl.name()}</span>
                                <span class="bar-track"><span class="bar-fill" style=format!("width:{:.2}%;background:{}", d.probs[cl.index()] * 100.0, ctx.view.with_untracked(|v| v.palette).class(*cl))></span></span>
                                <span class="bar-value" data-testid=format!("p-{}", cl.name())>{format!("{:.6}", d.probs[cl.index()])}</span></div>
                        }).collect_view()}</div>
                        <button class="link-button" data-testid="edit-upload" on:click={ let (n, f) = (d.name.clone(), d.features); move |_| super::editor::start_from_upload(ctx, n.clone(), f) }>"What if? Edit its features"</button>
                        <p class="hint">{Feature::ALL.iter().map(|f| format!("{} {}{}", f.name(), d.features[f.index()], if d.filled.contains(*f) { " (filled)" } else { "" })).collect::<Vec<_>>().join(" · ")}</p>
                    </div>
                }
            })}
            <p class="hint">"Every detection is in the table's “Uploaded detections” tab and marked ◆ on the plots: click one to see it here."</p>
            {has_sources.then(|| view! {
                <h4>{format!("Sources (soft and hard votes){}", if up.sources.len() > ROWS_SHOWN { format!(", first {ROWS_SHOWN}") } else { String::new() })}</h4>
                <div class="det-wrap">
                    <table class="dets" data-testid="upload-sources">
                        <thead><tr><th>"name"</th><th>"n"</th><th>"soft"</th><th>"hard"</th><th>"group"</th><th>"status"</th></tr></thead>
                        <tbody>{sources}</tbody>
                    </table>
                </div>
            })}
        </div>
    }
}
