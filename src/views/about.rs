//! The About dialog: what xclass is, the data's credit and licence, how to read the views.

use leptos::prelude::*;

/// The About dialog: modal, takes the focus, Escape closes it (the caller returns the focus).
#[component]
pub fn About(close: impl Fn() + Copy + Send + Sync + 'static) -> impl IntoView {
    let dialog = NodeRef::<leptos::html::Div>::new();
    Effect::new(move |_| {
        if let Some(d) = dialog.get() {
            d.focus().ok();
        }
    });
    let keys = window_event_listener(leptos::ev::keydown, move |e| {
        if e.key() == "Escape" {
            e.stop_propagation();
            close();
        }
    });
    on_cleanup(move || keys.remove());
    view! {
        <div class="modal-backdrop" on:click=move |_| close()>
            <div class="modal" role="dialog" aria-modal="true" aria-labelledby="about-title" tabindex="-1" node_ref=dialog data-testid="about"
                on:click=|e| e.stop_propagation()>
                <h2 id="about-title">"About xclass"</h2>
                <p>
                    "xclass explores and reproduces the probabilistic classification of Chandra Source Catalog 2.0 "
                    "sources by Pérez-Díaz, Martínez-Galarza, Caicedo & D'Abrusco (2024), "
                    <em>"Unsupervised Machine Learning for the Classification of Astrophysical X-ray Sources"</em>
                    " (arXiv:2401.12203). Everything runs in your browser: no server, no tracking."
                </p>
                <p>
                    "Catalog and model: the authors' published tables and fitted model (umlcaxs repository), "
                    "MIT licence, copyright the authors; shipped unmodified in "
                    <a href="assets/LICENSE-DATA">"assets/"</a>
                    " with their licence. Labels come from SIMBAD; detections from CSC 2.0."
                </p>
                <p>
                    "The model here reproduces the published catalog: for the paper's example source "
                    "2CXO J004307.5-092302 it gives HMXB (XB group 0.985). The authors' notebook prints other "
                    "numbers for that source because its transform step overwrote six normalised columns of "
                    "the training table; xclass follows the model that produced the published catalog."
                </p>
                <h3>"Reading the views"</h3>
                <ul>
                    <li>"Table: " <em>"Class"</em> " is the master class by soft voting (largest mean probability over the detections), "
                        <em>"Hard"</em> " by hard voting (most frequent detection class), in orange where the two differ (an ambiguous source)."</li>
                    <li>"Details: the obsid marked * is the source's first detection, whose features and GMM cluster stand for the source."</li>
                    <li>"CSV downloads: a text cell that a spreadsheet would run as a formula (starting with =, +, - or @, and not a number) is written with a leading ', as "
                        <code>"xclass classify"</code>" does."</li>
                </ul>
                <button on:click=move |_| close() data-testid="about-close">"Close"</button>
            </div>
        </div>
    }
}
