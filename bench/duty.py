#!/usr/bin/env python3
"""The engine's duty to its protocols (SPEC 10), measured: the ECMP example
with BFD at 200 ms x 3 on both circuits (real clock), and beside it vbr3
with N prefixes from a real BGP speaker on loopback (bench/bgp_feed.py).
For each load of SPEC 10, and for all of them at once, the timer
lateness ecsh itself saw (show engine, started afresh by clear engine)
and, from the other end of a circuit, the longest silence between two BFD
packets the in-process CPE heard (show bfd sessions json, max_rx_gap_ms):
what a router on the far side would have seen.  Then the ECMP shrink of
N prefixes after a drill, end to end.  One line per figure; bench/run
makes the rows.  The clients run at nice 10 (NICE=0 to share the cores
evenly): on two cores, eight busy clients and the engine take turns, and
a slice the scheduler stops for a while looks like a late round.  A
benchmark: it asserts nothing but that the work it measures under ran:
a load whose shell exits non-zero prints "duty: WHAT: FAILED, ..." in
place of its figures, any other command that fails stops the script,
and either way it exits 1.

    bench/duty.py ECSH [N]
"""
import json
import os
import subprocess
import sys
import tempfile
import time

HERE = os.path.dirname(os.path.abspath(__file__))
ECSH = sys.argv[1]
N = int(sys.argv[2]) if len(sys.argv) > 2 else 1000000
NICE = int(os.environ.get("NICE", "10"))


failed = False
children = []       # killed on the way out, whatever the way


def run(sock, *commands, timeout=900):
    args = [ECSH, "--connect", sock]
    for c in commands:
        args += ["-c", c]
    p = subprocess.run(args, capture_output=True, text=True, timeout=timeout)
    if p.returncode != 0:
        sys.exit("duty.py: %s: exit %d: %s" % ("; ".join(commands),
                                               p.returncode, p.stderr.strip()))
    return p.stdout


def networks(path, cpe, n, first):
    with open(path, "w") as f:
        f.write("configure\ncpe %s\n" % cpe)
        for i in range(n):
            f.write(" network %d.%d.%d.0/24\n" % (first + (i >> 16),
                                                  (i >> 8) & 255, i & 255))
        f.write("end\n")


def big_candidate(path, prefix):
    body = subprocess.run(["awk", "-v", "lines=100000", "-v", "body=1", "-f",
                           os.path.join(HERE, "big_config.awk")],
                          capture_output=True, text=True, check=True).stdout
    body = body.replace("vbr v", "vbr " + prefix)
    with open(path, "w") as f:
        f.write("configure session %s\n%scommit\nend\n" % (prefix, body))


def gaps(sock):
    """The longest silence each cloud-side BFD session heard, in ms."""
    doc = json.loads(run(sock, "show bfd sessions json"))
    return max((s.get("max_rx_gap_ms", 0) for s in doc["sessions"]),
               default=0)


def clock(sock):
    return json.loads(run(sock, "show clock json"))["time"]


def downs(sock, since):
    """BFD Downs from since (the engine's clock) on: counted by time, as
    the log is a ring that, full, drops one event for each it takes."""
    doc = json.loads(run(sock, "show events json"))
    return sum(e["name"] == "BfdSessionStatus:Down" and e["time"] >= since
               for e in doc["events"])


def at_once(sock, jobs):
    procs = []
    for job in jobs:
        args = [ECSH, "--connect", sock]
        if job[0] == "f":
            args += ["-f", job[1]]
        else:
            for c in job:
                args += ["-c", c]
        # the clients yield the two cores to the engine, as a router's
        # CLI yields to its routing process: what is measured is the
        # engine's slicing, not the scheduler sharing a core
        procs.append(subprocess.Popen(args, stdout=subprocess.DEVNULL,
                                      stderr=subprocess.DEVNULL,
                                      preexec_fn=lambda: os.nice(NICE)))
    # the shells that failed, by their commands
    return ["; ".join(job) if job[0] != "f" else "-f " + job[1]
            for job, p in zip(jobs, procs) if p.wait(timeout=1800) != 0]


def measure(sock, what, jobs):
    since = clock(sock)
    run(sock, "clear engine")
    global failed
    t0 = time.time()
    bad = at_once(sock, jobs)
    took = time.time() - t0
    if bad:
        failed = True
        print("duty: %s: FAILED, a shell exited non-zero: %s" %
              (what, " | ".join(bad)), flush=True)
        return
    e = json.loads(run(sock, "show engine json"))
    late = e["timer_lateness_ms"]
    longest = e["longest_rounds"][0] if e["longest_rounds"] else {}
    print("duty: %s: lateness p50 %.2f p99 %.2f max %.2f ms, longest round "
          "%.1f ms (%s), BFD silence max %.0f ms, BFD Down %d, took %.1f s"
          % (what, late["p50"], late["p99"], late["max"],
             longest.get("ms", 0), longest.get("work", "-"), gaps(sock),
             downs(sock, since), took), flush=True)


def main():
    tmp = tempfile.mkdtemp()
    sock = os.path.join(tmp, "s")
    port = 30000 + os.getpid() % 20000
    text = open(os.path.join(HERE, "../examples/ecr-ecmp.ecsh")).read()
    start = text.index("configure\n")
    cfg = text[start:text.index("\nend\n", start)] + "\n"
    cfg += ("bgp listen 127.0.0.1 port %d\nvbr vbr3\n bgp-group g\n"
            "  local-asn 64512\n  peer-asn 65009\n bgp-peer 127.0.0.9\n"
            "  group g\nend\n" % port)
    with open(os.path.join(tmp, "lab.ecsh"), "w") as f:
        f.write(cfg)
    lab = subprocess.Popen([ECSH, "--no-quotas", "--serve", sock, "-f",
                            os.path.join(tmp, "lab.ecsh")],
                           stdin=subprocess.DEVNULL, stdout=subprocess.DEVNULL,
                           stderr=subprocess.DEVNULL)
    children.append(lab)
    while not os.path.exists(sock):
        time.sleep(0.05)
    run(sock, "wait bgp established vbr vbr1 timeout 30",
        "wait bgp established vbr vbr2 timeout 30", "wait bfd up timeout 30")
    feed = subprocess.Popen(["python3", os.path.join(HERE, "bgp_feed.py"),
                             "127.0.0.9", "127.0.0.1", str(port), "65009",
                             "64512", str(N), "7200"],
                            stdout=subprocess.DEVNULL)
    children.append(feed)
    while ("%d routes" % N) not in run(sock,
                                       "show route-table vbr vbr3 summary"):
        time.sleep(0.5)
    measure(sock, "idle", [["sleep 5"]])
    leak2 = os.path.join(tmp, "leak2.ecsh")
    networks(leak2, "cpe2", N, 20)
    measure(sock, "a data center leaking %d prefixes into vbr2" % N,
            [["load " + leak2, "wait bgp converged vbr vbr2 timeout 900"]])
    show = "show route-table vbr vbr3"
    measure(sock, "eight shells streaming a %d-route show (4 text, 4 JSON)"
            % N, [[show], [show + " json"]] * 4)
    cand = os.path.join(tmp, "big1.ecsh")
    big_candidate(cand, "w")
    measure(sock, "a commit of a 100k-line candidate", [("f", cand)])
    leak1 = os.path.join(tmp, "leak1.ecsh")
    networks(leak1, "cpe1", N, 20)
    run(sock, "load " + leak1, "wait bgp converged vbr vbr1 timeout 900")
    measure(sock, "an ECMP shrink of %d prefixes after a drill" % N,
            [["failure-drill start vbr vbr1",
              "wait bfd down peer 10.10.1.5 timeout 10",
              "show route-table ecr ecr1 summary"]])
    d = json.loads(run(sock, "show failure-drill vbr vbr1 json"))["drills"][-1]
    print("duty: ECMP shrink of %d prefixes: BFD Down at %s ms, the last "
          "prefix at %s ms after the cut" % (N, d["bfd_down_ms"],
                                             d["ecmp_shrink_ms"]), flush=True)
    run(sock, "failure-drill stop vbr vbr1",
        "wait bgp converged vbr vbr1 timeout 900")
    leak3 = os.path.join(tmp, "leak3.ecsh")
    networks(leak3, "cpe2", N, 40)
    cand2 = os.path.join(tmp, "big2.ecsh")
    big_candidate(cand2, "x")
    measure(sock, "all of them at once", [
        ["load " + leak3], ("f", cand2),
        ["failure-drill start vbr vbr1",
         "wait bfd down peer 10.10.1.5 timeout 10", "sleep 5",
         "failure-drill stop vbr vbr1"]] + [[show], [show + " json"]] * 4)
    last = json.loads(run(sock, "show configuration commits json"))
    last = last["commits"][-1]["id"]
    saved = os.path.join(tmp, "saved.ecsh")
    measure(sock, "a write, a show and a rollback of %d networks" % N, [
        ["write " + saved, "show running-config",
         "rollback %d" % (last - 1), "rollback %d" % last]])
    feed.kill()
    run(sock, "shutdown")
    lab.wait(timeout=60)
    if failed:
        sys.exit(1)


try:
    main()
finally:
    for child in children:
        if child.poll() is None:
            child.kill()
