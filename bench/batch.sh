#!/bin/sh
# Batch throughput: a generated script of about 100k configuration lines
# (VBRs with their circuit settings and BGP groups), applied with --check
# and for real; prints lines per second and peak memory.  A benchmark: it
# asserts nothing.
#   bench/batch.sh [ECSH] [VBRS]
set -u
ecsh=${1:-$(dirname "$0")/../build/ecsh}
vbrs=${2:-12500}
script=$(mktemp)
trap 'rm -f "$script"' EXIT
awk -v n="$vbrs" 'BEGIN {
	print "configure"
	for (v = 0; v < n; v++) {
		printf "vbr v%d\n description circuit %d\n vlan %d\n", v, v, v % 3000
		printf " local-gateway-ip 10.%d.%d.1\n", int(v / 250) % 250, v % 250
		print " peering-subnet-mask 255.255.255.252"
		print " bfd interval 300 multiplier 3"
		print " bgp-group g"
		print " exit"
	}
	print "end"
}' >"$script"
lines=$(wc -l <"$script")
for mode in --check --virtual-clock; do
	/usr/bin/time -f "%e %M" -o "$script.t" "$ecsh" $mode -f "$script"
	read -r secs kib <"$script.t"
	echo "$mode: $lines lines in $secs s ($(echo "$lines / $secs" | bc) lines/s), peak $((kib / 1024)) MiB"
done
rm -f "$script.t"
