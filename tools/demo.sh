#!/bin/sh
# make demo: build the guest kit, then under a private VIRTKIT_ROOT define
# a demo domain, start it, show its console up to the guest's marker,
# shut it down gracefully, and time each step.
set -e
BUILD=${BUILD:-build}
TOP=$(pwd)
case $BUILD in /*) ;; *) BUILD=$TOP/$BUILD ;; esac
PATH=$BUILD/bin:$PATH
VIRTKIT_ROOT=$(mktemp -d /tmp/virtkit-demo.XXXXXX)
export VIRTKIT_ROOT PATH
chmod 711 "$VIRTKIT_ROOT"
cleanup() {
	vm-destroy demo > /dev/null 2>&1 || true
	rm -rf "$VIRTKIT_ROOT"
}
trap cleanup EXIT

now() { date +%s%N; }
t0=$(now)
mark() { echo "# $1: $(( ($(now) - t0) / 1000000 )) ms"; echo; t0=$(now); }

echo "\$ tests/guest/make-kit.sh   (a Debian cloud kernel + busybox initramfs)"
kit=$(bash tests/guest/make-kit.sh) || {
	echo "make demo: the guest kit could not be built (tests/guest/make-kit.sh exited $?)" >&2
	exit 1
}
kit=$(printf '%s\n' "$kit" | tail -n 1)
mark "guest kit ready in $kit"

sed 's|<name>vk-guest</name>|<name>demo</name>|' "$kit/guest.xml" > "$VIRTKIT_ROOT/demo.xml"
echo "\$ vm-define demo.xml"
vm-define "$VIRTKIT_ROOT/demo.xml"
vm-list --all
mark "define"

echo "\$ vm-start demo"
vm-start demo
vm-list
mark "start (QEMU running, guest booting)"

echo "\$ vm-console --history demo   (until the guest's marker)"
i=0
until vm-console --history demo 2> /dev/null | grep -q VIRTKIT-GUEST-READY; do
	i=$((i + 1))
	[ $i -lt 600 ] || { echo "no marker after 60 s" >&2; exit 1; }
	sleep 0.1
done
vm-console --history demo | tr -d '\r' | grep -a -E 'Linux version|Run /init|VIRTKIT-GUEST' | cut -c1-100
mark "boot to marker"

printf '%s\n' "\$ printf 'uname -r\\n' | vm-console demo"
printf 'uname -r\n' | vm-console --idle 1 demo | tr -d '\r' |
	sed 's/\x1b\[[0-9;]*[A-Za-z]//g' | grep -a -v '^$' | head -n 3
mark "console round trip"

echo "\$ vm-shutdown --wait demo   (ACPI power button)"
vm-shutdown --wait --timeout 60 demo
vm-list --all
mark "graceful shutdown"
echo "state was kept under $VIRTKIT_ROOT (removed now)"
