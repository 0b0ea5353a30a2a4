#!/bin/sh
# The typical virt-install desktop guest on a real QEMU (TCG,
# qemu:///system with VIRTKIT_ROOT): tests/data/virtinst/
# vi-desktop-full.xml, what virt-install 4.1 writes for a Fedora 37
# desktop (q35 + UEFI, spice with qxl, ich9 sound, two usb redirdevs, a
# spicevmc smartcard and channel, the agent channel, a virtio keyboard,
# a virtio-rng, a balloon with stats, an i6300esb watchdog, two virtio
# disks, a SATA cdrom, a virtio and an e1000e NIC, 14 root ports), with
# only what ties it to another host replaced:
#   - the boot: the guest kit's kernel and initramfs under its OVMF
#     (<kernel>/<initrd>/<cmdline> in place of <boot dev='hd'>), since no
#     installed Fedora disk is here;
#   - the disks: a scratch qcow2 and a scratch raw file in their paths;
#   - memory 512 MiB instead of 4 GiB (the test machine is shared; the
#     guest kit needs 256 MiB under OVMF);
#   - the NICs: type='user' in place of the "default" network and the
#     host bridge br0, which this private root and this host do not have
#     (mac and model kept).
# What vm-start refuses in it, printed as SKIP with the reason and
# removed so that the rest is still run, must be what this host truly
# cannot do:
#   - <cpu mode='host-passthrough'>: there is no KVM here (TCG cannot
#     pass the host CPU through); the <topology> is kept;
#   - <tpm model='tpm-crb'> with the emulator backend when swtpm is not
#     installed (the SKIP line says so).
# Checks:
#   define, start    vm-define and vm-start take it
#   qemu-accepts     QEMU runs with the whole command line (the guest is
#                    running after the start)
#   boot-desktop     the guest prints its marker (time printed)
#   devices          QMP query-pci shows the qxl, the ich9 sound, the
#                    i6300esb, the e1000e and the virtio devices
#   layout           each at the slot the definition gives it
#                    (tests/qemu/pci-layout.py match)
#   tpm              QEMU has the tpm-crb (query-tpm)
#   spice-listens    the spice server is listening (query-spice)
#   usb-ports        the USB devices are on the ports vm-define wrote
#                    (QMP: the usb-redir devices' "port" property)
#   no-qemu-warnings the domain log has no line of QEMU's own
# Needs root, QEMU (with spice), the kit, qemu-img, python3 and OVMF.
. "$TOP/tests/lib.sh"
. "$TOP/tests/qemu/common.sh"

root_or_skip qemu-desktop || exit 0
kit_or_skip qemu-desktop || exit 0
for t in python3 qemu-img; do
	if ! command -v $t > /dev/null 2>&1; then
		skip qemu-desktop "$t is missing"
		exit 0
	fi
done
if [ ! -r /usr/share/OVMF/OVMF_CODE_4M.fd ] ||
    [ ! -r /usr/share/qemu/firmware/60-edk2-x86_64.json ]; then
	skip qemu-desktop "no OVMF with its descriptors (apt-get install ovmf)"
	exit 0
fi
R=$(rundir)
D=desktop
qemu-img create -q -f qcow2 "$T/desktop.qcow2" 64M
truncate -s 16M "$T/data.raw"

sed -e 's|<memory>4194304</memory>|<memory>524288</memory>|' \
	-e 's|<currentMemory>4194304</currentMemory>|<currentMemory>524288</currentMemory>|' \
	-e "s|<boot dev=\"hd\"/>|<kernel>$KIT/vmlinuz</kernel><initrd>$KIT/initrd.img</initrd><cmdline>console=ttyS0 panic=0</cmdline>|" \
	-e "s|/var/lib/libvirt/images/desktop.qcow2|$T/desktop.qcow2|" \
	-e "s|/var/lib/libvirt/images/data.raw|$T/data.raw|" \
	-e 's|<interface type="network">|<interface type="user">|; s|<source network="default"/>||' \
	-e 's|<interface type="bridge">|<interface type="user">|; s|<source bridge="br0"/>||' \
	"$DATA/virtinst/vi-desktop-full.xml" > "$T/$D.xml"
grep -q "$KIT/vmlinuz" "$T/$D.xml" || fail qemu-desktop "the document no longer has <boot dev=\"hd\"/> to replace"

# What vm-start refuses and this host cannot do: each refusal met (the
# driver names the first one only) is printed as a SKIP line with its
# reason, and the element removed.
for i in 1 2 3; do
	xml-convert --from domain-xml --to qemu-argv "$T/$D.xml" > /dev/null 2> "$T/conv.err"
	# Refusals only: a note (the swtpm a <tpm> needs) is not one.
	why=$(grep -m 1 -v '^xml-convert: note:' "$T/conv.err" | head -c 240)
	case $why in
	*"cpu mode 'host-passthrough'"*)
		# No KVM on this host (guests hang on /dev/kvm), and TCG has
		# no host CPU to pass through.  The topology stays.
		skip desktop-host-passthrough "TCG cannot give the host's CPU: $why; mode removed"
		sed -i 's|<cpu mode="host-passthrough">|<cpu>|' "$T/$D.xml" ;;
	*"<tpm>"*|*swtpm*)
		# When swtpm is not installed.
		skip desktop-tpm "$why; <tpm> removed"
		sed -i '/<tpm /,/<\/tpm>/d' "$T/$D.xml" ;;
	*) break ;;
	esac
done

# Nothing else may be refused (a note on the swtpm a <tpm> needs is not
# a refusal).
xml-convert --from domain-xml --to qemu-argv "$T/$D.xml" > /dev/null 2> "$T/conv.err"
check argv-nothing-refused "! grep -qv '^xml-convert: note:' '$T/conv.err'" \
	"xml-convert: $(head -c 300 "$T/conv.err")"

expect define 0 vm-define "$T/$D.xml"
vm-dumpxml --inactive $D > "$T/conf.xml" 2> "$T/err"
t0=$(date +%s%N)
expect start 0 vm-start $D
check qemu-accepts "[ \"\$(dom_state $D)\" = running ] && [ -n \"\$(qemu_pids $D)\" ]" \
	"state '$(dom_state $D)'; log: $(tail -n 3 "$(logdir)/$D.log" | tr '\n' '|' | head -c 400)"
boot_timed boot-desktop $D 300 "qemu-desktop: desktop guest boot"

# The devices, as QEMU has them: qxl 1b36:0100, ich9 hda 8086:293e,
# i6300esb 8086:25ab, e1000e 8086:10d3, virtio net/blk/balloon/rng/
# serial/input (1af4:104x, 1af4:1052), qemu-xhci 1b36:000d, the
# pcie-to-pci-bridge 1b36:000e vm-define added for the i6300esb.
if python3 "$QT/qmp.py" "$R/$D.d/cmd.qmp" query-pci > "$T/qmp.json" 2> "$T/qmp.err"; then
	python3 "$QT/pci-layout.py" qmp "$T/qmp.json" | awk '{ print $2 }' | sort -u > "$T/ids"
	missing=
	for id in 1b36:0100 8086:293e 8086:25ab 8086:10d3 1af4:1041 1af4:1042 \
	    1af4:1045 1af4:1044 1af4:1043 1af4:1052 1b36:000d 1b36:000e; do
		grep -qx "$id" "$T/ids" || missing="$missing $id"
	done
	check devices '[ -z "$missing" ]' "query-pci lacks$missing (has $(tr '\n' ' ' < "$T/ids"))"
else
	fail devices "query-pci: $(head -c 300 "$T/qmp.err")"
fi
if python3 "$QT/pci-layout.py" match "$T/conf.xml" "$T/qmp.json" > "$T/match" 2>&1; then
	pass layout
else
	fail layout "$(tr '\n' '|' < "$T/match" | head -c 500)"
fi
qmp_check tpm $D query-tpm "any(t['model'] == 'tpm-crb' for t in r)"
qmp_check spice-listens $D query-spice "r['enabled'] and r.get('port', 0) > 0"
qmp_check usb-ports $D "qom-get path=/machine/peripheral/redir1 property=port" "r == '$(sed -n "/<redirdev/,/<\/redirdev>/s/.*<address type='usb' bus='0' port='\([0-9]*\)'.*/\1/p" "$T/conf.xml" | sed -n 2p)'"

check no-qemu-warnings "! grep -q '^qemu-system-x86_64:' '$(logdir)/$D.log'" \
	"$(grep '^qemu-system-x86_64:' "$(logdir)/$D.log" | head -n 3 | tr '\n' '|' | head -c 400)"
expect destroy 0 vm-destroy $D
check nothing-left 'wait_until 30 "dom_gone $D"' \
	"QEMU '$(qemu_pids $D)', $(ls "$R" 2>&1 | tr '\n' ' ')"
