# Many processes defining at once: 50 distinct names and 20 defines of
# one name leave exactly the expected files, each valid, and no temp file.
. "$TOP/tests/lib.sh"

Q=qemu:///system
STORE=$VIRTKIT_ROOT/var/lib/virtkit/qemu
mk() { mkdoc "$@"; }

i=0
while [ $i -lt 50 ]; do
	mk "par$i" > "$T/par$i.xml"
	i=$((i + 1))
done
i=0
while [ $i -lt 50 ]; do
	vm-define -c $Q "$T/par$i.xml" 2> "$T/par$i.err" &
	i=$((i + 1))
done
wait
errs=$(cat "$T"/par*.err)
[ -z "$errs" ] && pass parallel-50-no-error || fail parallel-50-no-error "$errs"
n=$(ls "$STORE" | grep -c '^par[0-9]*\.xml$')
[ "$n" -eq 50 ] && pass parallel-50-files || fail parallel-50-files "$n files"
bad=0
for f in "$STORE"/par*.xml; do
	xml-validate -q "$f" || bad=$((bad + 1))
done
[ $bad -eq 0 ] && pass parallel-50-valid || fail parallel-50-valid "$bad invalid"
expect parallel-50-listed 0 vm-list -c $Q --all --name
[ "$(grep -c '^par' "$T/out")" -eq 50 ] && pass parallel-50-list-count ||
	fail parallel-50-list-count "$(wc -l < "$T/out")"

# 20 defines of one name, each with its own memory size: one wins whole.
U=22222222-3333-4444-5555-666666666666
i=0
while [ $i -lt 20 ]; do
	mk same $U $((65536 + i)) > "$T/same$i.xml"
	i=$((i + 1))
done
i=0
while [ $i -lt 20 ]; do
	vm-define -c $Q "$T/same$i.xml" 2> "$T/same$i.err" &
	i=$((i + 1))
done
wait
errs=$(cat "$T"/same*.err)
[ -z "$errs" ] && pass parallel-same-no-error || fail parallel-same-no-error "$errs"
xml-validate -q "$STORE/same.xml" && pass parallel-same-valid ||
	fail parallel-same-valid "invalid same.xml"
mem=$(vm-dumpxml -c $Q same --xpath 'string(/domain/memory)')
[ "$mem" -ge 65536 ] && [ "$mem" -lt 65556 ] && pass parallel-same-one-version ||
	fail parallel-same-one-version "memory $mem"
others=$(ls -A "$STORE" | grep -v '^par[0-9]*\.xml$' | grep -v '^same\.xml$')
[ -z "$others" ] && pass parallel-no-temp-files || fail parallel-no-temp-files "$others"

# 20 defines of one name with 20 different uuids: exactly one wins.
i=0
while [ $i -lt 20 ]; do
	mk race "$(printf '33333333-4444-5555-6666-%012d' $i)" > "$T/race$i.xml"
	i=$((i + 1))
done
i=0
while [ $i -lt 20 ]; do
	(vm-define -c $Q "$T/race$i.xml" 2> "$T/race$i.err"; echo $? > "$T/race$i.rc") &
	i=$((i + 1))
done
wait
ok=$(cat "$T"/race*.rc | grep -c '^0$')
conflict=$(cat "$T"/race*.rc | grep -c '^5$')
[ "$ok" -eq 1 ] && [ "$conflict" -eq 19 ] && pass parallel-uuid-race-one-winner ||
	fail parallel-uuid-race-one-winner "$ok succeeded, $conflict conflicts"
