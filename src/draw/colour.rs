//! Point colours for each colouring mode, and the legend that explains them.

use super::raster::Rgba;
use plotters::style::colors::colormaps::ViridisRGB;
use xclass_core::points::Points;
use xclass_core::state::Colour;
use xclass_core::palette::Palette;
use xclass_core::subset::Subsets;
use xclass_core::{Class, Feature, Group, Model};

/// `#rrggbb` → RGB.
pub fn hex(s: &str) -> [u8; 3] {
    let v = u32::from_str_radix(s.trim_start_matches('#'), 16).unwrap_or(0);
    [(v >> 16) as u8, (v >> 8) as u8, v as u8]
}

/// matplotlib's tab10, for clusters.
const TAB10: [&str; 10] =
    ["#1f77b4", "#ff7f0e", "#2ca02c", "#d62728", "#9467bd", "#8c564b", "#e377c2", "#7f7f7f", "#bcbd22", "#17becf"];

/// The colour of GMM cluster `k`.
pub fn cluster_colour(k: usize) -> &'static str {
    TAB10[k % TAB10.len()]
}

/// Viridis at t in [0, 1].
pub fn viridis(t: f64) -> [u8; 3] {
    let c = ViridisRGB::get_color(t.clamp(0.0, 1.0));
    [c.0, c.1, c.2]
}

/// What a legend entry toggles when clicked.
#[derive(Clone, Copy, Debug, PartialEq)]
pub enum Toggle {
    Group(Group),
    Class(Class),
    Cluster(u8),
    /// A subset, by index: hides or shows its rows.
    Subset(usize),
}

/// The legend of one colouring.
#[derive(Clone, Debug, PartialEq)]
pub enum Legend {
    /// Named colours, each toggling rows on and off.
    Categories(Vec<(String, String, Toggle)>),
    /// A colour bar from `min` to `max` (log10 scale when `log`).
    Bar { label: String, min: f64, max: f64, log: bool },
}

enum Scheme {
    Fixed(Vec<Rgba>),
    Scalar { min: f64, max: f64, log: bool, lut: Vec<Rgba> },
}

/// Colours rows of one [`Points`] by one [`Colour`] mode.
pub struct Painter {
    colour: Colour,
    scheme: Scheme,
    pub legend: Legend,
    /// Per source: 0 in no subset, else 1 + the subset's index (for `Colour::Subset`).
    subset_of: Vec<u8>,
}

/// What subset colouring needs: each source's subset (0 none, else 1 + index) and the names.
#[derive(Clone, Debug, Default, PartialEq)]
pub struct SubsetColours {
    pub index: Vec<u8>,
    pub names: Vec<String>,
}

fn with_alpha(c: [u8; 3], a: u8) -> Rgba {
    [c[0], c[1], c[2], a]
}

/// A value of row `i` for a scalar colouring.
fn scalar(colour: Colour, p: &Points, i: usize) -> f64 {
    match colour {
        Colour::Count => f64::from(p.count[i]),
        Colour::MaxProb => f64::from(p.own_max_prob[i]),
        Colour::Feature(f) => f64::from(p.features[i][f.index()]),
        Colour::Novelty => p.novelty.percentile.get(i).map_or(f64::NAN, |&v| f64::from(v)),
        Colour::Entropy => p.novelty.entropy.get(i).map_or(f64::NAN, |&v| f64::from(v)),
        Colour::Margin => p.novelty.margin.get(i).map_or(f64::NAN, |&v| f64::from(v)),
        _ => f64::NAN,
    }
}

/// The 1st and 99th percentiles of finite values (the whole range when there are few).
fn robust_range(mut v: Vec<f64>) -> (f64, f64) {
    v.retain(|x| x.is_finite());
    if v.is_empty() {
        return (0.0, 1.0);
    }
    let n = v.len();
    let (lo, hi) = if n < 200 { (0, n - 1) } else { (n / 100, n - 1 - n / 100) };
    let lo_v = *v.select_nth_unstable_by(lo, f64::total_cmp).1;
    let hi_v = *v.select_nth_unstable_by(hi, f64::total_cmp).1;
    if hi_v > lo_v { (lo_v, hi_v) } else { (lo_v - 0.5, lo_v + 0.5) }
}

impl Painter {
    /// Prepares colours; scalar ranges come from all rows so that colours stay put when filtering.
    pub fn new(colour: Colour, p: &Points, model: &Model, alpha: u8, subsets: &SubsetColours, palette: Palette) -> Painter {
        let mut painter = Painter::scheme(colour, p, model, alpha, subsets, palette);
        if colour == Colour::Subset {
            painter.subset_of = subsets.index.clone();
        }
        painter
    }

    fn scheme(colour: Colour, p: &Points, model: &Model, alpha: u8, subsets: &SubsetColours, palette: Palette) -> Painter {
        let subset_of = Vec::new();
        match colour {
            Colour::Subset => {
                let mut fixed = vec![with_alpha([175, 175, 175], alpha / 2)];
                fixed.extend((0..subsets.names.len()).map(|k| with_alpha(hex(Subsets::colour(k)), 255)));
                let mut entries: Vec<(String, String, Toggle)> =
                    subsets.names.iter().enumerate().map(|(k, n)| (n.clone(), Subsets::colour(k).to_string(), Toggle::Subset(k))).collect();
                if entries.is_empty() {
                    entries.push(("no subsets yet: make one from a selection".into(), "#afafaf".into(), Toggle::Subset(usize::MAX)));
                }
                Painter { colour, scheme: Scheme::Fixed(fixed), legend: Legend::Categories(entries), subset_of }
            }
            Colour::Group => Painter {
                colour,
                scheme: Scheme::Fixed(Class::ALL.iter().map(|c| with_alpha(hex(palette.group(c.group())), alpha)).collect()),
                legend: Legend::Categories(
                    Group::ALL.iter().map(|g| (g.name().to_string(), palette.group(*g).to_string(), Toggle::Group(*g))).collect(),
                ),
                subset_of,
            },
            Colour::Class => Painter {
                colour,
                scheme: Scheme::Fixed(Class::ALL.iter().map(|c| with_alpha(hex(palette.class(*c)), alpha)).collect()),
                legend: Legend::Categories(
                    Class::ALL.iter().map(|c| (c.name().to_string(), palette.class(*c).to_string(), Toggle::Class(*c))).collect(),
                ),
                subset_of,
            },
            Colour::Cluster => {
                let k = model.gmm.n_components();
                Painter {
                    colour,
                    scheme: Scheme::Fixed((0..k).map(|i| with_alpha(hex(cluster_colour(i)), alpha)).collect()),
                    legend: Legend::Categories(
                        (0..k).map(|i| (format!("cluster {i}"), cluster_colour(i).to_string(), Toggle::Cluster(i as u8))).collect(),
                    ),
                    subset_of,
                }
            }
            Colour::Count | Colour::MaxProb | Colour::Feature(_) | Colour::Novelty | Colour::Entropy | Colour::Margin => {
                let log = match colour {
                    Colour::Count => true,
                    Colour::Feature(f) => model.normaliser.scalings[f.index()].is_log(),
                    _ => false,
                };
                let tf = |v: f64| if log { if v > 0.0 { v.log10() } else { f64::NAN } } else { v };
                let (min, max) = match colour {
                    Colour::MaxProb | Colour::Margin => (0.0, 1.0),
                    Colour::Novelty => (0.0, 100.0),
                    Colour::Entropy => (0.0, std::f64::consts::LN_10),
                    Colour::Count => (0.0, tf(p.count.iter().copied().max().unwrap_or(1).max(2) as f64)),
                    _ => robust_range((0..p.len()).map(|i| tf(scalar(colour, p, i))).collect()),
                };
                let label = match colour {
                    Colour::Count => "detections".to_string(),
                    Colour::MaxProb => "max probability".to_string(),
                    Colour::Feature(f) => f.name().to_string(),
                    Colour::Novelty => "novelty percentile".to_string(),
                    Colour::Entropy => "class entropy (nats)".to_string(),
                    Colour::Margin => "top-two margin".to_string(),
                    _ => unreachable!(),
                };
                let lut = (0..256).map(|i| with_alpha(viridis(i as f64 / 255.0), alpha)).collect();
                Painter { colour, scheme: Scheme::Scalar { min, max, log, lut }, legend: Legend::Bar { label, min, max, log }, subset_of }
            }
        }
    }

    /// The colour of row `i` (grey when its value is unknown).
    #[inline]
    pub fn rgba(&self, p: &Points, i: usize) -> Rgba {
        match &self.scheme {
            Scheme::Fixed(c) => match self.colour {
                Colour::Cluster => c[p.cluster[i] as usize % c.len()],
                Colour::Subset => c[self.subset_of.get(p.source[i] as usize).map_or(0, |&k| k as usize).min(c.len() - 1)],
                _ => c[p.own_class[i].index()],
            },
            Scheme::Scalar { min, max, log, lut } => {
                let mut v = scalar(self.colour, p, i);
                if *log {
                    v = if v > 0.0 { v.log10() } else { f64::NAN };
                }
                if !v.is_finite() {
                    return [150, 150, 150, lut[0][3] / 2];
                }
                let t = ((v - min) / (max - min)).clamp(0.0, 1.0);
                lut[(t * 255.0) as usize]
            }
        }
    }
}

/// Whether this feature's natural axis is logarithmic under the model.
pub fn is_log_feature(model: &Model, f: Feature) -> bool {
    model.normaliser.scalings[f.index()].is_log()
}
