# Helpers for the tests that boot real guests (qemu-guest.sh,
# qemu-faults.sh, qemu-session.sh).  Source it after tests/lib.sh:
#   . "$TOP/tests/qemu/common.sh"
#   kit_or_skip TESTNAME || exit 0
# The guests come from the guest kit (tests/guest/README); every guest a
# test starts is destroyed by the EXIT trap set here, even on failure.
VIRTKIT_DEFAULT_URI=qemu:///system
export VIRTKIT_DEFAULT_URI
QT=$TOP/tests/qemu
# Other VIRTKIT_ROOTs (system mode as another user) to clean up as well.
EXTRA_ROOTS=
# Commands to run at exit before the roots go (e.g. deleting a user's dir).
EXTRA_CLEANUP=:
# Commands to run last, once no guest is left (e.g. removing a user).
FINAL_CLEANUP=:

# Destroy every guest under the root $1, then kill (by pid) any QEMU or
# supervisor still running with that root in its command line.
cleanup_root() {
	[ -d "$1" ] || return 0
	for _d in $(VIRTKIT_ROOT=$1 vm-list --all --name 2> /dev/null); do
		VIRTKIT_ROOT=$1 vm-destroy "$_d" > /dev/null 2>&1
	done
	for _p in $(pgrep -f -- "$1/" 2> /dev/null); do
		[ "$_p" = $$ ] || kill -9 "$_p" 2> /dev/null
	done
	rm -rf "$1"
}
cleanup_all() {
	eval "$EXTRA_CLEANUP"
	for _r in "$VIRTKIT_ROOT" $EXTRA_ROOTS; do
		cleanup_root "$_r"
	done
	eval "$FINAL_CLEANUP"
}
trap cleanup_all EXIT
trap 'exit 130' INT TERM HUP

# kit_or_skip NAME: QEMU and the guest kit are there (KIT is its
# directory, KITXML its domain document); else one SKIP line, return 1.
kit_or_skip() {
	if ! command -v pgrep > /dev/null 2>&1; then
		skip "$1" "pgrep (procps) is missing: the checks for leftover QEMU processes need it"
		return 1
	fi
	if ! command -v qemu-system-x86_64 > /dev/null 2>&1; then
		skip "$1" "qemu-system-x86_64 is missing (apt-get install qemu-system-x86)"
		return 1
	fi
	bash "$TOP/tests/guest/make-kit.sh" > "$T/kit" 2> "$T/kit.err"
	_rc=$?
	if [ $_rc -eq 75 ]; then
		skip "$1" "guest kit: Debian package registry unreachable: $(tail -n 1 "$T/kit.err" | head -c 200)"
		return 1
	elif [ $_rc -ne 0 ]; then
		fail "$1" "tests/guest/make-kit.sh exited $_rc: $(tail -n 2 "$T/kit.err" | tr '\n' '|' | head -c 300)"
		return 1
	fi
	KIT=$(tail -n 1 "$T/kit")
	KITXML=$KIT/guest.xml
	[ -s "$KITXML" ] || { fail "$1" "no guest.xml in the kit '$KIT'"; return 1; }
	return 0
}

# mkdom NAME [ELEMENTS [SED]]: the kit's domain named NAME, with ELEMENTS
# (say <on_crash>preserve</on_crash>) put before <devices> and the sed
# script SED applied, written to $T/NAME.xml.
mkdom() {
	sed -e "s|<name>[^<]*</name>|<name>$1</name>|" \
		-e "s|<devices>|${2:-}<devices>|" -e "${3:-}" "$KITXML" > "$T/$1.xml"
}

# ok NAME CONDITION...: PASS when the condition holds, else FAIL with
# what $T/out and $T/err held.
ok() {
	_n=$1; shift
	if "$@"; then
		pass "$_n"
		return 0
	fi
	fail "$_n" "condition '$*' false; out: $(head -c 200 "$T/out" | tr '\n' '|') err: $(head -c 200 "$T/err" | tr '\n' '|')"
	return 1
}
# check NAME CONDITION WHY: PASS when the condition (shell code, run with
# eval) holds, else FAIL: WHY.
check() {
	if eval "$2"; then
		pass "$1"
		return 0
	fi
	fail "$1" "$3"
	return 1
}

# ---- state of one domain ----------------------------------------------
info_field() { # info_field DOMAIN KEY: the value vm-info shows
	vm-info "$1" 2> /dev/null | sed -n "s/^$2: *//p"
}
dom_state() { info_field "$1" State; }
dom_id() { info_field "$1" Id; }
rundir() { echo "$VIRTKIT_ROOT/run/virtkit/qemu"; }
logdir() { echo "$VIRTKIT_ROOT/var/log/virtkit/qemu"; }
record() { echo "$(rundir)/$1.xml"; }
# dom_gone NAME: nothing of a stopped domain is left: no QEMU, no runtime
# record, no socket directory.
dom_gone() {
	[ -z "$(qemu_pids "$1")" ] && [ ! -e "$(rundir)/$1.xml" ] &&
		[ ! -e "$(rundir)/$1.d" ]
}
# rec_attr DOMAIN ATTR: an attribute of the runtime record's domstatus.
rec_attr() {
	sed -n "1s/.* $2='\([^']*\)'.*/\1/p" "$(record "$1")" 2> /dev/null
}
# qemu_pids DOMAIN: QEMU processes of DOMAIN under this VIRTKIT_ROOT (the
# argv names both the guest and a socket path under the root); zombies
# are not counted.
qemu_pids() {
	for _p in $(pgrep -f -- "qemu-system.* -name guest=$1 .*$VIRTKIT_ROOT/" 2> /dev/null); do
		_s=$(sed -n 's/^State:[[:space:]]*\(.\).*/\1/p' "/proc/$_p/status" 2> /dev/null)
		[ -n "$_s" ] && [ "$_s" != Z ] && echo "$_p"
	done
}
alive() { [ -n "$1" ] && [ -e "/proc/$1" ] && ! grep -q '^State:[[:space:]]*Z' "/proc/$1/status" 2> /dev/null; }

# ready_count DOMAIN: how often the guest printed the boot marker so far
# (the console log spans all boots).
ready_count() {
	vm-console --history "$1" 2> /dev/null | grep -c VIRTKIT-GUEST-READY
}
# wait_until SECONDS CONDITION: poll the shell condition every 0.2 s.
wait_until() {
	_end=$(($(date +%s) + $1))
	while ! eval "$2"; do
		[ "$(date +%s)" -ge $_end ] && return 1
		sleep 0.2
	done
	return 0
}
# booted DOMAIN N: the marker was printed at least N times and the shell
# prompt came after the last one (so the console takes commands).
booted() {
	vm-console --history "$1" 2> /dev/null | awk -v n="$2" '
		/VIRTKIT-GUEST-READY/ { c++; p = 0 }
		/vk-guest# / { p = 1 }
		END { exit !(c >= n && p) }'
}
# wait_boot DOMAIN N [SECONDS]: booted within SECONDS (default 90).
wait_boot() { wait_until "${3:-90}" "booted '$1' $2"; }

# boot_timed CHECK DOMAIN SECONDS WHAT: the first boot of DOMAIN reached
# its marker and prompt within SECONDS; prints the time since $t0 (taken
# just before vm-start) as "WHAT (vm-start to marker and prompt)".
boot_timed() {
	if wait_boot "$2" 1 "$3"; then
		pass "$1"
		echo "$4 (vm-start to marker and prompt): $(( ($(date +%s%N) - t0) / 1000000 )) ms"
	else
		fail "$1" "no VIRTKIT-GUEST-READY and prompt within $3 s; log: $(tail -n 3 "$(logdir)/$2.log" | tr '\n' '|' | head -c 300)"
	fi
}
# wait_all SECONDS N DOMAIN...: every DOMAIN booted N times, one deadline
# for all (then check each with booted, at once).
all_booted() {
	_n=$1; shift
	for _d in "$@"; do
		booted "$_d" "$_n" || return 1
	done
}
wait_all() {
	_s=$1; shift
	wait_until "$_s" "all_booted $*"
}
# wait_state DOMAIN STATE [SECONDS]
wait_state() { wait_until "${3:-60}" "[ \"\$(dom_state '$1')\" = '$2' ]"; }

# send DOMAIN TEXT: type TEXT and a newline on the console; what the
# guest printed until it was quiet for a second is in $T/console.DOMAIN.
send() {
	printf '%s\n' "$2" | vm-console --idle 1 --timeout 60 "$1" > "$T/console.$1" 2>&1
}
# said DOMAIN REGEX: a line of the console history (all boots) matches
# REGEX within 30 s; for answers a loaded host gives after send's idle
# second.
said() {
	wait_until 30 "vm-console --history '$1' 2> /dev/null | tr -d '\\r' | grep -q '$2'"
}

# qmp_check NAME DOMAIN COMMAND PYTHON-CONDITION: the condition holds for
# the return value (r) of the QMP command.  COMMAND may carry string
# arguments: "qom-get path=/machine/peripheral/x property=y".
qmp_check() {
	if python3 "$QT/qmp.py" "$(rundir)/$2.d/cmd.qmp" $3 > "$T/qmp.json" \
		2> "$T/qmp.err" && python3 -c "import json, sys
r = json.load(open(sys.argv[1]))
sys.exit(0 if ($4) else 1)" "$T/qmp.json"; then
		pass "$1"
	else
		fail "$1" "$3: $(cat "$T/qmp.err" "$T/qmp.json" | head -c 400)"
	fi
}

# chan_exchange DOMAIN SOCKET PORT: over the virtio port named PORT, whose
# host side is the unix socket SOCKET, the host says from-host and the
# guest answers to-host (chan-connect, chan-guest-reads, chan-host-reads).
chan_exchange() {
	python3 "$QT/chan-peer.py" "$2" > "$T/chan.out" 2>&1 &
	_peer=$!
	# A port whose host side is not connected reads as end of file:
	# wait for the peer (and for QEMU to tell the guest).
	wait_until 20 "grep -q connected '$T/chan.out'" ||
		fail chan-connect "$(cat "$T/chan.out")"
	sleep 1
	send "$1" "p=; for d in /sys/class/virtio-ports/*; do [ \"\$(cat \$d/name)\" = $3 ] && p=/dev/\${d##*/}; done; read l < \$p; echo \"got-\$l\"; echo to-host > \$p"
	wait "$_peer"
	check chan-guest-reads 'tr -d "\r" < "$T/console.'"$1"'" | grep -q "^got-from-host"' \
		"console: $(tr -d '\r' < "$T/console.$1" | tail -n 3 | tr '\n' '|')"
	check chan-host-reads 'grep -q "^to-host" "$T/chan.out"' \
		"host read: $(cat "$T/chan.out")"
}
