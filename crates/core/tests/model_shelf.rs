//! The models kept in the browser: the index round trip, bounds (count and size, oldest out),
//! a corrupt index or entry dropped with a message, and a kept model validated exactly as an
//! uploaded file (the same message), with the hash it was filed under.

mod common;
use xclass_core::model::Model;
use xclass_core::model_shelf::{read_kept, Shelf, MAX_CHARS, MAX_MODELS};

fn published() -> (Model, String, String) {
    let json = common::model().to_json();
    let m = Model::from_json(&json).unwrap();
    let h = m.content_hash();
    (m, json, h)
}

#[test]
fn kept_models_read_back_and_the_index_round_trips() {
    let (m, json, h) = published();
    let mut shelf = Shelf::default();
    assert_eq!(
        shelf.add(&m, &h, json.len(), "2026-12-02T08:00:00Z"),
        Ok(vec![])
    );
    let (again, msg) = Shelf::parse(Some(&shelf.to_json()));
    assert_eq!((again.clone(), msg), (shelf.clone(), None));
    let e = again.find(&h).unwrap();
    assert_eq!(e.name, m.short_name(60));
    assert_eq!(read_kept(e, Some(&json)).unwrap().content_hash(), h);
    // Adding the same model again keeps one entry, now dated later.
    shelf
        .add(&m, &h, json.len(), "2026-12-02T09:00:00Z")
        .unwrap();
    assert_eq!(shelf.entries.len(), 1);
    assert_eq!(shelf.entries[0].saved, "2026-12-02T09:00:00Z");
    assert_eq!(Shelf::parse(None), (Shelf::default(), None));
}

#[test]
fn the_shelf_is_bounded_oldest_out() {
    let (m, _, _) = published();
    let mut shelf = Shelf::default();
    let hash = |i: usize| format!("{i:010x}");
    for i in 0..MAX_MODELS {
        assert_eq!(
            shelf.add(&m, &hash(i), 1000, "t").unwrap(),
            Vec::<String>::new()
        );
    }
    assert_eq!(shelf.add(&m, &hash(99), 1000, "t").unwrap(), vec![hash(0)]);
    assert_eq!(shelf.entries.len(), MAX_MODELS);
    assert_eq!(shelf.entries[0].hash, hash(99));
    // By size: two big ones leave room for nothing else (the first still fits beside the
    // small ones, and pushes out the oldest by count).
    let big = MAX_CHARS / 2 - 10;
    assert_eq!(shelf.add(&m, &hash(200), big, "t").unwrap(), vec![hash(1)]);
    let out = shelf.add(&m, &hash(201), big, "t").unwrap();
    assert_eq!(out.len(), MAX_MODELS - 1, "{out:?}");
    assert_eq!(
        shelf
            .entries
            .iter()
            .map(|e| e.hash.clone())
            .collect::<Vec<_>>(),
        [hash(201), hash(200)]
    );
    assert!(shelf.entries.iter().map(|e| e.chars).sum::<usize>() <= MAX_CHARS);
    let too_big = shelf.add(&m, &hash(300), MAX_CHARS + 1, "t").unwrap_err();
    assert!(too_big.contains("too large"), "{too_big}");
    assert_eq!(shelf.entries.len(), 2);
}

#[test]
fn corrupt_entries_are_dropped_with_a_message() {
    let (m, json, h) = published();
    let (s, msg) = Shelf::parse(Some("{\"entries\": [oops"));
    assert!(s.entries.is_empty());
    assert!(msg
        .unwrap()
        .starts_with("The list of saved models could not be read"));
    let (s, msg) = Shelf::parse(Some(
        r#"{"entries":[{"hash":"not a hash!","name":"x","saved":"t","chars":1},{"hash":"abc123","name":"y","saved":"t","chars":1}]}"#,
    ));
    assert_eq!(s.entries.len(), 1);
    assert_eq!(
        msg.as_deref(),
        Some("1 unreadable entries of the saved-model list were dropped.")
    );
    let mut shelf = Shelf::default();
    shelf.add(&m, &h, json.len(), "2026-12-02").unwrap();
    let e = &shelf.entries[0];
    // Truncated text: the loader's own message, as for an uploaded file.
    let cut = &json[..json.len() / 2];
    let why = Model::from_json(cut).unwrap_err().to_string();
    let err = read_kept(e, Some(cut)).unwrap_err();
    assert!(
        err.contains(&why) && err.contains("damaged") && err.contains(&h),
        "{err}"
    );
    // A valid model filed under another hash.
    let mut v: serde_json::Value = serde_json::from_str(&json).unwrap();
    v["description"] = "changed".into();
    let other = v.to_string();
    let err = read_kept(e, Some(&other)).unwrap_err();
    assert!(err.contains("does not match its hash"), "{err}");
    let err = read_kept(e, None).unwrap_err();
    assert!(err.contains("missing"), "{err}");
}
