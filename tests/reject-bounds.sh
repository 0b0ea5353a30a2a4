#!/bin/sh
# Hostile but well-formed documents near the 10 MiB cap: each is either
# refused with one line (exit 3, nothing stored) or accepted in bounded
# time, on the test driver and on the qemu store.  The times are printed
# in the PASS lines (measurements; the bound, BOUND_S seconds, only
# catches time that grows faster than the input, as libxml2's RelaxNG
# validation of <metadata> content did: 64000 elements took 32 s).
. "$TOP/tests/lib.sh"

BOUND_S=${BOUND_S:-60}
TU=test:///default
Q=qemu:///system

# bomb NAME KIND: a domain named NAME whose <metadata> holds one element
# of about 2 MiB of KIND content: the canonical form indents each element
# on its own line, and must stay under the 10 MiB any store file may
# have (a 10 MiB document of empty elements is accepted, then stored as
# 17 MiB that no command reads back: not fixed yet).
bomb() {
	python3 - "$1" "$2" << 'PY'
import sys
name, kind = sys.argv[1], sys.argv[2]
room = 2 * 1024 * 1024
head = ("<domain type='qemu'>\n  <name>%s</name>\n  <metadata>\n"
        "    <b:x xmlns:b='https://example.org/b'>" % name)
tail = ("</b:x>\n  </metadata>\n  <memory unit='MiB'>64</memory>\n"
        "  <vcpu>1</vcpu>\n  <os>\n    <type>hvm</type>\n  </os>\n</domain>\n")
if kind == "wide":		# many empty elements
    body = "<b:i/>" * (room // 6)
elif kind == "text":		# one long text
    body = "y" * room
elif kind == "attrs":		# many attributes on one element
    n = room // 12
    body = "<b:i " + " ".join("a%d=''" % i for i in range(n))[:room - 10] + "/>"
    body = body[:body.rfind("'") + 1] + "/>"
elif kind == "nsdecl":		# a namespace declared on each element
    body, i, size = [], 0, 0
    while size < room - 64:
        body.append("<b:i xmlns:c%d='u:%d'/>" % (i, i))
        size += len(body[-1])
        i += 1
    body = "".join(body)
elif kind == "deep":		# as deep as libxml2 parses (256 levels)
    body = "<b:n>" * 250 + "</b:n>" * 250
sys.stdout.write(head + body + tail)
PY
}

if ! command -v python3 > /dev/null; then
	skip reject-bounds "python3 is missing"
	exit 0
fi
snap() { (cd "$VIRTKIT_ROOT" && find . -path ./t -prune -o -type f -print |
	sort | xargs -r cat) | md5sum; }

for kind in wide text nsdecl deep; do
	bomb "bomb-$kind" "$kind" > "$T/$kind.xml"
	for uri in $TU $Q; do
		drv=${uri%%:*}
		t0=$(date +%s%N)
		vm-define -c $uri "$T/$kind.xml" > "$T/out" 2> "$T/err"
		rc=$?
		ms=$((($(date +%s%N) - t0) / 1000000))
		if [ $rc -ne 0 ]; then
			fail "bounds-$kind-$drv" "exit $rc: $(head -c 300 "$T/err")"
			continue
		fi
		if [ $ms -gt $((BOUND_S * 1000)) ]; then
			fail "bounds-$kind-$drv" "$ms ms (bound $BOUND_S s)"
			continue
		fi
		pass "bounds-$kind-$drv ($(wc -c < "$T/$kind.xml") bytes, $ms ms)"
		vm-dumpxml -c $uri "bomb-$kind" > "$T/dump.xml" 2> "$T/err"
		# The metadata comes back whole: the same number of elements.
		a=$(grep -o '<b:' "$T/$kind.xml" | wc -l)
		b=$(grep -o '<b:' "$T/dump.xml" | wc -l)
		[ "$a" = "$b" ] && pass "bounds-$kind-$drv-kept" ||
			fail "bounds-$kind-$drv-kept" "$a elements in, $b out"
		vm-undefine -c $uri "bomb-$kind" > /dev/null 2>&1
	done
done

# The refused ones leave both stores as they were.  libxml2 2.9 checks
# an element's attributes pairwise (64000: 10 s), so more than 1024 on
# one element are refused before parsing.
before=$(snap)
bomb bomb-attrs attrs > "$T/attrs.xml"
for uri in $TU $Q; do
	t0=$(date +%s%N)
	expect_err "bounds-attrs-${uri%%:*}" 3 \
		"vm-define: error: $T/attrs.xml:4: an element with more than 1024 attributes" \
		vm-define -c $uri "$T/attrs.xml" &&
		echo "# refused in $((($(date +%s%N) - t0) / 1000000)) ms"
done
for n in metadata-deep metadata-many-namespaces; do
	for uri in $TU $Q; do
		drv=${uri%%:*}
		want=$(sed "s|^domxml: error: $n.xml:|vm-define: error: $DATA/reject/$n.xml:|" "$DATA/reject/$n.err")
		expect_err "bounds-$n-$drv" 3 "$want" vm-define -c $uri "$DATA/reject/$n.xml"
	done
done
[ "$(snap)" = "$before" ] && pass bounds-stores-unchanged ||
	fail bounds-stores-unchanged "a refused document changed a store"
