//! The XML-RPC wire format of SAMP's Web Profile: `methodCall` written and read,
//! `methodResponse` (a value or a fault) written and read.
//!
//! Written by hand over `quick-xml` (already the VOTable reader's parser): the XML-RPC crates
//! on crates.io pull a second, older `quick-xml` or `xml-rs` plus HTTP clients, and decode
//! recursively with no bound, so a hostile hub could overflow the stack. Here the document is
//! read iteratively into a small tree of at most [`MAX_DEPTH`] levels and [`MAX_NODES`]
//! elements, then turned into [`Value`]s; anything malformed is a [`WireError`], never a panic.

use super::value::Value;
use crate::message::clean;
use quick_xml::events::Event;
use quick_xml::Reader;

/// Largest document read (SAMP messages carry URLs, not data).
pub const MAX_BYTES: usize = 8 << 20;
/// Deepest element nesting read (a value nested 40 structs deep is 120 elements).
pub const MAX_DEPTH: usize = 128;
/// Most elements read in one document.
pub const MAX_NODES: usize = 1 << 20;

/// A document that is not the XML-RPC expected, in words.
#[derive(Clone, Debug, PartialEq, Eq, thiserror::Error)]
#[error("{0}")]
pub struct WireError(pub String);

fn fail<T>(what: impl Into<String>) -> Result<T, WireError> {
    Err(WireError(what.into()))
}

/// An XML-RPC fault: the hub refused the call.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Fault {
    pub code: i64,
    pub message: String,
}

/// A `methodCall`: the method's name and its parameters.
#[derive(Clone, Debug, PartialEq)]
pub struct Call {
    pub method: String,
    pub params: Vec<Value>,
}

struct Node {
    name: String,
    text: String,
    children: Vec<Node>,
}

/// Reads `xml` into a tree, iteratively and within the limits.
fn tree(xml: &[u8]) -> Result<Node, WireError> {
    if xml.len() > MAX_BYTES {
        return fail(format!("the document is {} bytes, more than the {MAX_BYTES} read", xml.len()));
    }
    let text = std::str::from_utf8(xml).map_err(|e| WireError(format!("the document is not UTF-8 ({e})")))?;
    let mut reader = Reader::from_str(text);
    reader.config_mut().check_end_names = true;
    let mut stack: Vec<Node> = Vec::new();
    let mut root: Option<Node> = None;
    let mut nodes = 0usize;
    let open = |stack: &mut Vec<Node>, name: &str, nodes: &mut usize| -> Result<Node, WireError> {
        *nodes += 1;
        if stack.len() >= MAX_DEPTH || *nodes > MAX_NODES {
            return fail(format!("elements nested deeper than {MAX_DEPTH} or more than {MAX_NODES} of them"));
        }
        let local = name.rsplit_once(':').map_or(name, |(_, l)| l);
        Ok(Node { name: local.to_string(), text: String::new(), children: Vec::new() })
    };
    loop {
        let at = reader.buffer_position();
        let event = reader.read_event().map_err(|e| WireError(format!("not well-formed XML at byte {at}: {e}")))?;
        let done = match event {
            Event::Start(e) => {
                let node = open(&mut stack, e.name().0, &mut nodes)?;
                stack.push(node);
                None
            }
            Event::Empty(e) => Some(open(&mut stack, e.name().0, &mut nodes)?),
            Event::End(_) => stack.pop(),
            Event::Text(t) => {
                let t = t.xml10_content();
                match stack.last_mut() {
                    Some(top) => top.text.push_str(&t),
                    None if t.trim().is_empty() => {}
                    None => return fail("text outside the document's element"),
                }
                None
            }
            Event::CData(c) => {
                let c = c.xml10_content();
                stack.last_mut().ok_or_else(|| WireError("CDATA outside the document's element".into()))?.text.push_str(&c);
                None
            }
            Event::GeneralRef(r) => {
                let top = stack.last_mut().ok_or_else(|| WireError("a reference outside the document's element".into()))?;
                let name = r.xml10_content();
                match r.resolve_char_ref() {
                    Ok(Some(c)) => top.text.push(c),
                    Ok(None) => match quick_xml::escape::resolve_predefined_entity(&name) {
                        Some(s) => top.text.push_str(s),
                        None => return fail(format!("unknown entity &{};", clean(&name))),
                    },
                    Err(e) => return fail(format!("a bad character reference &{};: {e}", clean(&name))),
                }
                None
            }
            Event::DocType(_) => return fail("a DOCTYPE is not allowed in XML-RPC"),
            Event::Decl(_) | Event::Comment(_) | Event::PI(_) => None,
            Event::Eof => break,
        };
        if let Some(node) = done {
            match stack.last_mut() {
                Some(parent) => parent.children.push(node),
                None if root.is_none() => root = Some(node),
                None => return fail("more than one document element"),
            }
        }
    }
    if !stack.is_empty() {
        return fail(format!("the document ends inside <{}>", stack.last().map_or("", |n| n.name.as_str())));
    }
    root.ok_or_else(|| WireError("the document is empty".into()))
}

impl Node {
    fn blank(&self) -> bool {
        self.text.trim().is_empty()
    }

    /// The only child, which must be called `name`, with no text beside it.
    fn only(&self, name: &str) -> Result<&Node, WireError> {
        match self.children.as_slice() {
            [c] if c.name == name && self.blank() => Ok(c),
            _ => fail(format!("<{}> must hold exactly one <{name}>", self.name)),
        }
    }

    /// The text of an element that must have no children.
    fn leaf(&self) -> Result<&str, WireError> {
        if self.children.is_empty() {
            Ok(&self.text)
        } else {
            fail(format!("<{}> cannot hold elements", self.name))
        }
    }

    /// Children that must all be called `name`, with only blanks between them.
    fn all(&self, name: &str) -> Result<&[Node], WireError> {
        if self.blank() && self.children.iter().all(|c| c.name == name) {
            Ok(&self.children)
        } else {
            fail(format!("<{}> may hold only <{name}> elements", self.name))
        }
    }
}

/// The value a `<value>` element holds. Recursion is bounded by [`MAX_DEPTH`].
fn value(node: &Node) -> Result<Value, WireError> {
    if node.name != "value" {
        return fail(format!("expected <value>, found <{}>", node.name));
    }
    if node.children.is_empty() {
        return Ok(Value::String(node.text.clone()));
    }
    let [typed] = node.children.as_slice() else { return fail("<value> must hold one typed element") };
    if !node.blank() {
        return fail("<value> holds text beside a typed element");
    }
    let number = |t: &str| t.trim().to_string();
    Ok(match typed.name.as_str() {
        "string" => Value::String(typed.leaf()?.to_string()),
        "int" | "i4" | "i8" => {
            let t = number(typed.leaf()?);
            let v: i64 = t.parse().map_err(|_| WireError(format!("<{}> holds \"{}\", not an integer", typed.name, clean(&t))))?;
            if typed.name != "i8" && i32::try_from(v).is_err() {
                return fail(format!("<{}> holds {v}, outside 32 bits", typed.name));
            }
            Value::Int(v)
        }
        "boolean" => match number(typed.leaf()?).as_str() {
            "0" => Value::Bool(false),
            "1" => Value::Bool(true),
            t => return fail(format!("<boolean> holds \"{}\", not 0 or 1", clean(t))),
        },
        "double" => {
            let t = number(typed.leaf()?);
            match t.parse::<f64>() {
                Ok(v) if v.is_finite() && t.bytes().all(|b| b.is_ascii_digit() || b"+-.eE".contains(&b)) => Value::Double(v),
                _ => return fail(format!("<double> holds \"{}\", not a finite number", clean(&t))),
            }
        }
        "nil" => {
            typed.leaf()?;
            Value::Nil
        }
        "array" => {
            let data = typed.only("data")?;
            Value::Array(data.all("value")?.iter().map(value).collect::<Result<_, _>>()?)
        }
        "struct" => {
            let mut members = Vec::new();
            for m in typed.all("member")? {
                let (Some(name), Some(v), 2) =
                    (m.children.iter().find(|c| c.name == "name"), m.children.iter().find(|c| c.name == "value"), m.children.len())
                else {
                    return fail("<member> must hold one <name> and one <value>");
                };
                if !m.blank() {
                    return fail("<member> holds text beside its <name> and <value>");
                }
                members.push((name.leaf()?.to_string(), value(v)?));
            }
            Value::Struct(members)
        }
        other => return fail(format!("unsupported XML-RPC type <{}>", clean(other))),
    })
}

/// Reads a `methodResponse`: `Ok(Ok(value))`, `Ok(Err(fault))`, or an error if it is not one.
pub fn decode_response(xml: &[u8]) -> Result<Result<Value, Fault>, WireError> {
    let root = tree(xml)?;
    if root.name != "methodResponse" {
        return fail(format!("expected <methodResponse>, found <{}>", clean(&root.name)));
    }
    let [body] = root.children.as_slice() else { return fail("<methodResponse> must hold <params> or <fault>") };
    match body.name.as_str() {
        "params" => Ok(Ok(value(body.only("param")?.only("value")?)?)),
        "fault" => {
            let v = value(body.only("value")?)?;
            let code = match v.get("faultCode") {
                Some(Value::Int(c)) => *c,
                Some(Value::String(s)) => s.trim().parse().map_err(|_| WireError("the fault's faultCode is not an integer".into()))?,
                _ => return fail("the fault has no integer faultCode"),
            };
            let message = v.get_str("faultString").ok_or_else(|| WireError("the fault has no faultString".into()))?.to_string();
            Ok(Err(Fault { code, message }))
        }
        other => fail(format!("<methodResponse> holds <{}>, not <params> or <fault>", clean(other))),
    }
}

/// Reads a `methodCall`.
pub fn decode_call(xml: &[u8]) -> Result<Call, WireError> {
    let root = tree(xml)?;
    if root.name != "methodCall" || !root.blank() {
        return fail(format!("expected <methodCall>, found <{}>", clean(&root.name)));
    }
    let method = match root.children.iter().find(|c| c.name == "methodName") {
        Some(m) => m.leaf()?.trim().to_string(),
        None => return fail("<methodCall> has no <methodName>"),
    };
    let params = match root.children.iter().find(|c| c.name == "params") {
        Some(p) => p.all("param")?.iter().map(|p| p.only("value").and_then(value)).collect::<Result<_, _>>()?,
        None => Vec::new(),
    };
    if root.children.len() > 1 + usize::from(root.children.iter().any(|c| c.name == "params")) {
        return fail("<methodCall> holds elements other than <methodName> and <params>");
    }
    Ok(Call { method, params })
}

/// Appends `s` escaped for XML text; refuses characters XML 1.0 cannot carry.
fn escape(out: &mut String, s: &str) -> Result<(), WireError> {
    for c in s.chars() {
        match c {
            '&' => out.push_str("&amp;"),
            '<' => out.push_str("&lt;"),
            '>' => out.push_str("&gt;"),
            '\r' => out.push_str("&#13;"),
            '\t' | '\n' => out.push(c),
            c if (c as u32) < 0x20 || c == '\u{FFFE}' || c == '\u{FFFF}' => {
                return fail(format!("the character U+{:04X} cannot be sent in XML", c as u32));
            }
            c => out.push(c),
        }
    }
    Ok(())
}

/// Deepest value nesting written (ours are a few levels).
const MAX_WRITE_DEPTH: usize = 40;

fn write_value(out: &mut String, v: &Value, depth: usize) -> Result<(), WireError> {
    if depth > MAX_WRITE_DEPTH {
        return fail(format!("a value nested deeper than {MAX_WRITE_DEPTH}"));
    }
    out.push_str("<value>");
    match v {
        Value::String(s) => {
            out.push_str("<string>");
            escape(out, s)?;
            out.push_str("</string>");
        }
        Value::Int(i) if i32::try_from(*i).is_ok() => out.push_str(&format!("<int>{i}</int>")),
        Value::Int(i) => out.push_str(&format!("<i8>{i}</i8>")),
        Value::Bool(b) => out.push_str(if *b { "<boolean>1</boolean>" } else { "<boolean>0</boolean>" }),
        Value::Double(d) if d.is_finite() => out.push_str(&format!("<double>{d}</double>")),
        Value::Double(d) => return fail(format!("the double {d} cannot be sent")),
        Value::Nil => out.push_str("<nil/>"),
        Value::Array(items) => {
            out.push_str("<array><data>");
            for i in items {
                write_value(out, i, depth + 1)?;
            }
            out.push_str("</data></array>");
        }
        Value::Struct(members) => {
            out.push_str("<struct>");
            for (k, m) in members {
                out.push_str("<member><name>");
                escape(out, k)?;
                out.push_str("</name>");
                write_value(out, m, depth + 1)?;
                out.push_str("</member>");
            }
            out.push_str("</struct>");
        }
    }
    out.push_str("</value>");
    Ok(())
}

const DECL: &str = "<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n";

/// Writes a `methodCall` of `method` with `params`.
pub fn encode_call(method: &str, params: &[Value]) -> Result<String, WireError> {
    let mut out = String::from(DECL);
    out.push_str("<methodCall><methodName>");
    escape(&mut out, method)?;
    out.push_str("</methodName><params>");
    for p in params {
        out.push_str("<param>");
        write_value(&mut out, p, 0)?;
        out.push_str("</param>");
    }
    out.push_str("</params></methodCall>\n");
    Ok(out)
}

/// Writes a `methodResponse` holding `result` (a value or a fault).
pub fn encode_response(result: &Result<Value, Fault>) -> Result<String, WireError> {
    let mut out = String::from(DECL);
    out.push_str("<methodResponse>");
    match result {
        Ok(v) => {
            out.push_str("<params><param>");
            write_value(&mut out, v, 0)?;
            out.push_str("</param></params>");
        }
        Err(f) => {
            out.push_str("<fault>");
            let v = Value::map([("faultCode", Value::Int(f.code)), ("faultString", Value::str(f.message.clone()))]);
            write_value(&mut out, &v, 0)?;
            out.push_str("</fault>");
        }
    }
    out.push_str("</methodResponse>\n");
    Ok(out)
}
