# Every rejection document through vm-define: exit code 3 (4 for a
# missing file), one precise line, and the store byte-for-byte unchanged.
. "$TOP/tests/lib.sh"

Q=qemu:///system
STORE=$VIRTKIT_ROOT/var/lib/virtkit/qemu
printf "<domain type='qemu'><name>keep</name><memory>1</memory><vcpu>1</vcpu><os><type>hvm</type></os></domain>" |
	vm-define -c $Q - || fail seed "cannot define the seed domain"
snap() { (cd "$STORE" && ls -la --time-style=+%s.%N . && cat ./*) | md5sum; }
before=$(snap)
cd "$DATA/reject" || exit 1
for f in *.xml; do
	n=${f%.xml}
	[ -f "$n.err" ] || continue
	want=$(sed 's/^domxml: /vm-define: /' "$n.err")
	code=3
	[ -f "$n.rc" ] && code=$(cat "$n.rc")
	vm-define -c $Q "$f" > "$T/out" 2> "$T/err"
	rc=$?
	if [ $rc -ne $code ]; then
		fail "define-$n" "exit $rc, wanted $code: $(cat "$T/err")"
	elif [ "$(cat "$T/err")" != "$want" ]; then
		fail "define-$n" "got '$(cat "$T/err")', wanted '$want'"
	elif [ "$(wc -l < "$T/err")" -ne 1 ]; then
		fail "define-$n" "more than one line"
	else
		pass "define-$n"
	fi
done
[ "$(snap)" = "$before" ] && pass store-unchanged || fail store-unchanged "the store changed"

# An oversized document (over 10 MiB) is refused before parsing.
{
	printf "<domain type='qemu'><name>big</name><description>"
	head -c 11000000 /dev/zero | tr '\0' 'x'
	printf "</description><memory>1</memory><vcpu>1</vcpu><os><type>hvm</type></os></domain>"
} > "$T/big.xml"
expect_err oversized 3 "vm-define: error: $T/big.xml: document is larger than 10 MiB" \
	vm-define -c $Q "$T/big.xml"
[ "$(snap)" = "$before" ] && pass store-unchanged-after-oversized ||
	fail store-unchanged-after-oversized "the store changed"
