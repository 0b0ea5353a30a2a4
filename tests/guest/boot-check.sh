#!/bin/bash
# boot-check.sh [KITDIR]: boot the guest kit straight under QEMU (TCG, no
# virtkit) and check what the integration tests rely on:
#   guest-boot        the console prints VIRTKIT-GUEST-READY
#   guest-shell       a command typed on the serial console runs
#   guest-respawn     after the console shell exits, init starts another
#   guest-powerdown   QMP system_powerdown (the ACPI power button) makes
#                     the guest power off, and QEMU exits by itself
#   guest-crash       vk-crash panics the guest; pvpanic gives GUEST_PANICKED
#   guest-reboot      vk-reboot gives a RESET event and the guest boots again
# Prints "PASS: NAME" or "FAIL: NAME: why" per check (the tests' format),
# and "INFO: ..." lines (boot time to the marker).  Exit 0 when all pass.
# KITDIR defaults to what tests/guest/make-kit.sh prints.
# The serial port and the QMP monitor are QEMU "pipe" chardevs (FIFO
# pairs), so nothing beyond bash and coreutils is needed to drive them.
# Environment: QEMU (default qemu-system-x86_64), GUEST_TIMEOUT (seconds
# to wait for one step, default 60), GUEST_KEEP=DIR keeps the logs there.
set -u

here=$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)
kit=${1:-}
if [ -z "$kit" ]; then
	kit=$("$here/make-kit.sh" | tail -n 1) || { echo "FAIL: guest-kit: make-kit.sh failed"; exit 1; }
fi
QEMU=${QEMU:-qemu-system-x86_64}
TMO=${GUEST_TIMEOUT:-60}
for f in vmlinuz initrd.img; do
	[ -s "$kit/$f" ] || { echo "FAIL: guest-kit: $kit/$f is missing"; exit 1; }
done
command -v "$QEMU" > /dev/null || { echo "FAIL: guest-boot: $QEMU not found"; exit 1; }

if [ -n "${GUEST_KEEP:-}" ]; then
	work=$GUEST_KEEP
	mkdir -p "$work"
else
	work=$(mktemp -d /tmp/vk-bootcheck.XXXXXX)
fi
pids=()
cleanup() {
	local p
	for p in "${pids[@]}"; do kill "$p" 2> /dev/null; done
	wait 2> /dev/null
	[ -n "${GUEST_KEEP:-}" ] || rm -rf "$work"
}
trap cleanup EXIT
trap 'exit 130' INT TERM

failed=0
pass() { echo "PASS: $1"; }
fail() {
	echo "FAIL: $1: $2"
	failed=1
	if [ -n "${cur:-}" ]; then
		echo "    --- last console lines ($cur) ---"
		tail -n 15 "$work/$cur/serial.log" 2> /dev/null | tr -d '\r' | sed 's/^/    /'
	fi
}

now_ms() { echo $(($(date +%s%N) / 1000000)); }

# boot NAME [QEMU ARGS...]: start QEMU in the background with the serial
# port on $work/NAME/s.{in,out} and QMP on $work/NAME/q.{in,out}; logs
# go to serial.log and qmp.log.  Sets cur=NAME, qpid, t0 (ms).
boot() {
	cur=$1; shift
	local d=$work/$cur
	mkdir -p "$d"
	rm -f "$d"/s.in "$d"/s.out "$d"/q.in "$d"/q.out
	mkfifo "$d/s.in" "$d/s.out" "$d/q.in" "$d/q.out"
	cat "$d/s.out" > "$d/serial.log" &
	pids+=($!)
	cat "$d/q.out" > "$d/qmp.log" &
	pids+=($!)
	t0=$(now_ms)
	timeout -k 5 $((TMO * 3)) "$QEMU" -accel tcg -m 128 -nographic -nodefaults \
		-kernel "$kit/vmlinuz" -initrd "$kit/initrd.img" \
		-append 'console=ttyS0 panic=0' -device pvpanic \
		-chardev "pipe,id=ser0,path=$d/s" -serial chardev:ser0 \
		-chardev "pipe,id=qmp0,path=$d/q" -mon chardev=qmp0,mode=control \
		"$@" < /dev/null > "$d/qemu.log" 2>&1 &
	qpid=$!
	pids+=($qpid)
	# Events flow only after capabilities negotiation.
	qmp '{"execute":"qmp_capabilities"}'
}

# send FIFO TEXT: write to a FIFO QEMU holds open (bounded: if QEMU died,
# the open would block forever).
send() { timeout 10 bash -c 'printf "%s" "$2" > "$1"' _ "$1" "$2"; }
serial() { send "$work/$cur/s.in" "$1"$'\n'; }
qmp() { send "$work/$cur/q.in" "$1"$'\n'; }

# count FILE REGEX: number of lines matching.
count() { tr -d '\r' < "$1" 2> /dev/null | grep -c -E "$2"; }
# wait_for FILE REGEX [N]: until N (default 1) lines match, or TMO s pass.
wait_for() {
	local n=${3:-1} end=$(($(now_ms) + TMO * 1000))
	while [ "$(count "$1" "$2")" -lt "$n" ]; do
		[ "$(now_ms)" -lt "$end" ] || return 1
		kill -0 "$qpid" 2> /dev/null || { [ "$(count "$1" "$2")" -ge "$n" ]; return; }
		sleep 0.1
	done
}
# wait_exit SECONDS: until QEMU has exited.
wait_exit() {
	local end=$(($(now_ms) + $1 * 1000))
	while kill -0 "$qpid" 2> /dev/null; do
		[ "$(now_ms)" -lt "$end" ] || return 1
		sleep 0.1
	done
	wait "$qpid"
	qrc=$?
}
# stop: make sure this boot's QEMU is gone.
stop() {
	qmp '{"execute":"quit"}' 2> /dev/null
	wait_exit 10 || { kill "$qpid" 2> /dev/null; wait_exit 5; }
	cur=
}

MARK='^VIRTKIT-GUEST-READY$'
serlog() { echo "$work/$cur/serial.log"; }
qmplog() { echo "$work/$cur/qmp.log"; }

# ---- boot 1: marker, shell, power button ---------------------------------
boot power -no-reboot
if wait_for "$(serlog)" "$MARK"; then
	t=$(($(now_ms) - t0))
	pass guest-boot
	echo "INFO: boot time to marker: $((t / 1000)).$(printf '%03d' $((t % 1000))) s (TCG)"
	echo "INFO: $(tr -d '\r' < "$(serlog)" | grep -m1 '^VIRTKIT-GUEST-KERNEL=')"
	serial 'echo hello-$((6*7))'
	if wait_for "$(serlog)" '^hello-42$'; then
		pass guest-shell
	else
		fail guest-shell "no hello-42 answer on the serial console"
	fi
	# init starts a new shell when the console shell exits.
	serial 'exit'
	if wait_for "$(serlog)" 'built-in shell' 2 && sleep 0.5 &&
		serial 'echo again-$((1+1))' && wait_for "$(serlog)" '^again-2$'; then
		pass guest-respawn
	else
		fail guest-respawn "no shell on the console after exit"
	fi
	qmp '{"execute":"system_powerdown"}'
	if ! wait_exit 30; then
		fail guest-powerdown "QEMU still running 30 s after system_powerdown"
		stop
	elif [ "$qrc" -ne 0 ]; then
		fail guest-powerdown "QEMU exited $qrc: $(head -c 300 "$work/power/qemu.log")"
	elif ! grep -q VIRTKIT-GUEST-POWERBUTTON "$(serlog)"; then
		fail guest-powerdown "QEMU exited but the guest's power button handler did not run"
	elif ! grep -q '"event": *"SHUTDOWN"' "$(qmplog)"; then
		fail guest-powerdown "no SHUTDOWN event on QMP"
	else
		pass guest-powerdown
	fi
	cur=
else
	fail guest-boot "no VIRTKIT-GUEST-READY within $TMO s"
	stop
fi

# ---- boot 2: panic -> pvpanic --------------------------------------------
boot crash -no-reboot
if wait_for "$(serlog)" "$MARK"; then
	serial vk-crash
	if wait_for "$(qmplog)" '"event": *"GUEST_PANICKED"'; then
		pass guest-crash
	else
		fail guest-crash "no GUEST_PANICKED event within $TMO s of vk-crash"
	fi
else
	fail guest-crash "no VIRTKIT-GUEST-READY within $TMO s"
fi
stop

# ---- boot 3: reboot -> RESET and a second boot ---------------------------
boot reboot
if wait_for "$(serlog)" "$MARK"; then
	serial vk-reboot
	if ! wait_for "$(qmplog)" '"event": *"RESET"'; then
		fail guest-reboot "no RESET event within $TMO s of vk-reboot"
	elif ! wait_for "$(serlog)" "$MARK" 2; then
		fail guest-reboot "RESET seen but no second VIRTKIT-GUEST-READY"
	else
		pass guest-reboot
	fi
else
	fail guest-reboot "no VIRTKIT-GUEST-READY within $TMO s"
fi
stop

exit $failed
