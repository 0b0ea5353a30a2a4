# Real guests under the qemu driver (qemu:///system with VIRTKIT_ROOT,
# TCG), booted from the guest kit (tests/guest/README): boot, console,
# live XML, shutdown, reboot (vm-reboot and from inside the guest),
# crashes with every on_crash action, on_poweroff preserve, destroy,
# suspend/resume (checked over QMP too), transient guests, eight guests
# at once, console busy/--force, --history, start --paused, and system
# mode as user nobody.  Skipped with the reason when QEMU or the kit is
# unavailable.  Guests boot in batches to keep the run short.
. "$TOP/tests/lib.sh"
. "$TOP/tests/qemu/common.sh"

root_or_skip qemu-guest || exit 0
kit_or_skip qemu-guest || exit 0
R=$(rundir)
HAVE_PY=0
command -v python3 > /dev/null 2>&1 && HAVE_PY=1
# qmp_status DOMAIN: QEMU's own run state, from its commands monitor.
qmp_status() {
	python3 "$QT/qmp.py" "$(rundir)/$1.d/cmd.qmp" query-status 2> "$T/qmp.err" |
		python3 -c 'import json,sys; print(json.load(sys.stdin)["status"])'
}

# ---- batch 1: ten guests, one per lifecycle case --------------------------
# NAME:ELEMENTS (before <devices>)
CASES="basic:
rb-restart:<on_reboot>restart</on_reboot>
rb-destroy:<on_reboot>destroy</on_reboot>
cr-destroy:<on_crash>destroy</on_crash>
cr-restart:<on_crash>restart</on_crash>
cr-preserve:<on_crash>preserve</on_crash>
cr-cd-destroy:<on_crash>coredump-destroy</on_crash>
cr-cd-restart:<on_crash>coredump-restart</on_crash>
cr-rename:<on_crash>rename-restart</on_crash>
po-preserve:<on_poweroff>preserve</on_poweroff>"
NAMES=
echo "$CASES" > "$T/cases"
while IFS=: read -r n el; do
	mkdom "$n" "$el"
	NAMES="$NAMES $n"
	vm-define "$T/$n.xml" > "$T/out" 2> "$T/err" ||
		fail "define-$n" "$(cat "$T/err")"
done < "$T/cases"
for n in $NAMES; do
	expect "start-$n" 0 vm-start "$n"
done

wait_all 180 1 $NAMES
for n in $NAMES; do
	if booted "$n" 1; then
		pass "boot-$n"
	else
		fail "boot-$n" "no VIRTKIT-GUEST-READY and prompt within 180 s; state $(dom_state "$n"); log: $(tail -n 3 "$(logdir)/$n.log" | tr '\n' '|' | head -c 300)"
	fi
done

# ---- the basic guest ------------------------------------------------------
# Console round trip: the guest's shell computes the answer.
printf 'echo hello-$((6*7))\n' | vm-console --idle 2 --timeout 60 basic > "$T/out" 2> "$T/err"
rc=$?
check console-roundtrip '[ $rc -eq 0 ] && grep -q "^hello-42" "$T/out"' \
	"exit $rc, output: $(tr -d '\r' < "$T/out" | tail -n 3 | tr '\n' '|' | head -c 200)"

# Live XML: id and the pty QEMU chose; the inactive XML has neither.
id_basic=$(dom_id basic)
expect dumpxml-live 0 vm-dumpxml basic
check dumpxml-live-id 'head -n 1 "$T/out" | grep -q "^<domain type=.qemu. id=.$id_basic.>"' \
	"first line '$(head -n 1 "$T/out")', id $id_basic"
check dumpxml-live-pty 'grep -q "<source path=./dev/pts/[0-9]*./>" "$T/out"' \
	"no /dev/pts source path: $(grep -A2 '<serial' "$T/out" | tr '\n' ' ')"
expect dumpxml-inactive 0 vm-dumpxml --inactive basic
check dumpxml-inactive-no-id 'head -n 1 "$T/out" | grep -q "^<domain type=.qemu.>$"' \
	"first line '$(head -n 1 "$T/out")'"
check dumpxml-inactive-no-pty '! grep -q /dev/pts "$T/out"' "it names a pty"

# Suspend and resume: vm-list and QEMU itself agree.
expect suspend 0 vm-suspend basic
expect suspend-list 0 vm-list
check suspend-listed 'grep -q "^ $id_basic *basic *paused\$" "$T/out"' \
	"vm-list: $(grep basic "$T/out")"
if [ $HAVE_PY = 1 ]; then
	s=$(qmp_status basic)
	check suspend-qmp '[ "$s" = paused ]' "query-status '$s' $(cat "$T/qmp.err")"
else
	skip suspend-qmp "python3 is missing (the QMP client is python)"
fi
expect resume 0 vm-resume basic
expect resume-list 0 vm-list
check resume-listed 'grep -q "^ $id_basic *basic *running\$" "$T/out"' \
	"vm-list: $(grep basic "$T/out")"
if [ $HAVE_PY = 1 ]; then
	s=$(qmp_status basic)
	check resume-qmp '[ "$s" = running ]' "query-status '$s' $(cat "$T/qmp.err")"
else
	skip resume-qmp "python3 is missing (the QMP client is python)"
fi

# Console busy and --force: the first client holds the console (its
# stdin, a FIFO, stays open); a second is refused; --force takes over and
# the first leaves with exit 5.
mkfifo "$T/fifo"
exec 8<> "$T/fifo"
vm-console --idle 1 --timeout 120 basic < "$T/fifo" > "$T/c1.out" 2> "$T/c1.err" 8>&- &
c1=$!
wait_until 20 "[ \"\$(cat '$R/basic.console' 2> /dev/null)\" = $c1 ]" ||
	fail console-first "the first client (pid $c1) never held the console: $(cat "$T/c1.err")"
expect_err console-busy 5 "vm-console: error: console busy: domain 'basic' is attached to vm-console (pid $c1); use --force to take it over" \
	vm-console --idle 1 basic < /dev/null
printf 'echo forced-$((2+3))\n' | vm-console --force --idle 2 --timeout 60 basic > "$T/out" 2> "$T/err"
rc=$?
check console-force '[ $rc -eq 0 ] && grep -q "^forced-5" "$T/out"' \
	"exit $rc, output: $(tr -d '\r' < "$T/out" | tail -n 2 | tr '\n' '|') err: $(cat "$T/err")"
wait $c1
rc=$?
exec 8>&-
check console-taken-over '[ $rc -eq 5 ] && [ "$(cat "$T/c1.err")" = "vm-console: error: console of domain '"'basic'"' taken over by another client" ]' \
	"first client: exit $rc, stderr '$(cat "$T/c1.err")'"

# vm-reboot: an ACPI power-off the supervisor turns into a reset; the
# guest boots again under the same id.
expect reboot 0 vm-reboot basic
if wait_boot basic 2 90; then pass reboot-boots-again; else
	fail reboot-boots-again "READY count $(ready_count basic), state $(dom_state basic)"; fi
check reboot-same-id '[ "$(dom_state basic)" = running ] && [ "$(dom_id basic)" = "$id_basic" ]' \
	"state $(dom_state basic), id $(dom_id basic), was $id_basic"

# ---- events from inside the guests ----------------------------------------
for n in $NAMES; do
	eval "id_$(echo "$n" | tr - _)=\$(dom_id $n)"
done
idof() { eval "echo \$id_$(echo "$1" | tr - _)"; }
# (typed in parallel; each vm-console leaves once its guest is quiet)
send rb-restart vk-reboot &
send rb-destroy vk-reboot &
for n in cr-destroy cr-restart cr-preserve cr-cd-destroy cr-cd-restart cr-rename; do
	send "$n" vk-crash &
done
send po-preserve vk-poweroff &
wait

# on_reboot restart: QEMU resets the guest; it boots again, same id.
if wait_boot rb-restart 2 90; then pass guest-reboot-restart; else
	fail guest-reboot-restart "READY count $(ready_count rb-restart), state $(dom_state rb-restart)"; fi
check guest-reboot-restart-running '[ "$(dom_state rb-restart)" = running ] && [ "$(dom_id rb-restart)" = "$(idof rb-restart)" ]' \
	"state $(dom_state rb-restart), id $(dom_id rb-restart), was $(idof rb-restart)"
# on_reboot destroy: the guest's reboot stops it.
if wait_state rb-destroy "shut off" 60; then pass guest-reboot-destroy; else
	fail guest-reboot-destroy "state $(dom_state rb-destroy); log: $(grep virtkit: "$(logdir)/rb-destroy.log" | tail -n 2 | tr '\n' '|')"; fi
check guest-reboot-destroy-gone '[ -z "$(qemu_pids rb-destroy)" ] && [ ! -e "$(record rb-destroy)" ]' \
	"QEMU pids '$(qemu_pids rb-destroy)', record $(ls "$(record rb-destroy)" 2> /dev/null)"

# on_crash destroy
if wait_state cr-destroy "shut off" 60; then pass crash-destroy; else
	fail crash-destroy "state $(dom_state cr-destroy)"; fi
check crash-destroy-gone '[ -z "$(qemu_pids cr-destroy)" ] && [ ! -e "$(record cr-destroy)" ]' \
	"QEMU pids '$(qemu_pids cr-destroy)'"
check crash-destroy-logged 'grep -q "guest crashed: destroy" "$(logdir)/cr-destroy.log"' \
	"log: $(grep virtkit: "$(logdir)/cr-destroy.log" | tail -n 2 | tr '\n' '|')"
# on_crash restart: reset, boots again, same id.
if wait_boot cr-restart 2 90; then pass crash-restart; else
	fail crash-restart "READY count $(ready_count cr-restart), state $(dom_state cr-restart)"; fi
check crash-restart-running '[ "$(dom_state cr-restart)" = running ] && [ "$(dom_id cr-restart)" = "$(idof cr-restart)" ]' \
	"state $(dom_state cr-restart), id $(dom_id cr-restart), was $(idof cr-restart)"
# on_crash preserve: "crashed", still active with its id until vm-destroy.
if wait_state cr-preserve crashed 60; then pass crash-preserve; else
	fail crash-preserve "state $(dom_state cr-preserve)"; fi
check crash-preserve-id '[ "$(dom_id cr-preserve)" = "$(idof cr-preserve)" ] && [ -n "$(qemu_pids cr-preserve)" ]' \
	"id $(dom_id cr-preserve), was $(idof cr-preserve); QEMU '$(qemu_pids cr-preserve)'"
expect crash-preserve-list 0 vm-list --all
check crash-preserve-listed 'grep -q "^ $(idof cr-preserve) *cr-preserve *crashed\$" "$T/out"' \
	"vm-list: $(grep cr-preserve "$T/out")"
# vm-suspend of a crashed guest answers at once: done (paused) or a state
# conflict (exit 5) -- not a 10 s wait for a state QEMU never reports.
t0=$(date +%s)
vm-suspend cr-preserve > "$T/out" 2> "$T/err"
rc=$? took=$(($(date +%s) - t0))
check crash-preserve-suspend '[ $took -le 5 ] && { [ $rc -eq 5 ] || { [ $rc -eq 0 ] && [ "$(dom_state cr-preserve)" = paused ]; }; }' \
	"exit $rc after $took s, state $(dom_state cr-preserve): $(cat "$T/err")"
expect crash-preserve-destroy 0 vm-destroy cr-preserve
check crash-preserve-destroyed '[ "$(dom_state cr-preserve)" = "shut off" ] && [ "$(dom_id cr-preserve)" = - ] && [ -z "$(qemu_pids cr-preserve)" ]' \
	"state $(dom_state cr-preserve), id $(dom_id cr-preserve)"
# on_crash coredump-destroy: a core in the log directory, then shut off.
if wait_state cr-cd-destroy "shut off" 120; then pass crash-coredump-destroy; else
	fail crash-coredump-destroy "state $(dom_state cr-cd-destroy)"; fi
core=$(ls "$(logdir)"/cr-cd-destroy.*.core 2> /dev/null | head -n 1)
check crash-coredump-destroy-core '[ -s "$core" ] && grep -q "core dumped to $core" "$(logdir)/cr-cd-destroy.log"' \
	"core '$core'; log dir: $(ls "$(logdir)" | tr '\n' ' ')"
check crash-coredump-destroy-gone '[ -z "$(qemu_pids cr-cd-destroy)" ]' "QEMU still runs"
rm -f "$(logdir)"/cr-cd-destroy.*.core
# on_crash coredump-restart: a core, then the guest boots again.
if wait_boot cr-cd-restart 2 120; then pass crash-coredump-restart; else
	fail crash-coredump-restart "READY count $(ready_count cr-cd-restart), state $(dom_state cr-cd-restart)"; fi
core=$(ls "$(logdir)"/cr-cd-restart.*.core 2> /dev/null | head -n 1)
check crash-coredump-restart-core '[ -s "$core" ]' "no core; log dir: $(ls "$(logdir)" | tr '\n' ' ')"
check crash-coredump-restart-running '[ "$(dom_state cr-cd-restart)" = running ] && [ "$(dom_id cr-cd-restart)" = "$(idof cr-cd-restart)" ]' \
	"state $(dom_state cr-cd-restart), id $(dom_id cr-cd-restart)"
rm -f "$(logdir)"/cr-cd-restart.*.core
# on_crash rename-restart: the crashed instance stays as the transient
# NAME-crashed-ID (same id, a new uuid, state crashed) and NAME boots
# again as a new instance with a new id.
old=$(idof cr-rename)
kept=cr-rename-crashed-$old
if wait_state "$kept" crashed 60; then pass crash-rename-restart-kept; else
	fail crash-rename-restart-kept "no crashed domain '$kept': $(vm-list --all --name | tr '\n' ' ')"; fi
expect crash-rename-restart-kept-info 0 vm-info "$kept"
check crash-rename-restart-kept-fields 'grep -q "^Id: *$old\$" "$T/out" && grep -q "^Persistent: *no" "$T/out" && ! grep -q "^UUID: *$(info_field cr-rename UUID)\$" "$T/out"' \
	"$(tr '\n' '|' < "$T/out")"
if wait_boot cr-rename 2 90; then pass crash-rename-restart; else
	fail crash-rename-restart "READY count $(ready_count cr-rename), state $(dom_state cr-rename)"; fi
nid=$(dom_id cr-rename)
check crash-rename-restart-running '[ "$(dom_state cr-rename)" = running ] && [ "$nid" != "$old" ] && [ "$nid" != - ]' \
	"state $(dom_state cr-rename), id $nid, the crashed one had $old"
expect crash-rename-restart-destroy-kept 0 vm-destroy "$kept"
expect_err crash-rename-restart-kept-gone 4 "vm-info: error: domain '$kept' not found" vm-info "$kept"
check crash-rename-restart-still-running '[ "$(dom_state cr-rename)" = running ]' "state $(dom_state cr-rename)"
# on_poweroff preserve: "shut off" but still active, with its id.
if wait_state po-preserve "shut off" 60; then pass poweroff-preserve; else
	fail poweroff-preserve "state $(dom_state po-preserve)"; fi
check poweroff-preserve-active '[ "$(dom_id po-preserve)" = "$(idof po-preserve)" ] && [ -e "$(record po-preserve)" ] && [ -n "$(qemu_pids po-preserve)" ]' \
	"id $(dom_id po-preserve), was $(idof po-preserve); QEMU '$(qemu_pids po-preserve)'"
expect poweroff-preserve-destroy 0 vm-destroy po-preserve
check poweroff-preserve-cleared '[ "$(dom_id po-preserve)" = - ] && [ ! -e "$(record po-preserve)" ] && [ -z "$(qemu_pids po-preserve)" ]' \
	"id $(dom_id po-preserve), QEMU '$(qemu_pids po-preserve)'"

# vm-destroy of a running guest: shut off at once, nothing left.
expect destroy 0 vm-destroy cr-restart
check destroy-quiet '[ ! -s "$T/out" ] && [ ! -s "$T/err" ]' "output: $(cat "$T/out" "$T/err")"
check destroy-off '[ "$(dom_state cr-restart)" = "shut off" ] && [ -z "$(qemu_pids cr-restart)" ] && [ ! -e "$(record cr-restart)" ]' \
	"state $(dom_state cr-restart), QEMU '$(qemu_pids cr-restart)'"

# Graceful shutdown: ACPI power button, vm-shutdown waits for it.
expect shutdown-wait 0 vm-shutdown --wait --timeout 60 basic
check shutdown-off '[ "$(dom_state basic)" = "shut off" ] && [ -z "$(qemu_pids basic)" ] && [ ! -e "$(record basic)" ]' \
	"state $(dom_state basic), QEMU '$(qemu_pids basic)'"
# The console log outlives the guest.
expect history-after-stop 0 vm-console --history basic
check history-after-stop-log 'grep -q VIRTKIT-GUEST-READY "$T/out" && grep -q "hello-42" "$T/out" && grep -q VIRTKIT-GUEST-POWERBUTTON "$T/out"' \
	"$(wc -c < "$T/out") bytes, tail: $(tail -n 2 "$T/out" | tr '\n' '|')"
for n in rb-restart cr-cd-restart cr-rename; do
	vm-destroy "$n" > /dev/null 2>&1
done

# ---- batch 2: transient, --paused, and system mode as nobody -------------
mkdom tr1
expect create 0 vm-create "$T/tr1.xml"
expect create-info 0 vm-info tr1
check create-transient 'grep -q "^Persistent: *no" "$T/out" && grep -q "^State: *running" "$T/out"' \
	"$(tr '\n' '|' < "$T/out")"
mkdom pz
vm-define "$T/pz.xml" > /dev/null 2>&1 || fail define-pz "vm-define failed"
expect start-paused 0 vm-start --paused pz
check start-paused-state '[ "$(dom_state pz)" = paused ]' "state $(dom_state pz)"

# System mode with qemu.conf user = "nobody": QEMU runs unprivileged.
R2=$(mktemp -d /tmp/vktest.XXXXXX)
EXTRA_ROOTS="$EXTRA_ROOTS $R2"
chmod 711 "$R2"
mkdir -p "$R2/etc/virtkit"
echo 'user = "nobody"' > "$R2/etc/virtkit/qemu.conf"
mkdom nb
VIRTKIT_ROOT=$R2 vm-define "$T/nb.xml" > /dev/null 2> "$T/err" || fail define-nb "$(cat "$T/err")"
expect nobody-start 0 env VIRTKIT_ROOT="$R2" vm-start nb

check start-paused-no-output '[ "$(ready_count pz)" -eq 0 ]' "the paused guest printed the marker"
expect resume-paused 0 vm-resume pz
if wait_boot tr1 1 120; then pass create-boots; else
	fail create-boots "state $(dom_state tr1); $(tail -n 2 "$(logdir)/tr1.log" | tr '\n' '|')"; fi
if wait_boot pz 1 120; then pass start-paused-resume-boots; else
	fail start-paused-resume-boots "state $(dom_state pz); READY $(ready_count pz)"; fi
(
	VIRTKIT_ROOT=$R2
	qp=$(rec_attr nb pid)
	check nobody-qemu-pid '[ -n "$qp" ] && [ "$qp" = "$(qemu_pids nb)" ]' \
		"record pid '$qp', QEMU processes '$(qemu_pids nb)'"
	st=/proc/$qp/status
	check nobody-uid 'grep -q "^Uid:[[:space:]]*65534[[:space:]]*65534[[:space:]]*65534[[:space:]]*65534\$" "$st"' \
		"$(grep ^Uid: "$st")"
	check nobody-capeff 'grep -q "^CapEff:[[:space:]]*0*\$" "$st"' "$(grep ^CapEff: "$st")"
	check nobody-nonewprivs 'grep -q "^NoNewPrivs:[[:space:]]*1\$" "$st"' "$(grep ^NoNewPrivs: "$st")"
	check nobody-seccomp 'grep -q "^Seccomp:[[:space:]]*2\$" "$st"' "$(grep ^Seccomp: "$st")"
	if wait_boot nb 1 120; then pass nobody-boots; else
		fail nobody-boots "state $(dom_state nb); log: $(tail -n 3 "$(logdir)/nb.log" | tr '\n' '|' | head -c 300)"; fi
	expect nobody-destroy 0 vm-destroy nb
)

expect create-destroy 0 vm-destroy tr1
expect create-gone 0 vm-list --all --name
check create-gone-listed '! grep -qx tr1 "$T/out"' "vm-list --all still names tr1"
expect_err create-gone-info 4 "vm-info: error: domain 'tr1' not found" vm-info tr1
vm-destroy pz > /dev/null 2>&1

# ---- batch 3: eight guests at once ----------------------------------------
MANY="m1 m2 m3 m4 m5 m6 m7 m8"
for n in $MANY; do
	mkdom "$n"
	vm-define "$T/$n.xml" > /dev/null 2> "$T/err" || fail "define-$n" "$(cat "$T/err")"
done
started=0
for n in $MANY; do
	vm-start "$n" > /dev/null 2> "$T/err.$n" && started=$((started + 1))
done
check many-start '[ $started -eq 8 ]' "$started of 8 started: $(cat "$T"/err.m* | head -c 300)"
wait_all 240 1 $MANY
booted_all=0
for n in $MANY; do
	booted "$n" 1 && booted_all=$((booted_all + 1))
done
check many-boot '[ $booted_all -eq 8 ]' "$booted_all of 8 reached the marker"
vm-list > "$T/out" 2> "$T/err"
ids=$(for n in $MANY; do sed -n "s/^ \([0-9]*\) *$n *running\$/\1/p" "$T/out"; done | sort -u | wc -l)
check many-listed '[ $ids -eq 8 ]' "$ids distinct ids of running m1..m8 in: $(tr '\n' '|' < "$T/out")"
for n in $MANY; do
	vm-destroy "$n" > /dev/null 2> "$T/err" || fail "many-destroy-$n" "$(cat "$T/err")"
done
left=$(for n in $MANY; do qemu_pids "$n"; done)
check many-gone '[ -z "$left" ] && [ -z "$(vm-list --name)" ]' \
	"QEMU pids left '$left', still listed '$(vm-list --name | tr '\n' ' ')'"
exit 0
