#!/bin/sh
# A guest boots with a qcow2 volume made by vol-create as its virtio
# disk: the guest sees /dev/vda with the volume's capacity, and while
# the guest runs the volume cannot be deleted, wiped or resized and its
# pool cannot be stopped.  The guest kit's kernel has virtio_blk as a
# module the kit does not carry: this test adds it to a copy of the
# kit's initramfs (from the same kernel package, downloaded once and
# cached beside the kit as KIT.vblk).
. "$TOP/tests/lib.sh"
. "$TOP/tests/qemu/common.sh"

root_or_skip storage-boot || exit 0
kit_or_skip storage-boot || exit 0
for t in dpkg-deb apt-get cpio gzip xz sha256sum; do
	command -v $t > /dev/null || {
		skip storage-boot "$t is not installed"; exit 0; }
done

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

IMG=$VIRTKIT_ROOT/images
printf "<pool type='dir'><name>boot</name><target><path>%s</path></target></pool>\n" \
	"$IMG" > "$T/pool.xml"
expect "pool-define" 0 pool-define "$T/pool.xml"
expect "pool-build" 0 pool-build boot
expect "pool-start" 0 pool-start boot
expect "vol-create qcow2" 0 vol-create boot --name root.qcow2 \
	--capacity 96M --format qcow2
VOL=$(vol-path boot root.qcow2)

DISK="<disk type='file' device='disk'><driver name='qemu' type='qcow2'/><source file='$VOL'/><target dev='vda' bus='virtio'/></disk>"
mkdom stor "" "s|<devices>|<devices>$DISK|; s|<initrd>[^<]*</initrd>|<initrd>$INITRD</initrd>|"
expect "vm-define with the volume" 0 vm-define "$T/stor.xml"
expect "vm-start" 0 vm-start stor
if ! wait_boot stor 1 180; then
	fail "guest boots" "no prompt in 180 s: $(vm-console --history stor 2>&1 | tail -n 3 | tr '\n' '|')"
	exit 0
fi
pass "guest boots"
send stor 'echo vda-sectors=$(cat /sys/block/vda/size)'
ok "guest sees /dev/vda with the volume's capacity" \
	grep -q "^vda-sectors=196608" "$T/console.stor"

expect_err "vol-delete while the guest runs" 5 \
	"vol-delete: error: cannot delete volume 'root.qcow2': it is in use by domain 'stor'" \
	vol-delete boot root.qcow2
expect "vol-wipe while the guest runs" 5 vol-wipe boot root.qcow2
expect "vol-resize while the guest runs" 5 vol-resize boot root.qcow2 128M
expect_err "pool-stop while the guest runs" 5 \
	"pool-stop: error: cannot stop pool 'boot': volume 'root.qcow2' is in use by domain 'stor'" \
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
	env VIRTKIT_ROOT="$OTHER" vol-delete boot root.qcow2
ok "it names the image lock" grep -q "its image is locked by process" \
	"$T/err"
expect "pool-stop from another root while the guest runs" 5 \
	env VIRTKIT_ROOT="$OTHER" pool-stop boot

# The guest writes through to the qcow2 image.
send stor 'echo vk-data > /dev/vda; sync; echo written'
ok "guest writes its disk" grep -q '^written' "$T/console.stor"
expect "vm-destroy" 0 vm-destroy stor
expect "pool-stop in another root once the guest is off" 0 \
	env VIRTKIT_ROOT="$OTHER" pool-stop boot
expect "the guest's data is in the image" 0 sh -c \
	"qemu-img convert -f qcow2 -O raw '$VOL' '$T/raw' && head -c 7 '$T/raw' | grep -q vk-data"
expect "vol-resize once the guest is off" 0 vol-resize boot root.qcow2 128M
expect "vol-delete once the guest is off" 0 vol-delete boot root.qcow2
expect "pool-stop" 0 pool-stop boot
