#!/usr/bin/env python3
"""A configured BGP peer that misbehaves, one way per session, against a
running ecsh; after each case ecsh must answer as RFC 4271 and RFC 7606
say, and then still bring up a clean session.

    hostile_peer.py SRC DST PORT PEER_AS LOCAL_AS ECSH_SOCKET ECSH

Each case names what it sends and what ecsh must do: reset the session
with a NOTIFICATION (code, subcode), or keep the session and treat the
routes as withdrawn (RFC 7606), which the case then checks in ecsh: the
route is announced cleanly first and must be installed, so that "gone"
means withdrawn and not "never arrived".  Every query to ecsh must exit 0
with a JSON answer of the expected shape; one that does not stops the run
as a failure, so a dead or refusing shell never reads as "route absent".
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

SRC, DST, PORT, PEER_AS, LOCAL_AS, SOCK, ECSH = sys.argv[1], sys.argv[2], \
    int(sys.argv[3]), int(sys.argv[4]), int(sys.argv[5]), sys.argv[6], \
    sys.argv[7]
MARKER = b"\xff" * 16


def msg(t, body, marker=MARKER, length=None):
    n = 19 + len(body) if length is None else length
    return marker + struct.pack("!HB", n, t) + body


def open_msg(version=4, asn=None, hold=9, ident="198.51.100.2", opt=None):
    asn = PEER_AS if asn is None else asn
    if opt is None:
        caps = bytes([1, 4, 0, 1, 0, 1, 2, 0, 65, 4]) + \
            struct.pack("!I", asn)
        opt = bytes([2, len(caps)]) + caps
    as2 = asn if asn < 65536 else 23456
    return msg(1, struct.pack("!BHH4sB", version, as2, hold,
                              socket.inet_aton(ident), len(opt)) + opt)


KEEPALIVE = msg(4, b"")


def attr(flags, code, value):
    if len(value) > 255:
        return bytes([flags | 0x10, code]) + struct.pack("!H", len(value)) \
            + value
    return bytes([flags, code, len(value)]) + value


ORIGIN = attr(0x40, 1, b"\x00")
AS_PATH = attr(0x40, 2, bytes([2, 1]) + struct.pack("!I", PEER_AS))
NEXT_HOP = attr(0x40, 3, socket.inet_aton(SRC))


def update(attrs, nlri=b"", withdrawn=b""):
    return msg(2, struct.pack("!H", len(withdrawn)) + withdrawn +
               struct.pack("!H", len(attrs)) + attrs + nlri)


def p24(a, b, c):
    return bytes([24, a, b, c])


class Peer:
    def __init__(self):
        self.s = socket.socket()
        self.s.settimeout(5)
        self.s.bind((SRC, 0))
        self.s.connect((DST, PORT))
        self.buf = b""
        self.lock = threading.Lock()
        self.closing = threading.Event()

    def send(self, data):
        with self.lock:
            self.s.sendall(data)

    def keep_alive(self):
        """A KEEPALIVE every 3 s, as a peer with hold time 9 s sends: a
        check that waits long for ecsh must not end the session itself."""
        while not self.closing.wait(3):
            try:
                self.send(KEEPALIVE)
            except OSError:
                return

    def read_msg(self, timeout=5):
        """(type, body), or None when the connection closed."""
        self.s.settimeout(timeout)
        while True:
            if len(self.buf) >= 19:
                n = struct.unpack("!H", self.buf[16:18])[0]
                if len(self.buf) >= n:
                    m, self.buf = self.buf[:n], self.buf[n:]
                    return m[18], m[19:]
            try:
                got = self.s.recv(65536)
            except (ConnectionResetError, socket.timeout):
                return None
            if not got:
                return None
            self.buf += got

    def notification(self, timeout=5):
        """The (code, subcode) of the NOTIFICATION ecsh sends, skipping
        OPEN and KEEPALIVE; None if it closes without one."""
        while True:
            m = self.read_msg(timeout)
            if m is None:
                return None
            if m[0] == 3:
                return m[1][0], m[1][1]

    def establish(self):
        self.send(open_msg() + KEEPALIVE)
        seen = set()
        while 1 not in seen or 4 not in seen:
            m = self.read_msg()
            if m is None:
                raise RuntimeError("no OPEN and KEEPALIVE from ecsh")
            if m[0] == 3:
                raise RuntimeError("NOTIFICATION %d/%d on a clean OPEN" %
                                   (m[1][0], m[1][1]))
            seen.add(m[0])
        threading.Thread(target=self.keep_alive, daemon=True).start()

    def alive(self):
        """The session stays: a KEEPALIVE goes and nothing resets it."""
        self.send(KEEPALIVE)
        deadline = time.time() + 1.5
        while time.time() < deadline:
            m = self.read_msg(timeout=0.3)
            if m is None:
                try:
                    self.s.send(b"")
                except OSError:
                    return False
                continue
            if m[0] == 3:
                return False
        return True

    def close(self):
        self.closing.set()
        with self.lock:
            self.s.close()


class QueryFailed(Exception):
    """ecsh did not answer a query as it must."""


def ecsh(cmd, timeout=30):
    """ecsh's output for cmd over --connect; QueryFailed unless it exits 0."""
    try:
        p = subprocess.run([ECSH, "--connect", SOCK, "-c", cmd],
                           capture_output=True, text=True, timeout=timeout)
    except subprocess.TimeoutExpired:
        raise QueryFailed("%r: no answer in %d s" % (cmd, timeout))
    if p.returncode != 0:
        raise QueryFailed("%r: exit status %d: %s" %
                          (cmd, p.returncode, p.stderr.strip()[-300:]))
    return p.stdout


def ecsh_list(cmd, key):
    """The list under key of cmd's JSON answer; QueryFailed if the answer
    is not one JSON object with that list."""
    out = ecsh(cmd + " json")
    try:
        doc = json.loads(out)
    except ValueError as e:
        raise QueryFailed("%r: not JSON (%s): %r" % (cmd, e, out[:300]))
    if not isinstance(doc, dict) or not isinstance(doc.get(key), list):
        raise QueryFailed("%r: no %r list: %r" % (cmd, key, out[:300]))
    return doc[key]


def routes():
    """The routes vbr v1 received, by prefix."""
    return {r["prefix"]: r for r in ecsh_list("show bgp routes vbr v1",
                                               "routes")}


def installed(prefix):
    return routes().get(prefix, {}).get("status") == "installed"


def our_session():
    """Our peer's row of show bgp peers."""
    rows = [r for r in ecsh_list("show bgp peers", "peers")
            if r.get("peer_ip") == SRC]
    if len(rows) != 1:
        raise QueryFailed("show bgp peers: %d rows for %s" % (len(rows), SRC))
    return rows[0]


def until(cond, seconds=15):
    """Poll cond until it holds or seconds pass; whether it held.  The
    bound is generous: on a loaded machine a query alone may take 1 s."""
    deadline = time.monotonic() + seconds
    while True:
        if cond():
            return True
        if time.monotonic() > deadline:
            return False
        time.sleep(0.1)


def settle():
    """Wait until ecsh has no session with us, so the next one is new."""
    if not until(lambda: our_session()["state"] != "Established"):
        raise RuntimeError("the last session with %s did not end" % SRC)


def processed(p, marker):
    """Send a clean UPDATE for marker after what p sent, and wait until
    ecsh installed it: what came before on the session has been handled
    (one session's UPDATEs are handled in order).  Whether it came."""
    p.send(update(GOOD, nlri(marker)))
    return until(lambda: installed(marker))


def nlri(prefix):
    a, b, c, _ = prefix.split("/")[0].split(".")
    return p24(int(a), int(b), int(c))


# (name, sent before any OPEN, expected NOTIFICATION)
BEFORE_OPEN = [
    ("bad marker", msg(1, b"\x04", marker=b"\x00" * 16), (1, 1)),
    ("length below 19", msg(4, b"", length=18), (1, 2)),
    ("length above 4096", MARKER + struct.pack("!HB", 5000, 2) +
     b"\x00" * 4981, (1, 2)),
    ("unknown message type", msg(9, b""), (1, 3)),
    ("OPEN with version 3", open_msg(version=3), (2, 1)),
    ("OPEN from the wrong AS", open_msg(asn=PEER_AS + 1), (2, 2)),
    ("OPEN with hold time 1", open_msg(hold=1), (2, 6)),
    ("OPEN with hold time 2", open_msg(hold=2), (2, 6)),
    ("OPEN with identifier 0.0.0.0", open_msg(ident="0.0.0.0"), (2, 3)),
    ("OPEN with an unknown optional parameter",
     open_msg(opt=bytes([99, 2, 0, 0])), (2, 4)),
    ("UPDATE before OPEN", update(ORIGIN + AS_PATH + NEXT_HOP,
                                  p24(10, 9, 1)), (5, None)),
]

GOOD = ORIGIN + AS_PATH + NEXT_HOP
# (name, UPDATE sent once Established, NOTIFICATION or None, prefix,
#  what becomes of it).  The session is kept (None) in the RFC 7606 rows:
#  "withdrawn": the prefix is announced cleanly first and must be
#  installed, then the UPDATE, which names it, must take it away;
#  "origin IGP": the UPDATE's route is installed with the first ORIGIN.
AFTER_OPEN = [
    ("attribute list longer than the message",
     msg(2, struct.pack("!HH", 0, 200) + GOOD), (3, 1), None, None),
    ("attribute length past the list (RFC 7606 4: treat as withdraw)",
     update(ORIGIN + bytes([0x40, 2, 60]) + b"\x02\x01", p24(10, 9, 1)),
     None, "10.9.1.0/24", "withdrawn"),
    ("AS_PATH segment with a bad count (treat as withdraw)",
     update(ORIGIN + attr(0x40, 2, bytes([2, 5]) +
                          struct.pack("!I", PEER_AS)) + NEXT_HOP,
            p24(10, 9, 2)), None, "10.9.2.0/24", "withdrawn"),
    ("AS_PATH segment of an unknown type (treat as withdraw)",
     update(ORIGIN + attr(0x40, 2, bytes([9, 1]) +
                          struct.pack("!I", PEER_AS)) + NEXT_HOP,
            p24(10, 9, 3)), None, "10.9.3.0/24", "withdrawn"),
    ("NLRI prefix length 33", update(GOOD, bytes([33, 10, 9, 4, 0, 0])),
     (3, 10), None, None),
    ("MP_REACH IPv6 with a 3-octet next hop",
     update(ORIGIN + AS_PATH + attr(0x80, 14, struct.pack("!HBB", 2, 1, 3) +
                                    b"\x20\x01\x0d" + b"\x00" +
                                    bytes([48, 0x20, 0x01, 0x0d, 0xb8, 0, 9]))),
     (3, 9), None, None),
    ("MP_REACH prefix length 129",
     update(ORIGIN + AS_PATH + attr(0x80, 14, struct.pack("!HBB", 2, 1, 16) +
                                    b"\x20\x01\x0d\xb8" + b"\x00" * 12 +
                                    b"\x00" + bytes([129]) + b"\x00" * 17)),
     (3, 9), None, None),
    ("ORIGIN twice (the first counts)",
     update(ORIGIN + attr(0x40, 1, b"\x02") + AS_PATH + NEXT_HOP,
            p24(10, 9, 5)), None, "10.9.5.0/24", "origin IGP"),
    ("MP_REACH twice",
     update(ORIGIN + AS_PATH +
            attr(0x80, 14, struct.pack("!HBB", 2, 1, 16) + b"\x20\x01\x0d"
                 b"\xb8" + b"\x00" * 12 + b"\x00" + bytes([48, 0x20, 1, 0x0d,
                                                          0xb8, 0, 9])) * 2),
     (3, 1), None, None),
    ("ORIGIN missing (treat as withdraw)",
     update(AS_PATH + NEXT_HOP, p24(10, 9, 6)), None, "10.9.6.0/24",
     "withdrawn"),
    ("NEXT_HOP missing (treat as withdraw)",
     update(ORIGIN + AS_PATH, p24(10, 9, 7)), None, "10.9.7.0/24",
     "withdrawn"),
    ("ORIGIN of value 7 (treat as withdraw)",
     update(attr(0x40, 1, b"\x07") + AS_PATH + NEXT_HOP, p24(10, 9, 8)),
     None, "10.9.8.0/24", "withdrawn"),
    # RFC 7606 5.2: the framing breaks and no NLRI is to be found, so
    # nothing could be withdrawn: a reset
    ("attribute past the list and no NLRI (RFC 7606 5.2: reset)",
     update(ORIGIN + bytes([0x40, 2, 60]) + b"\x02\x01"), (3, 1), None, None),
]

# RFC 7606 7, 7607, 8092 after a good route for the same prefix, which
# must be installed first: treat as withdraw takes that route away;
# attribute discard keeps the route.
# (name, attributes, "withdrawn" or "kept")
AFTER_ROUTE = [
    ("AS 0 in AS_PATH (RFC 7607 2: treat as withdraw)",
     ORIGIN + attr(0x40, 2, bytes([2, 2]) + struct.pack("!II", PEER_AS, 0)) +
     NEXT_HOP, "withdrawn"),
    ("EXTENDED_COMMUNITIES of 7 octets (RFC 7606 7.14: treat as withdraw)",
     GOOD + attr(0xc0, 16, b"\x00\x02\x00\x00\xfd\xe8\x00"), "withdrawn"),
    ("LARGE_COMMUNITY of 13 octets (RFC 8092 6: treat as withdraw)",
     GOOD + attr(0xc0, 32, b"\x00" * 13), "withdrawn"),
    ("CLUSTER_LIST of 6 octets from an external peer (RFC 7606 7.10: "
     "discard)", GOOD + attr(0x80, 10, b"\xc0\x00\x02\x01\xc0\x00"), "kept"),
    ("LOCAL_PREF from an external peer (RFC 7606 7.5: discard)",
     GOOD + attr(0x40, 5, struct.pack("!I", 100)), "kept"),
    ("LOCAL_PREF of 2 octets from an external peer (RFC 7606 7.5: discard, "
     "not withdraw)", GOOD + attr(0x40, 5, b"\x00\x64"), "kept"),
    ("ORIGINATOR_ID from an external peer (RFC 7606 7.9: discard)",
     GOOD + attr(0x80, 9, socket.inet_aton("192.0.2.1")), "kept"),
    ("AGGREGATOR of AS 0 (RFC 7607 2: discard)",
     GOOD + attr(0xc0, 7, struct.pack("!I", 0) + socket.inet_aton(SRC)),
     "kept"),
]


def main():
    tally = Tally("hostile")
    try:
        cases(tally.result)
    except (QueryFailed, RuntimeError, OSError) as e:
        tally.result(False, "the run stopped", ": %s" % e)
    tally.finish()


def cases(result):
    for name, data, want in BEFORE_OPEN:
        settle()
        p = Peer()
        p.send(data)
        got = p.notification()
        p.close()
        ok = got is not None and got[0] == want[0] and \
            (want[1] is None or got[1] == want[1])
        result(ok, name, ": NOTIFICATION %s, wanted %s" % (got, want))
    for i, (name, data, want, prefix, outcome) in enumerate(AFTER_OPEN):
        settle()
        p = Peer()
        p.establish()
        if outcome == "withdrawn":
            p.send(update(GOOD, nlri(prefix)))
            result(until(lambda: installed(prefix)),
                   name + ": the clean announcement is installed first",
                   ": %s missing" % prefix)
        p.send(data)
        if want is not None:
            got = p.notification()
            result(got == want, name,
                   ": NOTIFICATION %s, wanted %s" % (got, want))
            p.close()
            continue
        result(p.alive(), name, ": the session was reset")
        if outcome is not None:
            marker = "10.7.%d.0/24" % i
            result(processed(p, marker), name + ": a clean UPDATE after it "
                   "is installed", ": %s missing" % marker)
            got = routes().get(prefix)
            if outcome == "withdrawn":
                result(got is None, name + ": withdrawn",
                       ": %s still there: %s" % (prefix, got))
            else:
                result(got is not None and got["status"] == "installed" and
                       got["origin"] == "IGP", name + ": installed, IGP",
                       ": %s is %s" % (prefix, got))
        p.close()
    for i, (name, attrs, outcome) in enumerate(AFTER_ROUTE):
        settle()
        p = Peer()
        p.establish()
        prefix = "10.8.%d.0/24" % i
        p.send(update(GOOD, p24(10, 8, i)))
        first = until(lambda: installed(prefix))
        result(first, name + ": the clean route is installed first",
               ": %s missing" % prefix)
        p.send(update(attrs, p24(10, 8, i)))
        result(p.alive(), name, ": the session was reset")
        marker = "10.7.%d.0/24" % (100 + i)
        result(processed(p, marker), name + ": a clean UPDATE after it is "
               "installed", ": %s missing" % marker)
        have = installed(prefix)
        result(first and have == (outcome == "kept"),
               name + ": the route is " + outcome,
               ": %s %s%s" % (prefix, "installed" if have else "missing",
                              "" if first else ", never installed first"))
        p.close()
    # a flood: 20000 UPDATEs of one route each, then a clean withdraw;
    # the route limit (R5, 110) holds and ecsh keeps answering
    settle()
    p = Peer()
    p.establish()
    flood = b"".join(update(GOOD, p24(11, i >> 8, i & 0xff))
                     for i in range(20000))
    t0 = time.time()
    p.send(flood)
    result(p.alive(), "a flood of 20000 UPDATEs: the session stays")
    # the flood's last route counts as received (dropped) once it is read
    last = "11.78.31.0/24"
    result(until(lambda: last in routes()), "a flood: all of it is read",
           ": %s not received" % last)
    peer = our_session()
    result(peer["routes_received"] == 110,
           "a flood: the route limit holds", ": %s" % peer)
    result(any(e["name"] == "BgpPeerReceiveRoutes:Exceed"
               for e in ecsh_list("show events", "events")),
           "a flood: the limit's event is raised")
    print("  (flood of %d bytes taken in %.2f s)" % (len(flood),
                                                     time.time() - t0))
    p.close()
    # capabilities ecsh does not know are ignored (RFC 5492 3): the
    # session comes up
    settle()
    p = Peer()
    caps = bytes([1, 4, 0, 1, 0, 1, 65, 4]) + struct.pack("!I", PEER_AS) + \
        bytes([200, 3, 1, 2, 3, 128, 0])
    p.send(open_msg(opt=bytes([2, len(caps)]) + caps) + KEEPALIVE)
    kinds = set()
    while True:
        m = p.read_msg()
        if m is None or m[0] == 3:
            break
        kinds.add(m[0])
        if {1, 4} <= kinds:
            break
    result({1, 4} <= kinds and p.alive(),
           "OPEN with unknown capabilities: the session comes up")
    p.close()
    # a peer that vanishes in the middle of an UPDATE: its routes go
    settle()
    p = Peer()
    p.establish()
    p.send(update(GOOD, p24(10, 9, 50)))
    result(until(lambda: installed("10.9.50.0/24")),
           "a peer gone mid-UPDATE: its route is installed first")
    half = update(GOOD, p24(10, 9, 51))
    p.send(half[:len(half) // 2])
    p.close()
    result(until(lambda: "10.9.50.0/24" not in routes() and
                 our_session()["state"] != "Established"),
           "a peer gone mid-UPDATE: session down, its routes gone")
    # a peer that stops reading while asking for everything again and
    # again (ROUTE-REFRESH): ecsh queues, and the shell still answers
    settle()
    p = Peer()
    p.establish()
    p.s.setsockopt(socket.SOL_SOCKET, socket.SO_RCVBUF, 4096)
    refresh = msg(5, struct.pack("!HBB", 1, 0, 1))
    p.send(refresh * 100000)

    def send_queue():
        out = subprocess.run(["ss", "-Htn", "state", "established",
                              "( sport = :%d )" % PORT],
                             capture_output=True, text=True).stdout.split()
        return int(out[1]) if len(out) > 1 else 0

    def full():
        """The kernel holds all it will of ecsh's answers (several MB of
        them): the queue stopped growing.  From here on a write to the
        peer would block, and ecsh must wait for room in the loop."""
        before = send_queue()
        time.sleep(1)
        return before > 100000 and send_queue() == before
    result(until(full, 30), "a peer that does not read: ecsh's send queue "
           "fills", " (%d bytes queued)" % send_queue())
    # an engine that waited for the peer to read would never answer while
    # it does not: the answer must come, and the queue still be full
    answer = ecsh("show version")
    queued = send_queue()
    result("Version" in answer and queued > 100000,
           "a peer that does not read: the shell answers meanwhile",
           ": %r, %d bytes still queued" % (answer[:80], queued))
    p.close()
    # after all that, a clean session
    settle()
    p = Peer()
    p.establish()
    p.send(update(GOOD, p24(10, 9, 99)))
    result(until(lambda: installed("10.9.99.0/24")),
           "a clean session afterwards learns its route")
    p.close()


main()
