#!/bin/bash
# make-kit.sh: build (or reuse) the tiny test guest: a Debian cloud kernel
# and a busybox initramfs, made from Debian packages that are downloaded
# and unpacked, never installed.  The kit lives outside git, in
#   $VIRTKIT_GUEST_CACHE, else /var/cache/virtkit-guest (root)
#   or ${XDG_CACHE_HOME:-$HOME/.cache}/virtkit-guest (other users).
# Output: the cache directory, as the only line on stdout.  Progress and
# errors go to stderr.  The cache holds:
#   vmlinuz         the kernel
#   initrd.img      gzip'd newc initramfs (busybox, /init, a few modules)
#   guest.xml       tests/guest/guest.xml.in filled in (name vk-guest)
#   kernel.config   the kernel's build config, for reference
#   stamp           what was built from what (see below)
# A second run is fast: it rebuilds only when this script or guest.xml.in
# changed (their checksum is in the stamp) or the registry now offers a
# newer cloud kernel than the one in the stamp.
#
# Environment:
#   VIRTKIT_GUEST_CACHE   cache directory
#   VIRTKIT_GUEST_KERNEL  a kernel package to use instead of the newest
#                         linux-image-*-cloud-amd64
#   VIRTKIT_GUEST_FORCE=1 rebuild even if the stamp matches
# Exit status: 0 ok; 1 build failed; 75 the Debian package registry gave
# no kernel or a download failed (nothing usable cached).
set -eu -o pipefail

prog=make-kit
say() { echo "$prog: $*" >&2; }
die() { echo "$prog: error: $*" >&2; exit 1; }
unreachable() { echo "$prog: error: $*" >&2; exit 75; }

here=$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)
self=$here/make-kit.sh
xmlin=$here/guest.xml.in
[ -r "$xmlin" ] || die "$xmlin is missing"

if [ -n "${VIRTKIT_GUEST_CACHE:-}" ]; then
	cache=$VIRTKIT_GUEST_CACHE
elif [ "$(id -u)" = 0 ]; then
	cache=/var/cache/virtkit-guest
else
	cache=${XDG_CACHE_HOME:-$HOME/.cache}/virtkit-guest
fi
mkdir -p "$cache"
cache=$(cd "$cache" && pwd)

# One builder at a time; a second caller waits and then finds the kit.
exec 9> "$cache/.lock"
flock 9

sum=$(cat "$self" "$xmlin" | sha256sum | cut -d' ' -f1)
stamp_get() { sed -n "s/^$1=//p" "$cache/stamp" 2> /dev/null | head -n 1; }

# The newest cloud kernel package the registry offers, as its kernel
# release (e.g. 6.12.117+deb12-cloud-amd64).  Meta-packages (linux-image-
# 6.12-cloud-amd64) and -dbg/-unsigned packages are not kernels.
newest_kernel() {
	if [ -n "${VIRTKIT_GUEST_KERNEL:-}" ]; then
		echo "${VIRTKIT_GUEST_KERNEL#linux-image-}"
		return
	fi
	apt-cache search --names-only '^linux-image-[0-9].*-cloud-amd64$' 2> /dev/null |
		grep -v -i 'meta-package' |
		awk '{ print $1 }' |
		grep -v -e '-dbg' -e '-unsigned' |
		sed -e 's/^linux-image-//' |
		grep -E '^[0-9]+\.[0-9]+[.-][0-9]' |
		sort -V | tail -n 1
}

kver=$(newest_kernel || true)
if [ -z "$kver" ] && [ "$(id -u)" = 0 ] && [ ! -e "$cache/stamp" ]; then
	say "no cloud kernel in the package lists; running apt-get update"
	apt-get update -qq >&2 || true
	kver=$(newest_kernel || true)
fi

files_ok() {
	[ -s "$cache/vmlinuz" ] && [ -s "$cache/initrd.img" ] && [ -s "$cache/guest.xml" ]
}
if [ "${VIRTKIT_GUEST_FORCE:-0}" != 1 ] && files_ok &&
	[ "$(stamp_get script)" = "$sum" ]; then
	have=$(stamp_get kernel)
	if [ -z "$kver" ] || [ "$kver" = "$have" ]; then
		[ -n "$kver" ] || say "registry unavailable; using the cached kernel $have"
		echo "$cache"
		exit 0
	fi
	say "kernel $have is cached, the registry offers $kver: rebuilding"
fi
[ -n "$kver" ] || unreachable "no linux-image-*-cloud-amd64 package in the Debian package lists (is the registry reachable? try apt-get update)"

# Tools: cpio (Debian package cpio) builds the archive; busybox's own cpio
# is the fallback when cpio is missing and cannot be installed.
have_cpio=1
if ! command -v cpio > /dev/null; then
	if [ "$(id -u)" = 0 ]; then
		say "installing cpio"
		DEBIAN_FRONTEND=noninteractive apt-get install -y -qq cpio >&2 || true
	fi
	command -v cpio > /dev/null || have_cpio=0
fi
for t in dpkg-deb apt-get gzip sha256sum; do
	command -v $t > /dev/null || die "$t is required"
done

work=$(mktemp -d "$cache/.build.XXXXXX")
trap 'rm -rf "$work"' EXIT
chmod 755 "$work"

# apt-get download drops root privileges to _apt for the transfer; the
# temp directory may not be writable for _apt, so keep the download as root.
apt_opts=()
[ "$(id -u)" = 0 ] && apt_opts=(-o APT::Sandbox::User=root)
kpkg=linux-image-$kver
say "downloading $kpkg and busybox-static"
(cd "$work" && apt-get download -q "${apt_opts[@]}" "$kpkg" busybox-static >&2) ||
	unreachable "apt-get download $kpkg busybox-static failed"

kdeb=$(ls "$work"/linux-image-*.deb)
bdeb=$(ls "$work"/busybox-static_*.deb)
kdebver=$(dpkg-deb -f "$kdeb" Version)
bdebver=$(dpkg-deb -f "$bdeb" Version)
say "unpacking $kpkg $kdebver, busybox-static $bdebver"
dpkg-deb -x "$kdeb" "$work/k"
dpkg-deb -x "$bdeb" "$work/b"
[ -f "$work/k/boot/vmlinuz-$kver" ] || die "$kpkg has no /boot/vmlinuz-$kver"
bb=$work/b/bin/busybox
[ -x "$bb" ] || die "busybox-static has no /bin/busybox"
mdir=$work/k/lib/modules/$kver
[ -d "$mdir" ] || mdir=$work/k/usr/lib/modules/$kver
config=$work/k/boot/config-$kver

# ---- initramfs tree -------------------------------------------------------
r=$work/root
mkdir -p "$r"/{bin,dev,etc,proc,sys,run,tmp,root,var/log,lib/modules}
ln -s bin "$r/sbin"
mkdir -p "$r/usr"
ln -s ../bin "$r/usr/bin"
ln -s ../bin "$r/usr/sbin"
cp "$bb" "$r/bin/busybox"
for a in $("$bb" --list); do
	[ "$a" = busybox ] || ln -sf busybox "$r/bin/$a"
done
chmod 1777 "$r/tmp"
# The kernel opens /dev/console before /init runs; without the node it
# warns and /init starts with no stdio (init reopens it after devtmpfs).
[ "$(id -u)" = 0 ] && mknod -m 600 "$r/dev/console" c 5 1

# Modules: the ACPI power button and evdev (for acpid), pvpanic (ISA/ACPI
# and PCI), virtio_net (vk.net=1), virtio_blk (disks the tests give the
# guest: /sys/block/vdX), virtio_rng (a <rng model='virtio'> becomes the
# guest's hw_random source).  The package ships no modules.dep
# (depmod runs at install), so dependencies come from each module's
# "depends=" modinfo field.  Modules are xz-compressed; busybox insmod
# wants them plain, so they are unpacked here with the kit's own busybox.
# A driver built into the kernel (=y) needs nothing.
want_mods="button evdev pvpanic pvpanic-mmio pvpanic-pci virtio_net e1000 virtio_blk virtio_rng"
order=$work/modorder
: > "$order"
modfile() { # NAME -> path of its .ko* in the package, '-' and '_' alike
	local pat=${1//[-_]/[-_]}
	find "$mdir/kernel" -name "$pat.ko" -o -name "$pat.ko.xz" -o -name "$pat.ko.zst" -o -name "$pat.ko.gz" | head -n 1
}
addmod() {
	local n=$1 f plain deps d
	grep -qx "$n" "$order" && return 0
	f=$(modfile "$n")
	if [ -z "$f" ]; then
		if grep -q "/${n//[-_]/[-_]}.ko" "$mdir/modules.builtin" 2> /dev/null; then
			say "module $n: built in"
		else
			say "module $n: not in this kernel"
		fi
		return 0
	fi
	plain=$work/mods/$n.ko
	mkdir -p "$work/mods"
	case $f in
	*.xz) "$bb" unxz -c "$f" > "$plain" ;;
	*.gz) gzip -dc "$f" > "$plain" ;;
	*.zst) zstd -qdc "$f" > "$plain" || die "zstd needed for $f" ;;
	*) cp "$f" "$plain" ;;
	esac
	deps=$(tr '\0' '\n' < "$plain" | sed -n 's/^depends=//p' | head -n 1 | tr ',' ' ')
	for d in $deps; do addmod "$d"; done
	grep -qx "$n" "$order" || echo "$n" >> "$order"
	cp "$plain" "$r/lib/modules/$n.ko"
}
for m in $want_mods; do addmod "$m"; done
cp "$order" "$r/etc/vk-modules"
say "modules: $(tr '\n' ' ' < "$order")"

# acpid (busybox) reads the power button key from evdev as the event
# "button/power PWRF 00000080" and, through /etc/acpid.conf, runs
# /etc/acpi/PWRF/00000080.  The script must be a /bin/sh script:
# acpid ignores SIGCHLD, which a shell resets.
mkdir -p "$r/etc/acpi/PWRF"
cat > "$r/etc/acpi/PWRF/00000080" << 'EOF'
#!/bin/sh
echo "VIRTKIT-GUEST-POWERBUTTON" > /dev/ttyS0
sync
poweroff -f
EOF
chmod 755 "$r/etc/acpi/PWRF/00000080"
# The action file maps a substring of the event acpid reads (for the
# power button: "button/power PWRF 00000080") to a path under /etc/acpi.
echo 'PWRF PWRF/00000080' > "$r/etc/acpid.conf"

cat > "$r/bin/vk-crash" << 'EOF'
#!/bin/sh
# Panic the kernel now (sysrq c).  With panic=0 the guest then hangs and
# QEMU's pvpanic device reports GUEST_PANICKED.
echo 1 > /proc/sys/kernel/sysrq
echo c > /proc/sysrq-trigger
EOF
cat > "$r/bin/vk-reboot" << 'EOF'
#!/bin/sh
sync
reboot -f
EOF
cat > "$r/bin/vk-poweroff" << 'EOF'
#!/bin/sh
sync
poweroff -f
EOF
chmod 755 "$r/bin/vk-crash" "$r/bin/vk-reboot" "$r/bin/vk-poweroff"

cat > "$r/etc/udhcpc.script" << 'EOF'
#!/bin/sh
# udhcpc hook: configure the interface and remember the address.
case $1 in
deconfig)
	ip -4 addr flush dev "$interface" 2> /dev/null
	ip link set "$interface" up
	;;
bound|renew)
	ip -4 addr flush dev "$interface" 2> /dev/null
	ip addr add "$ip/${mask:-24}" dev "$interface"
	if [ -n "$router" ]; then
		for g in $router; do ip route add default via "$g" dev "$interface" && break; done
	fi
	: > /etc/resolv.conf
	[ -n "$domain" ] && echo "search $domain" >> /etc/resolv.conf
	for d in $dns; do echo "nameserver $d" >> /etc/resolv.conf; done
	echo "$ip" > /run/vk-ip
	;;
esac
exit 0
EOF
chmod 755 "$r/etc/udhcpc.script"

cat > "$r/etc/profile" << 'EOF'
PATH=/bin:/sbin:/usr/bin:/usr/sbin
export PATH
HOME=/root
export HOME
PS1='vk-guest# '
EOF
echo 'root:x:0:0:root:/root:/bin/sh' > "$r/etc/passwd"
echo 'root:x:0:' > "$r/etc/group"
echo vk-guest > "$r/etc/hostname"

cat > "$r/init" << 'EOF'
#!/bin/sh
# virtkit guest kit: PID 1.  It must never exit (that panics the kernel),
# so nothing here uses set -e and the last step loops forever.
PATH=/bin:/sbin:/usr/bin:/usr/sbin
export PATH
mount -t proc proc /proc
mount -t sysfs sysfs /sys
mount -t devtmpfs devtmpfs /dev 2> /dev/null
mkdir -p /dev/pts /dev/shm
mount -t devpts devpts /dev/pts 2> /dev/null
if (: < /dev/console > /dev/console) 2> /dev/null; then
	exec < /dev/console > /dev/console 2>&1
fi
hostname vk-guest
cmdline=$(cat /proc/cmdline)
has() { case " $cmdline " in *" $1 "*) return 0 ;; esac; return 1; }

# Kernel messages would interleave with the shell: keep only the severe
# ones on the console unless the command line asks for more.
case " $cmdline " in
*" loglevel="*|*" debug "*|*" ignore_loglevel "*) ;;
*) echo "1 4 1 7" > /proc/sys/kernel/printk ;;
esac
echo 1 > /proc/sys/kernel/sysrq

while read -r m; do
	[ -d "/sys/module/$(echo "$m" | tr - _)" ] || insmod "/lib/modules/$m.ko" 2> /dev/null
done < /etc/vk-modules

ip link set lo up 2> /dev/null
mkdir -p /var/run
acpid -l /run/acpid.log

out() {
	echo "$*" > /dev/ttyS0 2> /dev/null
	case $(cat /sys/class/tty/console/active 2> /dev/null) in
	*ttyS0*) ;;
	*) echo "$*" ;;
	esac
}

if has vk.net=1; then
	ip link set eth0 up 2> /dev/null
	udhcpc -i eth0 -s /etc/udhcpc.script -t 10 -T 1 -A 2 -n -q > /run/udhcpc.log 2>&1
	if [ -s /run/vk-ip ]; then
		out "VIRTKIT-GUEST-IP=$(cat /run/vk-ip)"
	else
		out "VIRTKIT-GUEST-NET-FAILED"
	fi
fi

out "VIRTKIT-GUEST-READY"
out "VIRTKIT-GUEST-KERNEL=$(uname -r)"

# An interactive shell on the console (ttyS0), started again when it exits.
while :; do
	setsid cttyhack sh -l
	sleep 1
done
EOF
chmod 755 "$r/init"

say "packing initramfs"
if [ $have_cpio = 1 ]; then
	(cd "$r" && find . -mindepth 1 | LC_ALL=C sort | cpio -o -H newc -R 0:0 --quiet) |
		gzip -9n > "$work/initrd.img"
else
	say "cpio is missing; using busybox cpio"
	(cd "$r" && find . -mindepth 1 | LC_ALL=C sort | "$bb" cpio -o -H newc -R 0:0) |
		gzip -9n > "$work/initrd.img"
fi

cp "$work/k/boot/vmlinuz-$kver" "$work/vmlinuz"
cp "$config" "$work/kernel.config"
sed -e "s|@KERNEL@|$cache/vmlinuz|g" -e "s|@INITRD@|$cache/initrd.img|g" \
	-e "s|@NAME@|vk-guest|g" "$xmlin" > "$work/guest.xml"
cat > "$work/stamp" << EOF
script=$sum
kernel=$kver
kernel_package=$kpkg $kdebver
busybox=busybox-static $bdebver
modules=$(tr '\n' ' ' < "$order")
built=$(date -u +%Y-%m-%dT%H:%M:%SZ)
EOF

# Install: the stamp goes last, so a kit with a matching stamp is whole.
rm -f "$cache/stamp"
for f in vmlinuz initrd.img kernel.config guest.xml; do
	chmod 644 "$work/$f"
	mv -f "$work/$f" "$cache/$f"
done
chmod 644 "$work/stamp"
mv -f "$work/stamp" "$cache/stamp"
say "kit ready: kernel $kver, initrd $(du -k "$cache/initrd.img" | cut -f1) KiB"
echo "$cache"
