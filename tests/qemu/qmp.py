#!/usr/bin/env python3
"""qmp.py SOCKET COMMAND [KEY=VALUE...]: run one QMP command (with
those string arguments) on a QEMU monitor socket and print its "return"
value as JSON (exit 1 with the error otherwise).  A tiny client for the
tests, independent of virtkit's own QMP code."""
import json
import socket
import sys


def main():
    path, cmd = sys.argv[1], sys.argv[2]
    args = dict(a.split("=", 1) for a in sys.argv[3:])
    s = socket.socket(socket.AF_UNIX, socket.SOCK_STREAM)
    s.settimeout(20)
    s.connect(path)
    f = s.makefile("rwb")

    def recv():
        while True:
            line = f.readline()
            if not line:
                raise SystemExit("qmp.py: monitor closed")
            msg = json.loads(line)
            if "event" not in msg:
                return msg

    recv()  # greeting
    for c, a in (("qmp_capabilities", {}), (cmd, args)):
        f.write(json.dumps({"execute": c, "arguments": a}).encode() + b"\n")
        f.flush()
        r = recv()
        if "error" in r:
            sys.exit("qmp.py: %s: %s" % (c, r["error"].get("desc")))
    print(json.dumps(r["return"]))


main()
