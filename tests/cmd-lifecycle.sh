# The lifecycle commands (vm-start, vm-create, vm-shutdown, vm-reboot,
# vm-destroy, vm-suspend, vm-resume, vm-autostart) against the test
# driver: the state transitions other commands then see, ids, transient
# domains, conflicts, usage errors, --autostart-all and --console.
. "$TOP/tests/lib.sh"

TU=test:///default
LIFECYCLE="vm-start vm-create vm-shutdown vm-reboot vm-destroy vm-suspend
vm-resume vm-autostart"
mk() { mkdoc "$1" "" 65536 test; }
# ok NAME CONDITION...: PASS when the condition holds, else FAIL showing
# the last command's output.
ok() {
	_n=$1; shift
	if "$@"; then pass "$_n"; else fail "$_n" "$(head -c 300 "$T/out")"; fi
}
# row NAME ID STATE: vm-list --all (in $T/out) has that row.
row() { grep -q "^ $2 *$1 *$3\$" "$T/out"; }
# field KEY VALUE: vm-info (in $T/out) says KEY: VALUE.
field() { grep -q "^$1: *$2\$" "$T/out"; }
quiet() { [ ! -s "$T/out" ] && [ ! -s "$T/err" ]; }

for n in web1 web2 web3; do
	mk $n > "$T/$n.xml"
	vm-define -c $TU "$T/$n.xml" || fail "define $n" "vm-define failed"
done

# start / destroy / start --paused: the state shows everywhere, each
# start takes the next id.
expect start 0 vm-start -c $TU web1
ok start-quiet quiet
expect start-list 0 vm-list -c $TU --all
ok start-listed row web1 2 running
expect start-info 0 vm-info -c $TU web1
ok start-info-fields eval 'field Id 2 && field State running'
expect start-dumpxml 0 vm-dumpxml -c $TU web1
ok start-dumpxml-id grep -q "^<domain type='test' id='2'>" "$T/out"
expect start-dumpxml-inactive 0 vm-dumpxml -c $TU --inactive web1
ok start-dumpxml-inactive-no-id grep -q "^<domain type='test'>" "$T/out"
expect_err start-again 5 "vm-start: error: domain 'web1' is already running" \
	vm-start -c $TU web1
expect_err start-by-id 5 "vm-start: error: domain 'web1' is already running" \
	vm-start -c $TU 2
expect destroy 0 vm-destroy -c $TU web1
ok destroy-quiet quiet
expect destroy-info 0 vm-info -c $TU web1
ok destroy-info-fields eval 'field Id - && field State "shut off"'
expect destroy-dumpxml 0 vm-dumpxml -c $TU web1
ok destroy-dumpxml-no-id grep -q "^<domain type='test'>" "$T/out"
expect_err destroy-again 5 "vm-destroy: error: domain 'web1' is not running" \
	vm-destroy -c $TU web1
uuid=$(vm-list -c $TU --all --uuid | sed -n 2p)
expect start-paused-by-uuid 0 vm-start -c $TU --paused "$uuid"
expect start-paused-list 0 vm-list -c $TU
ok start-paused-listed row web1 3 paused
expect start-paused-json 0 vm-list -c $TU --json
if command -v python3 > /dev/null; then
	ok start-paused-json-state python3 -c 'import json,sys
d = {x["name"]: x for x in json.load(open(sys.argv[1]))}
assert d["web1"]["state"] == "paused" and d["web1"]["id"] == 3, d
assert d["test"]["state"] == "running" and d["test"]["id"] == 1, d
assert "web2" not in d, d' "$T/out"
else
	skip start-paused-json-state "python3 is missing"
fi

# suspend / resume / reboot on web1 (id 3), by name and by id.
expect_err suspend-paused 5 "vm-suspend: error: domain 'web1' is already paused" \
	vm-suspend -c $TU web1
expect_err reboot-paused 5 "vm-reboot: error: domain 'web1' is paused" \
	vm-reboot -c $TU web1
expect resume 0 vm-resume -c $TU web1
ok resume-quiet quiet
expect resume-info 0 vm-info -c $TU web1
ok resume-running eval 'field State running && field Id 3'
expect_err resume-again 5 "vm-resume: error: domain 'web1' is not paused" \
	vm-resume -c $TU web1
expect suspend-by-id 0 vm-suspend -c $TU 3
ok suspend-quiet quiet
expect suspend-info 0 vm-info -c $TU web1
ok suspend-paused eval 'field State paused && field Id 3'
expect resume-by-id 0 vm-resume -c $TU 3
expect reboot 0 vm-reboot -c $TU web1
ok reboot-quiet quiet
expect reboot-info 0 vm-info -c $TU web1
ok reboot-keeps-id eval 'field State running && field Id 3'

# shutdown, with and without --wait; conflicts on a domain that is off.
expect shutdown-wait 0 vm-shutdown -c $TU --wait web1
ok shutdown-wait-quiet quiet
expect shutdown-wait-info 0 vm-info -c $TU web1
ok shutdown-wait-off eval 'field State "shut off" && field Id -'
for c in vm-shutdown vm-reboot vm-suspend vm-resume; do
	expect_err "$c-not-running" 5 "$c: error: domain 'web1' is not running" \
		$c -c $TU web1
done
expect restart 0 vm-start -c $TU web1
expect restart-info 0 vm-info -c $TU web1
ok restart-next-id field Id 4
expect shutdown-timeout 0 vm-shutdown -c $TU --wait --timeout 5 web1
expect start-web2 0 vm-start -c $TU web2
expect start-web2-info 0 vm-info -c $TU web2
ok start-web2-id field Id 5
expect shutdown-nowait 0 vm-shutdown -c $TU web2
ok shutdown-nowait-quiet quiet
expect shutdown-nowait-list 0 vm-list -c $TU --all
ok shutdown-nowait-off row web2 - "shut off"
expect shutdown-paused 0 vm-start -c $TU --paused web2
expect shutdown-paused-stops 0 vm-shutdown -c $TU --wait web2
expect shutdown-paused-list 0 vm-list -c $TU --all
ok shutdown-paused-off row web2 - "shut off"

# vm-create: a transient domain, gone once it stops.
mk tr1 > "$T/tr1.xml"
expect create 0 vm-create -c $TU "$T/tr1.xml"
ok create-quiet quiet
expect create-list 0 vm-list -c $TU
ok create-listed row tr1 7 running
expect create-info 0 vm-info -c $TU tr1
ok create-transient field Persistent no
expect_err create-again 5 "vm-create: error: domain 'tr1' is already running" \
	vm-create -c $TU "$T/tr1.xml"
expect_err create-autostart 5 "vm-autostart: error: domain 'tr1' is transient: autostart needs a persistent domain" \
	vm-autostart -c $TU tr1
expect create-destroy 0 vm-destroy -c $TU tr1
expect_err create-gone 4 "vm-info: error: domain 'tr1' not found" \
	vm-info -c $TU tr1
mk tr2 | expect create-stdin-paused 0 vm-create -c $TU --paused -
expect create-stdin-list 0 vm-list -c $TU
ok create-stdin-paused-row row tr2 8 paused
expect create-shutdown 0 vm-shutdown -c $TU --wait tr2
expect create-shutdown-list 0 vm-list -c $TU --all --name
ok create-shutdown-gone eval '! grep -qx tr2 "$T/out"'
expect create-defined 0 vm-create -c $TU "$T/web3.xml"
expect create-defined-info 0 vm-info -c $TU web3
ok create-defined-keeps-config eval 'field State running && field Persistent yes'
expect create-defined-destroy 0 vm-destroy -c $TU web3
expect create-defined-after 0 vm-info -c $TU web3
ok create-defined-still-defined field State "shut off"
printf '<domain><name>x</name></domain>' > "$T/bad.xml"
expect create-invalid 3 vm-create -c $TU "$T/bad.xml"
ok create-invalid-msg grep -q "^vm-create: error: $T/bad.xml:" "$T/err"
expect_err create-missing 4 "vm-create: error: cannot read $T/nope.xml: No such file or directory" \
	vm-create -c $TU "$T/nope.xml"

# Not found, usage errors, --help and --version for every command.
for c in vm-start vm-shutdown vm-reboot vm-destroy vm-suspend vm-resume vm-autostart; do
	expect_err "$c-not-found" 4 "$c: error: domain 'nosuch' not found" \
		$c -c $TU nosuch
	expect_err "$c-missing-domain" 2 "$c: error: missing argument: DOMAIN (see $c --help)" \
		$c -c $TU
	expect_err "$c-extra-arg" 2 "$c: error: unexpected argument 'b' (see $c --help)" \
		$c -c $TU a b
done
expect_err vm-create-missing-file 2 "vm-create: error: missing argument: FILE|- (see vm-create --help)" \
	vm-create -c $TU
expect_err start-all-with-domain 2 "vm-start: error: --autostart-all takes no DOMAIN (see vm-start --help)" \
	vm-start -c $TU --autostart-all web1
expect_err start-all-console 2 "vm-start: error: --console and --autostart-all exclude each other (see vm-start --help)" \
	vm-start -c $TU --autostart-all --console
expect_err timeout-without-wait 2 "vm-shutdown: error: --timeout needs --wait (see vm-shutdown --help)" \
	vm-shutdown -c $TU --timeout 5 web1
for v in 0 -1 abc 5s 2147484; do
	expect_err "timeout-$v" 2 "vm-shutdown: error: invalid --timeout '$v': expected seconds from 1 to 2147483 (see vm-shutdown --help)" \
		vm-shutdown -c $TU --wait --timeout "$v" web1
done
expect bad-option 2 vm-destroy -c $TU --frobnicate web1
for c in $LIFECYCLE; do
	expect "$c-help" 0 $c --help
	ok "$c-help-usage" grep -q "^Usage: $c " "$T/out"
	expect "$c-version" 0 $c --version
	ok "$c-version-out" grep -qx "$c (virtkit) [0-9.]*" "$T/out"
done
expect start-help-options 0 vm-start --help
ok start-help-lists-options eval 'grep -q -- --autostart-all "$T/out" && grep -q -- --paused "$T/out"'
expect shutdown-help-options 0 vm-shutdown --help
ok shutdown-help-lists-timeout grep -q -- '--timeout=S' "$T/out"

# vm-autostart, then vm-start --autostart-all starts exactly the marked
# domains that are not running.
expect autostart 0 vm-autostart -c $TU web1
ok autostart-quiet quiet
expect autostart-info 0 vm-info -c $TU web1
ok autostart-enabled field Autostart enable
expect autostart-again 0 vm-autostart -c $TU web1
expect autostart-web3 0 vm-autostart -c $TU web3
expect autostart-disable 0 vm-autostart -c $TU --disable web3
expect autostart-disable-info 0 vm-info -c $TU web3
ok autostart-disabled field Autostart disable
expect autostart-disable-again 0 vm-autostart -c $TU --disable web3
expect autostart-test 0 vm-autostart -c $TU test
expect autostart-none-yet 0 vm-list -c $TU --all
ok autostart-starts-nothing eval 'row web1 - "shut off" && row web3 - "shut off"'
expect start-all 0 vm-start -c $TU --autostart-all
ok start-all-quiet quiet
expect start-all-list 0 vm-list -c $TU --all
ok start-all-started-web1 row web1 10 running
ok start-all-left-others eval 'row web2 - "shut off" && row web3 - "shut off" && row test 1 running'
expect start-all-again 0 vm-start -c $TU --autostart-all
ok start-all-again-quiet quiet
expect start-all-again-list 0 vm-list -c $TU --all
ok start-all-again-unchanged row web1 10 running
vm-destroy -c $TU web1
vm-autostart -c $TU web2
expect start-all-paused 0 vm-start -c $TU --autostart-all --paused
expect start-all-paused-list 0 vm-list -c $TU --all
ok start-all-paused-rows eval 'row web1 11 paused && row web2 12 paused && row web3 - "shut off"'
vm-destroy -c $TU web1 && vm-destroy -c $TU web2

# A domain that fails to start is named, the others are still tried,
# and the exit code is 1.  The failure: a read-only state directory
# (a read-only bind mount for root, who ignores file modes).
state=$(find "$VIRTKIT_ROOT" -path '*test/default.xml' | head -n 1)
cfg=$(dirname "${state:-/nonexistent/x}")
if [ "$(id -u)" = 0 ]; then
	readonly_run() {
		unshare -m sh -c 'mount --bind -o ro "$1" "$1" && shift &&
			exec "$@"' sh "$cfg" "$@"
	}
else
	readonly_run() {
		chmod 500 "$cfg"
		"$@"
		_r=$?
		chmod 700 "$cfg"
		return $_r
	}
fi
if [ -z "$state" ]; then
	fail start-all-failure "no test driver state file under $VIRTKIT_ROOT"
elif ! readonly_run sh -c '! touch "$1/probe"' sh "$cfg" 2> /dev/null; then
	rm -f "$cfg/probe"
	skip start-all-failure "cannot make $cfg read-only here"
else
	expect start-all-failure 1 readonly_run vm-start -c $TU --autostart-all
	ok start-all-failure-web1 grep -q "^vm-start: error: cannot start domain 'web1': " "$T/err"
	ok start-all-failure-web2 grep -q "^vm-start: error: cannot start domain 'web2': " "$T/err"
	ok start-all-failure-two-lines eval '[ "$(wc -l < "$T/err")" -eq 2 ]'
	expect start-all-failure-list 0 vm-list -c $TU --all
	ok start-all-failure-nothing-started eval 'row web1 - "shut off" && row web2 - "shut off"'
fi

# --console: vm-start and vm-create become the vm-console beside them,
# else the one in PATH, with the connection and the domain name.
mkdir -p "$T/sib" "$T/lone" "$T/path"
for d in sib path; do
	printf '#!/bin/sh\necho %s "$@" > "%s/console.args"\n' "$d" "$T" \
		> "$T/$d/vm-console"
	chmod +x "$T/$d/vm-console"
done
cp "$BUILD/bin/vm-start" "$BUILD/bin/vm-create" "$T/sib/"
cp "$BUILD/bin/vm-start" "$T/lone/"
expect console-sibling 0 env PATH="$T/path:$PATH" "$T/sib/vm-start" -c $TU --console web2
ok console-sibling-args eval '[ "$(cat "$T/console.args")" = "sib -c test:///default -- web2" ]'
expect console-sibling-running 0 vm-info -c $TU web2
ok console-sibling-started field State running
vm-destroy -c $TU web2
expect console-path 0 env PATH="$T/path:$PATH" "$T/lone/vm-start" -c $TU --debug --console web2
ok console-path-args eval '[ "$(cat "$T/console.args")" = "path -c test:///default --debug -- web2" ]'
vm-destroy -c $TU web2
rm -f "$T/console.args"
expect_err console-missing 1 "vm-start: error: domain 'web2' started, but cannot run vm-console: No such file or directory" \
	env PATH=/nonexistent "$T/lone/vm-start" -c $TU --console web2
expect console-missing-running 0 vm-info -c $TU web2
ok console-missing-still-started field State running
vm-destroy -c $TU web2
mk tr3 > "$T/tr3.xml"
expect console-create 0 env VIRTKIT_DEFAULT_URI=$TU PATH="$T/path:$PATH" \
	"$T/sib/vm-create" --console "$T/tr3.xml"
ok console-create-args eval '[ "$(cat "$T/console.args")" = "sib -c test:///default -- tr3" ]'
vm-destroy -c $TU tr3
rm -f "$T/console.args"
expect_err console-not-on-failure 5 "vm-start: error: domain 'test' is already running" \
	"$T/sib/vm-start" -c $TU --console test
ok console-not-run eval '[ ! -e "$T/console.args" ]'

# Completion: vm-start offers the domains that are off, vm-shutdown and
# the like the running ones, vm-autostart all of them.
if command -v bash > /dev/null 2>&1; then
	complete_words() {
		bash -c '. "$1/completion/virtkit" || exit 1; shift
			COMP_WORDS=("$@"); COMP_CWORD=$(($# - 1))
			_virtkit; printf "%s\n" "${COMPREPLY[@]}" | sort |
			tr "\n" " "' sh "$TOP" "$@" > "$T/out"
	}
	vm-start -c $TU web1
	complete_words vm-start -c $TU ""
	ok complete-start-inactive eval '[ "$(cat "$T/out")" = "web2 web3 " ]'
	for c in vm-shutdown vm-reboot vm-destroy vm-suspend vm-resume; do
		complete_words $c -c $TU ""
		ok "complete-$c-running" eval '[ "$(cat "$T/out")" = "test web1 " ]'
	done
	complete_words vm-autostart -c $TU ""
	ok complete-autostart-all eval '[ "$(cat "$T/out")" = "test web1 web2 web3 " ]'
	complete_words vm-shutdown --w
	ok complete-shutdown-options eval '[ "$(cat "$T/out")" = "--wait " ]'
	complete_words vm-start --a
	ok complete-start-options eval '[ "$(cat "$T/out")" = "--autostart-all " ]'
else
	skip completion "bash is not installed"
fi
