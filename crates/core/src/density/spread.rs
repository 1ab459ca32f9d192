//! The spread of a sample: count, mean, standard deviation, extremes and quartiles (linear
//! interpolation between order statistics, numpy's default), for box and error-bar plots.

/// Summary of a sample (NaN values are left out).
#[derive(Clone, Copy, Debug, PartialEq)]
pub struct Spread {
    pub n: usize,
    pub mean: f64,
    /// Population standard deviation (ddof 0).
    pub sd: f64,
    pub min: f64,
    pub q1: f64,
    pub median: f64,
    pub q3: f64,
    pub max: f64,
}

impl Spread {
    /// The spread of `values` (reordered in place); `None` when no value is a number.
    pub fn of(values: &mut Vec<f64>) -> Option<Spread> {
        values.retain(|v| !v.is_nan());
        let n = values.len();
        if n == 0 {
            return None;
        }
        values.sort_by(f64::total_cmp);
        let mean = values.iter().sum::<f64>() / n as f64;
        let sd = (values.iter().map(|v| (v - mean) * (v - mean)).sum::<f64>() / n as f64).sqrt();
        let q = |p: f64| {
            let x = p * (n - 1) as f64;
            let (i, t) = (x.floor() as usize, x.fract());
            values[i] + t * (values[(i + 1).min(n - 1)] - values[i])
        };
        Some(Spread {
            n,
            mean,
            sd,
            min: values[0],
            q1: q(0.25),
            median: q(0.5),
            q3: q(0.75),
            max: values[n - 1],
        })
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn numpy_percentiles() {
        // numpy.percentile([1, 2, 3, 4, 10], [25, 50, 75]) = [2, 3, 4]; mean 4, std 3.1623.
        let s = Spread::of(&mut vec![10.0, 1.0, f64::NAN, 3.0, 2.0, 4.0]).unwrap();
        assert_eq!((s.n, s.min, s.q1, s.median, s.q3, s.max, s.mean), (5, 1.0, 2.0, 3.0, 4.0, 10.0, 4.0));
        assert!((s.sd - 10f64.sqrt()).abs() < 1e-15);
        // numpy.percentile([1, 2], [25, 50, 75]) = [1.25, 1.5, 1.75].
        let t = Spread::of(&mut vec![2.0, 1.0]).unwrap();
        assert_eq!((t.q1, t.median, t.q3), (1.25, 1.5, 1.75));
        assert!(Spread::of(&mut vec![f64::NAN]).is_none());
    }
}
