#!/usr/bin/env python3
"""A BGP speaker that announces N prefixes as fast as the receiver takes
them: IPv4 /24s in UPDATEs of 1000, or with --ipv6 IPv6 /48s in
MP_REACH_NLRI UPDATEs of 500 (each fits the 4096-byte limit).  Every
UPDATE is encoded before the session opens, so the sender is not what is
measured.  It connects to HOST:PORT from SRC, exchanges OPENs, prints
"established EPOCH" the moment it starts sending, then "sent ..." and
holds the session open for HOLD seconds.

    bgp_feed.py [--ipv6] SRC HOST PORT LOCAL_AS PEER_AS N [HOLD]
"""
import socket, struct, sys, time

args = sys.argv[1:]
ipv6 = args[0] == "--ipv6"
if ipv6:
    args = args[1:]
src, host, port, local_as, peer_as, n = args[0], args[1], int(args[2]), \
    int(args[3]), int(args[4]), int(args[5])
hold = float(args[6]) if len(args) > 6 else 600


def msg(t, body):
    return b"\xff" * 16 + struct.pack("!HB", 19 + len(body), t) + body


def attr(flags, code, value):
    if len(value) > 255:
        return bytes([flags | 0x10, code]) + struct.pack("!H", len(value)) + value
    return bytes([flags, code, len(value)]) + value


caps = bytes([1, 4, 0, 1, 0, 1]) + bytes([1, 4, 0, 2, 0, 1]) + \
    bytes([65, 4]) + struct.pack("!I", local_as)
opt = bytes([2, len(caps)]) + caps
as2 = local_as if local_as < 65536 else 23456
openm = msg(1, struct.pack("!BHHIB", 4, as2, 180, 0xc6336409, len(opt)) + opt)

common = attr(0x40, 1, bytes([0]))                                  # ORIGIN IGP
common += attr(0x40, 2, bytes([2, 1]) + struct.pack("!I", local_as))  # AS_PATH
updates, i = [], 0
while i < n:
    if ipv6:
        k = min(500, n - i)
        nlri = b"".join(bytes([48, 0x2a, 0x00]) + struct.pack("!I", i + j)
                        for j in range(k))
        nh = socket.inet_pton(socket.AF_INET6, "2001:db8::9")
        attrs = common + attr(0x80, 14, struct.pack("!HBB", 2, 1, 16) + nh +
                              b"\x00" + nlri)
        body = struct.pack("!H", 0) + struct.pack("!H", len(attrs)) + attrs
    else:
        k = min(1000, n - i)
        nlri = b"".join(bytes([24]) + struct.pack("!I", 0x0b000000 +
                        ((i + j) << 8))[:3] for j in range(k))
        attrs = common + attr(0x40, 3, socket.inet_aton("198.51.100.9"))
        body = struct.pack("!H", 0) + struct.pack("!H", len(attrs)) + attrs + nlri
    updates.append(msg(2, body))
    i += k
blob = b"".join(updates)

s = socket.socket()
s.bind((src, 0))
s.connect((host, port))
s.sendall(openm + msg(4, b""))
got = b""
while got.count(b"\xff" * 16) < 2:      # their OPEN and KEEPALIVE
    got += s.recv(65536)
print("established %.6f" % time.time(), flush=True)
t0 = time.perf_counter()
s.sendall(blob)
print("sent %d prefixes in %d UPDATEs in %.3f s" % (n, len(updates),
      time.perf_counter() - t0), flush=True)
time.sleep(hold)
