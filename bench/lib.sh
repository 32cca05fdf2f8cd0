# Helpers the benchmark scripts share: sourced, not run.
#   now               seconds since the epoch, to the nanosecond
#   kib PID FIELD     a VmRSS/VmHWM-style field of /proc/PID/status, in KiB
#   pid_of FILE       the pid a daemon (bird -P FILE) writes to FILE: bird's
#                     parent exits before the pid is in it; fails after 5 s
#   until_has TEXT CMD...   run CMD every 2 ms until its output has TEXT;
#                           gives up, returning 1, after UNTIL_S seconds
#                           (120 unless set)

now() { date +%s.%N; }
kib() { awk -v k="$2" '$1 == k":" { print $2 }' "/proc/$1/status"; }
pid_of() {
	waits=0
	while [ ! -s "$1" ]; do
		waits=$((waits + 1))
		[ "$waits" -lt 500 ] || return 1
		sleep 0.01
	done
	cat "$1"
}
until_has() {
	text=$1
	shift
	# the clock is read every 100 polls, to keep the poll itself cheap
	polls=0
	give_up=$(($(date +%s) + ${UNTIL_S:-120}))
	while ! "$@" 2>/dev/null | grep -q -- "$text"; do
		polls=$((polls + 1))
		if [ $((polls % 100)) = 0 ] && [ "$(date +%s)" -ge $give_up ]; then
			return 1
		fi
		sleep 0.002
	done
}
