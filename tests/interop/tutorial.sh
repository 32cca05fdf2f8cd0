#!/bin/sh
# The "A REAL ROUTER" section of ecsh-tutorial(7), against BIRD: the
# page's bird.conf is what BIRD runs, and the page's ecsh session must
# print what the page shows (on the real clock; uptimes normalised).
#   tests/interop/tutorial.sh ECSH
set -u
ECSH=$1
. "$(dirname "$0")/lib.sh"
src=$(cd "$(dirname "$0")/../.." && pwd)
page=$src/man/ecsh-tutorial.7

bird_start() {
	python3 "$src/tests/man_sessions.py" --file bird.conf "$page" \
	    >"$dir/bird.conf" || return 1
	bird -c "$dir/bird.conf" -s "$dir/bird.ctl" -P "$dir/bird.pid" \
	    >"$dir/bird.out" 2>&1 || { cat "$dir/bird.out"; return 1; }
	wait_file "$dir/bird.pid"
	d_pid=$(cat "$dir/bird.pid")
}

if need bird && need python3; then
	if bird_start; then
		check "tutorial: the BIRD session prints what the page shows" \
		    python3 "$src/tests/man_sessions.py" "$ECSH" --bird \
		    ${REGEN:+--regen} "$page"
	else
		echo "FAIL tutorial: BIRD does not start with the page's bird.conf"
		fail=$((fail + 1))
	fi
fi
echo "tutorial: $pass passed, $fail failed"
[ $fail = 0 ]
