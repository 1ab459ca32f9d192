//! The uploaded detections as a paged table (the upload layer in the table view).

use super::upload::upload_clicked;
use xclass_core::format::thousands;
use crate::ctx::Ctx;
use leptos::prelude::*;

const PAGE: usize = 25;

#[component]
pub fn UploadTable() -> impl IntoView {
    let ctx = expect_context::<Ctx>();
    let page = RwSignal::new(0usize);
    Effect::new(move |_| {
        ctx.upload.track();
        page.set(0);
    });
    // A detection focused elsewhere (a plot, a SAMP client) is shown on its page.
    Effect::new(move |_| {
        if let Some(i) = ctx.upload_focus.get() {
            page.set(i / PAGE);
        }
    });
    move || {
        let Some(up) = ctx.upload.get() else { return ().into_any() };
        let n = up.detections.len();
        let pages = n.div_ceil(PAGE).max(1);
        let p = page.get().min(pages - 1);
        let rows: Vec<_> = (p * PAGE..(p * PAGE + PAGE).min(n))
            .map(|i| {
                let d = &up.detections[i];
                let c = d.classification();
                let g = c.group_probs();
                view! {
                    <tr class:focus=move || ctx.upload_focus.get() == Some(i) class:picked=move || ctx.upload_rows.with(|r| r.contains(&i)) data-row=i on:click=move |_| upload_clicked(ctx, i)>
                        <td class="num">{i + 1}</td>
                        <td class="name">{d.name.clone().unwrap_or_default()}</td>
                        <td class="num">{d.obsid.clone().unwrap_or_default()}</td>
                        <td class="num">{d.position.map(|(ra, _)| format!("{ra:.5}")).unwrap_or_default()}</td>
                        <td class="num">{d.position.map(|(_, dec)| format!("{dec:+.5}")).unwrap_or_default()}</td>
                        <td class="num">{d.cluster}</td>
                        <td>{c.class().name()}</td>
                        <td class="num">{format!("{:.3}", d.probs[c.class().index()])}</td>
                        <td>{c.group().name()}</td>
                        <td class="num">{format!("{:.3}", g[c.group().index()])}</td>
                        <td class="filled">{d.filled.to_list().replace(';', ", ")}</td>
                        <td>{d.label.clone().unwrap_or_default()}</td>
                    </tr>
                }
            })
            .collect();
        view! {
            <div class="toolbar">
                <span class="note" data-testid="upload-table-count">{format!("{}: {} · page {} of {}", up.file, xclass_core::format::count(n, "detection"), p + 1, thousands(pages))}</span>
                <button on:click=move |_| page.update(|x| *x = x.saturating_sub(1)) disabled={p == 0}>"‹ Prev"</button>
                <button on:click=move |_| page.update(|x| *x = (*x + 1).min(pages - 1)) disabled={p + 1 >= pages}>"Next ›"</button>
            </div>
            <div class="table-wrap">
                <table class="sources" data-testid="upload-table">
                    <thead><tr><th>"#"</th><th>"name"</th><th>"obsid"</th><th>"RA °"</th><th>"Dec °"</th><th>"Cl."</th><th>"Class"</th><th>"P"</th><th>"Group"</th><th>"P(group)"</th><th>"Filled"</th><th>"Label"</th></tr></thead>
                    <tbody>{rows}</tbody>
                </table>
            </div>
        }
        .into_any()
    }
}
