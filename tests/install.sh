# make install puts every piece where PREFIX and DESTDIR say.
. "$TOP/tests/lib.sh"

D=$T/dest
# Under make check-asan, the same flags as the build being tested.
if ! make -C "$TOP" --no-print-directory BUILD="$BUILD" \
	SANITIZE="${SANITIZE:-}" CFLAGS="${CFLAGS:--O2 -g}" install \
	DESTDIR="$D" PREFIX=/usr > "$T/log" 2>&1; then
	fail install "$(tail -5 "$T/log")"
	exit 0
fi
pass install
for c in "$TOP"/cmd/*.c; do
	n=$(basename "$c" .c)
	[ -x "$D/usr/bin/$n" ] && [ -f "$D/usr/share/man/man1/$n.1" ] &&
		[ -e "$D/usr/share/bash-completion/completions/$n" ] &&
		pass "install-$n" || fail "install-$n" "binary, man page or completion missing"
done
for s in "$TOP"/schemas/*.rng; do
	cmp -s "$s" "$D/usr/share/virtkit/schemas/$(basename "$s")" &&
		pass "install-schema-$(basename "$s")" ||
		fail "install-schema-$(basename "$s")" "missing or different"
done
[ -f "$D/usr/share/man/man7/virtkit.7" ] && pass install-virtkit7 || fail install-virtkit7 missing
"$D/usr/bin/vm-list" --version > /dev/null && pass installed-runs || fail installed-runs "vm-list --version failed"
[ -x "$D/usr/libexec/virtkit/virtkit-supervisor" ] && pass install-supervisor ||
	fail install-supervisor "no $D/usr/libexec/virtkit/virtkit-supervisor"
# Every unit in contrib/, its ExecStart an installed command, under
# BINDIR (the boot units of domains, networks, storage pools).
for u in "$TOP"/contrib/*.service; do
	n=install-unit-$(basename "$u" .service)
	f=$D/usr/lib/systemd/system/$(basename "$u")
	cmd=$(sed -n 's/^ExecStart=\([^ ]*\).*/\1/p' "$f" 2> /dev/null)
	case $cmd in
	/usr/bin/*) [ -x "$D$cmd" ] && pass "$n" ||
		fail "$n" "ExecStart names $cmd, which is not installed" ;;
	*) fail "$n" "unit missing or ExecStart '$cmd' not under /usr/bin" ;;
	esac
done
grep -qx 'ExecStart=/usr/bin/vm-start --autostart-all' \
	"$D/usr/lib/systemd/system/virtkit-autostart.service" 2> /dev/null &&
	pass install-unit || fail install-unit "unit missing or ExecStart not /usr/bin"
for f in "$TOP"/contrib/networks/*.xml; do
	n=install-network-$(basename "$f")
	cmp -s "$f" "$D/usr/share/virtkit/networks/$(basename "$f")" &&
		pass "$n" || fail "$n" "missing or different"
done
