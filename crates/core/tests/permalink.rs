//! Permalinks: any view state → URL → the same view state, with no warnings.

use proptest::prelude::*;
use xclass_core::filter::{FeatureRange, Filter, Status};
use xclass_core::points::Level;
use xclass_core::sky::{Cone, Frame};
use xclass_core::state::*;
use xclass_core::palette::Palette;
use xclass_core::subset::{Show, Subset, Subsets};
use xclass_core::{url, Class, Feature};

fn feature() -> impl Strategy<Value = Feature> {
    (0..12usize).prop_map(|i| Feature::ALL[i])
}

fn num() -> impl Strategy<Value = f64> {
    prop_oneof![-1e6..1e6f64, Just(0.0), Just(-0.0), any::<f64>().prop_filter("finite", |v| v.is_finite())]
}

fn name() -> impl Strategy<Value = String> {
    prop_oneof!["2CXO J[0-9]{6}\\.[0-9][+-][0-9]{6}", "[ -~]{0,16}", "[α-ω,&=#%+ ]{0,6}"]
}

fn colour() -> impl Strategy<Value = Colour> {
    prop_oneof![Just(Colour::Group), Just(Colour::Class), Just(Colour::Cluster), Just(Colour::Count), Just(Colour::MaxProb), feature().prop_map(Colour::Feature), Just(Colour::Novelty), Just(Colour::Entropy), Just(Colour::Margin)]
}

fn render() -> impl Strategy<Value = Render> {
    prop_oneof![Just(Render::Auto), Just(Render::Points), Just(Render::Density)]
}

fn level() -> impl Strategy<Value = Level> {
    prop_oneof![Just(Level::Source), Just(Level::Detection)]
}

fn filter() -> impl Strategy<Value = Filter> {
    let range = (feature(), proptest::option::of(num()), proptest::option::of(num())).prop_map(|(feature, min, max)| FeatureRange { feature, min, max });
    let cone = (0.0..360.0f64, -90.0..90.0f64, 0.0..10.0f64).prop_map(|(ra, dec, radius)| Cone { ra, dec, radius });
    (
        proptest::collection::vec((0..10usize).prop_map(|i| Class::ALL[i]), 0..4),
        proptest::collection::vec(0u8..6, 0..3),
        prop_oneof![Just(Status::All), Just(Status::Unique), Just(Status::Ambiguous)],
        0.0..1.0f64,
        0u32..20,
        proptest::option::of(0u32..200),
        proptest::collection::vec(range, 0..3),
        proptest::option::of(cone),
        name(),
        (0.0..100.0f64, 0.0..2.3f64, proptest::option::of(0.0..1.0f64)),
    )
        .prop_map(|(hidden_classes, hidden_clusters, status, min_prob, min_count, max_count, ranges, cone, name, (min_novelty, min_entropy, max_margin))| Filter {
            hidden_classes,
            hidden_clusters,
            status,
            min_prob,
            min_count,
            max_count,
            ranges,
            cone,
            name,
            min_novelty,
            min_entropy,
            max_margin,
        })
}

fn window() -> impl Strategy<Value = Window> {
    (num(), num(), num(), num()).prop_map(|(x0, x1, y0, y1)| Window { x0, x1, y0, y1 })
}

fn view_state() -> impl Strategy<Value = ViewState> {
    let sky = (prop_oneof![Just(Frame::Galactic), Just(Frame::Equatorial)], level(), colour(), render(), proptest::option::of((num(), num(), 1.0..500.0f64)))
        .prop_map(|(frame, level, colour, render, z)| SkyView { frame, level, colour, render, zoom: z.map(|(x, y, scale)| SkyZoom { x, y, scale }) });
    let scatter = (feature(), feature(), level(), any::<bool>(), any::<bool>(), colour(), any::<bool>(), render(), proptest::option::of(window()))
        .prop_map(|(x, y, level, log_x, log_y, colour, per_cluster, render, zoom)| ScatterView { x, y, level, log_x, log_y, colour, per_cluster, render, zoom });
    let confusion = (prop_oneof![Just(Matrix::Paper), Just(Matrix::SoftHard), Just(Matrix::ClusterClass), Just(Matrix::Upload)], any::<bool>())
        .prop_map(|(matrix, aggregated)| ConfusionView { matrix, aggregated });
    let sort = prop_oneof![Just(SortKey::Name), Just(SortKey::Ra), Just(SortKey::Count), Just(SortKey::MaxProb), feature().prop_map(SortKey::Feature), Just(SortKey::Novelty)];
    let table = (sort, any::<bool>(), 0u32..400).prop_map(|(sort, descending, page)| TableView { sort, descending, page, ..Default::default() });
    let dataset = prop_oneof![Just(Dataset::Published), (1u32..2_000_000, any::<u64>()).prop_map(|(n, seed)| Dataset::Synthetic { n, seed })];
    let panels = proptest::array::uniform7(any::<bool>()).prop_map(|b| Panels { sky: b[0], scatter: b[1], confusion: b[2], table: b[3], details: b[4], fit: b[5], science: b[6] });
    let plot = prop_oneof![Just(SciencePlot::Histogram), Just(SciencePlot::ClassGrid), Just(SciencePlot::Membership), Just(SciencePlot::SkyByClass)];
    let split = prop_oneof![Just(Split::Class), Just(Split::Group), Just(Split::Cluster), Just(Split::Selection)];
    let source = prop_oneof![Just(ClassSource::Soft), Just(ClassSource::Hard), Just(ClassSource::Detection), Just(ClassSource::Label)];
    let science = (plot, feature(), split, proptest::array::uniform5(any::<bool>()), 1u32..200, feature(), feature(), source, 0.1..5.0f64)
        .prop_map(|(plot, feature, split, b, bins, x, y, class_source, bandwidth)| ScienceView {
            plot, feature, split, normalised: b[0], log_x: b[1], bins, counts: b[2], x, y, groups: b[3], class_source, bandwidth, fields: b[4],
        });
    let raw = proptest::array::uniform8(0.0..10.0f64).prop_map(RawVariability::from_values);
    let editor = (proptest::option::of(name()), proptest::option::of(proptest::array::uniform12(num())), proptest::array::uniform12(num()), proptest::option::of(raw))
        .prop_map(|(base, start, values, raw)| Editor { base, start, values, raw });
    let side = prop_oneof![Just(Side::Details), Just(Side::Editor), Just(Side::Upload)];
    let subset = (name(), proptest::collection::vec(name(), 0..5)).prop_map(|(n, m)| Subset::new(n, m));
    let subsets = (proptest::collection::vec(subset, 0..3), proptest::option::of(0usize..3), prop_oneof![Just(Show::All), Just(Show::Only), Just(Show::Hide)])
        .prop_map(|(list, active, show)| Subsets { list, active, show });
    let model = proptest::option::of(prop_oneof!["[0-9a-f]{10}", name()]);
    let looks = (prop_oneof![Just(Palette::Safe), Just(Palette::Paper)], subsets, model, science);
    (dataset, panels, sky, scatter, confusion, table, filter(), proptest::collection::vec(name(), 0..6), proptest::option::of(name()), side, proptest::option::of(editor), looks)
        .prop_map(|(dataset, panels, sky, scatter, confusion, table, filter, selection, focus, side, editor, (palette, subsets, model, science))| ViewState {
            model, dataset, panels, sky, scatter, confusion, table, filter, selection, focus, side, editor, subsets, palette, science,
        })
}

#[test]
fn view_states_round_trip_through_the_url() {
    // The composed strategy is deep: run it on a thread with room for debug-build frames.
    let run = || {
        let mut runner = proptest::test_runner::TestRunner::new(ProptestConfig::with_cases(400));
        runner
            .run(&view_state(), |state| {
                let link = url::encode(&state);
                let back = url::decode::<ViewState>(&link);
                prop_assert!(back.warnings.is_empty(), "{link}: {:?}", back.warnings);
                prop_assert_eq!(back.state, state, "{}", link);
                Ok(())
            })
            .map_err(|e| e.to_string())
    };
    let result = std::thread::Builder::new().stack_size(256 << 20).spawn(run).unwrap().join().unwrap();
    if let Err(e) = result {
        panic!("{e}");
    }
}

#[test]
fn the_default_view_is_the_empty_link_and_short_views_stay_readable() {
    assert_eq!(url::encode(&ViewState::default()), "");
    let mut v = ViewState::default();
    v.sky.frame = Frame::Equatorial;
    v.filter.status = Status::Ambiguous;
    v.selection = vec!["2CXO J004231.1+411621".into()];
    let link = url::encode(&v);
    assert!(link.contains("sky.frame=equatorial") && link.contains("filter.status=ambiguous"), "{link}");
    assert!(link.len() < 120, "{link}");
}

#[test]
fn a_long_selection_is_written_compactly() {
    let v = ViewState {
        selection: (0..2000).map(|i| format!("2CXO J{:06}.0+{:06}", i * 37 % 240000, i * 91 % 900000)).collect(),
        ..ViewState::default()
    };
    let link = url::encode(&v);
    assert!(link.contains("selection=~"), "long values are deflated");
    assert!(link.len() < 2000 * 21 / 2, "{} characters", link.len());
    assert_eq!(url::decode::<ViewState>(&link).state, v);
}

#[test]
fn a_link_names_its_model_and_old_links_mean_the_published_one() {
    let v = ViewState { model: Some("0123456789".into()), ..ViewState::default() };
    let link = url::encode(&v);
    // Digits only would read as a number: the codec escapes the first character.
    assert_eq!(url::decode::<ViewState>(&link), url::Decoded { state: v.clone(), warnings: vec![] }, "{link}");
    let v = ViewState { model: Some("9f2c4e01ab".into()), ..ViewState::default() };
    assert_eq!(url::encode(&v), "model=9f2c4e01ab");
    // A link written before models could be swapped (no `model` key) restores the published one.
    let old = url::decode::<ViewState>("sky.frame=equatorial&filter.status=ambiguous");
    assert!(old.warnings.is_empty(), "{:?}", old.warnings);
    assert_eq!(old.state.model, None);
    assert_eq!(old.state.sky.frame, Frame::Equatorial);
}
