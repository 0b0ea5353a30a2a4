#!/bin/sh
# Regenerates tests/data/virtinst/vi-*.xml: real virt-install output for
# libvirt's QEMU driver, as virt-install writes it for qemu:///system on
# this kind of host (QEMU 7.2 under TCG, x86_64).
#
# Not part of the tests (they read the committed documents).  Needs
# virtinst (apt-get install --no-install-recommends virtinst).
#
# virt-install runs against libvirt's test driver with virt-install's own
# test hook (its "magic URI"): the connection is the test driver loaded
# with gen/node.xml (a "default" network and a "default" dir pool with a
# few volumes), but the capabilities and domain capabilities virt-install
# sees are those gen/caps.xml and gen/domcaps-*.xml hold, which are
# `virsh capabilities` and `virsh domcapabilities --virttype qemu
# --machine q35|pc` of libvirt 9.0's QEMU driver on this host (QEMU 7.2,
# no KVM), and virt-install writes XML for qemu:///system.  "predictable"
# makes virt-install's UUIDs and MAC addresses fixed, so that a rerun
# gives the same files.
#
# virt-install --print-xml prints two documents when there is an install
# phase (the install boot, then the final definition): the final one is
# kept.
set -eu
here=$(cd "$(dirname "$0")" && pwd)
gen=$here/gen
command -v virt-install > /dev/null ||
	{ echo "generate.sh: needs virt-install (virtinst)" >&2; exit 1; }
grep -v '^#' "$gen/cases" | grep . | while read -r name rest; do
	dc=$gen/domcaps-q35.xml
	case $rest in machine=pc\ *) dc=$gen/domcaps-pc.xml; rest=${rest#machine=pc } ;; esac
	uri="__virtinst_test__test://$gen/node.xml,predictable,caps=$gen/caps.xml,domcaps=$dc,fakeuri=qemu:///system"
	# $rest is split into words on purpose.
	if ! virt-install --connect "$uri" --print-xml --noautoconsole \
	    $rest > "$here/vi-$name.tmp" 2> "$here/vi-$name.err"; then
		echo "generate.sh: $name: $(cat "$here/vi-$name.err")" >&2
		rm -f "$here/vi-$name.tmp" "$here/vi-$name.err"
		continue
	fi
	rm -f "$here/vi-$name.err"
	# keep the last document
	awk '/^<domain/ { buf = "" } { buf = buf $0 "\n" } END { printf "%s", buf }' \
		"$here/vi-$name.tmp" > "$here/vi-$name.xml"
	rm -f "$here/vi-$name.tmp"
done

# lv-NAME.xml: what libvirt itself keeps of vi-NAME.xml -- `virsh define`
# then `virsh dumpxml` with libvirt 9.0's QEMU driver, run embedded in
# virsh (qemu:///embed, no daemon) in a scratch root: machine types
# expanded, controllers and PCI/drive addresses assigned, placement and
# unit= written.  Needs libvirt-daemon-driver-qemu, libvirt-clients and
# (for <tpm>) swtpm-tools, and the libvirt-qemu account.  Each gets its
# own UUID (virt-install's predictable one is the same for all).
if ! command -v virsh > /dev/null ||
    ! ls /usr/lib/*/libvirt/connection-driver/libvirt_driver_qemu.so > /dev/null 2>&1; then
	echo "generate.sh: no virsh or no libvirt QEMU driver: lv-*.xml not regenerated" >&2
	exit 0
fi
root=$(mktemp -d /tmp/vk-embed.XXXXXX)
trap 'rm -rf "$root"' EXIT
mkdir -p "$root/etc"
printf 'user = "root"\ngroup = "root"\n' > "$root/etc/qemu.conf"
i=0
for name in $(cat "$gen/lv-cases"); do
	i=$((i + 1))
	uuid=$(printf '00000000-1111-2222-3333-%012d' "$i")
	sed "s|<uuid>.*</uuid>|<uuid>$uuid</uuid>|" "$here/vi-$name.xml" > "$root/in.xml"
	dom=$(sed -n 's|.*<name>\(.*\)</name>.*|\1|p' "$root/in.xml" | head -n 1)
	if virsh -q -c "qemu:///embed?root=$root" define "$root/in.xml" \
	    > "$root/err" 2>&1 &&
	   virsh -q -c "qemu:///embed?root=$root" dumpxml "$dom" \
	    > "$here/lv-$name.xml" 2> "$root/err"; then
		:
	else
		echo "generate.sh: lv-$name: $(grep -v ' info : ' "$root/err")" >&2
		rm -f "$here/lv-$name.xml"
	fi
done
