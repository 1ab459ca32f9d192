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
        "novelty" => Colour::Novelty,
        "entropy" => Colour::Entropy,
        "margin" => Colour::Margin,
        other => Feature::from_name(other).map_or(Colour::Group, Colour::Feature),
    }
}

#[component]
pub fn ColourSelect(value: Signal<Colour>, on_change: Callback<Colour>, testid: &'static str) -> impl IntoView {
    view! {
        <label>"Colour "
            <select data-testid=testid on:change=move |e| on_change.run(parse(&event_target_value(&e))) prop:value=move || key(value.get())>
                <option value="group">"Aggregated class"</option>
                <option value="class">"Class (10)"</option>
                <option value="cluster">"GMM cluster"</option>
                <option value="count">"Detections"</option>
                <option value="max_prob">"Max probability"</option>
                <option value="novelty">"Novelty percentile"</option>
                <option value="entropy">"Class entropy"</option>
                <option value="margin">"Top-two margin"</option>
                <optgroup label="Feature">
                    {Feature::ALL.iter().map(|f| view! { <option value=f.name()>{f.name()}</option> }).collect_view()}
                </optgroup>
            </select>
        </label>
    }
}
