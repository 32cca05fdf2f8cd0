#!/bin/sh
# Batch transcripts: each NAME.ecsh runs as `ecsh --virtual-clock ARGS -f
# NAME.ecsh` (or on standard input when NAME.args says @stdin) and must
# print exactly NAME.out and NAME.err and exit with NAME.rc.
#
#   tests/batch/run.sh ECSH            check every transcript
#   tests/batch/run.sh ECSH --regen    rewrite them after a deliberate change
set -u
ecsh=$(cd "$(dirname "$1")" && pwd)/$(basename "$1")
regen=${2:-}
cd "$(dirname "$0")" || exit 1
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT
pass=0
fail=0
for script in *.ecsh; do
	name=${script%.ecsh}
	args=""
	[ -f "$name.args" ] && args=$(cat "$name.args")
	case " $args " in
	*" @stdin "*)
		args=$(echo "$args" | sed 's/@stdin//')
		# shellcheck disable=SC2086
		HOME=$tmp "$ecsh" --virtual-clock $args <"$script" \
		    >"$tmp/out" 2>"$tmp/err"
		;;
	*)
		# shellcheck disable=SC2086
		HOME=$tmp "$ecsh" --virtual-clock $args -f "$script" \
		    </dev/null >"$tmp/out" 2>"$tmp/err"
		;;
	esac
	echo $? >"$tmp/rc"
	if [ "$regen" = "--regen" ]; then
		cp "$tmp/out" "$name.out"
		cp "$tmp/err" "$name.err"
		cp "$tmp/rc" "$name.rc"
		continue
	fi
	ok=1
	for part in out err rc; do
		if ! diff -u "$name.$part" "$tmp/$part" >"$tmp/diff"; then
			echo "FAIL $name: $part differs"
			cat "$tmp/diff"
			ok=0
		fi
	done
	if [ $ok = 1 ]; then
		pass=$((pass + 1))
	else
		fail=$((fail + 1))
	fi
done
[ "$regen" = "--regen" ] && { echo "regenerated"; exit 0; }
echo "batch: $pass passed, $fail failed"
[ $fail = 0 ]
