//! Subsets (TOPCAT's workflow): a named subset from the current selection; show only, hide,
//! invert, combine, colour, export (CSV, VOTable, FITS). The set logic is the core's (`xclass_core::subset`).

use crate::ctx::{Ctx, Step};
use leptos::prelude::*;
use xclass_core::format::count;
use xclass_core::state::Colour;
use xclass_core::subset::{Combine, Show, Subset, Subsets};

/// A file-name-safe stem for a subset's export.
fn stem(name: &str) -> String {
    let s: String = name.chars().map(|c| if c.is_ascii_alphanumeric() || c == '-' { c } else { '_' }).collect();
    format!("xclass-subset-{s}")
}

#[component]
pub fn SubsetPanel() -> impl IntoView {
    let ctx = expect_context::<Ctx>();
    let subsets = Memo::new(move |_| ctx.view.with(|v| v.subsets.clone()));
    let selected = Memo::new(move |_| ctx.view.with(|v| v.selection.len()));
    let new_name = RwSignal::new(String::new());
    let combine = RwSignal::new((0usize, Combine::And, 1usize));
    let create = move || {
        let mut name = new_name.get_untracked().trim().to_string();
        let n = subsets.with_untracked(|s| s.list.len());
        if name.is_empty() {
            name = format!("subset {}", n + 1);
        }
        ctx.change(Step::Major, |v| {
            let s = Subset::new(name, v.selection.iter().cloned());
            v.subsets.list.push(s);
        });
        new_name.set(String::new());
    };
    let set_show = move |k: usize, show: Show| {
        ctx.change(Step::Major, |v| {
            v.subsets.active = Some(k);
            v.subsets.show = show;
        })
    };
    let invert = move |k: usize| {
        let made = ctx.dataset.with_untracked(|d| subsets.with_untracked(|s| s.list[k].invert(&d.names, format!("not {}", s.list[k].name))));
        ctx.change(Step::Major, |v| v.subsets.list.push(made));
    };
    let remove = move |k: usize| {
        ctx.change(Step::Major, |v| {
            v.subsets.list.remove(k);
            v.subsets.active = match v.subsets.active {
                Some(a) if a == k => None,
                Some(a) if a > k => Some(a - 1),
                a => a,
            };
            if v.subsets.active.is_none() {
                v.subsets.show = Show::All;
            }
        })
    };
    let export = move |k: usize, format: &'static str| {
        let (name, result) = ctx.dataset.with_untracked(|d| {
            let s = subsets.with_untracked(|s| s.list[k].clone());
            let (inside, _) = s.membership(&d.names);
            let mask: Vec<bool> = (0..d.sources.len()).map(|i| inside[d.sources.source[i] as usize]).collect();
            (s.name.clone(), crate::views::download::sources_as(d, &mask, format, &stem(&s.name)))
        });
        if let Err(e) = result {
            ctx.notices.error(format!("Export of subset \"{name}\" failed: {e}"));
        }
    };
    let do_combine = move || {
        let (a, op, b) = combine.get_untracked();
        let made = subsets.with_untracked(|s| {
            let (x, y) = (s.list.get(a)?, s.list.get(b)?);
            let word = match op {
                Combine::And => "and",
                Combine::Or => "or",
                Combine::AndNot => "and not",
            };
            Some(x.combine(y, op, format!("{} {word} {}", x.name, y.name)))
        });
        match made {
            Some(s) => ctx.change(Step::Major, |v| v.subsets.list.push(s)),
            None => ctx.notices.info("Choose two subsets to combine."),
        }
    };
    let options = move || subsets.get().list.iter().enumerate().map(|(k, s)| view! { <option value=k.to_string()>{s.name.clone()}</option> }).collect_view();
    view! {
        <div class="subsets" data-testid="subsets">
            <div class="pair">
                <input type="text" placeholder="name" aria-label="Name of the new subset" data-testid="subset-name"
                    prop:value=move || new_name.get() on:input=move |e| new_name.set(event_target_value(&e))
                    on:keydown=move |e| { if e.key() == "Enter" && selected.get_untracked() != 0 { create() } } />
                <button data-testid="subset-create" disabled=move || selected.get() == 0 on:click=move |_| create()
                    title="A named subset of the selected sources">{move || format!("From selection ({})", selected.get())}</button>
            </div>
            {move || {
                let s: Subsets = subsets.get();
                if s.list.is_empty() {
                    return view! { <p class="hint">"Select sources (click, box, lasso, a matrix cell, table rows), then make them a subset."</p> }.into_any();
                }
                s.list.iter().enumerate().map(|(k, sub)| {
                    let active = s.active == Some(k);
                    let show = if active { s.show } else { Show::All };
                    view! {
                        <div class="subset-row" data-testid=format!("subset-{k}")>
                            <span class="swatch" style=format!("background:{}", Subsets::colour(k))></span>
                            <span class="subset-name" title=sub.name.clone()>{sub.name.clone()}</span>
                            <span class="count">{count(sub.members.len(), "source")}</span>
                            <select aria-label=format!("What to show of {}", sub.name) data-testid=format!("subset-show-{k}")
                                on:change=move |e| { let v = event_target_value(&e); set_show(k, match v.as_str() { "only" => Show::Only, "hide" => Show::Hide, _ => Show::All }) }>
                                <option value="all" selected=show == Show::All>"show all"</option>
                                <option value="only" selected=show == Show::Only>"show only"</option>
                                <option value="hide" selected=show == Show::Hide>"hide"</option>
                            </select>
                            <button title="A new subset of every source not in this one" on:click=move |_| invert(k)>"Invert"</button>
                            <button title="Colour every view by subset" on:click=move |_| ctx.change(Step::Major, |v| { v.sky.colour = Colour::Subset; v.scatter.colour = Colour::Subset; })>"Colour"</button>
                            <button title="This subset as CSV" on:click=move |_| export(k, "csv")>"CSV"</button>
                            <button title="This subset as a VOTable" on:click=move |_| export(k, "votable")>"VOT"</button>
                            <button title="This subset as a FITS binary table" on:click=move |_| export(k, "fits")>"FITS"</button>
                            <button title="Delete this subset" aria-label=format!("Delete {}", sub.name) on:click=move |_| remove(k)>"×"</button>
                        </div>
                    }
                }).collect_view().into_any()
            }}
            <Show when=move || subsets.with(|s| s.list.len() >= 2)>
                <div class="pair combine">
                    <select aria-label="First subset" on:change=move |e| { let a = event_target_value(&e).parse().unwrap_or(0); combine.update(|c| c.0 = a) }
                        prop:value=move || combine.get().0.to_string()>{options}</select>
                    <select aria-label="Combination" on:change=move |e| { let op = match event_target_value(&e).as_str() { "or" => Combine::Or, "and_not" => Combine::AndNot, _ => Combine::And }; combine.update(|c| c.1 = op) }>
                        <option value="and">"and"</option>
                        <option value="or">"or"</option>
                        <option value="and_not">"and not"</option>
                    </select>
                    <select aria-label="Second subset" on:change=move |e| { let b = event_target_value(&e).parse().unwrap_or(1); combine.update(|c| c.2 = b) }
                        prop:value=move || combine.get().2.to_string()>{options}</select>
                    <button data-testid="subset-combine" on:click=move |_| do_combine()>"Combine"</button>
                </div>
            </Show>
        </div>
    }
}
