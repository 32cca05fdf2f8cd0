#!/usr/bin/env python3
"""Run a command N times, its output thrown away, and print the min and
median wall time in ms: "MIN MEDIAN".  posix_spawn keeps the harness's own
cost per run small and the same for every command compared.

A run that exits with a status other than 0, or is killed by a signal,
is no figure: the script then prints "FAILED" (and why, on stderr) in
place of the times and exits 1.

    timeit.py N [--stdin FILE] [--expect COUNT REGEX] COMMAND [ARG...]

--stdin FILE: each run reads FILE on its standard input (else /dev/null).
--expect COUNT REGEX: each run must print exactly COUNT lines matching
REGEX, else it failed too (for clients that exit 0 whatever their
commands did, such as birdc); its output then goes to a file, read after
the run, in place of /dev/null.
"""
import os, re, statistics, sys, tempfile, time

n, argv = int(sys.argv[1]), sys.argv[2:]
stdin, expect = os.devnull, None
while argv and argv[0].startswith("--"):
    if argv[0] == "--stdin":
        stdin, argv = argv[1], argv[2:]
    elif argv[0] == "--expect":
        expect, argv = (int(argv[1]), re.compile(argv[2])), argv[3:]
    else:
        break


def failed(why):
    print("timeit: %s: %s" % (" ".join(argv), why), file=sys.stderr)
    print("FAILED")
    sys.exit(1)


null = os.open(os.devnull, os.O_RDWR)
try:
    inp = os.open(stdin, os.O_RDONLY)
except OSError as e:
    failed(e)
out = null
if expect:
    out, outname = tempfile.mkstemp(prefix="timeit.")
    os.unlink(outname)
acts = [(os.POSIX_SPAWN_DUP2, inp, 0), (os.POSIX_SPAWN_DUP2, out, 1),
        (os.POSIX_SPAWN_DUP2, null, 2)]
times = []
for run in range(1, n + 1):
    os.lseek(inp, 0, os.SEEK_SET)
    if expect:
        os.ftruncate(out, 0)
        os.lseek(out, 0, os.SEEK_SET)
    t0 = time.perf_counter()
    try:
        pid = os.posix_spawnp(argv[0], argv, os.environ, file_actions=acts)
    except OSError as e:
        failed(e)
    _, status = os.waitpid(pid, 0)
    t = (time.perf_counter() - t0) * 1000
    if os.WIFSIGNALED(status):
        failed("run %d of %d killed by signal %d" % (run, n,
               os.WTERMSIG(status)))
    if os.WEXITSTATUS(status) != 0:
        failed("run %d of %d exited %d" % (run, n, os.WEXITSTATUS(status)))
    if expect:
        os.lseek(out, 0, os.SEEK_SET)
        with os.fdopen(os.dup(out), "r", errors="replace") as f:
            got = sum(1 for line in f if expect[1].search(line))
        if got != expect[0]:
            failed("run %d of %d printed %d lines matching %r, not %d" %
                   (run, n, got, expect[1].pattern, expect[0]))
    times.append(t)
print("%.2f %.2f" % (min(times), statistics.median(times)))
