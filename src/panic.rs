//! A panic never leaves a blank page: it is logged and shown in a banner built with plain DOM
//! calls (the reactive system may be unusable after a panic).

use std::panic;

/// Installs the panic hook.
pub fn install() {
    panic::set_hook(Box::new(|info| {
        console_error_panic_hook::hook(info);
        let msg = info.payload().downcast_ref::<String>().cloned().or_else(|| info.payload().downcast_ref::<&str>().map(|s| s.to_string()));
        show(&format!(
            "xclass hit an internal error and stopped: {}. Reload the page to continue; please report this with the link you were on.",
            msg.unwrap_or_else(|| "unknown cause".into())
        ));
    }));
}

fn show(text: &str) {
    let Some(doc) = web_sys::window().and_then(|w| w.document()) else { return };
    let Some(body) = doc.body() else { return };
    if let Ok(div) = doc.create_element("div") {
        div.set_class_name("banner banner-fatal");
        div.set_attribute("role", "alert").ok();
        div.set_text_content(Some(text));
        body.prepend_with_node_1(&div).ok();
    }
}
