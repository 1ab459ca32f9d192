//! Figures for papers: a plot's SVG body with a title line (what, the filter in words, the row
//! count) and its legend or colour bar, on white or transparent; PNG by rasterising that SVG
//! at 1×, 2× or 4× (vector all the way, so a 4× PNG is sharp, not an enlargement).

use super::colour::{viridis, Legend};
use super::export::download;
use wasm_bindgen::prelude::*;
use wasm_bindgen::JsCast;
use web_sys::{HtmlAnchorElement, HtmlCanvasElement, HtmlImageElement};

/// Height of the title band and of one legend line, px at 1×.
const TITLE_H: u32 = 44;
const LINE_H: u32 = 20;

/// What goes around a plot.
#[derive(Clone, Debug, PartialEq)]
pub struct Figure {
    /// What is plotted, e.g. "hard_hm vs hard_hs, sources".
    pub title: String,
    /// The filter in words and the row count.
    pub subtitle: String,
    pub legend: Option<Legend>,
    pub transparent: bool,
}

fn esc(s: &str) -> String {
    s.replace('&', "&amp;").replace('<', "&lt;").replace('>', "&gt;").replace('"', "&quot;")
}

/// Legend items laid out in lines across `width`: SVG elements and the height used.
fn legend_svg(legend: &Legend, width: u32, top: u32) -> (String, u32) {
    let mut out = String::new();
    match legend {
        Legend::Categories(items) => {
            let (mut x, mut y) = (12.0, f64::from(top) + 14.0);
            for (label, colour, _) in items {
                let w = 30.0 + 7.4 * label.chars().count() as f64;
                if x + w > f64::from(width) - 8.0 && x > 12.0 {
                    x = 12.0;
                    y += f64::from(LINE_H);
                }
                out += &format!(
                    r##"<circle cx="{:.1}" cy="{:.1}" r="5" fill="{}"/><text x="{:.1}" y="{:.1}" font-family="sans-serif" font-size="12" fill="#222">{}</text>"##,
                    x + 5.0,
                    y - 4.0,
                    esc(colour),
                    x + 14.0,
                    y,
                    esc(label)
                );
                x += w;
            }
            (out, (y - f64::from(top)) as u32 + 10)
        }
        Legend::Bar { label, min, max, log } => {
            let stops: String = (0..=8)
                .map(|i| {
                    let c = viridis(f64::from(i) / 8.0);
                    format!(r#"<stop offset="{}%" stop-color="rgb({},{},{})"/>"#, i * 100 / 8, c[0], c[1], c[2])
                })
                .collect();
            let fmt = |v: f64| xclass_core::format::sig(if *log { 10f64.powf(v) } else { v }, 3);
            let y = top + 6;
            out += &format!(
                r##"<defs><linearGradient id="cbar">{stops}</linearGradient></defs><text x="12" y="{}" font-family="sans-serif" font-size="12" fill="#222">{}</text><rect x="60" y="{y}" width="220" height="12" fill="url(#cbar)"/><text x="290" y="{}" font-family="sans-serif" font-size="12" fill="#222">{}</text><text x="360" y="{}" font-family="sans-serif" font-size="12" fill="#222">{}{}</text>"##,
                y + 11,
                esc(&fmt(*min)),
                y + 11,
                esc(&fmt(*max)),
                y + 11,
                esc(label),
                if *log { " (log scale)" } else { "" }
            );
            (out, 26)
        }
    }
}

/// The whole figure as SVG: title band, the plot's SVG `body` (`size` px), the legend.
pub fn compose(body: &str, size: (u32, u32), fig: &Figure) -> (String, (u32, u32)) {
    let (w, h) = size;
    let (legend, legend_h) = fig.legend.as_ref().map_or((String::new(), 0), |l| legend_svg(l, w, TITLE_H + h));
    let total = TITLE_H + h + legend_h + 6;
    let background = if fig.transparent { String::new() } else { format!(r##"<rect width="{w}" height="{total}" fill="#ffffff"/>"##) };
    let body = body.trim_start_matches(|c| c != '<');
    let body = body.strip_prefix("<?xml").map_or(body, |rest| rest.split_once("?>").map_or(rest, |(_, b)| b.trim_start()));
    let body = body.replacen("<svg ", &format!("<svg x=\"0\" y=\"{TITLE_H}\" "), 1);
    let svg = format!(
        r##"<svg xmlns="http://www.w3.org/2000/svg" width="{w}" height="{total}" viewBox="0 0 {w} {total}">{background}<text x="12" y="18" font-family="sans-serif" font-size="15" font-weight="bold" fill="#111">{}</text><text x="12" y="36" font-family="sans-serif" font-size="12" fill="#444">{}</text>{body}{legend}</svg>"##,
        esc(&fig.title),
        esc(&fig.subtitle)
    );
    (svg, (w, total))
}

/// Downloads the figure as SVG.
pub fn save_svg(filename: &str, svg: &str) -> Result<(), String> {
    download(filename, "image/svg+xml", svg.as_bytes())
}

/// Rasterises the SVG at `scale` × its size and downloads it as PNG (transparent where the
/// SVG has no background).
pub fn save_png(filename: String, svg: &str, size: (u32, u32), scale: u32) -> Result<(), String> {
    let js = |e: JsValue| format!("{e:?}");
    let img = HtmlImageElement::new().map_err(js)?;
    let url = format!("data:image/svg+xml;charset=utf-8,{}", String::from(js_sys::encode_uri_component(svg)));
    let (w, h) = (size.0 * scale, size.1 * scale);
    let loaded = img.clone();
    let onload = Closure::once_into_js(move || {
        let Some(doc) = web_sys::window().and_then(|w| w.document()) else { return };
        let Ok(canvas) = doc.create_element("canvas") else { return };
        let canvas: HtmlCanvasElement = canvas.unchecked_into();
        canvas.set_width(w);
        canvas.set_height(h);
        let ctx = crate::draw::canvas::context(&canvas);
        ctx.draw_image_with_html_image_element_and_dw_and_dh(&loaded, 0.0, 0.0, f64::from(w), f64::from(h)).ok();
        let Ok(data) = canvas.to_data_url_with_type("image/png") else { return };
        let Ok(a) = doc.create_element("a") else { return };
        let a: HtmlAnchorElement = a.unchecked_into();
        a.set_href(&data);
        a.set_download(&filename);
        a.click();
    });
    img.set_onload(Some(onload.unchecked_ref()));
    img.set_src(&url);
    Ok(())
}
