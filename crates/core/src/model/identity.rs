//! A model's identity: a short content hash of its canonical JSON, named in permalinks.

use super::Model;
use sha2::{Digest, Sha256};

/// Hex digits of the SHA-256 kept in a model's short hash.
pub const HASH_LEN: usize = 10;

impl Model {
    /// The first [`HASH_LEN`] hex digits of the SHA-256 of [`Model::to_json`]: the same for
    /// every file that reads as this model (whitespace and key order do not matter), and what
    /// `sha256sum` prints for a file written by `Model::to_json`.
    pub fn content_hash(&self) -> String {
        let digest = Sha256::digest(self.to_json().as_bytes());
        digest
            .iter()
            .flat_map(|b| [b >> 4, b & 15])
            .take(HASH_LEN)
            .map(|n| char::from_digit(n as u32, 16).unwrap_or('0'))
            .collect()
    }

    /// The model's name for people: its description's first line (or "unnamed model"), at most
    /// `max` characters.
    pub fn short_name(&self, max: usize) -> String {
        let line = self.description.lines().next().unwrap_or("").trim();
        let line = if line.is_empty() {
            "unnamed model"
        } else {
            line
        };
        match line.char_indices().nth(max) {
            Some((i, _)) => format!("{}…", &line[..i]),
            None => line.to_string(),
        }
    }
}
