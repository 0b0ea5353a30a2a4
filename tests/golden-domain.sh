#!/bin/sh
# Golden test of the domain parser and canonical writer.
# For each tests/data/domain/NAME.xml (not *.out.xml):
#   golden:NAME      "domxml NAME.xml" prints exactly NAME.out.xml
#   fixpoint:NAME    "domxml NAME.out.xml" prints it unchanged
# NAME.opts, when present, holds domxml options for both runs (--live
# keeps the runtime values: id, pty paths; --secure keeps passwords).
# REGENERATE=1 writes NAME.out.xml from the current output instead of
# comparing (review every change before committing it).
#
# Documents named gen-*.xml have no uuid and interfaces without a MAC,
# to test generation.  Their output is compared after masking: a random
# (version 4) uuid becomes 00000000-0000-4000-8000-000000000000 and the
# last three octets of each MAC become 00:00:00 (the prefix is kept and
# checked).  A value that does not have the expected form stays as it is
# and makes the comparison fail.  Their fixed point is checked on the
# real, unmasked output.
. "$TOP/tests/lib.sh"

DOMXML=$BUILD/tools/domxml
if [ ! -x "$DOMXML" ]; then
	fail golden-domain "$DOMXML is not built"
	exit 0
fi

mask() {
	sed -E \
	    -e 's|<uuid>[0-9a-f]{8}-[0-9a-f]{4}-4[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}</uuid>|<uuid>00000000-0000-4000-8000-000000000000</uuid>|' \
	    -e "s|<mac address='([0-9a-f]{2}:[0-9a-f]{2}:[0-9a-f]{2}):[0-9a-f]{2}:[0-9a-f]{2}:[0-9a-f]{2}'/>|<mac address='\\1:00:00:00'/>|"
}

cd "$DATA/domain" || exit 1
for f in *.xml; do
	case $f in *.out.xml) continue ;; esac
	n=${f%.xml}
	opts=
	[ -f "$n.opts" ] && opts=$(cat "$n.opts")
	# $opts is split into words on purpose.
	if ! "$DOMXML" $opts "$f" > "$T/out" 2> "$T/err"; then
		fail "golden:$n" "domxml failed: $(head -c 300 "$T/err")"
		continue
	fi
	case $n in
	gen-*) mask < "$T/out" > "$T/cmp" ;;
	*) cp "$T/out" "$T/cmp" ;;
	esac
	if [ -n "${REGENERATE:-}" ]; then
		cp "$T/cmp" "$n.out.xml"
		pass "golden:$n (regenerated)"
	elif [ ! -f "$n.out.xml" ]; then
		fail "golden:$n" "no $n.out.xml"
	else
		same "golden:$n" "$n.out.xml" "$T/cmp"
	fi

	# The canonical form is a fixed point of parse + format.
	src=$n.out.xml
	case $n in gen-*) cp "$T/out" "$T/gen.xml"; src=$T/gen.xml ;; esac
	[ -f "$src" ] || continue
	if ! "$DOMXML" $opts "$src" > "$T/out2" 2> "$T/err"; then
		fail "fixpoint:$n" "domxml failed: $(head -c 300 "$T/err")"
		continue
	fi
	same "fixpoint:$n" "$src" "$T/out2"
done
