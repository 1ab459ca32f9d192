//! The readers' part of the malformed-input corpus (`tests/corpus/`, listed in
//! `tests/readers/corpus.txt`, made by `tests/readers/make_corpus.py`) through the core as
//! the browser runs it: tables through `classify_upload`, models through `Model::from_json`
//! (then the example table classified with them). Each `.expect` holds the CLI's exit code
//! (2: refused, with this substring in the message; 0: read, with this substring in a
//! warning or `-`) and the rows expected. The CLI runs the same files (crates/cli/tests).

use std::path::Path;
use xclass_core::upload::classify_upload;
use xclass_core::Model;

fn corpus() -> std::path::PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("../../tests/corpus")
}

struct Expect {
    refused: bool,
    substring: Option<String>,
    rows: Option<usize>,
}

fn expect(name: &str) -> Expect {
    let text = std::fs::read_to_string(corpus().join(format!("{name}.expect"))).unwrap();
    let lines: Vec<&str> = text.lines().collect();
    let substring = Some(lines[1].to_string()).filter(|s| s != "-");
    let rows = lines.get(2).map(|l| l.strip_prefix("rows ").unwrap().parse().unwrap());
    Expect { refused: lines[0] == "exit 2", substring, rows }
}

#[test]
fn every_readers_corpus_file_gives_its_message() {
    let list = std::fs::read_to_string(Path::new(env!("CARGO_MANIFEST_DIR")).join("../../tests/readers/corpus.txt")).unwrap();
    let example = std::fs::read(Path::new(env!("CARGO_MANIFEST_DIR")).join("../../assets/your_xray_example.vot")).unwrap();
    let mut checked = 0;
    for name in list.lines() {
        let want = expect(name);
        let bytes = std::fs::read(corpus().join(name)).unwrap();
        let (model, table, file) = if name.ends_with(".json") {
            match Model::from_json(std::str::from_utf8(&bytes).unwrap()) {
                Ok(m) => (m, example.clone(), "your_xray_example.vot"),
                Err(e) => {
                    let e = e.to_string();
                    assert!(want.refused, "{name}: refused: {e}");
                    assert!(e.contains(want.substring.as_deref().unwrap()), "{name}: {e}");
                    checked += 1;
                    continue;
                }
            }
        } else {
            (Model::published(), bytes, name)
        };
        let outcome = classify_upload(file, table.as_slice(), &model, &xclass_core::novelty::NoveltyReference::new(&model, &[model.fill.values]), None, |_, _| true).map(Option::unwrap);
        match (outcome, want.refused) {
            (Err(e), true) => {
                let e = e.to_string();
                assert!(!e.contains('\n'), "{name}: {e:?}");
                assert!(e.contains(want.substring.as_deref().unwrap()), "{name}: {e}");
            }
            (Ok(up), false) => {
                if let Some(rows) = want.rows {
                    assert_eq!(up.detections.len(), rows, "{name}");
                }
                match &want.substring {
                    Some(w) => assert!(up.warnings.iter().any(|x| x.contains(w.as_str())), "{name}: {:?}", up.warnings),
                    None => assert!(up.warnings.iter().all(|x| x.contains("no column for")), "{name}: {:?}", up.warnings),
                }
                assert!(up.detections.iter().all(|d| d.probs.iter().all(|p| p.is_finite())), "{name}");
            }
            (Err(e), false) => panic!("{name}: refused: {e}"),
            (Ok(_), true) => panic!("{name}: accepted"),
        }
        checked += 1;
    }
    assert!(checked >= 30, "{checked}");
}
