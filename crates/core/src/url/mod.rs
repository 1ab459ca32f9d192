//! Permalinks: any serde view state ↔ a readable, tolerant URL query/fragment body.
//!
//! `sky.frame=equatorial&filter.classes=AGN,XB&scatter.x=hard_hs`: keys are dotted paths into
//! the state's JSON form (`serde_json`; `.` inside a map key is escaped); only what differs
//! from `T::default()` is written, so the default state is the empty string.
//!
//! A value is `null`, `true`, `false`, a JSON number (shortest form, exact), a string
//! (percent-encoded except letters, digits and `-_.~*:`; a string that would read as another
//! value gets its first character escaped), or scalars joined by `,` (a list; `[]` if empty).
//! `{}` and `[]` also reset a node before its new contents are written (a map that lost keys,
//! a switched enum variant, a list of structures that changed length). A value longer than 200
//! characters is written `~` + base64url(deflate(text)) when that is shorter.
//! `T` must serialize as a JSON object (a struct); non-finite floats become `null` in JSON and
//! do not round-trip.
//!
//! Decoding never fails: it starts from the default and keeps every pair that deserializes,
//! dropping each bad one (unparsable, unknown key, wrong type) with a warning naming it. It is
//! lenient with hand-written values: a lone item for a list, `true` or `1` for a string.

mod human;
mod path;
mod text;

use serde::de::DeserializeOwned;
use serde::Serialize;
use serde_json::Value;
use serde_path_to_error::Segment;

/// A decoded state and what was ignored on the way.
#[derive(Clone, Debug, PartialEq)]
pub struct Decoded<T> {
    pub state: T,
    pub warnings: Vec<String>,
}

/// Most pairs read from one string; the rest are ignored.
const MAX_PAIRS: usize = 500;

/// Encodes the fields of `state` that differ from `T::default()` (empty if none).
pub fn encode<T: Serialize + Default>(state: &T) -> String {
    let (Ok(s), Ok(d)) = (serde_json::to_value(state), serde_json::to_value(T::default())) else {
        return String::new();
    };
    let mut out = Vec::new();
    diff(&s, Some(&d), &mut Vec::new(), &mut out);
    out.join("&")
}

/// Appends `key=value` pairs turning `default` into `state` at `at`.
fn diff(state: &Value, default: Option<&Value>, at: &mut Vec<String>, out: &mut Vec<String>) {
    if default == Some(state) {
        return;
    }
    let mut emit = |at: &[String], v: &Value| {
        if let Some(t) = text::value_text(v) {
            out.push(format!("{}={t}", path::key(at)));
        }
    };
    // Children are written against the default's children, or from scratch after a reset.
    let children: Vec<(String, &Value, Option<&Value>)> = match state {
        Value::Object(m) => {
            // Diff against the default's object, unless it lost keys or is not an object.
            let (reset, base) = match default {
                None | Some(Value::Null) => (m.is_empty(), None),
                Some(Value::Object(d)) if d.keys().all(|k| m.contains_key(k)) => (m.is_empty(), Some(d)),
                _ => (true, None),
            };
            if reset {
                emit(at, &Value::Object(Default::default()));
            }
            m.iter().map(|(k, v)| (k.clone(), v, base.and_then(|d| d.get(k)))).collect()
        }
        Value::Array(items) if items.iter().any(|v| v.is_array() || v.is_object()) => {
            let same_len = default.and_then(Value::as_array).filter(|d| d.len() == items.len());
            if same_len.is_none() {
                emit(at, &Value::Array(vec![]));
            }
            items.iter().enumerate().map(|(i, v)| (i.to_string(), v, same_len.map(|d| &d[i]))).collect()
        }
        _ => return emit(at, state),
    };
    for (k, v, d) in children {
        at.push(k);
        diff(v, d, at, out);
        at.pop();
    }
}

/// One `key=value` pair being decoded.
struct Pair {
    text: String,
    path: Vec<String>,
    readings: Vec<Value>,
    current: usize,
    first_error: Option<String>,
}

impl Pair {
    fn parse(text: &str) -> Result<Pair, String> {
        let (k, v) = text.split_once('=').ok_or("expected key=value")?;
        Ok(Pair { text: text.into(), path: path::parse_key(k)?, readings: text::readings(v)?, current: 0, first_error: None })
    }

    fn warning(&self, why: &str) -> String {
        warning(&self.text, self.first_error.as_deref().unwrap_or(why))
    }
}

fn warning(pair: &str, why: &str) -> String {
    let shown: String = pair.chars().take(80).collect();
    let more = if shown.len() < pair.len() { "…" } else { "" };
    format!("ignored \"{shown}{more}\": {}", human::humanise(why))
}

/// Decodes a query/fragment body (a leading `#` or `?` is skipped), keeping every valid pair.
pub fn decode<T: Serialize + DeserializeOwned + Default>(query: &str) -> Decoded<T> {
    let mut warnings = Vec::new();
    let Ok(base) = serde_json::to_value(T::default()) else {
        return Decoded { state: T::default(), warnings: vec!["the state cannot be written as JSON".into()] };
    };
    let mut pairs: Vec<Pair> = Vec::new();
    let texts = query.trim_start_matches(['#', '?']).split('&').filter(|t| !t.is_empty());
    for (i, t) in texts.enumerate() {
        if i == MAX_PAIRS {
            warnings.push(format!("ignored everything after the first {MAX_PAIRS} pairs"));
            break;
        }
        match Pair::parse(t) {
            Ok(p) => {
                // A later pair for the same key replaces an earlier one.
                if let Some(old) = pairs.iter().position(|o| o.path == p.path) {
                    warnings.push(pairs.remove(old).warning("repeated key"));
                }
                pairs.push(p);
            }
            Err(why) => warnings.push(warning(t, &why)),
        }
    }
    loop {
        let mut value = base.clone();
        pairs.retain(|p| match path::set(&mut value, &p.path, p.readings[p.current].clone()) {
            Ok(()) => true,
            Err(why) => {
                warnings.push(p.warning(why));
                false
            }
        });
        match serde_path_to_error::deserialize::<_, T>(&value) {
            Ok(state) => {
                let back = serde_json::to_value(&state).unwrap_or(Value::Null);
                let unknown = pairs.iter().filter(|p| path::lookup(&back, &p.path).is_none());
                warnings.extend(unknown.map(|p| p.warning("unknown key")));
                return Decoded { state, warnings };
            }
            Err(e) if pairs.is_empty() => {
                warnings.push(format!("the default state does not read back from JSON: {e}"));
                return Decoded { state: T::default(), warnings };
            }
            Err(e) => {
                let at: Vec<String> = e
                    .path()
                    .iter()
                    .map_while(|s| match s {
                        Segment::Seq { index } => Some(index.to_string()),
                        Segment::Map { key } => Some(key.clone()),
                        Segment::Enum { variant } => Some(variant.clone()),
                        Segment::Unknown => None,
                    })
                    .collect();
                blame(&mut pairs, &at, &e.inner().to_string(), &mut warnings);
            }
        }
    }
}

/// Makes progress after a deserialization error at `at`: the pair for exactly that key tries
/// its next reading or is dropped; else the pairs below it are dropped (they left a structure
/// incomplete); else the deepest pair above it is treated as exact; else all pairs are dropped.
fn blame(pairs: &mut Vec<Pair>, at: &[String], why: &str, warnings: &mut Vec<String>) {
    let below = |p: &Pair| p.path.starts_with(at);
    let any_below = pairs.iter().any(below);
    let exact = pairs.iter().position(|p| p.path == at);
    let above = || {
        let ancestors = pairs.iter().enumerate().filter(|(_, p)| at.starts_with(&p.path));
        ancestors.max_by_key(|(_, p)| p.path.len()).map(|(i, _)| i)
    };
    if let Some(i) = exact.or_else(|| if any_below { None } else { above() }) {
        let p = &mut pairs[i];
        p.first_error.get_or_insert_with(|| why.to_string());
        if p.current + 1 < p.readings.len() {
            p.current += 1;
        } else {
            warnings.push(pairs.remove(i).warning(why));
        }
        return;
    }
    pairs.retain(|p| {
        let keep = any_below && !below(p);
        if !keep {
            warnings.push(p.warning(why));
        }
        keep
    });
}

#[cfg(test)]
mod tests;
