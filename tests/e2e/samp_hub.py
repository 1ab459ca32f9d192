"""A real SAMP hub for the browser test (tests/e2e/samp.test.mjs), with a client standing in
for TOPCAT. Loopback only.

astropy's SAMPHubServer runs with the Web Profile on port 21012 (the port SAMP web clients
use), registrations accepted without a dialog; an astropy SAMPIntegratedClient named
"TOPCAT stand-in" reports every message it receives. Commands come as JSON lines on stdin,
events go out as JSON lines on stdout:
  {"cmd": "load", "path": P, "table_id": T, "name": N[, "mtype": M]}  table.load.votable
                                       (or M) to xclass, as a call; the reply is reported
  {"cmd": "highlight", "table_id": T, "path": P, "row": R}  table.highlight.row to xclass
  {"cmd": "select", "table_id": T, "path": P, "rows": [..]}  table.select.rowList to xclass
  {"cmd": "stop_hub"}                                   the hub goes away mid-session
  {"cmd": "quit"}
"""
import json
import os
import sys
import tempfile
import threading
import time
import warnings

warnings.simplefilter("ignore")
from astropy import log  # noqa: E402

log.setLevel("ERROR")
from astropy.samp import SAMPHubServer, SAMPIntegratedClient  # noqa: E402
from astropy.samp.hub import WebProfileDialog  # noqa: E402

lock = threading.Lock()


def emit(**event):
    with lock:
        sys.stdout.write(json.dumps(event) + "\n")
        sys.stdout.flush()


class Approve(WebProfileDialog):
    """Accepts every registration: the test's stand-in for the user's consent."""

    def show_dialog(self, *args):
        self.consent()


def file_url(path):
    return "file://localhost" + os.path.abspath(path)


def main():
    tmp = tempfile.mkdtemp()
    dialog = Approve()
    hub = SAMPHubServer(web_profile=True, web_port=21012, lockfile=os.path.join(tmp, "samp"), web_profile_dialog=dialog, pool_size=2)
    hub.start()
    if not hub._web_profile:
        emit(event="error", message="port 21012 is in use: another SAMP hub runs")
        hub.stop()
        return 3
    running = [True]

    def approve():
        while running[0]:
            dialog.handle_queue()
            time.sleep(0.05)

    threading.Thread(target=approve, daemon=True).start()
    client = SAMPIntegratedClient(name="TOPCAT stand-in", description="astropy SAMPIntegratedClient")
    client.connect(hub=hub, pool_size=2)

    def received(private_key, sender_id, mtype, params, extra):
        emit(event="received", mtype=mtype, params=params, sender=sender_id)

    def called(private_key, sender_id, msg_id, mtype, params, extra):
        emit(event="received", mtype=mtype, params=params, sender=sender_id)
        client.reply(msg_id, {"samp.status": "samp.ok", "samp.result": {}})

    for mtype in ["table.select.rowList", "table.highlight.row", "coord.pointAt.sky"]:
        client.bind_receive_notification(mtype, received)
        client.bind_receive_call(mtype, called)
    emit(event="ready", python_id=client.get_public_id())

    def xclass_id():
        for cid in client.get_registered_clients():
            if client.get_metadata(cid).get("samp.name") == "xclass":
                return cid
        raise RuntimeError("xclass is not registered")

    for line in sys.stdin:
        cmd = json.loads(line)
        try:
            if cmd["cmd"] == "load":
                msg = {"samp.mtype": cmd.get("mtype", "table.load.votable"),
                       "samp.params": {"url": file_url(cmd["path"]), "table-id": cmd["table_id"], "name": cmd["name"]}}
                reply = client.call_and_wait(xclass_id(), msg, "30")
                emit(event="reply", to="load", response=reply)
            elif cmd["cmd"] == "highlight":
                client.notify(xclass_id(), {"samp.mtype": "table.highlight.row", "samp.params": {
                    "table-id": cmd["table_id"], "url": file_url(cmd["path"]), "row": str(cmd["row"])}})
                emit(event="sent", what="highlight")
            elif cmd["cmd"] == "select":
                client.notify(xclass_id(), {"samp.mtype": "table.select.rowList", "samp.params": {
                    "table-id": cmd["table_id"], "url": file_url(cmd["path"]), "row-list": [str(r) for r in cmd["rows"]]}})
                emit(event="sent", what="select")
            elif cmd["cmd"] == "clients":
                emit(event="clients", names=[client.get_metadata(c).get("samp.name") for c in client.get_registered_clients()])
            elif cmd["cmd"] == "stop_hub":
                running[0] = False
                client.disconnect()
                hub.stop()
                emit(event="hub_stopped")
            elif cmd["cmd"] == "quit":
                break
        except Exception as e:  # reported, and the test fails on it
            emit(event="error", message=f"{cmd['cmd']}: {e}")
    running[0] = False
    if client.is_connected:
        client.disconnect()
    if hub.is_running:
        hub.stop()
    return 0


if __name__ == "__main__":
    sys.exit(main())
