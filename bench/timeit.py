#!/usr/bin/env python3
"""Run a command N times, its output thrown away, and print the min and
median wall time in ms: "MIN MEDIAN".  posix_spawn keeps the harness's own
cost per run small and the same for every command compared.

    timeit.py N COMMAND [ARG...]
"""
import os, statistics, sys, time

n, argv = int(sys.argv[1]), sys.argv[2:]
null = os.open(os.devnull, os.O_RDWR)
acts = [(os.POSIX_SPAWN_DUP2, null, 0), (os.POSIX_SPAWN_DUP2, null, 1),
        (os.POSIX_SPAWN_DUP2, null, 2)]
times = []
for _ in range(n):
    t0 = time.perf_counter()
    pid = os.posix_spawnp(argv[0], argv, os.environ, file_actions=acts)
    os.waitpid(pid, 0)
    times.append((time.perf_counter() - t0) * 1000)
print("%.2f %.2f" % (min(times), statistics.median(times)))
