#!/usr/bin/env python3
"""Keys are printed only where the configuration is rebuilt from them
(SPEC 2): show running-config, write, show startup-config.  Every show the
grammar has (the commands page lists them: a show added later must be
added here), the event log, an alert document, the echo of a refused
line, show history and the diffs print `auth-key <hidden>` instead.  Each
check has its positive control: the command answered (status 0, output),
and the key is there where it must be, so an absent key means hidden, not
a failed command.

    tests/keys_test.py ECSH ECSH-COMMANDS.7
"""
import json
import os
import re
import subprocess
import sys
import tempfile
import time

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
sys.dont_write_bytecode = True  # no __pycache__ in the source tree
from tally import Tally  # noqa: E402

ECSH, PAGE = sys.argv[1], sys.argv[2]
KEY1, KEY2 = "Gr0upK3y-s3cret", "N3wK3y-s3cret"
tally = Tally("keys")


def check(name, ok, detail=""):
    tally.result(ok, name, "\n" + detail[-2000:])


def q(sock, *commands):
    args = [ECSH, "--connect", sock]
    for c in commands:
        args += ["-c", c]
    p = subprocess.run(args, capture_output=True, text=True, timeout=60)
    return p.returncode, p.stdout, p.stderr


def keyless(text):
    return KEY1 not in text and KEY2 not in text


tmp = tempfile.mkdtemp()
sock = os.path.join(tmp, "s")
alerts_log = os.path.join(tmp, "alerts.log")
lab = os.path.join(tmp, "lab.ecsh")
with open(lab, "w") as f:
    f.write("""configure
vbr v1
 bfd interval 200 multiplier 3
 bgp-group g
  peer-asn 65001
  auth-key %s
 bgp-peer 10.0.0.2
  group g
cpe c1
 asn 65001
 address 10.0.0.2
 auth-key %s
 network 10.9.0.0/16
 connect vbr v1
alert-rule down
 event BGPPeerStatus:Down
 event BGPPeerStatus:Up
 resource all
 notify log %s
end
""" % (KEY1, KEY1, alerts_log))
env = dict(os.environ, HOME=tmp)
server = subprocess.Popen([ECSH, "--virtual-clock", "--serve", sock, "-f",
                           lab], stdin=subprocess.DEVNULL,
                          stdout=subprocess.DEVNULL, stderr=subprocess.PIPE,
                          env=env)
try:
    for _ in range(200):
        if os.path.exists(sock):
            break
        time.sleep(0.05)
    rc, out, err = q(sock, "wait bgp established vbr v1 timeout 30")
    check("the keyed session comes up (the keys are in use)", rc == 0,
          out + err)

    # a key changed in a session: the diff, then the commit's diff
    rc, out, err = q(sock, "configure session k", "cpe c1",
                     "auth-key " + KEY2, "vbr v1", "bgp-group g",
                     "auth-key " + KEY2, "end", "configure session k",
                     "show configuration diff", "show configuration diff json",
                     "commit", "end", "show history")
    check("a session changes both keys", rc == 0 and "Commit" in out,
          out + err)
    check("show configuration diff hides the key, and says one changed",
          keyless(out) and "-  auth-key <hidden>" in out and
          "+  auth-key <hidden>" in out, out)
    rc, out, err = q(sock, "configure", "cpe c1", " auth-key " + KEY2,
                     "end", "show history")
    check("show history hides the keys it ran", rc == 0 and keyless(out)
          and re.search(r"^\d+ +auth-key <hidden>$", out, re.M), out)
    rc, out, err = q(sock, "wait bgp established vbr v1 timeout 30",
                     "show configuration commits json")
    commits = json.loads(out[out.index("{"):])["commits"]
    last = commits[-1]["id"]
    for c in ("show configuration commit %d diff" % last,
              "show configuration commit %d diff json" % last):
        rc, out, err = q(sock, c)
        check("'%s' hides the key" % c, rc == 0 and keyless(out) and
              "auth-key <hidden>" in out, out + err)

    # an abbreviated keyword hides its key too; a refused line's echo
    script = os.path.join(tmp, "refused.ecsh")
    with open(script, "w") as f:
        f.write("configure\ncpe c1\n au %s extra\n" % KEY1)
    p = subprocess.run([ECSH, "--virtual-clock", "-f", script],
                       capture_output=True, text=True, env=env)
    check("a refused line is echoed with its key hidden",
          p.returncode != 0 and "Invalid input" in p.stderr and
          keyless(p.stderr) and "au <hidden> extra" in p.stderr, p.stderr)
    # a key where the grammar finds none: typed in a mode without
    # auth-key, an abbreviation no reading settles, a line too long
    for name, text in (
            ("in a mode with no auth-key", "configure\nvbr v9\n auth-key "
             "%s\n" % KEY1),
            # an ASN and a key both: asn or auth-key?
            ("an ambiguous abbreviation", "configure\ncpe c9\n a 4242424242\n"),
            ("a line too long to read", "configure\ncpe c9\n auth-key %s %s\n"
             % (KEY1, "x" * 5000))):
        with open(script, "w") as f:
            f.write(text)
        p = subprocess.run([ECSH, "--virtual-clock", "-f", script],
                           capture_output=True, text=True, env=env)
        check("a refused line %s: no key in what is said" % name,
              p.returncode != 0 and p.stderr.strip() != "" and
              keyless(p.stderr) and "4242424242" not in p.stderr,
              p.stderr)
        if "too long" not in name:
            check("a refused line %s: the key shown hidden" % name,
                  "<hidden>" in p.stderr, p.stderr)
    # the transcript of -i echoes every line with its prompt
    with open(script, "w") as f:
        f.write("configure\ncpe c9\n auth-key %s\nend\n" % KEY1)
    p = subprocess.run([ECSH, "--virtual-clock", "-i"], stdin=open(script),
                       capture_output=True, text=True, env=env)
    check("-i echoes the key line hidden", p.returncode == 0 and
          "auth-key <hidden>" in p.stdout and keyless(p.stdout), p.stdout)
    with open(script, "w") as f:
        f.write("configure\ncpe c1\n auth-key <hidden>\n")
    p = subprocess.run([ECSH, "--virtual-clock", "-f", script],
                       capture_output=True, text=True, env=env)
    check("<hidden> pasted back is refused, not taken as a key",
          p.returncode != 0 and "not shown" in p.stderr, p.stderr)

    # every show of the grammar
    page = open(PAGE).read()
    words = set(re.findall(r"^\.It Cm show Cm ([a-z-]+)", page, re.M))
    shows = [
        "show version", "show running-config json",
        "show running-config vbr v1", "show running-config cpe c1",
        "show configuration commits", "show configuration commits json",
        "show vbr", "show vbr v1", "show vbr json",
        "show bgp summary", "show bgp summary vbr v1", "show bgp groups",
        "show bgp groups vbr v1", "show bgp groups json", "show bgp peers",
        "show bgp peers json", "show bgp peer 10.0.0.2",
        "show bgp peer 10.0.0.2 json", "show bgp peer 10.0.0.2 history",
        "show bgp routes vbr v1", "show bgp routes vbr v1 peer 10.0.0.2 "
        "advertised", "show ip bgp summary", "show clock", "show history",
        "show bfd sessions", "show bfd sessions json", "show ecr",
        "show ecmp", "show route-table vbr v1",
        "show route-table vbr v1 summary",
        "show route lookup 10.9.1.1 table vbr v1", "show vpn-connection",
        "show cpe", "show cpe c1", "show cpe json", "show failure-drill",
        "show alerts", "show alerts json", "show alert-rules",
        "show alert-rules json", "show engine", "show engine json",
        "show processes", "show events", "show events json",
        "show events last 50"]
    covered = {s.split()[1] for s in shows}
    keeps = {"running-config", "startup-config"}
    check("every show the grammar has is tried here",
          words - covered - keeps == set(),
          "not tried: %s" % sorted(words - covered - keeps))
    for s in shows:
        rc, out, err = q(sock, s)
        if s.startswith("show running-config"):
            check("'%s' keeps the key" % s, rc == 0 and KEY2 in out,
                  out + err)
            continue
        check("'%s' answers" % s, rc == 0 and out.strip() != "", out + err)
        check("'%s' does not print a key" % s, keyless(out + err), out)

    # the logs: events, the alert document of a session that went down
    q(sock, "clear bgp peer 10.0.0.2 vbr v1",
      "wait bgp established vbr v1 timeout 30", "sleep 2")
    rc, out, err = q(sock, "show events json")
    check("the event log holds the session going down",
          rc == 0 and "BGPPeerStatus:Down" in out, out + err)
    check("and no key", keyless(out), out)
    text = open(alerts_log).read() if os.path.exists(alerts_log) else ""
    check("an alert document was written", "BGPPeerStatus:Down" in text,
          text)
    check("and holds no key", keyless(text), text)

    # where the configuration is rebuilt from, the key is kept
    saved = os.path.join(tmp, "saved.ecsh")
    rc, out, err = q(sock, "write " + saved)
    check("write FILE keeps the key",
          rc == 0 and KEY2 in open(saved).read(), out + err)
    rc, out, err = q(sock, "write", "show startup-config")
    check("write and show startup-config keep the key",
          rc == 0 and KEY2 in out, out + err)
    rc, out, err = q(sock, "write terminal")
    check("write terminal keeps the key", rc == 0 and KEY2 in out, out)
finally:
    q(sock, "shutdown")
    try:
        server.wait(timeout=30)
    except subprocess.TimeoutExpired:
        server.kill()
    subprocess.run(["rm", "-rf", tmp])

tally.finish()
