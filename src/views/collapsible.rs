//! A panel's body under its heading, folded away by a click on the heading (a `<details>`
//! element: keyboard and screen readers get the toggle for free). Open by default; on a phone
//! every panel can be folded so the one in use fits the screen.

use leptos::prelude::*;

#[component]
pub fn Collapsible(title: &'static str, testid: &'static str, children: Children) -> impl IntoView {
    view! {
        <details class="collapsible" open data-testid=testid>
            <summary><h2>{title}</h2></summary>
            {children()}
        </details>
    }
}
