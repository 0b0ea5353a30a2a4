#!/bin/sh
# The network commands on their store, no host changes: define (and the
# conflicts with other networks), list, info, dumpxml, autostart,
# undefine; session mode and the test driver refuse net-start.
. "$TOP/tests/lib.sh"

export VIRTKIT_DEFAULT_URI=qemu:///system
# The default network with a fixed uuid (contrib's has none).
DEF=$DATA/network/default.xml
net() { printf "<network><name>%s</name>%s</network>\n" "$1" "$2"; }

expect "net-list empty" 0 net-list --all --name
same "net-list empty prints nothing" /dev/null "$T/out"
expect "net-define default" 0 net-define "$DEF"
expect "net-list --all --name" 0 net-list --all --name
echo default > "$T/want"
same "net-list --all --name lists default" "$T/want" "$T/out"
expect "net-list (active only)" 0 net-list --name
same "no active network" /dev/null "$T/out"
expect "net-list --all --json" 0 net-list --all --json
printf '[\n  {"name": "default", "uuid": "6f1c2a44-8d0b-4c5e-9a57-3b2f0e7d9c11", "state": "inactive", "bridge": "vkbr0", "persistent": true, "autostart": false}\n]\n' > "$T/want"
same "net-list --json" "$T/want" "$T/out"
expect "net-info" 0 net-info default
printf '%s\n' "Name:           default" \
	"UUID:           6f1c2a44-8d0b-4c5e-9a57-3b2f0e7d9c11" \
	"State:          inactive" "Persistent:     yes" \
	"Autostart:      no" "Bridge:         vkbr0" "Forward:        nat" \
	"Address:        192.168.122.1/24" > "$T/want"
same "net-info text" "$T/want" "$T/out"
expect "net-info by uuid" 0 net-info --json 6f1c2a44-8d0b-4c5e-9a57-3b2f0e7d9c11
grep -q '"name": "default"' "$T/out" && pass "net-info --json by uuid" ||
	fail "net-info --json by uuid" "$(cat "$T/out")"
expect "net-dumpxml" 0 net-dumpxml default
grep -v '<mac ' "$T/out" > "$T/nomac.xml"
same "net-dumpxml is the canonical form" "$DATA/network/default.out.xml" "$T/nomac.xml"
grep -q "^  <mac address='52:54:00:[0-9a-f:]*'/>\$" "$T/out" &&
	pass "net-define generates the bridge's MAC" ||
	fail "net-define generates the bridge's MAC" "$(tr '\n' '|' < "$T/out")"
cp "$T/out" "$T/again.xml"
expect "net-define of its own dumpxml" 0 net-define "$T/again.xml"
expect "net-define without a MAC again" 0 net-define "$DEF"
expect "net-dumpxml after the update" 0 net-dumpxml default
same "an update keeps the generated MAC" "$T/again.xml" "$T/out"

# Conflicts with other networks.
net other "<bridge name='vkbr0'/>" > "$T/a.xml"
expect_err "duplicate bridge name" 5 \
	"net-define: error: bridge 'vkbr0' is taken by network 'default'" \
	net-define "$T/a.xml"
net other "<ip address='192.168.0.1' prefix='16'/>" > "$T/a.xml"
expect_err "overlapping address range" 5 \
	"net-define: error: address range 192.168.0.0/16 overlaps network 'default' (192.168.122.0/24)" \
	net-define "$T/a.xml"
net default "<uuid>11111111-2222-4333-8444-555555555555</uuid>" > "$T/a.xml"
expect_err "same name, other uuid" 5 \
	"net-define: error: network 'default' already exists with uuid 6f1c2a44-8d0b-4c5e-9a57-3b2f0e7d9c11" \
	net-define "$T/a.xml"
net other "<uuid>6f1c2a44-8d0b-4c5e-9a57-3b2f0e7d9c11</uuid>" > "$T/a.xml"
expect_err "same uuid, other name" 5 \
	"net-define: error: uuid 6f1c2a44-8d0b-4c5e-9a57-3b2f0e7d9c11 is taken by network 'default'" \
	net-define "$T/a.xml"
net "other" "<ip address='10.5.0.1' prefix='24'/>" > "$T/a.xml"
expect "a network without a bridge name" 0 net-define "$T/a.xml"
net-dumpxml other | grep -q "<bridge name='vkbr1' " &&
	pass "bridge vkbr1 chosen" ||
	fail "bridge vkbr1 chosen" "$(net-dumpxml other 2>&1 | tr '\n' '|')"
expect_err "rejected document" 3 \
	"net-define: error: $DATA/network-reject/range-reversed.xml:1: <range>: start 192.168.1.200 is after end 192.168.1.100" \
	net-define "$DATA/network-reject/range-reversed.xml"

# net-dhcp-leases reads dnsmasq's lease file (kept while stopped):
# expired leases are left out, IPv6 ones come after the "duid" line.
L=$VIRTKIT_ROOT/var/lib/virtkit/network
expect "net-dhcp-leases without a lease file" 0 net-dhcp-leases --json default
echo "[]" > "$T/want"
same "no lease file, no lease" "$T/want" "$T/out"
mkdir -p "$L"
cat > "$L/default.leases" <<'EOF2'
1999999999 52:54:00:11:22:33 192.168.122.50 web 01:52:54:00:11:22:33
0 52:54:00:11:22:44 192.168.122.51 * *
1000 52:54:00:11:22:55 192.168.122.52 old *
duid 00:01:00:01:2c:5e:11:22:52:54:00:aa:bb:cc
1999999999 1234 2001:db8::5 v6host 00:01:00:01:aa:bb:cc:dd
EOF2
expect "net-dhcp-leases --json" 0 net-dhcp-leases --json default
cat > "$T/want" <<'EOF2'
[
  {"expiry": 1999999999, "type": "ipv4", "mac": "52:54:00:11:22:33", "ip": "192.168.122.50", "prefix": 24, "hostname": "web", "clientid": "01:52:54:00:11:22:33", "iaid": null},
  {"expiry": 0, "type": "ipv4", "mac": "52:54:00:11:22:44", "ip": "192.168.122.51", "prefix": 24, "hostname": null, "clientid": null, "iaid": null},
  {"expiry": 1999999999, "type": "ipv6", "mac": null, "ip": "2001:db8::5", "prefix": 0, "hostname": "v6host", "clientid": "00:01:00:01:aa:bb:cc:dd", "iaid": "1234"}
]
EOF2
same "net-dhcp-leases --json: live leases of both families" "$T/want" "$T/out"
expect "net-dhcp-leases table" 0 env TZ=UTC net-dhcp-leases default
sed -n 3p "$T/out" | tr -s ' ' > "$T/row"
echo " 2033-05-18 03:33:19 52:54:00:11:22:33 ipv4 192.168.122.50/24 web 01:52:54:00:11:22:33" > "$T/want"
same "net-dhcp-leases table row" "$T/want" "$T/row"
[ "$(wc -l < "$T/out")" -eq 5 ] && pass "net-dhcp-leases: header, rule, 3 leases" ||
	fail "net-dhcp-leases: header, rule, 3 leases" "$(tr '\n' '|' < "$T/out")"
expect "net-dhcp-leases --mac (either case)" 0 \
	net-dhcp-leases --json --mac 52:54:00:11:22:44 default
grep -c '"mac"' "$T/out" | grep -qx 1 && grep -q '192.168.122.51' "$T/out" &&
	pass "--mac keeps that client's lease" ||
	fail "--mac keeps that client's lease" "$(tr '\n' '|' < "$T/out")"
expect_err "net-dhcp-leases --mac that is not one" 2 \
	"net-dhcp-leases: error: --mac 'zz' is not a MAC address (see net-dhcp-leases --help)" \
	net-dhcp-leases --mac zz default
echo "garbage" >> "$L/default.leases"
expect_err "a lease file dnsmasq did not write" 1 \
	"net-dhcp-leases: error: $L/default.leases:6: not a dnsmasq lease line" \
	net-dhcp-leases default
expect_err "net-dhcp-leases of a missing network" 4 \
	"net-dhcp-leases: error: network 'nosuch' not found" \
	net-dhcp-leases nosuch

# net-edit: a scripted editor changes the config; a broken edit, or one
# that renames the network, keeps it.  The temp file goes.
TMPDIR=$T/tmp
export TMPDIR
mkdir -p "$TMPDIR"
CFG=$VIRTKIT_ROOT/var/lib/virtkit/network/default.xml
printf '#!/bin/sh\nsed -i "s/192.168.122.254/192.168.122.200/" "$1"\n' > "$T/ed-range"
printf '#!/bin/sh\nsed -i "s/<range /<rnage /" "$1"\n' > "$T/ed-break"
printf '#!/bin/sh\nsed -i "s/<name>default</<name>other2</" "$1"\n' > "$T/ed-rename"
chmod +x "$T/ed-range" "$T/ed-break" "$T/ed-rename"
cp "$CFG" "$T/before.xml"
EDITOR=true expect "net-edit unchanged" 0 net-edit default
echo "Network default XML configuration not changed." > "$T/want"
same "net-edit says unchanged" "$T/want" "$T/out"
EDITOR=$T/ed-break expect "net-edit with a typo" 3 net-edit default < /dev/null
grep -q "unknown element <rnage>" "$T/err" && pass "net-edit names the typo" ||
	fail "net-edit names the typo" "$(cat "$T/err")"
same "a broken edit keeps the config" "$T/before.xml" "$CFG"
EDITOR=$T/ed-rename expect_err "net-edit refuses a rename" 3 \
	"net-edit: error: the edit renames network 'default' to 'other2': net-edit keeps the name" \
	net-edit default < /dev/null
same "a rename keeps the config" "$T/before.xml" "$CFG"
VISUAL=$T/ed-range expect "net-edit applies the edit" 0 net-edit default
grep -q "<range start='192.168.122.2' end='192.168.122.200'/>" "$CFG" &&
	pass "the edited range is defined" ||
	fail "the edited range is defined" "$(grep range "$CFG")"
EDITOR=/nonexistent/editor expect "net-edit without an editor" 1 net-edit default
[ -z "$(ls -A "$TMPDIR")" ] && pass "net-edit leaves no temp file" ||
	fail "net-edit leaves no temp file" "$(ls -A "$TMPDIR")"
unset TMPDIR

# Autostart and undefine.
expect "net-autostart" 0 net-autostart default
expect "net-list --json after autostart" 0 net-list --all --json
grep -q '"name": "default".*"autostart": true' "$T/out" &&
	pass "autostart shows" || fail "autostart shows" "$(cat "$T/out")"
expect "net-autostart --disable" 0 net-autostart --disable default
expect_err "net-info of a missing network" 4 \
	"net-info: error: network 'nosuch' not found" net-info nosuch
expect_err "net-stop of an inactive network" 5 \
	"net-stop: error: network 'default' is not active" net-stop default
expect "net-undefine" 0 net-undefine other
expect_err "undefined network is gone" 4 \
	"net-dumpxml: error: network 'other' not found" net-dumpxml other
expect_err "net-start needs a NETWORK" 2 \
	"net-start: error: missing argument: NETWORK (see net-start --help)" \
	net-start
expect_err "net-list takes no argument" 2 \
	"net-list: error: unexpected argument 'x' (see net-list --help)" \
	net-list x

# Session mode and the test driver keep configs but start nothing.
expect "session net-define of contrib's default.xml" 0 \
	net-define -c qemu:///session "$TOP/contrib/networks/default.xml"
expect_err "session net-start refused" 1 \
	"net-start: error: network 'default' cannot start in session mode: networks need root (session guests use user networking)" \
	net-start -c qemu:///session default
expect_err "session net-create refused" 1 \
	"net-create: error: network 'default' cannot start in session mode: networks need root (session guests use user networking)" \
	net-create -c qemu:///session "$DEF"
expect_err "test driver net-create refused" 1 \
	"net-create: error: start network: operation not supported by the test driver" \
	net-create -c test:///default "$DEF"
expect "test driver net-define" 0 net-define -c test:///default "$DEF"
expect_err "test driver net-start refused" 1 \
	"net-start: error: start network: operation not supported by the test driver" \
	net-start -c test:///default default
