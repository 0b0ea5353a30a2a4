#!/bin/sh
# Golden test of PCI address assignment (what vm-define does for the
# qemu driver).  For each tests/data/assign/NAME.xml:
#   assign:NAME      "domxml --assign NAME.xml" prints exactly
#                    NAME.out.xml, or fails with exit 3 and NAME.err
#   again:NAME       "domxml --assign NAME.out.xml" changes nothing (a
#                    second define keeps every address)
#   lv-schema:NAME   NAME.out.xml passes libvirt's own domain.rng
#                    (skipped when /usr/share/libvirt/schemas is absent)
#   libvirt-layout:NAME  for each pair of tests/data/virtinst documents
#                    vi-NAME.xml (virt-install's, no addresses) and
#                    lv-NAME.xml (the same after libvirt 9.0's define),
#                    "domxml --assign vi-NAME.xml" puts every PCI device
#                    at the place libvirt did (tests/qemu/pci-layout.py
#                    xml: slot.function through each bridge) and gives
#                    the same USB addresses.  A <vsock> is left out:
#                    virtkit keeps it for the driver to refuse, so gives
#                    it no address.  A vi- document virtkit cannot read
#                    yet (tests/data/virtinst/pending), or with a
#                    virtio-fs <filesystem> (kept as given and refused at
#                    start, so given no address), is a SKIP.
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

# The layout libvirt itself gives virt-install's documents.
cd "$DATA/virtinst" || exit 1
layout() { # FILE: the PCI layout but <vsock>, then the USB addresses
	python3 "$TOP/tests/qemu/pci-layout.py" xml "$1" | grep -v ' vsock$'
	grep -o "<address type='usb'[^>]*>" "$1" | sort
}
if ! command -v python3 > /dev/null 2>&1; then
	skip libvirt-layout "python3 is missing (tests/qemu/pci-layout.py)"
	exit 0
fi
for lv in lv-*.xml; do
	case $lv in *.out.xml) continue ;; esac
	n=${lv#lv-}
	n=${n%.xml}
	[ -f "vi-$n.xml" ] || continue
	if ! "$DOMXML" --assign "vi-$n.xml" > "$T/vi.xml" 2> "$T/err"; then
		skip "libvirt-layout:$n" "virtkit cannot read vi-$n.xml yet: $(head -n 1 "$T/err" | head -c 200)"
		continue
	fi
	if grep -q "<driver type=.virtiofs" "vi-$n.xml"; then
		skip "libvirt-layout:$n" "virtkit keeps virtio-fs <filesystem>s as given (the qemu driver refuses them), so gives them no PCI address"
		continue
	fi
	layout "$lv" > "$T/lv.layout"
	layout "$T/vi.xml" > "$T/vi.layout"
	same "libvirt-layout:$n" "$T/lv.layout" "$T/vi.layout"
done
