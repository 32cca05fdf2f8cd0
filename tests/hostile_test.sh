#!/bin/sh
# A configured peer that sends malformed and abusive BGP, one way per
# session (tests/hostile_peer.py has the cases and what each must get),
# then a clean session; and malformed BFD from a single-hop peer, then a
# clean handshake and a flood (tests/hostile_bfd.py; BFD's port is fixed,
# 3784 on 127.0.0.1).
#   tests/hostile_test.sh ECSH SOURCE_DIR
set -u
ecsh=$(cd "$(dirname "$1")" && pwd)/$(basename "$1")
src=$(cd "$2" && pwd)
. "$src/tests/check.sh"
scratch_lab
port=$((20000 + ($$ + 7) % 20000))
cat >"$dir/lab.ecsh" <<LAB
configure
bgp listen 127.0.0.1 port $port
vbr v1
 ipv6
 advertise 10.1.0.0/16
 advertise 10.2.0.0/16
 advertise 10.3.0.0/16
 advertise 2001:db8:1::/48
 bgp-group g
  peer-asn 65001
  local-asn 64512
  hold-time 9
 bgp-peer 127.0.0.2
  group g
  port 1
vbr v2
 bfd interval 200 multiplier 3
 bgp-group g
  peer-asn 65003
 bgp-peer 127.0.0.3
  group g
  port 1
  bfd
  bfd hops 1
end
LAB
serve_start "$ecsh" "$dir/s" "$dir/lab.ecsh"
python3 "$src/tests/hostile_peer.py" 127.0.0.2 127.0.0.1 $port 65001 64512 \
    "$dir/s" "$ecsh"
rc=$?
python3 "$src/tests/hostile_bfd.py" 127.0.0.3 127.0.0.1 "$dir/s" "$ecsh" ||
    rc=1
if ! kill -0 $lab 2>/dev/null; then
	echo "FAIL ecsh died:"
	cat "$dir/lab.ecsh.out"
	rc=1
fi
"$ecsh" --connect "$dir/s" -c shutdown >/dev/null 2>&1
wait $lab
lab=
exit $rc
