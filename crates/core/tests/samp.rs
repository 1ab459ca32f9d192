//! SAMP (Web Profile): the bytes astropy's hub sent (captured by scripts/samp_capture.py into
//! tests/samp/, with what was sent in capture.json) read to the known values; Python's own
//! XML-RPC writer read; xclass's messages written exactly; hostile and malformed documents
//! refused with a message, never a panic; row indices.

mod common;
use common::*;
use proptest::prelude::*;
use serde_json::Value as Json;
use xclass_core::samp::hub::{self, client_ids, client_name, Registration};
use xclass_core::samp::message::{self, callbacks, interpret, point_at_sky, select_rows, Callback, Incoming, TableFormat};
use xclass_core::samp::rows::{in_table, parse_row, rows_of_class, rows_of_source};
use xclass_core::samp::xmlrpc::{decode_call, decode_response, encode_call, encode_response, Fault, MAX_BYTES};
use xclass_core::samp::{Message, TableRef, Value};
use xclass_core::upload::classify_upload;
use xclass_core::Class;

fn fixture(name: &str) -> Vec<u8> {
    std::fs::read(repo().join("crates/core/tests/samp").join(name)).unwrap()
}

fn facts() -> Json {
    serde_json::from_slice(&fixture("capture.json")).unwrap()
}

fn ok(name: &str) -> Value {
    decode_response(&fixture(&format!("{name}.xml"))).unwrap().unwrap()
}

#[test]
fn astropys_registration_is_read() {
    let f = facts();
    let r = Registration::from_value(&ok("register")).unwrap();
    assert_eq!(r.private_key, f["private_key"].as_str().unwrap());
    assert_eq!((r.hub_id.as_str(), r.self_id.as_str()), ("cli#hub", "cli#1"));
    let t = f["translator"].as_str().unwrap();
    assert_eq!(r.translator.as_deref(), Some(t));
    // Translation appends the URL as it is (the Web Profile's reference client does so).
    assert_eq!(r.translate("file://localhost/tmp/x.vot").unwrap(), format!("{t}file://localhost/tmp/x.vot"));
    for step in ["declareMetadata", "declareSubscriptions", "allowReverseCallbacks", "unregister"] {
        assert_eq!(ok(step), Value::str(""), "{step}");
    }
}

#[test]
fn astropys_callbacks_are_read_and_interpreted() {
    let f = facts();
    let cbs = callbacks(&ok("pullCallbacks")).unwrap();
    assert_eq!(cbs.len(), 5);
    // The Python client's registration, subscriptions and metadata: three hub events.
    for cb in &cbs[..3] {
        let Callback::Notification { sender, message } = cb else { panic!("{cb:?}") };
        assert_eq!(sender, "cli#hub");
        assert_eq!(interpret(message).unwrap(), Incoming::ClientsChanged);
    }
    let Callback::Notification { sender, message } = &cbs[3] else { panic!() };
    assert_eq!(sender, f["python_id"].as_str().unwrap());
    let load = &f["load"]["samp.params"];
    let want = TableRef {
        table_id: Some("topcat-t1".into()),
        url: load["url"].as_str().unwrap().into(), // "file://localhost/tmp/a&b <x>.vot": escapes read
        name: Some("sources é".into()),
    };
    assert_eq!(want.url, "file://localhost/tmp/a&b <x>.vot");
    assert_eq!(interpret(message).unwrap(), Incoming::LoadTable { format: TableFormat::VoTable, table: want.clone() });
    let Callback::Call { sender, msg_id, message } = &cbs[4] else { panic!() };
    assert_eq!((sender.as_str(), msg_id.as_str()), ("cli#2", "msg#1;;cli#hub;;cli#2;;tag-1"));
    let Incoming::HighlightRow { table_id, url, row } = interpret(message).unwrap() else { panic!() };
    assert_eq!(row, 2);
    assert!(want.is(table_id.as_deref(), url.as_deref()));
}

#[test]
fn astropys_client_list_metadata_and_fault_are_read() {
    assert_eq!(client_ids(&ok("getRegisteredClients")).unwrap(), ["cli#hub", "cli#2"]);
    assert_eq!(client_name(&ok("getMetadata")).as_deref(), Some("TOPCAT stand-in"));
    let fault = decode_response(&fixture("fault.xml")).unwrap().unwrap_err();
    assert_eq!(fault, Fault { code: 5, message: "Private-key not-a-key expired or invalid.".into() });
    assert_eq!(
        hub::result("declareMetadata", &fixture("fault.xml")).unwrap_err(),
        "the hub refused declareMetadata: Private-key not-a-key expired or invalid. (fault 5)"
    );
}

#[test]
fn pythons_xmlrpc_writer_is_read() {
    let f = facts();
    let call = decode_call(&fixture("python_call.xml")).unwrap();
    assert_eq!(call.method, "samp.webhub.notifyAll");
    assert_eq!(call.params[0], Value::str("key-1"));
    let m = Message::from_value(&call.params[1]).unwrap();
    assert_eq!(m, Message::new("coord.pointAt.sky", [("ra", Value::str("10.68470833")), ("dec", Value::str("41.26875"))]));
    let v = ok("python_response");
    let want = &f["python_response"];
    assert_eq!(v.get_str("s"), want["s"].as_str());
    assert_eq!(v.get_str("s"), Some("a&b <c> \"d\" é☃"));
    assert_eq!(v.get("i"), Some(&Value::Int(-42)));
    assert_eq!(v.get("b"), Some(&Value::Bool(true)));
    assert_eq!(v.get("d"), Some(&Value::Double(0.1)));
    assert_eq!(v.get("n"), Some(&Value::Nil));
    assert_eq!(v.get("a"), Some(&Value::Array(vec![Value::str("x"), Value::strings(["y"]), Value::Struct(vec![])])));
    assert_eq!(v.get_str("e"), Some(""));
}

#[test]
fn xclass_writes_its_calls_exactly() {
    let table = TableRef { table_id: Some("t<1>".into()), url: "http://h/a?x=1&y=2".into(), name: None };
    let reg = Registration { private_key: "k&1".into(), hub_id: "h".into(), self_id: "c".into(), translator: None };
    let xml = reg.notify_all(&select_rows(&table, &[0, 2])).unwrap();
    assert_eq!(
        xml,
        "<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n<methodCall><methodName>samp.webhub.notifyAll</methodName><params>\
         <param><value><string>k&amp;1</string></value></param>\
         <param><value><struct><member><name>samp.mtype</name><value><string>table.select.rowList</string></value></member>\
         <member><name>samp.params</name><value><struct>\
         <member><name>table-id</name><value><string>t&lt;1&gt;</string></value></member>\
         <member><name>url</name><value><string>http://h/a?x=1&amp;y=2</string></value></member>\
         <member><name>row-list</name><value><array><data><value><string>0</string></value><value><string>2</string></value></data></array></value></member>\
         </struct></value></member></struct></value></param></params></methodCall>\n"
    );
    // What it wrote reads back as sent.
    let call = decode_call(xml.as_bytes()).unwrap();
    let Incoming::SelectRows { table_id, url, rows } = interpret(&Message::from_value(&call.params[1]).unwrap()).unwrap() else { panic!() };
    assert_eq!((table_id.as_deref(), url.as_deref(), rows), (Some("t<1>"), Some("http://h/a?x=1&y=2"), vec![0, 2]));
    // Coordinates: the shortest text that reads back as the same double.
    let p = point_at_sky(10.781298349312351, -9.383953646551543);
    assert_eq!(p.params, [("ra".into(), Value::str("10.781298349312351")), ("dec".into(), Value::str("-9.383953646551543"))]);
    // No hub translator: only HTTP URLs can be read.
    assert_eq!(reg.translate("http://x/t.vot").unwrap(), "http://x/t.vot");
    assert!(reg.translate("file:///t.vot").unwrap_err().contains("no URL translator"));
    // Characters XML cannot carry are refused, not sent.
    assert!(encode_call("m", &[Value::str("a\u{1}b")]).unwrap_err().to_string().contains("U+0001"));
    assert!(encode_call("m", &[Value::Double(f64::NAN)]).is_err());
    // A call's outcome as the response map.
    assert_eq!(message::response(&Ok(())).get_str("samp.status"), Some("samp.ok"));
    let e = message::response(&Err("no".into()));
    assert_eq!(e.get("samp.error").and_then(|x| x.get_str("samp.errortxt")), Some("no"));
    assert_eq!(hub::subscriptions().get("table.load.votable"), Some(&Value::Struct(vec![])));
}

fn refused(xml: &str) -> String {
    match decode_response(xml.as_bytes()) {
        Err(e) => e.0,
        Ok(v) => panic!("accepted {xml:.80}: {v:?}"),
    }
}

#[test]
fn hostile_and_malformed_answers_are_errors() {
    let wrap = |v: &str| format!("<methodResponse><params><param><value>{v}</value></param></params></methodResponse>");
    // Nesting far past the bound: an error, not a stack overflow.
    let deep = format!("{}{}", "<value><array><data>".repeat(100_000), "</data></array></value>".repeat(100_000));
    assert!(refused(&wrap(&deep)).contains("nested deeper than 128"));
    let laughs = "<?xml version=\"1.0\"?><!DOCTYPE lolz [<!ENTITY lol \"lol\"><!ENTITY lol2 \"&lol;&lol;\">]><methodResponse>&lol2;</methodResponse>";
    assert!(refused(laughs).contains("DOCTYPE"));
    assert!(refused(&wrap("<string>&lol;</string>")).contains("unknown entity &lol;"));
    for (xml, says) in [
        ("", "empty"),
        ("<methodCall/>", "expected <methodResponse>"),
        ("<methodResponse><params><param><value>x</value></param>", "ends inside"),
        ("<methodResponse><params></params></methodResponse>", "exactly one <param>"),
        (
            "<methodResponse><params><param><value>a</value></param><param><value>b</value></param></params></methodResponse>",
            "exactly one <param>",
        ),
        (&wrap("<int>12x</int>"), "not an integer"),
        (&wrap("<i4>4294967296</i4>"), "outside 32 bits"),
        (&wrap("<boolean>2</boolean>"), "not 0 or 1"),
        (&wrap("<double>nan</double>"), "not a finite number"),
        (&wrap("<double>1e999</double>"), "not a finite number"),
        (&wrap("<base64>AAAA</base64>"), "unsupported XML-RPC type <base64>"),
        (&wrap("x<string>y</string>"), "text beside"),
        (&wrap("<string>a</string><string>b</string>"), "one typed element"),
        (&wrap("<struct><member><value>1</value></member></struct>"), "one <name> and one <value>"),
        (&wrap("<array><value>1</value></array>"), "exactly one <data>"),
        (&wrap("<string><b>x</b></string>"), "cannot hold elements"),
        ("<methodResponse><fault><value><struct></struct></value></fault></methodResponse>", "no integer faultCode"),
        ("<methodResponse><params/></methodResponse><x/>", "more than one document element"),
        ("<methodResponse><params></methodResponse>", "not well-formed"),
        ("text<methodResponse/>", "text outside"),
    ] {
        let e = refused(xml);
        assert!(e.contains(says), "{xml:.60}: {e}");
    }
    assert!(decode_response(&[0xff, 0xfe, b'<']).unwrap_err().0.contains("not UTF-8"));
    let huge = vec![b' '; MAX_BYTES + 1];
    assert!(decode_response(&huge).unwrap_err().0.contains("more than"));
    // A malformed callback list says which entry.
    let cb = Value::Array(vec![Value::map([("samp.methodName", Value::str("receiveCall")), ("samp.params", Value::strings(["a"]))])]);
    assert!(callbacks(&cb).unwrap_err().starts_with("callback 1: parameter 2 of receiveCall"));
    // Hub results that are not what the method returns.
    assert!(Registration::from_value(&Value::map([("samp.private-key", Value::str("k"))])).unwrap_err().contains("samp.hub-id"));
    assert!(client_ids(&Value::str("x")).is_err());
    assert!(hub::result("register", b"<html>Not Found</html>").unwrap_err().starts_with("the hub's answer to register is not XML-RPC"));
    // Messages with wrong parameters are errors to reply with.
    let bad = Message::new("table.select.rowList", [("row-list", Value::strings(["1", "-2"]))]);
    assert!(interpret(&bad).unwrap_err().contains("-2"));
    assert!(interpret(&Message::new("table.load.votable", [("name", Value::str("t"))])).unwrap_err().contains("url"));
}

fn value_tree() -> impl Strategy<Value = Value> {
    let text = "[ -~\t\n\r\u{e9}\u{2603}<>&]{0,12}";
    let leaf = prop_oneof![
        text.prop_map(Value::String),
        any::<i64>().prop_map(Value::Int),
        any::<bool>().prop_map(Value::Bool),
        (-1e300f64..1e300).prop_map(Value::Double),
        Just(Value::Nil),
    ];
    leaf.prop_recursive(4, 40, 5, move |inner| {
        prop_oneof![
            prop::collection::vec(inner.clone(), 0..5).prop_map(Value::Array),
            prop::collection::vec((text, inner), 0..5).prop_map(Value::Struct),
        ]
    })
}

proptest! {
    #[test]
    fn values_round_trip(v in value_tree()) {
        let call = encode_call("samp.webhub.x", std::slice::from_ref(&v)).unwrap();
        prop_assert_eq!(&decode_call(call.as_bytes()).unwrap().params, &vec![v.clone()]);
        let resp = encode_response(&Ok(v.clone())).unwrap();
        prop_assert_eq!(decode_response(resp.as_bytes()).unwrap(), Ok(v));
    }

    #[test]
    fn any_bytes_are_an_answer_or_an_error(bytes in prop::collection::vec(any::<u8>(), 0..300)) {
        let _ = decode_response(&bytes);
        let _ = decode_call(&bytes);
    }
}

#[test]
fn row_indices() {
    assert_eq!(parse_row("12"), Ok(12));
    assert_eq!(parse_row(" +3 "), Ok(3));
    for bad in ["-1", "1.5", "", "x", "99999999999999999999999"] {
        assert!(parse_row(bad).is_err(), "{bad}");
    }
    assert_eq!(in_table(&[5, 1, 9, 1, 4], 5), (vec![1, 4], 2));
    // The four-row table (rows 0 and 2 are one source's detections).
    let bytes = std::fs::read(repo().join("tests/samp/four_rows.vot")).unwrap();
    let up = classify_upload("four_rows.vot", bytes.as_slice(), model(), reference(), None, |_, _| true).unwrap().unwrap();
    assert_eq!(up.detections.len(), 4);
    assert_eq!(rows_of_source(&up, "2CXO J004307.5-092302"), [0, 2]);
    assert_eq!(rows_of_source(&up, "2CXO J235957.6-893000"), [3]);
    assert_eq!(rows_of_class(&up, Class::Hmxb), [0, 1, 2, 3]);
    assert!(rows_of_class(&up, Class::Agn).is_empty());
    assert!((up.detections[1].probs[Class::Hmxb.index()] - 0.684173).abs() < 1e-6);
    assert_eq!(up.detections[3].position, Some((359.99, -89.5)));
}
