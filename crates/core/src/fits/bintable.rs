//! The columns of a FITS binary table (`TFORMn`, `TTYPEn`, `TNULLn`, `TSCALn`, `TZEROn`) and
//! the decoding of one cell from a row's big-endian bytes (FITS standard 4.0, section 7.3).

use super::card::Header;

/// A binary table column's data type (the letter of `TFORMn`).
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Code {
    Logical,
    Bit,
    UnsignedByte,
    Short,
    Int,
    Long,
    Char,
    Float,
    Double,
    ComplexFloat,
    ComplexDouble,
    /// Variable-length array descriptors (`P`, `Q`): not read.
    Descriptor32,
    Descriptor64,
}

impl Code {
    fn of(letter: char) -> Option<Code> {
        Some(match letter {
            'L' => Code::Logical,
            'X' => Code::Bit,
            'B' => Code::UnsignedByte,
            'I' => Code::Short,
            'J' => Code::Int,
            'K' => Code::Long,
            'A' => Code::Char,
            'E' => Code::Float,
            'D' => Code::Double,
            'C' => Code::ComplexFloat,
            'M' => Code::ComplexDouble,
            'P' => Code::Descriptor32,
            'Q' => Code::Descriptor64,
            _ => return None,
        })
    }

    /// Bytes of one element.
    fn size(self) -> usize {
        match self {
            Code::Logical | Code::UnsignedByte | Code::Char | Code::Bit => 1,
            Code::Short => 2,
            Code::Int | Code::Float => 4,
            Code::Long | Code::Double | Code::ComplexFloat | Code::Descriptor32 => 8,
            Code::ComplexDouble | Code::Descriptor64 => 16,
        }
    }

    fn integer(self) -> bool {
        matches!(self, Code::UnsignedByte | Code::Short | Code::Int | Code::Long)
    }
}

/// One column of a binary table.
#[derive(Clone, Debug, PartialEq)]
pub struct Column {
    /// `TTYPEn`, or `coln` when absent.
    pub name: String,
    pub code: Code,
    /// Elements per row (the `r` of `rTa`).
    pub repeat: usize,
    /// Bytes per row.
    pub width: usize,
    /// `TNULLn`: the integer meaning "no value".
    pub null: Option<i64>,
    /// `TSCALn` and `TZEROn`: value = zero + scale × stored.
    pub scale: f64,
    pub zero: f64,
}

/// A decoded cell.
#[derive(Clone, Debug, PartialEq)]
pub enum FitsValue {
    Null,
    Bool(bool),
    Int(i64),
    Real(f64),
    Text(String),
}

/// Columns per table at most (the standard's limit).
pub const MAX_FIELDS: i64 = 999;

/// Reads the columns declared by a BINTABLE header; `Err` names the keyword.
pub fn columns(header: &Header) -> Result<Vec<Column>, String> {
    let fields = header.int("TFIELDS").map_err(|v| format!("TFIELDS = {v} is not an integer"))?.ok_or("no TFIELDS keyword")?;
    if !(0..=MAX_FIELDS).contains(&fields) {
        return Err(format!("TFIELDS = {fields} is outside 0 to {MAX_FIELDS}"));
    }
    (1..=fields as usize).map(|n| column(header, n)).collect()
}

fn column(header: &Header, n: usize) -> Result<Column, String> {
    let key = |k: &str| format!("{k}{n}");
    let form = header.text(&key("TFORM")).ok_or_else(|| format!("no {} keyword", key("TFORM")))?;
    let bad = || format!("{} = '{form}' is not a binary table format", key("TFORM"));
    let digits = form.chars().take_while(char::is_ascii_digit).count();
    let repeat = if digits == 0 { 1 } else { form[..digits].parse::<usize>().map_err(|_| bad())? };
    let code = form[digits..].chars().next().and_then(Code::of).ok_or_else(bad)?;
    let width = match code {
        Code::Bit => repeat.div_ceil(8),
        Code::Descriptor32 | Code::Descriptor64 => repeat.min(1) * code.size(),
        _ => repeat.checked_mul(code.size()).ok_or_else(bad)?,
    };
    let name = header.text(&key("TTYPE")).map(str::trim).filter(|s| !s.is_empty()).map_or_else(|| key("col"), String::from);
    let real = |k: &str, default: f64| -> Result<f64, String> {
        Ok(header.real(&key(k)).map_err(|v| format!("{} = {v} is not a number", key(k)))?.unwrap_or(default))
    };
    let null = header.int(&key("TNULL")).map_err(|v| format!("{} = {v} is not an integer", key("TNULL")))?;
    Ok(Column { name, code, repeat, width, null: null.filter(|_| code.integer()), scale: real("TSCAL", 1.0)?, zero: real("TZERO", 0.0)? })
}

impl Column {
    /// Decodes this column's `width` bytes of a row. Integers equal to `TNULLn` are null;
    /// scaled values are reals, except integer offsets (unsigned integers) that fit an `i64`.
    /// Arrays come as text (elements separated by spaces); bits, complex numbers and
    /// variable-length arrays as null.
    pub fn decode(&self, bytes: &[u8]) -> FitsValue {
        match self.code {
            Code::Char => {
                let end = bytes.iter().position(|&b| b == 0).unwrap_or(bytes.len());
                FitsValue::Text(String::from_utf8_lossy(&bytes[..end]).trim_end().to_string())
            }
            Code::Logical if self.repeat == 1 => match bytes[0] {
                b'T' => FitsValue::Bool(true),
                b'F' => FitsValue::Bool(false),
                _ => FitsValue::Null,
            },
            _ if self.repeat == 1 => self.element(bytes),
            Code::Bit | Code::ComplexFloat | Code::ComplexDouble | Code::Descriptor32 | Code::Descriptor64 => FitsValue::Null,
            _ if self.repeat == 0 => FitsValue::Null,
            _ => {
                let size = self.code.size();
                let text: Vec<String> = bytes
                    .chunks_exact(size)
                    .map(|b| match self.element(b) {
                        FitsValue::Null => "nan".to_string(),
                        FitsValue::Bool(v) => v.to_string(),
                        FitsValue::Int(v) => v.to_string(),
                        FitsValue::Real(v) => v.to_string(),
                        FitsValue::Text(s) => s,
                    })
                    .collect();
                FitsValue::Text(text.join(" "))
            }
        }
    }

    fn element(&self, b: &[u8]) -> FitsValue {
        let int = |raw: i64| {
            if self.null == Some(raw) {
                FitsValue::Null
            } else if self.scale == 1.0 && self.zero.fract() == 0.0 && self.zero.abs() < 9.2e18 {
                (self.zero as i64).checked_add(raw).map_or(FitsValue::Real(self.zero + raw as f64), FitsValue::Int)
            } else {
                FitsValue::Real(self.zero + self.scale * raw as f64)
            }
        };
        let real = |v: f64| FitsValue::Real(if self.scale == 1.0 && self.zero == 0.0 { v } else { self.zero + self.scale * v });
        match self.code {
            Code::UnsignedByte => int(i64::from(b[0])),
            Code::Short => int(i64::from(i16::from_be_bytes([b[0], b[1]]))),
            Code::Int => int(i64::from(i32::from_be_bytes([b[0], b[1], b[2], b[3]]))),
            Code::Long => int(i64::from_be_bytes(b[..8].try_into().expect("8 bytes"))),
            Code::Float => real(f64::from(f32::from_be_bytes([b[0], b[1], b[2], b[3]]))),
            Code::Double => real(f64::from_be_bytes(b[..8].try_into().expect("8 bytes"))),
            Code::Logical => match b[0] {
                b'T' => FitsValue::Bool(true),
                b'F' => FitsValue::Bool(false),
                _ => FitsValue::Null,
            },
            _ => FitsValue::Null,
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::fits::card::card;

    fn header(cards: &[(&str, &str)]) -> Header {
        let mut h = Header::default();
        for (k, v) in cards {
            h.push_card(&card(k, v)).unwrap();
        }
        h
    }

    #[test]
    fn forms_widths_and_scaling() {
        let h = header(&[
            ("TFIELDS", "4"),
            ("TFORM1", "'1J'"),
            ("TTYPE1", "'obsid'"),
            ("TNULL1", "-1"),
            ("TFORM2", "'I'"),
            ("TZERO2", "32768"),
            ("TFORM3", "'3E'"),
            ("TFORM4", "'12X'"),
        ]);
        let c = columns(&h).unwrap();
        assert_eq!(c.iter().map(|c| c.width).collect::<Vec<_>>(), [4, 2, 12, 2]);
        assert_eq!(c[2].name, "col3");
        assert_eq!(c[0].decode(&(-1i32).to_be_bytes()), FitsValue::Null);
        assert_eq!(c[0].decode(&4884i32.to_be_bytes()), FitsValue::Int(4884));
        assert_eq!(c[1].decode(&(-32768i16).to_be_bytes()), FitsValue::Int(0));
        let three: Vec<u8> = [1.5f32, f32::NAN, -2.0].iter().flat_map(|v| v.to_be_bytes()).collect();
        assert_eq!(c[2].decode(&three), FitsValue::Text("1.5 NaN -2".into()));
        assert_eq!(c[3].decode(&[0xff, 0xf0]), FitsValue::Null);
    }

    #[test]
    fn bad_forms_name_the_keyword() {
        let e = columns(&header(&[("TFIELDS", "2"), ("TFORM1", "'E'")])).unwrap_err();
        assert_eq!(e, "no TFORM2 keyword");
        let e = columns(&header(&[("TFIELDS", "1"), ("TFORM1", "'2Z'")])).unwrap_err();
        assert_eq!(e, "TFORM1 = '2Z' is not a binary table format");
        assert_eq!(columns(&header(&[("TFIELDS", "5000")])).unwrap_err(), "TFIELDS = 5000 is outside 0 to 999");
    }
}
