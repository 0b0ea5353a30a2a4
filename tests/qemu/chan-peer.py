# chan-peer.py SOCKET: connect to a virtio port's host side, say
# "from-host", and print what the guest answers up to "to-host".
import socket
import sys

s = socket.socket(socket.AF_UNIX)
s.connect(sys.argv[1])
s.settimeout(90)
print("connected", flush=True)
s.sendall(b"from-host\n")
buf = b""
while b"to-host" not in buf:
    d = s.recv(100)
    if not d:
        break
    buf += d
print(buf.decode(errors="replace").strip())
