#!/usr/bin/env python3
"""Alert delivery (SPEC 9), as the receiver and the operator see it.  A
benchmark: it asserts nothing but that the runs it times succeed (a run
of ecsh that exits non-zero stops the script with status 1), and prints
"LABEL: FIGURE" lines.

- a burst of failure-drill events, each a webhook to an HTTP server of
  this script on loopback: from the event's time to the POST's arrival,
  min / median / p99, and the notifications delivered per second;
- the same burst to `notify command /bin/true` and to `notify log FILE`;
- `show version` over --connect, answered while eight webhooks hang
  (each held 4 x 5 s), beside the same with none out.

    bench/alerts.py [ECSH] [EVENTS]
"""
import http.server
import json
import os
import socket
import socketserver
import statistics
import subprocess
import sys
import tempfile
import threading
import time

ECSH = sys.argv[1] if len(sys.argv) > 1 else os.path.join(
    os.path.dirname(__file__), "..", "build", "ecsh")
EVENTS = int(sys.argv[2]) if len(sys.argv) > 2 else 200
arrivals = []


class Receiver(http.server.BaseHTTPRequestHandler):
    protocol_version = "HTTP/1.1"

    def do_POST(self):
        body = self.rfile.read(int(self.headers["Content-Length"]))
        arrivals.append((time.time(), json.loads(body)))
        self.send_response(200)
        self.send_header("Content-Length", "0")
        self.end_headers()

    def log_message(self, *args):
        pass


class Threaded(socketserver.ThreadingMixIn, http.server.HTTPServer):
    daemon_threads = True
    request_queue_size = 64     # 5 drops SYNs of 8 at once: a 1 s retry


def event_time(doc):
    t = doc["event"]["time"]            # 2026-12-02T18:00:00.123Z
    return time.mktime(time.strptime(t[:19], "%Y-%m-%dT%H:%M:%S")) - \
        time.timezone + float("0" + t[19:-1])


def burst(notify, events):
    """A rule on the drill events of one VBR, and events/2 drills."""
    lines = ["configure", "vbr v", "alert-rule r",
             " event FailureDrill:Start", " event FailureDrill:Stop",
             f" notify {notify}", "end"]
    for _ in range(events // 2):
        lines += ["failure-drill start vbr v", "failure-drill stop vbr v"]
    lines += ["wait alerts timeout 600", "show alert-rules json"]
    began = time.monotonic()
    p = subprocess.run([ECSH], input="\n".join(lines) + "\n",
                       capture_output=True, text=True, timeout=900)
    took = time.monotonic() - began
    if p.returncode != 0:
        sys.exit("alerts.py: the burst to %s failed (exit %d): %s" %
                 (notify, p.returncode, p.stderr.strip()))
    sent = json.loads(p.stdout[p.stdout.rindex('{"alert_rules"'):])
    return took, sent["alert_rules"][0]["sent"]


def webhook_burst(port):
    arrivals.clear()
    took, sent = burst(f"webhook http://127.0.0.1:{port}/a", EVENTS)
    lat = sorted((a - event_time(d)) * 1000 for a, d in arrivals)
    p99 = lat[min(len(lat) - 1, int(len(lat) * 0.99))]
    print(f"webhook: {EVENTS} events in a burst to a local HTTP server, "
          f"event to arrival (min / median / p99): {lat[0]:.1f} / "
          f"{statistics.median(lat):.1f} / {p99:.1f} ms")
    print(f"webhook: {EVENTS} events in a burst, delivered: "
          f"{sent / took:.0f} notifications/s ({sent} sent, "
          f"8 at once; the Python server is the other end)")


def other_bursts(tmp):
    took, sent = burst("command /bin/true", EVENTS // 4)
    print(f"command: {EVENTS // 4} events, /bin/true, 4 at once: "
          f"{sent / took:.0f} notifications/s")
    log = os.path.join(tmp, "alerts.log")
    took, sent = burst(f"log {log}", EVENTS * 5)
    print(f"log: {EVENTS * 5} events appended: {sent / took:.0f} "
          f"notifications/s")


def hang_server():
    s = socket.socket()
    s.bind(("127.0.0.1", 0))
    s.listen(64)
    held = []

    def loop():
        while True:
            held.append(s.accept()[0])
    threading.Thread(target=loop, daemon=True).start()
    return s.getsockname()[1]


def show_version_ms(sock, n=60):
    times = []
    for _ in range(n):
        t0 = time.monotonic()
        p = subprocess.run([ECSH, "--connect", sock, "-c", "show version"],
                           capture_output=True, timeout=30)
        times.append((time.monotonic() - t0) * 1000)
        if p.returncode != 0:
            sys.exit("alerts.py: show version over --connect failed "
                     "(exit %d): %s" % (p.returncode, p.stderr.strip()))
        time.sleep(0.05)
    return min(times), statistics.median(times), max(times)


def responsiveness(tmp):
    hang = hang_server()
    sock = os.path.join(tmp, "ecsh.sock")
    setup = os.path.join(tmp, "setup.ecsh")
    with open(setup, "w") as f:
        f.write("configure\nvbr v\nalert-rule r\n event FailureDrill:Start\n"
                + "".join(f" notify webhook http://127.0.0.1:{hang}/{i}\n"
                          for i in range(4))
                + "alert-rule s\n event FailureDrill:Start\n"
                + "".join(f" notify webhook http://127.0.0.1:{hang}/{i}\n"
                          for i in range(4, 8)) + "end\n")
    srv = subprocess.Popen([ECSH, "--serve", sock, "-f", setup],
                           stdout=subprocess.DEVNULL,
                           stderr=subprocess.DEVNULL)
    try:
        for _ in range(100):
            if os.path.exists(sock):
                break
            time.sleep(0.05)
        quiet = show_version_ms(sock)
        subprocess.run([ECSH, "--connect", sock, "-c",
                        "failure-drill start vbr v"], capture_output=True,
                       check=True)
        busy = show_version_ms(sock)
    finally:
        srv.terminate()
        srv.wait()
    print("show version over --connect, no webhook out (min / median / "
          "max): %.2f / %.2f / %.2f ms" % quiet)
    print("show version over --connect, 8 webhooks hanging (min / median "
          "/ max): %.2f / %.2f / %.2f ms" % busy)


def main():
    srv = Threaded(("127.0.0.1", 0), Receiver)
    threading.Thread(target=srv.serve_forever, daemon=True).start()
    with tempfile.TemporaryDirectory() as tmp:
        webhook_burst(srv.server_address[1])
        other_bursts(tmp)
        responsiveness(tmp)


main()
