//! Properties of classification and of the tables, for random and extreme inputs.

mod common;
use common::*;
use proptest::prelude::*;
use xclass_core::class::N_CLASSES;
use xclass_core::feature::N_FEATURES;
use xclass_core::pipeline::{classify_row, DetectionTable};
use xclass_core::table::{is_missing, ErrorKind, TableReader};

/// Ordinary, extreme, far-out-of-range and non-finite values, or missing.
fn value() -> impl Strategy<Value = Option<f64>> {
    prop_oneof![
        4 => (-2.0..2.0f64).prop_map(Some),
        2 => (-1e6..1e6f64).prop_map(Some),
        1 => prop::sample::select(vec![0.0, -0.0, 1e300, -1e300, f64::MAX, f64::MIN, f64::MIN_POSITIVE, 1e-300]).prop_map(Some),
        1 => any::<f64>().prop_map(Some),
        1 => Just(None),
    ]
}

fn vector() -> impl Strategy<Value = [Option<f64>; N_FEATURES]> {
    prop::array::uniform12(value())
}

proptest! {
    #![proptest_config(ProptestConfig::with_cases(3000))]

    #[test]
    fn probabilities_are_a_distribution_over_the_clusters_classes(x in vector()) {
        let m = model();
        let (c, _) = m.classify_partial(&x);
        prop_assert!(c.cluster < m.gmm.n_components());
        let sum: f64 = c.probs.iter().sum();
        prop_assert!((sum - 1.0).abs() < 1e-12, "sum {sum} for {x:?}");
        for i in 0..N_CLASSES {
            let p = c.probs[i];
            prop_assert!(!p.is_nan() && (0.0..=1.0).contains(&p), "p[{i}] = {p}");
            if m.clusters[c.cluster].classes[i].is_none() {
                prop_assert_eq!(p, 0.0);
            }
        }
        prop_assert!((c.group_probs().iter().sum::<f64>() - 1.0).abs() < 1e-12);
    }

    #[test]
    fn all_zero_or_all_huge_inputs_still_classify(v in prop::sample::select(vec![0.0, 1e3, 1e12, 1e300, -1e300])) {
        let (c, filled) = model().classify_partial(&[Some(v); N_FEATURES]);
        prop_assert!(filled.is_empty());
        prop_assert!((c.probs.iter().sum::<f64>() - 1.0).abs() < 1e-12);
    }

    #[test]
    fn any_cell_text_reads_or_fails_with_a_location(cells in prop::collection::vec("[-+0-9.eEnaNul, \"]{0,8}", N_FEATURES)) {
        let header = xclass_core::Feature::ALL.map(|f| f.name()).join(",");
        let mut w = csv::Writer::from_writer(Vec::new());
        w.write_record(&cells).unwrap();
        let text = format!("{header}\n{}", String::from_utf8(w.into_inner().unwrap()).unwrap());
        let mut r = TableReader::open("p.csv", text.as_bytes()).unwrap();
        match r.next().unwrap() {
            Ok(row) => {
                let (c, _) = classify_row(model(), &row);
                prop_assert!((c.probs.iter().sum::<f64>() - 1.0).abs() < 1e-12);
            }
            Err(e) => {
                prop_assert!(matches!(e.kind, ErrorKind::NotANumber | ErrorKind::Negative), "{e}");
                prop_assert!(e.to_string().starts_with("p.csv: line 2, column "), "{e}");
            }
        }
    }

    #[test]
    fn output_rows_have_the_header_s_columns_and_keep_names(name in "[ -~]{0,12}") {
        let mut w = csv::Writer::from_writer(Vec::new());
        w.write_record([name.as_str(), "0.1"]).unwrap();
        let text = format!("name,hard_hm\n{}", String::from_utf8(w.into_inner().unwrap()).unwrap());
        let mut r = TableReader::open("n.csv", text.as_bytes()).unwrap();
        let table = DetectionTable::new(r.schema());
        let row = r.next().unwrap().unwrap();
        let (c, filled) = classify_row(model(), &row);
        let reference = xclass_core::novelty::NoveltyReference::from_sorted(vec![0.0]).unwrap();
        let (features, _) = model().fill.fill(&row.features);
        let nov = xclass_core::novelty::Novelty::of_rows(model(), &reference, &[features], &[c.probs])[0];
        let mut out = table.header();
        table.write_row(&mut out, &row, &c, filled, Some(&nov));
        let mut rd = csv::Reader::from_reader(out.as_bytes());
        let header_len = rd.headers().unwrap().len();
        let rec = rd.records().next().unwrap().unwrap();
        prop_assert_eq!(rec.len(), header_len);
        // Cells holding a missing-value token ("--", "nan", "null", "none") are no name.
        // Text a spreadsheet would run as a formula gets a leading quote (issue 16, bug 10).
        let kept = if is_missing(name.trim()) { String::new() } else { xclass_core::pipeline::text::spreadsheet_safe(name.trim()).into_owned() };
        prop_assert_eq!(&rec[0], kept.as_str());
    }
}
