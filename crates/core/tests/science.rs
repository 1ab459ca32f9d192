//! The science views' numbers against known answers: histogram and table counts from the
//! published CSVs (counted independently by scripts/science_fixtures.py), a KDE of samples
//! from a known 2-D Gaussian, and the novelty score of the catalog's own detections.

mod common;

use nalgebra::{SMatrix, SVector};
use rand::rngs::ChaCha8Rng;
use rand::{RngExt, SeedableRng};
use rand_distr::StandardNormal;
use serde_json::Value;
use xclass_core::class::Class;
use xclass_core::density::{count_distribution, mass_levels, Axis, Bins, Histogram, Kde2};
use xclass_core::feature::{Feature, FeatureVector, N_FEATURES};
use xclass_core::membership::ClusterClassTable;
use xclass_core::novelty::{Novelty, NoveltyReference};

fn known() -> Value {
    let text = std::fs::read_to_string(common::repo().join("crates/core/tests/known/science.json")).unwrap();
    serde_json::from_str(&text).unwrap()
}

fn source_features() -> Vec<FeatureVector> {
    common::catalog().sources.iter().map(|s| s.features).collect()
}

#[test]
fn histogram_counts_equal_the_csv_counts() {
    let cat = common::catalog();
    let k = &known()["hard_hs_by_soft_class"];
    let bins = Bins {
        lo: -1.0,
        hi: 1.0,
        n: 16,
        log: false,
    };
    let hs = Feature::HardHs.index();
    let h = Histogram::count(
        bins,
        10,
        cat.sources.len(),
        |i| cat.sources[i].features[hs],
        |i| Some(cat.sources[i].soft.index()),
    );
    for c in Class::ALL {
        let want: Vec<u32> = serde_json::from_value(k["counts"][c.name()].clone()).unwrap();
        assert_eq!(h.counts[c.index()], want, "{}", c.name());
        assert_eq!(u64::from(h.outside[c.index()]), k["outside"][c.name()].as_u64().unwrap());
    }
    let total: u32 = (0..10).map(|s| h.total(s) + h.outside[s]).sum();
    assert_eq!(total, 8756);
    let want: Vec<(u32, u32)> = serde_json::from_value(known()["detections_per_source"].clone()).unwrap();
    assert_eq!(count_distribution(cat.sources.iter().map(|s| s.detection_count() as u32)), want);
}

#[test]
fn cluster_by_class_table_equals_the_csv_crosstab() {
    let cat = common::catalog();
    let t = ClusterClassTable::count(6, cat.detections.iter().map(|d| (d.cluster as usize, d.class())));
    let want: Vec<Vec<u32>> = serde_json::from_value(known()["cluster_by_class"].clone()).unwrap();
    for (k, row) in want.iter().enumerate() {
        assert_eq!(&t.counts[k].to_vec(), row, "cluster {k}");
        let s: f64 = t.row_shares(k).iter().sum();
        assert!((s - 1.0).abs() < 1e-12);
    }
}

/// The bivariate normal density.
fn normal2(x: f64, y: f64, mu: (f64, f64), s: [[f64; 2]; 2]) -> f64 {
    let det = s[0][0] * s[1][1] - s[0][1] * s[1][0];
    let (dx, dy) = (x - mu.0, y - mu.1);
    let q = (s[1][1] * dx * dx - 2.0 * s[0][1] * dx * dy + s[0][0] * dy * dy) / det;
    (-0.5 * q).exp() / (2.0 * std::f64::consts::PI * det.sqrt())
}

#[test]
fn kde_of_a_known_gaussian_matches_its_density() {
    // 50,000 samples of N((1, -2), [[1, 0.6], [0.6, 0.5]]).
    let (mu, s) = ((1.0, -2.0), [[1.0, 0.6], [0.6, 0.5]]);
    let (a, c) = (1.0f64, 0.6);
    let d = (0.5f64 - c * c).sqrt();
    let mut rng = ChaCha8Rng::seed_from_u64(17);
    let pts: Vec<(f64, f64)> = (0..50_000)
        .map(|_| {
            let (z1, z2): (f64, f64) = (rng.sample(StandardNormal), rng.sample(StandardNormal));
            (mu.0 + a * z1, mu.1 + c * z1 + d * z2)
        })
        .collect();
    let (x, y) = (Axis { lo: -4.0, hi: 6.0, n: 100 }, Axis { lo: -6.0, hi: 2.0, n: 80 });
    let k = Kde2::estimate(pts.iter().copied(), x, y, 1.0).unwrap();
    // Scott's rule: h = σ n^(-1/6) per axis.
    let nf = 50_000f64.powf(-1.0 / 6.0);
    assert!((k.bandwidth.0 / nf - 1.0).abs() < 0.02 && (k.bandwidth.1 / (0.5f64.sqrt() * nf) - 1.0).abs() < 0.02);
    // The estimate's expectation is the density smoothed by the kernel, N(μ, Σ + H²); the
    // estimate is within 3% of the peak of it everywhere; from the true density it differs by
    // that smoothing's bias (8.6% at the peak for this correlated Gaussian), within 12%.
    let (hx, hy) = k.bandwidth;
    let smooth = [[s[0][0] + hx * hx, s[0][1]], [s[1][0], s[1][1] + hy * hy]];
    let peak = normal2(mu.0, mu.1, mu, s);
    let (mut e_smooth, mut e_true) = (0.0f64, 0.0f64);
    for iy in 0..y.n {
        for ix in 0..x.n {
            let (cx, cy) = (x.centre(ix), y.centre(iy));
            e_smooth = e_smooth.max((k.at(ix, iy) - normal2(cx, cy, mu, smooth)).abs());
            e_true = e_true.max((k.at(ix, iy) - normal2(cx, cy, mu, s)).abs());
        }
    }
    assert!(e_smooth < 0.03 * peak && e_true < 0.12 * peak, "{e_smooth} {e_true} of {peak}");
    // The 50% and 95% regions of a 2-D normal: density above peak·(1 - f) (smoothed peak).
    let sp = normal2(mu.0, mu.1, mu, smooth);
    let l = mass_levels(&k.density, &[0.5, 0.95]);
    assert!((l[0] / sp - 0.5).abs() < 0.03 && (l[1] / sp - 0.05).abs() < 0.01, "{l:?} of {sp}");
}

/// ln p(x) computed afresh from the mixture's weights, means and covariances (nalgebra's
/// inverse and determinant, not the model's Cholesky whitening).
fn mixture_log_density(m: &xclass_core::Model, raw: &FeatureVector) -> f64 {
    let x = SVector::<f64, N_FEATURES>::from_iterator(m.normaliser.apply(raw));
    let terms: Vec<f64> = (0..m.gmm.n_components())
        .map(|k| {
            let cov: SMatrix<f64, N_FEATURES, N_FEATURES> = m.gmm.covariance(k);
            let d = x - m.gmm.mean(k);
            let q = (d.transpose() * cov.try_inverse().unwrap() * d)[(0, 0)];
            m.gmm.weights[k].ln() - 0.5 * (q + cov.determinant().ln() + N_FEATURES as f64 * (2.0 * std::f64::consts::PI).ln())
        })
        .collect();
    let max = terms.iter().copied().fold(f64::NEG_INFINITY, f64::max);
    max + terms.iter().map(|t| (t - max).exp()).sum::<f64>().ln()
}

#[test]
fn log_density_is_the_mixture_log_likelihood() {
    let m = common::model();
    // Every 5th source (the independent evaluation is slow in a debug build).
    let f: Vec<FeatureVector> = source_features().into_iter().step_by(5).collect();
    let ld = m.log_densities(&f);
    let mut worst = 0.0f64;
    for (r, &v) in f.iter().zip(&ld) {
        worst = worst.max((v - mixture_log_density(m, r)).abs() / v.abs().max(1.0));
    }
    assert!(worst < 1e-9, "largest relative difference {worst}");
}

#[test]
fn the_catalogs_own_percentiles_are_uniform_and_the_example_is_stated() {
    let m = common::model();
    let f = source_features();
    let reference = NoveltyReference::new(m, &f);
    let mut p: Vec<f64> = m.log_densities(&f).into_iter().map(|v| reference.percentile(v)).collect();
    p.sort_by(f64::total_cmp);
    let n = p.len() as f64;
    // Kolmogorov-Smirnov distance to U(0, 100): mid-ranks are 0.5/n from it, and tied
    // duplicates (identical feature vectors) move it a little; 1.36/sqrt(n) is the 5% critical value.
    let ks = p
        .iter()
        .enumerate()
        .map(|(i, v)| ((i as f64 + 0.5) / n - v / 100.0).abs())
        .fold(0.0, f64::max);
    assert!(ks < 1.36 / n.sqrt(), "KS {ks}");
    assert!(p[0] >= 0.0 && p[p.len() - 1] <= 100.0);
    // The least typical 1%: 88 of 8,756 sources below the threshold.
    let t = reference.threshold(99.0);
    let below = reference.values().iter().filter(|&&v| v < t).count();
    assert!((87..=88).contains(&below), "{below}");

    // The paper's example (2CXO J004307.5-092302, powlaw_gamma and bb_kt filled).
    let bytes = std::fs::read(common::repo().join("assets/your_xray_example.vot")).unwrap();
    let up = xclass_core::upload::classify_upload("ex.vot", bytes.as_slice(), m, &reference, None, |_, _| true)
        .unwrap()
        .unwrap();
    let d = &up.detections[0];
    let nov = Novelty::of_rows(m, &reference, &[d.features], &[d.probs])[0];
    // The upload's entropy comes from the logits (the kernel's), the rest to the bit.
    assert_eq!(Novelty { entropy: nov.entropy, ..d.novelty }, nov);
    assert!((d.novelty.entropy - nov.entropy).abs() < 1e-15);
    // Stated: ln p = 16.2223 (the mixture's, recomputed above), more unusual than 74.55% of
    // the catalog, nothing outside the training range; entropy and margin as the README's
    // probabilities give them (-Σ p ln p = 0.715678; 0.684173 - 0.296807 = 0.387366).
    assert!((nov.log_density - 16.222313).abs() < 1e-6, "{nov:?}");
    assert!((nov.percentile - 74.55).abs() < 0.01, "{nov:?}");
    assert!(nov.outside.is_empty());
    assert!((nov.entropy - 0.715678).abs() < 2e-6 && (nov.margin - 0.387366).abs() < 2e-6, "{nov:?}");
    assert_eq!(nov.describe(), "more unusual than 74.6% of the catalog");
    assert!((nov.log_density - mixture_log_density(m, &d.features)).abs() < 1e-9);
}

#[test]
fn the_least_typical_one_percent_filter_keeps_one_percent() {
    use xclass_core::filter::Filter;
    use xclass_core::novelty::NoveltyColumns;
    use xclass_core::points::{Level, Points};
    let cat = common::catalog();
    let names = cat.sources.iter().map(|s| s.name.as_str()).collect();
    for level in [Level::Source, Level::Detection] {
        let mut p = if level == Level::Source {
            Points::sources(cat)
        } else {
            Points::detections(cat)
        };
        let f = Filter {
            min_novelty: 99.0,
            ..Filter::default()
        };
        // Without novelty values nothing passes (unknown fails, as for feature ranges).
        assert!(!f.mask(&p, &names).contains(&true));
        p.novelty = NoveltyColumns::of_catalog(common::model(), common::reference(), cat, level);
        assert_eq!(p.novelty.len(), p.len());
        let kept = f.mask(&p, &names).iter().filter(|&&b| b).count();
        if level == Level::Source {
            assert!((87..=89).contains(&kept), "{kept}");
        } else {
            // Detections carry their source's novelty: the least typical 1% of sources' detections.
            assert!(kept >= 87, "{kept}");
        }
        let unsure = Filter {
            max_margin: Some(0.05),
            ..Filter::default()
        };
        let n = unsure.mask(&p, &names).iter().filter(|&&b| b).count();
        let want = p.novelty.margin.iter().filter(|&&m| m <= 0.05).count();
        assert!(n == want && n > 0);
    }
}
