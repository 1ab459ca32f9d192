//! SAMP messages: the MTypes xclass sends (`coord.pointAt.sky`, `table.select.rowList`,
//! `table.highlight.row`) and understands (`table.load.votable`, `table.load.fits`, the same
//! two table messages, the hub's events), and the callbacks a Web Profile client pulls.

use super::rows::parse_row;
use super::value::Value;
use crate::message::clean;

/// The MTypes xclass subscribes to.
pub const SUBSCRIBED: [&str; 6] =
    ["table.load.votable", "table.load.fits", "table.highlight.row", "table.select.rowList", "samp.hub.event.*", "samp.app.ping"];

/// A SAMP message: its MType and parameters (a map).
#[derive(Clone, Debug, PartialEq)]
pub struct Message {
    pub mtype: String,
    pub params: Vec<(String, Value)>,
}

impl Message {
    pub fn new<K: Into<String>>(mtype: &str, params: impl IntoIterator<Item = (K, Value)>) -> Message {
        Message { mtype: mtype.to_string(), params: params.into_iter().map(|(k, v)| (k.into(), v)).collect() }
    }

    /// The message as SAMP's map: `samp.mtype` and `samp.params`.
    pub fn to_value(&self) -> Value {
        Value::map([("samp.mtype", Value::str(self.mtype.clone())), ("samp.params", Value::Struct(self.params.clone()))])
    }

    /// Reads a message map; `samp.params` may be absent (no parameters).
    pub fn from_value(v: &Value) -> Result<Message, String> {
        let mtype = v.get_str("samp.mtype").ok_or("the message has no samp.mtype")?;
        let params = match v.get("samp.params") {
            Some(Value::Struct(p)) => p.clone(),
            None => Vec::new(),
            Some(other) => return Err(format!("the samp.params of {} is {}, not a map", clean(mtype), other.kind())),
        };
        Ok(Message { mtype: mtype.to_string(), params })
    }

    fn param(&self, key: &str) -> Option<&Value> {
        self.params.iter().find(|(k, _)| k == key).map(|(_, v)| v)
    }

    fn string(&self, key: &str) -> Option<String> {
        self.param(key).and_then(Value::as_str).map(str::to_string)
    }

    fn required(&self, key: &str) -> Result<String, String> {
        self.string(key).ok_or_else(|| format!("{} has no string parameter {key}", clean(&self.mtype)))
    }
}

/// A SAMP float: the shortest decimal that reads back as the same `f64` (never an exponent).
pub fn samp_float(x: f64) -> String {
    format!("{x}")
}

/// `coord.pointAt.sky`: point at ICRS (ra, dec) in degrees.
pub fn point_at_sky(ra: f64, dec: f64) -> Message {
    Message::new("coord.pointAt.sky", [("ra", Value::str(samp_float(ra))), ("dec", Value::str(samp_float(dec)))])
}

/// Which table a row message is about: its `table-id` and `url` as the sender gave them.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct TableRef {
    pub table_id: Option<String>,
    pub url: String,
    /// The name the sender gave it (`name`), for people.
    pub name: Option<String>,
}

impl TableRef {
    /// Whether a message naming `table_id` and `url` is about this table: by table-id when
    /// both have one (SAMP's rule), else by URL.
    pub fn is(&self, table_id: Option<&str>, url: Option<&str>) -> bool {
        match (self.table_id.as_deref(), table_id) {
            (Some(a), Some(b)) => a == b,
            _ => url.is_some_and(|u| u == self.url),
        }
    }

    fn params(&self) -> Vec<(String, Value)> {
        let mut p = vec![("url".to_string(), Value::str(self.url.clone()))];
        if let Some(id) = &self.table_id {
            p.insert(0, ("table-id".to_string(), Value::str(id.clone())));
        }
        p
    }
}

/// `table.select.rowList`: select these rows (0-based) of `table`.
pub fn select_rows(table: &TableRef, rows: &[usize]) -> Message {
    let mut params = table.params();
    params.push(("row-list".into(), Value::strings(rows.iter().map(usize::to_string))));
    Message { mtype: "table.select.rowList".into(), params }
}

/// `table.highlight.row`: highlight row `row` (0-based) of `table`.
pub fn highlight_row(table: &TableRef, row: usize) -> Message {
    let mut params = table.params();
    params.push(("row".into(), Value::str(row.to_string())));
    Message { mtype: "table.highlight.row".into(), params }
}

/// A table's format, as its load message says.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum TableFormat {
    VoTable,
    Fits,
}

/// What a received message asks of xclass.
#[derive(Clone, Debug, PartialEq)]
pub enum Incoming {
    /// Load the table at `table.url` (classified like a dropped file).
    LoadTable { format: TableFormat, table: TableRef },
    /// Select these rows of the table named by table-id or url.
    SelectRows { table_id: Option<String>, url: Option<String>, rows: Vec<usize> },
    /// Highlight this row of the table named by table-id or url.
    HighlightRow { table_id: Option<String>, url: Option<String>, row: usize },
    /// A client registered, left or changed its metadata: the client list is stale.
    ClientsChanged,
    /// The hub is shutting down, or disconnected us.
    HubGone,
    /// `samp.app.ping`: answer OK.
    Ping,
    /// Anything else (subscribed by pattern, e.g. other hub events): ignored.
    Other(String),
}

/// Reads what `message` asks; an error (to reply with) when its parameters are wrong.
pub fn interpret(message: &Message) -> Result<Incoming, String> {
    let m = message;
    Ok(match m.mtype.as_str() {
        "table.load.votable" | "table.load.fits" => {
            let format = if m.mtype == "table.load.fits" { TableFormat::Fits } else { TableFormat::VoTable };
            let table = TableRef { table_id: m.string("table-id"), url: m.required("url")?, name: m.string("name") };
            Incoming::LoadTable { format, table }
        }
        "table.select.rowList" => {
            let list = m.param("row-list").and_then(Value::as_array).ok_or("table.select.rowList has no list parameter row-list")?;
            let rows = list
                .iter()
                .map(|r| r.as_str().ok_or_else(|| format!("row-list holds {}, not a string", r.kind())).and_then(parse_row))
                .collect::<Result<Vec<_>, _>>()?;
            Incoming::SelectRows { table_id: m.string("table-id"), url: m.string("url"), rows }
        }
        "table.highlight.row" => {
            let row = parse_row(&m.required("row")?)?;
            Incoming::HighlightRow { table_id: m.string("table-id"), url: m.string("url"), row }
        }
        "samp.hub.event.register" | "samp.hub.event.unregister" | "samp.hub.event.metadata" | "samp.hub.event.subscriptions" => {
            Incoming::ClientsChanged
        }
        "samp.hub.event.shutdown" | "samp.hub.disconnect" => Incoming::HubGone,
        "samp.app.ping" => Incoming::Ping,
        other => Incoming::Other(other.to_string()),
    })
}

/// A callback pulled from a Web Profile hub.
#[derive(Clone, Debug, PartialEq)]
pub enum Callback {
    Notification {
        sender: String,
        message: Message,
    },
    /// A call: reply to `msg_id`.
    Call {
        sender: String,
        msg_id: String,
        message: Message,
    },
    /// A response to a call of ours (xclass only notifies, so it ignores them).
    Response {
        responder: String,
        tag: String,
    },
}

/// Reads the array `pullCallbacks` returns; a malformed entry is an error naming it.
pub fn callbacks(v: &Value) -> Result<Vec<Callback>, String> {
    let items = v.as_array().ok_or_else(|| format!("pullCallbacks returned {}, not an array", v.kind()))?;
    items.iter().enumerate().map(|(i, c)| callback(c).map_err(|e| format!("callback {}: {e}", i + 1))).collect()
}

fn callback(c: &Value) -> Result<Callback, String> {
    let method = c.get_str("samp.methodName").ok_or("no samp.methodName")?;
    let params = c.get("samp.params").and_then(Value::as_array).ok_or("no samp.params list")?;
    let text = |i: usize| {
        params.get(i).and_then(Value::as_str).map(str::to_string).ok_or(format!("parameter {} of {} is not a string", i + 1, clean(method)))
    };
    // Hubs name these with or without the standard profile's prefix.
    match method.trim_start_matches("samp.webclient.").trim_start_matches("samp.client.") {
        "receiveNotification" => {
            Ok(Callback::Notification { sender: text(0)?, message: Message::from_value(params.get(1).ok_or("no message")?)? })
        }
        "receiveCall" => {
            Ok(Callback::Call { sender: text(0)?, msg_id: text(1)?, message: Message::from_value(params.get(2).ok_or("no message")?)? })
        }
        "receiveResponse" => Ok(Callback::Response { responder: text(0)?, tag: text(1)? }),
        other => Err(format!("unknown callback {}", clean(other))),
    }
}

/// The response map of a call handled: `samp.ok`, or `samp.error` with the reason.
pub fn response(outcome: &Result<(), String>) -> Value {
    match outcome {
        Ok(()) => Value::map([("samp.status", Value::str("samp.ok")), ("samp.result", Value::Struct(Vec::new()))]),
        Err(e) => {
            Value::map([("samp.status", Value::str("samp.error")), ("samp.error", Value::map([("samp.errortxt", Value::str(e.clone()))]))])
        }
    }
}
