#!/bin/sh
# One line from a file of drill_times.py's lines: min, median and max of
# cut -> BFD Down, cut -> BGP down and nothing heard, beside the theory.
#   bench/drill_summary.sh WHO INTERVAL MULT FILE [THIRD]
# THIRD names the third column (default: how long nothing had been heard)
who=$1 interval=$2 mult=$3 file=$4 third=${5:-nothing heard for}
for col in 1 2 3; do
	cut -d' ' -f$col "$file" | sort -n | awk '{ v[NR] = $1 } END {
	    printf "%s/%s/%s ", v[1], v[int((NR + 1) / 2)], v[NR] }'
done | awk -v who="$who" -v i="$interval" -v m="$mult" \
    -v n="$(wc -l <"$file")" -v third="$third" '
{ print "BFD " i " ms x " m ", " who ", " n " runs, min/median/max: " \
    "cut -> BFD Down " $1 " ms; cut -> BGP down (routes withdrawn) " $2 \
    " ms; " third " " $3 " ms; theory: " i * m " ms after the " \
    "last packet, " i * (m - 1) "-" i * m " ms after a cut" }'
