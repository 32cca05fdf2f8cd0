#!/bin/sh
# Run the batch transcripts, the examples, and the --serve, startup,
# input, sessions and alerts tests with every ecsh under valgrind: any
# invalid access or definite leak exits 99, which no transcript expects.
#   tests/valgrind.sh ECSH SOURCE_DIR
set -u
ecsh=$(cd "$(dirname "$1")" && pwd)/$(basename "$1")
src=$(cd "$2" && pwd)
command -v valgrind >/dev/null || { echo "FAIL valgrind is not installed"; exit 1; }
dir=$(mktemp -d)
trap 'rm -rf "$dir"' EXIT
cat >"$dir/ecsh" <<WRAP
#!/bin/sh
exec valgrind -q --error-exitcode=99 --leak-check=full \
    --show-leak-kinds=definite,indirect \
    --errors-for-leak-kinds=definite,indirect \
    --suppressions=$src/tests/valgrind.supp "$ecsh" "\$@"
WRAP
chmod +x "$dir/ecsh"
fail=0
"$src/tests/batch/run.sh" "$dir/ecsh" || fail=1
"$src/tests/examples_test.sh" "$dir/ecsh" "$src" || fail=1
"$src/tests/serve_test.sh" "$dir/ecsh" || fail=1
"$src/tests/startup_test.sh" "$dir/ecsh" || fail=1
"$src/tests/input_test.sh" "$dir/ecsh" || fail=1
python3 "$src/tests/sessions_test.py" "$dir/ecsh" || fail=1
python3 "$src/tests/alerts_test.py" "$dir/ecsh" --virtual-only || fail=1
[ $fail = 0 ] && echo "valgrind: 7 passed, 0 failed" ||
    echo "valgrind: failed"
exit $fail
