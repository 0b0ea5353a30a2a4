#!/bin/sh
# xml-convert: domain XML <-> QEMU's native command line (qemu-argv).
# Golden data in tests/data/convert/:
#   NAME.args + NAME.xml   from:NAME  the line converts to exactly NAME.xml;
#                          back:NAME  NAME.xml converts to exactly
#                          NAME.back.args (or is refused with exactly
#                          NAME.back.err), a line that converts to a
#                          domain whose line it is again (again:NAME)
#   NAME.domain.xml        to:NAME    converts to exactly NAME.domain.args
#   NAME.bad.args          reject:NAME  exit 3 and exactly NAME.bad.err
#   *.xsl, xslt-*.out      the --xslt cases below
# REGENERATE=1 rewrites the expected files (.xml, .back.args,
# .domain.args, .bad.err, .out) from the current output; review them.
#
# The reference example (drvqemu.txt, "Import and export of libvirt
# domain XML configs"): drvqemu-from.args is its QEMU line, whose XML
# drvqemu-from.ref.xml shows, and drvqemu-to.domain.xml its XML, whose
# line drvqemu-to.ref.args shows.  virtkit's output differs from
# libvirt 0.9's in documented defaults, so those two are compared after
# both sides are made canonical, with the differences named in sem:*.
#
# Fixed points over tests/data/argv: for every case that builds a
# command line, xml-convert turns NAME.args into a domain whose command
# line (domargv, the same fixed start parameters) is the one of NAME.xml
# once made canonical (the order vm-define stores), and the domain's
# native line converts back to the same domain.  Cases the line cannot
# carry are listed in tests/data/convert/argv-exceptions with the reason
# (native:NAME for the second check only); a listed case that converts
# fails, so that the list stays true.
. "$TOP/tests/lib.sh"

XC=$BUILD/bin/xml-convert
DOMARGV=$BUILD/tools/domargv
NOW=1700000000
D=$DATA/convert
if [ ! -x "$XC" ] || [ ! -x "$DOMARGV" ]; then
	fail convert "$XC or $DOMARGV is not built"
	exit 0
fi

# golden NAME EXPECTED ACTUAL: compare, or rewrite with REGENERATE=1.
golden() {
	if [ -n "${REGENERATE:-}" ]; then
		cp "$3" "$2"
		pass "$1 (regenerated)"
	elif [ ! -f "$2" ]; then
		fail "$1" "no $2"
	else
		same "$1" "$2" "$3"
	fi
}

a2x() { "$XC" --from qemu-argv --to domain-xml "$@"; }
x2a() { "$XC" --from domain-xml --to qemu-argv "$@"; }
x2x() { "$XC" --from domain-xml --to domain-xml "$@"; }

cd "$D" || exit 1

# ---- golden conversions ----
for f in *.args; do
	n=${f%.args}
	case $n in *.bad|*.ref|*.back|*.domain|*.rt) continue ;; esac
	if ! a2x "$f" > "$T/x" 2> "$T/err"; then
		fail "from:$n" "$(head -c 300 "$T/err")"
		continue
	fi
	golden "from:$n" "$n.xml" "$T/x"
	x2a "$n.xml" > "$T/a" 2> "$T/err"
	rc=$?
	if [ -f "$n.back.err" ]; then
		# A domain the qemu driver cannot run yet.
		if [ "$rc" -ne 3 ]; then
			fail "back:$n" "exit $rc, wanted 3"
		else
			golden "back:$n" "$n.back.err" "$T/err"
		fi
		continue
	fi
	if [ "$rc" -ne 0 ]; then
		fail "back:$n" "$(head -c 300 "$T/err")"
		continue
	fi
	golden "back:$n" "$n.back.args" "$T/a"
	# virtkit's own line is a fixed point.
	a2x "$T/a" > "$T/x2" 2> "$T/err" && x2a "$T/x2" > "$T/a2" 2>> "$T/err"
	same "again:$n" "$T/a" "$T/a2"
done
for f in *.domain.xml; do
	n=${f%.domain.xml}
	if x2a "$f" > "$T/a" 2> "$T/err"; then
		golden "to:$n" "$n.domain.args" "$T/a"
	else
		fail "to:$n" "$(head -c 300 "$T/err")"
	fi
done
# Round trips of what xml-convert reads back of libvirt 9's elements
# (TPMs, I/O threads, memory backends, NUMA cells): NAME.rt.xml converts
# to exactly NAME.rt.args (paths under VIRTKIT_ROOT written ROOT), and
# that line to a domain whose line is the same again (roundtrip:NAME).
for f in *.rt.xml; do
	n=${f%.rt.xml}
	if ! x2a "$f" > "$T/a1" 2> "$T/err" ||
	    grep -qv '^xml-convert: note:' "$T/err"; then
		fail "rt:$n" "$(head -c 300 "$T/err")"
		continue
	fi
	sed "s|$VIRTKIT_ROOT|ROOT|g" "$T/a1" > "$T/a1.golden"
	golden "rt:$n" "$n.rt.args" "$T/a1.golden"
	if a2x "$T/a1" > "$T/x2" 2> "$T/err" && x2a "$T/x2" > "$T/a2" 2>> "$T/err"; then
		same "roundtrip:$n" "$T/a1" "$T/a2"
	else
		fail "roundtrip:$n" "$(grep -v '^xml-convert: note:' "$T/err" | head -c 300)"
	fi
done
for f in *.bad.args; do
	n=${f%.bad.args}
	a2x "$f" > "$T/out" 2> "$T/err"
	rc=$?
	if [ "$rc" -ne 3 ]; then
		fail "reject:$n" "exit $rc, wanted 3: $(head -c 300 "$T/err")"
	else
		golden "reject:$n" "$n.bad.err" "$T/err"
	fi
done

# ---- the reference example, compared canonically ----
# libvirt 0.9 printed no <name> and an all-zero uuid for a line without
# -name and -uuid: virtkit names the domain "unnamed" and prints no uuid
# (vm-define gives one).  The line has no balloon, and a virtio balloon
# is virtkit's default, so the domain says <memballoon model='none'/>.
sed -e '/<uuid>0*-0*-0*-0*-0*<\/uuid>/d' \
    -e 's|<domain type=.qemu.>|&<name>unnamed</name>|' \
    -e 's|</devices>|<memballoon model="none"/>&|' \
    drvqemu-from.ref.xml > "$T/ref.xml"
x2x "$T/ref.xml" > "$T/want" 2> "$T/err" || cat "$T/err" > "$T/want"
same "sem:drvqemu-from" "$T/want" drvqemu-from.xml
# libvirt's line for drvqemu-to.domain.xml: -m counts whole MiB (219200
# KiB is 214 MiB and 64 KiB), it has no -uuid and no balloon.
sed -e 's|219200|219136|g' -e '/<uuid>/d' \
    -e 's|</devices>|<memballoon model="none"/>&|' \
    drvqemu-to.domain.xml > "$T/ref.xml"
x2x "$T/ref.xml" > "$T/want" 2> "$T/err" || cat "$T/err" > "$T/want"
a2x drvqemu-to.ref.args > "$T/got" 2>&1
same "sem:drvqemu-to" "$T/want" "$T/got"
# And virtkit's own line for it carries the document whole.
x2x drvqemu-to.domain.xml > "$T/want" 2>&1
a2x drvqemu-to.domain.args > "$T/got" 2>&1
same "sem:drvqemu-to-native" "$T/want" "$T/got"

# ---- --xslt and --xpath ----
xslt_case() {
	_n=$1; shift
	"$XC" "$@" > "$T/out" 2> "$T/err"
	_rc=$?
	if [ "$_rc" -ne 0 ]; then
		fail "xslt:$_n" "exit $_rc: $(head -c 300 "$T/err")"
	else
		golden "xslt:$_n" "xslt-$_n.out" "$T/out"
	fi
}
xslt_case rename --from qemu-argv --to domain-xml --xslt rename.xsl \
	drvqemu-from.args
xslt_case summary --from domain-xml --to domain-xml --xslt summary.xsl \
	drvqemu-to.domain.xml
xslt_case to-argv --from qemu-argv --to qemu-argv --xslt rename.xsl \
	native.args
xslt_case xpath-rename --from qemu-argv --to domain-xml --xslt rename.xsl \
	--xpath 'string(/domain/name)' drvqemu-from.args
expect_err "xslt:doctype" 3 \
	"xml-convert: error: doctype.xsl:2: document type declarations are not allowed" \
	"$XC" --from qemu-argv --to domain-xml --xslt doctype.xsl old-forms.args
expect_err "xslt:import" 3 \
	"xml-convert: error: import.xsl: not a usable XSLT stylesheet: Local file read for rename.xsl refused" \
	"$XC" --from qemu-argv --to domain-xml --xslt import.xsl old-forms.args
expect_err "xslt:network" 3 \
	"xml-convert: error: document.xsl: the transform failed: Network file read for http://127.0.0.1:1/x.xml refused" \
	"$XC" --from qemu-argv --to domain-xml --xslt document.xsl old-forms.args
expect_err "xslt:broken" 3 \
	"xml-convert: error: broken.xsl: not a usable XSLT stylesheet: xsl:value-of : could not compile select expression '((('" \
	"$XC" --from qemu-argv --to domain-xml --xslt broken.xsl old-forms.args
expect_err "xslt:not-a-domain" 3 \
	"xml-convert: error: summary.xsl (result):1: Start tag expected, '<' not found" \
	"$XC" --from qemu-argv --to qemu-argv --xslt summary.xsl native.args
expect "xslt:missing" 4 "$XC" --from qemu-argv --to domain-xml \
	--xslt "$T/none.xsl" old-forms.args
expect "xpath:value" 0 a2x --xpath 'string(/domain/memory)' \
	drvqemu-from.args && [ "$(cat "$T/out")" = 219136 ] ||
	fail "xpath:value-text" "'$(cat "$T/out")', wanted 219136"
expect "xpath:nodes" 0 a2x --xpath '/domain/devices/disk/target' \
	old-forms.args && golden "xpath:nodes-text" xpath-nodes.out "$T/out"
expect "xpath:none" 4 a2x --xpath '/domain/devices/hostdev' old-forms.args
# Not a node set: printed as its value, whatever it is, and exit 0.
for e in 'boolean(/domain/devices/hostdev)=false' \
    'string(/domain/devices/hostdev)=' 'count(/domain/devices/disk)=3' \
    'sum(/domain/name)=NaN' '/domain/@type=kvm'; do
	expect "xpath:${e%%=*}" 0 a2x --xpath "${e%%=*}" old-forms.args &&
	[ "$(cat "$T/out")" = "${e#*=}" ] ||
		fail "xpath:${e%%=*}-text" "'$(cat "$T/out")', wanted '${e#*=}'"
done
expect_err "xpath:bad" 2 \
	"xml-convert: error: invalid XPath expression '(('" \
	a2x --xpath '((' old-forms.args

# ---- long lines: refused or converted at once, never quadratic ----
awk 'BEGIN { printf "qemu -m 128 -smbios type=1"
	for (i = 0; i < 200000; i++) printf ",k%d=v", i; print "" }' \
	> "$T/long.args"
expect_err "long:items" 3 \
	"xml-convert: error: argument 3 '-smbios': 'k0=v': unknown or not supported" \
	a2x "$T/long.args"
awk 'BEGIN { printf "qemu -m 128"
	for (i = 0; i < 9000; i++) printf " -drive if=none,id=d%d", i
	print "" }' > "$T/long.args"
expect_err "long:backends" 3 \
	"xml-convert: error: argument 16387 '-drive': more than 8192 backends" \
	a2x "$T/long.args"
awk 'BEGIN { printf "qemu -m 128"
	for (i = 0; i < 2000; i++) printf " -drive file=/img/%d,if=virtio", i
	print "" }' > "$T/long.args"
expect "long:disks" 0 a2x --xpath 'count(/domain/devices/disk)' "$T/long.args"
[ "$(cat "$T/out")" = 2000 ] ||
	fail "long:disks-count" "'$(cat "$T/out")', wanted 2000"

# ---- what vm-start decides at start (qemu_prepare.c) ----
# SPICE autoport: 5901, as libvirt's domxml-to-native (nothing probed);
# VNC autoport: QEMU's first free display; a unix channel without a
# path: the socket vm-start makes in the domain's runtime directory,
# under -c's paths (VIRTKIT_ROOT here).
cat > "$T/auto.xml" <<'XML'
<domain type='qemu'><name>auto</name><memory>65536</memory>
<os><type>hvm</type></os><devices>
<graphics type='spice' autoport='yes'/><graphics type='vnc' autoport='yes'/>
<channel type='unix'><target type='virtio' name='org.qemu.guest_agent.0'/></channel>
<channel type='unix'><target type='virtio'/></channel>
</devices></domain>
XML
if x2a "$T/auto.xml" > "$T/a" 2> "$T/err"; then
	while IFS='|' read -r what w; do
		if grep -qF -- "$w" "$T/a"; then
			pass "start-fill:$what"
		else
			fail "start-fill:$what" "no '$w' in $(head -c 300 "$T/a")"
		fi
	done <<EOF
spice|-spice port=5901,addr=127.0.0.1,
vnc|-vnc 127.0.0.1:0,to=100
agent|socket,id=charchannel0,path=$VIRTKIT_ROOT/run/virtkit/qemu/auto.d/org.qemu.guest_agent.0,server=on,wait=off
unnamed|socket,id=charchannel1,path=$VIRTKIT_ROOT/run/virtkit/qemu/auto.d/channel1,server=on,wait=off
EOF
else
	fail start-fill "$(head -c 300 "$T/err")"
fi
expect_err "start-fill:session" 0 "" x2a -c qemu:///session "$T/auto.xml" &&
	grep -q "path=$VIRTKIT_ROOT/[^ ]*/virtkit/qemu/auto.d/org.qemu.guest_agent.0," "$T/out" &&
	! grep -q "path=$VIRTKIT_ROOT/run/virtkit/qemu/" "$T/out" ||
	fail "start-fill:session-path" "$(head -c 300 "$T/out")"
expect_err "start-fill:not-qemu" 2 \
	"xml-convert: error: -c 'test:///default': the qemu-argv line is the qemu driver's; give a qemu:// connection" \
	x2a -c test:///default "$T/auto.xml"
# A listen network that does not exist: vm-start's error, exit 4.
sed "s|<graphics type='vnc' autoport='yes'/>|<graphics type='vnc' autoport='yes'><listen type='network' network='nonet'/></graphics>|" \
	"$T/auto.xml" > "$T/net.xml"
x2a "$T/net.xml" > "$T/out" 2> "$T/err"
rc=$?
if [ $rc -eq 4 ] && grep -q "nonet" "$T/err" && [ "$(wc -l < "$T/err")" -eq 1 ]; then
	pass start-fill:listen-network
else
	fail start-fill:listen-network "exit $rc: $(head -c 300 "$T/err")"
fi

# ---- stdin, usage ----
a2x < drvqemu-from.args > "$T/out" 2> "$T/err"
same "stdin" drvqemu-from.xml "$T/out"
a2x - < drvqemu-from.args > "$T/out" 2> "$T/err"
same "stdin-dash" drvqemu-from.xml "$T/out"
expect "usage:no-from" 2 "$XC" --to domain-xml old-forms.args
expect "usage:no-to" 2 "$XC" --from qemu-argv old-forms.args
expect_err "usage:bad-format" 2 \
	"xml-convert: error: --to 'xen-xm': not domain-xml or qemu-argv (see xml-convert --help)" \
	"$XC" --from qemu-argv --to xen-xm old-forms.args
expect "usage:xpath-argv" 2 "$XC" --from domain-xml --to qemu-argv \
	--xpath /domain drvqemu-to.domain.xml
expect "usage:two-files" 2 a2x old-forms.args drives.args
expect "usage:unknown-option" 2 a2x --frobnicate old-forms.args
expect "missing-file" 4 a2x "$T/none.args"
expect "help" 0 "$XC" --help

# ---- fixed points over tests/data/argv ----
EXC=$D/argv-exceptions
listed() { grep -q "^$1 " "$EXC" 2> /dev/null; }
for f in "$DATA"/argv/*.args; do
	n=$(basename "$f" .args)
	ok=1
	a2x "$f" > "$T/x1" 2> "$T/err" || ok=0
	if [ $ok = 1 ]; then
		# What the domain of NAME.xml runs once defined (canonical).
		x2x "$DATA/argv/$n.xml" > "$T/c.xml" 2>> "$T/err" &&
		"$DOMARGV" --now "$NOW" "$T/c.xml" > "$T/want" 2>> "$T/err" &&
		"$DOMARGV" --now "$NOW" "$T/x1" > "$T/got" 2>> "$T/err" &&
		cmp -s "$T/want" "$T/got" || ok=0
	fi
	if listed "$n"; then
		if [ $ok = 1 ]; then
			fail "fixed:$n" "listed in argv-exceptions, but converts"
		else
			skip "fixed:$n" "$(sed -n "s/^$n //p" "$EXC")"
		fi
		continue
	fi
	if [ $ok = 0 ]; then
		if [ -s "$T/err" ]; then
			fail "fixed:$n" "$(head -c 300 "$T/err")"
		else
			fail "fixed:$n" "$(diff "$T/want" "$T/got" | tr ' ' '\n' | grep '^[<>-]' | head -c 300 | tr '\n' ' ')"
		fi
		continue
	fi
	pass "fixed:$n"
	# The native line of that domain converts back to it.
	if listed "native:$n"; then
		skip "native:$n" "$(sed -n "s/^native:$n //p" "$EXC")"
	elif x2a "$T/x1" > "$T/a2" 2> "$T/err" &&
	    a2x "$T/a2" > "$T/x2" 2>> "$T/err"; then
		same "native:$n" "$T/x1" "$T/x2"
	elif grep -q 'no hugetlbfs file system is mounted' "$T/err"; then
		skip "native:$n" "huge pages need a hugetlbfs mount on this host"
	else
		fail "native:$n" "$(head -c 300 "$T/err")"
	fi
done
# Every listed case exists.
while read -r n why; do
	case $n in ''|'#'*) continue ;; esac
	n=${n#native:}
	[ -f "$DATA/argv/$n.args" ] ||
		fail "argv-exceptions:$n" "no tests/data/argv/$n.args"
done < "$EXC"

# Every expected file belongs to a case.
for f in *.xml *.err *.out; do
	[ -e "$f" ] || continue
	case $f in
	*.bad.err) b=${f%.err}.args ;;
	*.back.err) b=${f%.back.err}.args ;;
	*.domain.xml|*.ref.xml) continue ;;
	*.rt.xml) b=${f%.xml}.args ;;
	xslt-*.out|xpath-*.out) continue ;;
	*) b=${f%.xml}.args ;;
	esac
	[ -f "$b" ] || fail "convert-orphan:$f" "no $b"
done
