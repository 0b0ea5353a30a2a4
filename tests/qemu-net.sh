#!/bin/sh
# Guest interfaces on taps and macvtaps, with real guests (the guest kit,
# TCG), inside network namespaces this test makes (never the host's own
# network).  QEMU runs as "nobody" (qemu.conf) and gets each device as a
# descriptor from vm-start.
#   - the default network (contrib/networks/default.xml): two guests get
#     a DHCP lease in its range, reach each other and the host bridge;
#   - a bridge interface (a named tap on a bridge the test makes) and an
#     ethernet interface whose script puts the tap on a second bridge;
#   - direct (macvtap) interfaces in each mode (bridge, passthrough,
#     vepa, private) on veths whose peers sit in a second namespace;
#   - an ethernet tap with no script and no default one, then with the
#     default $VIRTKIT_ROOT/etc/qemu-ifup;
#   - refused starts: a MAC in use by a running guest, an inactive and a
#     missing network, a missing bridge, script or host device, session
#     mode; none leaves a device behind;
#   - vm-destroy and a SIGKILL of the supervisor and QEMU leave no tap;
#     macvtap links a killed supervisor left are swept by a later start;
#   - on_crash rename-restart: the kept crashed guest holds its tap and
#     lets the new instance (a tap of its own) have the MAC address;
#   - net-stop leaves no bridge and no dnsmasq.
# (mcast, server and client interfaces: tests/qemu-net-socket.sh.)
. "$TOP/tests/lib.sh"
. "$TOP/tests/qemu/common.sh"

root_or_skip qemu-net || exit 0
PATH=$PATH:/usr/sbin:/sbin
for t in ip dnsmasq busybox; do
	if ! command -v "$t" > /dev/null 2>&1; then
		skip qemu-net "$t is not installed (make deps)"
		exit 0
	fi
done
if ! getent passwd nobody > /dev/null 2>&1; then
	skip qemu-net "no user 'nobody' to run QEMU as"
	exit 0
fi
kit_or_skip qemu-net || exit 0
# Debian's default soft limit: descriptors handed to QEMU must not need
# more (the supervisor once parked them at 1024).
ulimit -n 1024 2> /dev/null || :

NS=vkqn-$$ PEER=vkqn-$$-p
if ! ip netns add "$NS" 2> "$T/err"; then
	skip qemu-net "no network namespaces here: $(head -n 1 "$T/err")"
	exit 0
fi
ip netns add "$PEER"
FINAL_CLEANUP='for _ns in "$NS" "$PEER"; do
	for _p in $(ip netns pids "$_ns" 2> /dev/null); do kill -9 "$_p" 2> /dev/null; done
	ip netns del "$_ns" 2> /dev/null
done'
inns() { ip netns exec "$NS" "$@"; }
inpeer() { ip netns exec "$PEER" "$@"; }
inns ip link set lo up
inpeer ip link set lo up
chmod 711 "$VIRTKIT_ROOT"	# QEMU's user passes through to its sockets
mkdir -p "$VIRTKIT_ROOT/etc/virtkit"
echo 'user = "nobody"' > "$VIRTKIT_ROOT/etc/virtkit/qemu.conf"

# The interfaces of the namespace, one name a line.
links() { inns ip -o link show | sed -n 's/^[0-9]*: \([^:@]*\)[:@].*/\1/p'; }
has_link() { links | grep -qx "$1"; }
# all_links NAME...: every one exists; no_links NAME...: none does.
all_links() { for _l in "$@"; do has_link "$_l" || return 1; done; }
no_links() { for _l in "$@"; do has_link "$_l" && return 1; done; return 0; }
# The host devices in DOMAIN's live XML (<target dev=>), one a line.
targets() { vm-dumpxml "$1" 2> /dev/null | sed -n "s/.*<target dev='\([^']*\)'.*/\1/p"; }
# nic TYPE MAC SOURCE-ATTRS [EXTRA]: an <interface> (model virtio).
nic() {
	printf "<interface type='%s'><mac address='%s'/>%s%s<model type='virtio'/></interface>" \
		"$1" "$2" "${3:+<source $3/>}" "${4:-}"
}
# gdom NAME DEVICES [CMDLINE-EXTRA [ELEMENTS]]: a kit domain with
# DEVICES (and ELEMENTS before <devices>), defined.
gdom() {
	mkdom "$1" "${4:-}" "s|<devices>|<devices>$2|; s|panic=0|panic=0 ${3:-}|"
	vm-define "$T/$1.xml" > "$T/out" 2> "$T/err" ||
		fail "define-$1" "$(cat "$T/err")"
}
# gping NAME DOMAIN SETUP ADDR: run SETUP on DOMAIN's console, then ping
# ADDR from the guest.
gping() {
	printf '%s\nping -c 3 -W 5 %s && echo PING-OK-%s\n' "$3" "$4" "$1" |
		vm-console --idle 8 --timeout 90 "$2" > "$T/ping.$1" 2>&1
	check "$1" 'tr -d "\r" < "$T/ping.$1" | grep -q "^PING-OK-$1"' \
		"$(tr -d '\r' < "$T/ping.$1" | tail -n 4 | tr '\n' '|' | head -c 300)"
}
# kill_hard DOMAIN: SIGKILL its supervisor and QEMU.
kill_hard() {
	_q=$(qemu_pids "$1")
	[ -n "$_q" ] && kill -9 "$(ps -o ppid= -p "$_q" | tr -d ' ')" "$_q"
	wait_until 10 "[ -z \"\$(qemu_pids '$1')\" ]"
}
# mac_mode LINK: the macvtap mode of LINK.
mac_mode() { inns ip -d link show "$1" | sed -n 's/.*macvtap mode \([a-z]*\).*/\1/p'; }

# ---- the host side ----
expect net-define 0 inns net-define "$TOP/contrib/networks/default.xml"
expect net-start 0 inns net-start default
for br in vkqbr0 vkqbr1; do
	inns ip link add "$br" type bridge
	inns ip link set "$br" up
done
inns ip addr add 10.8.0.1/24 dev vkqbr0
inns ip addr add 10.8.1.1/24 dev vkqbr1
# veths for macvtaps: the guest side in NS, the peer in PEER.
n=4
for v in dv pv wv xv; do
	inns ip link add "${v}0" type veth peer name "${v}1"
	inns ip link set "${v}1" netns "$PEER"
	inns ip link set "${v}0" up
	inpeer ip addr add "10.$n.0.1/24" dev "${v}1"
	inpeer ip link set "${v}1" up
	n=$((n + 1))
done
# dv: 10.4 (bridge), pv: 10.5 (passthrough), wv: 10.6 (vepa),
# xv: 10.7 (private)
cat > "$VIRTKIT_ROOT/etc/ifup-vkqbr1" << EOF
#!/bin/sh
echo "\$1" >> "$VIRTKIT_ROOT/ifup.log"
exec ip link set "\$1" master vkqbr1
EOF
chmod 755 "$VIRTKIT_ROOT/etc/ifup-vkqbr1"

# ---- the guests, started together ----
M=52:54:00:0c:08
gdom n1 "$(nic network $M:01 "network='default'")" vk.net=1
gdom n2 "$(nic network $M:02 "network='default'")" vk.net=1
gdom b1 "$(nic bridge $M:11 "bridge='vkqbr0'" "<target dev='vkqb1'/>")$(nic ethernet $M:12 "" \
"<script path='$VIRTKIT_ROOT/etc/ifup-vkqbr1'/>")"
gdom d1 "$(nic direct $M:21 "dev='dv0' mode='bridge'")$(nic direct $M:22 "dev='pv0' mode='passthrough'")"
gdom d2 "$(nic direct $M:23 "dev='wv0' mode='vepa'")$(nic direct $M:24 "dev='xv0' mode='private'")"
# rename-restart: the crashed instance stays (with its tap) and lets the
# new one have its MAC address.
# With a macvtap too: the crashed one's goes, or the new one's (same MAC
# on the same host device) is refused.
gdom rr "$(nic bridge $M:51 "bridge='vkqbr0'")$(nic direct $M:52 "dev='dv0' mode='bridge'")" "" "<on_crash>rename-restart</on_crash>"
STARTED=
for d in n1 n2 b1 d1 d2 rr; do
	expect "start-$d" 0 inns vm-start "$d" && STARTED="$STARTED $d"
done

# QEMU runs as nobody and holds its devices as descriptors.
q=$(qemu_pids n1)
check qemu-unprivileged '[ -n "$q" ] && [ "$(ps -o user= -p "$q")" = nobody ]' \
	"QEMU '$q' runs as '$(ps -o user= -p "$q" 2> /dev/null)'"
check n1-tap-fd '[ -n "$q" ] && ls -l "/proc/$q/fd/20" | grep -q "/dev/net/tun"' \
	"fd 20 of QEMU: $(ls -l "/proc/$q/fd/20" 2>&1)"
# The live XML names every device made, and each exists as asked.
N1TAP=$(targets n1) N2TAP=$(targets n2) B1TAPS=$(targets b1)
D1TAPS=$(targets d1) D2TAPS=$(targets d2)
check n1-vnet 'case $N1TAP in vnet[0-9]*) has_link "$N1TAP" ;; *) false ;; esac' \
	"n1's target '$N1TAP'; links: $(links | tr '\n' ' ')"
check n1-on-bridge 'inns ip -o link show "$N1TAP" | grep -q "master vkbr0"' \
	"$(inns ip -o link show "$N1TAP" 2>&1 | head -c 200)"
check n1-host-mac 'inns ip -o link show "$N1TAP" | grep -q "fe:54:00:0c:08:01"' \
	"the tap's MAC is not the guest's with 0xfe first: $(inns ip -o link show "$N1TAP" 2>&1 | head -c 200)"
check b1-named-tap 'inns ip -o link show vkqb1 | grep -q "master vkqbr0"' \
	"b1's targets '$B1TAPS': $(inns ip -o link show vkqb1 2>&1 | head -c 200)"
B1ETH=$(echo "$B1TAPS" | sed -n 2p)
check b1-script 'grep -qx "$B1ETH" "$VIRTKIT_ROOT/ifup.log" && inns ip -o link show "$B1ETH" | grep -q "master vkqbr1"' \
	"script log '$(cat "$VIRTKIT_ROOT/ifup.log" 2>&1)', tap '$B1ETH'"
modes=
for l in $D1TAPS $D2TAPS; do modes="$modes $(mac_mode "$l")"; done
check macvtap-modes '[ "$modes" = " bridge passthru vepa private" ]' \
	"macvtaps '$D1TAPS $D2TAPS' have modes '$modes'"
check macvtap-mac 'inns ip -o link show "$(echo "$D1TAPS" | head -n 1)" | grep -q "$M:21"' \
	"$(inns ip -o link show "$(echo "$D1TAPS" | head -n 1)" 2>&1 | head -c 200)"

# ---- refused starts leave nothing ----
links | sort > "$T/links.before"
gdom clash "$(nic user $M:01)"
expect clash-refused 5 inns vm-start clash
check clash-message 'grep -q "^vm-start: error: MAC address $M:01 is in use by domain .n1. (process [0-9]*)$" "$T/err"' \
	"$(cat "$T/err")"
# The same MAC on a direct interface: the kernel refuses the macvtap
# before the supervisor's MAC lock is tried.
gdom clashd "$(nic direct $M:21 "dev='dv0' mode='bridge'")"
expect_err clash-direct 5 "vm-start: error: interface $M:21: cannot create a macvtap link on 'dv0': a link on it has this MAC address (another guest's, or one left behind)" \
	inns vm-start clashd
cat > "$T/off.xml" << EOF
<network><name>off</name><bridge name='vkqoff'/><ip address='10.99.0.1' netmask='255.255.255.0'/></network>
EOF
expect net-define-off 0 inns net-define "$T/off.xml"
gdom off "$(nic network $M:31 "network='off'")"
expect_err inactive-network 5 "vm-start: error: interface $M:31: network 'off' is not active" \
	inns vm-start off
gdom nonet "$(nic network $M:32 "network='nosuch'")"
expect_err missing-network 4 "vm-start: error: interface $M:32: network 'nosuch' not found" \
	inns vm-start nonet
gdom nobr "$(nic bridge $M:33 "bridge='vkqnone'")"
expect_err missing-bridge 4 "vm-start: error: interface $M:33: bridge 'vkqnone' not found" \
	inns vm-start nobr
gdom noscript "$(nic ethernet $M:34 "" "<script path='$VIRTKIT_ROOT/etc/none'/>")"
expect_err missing-script 4 "vm-start: error: interface $M:34: script $VIRTKIT_ROOT/etc/none: No such file or directory" \
	inns vm-start noscript
gdom nodev "$(nic direct $M:35 "dev='vkqnone' mode='vepa'")"
expect_err missing-dev 4 "vm-start: error: interface $M:35: host interface 'vkqnone' not found" \
	inns vm-start nodev
gdom relscript "$(nic ethernet $M:39 "" "<script path='ifup-vkqbr1'/>")"
expect_err relative-script 3 "vm-start: error: interface $M:39: script 'ifup-vkqbr1' is not an absolute path" \
	inns vm-start relscript
gdom colon "$(nic bridge $M:3a "bridge='vkqbr0'" "<target dev='vkq:0'/>")"
expect_err tap-name-colon 3 "vm-start: error: interface $M:3a: tap name 'vkq:0' is not an interface name (not empty, '.' or '..', no ':', '/' or blanks)" \
	inns vm-start colon
gdom longname "$(nic direct $M:3b "dev='dv0' mode='bridge'" "<target dev='vkqmacvtap012345'/>")"
expect_err macvtap-name-long 3 "vm-start: error: interface $M:3b: macvtap name 'vkqmacvtap012345' is too long (at most 15 characters)" \
	inns vm-start longname
expect session-define 0 vm-define -c qemu:///session "$T/nobr.xml"
expect_err session-refused 1 "vm-start: error: interface $M:33: type 'bridge' needs qemu:///system (host devices need root); session guests use <interface type='user'>" \
	inns vm-start -c qemu:///session nobr
# Failures once the devices are made: a script that fails, a QEMU that
# exits at once.
printf '#!/bin/sh\necho "cannot configure $1" >&2\nexit 3\n' > "$VIRTKIT_ROOT/etc/ifup-fails"
chmod 755 "$VIRTKIT_ROOT/etc/ifup-fails"
gdom badscript "$(nic ethernet $M:36 "" "<target dev='vkqbad'/><script path='$VIRTKIT_ROOT/etc/ifup-fails'/>")"
expect_err script-fails 1 "vm-start: error: interface $M:36: script for tap 'vkqbad': $VIRTKIT_ROOT/etc/ifup-fails: cannot configure vkqbad" \
	inns vm-start badscript
gdom qfail "<emulator>/bin/false</emulator>$(nic network $M:37 "network='default'")$(nic direct $M:38 "dev='dv0' mode='bridge'")"
expect qemu-fails 1 inns vm-start qfail
links | sort > "$T/links.after"
same refused-leave-nothing "$T/links.before" "$T/links.after"

# ---- ethernet without a script, then with the default one ----
gdom e0 "$(nic ethernet $M:41 "" "<target dev='vkqe0'/>")"
expect e0-no-script 0 inns vm-start e0
check e0-tap-up 'inns ip -o link show vkqe0 | grep -q "[<,]UP[,>]"' \
	"$(inns ip -o link show vkqe0 2>&1 | head -c 200)"
expect e0-destroy 0 vm-destroy e0
printf '#!/bin/sh\necho "$1" > %s/default-ifup.log\n' "$VIRTKIT_ROOT" > "$VIRTKIT_ROOT/etc/qemu-ifup"
chmod 755 "$VIRTKIT_ROOT/etc/qemu-ifup"
expect e0-default-script 0 inns vm-start e0
check e0-default-script-ran 'grep -qx vkqe0 "$VIRTKIT_ROOT/default-ifup.log"' \
	"$(cat "$VIRTKIT_ROOT/default-ifup.log" 2>&1)"
expect e0-destroy-again 0 vm-destroy e0
check e0-gone '! has_link vkqe0' "vkqe0 is still there"
rm -f "$VIRTKIT_ROOT/etc/qemu-ifup"

# ---- traffic ----
[ -n "$STARTED" ] && wait_all 300 1 $STARTED
for d in $STARTED; do
	if booted "$d" 1; then pass "boot-$d"; else
		fail "boot-$d" "no VIRTKIT-GUEST-READY and prompt within 300 s; state $(dom_state "$d"); log: $(tail -n 3 "$(logdir)/$d.log" | tr '\n' '|' | head -c 300)"
	fi
done
ip_of() { vm-console --history "$1" 2> /dev/null | tr -d '\r' | sed -n 's/^VIRTKIT-GUEST-IP=//p' | tail -n 1; }
# The kit's boot-time udhcpc waits 1 s for each answer; on a loaded host
# dnsmasq can be slower, so a guest without a lease asks again from its
# console with longer waits (the boot-time log goes into a failure).
for d in n1 n2; do
	ip=$(ip_of "$d")
	if [ -z "$ip" ]; then
		printf '%s\n' "cat /run/udhcpc.log; udhcpc -i eth0 -s /etc/udhcpc.script -t 5 -T 4 -n -q > /dev/null 2>&1 && echo VIRTKIT-GUEST-IP=\$(cat /run/vk-ip)" |
			vm-console --idle 10 --timeout 90 "$d" > "$T/console.$d" 2>&1
		ip=$(ip_of "$d")
		[ -n "$ip" ] && echo "note: $d got its lease on a second udhcpc run"
	fi
	check "dhcp-$d" 'case $ip in 192.168.122.*) h=${ip##*.}; [ "$h" -ge 2 ] && [ "$h" -le 254 ] ;; *) false ;; esac' \
		"$d's address '$ip' ($(vm-console --history "$d" 2> /dev/null | grep -a VIRTKIT-GUEST | tr -d '\r' | tr '\n' ' ')); udhcpc: $(tr -d '\r' < "$T/console.$d" 2> /dev/null | tr '\n' '|' | head -c 400)"
done
IP1=$(ip_of n1) IP2=$(ip_of n2)
gping n1-to-n2 n1 "" "$IP2"
gping n2-to-host n2 "" 192.168.122.1
check host-to-n1 'inns busybox ping -c 2 -W 5 "$IP1" > "$T/hping" 2>&1' \
	"no answer from $IP1: $(tail -n 2 "$T/hping" | tr '\n' '|')"
gping bridge b1 "ip addr add 10.8.0.2/24 dev eth0; ip link set eth0 up" 10.8.0.1
gping ethernet b1 "ip addr add 10.8.1.2/24 dev eth1; ip link set eth1 up" 10.8.1.1
gping direct-bridge d1 "ip addr add 10.4.0.2/24 dev eth0; ip link set eth0 up" 10.4.0.1
gping direct-passthrough d1 "ip addr add 10.5.0.2/24 dev eth1; ip link set eth1 up" 10.5.0.1
gping direct-vepa d2 "ip addr add 10.6.0.2/24 dev eth0; ip link set eth0 up" 10.6.0.1
gping direct-private d2 "ip addr add 10.7.0.2/24 dev eth1; ip link set eth1 up" 10.7.0.1

# ---- rename-restart keeps the crashed guest's tap, the new one gets its own ----
if booted rr 1; then
	rrid=$(dom_id rr) RRTAP=$(targets rr | head -n 1)
	send rr vk-crash
	if wait_state "rr-crashed-$rrid" crashed 60 && wait_state rr running 60; then
		pass rename-restart-with-nic
	else
		fail rename-restart-with-nic "domains: $(vm-list --all | tr '\n' '|'); log: $(grep virtkit: "$(logdir)/rr.log" | tail -n 3 | tr '\n' '|')"
	fi
	RRTAP2=$(targets rr | head -n 1) RRMV=$(targets rr | sed -n 2p)
	check rename-restart-macvtap '[ -n "$RRMV" ] && [ "$(inns ip -o link show | grep -c "link/ether $M:52 ")" = 1 ] && inns ip -o link show "$RRMV" | grep -q "link/ether $M:52 "' \
		"new macvtap '$RRMV'; links with $M:52: $(inns ip -o link show | grep "$M:52" | cut -d: -f2 | tr '\n' ' ')"
	check rename-restart-taps '[ -n "$RRTAP2" ] && [ "$RRTAP2" != "$RRTAP" ] && all_links "$RRTAP" "$RRTAP2"' \
		"taps '$RRTAP' (crashed) and '$RRTAP2' (new); links: $(links | tr '\n' ' ')"
	expect rename-restart-destroy-kept 0 vm-destroy "rr-crashed-$rrid"
	expect rename-restart-destroy 0 vm-destroy rr
	check rename-restart-taps-gone 'wait_until 10 "no_links $RRTAP $RRTAP2 $RRMV"' \
		"links: $(links | tr '\n' ' ')"
fi

# ---- stopping: nothing stays ----
expect destroy-b1 0 vm-destroy b1
check b1-taps-gone '! has_link vkqb1 && ! has_link "$B1ETH"' "links: $(links | tr '\n' ' ')"
kill_hard n2
check n2-killed-tap-gone 'wait_until 10 "! has_link $N2TAP"' \
	"$N2TAP is still there after a SIGKILL of n2's supervisor and QEMU"
check n2-shut-off '[ "$(dom_state n2)" = "shut off" ]' "state '$(dom_state n2)'"
# A killed supervisor leaves its macvtap links; the next start of a guest
# with a direct interface deletes them.
kill_hard d2
check d2-killed-macvtaps-left 'all_links $D2TAPS' \
	"links: $(links | tr '\n' ' ')"
expect destroy-d1 0 vm-destroy d1
check d1-macvtaps-gone 'no_links $D1TAPS' \
	"links: $(links | tr '\n' ' ')"
expect restart-d1 0 inns vm-start d1
check d2-macvtaps-swept 'no_links $D2TAPS' \
	"links: $(links | tr '\n' ' ')"
expect destroy-d1-again 0 vm-destroy d1
expect destroy-n1 0 vm-destroy n1
check no-device-left '! links | grep -q -E "^(vnet|macvtap|vkqb1|vkqe0)"' \
	"links: $(links | tr '\n' ' ')"

expect net-stop 0 inns net-stop default
check net-stop-bridge-gone '! has_link vkbr0' "links: $(links | tr '\n' ' ')"
check net-stop-no-dnsmasq '! for p in $(ip netns pids "$NS"); do grep -q dnsmasq /proc/$p/comm 2> /dev/null && echo x; done | grep -q x' \
	"a dnsmasq still runs in the namespace"
