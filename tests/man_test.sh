#!/bin/sh
# The committed command reference must be the one the grammar generates,
# and every page must be lint-clean.
#   tests/man_test.sh GENERATED_PAGE SOURCE_DIR
set -u
generated=$1
src=$2
fail=0
if ! cmp -s "$generated" "$src/man/ecsh-commands.7"; then
	echo "FAIL man/ecsh-commands.7 is not what grammar/ generates;"
	echo "     run scripts/regen-man and commit the result:"
	diff -u "$src/man/ecsh-commands.7" "$generated" | head -40
	fail=1
fi
lint=$(mandoc -Tlint -Wwarning "$src"/man/*.1 "$src"/man/*.7 2>&1)
if [ -n "$lint" ]; then
	echo "FAIL mandoc -Tlint -Wwarning:"
	echo "$lint"
	fail=1
fi
[ $fail = 0 ] && echo "man: 2 passed, 0 failed" || echo "man: failed"
exit $fail
