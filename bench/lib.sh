# Helpers the benchmark scripts share: sourced, not run.
#   now               seconds since the epoch, to the nanosecond
#   kib PID FIELD     a VmRSS/VmHWM-style field of /proc/PID/status, in KiB
#   until_has TEXT CMD...   run CMD every 2 ms until its output has TEXT

now() { date +%s.%N; }
kib() { awk -v k="$2" '$1 == k":" { print $2 }' "/proc/$1/status"; }
until_has() {
	text=$1
	shift
	while ! "$@" 2>/dev/null | grep -q -- "$text"; do
		sleep 0.002
	done
}
