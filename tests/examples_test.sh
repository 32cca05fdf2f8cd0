#!/bin/sh
# Every example runs cleanly, and its running configuration replays to the
# same running configuration.
#   tests/examples_test.sh ECSH SOURCE_DIR
set -u
ecsh=$1
dir=$(mktemp -d)
trap 'rm -rf "$dir"' EXIT
pass=0
fail=0
for ex in "$2"/examples/*.ecsh; do
	name=$(basename "$ex")
	if ! "$ecsh" --virtual-clock -f "$ex" >/dev/null 2>"$dir/err"; then
		echo "FAIL $name does not run:"
		cat "$dir/err"
		fail=$((fail + 1))
		continue
	fi
	"$ecsh" --virtual-clock -f "$ex" -c 'show running-config' \
	    2>/dev/null | awk '/^! ecsh running configuration$/ { buf = "" }
	    { buf = buf $0 "\n" } END { printf "%s", buf }' >"$dir/first"
	"$ecsh" --virtual-clock -f "$dir/first" -c 'show running-config' \
	    >"$dir/second" 2>&1
	if cmp -s "$dir/first" "$dir/second" && [ -s "$dir/first" ]; then
		pass=$((pass + 1))
	else
		echo "FAIL $name: running-config does not replay to itself"
		diff -u "$dir/first" "$dir/second"
		fail=$((fail + 1))
	fi
done
echo "examples: $pass passed, $fail failed"
[ $fail = 0 ]
