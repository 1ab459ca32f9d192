//! xclass web app: a thin Leptos layer over `xclass-core`.

mod app;
mod ctx;
mod dataset;
mod draw;
mod load;
mod model_store;
mod notices;
mod panic;
mod perf;
mod science;
mod shared;
mod fit_client;
mod samp_client;
mod upload_client;
mod url_sync;
mod views;

fn main() {
    panic::install();
    leptos::mount::mount_to_body(app::App);
    if let Some(boot) = web_sys::window().and_then(|w| w.document()).and_then(|d| d.get_element_by_id("boot")) {
        boot.remove();
    }
}
