//! The compact binary catalog asset the app loads at start-up (postcard encoding).

use super::Catalog;
use serde::{Deserialize, Serialize};

/// Magic bytes at the start of the asset.
const MAGIC: &[u8; 8] = b"XCLASSv1";
/// Version of the asset layout; bump when [`Catalog`] changes shape.
pub const ASSET_FORMAT: u32 = 1;

#[derive(Serialize, Deserialize)]
struct Header {
    format: u32,
    credit: String,
}

/// Why bytes are not a catalog asset.
#[derive(Debug, thiserror::Error)]
pub enum AssetError {
    #[error("not an xclass catalog asset (wrong magic bytes)")]
    Magic,
    #[error("catalog asset format {0} is not the supported format {ASSET_FORMAT}; rebuild it with `xclass pack`")]
    Format(u32),
    #[error("catalog asset is corrupt: {0}")]
    Corrupt(String),
}

impl Catalog {
    /// Encodes the catalog as the binary asset.
    pub fn to_asset(&self, credit: &str) -> Vec<u8> {
        let mut out = MAGIC.to_vec();
        let header = Header { format: ASSET_FORMAT, credit: credit.to_string() };
        out.extend(postcard::to_allocvec(&(header, self)).expect("a catalog always encodes"));
        out
    }

    /// Decodes a binary asset; checks magic, format and the detection/source join.
    pub fn from_asset(bytes: &[u8]) -> Result<Catalog, AssetError> {
        let body = bytes.strip_prefix(MAGIC.as_slice()).ok_or(AssetError::Magic)?;
        let (header, rest): (Header, &[u8]) =
            postcard::take_from_bytes(body).map_err(|e| AssetError::Corrupt(e.to_string()))?;
        if header.format != ASSET_FORMAT {
            return Err(AssetError::Format(header.format));
        }
        let cat: Catalog = postcard::from_bytes(rest).map_err(|e| AssetError::Corrupt(e.to_string()))?;
        cat.check_join().map_err(AssetError::Corrupt)?;
        Ok(cat)
    }

    /// Every detection points at a source whose range contains it, and the ranges tile the table.
    pub fn check_join(&self) -> Result<(), String> {
        let mut next = 0u32;
        for (i, s) in self.sources.iter().enumerate() {
            if s.detections.start != next || s.detections.end <= s.detections.start {
                return Err(format!("source {} has detection rows {:?}, expected to start at {next}", s.name, s.detections));
            }
            if !s.detections.contains(&s.first) {
                return Err(format!("source {}: first detection outside its rows", s.name));
            }
            for d in s.detections.clone() {
                match self.detections.get(d as usize) {
                    Some(det) if det.source as usize == i => {}
                    _ => return Err(format!("detection row {d} does not belong to source {}", s.name)),
                }
            }
            next = s.detections.end;
        }
        if next as usize != self.detections.len() {
            return Err(format!("{} detections but sources cover {next}", self.detections.len()));
        }
        Ok(())
    }
}

/// The published mean±std have 3 decimals: stored as whole thousandths (exact round trip).
pub(super) mod milli {
    use crate::class::{ClassProbs, N_CLASSES};
    use serde::{Deserialize, Deserializer, Serialize, Serializer};

    pub fn serialize<S: Serializer>(v: &ClassProbs, s: S) -> Result<S::Ok, S::Error> {
        v.map(|x| (x * 1000.0).round() as u16).serialize(s)
    }

    pub fn deserialize<'de, D: Deserializer<'de>>(d: D) -> Result<ClassProbs, D::Error> {
        let v = <[u16; N_CLASSES]>::deserialize(d)?;
        Ok(v.map(|m| f64::from(m) / 1000.0))
    }
}
