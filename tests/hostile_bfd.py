#!/usr/bin/env python3
"""Malformed BFD Control packets from a configured single-hop peer, then a
clean three-way handshake and a flood, against a running ecsh.

    hostile_bfd.py PEER_IP ECSH_IP ECSH_SOCKET ECSH

No check sleeps for a fixed time and then reads a counter: each waits (with
a generous bound, for a loaded machine) until ecsh has handled a packet
sent after the ones it judges, so what it reads is final.  Every query
must exit 0 with the JSON it should; one that does not fails the run.
"""
import json
import socket
import struct
import subprocess
import sys
import threading
import time

sys.dont_write_bytecode = True  # no __pycache__ in the source tree
from tally import Tally  # noqa: E402

PEER, ECSH_IP, SOCK, ECSH = sys.argv[1:5]


def pkt(state=1, diag=0, flags=0, mult=3, my=0x1234, your=0, tx=200000,
        rx=200000, version=1, length=24):
    return struct.pack("!BBBBIIIII", (version << 5) | diag,
                       (state << 6) | flags, mult, length, my, your, tx, rx,
                       0)


class QueryFailed(Exception):
    """ecsh did not answer a query as it must."""


def ecsh_json(cmd, key):
    """The list under key of cmd's JSON answer; QueryFailed unless ecsh
    exits 0 with one JSON object that has it."""
    try:
        p = subprocess.run([ECSH, "--connect", SOCK, "-c", cmd + " json"],
                           capture_output=True, text=True, timeout=30)
    except subprocess.TimeoutExpired:
        raise QueryFailed("%r: no answer in 30 s" % cmd)
    if p.returncode != 0:
        raise QueryFailed("%r: exit status %d: %s" %
                          (cmd, p.returncode, p.stderr.strip()[-300:]))
    try:
        doc = json.loads(p.stdout)
    except ValueError as e:
        raise QueryFailed("%r: not JSON (%s): %r" % (cmd, e, p.stdout[:300]))
    if not isinstance(doc, dict) or not isinstance(doc.get(key), list):
        raise QueryFailed("%r: no %r list: %r" % (cmd, key, p.stdout[:300]))
    return doc[key]


def session():
    rows = [r for r in ecsh_json("show bfd sessions", "sessions")
            if r.get("peer_ip") == PEER]
    if len(rows) != 1:
        raise QueryFailed("show bfd sessions: %d sessions of %s" %
                          (len(rows), PEER))
    return rows[0]


def downs():
    """BfdSessionStatus:Down events of our session so far."""
    return sum(1 for e in ecsh_json("show events", "events")
               if e["name"] == "BfdSessionStatus:Down" and
               PEER in e["resource"])


def until(cond, seconds=15):
    """The session once cond holds of it, or as it is after seconds."""
    deadline = time.monotonic() + seconds
    while True:
        st = session()
        if cond(st) or time.monotonic() > deadline:
            return st
        time.sleep(0.1)


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


def keep_up(theirs, stop):
    """Up packets every 50 ms, as a peer at 200 ms x 3 sends them, so that
    the session's 600 ms detect time never runs out while a check waits."""
    while not stop.wait(0.05):
        s.sendto(pkt(state=3, your=theirs), (ECSH_IP, 3784))


def cases():
    for name, data in BAD:
        s.sendto(data, (ECSH_IP, 3784))
    st = until(lambda st: st["bad_packets"] >= len(BAD) or
               st["packets_received"] > 0)
    result(st["bad_packets"] == len(BAD), "each malformed packet is refused",
           ": %d of %d counted" % (st["bad_packets"], len(BAD)))
    result(st["packets_received"] == 0 and st["state"] == "Down",
           "and none of them moved the session", ": %s" % st)

    # single hop: TTL 254 means one router crossed (R6); ecsh reads its
    # datagrams in order, so once this one is judged, all of BAD were
    s.setsockopt(socket.IPPROTO_IP, socket.IP_TTL, 254)
    s.sendto(pkt(), (ECSH_IP, 3784))
    s.setsockopt(socket.IPPROTO_IP, socket.IP_TTL, 255)
    st = until(lambda st: st["ttl_drops"] >= 1 or
               st["packets_received"] > 0)
    result(st["ttl_drops"] == 1 and st["packets_received"] == 0 and
           st["state"] == "Down",
           "a packet with TTL 254 is dropped (R6, hops 1)", ": %s" % st)
    result(st["bad_packets"] == len(BAD),
           "no malformed packet counted twice, none late", ": %s" % st)

    # a clean handshake: our Down, its Init naming us, our Up
    s.sendto(pkt(state=1), (ECSH_IP, 3784))
    theirs = None
    deadline = time.monotonic() + 15
    while theirs is None and time.monotonic() < deadline:
        try:
            data, _ = s.recvfrom(64)
        except socket.timeout:
            s.sendto(pkt(state=1), (ECSH_IP, 3784))
            continue
        state, your = data[1] >> 6, struct.unpack("!I", data[8:12])[0]
        if your == 0x1234 and state in (2, 3):
            theirs = struct.unpack("!I", data[4:8])[0]
    result(theirs is not None, "after the garbage, a clean peer gets Init")
    if theirs is None:
        return
    stop = threading.Event()
    threading.Thread(target=keep_up, args=(theirs, stop), daemon=True).start()
    try:
        st = until(lambda st: st["state"] == "Up")
        result(st["state"] == "Up", "and the session comes Up", ": %s" % st)
        # a flood of valid packets keeps it Up, and the shell answers
        before, down0 = st["packets_received"], downs()
        for _ in range(20000):
            s.sendto(pkt(state=3, your=theirs), (ECSH_IP, 3784))
        st = session()
        down1 = downs()
        result(st["state"] == "Up" and down1 == down0,
               "a flood of 20000 packets: still Up, never Down meanwhile",
               ": %s, %d Down events during it" % (st["state"],
                                                   down1 - down0))
        result(st["packets_received"] - before >= 1000,
               "a flood: ecsh read it", ": %d packets counted" %
               (st["packets_received"] - before))
    finally:
        stop.set()


try:
    cases()
except (QueryFailed, OSError) as e:
    result(False, "the run stopped", ": %s" % e)
tally.finish()
