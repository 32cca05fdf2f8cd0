#!/bin/sh
# One line from a file of drills, one a line of three or four figures in
# ms: min, median and max of cut -> BFD Down and cut -> BGP Down (both
# ecsh's own events, on the cloud side), then of the third (and fourth)
# column, beside the theory.
#   bench/drill_summary.sh WHO INTERVAL MULT FILE [THIRD [FOURTH]]
# THIRD names the third column (default: how long nothing had been heard);
# FOURTH, if given, the fourth
who=$1 interval=$2 mult=$3 file=$4 third=${5:-nothing heard for} fourth=${6:-}
cols="1 2 3"
[ -n "$fourth" ] && cols="1 2 3 4"
for col in $cols; do
	cut -d' ' -f$col "$file" | sort -n | awk '{ v[NR] = $1 } END {
	    printf "%s/%s/%s ", v[1], v[int((NR + 1) / 2)], v[NR] }'
done | awk -v who="$who" -v i="$interval" -v m="$mult" \
    -v n="$(wc -l <"$file")" -v third="$third" -v fourth="$fourth" '
{ print "BFD " i " ms x " m ", " who ", " n " runs, min/median/max: " \
    "cut -> BFD Down (ecsh'"'"'s event) " $1 " ms; cut -> BGP Down " \
    "(ecsh'"'"'s event) " $2 " ms; " third " " $3 " ms; " \
    (fourth != "" ? fourth " " $4 " ms; " : "") "theory: " i * m \
    " ms after the last packet, " i * (m - 1) "-" i * m " ms after a cut" }'
