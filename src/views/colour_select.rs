//! A drop-down choosing what points are coloured by.

use leptos::prelude::*;
use xclass_core::state::Colour;
use xclass_core::Feature;

fn key(c: Colour) -> String {
    match c {
        Colour::Group => "group".into(),
        Colour::Class => "class".into(),
        Colour::Cluster => "cluster".into(),
        Colour::Count => "count".into(),
        Colour::MaxProb => "max_prob".into(),
        Colour::Subset => "subset".into(),
        Colour::Feature(f) => f.name().into(),
        Colour::Novelty => "novelty".into(),
        Colour::Entropy => "entropy".into(),
        Colour::Margin => "margin".into(),
    }
}

fn parse(s: &str) -> Colour {
    match s {
        "class" => Colour::Class,
        "cluster" => Colour::Cluster,
        "count" => Colour::Count,
        "max_prob" => Colour::MaxProb,
        "subset" => Colour::Subset,
        "novelty" => Colour::Novelty,
        "entropy" => Colour::Entropy,
        "margin" => Colour::Margin,
        other => Feature::from_name(other).map_or(Colour::Group, Colour::Feature),
    }
}

/// The menu; while the plot is a density map (`density`), colour shows rows per bin, so the
/// menu is disabled and says why.
#[component]
pub fn ColourSelect(value: Signal<Colour>, on_change: Callback<Colour>, testid: &'static str, #[prop(optional)] density: Option<Signal<bool>>) -> impl IntoView {
    let density = move || density.is_some_and(|d| d.get());
    view! {
        <label title=move || if density() { "A density map is coloured by the number of rows per bin; draw points to colour by another quantity" } else { "" }>"Colour "
            <select data-testid=testid on:change=move |e| on_change.run(parse(&event_target_value(&e))) prop:value=move || key(value.get())
                disabled=density>
                <option value="group">"Aggregated class"</option>
                <option value="class">"Class (10)"</option>
                <option value="cluster">"GMM cluster"</option>
                <option value="count">"Detections"</option>
                <option value="max_prob">"Max probability"</option>
                <option value="subset">"Subset"</option>
                <option value="novelty">"Novelty percentile"</option>
                <option value="entropy">"Class entropy"</option>
                <option value="margin">"Top-two margin"</option>
                <optgroup label="Feature">
                    {Feature::ALL.iter().map(|f| view! { <option value=f.name()>{f.name()}</option> }).collect_view()}
                </optgroup>
            </select>
            {move || density().then(|| view! { <span class="hint" data-testid=format!("{testid}-density")>" rows per bin (density map)"</span> })}
        </label>
    }
}
