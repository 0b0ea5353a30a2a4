#!/bin/sh
# Acceptance test of the golden domain documents under the real QEMU:
# every tests/data/domain/NAME.xml of type qemu or kvm whose command line
# builds (domargv) and needs nothing of the host is started paused, both
# QMP monitors must answer and QEMU must quit cleanly: the run of
# tests/argv-qemu.sh (its helpers and its checks), over these documents.
# Skipped, with the reason: documents the qemu driver refuses, those
# whose emulator is not /usr/bin/qemu-system-x86_64, and those that name
# a host resource (a disk image, kernel, directory, tap device, socket
# peer, a peer on another host, the host's NSS database, or any other
# host path); plus argv-qemu.sh's own skips.  Documents of type kvm run
# only with a writable /dev/kvm, as in argv-qemu.sh.
QEMU_CASES=domain

case_wanted() {
	case $1 in *.out) return 1 ;; esac
	grep -q -E "<domain[^>]* type=['\"](qemu|kvm)['\"]" "$1.xml" ||
		return 1
	if ! "$DOMARGV" --now "$NOW" "$1.xml" > "$T/dargs" 2> "$T/derr"; then
		skip "qemu:$1" "the qemu driver refuses it: $(head -c 200 "$T/derr")"
		return 1
	fi
	tr ' ' '\n' < "$T/dargs" > "$T/dwords"
	emu=$(head -n 1 "$T/dwords")
	if [ "$emu" != "$QEMU" ]; then
		skip "qemu:$1" "emulator $emu is not $QEMU"
		return 1
	fi
	res=$(tail -n +2 "$T/dwords" | grep -v -e '=/run/QMP' \
	    -e '=/log/console.log' | grep -m 1 -E \
	    "(^|,)(file|path|ifname|script|file\\.dir|db|connect|mem-path)=|^/|^'/")
	if [ -n "$res" ]; then
		skip "qemu:$1" "needs a host resource: $res"
		return 1
	fi
	# Peers elsewhere, and the host's own NSS database.
	res=$(grep -m 1 -E 'host=[^,]*,port=[0-9]+,server=off' "$T/dwords" |
	    grep -v -E 'host=(127\.0\.0\.1|localhost),')
	if [ -n "$res" ]; then
		skip "qemu:$1" "needs a peer on another host: $res"
		return 1
	fi
	if grep -q 'backend=certificates' "$T/dwords" &&
	    ! grep -q 'backend=certificates.*,db=' "$T/dwords"; then
		skip "qemu:$1" "needs the host's NSS database /etc/pki/nssdb"
		return 1
	fi
	return 0
}

. "$TOP/tests/argv-qemu.sh"
