#!/bin/sh
# Tests and examples must not touch any network but loopback: run every
# batch transcript and example under strace and fail on a connect() or
# sendto() to an inet address outside 127.0.0.0/8 and ::1.
#   tests/no_network.sh ECSH SOURCE_DIR
set -u
ecsh=$(cd "$(dirname "$1")" && pwd)/$(basename "$1")
src=$(cd "$2" && pwd)
command -v strace >/dev/null || { echo "FAIL strace is not installed"; exit 1; }
dir=$(mktemp -d)
trap 'rm -rf "$dir"' EXIT
cat >"$dir/ecsh" <<WRAP
#!/bin/sh
exec strace -f -qq -e trace=connect,sendto,sendmsg -o "$dir/trace.\$\$" \
    "$ecsh" "\$@"
WRAP
chmod +x "$dir/ecsh"
"$src/tests/batch/run.sh" "$dir/ecsh" >"$dir/batch.out" 2>&1
"$src/tests/examples_test.sh" "$dir/ecsh" "$src" >"$dir/examples.out" 2>&1
calls=$(cat "$dir"/trace.* 2>/dev/null | grep -c 'AF_INET' || true)
bad=$(cat "$dir"/trace.* 2>/dev/null | grep -E 'AF_INET6?' |
    grep -vE 'inet_addr\("127\.|inet_pton\(AF_INET6, "::1"' || true)
if [ -n "$bad" ]; then
	echo "FAIL traffic outside loopback:"
	echo "$bad" | head -20
	echo "no_network: 0 passed, 1 failed"
	exit 1
fi
echo "no_network: 1 passed, 0 failed ($calls inet calls, all loopback)"
