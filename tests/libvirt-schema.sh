#!/bin/sh
# The canonical output of the domain goldens (tests/data/domain/
# NAME.out.xml) passes libvirt's own domain schema, as the issue asks of
# everything vm-dumpxml writes:
#   lv-schema:NAME   xmllint --relaxng .../libvirt/schemas/domain.rng
# tests/data/domain/libvirt-schema.known lists the goldens that cannot
# (NAME REASON: their input uses what libvirt's parser takes but its
# schema does not, or a spelling libvirt 9 dropped); those are SKIP with
# the reason, and FAIL once they validate, so that the list shrinks.
. "$TOP/tests/lib.sh"

KNOWN=$DATA/domain/libvirt-schema.known
cd "$DATA/domain" || exit 1
for f in *.out.xml; do
	n=${f%.out.xml}
	why=$(awk -v n="$n" '$1 == n { $1 = ""; sub(/^ /, ""); print; exit }' \
		"$KNOWN" 2> /dev/null)
	if [ -z "$why" ]; then
		lv_schema "lv-schema:$n" "$f"
	elif [ ! -f "$LV_DOMAIN_RNG" ]; then
		skip "lv-schema:$n" "no $LV_DOMAIN_RNG (Debian package libvirt0)"
	elif xmllint --noout --relaxng "$LV_DOMAIN_RNG" "$f" > /dev/null 2>&1; then
		fail "lv-schema:$n" "validates now: remove it from $KNOWN"
	else
		skip "lv-schema:$n" "known: $why"
	fi
done
