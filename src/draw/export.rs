//! Downloads made in the browser: files from bytes, PNG of stacked canvases.

use wasm_bindgen::{JsCast, JsValue};
use web_sys::{Blob, BlobPropertyBag, HtmlAnchorElement, HtmlCanvasElement, Url};

/// Offers `bytes` as a file download.
pub fn download(filename: &str, mime: &str, bytes: &[u8]) -> Result<(), String> {
    let array = js_sys::Uint8Array::from(bytes);
    let parts = js_sys::Array::of1(&array);
    let opts = BlobPropertyBag::new();
    opts.set_type(mime);
    let blob = Blob::new_with_u8_array_sequence_and_options(&parts, &opts).map_err(js)?;
    download_blob(filename, &blob)
}

fn js(e: JsValue) -> String {
    format!("{e:?}")
}

fn download_blob(filename: &str, blob: &Blob) -> Result<(), String> {
    let url = Url::create_object_url_with_blob(blob).map_err(js)?;
    let doc = web_sys::window().and_then(|w| w.document()).ok_or("no document")?;
    let a: HtmlAnchorElement = doc.create_element("a").map_err(js)?.unchecked_into();
    a.set_href(&url);
    a.set_download(filename);
    a.click();
    Url::revoke_object_url(&url).ok();
    Ok(())
}

/// Composites canvases (bottom first) on white and downloads them as a PNG.
pub fn png(filename: &str, layers: &[HtmlCanvasElement]) -> Result<(), String> {
    let first = layers.first().ok_or("nothing to export")?;
    let doc = web_sys::window().and_then(|w| w.document()).ok_or("no document")?;
    let out: HtmlCanvasElement = doc.create_element("canvas").map_err(js)?.unchecked_into();
    out.set_width(first.width());
    out.set_height(first.height());
    let ctx = crate::draw::canvas::context(&out);
    ctx.set_fill_style_str("#fff");
    ctx.fill_rect(0.0, 0.0, f64::from(first.width()), f64::from(first.height()));
    for l in layers {
        ctx.draw_image_with_html_canvas_element(l, 0.0, 0.0).map_err(js)?;
    }
    let data_url = out.to_data_url_with_type("image/png").map_err(js)?;
    let a: HtmlAnchorElement = doc.create_element("a").map_err(js)?.unchecked_into();
    a.set_href(&data_url);
    a.set_download(filename);
    a.click();
    Ok(())
}
