#!/bin/sh
# make fuzz: run every fuzz target under libFuzzer for FUZZ_TIME seconds
# (default 60), from its seeds (fuzz/seeds.sh), its working corpus kept
# in $BUILD/corpus/NAME between runs.  A finding (crash, sanitizer
# report, broken round trip) is saved under $BUILD/findings/NAME/ and
# makes the exit status 1; fix it, then add the input to
# fuzz/corpus/NAME/ so that make check replays it for good.
#   FUZZ_TIME=60 FUZZ_TARGETS="domain network" sh fuzz/run.sh
set -u
TOP=$(cd "$(dirname "$0")/.." && pwd)
BUILD=${BUILD:-build-fuzz}
case $BUILD in /*) ;; *) BUILD=$TOP/$BUILD ;; esac
FUZZ_TIME=${FUZZ_TIME:-60}
. "$TOP/fuzz/seeds.sh"
targets=${FUZZ_TARGETS:-$(cd "$TOP/fuzz" && ls *.c | sed -e '/^fuzz\.c$/d' -e '/^replay\.c$/d' -e 's/\.c$//')}
found=0
printf '%-10s %8s %10s %8s %8s %s\n' target runs exec/s cov ft result
for n in $targets; do
	bin=$BUILD/fuzz/fuzz-$n
	[ -x "$bin" ] || { echo "fuzz: no $bin: run make fuzz" >&2; exit 2; }
	corpus=$BUILD/corpus/$n
	findings=$BUILD/findings/$n
	mkdir -p "$corpus" "$findings"
	if [ -z "$(ls "$corpus")" ]; then
		fuzz_seeds "$n" | while read -r f; do
			cp "$f" "$corpus/seed-$(basename "$f")"
		done
	fi
	log=$BUILD/fuzz-$n.log
	ASAN_OPTIONS=detect_leaks=1 UBSAN_OPTIONS=halt_on_error=1 \
		"$bin" -max_total_time="$FUZZ_TIME" -max_len=65536 \
		-timeout=10 -rss_limit_mb=2048 -print_final_stats=1 \
		-artifact_prefix="$findings/" "$corpus" > "$log" 2>&1
	rc=$?
	runs=$(sed -n 's/^stat::number_of_executed_units: *//p' "$log")
	speed=$(sed -n 's/^stat::average_exec_per_sec: *//p' "$log")
	cov=$(grep -o 'cov: [0-9]*' "$log" | tail -n 1 | cut -d' ' -f2)
	ft=$(grep -o 'ft: [0-9]*' "$log" | tail -n 1 | cut -d' ' -f2)
	if [ "$rc" -eq 0 ]; then
		res=clean
	else
		res="FINDING (exit $rc): $findings, log $log"
		found=1
	fi
	printf '%-10s %8s %10s %8s %8s %s\n' "$n" "${runs:-?}" \
		"${speed:-?}" "${cov:-?}" "${ft:-?}" "$res"
done
exit $found
