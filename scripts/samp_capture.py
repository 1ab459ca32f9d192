"""Captures the bytes astropy's SAMP hub (Web Profile) sends a web client, for the core's tests.

Run once, in a venv with astropy (scripts/samp_venv.sh makes one):
    ~/.cache/xclass/samp-venv/bin/python scripts/samp_capture.py crates/core/tests/samp

A hub runs on loopback (a free port, registrations accepted without a dialog). A web client
posts XML-RPC as xclass does (register, declareMetadata, declareSubscriptions,
allowReverseCallbacks); a Python client registers, notifies table.load.votable and calls
table.highlight.row; the web client pulls its callbacks, lists the clients, reads the Python
client's metadata, makes a call with a wrong key (a fault) and unregisters. Each response body
is written as <step>.xml, and what was sent and the ids the hub gave as capture.json.
"""
import json
import os
import sys
import tempfile
import threading
import time
import urllib.request
import xmlrpc.client as x

from astropy.samp import SAMPHubServer, SAMPIntegratedClient
from astropy.samp.hub import WebProfileDialog


class Approve(WebProfileDialog):
    """Accepts every registration (the test's stand-in for the user's consent)."""

    def show_dialog(self, *args):
        self.consent()


def string(s):
    return f"<value><string>{s}</string></value>"


def struct(members):
    return "<value><struct>" + "".join(f"<member><name>{k}</name>{v}</member>" for k, v in members) + "</struct></value>"


def call(port, method, *params):
    body = ('<?xml version="1.0" encoding="UTF-8"?>\n<methodCall><methodName>samp.webhub.' + method + "</methodName><params>"
            + "".join(f"<param>{p}</param>" for p in params) + "</params></methodCall>\n")
    req = urllib.request.Request(f"http://127.0.0.1:{port}/", body.encode(), {"Content-Type": "text/xml", "Origin": "http://127.0.0.1:8080"})
    with urllib.request.urlopen(req, timeout=10) as r:
        return r.read()


def four_rows(path):
    """The paper's example row four times, as a VOTable (TABLEDATA): rows 0 and 2 are one
    source's two detections, rows 1 and 3 other sources. The row's text is copied, only name,
    obsid, ra and dec changed, so each row's known answer is the example's (cluster 5, HMXB
    0.684173)."""
    import re
    text = open("assets/your_xray_example.vot").read()
    tr = re.search(r"<TR>.*?</TR>", text, re.S).group(0)

    def row(name, obsid, ra, dec):
        tds = re.findall(r"<TD>.*?</TD>", tr, re.S)
        tds[1:5] = [f"<TD>{v}</TD>" for v in (name, obsid, ra, dec)]
        return "<TR>\n    " + "\n    ".join(tds) + "\n  </TR>"

    rows = [row("2CXO J004307.5-092302", 4884, "10.781298349312351", "-9.383953646551543"),
            row("2CXO J100024.0+021200", 4884, "150.1", "2.2"),
            row("2CXO J004307.5-092302", 4885, "10.781298349312351", "-9.383953646551543"),
            row("2CXO J235957.6-893000", 4884, "359.99", "-89.5")]
    with open(path, "w") as f:
        f.write(text.replace(tr, "\n  ".join(rows)))


def main(out):
    os.makedirs(out, exist_ok=True)
    dialog = Approve()
    with tempfile.TemporaryDirectory() as tmp:
        hub = SAMPHubServer(web_profile=True, web_port=0, lockfile=os.path.join(tmp, "samp"), web_profile_dialog=dialog, pool_size=1)
        hub.start()
        port = hub._web_port

        def approve():  # answers the hub's consent requests for 20 s
            for _ in range(400):
                dialog.handle_queue()
                time.sleep(0.05)

        threading.Thread(target=approve, daemon=True).start()
        saved = {}

        def save(step, body):
            with open(os.path.join(out, step + ".xml"), "wb") as f:
                f.write(body)
            saved[step] = len(body)
            return body

        reg = x.loads(save("register", call(port, "register", struct([("samp.name", string("xclass"))]))))[0][0]
        key = reg["samp.private-key"]
        save("declareMetadata", call(port, "declareMetadata", string(key), struct([("samp.name", string("xclass"))])))
        subs = ["table.load.votable", "table.load.fits", "table.highlight.row", "table.select.rowList", "samp.hub.event.*"]
        save("declareSubscriptions", call(port, "declareSubscriptions", string(key), struct([(m, "<value><struct></struct></value>") for m in subs])))
        save("allowReverseCallbacks", call(port, "allowReverseCallbacks", string(key), string("1")))

        py = SAMPIntegratedClient(name="TOPCAT stand-in", description="astropy SAMPIntegratedClient")
        py.connect(hub=hub, pool_size=1)
        load = {"samp.mtype": "table.load.votable",
                "samp.params": {"url": "file://localhost/tmp/a&b <x>.vot", "table-id": "topcat-t1", "name": "sources é"}}
        py.notify(reg["samp.self-id"], load)
        highlight = {"samp.mtype": "table.highlight.row", "samp.params": {"table-id": "topcat-t1", "url": "file://localhost/tmp/a&b <x>.vot", "row": "2"}}
        msg_id_tag = "tag-1"
        py.call(reg["samp.self-id"], msg_id_tag, highlight)
        time.sleep(0.3)
        save("pullCallbacks", call(port, "pullCallbacks", string(key), string("0")))
        save("getRegisteredClients", call(port, "getRegisteredClients", string(key)))
        save("getMetadata", call(port, "getMetadata", string(key), string(py.get_public_id())))
        save("fault", call(port, "declareMetadata", string("not-a-key"), struct([])))
        save("unregister", call(port, "unregister", string(key)))
        facts = {"hub_id": reg["samp.hub-id"], "self_id": reg["samp.self-id"], "private_key": key,
                 "translator": reg.get("samp.url-translator"), "python_id": py.get_public_id(),
                 "load": load, "highlight": highlight, "web_port": port, "files": saved,
                 "note": "web_port was a free port; the translator names it"}
        facts["files"] = saved
        py.disconnect()
        hub.stop()
    # Python's own XML-RPC writer, for the reader: a notifyAll as a web client would send it,
    # and a response holding every type a hub may answer with.
    point = {"samp.mtype": "coord.pointAt.sky", "samp.params": {"ra": "10.68470833", "dec": "41.26875"}}
    save("python_call", x.dumps(("key-1", point), "samp.webhub.notifyAll", encoding="utf-8").encode())
    every = {"s": "a&b <c> \"d\" é\u2603", "i": -42, "b": True, "d": 0.1, "n": None, "a": ["x", ["y"], {}], "e": ""}
    save("python_response", x.dumps((every,), methodresponse=True, allow_none=True, encoding="utf-8").encode())
    facts["python_call"] = {"method": "samp.webhub.notifyAll", "params": ["key-1", point]}
    facts["python_response"] = every
    with open(os.path.join(out, "capture.json"), "w") as f:
        json.dump(facts, f, indent=1, sort_keys=True, ensure_ascii=False)
        f.write("\n")


if __name__ == "__main__":
    main(sys.argv[1] if len(sys.argv) > 1 else "crates/core/tests/samp")
    four_rows("tests/samp/four_rows.vot")
