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
