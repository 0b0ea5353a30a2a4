#!/bin/sh
# Golden test of PCI address assignment (what vm-define does for the
# qemu driver).  For each tests/data/assign/NAME.xml:
#   assign:NAME      "domxml --assign NAME.xml" prints exactly
#                    NAME.out.xml, or fails with exit 3 and NAME.err
#   again:NAME       "domxml --assign NAME.out.xml" changes nothing (a
#                    second define keeps every address)
#   lv-schema:NAME   NAME.out.xml passes libvirt's own domain.rng
#                    (skipped when /usr/share/libvirt/schemas is absent)
# REGENERATE=1 writes NAME.out.xml / NAME.err instead of comparing.
. "$TOP/tests/lib.sh"

DOMXML=$BUILD/tools/domxml
LVRNG=/usr/share/libvirt/schemas/domain.rng
if [ ! -x "$DOMXML" ]; then
	fail golden-assign "$DOMXML is not built"
	exit 0
fi

cd "$DATA/assign" || exit 1
for f in *.xml; do
	case $f in *.out.xml) continue ;; esac
	n=${f%.xml}
	"$DOMXML" --assign "$f" > "$T/out" 2> "$T/err"
	rc=$?
	if [ -n "${REGENERATE:-}" ]; then
		if [ $rc = 0 ]; then cp "$T/out" "$n.out.xml"
		else cp "$T/err" "$n.err"; fi
		pass "assign:$n (regenerated)"
		continue
	fi
	if [ -f "$n.err" ]; then
		if [ $rc != 3 ]; then
			fail "assign:$n" "exit $rc, wanted 3"
		else
			same "assign:$n" "$n.err" "$T/err"
		fi
		continue
	fi
	if [ $rc != 0 ]; then
		fail "assign:$n" "domxml failed: $(head -c 300 "$T/err")"
		continue
	fi
	same "assign:$n" "$n.out.xml" "$T/out"
	"$DOMXML" --assign "$n.out.xml" > "$T/out2" 2> "$T/err"
	same "again:$n" "$n.out.xml" "$T/out2"
	if [ ! -f "$LVRNG" ]; then
		skip "lv-schema:$n" "libvirt's schemas are not installed"
	elif xmllint --noout --relaxng "$LVRNG" "$n.out.xml" \
	    > "$T/lv" 2>&1; then
		pass "lv-schema:$n"
	else
		fail "lv-schema:$n" "$(head -c 300 "$T/lv")"
	fi
done
