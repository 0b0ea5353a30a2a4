#!/bin/bash
# make-boot-image.sh KERNEL INITRD CMDLINE OUT [MIB]: a disk image a BIOS
# (SeaBIOS) boots: one FAT file system over the whole image (a
# "superfloppy": no partition table) holding KERNEL as /vmlinuz, INITRD
# as /initrd.img and a syslinux.cfg that boots them at once with
# CMDLINE, and the SYSLINUX boot loader in its boot sector (OEM id
# "SYSLINUX") and /ldlinux.sys, /ldlinux.c32.  SYSLINUX also prints its
# banner on the first serial port.  The image is MIB MiB (default 32).
#
# Nothing is mounted: mkfs.fat (dosfstools) makes the file system in the
# file, mcopy (mtools) copies the files in and the mtools-based
# installer "syslinux --install" (package syslinux, with its modules
# from syslinux-common) writes the boot loader.  OUT appears whole or
# not at all.
# Exit status: 0 ok; 1 failed (message on stderr); 2 usage.
set -eu -o pipefail

prog=make-boot-image
die() { echo "$prog: error: $*" >&2; exit 1; }

if [ $# -lt 4 ] || [ $# -gt 5 ]; then
	echo "usage: $prog KERNEL INITRD CMDLINE OUT [MIB]" >&2
	exit 2
fi
kernel=$1 initrd=$2 cmdline=$3 out=$4 mib=${5:-32}
case $mib in
'' | *[!0-9]*) echo "$prog: MIB must be a whole number" >&2; exit 2 ;;
esac
for f in "$kernel" "$initrd"; do
	[ -s "$f" ] || die "$f is missing or empty"
done
for t in mkfs.fat mcopy syslinux; do
	command -v $t > /dev/null || [ -x /usr/sbin/$t ] || [ -x /sbin/$t ] ||
		die "$t is not installed"
done
PATH=$PATH:/usr/sbin:/sbin

tmp=$out.tmp.$$
work=$(mktemp -d)
trap 'rm -rf "$work" "$tmp"' EXIT
# mtools must not reject an image whose geometry it finds odd.
export MTOOLS_SKIP_CHECK=1

cat > "$work/syslinux.cfg" << EOF
# virtkit boot image (tests/guest/make-boot-image.sh)
SERIAL 0 115200
PROMPT 0
TIMEOUT 0
DEFAULT vk
LABEL vk
  LINUX /vmlinuz
  INITRD /initrd.img
  APPEND $cmdline
EOF

rm -f "$tmp"
mkfs.fat -C -n VKBOOT "$tmp" $((mib * 1024)) > "$work/log" 2>&1 ||
	die "mkfs.fat: $(tail -n 1 "$work/log")"
for f in "$kernel:vmlinuz" "$initrd:initrd.img" \
	"$work/syslinux.cfg:syslinux.cfg"; do
	mcopy -i "$tmp" "${f%:*}" "::${f##*:}" > "$work/log" 2>&1 ||
		die "mcopy ${f%:*}: $(tail -n 1 "$work/log")"
done
syslinux --install "$tmp" > "$work/log" 2>&1 ||
	die "syslinux --install: $(tail -n 1 "$work/log")"
[ "$(dd if="$tmp" bs=1 skip=3 count=8 2> /dev/null)" = SYSLINUX ] ||
	die "syslinux --install wrote no SYSLINUX boot sector"
mv -f "$tmp" "$out"
