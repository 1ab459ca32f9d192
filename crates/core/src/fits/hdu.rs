//! Walking the header-data units of a FITS stream: each header read card by card (bounded),
//! each data unit's size computed with overflow checks, skipped HDUs read and dropped.

use super::card::{Header, BLOCK, CARD};
use std::io::{self, BufRead, Read};

/// Header blocks read at most before `END` (2.9 MB of cards).
const MAX_HEADER_BLOCKS: usize = 1000;

/// What an HDU holds.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum Kind {
    /// The primary HDU (an image, often empty).
    Primary,
    /// `XTENSION = 'BINTABLE'`.
    BinTable,
    /// A BINTABLE with `ZIMAGE = T`: a tile-compressed image.
    CompressedImage,
    /// Any other extension (`IMAGE`, `TABLE`, …), by its `XTENSION`.
    Other(String),
}

/// One HDU's header.
#[derive(Clone, Debug)]
pub struct Hdu {
    /// 0 for the primary HDU.
    pub index: usize,
    pub header: Header,
    pub kind: Kind,
}

impl Hdu {
    /// `HDU 1` or `HDU 1 (EVENTS)`, for messages.
    pub fn label(&self) -> String {
        match self.extname() {
            Some(n) => format!("HDU {} ({n})", self.index),
            None => format!("HDU {}", self.index),
        }
    }

    /// `EXTNAME`, when set.
    pub fn extname(&self) -> Option<&str> {
        self.header.text("EXTNAME").map(str::trim).filter(|s| !s.is_empty())
    }

    /// What it holds, for messages.
    pub fn describe(&self) -> String {
        match &self.kind {
            Kind::Primary => "the primary array".into(),
            Kind::BinTable => "a binary table".into(),
            Kind::CompressedImage => "a tile-compressed image (ZIMAGE = T)".into(),
            Kind::Other(x) if x == "TABLE" => "an ASCII table (XTENSION = 'TABLE')".into(),
            Kind::Other(x) => format!("an extension of type XTENSION = '{x}'"),
        }
    }

    /// An integer keyword that must be there.
    pub fn required(&self, keyword: &str) -> Result<i64, String> {
        match self.header.int(keyword) {
            Ok(Some(v)) => Ok(v),
            Ok(None) => Err(format!("{}: no {keyword} keyword", self.label())),
            Err(v) => Err(format!("{}: {keyword} = {v} is not an integer", self.label())),
        }
    }

    /// Bytes of the data unit (without padding): |BITPIX|/8 × GCOUNT × (PCOUNT + NAXIS1 × … × NAXISn).
    pub fn data_bytes(&self) -> Result<u64, String> {
        let bitpix = self.required("BITPIX")?;
        if ![8, 16, 32, 64, -32, -64].contains(&bitpix) {
            return Err(format!("{}: BITPIX = {bitpix} is not a FITS value", self.label()));
        }
        let naxis = self.required("NAXIS")?;
        if !(0..=999).contains(&naxis) {
            return Err(format!("{}: NAXIS = {naxis} is outside 0 to 999", self.label()));
        }
        if naxis == 0 {
            return Ok(0);
        }
        let absurd = |k: &str| format!("{}: the data size overflows (at {k})", self.label());
        let mut elements: u64 = 1;
        for n in 1..=naxis {
            let k = format!("NAXIS{n}");
            let v = self.required(&k)?;
            let v = u64::try_from(v).map_err(|_| format!("{}: {k} = {v} is negative", self.label()))?;
            elements = elements.checked_mul(v).ok_or_else(|| absurd(&k))?;
        }
        let (pcount, gcount) = match self.kind {
            Kind::Primary => (0, 1),
            _ => (self.header.int("PCOUNT").ok().flatten().unwrap_or(0), self.header.int("GCOUNT").ok().flatten().unwrap_or(1)),
        };
        let pcount = u64::try_from(pcount).map_err(|_| format!("{}: PCOUNT = {pcount} is negative", self.label()))?;
        let gcount = u64::try_from(gcount).map_err(|_| format!("{}: GCOUNT = {gcount} is negative", self.label()))?;
        elements
            .checked_add(pcount)
            .and_then(|e| e.checked_mul(gcount))
            .and_then(|e| e.checked_mul(bitpix.unsigned_abs() / 8))
            .ok_or_else(|| absurd("PCOUNT"))
    }
}

/// Bytes to the next multiple of the block size.
pub fn padding(bytes: u64) -> u64 {
    (BLOCK as u64 - bytes % BLOCK as u64) % BLOCK as u64
}

/// Reads up to `buf.len()` bytes; fewer only at the end of the input.
pub fn read_full(input: &mut impl Read, buf: &mut [u8]) -> io::Result<usize> {
    let mut n = 0;
    while n < buf.len() {
        match input.read(&mut buf[n..]) {
            Ok(0) => break,
            Ok(k) => n += k,
            Err(e) if e.kind() == io::ErrorKind::Interrupted => {}
            Err(e) => return Err(e),
        }
    }
    Ok(n)
}

/// Reads and drops `n` bytes; the count actually there.
pub fn skip(input: &mut impl BufRead, n: u64) -> io::Result<u64> {
    io::copy(&mut input.take(n), &mut io::sink())
}

/// Reads the header of HDU `index`: `Ok(None)` at the end of the input (no more HDUs).
pub fn read_header(input: &mut impl BufRead, index: usize) -> Result<Option<Hdu>, String> {
    let label = format!("HDU {index}");
    let io_err = |e: io::Error| format!("{label}: {e}");
    let mut header = Header::default();
    let mut block = vec![0u8; BLOCK];
    for b in 0..MAX_HEADER_BLOCKS {
        let n = read_full(input, &mut block).map_err(io_err)?;
        if n == 0 && b == 0 {
            return Ok(None);
        }
        if n < BLOCK {
            return Err(format!("{label}: the header ends without an END card (truncated file?)"));
        }
        for (c, card) in block.chunks_exact(CARD).enumerate() {
            let end = header.push_card(card).map_err(|_| {
                let at = b * BLOCK + c * CARD;
                format!("{label}: no END card before the non-text bytes at byte {at} of the header")
            })?;
            if end {
                return hdu(index, header).map(Some);
            }
        }
    }
    Err(format!("{label}: no END card in the first {MAX_HEADER_BLOCKS} header blocks"))
}

fn hdu(index: usize, header: Header) -> Result<Hdu, String> {
    let label = format!("HDU {index}");
    let first = header.first_keyword().unwrap_or("");
    let kind = match (index, first) {
        (0, "SIMPLE") => Kind::Primary,
        (0, _) => return Err(format!("{label}: the first keyword is {first}, not SIMPLE (not a FITS file?)")),
        (_, "XTENSION") => match header.text("XTENSION").map(str::trim).unwrap_or("") {
            "BINTABLE" if header.logical("ZIMAGE") == Some(true) => Kind::CompressedImage,
            "BINTABLE" => Kind::BinTable,
            x => Kind::Other(x.to_string()),
        },
        _ => return Err(format!("{label}: the header starts with {first}, not XTENSION (is NAXIS2 of the HDU before it wrong?)")),
    };
    Ok(Hdu { index, header, kind })
}
