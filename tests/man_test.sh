#!/bin/sh
# The manual pages: the committed command reference is the one the
# grammar generates; every page is lint-clean and opens with man -l;
# every example session prints what the page shows; every command of
# SPEC.md is in ecsh-commands(7) and parses.
#   tests/man_test.sh GENERATED_PAGE SOURCE_DIR ECSH
set -u
generated=$1
src=$2
ecsh=$(cd "$(dirname "$3")" && pwd)/$(basename "$3")
. "$src/tests/check.sh"
dir=$(mktemp -d)
trap 'rm -rf "$dir"' EXIT

if cmp -s "$generated" "$src/man/ecsh-commands.7"; then
	pass=$((pass + 1))
else
	echo "FAIL man/ecsh-commands.7 is not what grammar/ generates;"
	echo "     run scripts/regen-man and commit the result:"
	diff -u "$src/man/ecsh-commands.7" "$generated" | head -40
	fail=$((fail + 1))
fi
lint=$(mandoc -Tlint -Wwarning "$src"/man/*.1 "$src"/man/*.7 2>&1)
if [ -z "$lint" ]; then
	pass=$((pass + 1))
else
	echo "FAIL mandoc -Tlint -Wwarning:"
	echo "$lint"
	fail=$((fail + 1))
fi
for page in "$src"/man/*.1 "$src"/man/*.7; do
	check "man -l $(basename "$page")" sh -c "MANPAGER=cat MANWIDTH=80 \
	    man -l '$page' 2>/dev/null | grep -q 'SEE ALSO'"
done

# the example sessions, typed into a fresh ecsh
check "example sessions" python3 "$src/tests/man_sessions.py" "$ecsh" \
    "$src"/man/ecsh.1 "$src"/man/ecsh-tutorial.7 "$src"/man/ecsh-rules.7

# SPEC.md's commands: in the reference, and accepted by the grammar
mandoc -Tascii "$src/man/ecsh-commands.7" | col -b | tr -s ' \t\n' ' ' \
    >"$dir/page"
echo "show version" >"$dir/lab.ecsh"	# for `load`
grep -v '^#' "$src/tests/spec_commands.txt" | while IFS= read -r l; do
	phrase=${l%% :: *}
	lines=${l#* :: }
	if ! grep -qF -- "$phrase" "$dir/page"; then
		echo "FAIL ecsh-commands(7) lacks '$phrase'"
		echo x >>"$dir/failed"
	fi
	echo "$lines" | sed 's/ ;; /\n/g' >"$dir/script"
	if ! (cd "$dir" && "$ecsh" --check -f script >/dev/null 2>"$dir/err"); then
		echo "FAIL '$lines' does not parse:"
		cat "$dir/err"
		echo x >>"$dir/failed"
	fi
done
if [ -s "$dir/failed" ]; then
	fail=$((fail + 1))
else
	pass=$((pass + 1))
fi
echo "man: $pass passed, $fail failed"
[ $fail = 0 ]
