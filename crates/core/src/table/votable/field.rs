//! A VOTable FIELD as far as xclass needs it (name, datatype, arraysize, null value), and
//! the decoding of one binary cell (BINARY, BINARY2, base64 TD) into a [`Value`].

use std::fmt::Write;

/// One cell as read from a VOTable.
#[derive(Clone, Debug, PartialEq)]
pub enum Value {
    /// A null: BINARY2 flag, `<VALUES null>` match, NaN, a `?` boolean.
    Null,
    /// A floating-point scalar, exactly as stored (f32 widened).
    Number(f64),
    /// Anything else as text: integers in decimal, strings, arrays space-separated.
    Text(String),
}

/// The primitive types of VOTable 1.5 (§2.1), and the ones xclass cannot size.
#[derive(Clone, Debug, PartialEq, Eq)]
pub(super) enum Datatype {
    Boolean,
    Bit,
    UnsignedByte,
    Short,
    Int,
    Long,
    Char,
    UnicodeChar,
    Float,
    Double,
    FloatComplex,
    DoubleComplex,
    /// Not a VOTable datatype: TABLEDATA text is kept as is; binary data cannot be sized.
    Unknown(String),
}

impl Datatype {
    /// Parses a `datatype` attribute (astropy's old aliases `string`, `unicodeString` too).
    pub fn parse(s: &str) -> Datatype {
        match s.trim() {
            "boolean" => Datatype::Boolean,
            "bit" => Datatype::Bit,
            "unsignedByte" => Datatype::UnsignedByte,
            "short" => Datatype::Short,
            "int" => Datatype::Int,
            "long" => Datatype::Long,
            "char" | "string" => Datatype::Char,
            "unicodeChar" | "unicodeString" => Datatype::UnicodeChar,
            "float" => Datatype::Float,
            "double" => Datatype::Double,
            "floatComplex" => Datatype::FloatComplex,
            "doubleComplex" => Datatype::DoubleComplex,
            other => Datatype::Unknown(other.to_string()),
        }
    }

    /// Bytes of one element in a binary stream (bits are packed: see [`Field::decode`]).
    fn size(&self) -> Option<usize> {
        Some(match self {
            Datatype::Boolean | Datatype::Bit | Datatype::UnsignedByte | Datatype::Char => 1,
            Datatype::Short | Datatype::UnicodeChar => 2,
            Datatype::Int | Datatype::Float => 4,
            Datatype::Long | Datatype::Double | Datatype::FloatComplex => 8,
            Datatype::DoubleComplex => 16,
            Datatype::Unknown(_) => return None,
        })
    }
}

/// A FIELD's `arraysize`: the product of its fixed dimensions and whether the last one is
/// variable (`*`, `10*`: the data then starts with a 4-byte count of last-dimension items).
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub(super) struct Shape {
    /// Elements per unit of the last dimension when variable, per cell otherwise.
    pub fixed: usize,
    /// Whether the last dimension is variable.
    pub variable: bool,
    /// Whether `arraysize` was given (a scalar otherwise).
    pub array: bool,
    /// The most elements a cell may hold (`None` for `*`).
    pub limit: Option<usize>,
}

/// Largest number of elements one cell may declare (a hostile count must not allocate).
pub(super) const MAX_CELL_ELEMENTS: usize = 1 << 24;

impl Shape {
    /// A scalar (no `arraysize`).
    pub const SCALAR: Shape = Shape { fixed: 1, variable: false, array: false, limit: Some(1) };

    /// Parses `arraysize` (`10`, `*`, `8*`, `2x3x*`); `None` if it is not one.
    pub fn parse(s: &str) -> Option<Shape> {
        let dims: Vec<&str> = s.trim().split('x').collect();
        let (last, fixed_dims) = dims.split_last()?;
        let mut fixed: usize = 1;
        for d in fixed_dims {
            fixed = fixed.checked_mul(d.trim().parse::<usize>().ok()?)?;
        }
        let last = last.trim();
        let variable = last.ends_with('*');
        let limit = if !variable {
            fixed = fixed.checked_mul(last.parse::<usize>().ok()?)?;
            Some(fixed)
        } else if last.len() > 1 {
            Some(fixed.checked_mul(last[..last.len() - 1].parse::<usize>().ok()?)?)
        } else {
            None
        };
        (fixed <= MAX_CELL_ELEMENTS).then_some(Shape { fixed, variable, array: true, limit })
    }
}

/// What a FIELD says about its cells.
#[derive(Clone, Debug, PartialEq)]
pub(super) struct Field {
    pub name: String,
    pub datatype: Datatype,
    pub shape: Shape,
    /// `<VALUES null="…">`: the text (TABLEDATA) or integer (binary) that means null.
    pub null: Option<String>,
}

/// A source of the bytes of binary cells.
pub(super) trait Take {
    /// The next `n` bytes; `Ok(None)` if the data ends first.
    fn take(&mut self, n: usize) -> Result<Option<&[u8]>, String>;
}

/// Why a binary cell could not be decoded.
#[derive(Debug, PartialEq)]
pub(super) enum DecodeError {
    /// The data ended inside the cell.
    Truncated,
    /// Anything else, for a human.
    Invalid(String),
}

impl From<String> for DecodeError {
    fn from(s: String) -> DecodeError {
        DecodeError::Invalid(s)
    }
}

fn be<const N: usize>(b: &[u8]) -> [u8; N] {
    b.try_into().expect("slices of the element size")
}

impl Field {
    /// A FIELD from its attributes (`datatype`, `arraysize`; absent ones as the standard says).
    pub fn new(name: String, datatype: Option<&str>, arraysize: Option<&str>) -> Result<Field, String> {
        let datatype = Datatype::parse(datatype.unwrap_or(""));
        let shape = match arraysize {
            None => Shape::SCALAR,
            Some(a) => Shape::parse(a).ok_or_else(|| format!("FIELD {name:?} has arraysize {a:?}, which is not one"))?,
        };
        Ok(Field { name, datatype, shape, null: None })
    }

    /// A TABLEDATA cell's text as astropy reads it: strings cut to their size (`10`, `10*`),
    /// the null value as empty, and so a lone `-` in a numeric column (IRSA's null) and a `?`
    /// boolean.
    pub fn text(&self, mut text: String) -> String {
        let t = text.trim();
        let null = self.null.as_deref().is_some_and(|n| n == t)
            || (self.numeric() && t == "-")
            || (self.datatype == Datatype::Boolean && t == "?");
        if null {
            text.clear();
        } else if let Some(v) = self.hex(t) {
            text = v.to_string();
        } else if let (Datatype::Char | Datatype::UnicodeChar, Some(limit)) = (&self.datatype, self.shape.limit) {
            if let Some((cut, _)) = text.char_indices().nth(limit) {
                text.truncate(cut);
            }
        }
        text
    }

    /// Decodes one cell from `src` (big-endian, VOTable §5.4).
    pub fn decode(&self, src: &mut impl Take) -> Result<Value, DecodeError> {
        let size = self.datatype.size().ok_or_else(|| {
            format!("column {} has datatype {:?}, which binary data cannot be read with", self.name, self.datatype_name())
        })?;
        let mut count = self.shape.fixed;
        if self.shape.variable {
            let n = u32::from_be_bytes(be(src.take(4)?.ok_or(DecodeError::Truncated)?)) as usize;
            count = count.checked_mul(n).filter(|&c| c <= MAX_CELL_ELEMENTS).ok_or_else(|| {
                format!("column {} declares an array of {n} × {} elements, more than xclass reads", self.name, self.shape.fixed)
            })?;
        }
        let bytes = if self.datatype == Datatype::Bit { count.div_ceil(8) } else { count * size };
        let b = src.take(bytes)?.ok_or(DecodeError::Truncated)?;
        Ok(self.value(b, count, size))
    }

    /// An integer cell written in hexadecimal (`0x1F`, VOTable §2.1), as its value.
    fn hex(&self, t: &str) -> Option<i128> {
        use Datatype::*;
        let digits = t.strip_prefix("0x").or_else(|| t.strip_prefix("0X"))?;
        let integer = matches!(self.datatype, UnsignedByte | Short | Int | Long);
        integer.then(|| i128::from_str_radix(digits, 16).ok()).flatten()
    }

    fn numeric(&self) -> bool {
        use Datatype::*;
        matches!(self.datatype, UnsignedByte | Short | Int | Long | Float | Double)
    }

    fn datatype_name(&self) -> &str {
        match &self.datatype {
            Datatype::Unknown(s) => s,
            _ => "?",
        }
    }

    /// The value of `count` elements of `size` bytes in `b`.
    fn value(&self, b: &[u8], count: usize, size: usize) -> Value {
        match self.datatype {
            Datatype::Char => return text_value(b.iter().map(|&c| char::from(c))),
            Datatype::UnicodeChar => {
                let units = b.chunks_exact(2).map(|u| u16::from_be_bytes(be(u)));
                return text_value(char::decode_utf16(units).map(|c| c.unwrap_or(char::REPLACEMENT_CHARACTER)));
            }
            Datatype::Bit => {
                let bits = (0..count).map(|i| if b[i / 8] & (0x80 >> (i % 8)) != 0 { "1" } else { "0" });
                return Value::Text(bits.collect::<Vec<_>>().join(" "));
            }
            _ => {}
        }
        let mut elements = b.chunks_exact(size).map(|e| self.element(e));
        if !self.shape.array {
            return elements.next().unwrap_or(Value::Null);
        }
        let mut out = String::new();
        for (i, v) in elements.enumerate() {
            let sep = if i == 0 { "" } else { " " };
            let _ = match v {
                Value::Null => write!(out, "{sep}NaN"),
                Value::Number(x) => write!(out, "{sep}{x}"),
                Value::Text(t) => write!(out, "{sep}{t}"),
            };
        }
        Value::Text(out)
    }

    /// One element of a numeric or boolean type.
    fn element(&self, e: &[u8]) -> Value {
        let int = |v: i64| match &self.null {
            Some(n) if n.trim().parse::<i64>() == Ok(v) => Value::Null,
            _ => Value::Text(v.to_string()),
        };
        let real = |x: f64| {
            if x.is_nan() {
                Value::Null
            } else {
                Value::Number(x)
            }
        };
        match self.datatype {
            Datatype::Boolean => match e[0] {
                b'T' | b't' | b'1' => Value::Text("true".into()),
                b'F' | b'f' | b'0' => Value::Text("false".into()),
                _ => Value::Null,
            },
            Datatype::UnsignedByte => int(i64::from(e[0])),
            Datatype::Short => int(i64::from(i16::from_be_bytes(be(e)))),
            Datatype::Int => int(i64::from(i32::from_be_bytes(be(e)))),
            Datatype::Long => int(i64::from_be_bytes(be(e))),
            Datatype::Float => real(f64::from(f32::from_be_bytes(be(e)))),
            Datatype::Double => real(f64::from_be_bytes(be(e))),
            Datatype::FloatComplex => {
                let (re, im) = (f32::from_be_bytes(be(&e[..4])), f32::from_be_bytes(be(&e[4..])));
                Value::Text(format!("{re} {im}"))
            }
            Datatype::DoubleComplex => {
                let (re, im) = (f64::from_be_bytes(be(&e[..8])), f64::from_be_bytes(be(&e[8..])));
                Value::Text(format!("{re} {im}"))
            }
            Datatype::Bit | Datatype::Char | Datatype::UnicodeChar | Datatype::Unknown(_) => Value::Null,
        }
    }
}

/// A string cell: up to its first NUL (the padding of fixed-size strings).
fn text_value(chars: impl Iterator<Item = char>) -> Value {
    Value::Text(chars.take_while(|&c| c != '\0').collect())
}

/// The bytes of one cell held in memory (a base64 TD).
pub(super) struct Slice<'a>(pub &'a [u8]);

impl Take for Slice<'_> {
    fn take(&mut self, n: usize) -> Result<Option<&[u8]>, String> {
        if n > self.0.len() {
            return Ok(None);
        }
        let (head, rest) = self.0.split_at(n);
        self.0 = rest;
        Ok(Some(head))
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn field(datatype: &str, arraysize: Option<&str>) -> Field {
        Field::new("c".into(), Some(datatype), arraysize).unwrap()
    }

    #[test]
    fn arraysizes() {
        assert_eq!(Shape::parse("10"), Some(Shape { fixed: 10, variable: false, array: true, limit: Some(10) }));
        assert_eq!(Shape::parse("*"), Some(Shape { fixed: 1, variable: true, array: true, limit: None }));
        assert_eq!(Shape::parse("128*"), Some(Shape { fixed: 1, variable: true, array: true, limit: Some(128) }));
        assert_eq!(Shape::parse("2x3x*"), Some(Shape { fixed: 6, variable: true, array: true, limit: None }));
        for bad in ["", "x", "a", "*x2", "2x", "99999999999x99999999999", "-1"] {
            assert_eq!(Shape::parse(bad), None, "{bad:?}");
        }
    }

    #[test]
    fn binary_cells() {
        let d = |f: &Field, b: &[u8]| f.decode(&mut Slice(b));
        assert_eq!(d(&field("double", None), &1.5f64.to_be_bytes()), Ok(Value::Number(1.5)));
        assert_eq!(d(&field("float", None), &f32::NAN.to_be_bytes()), Ok(Value::Null));
        assert_eq!(d(&field("short", None), &[0xff, 0xfe]), Ok(Value::Text("-2".into())));
        let mut nulled = field("int", None);
        nulled.null = Some("-1".into());
        assert_eq!(d(&nulled, &[0xff; 4]), Ok(Value::Null));
        assert_eq!(d(&field("char", Some("*")), b"\0\0\0\x02ab"), Ok(Value::Text("ab".into())));
        assert_eq!(d(&field("char", Some("4")), b"ab\0\0"), Ok(Value::Text("ab".into())));
        assert_eq!(d(&field("unicodeChar", Some("2")), &[0, 0xe9, 0x20, 0xac]), Ok(Value::Text("é€".into())));
        assert_eq!(d(&field("boolean", None), b"?"), Ok(Value::Null));
        assert_eq!(d(&field("bit", Some("3")), &[0b1010_0000]), Ok(Value::Text("1 0 1".into())));
        assert_eq!(d(&field("long", Some("2")), &[0, 0, 0, 0, 0, 0, 0, 1, 0, 0, 0, 0, 0, 0, 0, 2]), Ok(Value::Text("1 2".into())));
        assert_eq!(d(&field("double", None), &[0; 7]), Err(DecodeError::Truncated));
        assert_eq!(d(&field("char", Some("*")), b"\0\0\0\x05ab"), Err(DecodeError::Truncated));
        assert!(matches!(d(&field("char", Some("*")), b"\xff\xff\xff\xff"), Err(DecodeError::Invalid(m)) if m.contains("more than")));
        assert!(matches!(d(&field("bar", None), b"x"), Err(DecodeError::Invalid(m)) if m.contains("\"bar\"")));
    }

    #[test]
    fn tabledata_text_is_cut_to_fixed_sizes() {
        assert_eq!(field("char", Some("10")).text("Fixed string long test".into()), "Fixed stri");
        assert_eq!(field("char", Some("4*")).text("ab cd".into()), "ab c");
        assert_eq!(field("char", Some("*")).text("Fixed string long test".into()), "Fixed string long test");
        let mut f = field("int", None);
        f.null = Some("-99".into());
        assert_eq!(f.text(" -99 ".into()), "");
        assert_eq!(f.text("-".into()), "");
        assert_eq!(f.text("0x1F".into()), "31");
        assert_eq!(field("char", Some("*")).text("0x1F".into()), "0x1F");
        assert_eq!(field("char", Some("*")).text("-".into()), "-");
    }
}
