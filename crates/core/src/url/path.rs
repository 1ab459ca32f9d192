//! Dotted keys: paths into the JSON form of a state, and setting a value at one.

use super::text::{unescape, KEY};
use percent_encoding::utf8_percent_encode;
use serde_json::{Map, Value};

/// Writes a path as a key: segments %-escaped (including `.`) and joined by `.`.
pub(super) fn key(path: &[String]) -> String {
    path.iter().map(|s| utf8_percent_encode(s, KEY).to_string()).collect::<Vec<_>>().join(".")
}

/// Reads a key; the empty key is the root.
pub(super) fn parse_key(key: &str) -> Result<Vec<String>, String> {
    if key.is_empty() {
        return Ok(vec![]);
    }
    key.split('.').map(unescape).collect()
}

/// The node at `path`, if any (array indices as decimal segments).
pub(super) fn lookup<'a>(root: &'a Value, path: &[String]) -> Option<&'a Value> {
    path.iter().try_fold(root, |node, seg| match node {
        Value::Object(m) => m.get(seg),
        Value::Array(a) => a.get(seg.parse::<usize>().ok()?),
        _ => None,
    })
}

/// Sets `value` at `path`, creating missing objects (from absent keys or `null`) and appending
/// to arrays (index = length). Leaves `root` untouched if the path cannot exist: through a
/// scalar, a non-index into an array, or an index past its end.
pub(super) fn set(root: &mut Value, path: &[String], value: Value) -> Result<(), &'static str> {
    check(root, path)?;
    let mut node = root;
    for seg in path {
        if node.is_null() {
            *node = Value::Object(Map::new());
        }
        node = match node {
            Value::Object(m) => m.entry(seg.clone()).or_insert(Value::Null),
            Value::Array(a) => {
                let i: usize = seg.parse().map_err(|_| "unknown key")?;
                if i == a.len() {
                    a.push(Value::Null);
                }
                &mut a[i]
            }
            _ => return Err("unknown key"),
        };
    }
    *node = value;
    Ok(())
}

/// Whether [`set`] can succeed, without changing anything.
fn check(root: &Value, path: &[String]) -> Result<(), &'static str> {
    let mut node = Some(root);
    for seg in path {
        node = match node {
            None | Some(Value::Null) => None,
            Some(Value::Object(m)) => m.get(seg),
            Some(Value::Array(a)) => match seg.parse::<usize>() {
                Ok(i) if i <= a.len() => a.get(i),
                Ok(_) => return Err("index past the end of the list"),
                Err(_) => return Err("unknown key"),
            },
            Some(_) => return Err("unknown key"),
        };
    }
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;
    use serde_json::json;

    fn p(k: &str) -> Vec<String> {
        parse_key(k).unwrap()
    }

    #[test]
    fn keys_escape_dots() {
        let path = vec!["map".to_string(), "a.b=c".to_string(), String::new()];
        assert_eq!(key(&path), "map.a%2Eb%3Dc.");
        assert_eq!(p(&key(&path)), path);
        assert_eq!(p(""), Vec::<String>::new());
    }

    #[test]
    fn set_creates_and_refuses() {
        let mut v = json!({"a": null, "list": [1], "s": "x"});
        set(&mut v, &p("a.b.c"), json!(1)).unwrap();
        set(&mut v, &p("list.1.k"), json!(2)).unwrap();
        set(&mut v, &p("new"), json!([])).unwrap();
        assert_eq!(v, json!({"a": {"b": {"c": 1}}, "list": [1, {"k": 2}], "s": "x", "new": []}));
        let before = v.clone();
        assert!(set(&mut v, &p("s.t"), json!(1)).is_err());
        assert!(set(&mut v, &p("list.5"), json!(1)).is_err());
        assert!(set(&mut v, &p("list.x.y"), json!(1)).is_err());
        assert_eq!(v, before);
        assert_eq!(lookup(&v, &p("list.1.k")), Some(&json!(2)));
        assert_eq!(lookup(&v, &p("list.9")), None);
    }
}
