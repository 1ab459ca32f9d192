//! The SAMP panel: connect to the hub on this computer, see its clients, point other tools at
//! the selected source, and send a SAMP table's rows back to its sender by class.

use crate::ctx::Ctx;
use crate::samp_client::{self, Status};
use leptos::prelude::*;
use xclass_core::samp::rows::rows_of_class;
use xclass_core::Class;

#[component]
pub fn SampPanel() -> impl IntoView {
    let ctx = expect_context::<Ctx>();
    let s = samp_client::state();
    let on = move || s.status.get() == Status::On;
    let busy = move || matches!(s.status.get(), Status::On | Status::Connecting);
    let class = RwSignal::new(Class::Hmxb);
    let send_class = move |_| {
        let rows = ctx.upload.with_untracked(|u| u.as_ref().map(|u| rows_of_class(u, class.get_untracked())));
        if let Some(rows) = rows {
            samp_client::rows_selected(ctx, rows);
        }
    };
    view! {
        <div class="samp" data-testid="samp-panel">
            <p class="hint">"SAMP links xclass with TOPCAT, Aladin, DS9 and other Virtual Observatory tools on this computer, through the hub that TOPCAT or Aladin runs (its Web Profile, port 21012). Nothing is contacted until you connect; the hub asks you to accept xclass."</p>
            <div class="toolbar">
                {move || if busy() {
                    view! { <button data-testid="samp-disconnect" on:click=move |_| samp_client::disconnect()>"Disconnect"</button> }.into_any()
                } else {
                    view! { <button data-testid="samp-connect" on:click=move |_| samp_client::connect(ctx)>"Connect to SAMP hub"</button> }.into_any()
                }}
                <span data-testid="samp-status" class:error=move || matches!(s.status.get(), Status::Lost(_))>{move || match s.status.get() {
                    Status::Off => "Not connected.".to_string(),
                    Status::Connecting => "Connecting… (accept xclass in the hub's dialog)".to_string(),
                    Status::On => "Connected.".to_string(),
                    Status::Lost(why) => why,
                }}</span>
            </div>
            <label class="check"><input type="checkbox" data-testid="samp-point-at" prop:checked=move || s.point_at.get()
                on:change=move |ev| s.point_at.set(event_target_checked(&ev)) />
                " Point other tools at the source I select (coord.pointAt.sky)"</label>
            {move || on().then(|| view! {
                <h4>"Clients of the hub"</h4>
                <ul class="samp-clients" data-testid="samp-clients">
                    {s.clients.get().into_iter().map(|c| view! { <li>{c.name.clone().unwrap_or_else(|| "(no name)".into())}<span class="hint">{format!(" {}", c.id)}</span></li> }).collect_view()}
                </ul>
            })}
            {move || ctx.upload_samp.get().map(|t| view! {
                <div data-testid="samp-table">
                    <h4>{format!("Table from SAMP: {}", t.name.clone().unwrap_or_else(|| t.url.clone()))}</h4>
                    <p class="hint">{move || format!("{} selected. Click an uploaded detection or source to highlight or select it in the table's sender; its selections are followed here.", xclass_core::format::count(ctx.upload_rows.get().len(), "row"))}</p>
                    <div class="toolbar">
                        <label>"Select there the rows classified as "
                            <select data-testid="samp-class" on:change=move |ev| if let Some(c) = Class::ALL.iter().find(|c| c.name() == event_target_value(&ev)) { class.set(*c) }>
                                {Class::ALL.iter().map(|c| view! { <option value=c.name() selected=*c == Class::Hmxb>{c.name()}</option> }).collect_view()}
                            </select>
                        </label>
                        <button data-testid="samp-send-class" disabled=move || !on() on:click=send_class>"Select"</button>
                    </div>
                </div>
            })}
            <h4>"Activity"</h4>
            <ul class="samp-activity" data-testid="samp-activity">
                {move || s.activity.get().into_iter().map(|a| view! { <li>{a}</li> }).collect_view()}
            </ul>
            <p class="hint">"Tables from xclass to TOPCAT: a web page cannot hand TOPCAT a URL it can read (a download's blob: or data: URL lives only in this tab), so download the table (CSV, VOTable or FITS) and open it in TOPCAT. For a table that came from TOPCAT, xclass's classes reach it as row selections (above)."</p>
        </div>
    }
}
