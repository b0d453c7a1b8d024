#!/usr/bin/env python3
"""Loopback webhook receiver for the delivery benchmark: HTTP/1.1 keep-alive,
refuses a random --fail-rate of requests with 503, checks every signature and
counts accepted deliveries per id. On SIGTERM it writes the counts as JSON."""
import argparse, hashlib, hmac, json, os, random, signal, sys
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer

parser = argparse.ArgumentParser()
parser.add_argument("--secret", required=True)
parser.add_argument("--fail-rate", type=float, default=0.3)
parser.add_argument("--port-file", required=True)
parser.add_argument("--out", required=True)
args = parser.parse_args()
rng = random.Random(1)
accepted, bad_signatures, refused = {}, 0, 0
key = args.secret.encode()

class Handler(BaseHTTPRequestHandler):
    protocol_version = "HTTP/1.1"
    def do_POST(self):
        global bad_signatures, refused
        body = self.rfile.read(int(self.headers["Content-Length"]))
        ok = hmac.compare_digest("sha256=" + hmac.new(key, body, hashlib.sha256).hexdigest(),
                                 self.headers.get("X-Rampart-Signature", ""))
        if not ok:
            bad_signatures += 1
            status = 401
        elif rng.random() < args.fail_rate:
            refused += 1
            status = 503
        else:
            d = self.headers["X-Rampart-Delivery"]
            accepted[d] = accepted.get(d, 0) + 1
            status = 200
        self.send_response(status)
        self.send_header("Content-Length", "0")
        self.end_headers()
    def log_message(self, *a):
        pass

def stop(*_):
    with open(args.out, "w") as f:
        json.dump({"accepted": accepted, "bad_signatures": bad_signatures, "refused": refused}, f)
    os._exit(0)

signal.signal(signal.SIGTERM, stop)
server = ThreadingHTTPServer(("127.0.0.1", 0), Handler)
with open(args.port_file + ".tmp", "w") as f:
    f.write(str(server.server_address[1]))
os.rename(args.port_file + ".tmp", args.port_file)
server.serve_forever()
