#!/bin/sh
# A guest boots FROM a qcow2 volume made with virtkit's own commands:
# a FAT image holding the guest kit's kernel, an initramfs and the
# SYSLINUX boot loader (tests/guest/make-boot-image.sh) goes into a raw
# volume by vol-create and vol-upload, vol-clone --format qcow2 converts
# it, vol-create makes a qcow2 overlay on it (<backingStore>: qemu-img
# info and vol-dumpxml show the chain), and a domain with no <kernel> or
# <initrd>, only <boot dev='hd'/>, starts on the overlay: SeaBIOS loads
# SYSLINUX through it from the base, which loads the kernel; the guest's
# writes land in the overlay and leave the base as it was.  The guest sees /dev/vda with the volume's capacity and its
# boot sector, writes to it, and shuts down; while it runs the volume
# cannot be deleted, wiped, resized or uploaded to and its pool cannot
# be stopped.
# The guest kit's kernel has virtio_blk as a module the kit does not
# carry: this test adds it to a copy of the kit's initramfs (from the
# same kernel package, downloaded once and cached beside the kit as
# KIT.vblk), so that the guest sees its disk once booted.
. "$TOP/tests/lib.sh"
. "$TOP/tests/qemu/common.sh"

root_or_skip storage-boot || exit 0
kit_or_skip storage-boot || exit 0
for t in dpkg-deb apt-get cpio gzip xz sha256sum qemu-img; do
	command -v $t > /dev/null || {
		skip storage-boot "$t is not installed"; exit 0; }
done
# The boot image's tools (make deps installs them).
for t in mkfs.fat:dosfstools mcopy:mtools syslinux:syslinux; do
	command -v ${t%:*} > /dev/null || [ -x /usr/sbin/${t%:*} ] || {
		skip storage-boot "${t%:*} is not installed (Debian package ${t#*:}) to make the boot image"
		exit 0; }
done
[ -e /usr/lib/syslinux/modules/bios/ldlinux.c32 ] || {
	skip storage-boot "syslinux-common is not installed (SYSLINUX's ldlinux.c32)"
	exit 0; }

# vblk_initrd: the kit's initramfs plus virtio_blk (and what it needs),
# cached; prints its path.
vblk_initrd() {
	_c=$KIT.vblk
	_key=$(sha256sum < "$KIT/stamp" | cut -d' ' -f1)
	if [ -s "$_c/initrd.img" ] && [ "$(cat "$_c/stamp" 2> /dev/null)" = "$_key" ]; then
		echo "$_c/initrd.img"
		return 0
	fi
	_pkg=$(sed -n 's/^kernel_package=\([^ ]*\).*/\1/p' "$KIT/stamp")
	_kver=$(sed -n 's/^kernel=//p' "$KIT/stamp")
	[ -n "$_pkg" ] && [ -n "$_kver" ] || return 1
	_w=$T/vblk
	mkdir -p "$_w/r/lib/modules" "$_w/r/etc"
	(cd "$_w" && apt-get download -q -o APT::Sandbox::User=root "$_pkg") \
		> "$_w/log" 2>&1 || return 75
	dpkg-deb -x "$_w"/linux-image-*.deb "$_w/k" || return 1
	_mods=$(find "$_w/k" -path "*/$_kver/*" -name 'virtio_blk.ko*' | head -n 1)
	[ -n "$_mods" ] || return 1
	case $_mods in
	*.xz) xz -dc "$_mods" > "$_w/r/lib/modules/virtio_blk.ko" ;;
	*.zst) zstd -qdc "$_mods" > "$_w/r/lib/modules/virtio_blk.ko" ;;
	*) cp "$_mods" "$_w/r/lib/modules/virtio_blk.ko" ;;
	esac || return 1
	# virtio_blk's dependencies are built into the cloud kernel.
	_deps=$(tr '\0' '\n' < "$_w/r/lib/modules/virtio_blk.ko" |
		sed -n 's/^depends=//p' | head -n 1)
	[ -z "$_deps" ] || { echo "virtio_blk needs $_deps" >&2; return 1; }
	zcat "$KIT/initrd.img" | (cd "$_w" && cpio -i --quiet --to-stdout \
		etc/vk-modules) > "$_w/r/etc/vk-modules"
	echo virtio_blk >> "$_w/r/etc/vk-modules"
	mkdir -p "$_c"
	(cat "$KIT/initrd.img"
	 cd "$_w/r" && find . | cpio -o -H newc --quiet | gzip -9) \
		> "$_c/initrd.img.tmp" || return 1
	mv "$_c/initrd.img.tmp" "$_c/initrd.img"
	echo "$_key" > "$_c/stamp"
	echo "$_c/initrd.img"
}
INITRD=$(vblk_initrd)
case $? in
0) ;;
75) skip storage-boot "cannot download the kit's kernel package: $(tail -n 1 "$T/vblk/log")"; exit 0 ;;
*) fail storage-boot "cannot add virtio_blk to the kit's initramfs"; exit 0 ;;
esac

# The kit's kernel and command line (console=ttyS0: the marker and the
# shell are on the serial console), from the boot loader on the volume.
CMDLINE=$(sed -n 's|.*<cmdline>\(.*\)</cmdline>.*|\1|p' "$KITXML")
case " $CMDLINE " in *" console=ttyS0 "*) ;; *) CMDLINE="console=ttyS0 $CMDLINE" ;; esac
if ! bash "$TOP/tests/guest/make-boot-image.sh" "$KIT/vmlinuz" "$INITRD" \
	"$CMDLINE" "$T/boot.img" 32 > "$T/out" 2> "$T/err"; then
	fail "boot image" "$(tail -n 1 "$T/err")"
	exit 0
fi
pass "boot image (FAT, SYSLINUX, the kit's kernel)"

IMG=$VIRTKIT_ROOT/images
printf "<pool type='dir'><name>boot</name><target><path>%s</path></target></pool>\n" \
	"$IMG" > "$T/pool.xml"
expect "pool-define" 0 pool-define "$T/pool.xml"
expect "pool-build" 0 pool-build boot
expect "pool-start" 0 pool-start boot
# 48 MiB: the 32 MiB file system, then room the guest writes to.
expect "vol-create raw" 0 vol-create boot --name boot.raw --capacity 48M \
	--format raw
expect "vol-upload the boot image" 0 vol-upload boot boot.raw "$T/boot.img"
expect "vol-clone --format qcow2" 0 vol-clone --format qcow2 boot boot.raw \
	root.qcow2
expect "vol-delete the raw volume" 0 vol-delete boot boot.raw
VOL=$(vol-path boot root.qcow2)
check "vol-info says qcow2" \
	"vol-info boot root.qcow2 | grep -q '^Format: *qcow2$'" \
	"$(vol-info boot root.qcow2 2>&1 | tr '\n' '|')"
qemu-img info --output=json "$VOL" > "$T/info" 2>&1
check "qemu-img reads a qcow2 image of 48 MiB" \
	"python3 -c 'import json,sys; j=json.load(open(sys.argv[1])); sys.exit(not (j[\"format\"] == \"qcow2\" and j[\"virtual-size\"] == 50331648))' '$T/info'" \
	"$(tr '\n' ' ' < "$T/info" | head -c 300)"
check "the qcow2 holds the boot image's bytes" \
	"qemu-img compare -q -f raw -F qcow2 '$T/boot.img' '$VOL'" \
	"qemu-img compare: $(qemu-img compare -f raw -F qcow2 "$T/boot.img" "$VOL" 2>&1 | tail -n 1)"

# The guest boots from a qcow2 overlay on that volume.
BASE=$VOL
cat > "$T/top.xml" <<XML
<volume><name>top.qcow2</name><target><format type='qcow2'/></target>
<backingStore><path>$BASE</path><format type='qcow2'/></backingStore></volume>
XML
expect "vol-create a qcow2 overlay (backingStore)" 0 vol-create boot "$T/top.xml"
VOL=$(vol-path boot top.qcow2)
qemu-img info "$VOL" > "$T/info" 2>&1
check "qemu-img info shows the overlay's backing file and format" \
	"grep -qx 'backing file: $BASE' '$T/info' && grep -qx 'backing file format: qcow2' '$T/info' && grep -q '(50331648 bytes)' '$T/info'" \
	"$(tr '\n' '|' < "$T/info" | head -c 300)"
vol-dumpxml boot top.qcow2 > "$T/vx" 2>&1
check "vol-dumpxml shows the chain" \
	"tr -d ' \n' < '$T/vx' | grep -q \"<backingStore><path>$BASE</path><formattype='qcow2'/></backingStore>\"" \
	"$(tr '\n' ' ' < "$T/vx" | head -c 400)"

# The kit's domain without its kernel: the BIOS boots the disk.
DISK="<disk type='file' device='disk'><driver name='qemu' type='qcow2'/><source file='$VOL'/><target dev='vda' bus='virtio'/></disk>"
mkdom stor "" "s|<devices>|<devices>$DISK|; /<kernel>/d; /<initrd>/d; /<cmdline>/d; s|</os>|<boot dev='hd'/></os>|"
check "the domain has no kernel, initrd or command line" \
	"! grep -q -e '<kernel>' -e '<initrd>' -e '<cmdline>' '$T/stor.xml' && grep -q \"<boot dev='hd'/>\" '$T/stor.xml'" \
	"$(tr '\n' ' ' < "$T/stor.xml")"
expect "vm-define with the volume" 0 vm-define "$T/stor.xml"
expect "vm-start" 0 vm-start stor
PID=$(qemu_pids stor | head -n 1)
check "QEMU has no -kernel, -initrd or -append" \
	"[ -n '$PID' ] && ! tr '\0' '\n' < /proc/$PID/cmdline | grep -q -x -e -kernel -e -initrd -e -append" \
	"QEMU pid '$PID': $(tr '\0' ' ' < "/proc/$PID/cmdline" 2> /dev/null | head -c 300)"
if ! wait_boot stor 1 180; then
	fail "guest boots from the volume" "no prompt in 180 s: $(vm-console --history stor 2>&1 | tail -n 3 | tr '\n' '|')"
	exit 0
fi
pass "guest boots from the volume"
vm-console --history stor > "$T/history" 2>&1
ok "SYSLINUX from the volume loaded the kernel" \
	grep -q '^SYSLINUX [0-9]' "$T/history"
ok "the kernel's command line is the boot image's" \
	grep -q "Command line: BOOT_IMAGE=/vmlinuz $CMDLINE initrd=/initrd.img" "$T/history"

# answer DOMAIN COMMAND PATTERN: type COMMAND; PASS-able when a line of
# the console history matches PATTERN within 60 s (the guest may be
# silent for more than send's one second).
answer() {
	send "$1" "$2"
	wait_until 60 "vm-console --history '$1' 2> /dev/null | grep -q '$3'"
}
answer stor 'echo vda-sectors=$(cat /sys/block/vda/size)' '^vda-sectors=[0-9]'
ok "guest sees /dev/vda with the volume's capacity" \
	sh -c "vm-console --history stor | grep -q '^vda-sectors=98304'"
answer stor 'echo oem=$(dd if=/dev/vda bs=1 skip=3 count=8 2> /dev/null)' '^oem='
ok "guest reads the SYSLINUX boot sector on /dev/vda" \
	sh -c "vm-console --history stor | grep -q '^oem=SYSLINUX'"

expect_err "vol-delete while the guest runs" 5 \
	"vol-delete: error: cannot delete volume 'top.qcow2': it is in use by domain 'stor'" \
	vol-delete boot top.qcow2
expect "vol-wipe while the guest runs" 5 vol-wipe boot top.qcow2
expect "vol-resize while the guest runs" 5 vol-resize boot top.qcow2 128M
expect "vol-upload while the guest runs" 5 vol-upload boot top.qcow2 \
	/dev/null
expect_err "pool-stop while the guest runs" 5 \
	"pool-stop: error: cannot stop pool 'boot': volume 'top.qcow2' is in use by domain 'stor'" \
	pool-stop boot
# Another VIRTKIT_ROOT has no record of the guest, but its supervisor's
# lock on the image stops a vol-delete there too.
OTHER=$T/other-root
mkdir -p "$OTHER"
expect "pool-define in another root" 0 env VIRTKIT_ROOT="$OTHER" \
	pool-define "$T/pool.xml"
expect "pool-start in another root" 0 env VIRTKIT_ROOT="$OTHER" \
	pool-start boot
expect "vol-delete from another root while the guest runs" 5 \
	env VIRTKIT_ROOT="$OTHER" vol-delete boot top.qcow2
ok "it names the image lock" grep -q "its image is locked by process" \
	"$T/err"
expect "pool-stop from another root while the guest runs" 5 \
	env VIRTKIT_ROOT="$OTHER" pool-stop boot

# The guest writes through to the qcow2 image, past its file system (at
# 40 MiB), and powers off on the ACPI power button.
answer stor 'printf vk-data | dd of=/dev/vda bs=512 seek=81920 2> /dev/null; sync; echo written=$?' '^written='
ok "guest writes its disk" \
	sh -c "vm-console --history stor | grep -q '^written=0'"
expect "vm-shutdown --wait" 0 vm-shutdown --wait --timeout 120 stor
check "the guest is shut off" "[ \"\$(dom_state stor)\" = 'shut off' ]" \
	"state '$(dom_state stor)'"
check "the guest powered off itself (ACPI)" \
	"vm-console --history stor 2> /dev/null | grep -q VIRTKIT-GUEST-POWERBUTTON" \
	"no VIRTKIT-GUEST-POWERBUTTON on the console"
expect "pool-stop in another root once the guest is off" 0 \
	env VIRTKIT_ROOT="$OTHER" pool-stop boot
expect "the guest's data is in the image" 0 sh -c \
	"qemu-img convert -f qcow2 -O raw '$VOL' '$T/raw' && dd if='$T/raw' bs=512 skip=81920 count=1 2> /dev/null | head -c 7 | grep -q vk-data"
expect "the boot sector is still SYSLINUX's" 0 sh -c \
	"[ \"\$(dd if='$T/raw' bs=1 skip=3 count=8 2> /dev/null)\" = SYSLINUX ]"
check "the guest's writes are in the overlay, not the base" \
	"qemu-img compare -q -f raw -F qcow2 '$T/boot.img' '$BASE' && [ \$(qemu-img map --output=json -f qcow2 '$VOL' | grep -c '\"depth\": 0, \"present\": true') -ge 1 ]" \
	"the base changed, or the overlay holds nothing: $(qemu-img compare -f raw -F qcow2 "$T/boot.img" "$BASE" 2>&1 | tail -n 1)"
expect "vol-resize once the guest is off" 0 vol-resize boot top.qcow2 128M
expect "vol-delete once the guest is off" 0 vol-delete boot top.qcow2
expect "vol-delete the base" 0 vol-delete boot root.qcow2
expect "pool-stop" 0 pool-stop boot
