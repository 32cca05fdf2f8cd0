#!/usr/bin/env python3
"""Read `show failure-drill json` on stdin and print the newest drill's
figures as ecsh reports them, in ms after the cut:
"BFD_DOWN BGP_DOWN ECMP_SHRINK".  Exits 1, printing nothing, while any is
still to come.

    drill_report.py < drills.json
"""
import json
import sys

drills = json.load(sys.stdin)["drills"]
if not drills:
    sys.exit(1)
d = drills[-1]
keys = ("bfd_down_ms", "bgp_down_ms", "ecmp_shrink_ms")
if any(d.get(k) is None for k in keys):
    sys.exit(1)
print(" ".join(str(d[k]) for k in keys))
