//! The stratified train/test split of the labelled rows (the paper: 80/20, random_state 42).
//! Each class's rows are shuffled (ChaCha8 from the seed, Fisher-Yates) and round(f · n_c)
//! of them go to the test part: the class proportions are kept. Not NumPy's draws: the same
//! protocol, not scikit-learn's exact rows.

use crate::class::{Class, N_CLASSES};
use rand::rngs::ChaCha8Rng;
use rand::{RngExt, SeedableRng};

/// Splits rows `0..labels.len()` (by their class) into (train, test) index lists, ascending.
pub fn stratified_split(
    labels: &[Class],
    test_fraction: f64,
    seed: u64,
) -> (Vec<usize>, Vec<usize>) {
    let mut rng = ChaCha8Rng::seed_from_u64(seed);
    let (mut train, mut test) = (Vec::new(), Vec::new());
    for c in 0..N_CLASSES {
        let mut idx: Vec<usize> = (0..labels.len())
            .filter(|&i| labels[i].index() == c)
            .collect();
        for i in (1..idx.len()).rev() {
            let j = rng.random_range(0..=i);
            idx.swap(i, j);
        }
        let n_test = ((idx.len() as f64) * test_fraction.clamp(0.0, 1.0)).round() as usize;
        test.extend_from_slice(&idx[..n_test]);
        train.extend_from_slice(&idx[n_test..]);
    }
    train.sort_unstable();
    test.sort_unstable();
    (train, test)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn keeps_the_class_proportions() {
        let labels: Vec<Class> = (0..1000)
            .map(|i| if i % 10 == 0 { Class::Hmxb } else { Class::Agn })
            .collect();
        let (train, test) = stratified_split(&labels, 0.2, 42);
        assert_eq!((train.len(), test.len()), (800, 200));
        assert_eq!(
            test.iter().filter(|&&i| labels[i] == Class::Hmxb).count(),
            20
        );
        let mut all: Vec<usize> = train.iter().chain(&test).copied().collect();
        all.sort_unstable();
        assert_eq!(all, (0..1000).collect::<Vec<_>>());
        assert_eq!(stratified_split(&labels, 0.2, 42).1, test);
        assert_ne!(stratified_split(&labels, 0.2, 43).1, test);
    }
}
