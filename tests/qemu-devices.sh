#!/bin/sh
# The other devices with a real guest (the guest kit, TCG): a guest
# agent channel (<channel type='unix'><source mode='bind'/> with no
# path), a virtio-rng on QEMU's builtin generator and a balloon with a
# statistics period:
#   - the channel's socket is made in the domain's runtime directory
#     (live XML names it; the configuration keeps no path) and carries
#     bytes both ways between the host and the guest's virtio port;
#   - the guest's kernel sees the virtio RNG as its hw_random source
#     (when the kit's kernel has virtio_rng);
#   - qom-get on the balloon returns the period given;
#   - after vm-destroy nothing is left (no QEMU, record, socket dir).
# Skipped with the reason when QEMU, the kit or python3 is missing.
. "$TOP/tests/lib.sh"
. "$TOP/tests/qemu/common.sh"

root_or_skip qemu-devices || exit 0
kit_or_skip qemu-devices || exit 0
if ! command -v python3 > /dev/null 2>&1; then
	skip qemu-devices "python3 is missing (the socket peer and QMP client are python)"
	exit 0
fi
R=$(rundir)
AGENT=org.qemu.guest_agent.0
mkdom dv-g "" "s|<devices>|<devices><channel type='unix'><source mode='bind'/><target type='virtio' name='$AGENT'/></channel><rng model='virtio'><backend model='builtin'/></rng><memballoon model='virtio' autodeflate='on'><stats period='7'/></memballoon>|;s|<memballoon model='none'/>||"
vm-define "$T/dv-g.xml" > "$T/out" 2> "$T/err" || fail define-dv-g "$(cat "$T/err")"
expect start 0 vm-start dv-g
SOCK=$R/dv-g.d/$AGENT
check channel-socket '[ -S "$SOCK" ]' "no socket $SOCK: $(ls "$R/dv-g.d" 2>&1 | tr '\n' ' ')"
vm-dumpxml dv-g > "$T/live.xml" 2>&1
check channel-live-path "grep -q \"<source mode='bind' path='$SOCK'/>\" '$T/live.xml'" \
	"live XML: $(grep -A2 "<channel" "$T/live.xml" | tr '\n' ' ')"
vm-dumpxml --inactive dv-g > "$T/conf.xml" 2>&1
check channel-config-no-path "grep -q \"<source mode='bind'/>\" '$T/conf.xml'" \
	"config: $(grep -A2 "<channel" "$T/conf.xml" | tr '\n' ' ')"
if wait_boot dv-g 1 180; then pass boot; else
	fail boot "no prompt; log: $(tail -n 3 "$(logdir)/dv-g.log" | tr '\n' '|' | head -c 300)"; fi

# The balloon's statistics period, over the commands' QMP socket.
python3 - "$R/dv-g.d/cmd.qmp" > "$T/qmp.out" 2>&1 <<'EOF'
import json, socket, sys
s = socket.socket(socket.AF_UNIX)
s.connect(sys.argv[1])
f = s.makefile("rw")
f.readline()
def cmd(c, **a):
    f.write(json.dumps({"execute": c, "arguments": a}) + "\n"); f.flush()
    while True:
        r = json.loads(f.readline())
        if "return" in r or "error" in r:
            return r
cmd("qmp_capabilities")
print(cmd("qom-get", path="/machine/peripheral/balloon0",
          property="guest-stats-polling-interval"))
EOF
check balloon-stats-period "grep -q \"'return': 7\" '$T/qmp.out'" "qom-get: $(cat "$T/qmp.out")"

# The agent channel: the host says from-host, the guest answers to-host.
chan_exchange dv-g "$SOCK" "$AGENT"

# The RNG, as the guest's kernel sees it.
send dv-g 'echo "rng=$(cat /sys/class/misc/hw_random/rng_current 2>&1)"'
rng=$(tr -d '\r' < "$T/console.dv-g" | sed -n 's/^rng=//p' | tail -n 1)
case $rng in
virtio_rng*) pass guest-hwrng ;;
*"No such file"*|none|"") skip guest-hwrng "the kit's kernel has no hw_random device for it (rng_current: '$rng')" ;;
*) fail guest-hwrng "rng_current '$rng'" ;;
esac

expect destroy 0 vm-destroy dv-g
check nothing-left 'wait_until 20 "dom_gone dv-g"' \
	"QEMU '$(qemu_pids dv-g)', $(ls "$R" 2>&1 | tr '\n' ' ')"
