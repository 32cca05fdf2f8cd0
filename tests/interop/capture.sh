#!/bin/sh
# Refresh tests/unit/captured/: what BIRD, FRR, GoBGP and ExaBGP really
# send (OPEN, KEEPALIVE, UPDATEs with IPv4 and IPv6 routes).  Run by hand;
# the unit tests only read the files.
set -u
here=$(cd "$(dirname "$0")" && pwd)
out=$here/../unit/captured
mkdir -p "$out"
for d in bird frr gobgp exabgp; do
	set -- /bin/true	# the scripts take ECSH as $1
	SOURCE_ONLY=1 . "$here/$d.sh"
	python3 "$here/capture.py" 127.0.0.1 17901 s3cret 6 "$out/$d.hex" &
	cap=$!
	sleep 0.5
	d_start s3cret
	wait $cap
	d_stop
	rm -rf "$dir"
	trap - EXIT
done
