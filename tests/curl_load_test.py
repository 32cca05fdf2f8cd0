#!/usr/bin/env python3
"""libcurl is loaded at the first webhook, not before (README): an engine
with a webhook rule but no event yet has no libcurl mapped; once an event
matches and the webhook is posted (a server on loopback receives it),
libcurl is in the process's maps.  A rule that only logs never loads it.

    tests/curl_load_test.py ECSH
"""
import http.server
import os
import subprocess
import sys
import tempfile
import threading
import time

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
sys.dont_write_bytecode = True  # no __pycache__ in the source tree
from tally import Tally  # noqa: E402

ECSH = sys.argv[1]
tally = Tally("curl_load")
posts = []


def check(name, ok, detail=""):
    tally.result(ok, name, "\n" + detail[-2000:])


class Hook(http.server.BaseHTTPRequestHandler):
    def do_POST(self):
        posts.append(self.rfile.read(int(self.headers["Content-Length"])))
        self.send_response(200)
        self.end_headers()

    def log_message(self, *args):
        pass


def q(sock, *commands):
    args = [ECSH, "--connect", sock]
    for c in commands:
        args += ["-c", c]
    return subprocess.run(args, capture_output=True, text=True, timeout=60)


def curl_mapped(pid):
    with open("/proc/%d/maps" % pid) as f:
        return "libcurl" in f.read()


def main():
    server = http.server.HTTPServer(("127.0.0.1", 0), Hook)
    threading.Thread(target=server.serve_forever, daemon=True).start()
    port = server.server_address[1]
    tmp = tempfile.mkdtemp()
    sock = os.path.join(tmp, "s")
    lab = os.path.join(tmp, "lab.ecsh")
    with open(lab, "w") as f:
        f.write("""configure
alert-rule logged
 event FailureDrill:Start
 resource all
 notify log %s/alerts.log
alert-rule posted
 event FailureDrill:Stop
 resource all
 notify webhook http://127.0.0.1:%d/hook
vbr v1
end
""" % (tmp, port))
    p = subprocess.Popen([ECSH, "--serve", sock, "-f", lab],
                         stdin=subprocess.DEVNULL, stdout=subprocess.DEVNULL,
                         stderr=subprocess.DEVNULL)
    try:
        for _ in range(200):
            if os.path.exists(sock):
                break
            time.sleep(0.05)
        r = q(sock, "show alert-rules")
        check("the rules are there", r.returncode == 0 and "posted" in
              r.stdout, r.stdout + r.stderr)
        check("a webhook rule alone loads no libcurl", not curl_mapped(p.pid))
        r = q(sock, "failure-drill start vbr v1", "wait alerts timeout 10")
        check("a logged alert is written", r.returncode == 0 and
              os.path.exists(os.path.join(tmp, "alerts.log")),
              r.stdout + r.stderr)
        check("a log rule loads no libcurl", not curl_mapped(p.pid))
        r = q(sock, "failure-drill stop vbr v1", "wait alerts timeout 10")
        for _ in range(100):
            if posts:
                break
            time.sleep(0.05)
        check("the webhook is posted", r.returncode == 0 and len(posts) == 1,
              r.stdout + r.stderr)
        check("and libcurl is loaded now", curl_mapped(p.pid))
    finally:
        q(sock, "shutdown")
        try:
            p.wait(timeout=30)
        except subprocess.TimeoutExpired:
            p.kill()
        server.shutdown()
        subprocess.run(["rm", "-rf", tmp])
    tally.finish()


main()
