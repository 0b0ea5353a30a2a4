#!/bin/sh
# Storage devices with real guests under the qemu driver (qemu:///system
# with VIRTKIT_ROOT, TCG, the guest kit):
#   nbd       a disk served by qemu-nbd on 127.0.0.1: the guest starts and
#             QEMU holds a connection to the server; with the server gone
#             vm-start fails with QEMU's own line and leaves nothing
#   dir-fs    a directory disk (vvfat) and a 9p filesystem: the guest
#             runs, QEMU (QMP query-block, query-pci) shows the disk as a
#             read-only vvfat image of the directory and the 9p device
#   pci-slots vm-define gives a disk without an address the lowest free
#             slot beside one with an explicit slot (2); QEMU (query-pci)
#             has each disk where the definition says
#   hostdev   a USB or PCI host device that is not there: vm-start fails
#             before QEMU runs, naming the device; a USB id 0 is refused
#             as a document (exit 3), not searched for on the host, and
#             so is managed='yes'
. "$TOP/tests/lib.sh"
. "$TOP/tests/qemu/common.sh"

root_or_skip disk-guest || exit 0
kit_or_skip disk-guest || exit 0
R=$(rundir)

# gone NAME DOMAIN: within 10 s no QEMU, no runtime record, no socket
# directory; shut off.
gone() {
	wait_until 10 "dom_gone '$2'"
	check "$1-nothing-left" "dom_gone '$2'" \
		"QEMU '$(qemu_pids "$2")' or a record or socket directory is left"
	check "$1-shut-off" "[ \"\$(dom_state '$2')\" = 'shut off' ]" \
		"state $(dom_state "$2")"
}

# ---- nbd ---------------------------------------------------------------
if command -v qemu-nbd > /dev/null 2>&1 && command -v ss > /dev/null 2>&1; then
	port=$((20000 + $$ % 10000))
	truncate -s 4M "$T/nbd.img"
	qemu-nbd -f raw -b 127.0.0.1 -p "$port" -t "$T/nbd.img" \
		> "$T/nbd.log" 2>&1 &
	nbd=$!
	wait_until 10 "ss -Htln '( sport = :$port )' | grep -q ." ||
		fail nbd-server "qemu-nbd did not listen: $(cat "$T/nbd.log")"
	mkdom nbd1 '' "s|<devices>|<devices><disk type='network'><source protocol='nbd'><host name='127.0.0.1' port='$port'/></source><target dev='vda'/></disk>|"
	expect nbd-define 0 vm-define "$T/nbd1.xml"
	expect nbd-start 0 vm-start nbd1
	check nbd-running '[ "$(dom_state nbd1)" = running ]' \
		"state $(dom_state nbd1)"
	check nbd-connected "ss -Htn state established '( dport = :$port )' | grep -q ." \
		"no connection to 127.0.0.1:$port: $(ss -Htn | head -n 5 | tr '\n' '|')"
	expect nbd-destroy 0 vm-destroy nbd1
	kill "$nbd" 2> /dev/null
	wait "$nbd" 2> /dev/null
	vm-start nbd1 > "$T/out" 2> "$T/err"
	rc=$?
	check nbd-no-server "[ $rc -eq 1 ] && grep -q \"Failed to connect to '127.0.0.1:$port'\" '$T/err'" \
		"exit $rc: $(cat "$T/err")"
	gone nbd-no-server nbd1
else
	skip nbd "qemu-nbd (qemu-utils) or ss (iproute2) is missing"
fi

# ---- directory disk and 9p filesystem ----------------------------------
mkdir -p "$T/share" "$T/fat"
echo hello > "$T/fat/hello.txt"
mkdom dirfs '' "s|<devices>|<devices><disk type='dir'><source dir='$T/fat'/><target dev='vda'/><readonly/></disk><filesystem accessmode='mapped'><source dir='$T/share'/><target dir='share'/></filesystem>|"
expect dir-fs-define 0 vm-define "$T/dirfs.xml"
expect dir-fs-start 0 vm-start dirfs
check dir-fs-running '[ "$(dom_state dirfs)" = running ]' \
	"state $(dom_state dirfs)"
if command -v python3 > /dev/null 2>&1; then
	qmp_check dir-fs-vvfat dirfs query-block "any(b['device'] ==
'drive-vda' and b['inserted']['ro'] and '\"vvfat\"' in
b['inserted']['file'] and '$T/fat' in b['inserted']['file'] for b in r)"
	qmp_check dir-fs-9p dirfs query-pci "any(d.get('qdev_id') == 'fs0'
and d['id']['device'] == 0x1009 for b in r for d in b['devices'])"
else
	skip dir-fs-qmp "python3 is missing (the QMP checks use tests/qemu/qmp.py)"
fi
expect dir-fs-destroy 0 vm-destroy dirfs

# ---- PCI slots assigned at define --------------------------------------
# vda has no address: vm-define gives it the lowest free slot of bus 0
# (1 is the PIIX3's, vdb asks for 2: so 3), as libvirt lays out pc; QEMU
# puts both where the definition says.
truncate -s 1M "$T/a.img" "$T/b.img"
mkdom pcislots '' "s|<devices>|<devices><disk type='file'><source file='$T/a.img'/><target dev='vda'/></disk><disk type='file'><source file='$T/b.img'/><target dev='vdb'/><address type='pci' domain='0x0000' bus='0x00' slot='0x02' function='0x0'/></disk>|"
expect pci-slots-define 0 vm-define "$T/pcislots.xml"
vm-dumpxml pcislots > "$T/pcislots.dump" 2> "$T/err"
check pci-slots-assigned "tr -d '\n' < '$T/pcislots.dump' | grep -q \"<target dev='vda' bus='virtio'/> *<address type='pci' domain='0x0000' bus='0x00' slot='0x03' function='0x0'/>\"" \
	"vda: $(grep -A3 "dev='vda'" "$T/pcislots.dump" | tr '\n' ' ')"
expect pci-slots-start 0 vm-start pcislots
if command -v python3 > /dev/null 2>&1; then
	qmp_check pci-slots-qemu pcislots query-pci "{d.get('qdev_id'): d['slot']
for b in r for d in b['devices'] if d.get('qdev_id', '').startswith('disk-')} ==
{'disk-vda': 3, 'disk-vdb': 2}"
else
	skip pci-slots-qemu "python3 is missing (the QMP checks use tests/qemu/qmp.py)"
fi
expect pci-slots-destroy 0 vm-destroy pcislots

# ---- host devices that are not there -----------------------------------
# missing NAME HOSTDEV-ELEMENT MESSAGE: vm-start refuses with MESSAGE.
missing() {
	mkdom "$1" '' "s|<devices>|<devices>$2|"
	expect "$1-define" 0 vm-define "$T/$1.xml"
	expect_err "$1-missing" 1 "vm-start: error: $3" vm-start "$1"
	gone "$1" "$1"
}
missing hostdev-usb "<hostdev mode='subsystem' type='usb'><source><vendor id='0xfffe'/><product id='0xfffd'/></source></hostdev>" \
	"hostdev usb fffe:fffd: no such host device"
# A USB id 0 (QEMU: any) is refused as a document, before the host is
# searched for a device with that id.
mkdom usbany '' "s|<devices>|<devices><hostdev mode='subsystem' type='usb'><source><vendor id='0x046d'/><product id='0'/></source></hostdev>|"
expect hostdev-usb-any-define 0 vm-define "$T/usbany.xml"
expect_err hostdev-usb-any-refused 1 "vm-start: error: hostdev usb 046d:0000: id 0: not supported by the qemu driver (QEMU's usb-host reads id 0 as any vendor or product)" \
	vm-start usbany
gone hostdev-usb-any usbany
mkdom pcimanaged '' "s|<devices>|<devices><hostdev mode='subsystem' type='pci' managed='yes'><source><address domain='0xfffe' bus='0xff' slot='0x1f' function='7'/></source></hostdev>|"
expect hostdev-pci-managed-define 0 vm-define "$T/pcimanaged.xml"
expect_err hostdev-pci-managed-refused 1 "vm-start: error: hostdev pci fffe:ff:1f.7: managed='yes': not supported by the qemu driver (virtkit does not rebind host devices: bind it to vfio-pci and use managed='no')" \
	vm-start pcimanaged
gone hostdev-pci-managed pcimanaged
missing hostdev-pci "<hostdev mode='subsystem' type='pci'><source><address domain='0xfffe' bus='0xff' slot='0x1f' function='7'/></source></hostdev>" \
	"hostdev pci fffe:ff:1f.7: no such host device"
