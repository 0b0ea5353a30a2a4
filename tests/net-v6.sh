#!/bin/sh
# libvirt 9.x network features for real, in network namespaces this
# test makes: a dual-stack network (MTU, static route, DNS records, a
# DHCPv4 lease time, DHCPv6 and router advertisements) seen from a client
# namespace on a veth (busybox udhcpc and nslookup, dhclient -6); NAT
# address and port ranges in the nft and iptables rules; forward mode
# open (no firewall rules); forward mode bridge on a host bridge (nothing
# made, nothing removed); net-dhcp-leases lists the leases; net-stop
# leaves no trace.
. "$TOP/tests/lib.sh"

root_or_skip net-v6 || exit 0
PATH=$PATH:/usr/sbin:/sbin
for t in ip dnsmasq nft busybox; do
	if ! command -v "$t" > /dev/null 2>&1; then
		skip net-v6 "$t is not installed (make deps)"
		exit 0
	fi
done
A=vkt6-$$-a B=vkt6-$$-b
if ! ip netns add "$A" 2> "$T/err"; then
	skip net-v6 "no network namespaces here: $(head -n 1 "$T/err")"
	exit 0
fi
ip netns add "$B"
cleanup() {
	for ns in "$A" "$B"; do
		for p in $(ip netns pids "$ns" 2> /dev/null); do
			kill -9 "$p" 2> /dev/null
		done
		ip netns del "$ns" 2> /dev/null
	done
	rm -rf "$VIRTKIT_ROOT"
}
trap cleanup EXIT
inA() { ip netns exec "$A" "$@"; }
inB() { ip netns exec "$B" "$@"; }
inA ip link set lo up
inB ip link set lo up
export VIRTKIT_DEFAULT_URI=qemu:///system
NETTOOL=$BUILD/tools/nettool

# check NAME CMD...: pass when CMD succeeds, else fail with its output.
check() {
	_n=$1; shift
	if "$@" > "$T/c.out" 2>&1; then pass "$_n"; return 0; fi
	fail "$_n" "$(head -c 300 "$T/c.out" | tr '\n' '|')"
	return 1
}
nocheck() {
	_n=$1; shift
	if "$@" > "$T/c.out" 2>&1; then
		fail "$_n" "it still holds: $(head -c 300 "$T/c.out" | tr '\n' '|')"
		return 1
	fi
	pass "$_n"
}
# until N CMD...: run CMD every 0.2 s until it succeeds, N times at most.
until_ok() {
	_i=$1; shift
	while [ "$_i" -gt 0 ]; do
		"$@" > /dev/null 2>&1 && return 0
		sleep 0.2
		_i=$((_i - 1))
	done
	return 1
}

# ---- a dual-stack isolated network ----
cat > "$T/dual.xml" <<'XML'
<network>
  <name>dual</name>
  <bridge name='vkdual'/>
  <mtu size='1400'/>
  <domain name='dual.lan' localOnly='yes'/>
  <dns>
    <txt name='info' value='hello "world"'/>
    <srv service='ldap' protocol='tcp' domain='dual.lan' target='db.dual.lan' port='389' priority='10' weight='5'/>
    <host ip='10.88.0.50'><hostname>db</hostname><hostname>files</hostname></host>
    <host ip='fd00:88:1::50'><hostname>db6</hostname></host>
  </dns>
  <ip address='10.88.0.1' prefix='24'>
    <dhcp>
      <range start='10.88.0.100' end='10.88.0.150'>
        <lease expiry='10' unit='minutes'/>
      </range>
    </dhcp>
  </ip>
  <ip family='ipv6' address='fd00:88:1::1' prefix='64'>
    <dhcp>
      <range start='fd00:88:1::100' end='fd00:88:1::1ff'/>
    </dhcp>
  </ip>
  <ip family='ipv6' address='fd00:88:2::1' prefix='64'/>
  <route address='10.99.0.0' prefix='16' gateway='10.88.0.2'/>
</network>
XML
expect "net-define dual" 0 inA net-define "$T/dual.xml"
expect "net-start dual" 0 inA net-start dual
check "bridge MTU 1400" sh -c \
	"ip netns exec $A ip -o link show dev vkdual | grep -q ' mtu 1400 '"
for a in 10.88.0.1/24 fd00:88:1::1/64 fd00:88:2::1/64; do
	check "bridge has $a" sh -c \
		"ip netns exec $A ip -o addr show dev vkdual | grep -q ' $a '"
done
check "static route 10.99.0.0/16 via 10.88.0.2" sh -c \
	"ip netns exec $A ip route show 10.99.0.0/16 | grep -q 'via 10.88.0.2 dev vkdual'"

# The client: a veth from namespace B onto the bridge.
inA ip link add vkh1 type veth peer name vkc1 netns "$B"
expect "the client joins dual as a guest's tap would" 0 \
	inA "$NETTOOL" join dual vkh1 52:54:00:88:00:07
inA ip link set vkh1 up
check "with the kernel's MAC table the port learns" sh -c \
	"[ \$(ip netns exec $A cat /sys/class/net/vkh1/brport/learning) = 1 ]"
inB ip link set vkc1 address 52:54:00:88:00:07 up
check "bridge keeps MTU 1400 with a port" sh -c \
	"ip netns exec $A ip -o link show dev vkdual | grep -q ' mtu 1400 '"

# IPv6: an address from router advertisements (SLAAC) in the RA-only
# network, a DHCPv6 lease in the other.
if until_ok 100 sh -c "ip netns exec $B ip -6 -o addr show dev vkc1 | grep -q ' fd00:88:2:0:'"; then
	pass "client got an IPv6 address by RA (SLAAC)"
else
	fail "client got an IPv6 address by RA (SLAAC)" \
		"$(inB ip -6 -o addr show dev vkc1 | tr '\n' '|')"
fi
inB ip -6 -o addr show dev vkc1 | grep -q ' fd00:88:1:0:[0-9a-f]*:[0-9a-f]*:[0-9a-f]*:[0-9a-f]*/64' &&
	fail "no SLAAC address in the DHCPv6 network" "$(inB ip -6 -o addr show dev vkc1 | tr '\n' '|')" ||
	pass "no SLAAC address in the DHCPv6 network"
if ! command -v dhclient > /dev/null 2>&1; then
	skip "DHCPv6 lease" "dhclient is not installed (package isc-dhcp-client)"
else
	until_ok 50 sh -c "ip netns exec $B ip -6 -o addr show dev vkc1 scope link | grep -vq tentative"
	inB timeout 30 dhclient -6 -1 -v -lf "$T/lease6" -pf "$T/dhc6.pid" \
		-sf /bin/true vkc1 > "$T/dhc6" 2>&1
	if grep -q 'iaaddr fd00:88:1::1[0-9a-f][0-9a-f] ' "$T/lease6" 2> /dev/null; then
		pass "DHCPv6 lease from the range"
	else
		fail "DHCPv6 lease from the range" "$(tail -n 5 "$T/dhc6" | tr '\n' '|')"
	fi
	[ -f "$T/dhc6.pid" ] && kill "$(cat "$T/dhc6.pid")" 2> /dev/null
	check "dnsmasq's lease file has the DHCPv6 lease" \
		grep -q ' fd00:88:1::1[0-9a-f][0-9a-f] ' "$VIRTKIT_ROOT"/var/lib/virtkit/network/dual.leases
fi

# DHCPv4 with the range's lease time (10 minutes).
printf '#!/bin/sh\n[ "$1" = bound ] && echo "ip=$ip lease=$lease" > %s\nexit 0\n' \
	"$T/dhcp4" > "$T/udhcpc.sh"
chmod +x "$T/udhcpc.sh"
inB busybox udhcpc -i vkc1 -n -q -f -t 10 -T 1 -s "$T/udhcpc.sh" > "$T/u" 2>&1
check "DHCPv4 lease of 600 s from the range" \
	grep -q '^ip=10\.88\.0\.1[0-4][0-9] lease=600$' "$T/dhcp4"

# net-dhcp-leases lists both from dnsmasq's lease file.
expect "net-dhcp-leases dual" 0 inA net-dhcp-leases --json dual
check "net-dhcp-leases: the DHCPv4 lease" grep -q \
	'"type": "ipv4", "mac": "52:54:00:88:00:07", "ip": "10\.88\.0\.1[0-4][0-9]", "prefix": 24' \
	"$T/out"
if command -v dhclient > /dev/null 2>&1; then
	check "net-dhcp-leases: the DHCPv6 lease" grep -q \
		'"type": "ipv6", "mac": null, "ip": "fd00:88:1::1[0-9a-f][0-9a-f]", "prefix": 64' \
		"$T/out"
fi

# DNS records, asked over IPv4 and IPv6.
inB ip addr add 10.88.0.7/24 dev vkc1
dns() { inB busybox nslookup "$@" > "$T/dns" 2>&1; }
dns db.dual.lan 10.88.0.1
check "DNS <host>: db.dual.lan is 10.88.0.50" grep -q '10\.88\.0\.50' "$T/dns"
dns files.dual.lan 10.88.0.1
check "DNS <host>: second hostname files.dual.lan" grep -q '10\.88\.0\.50' "$T/dns"
dns -type=aaaa db6.dual.lan fd00:88:1::1
check "DNS <host> over IPv6: db6.dual.lan is fd00:88:1::50" \
	grep -q 'fd00:88:1::50' "$T/dns"
dns -type=srv _ldap._tcp.dual.lan 10.88.0.1
check "DNS <srv>: _ldap._tcp.dual.lan" \
	grep -q '10 5 389 db\.dual\.lan' "$T/dns"
dns -type=txt info 10.88.0.1
check "DNS <txt>: info" grep -q 'hello "world"' "$T/dns"
dns nosuch.dual.lan 10.88.0.1
check "localOnly: an unknown name of the domain is NXDOMAIN here" \
	grep -qi "NXDOMAIN\|can't find" "$T/dns"

pid=$(inA net-info --json dual | sed -n 's/.*"dnsmasq_pid": \([0-9]*\).*/\1/p')
check "dnsmasq of dual is running" sh -c "[ -n '$pid' ] && kill -0 '$pid'"
expect "net-stop dual" 0 inA net-stop dual
nocheck "bridge vkdual gone" inA ip link show vkdual
nocheck "route gone" sh -c "ip netns exec $A ip route show 10.99.0.0/16 | grep -q via"
# (a zombie waiting for a reaper is gone too)
nocheck "dnsmasq gone" sh -c "[ -n '$pid' ] && grep -vq '^[0-9]* ([^)]*) Z' /proc/$pid/stat"
nocheck "nft table gone" inA nft list table ip virtkit

# ---- libvirt's dual-stack NAT example: IPv6 routed beside IPv4 NAT ----
expect "net-define libvirt's dual-stack NAT network" 0 \
	inA net-define "$DATA/network/lv-nat.xml"
inA sh -c 'echo 0 > /proc/sys/net/ipv6/conf/all/forwarding'
expect "net-start default (dual-stack NAT)" 0 inA net-start default
check "IPv6 forwarding on" sh -c \
	"[ \$(ip netns exec $A cat /proc/sys/net/ipv6/conf/all/forwarding) = 1 ]"
inA nft list chain ip6 virtkit fwd6-virbr0 > "$T/fw6" 2>&1
check "ip6 forward chain routes the IPv6 network out" grep -q \
	'iifname "virbr0" ip6 saddr 2001:db8:ca2:2::/64 accept' "$T/fw6"
check "ip6 forward chain routes it back in" grep -q \
	'oifname "virbr0" ip6 daddr 2001:db8:ca2:2::/64 accept' "$T/fw6"
check "ip6 forward chain rejects the rest" grep -q \
	'iifname "virbr0" reject' "$T/fw6"
check "IPv4 is still NAT'ed" sh -c \
	"ip netns exec $A nft list chain ip virtkit nat-virbr0 | grep -q masquerade"
expect "net-stop default" 0 inA net-stop default
check "IPv6 forwarding off again" sh -c \
	"[ \$(ip netns exec $A cat /proc/sys/net/ipv6/conf/all/forwarding) = 0 ]"
nocheck "ip6 table gone" inA nft list table ip6 virtkit
nocheck "ip table gone" inA nft list table ip virtkit
if command -v iptables > /dev/null 2>&1; then
	expect_err "IPv6 rules with iptables refused" 1 \
		"net-start: error: cannot start network 'default': cannot add the firewall rules of bridge 'virbr0': IPv6 firewall rules with iptables: not supported (ip6tables rules are not implemented; nftables is needed)" \
		env VIRTKIT_FIREWALL=iptables ip netns exec "$A" net-start default
	nocheck "nothing left by the refused start" inA ip link show virbr0
fi
expect "net-undefine default" 0 inA net-undefine default

# ---- macTableManager='libvirt': guest ports neither learn nor flood ----
printf "<network><name>mt</name><bridge name='vkmt' macTableManager='libvirt'/><ip address='10.91.0.1' prefix='24'/></network>\n" > "$T/mt.xml"
expect "net-define mt" 0 inA net-define "$T/mt.xml"
expect "net-start mt" 0 inA net-start mt
inA ip link add vkh2 type veth peer name vkc2 netns "$B"
inB ip link set vkc2 address 52:54:00:91:00:09 up
inB ip addr add 10.91.0.9/24 dev vkc2
expect "a guest port joins mt" 0 inA "$NETTOOL" join mt vkh2 52:54:00:91:00:09
inA ip link set vkh2 up
check "the port does not learn" sh -c \
	"[ \$(ip netns exec $A cat /sys/class/net/vkh2/brport/learning) = 0 ]"
check "the port gets no unknown unicast" sh -c \
	"[ \$(ip netns exec $A cat /sys/class/net/vkh2/brport/unicast_flood) = 0 ]"
check "the guest's MAC is a static entry" sh -c \
	"ip netns exec $A bridge fdb show dev vkh2 | grep -q '52:54:00:91:00:09 master vkmt static'"
# (STP holds a new port a few seconds before it forwards)
if until_ok 20 inA busybox ping -c 1 -W 1 10.91.0.9; then
	pass "the guest answers through the static entry"
else
	fail "the guest answers through the static entry" \
		"$(inA bridge fdb show dev vkh2 | tr '\n' '|')"
fi
expect "net-stop mt" 0 inA net-stop mt
inA ip link del vkh2 2> /dev/null

# ---- NAT address and port ranges ----
cat > "$T/nat.xml" <<'XML'
<network>
  <name>natr</name>
  <bridge name='vknatr'/>
  <forward mode='nat'>
    <nat>
      <address start='10.250.0.1' end='10.250.0.9'/>
      <port start='1024' end='2048'/>
    </nat>
  </forward>
  <ip address='10.89.0.1' prefix='24'/>
</network>
XML
expect "net-define natr" 0 inA net-define "$T/nat.xml"
expect "net-start natr" 0 inA net-start natr
inA nft list chain ip virtkit nat-vknatr > "$T/nat" 2>&1
check "nft: TCP into the port range" grep -q \
	'meta l4proto tcp snat to 10.250.0.1-10.250.0.9:1024-2048' "$T/nat"
check "nft: UDP into the port range" grep -q \
	'meta l4proto udp snat to 10.250.0.1-10.250.0.9:1024-2048' "$T/nat"
check "nft: the rest to the address range" sh -c \
	"grep -v l4proto $T/nat | grep -q 'snat to 10.250.0.1-10.250.0.9\$'"
expect "net-stop natr" 0 inA net-stop natr
nocheck "nft chain gone" inA nft list table ip virtkit
if command -v iptables > /dev/null 2>&1; then
	sed -e 's|<address .*/>||' "$T/nat.xml" > "$T/natp.xml"
	expect "net-define natr with ports only" 0 inA net-define "$T/natp.xml"
	VIRTKIT_FIREWALL=iptables inA net-start natr > "$T/out" 2>&1
	check "net-start with iptables" test $? -eq 0
	inA iptables -t nat -S VK-NAT-vknatr > "$T/nat" 2>&1
	check "iptables: TCP masqueraded into the ports" grep -q -- \
		'-p tcp -j MASQUERADE --to-ports 1024-2048' "$T/nat"
	check "iptables: the rest masqueraded" sh -c \
		"grep -v -- '-p ' $T/nat | grep -q -- '-j MASQUERADE\$'"
	VIRTKIT_FIREWALL=iptables inA net-stop natr > "$T/out" 2>&1
	check "net-stop with iptables" test $? -eq 0
	nocheck "iptables chain gone" inA iptables -t nat -S VK-NAT-vknatr
else
	skip "NAT ranges with iptables" "iptables is not installed"
fi

# ---- forward mode open: routed, no firewall rules ----
printf "<network><name>open</name><forward mode='open'/><bridge name='vkopen'/><ip address='10.90.0.1' prefix='24'/></network>\n" > "$T/open.xml"
expect "net-define open" 0 inA net-define "$T/open.xml"
inA sh -c 'echo 0 > /proc/sys/net/ipv4/ip_forward'
expect "net-start open" 0 inA net-start open
nocheck "no firewall rules for mode open" inA nft list table ip virtkit
check "IPv4 forwarding on" sh -c \
	"[ \$(ip netns exec $A cat /proc/sys/net/ipv4/ip_forward) = 1 ]"
expect "net-stop open" 0 inA net-stop open
check "IPv4 forwarding off again" sh -c \
	"[ \$(ip netns exec $A cat /proc/sys/net/ipv4/ip_forward) = 0 ]"

# ---- net-create: a transient network, gone once stopped ----
printf "<network><name>tmp</name><bridge name='vktmp'/><ip address='10.92.0.1' prefix='24'/></network>\n" > "$T/tmp.xml"
expect "net-create tmp" 0 inA net-create "$T/tmp.xml"
check "its bridge is up with its address" sh -c \
	"ip netns exec $A ip -o addr show dev vktmp | grep -q ' 10.92.0.1/24 '"
expect "net-list shows it" 0 inA net-list --json
check "active and not persistent" grep -q \
	'"name": "tmp".*"state": "active".*"persistent": false' "$T/out"
expect_err "net-create of a name in use" 5 \
	"net-create: error: network 'tmp' already exists" \
	inA net-create "$T/tmp.xml"
sed 's/<name>tmp</<name>tmp2</; s/vktmp/vktmp2/' "$T/tmp.xml" > "$T/tmp2.xml"
expect_err "net-create overlapping an active network" 5 \
	"net-create: error: address range 10.92.0.0/24 overlaps network 'tmp' (10.92.0.0/24)" \
	inA net-create "$T/tmp2.xml"
expect_err "net-edit of a transient network" 5 \
	"net-edit: error: network 'tmp' is transient: it has no config to edit" \
	env EDITOR=true ip netns exec "$A" net-edit tmp
expect "net-stop tmp" 0 inA net-stop tmp
expect_err "the transient network is gone" 4 \
	"net-info: error: network 'tmp' not found" inA net-info tmp
nocheck "and its bridge" inA ip link show vktmp

# ---- forward mode bridge: the host's bridge, nothing made ----
printf "<network><name>hb</name><forward mode='bridge'/><bridge name='vkhost0'/></network>\n" > "$T/hb.xml"
expect "net-define hb" 0 inA net-define "$T/hb.xml"
expect_err "net-start hb without the host bridge" 4 \
	"net-start: error: cannot start network 'hb': host bridge 'vkhost0' does not exist" \
	inA net-start hb
inA ip link add vkhost0 type bridge
expect "net-start hb" 0 inA net-start hb
expect "guests of hb join the host bridge" 0 inA "$NETTOOL" lookup hb
echo vkhost0 > "$T/want"
same "the lookup names vkhost0" "$T/want" "$T/out"
nocheck "no dnsmasq for mode bridge" sh -c \
	"ip netns exec $A net-info --json hb | grep -q '\"dnsmasq_pid\": [0-9]'"
expect "net-stop hb" 0 inA net-stop hb
check "the host bridge stays" inA ip link show vkhost0
