//! Class grids: which rows each panel holds, against counts known independently — the
//! published sources per soft class (scripts/science_fixtures.py, from the CSVs) and the label
//! column of a labelled upload (counted from the file with awk, spellings grouped by hand).

mod common;

use serde_json::Value;
use xclass_core::class::Class;
use xclass_core::class_grid::{catalog_rows, compute, upload_rows, upload_rows_of, Unplaced, MASS};
use xclass_core::feature::Feature;
use xclass_core::palette::Palette;
use xclass_core::points::Points;
use xclass_core::state::{ClassSource, ScienceView};
use xclass_core::upload::{classify_upload, Upload};

fn view(source: ClassSource, groups: bool) -> ScienceView {
    ScienceView {
        x: Feature::HardHs,
        y: Feature::HardHm,
        groups,
        class_source: source,
        ..ScienceView::default()
    }
}

fn labelled_upload() -> Upload {
    let path = common::repo().join("crates/core/tests/fixtures/labelled_synthetic.csv");
    let text = std::fs::read(&path).unwrap();
    classify_upload(
        "labelled_synthetic.csv",
        &text[..],
        common::model(),
        common::reference(),
        None,
        |_, _| true,
    )
    .unwrap()
    .unwrap()
}

/// `awk -F, '{print $2}' labelled_synthetic.csv | sort | uniq -c`, each class's spellings summed:
/// QSO 33; AGN 212; Seyfert_1 61 + Sy1 53; Seyfert_2 13 + Sy2 13; HMXB 166 + HighMassXBin 139;
/// LMXB 59 + LowMassXBin 74; XB 52 + XrayBin 69; YSO 301; TTau* 41 + TTauri* 49;
/// Or* 390 + Orion_V* 378. Unlabelled: 576 empty + 321 Star.
const LABELS: [usize; 10] = [33, 212, 114, 26, 305, 133, 121, 301, 90, 768];

#[test]
fn panels_of_an_upload_hold_its_label_counts() {
    let up = labelled_upload();
    let v = view(ClassSource::Label, false);
    let (rows, unplaced) = upload_rows(&up, v.x, v.y).unwrap();
    assert_eq!(
        unplaced,
        Unplaced {
            unlabelled: 897,
            unmapped: 0,
            missing: 0
        }
    );
    let g = compute(&v, rows, unplaced, Palette::Safe);
    assert_eq!(g.panels.iter().map(|p| p.n).collect::<Vec<_>>(), LABELS);
    assert_eq!(g.panels.iter().map(|p| p.n).sum::<usize>() + g.unplaced.total(), 3000);
    assert_eq!((g.panels[0].name, g.panels[0].colour), ("QSO", "#332288"));
    // Few rows: the points are kept; many: only the density.
    assert_eq!(g.panels[0].points.len(), 33);
    assert!(g.panels[9].points.is_empty() && g.panels[9].kde.is_some());
    assert_eq!(g.panels[9].levels.len(), MASS.len());
    // Per group: AGN = QSO + AGN, Seyfert = Sy1 + Sy2, XB = HMXB + LMXB + XB, YSO = YSO + TTau* + Or*.
    let (rows, unplaced) = upload_rows(&up, v.x, v.y).unwrap();
    let g = compute(&view(ClassSource::Label, true), rows, unplaced, Palette::Paper);
    assert_eq!(
        g.panels.iter().map(|p| (p.name, p.n)).collect::<Vec<_>>(),
        [("AGN", 245), ("Seyfert", 140), ("XB", 559), ("YSO", 1159)]
    );
    // Clicking a panel picks its rows: as many as its count, each with a matching label.
    let picked = upload_rows_of(&up, &g.panels[1].classes);
    assert_eq!(picked.len(), 140);
    assert!(picked
        .iter()
        .all(|&i| matches!(up.detections[i].label.as_deref(), Some("Seyfert_1" | "Sy1" | "Seyfert_2" | "Sy2"))));
}

#[test]
fn an_upload_without_labels_has_no_label_grid_and_filled_values_are_left_out() {
    let csv = "name,otype,hard_hm,hard_hs\na,HMXB,0.1,0.2\nb,QSO_Candidate,0.1,0.2\nc,HMXB,0.1,\nd,Star,0.1,0.2\n";
    let up = classify_upload("t.csv", csv.as_bytes(), common::model(), common::reference(), None, |_, _| true)
        .unwrap()
        .unwrap();
    let (rows, unplaced) = upload_rows(&up, Feature::HardHs, Feature::HardHm).unwrap();
    assert_eq!(rows, [(0.2, 0.1, Class::Hmxb)]);
    assert_eq!(
        unplaced,
        Unplaced {
            unlabelled: 1,
            unmapped: 1,
            missing: 1
        }
    );
    let plain = classify_upload(
        "p.csv",
        "hard_hm,hard_hs\n0.1,0.2\n".as_bytes(),
        common::model(),
        common::reference(),
        None,
        |_, _| true,
    )
    .unwrap()
    .unwrap();
    assert!(upload_rows(&plain, Feature::HardHs, Feature::HardHm).is_none());
}

#[test]
fn catalog_panels_hold_the_sources_of_each_soft_class() {
    let known: Value =
        serde_json::from_str(&std::fs::read_to_string(common::repo().join("crates/core/tests/known/science.json")).unwrap()).unwrap();
    let k = &known["hard_hs_by_soft_class"];
    let p = Points::sources(common::catalog());
    let mask = vec![true; p.len()];
    let v = view(ClassSource::Soft, false);
    let g = compute(&v, catalog_rows(&v, &p, &mask), Unplaced::default(), Palette::Safe);
    for (panel, c) in g.panels.iter().zip(Class::ALL) {
        let binned: u64 = k["counts"][c.name()].as_array().unwrap().iter().map(|n| n.as_u64().unwrap()).sum();
        let want = binned + k["outside"][c.name()].as_u64().unwrap();
        assert_eq!(panel.n as u64, want, "{}", c.name());
    }
    assert_eq!(g.panels.iter().map(|p| p.n).sum::<usize>(), 8756);
    // Hidden rows are left out: only the mask's rows are placed.
    let only_qso: Vec<bool> = p.class.iter().map(|&c| c == Class::Qso).collect();
    let g = compute(&v, catalog_rows(&v, &p, &only_qso), Unplaced::default(), Palette::Safe);
    assert_eq!(g.panels.iter().map(|p| p.n).sum::<usize>(), g.panels[0].n);
}
