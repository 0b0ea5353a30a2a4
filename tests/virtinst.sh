#!/bin/sh
# The virt-install and libvirt corpus (tests/data/virtinst/, see its
# README): documents libvirt users have, read by virtkit.  For each
# NAME.xml (not *.out.xml):
#   virtinst:NAME           "domxml NAME.xml" prints exactly NAME.out.xml
#   virtinst-fixpoint:NAME  "domxml NAME.out.xml" prints it unchanged
#   virtinst-validate:NAME  "xml-validate NAME.xml" accepts it (exit 0,
#                           "NAME.xml validates")
#   virtinst-lv-schema:NAME NAME.out.xml passes libvirt's own domain.rng
#                           (SKIP when libvirt0 is not installed)
#   virtinst-argv:NAME      (type qemu or kvm) "xml-convert --from
#                           domain-xml --to qemu-argv" builds a command
#                           line, or refuses (exit 1) with "not supported
#                           by the qemu driver (reason)"; which one, and the
#                           refusal's words, are in qemu-argv.expected
#                           ("NAME argv" or "NAME refused: MESSAGE")
# A document listed in tests/data/virtinst/pending ("NAME why") is one
# virtkit cannot read yet: while domxml fails on it, its rows are SKIP
# "pending: <first error line>"; once it parses, it is tested as any
# other once its NAME.out.xml is committed (until then SKIP saying so).
# REGENERATE=1 writes NAME.out.xml and qemu-argv.expected from the
# current output instead of comparing (review every change).
. "$TOP/tests/lib.sh"

DOMXML=$BUILD/tools/domxml
if [ ! -x "$DOMXML" ]; then
	fail virtinst "$DOMXML is not built"
	exit 0
fi
# The "default" dir pool of gen/node.xml, with the volume fd-disks
# names: parse does not need it, but xml-convert --to qemu-argv does
# (a <disk type='volume'> becomes the volume's path).
mkdir -p "$T/pool"
echo "<pool type='dir'><name>default</name><target><path>$T/pool</path></target></pool>" > "$T/pool.xml"
echo "<volume><name>data.raw</name><capacity unit='M'>1</capacity><target><format type='raw'/></target></volume>" > "$T/vol.xml"
if ! pool-define "$T/pool.xml" > "$T/err" 2>&1 || ! pool-start default > "$T/err" 2>&1 ||
    ! vol-create default "$T/vol.xml" > "$T/err" 2>&1; then
	fail virtinst-pool "the pool 'default': $(head -c 300 "$T/err")"
fi
cd "$DATA/virtinst" || exit 1
EXPECTED=qemu-argv.expected
[ -n "${REGENERATE:-}" ] && : > "$T/expected.new"

listed() { awk -v n="$2" '$1 == n { found = 1 } END { exit !found }' "$1" 2> /dev/null; }

for f in *.xml; do
	case $f in *.out.xml) continue ;; esac
	n=${f%.xml}
	if ! "$DOMXML" "$f" > "$T/out" 2> "$T/err"; then
		if listed pending "$n"; then
			why="pending: $(head -n 1 "$T/err" | head -c 300)"
			for t in virtinst virtinst-fixpoint virtinst-lv-schema virtinst-argv; do
				skip "$t:$n" "$why"
			done
		else
			fail "virtinst:$n" "domxml failed: $(head -c 300 "$T/err")"
		fi
		continue
	fi
	if [ -n "${REGENERATE:-}" ]; then
		cp "$T/out" "$n.out.xml"
		pass "virtinst:$n (regenerated)"
	elif [ ! -f "$n.out.xml" ]; then
		# Another group's change made it parse: not a failure of
		# that change, but say so loudly.
		if listed pending "$n"; then
			skip "virtinst:$n" "pending, but parses now: REGENERATE=1, review and commit $n.out.xml, remove $n from pending"
		else
			fail "virtinst:$n" "parses, but no $n.out.xml (REGENERATE=1, review it, commit it)"
		fi
		continue
	else
		same "virtinst:$n" "$n.out.xml" "$T/out"
	fi
	if listed pending "$n"; then
		fail "virtinst-pending:$n" "parses now: remove it from tests/data/virtinst/pending"
	fi

	if ! "$DOMXML" "$n.out.xml" > "$T/out2" 2> "$T/err"; then
		fail "virtinst-fixpoint:$n" "domxml failed: $(head -c 300 "$T/err")"
	else
		same "virtinst-fixpoint:$n" "$n.out.xml" "$T/out2"
	fi

	if xml-validate "$f" > "$T/val" 2> "$T/err" && grep -q 'validates' "$T/val"; then
		pass "virtinst-validate:$n"
	else
		fail "virtinst-validate:$n" "$(cat "$T/val" "$T/err" | head -c 300)"
	fi

	lv_schema "virtinst-lv-schema:$n" "$n.out.xml"

	case $(sed -n "s/^<domain[^>]* type=['\"]\([a-z]*\)['\"].*/\1/p" "$n.out.xml" | head -n 1) in
	qemu|kvm) ;;
	*) continue ;;
	esac
	xml-convert --from domain-xml --to qemu-argv "$n.out.xml" \
		> "$T/argv" 2> "$T/err"
	rc=$?
	if [ $rc -eq 0 ] && [ -s "$T/argv" ] && [ ! -s "$T/err" ]; then
		got="$n argv"
	elif [ $rc -eq 1 ] && [ "$(wc -l < "$T/err")" -eq 1 ] &&
	    grep -q ': not supported by the qemu driver' "$T/err"; then
		got="$n refused: $(cat "$T/err")"
	else
		fail "virtinst-argv:$n" "exit $rc, neither a command line nor one refusal: $(head -c 300 "$T/err" | tr '\n' '|')"
		continue
	fi
	if [ -n "${REGENERATE:-}" ]; then
		echo "$got" >> "$T/expected.new"
		pass "virtinst-argv:$n (regenerated)"
		continue
	fi
	want=$(awk -v n="$n" '$1 == n { print; exit }' "$EXPECTED" 2> /dev/null)
	if [ "$got" = "$want" ]; then
		pass "virtinst-argv:$n"
	else
		fail "virtinst-argv:$n" "got '$got', $EXPECTED says '${want:-nothing}'"
	fi
done
if [ -n "${REGENERATE:-}" ]; then
	sort "$T/expected.new" > "$EXPECTED"
fi
