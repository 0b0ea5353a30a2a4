#!/bin/sh
# An emulated TPM (<tpm><backend type='emulator'>) on a real guest
# (qemu:///system with VIRTKIT_ROOT, TCG): vm-start makes the TPM state
# with swtpm_setup on the first start and runs swtpm beside QEMU.
#   crb-sees       the kit guest with <tpm model='tpm-crb'> (virt-install's
#                  element) reads 2 in /sys/class/tpm/tpm0/tpm_version_major
#   crb-query-tpm  QMP query-tpm shows tpm-crb on an emulator backend
#   swtpm-running  one swtpm runs for the guest, its socket in the
#                  domain's runtime directory, as the guest runs
#   state-made     the state (tpm2-00.permall) is under
#                  var/lib/virtkit/qemu/swtpm/UUID/tpm2
#   gone-destroy   after vm-destroy: no swtpm, no socket, no pid file
#   state-kept     the second start uses the same state (swtpm_setup ran
#                  once) and the guest sees its TPM again
#   gone-qemu-kill after QEMU is SIGKILLed: no swtpm left
#   gone-sup-kill  after the supervisor is SIGKILLed (QEMU dies with it):
#                  no swtpm left, and the next start works
#   start-fails    swtpm_setup failing: one error line, exit 1, nothing
#                  left running
#   keep-tpm       vm-undefine --keep-tpm keeps the state; vm-undefine
#                  removes it
#   tis-sees       the same with <tpm model='tpm-tis'> version 2.0
#   tis12-sees     <tpm> with no model nor version (libvirt's defaults:
#                  tpm-tis, TPM 1.2): the guest reads major version 1
#   transient-*    vm-create (no definition): the state goes when the
#                  guest stops; with persistent_state='yes' it stays
#   nobody-*       with qemu.conf user = "nobody": swtpm runs as nobody,
#                  owns the state, and the guest sees its TPM
# Needs root, QEMU, the kit, swtpm and swtpm-tools.
. "$TOP/tests/lib.sh"
. "$TOP/tests/qemu/common.sh"

root_or_skip qemu-tpm || exit 0
if ! command -v swtpm > /dev/null 2>&1 ||
    ! command -v swtpm_setup > /dev/null 2>&1; then
	skip qemu-tpm "swtpm or swtpm_setup is missing (apt-get install swtpm swtpm-tools)"
	exit 0
fi
kit_or_skip qemu-tpm || exit 0
STATE=$VIRTKIT_ROOT/var/lib/virtkit/qemu/swtpm

# swtpm processes of this root's domain $1 (its socket path names both).
swtpm_pids() {
	pgrep -f -- "swtpm socket.*$(rundir)/$1.d/" 2> /dev/null
}
no_swtpm() {
	[ -z "$(swtpm_pids "$1")" ] && [ ! -e "$(rundir)/$1.d/swtpm.sock" ] &&
		[ ! -e "$(rundir)/$1.d/swtpm.pid" ]
}
uuid_of() { vm-dumpxml "$1" | sed -n 's|.*<uuid>\(.*\)</uuid>.*|\1|p'; }
# sees DOMAIN NAME [MAJOR]: the guest reads TPM major version MAJOR
# (default 2).
sees() {
	send "$1" 'echo "tpmv=$(cat /sys/class/tpm/tpm0/tpm_version_major 2>&1)"'
	if said "$1" "tpmv=${3:-2}"; then
		pass "$2"
	else
		fail "$2" "the guest answered: $(tr -d '\r' < "$T/console.$1" | grep tpmv | tail -n 1 | head -c 200)"
	fi
}

TPM="<tpm model='tpm-crb'><backend type='emulator' version='2.0'/></tpm>"
mkdom tpm "" "s|</devices>|$TPM</devices>|"
expect define-crb 0 vm-define "$T/tpm.xml"
U=$(uuid_of tpm)
t0=$(date +%s%N)
expect start-crb 0 vm-start tpm
t1=$(date +%s%N)
echo "qemu-tpm: first vm-start (swtpm_setup, swtpm, QEMU): $(( (t1 - t0) / 1000000 )) ms"
if wait_boot tpm 1 120; then
	pass boot-crb
	sees tpm crb-sees
else
	fail boot-crb "no prompt in 120 s: $(tail -n 3 "$(logdir)/tpm.log" | tr '\n' '|' | head -c 300)"
fi
qmp_check crb-query-tpm tpm query-tpm \
	"len(r) == 1 and r[0]['model'] == 'tpm-crb' and r[0]['options']['type'] == 'emulator'"
check swtpm-running "[ \$(swtpm_pids tpm | wc -l) -eq 1 ] &&
	[ -S '$(rundir)/tpm.d/swtpm.sock' ]" \
	"swtpm: '$(swtpm_pids tpm)'; $(ls -l "$(rundir)/tpm.d" 2>&1 | tr '\n' '|')"
check state-made "[ -s '$STATE/$U/tpm2/tpm2-00.permall' ]" \
	"no state: $(ls -lR "$STATE" 2>&1 | tr '\n' '|' | head -c 300)"

vm-destroy tpm > /dev/null 2>&1
wait_until 30 "dom_gone tpm"
check gone-destroy "wait_until 10 'no_swtpm tpm'" \
	"after vm-destroy: swtpm '$(swtpm_pids tpm)'"

t0=$(date +%s%N)
expect restart-crb 0 vm-start tpm
t1=$(date +%s%N)
echo "qemu-tpm: second vm-start (state kept): $(( (t1 - t0) / 1000000 )) ms"
if wait_boot tpm 2 120; then
	sees tpm crb-sees-again
else
	fail crb-sees-again "no second boot"
fi
check state-kept "[ \$(grep -c 'Starting vTPM manufacturing' '$(logdir)/tpm-swtpm.log') -eq 1 ]" \
	"swtpm_setup ran $(grep -c 'Starting vTPM manufacturing' "$(logdir)/tpm-swtpm.log") times"

# QEMU killed: swtpm loses its client and ends (--terminate).
kill -9 $(qemu_pids tpm) 2> /dev/null
wait_until 30 "dom_gone tpm"
check gone-qemu-kill "wait_until 10 'no_swtpm tpm'" \
	"after QEMU's SIGKILL: swtpm '$(swtpm_pids tpm)'"

# The supervisor killed: QEMU dies with it (PDEATHSIG), then swtpm; the
# next status check removes what the supervisor left.
expect start-after-qemu-kill 0 vm-start tpm
wait_boot tpm 3 120 || fail boot-3 "no third boot"
kill -9 "$(rec_attr tpm sup)" 2> /dev/null
wait_until 30 "[ -z \"\$(qemu_pids tpm)\" ]"
vm-info tpm > /dev/null 2>&1
check gone-sup-kill "wait_until 10 'no_swtpm tpm'" \
	"after the supervisor's SIGKILL: swtpm '$(swtpm_pids tpm)'; $(ls "$(rundir)/tpm.d" 2>&1)"
expect start-after-sup-kill 0 vm-start tpm
if wait_boot tpm 4 120; then
	sees tpm crb-sees-after-sup-kill
else
	fail crb-sees-after-sup-kill "no fourth boot"
fi
vm-destroy tpm > /dev/null 2>&1
wait_until 30 "dom_gone tpm"

# swtpm_setup fails (its state file cannot be made): one line, exit 1.
BAD="<tpm model='tpm-crb'><backend type='emulator' version='2.0'><source type='file' path='/nonexistent-dir/tpm.state'/></backend></tpm>"
mkdom tpmbad "" "s|</devices>|$BAD</devices>|"
vm-define "$T/tpmbad.xml" > /dev/null 2>&1
vm-start tpmbad > "$T/out" 2> "$T/err"
rc=$?
check start-fails "[ $rc -eq 1 ] && [ \$(wc -l < '$T/err') -eq 1 ] &&
	dom_gone tpmbad && no_swtpm tpmbad" \
	"exit $rc: $(cat "$T/err" | head -c 300); swtpm '$(swtpm_pids tpmbad)'"
vm-undefine tpmbad > /dev/null 2>&1

expect undefine-keep-tpm 0 vm-undefine --keep-tpm tpm
check keep-tpm "[ -s '$STATE/$U/tpm2/tpm2-00.permall' ]" \
	"--keep-tpm removed the state"
vm-define "$T/tpm.xml" > /dev/null 2>&1
U2=$(uuid_of tpm)
vm-start tpm > /dev/null 2>&1 && wait_until 10 "[ -d '$STATE/$U2/tpm2' ]"
vm-destroy tpm > /dev/null 2>&1
wait_until 30 "dom_gone tpm"
expect undefine-tpm 0 vm-undefine tpm
check undefine-removes "[ ! -e '$STATE/$U2' ]" \
	"the state stayed: $(ls -R "$STATE/$U2" 2>&1 | tr '\n' ' ')"
rm -rf "$STATE/$U"

TIS="<tpm model='tpm-tis'><backend type='emulator' version='2.0'/></tpm>"
mkdom tis "" "s|</devices>|$TIS</devices>|"
vm-define "$T/tis.xml" > /dev/null 2>&1
expect start-tis 0 vm-start tis
if wait_boot tis 1 120; then
	sees tis tis-sees
else
	fail tis-sees "no boot"
fi
qmp_check tis-query-tpm tis query-tpm \
	"len(r) == 1 and r[0]['model'] == 'tpm-tis'"
vm-destroy tis > /dev/null 2>&1
wait_until 30 "dom_gone tis"
check gone-tis "wait_until 10 'no_swtpm tis'" "swtpm '$(swtpm_pids tis)'"

mkdom tis12 "" "s|</devices>|<tpm><backend type='emulator'/></tpm></devices>|"
vm-define "$T/tis12.xml" > /dev/null 2>&1
expect start-tis12 0 vm-start tis12
if wait_boot tis12 1 120; then
	sees tis12 tis12-sees 1
else
	fail tis12-sees "no boot"
fi
check tis12-state "[ -s '$STATE/$(uuid_of tis12)/tpm1.2/tpm-00.permall' ]" \
	"$(ls -R "$STATE" 2>&1 | tr '\n' ' ' | head -c 300)"
vm-destroy tis12 > /dev/null 2>&1
wait_until 30 "dom_gone tis12"

# A transient domain's TPM state goes with it, unless the <backend> says
# persistent_state='yes' (as libvirt does).
mkdom ttr "" "s|</devices>|$TPM</devices>|"
expect transient-create 0 vm-create "$T/ttr.xml"
UT=$(uuid_of ttr)
check transient-state-made "[ -n '$UT' ] && [ -s '$STATE/$UT/tpm2/tpm2-00.permall' ]" \
	"uuid '$UT': $(ls -R "$STATE" 2>&1 | tr '\n' ' ' | head -c 300)"
vm-destroy ttr > /dev/null 2>&1
wait_until 30 "dom_gone ttr"
check transient-state-gone "[ -n '$UT' ] && wait_until 10 \"[ ! -e '$STATE/$UT' ]\"" \
	"after vm-destroy: $(ls -R "$STATE/$UT" 2>&1 | tr '\n' ' ' | head -c 300)"
PTPM="<tpm model='tpm-crb'><backend type='emulator' version='2.0' persistent_state='yes'/></tpm>"
mkdom ttk "" "s|</devices>|$PTPM</devices>|"
expect transient-create-keep 0 vm-create "$T/ttk.xml"
UK=$(uuid_of ttk)
vm-destroy ttk > /dev/null 2>&1
wait_until 30 "dom_gone ttk"
check transient-state-kept "[ -n '$UK' ] && [ -s '$STATE/$UK/tpm2/tpm2-00.permall' ]" \
	"uuid '$UK': persistent_state='yes' lost the state"
[ -n "$UK" ] && rm -rf "$STATE/$UK"

# QEMU as "nobody" (qemu.conf): swtpm runs as nobody too, and its state
# and socket are nobody's.
R2=$(mktemp -d /tmp/vktest.XXXXXX)
EXTRA_ROOTS="$EXTRA_ROOTS $R2"
chmod 711 "$R2"
mkdir -p "$R2/etc/virtkit"
echo 'user = "nobody"' > "$R2/etc/virtkit/qemu.conf"
mkdom nbt "" "s|</devices>|$TPM</devices>|"
(
	VIRTKIT_ROOT=$R2
	vm-define "$T/nbt.xml" > /dev/null 2>&1
	U3=$(uuid_of nbt)
	expect nobody-start 0 vm-start nbt
	sp=$(swtpm_pids nbt)
	check nobody-swtpm-uid "[ -n '$sp' ] && grep -q '^Uid:[[:space:]]*65534[[:space:]]' /proc/$sp/status" \
		"swtpm '$sp': $(grep ^Uid: "/proc/$sp/status" 2>&1)"
	check nobody-state "[ \"\$(stat -c %u '$R2/var/lib/virtkit/qemu/swtpm/$U3/tpm2/tpm2-00.permall')\" = 65534 ]" \
		"$(ls -ln "$R2/var/lib/virtkit/qemu/swtpm/$U3/tpm2" 2>&1 | tr '\n' '|')"
	if wait_boot nbt 1 120; then
		sees nbt nobody-sees
	else
		fail nobody-sees "no boot: $(tail -n 3 "$(logdir)/nbt.log" | tr '\n' '|' | head -c 300)"
	fi
	vm-destroy nbt > /dev/null 2>&1
	wait_until 30 "dom_gone nbt"
	check nobody-gone "wait_until 10 'no_swtpm nbt'" "swtpm '$(swtpm_pids nbt)'"
)
