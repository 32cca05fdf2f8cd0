#!/usr/bin/env python3
"""Record what a real BGP daemon sends: listen on ADDR:PORT with a TCP MD5
key, answer its OPEN, and write every message it sends for SECONDS, one
per line in hex, to OUT.  Used by capture.sh to refresh the codec's test
data; not part of the test run."""
import socket, struct, sys, time

addr, port, key, seconds, out = sys.argv[1], int(sys.argv[2]), sys.argv[3], \
    float(sys.argv[4]), sys.argv[5]

def md5(sock, peer, key):
    # struct tcp_md5sig: sockaddr_storage, flags, prefixlen, keylen, ifindex, key
    sa = struct.pack("=HH4s", socket.AF_INET, 0, socket.inet_aton(peer))
    sa = sa.ljust(128, b"\0")
    k = key.encode()
    sock.setsockopt(socket.IPPROTO_TCP, 14,
                    sa + struct.pack("=BBHI", 0, 0, len(k), 0) + k.ljust(80, b"\0"))

def msg(t, body):
    return b"\xff" * 16 + struct.pack("!HB", 19 + len(body), t) + body

ls = socket.socket()
ls.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
for peer in ("127.0.0.2", "127.0.0.3", "127.0.0.4", "127.0.0.5"):
    md5(ls, peer, key)
ls.bind((addr, port))
ls.listen(1)
ls.settimeout(20)
c, _ = ls.accept()
c.settimeout(0.2)
caps = bytes([1, 4, 0, 1, 0, 1, 1, 4, 0, 2, 0, 1, 2, 0, 65, 4]) + \
    struct.pack("!I", 64512)
opt = bytes([2, len(caps)]) + caps
c.sendall(msg(1, struct.pack("!BHHIB", 4, 64512, 9, 0xc6336401, len(opt)) + opt))
c.sendall(msg(4, b""))
buf, lines, end = b"", [], time.time() + seconds
while time.time() < end:
    try:
        d = c.recv(65536)
        if not d:
            break
        buf += d
    except socket.timeout:
        c.sendall(msg(4, b""))
        continue
    while len(buf) >= 19 and len(buf) >= struct.unpack("!H", buf[16:18])[0]:
        n = struct.unpack("!H", buf[16:18])[0]
        lines.append(buf[:n].hex())
        buf = buf[n:]
with open(out, "w") as f:
    f.write("\n".join(lines) + "\n")
print(out, len(lines), "messages")
