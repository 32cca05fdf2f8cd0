#!/bin/sh
# Who gets in, and what is shown: a connection from an address that is
# no configured peer is closed before any byte; a peer whose group has a
# TCP MD5 key gets nowhere without it or with a wrong one, and an OPEN
# with it; the key is never printed by a show, while the running config
# and `write` keep it (the file mode 0600) so the configuration replays.
#   tests/security_test.sh ECSH SOURCE_DIR
set -u
ecsh=$(cd "$(dirname "$1")" && pwd)/$(basename "$1")
src=$(cd "$2" && pwd)
. "$src/tests/check.sh"
scratch_lab
knock() { python3 "$src/tests/security_peer.py" "$@"; }
q() { "$ecsh" --connect "$dir/s" "$@"; }
port=$((20000 + $$ % 20000))

cat >"$dir/lab.ecsh" <<LAB
configure
bgp listen 127.0.0.1 port $port
vbr keyed
 bgp-group g
  peer-asn 65001
  auth-key s3cret-k3y
 bgp-peer 127.0.0.2
  group g
  port 1
vbr open
 bgp-group g
  peer-asn 65002
 bgp-peer 127.0.0.3
  group g
  port 1
end
LAB
serve_start "$ecsh" "$dir/s" "$dir/lab.ecsh"

check "an unconfigured address is closed before any byte" \
    test "$(knock 127.0.0.9 127.0.0.1 $port)" = closed
check "a keyed peer without the key gets no connection" \
    test "$(knock 127.0.0.2 127.0.0.1 $port)" = no-connection
check "a keyed peer with a wrong key gets no connection" \
    test "$(knock 127.0.0.2 127.0.0.1 $port wrong-key)" = no-connection
check "a keyed peer with the key gets an OPEN" \
    test "$(knock 127.0.0.2 127.0.0.1 $port s3cret-k3y)" = open
check "a peer without a key gets an OPEN" \
    test "$(knock 127.0.0.3 127.0.0.1 $port)" = open
q -c 'show bgp peers' >"$dir/peers"
check "show bgp peers answers" grep -q '^Where  *Peer IP' "$dir/peers"
check "the keyed session never came up" grep -q 'vbr keyed .*Active\|vbr keyed .*Connect\|vbr keyed .*Idle' "$dir/peers"
check "and no session came up at all" sh -c "! grep -q Established '$dir/peers'"

for show in "show bgp groups" "show bgp groups json" "show bgp peers json" \
    "show bgp peer 127.0.0.2" "show bgp peer 127.0.0.2 json" \
    "show vbr json" "show vbr keyed" "show events"; do
	# the answer is kept, so a failed command cannot pass for a hidden key
	q -c "$show" >"$dir/shown" 2>&1
	check "'$show' answers" test $? = 0 -a -s "$dir/shown"
	check "'$show' does not print the key" \
	    sh -c "! grep -q s3cret '$dir/shown'"
done
q -c 'show running-config' >"$dir/running"
check "show running-config answers" test $? = 0
check "show running-config keeps the key" \
    grep -q 'auth-key s3cret-k3y' "$dir/running"
q -c "write $dir/saved.ecsh" >/dev/null
check "write keeps the key" grep -q 'auth-key s3cret-k3y' "$dir/saved.ecsh"
check "the saved file is mode 0600" \
    test "$(stat -c %a "$dir/saved.ecsh")" = 600
q -c shutdown >/dev/null
wait $lab
lab=
echo "security: $pass passed, $fail failed"
[ $fail = 0 ]
