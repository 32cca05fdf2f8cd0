#!/usr/bin/env python3
"""Configuration sessions over --serve: two --connect clients, each with its
own candidate, interleaving their lines (SPEC 7).  A commit that touches an
object another commit changed since its session began is refused, naming
that commit; changes to other objects merge; nothing is overwritten.

    tests/sessions_test.py ECSH
"""
import os
import re
import subprocess
import sys
import tempfile
import time

ECSH = sys.argv[1]
passed = failed = 0


def check(name, ok, detail=""):
    global passed, failed
    if ok:
        passed += 1
    else:
        failed += 1
        print(f"FAIL: {name}\n{detail}")


class Client:
    """One `ecsh --connect` whose standard input is fed a few lines at a
    time; each batch ends with `show clock`, whose answer says the
    engine has run the batch before the other client speaks."""

    CLOCK = re.compile(r"^\*?\d\d:\d\d:\d\d\.\d{3} UTC ")

    def __init__(self, sock):
        self.p = subprocess.Popen([ECSH, "--connect", sock],
                                  stdin=subprocess.PIPE,
                                  stdout=subprocess.PIPE,
                                  stderr=subprocess.PIPE, text=True)
        self.out = []

    def say(self, *lines):
        for line in lines:
            self.p.stdin.write(line + "\n")
        self.p.stdin.write("show clock\n")
        self.p.stdin.flush()
        while True:
            got = self.p.stdout.readline()
            if got == "" or self.CLOCK.match(got):
                return		# run, or the client ended (a failure)
            self.out.append(got)

    def done(self):
        out, err = self.p.communicate(timeout=60)
        return "".join(self.out) + out, err, self.p.returncode


def run(sock, *commands):
    args = [ECSH, "--connect", sock]
    for c in commands:
        args += ["-c", c]
    r = subprocess.run(args, capture_output=True, text=True, timeout=60)
    return r.stdout, r.stderr, r.returncode


def local(*commands, stdin=None, args=()):
    argv = [ECSH, "--virtual-clock", *args]
    for c in commands:
        argv += ["-c", c]
    r = subprocess.run(argv, input=stdin, capture_output=True, text=True,
                       timeout=60)
    return r.stdout, r.stderr, r.returncode


LAB = """configure
hostname lab
vpc vpc1
 cidr 10.10.0.0/16
 vswitch vsw1 10.10.1.0/24
exit
vpn-gateway gw1
 vpc vpc1
 route-quota 80
exit
vbr vbr1
 vlan 10
 bgp-group dc
  peer-asn 65001
 exit
 bgp-peer 10.0.0.2
  group dc
  bfd
 exit
 advertise 10.10.0.0/16
exit
vbr vbr2
 vlan 20
end
"""

CHANGE = ["configure session try", "hostname lab2", "no vbr vbr2",
          "vbr vbr3", " vlan 30", "vbr vbr1", " no vlan",
          " bgp-group dc", "  hold-time 30", " exit", " bgp-peer 10.0.0.2",
          "  no bfd", " exit", " advertise 10.20.0.0/16",
          "vpn-gateway gw1", " no route-quota",
          "commit confirmed 10", "end"]


def confirmed_expires():
    """commit confirmed, unconfirmed: the running-config comes back exactly,
    on the virtual clock; a plain commit in time keeps it."""
    before, err, rc = local("show running-config", stdin=LAB,
                            args=("-f", "-"))
    check("lab loads", rc == 0, err)
    out, err, rc = local(*CHANGE, "show running-config", "sleep 11",
                         "show running-config", "show events last 1",
                         stdin=LAB, args=("-f", "-"))
    head = "! ecsh running configuration\n"
    parts = out.split(head)
    check("two running-configs", len(parts) == 3, out + err)
    if len(parts) == 3:
        changed = head + parts[1]
        restored = head + parts[2].split("Time ")[0]
        check("the change took effect", "vbr vbr3" in changed and
              "hostname lab2" in changed, changed)
        check("unconfirmed: the exact running-config comes back",
              restored == before, restored + "\n---\n" + before)
        check("RolledBack event", "ConfigCommit:RolledBack" in out, out)
    out, err, rc = local(*CHANGE[:-1], "commit", "end", "sleep 11",
                         "show running-config", stdin=LAB, args=("-f", "-"))
    check("confirmed in time: kept", "vbr vbr3" in out and
          "Commit 2 is confirmed." in out and rc == 0, out + err)


def prompts():
    out, err, rc = local(args=("-i",), stdin="configure session lab\n"
                         "vbr vbr1\nbgp-group dc\nend\n"
                         "configure session lab\nabort\n")
    for p in ("ecsh(config-s-lab)#", "ecsh(config-s-lab-vbr)#",
              "ecsh(config-s-lab-bgp-group)#"):
        check("prompt " + p, p in out, out + err)


def main():
    confirmed_expires()
    prompts()
    d = tempfile.mkdtemp()
    sock = os.path.join(d, "lab.sock")
    server = subprocess.Popen([ECSH, "--serve", sock, "-c", "configure",
                               "-c", "vbr vbr1", "-c", "vbr vbr2",
                               "-c", "vbr vbr3", "-c", "end"],
                              stdin=subprocess.DEVNULL,
                              stdout=subprocess.DEVNULL,
                              stderr=subprocess.DEVNULL)
    for _ in range(600):
        if os.path.exists(sock):
            break
        time.sleep(0.05)
    try:
        # 1. both change vbr1: the second commit is refused, naming the first
        a, b = Client(sock), Client(sock)
        a.say("configure session a", "vbr vbr1", " vlan 11")
        b.say("configure session b", "vbr vbr1", " vlan 12", "commit")
        a.say("show configuration diff")
        a.say("commit")
        out, err, rc = a.done()
        check("a's diff is its own change", "+ vlan 11" in out, out)
        check("a's commit is refused, naming b's commit",
              "% commit: vbr vbr1 was changed by commit 2 since this "
              "session began" in err, err)
        check("a's refusal fails its script", rc == 1, str(rc))
        out, err, rc = b.done()
        # vbr1 had no vlan: b's vlan 12 is one line added, none removed
        check("b commits", "Commit 2: 1 line added, 0 removed." in out,
              out + err)
        out, _, _ = run(sock, "show running-config vbr vbr1")
        check("b's vlan stands, a's is not in", " vlan 12" in out and
              " vlan 11" not in out, out)

        # 2. disjoint changes merge
        a, b = Client(sock), Client(sock)
        a.say("configure session a", "vbr vbr2", " vlan 21")
        b.say("configure session b", "vbr vbr3", " vlan 31", "commit")
        a.say("show configuration diff")
        a.say("commit")
        out, err, rc = a.done()
        check("a's diff does not undo b's commit", "vbr3" not in out, out)
        check("a commits after b", rc == 0 and "Commit 4:" in out, out + err)
        b.done()
        out, _, _ = run(sock, "show running-config")
        check("both merged", " vlan 21" in out and " vlan 31" in out and
              " vlan 12" in out, out)

        # 3. an immediate configure counts as a commit too
        a, b = Client(sock), Client(sock)
        a.say("configure session a", "vbr vbr3", " description a's")
        b.say("configure", "vbr vbr3", " vlan 32", "end")
        a.say("commit")
        out, err, rc = a.done()
        check("immediate change refuses a's commit",
              "% commit: vbr vbr3 was changed by commit 5 since this "
              "session began" in err, err)
        b.done()

        # 4. the history names each
        out, _, _ = run(sock, "show configuration commits json")
        check("history in JSON", '"session":"b"' in out and
              '"session":"a"' in out and '"id":5' in out, out)
        # a shell that ends drops its candidate; a new one starts clean
        a = Client(sock)
        a.say("configure session a", "show configuration diff")
        out, err, rc = a.done()
        check("a new shell's session is empty", "0 lines added" in out,
              out + err)
    finally:
        run(sock, "shutdown")
        server.wait(timeout=10)
    print(f"sessions: {passed} passed, {failed} failed")
    sys.exit(1 if failed else 0)


main()
