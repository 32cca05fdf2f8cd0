#!/bin/sh
# Tests and examples must not touch any network but loopback: run every
# batch transcript and example under strace and fail on a connect() or
# sendto() to an inet address outside 127.0.0.0/8 and ::1.  The traced
# runs must pass, the trace must see a loopback connect of ecsh's own
# (else strace saw nothing and the test would prove nothing), and the
# filter must catch a trace line to another address.
#   tests/no_network.sh ECSH SOURCE_DIR
set -u
ecsh=$(cd "$(dirname "$1")" && pwd)/$(basename "$1")
src=$(cd "$2" && pwd)
. "$src/tests/check.sh"
command -v strace >/dev/null || { echo "FAIL strace is not installed"; exit 1; }
dir=$(mktemp -d)
trap 'rm -rf "$dir"' EXIT
# LeakSanitizer cannot run under ptrace; the other suites look for leaks
export ASAN_OPTIONS="${ASAN_OPTIONS:+$ASAN_OPTIONS:}detect_leaks=0"
cat >"$dir/ecsh" <<WRAP
#!/bin/sh
exec strace -f -qq -e trace=connect,sendto,sendmsg -o "$dir/trace.\$\$" \
    "$ecsh" "\$@"
WRAP
chmod +x "$dir/ecsh"

# the lines of a trace that reach outside loopback
outside() {
	grep -E 'AF_INET6?' | grep -vE 'inet_addr\("127\.|inet_pton\(AF_INET6, "::1"'
}

"$src/tests/batch/run.sh" "$dir/ecsh" >"$dir/batch.out" 2>&1
check "the batch transcripts pass under strace" test $? = 0
"$src/tests/examples_test.sh" "$dir/ecsh" "$src" >"$dir/examples.out" 2>&1
check "the examples pass under strace" test $? = 0
# a peer that is no CPE: ecsh connects to it over loopback
port=$((20000 + $$ % 20000))
printf 'configure\nbgp listen 127.0.0.1 port %s\nvbr v\n bgp-group g\n  peer-asn 65001\n bgp-peer 127.0.0.2\n  group g\n  port %s\nend\nsleep 2\n' \
    "$port" "$((port + 1))" >"$dir/loopback.ecsh"
"$dir/ecsh" -f "$dir/loopback.ecsh" >"$dir/loopback.out" 2>&1
check "a run that connects over loopback passes under strace" test $? = 0
calls=$(cat "$dir"/trace.* 2>/dev/null | grep -c 'AF_INET')
check "strace saw its loopback connect ($calls inet calls)" \
    grep -q 'connect(.*inet_addr("127\.0\.0\.2")' "$dir"/trace.*
printf '%s\n' 'connect(7, {sa_family=AF_INET, sin_port=htons(179), sin_addr=inet_addr("192.0.2.1")}, 16) = -1' >"$dir/sample"
check "the filter catches an address outside loopback" \
    test -n "$(outside <"$dir/sample")"
bad=$(cat "$dir"/trace.* 2>/dev/null | outside)
check "no traffic outside loopback" test -z "$bad"
[ -n "$bad" ] && echo "$bad" | head -20
[ $pass -lt 6 ] && { tail -20 "$dir/batch.out" "$dir/examples.out" "$dir/loopback.out"; }
echo "no_network: $pass passed, $fail failed"
[ $fail = 0 ]
