#!/bin/sh
# Secret XML: golden, rejection and schema tests.
#   golden:secret/NAME    "secxml NAME.xml" prints exactly NAME.out.xml
#                         (gen-*.xml have no uuid: the generated one is
#                         masked)
#   fixpoint:secret/NAME  the canonical output parses to itself
#   lv-schema:secret/NAME the canonical output passes libvirt's own
#                         secret.rng (SKIP when libvirt0 is missing)
#   reject:secret/NAME    tests/data/secret-reject/NAME.xml exits 3 with
#                         exactly the one line NAME.err on stderr
#   schema:secret/...     inputs validate against schemas/secret.rng;
#                         the *-invalid.xml rejections that libvirt's
#                         schema refuses too do not
# REGENERATE=1 rewrites NAME.out.xml and NAME.err (review every change).
. "$TOP/tests/lib.sh"

SECXML=$BUILD/tools/secxml
LV_SECRET_RNG=${LV_SECRET_RNG:-/usr/share/libvirt/schemas/secret.rng}
if [ ! -x "$SECXML" ]; then
	fail secret-conf "$SECXML is not built"
	exit 0
fi

mask() {
	sed -E 's|<uuid>[0-9a-f]{8}-[0-9a-f]{4}-4[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}</uuid>|<uuid>00000000-0000-4000-8000-000000000000</uuid>|'
}

cd "$DATA/secret" || exit 1
for f in *.xml; do
	case $f in *.out.xml) continue ;; esac
	n=${f%.xml}
	if ! "$SECXML" "$f" > "$T/out" 2> "$T/err"; then
		fail "golden:secret/$n" "$(head -c 300 "$T/err")"
		continue
	fi
	case $n in
	gen-*) mask < "$T/out" > "$T/cmp" ;;
	*) cp "$T/out" "$T/cmp" ;;
	esac
	golden "golden:secret/$n" "$n.out.xml" "$T/cmp"
	cp "$T/out" "$T/canon.xml"
	"$SECXML" "$T/canon.xml" > "$T/out2" 2>&1
	same "fixpoint:secret/$n" "$T/canon.xml" "$T/out2"
	rng_check "lv-schema:secret/$n" "$LV_SECRET_RNG" "$T/canon.xml" 0
	rng_check "schema:secret/$f" "$TOP/schemas/secret.rng" "$f" 0
done

cd "$DATA/secret-reject" || exit 1
for f in *.xml; do
	n=${f%.xml}
	reject "reject:secret/$n" "$n.err" "$SECXML" "$f"
	# What libvirt's schema refuses, ours does too (the parser alone
	# checks the rest).
	[ -f "$LV_SECRET_RNG" ] &&
		! xmllint --noout --relaxng "$LV_SECRET_RNG" "$f" \
			> /dev/null 2>&1 &&
		rng_check "schema:secret-reject/$f" "$TOP/schemas/secret.rng" \
			"$f" 3
done

# xml-validate knows secret documents and uses the parser's checks.
expect "xml-validate secret" 0 xml-validate "$DATA/secret/volume.xml"
expect_err "xml-validate secret rejection" 3 \
	"xml-validate: error: wrong-usage-child-invalid.xml:2: <usage>: a ceph usage takes <name>, not <volume>" \
	xml-validate wrong-usage-child-invalid.xml
