#!/bin/sh
# Configuration sessions on a big configuration (bench/big_config.awk,
# about 100k lines): a commit of all of it against the same lines applied
# immediately; `show configuration diff` of a one-line change on a 10k-
# and a 100k-line configuration; what a session and 64 kept commits cost
# in memory.  Each figure is min / median of RUNS whole runs of ecsh; the
# BGP sessions the configuration makes are counted before it exits, so
# both ways include the reconcile.  A benchmark: it asserts nothing but
# that the runs it times succeed; a figure with a failed run behind it
# prints as FAILED (the ecsh output of the last failure is on stderr),
# and the script then exits 1.
#   bench/commit.sh [ECSH] [RUNS]
set -u
here=$(cd "$(dirname "$0")" && pwd)
ecsh=${1:-$here/../build/ecsh}
runs=${2:-3}
dir=$(mktemp -d)
trap 'rm -rf "$dir"' EXIT
# killed or its reader gone: the EXIT trap above still cleans up
trap 'exit 1' HUP INT TERM PIPE

stats() { sort -g | awk '{ v[NR] = $1 } END {
    if (NR) printf "%s %s", v[1], v[int((NR + 1) / 2)] }'; }
# measure NAME ARGS...: RUNS runs; "$dir/NAME.t" "MIN MEDIAN" seconds,
# "$dir/NAME.m" "MIN MEDIAN" peak MiB; both FAILED if a run failed
measure() {
	name=$1
	shift
	: >"$dir/t"
	: >"$dir/m"
	i=0
	while [ "$i" -lt "$runs" ]; do
		t0=$(date +%s%N)
		if ! /usr/bin/time -f "%M" -o "$dir/rss" "$ecsh" "$@" \
		    >"$dir/$name.out" 2>&1; then
			echo "commit.sh: $name: ecsh $*: failed:" >&2
			tail -5 "$dir/$name.out" >&2
			echo FAILED >"$dir/$name.t"
			echo FAILED >"$dir/$name.m"
			: >"$dir/failed"
			return
		fi
		t1=$(date +%s%N)
		echo "$t0 $t1" | awk '{ printf "%.4f\n", ($2 - $1) / 1e9 }' \
		    >>"$dir/t"
		awk '{ printf "%.1f\n", $1 / 1024 }' "$dir/rss" >>"$dir/m"
		i=$((i + 1))
	done
	stats <"$dir/t" >"$dir/$name.t"
	stats <"$dir/m" >"$dir/$name.m"
}
med() { awk '{ print $2 }' "$dir/$1.$2"; }
minmed() { awk -v u="$2" '{ printf "%.3f / %.3f %s", $1, $2, u }' "$dir/$1"; }
# ok NAME...: every run of those measures succeeded
ok() {
	for m; do
		! grep -q FAILED "$dir/$m.t" || return 1
	done
}

awk -v lines=100000 -f "$here/big_config.awk" >"$dir/big.ecsh"
awk -v lines=10000 -f "$here/big_config.awk" >"$dir/small.ecsh"
lines=$(wc -l <"$dir/big.ecsh")
count='show bgp peers | count'

# 1. the whole configuration: immediate, and as one commit
{
	echo "configure session big"
	awk -v lines=100000 -v body=1 -f "$here/big_config.awk"
	echo "commit"
	echo "end"
} >"$dir/session.ecsh"
measure immediate -f "$dir/big.ecsh" -c "$count"
measure commit -f "$dir/session.ecsh" -c "$count"
if ok commit immediate; then
	echo "commit of a $lines-line candidate: $(minmed commit.t s), peak \
$(med commit m) MiB; the same lines under configure: $(minmed immediate.t s), \
peak $(med immediate m) MiB; ratio $(echo "$(med commit t) $(med immediate t)" |
	    awk '{ printf "%.2f", $1 / $2 }')"
else
	echo "commit of a $lines-line candidate: FAILED"
fi

# 2. show configuration diff of one changed line, 200 times, less the
# same run without them: one diff's time, on 10k and 100k lines
diffs=2000
for size in small big; do
	{
		echo "configure session d"
		echo "vbr v5"
		echo " description one changed line"
	} >"$dir/d0.ecsh"
	cp "$dir/d0.ecsh" "$dir/d1.ecsh"
	i=0
	while [ $i -lt $diffs ]; do
		echo " show configuration diff" >>"$dir/d1.ecsh"
		i=$((i + 1))
	done
	measure "$size-d0" -f "$dir/$size.ecsh" -f "$dir/d0.ecsh"
	measure "$size-d1" -f "$dir/$size.ecsh" -f "$dir/d1.ecsh"
	n=$(wc -l <"$dir/$size.ecsh")
	if ok "$size-d0" "$size-d1"; then
		echo "show configuration diff of a one-line change on $n lines: \
$(echo "$(med "$size-d1" t) $(med "$size-d0" t)" | awk -v k=$diffs '{
		    printf "%.3f", ($1 - $2) * 1000 / k }') ms each ($diffs in one run)"
	else
		echo "show configuration diff of a one-line change on $n lines: FAILED"
	fi
done

# 3. what beginning a session costs: the candidate is a whole copy
: >"$dir/s1.ecsh"
i=0
while [ $i -lt 20 ]; do
	printf 'configure session s\nvbr v1\n description %d\nabort\n' $i \
	    >>"$dir/s1.ecsh"
	i=$((i + 1))
done
measure s0 -f "$dir/big.ecsh" -c "show version"
measure s1 -f "$dir/big.ecsh" -f "$dir/s1.ecsh" -c "show version"
if ok s0 s1; then
	echo "configure session on $lines lines (a copy of the store): \
$(echo "$(med s1 t) $(med s0 t)" | awk '{ printf "%.1f", ($1 - $2) * 1000 / 20 }') ms each (20 in one run)"
else
	echo "configure session on $lines lines (a copy of the store): FAILED"
fi

# 4. memory: an open session (a copy of the store), and the 64 kept
# commits, one VBR each or every VBR each
vbrs=$(grep -c '^vbr ' "$dir/big.ecsh")
cp "$dir/s0.t" "$dir/rest.t"
cp "$dir/s0.m" "$dir/rest.m"
measure open -f "$dir/big.ecsh" -c "configure session s" -c "vbr v1" \
    -c " description open" -c "show version"
: >"$dir/one.ecsh"
: >"$dir/all.ecsh"
c=0
while [ $c -lt 64 ]; do
	printf 'configure session c\nvbr v%d\n description commit %d\ncommit\nend\n' \
	    "$c" "$c" >>"$dir/one.ecsh"
	awk -v n="$vbrs" -v c="$c" 'BEGIN { print "configure session c"
	    for (v = 0; v < n; v++) print "vbr v" v "\n description commit " c
	    print "commit"; print "end" }' >>"$dir/all.ecsh"
	c=$((c + 1))
done
measure one -f "$dir/big.ecsh" -f "$dir/one.ecsh" -c "show version"
measure all -f "$dir/big.ecsh" -f "$dir/all.ecsh" -c "show version"
if ok rest open one all; then
	echo "memory on $lines lines ($vbrs VBRs): at rest peak $(med rest m) MiB; \
an open session +$(echo "$(med open m) $(med rest m)" | awk '{ printf "%.1f",
	    $1 - $2 }') MiB; 64 commits of one VBR each +$(echo "$(med one m) \
$(med rest m)" | awk '{ printf "%.1f", $1 - $2 }') MiB; 64 commits of every \
VBR each +$(echo "$(med all m) $(med rest m)" | awk '{ printf "%.1f",
	    $1 - $2 }') MiB ($(minmed all.t s) for that run)"
else
	echo "memory on $lines lines ($vbrs VBRs): FAILED"
fi
[ ! -e "$dir/failed" ]
