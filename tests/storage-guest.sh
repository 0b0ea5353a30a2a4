# The logical, netfs and iscsi storage backends, tested inside a guest:
# this host's kernel has no device-mapper, NFS or iSCSI.  The guest is a
# Debian bookworm root file system with the full kernel
# (tests/guest/make-storage-guest.sh, cached), booted by virtkit itself
# (vm-define/vm-start of a type='qemu' domain, TCG) with two extra
# virtio disks for LVM, and a payload disk holding the virtkit commands
# and tests/storage/guest-run.sh.  That script starts an NFS server and
# an iSCSI target on the guest's loopback, runs the pool tests with the
# real commands and prints PASS/FAIL/SKIP lines on the serial console;
# this test reads them from the console log and reports them as its
# own.  SKIP when not root, without QEMU, or when the guest cannot be
# built (no Debian mirror).
. "$TOP/tests/lib.sh"

root_or_skip storage-guest || exit 0
if ! command -v qemu-system-x86_64 > /dev/null 2>&1; then
	skip storage-guest "qemu-system-x86_64 is missing (apt-get install qemu-system-x86)"
	exit 0
fi
for t in qemu-img mkfs.ext4; do
	if ! command -v $t > /dev/null 2>&1 && ! [ -x /usr/sbin/$t ] && ! [ -x /sbin/$t ]; then
		skip storage-guest "$t is missing (make deps installs it)"
		exit 0
	fi
done
PATH=$PATH:/usr/sbin:/sbin
VIRTKIT_DEFAULT_URI=qemu:///system
export VIRTKIT_DEFAULT_URI
DOM=vk-storage
cleanup() {
	vm-destroy $DOM > /dev/null 2>&1
	for p in $(pgrep -f -- "$VIRTKIT_ROOT/" 2> /dev/null); do
		[ "$p" = $$ ] || kill -9 "$p" 2> /dev/null
	done
	rm -rf "$VIRTKIT_ROOT"
}
trap cleanup EXIT

t0=$(date +%s)
bash "$TOP/tests/guest/make-storage-guest.sh" > "$T/kit" 2> "$T/kit.err"
rc=$?
if [ $rc = 75 ]; then
	skip storage-guest "the storage guest cannot be built: $(tail -n 1 "$T/kit.err" | head -c 200)"
	exit 0
elif [ $rc != 0 ]; then
	fail storage-guest "tests/guest/make-storage-guest.sh exited $rc: $(tail -n 2 "$T/kit.err" | tr '\n' '|' | head -c 300)"
	exit 0
fi
KIT=$(tail -n 1 "$T/kit")
t1=$(date +%s)
echo "storage guest: ready in $((t1 - t0)) s ($KIT)"

# The payload: the commands (stripped), the scripts, and the sanitizer
# runtime when the commands were built with one.
P=$T/payload
mkdir -p "$P/build/bin" "$P/tests/storage"
for c in "$BUILD"/bin/pool-* "$BUILD"/bin/vol-* "$BUILD"/bin/secret-*; do
	strip -o "$P/build/bin/${c##*/}" "$c" 2> /dev/null || cp "$c" "$P/build/bin/"
done
cp "$TOP/tests/lib.sh" "$P/tests/"
cp "$TOP/tests/storage/guest-services.sh" "$P/tests/storage/"
cp "$TOP/tests/storage/guest-run.sh" "$P/run.sh"
for l in $(ldd "$BUILD/bin/pool-start" 2> /dev/null |
	awk '/lib(asan|ubsan|lsan)/ { print $3 }'); do
	mkdir -p "$P/lib"
	cp "$l" "$P/lib/"
done
size=$(du -sm "$P" | cut -f1)
truncate -s $((size + 32))M "$T/payload.img"
if ! mkfs.ext4 -q -F -L VKPAYLOAD -d "$P" "$T/payload.img" > "$T/mkfs.err" 2>&1; then
	fail storage-guest "mkfs.ext4 -d for the payload: $(tail -n 1 "$T/mkfs.err")"
	exit 0
fi
# fresh_disks: a new root overlay and blank LVM disks for a boot
fresh_disks() {
	rm -f "$T/root.qcow2" "$T/pv1.img" "$T/pv2.img"
	truncate -s 64M "$T/pv1.img" "$T/pv2.img"
	qemu-img create -q -f qcow2 -F raw -b "$KIT/root.img" "$T/root.qcow2"
}
fresh_disks || { fail storage-guest "qemu-img could not make the root overlay"; exit 0; }

disk() { # disk FILE FORMAT DEV [SERIAL]
	printf "<disk type='file' device='disk'><driver name='qemu' type='%s'/><source file='%s'/><target dev='%s' bus='virtio'/>%s</disk>\n" \
		"$2" "$1" "$3" "${4:+<serial>$4</serial>}"
}
# no_timer_check: a busy host (TCG) must not fail the kernel's IO-APIC
# timer check and panic at boot.
cat > "$T/dom.xml" << EOF
<domain type='qemu'>
  <name>$DOM</name>
  <memory>1048576</memory>
  <vcpu>2</vcpu>
  <os>
    <type arch='x86_64'>hvm</type>
    <kernel>$KIT/vmlinuz</kernel>
    <initrd>$KIT/initrd.img</initrd>
    <cmdline>root=/dev/vda rw console=ttyS0 quiet init=/sbin/vk-init panic=-1 no_timer_check</cmdline>
  </os>
  <on_poweroff>destroy</on_poweroff>
  <on_reboot>destroy</on_reboot>
  <on_crash>destroy</on_crash>
  <devices>
    $(disk "$T/root.qcow2" qcow2 vda)
    $(disk "$T/payload.img" raw vdb)
    $(disk "$T/pv1.img" raw vdc vkpv1)
    $(disk "$T/pv2.img" raw vdd vkpv2)
    <serial type='pty'><target port='0'/></serial>
    <console type='pty'><target type='serial' port='0'/></console>
  </devices>
</domain>
EOF
expect storage-guest-define 0 vm-define "$T/dom.xml" || exit 0
# The guest powers itself off when done (on_poweroff destroy).
# Within run.sh's limit for one test, whatever the build took.
limit=$((${TEST_TIMEOUT:-900} - 60 - (t1 - t0)))
[ $limit -gt ${STORAGE_GUEST_TIMEOUT:-600} ] && limit=${STORAGE_GUEST_TIMEOUT:-600}
end=$(($(date +%s) + limit))
# A guest that stops before its payload begins died in its own boot (a
# kernel panic on a loaded TCG host was seen once): booted once more.
for attempt in 1 2; do
	n=storage-guest-start; [ $attempt = 2 ] && n=storage-guest-start-again
	expect $n 0 vm-start $DOM || exit 0
	while :; do
		st=$(vm-info $DOM 2> /dev/null | sed -n 's/^State: *//p')
		[ "$st" = "shut off" ] && break
		if [ "$(date +%s)" -ge $end ]; then
			vm-console --history $DOM 2> /dev/null | tr -d '\r' > "$T/console"
			fail storage-guest-finished "still $st after $limit s; console: $(tail -n 5 "$T/console" | tr '\n' '|' | head -c 400)"
			exit 0
		fi
		sleep 1
	done
	vm-console --history $DOM 2> /dev/null | tr -d '\r' > "$T/console"
	grep -q '^VK-STORAGE-BEGIN' "$T/console" && break
	[ $attempt = 2 ] && break
	echo "storage guest: stopped before its payload began, booting once more; console: $(grep -v '^ *$' "$T/console" | tail -n 4 | tr '\n' '|' | head -c 400)"
	fresh_disks || { fail storage-guest "qemu-img could not make the root overlay"; exit 0; }
done
t2=$(date +%s)
echo "storage guest: booted, tested and powered off in $((t2 - t1)) s"
grep -E '^VK-STORAGE-(SERVICE|DONE)' "$T/console"
# The guest's own result lines, as ours.
grep -E '^(PASS|FAIL|SKIP): ' "$T/console"
if grep -q '^VK-STORAGE-DONE' "$T/console"; then
	pass storage-guest-finished
else
	fail storage-guest-finished "the guest stopped before its tests ended; console: $(grep -v -E '^(PASS|SKIP):' "$T/console" | tail -n 8 | tr '\n' '|' | head -c 500)"
fi
