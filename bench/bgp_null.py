#!/usr/bin/env python3
"""A null BGP receiver, the floor of the ingestion table: it does none of
a receiver's work.  It listens on HOST:PORT for one session, sends its
OPEN (hold time 0: no keepalives either way) and a KEEPALIVE the moment
the peer connects, then reads the socket and throws every message away,
looking only at the 19-byte headers to count the UPDATEs.  When it has
counted as many as bench/bgp_feed.py sends for N prefixes (one per 1000
IPv4 /24s, or with --ipv6 one per 500 IPv6 /48s), it prints "received K
UPDATEs", and reads on until the peer goes.  Timed like any receiver
(Established until that line is seen), it gives what every figure of the
table holds before the receiver does anything: the feed's sending,
loopback TCP and the harness's poll.  Prints "listening" once it is.

    bgp_null.py [--ipv6] HOST PORT LOCAL_AS N
"""
import socket
import struct
import sys

args = sys.argv[1:]
ipv6 = args[0] == "--ipv6"
if ipv6:
    args = args[1:]
host, port, local_as, n = args[0], int(args[1]), int(args[2]), int(args[3])
per = 500 if ipv6 else 1000
want = (n + per - 1) // per


def msg(t, body):
    return b"\xff" * 16 + struct.pack("!HB", 19 + len(body), t) + body


caps = bytes([1, 4, 0, 1, 0, 1]) + bytes([1, 4, 0, 2, 0, 1]) + \
    bytes([65, 4]) + struct.pack("!I", local_as)
opt = bytes([2, len(caps)]) + caps
as2 = local_as if local_as < 65536 else 23456
openm = msg(1, struct.pack("!BHHIB", 4, as2, 0, 0xc6336401, len(opt)) + opt)

ls = socket.socket()
ls.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
ls.bind((host, port))
ls.listen(1)
print("listening", flush=True)
s, _ = ls.accept()
s.sendall(openm + msg(4, b""))
buf, updates, said = bytearray(), 0, False
while True:
    chunk = s.recv(1 << 20)
    if not chunk:
        break
    buf += chunk
    off = 0
    while len(buf) - off >= 19:
        length = buf[off + 16] << 8 | buf[off + 17]
        if length < 19 or len(buf) - off < length:
            break
        updates += buf[off + 18] == 2
        off += length
    del buf[:off]
    if not said and updates >= want:
        print("received %d UPDATEs" % updates, flush=True)
        said = True
