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
#                           line (with only a note on stderr for a <tpm>
#                           emulator), or refuses (exit 1) with "not supported
#                           by the qemu driver (reason)"; which one, and the
#                           refusal's words, are in qemu-argv.expected
#                           ("NAME argv" or "NAME refused: MESSAGE")
#   virtinst-start:NAME     (type qemu or kvm, as root) vm-start agrees:
#                           a copy with type='qemu' (no /dev/kvm needed)
#                           is defined and started (--paused); vm-start
#                           fails with xml-convert's error line (same
#                           exit code) when xml-convert refuses the copy,
#                           and with no "not supported" refusal when
#                           xml-convert prints its line (it may fail later
#                           on what this host lacks: images, networks);
#                           a refused domain is not running afterwards
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

# start_agrees NAME: the virtinst-start row (see the header).
start_agrees() {
	root_or_skip "virtinst-start:$1" || return 0
	sed "1,/<domain/s/<domain type='kvm'/<domain type='qemu'/" \
		"$1.out.xml" > "$T/q.xml"
	dom=$(sed -n 's|^  <name>\(.*\)</name>$|\1|p' "$T/q.xml" | head -n 1)
	xml-convert --from domain-xml --to qemu-argv "$T/q.xml" \
		> /dev/null 2> "$T/xc.err"
	xrc=$?
	if ! vm-define "$T/q.xml" > /dev/null 2> "$T/def.err"; then
		fail "virtinst-start:$1" "vm-define: $(head -c 300 "$T/def.err")"
		return 0
	fi
	vm-start --paused "$dom" > /dev/null 2> "$T/st.err"
	src=$?
	if [ $src -eq 0 ]; then
		vm-destroy "$dom" > /dev/null 2>&1
	fi
	running=$(vm-list --name | grep -cx "$dom")
	vm-undefine "$dom" > /dev/null 2>&1
	xmsg=$(sed 's/^xml-convert: error: //' "$T/xc.err")
	smsg=$(sed 's/^vm-start: error: //' "$T/st.err")
	if [ $xrc -ne 0 ]; then
		if [ $src -ne $xrc ] || [ "$smsg" != "$xmsg" ]; then
			fail "virtinst-start:$1" "xml-convert: exit $xrc '$xmsg'; vm-start: exit $src '$(echo "$smsg" | head -c 300)'"
		elif [ "$running" != 0 ]; then
			fail "virtinst-start:$1" "refused, yet '$dom' runs"
		else
			pass "virtinst-start:$1"
		fi
	elif grep -q 'not supported' "$T/st.err"; then
		fail "virtinst-start:$1" "xml-convert prints a line, vm-start refuses: $(head -c 300 "$T/st.err")"
	else
		pass "virtinst-start:$1"
	fi
}

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
	start_agrees "$n"
	xml-convert --from domain-xml --to qemu-argv "$n.out.xml" \
		> "$T/argv" 2> "$T/err"
	rc=$?
	# A <tpm> emulator's line comes with a note on the swtpm it needs.
	if [ $rc -eq 0 ] && [ -s "$T/argv" ] &&
	    ! grep -qv '^xml-convert: note: <tpm> needs an swtpm' "$T/err"; then
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

# ---- QEMU accepts the line xml-convert prints ----
#   virtinst-qemu:NAME  for a few documents of different kinds (SPICE and
#   VNC autoport, a guest-agent channel without a path, UEFI with its
#   NVRAM, USB controllers, a tap and user networking): the document's
#   images (moved under $T) are created, the line xml-convert prints is
#   run with -S and a QMP monitor added, and QEMU must answer on that
#   monitor (qmp-ping: every option was accepted and the machine built)
#   and then quit when told.  The UEFI NVRAM file the line names is made
#   from its template, and the domain's runtime directory (where the
#   channel sockets are), as vm-start makes them at start.
PING=$BUILD/tools/qmp-ping
QEMU=/usr/bin/qemu-system-x86_64
spice_busy() { ss -Hltn 'sport = :5901' 2> /dev/null | grep -q .; }
for n in vi-net-user vi-rng-agent vi-ubuntu2204-vnc vi-fedora37-uefi \
    vi-usb-controllers lv-linux2022-headless; do
	t=virtinst-qemu:$n
	root_or_skip "$t" || continue
	if [ ! -x "$QEMU" ] || ! command -v qemu-img > /dev/null; then
		skip "$t" "needs $QEMU and qemu-img (apt-get install qemu-system-x86 qemu-utils)"
		continue
	fi
	if grep -q "graphics type='spice'" "$n.out.xml" && spice_busy; then
		skip "$t" "TCP port 5901 (SPICE autoport's on the line) is in use"
		continue
	fi
	mkdir -p "$T/img"
	sed -e "s|/var/lib/libvirt/images/|$T/img/|g" -e "s|type='kvm'|type='qemu'|" \
		"$n.out.xml" > "$T/qd.xml"
	for f in $(sed -n "s|.*<source file='\($T/img/[^']*\)'.*|\1|p" "$T/qd.xml"); do
		case $f in
		*.qcow2) qemu-img create -q -f qcow2 "$f" 16M ;;
		*) truncate -s 1M "$f" ;;
		esac
	done
	if ! xml-convert --from domain-xml --to qemu-argv "$T/qd.xml" > "$T/line" 2> "$T/err"; then
		fail "$t" "xml-convert: $(head -c 300 "$T/err")"
		continue
	fi
	# UEFI: the NVRAM from the template vm-define records.
	nv=$(grep -o "if=pflash,[^ ]*" "$T/line" | sed -n 's|.*file=\([^,]*\).*|\1|p' | tail -n 1)
	if grep -q "firmware='efi'" "$T/qd.xml"; then
		vm-define "$T/qd.xml" > /dev/null 2>&1
		dom=$(sed -n 's|^  <name>\(.*\)</name>$|\1|p' "$T/qd.xml" | head -n 1)
		tpl=$(vm-dumpxml --inactive "$dom" | sed -n "s|.*<nvram template='\([^']*\)'.*|\1|p")
		mkdir -p "$(dirname "$nv")" && cp "$tpl" "$nv" ||
			{ fail "$t" "no NVRAM template in the defined domain"; continue; }
	fi
	# The domain's runtime directory (its sockets), which vm-start makes.
	for d in $(grep -o "path=$VIRTKIT_ROOT/run/virtkit/qemu/[^/]*\.d/" "$T/line" | sort -u); do
		mkdir -p "${d#path=}"
	done
	rm -f "$T/qmp.sock"
	sh -c "exec env $(cat "$T/line") -S -qmp unix:$T/qmp.sock,server=on,wait=off" \
		> "$T/qemu.out" 2>&1 &
	qpid=$!
	if "$PING" --pid "$qpid" "$T/qmp.sock" 30 > "$T/ping" 2>&1; then
		wait "$qpid"
		qrc=$?
		if [ "$qrc" -eq 0 ]; then
			pass "$t"
		else
			fail "$t" "QEMU exit $qrc after quit: $(head -c 300 "$T/qemu.out")"
		fi
	else
		kill "$qpid" 2> /dev/null
		wait "$qpid"
		fail "$t" "$(head -c 200 "$T/ping"); QEMU: $(head -c 300 "$T/qemu.out" | tr '\n' '|')"
	fi
done
