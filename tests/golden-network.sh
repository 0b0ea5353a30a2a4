#!/bin/sh
# Golden test of the network XML parser and canonical writer, its
# rejections, and schemas/network.rng on its own:
#   golden:network/NAME    "netxml NAME.xml" prints exactly NAME.out.xml
#   fixpoint:network/NAME  "netxml NAME.out.xml" prints it unchanged
#   dnsmasq:network/NAME   "netxml --dnsmasq NAME.xml" prints exactly
#                          NAME.dnsmasq.conf (networks with an address)
#   dnsmasq-test:network/NAME  dnsmasq --test accepts NAME.dnsmasq.conf
#   reject:network/NAME    tests/data/network-reject/NAME.xml exits 3 with
#                          exactly the one line in NAME.err on stderr
#   schema:network/...     the golden documents validate with xmllint;
#                          the *-invalid.xml rejections do not
#   lv-schema:network/NAME NAME.out.xml passes libvirt's own network.rng
#                          (what net-dumpxml writes)
# REGENERATE=1 writes NAME.out.xml and NAME.err from the current output
# instead of comparing (review every change before committing it).
. "$TOP/tests/lib.sh"

NETXML=$BUILD/tools/netxml
if [ ! -x "$NETXML" ]; then
	fail golden-network "$NETXML is not built"
	exit 0
fi

cd "$DATA/network" || exit 1
for f in *.xml; do
	case $f in *.out.xml) continue ;; esac
	n=${f%.xml}
	if ! "$NETXML" "$f" > "$T/out" 2> "$T/err"; then
		fail "golden:network/$n" "netxml failed: $(head -c 300 "$T/err")"
		continue
	fi
	if [ -n "${REGENERATE:-}" ]; then
		cp "$T/out" "$n.out.xml"
		pass "golden:network/$n (regenerated)"
	elif [ ! -f "$n.out.xml" ]; then
		fail "golden:network/$n" "no $n.out.xml"
		continue
	else
		same "golden:network/$n" "$n.out.xml" "$T/out"
	fi
	"$NETXML" "$n.out.xml" > "$T/out2" 2> "$T/err"
	same "fixpoint:network/$n" "$n.out.xml" "$T/out2"
	grep -q '<ip ' "$f" || continue
	"$NETXML" --dnsmasq "$f" > "$T/conf" 2> "$T/err"
	if [ -n "${REGENERATE:-}" ]; then
		cp "$T/conf" "$n.dnsmasq.conf"
		pass "dnsmasq:network/$n (regenerated)"
	elif [ ! -f "$n.dnsmasq.conf" ]; then
		fail "dnsmasq:network/$n" "no $n.dnsmasq.conf"
	else
		same "dnsmasq:network/$n" "$n.dnsmasq.conf" "$T/conf"
	fi
	if ! command -v dnsmasq > /dev/null && ! [ -x /usr/sbin/dnsmasq ]; then
		skip "dnsmasq-test:network/$n" "dnsmasq is not installed"
		continue
	fi
	sed "s|/RUN/|$T/|; s|/CONFIG/|$T/|" "$T/conf" > "$T/test.conf"
	if PATH=$PATH:/usr/sbin dnsmasq --test --conf-file="$T/test.conf" \
	    > "$T/out" 2>&1; then
		pass "dnsmasq-test:network/$n"
	else
		fail "dnsmasq-test:network/$n" "$(head -n 2 "$T/out" | tr '\n' '|')"
	fi
done

cd "$DATA/network-reject" || exit 1
for f in *.xml; do
	n=${f%.xml}
	"$NETXML" "$f" > "$T/out" 2> "$T/err"
	rc=$?
	if [ "$rc" -ne 3 ]; then
		fail "reject:network/$n" "exit $rc, wanted 3: $(head -c 300 "$T/err")"
	elif [ -s "$T/out" ] || [ "$(wc -l < "$T/err")" -ne 1 ]; then
		fail "reject:network/$n" "not one error line and nothing else"
	elif [ -n "${REGENERATE:-}" ]; then
		cp "$T/err" "$n.err"
		pass "reject:network/$n (regenerated)"
	elif [ ! -f "$n.err" ]; then
		fail "reject:network/$n" "no $n.err; got: $(cat "$T/err")"
	else
		same "reject:network/$n" "$n.err" "$T/err"
	fi
done

# xml-validate knows network documents and uses the parser's checks.
expect "xml-validate network" 0 xml-validate "$DATA/network/full.xml"
expect_err "xml-validate network rejection" 3 \
	"xml-validate: error: range-outside.xml:1: <range>: 192.168.2.10 is outside the network 192.168.1.0/24" \
	xml-validate range-outside.xml
expect "xml-validate contrib/networks/default.xml" 0 \
	xml-validate "$TOP/contrib/networks/default.xml"

if ! command -v xmllint > /dev/null; then
	skip "schema:network" "xmllint is not installed (package libxml2-utils)"
	exit 0
fi
SCHEMA=$TOP/schemas/network.rng
for f in "$DATA"/network/*.xml "$TOP/contrib/networks/default.xml"; do
	n=schema:network/$(basename "$f")
	if xmllint --noout --relaxng "$SCHEMA" "$f" > "$T/out" 2>&1; then
		pass "$n"
	else
		fail "$n" "does not validate: $(grep -v 'fails to validate' \
			"$T/out" | head -n 3 | tr '\n' '|')"
	fi
done
LV_NETWORK_RNG=${LV_NETWORK_RNG:-/usr/share/libvirt/schemas/network.rng}
for f in "$DATA"/network/*.out.xml; do
	n=lv-schema:network/$(basename "$f" .out.xml)
	if [ ! -f "$LV_NETWORK_RNG" ]; then
		skip "$n" "no $LV_NETWORK_RNG (Debian package libvirt0)"
	elif grep -q "<domain [^>]*register=" "$f"; then
		skip "$n" "<domain register> is newer than this libvirt schema"
	elif xmllint --noout --relaxng "$LV_NETWORK_RNG" "$f" > "$T/out" 2>&1
	then
		pass "$n"
	else
		fail "$n" "libvirt's network.rng: $(grep -v 'fails to validate' \
			"$T/out" | head -n 3 | tr '\n' '|')"
	fi
done
for f in "$DATA"/network-reject/*-invalid.xml; do
	n=schema:network-reject/$(basename "$f")
	xmllint --noout --relaxng "$SCHEMA" "$f" > "$T/out" 2>&1
	case $? in
	3) pass "$n" ;;
	0) fail "$n" "validates, but the schema must reject it" ;;
	*) fail "$n" "xmllint failed: $(head -n 2 "$T/out" | tr '\n' '|')" ;;
	esac
done
