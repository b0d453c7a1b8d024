#!/usr/bin/env python3
"""Webhook receiver for the delivery end-to-end test: checks the
X-Rampart-Signature HMAC, fails the first --fail requests of every delivery
with HTTP 503, and logs every request as a JSON line."""
import argparse, hashlib, hmac, json, threading
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer

parser = argparse.ArgumentParser()
parser.add_argument("--secret", required=True)
parser.add_argument("--fail", type=int, default=0)
parser.add_argument("--port-file", required=True)
parser.add_argument("--log", required=True)
args = parser.parse_args()
lock = threading.Lock()
tries = {}

class Handler(BaseHTTPRequestHandler):
    def do_POST(self):
        body = self.rfile.read(int(self.headers.get("Content-Length", "0")))
        expected = "sha256=" + hmac.new(args.secret.encode(), body, hashlib.sha256).hexdigest()
        signature_ok = hmac.compare_digest(expected, self.headers.get("X-Rampart-Signature", ""))
        delivery = self.headers.get("X-Rampart-Delivery", "")
        with lock:
            tries[delivery] = tries.get(delivery, 0) + 1
            status = 503 if tries[delivery] <= args.fail else (200 if signature_ok else 401)
            record = {"delivery": delivery, "idempotency_key": self.headers.get("Idempotency-Key"),
                      "status": status, "signature_ok": signature_ok, "path": self.path,
                      "tlp": self.headers.get("X-Rampart-TLP"), "body": json.loads(body or b"null")}
            with open(args.log, "a") as f:
                f.write(json.dumps(record) + "\n")
        self.send_response(status)
        self.send_header("Content-Length", "0")
        self.end_headers()

    def log_message(self, *a):
        pass

server = ThreadingHTTPServer(("127.0.0.1", 0), Handler)
with open(args.port_file + ".tmp", "w") as f:
    f.write(str(server.server_address[1]))
import os
os.rename(args.port_file + ".tmp", args.port_file)
server.serve_forever()
