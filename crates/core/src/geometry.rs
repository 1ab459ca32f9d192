//! Plane geometry for selections: boxes and lassos.

/// Whether (x, y) lies inside the polygon (even-odd rule; the closing edge is implied).
pub fn polygon_contains(poly: &[(f64, f64)], x: f64, y: f64) -> bool {
    let mut inside = false;
    let mut j = poly.len().wrapping_sub(1);
    for i in 0..poly.len() {
        let ((xi, yi), (xj, yj)) = (poly[i], poly[j]);
        if (yi > y) != (yj > y) && x < (xj - xi) * (y - yi) / (yj - yi) + xi {
            inside = !inside;
        }
        j = i;
    }
    inside
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn square_and_concave_polygon() {
        let sq = [(0.0, 0.0), (1.0, 0.0), (1.0, 1.0), (0.0, 1.0)];
        assert!(polygon_contains(&sq, 0.5, 0.5));
        assert!(!polygon_contains(&sq, 1.5, 0.5));
        // A "U": the notch is outside.
        let u = [(0.0, 0.0), (3.0, 0.0), (3.0, 3.0), (2.0, 3.0), (2.0, 1.0), (1.0, 1.0), (1.0, 3.0), (0.0, 3.0)];
        assert!(!polygon_contains(&u, 1.5, 2.0));
        assert!(polygon_contains(&u, 0.5, 2.0));
        assert!(!polygon_contains(&[], 0.0, 0.0));
    }
}
