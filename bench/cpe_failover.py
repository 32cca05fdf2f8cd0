#!/usr/bin/env python3
"""Cut a VBR's circuit and time, from the CPE's side, how long until the
CPE's received routes change: one `ECSH --connect SOCK` shell writes
`failure-drill start vbr VBR`, then asks `trace ADDR from cpe CPE json`
every STEP ms (default 1) over the same connection until the first hop,
the CPE's own table of the routes it received, differs from what it was
before the cut (at a cut, the route to ADDR is gone: "no route").
Prints the ms from just before the drill was written to the answer that
first showed the change: late by at most one step and one round trip of
the shell (about 0.1 ms here).  It is what the data center would see:
its router stops using the circuit when its own BFD and BGP give up on
it, whatever ecsh's VBR side decided and when.

Exits 1, saying why on stderr, if the CPE has no route to ADDR before
the cut (after TIMEOUT seconds, default 30, of waiting for one), if a
command fails, or if nothing has changed TIMEOUT seconds after the cut.

    cpe_failover.py ECSH SOCK VBR CPE ADDR [STEP_MS] [TIMEOUT_S]
"""
import json
import subprocess
import sys
import time

ecsh, sock, vbr, cpe, addr = sys.argv[1:6]
step = float(sys.argv[6]) / 1000 if len(sys.argv) > 6 else 0.001
timeout = float(sys.argv[7]) if len(sys.argv) > 7 else 30
shell = subprocess.Popen([ecsh, "--connect", sock], stdin=subprocess.PIPE,
                         stdout=subprocess.PIPE, text=True, bufsize=1)


def fail(why):
    print("cpe_failover.py: %s" % why, file=sys.stderr)
    shell.kill()
    sys.exit(1)


def send(line):
    try:
        shell.stdin.write(line + "\n")
        shell.stdin.flush()
    except BrokenPipeError:
        fail("the shell ended (exit %s) at: %s" % (shell.wait(), line))


def first_hop():
    """The CPE's own hop of the trace: its table of received routes."""
    send("trace %s from cpe %s json" % (addr, cpe))
    while True:
        line = shell.stdout.readline()
        if not line:
            fail("the shell ended (exit %s)" % shell.wait())
        if line.startswith('{"hops"'):
            hop = json.loads(line)["hops"][0]
            if hop["at"] != "cpe " + cpe:
                fail("the trace starts at %s, not cpe %s" % (hop["at"], cpe))
            return hop


deadline = time.monotonic() + timeout
before = first_hop()
while before["then"] == "no route":
    if time.monotonic() > deadline:
        fail("cpe %s has no route to %s before the cut" % (cpe, addr))
    time.sleep(0.05)
    before = first_hop()

t0 = time.perf_counter()
send("failure-drill start vbr %s" % vbr)
deadline = time.monotonic() + timeout
while first_hop() == before:
    if time.monotonic() > deadline:
        fail("cpe %s still has its route to %s %g s after the cut" %
             (cpe, addr, timeout))
    time.sleep(step)
took = (time.perf_counter() - t0) * 1000
shell.stdin.close()
if shell.wait() != 0:
    fail("the shell exited %d" % shell.returncode)
print("%.0f" % took)
