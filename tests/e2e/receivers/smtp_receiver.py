#!/usr/bin/env python3
"""SMTP receiver for the delivery end-to-end test (the standard library's
smtpd, deprecated but present in Python 3.11): logs every message as a JSON
line."""
import warnings

warnings.simplefilter("ignore", DeprecationWarning)
import argparse, asyncore, email, email.header, json, os, smtpd  # noqa: E402

parser = argparse.ArgumentParser()
parser.add_argument("--port-file", required=True)
parser.add_argument("--log", required=True)
args = parser.parse_args()

class Server(smtpd.SMTPServer):
    def process_message(self, peer, mailfrom, rcpttos, data, **kwargs):
        message = email.message_from_bytes(data)
        parts = {}
        for part in message.walk():
            if not part.is_multipart():
                parts[part.get_content_type()] = part.get_payload(decode=True).decode("utf-8")
        record = {"from": mailfrom, "to": rcpttos, "subject": str(email.header.make_header(
                      email.header.decode_header(message["Subject"]))),
                  "delivery": message["X-Rampart-Delivery"], "content_type": message.get_content_type(),
                  "parts": parts}
        with open(args.log, "a") as f:
            f.write(json.dumps(record) + "\n")

server = Server(("127.0.0.1", 0), None, decode_data=False)
with open(args.port_file + ".tmp", "w") as f:
    f.write(str(server.socket.getsockname()[1]))
os.rename(args.port_file + ".tmp", args.port_file)
asyncore.loop()
