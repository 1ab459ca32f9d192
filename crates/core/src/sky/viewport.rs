//! Pixel ↔ projection-plane mapping for a canvas showing the Mollweide ellipse.

use super::Mollweide;

/// A 2-D affine map: (x, y) → (a·x + b·y + c, d·x + e·y + f).
#[derive(Clone, Copy, Debug, PartialEq)]
pub struct Affine {
    pub a: f64,
    pub b: f64,
    pub c: f64,
    pub d: f64,
    pub e: f64,
    pub f: f64,
}

impl Affine {
    /// Applies the map.
    pub fn apply(&self, x: f64, y: f64) -> (f64, f64) {
        (self.a * x + self.b * y + self.c, self.d * x + self.e * y + self.f)
    }

    /// The inverse map, `None` if singular.
    pub fn inverse(&self) -> Option<Affine> {
        let det = self.a * self.e - self.b * self.d;
        if det == 0.0 || !det.is_finite() {
            return None;
        }
        let (a, b, d, e) = (self.e / det, -self.b / det, -self.d / det, self.a / det);
        Some(Affine { a, b, c: -(a * self.c + b * self.f), d, e, f: -(d * self.c + e * self.f) })
    }
}

/// A canvas of `width` × `height` pixels and the map from pixel coordinates (origin at the
/// top-left corner, y down; pixel (i, j) covers [i, i+1) × [j, j+1)) to the projection plane.
#[derive(Clone, Copy, Debug, PartialEq)]
pub struct Viewport {
    pub width: u32,
    pub height: u32,
    pub pixel_to_plane: Affine,
}

impl Viewport {
    /// The whole ellipse centred in the canvas, aspect ratio kept, `margin` pixels around it.
    pub fn fit(width: u32, height: u32, margin: f64) -> Viewport {
        let (w, h) = (width as f64, height as f64);
        let scale = ((2.0 * Mollweide::X_MAX) / (w - 2.0 * margin))
            .max((2.0 * Mollweide::Y_MAX) / (h - 2.0 * margin));
        let pixel_to_plane = Affine { a: scale, b: 0.0, c: -scale * w / 2.0, d: 0.0, e: -scale, f: scale * h / 2.0 };
        Viewport { width, height, pixel_to_plane }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn fit_puts_the_ellipse_edges_on_the_margins() {
        let v = Viewport::fit(800, 400, 0.0);
        let m = v.pixel_to_plane;
        // 800 x 400 is exactly the ellipse's 2:1 aspect, so the corners of the canvas are
        // (±2√2, ±√2) and its centre is the origin.
        let (x0, y0) = m.apply(0.0, 0.0);
        assert!((x0 + Mollweide::X_MAX).abs() < 1e-12 && (y0 - Mollweide::Y_MAX).abs() < 1e-12);
        assert_eq!(m.apply(400.0, 200.0), (0.0, 0.0));
        let back = m.inverse().unwrap().apply(x0, y0);
        assert!(back.0.abs() < 1e-9 && back.1.abs() < 1e-9);
        // A wide canvas is limited by its height.
        let (_, top) = Viewport::fit(1000, 220, 10.0).pixel_to_plane.apply(500.0, 10.0);
        assert!((top - Mollweide::Y_MAX).abs() < 1e-12);
        assert_eq!(Affine { a: 1.0, b: 2.0, c: 0.0, d: 2.0, e: 4.0, f: 0.0 }.inverse(), None);
    }
}
