#!/usr/bin/python3
"""A real SMTP server for tests/server/mail.test.mjs, on Debian's aiosmtpd.

Stores each accepted message as a JSON file in DIR (envelope, whether TLS
was on, who logged in, the raw message). Options:
  --tls CERT KEY   offer STARTTLS with this certificate
  --smtps CERT KEY TLS from the first byte (implicit TLS, as on port 465)
  --require-tls    refuse MAIL before STARTTLS (and AUTH needs TLS)
  --auth USER:PASS accept only this login (AUTH PLAIN / LOGIN)
  --refuse N       answer the first N deliveries with 451 (try again later)
Prints "ready PORT" once it listens on 127.0.0.1.
"""
import argparse
import json
import os
import socket
import ssl
import sys
import time

from aiosmtpd.controller import Controller
from aiosmtpd.smtp import AuthResult


def free_port():
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


class Sink:
    def __init__(self, out_dir, refuse):
        self.out_dir = out_dir
        self.refuse = refuse
        self.count = 0

    async def handle_DATA(self, server, session, envelope):
        if self.refuse > 0:
            self.refuse -= 1
            return "451 4.3.0 Temporarily unable to accept this message, try again later"
        self.count += 1
        record = {
            "mail_from": envelope.mail_from,
            "rcpt_tos": envelope.rcpt_tos,
            "tls": session.ssl is not None or server.transport.get_extra_info("sslcontext") is not None,
            "login": session.auth_data if session.authenticated else None,
            "data": envelope.content.decode("utf-8", "replace"),
        }
        name = os.path.join(self.out_dir, "%d-%d.json" % (time.time_ns(), self.count))
        with open(name + ".tmp", "w") as f:
            json.dump(record, f)
        os.rename(name + ".tmp", name)  # the test never reads half a file
        return "250 OK"


def main():
    p = argparse.ArgumentParser()
    p.add_argument("dir")
    p.add_argument("--tls", nargs=2)
    p.add_argument("--smtps", nargs=2)
    p.add_argument("--require-tls", action="store_true")
    p.add_argument("--auth")
    p.add_argument("--refuse", type=int, default=0)
    a = p.parse_args()
    kwargs = {}
    if a.tls:
        ctx = ssl.create_default_context(ssl.Purpose.CLIENT_AUTH)
        ctx.load_cert_chain(a.tls[0], a.tls[1])
        kwargs["tls_context"] = ctx
        kwargs["require_starttls"] = a.require_tls
    if a.smtps:
        ctx = ssl.create_default_context(ssl.Purpose.CLIENT_AUTH)
        ctx.load_cert_chain(a.smtps[0], a.smtps[1])
        kwargs["ssl_context"] = ctx
    if a.auth:
        user, password = a.auth.split(":", 1)

        def check(server, session, envelope, mechanism, auth_data):
            ok = auth_data.login.decode() == user and auth_data.password.decode() == password
            return AuthResult(success=ok, auth_data=auth_data.login.decode())

        kwargs["authenticator"] = check
        kwargs["auth_required"] = True
        kwargs["auth_require_tls"] = bool(a.tls)
    port = free_port()
    controller = Controller(Sink(a.dir, a.refuse), hostname="127.0.0.1", port=port, **kwargs)
    controller.start()
    print("ready %d" % port, flush=True)
    try:
        sys.stdin.read()  # until the test closes our stdin (or kills us)
    finally:
        controller.stop()


if __name__ == "__main__":
    main()
