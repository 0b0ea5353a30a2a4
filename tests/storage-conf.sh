#!/bin/sh
# Pool and volume XML: golden, rejection and schema tests.
#   golden:pool/NAME, golden:volume/NAME  "storxml NAME.xml" prints
#       exactly NAME.out.xml (NAME.opts: storxml options for both runs);
#   fixpoint:...  the canonical output parses to itself;
#   reject:NAME   tests/data/storage-reject/NAME.xml exits 3 with the
#       one line NAME.err on stderr;
#   schema:...    inputs and outputs validate against schemas/pool.rng
#       or volume.rng with xmllint; *-invalid.xml rejects must not;
#   xml-validate  accepts pools and volumes and rejects like storxml;
#   lv-schema:... every canonical output passes libvirt's own
#       storagepool.rng or storagevol.rng (SKIP when not installed);
#       DATA/KIND/libvirt-schema.known lists those that cannot (NAME
#       REASON), which are SKIP with the reason and FAIL once they pass.
# gen-*.xml have no uuid: the generated one is masked.  REGENERATE=1
# rewrites NAME.out.xml and NAME.err (review every change).
. "$TOP/tests/lib.sh"

STORXML=$BUILD/tools/storxml
if [ ! -x "$STORXML" ]; then
	fail storage-conf "$STORXML is not built"
	exit 0
fi

mask() {
	sed -E 's|<uuid>[0-9a-f]{8}-[0-9a-f]{4}-4[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}</uuid>|<uuid>00000000-0000-4000-8000-000000000000</uuid>|'
}

for kind in pool volume; do
	cd "$DATA/$kind" || exit 1
	for f in *.xml; do
		case $f in *.out.xml) continue ;; esac
		n=${f%.xml}
		opts=
		[ -f "$n.opts" ] && opts=$(cat "$n.opts")
		# $opts is split into words on purpose.
		if ! "$STORXML" $opts "$f" > "$T/out" 2> "$T/err"; then
			fail "golden:$kind/$n" "$(head -c 300 "$T/err")"
			continue
		fi
		case $n in
		gen-*) mask < "$T/out" > "$T/cmp" ;;
		*) cp "$T/out" "$T/cmp" ;;
		esac
		if [ -n "${REGENERATE:-}" ]; then
			cp "$T/cmp" "$n.out.xml"
			pass "golden:$kind/$n (regenerated)"
		elif [ ! -f "$n.out.xml" ]; then
			fail "golden:$kind/$n" "no $n.out.xml"
		else
			same "golden:$kind/$n" "$n.out.xml" "$T/cmp"
		fi
		cp "$T/out" "$T/canon.xml"
		if "$STORXML" $opts "$T/canon.xml" > "$T/out2" 2> "$T/err"
		then
			same "fixpoint:$kind/$n" "$T/canon.xml" "$T/out2"
		else
			fail "fixpoint:$kind/$n" "$(head -c 300 "$T/err")"
		fi
	done
done

cd "$DATA/storage-reject" || exit 1
for f in *.xml; do
	n=${f%.xml}
	opts=
	[ -f "$n.opts" ] && opts=$(cat "$n.opts")
	"$STORXML" $opts "$f" > "$T/out" 2> "$T/err"
	rc=$?
	if [ "$rc" -ne 3 ]; then
		fail "reject:$n" "exit $rc, wanted 3: $(head -c 300 "$T/err")"
		continue
	fi
	if [ -s "$T/out" ] || [ "$(wc -l < "$T/err")" -ne 1 ]; then
		fail "reject:$n" "not one error line: $(head -c 300 "$T/err" |
			tr '\n' '|')"
		continue
	fi
	if [ -n "${REGENERATE:-}" ]; then
		cp "$T/err" "$n.err"
		pass "reject:$n (regenerated)"
	elif [ ! -f "$n.err" ]; then
		fail "reject:$n" "no $n.err; got: $(cat "$T/err")"
	else
		same "reject:$n" "$n.err" "$T/err"
	fi
	# xml-validate gives the same verdict (without a pool type).
	[ -f "$n.opts" ] && continue
	expect "xml-validate rejects $n" 3 xml-validate "$f"
done

cd "$DATA" || exit 1
expect "xml-validate pools and volumes" 0 xml-validate pool/dir-basic.xml \
	volume/units.xml pool/iscsi.out.xml volume/extents.out.xml

if ! command -v xmllint > /dev/null; then
	skip "storage schemas" "xmllint is not installed (libxml2-utils)"
	exit 0
fi
for kind in pool volume; do
	for f in "$kind"/*.xml; do
		if xmllint --noout --relaxng "$TOP/schemas/$kind.rng" "$f" \
			> "$T/out" 2>&1; then
			pass "schema:$f"
		else
			fail "schema:$f" "$(grep -v 'fails to validate' \
				"$T/out" | head -n 2 | tr '\n' '|')"
		fi
	done
done
for f in storage-reject/*-invalid.xml; do
	case $f in */pool-*) s=pool ;; *) s=volume ;; esac
	xmllint --noout --relaxng "$TOP/schemas/$s.rng" "$f" > "$T/out" 2>&1
	case $? in
	3) pass "schema:$f" ;;
	0) fail "schema:$f" "validates, but the schema must reject it" ;;
	*) fail "schema:$f" "xmllint: $(head -n 2 "$T/out" | tr '\n' '|')" ;;
	esac
done

for kind in pool volume; do
	case $kind in pool) rng=storagepool.rng ;; *) rng=storagevol.rng ;; esac
	rng=/usr/share/libvirt/schemas/$rng
	for f in "$kind"/*.out.xml; do
		n=$(basename "$f" .out.xml)
		why=$(awk -v n="$n" '$1 == n { $1 = ""; sub(/^ /, ""); print; exit }' \
			"$kind/libvirt-schema.known" 2> /dev/null)
		if [ ! -f "$rng" ]; then
			skip "lv-schema:$kind/$n" "no $rng (Debian package libvirt0)"
		elif xmllint --noout --relaxng "$rng" "$f" > "$T/out" 2>&1; then
			if [ -n "$why" ]; then
				fail "lv-schema:$kind/$n" "validates now: remove it from $kind/libvirt-schema.known"
			else
				pass "lv-schema:$kind/$n"
			fi
		elif [ -n "$why" ]; then
			skip "lv-schema:$kind/$n" "known: $why"
		else
			fail "lv-schema:$kind/$n" "$(grep -v 'fails to validate' \
				"$T/out" | head -n 2 | tr '\n' '|')"
		fi
	done
done
