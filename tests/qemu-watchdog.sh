#!/bin/sh
# The watchdog actions on real guests (the guest kit, TCG): each guest
# has an i6300esb watchdog, which the guest (no driver needed) sets to
# expire at once and enables: 1 MHz clock and reboot enabled in config
# register 0x60, both stage preloads 1000 after the unlock sequence
# (0x80, 0x86 at BAR0+0xc), enable bit in 0x68 (config through sysfs,
# the bar through busybox devmem).  Then:
#   pause      the guest is paused (vm-info: paused), and vm-resume
#              resumes it
#   poweroff   QEMU quits: the domain is shut off
#   reset      the guest boots a second time (the reset reaches the
#              supervisor as a guest reset: on_reboot restart)
#   none       the guest keeps running
#   dump       QEMU pauses the guest (-action watchdog=pause), the
#              supervisor writes its core to LOG/NAME.TIME.core and
#              resumes it: the guest runs on, the core is an ELF file
# Needs root, QEMU and the kit.
. "$TOP/tests/lib.sh"
. "$TOP/tests/qemu/common.sh"

root_or_skip qemu-watchdog || exit 0
kit_or_skip qemu-watchdog || exit 0

FIRE='for d in /sys/bus/pci/devices/*; do [ "$(cat $d/device)" = 0x25ab ] && break; done; echo 1 > $d/enable; b=$(cut -d" " -f1 $d/resource | head -n 1); printf "\004" | dd of=$d/config bs=1 seek=96 count=1 conv=notrunc 2> /dev/null; for o in 0 4; do devmem $((b + 12)) 16 0x80; devmem $((b + 12)) 16 0x86; devmem $((b + o)) 32 1000; done; printf "\002" | dd of=$d/config bs=1 seek=104 count=1 conv=notrunc 2> /dev/null; echo WATCHDOG-$((6 * 7))'
ACTIONS="pause poweroff reset none dump"

for a in $ACTIONS; do
	mkdom "wd$a" "" "s|<devices>|<devices><watchdog model='i6300esb' action='$a'/>|"
	expect "define-$a" 0 vm-define "$T/wd$a.xml" ||
		fail "define-$a-err" "$(cat "$T/err")"
	expect "start-$a" 0 vm-start "wd$a" ||
		fail "start-$a-err" "$(cat "$T/err")"
done
wait_all 240 1 wdpause wdpoweroff wdreset wdnone wddump
for a in $ACTIONS; do
	if booted "wd$a" 1; then pass "boot-$a"; else
		fail "boot-$a" "no VIRTKIT-GUEST-READY and prompt within 180 s; log: $(tail -n 3 "$(logdir)/wd$a.log" | tr '\n' '|' | head -c 300)"
		continue
	fi
	send "wd$a" "$FIRE"
	check "armed-$a" 'said "wd$a" "^WATCHDOG-42"' \
		"the guest said: $(tr '\n' '|' < "$T/console.wd$a" | tail -c 300)"
done

wait_state wdpause paused 30
check fired-pause '[ "$(dom_state wdpause)" = paused ]' \
	"state '$(dom_state wdpause)', wanted paused; log: $(tail -n 3 "$(logdir)/wdpause.log" | tr '\n' '|' | head -c 300)"
expect resume-pause 0 vm-resume wdpause
check resumed-pause '[ "$(dom_state wdpause)" = running ]' \
	"state '$(dom_state wdpause)' after vm-resume"

wait_state wdpoweroff "shut off" 30
check fired-poweroff '[ "$(dom_state wdpoweroff)" = "shut off" ] && [ -z "$(qemu_pids wdpoweroff)" ]' \
	"state '$(dom_state wdpoweroff)', QEMU '$(qemu_pids wdpoweroff)'"

check fired-reset 'wait_boot wdreset 2 180' \
	"no second boot within 180 s: $(ready_count wdreset) boot markers; state '$(dom_state wdreset)'"

sleep 3
check fired-none '[ "$(dom_state wdnone)" = running ] && [ "$(ready_count wdnone)" = 1 ]' \
	"state '$(dom_state wdnone)', $(ready_count wdnone) boots"

core() { ls "$(logdir)"/wddump.*.core 2> /dev/null | head -n 1; }
wait_until 60 '[ -n "$(core)" ] && grep -q "core dumped to" "$(logdir)/wddump.log"'
check dump-core '[ -n "$(core)" ] && [ "$(head -c 4 "$(core)" | od -An -c | tr -d " ")" = 177ELF ]' \
	"core '$(core)'; log: $(tail -n 3 "$(logdir)/wddump.log" | tr '\n' '|' | head -c 300)"
wait_state wddump running 30
send wddump 'echo ALIVE-$((40 + 2))'
check dump-runs-on 'said wddump "^ALIVE-42" && [ "$(dom_state wddump)" = running ] && [ "$(ready_count wddump)" = 1 ]' \
	"state '$(dom_state wddump)', $(ready_count wddump) boots; the guest said: $(tr '\n' '|' < "$T/console.wddump" | tail -c 200)"

for a in pause reset none dump; do
	vm-destroy "wd$a" > /dev/null 2>&1
done
