#!/bin/sh
# Rejection test of the domain parser.  For each tests/data/reject/
# NAME.xml, "domxml NAME.xml" (run in that directory, so messages hold
# the relative name) must exit 3, or the code in NAME.rc when there is
# one, and print on stderr exactly the one line in NAME.err.
# REGENERATE=1 writes NAME.err from the current stderr instead (review
# every message: it must name the file, the line and the element).
. "$TOP/tests/lib.sh"

DOMXML=$BUILD/tools/domxml
if [ ! -x "$DOMXML" ]; then
	fail reject-domain "$DOMXML is not built"
	exit 0
fi

cd "$DATA/reject" || exit 1
for f in *.xml; do
	n=${f%.xml}
	want=3
	[ -f "$n.rc" ] && want=$(cat "$n.rc")
	"$DOMXML" "$f" > "$T/out" 2> "$T/err"
	rc=$?
	if [ "$rc" -ne "$want" ]; then
		fail "reject:$n" "exit $rc, wanted $want: $(head -c 300 "$T/err")"
		continue
	fi
	if [ -s "$T/out" ]; then
		fail "reject:$n" "printed on stdout: $(head -c 200 "$T/out")"
		continue
	fi
	if [ "$(wc -l < "$T/err")" -ne 1 ]; then
		fail "reject:$n" "stderr is not one line: \
$(head -c 300 "$T/err" | tr '\n' '|')"
		continue
	fi
	if [ -n "${REGENERATE:-}" ]; then
		cp "$T/err" "$n.err"
		pass "reject:$n (regenerated)"
	elif [ ! -f "$n.err" ]; then
		fail "reject:$n" "no $n.err; got: $(cat "$T/err")"
	else
		same "reject:$n" "$n.err" "$T/err"
	fi
done
