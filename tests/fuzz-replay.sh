#!/bin/sh
# Replays every fuzz target (fuzz/README) over its seeds: the project's
# test documents of that kind and the saved findings in fuzz/corpus/.
#   replay-NAME   the replay driver read every seed and nothing broke
#                 (no crash, no sanitizer report under make check-asan,
#                 no broken round trip: those abort)
. "$TOP/tests/lib.sh"
. "$TOP/fuzz/seeds.sh"

for src in "$TOP"/fuzz/*.c; do
	n=$(basename "$src" .c)
	case $n in fuzz|replay) continue ;; esac
	bin=$BUILD/fuzz/replay-$n
	if [ ! -x "$bin" ]; then
		fail "replay-$n" "$bin is not built"
		continue
	fi
	fuzz_seeds "$n" > "$T/seeds"
	want=$(wc -l < "$T/seeds")
	# shellcheck disable=SC2046
	"$bin" $(cat "$T/seeds") > "$T/out" 2> "$T/err"
	rc=$?
	if [ "$rc" -eq 0 ] && [ "$want" -gt 0 ] &&
	    [ "$(cat "$T/out")" = "$want inputs" ]; then
		pass "replay-$n ($want inputs)"
	else
		fail "replay-$n" "exit $rc, $(cat "$T/out") of $want: $(head -c 400 "$T/err" | tr '\n' '|')"
	fi
done
