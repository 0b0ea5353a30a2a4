#!/bin/sh
# The platform elements on a real guest (qemu:///system with VIRTKIT_ROOT,
# TCG), booted from the guest kit:
#   affinity      <vcpu cpuset> is the CPU affinity of QEMU's threads and
#                 <cputune><vcpupin> that of each vcpu thread (read back
#                 from /proc with the thread ids QMP query-cpus-fast gives)
#   guest-cpus    <cpu><topology> and -smp: the guest sees 2 CPUs
#   guest-numa    <cpu mode='maximum'> with 2 NUMA cells on memfd memory
#                 (<memoryBacking><source type='memfd'>): the guest sees
#                 2 nodes in /sys/devices/system/node
#   guest-passthrough-arg, passthrough-env   <qemu:commandline>: an
#                 -smbios serial the guest reads, a variable in QEMU's
#                 environment
#   guest-smbios  <sysinfo> with <smbios mode='sysinfo'>: the guest's
#                 /sys/class/dmi/id shows the product and vendor given;
#                 guest-smbios-board: those of <baseBoard> and <chassis>;
#                 guest-smbios-oem: an <oemStrings> entry is in the
#                 guest's SMBIOS type 11 table
#   offline-cpu   a vcpu cpuset of CPUs the host does not have fails the
#                 start with the reason
#   hugepages     without a hugetlbfs mount vm-start refuses the guest
#   memtune       refused before anything runs (no cgroups)
# Needs root, QEMU, the kit and a host with at least 2 CPUs.
. "$TOP/tests/lib.sh"
. "$TOP/tests/qemu/common.sh"

root_or_skip qemu-platform || exit 0
kit_or_skip qemu-platform || exit 0
if [ "$(nproc --all)" -lt 2 ]; then
	skip qemu-platform "the host has fewer than 2 CPUs"
	exit 0
fi
R=$(rundir)

# expect_in NAME CODE TEXT CMD...: exit CODE with TEXT in the one-line
# error.
expect_in() {
	_n=$1 _c=$2 _m=$3; shift 3
	"$@" > "$T/out" 2> "$T/err"
	_rc=$?
	if [ "$_rc" -eq "$_c" ] && [ "$(wc -l < "$T/err")" -eq 1 ] &&
	    grep -qF -- "$_m" "$T/err"; then
		pass "$_n"
	else
		fail "$_n" "exit $_rc (wanted $_c): $(head -c 300 "$T/err")"
	fi
}

# allowed PID-OR-TID: its Cpus_allowed_list.
allowed() {
	sed -n 's/^Cpus_allowed_list:[[:space:]]*//p' "/proc/$1/status" 2> /dev/null
}

# ---- affinity, topology, SMBIOS -------------------------------------------
mkdom aff "<sysinfo type='smbios'><bios><entry name='vendor'>vk-bios</entry></bios><system><entry name='manufacturer'>vk-maker</entry><entry name='product'>vk-product</entry></system><baseBoard><entry name='manufacturer'>vk-board-maker</entry><entry name='product'>vk-board</entry></baseBoard><chassis><entry name='manufacturer'>vk-chassis-maker</entry><entry name='asset'>vk-asset</entry></chassis><oemStrings><entry>vk-oem-1</entry><entry>vk-oem-2</entry></oemStrings></sysinfo><cpu mode='maximum'><topology sockets='1' dies='1' cores='2' threads='1'/><numa><cell id='0' cpus='0' memory='64' unit='MiB'/><cell id='1' cpus='1' memory='65536'><distances><sibling id='0' value='21'/></distances></cell></numa></cpu><memoryBacking><source type='memfd'/><access mode='shared'/></memoryBacking><cputune><vcpupin vcpu='0' cpuset='0'/></cputune><clock offset='utc'><timer name='rtc' tickpolicy='catchup' track='guest'/></clock><qemu:commandline><qemu:arg value='-smbios'/><qemu:arg value='type=1,serial=vk-passthrough'/><qemu:env name='VK_PASSTHROUGH' value='yes'/></qemu:commandline>" \
	"s|<vcpu>1</vcpu>|<vcpu placement='static' cpuset='1'>2</vcpu>|; s|</type>|</type><smbios mode='sysinfo'/>|; s|<domain type='qemu'>|<domain type='qemu' xmlns:qemu='http://libvirt.org/schemas/domain/qemu/1.0'>|"
expect define-aff 0 vm-define "$T/aff.xml"
expect start-aff 0 vm-start aff
pid=$(qemu_pids aff | head -n 1)
python3 "$QT/qmp.py" "$R/aff.d/cmd.qmp" query-cpus-fast > "$T/cpus" 2> "$T/qmp.err"
t0=$(python3 -c 'import json,sys; l=json.load(open(sys.argv[1])); print([c["thread-id"] for c in l if c["cpu-index"] == 0][0])' "$T/cpus" 2> /dev/null)
t1=$(python3 -c 'import json,sys; l=json.load(open(sys.argv[1])); print([c["thread-id"] for c in l if c["cpu-index"] == 1][0])' "$T/cpus" 2> /dev/null)
check passthrough-env '[ -n "$pid" ] && tr "\\0" "\\n" < /proc/$pid/environ | grep -qx VK_PASSTHROUGH=yes' \
	"QEMU ($pid) has no VK_PASSTHROUGH=yes in its environment"
check memfd-numa '[ -n "$pid" ] && tr "\\0" " " < /proc/$pid/cmdline | grep -q "memory-backend-memfd,id=ram-node1,size=67108864,share=on"' \
	"QEMU's line: $(tr "\\0" " " < /proc/$pid/cmdline | head -c 300)"
check affinity-qemu '[ -n "$pid" ] && [ "$(allowed "$pid")" = 1 ]' \
	"QEMU ($pid) may run on '$(allowed "$pid")', wanted 1"
check affinity-vcpupin '[ -n "$t0" ] && [ "$(allowed "$t0")" = 0 ]' \
	"vcpu 0 thread '$t0' may run on '$(allowed "$t0")', wanted 0; $(head -c 200 "$T/qmp.err")"
check affinity-vcpu-cpuset '[ -n "$t1" ] && [ "$(allowed "$t1")" = 1 ]' \
	"vcpu 1 thread '$t1' may run on '$(allowed "$t1")', wanted 1"
if wait_boot aff 1 180; then
	pass boot-aff
	send aff 'echo cpus=$(grep -c ^processor /proc/cpuinfo)'
	check guest-cpus 'said aff "^cpus=2"' \
		"the guest said: $(tr '\n' '|' < "$T/console.aff" | head -c 200)"
	send aff 'echo dmi=$(cat /sys/class/dmi/id/sys_vendor)/$(cat /sys/class/dmi/id/product_name)/$(cat /sys/class/dmi/id/bios_vendor)'
	check guest-smbios 'said aff "^dmi=vk-maker/vk-product/vk-bios"' \
		"the guest said: $(tr '\n' '|' < "$T/console.aff" | head -c 200)"
	send aff 'echo board=$(cat /sys/class/dmi/id/board_vendor)/$(cat /sys/class/dmi/id/board_name)/$(cat /sys/class/dmi/id/chassis_vendor)/$(cat /sys/class/dmi/id/chassis_asset_tag)'
	check guest-smbios-board 'said aff "^board=vk-board-maker/vk-board/vk-chassis-maker/vk-asset"' \
		"the guest said: $(tr '\n' '|' < "$T/console.aff" | head -c 200)"
	send aff 'grep -q vk-oem-2 /sys/firmware/dmi/entries/11-0/raw && echo oem=yes'
	check guest-smbios-oem 'said aff "^oem=yes"' \
		"the guest said: $(tr '\n' '|' < "$T/console.aff" | head -c 200)"
	send aff 'echo nodes=$(ls -d /sys/devices/system/node/node[0-9]* | wc -l)'
	check guest-numa 'said aff "^nodes=2"' \
		"the guest said: $(tr '\n' '|' < "$T/console.aff" | head -c 200)"
	send aff 'echo serial=$(cat /sys/class/dmi/id/product_serial)'
	check guest-passthrough-arg 'said aff "^serial=vk-passthrough"' \
		"the guest said: $(tr '\n' '|' < "$T/console.aff" | head -c 200)"
else
	fail boot-aff "no VIRTKIT-GUEST-READY and prompt within 180 s; log: $(tail -n 3 "$(logdir)/aff.log" | tr '\n' '|' | head -c 300)"
fi
vm-destroy aff > /dev/null 2>&1

# ---- refusals at start ------------------------------------------------------
mkdom offline "" "s|<vcpu>1</vcpu>|<vcpu cpuset='4095'>1</vcpu>|"
vm-define "$T/offline.xml" > /dev/null 2>&1
expect_in offline-cpu 1 "no CPU of '4095' is online" vm-start offline

if grep -q ' hugetlbfs ' /proc/mounts; then
	skip hugepages "a hugetlbfs is mounted here: the refusal cannot be seen"
else
	mkdom huge "<memoryBacking><hugepages/></memoryBacking>"
	vm-define "$T/huge.xml" > /dev/null 2>&1
	expect_in hugepages 1 "no hugetlbfs file system is mounted" \
		vm-start huge
fi

mkdom memtune "<memtune><hard_limit>1048576</hard_limit></memtune>"
vm-define "$T/memtune.xml" > /dev/null 2>&1
expect_in memtune 1 "<memtune>: not supported by the qemu driver" \
	vm-start memtune
check no-leftover '[ -z "$(qemu_pids offline)$(qemu_pids huge)$(qemu_pids memtune)" ]' \
	"a refused guest left QEMU running"
