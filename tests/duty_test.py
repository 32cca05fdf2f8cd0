#!/usr/bin/env python3
"""The engine's duty to its protocols (SPEC 10), on the real clock: the
ECMP example with BFD at 200 ms x 3 on both circuits, while at once a CPE
leaks a large table into vbr2, four clients stream a large table, a fifth
stops reading its own, and a session commits a candidate of 100k lines;
then both VBRs carry the large table and a drill cuts vbr1.  Whatever the
engine is asked to do, no BFD session of a circuit that was not cut goes
Down, and vbr2's BGP session stays Established through the drill.

Twice: with the cloud's quotas on (the leak is held past R5's limit, the
shows list the held routes) and off (vbr3 carries a table from a real
BGP speaker on loopback, and the leak reaches both VBRs' ECMP).

    tests/duty_test.py ECSH SOURCE_DIR [PREFIXES]
"""
import json
import os
import re
import signal
import subprocess
import sys
import tempfile
import time

sys.dont_write_bytecode = True  # no __pycache__ in the source tree
from tally import Tally  # noqa: E402

ECSH, SRC = sys.argv[1], sys.argv[2]
N = int(sys.argv[3]) if len(sys.argv) > 3 else 300000
tally = Tally("duty")
T0 = time.time()


def say(what):
    print("  %6.1f s  %s" % (time.time() - T0, what), flush=True)


def run(sock, *commands, timeout=300):
    args = [ECSH, "--connect", sock]
    for c in commands:
        args += ["-c", c]
    p = subprocess.run(args, capture_output=True, text=True, timeout=timeout)
    return p.stdout + p.stderr


def example_config():
    text = open(os.path.join(SRC, "examples/ecr-ecmp.ecsh")).read()
    start = text.index("configure\n")
    return text[start:text.index("\nend\n", start)] + "\n"


def networks(path, cpe, n, first=20):
    with open(path, "w") as f:
        f.write("configure\ncpe %s\n" % cpe)
        for i in range(n):
            f.write(" network %d.%d.%d.0/24\n" % (first + (i >> 16),
                                                  (i >> 8) & 255, i & 255))
        f.write("end\n")


def big_candidate(path):
    body = subprocess.run(["awk", "-v", "lines=100000", "-v", "body=1", "-f",
                           os.path.join(SRC, "bench/big_config.awk")],
                          capture_output=True, text=True, check=True).stdout
    with open(path, "w") as f:
        f.write("configure session big\n" + body + "commit\nend\n")


def events(sock):
    return json.loads(run(sock, "show events json"))["events"]


def downs(evs):
    return [e for e in evs if e["name"] in ("BfdSessionStatus:Down",
                                           "BGPPeerStatus:Down")]


class Lab:
    def __init__(self, tmp, quotas, listen_port=None):
        self.sock = os.path.join(tmp, "quotas" if quotas else "lab")
        cfg = example_config()
        if listen_port is not None:
            cfg += ("bgp listen 127.0.0.1 port %d\nvbr vbr3\n bgp-group g\n"
                    "  local-asn 64512\n  peer-asn 65009\n"
                    " bgp-peer 127.0.0.9\n  group g\n" % listen_port)
        path = self.sock + ".ecsh"
        with open(path, "w") as f:
            f.write(cfg + "end\n")
        args = [ECSH, "--serve", self.sock, "-f", path]
        if not quotas:
            args.insert(1, "--no-quotas")
        self.p = subprocess.Popen(args, stdin=subprocess.DEVNULL,
                                  stdout=subprocess.DEVNULL,
                                  stderr=subprocess.DEVNULL)
        for _ in range(200):
            if os.path.exists(self.sock):
                break
            time.sleep(0.05)
        up = run(self.sock, "wait bgp established vbr vbr1 timeout 30",
                 "wait bgp established vbr vbr2 timeout 30",
                 "wait bfd up timeout 30")
        tally.result("%" not in up, "the lab comes up", ": " + up)

    def close(self):
        run(self.sock, "shutdown")
        try:
            self.p.wait(timeout=30)
        except subprocess.TimeoutExpired:
            self.p.kill()


def clients_at_once(sock, jobs):
    """Start every job, each a list of -c commands or ('f', FILE); their
    outputs once all are done."""
    procs = []
    for job in jobs:
        args = [ECSH, "--connect", sock]
        if job[0] == "f":
            args += ["-f", job[1]]
        else:
            for c in job:
                args += ["-c", c]
        procs.append(subprocess.Popen(args, stdout=subprocess.PIPE,
                                      stderr=subprocess.PIPE, text=True))
    outs = []
    for p in procs:
        out, err = p.communicate(timeout=900)
        outs.append((p.returncode, out, err))
    return outs


def held_cut(sock, why):
    evs = events(sock)
    bad = downs(evs)
    tally.result(not bad, "no BFD or BGP session went down " + why,
                 ": " + "; ".join("%s %s %s" % (e["name"], e["resource"],
                                                e["detail"]) for e in bad))
    return evs


def with_quotas(tmp):
    lab = Lab(tmp, True)
    leak = os.path.join(tmp, "leak2.ecsh")
    networks(leak, "cpe2", N)
    cand = os.path.join(tmp, "big.ecsh")
    big_candidate(cand)
    show = "show bgp routes vbr vbr2 received"
    say("quotas on: the lab is up; the leak, four shows, a commit")
    outs = clients_at_once(lab.sock, [
        ["load " + leak], [show], [show + " json"], [show], [show + " json"],
        ("f", cand)])
    say("quotas on: done")
    tally.result(all(rc == 0 for rc, _, _ in outs),
                 "quotas on: the leak, the shows and the commit succeed",
                 ": " + " | ".join(err.strip()[:200] for _, _, err in outs
                                   if err.strip()))
    tally.result("Commit" in outs[5][1], "quotas on: the candidate commits",
                 ": " + outs[5][1][-300:])
    peers = json.loads(run(lab.sock, "show bgp peers vbr vbr2 json"))["peers"]
    tally.result(peers and peers[0]["routes_received"] == 110 and
                 peers[0]["routes_dropped"] > 60000,
                 "quotas on: 110 routes installed, the rest held (R5)",
                 ": %s" % peers)
    evs = held_cut(lab.sock, "while a data center leaked past its quota")
    tally.result(any(e["name"] == "BgpPeerReceiveRoutes:Exceed" for e in evs),
                 "quotas on: the leak raised its Exceed event")
    lab.close()


def without_quotas(tmp):
    port = 20000 + os.getpid() % 20000
    lab = Lab(tmp, False, port)
    feed = subprocess.Popen(["python3", os.path.join(SRC, "bench/bgp_feed.py"),
                             "127.0.0.9", "127.0.0.1", str(port), "65009",
                             "64512", str(N), "900"],
                            stdout=subprocess.DEVNULL)
    say("quotas off: a real speaker feeds vbr3")
    ok = False
    for _ in range(600):
        if ("%d routes" % N) in run(lab.sock,
                                    "show route-table vbr vbr3 summary"):
            ok = True
            break
        time.sleep(0.2)
    tally.result(ok, "vbr3 learns %d routes from a real speaker" % N)
    leak2 = os.path.join(tmp, "leak2.ecsh")
    leak1 = os.path.join(tmp, "leak1.ecsh")
    networks(leak2, "cpe2", N)
    networks(leak1, "cpe1", N)
    cand = os.path.join(tmp, "big.ecsh")
    big_candidate(cand)
    # a client that stops reading: its show waits, the engine does not
    slow = subprocess.Popen("%s --connect %s -c 'show route-table vbr vbr3 "
                            "json' | (sleep 600; cat >/dev/null)" %
                            (ECSH, lab.sock), shell=True,
                            start_new_session=True)
    show = "show route-table vbr vbr3"
    say("quotas off: vbr3 is full; the leak, four shows, a slow one, a "
        "commit")
    outs = clients_at_once(lab.sock, [
        ["load " + leak2], [show], [show + " json"], [show], [show + " json"],
        ("f", cand)])
    say("quotas off: done")
    tally.result(all(rc == 0 for rc, _, _ in outs),
                 "quotas off: the leak, the shows and the commit succeed",
                 ": " + " | ".join(err.strip()[:200] for _, _, err in outs
                                   if err.strip()))
    rows = [o[1].count("\n") - 1 for o in (outs[1], outs[3])]
    tally.result(rows == [N, N], "the text shows stream every route",
                 ": %s rows" % rows)
    for o in (outs[2], outs[4]):
        try:
            n = len(json.loads(o[1])["routes"])
        except ValueError:
            n = -1
        tally.result(n == N, "the JSON shows stream every route",
                     ": %d routes" % n)
    tally.result("Commit" in outs[5][1], "quotas off: the candidate commits",
                 ": " + outs[5][1][-300:])
    slow_done = slow.poll() is None
    tally.result(slow_done, "the client that stops reading is still "
                 "waiting, and everyone else was served")
    held_cut(lab.sock, "while the loads ran at once")
    # both VBRs carry the table: the drill's ECMP shrink is that big
    say("cpe1 announces the large table too")
    out = run(lab.sock, "load " + leak1,
              "wait bgp converged vbr vbr1 timeout 300",
              "show route-table ecr ecr1 summary")
    m = re.search(r"(\d+) routes to (\d+) prefixes", out)
    tally.result(m is not None and int(m.group(2)) > N,
                 "the ECR holds the large table over both VBRs", ": " + out)
    ecmp = json.loads(run(lab.sock, "show ecr ecr1 json"))
    before = events(lab.sock)
    # the log is a ring: what came after the drill began is told by time
    since = json.loads(run(lab.sock, "show clock json"))["time"]
    say("the drill")
    out = run(lab.sock, "failure-drill start vbr vbr1",
              "wait bfd down peer 10.10.1.5 timeout 10", "sleep 4",
              "show failure-drill json", "show bgp peers vbr vbr2 json")
    docs = [json.loads(x) for x in out.splitlines() if x.startswith("{")]
    drill = docs[0]["drills"][-1] if docs else {}
    tally.result(drill.get("ecmp_shrink_ms") is not None and
                 drill["ecmp_shrink_ms"] >= 0,
                 "the drill shrank the ECMP set of the large table",
                 ": %s %s" % (drill, ecmp))
    peer2 = docs[1]["peers"][0] if len(docs) > 1 else {}
    tally.result(peer2.get("state") == "Established",
                 "vbr2 stays Established through the drill", ": %s" % peer2)
    bad = [e for e in downs(events(lab.sock))
           if e["time"] >= since and "vbr1" not in e["resource"]]
    tally.result(not bad, "the drill took down only what it cut",
                 ": " + "; ".join("%s %s %s" % (e["name"], e["resource"],
                                                e["detail"]) for e in bad))
    tally.result(not downs(before), "nothing went down before the drill")
    print(run(lab.sock, "show engine"))
    os.killpg(slow.pid, signal.SIGKILL)
    feed.kill()
    lab.close()


with tempfile.TemporaryDirectory() as tmp:
    with_quotas(tmp)
    without_quotas(tmp)
tally.finish()
