//! An RGBA pixel buffer that points are drawn into, then blitted with one `putImageData`
//! (per-point canvas calls do not scale past a few thousand points).

use wasm_bindgen::Clamped;
use web_sys::{CanvasRenderingContext2d, ImageData};

/// An RGBA colour.
pub type Rgba = [u8; 4];

/// Selections up to this many points are ringed; larger ones recoloured.
pub const RING_UP_TO: usize = 300;

/// A width × height RGBA image.
pub struct Raster {
    pub width: u32,
    pub height: u32,
    pub pixels: Vec<u8>,
}

impl Raster {
    /// A transparent image.
    pub fn new(width: u32, height: u32) -> Raster {
        Raster { width, height, pixels: vec![0; (width * height * 4) as usize] }
    }

    /// Blends `c` over the pixel at (x, y) (source-over); outside pixels are ignored.
    #[inline]
    pub fn blend(&mut self, x: i32, y: i32, c: Rgba) {
        if x < 0 || y < 0 || x >= self.width as i32 || y >= self.height as i32 {
            return;
        }
        let i = ((y as u32 * self.width + x as u32) * 4) as usize;
        let p = &mut self.pixels[i..i + 4];
        let a = u32::from(c[3]);
        if a == 255 || p[3] == 0 {
            p.copy_from_slice(&c);
            return;
        }
        let inv = 255 - a;
        for k in 0..3 {
            p[k] = ((u32::from(c[k]) * a + u32::from(p[k]) * inv) / 255) as u8;
        }
        p[3] = (a + u32::from(p[3]) * inv / 255) as u8;
    }

    /// A filled disc of radius `r` pixels centred at (x, y).
    pub fn dot(&mut self, x: f32, y: f32, r: f32, c: Rgba) {
        let (cx, cy) = (x.floor() as i32, y.floor() as i32);
        let ri = r.ceil() as i32;
        let r2 = r * r + 0.5;
        for dy in -ri..=ri {
            for dx in -ri..=ri {
                if (dx * dx + dy * dy) as f32 <= r2 {
                    self.blend(cx + dx, cy + dy, c);
                }
            }
        }
    }

    /// A ring of radius `r` (selection highlight).
    pub fn ring(&mut self, x: f32, y: f32, r: f32, c: Rgba) {
        let (cx, cy) = (x.floor() as i32, y.floor() as i32);
        let ri = r.ceil() as i32 + 1;
        for dy in -ri..=ri {
            for dx in -ri..=ri {
                let d = ((dx * dx + dy * dy) as f32).sqrt();
                if (d - r).abs() <= 0.75 {
                    self.blend(cx + dx, cy + dy, c);
                }
            }
        }
    }

    /// Sets pixel (x, y) without blending (density maps).
    #[inline]
    pub fn set(&mut self, x: u32, y: u32, c: Rgba) {
        let i = ((y * self.width + x) * 4) as usize;
        self.pixels[i..i + 4].copy_from_slice(&c);
    }

    /// Copies the image onto a 2-D context at (0, 0).
    pub fn blit(&self, ctx: &CanvasRenderingContext2d) {
        if self.width == 0 || self.height == 0 {
            return;
        }
        if let Ok(img) = ImageData::new_with_u8_clamped_array_and_sh(Clamped(&self.pixels), self.width, self.height) {
            ctx.put_image_data(&img, 0.0, 0.0).ok();
        }
    }
}

impl Raster {
    /// A filled diamond with a dark outline (uploaded detections).
    pub fn diamond(&mut self, x: f32, y: f32, r: f32, fill: Rgba) {
        let (cx, cy) = (x.floor() as i32, y.floor() as i32);
        let ri = r.ceil() as i32 + 1;
        for dy in -ri..=ri {
            for dx in -ri..=ri {
                let d = (dx.abs() + dy.abs()) as f32;
                if d <= r - 1.0 {
                    self.blend(cx + dx, cy + dy, fill);
                } else if d <= r + 0.5 {
                    self.blend(cx + dx, cy + dy, [20, 20, 20, 255]);
                }
            }
        }
    }

    /// A bold cross in a ring (the what-if vector).
    pub fn target(&mut self, x: f32, y: f32, r: f32, c: Rgba) {
        self.ring(x, y, r, c);
        self.ring(x, y, r - 1.0, c);
        let (cx, cy) = (x.floor() as i32, y.floor() as i32);
        let ri = (r * 1.5) as i32;
        for d in -ri..=ri {
            for w in -1..=1 {
                self.blend(cx + d, cy + w, c);
                self.blend(cx + w, cy + d, c);
            }
        }
    }

    /// Marks a selected point so that a large selection does not hide the data: a ring while
    /// the selection is small (up to [`RING_UP_TO`] points), a recoloured point above.
    pub fn highlight(&mut self, x: f32, y: f32, selected: usize, scale: f32) {
        if selected <= RING_UP_TO {
            self.ring(x, y, 4.5 * scale, [0, 0, 0, 255]);
        } else {
            self.dot(x, y, 1.6 * scale, [0, 0, 0, 255]);
        }
    }
}

/// Row ids at or above this in a hit list are uploaded detections (id - UPLOAD_ROW).
pub const UPLOAD_ROW: u32 = 1 << 31;
