#!/usr/bin/env python3
"""Malformed BFD Control packets from a configured single-hop peer, then a
clean three-way handshake and a flood, against a running ecsh.

    hostile_bfd.py PEER_IP ECSH_IP ECSH_SOCKET ECSH
"""
import json
import socket
import struct
import subprocess
import sys
import time

from tally import Tally

PEER, ECSH_IP, SOCK, ECSH = sys.argv[1:5]


def pkt(state=1, diag=0, flags=0, mult=3, my=0x1234, your=0, tx=200000,
        rx=200000, version=1, length=24):
    return struct.pack("!BBBBIIIII", (version << 5) | diag,
                       (state << 6) | flags, mult, length, my, your, tx, rx,
                       0)


def session():
    out = subprocess.run([ECSH, "--connect", SOCK, "-c",
                          "show bfd sessions json"], capture_output=True,
                         text=True).stdout
    return json.loads(out)["sessions"][0]


s = socket.socket(socket.AF_INET, socket.SOCK_DGRAM)
s.bind((PEER, 3784))
s.setsockopt(socket.IPPROTO_IP, socket.IP_TTL, 255)
s.settimeout(3)

BAD = [
    ("version 2", pkt(version=2)),
    ("length field 20", pkt(length=20)),
    ("length field past the datagram", pkt(length=40)),
    ("a 10-octet datagram", pkt()[:10]),
    ("detect multiplier 0", pkt(mult=0)),
    ("multipoint bit", pkt(flags=0x01)),
    ("my discriminator 0", pkt(my=0)),
    ("your discriminator 0 while Up", pkt(state=3)),
    ("Poll and Final together", pkt(flags=0x30)),
    ("authentication bit, none configured", pkt(flags=0x04)),
]
tally = Tally("hostile bfd")
result = tally.result


for name, data in BAD:
    s.sendto(data, (ECSH_IP, 3784))
time.sleep(0.5)
st = session()
result(st["bad_packets"] == len(BAD), "each malformed packet is refused",
       ": %d of %d counted" % (st["bad_packets"], len(BAD)))
result(st["packets_received"] == 0 and st["state"] == "Down",
       "and none of them moved the session", ": %s" % st)

# single hop: TTL 254 means one router crossed (R6)
s.setsockopt(socket.IPPROTO_IP, socket.IP_TTL, 254)
s.sendto(pkt(), (ECSH_IP, 3784))
time.sleep(0.3)
s.setsockopt(socket.IPPROTO_IP, socket.IP_TTL, 255)
st = session()
result(st["ttl_drops"] == 1 and st["state"] == "Down",
       "a packet with TTL 254 is dropped (R6, hops 1)", ": %s" % st)

# a clean handshake: our Down, its Init naming us, our Up
s.sendto(pkt(state=1), (ECSH_IP, 3784))
theirs = None
deadline = time.time() + 5
while time.time() < deadline:
    data, _ = s.recvfrom(64)
    state, your = data[1] >> 6, struct.unpack("!I", data[8:12])[0]
    if your == 0x1234 and state in (2, 3):
        theirs = struct.unpack("!I", data[4:8])[0]
        break
result(theirs is not None, "after the garbage, a clean peer gets Init")
if theirs is not None:
    s.sendto(pkt(state=3, your=theirs), (ECSH_IP, 3784))
    ok = False
    for _ in range(20):
        if session()["state"] == "Up":
            ok = True
            break
        s.sendto(pkt(state=3, your=theirs), (ECSH_IP, 3784))
        time.sleep(0.1)
    result(ok, "and the session comes Up")
    # a flood of valid packets keeps it Up, and the shell answers
    for _ in range(20000):
        s.sendto(pkt(state=3, your=theirs), (ECSH_IP, 3784))
    t0 = time.time()
    st = session()
    result(st["state"] == "Up" and time.time() - t0 < 2,
           "a flood of 20000 packets: still Up, the shell answers",
           ": %s in %.2f s" % (st["state"], time.time() - t0))
tally.finish()
