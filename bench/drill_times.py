#!/usr/bin/env python3
"""Read `show events json` on stdin and print how a failover went for one
peer, in ms: "CUT_TO_BFD_DOWN CUT_TO_BGP_DOWN NOTHING_HEARD".  The cut is
CUT (seconds since the epoch) or, without it, the last FailureDrill:Start.
NOTHING_HEARD comes from the BFD Down event's "(nothing heard for N ms)".
Exits 1, printing nothing, while either Down is still to come.

    drill_times.py PEER [CUT] < events.json
"""
import json, re, sys
from datetime import datetime, timezone

peer = sys.argv[1]
events = json.load(sys.stdin)["events"]


def at(e):
    return datetime.strptime(e["time"], "%Y-%m-%dT%H:%M:%S.%fZ").replace(
        tzinfo=timezone.utc).timestamp()


if len(sys.argv) > 2:
    cut = float(sys.argv[2])
else:
    starts = [e for e in events if e["name"] == "FailureDrill:Start"]
    if not starts:
        sys.exit(1)
    cut = at(starts[-1])


def first(name):
    # event times are whole ms: one that rounds down to the cut counts
    for e in events:
        if e["name"] == name and peer in e["resource"] and at(e) >= cut - 0.001:
            return e
    return None


bfd, bgp = first("BfdSessionStatus:Down"), first("BGPPeerStatus:Down")
if bfd is None or bgp is None:
    sys.exit(1)
quiet = re.search(r"nothing heard for (\d+) ms", bfd["detail"])
print("%d %d %s" % (round((at(bfd) - cut) * 1000), round((at(bgp) - cut) * 1000),
                    quiet.group(1) if quiet else "-"))
