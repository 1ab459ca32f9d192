//! The Web Profile's side of a conversation with the hub: its address, the calls xclass makes
//! (`samp.webhub.*`), what registration returns, URL translation, and the client list.

use super::message::{Message, SUBSCRIBED};
use super::value::Value;
use super::xmlrpc::{decode_response, encode_call, Fault};
use crate::message::clean;

/// The Web Profile hub's XML-RPC endpoint (SAMP 1.3: port 21012 on the loopback address).
pub const HUB_URL: &str = "http://127.0.0.1:21012/";

/// Seconds a `pullCallbacks` may wait for callbacks (a long poll).
pub const PULL_TIMEOUT_SECS: u32 = 10;

/// The name xclass registers with.
pub const NAME: &str = "xclass";

/// A `samp.webhub.<method>` call with `args`, as XML-RPC text.
pub fn call(method: &str, args: &[Value]) -> Result<String, String> {
    encode_call(&format!("samp.webhub.{method}"), args).map_err(|e| format!("could not write {method}: {e}"))
}

/// The result of a hub call from its response bytes: a fault or a malformed answer is one
/// message naming the method.
pub fn result(method: &str, body: &[u8]) -> Result<Value, String> {
    match decode_response(body) {
        Ok(Ok(v)) => Ok(v),
        Ok(Err(Fault { code, message })) => Err(format!("the hub refused {method}: {} (fault {code})", clean(&message))),
        Err(e) => Err(format!("the hub's answer to {method} is not XML-RPC: {e}")),
    }
}

/// `register`'s argument: xclass's identity.
pub fn identity() -> Value {
    Value::map([("samp.name", Value::str(NAME))])
}

/// What `declareMetadata` says about xclass.
pub fn metadata(version: &str) -> Value {
    Value::map([
        ("samp.name", Value::str(NAME)),
        ("samp.description.text", Value::str("Probabilistic classes of Chandra X-ray sources (Pérez-Díaz et al. 2024), in the browser")),
        ("xclass.version", Value::str(version)),
    ])
}

/// What `declareSubscriptions` says: every MType of [`SUBSCRIBED`], without annotations.
pub fn subscriptions() -> Value {
    Value::Struct(SUBSCRIBED.iter().map(|m| (m.to_string(), Value::Struct(Vec::new()))).collect())
}

/// What `register` returned.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Registration {
    pub private_key: String,
    pub hub_id: String,
    pub self_id: String,
    /// Prefix that lets a browser read a URL another client sent (`samp.url-translator`).
    pub translator: Option<String>,
}

impl Registration {
    /// Reads `register`'s result map.
    pub fn from_value(v: &Value) -> Result<Registration, String> {
        let get = |k: &str| v.get_str(k).map(str::to_string).ok_or_else(|| format!("the hub's registration has no {k}"));
        let r = Registration {
            private_key: get("samp.private-key")?,
            hub_id: get("samp.hub-id")?,
            self_id: get("samp.self-id")?,
            translator: v.get_str("samp.url-translator").filter(|t| !t.is_empty()).map(str::to_string),
        };
        if r.private_key.is_empty() {
            return Err("the hub's registration has an empty samp.private-key".into());
        }
        Ok(r)
    }

    /// The URL the browser fetches for `url` sent by another client: through the hub's
    /// translator (appended as it is, as the Web Profile's reference client does), or `url`
    /// itself when the hub has no translator and the URL is HTTP(S).
    pub fn translate(&self, url: &str) -> Result<String, String> {
        match &self.translator {
            Some(t) => Ok(format!("{t}{url}")),
            None if url.starts_with("http://") || url.starts_with("https://") => Ok(url.to_string()),
            None => Err(format!("the hub offers no URL translator, and a browser cannot read {}", clean(url))),
        }
    }

    /// A call that starts with the private key.
    pub fn call(&self, method: &str, args: impl IntoIterator<Item = Value>) -> Result<String, String> {
        let mut all = vec![Value::str(self.private_key.clone())];
        all.extend(args);
        call(method, &all)
    }

    /// `notifyAll` of `message`.
    pub fn notify_all(&self, message: &Message) -> Result<String, String> {
        self.call("notifyAll", [message.to_value()])
    }
}

/// A registered client, as the panel lists it.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Client {
    pub id: String,
    /// `samp.name` from its metadata, if it declared one.
    pub name: Option<String>,
}

/// The client ids of `getRegisteredClients`' result.
pub fn client_ids(v: &Value) -> Result<Vec<String>, String> {
    let list = v.as_array().ok_or_else(|| format!("getRegisteredClients returned {}, not a list", v.kind()))?;
    list.iter().map(|c| c.as_str().map(str::to_string).ok_or_else(|| format!("a client id is {}, not a string", c.kind()))).collect()
}

/// A client's name from its `getMetadata` result.
pub fn client_name(metadata: &Value) -> Option<String> {
    metadata.get_str("samp.name").map(str::to_string)
}
