# Sourced by the shell tests: check LABEL CONDITION... runs CONDITION,
# counts it in pass or fail and names what failed.
pass=0
fail=0
check() {	# sh has no locals: the names are distinct
	check_label=$1
	shift
	if "$@"; then
		pass=$((pass + 1))
	else
		echo "FAIL $check_label"
		fail=$((fail + 1))
	fi
}

# A scratch directory ($dir) and a lab ($lab, serve_start's), both gone
# when the script exits.
scratch_lab() {
	dir=$(mktemp -d)
	lab=
	trap '[ -n "$lab" ] && kill $lab 2>/dev/null; rm -rf "$dir"' EXIT
}

# Wait up to 5 s for a --serve socket; false if it never came.
wait_socket() {	# SOCKET
	wait_i=0
	while [ ! -S "$1" ] && [ $wait_i -lt 100 ]; do
		sleep 0.05
		wait_i=$((wait_i + 1))
	done
	[ -S "$1" ]
}

# Start `ECSH --serve SOCKET -f SCRIPT` in the background, its pid in $lab
# and its output in SCRIPT.out, and wait up to 5 s for the socket.
serve_start() {	# ECSH SOCKET SCRIPT
	"$1" --serve "$2" -f "$3" </dev/null >"$3.out" 2>&1 &
	lab=$!
	wait_socket "$2"
}
