# qemu:///session as an ordinary user: define, start, boot, console round
# trip, state files under the user's XDG directories (never /var/lib,
# /run/virtkit or /var/log), QEMU running as that user, ACPI shutdown.
# As root the user is vktest (created with useradd -m when missing) and
# the commands run through runuser; as any other user the test runs as
# itself.  No VIRTKIT_ROOT: the XDG variables point into a scratch
# directory that user owns.
. "$TOP/tests/lib.sh"
. "$TOP/tests/qemu/common.sh"

kit_or_skip qemu-session || exit 0
SU=vktest
if [ "$(id -u)" = 0 ]; then
	if ! command -v runuser > /dev/null 2>&1; then
		skip qemu-session "runuser (util-linux) is missing"
		exit 0
	fi
	# A user this run creates is removed again at exit.  (Another run
	# may create it at the same moment: look again.)
	if ! id "$SU" > /dev/null 2>&1; then
		if useradd -M -d /nonexistent -s /usr/sbin/nologin "$SU" \
			> "$T/err" 2>&1; then
			FINAL_CLEANUP="userdel $SU 2> /dev/null"
		elif ! id "$SU" > /dev/null 2>&1; then
			skip qemu-session "no user $SU and useradd failed: $(head -c 200 "$T/err")"
			exit 0
		fi
	fi
	RUNAS="runuser -u $SU --"
else
	SU=$(id -un)
	RUNAS=
fi
UID_S=$(id -u "$SU")
UD=$(mktemp -d /tmp/vktest-session.XXXXXX)
chmod 755 "$UD"
mkdir -p "$UD/home" "$UD/run" "$UD/data" "$UD/state" "$UD/config"
chmod 700 "$UD/home" "$UD/run" "$UD/data" "$UD/state" "$UD/config"
[ -n "$RUNAS" ] && chown "$SU:" "$UD/home" "$UD/run" "$UD/data" "$UD/state" "$UD/config"

# as_user CMD...: run CMD as the session user, in its own environment.
as_user() {
	$RUNAS env -u VIRTKIT_ROOT -u VIRTKIT_DEFAULT_URI -u VIRTKIT_DEBUG \
		HOME="$UD/home" XDG_RUNTIME_DIR="$UD/run" XDG_DATA_HOME="$UD/data" \
		XDG_STATE_HOME="$UD/state" XDG_CONFIG_HOME="$UD/config" PATH="$PATH" "$@"
}
S="-c qemu:///session"
EXTRA_CLEANUP='as_user vm-destroy $S s1 > /dev/null 2>&1'
EXTRA_ROOTS="$EXTRA_ROOTS $UD"

# The kit must be readable by the session user.
check session-kit-readable 'as_user sh -c "test -r \"$KIT/vmlinuz\" && test -r \"$KIT/initrd.img\""' \
	"$SU cannot read $KIT/vmlinuz or initrd.img"

mkdom s1
expect session-define 0 as_user vm-define $S - < "$T/s1.xml"
expect session-start 0 as_user vm-start $S s1
expect session-info 0 as_user vm-info $S s1
check session-running 'grep -q "^State: *running" "$T/out"' "$(tr '\n' '|' < "$T/out")"

s_booted() {
	as_user vm-console $S --history s1 2> /dev/null | awk '
		/VIRTKIT-GUEST-READY/ { c++; p = 0 }
		/vk-guest# / { p = 1 }
		END { exit !(c >= 1 && p) }'
}
if wait_until 120 s_booted; then pass session-boot; else
	fail session-boot "no marker and prompt in 120 s: $(as_user vm-info $S s1 2>&1 | grep State) $(tail -n 2 "$UD/state/virtkit/log/qemu/s1.log" 2> /dev/null | tr '\n' '|')"
fi
printf 'echo hello-$((6*7))\n' | as_user vm-console $S --idle 2 --timeout 60 s1 > "$T/out" 2> "$T/err"
rc=$?
check session-console '[ $rc -eq 0 ] && grep -q "^hello-42" "$T/out"' \
	"exit $rc, output: $(tr -d '\r' < "$T/out" | tail -n 3 | tr '\n' '|') $(cat "$T/err")"

# Where the state lives: the user's XDG directories, owned by the user.
check session-config-xdg '[ -f "$UD/data/virtkit/qemu/s1.xml" ]' \
	"no $UD/data/virtkit/qemu/s1.xml: $(find "$UD/data" | tr '\n' ' ')"
check session-record-xdg '[ -f "$UD/run/virtkit/qemu/s1.xml" ]' \
	"no $UD/run/virtkit/qemu/s1.xml: $(find "$UD/run" -maxdepth 3 | tr '\n' ' ')"
check session-log-xdg '[ -f "$UD/state/virtkit/log/qemu/s1.log" ] && [ -f "$UD/state/virtkit/log/qemu/s1.console.log" ]' \
	"logs: $(find "$UD/state" | tr '\n' ' ')"
check session-not-system '[ ! -e /var/lib/virtkit/qemu/s1.xml ] && [ ! -e /run/virtkit/qemu/s1.xml ] && [ ! -e /var/log/virtkit/qemu/s1.log ]' \
	"system paths hold s1: $(ls /var/lib/virtkit/qemu/s1.xml /run/virtkit/qemu/s1.xml /var/log/virtkit/qemu/s1.log 2> /dev/null | tr '\n' ' ')"
bad=$(find "$UD/data" "$UD/run" "$UD/state" ! -uid "$UID_S" 2> /dev/null | head -n 3)
check session-files-owned '[ -z "$bad" ]' "not owned by $SU: $bad"
qp=$(sed -n "1s/.* pid='\([0-9]*\)'.*/\1/p" "$UD/run/virtkit/qemu/s1.xml" 2> /dev/null)
check session-qemu-user '[ -n "$qp" ] && grep -q "^Uid:[[:space:]]*$UID_S[[:space:]]" "/proc/$qp/status"' \
	"QEMU pid '$qp': $(grep ^Uid: "/proc/$qp/status" 2> /dev/null)"
expect session-list 0 as_user vm-list $S
check session-listed 'grep -q "^ [0-9][0-9]* *s1 *running\$" "$T/out"' "$(tr '\n' '|' < "$T/out")"

expect session-shutdown 0 as_user vm-shutdown $S --wait --timeout 60 s1
expect session-info-off 0 as_user vm-info $S s1
check session-off 'grep -q "^State: *shut off" "$T/out" && [ ! -e "$UD/run/virtkit/qemu/s1.xml" ] && ! alive "$qp"' \
	"$(grep State "$T/out"); record $(ls "$UD/run/virtkit/qemu/" | tr '\n' ' ')"
exit 0
