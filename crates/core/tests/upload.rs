//! Uploads (the browser's "classify your own source"): known answers and bad input.

mod common;
use common::*;
use xclass_core::upload::classify_upload;
use xclass_core::{Class, Feature, Group};

fn example() -> Vec<u8> {
    std::fs::read(repo().join("assets/your_xray_example.vot")).unwrap()
}

#[test]
fn the_papers_example_gives_the_published_answer() {
    let up = classify_upload("your_xray_example.vot", example().as_slice(), model(), reference(), None, |_, _| true).unwrap().unwrap();
    assert_eq!(up.detections.len(), 1);
    let d = &up.detections[0];
    assert_eq!(d.name.as_deref(), Some("2CXO J004307.5-092302"));
    assert_eq!(d.obsid.as_deref(), Some("4884"));
    assert_eq!(d.cluster, 5);
    let p = |c: Class| d.probs[c.index()];
    for (c, want) in [(Class::Hmxb, 0.684173), (Class::Lmxb, 0.296807), (Class::Xb, 0.004300), (Class::Agn, 0.010554), (Class::Qso, 0.003920), (Class::OrionV, 0.000147)] {
        assert!((p(c) - want).abs() < 1e-6, "{} {} vs {want}", c.name(), p(c));
    }
    let g = d.classification().group_probs();
    assert!((g[Group::Xb.index()] - 0.985279).abs() < 1e-6);
    assert_eq!((d.classification().class(), d.classification().group()), (Class::Hmxb, Group::Xb));
    // powlaw_gamma and bb_kt are empty in the file: filled, and said so.
    assert_eq!(d.filled.to_list(), "powlaw_gamma;bb_kt");
    assert_eq!(d.features[Feature::BbKt.index()], model().fill.values[Feature::BbKt.index()]);
    // One row, empty in those two columns: a refit could not use them.
    assert_eq!(up.features_missing_everywhere().to_list(), "powlaw_gamma,bb_kt");
    assert!(d.position.is_some());
    // The CLI's columns and one source voted.
    // The input's ra and dec are kept, right after name and obsid (issue 16, bug 11).
    assert!(up.detection_csv.starts_with("name,obsid,ra,dec,cluster,QSO,AGN,Seyfert_1,Seyfert_2,HMXB,LMXB,XB,YSO,TTau*,Orion_V*,class,agg_AGN,agg_Seyfert,agg_XB,agg_YSO,agg_class,filled,log_density,novelty_percentile,outside_training,entropy,margin\n"));
    let row: Vec<&str> = up.detection_csv.lines().nth(1).unwrap().split(',').collect();
    assert_eq!((row[0], row[1], row[2], row[3], row[4]), ("2CXO J004307.5-092302", "4884", "10.781298349312351", "-9.383953646551543", "5"));
    assert_eq!((row[15], row[20], row[21]), ("HMXB", "XB", "powlaw_gamma;bb_kt"));
    assert!((row[9].parse::<f64>().unwrap() - 0.684173).abs() < 1e-6);
    assert_eq!(up.sources.len(), 1);
    assert_eq!(up.sources[0].1.soft, Class::Hmxb);
}

#[test]
fn labels_are_kept_and_cancel_stops() {
    let csv = "name,otype,hard_hm,hard_hs,hard_ms,var_prob_b\nA,HXB,0.1,0.2,0.1,0.5\nA,Y*O,-0.5,-0.7,-0.4,0.1\nB,,0.3,0.1,-0.2,0.9\n";
    let up = classify_upload("l.csv", csv.as_bytes(), model(), reference(), None, |_, _| true).unwrap().unwrap();
    assert_eq!(up.label_column.as_deref(), Some("otype"));
    let labels: Vec<_> = up.detections.iter().map(|d| d.label.clone()).collect();
    assert_eq!(labels, [Some("HXB".to_string()), Some("Y*O".to_string()), None]);
    assert_eq!(up.sources.len(), 2);
    assert!(up.source_csv.unwrap().starts_with("name,detection_count,mean_QSO"));
    assert!(up.warnings[0].contains("powlaw_gamma"), "{:?}", up.warnings);
    assert!(classify_upload("l.csv", csv.as_bytes(), model(), reference(), None, |_, _| false).unwrap().is_none());
}

#[test]
fn bad_uploads_say_what_is_wrong_and_where() {
    let cases: [(&str, &[u8], &str); 5] = [
        ("semi.csv", b"name;hard_hm;hard_hs\nA;0.1;0.2\n", "delimiter"),
        ("nofeat.csv", b"name,flux\nA,1\n", "none of the 12 features"),
        ("nan.csv", b"name,hard_hm\nA,0.1\nB,abc\n", "line 3, column hard_hm"),
        ("empty.csv", b"", "empty"),
        ("junk.bin", b"\x00\x01\x02\xff\xfe binary", "binary"),
    ];
    for (file, bytes, want) in cases {
        let e = classify_upload(file, bytes, model(), reference(), None, |_, _| true).unwrap_err().to_string();
        assert!(e.to_lowercase().contains(&want.to_lowercase()), "{file}: {e}");
        assert!(e.starts_with(file), "{file}: {e}");
    }
    let header_only = classify_upload("h.csv", "name,hard_hm\n".as_bytes(), model(), reference(), None, |_, _| true).unwrap_err();
    assert!(header_only.to_string().contains("no data rows"));
}
