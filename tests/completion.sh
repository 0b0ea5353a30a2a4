#!/bin/sh
# Bash completion (completion/virtkit): every command is registered, and
# options, connection URIs, files and live domain names complete.  The
# completion function is driven the way bash drives it, through
# COMP_WORDS, COMP_CWORD, COMP_LINE and COMP_POINT.
if [ -z "${BASH_VERSION:-}" ]; then
	if ! command -v bash > /dev/null 2>&1; then
		echo "SKIP: completion: bash is not installed"
		exit 0
	fi
	exec bash "$0" "$@"
fi
. "$TOP/tests/lib.sh"

# shellcheck source=../completion/virtkit
if ! . "$TOP/completion/virtkit"; then
	fail "completion loads" "sourcing completion/virtkit failed"
	exit 0
fi
pass "completion loads"

# Every command in cmd/ has its completion registered.
for c in "$TOP"/cmd/*.c; do
	[ -e "$c" ] || continue
	name=$(basename "$c" .c)
	if complete -p "$name" 2> /dev/null | grep -q ' -F _virtkit '; then
		pass "completion registered for $name"
	else
		fail "completion registered for $name" \
			"no line for it in _virtkit_table"
	fi
done

# words WORD...: complete the last WORD, the words given as they are.
words() {
	COMP_WORDS=("$@")
	COMP_CWORD=$(($# - 1))
	unset COMP_LINE COMP_POINT
	_virtkit "$1" "${COMP_WORDS[COMP_CWORD]}" "${COMP_WORDS[COMP_CWORD - 1]-}"
	got=$(printf '%s\n' "${COMPREPLY[@]}" | sort | tr '\n' ' ')
	got=${got% }
}

# line TEXT: complete at the end of TEXT, split into COMP_WORDS the way
# bash does with the default COMP_WORDBREAKS (qemu:///s is "qemu" ":"
# "///s"), so that the reply is what bash would insert.
line() {
	COMP_LINE=$1 COMP_POINT=${#1}
	local split
	split=$(printf '%s' "$1" | sed -E 's/([:=]+)/ \1 /g')
	read -ra COMP_WORDS <<< "$split"
	[[ $1 == *' ' ]] && COMP_WORDS+=('')
	COMP_CWORD=$((${#COMP_WORDS[@]} - 1))
	COMP_WORDBREAKS=$' \t\n"\'><=;|&(:'
	_virtkit "${COMP_WORDS[0]}" "${COMP_WORDS[COMP_CWORD]}" \
		"${COMP_WORDS[COMP_CWORD - 1]-}"
	got=$(printf '%s\n' "${COMPREPLY[@]}" | sort | tr '\n' ' ')
	got=${got% }
}

# want NAME EXPECTED: the last completion gave exactly EXPECTED (sorted,
# space-separated).
want() {
	if [ "$got" = "$2" ]; then
		pass "$1"
	else
		fail "$1" "got '$got', wanted '$2'"
	fi
}

words vm-list --a
want "vm-list --a" "--all"
words vm-list --in
want "vm-list --in" "--inactive"
words vm-list --j
want "vm-list --j" "--json"
words vm-dumpxml demo --x
want "vm-dumpxml --x" "--xpath"
words vm-dumpxml --s
want "vm-dumpxml --s" "--security-info"
words vm-info --conn
want "shared option --connect" "--connect"
words vm-undefine --a
want "vm-undefine has no --all" ""
words vm-list -- --a
want "no options after --" ""

words vm-info -c q
want "-c q" "qemu:///session qemu:///system"
words vm-list --connect ""
want "--connect values" \
	"lxc:/// qemu:///session qemu:///system test:///default xen:///"
words vm-list --connect=te
want "--connect=te" "--connect=test:///default"
line 'vm-list -c qemu:///se'
want "-c qemu:///se as bash splits it" "///session"
line 'vm-list -c qemu:'
want "-c qemu: as bash splits it" "///session ///system"
line 'vm-list --connect=te'
want "--connect=te as bash splits it" "test:///default"
words vm-dumpxml --xpath ""
want "no completion for an --xpath value" ""

# Files for vm-define and xml-validate: XML files and directories.
mkdir -p "$T/files/sub"
: > "$T/files/a.xml"
: > "$T/files/b.txt"
words vm-define "$T/files/"
want "vm-define completes XML files" "$T/files/a.xml $T/files/sub"
words xml-validate "$T/files/a.xml" "$T/files/"
want "xml-validate completes more files" "$T/files/a.xml $T/files/sub"
words vm-define "$T/files/a.xml" ""
want "vm-define takes one file" ""
words vol-create-from --in
want "vol-create-from --in" "--inputpool"
words vol-create-from p "$T/files/"
want "vol-create-from completes its document" "$T/files/a.xml $T/files/sub"

# Domain names, from a real test:///default connection.
if ! command -v vm-list > /dev/null 2>&1; then
	skip "domain names complete" "vm-list is not built"
	exit 0
fi
if [ "$(vm-list -c test:///default --all --name 2>&1)" != test ]; then
	fail "domain names complete" \
		"vm-list -c test:///default --all --name: $(vm-list -c test:///default --all --name 2>&1 | head -c 200)"
	exit 0
fi
words vm-info -c test:///default t
want "vm-info -c test:///default t" "test"
line 'vm-info -c test:///default t'
want "vm-info -c test:///default t as bash splits it" "test"
line 'vm-dumpxml --connect=test:///default --inactive '
want "vm-dumpxml --connect=test:///default" "test"
words vm-info -c test:///default test ""
want "one domain argument only" ""
words vm-info -c test:///default x
want "no domain starting with x" ""
words vm-info -c test:///nonexistent.xml t
want "errors are silenced" ""
VIRTKIT_DEFAULT_URI=test:///default
export VIRTKIT_DEFAULT_URI
words vm-undefine ""
want "\$VIRTKIT_DEFAULT_URI is used without -c" "test"
unset VIRTKIT_DEFAULT_URI

# The demo domain defines on the test driver and then completes too.
if command -v vm-define > /dev/null 2>&1; then
	if vm-define -c test:///default "$TOP/contrib/demo.xml" 2> "$T/err"; then
		pass "contrib/demo.xml defines"
		words vm-edit -c test:///default ""
		want "vm-edit completes every domain" "demo test"
		words vm-info -c test:///default d
		want "vm-info completes demo" "demo"
	else
		fail "contrib/demo.xml defines" "$(head -c 300 "$T/err")"
	fi
fi

# Network names come from net-list: every network for net-info, the
# inactive ones for net-start.
if command -v net-define > /dev/null 2>&1; then
	if net-define -c test:///default "$TOP/contrib/networks/default.xml" \
		2> "$T/err"; then
		pass "contrib/networks/default.xml defines"
		words net-info -c test:///default d
		want "net-info completes network names" "default"
		words net-start -c test:///default ""
		want "net-start completes inactive networks" "default"
		words net-stop -c test:///default ""
		want "net-stop completes only active networks" ""
	else
		fail "contrib/networks/default.xml defines" "$(head -c 300 "$T/err")"
	fi
fi
