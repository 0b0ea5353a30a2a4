#!/bin/sh
# Golden test of the QEMU command line (common/qemu/qemu_command*.c).
# For each tests/data/argv/NAME.xml, "domargv --now 1700000000 NAME.xml"
# (fixed QMP sockets /run/QMP0 and /run/QMP1, console log
# /log/console.log, sandbox on) must either
#   argv:NAME     print exactly NAME.args, or, when NAME.err exists,
#   refuse:NAME   fail with exit code NAME.rc and exactly NAME.err on
#                 stderr; without NAME.rc, 1 when the driver refuses
#                 ("not supported by the qemu driver"), else 3 (a
#                 document error).
# and, when NAME.ids exists,
#   ids:NAME      "domargv --chr-ids NAME.xml" (each chr's chardev id)
#                 prints exactly NAME.ids.
# REGENERATE=1 rewrites NAME.args (or NAME.err for a refused case)
# from the current output instead of comparing; review every change.
# The time zone cases need the zone files (tzdata); they are skipped
# without them.
. "$TOP/tests/lib.sh"

DOMARGV=$BUILD/tools/domargv
NOW=1700000000
if [ ! -x "$DOMARGV" ]; then
	fail argv "$DOMARGV is not built"
	exit 0
fi

# plain_rc NAME: the exit code NAME.err implies: 1 for a refusal by the
# driver, 3 for a document error.
plain_rc() {
	if grep -q 'not supported by the qemu driver' "$1.err"; then echo 1; else echo 3; fi
}
# rc_file NAME RC: NAME.rc only when RC is not the one NAME.err implies.
rc_file() {
	if [ "$2" -eq "$(plain_rc "$1")" ]; then rm -f "$1.rc"; else echo "$2" > "$1.rc"; fi
}

cd "$DATA/argv" || exit 1
for f in *.xml; do
	n=${f%.xml}
	case $n in clock-timezone*)
		if [ ! -e "${TZDIR:-/usr/share/zoneinfo}/Europe/Paris" ]; then
			skip "argv:$n" "no time zone files (tzdata)"
			continue
		fi ;;
	esac
	"$DOMARGV" --now "$NOW" "$f" > "$T/out" 2> "$T/err"
	rc=$?
	if [ -f "$n.err" ]; then
		want=$(plain_rc "$n")
		[ -f "$n.rc" ] && want=$(cat "$n.rc")
		if [ -n "${REGENERATE:-}" ] && [ "$rc" -ne 0 ]; then
			cp "$T/err" "$n.err"
			rc_file "$n" "$rc"
			pass "refuse:$n (regenerated)"
		elif [ "$rc" -ne "$want" ]; then
			fail "refuse:$n" "exit $rc, wanted $want: $(head -c 300 "$T/err")"
		else
			same "refuse:$n" "$n.err" "$T/err"
		fi
		continue
	fi
	if [ "$rc" -ne 0 ]; then
		if [ -n "${REGENERATE:-}" ] && [ ! -f "$n.args" ]; then
			cp "$T/err" "$n.err"
			rc_file "$n" "$rc"
			pass "refuse:$n (regenerated)"
		else
			fail "argv:$n" "exit $rc: $(head -c 300 "$T/err")"
		fi
	elif [ -n "${REGENERATE:-}" ]; then
		cp "$T/out" "$n.args"
		pass "argv:$n (regenerated)"
	elif [ ! -f "$n.args" ]; then
		fail "argv:$n" "no $n.args"
	else
		same "argv:$n" "$n.args" "$T/out"
	fi
done

# The chardev ids, for the cases that list them.
for f in *.ids; do
	[ -e "$f" ] || continue
	n=${f%.ids}
	if ! "$DOMARGV" --chr-ids "$n.xml" > "$T/out" 2> "$T/err"; then
		fail "ids:$n" "$(head -c 300 "$T/err")"
	elif [ -n "${REGENERATE:-}" ]; then
		cp "$T/out" "$f"
		pass "ids:$n (regenerated)"
	else
		same "ids:$n" "$f" "$T/out"
	fi
done

# Every expected file belongs to a case.
for f in *.args *.err *.rc *.ids; do
	[ -e "$f" ] || continue
	[ -f "${f%.*}.xml" ] || fail "argv-orphan:$f" "no ${f%.*}.xml"
done
