//! Class grids (the paper's per-class hardness and variability figures): rows grouped into one
//! panel per class or group by the class a [`ClassSource`] names (a master class, the
//! detection's class, or an upload's own label), and each panel's 2-D density (the KDE of
//! [`crate::density`]) with contour levels enclosing [`MASS`] of its rows. Axes are shared.
//!
//! Invariant: every row offered is either in exactly one panel or counted in [`Unplaced`].

use crate::class::{Class, Group};
use crate::density::{mass_levels, Axis, Kde2};
use crate::feature::Feature;
use crate::labels::{parse_label, Label};
use crate::palette::Palette;
use crate::points::{Level, Points};
use crate::science_view::{ClassSource, ScienceView};
use crate::upload::Upload;

/// Grid cells per axis of each panel's KDE.
pub const CELLS: usize = 48;
/// Panels with at most this many rows also keep their points (drawn under the contours).
pub const FEW: usize = 400;
/// Mass fractions of the contour levels, outermost first.
pub const MASS: [f64; 3] = [0.95, 0.8, 0.5];

/// A row offered to the grid: its x and y values and the class it is shown under.
pub type GridRow = (f64, f64, Class);

/// One panel's estimate.
#[derive(Clone, Debug)]
pub struct Panel {
    pub name: &'static str,
    pub colour: &'static str,
    /// The classes the panel stands for (what clicking it filters to).
    pub classes: Vec<Class>,
    /// Rows in the panel.
    pub n: usize,
    pub kde: Option<Kde2>,
    /// Density thresholds for [`MASS`].
    pub levels: Vec<f64>,
    /// The rows' values when there are at most [`FEW`], else empty.
    pub points: Vec<(f64, f64)>,
}

/// Rows offered but in no panel, by reason.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq)]
pub struct Unplaced {
    /// Empty label, or a type the paper counts as unlabelled (Star, X, …).
    pub unlabelled: usize,
    /// A label that maps to no class (SIMBAD candidates, unknown types).
    pub unmapped: usize,
    /// The x or y value missing (median-filled, or not finite).
    pub missing: usize,
}

impl Unplaced {
    pub fn total(&self) -> usize {
        self.unlabelled + self.unmapped + self.missing
    }
}

/// Everything drawn.
#[derive(Clone, Debug)]
pub struct Grid {
    pub x: Feature,
    pub y: Feature,
    pub x_range: (f64, f64),
    pub y_range: (f64, f64),
    pub source: ClassSource,
    pub panels: Vec<Panel>,
    pub unplaced: Unplaced,
}

/// Which level of the catalog the rows come from (uploads are detections).
pub fn level(v: &ScienceView) -> Level {
    if v.class_source == ClassSource::Detection {
        Level::Detection
    } else {
        Level::Source
    }
}

/// A catalog row's class as `source` names it (`Label` has no meaning here: soft vote).
fn catalog_class(source: ClassSource, p: &Points, i: usize) -> Class {
    match source {
        ClassSource::Soft | ClassSource::Label => p.class[i],
        ClassSource::Hard => p.hard[i],
        ClassSource::Detection => p.own_class[i],
    }
}

/// The catalog rows passing `mask` with their own finite x and y, under the class `v` names.
pub fn catalog_rows<'a>(v: &'a ScienceView, p: &'a Points, mask: &'a [bool]) -> impl Iterator<Item = GridRow> + 'a {
    let (jx, jy) = (v.x.index(), v.y.index());
    (0..p.len()).filter_map(move |i| {
        let (a, b) = (p.features[i][jx], p.features[i][jy]);
        (mask[i] && p.own_features[i] && a.is_finite() && b.is_finite())
            .then(|| (f64::from(a), f64::from(b), catalog_class(v.class_source, p, i)))
    })
}

/// The class an uploaded label names, or why it names none.
fn label_class(label: Option<&str>) -> Result<Class, Label> {
    match parse_label(label.unwrap_or("")) {
        Label::Class(c) => Ok(c),
        other => Err(other),
    }
}

/// An upload's rows under their own labels (every row: uploads are not filtered), and the rows
/// left out. `None` when the upload has no label column.
pub fn upload_rows(up: &Upload, x: Feature, y: Feature) -> Option<(Vec<GridRow>, Unplaced)> {
    up.label_column.as_ref()?;
    let mut rows = Vec::with_capacity(up.detections.len());
    let mut out = Unplaced::default();
    for d in &up.detections {
        let class = match label_class(d.label.as_deref()) {
            Ok(c) => c,
            Err(Label::Unknown(_)) => {
                out.unmapped += 1;
                continue;
            }
            Err(_) => {
                out.unlabelled += 1;
                continue;
            }
        };
        let (a, b) = (d.features[x.index()], d.features[y.index()]);
        if d.filled.contains(x) || d.filled.contains(y) || !a.is_finite() || !b.is_finite() {
            out.missing += 1;
            continue;
        }
        rows.push((a, b, class));
    }
    Some((rows, out))
}

/// The uploaded rows whose label is one of `classes` (a panel's rows, for selecting them).
pub fn upload_rows_of(up: &Upload, classes: &[Class]) -> Vec<usize> {
    let wanted = |d: &crate::upload::UploadedDetection| label_class(d.label.as_deref()).is_ok_and(|c| classes.contains(&c));
    up.detections
        .iter()
        .enumerate()
        .filter(|(_, d)| wanted(d))
        .map(|(i, _)| i)
        .collect()
}

fn padded(lo: f64, hi: f64) -> (f64, f64) {
    if hi > lo {
        (lo - 0.04 * (hi - lo), hi + 0.04 * (hi - lo))
    } else {
        (lo - 0.5, lo + 0.5)
    }
}

/// Groups `rows` into panels (per class, or per group when `v.groups`) and estimates each
/// panel's density on shared axes (the rows' range, padded by 4%), with bandwidth factor
/// `v.bandwidth` × Scott's rule; panels coloured by `palette`.
pub fn compute(v: &ScienceView, rows: impl IntoIterator<Item = GridRow>, unplaced: Unplaced, palette: Palette) -> Grid {
    let panels: Vec<(&'static str, &'static str, Vec<Class>)> = if v.groups {
        Group::ALL
            .iter()
            .map(|&g| (g.name(), palette.group(g), g.members().collect()))
            .collect()
    } else {
        Class::ALL.iter().map(|&c| (c.name(), palette.class(c), vec![c])).collect()
    };
    let panel_of = |c: Class| if v.groups { c.group().index() } else { c.index() };
    let mut members: Vec<Vec<(f64, f64)>> = vec![Vec::new(); panels.len()];
    let (mut x0, mut x1, mut y0, mut y1) = (f64::INFINITY, f64::NEG_INFINITY, f64::INFINITY, f64::NEG_INFINITY);
    for (a, b, c) in rows {
        (x0, x1, y0, y1) = (x0.min(a), x1.max(a), y0.min(b), y1.max(b));
        members[panel_of(c)].push((a, b));
    }
    let (x_range, y_range) = if x0 > x1 {
        ((0.0, 1.0), (0.0, 1.0))
    } else {
        (padded(x0, x1), padded(y0, y1))
    };
    let axis = |(lo, hi): (f64, f64)| Axis { lo, hi, n: CELLS };
    let (ax, ay) = (axis(x_range), axis(y_range));
    let panels = panels
        .into_iter()
        .zip(members)
        .map(|((name, colour, classes), pts)| {
            let kde = Kde2::estimate(pts.iter().copied(), ax, ay, v.bandwidth.clamp(0.05, 20.0));
            let levels = kde.as_ref().map(|k| mass_levels(&k.density, &MASS)).unwrap_or_default();
            let n = pts.len();
            Panel {
                name,
                colour,
                classes,
                n,
                kde,
                levels,
                points: if n <= FEW { pts } else { Vec::new() },
            }
        })
        .collect();
    Grid {
        x: v.x,
        y: v.y,
        x_range,
        y_range,
        source: v.class_source,
        panels,
        unplaced,
    }
}

impl Panel {
    /// The contour band (index into [`MASS`]) of a density value: the innermost level it
    /// reaches, `None` outside the outermost.
    pub fn band(&self, density: f64) -> Option<usize> {
        self.levels.iter().rposition(|&l| density >= l)
    }
}

impl Grid {
    /// The plotted numbers as CSV: per panel and grid cell, the density and its contour band.
    pub fn csv(&self) -> String {
        let mut out = format!("panel,{},{},density,enclosing\n", self.x.name(), self.y.name());
        for p in &self.panels {
            let Some(k) = &p.kde else { continue };
            for iy in 0..k.y.n {
                for ix in 0..k.x.n {
                    let d = k.at(ix, iy);
                    let band = p.band(d).map_or(String::new(), |b| format!("{}%", (MASS[b] * 100.0).round()));
                    out += &format!("{},{},{},{d},{band}\n", p.name, k.x.centre(ix), k.y.centre(iy));
                }
            }
        }
        out
    }
}
