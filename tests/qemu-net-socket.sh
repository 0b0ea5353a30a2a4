# Real guests (the guest kit, TCG) joined by socket interfaces: "srv"
# has a type='server' interface and "cli" a type='client' one on the
# same port, and both an interface in one type='mcast' group; each guest
# gets addresses on both links and "cli" pings "srv" over each.  "srv"
# also carries the devices of the network, display and other devices
# group that QEMU must accept at start: SPICE with a password and its
# expiry (set over QMP, never on QEMU's command line), a qxl adapter, an ich6 and an
# es1370 sound card, an i6300esb watchdog and a balloon at a fixed PCI
# slot; "cli" has SPICE with autoport (vm-start picks the port).
# Skipped with the reason when QEMU or the kit is unavailable.
. "$TOP/tests/lib.sh"
. "$TOP/tests/qemu/common.sh"

root_or_skip qemu-net-socket || exit 0
kit_or_skip qemu-net-socket || exit 0

# Ports of this run (another run at the same time picks others).
P=$((20000 + $$ % 20000))
SPICE=$((P + 1))
GROUP=239.255.$(($$ % 250)).$((1 + $$ / 250 % 250))
PASSWD=vk-spice-$$

nic() { # nic TYPE ADDRESS PORT MAC
	printf "<interface type='%s'><mac address='%s'/><source %sport='%s'/><model type='virtio'/></interface>" \
		"$1" "$4" "${2:+address='$2' }" "$3"
}
SRV_DEVS="$(nic server 127.0.0.1 $P 52:54:00:0c:05:01)$(nic mcast $GROUP $((P + 2)) 52:54:00:0c:05:02)\
<graphics type='spice' port='$SPICE' passwd='$PASSWD' passwdValidTo='2037-01-01T00:00:00'/>\
<video><model type='qxl' heads='1'/></video>\
<sound model='ich6'/><sound model='es1370'/>\
<watchdog model='i6300esb' action='reset'/>\
<memballoon model='virtio'><address type='pci' domain='0x0000' bus='0x00' slot='0x1e' function='0x0'/></memballoon>"
CLI_DEVS="$(nic client 127.0.0.1 $P 52:54:00:0c:05:11)$(nic mcast $GROUP $((P + 2)) 52:54:00:0c:05:12)\
<graphics type='spice' autoport='yes'/>"
mkdom srv "" "s|<devices>|<devices>$SRV_DEVS|"
mkdom cli "" "s|<devices>|<devices>$CLI_DEVS|"
for n in srv cli; do
	expect "define-$n" 0 vm-define "$T/$n.xml" ||
		fail "define-$n-err" "$(cat "$T/err")"
done
# The server first: the client connects when its QEMU starts.
expect start-srv 0 vm-start srv || fail start-srv-err "$(cat "$T/err")"
expect start-cli 0 vm-start cli || fail start-cli-err "$(cat "$T/err")"

# The SPICE password is nowhere on QEMU's command line; QEMU asks for it.
pids=$(qemu_pids srv)
check spice-passwd-not-in-argv '[ -n "$pids" ] && ! grep -q -- "$PASSWD" /proc/$pids/cmdline' \
	"QEMU pid '$pids'; its command line holds the password"
if command -v python3 > /dev/null 2>&1; then
	python3 "$QT/qmp.py" "$(rundir)/srv.d/cmd.qmp" query-spice > "$T/spice" 2> "$T/err"
	check spice-auth 'grep -q "\"auth\": *\"spice\"" "$T/spice" && grep -q "\"port\": *$SPICE" "$T/spice"' \
		"query-spice: $(head -c 300 "$T/spice") $(cat "$T/err")"
else
	skip spice-auth "python3 is missing (the QMP client is python)"
fi

# SPICE autoport: vm-start picked a free port, the live XML shows it,
# and without a password anyone may connect.
vm-dumpxml cli > "$T/cli.live" 2> "$T/err"
cport=$(sed -n "s/.*<graphics type='spice' port='\([0-9]*\)' autoport='yes'.*/\1/p" "$T/cli.live")
check spice-autoport-live '[ -n "$cport" ] && [ "$cport" -ge 5900 ]' \
	"live XML: $(grep '<graphics' "$T/cli.live") $(cat "$T/err")"
if command -v python3 > /dev/null 2>&1; then
	python3 "$QT/qmp.py" "$(rundir)/cli.d/cmd.qmp" query-spice > "$T/spice" 2> "$T/err"
	check spice-autoport-qemu 'grep -q "\"port\": *$cport" "$T/spice" && grep -q "\"auth\": *\"none\"" "$T/spice"' \
		"query-spice: $(head -c 300 "$T/spice") $(cat "$T/err")"
fi

wait_all 180 1 srv cli
for n in srv cli; do
	if booted "$n" 1; then pass "boot-$n"; else
		fail "boot-$n" "no VIRTKIT-GUEST-READY and prompt within 180 s; state $(dom_state "$n"); log: $(tail -n 3 "$(logdir)/$n.log" | tr '\n' '|' | head -c 300)"
	fi
done

# eth0: the TCP link, eth1: the multicast group.
send srv "ip addr add 10.9.0.1/24 dev eth0; ip link set eth0 up; ip addr add 10.9.1.1/24 dev eth1; ip link set eth1 up"
send cli "ip addr add 10.9.0.2/24 dev eth0; ip link set eth0 up; ip addr add 10.9.1.2/24 dev eth1; ip link set eth1 up"
for link in 0 1; do
	printf 'ping -c 3 -W 5 10.9.%s.1 && echo PING-OK-%s\n' $link $link |
		vm-console --idle 8 --timeout 60 cli > "$T/ping$link" 2>&1
	case $link in 0) what=server-client ;; 1) what=mcast ;; esac
	check "ping-$what" 'tr -d "\r" < "$T/ping$link" | grep -q "^PING-OK-$link"' \
		"$(tr -d '\r' < "$T/ping$link" | tail -n 4 | tr '\n' '|' | head -c 300)"
done

for n in cli srv; do
	expect "destroy-$n" 0 vm-destroy "$n"
done
