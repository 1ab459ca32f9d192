//! SAMP, the Virtual Observatory's desktop messaging, as a Web Profile client needs it:
//! `value` (XML-RPC values), `xmlrpc` (the wire format, read within bounds), `message` (the
//! MTypes sent and received, pulled callbacks), `hub` (the `samp.webhub.*` calls,
//! registration, URL translation, the client list), `rows` (row indices of a table that came
//! by SAMP). Pure: the browser's `samp_client` carries the bytes.

pub mod hub;
pub mod message;
pub mod rows;
pub mod value;
pub mod xmlrpc;

pub use hub::{Client, Registration};
pub use message::{Callback, Incoming, Message, TableFormat, TableRef};
pub use value::Value;
pub use xmlrpc::{Fault, WireError};
