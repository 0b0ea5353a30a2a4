#!/bin/sh
# The q35 guest of issue 10 on a real QEMU (TCG, qemu:///system with
# VIRTKIT_ROOT): the guest kit's kernel and initramfs under OVMF
# (<os firmware='efi'>, 256 MiB: with 128 MiB OVMF does not reach the
# kernel), machine q35, the devices as virt-install writes them with no
# address: a qemu-xhci with 15 ports, pcie-root and pcie-root-ports, a
# virtio disk (a scratch raw file) and a virtio NIC (user networking, so
# no bridge is needed), the guest agent channel with no <source> (its
# socket goes in the runtime directory), a virtio-rng, a tpm-crb on
# swtpm.
#   define          vm-define takes it
#   assigned        vm-dumpxml shows a PCI address on every PCI device
#                   (vm-define assigned them: qemu_address.c)
#   boot-q35        the guest prints its marker (time printed)
#   qmp-layout      QMP query-pci has every device of the definition at
#                   the slot the definition gives it (behind the root
#                   port of the bus it names), with the vendor:device its
#                   element has, and nothing else but the machine's own
#                   (tests/qemu/pci-layout.py match)
#   guest-layout    the guest's /sys/bus/pci/devices (path, vendor,
#                   device, read with console commands) is the same as
#                   query-pci's
#   chan-*          the agent channel carries bytes both ways
#   guest-hwrng     the guest's hw_random source is the virtio RNG
#   guest-tpm       the guest sees a TPM 2.0 (/sys/class/tpm/tpm0) and
#                   QMP query-tpm shows the tpm-crb on the emulator
#   no-qemu-warnings  the domain log has no line of QEMU's own (its
#                   warnings start "qemu-system-x86_64:")
#   same-slots      after vm-destroy and vm-start the guest sees the same
#                   layout again, and the definition did not change
# Needs root, QEMU, the kit, python3 and the ovmf package.
. "$TOP/tests/lib.sh"
. "$TOP/tests/qemu/common.sh"

root_or_skip qemu-q35 || exit 0
kit_or_skip qemu-q35 || exit 0
if ! command -v python3 > /dev/null 2>&1; then
	skip qemu-q35 "python3 is missing (the QMP client and the layout reader are python)"
	exit 0
fi
if [ ! -r /usr/share/OVMF/OVMF_CODE_4M.fd ] ||
    [ ! -r /usr/share/qemu/firmware/60-edk2-x86_64.json ]; then
	skip qemu-q35 "no OVMF with its descriptors (apt-get install ovmf)"
	exit 0
fi
R=$(rundir)
AGENT=org.qemu.guest_agent.0
D=q35g
truncate -s 16M "$T/disk.raw"

# The TPM as virt-install writes it (vm-start runs swtpm beside QEMU);
# without swtpm on the host the guest has none, said with a SKIP line.
TPM="<tpm model='tpm-crb'><backend type='emulator' version='2.0'/></tpm>"
if ! command -v swtpm > /dev/null 2>&1 ||
    ! command -v swtpm_setup > /dev/null 2>&1; then
	skip guest-tpm "swtpm or swtpm_setup is missing (apt-get install swtpm swtpm-tools): the guest gets no TPM"
	TPM=
fi

cat > "$T/$D.xml" << EOF
<domain type='qemu'>
  <name>$D</name>
  <memory unit='KiB'>262144</memory>
  <currentMemory unit='KiB'>262144</currentMemory>
  <vcpu placement='static'>1</vcpu>
  <os firmware='efi'>
    <type arch='x86_64' machine='q35'>hvm</type>
    <kernel>$KIT/vmlinuz</kernel>
    <initrd>$KIT/initrd.img</initrd>
    <cmdline>console=ttyS0 panic=0</cmdline>
  </os>
  <features>
    <acpi/>
    <apic/>
    <vmport state='off'/>
  </features>
  <clock offset='utc'>
    <timer name='rtc' tickpolicy='catchup'/>
    <timer name='pit' tickpolicy='delay'/>
    <timer name='hpet' present='no'/>
  </clock>
  <devices>
    <emulator>/usr/bin/qemu-system-x86_64</emulator>
    <disk type='file' device='disk'>
      <driver name='qemu' type='raw' discard='unmap'/>
      <source file='$T/disk.raw'/>
      <target dev='vda' bus='virtio'/>
    </disk>
    <controller type='usb' model='qemu-xhci' ports='15'/>
    <controller type='pci' model='pcie-root'/>
    <controller type='pci' model='pcie-root-port'/>
    <controller type='pci' model='pcie-root-port'/>
    <controller type='pci' model='pcie-root-port'/>
    <controller type='pci' model='pcie-root-port'/>
    <controller type='pci' model='pcie-root-port'/>
    <controller type='pci' model='pcie-root-port'/>
    <controller type='pci' model='pcie-root-port'/>
    <controller type='pci' model='pcie-root-port'/>
    <interface type='user'>
      <mac address='52:54:00:35:00:01'/>
      <model type='virtio'/>
    </interface>
    <serial type='pty'>
      <target port='0'/>
    </serial>
    <console type='pty'>
      <target type='serial' port='0'/>
    </console>
    <channel type='unix'>
      <target type='virtio' name='$AGENT'/>
    </channel>
    $TPM
    <memballoon model='virtio'>
      <stats period='5'/>
    </memballoon>
    <rng model='virtio'>
      <backend model='random'>/dev/urandom</backend>
    </rng>
  </devices>
</domain>
EOF

expect define 0 vm-define "$T/$D.xml"
vm-dumpxml --inactive $D > "$T/conf.xml" 2> "$T/err"
python3 "$QT/pci-layout.py" xml "$T/conf.xml" > "$T/xml.layout" 2> "$T/err"
# Every device of the document that sits on PCI: the disk, the NIC,
# the xhci, the virtio-serial behind the channel, the balloon, the RNG,
# the 8 root ports, the SATA at 1f.2.
n=$(grep -c -E 'disk:virtio|interface:virtio|usb:qemu-xhci|virtio-serial|memballoon|rng:virtio|pcie-root-port|sata' "$T/xml.layout")
check assigned "[ $n -ge 14 ] && ! grep -q \"<controller type='pci' model='pcie-root-port'/>\" '$T/conf.xml'" \
	"$n devices with a PCI address: $(tr '\n' '|' < "$T/xml.layout" | head -c 400)"

# pcilist DOMAIN: what the guest's sysfs says of each PCI function, one
# "PCI path vendor device" line each, into $T/console.DOMAIN.
pcilist() {
	send "$1" 'for d in /sys/bus/pci/devices/*; do echo "PCI $(readlink -f $d) $(cat $d/vendor) $(cat $d/device)"; done; echo PCI-DONE'
	said "$1" '^PCI-DONE' || true
}

t0=$(date +%s%N)
expect start 0 vm-start $D
boot_timed boot-q35 $D 300 "qemu-q35: q35 + OVMF boot"

if python3 "$QT/qmp.py" "$R/$D.d/cmd.qmp" query-pci > "$T/qmp.json" 2> "$T/qmp.err"; then
	python3 "$QT/pci-layout.py" qmp "$T/qmp.json" > "$T/qmp.layout"
	if python3 "$QT/pci-layout.py" match "$T/conf.xml" "$T/qmp.json" > "$T/match" 2>&1; then
		pass qmp-layout
	else
		fail qmp-layout "$(tr '\n' '|' < "$T/match" | head -c 500)"
	fi
else
	fail qmp-layout "query-pci: $(head -c 300 "$T/qmp.err")"
fi

pcilist $D
python3 "$QT/pci-layout.py" guest "$T/console.$D" > "$T/guest.layout"
check guest-layout "[ -s '$T/guest.layout' ] && cmp -s '$T/qmp.layout' '$T/guest.layout'" \
	"guest and query-pci differ: $(diff "$T/qmp.layout" "$T/guest.layout" | tr '\n' '|' | head -c 500)"
echo "qemu-q35: $(wc -l < "$T/guest.layout") PCI functions in the guest, $(wc -l < "$T/xml.layout") with an address in the definition"

chan_exchange $D "$R/$D.d/$AGENT" "$AGENT"

send $D 'echo "rng=$(cat /sys/class/misc/hw_random/rng_current 2>&1)"'
rng=$(tr -d '\r' < "$T/console.$D" | sed -n 's/^rng=//p' | tail -n 1)
case $rng in
virtio_rng*) pass guest-hwrng ;;
*) fail guest-hwrng "rng_current '$rng' (the kit loads virtio_rng: tests/guest/make-kit.sh)" ;;
esac

if [ -n "$TPM" ]; then
	send $D 'echo "tpm=$(cat /sys/class/tpm/tpm0/tpm_version_major 2>&1)"'
	tpm=$(tr -d '\r' < "$T/console.$D" | sed -n 's/^tpm=//p' | tail -n 1)
	check guest-tpm "[ '$tpm' = 2 ]" "tpm_version_major '$tpm'"
	qmp_check qmp-tpm $D query-tpm "any(t['model'] == 'tpm-crb' and t['options']['type'] == 'emulator' for t in r)"
fi

# QEMU's warnings go to the domain log, each starting with its name.
check no-qemu-warnings "! grep -q '^qemu-system-x86_64:' '$(logdir)/$D.log'" \
	"$(grep '^qemu-system-x86_64:' "$(logdir)/$D.log" | head -n 3 | tr '\n' '|' | head -c 400)"

# The second boot: the same slots.
vm-destroy $D > /dev/null 2>&1
wait_until 30 "dom_gone $D"
: > "$T/console.$D"
expect start-again 0 vm-start $D
if wait_boot $D 2 300; then
	pass boot-q35-again
	pcilist $D
	python3 "$QT/pci-layout.py" guest "$T/console.$D" > "$T/guest2.layout"
	vm-dumpxml --inactive $D > "$T/conf2.xml" 2> "$T/err"
	check same-slots "[ -s '$T/guest2.layout' ] && cmp -s '$T/guest.layout' '$T/guest2.layout' && cmp -s '$T/conf.xml' '$T/conf2.xml'" \
		"second boot: $(diff "$T/guest.layout" "$T/guest2.layout" | tr '\n' '|' | head -c 300) $(diff "$T/conf.xml" "$T/conf2.xml" | tr '\n' '|' | head -c 300)"
else
	fail boot-q35-again "no second marker within 300 s; log: $(tail -n 3 "$(logdir)/$D.log" | tr '\n' '|' | head -c 300)"
fi
expect destroy 0 vm-destroy $D
check nothing-left 'wait_until 30 "dom_gone $D"' \
	"QEMU '$(qemu_pids $D)', $(ls "$R" 2>&1 | tr '\n' ' ')"
