//! Issue 16 regressions in the core: permalink values checked and warnings for people, filter
//! contradictions named, typed positions (sexagesimal, CSC names), SIMBAD descriptions.

mod common;
use common::*;
use xclass_core::filter::FeatureRange;
use xclass_core::labels::{parse_label, Label};
use xclass_core::names::Names;
use xclass_core::sky::{dec_dms, parse_position, ra_hms};
use xclass_core::state::{Dataset, ViewState};
use xclass_core::state_check::{check, Known};
use xclass_core::{url, Class, Feature};

fn names() -> Names {
    catalog().sources.iter().map(|s| s.name.as_str()).collect()
}

fn checked(link: &str) -> (ViewState, Vec<String>) {
    let d = url::decode::<ViewState>(link);
    let mut v = d.state;
    let names = names();
    let mut w = d.warnings;
    w.extend(check(
        &mut v,
        &Known {
            names: Some(&names),
            clusters: model().gmm.n_components(),
        },
    ));
    (v, w)
}

#[test]
fn bug4_impossible_link_values_are_reset_with_a_warning() {
    let (v, w) = checked("#filter.min_prob=7");
    assert_eq!(v.filter.min_prob, 0.0);
    assert_eq!(w.len(), 1, "{w:?}");
    assert!(
        w[0].contains("confidence threshold in the link (7)"),
        "{w:?}"
    );

    let (v, w) = checked("#selection=NOPE&focus=NOPE");
    assert!(v.selection.is_empty() && v.focus.is_none());
    assert_eq!(w.len(), 2, "{w:?}");
    assert!(
        w[0].starts_with("1 selected source in the link is not in the catalog")
            && w[0].contains("\"NOPE\""),
        "{w:?}"
    );

    // A real name is kept, a missing one named.
    let real = &catalog().sources[0].name;
    let (v, w) = checked(&format!(
        "#selection={},NOPE,NADA",
        real.replace(' ', "%20")
    ));
    assert_eq!(v.selection, std::slice::from_ref(real));
    assert!(
        w[0].starts_with("2 selected sources in the link are not in the catalog"),
        "{w:?}"
    );

    let odd = ViewState {
        dataset: Dataset::Synthetic { n: 0, seed: 1 },
        ..Default::default()
    };
    let link = url::encode(&odd)
        + "&sky.zoom.x=0&sky.zoom.y=0&sky.zoom.scale=0.5&filter.hidden_clusters=99";
    let (v, w) = checked(&link);
    assert_eq!(v.dataset, Dataset::Published);
    assert!(v.sky.zoom.is_none() && v.filter.hidden_clusters.is_empty());
    assert_eq!(w.len(), 3, "{w:?}");
}

#[test]
fn bug4_parser_warnings_read_as_sentences() {
    let (_, w) = checked("#dataset=martian&table.page=abc");
    let w = w.join("\n");
    assert!(
        w.contains("\"martian\" is not one of: published, synthetic"),
        "{w}"
    );
    assert!(
        w.contains("the text \"abc\" was given where a whole number (0 or more) is needed"),
        "{w}"
    );
    assert!(
        !w.contains("unknown variant") && !w.contains("expected u32"),
        "{w}"
    );
    let (_, w) = checked("#selection=~!!!!");
    assert!(w[0].contains("compressed part is damaged"), "{w:?}");
}

#[test]
fn bug15_contradicting_filters_are_named() {
    let (v, w) = checked("#filter.min_count=5&filter.max_count=2");
    assert_eq!((v.filter.min_count, v.filter.max_count), (5, Some(2)));
    assert_eq!(w, ["At least 5 and at most 2 detections per source: no source can pass. Lower the minimum or raise the maximum."]);
    let mut f = v.filter;
    f.max_count = None;
    f.ranges.push(FeatureRange {
        feature: Feature::BbKt,
        min: Some(2.0),
        max: Some(1.0),
    });
    assert_eq!(
        f.problems(),
        ["bb_kt from 2 to 1: the minimum is above the maximum, so no source can pass."]
    );
    f.ranges[0].max = Some(3.0);
    assert!(f.problems().is_empty());
}

#[test]
fn bug8_every_csc_name_parses_to_its_source() {
    // A CSC name is its position truncated to 0.1 s of RA and 1″ of Dec: the parsed centre of
    // that box lies within half a box of the published position.
    for s in &catalog().sources {
        let (ra, dec) = parse_position(&s.name).unwrap_or_else(|e| panic!("{}: {e}", s.name));
        let dra = ((ra - s.ra + 180.0).rem_euclid(360.0) - 180.0) * 3600.0 / 15.0; // seconds of time
        let ddec = (dec - s.dec) * 3600.0;
        assert!(
            dra.abs() <= 0.05 + 1e-6 && ddec.abs() <= 0.5 + 1e-6,
            "{}: {dra} s, {ddec}″",
            s.name
        );
    }
}

#[test]
fn bug8_sexagesimal_and_decimal_positions() {
    let near = |text: &str, ra: f64, dec: f64, tol: f64| {
        let (r, d) = parse_position(text).unwrap_or_else(|e| panic!("{text}: {e}"));
        assert!(
            (r - ra).abs() < tol && (d - dec).abs() < tol,
            "{text}: {r} {d}"
        );
    };
    // The sexagesimal writer's astropy-checked cases, read back (0.01 s, 0.1″ precision).
    for (ra, dec) in [
        (0.0418034754126779, -50.25740005422238),
        (213.86968990433468, -0.442792985205472),
        (284.3641743567596, -49.092184241080325),
    ] {
        near(&format!("{} {}", ra_hms(ra), dec_dms(dec)), ra, dec, 5e-5);
        let colons = format!("{} {}", ra_hms(ra), dec_dms(dec))
            .replace(['h', 'm', '°', '\''], ":")
            .replace(['s', '"'], "");
        near(&colons, ra, dec, 5e-5);
    }
    // M31 (SIMBAD: 00 42 44.330 +41 16 07.50 = 10.684708 +41.268750).
    near("00 42 44.330 +41 16 07.50", 10.684708, 41.268750, 1e-6);
    near("00h42m44.33s+41d16m07.5s", 10.684708, 41.268750, 1e-6);
    near("10.684708, 41.26875", 10.684708, 41.268750, 1e-9);
    near("10.684708 -0.5", 10.684708, -0.5, 1e-9);
    near("12 00 00 -00 30 00", 180.0, -0.5, 1e-9);
    // Repeated fields: the split is at the fourth field, not at the first text equal to it.
    near("01 02 03 01 02 03", 15.5125, 1.034166666666667, 1e-9);
    // A CSC name stands for the centre of the box its truncated digits describe.
    near("2CXO J004307.5-092302", (43.0 / 60.0 + 7.55 / 3600.0) * 15.0, -(9.0 + 23.0 / 60.0 + 2.5 / 3600.0), 1e-12);
    for bad in [
        "",
        "banana",
        "25h00m00s +10d00m00s",
        "10 95",
        "400 10",
        "2CXO Jxx",
    ] {
        assert!(parse_position(bad).is_err(), "{bad}");
    }
}

#[test]
fn bug12_simbad_descriptions_are_labels() {
    for (text, class) in [
        ("Quasar", Class::Qso),
        ("Young Stellar Object", Class::Yso),
        ("High Mass X-ray Binary", Class::Hmxb),
        ("Seyfert 2 Galaxy", Class::Seyfert2),
    ] {
        assert_eq!(parse_label(text), Label::Class(class), "{text}");
    }
}

#[test]
fn subsets_travel_in_the_link_compactly_and_missing_names_warn() {
    use xclass_core::subset::{Show, Subset, Subsets};
    // Every second published source: 4,378 names, ~96 KB as plain text.
    let members: Vec<String> = catalog().sources.iter().step_by(2).map(|s| s.name.clone()).collect();
    let plain: usize = members.iter().map(|m| m.len() + 1).sum();
    let v = ViewState { subsets: Subsets { list: vec![Subset::new("half", members.clone())], active: Some(0), show: Show::Only }, ..Default::default() };
    let link = url::encode(&v);
    assert!(link.contains("subsets.list.0.members=~"), "deflated: {}", &link[..80]);
    assert!(link.len() * 2 < plain, "{} bytes vs {plain}", link.len());
    let (back, w) = checked(&link);
    assert!(w.is_empty(), "{w:?}");
    assert_eq!(back.subsets, v.subsets);
    // A link naming a source that is not in the catalog restores the rest and says so.
    let bad = "#subsets.list.0.name=mine&subsets.list.0.members=2CXO%20J004231.1%2B411621,NOWHERE";
    let (back, w) = checked(bad);
    assert_eq!(back.subsets.list[0].members, ["2CXO J004231.1+411621"]);
    assert_eq!(w, ["Subset \"mine\": 1 source not in the catalog, left out: \"NOWHERE\"."]);
}

#[test]
fn filters_in_words_for_figure_titles() {
    use xclass_core::filter::{Filter, Status};
    assert_eq!(Filter::default().describe(), "all sources");
    let f = Filter {
        hidden_classes: vec![Class::Yso, Class::TTau],
        status: Status::Unique,
        min_prob: 0.5,
        min_count: 2,
        ranges: vec![FeatureRange { feature: Feature::BbKt, min: None, max: Some(1.5) }],
        cone: Some(xclass_core::sky::Cone { ra: 10.684708, dec: 41.26875, radius: 0.5 }),
        ..Default::default()
    };
    assert_eq!(
        f.describe(),
        "without YSO, TTau*; uniquely classified; top class probability ≥ 0.5; ≥ 2 detections; bb_kt ≤ 1.5; within 30′ of 00h42m44.33s +41°16'07.5\""
    );
}
