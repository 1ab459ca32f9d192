//! An [`OutTable`] written as a FITS file: an empty primary HDU and one `BINTABLE`
//! (text as `A`, reals as `D` with NaN for null, integers as `K` with `TNULL`, booleans as `L`).

use super::card::{card, quoted, BLOCK, CARD};
use crate::export::{Kind, OutTable, Value};

/// The `TNULLn` of integer columns.
const INT_NULL: i64 = i64::MIN;

/// The bytes of a FITS file holding `table` as `EXTNAME = extname`, with `comment` lines
/// (e.g. the data credit) as `COMMENT` cards. Text outside printable ASCII becomes `?`.
pub fn write_bintable(table: &OutTable, extname: &str, comment: &str) -> Vec<u8> {
    let ascii = |s: &str| -> Vec<u8> { s.chars().map(|c| if (' '..='~').contains(&c) { c as u8 } else { b'?' }).collect() };
    let widths: Vec<usize> = table
        .columns
        .iter()
        .enumerate()
        .map(|(j, c)| match c.kind {
            Kind::Text => {
                table.rows.iter().map(|r| if let Some(Value::Text(s)) = r.get(j) { s.chars().count() } else { 0 }).max().unwrap_or(0).max(1)
            }
            Kind::Real | Kind::Integer => 8,
            Kind::Boolean => 1,
        })
        .collect();
    let mut out = Vec::new();
    let mut cards = vec![card("SIMPLE", "T"), card("BITPIX", "8"), card("NAXIS", "0"), card("EXTEND", "T")];
    end_header(&mut out, &mut cards);
    cards = vec![
        card("XTENSION", &quoted("BINTABLE")),
        card("BITPIX", "8"),
        card("NAXIS", "2"),
        card("NAXIS1", &widths.iter().sum::<usize>().to_string()),
        card("NAXIS2", &table.rows.len().to_string()),
        card("PCOUNT", "0"),
        card("GCOUNT", "1"),
        card("TFIELDS", &table.columns.len().to_string()),
    ];
    for (j, (c, w)) in table.columns.iter().zip(&widths).enumerate() {
        let n = j + 1;
        cards.push(card(&format!("TTYPE{n}"), &quoted(&c.name)));
        let form = match c.kind {
            Kind::Text => format!("{w}A"),
            Kind::Real => "D".into(),
            Kind::Integer => "K".into(),
            Kind::Boolean => "L".into(),
        };
        cards.push(card(&format!("TFORM{n}"), &quoted(&form)));
        if c.kind == Kind::Integer {
            cards.push(card(&format!("TNULL{n}"), &INT_NULL.to_string()));
        }
        if let Some(u) = c.unit {
            cards.push(card(&format!("TUNIT{n}"), &quoted(u)));
        }
    }
    cards.push(card("EXTNAME", &quoted(extname)));
    cards.push(card("ORIGIN", &quoted("xclass")));
    for line in ascii(comment).chunks(CARD - 10) {
        let mut c = [b' '; CARD];
        c[..7].copy_from_slice(b"COMMENT");
        c[10..10 + line.len()].copy_from_slice(line);
        cards.push(c);
    }
    end_header(&mut out, &mut cards);
    let start = out.len();
    for row in &table.rows {
        for (j, (c, w)) in table.columns.iter().zip(&widths).enumerate() {
            match (c.kind, row.get(j).unwrap_or(&Value::Null)) {
                (Kind::Text, Value::Text(s)) => {
                    let mut b = ascii(s);
                    b.resize(*w, b' ');
                    out.extend_from_slice(&b);
                }
                (Kind::Text, _) => out.extend(std::iter::repeat_n(b' ', *w)),
                (Kind::Real, Value::Real(x)) => out.extend_from_slice(&x.to_be_bytes()),
                (Kind::Real, Value::Integer(x)) => out.extend_from_slice(&(*x as f64).to_be_bytes()),
                (Kind::Real, _) => out.extend_from_slice(&f64::NAN.to_be_bytes()),
                (Kind::Integer, Value::Integer(x)) => out.extend_from_slice(&x.to_be_bytes()),
                (Kind::Integer, _) => out.extend_from_slice(&INT_NULL.to_be_bytes()),
                (Kind::Boolean, Value::Boolean(b)) => out.push(if *b { b'T' } else { b'F' }),
                (Kind::Boolean, _) => out.push(0),
            }
        }
    }
    let data = out.len() - start;
    out.resize(out.len() + (BLOCK - data % BLOCK) % BLOCK, 0);
    out
}

/// Appends the cards, `END` and blank padding to a whole block.
fn end_header(out: &mut Vec<u8>, cards: &mut Vec<[u8; CARD]>) {
    let mut end = [b' '; CARD];
    end[..3].copy_from_slice(b"END");
    cards.push(end);
    for c in cards.drain(..) {
        out.extend_from_slice(&c);
    }
    out.resize(out.len().div_ceil(BLOCK) * BLOCK, b' ');
}
