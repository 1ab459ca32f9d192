//! Fetching the app's own static assets, with byte-level progress.

use js_sys::{Reflect, Uint8Array};
use wasm_bindgen::{JsCast, JsValue};
use wasm_bindgen_futures::JsFuture;
use web_sys::{ReadableStreamDefaultReader, Response};

fn js_err(what: &str, e: JsValue) -> String {
    let detail = e.as_string().or_else(|| js_sys::Error::from(e).message().as_string()).unwrap_or_default();
    format!("{what}: {detail}")
}

/// Fetches `url` and returns its bytes; `progress(received, total)` is called as chunks arrive
/// (`total` is 0 when the server does not say).
pub async fn fetch_bytes(url: &str, mut progress: impl FnMut(usize, usize)) -> Result<Vec<u8>, String> {
    let window = web_sys::window().ok_or("no window")?;
    let resp: Response = JsFuture::from(window.fetch_with_str(url))
        .await
        .map_err(|e| js_err(&format!("could not fetch {url}"), e))?
        .unchecked_into();
    if !resp.ok() {
        return Err(format!("could not fetch {url}: HTTP {} {}", resp.status(), resp.status_text()));
    }
    let total = resp.headers().get("content-length").ok().flatten().and_then(|v| v.parse().ok()).unwrap_or(0);
    let body = resp.body().ok_or_else(|| format!("{url}: empty response"))?;
    let reader: ReadableStreamDefaultReader = body.get_reader().unchecked_into();
    let mut bytes = Vec::with_capacity(total);
    loop {
        let chunk = JsFuture::from(reader.read()).await.map_err(|e| js_err(&format!("reading {url}"), e))?;
        if Reflect::get(&chunk, &"done".into()).ok().and_then(|d| d.as_bool()).unwrap_or(true) {
            break;
        }
        let value: Uint8Array = Reflect::get(&chunk, &"value".into()).map_err(|e| js_err(url, e))?.unchecked_into();
        let start = bytes.len();
        bytes.resize(start + value.length() as usize, 0);
        value.copy_to(&mut bytes[start..]);
        progress(bytes.len(), total);
    }
    Ok(bytes)
}

/// Fetches `url` as UTF-8 text.
pub async fn fetch_text(url: &str) -> Result<String, String> {
    String::from_utf8(fetch_bytes(url, |_, _| {}).await?).map_err(|_| format!("{url} is not UTF-8 text"))
}
