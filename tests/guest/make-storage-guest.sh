#!/bin/bash
# make-storage-guest.sh: build (or reuse) the storage test guest: a small
# Debian bookworm root file system made with debootstrap, with the full
# linux-image-amd64 kernel (device-mapper, NFS and iSCSI as modules), LVM,
# an NFS server and client, an iSCSI target (tgt) and initiator
# (open-iscsi), parted, qemu-utils and the libraries virtkit links.  It
# is what tests/storage-guest.sh boots (with virtkit) to test the
# logical, netfs and iscsi pools, which this host's kernel cannot run.
# The guest lives outside git, in
#   $VIRTKIT_STORAGE_GUEST_CACHE, else /var/cache/virtkit-storage-guest
# Output: the cache directory, as the only line on stdout.  Progress and
# errors go to stderr.  The cache holds:
#   vmlinuz      the kernel
#   initrd.img   its initramfs (virtio and ext4 only: MODULES=list)
#   root.img     raw ext4 image of the root file system (made with
#                mkfs.ext4 -d: no loop device or mount needed); boot it
#                through a copy-on-write overlay, never directly
#   stamp        the checksum of this script and the kernel version
# /sbin/vk-init in the image is the guest's init: it mounts /proc, /sys,
# /dev, /run and /tmp, then runs /vk/run.sh from the disk labelled
# VKPAYLOAD (the test's own disk), prints VK-STORAGE-NO-PAYLOAD without
# one, and powers off.
# Requires root (debootstrap, chroot).  Takes a few minutes the first time.
# Environment:
#   VIRTKIT_STORAGE_GUEST_CACHE   cache directory
#   VIRTKIT_STORAGE_GUEST_FORCE=1 rebuild even if the stamp matches
#   VIRTKIT_STORAGE_GUEST_MIRROR  the Debian mirror (else the one in
#                                 /etc/apt/sources.list*)
# Exit status: 0 ok; 1 build failed; 75 no mirror or debootstrap failed
# to download (nothing usable cached).
set -eu -o pipefail

prog=make-storage-guest
say() { echo "$prog: $*" >&2; }
die() { echo "$prog: error: $*" >&2; exit 1; }
unreachable() { echo "$prog: error: $*" >&2; exit 75; }

here=$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)
self=$here/make-storage-guest.sh
[ "$(id -u)" = 0 ] || die "needs root (debootstrap and chroot)"
cache=${VIRTKIT_STORAGE_GUEST_CACHE:-/var/cache/virtkit-storage-guest}
mkdir -p "$cache"
cache=$(cd "$cache" && pwd)

exec 9> "$cache/.lock"
flock 9

sum=$(sha256sum < "$self" | cut -d' ' -f1)
stamp_get() { sed -n "s/^$1=//p" "$cache/stamp" 2> /dev/null | head -n 1; }
if [ "${VIRTKIT_STORAGE_GUEST_FORCE:-0}" != 1 ] &&
	[ -s "$cache/vmlinuz" ] && [ -s "$cache/initrd.img" ] &&
	[ -s "$cache/root.img" ] && [ "$(stamp_get script)" = "$sum" ]; then
	echo "$cache"
	exit 0
fi

# The mirror: the first deb URI for bookworm in the apt sources.
mirror=${VIRTKIT_STORAGE_GUEST_MIRROR:-}
if [ -z "$mirror" ]; then
	mirror=$(cat /etc/apt/sources.list /etc/apt/sources.list.d/*.sources \
		/etc/apt/sources.list.d/*.list 2> /dev/null |
		sed -n -e 's/^URIs: *\([^ ]*\).*/\1/p' \
			-e 's/^deb  *\(\[[^]]*\] *\)\{0,1\}\([^ ]*\) .*/\2/p' |
		grep -v -e security -e '^cdrom' | head -n 1 || true)
fi
[ -n "$mirror" ] || unreachable "no Debian mirror in /etc/apt/sources.list*"
if ! command -v debootstrap > /dev/null; then
	say "installing debootstrap"
	DEBIAN_FRONTEND=noninteractive apt-get install -y -qq debootstrap >&2 ||
		unreachable "apt-get install debootstrap failed"
fi
command -v mkfs.ext4 > /dev/null || die "mkfs.ext4 (e2fsprogs) is required"

# remove a build directory, never through a mount (the chroot has the
# host's /dev bound in while it builds)
rm_build() {
	for m in dev/pts dev sys proc; do
		mountpoint -q "$1/root/$m" 2> /dev/null && umount -l "$1/root/$m"
	done
	if grep -q " $1/" /proc/self/mounts; then
		say "leaving $1: something is still mounted under it"
	else
		rm -rf --one-file-system "$1"
	fi
}
for old in "$cache"/.build.*; do	# left by a build that was killed
	[ -d "$old" ] && rm_build "$old"
done
work=$(mktemp -d "$cache/.build.XXXXXX")
root=$work/root
trap 'rm_build "$work"' EXIT
trap 'exit 130' INT TERM HUP
t0=$(date +%s)

say "debootstrap bookworm from $mirror"
debootstrap --variant=minbase --include=ca-certificates bookworm \
	"$root" "$mirror" > "$work/debootstrap.log" 2>&1 ||
	unreachable "debootstrap failed: $(tail -n 3 "$work/debootstrap.log" | tr '\n' ' ')"

# No service may start in the chroot on the build host.
printf '#!/bin/sh\nexit 101\n' > "$root/usr/sbin/policy-rc.d"
chmod 755 "$root/usr/sbin/policy-rc.d"
mount -t proc proc "$root/proc"
mount -t sysfs sysfs "$root/sys"
mount --bind /dev "$root/dev"
mount -t devpts devpts "$root/dev/pts"
cp /etc/resolv.conf "$root/etc/resolv.conf" 2> /dev/null || true

inchroot() {
	chroot "$root" env DEBIAN_FRONTEND=noninteractive LANG=C.UTF-8 \
		PATH=/usr/sbin:/usr/bin:/sbin:/bin "$@"
}
apt_install() {
	inchroot apt-get install -y -q --no-install-recommends \
		-o Dpkg::Options::=--force-confold "$@" >> "$work/apt.log" 2>&1 ||
		die "apt-get install $* failed in the chroot: $(tail -n 3 "$work/apt.log" | tr '\n' ' ')"
}

say "installing the kernel and the storage tools"
# A small initramfs: only what finds and mounts the virtio root disk.
apt_install initramfs-tools
sed -i 's/^MODULES=.*/MODULES=list/' "$root/etc/initramfs-tools/initramfs.conf"
printf '%s\n' virtio_pci virtio_blk virtio_scsi ext4 crc32c_generic \
	>> "$root/etc/initramfs-tools/modules"
apt_install linux-image-amd64 udev kmod util-linux e2fsprogs procps \
	iproute2 lvm2 nfs-kernel-server nfs-common rpcbind tgt open-iscsi \
	parted fdisk qemu-utils dosfstools libxml2 libxslt1.1 libpopt0 \
	libudev1 libjson-c5 libcap-ng0
inchroot apt-get clean

kimg=$(ls "$root"/boot/vmlinuz-* | sort -V | tail -n 1)
kver=${kimg##*/vmlinuz-}
[ -s "$root/boot/initrd.img-$kver" ] || die "no initrd for $kver in the chroot"
cp "$kimg" "$work/vmlinuz"
cp "$root/boot/initrd.img-$kver" "$work/initrd.img"

# Modules a storage guest never loads: graphics, sound, wireless, media.
m=$root/lib/modules/$kver/kernel
rm -rf "$m/drivers/gpu" "$m/sound" "$m/drivers/net/wireless" \
	"$m/drivers/media" "$m/drivers/infiniband" "$m/drivers/bluetooth" \
	"$m/net/wireless" "$m/net/mac80211" "$m/drivers/staging" \
	"$m/drivers/iio" "$m/drivers/hid" "$m/drivers/usb" "$m/drivers/input"
inchroot depmod "$kver"
rm -rf "$root/boot"/* "$root/usr/share/doc" "$root/usr/share/man" \
	"$root/usr/share/locale" "$root/var/lib/apt/lists"/* \
	"$root/var/cache/apt"/*.bin

# The guest's init (see the header).
cat > "$root/sbin/vk-init" << 'EOF'
#!/bin/sh
# virtkit storage guest init: mount the basics, run the payload, power off.
PATH=/usr/sbin:/usr/bin:/sbin:/bin
export PATH
# (the initramfs has moved /proc, /sys and /dev here already)
mountpoint -q /proc || mount -t proc proc /proc
mountpoint -q /sys || mount -t sysfs sysfs /sys
mountpoint -q /dev || mount -t devtmpfs devtmpfs /dev
mkdir -p /dev/pts /dev/shm
mount -t devpts devpts /dev/pts
mount -t tmpfs tmpfs /run
mount -t tmpfs tmpfs /tmp
mount -o remount,rw /
hostname vk-storage
ip link set lo up
mkdir -p /vk
dev=$(blkid -L VKPAYLOAD 2> /dev/null)
if [ -n "$dev" ] && mount -o ro "$dev" /vk; then
	sh /vk/run.sh
else
	echo VK-STORAGE-NO-PAYLOAD
fi
sync
echo VK-STORAGE-POWEROFF
echo o > /proc/sysrq-trigger
sleep 10
EOF
chmod 755 "$root/sbin/vk-init"
echo vk-storage > "$root/etc/hostname"
printf 'InitiatorName=iqn.2026-01.org.virtkit:guest\n' \
	> "$root/etc/iscsi/initiatorname.iscsi"

for m in dev/pts dev sys proc; do umount -l "$root/$m"; done
rm -f "$root/usr/sbin/policy-rc.d" "$root/etc/resolv.conf"

say "making the root image"
size=$(du -sm "$root" | cut -f1)
truncate -s $(((size * 13 / 10 + 256) * 1024 * 1024)) "$work/root.img"
mkfs.ext4 -q -F -L vkroot -d "$root" "$work/root.img" > "$work/mkfs.log" 2>&1 ||
	die "mkfs.ext4 -d failed: $(tail -n 2 "$work/mkfs.log" | tr '\n' ' ')"

mv -f "$work/vmlinuz" "$work/initrd.img" "$work/root.img" "$cache/"
printf 'script=%s\nkernel=%s\nmirror=%s\nbuilt=%s\nseconds=%s\n' "$sum" \
	"$kver" "$mirror" "$(date -u +%Y-%m-%dT%H:%M:%SZ)" \
	$(($(date +%s) - t0)) > "$cache/stamp"
say "built in $(($(date +%s) - t0)) s (kernel $kver)"
echo "$cache"
