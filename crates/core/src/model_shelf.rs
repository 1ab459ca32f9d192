//! The models kept in the browser between visits (fitted or loaded ones; the published model
//! ships with the app): a small index (name, content hash, date, size), newest first, bounded
//! in count and total size; the oldest go first. Every stored model is read back exactly as an
//! uploaded file (`Model::from_json`'s checks) and must have the content hash it is filed
//! under; an entry that fails is dropped with a message. Storage itself is the app's business
//! (`localStorage`); this module is the pure part.

use crate::message::clean;
use crate::model::Model;
use serde::{Deserialize, Serialize};

/// At most this many models are kept.
pub const MAX_MODELS: usize = 8;
/// At most this many characters of model JSON in all (browsers allow about 5 million).
pub const MAX_CHARS: usize = 2_500_000;

/// One kept model.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct ShelfEntry {
    /// Content hash (what permalinks name the model by), and the storage key's suffix.
    pub hash: String,
    /// The model's short name (its description's first line).
    pub name: String,
    /// When it was kept (ISO 8601, UTC).
    pub saved: String,
    /// Length of its JSON text, characters.
    pub chars: usize,
}

/// The index of kept models, newest first.
#[derive(Clone, Debug, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct Shelf {
    pub entries: Vec<ShelfEntry>,
}

impl Shelf {
    /// Reads the index; a corrupt one gives an empty shelf and a message.
    pub fn parse(text: Option<&str>) -> (Shelf, Option<String>) {
        let Some(text) = text.filter(|t| !t.trim().is_empty()) else {
            return (Shelf::default(), None);
        };
        match serde_json::from_str::<Shelf>(text) {
            Ok(mut s) => {
                let before = s.entries.len();
                s.entries.retain(|e| is_hash(&e.hash));
                s.entries.dedup_by(|a, b| a.hash == b.hash);
                let dropped = before - s.entries.len();
                (
                    s,
                    (dropped > 0).then(|| {
                        format!(
                            "{dropped} unreadable entries of the saved-model list were dropped."
                        )
                    }),
                )
            }
            Err(e) => (
                Shelf::default(),
                Some(format!(
                    "The list of saved models could not be read ({}); it was cleared.",
                    clean(&e.to_string())
                )),
            ),
        }
    }

    pub fn to_json(&self) -> String {
        serde_json::to_string(self).unwrap_or_else(|_| "{\"entries\":[]}".into())
    }

    /// The entry of `hash`, if kept.
    pub fn find(&self, hash: &str) -> Option<&ShelfEntry> {
        self.entries.iter().find(|e| e.hash == hash)
    }

    /// Files `model` (its JSON is `chars` long) as the newest entry, replacing an older entry
    /// of the same hash; returns the hashes evicted to stay within [`MAX_MODELS`] and
    /// [`MAX_CHARS`]. A model larger than `MAX_CHARS` alone is not kept (`Err`).
    pub fn add(
        &mut self,
        model: &Model,
        hash: &str,
        chars: usize,
        saved: &str,
    ) -> Result<Vec<String>, String> {
        if chars > MAX_CHARS {
            return Err(format!("model {hash} is too large to keep in the browser ({chars} characters; at most {MAX_CHARS})"));
        }
        self.remove(hash);
        self.entries.insert(
            0,
            ShelfEntry {
                hash: hash.into(),
                name: model.short_name(60),
                saved: saved.into(),
                chars,
            },
        );
        let mut evicted = Vec::new();
        while self.entries.len() > MAX_MODELS
            || self.entries.iter().map(|e| e.chars).sum::<usize>() > MAX_CHARS
        {
            match self.entries.pop() {
                Some(e) => evicted.push(e.hash),
                None => break,
            }
        }
        Ok(evicted)
    }

    /// Forgets `hash`; whether it was there.
    pub fn remove(&mut self, hash: &str) -> bool {
        let before = self.entries.len();
        self.entries.retain(|e| e.hash != hash);
        self.entries.len() != before
    }
}

fn is_hash(h: &str) -> bool {
    !h.is_empty() && h.len() <= 64 && h.bytes().all(|b| b.is_ascii_hexdigit())
}

/// A kept model's stored text read back as an upload is: validated by `Model::from_json`, and
/// its content hash must be the one it was filed under. The error says why, for people.
pub fn read_kept(entry: &ShelfEntry, text: Option<&str>) -> Result<Model, String> {
    let what = format!(
        "The saved model {} ({}, saved {})",
        entry.hash,
        clean(&entry.name),
        entry.saved
    );
    let text = text.ok_or_else(|| {
        format!("{what} is missing from the browser's storage; it was dropped from the list.")
    })?;
    let model =
        Model::from_json(text).map_err(|e| format!("{what} is damaged ({e}); it was dropped."))?;
    let hash = model.content_hash();
    if hash != entry.hash {
        return Err(format!(
            "{what} does not match its hash (it reads as {hash}); it was dropped."
        ));
    }
    Ok(model)
}
