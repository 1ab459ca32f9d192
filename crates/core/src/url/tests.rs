use super::*;
use crate::sky::Cone;
use proptest::prelude::*;
use serde::Deserialize;
use std::collections::BTreeMap;

#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
enum Frame {
    Galactic,
    Equatorial,
}

#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
enum Shape {
    Circle { r: f64 },
    Rect { w: f64, h: f64 },
    Tag(String),
    Pair(f64, f64),
    Nothing,
}

#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
struct Item {
    id: u32,
    label: String,
    on: bool,
}

#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
struct Inner {
    level: u8,
    ids: Vec<u32>,
    note: Option<String>,
}

/// Every shape the codec must carry; defaults are not empty, so diffs go both ways.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
struct State {
    name: String,
    flag: bool,
    count: u32,
    offset: i64,
    x: f64,
    maybe: Option<f64>,
    maybe_text: Option<String>,
    frame: Frame,
    shape: Shape,
    tags: Vec<String>,
    values: Vec<f64>,
    inner: Inner,
    cone: Option<Cone>,
    weights: BTreeMap<String, f64>,
    items: Vec<Item>,
    grid: Vec<Vec<i32>>,
    shapes: Vec<Shape>,
    unit: (),
    blob: String,
}

impl Default for State {
    fn default() -> Self {
        State {
            name: "xclass".into(),
            flag: false,
            count: 3,
            offset: -1,
            x: 0.25,
            maybe: Some(1.0),
            maybe_text: None,
            frame: Frame::Galactic,
            shape: Shape::Circle { r: 1.0 },
            tags: vec!["AGN".into(), "XB".into()],
            values: vec![0.5],
            inner: Inner { level: 3, ids: vec![1, 2, 3], note: Some("n".into()) },
            cone: None,
            weights: [("a".to_string(), 1.0), ("b".to_string(), 2.0)].into(),
            items: vec![Item { id: 1, label: "one".into(), on: true }],
            grid: vec![vec![1, 2], vec![3]],
            shapes: vec![],
            unit: (),
            blob: String::new(),
        }
    }
}

fn text() -> impl Strategy<Value = String> {
    let tricky = ["", "null", "true", "1.5", "-0", "~x", "a,b", "&=#", "[]", "{}", "%41", "a.b", " "];
    prop_oneof![any::<String>(), "(?s).{0,12}", proptest::sample::select(tricky.map(String::from).to_vec())]
}

fn float() -> impl Strategy<Value = f64> {
    prop_oneof![any::<f64>().prop_filter("finite", |x| x.is_finite()), Just(0.1), Just(-0.0), Just(1e300)]
}

fn shape() -> impl Strategy<Value = Shape> {
    prop_oneof![
        float().prop_map(|r| Shape::Circle { r }),
        (float(), float()).prop_map(|(w, h)| Shape::Rect { w, h }),
        text().prop_map(Shape::Tag),
        (float(), float()).prop_map(|(a, b)| Shape::Pair(a, b)),
        Just(Shape::Nothing),
    ]
}

prop_compose! {
    fn state()(
        (name, flag, count, offset, x, maybe, maybe_text) in
            (text(), any::<bool>(), any::<u32>(), any::<i64>(), float(), proptest::option::of(float()), proptest::option::of(text())),
        (equatorial, shape, tags, values) in
            (any::<bool>(), shape(), proptest::collection::vec(text(), 0..4), proptest::collection::vec(float(), 0..40)),
        (level, ids, note, cone) in
            (any::<u8>(), proptest::collection::vec(any::<u32>(), 0..4), proptest::option::of(text()),
             proptest::option::of((float(), float(), float()))),
        (weights, items, grid, shapes, blob) in (
            proptest::collection::btree_map(text(), float(), 0..4),
            proptest::collection::vec((any::<u32>(), text(), any::<bool>()), 0..3),
            proptest::collection::vec(proptest::collection::vec(any::<i32>(), 0..3), 0..3),
            proptest::collection::vec(shape(), 0..3),
            prop_oneof!["[a-z]{0,5}", "[a-z ]{150,400}"],
        ),
    ) -> State {
        State {
            name, flag, count, offset, x, maybe, maybe_text,
            frame: if equatorial { Frame::Equatorial } else { Frame::Galactic },
            shape, tags, values,
            inner: Inner { level, ids, note },
            cone: cone.map(|(ra, dec, radius)| Cone { ra, dec, radius }),
            weights,
            items: items.into_iter().map(|(id, label, on)| Item { id, label, on }).collect(),
            grid, shapes, unit: (), blob,
        }
    }
}

/// A state near the default, so that diffs are partial.
fn near_default() -> impl Strategy<Value = State> {
    (state(), proptest::collection::vec(any::<bool>(), 19)).prop_map(|(s, take)| {
        let mut d = State::default();
        macro_rules! mix { ($($i:tt $f:ident),*) => { $( if take[$i] { d.$f = s.$f.clone(); } )* } }
        mix!(0 name, 1 flag, 2 count, 3 offset, 4 x, 5 maybe, 6 maybe_text, 7 frame, 8 shape, 9 tags,
             10 values, 11 inner, 12 cone, 13 weights, 14 items, 15 grid, 16 shapes, 17 blob);
        if take[18] {
            d.inner.note = s.inner.note;
        }
        d
    })
}

proptest! {
    #![proptest_config(ProptestConfig::with_cases(300))]

    #[test]
    fn round_trips(s in prop_oneof![state(), near_default()]) {
        let text = encode(&s);
        let back: Decoded<State> = decode(&text);
        prop_assert!(back.warnings.is_empty(), "{text}\n{:?}", back.warnings);
        prop_assert_eq!(back.state, s, "{}", text);
    }

    #[test]
    fn never_panics(junk in "(?s).{0,200}", s in state()) {
        let _: Decoded<State> = decode(&junk);
        // Damage a real encoding anywhere: the result is still a state.
        let text = encode(&s);
        let cut = junk.len() % (text.len() + 1);
        let _: Decoded<State> = decode(text.get(..cut).unwrap_or(&text));
    }
}

fn pairs(text: &str) -> Vec<&str> {
    let mut v: Vec<&str> = text.split('&').collect();
    v.sort();
    v
}

#[test]
fn default_is_empty_and_short_states_read_well() {
    assert_eq!(encode(&State::default()), "");
    assert_eq!(decode::<State>(""), Decoded { state: State::default(), warnings: vec![] });
    let s = State {
        frame: Frame::Equatorial,
        tags: vec!["AGN".into(), "Seyfert_1".into(), "TTau*".into()],
        x: 0.5,
        cone: Some(Cone { ra: 10.5, dec: -2.0, radius: 0.25 }),
        shape: Shape::Rect { w: 2.0, h: 3.0 },
        maybe: None,
        name: "a b,c".into(),
        ..State::default()
    };
    let text = encode(&s);
    assert_eq!(
        pairs(&text),
        [
            "cone.dec=-2.0",
            "cone.ra=10.5",
            "cone.radius=0.25",
            "frame=equatorial",
            "maybe=null",
            "name=a%20b%2Cc",
            "shape.Rect.h=3.0",
            "shape.Rect.w=2.0",
            "shape={}",
            "tags=AGN,Seyfert_1,TTau*",
            "x=0.5",
        ]
    );
    // The reset of a switched variant precedes its contents.
    assert!(text.find("shape={}") < text.find("shape.Rect"));
}

#[test]
fn bad_pairs_are_skipped_one_by_one() {
    let d: Decoded<State> =
        decode("#frame=gallactic&count=abc&flag=true&nope=1&inner.nope=2&tags=QSO&inner.level=7&x");
    assert_eq!(d.state, State { flag: true, tags: vec!["QSO".into()], inner: Inner { level: 7, ..State::default().inner }, ..State::default() });
    let w = d.warnings.join("\n");
    assert_eq!(d.warnings.len(), 5, "{w}");
    assert!(w.contains("ignored \"frame=gallactic\": \"gallactic\" is not one of: galactic, equatorial"), "{w}");
    assert!(w.contains("ignored \"count=abc\": the text \"abc\" was given where a whole number (0 or more) is needed"), "{w}");
    assert!(w.contains("ignored \"nope=1\": there is no such setting") && w.contains("ignored \"inner.nope=2\": there is no such setting"), "{w}");
    assert!(w.contains("ignored \"x\": not a setting (expected name=value)"), "{w}");
}

#[test]
fn incomplete_structures_and_wrong_paths_fall_back() {
    // A cone needs all three fields; a path through a scalar or past a list's end cannot exist.
    let d: Decoded<State> = decode("cone.ra=1&name.x=2&items.5.id=1&values=1,zz&count=9&name=true");
    assert_eq!(d.state, State { count: 9, name: "true".into(), ..State::default() });
    let w = d.warnings.join("\n");
    assert!(w.contains("\"cone.ra=1\": incomplete: dec must be given too"), "{w}");
    assert!(w.contains("\"name.x=2\": there is no such setting") && w.contains("\"items.5.id=1\": it refers past the end"), "{w}");
    assert!(w.contains("\"values=1,zz\": the text \"zz\" was given where a number is needed"), "{w}");
}

#[test]
fn mangled_strings_give_defaults_and_a_warning() {
    for junk in ["\u{0}\u{1}%%%ÿ&&==", "~~~", "=", "a=~AAAA", "%FF=1", "tags=%FF"] {
        let d: Decoded<State> = decode(junk);
        assert_eq!(d.state, State::default(), "{junk}");
        assert!(!d.warnings.is_empty(), "{junk}");
    }
}

#[test]
fn a_truncated_compact_value_is_dropped_alone() {
    let s = State { blob: "the quick brown fox ".repeat(20), count: 7, ..State::default() };
    let text = encode(&s);
    let blob = pairs(&text).into_iter().find(|p| p.starts_with("blob=")).unwrap().to_string();
    assert!(blob.starts_with("blob=~") && blob.len() < 100, "{blob}");
    let damaged = text.replace(&blob, &blob[..blob.len() - 10]);
    let d: Decoded<State> = decode(&damaged);
    assert_eq!(d.state, State { count: 7, ..State::default() });
    assert_eq!(d.warnings.len(), 1);
    assert!(d.warnings[0].starts_with("ignored \"blob=~") && d.warnings[0].contains("compressed part is damaged"));
}

#[test]
fn a_default_that_does_not_read_back_still_decodes() {
    // NaN is written as JSON null, which an f64 field refuses.
    #[derive(Debug, Serialize, Deserialize)]
    struct Odd {
        x: f64,
        n: u8,
    }
    impl Default for Odd {
        fn default() -> Self {
            Odd { x: f64::NAN, n: 0 }
        }
    }
    let d: Decoded<Odd> = decode("n=3");
    assert!(d.state.x.is_nan() && d.state.n == 0);
    assert_eq!(d.warnings.len(), 2, "{:?}", d.warnings);
    assert!(d.warnings[1].starts_with("the default state does not read back"), "{:?}", d.warnings);
}
