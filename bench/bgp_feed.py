#!/usr/bin/env python3
"""A BGP speaker that announces N IPv4 /24s as fast as the receiver takes
them: connect to HOST:PORT from SRC, exchange OPENs, then send pre-encoded
UPDATEs of about 1000 prefixes each.  Prints the time the feed took to
send; the caller measures when the receiver has installed them all.

    bgp_feed.py SRC HOST PORT LOCAL_AS PEER_AS N
"""
import socket, struct, sys, time

src, host, port, local_as, peer_as, n = sys.argv[1], sys.argv[2], \
    int(sys.argv[3]), int(sys.argv[4]), int(sys.argv[5]), int(sys.argv[6])

def msg(t, body):
    return b"\xff" * 16 + struct.pack("!HB", 19 + len(body), t) + body

caps = bytes([1, 4, 0, 1, 0, 1, 65, 4]) + struct.pack("!I", local_as)
opt = bytes([2, len(caps)]) + caps
as2 = local_as if local_as < 65536 else 23456
openm = msg(1, struct.pack("!BHHIB", 4, as2, 180, 0xc6336409, len(opt)) + opt)

attrs = bytes([0x40, 1, 1, 0])                              # ORIGIN IGP
attrs += bytes([0x40, 2, 6, 2, 1]) + struct.pack("!I", local_as)  # AS_PATH
attrs += bytes([0x40, 3, 4]) + socket.inet_aton("198.51.100.9")   # NEXT_HOP
updates, i = [], 0
while i < n:
    k = min(1000, n - i)
    nlri = b"".join(bytes([24]) + struct.pack("!I", (0x0b000000 + ((i + j) << 8)))[:3]
                    for j in range(k))
    updates.append(msg(2, struct.pack("!H", 0) + struct.pack("!H", len(attrs)) +
                       attrs + nlri))
    i += k
blob = b"".join(updates)

s = socket.socket()
s.bind((src, 0))
s.connect((host, port))
s.sendall(openm + msg(4, b""))
got = b""
while got.count(b"\xff" * 16) < 2:      # their OPEN and KEEPALIVE
    got += s.recv(65536)
t0 = time.perf_counter()
s.sendall(blob)
print("sent %d prefixes in %d UPDATEs in %.3f s" % (n, len(updates),
      time.perf_counter() - t0), flush=True)
time.sleep(float(sys.argv[7]) if len(sys.argv) > 7 else 600)
