#!/bin/sh
# Every command has a man page, and every page renders without a groff
# warning.
. "$TOP/tests/lib.sh"

n=0
for c in "$TOP"/cmd/*.c; do
	[ -e "$c" ] || continue
	name=$(basename "$c" .c)
	n=$((n + 1))
	if [ -f "$TOP/man/$name.1" ]; then
		pass "man page for $name"
	else
		fail "man page for $name" "man/$name.1 is missing"
	fi
done
[ "$n" -gt 0 ] || skip "man pages for commands" "no cmd/*.c yet"

if [ -f "$TOP/man/virtkit.7" ]; then
	pass "man page virtkit(7)"
else
	fail "man page virtkit(7)" "man/virtkit.7 is missing"
fi

# Each page names itself in .TH and NAME, and the virtkit pages it cites
# exist.
badref=0
for p in "$TOP"/man/*.[17]; do
	[ -e "$p" ] || continue
	base=$(basename "$p")
	name=${base%.*} sect=${base##*.}
	upper=$(echo "$name" | tr '[:lower:]' '[:upper:]')
	if grep -q "^\.TH $upper $sect " "$p" &&
	   grep -q "^$(echo "$name" | sed 's/-/\\\\-/g') \\\\- " "$p"; then
		pass "$base header"
	else
		fail "$base header" "wants '.TH $upper $sect' and a NAME line"
	fi
	for ref in $(grep -o '^\.BR [a-z\\-]* ([17])' "$p" |
		     sed 's/^\.BR \([^ ]*\) (\([17]\))/\1.\2/; s/\\-/-/g' |
		     sort -u); do
		case $ref in
		vm-*|xml-*|pool-*|vol-*|net-*|host-*|virtkit.*) ;;
		*) continue ;;
		esac
		[ -f "$TOP/man/$ref" ] && continue
		fail "$base cites $ref" "man/$ref is missing"
		badref=1
	done
done
[ "$badref" = 0 ] && pass "man page cross references"

if ! command -v groff > /dev/null 2>&1; then
	skip "man pages render" "groff is not installed (make deps)"
	exit 0
fi
for p in "$TOP"/man/*.[17]; do
	[ -e "$p" ] || continue
	base=$(basename "$p")
	if ! LC_ALL=C.UTF-8 groff -t -man -Tutf8 -ww -z "$p" > "$T/groff" 2>&1; then
		fail "$base renders" "groff failed: $(head -c 300 "$T/groff")"
	elif [ -s "$T/groff" ]; then
		fail "$base renders" "$(head -n 3 "$T/groff" | tr '\n' '|')"
	else
		pass "$base renders"
	fi
done
