//! The output tables against the column list and the published master classes.

mod common;
use common::*;
use xclass_core::pipeline::{DetectionTable, SourceTable};
use xclass_core::table::TableReader;

#[test]
fn detection_header_is_exactly_the_documented_columns() {
    let with = TableReader::open("t.csv", b"name,obsid,hard_hm\na,1,0.1\n".as_slice()).unwrap();
    assert_eq!(
        DetectionTable::new(with.schema()).header(),
        "name,obsid,cluster,QSO,AGN,Seyfert_1,Seyfert_2,HMXB,LMXB,XB,YSO,TTau*,Orion_V*,class,\
agg_AGN,agg_Seyfert,agg_XB,agg_YSO,agg_class,filled,log_density,novelty_percentile,outside_training,entropy,margin\n"
    );
    // The input's position columns follow name and obsid, named and in order as in the input
    // (issue 16, bug 11).
    let placed = TableReader::open("t.csv", b"DEC,hard_hm,RA,obsid,name,ra_deg\n1,0.1,2,3,a,4\n".as_slice()).unwrap();
    assert_eq!(
        DetectionTable::new(placed.schema()).header(),
        "name,obsid,DEC,RA,ra_deg,cluster,QSO,AGN,Seyfert_1,Seyfert_2,HMXB,LMXB,XB,YSO,TTau*,Orion_V*,class,\
agg_AGN,agg_Seyfert,agg_XB,agg_YSO,agg_class,filled,log_density,novelty_percentile,outside_training,entropy,margin\n"
    );
    let without = TableReader::open("t.csv", b"hard_hm\n0.1\n".as_slice()).unwrap();
    assert!(DetectionTable::new(without.schema()).header().starts_with("cluster,QSO,"));
}

#[test]
fn source_table_reproduces_every_published_master_class() {
    // Feed the 14,507 published detection probabilities by name, in file order.
    let cat = catalog();
    let mut table = SourceTable::default();
    for d in &cat.detections {
        table.add(&cat.sources[d.source as usize].name, &d.probs);
    }
    let mut n = 0;
    let mut unique = 0;
    for (name, v) in table.votes() {
        let s = &cat.sources[cat.find(name).unwrap()];
        assert_eq!((v.soft, v.hard, v.count), (s.soft, s.hard, s.detection_count()), "{name}");
        n += 1;
        unique += v.is_unique() as usize;
    }
    assert_eq!((n, unique), (8_756, 8_271));

    let mut text = SourceTable::header();
    table.write(&mut text);
    let first = text.lines().nth(1).unwrap();
    let name = &cat.sources[cat.detections[0].source as usize].name;
    assert!(first.starts_with(&format!("{name},")), "{first}");
    assert_eq!(text.lines().count(), 8_757);
    assert!(SourceTable::header().ends_with("soft_master_class,hard_master_class,agg_master_class,unique\n"));
}
