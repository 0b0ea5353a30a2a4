#!/bin/sh
# Runs every test and ends with "N passed, N failed, N skipped".
#   tests/unit/*.c    C unit tests, built into $BUILD/tests/ by make
#   tests/*.sh        shell tests of the real executables
# Each test prints lines "PASS: name", "FAIL: name: why" or
# "SKIP: name: why"; this script counts them.  A test program that exits
# non-zero without printing a FAIL line counts as one failure.
# TESTS="golden-domain cmd-define" runs only those shell tests.
top=$(cd "$(dirname "$0")/.." && pwd)
BUILD=${BUILD:-build}
case $BUILD in /*) ;; *) BUILD=$top/$BUILD ;; esac
export BUILD TOP="$top"
out=$(mktemp -d)
trap 'rm -rf "$out"' EXIT
log=$out/log

run_one() {
	name=$1; shift
	# A stuck test must not hang the suite (CI has a hard limit).
	timeout -k 10 "${TEST_TIMEOUT:-900}" "$@" > "$out/one" 2>&1
	rc=$?
	[ $rc -eq 124 ] && echo "FAIL: $name: timed out after ${TEST_TIMEOUT:-900} s" >> "$out/one"
	cat "$out/one" >> "$log"
	grep -E '^(FAIL|SKIP):' "$out/one"
	if [ $rc -ne 0 ] && ! grep -q '^FAIL:' "$out/one"; then
		echo "FAIL: $name: exited $rc" | tee -a "$log"
		tail -n 20 "$out/one" | sed 's/^/    /'
	fi
}

: > "$log"
if [ -z "$TESTS" ]; then
	ls "$BUILD"/tests/* > /dev/null 2>&1 ||
		echo "FAIL: unit-tests: none built in $BUILD/tests" | tee -a "$log"
	for t in "$BUILD"/tests/*; do
		[ -x "$t" ] || continue
		run_one "$(basename "$t")" "$t"
	done
	for t in "$top"/tests/*.sh; do
		case $(basename "$t") in run.sh|lib.sh) continue ;; esac
		run_one "$(basename "$t" .sh)" sh "$t"
	done
else
	for n in $TESTS; do
		if [ -x "$BUILD/tests/$n" ]; then
			run_one "$n" "$BUILD/tests/$n"
		else
			run_one "$n" sh "$top/tests/$n.sh"
		fi
	done
fi
p=$(grep -c '^PASS:' "$log")
f=$(grep -c '^FAIL:' "$log")
s=$(grep -c '^SKIP:' "$log")
echo "$p passed, $f failed, $s skipped"
[ "$f" -eq 0 ]
