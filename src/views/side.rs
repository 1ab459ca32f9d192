//! The side panel: source details, the what-if editor, new-source uploads and target-list
//! matching, as tabs.

use super::details::Details;
use super::editor::EditorPanel;
use super::match_panel::MatchPanel;
use super::samp_panel::SampPanel;
use super::upload::UploadPanel;
use crate::ctx::{Ctx, Step};
use leptos::prelude::*;
use xclass_core::state::Side;

#[component]
pub fn SidePanel() -> impl IntoView {
    let ctx = expect_context::<Ctx>();
    let side = Memo::new(move |_| ctx.view.with(|v| v.side));
    let tab = move |s: Side, label: &'static str, id: &'static str| view! {
        <button role="tab" data-testid=id class:active=move || side.get() == s aria-selected=move || (side.get() == s).to_string()
            on:click=move |_| ctx.change(Step::Major, |v| v.side = s)>{label}</button>
    };
    view! {
        <div class="tabs" role="tablist">
            {tab(Side::Details, "Source", "tab-details")}
            {tab(Side::Editor, "What if", "tab-editor")}
            {tab(Side::Upload, "New sources", "tab-upload")}
            {tab(Side::Match, "Match list", "tab-match")}
            {tab(Side::Samp, "SAMP", "tab-samp")}
        </div>
        <div class="tab-body">
            {move || match side.get() {
                Side::Details => view! { <Details /> }.into_any(),
                Side::Editor => view! { <EditorPanel /> }.into_any(),
                Side::Upload => view! { <UploadPanel /> }.into_any(),
                Side::Match => view! { <MatchPanel /> }.into_any(),
                Side::Samp => view! { <SampPanel /> }.into_any(),
            }}
        </div>
    }
}
