# Faults around real guests under the qemu driver (qemu:///system with
# VIRTKIT_ROOT, TCG): QEMU or the supervisor killed, state conflicts with
# their exact messages, starts that fail (missing kernel or disk, wrong
# emulator, an option QEMU rejects, KVM), and ten concurrent vm-start of
# one domain.  After every failed start nothing may be left: no QEMU, no
# runtime record or socket directory, and vm-list says shut off.
. "$TOP/tests/lib.sh"
. "$TOP/tests/qemu/common.sh"

root_or_skip qemu-faults || exit 0
kit_or_skip qemu-faults || exit 0
R=$(rundir)

# nothing_left NAME DOMAIN: after a failed start or a stop, within 10 s:
# no QEMU of DOMAIN, no runtime record, no socket directory, and vm-list
# --all shows it shut off.
nothing_left() {
	_dom=$2
	if wait_until 10 "dom_gone '$2'"; then
		pass "$1-nothing-left"
	else
		fail "$1-nothing-left" "QEMU '$(qemu_pids "$2")', left in the run directory: $(cd "$R" && ls -d "$2".xml "$2".d 2> /dev/null | tr '\n' ' ')"
	fi
	vm-list --all > "$T/list" 2>&1
	check "$1-listed-off" 'grep -q "^ - *$_dom *shut off\$" "$T/list"' \
		"vm-list --all: $(grep " $2 " "$T/list")"
}
# qemu_said NAME DOMAIN: the error vm-start printed (in $T/err) is one
# line, and after "vm-start: error: " it is a line QEMU itself wrote on
# stderr (kept in the domain's log).
qemu_said() {
	_m=$(sed -n '1s/^vm-start: error: //p' "$T/err")
	_dom=$2
	check "$1-qemu-line" '[ "$(wc -l < "$T/err")" -eq 1 ] && [ -n "$_m" ] && grep -qxF -- "$_m" "$(logdir)/$_dom.log"' \
		"stderr '$(cat "$T/err")' is not one of QEMU's lines: $(grep -v ' virtkit: ' "$(logdir)/$2.log" 2> /dev/null | tr '\n' '|' | head -c 300)"
}

# ---- QEMU killed, supervisor killed ---------------------------------------
mkdom k1
vm-define "$T/k1.xml" > /dev/null 2> "$T/err" || fail define-k1 "$(cat "$T/err")"
expect kill-qemu-start 0 vm-start k1
qp=$(rec_attr k1 pid)
check kill-qemu-pid '[ -n "$qp" ] && alive "$qp"' "record pid '$qp'"
kill -9 "$qp" 2> /dev/null
if wait_state k1 "shut off" 30; then pass kill-qemu-shut-off; else
	fail kill-qemu-shut-off "state $(dom_state k1)"; fi
nothing_left kill-qemu k1
check kill-qemu-logged 'grep -q "QEMU was killed by signal 9" "$(logdir)/k1.log"' \
	"log: $(grep virtkit: "$(logdir)/k1.log" | tail -n 2 | tr '\n' '|')"
expect kill-qemu-start-again 0 vm-start k1
check kill-qemu-running-again '[ "$(dom_state k1)" = running ]' "state $(dom_state k1)"

qp=$(rec_attr k1 pid)
sp=$(rec_attr k1 sup)
check kill-sup-pids '[ -n "$sp" ] && alive "$sp" && alive "$qp"' "supervisor '$sp', QEMU '$qp'"
kill -9 "$sp" 2> /dev/null
if wait_until 30 "! alive '$qp'"; then pass kill-sup-qemu-gone; else
	fail kill-sup-qemu-gone "QEMU $qp still runs after its supervisor was killed"; fi
expect kill-sup-list 0 vm-list --all
check kill-sup-listed-off 'grep -q "^ - *k1 *shut off\$" "$T/out"' "vm-list: $(grep k1 "$T/out")"
check kill-sup-info-off '[ "$(dom_state k1)" = "shut off" ] && [ "$(dom_id k1)" = - ]' \
	"state $(dom_state k1), id $(dom_id k1)"
expect kill-sup-start-again 0 vm-start k1
check kill-sup-running-again '[ "$(dom_state k1)" = running ] && [ -n "$(qemu_pids k1)" ]' "state $(dom_state k1)"

# ---- state conflicts --------------------------------------------------------
expect_err start-running 5 "vm-start: error: domain 'k1' is already running" vm-start k1
expect_err resume-running 5 "vm-resume: error: domain 'k1' is not paused" vm-resume k1
check conflicts-one-qemu '[ "$(qemu_pids k1 | wc -l)" -eq 1 ]' "QEMU processes: $(qemu_pids k1 | tr '\n' ' ')"
expect stop-k1 0 vm-destroy k1
for c in vm-shutdown vm-destroy vm-suspend vm-resume vm-reboot; do
	expect_err "$c-stopped" 5 "$c: error: domain 'k1' is not running" $c k1
done

# ---- starts that fail -------------------------------------------------------
# A missing kernel: QEMU's own line names the file.
mkdom nokernel "" "s|<kernel>[^<]*</kernel>|<kernel>/nonexistent/vmlinuz</kernel>|"
vm-define "$T/nokernel.xml" > /dev/null 2> "$T/err" || fail define-nokernel "$(cat "$T/err")"
expect nokernel 1 vm-start nokernel
check nokernel-names-file 'grep -q "/nonexistent/vmlinuz" "$T/err"' "stderr '$(cat "$T/err")'"
qemu_said nokernel nokernel
nothing_left nokernel nokernel

# A missing disk image.
mkdom nodisk "" "s|<devices>|<devices><disk type='file'><source file='/nonexistent.img'/><target dev='vda' bus='virtio'/></disk>|"
vm-define "$T/nodisk.xml" > /dev/null 2> "$T/err" || fail define-nodisk "$(cat "$T/err")"
expect nodisk 1 vm-start nodisk
check nodisk-names-file 'grep -q "/nonexistent.img" "$T/err"' "stderr '$(cat "$T/err")'"
qemu_said nodisk nodisk
nothing_left nodisk nodisk

# A wrong emulator path.
mkdom noemu "" "s|<devices>|<devices><emulator>/nonexistent/qemu</emulator>|"
vm-define "$T/noemu.xml" > /dev/null 2> "$T/err" || fail define-noemu "$(cat "$T/err")"
expect noemu 1 vm-start noemu
check noemu-message '[ "$(wc -l < "$T/err")" -eq 1 ] && grep -q "^vm-start: error: .*/nonexistent/qemu.*No such file or directory" "$T/err"' \
	"stderr '$(cat "$T/err")'"
nothing_left noemu noemu

# An option QEMU 7.2 rejects at run time: a machine type it does not have.
# QEMU says "unsupported machine type" (and then a hint); the error must
# be the line that says what is wrong.
mkdom nomachine "" "s|<type arch='x86_64'>|<type arch='x86_64' machine='nosuch'>|"
vm-define "$T/nomachine.xml" > /dev/null 2> "$T/err" || fail define-nomachine "$(cat "$T/err")"
expect nomachine 1 vm-start nomachine
check nomachine-says-why 'grep -q "unsupported machine type" "$T/err"' \
	"stderr '$(cat "$T/err")'; QEMU wrote: $(grep -v ' virtkit: ' "$(logdir)/nomachine.log" | tr '\n' '|')"
qemu_said nomachine nomachine
nothing_left nomachine nomachine

# type='kvm': the driver refuses it plainly when /dev/kvm is unusable; where
# /dev/kvm opens, the guest must really run, or this host's KVM is broken
# (nested virtualization) and the case is skipped with what QEMU said.
mkdom kvm1 "" "s|<domain type='qemu'>|<domain type='kvm'>|"
vm-define "$T/kvm1.xml" > /dev/null 2> "$T/err" || fail define-kvm1 "$(cat "$T/err")"
vm-start kvm1 > "$T/out" 2> "$T/err"
rc=$?
if [ $rc -ne 0 ]; then
	check kvm-refused 'grep -q "^vm-start: error: domain type .kvm.*/dev/kvm" "$T/err" && [ $rc -eq 1 ]' \
		"exit $rc, stderr '$(cat "$T/err")'"
	nothing_left kvm kvm1
elif wait_until 60 "booted kvm1 1 || [ \"\$(dom_state kvm1)\" != running ]" && booted kvm1 1; then
	pass kvm-boots
	vm-destroy kvm1 > /dev/null 2>&1
else
	skip kvm-boots "/dev/kvm opens but guests do not run on this host's KVM (state $(dom_state kvm1); QEMU: $(grep -v ' virtkit: ' "$(logdir)/kvm1.log" | grep -m 1 -i -e 'KVM internal error' -e 'kvm' | head -c 120))"
	vm-destroy kvm1 > /dev/null 2>&1
fi

# ---- ten concurrent vm-start of one domain ---------------------------------
mkdom race
vm-define "$T/race.xml" > /dev/null 2> "$T/err" || fail define-race "$(cat "$T/err")"
for i in 0 1 2 3 4 5 6 7 8 9; do
	(vm-start race > "$T/race.out$i" 2> "$T/race.err$i"; echo $? > "$T/race.rc$i") &
done
wait
zero=$(cat "$T"/race.rc? | grep -cx 0)
five=$(cat "$T"/race.rc? | grep -cx 5)
check race-one-wins '[ "$zero" -eq 1 ] && [ "$five" -eq 9 ]' \
	"exit codes: $(cat "$T"/race.rc? | tr '\n' ' ')"
msgs=$(cat "$T"/race.err? | sort | uniq -c | sed 's/^ *//')
check race-losers-message '[ "$msgs" = "9 vm-start: error: domain '"'race'"' is already running" ]' \
	"stderr: $(echo "$msgs" | tr '\n' '|')"
check race-one-qemu '[ "$(qemu_pids race | wc -l)" -eq 1 ] && [ "$(qemu_pids race)" = "$(rec_attr race pid)" ]' \
	"QEMU processes '$(qemu_pids race | tr '\n' ' ')', record pid '$(rec_attr race pid)'"
if wait_boot race 1 120; then pass race-boots; else
	fail race-boots "state $(dom_state race)"; fi
expect race-destroy 0 vm-destroy race
nothing_left race race
exit 0
