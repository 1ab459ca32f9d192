//! Known answers from the published data's README, shared by the core and CLI tests
//! (the CLI tests include this file by path).
#![allow(dead_code)]

/// `your_xray_example.vot`: the paper's "classify your own source" example.
pub const EXAMPLE_VOT: &str = "assets/your_xray_example.vot";

/// The example's cluster.
pub const EXAMPLE_CLUSTER: usize = 5;

/// The example's class probabilities as printed in the README: (class, value, tolerance).
/// Values given to 6 decimals are checked within 1e-6; the tiny ones to the README's
/// significant figures (half a unit of the last printed digit).
pub const EXAMPLE_PROBS: [(&str, f64, f64); 10] = [
    ("HMXB", 0.684173, 1e-6),
    ("LMXB", 0.296807, 1e-6),
    ("XB", 0.004300, 1e-6),
    ("AGN", 0.010554, 1e-6),
    ("QSO", 0.003920, 1e-6),
    ("Orion_V*", 0.000147, 1e-6),
    ("Seyfert_1", 5.83e-5, 0.005e-5),
    ("YSO", 3.98e-5, 0.005e-5),
    ("Seyfert_2", 1.53e-6, 0.005e-6),
    ("TTau*", 1.65e-7, 0.005e-7),
];

/// The example's group probabilities (README, 6 decimals).
pub const EXAMPLE_GROUPS: [(&str, f64); 4] = [("XB", 0.985279), ("AGN", 0.014474), ("YSO", 0.000187), ("Seyfert", 0.000060)];

/// The example's predicted class and group.
pub const EXAMPLE_CLASS: (&str, &str) = ("HMXB", "XB");

/// The features the example lacks, filled from model.json's fill values.
pub const EXAMPLE_FILLED: &str = "powlaw_gamma;bb_kt";

/// Asserts the example's known answers, given lookups by class and group name.
pub fn assert_example(cluster: usize, prob: impl Fn(&str) -> f64, group: impl Fn(&str) -> f64, class: &str, agg: &str) {
    assert_eq!(cluster, EXAMPLE_CLUSTER);
    for (c, want, tol) in EXAMPLE_PROBS {
        let got = prob(c);
        assert!((got - want).abs() <= tol, "P({c}) = {got}, published {want}");
    }
    for (g, want) in EXAMPLE_GROUPS {
        let got = group(g);
        assert!((got - want).abs() <= 1e-6, "P(group {g}) = {got}, published {want}");
    }
    assert_eq!((class, agg), EXAMPLE_CLASS);
}

/// Classifies `row` with the published model and asserts the example's known answers,
/// the features filled included.
pub fn assert_example_classified(row: &xclass_core::table::InputRow) {
    use xclass_core::class::{Class, Group};
    let (c, filled) = xclass_core::pipeline::classify_row(&xclass_core::Model::published(), row);
    let g = c.group_probs();
    assert_example(
        c.cluster,
        |n| c.probs[Class::from_name(n).unwrap().index()],
        |n| g[Group::from_name(n).unwrap().index()],
        c.class().name(),
        c.group().name(),
    );
    assert_eq!(filled.to_list(), EXAMPLE_FILLED);
}
