#!/usr/bin/env python3
"""qmp.py SOCKET COMMAND: run one QMP command on a QEMU monitor socket and
print its "return" value as JSON (exit 1 with the error otherwise).  A
tiny client for the tests, independent of virtkit's own QMP code."""
import json
import socket
import sys


def main():
    path, cmd = sys.argv[1], sys.argv[2]
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
    for c in ("qmp_capabilities", cmd):
        f.write(json.dumps({"execute": c}).encode() + b"\n")
        f.flush()
        r = recv()
        if "error" in r:
            sys.exit("qmp.py: %s: %s" % (c, r["error"].get("desc")))
    print(json.dumps(r["return"]))


main()
