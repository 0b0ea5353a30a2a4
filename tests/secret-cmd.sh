#!/bin/sh
# The secret-* commands on a private VIRTKIT_ROOT: what they print, the
# exit codes, and the files the store holds (where, which modes, which
# bytes), as the issue asks: values 0600 in a 0700 directory, ephemeral
# ones only under /run, a value never taken on the command line, a
# private value never printed, a store open to others refused.
. "$TOP/tests/lib.sh"

S=$DATA/secret
ETC=$VIRTKIT_ROOT/etc/virtkit/secrets
RUN=$VIRTKIT_ROOT/run/virtkit/secrets
U_VOL=0a81f5b2-8403-7b23-c8d6-21ccc2f80d6f
U_TLS=b3f4a6c1-9d2e-4c8a-8f1b-6e5d4c3b2a19
U_ISCSI=4f0c72d2-a3a9-4a2b-8a3c-0a1e5e6f7a8b
URI=qemu:///system
export VIRTKIT_DEFAULT_URI=$URI

# mode PATH: its octal mode and owner uid.
mode() { stat -c '%a %u' "$1"; }

# check NAME COND...: PASS when the test command COND succeeds.
check() {
	_n=$1; shift
	if "$@"; then pass "$_n"; else fail "$_n" "not true: $*"; fi
}

for c in define undefine dumpxml list set-value get-value; do
	expect "secret-$c --help" 0 secret-$c --help
	check "secret-$c --help names the command" \
		grep -q "secret-$c" "$T/out"
done

# define: the uuid on stdout, the definition 0600 in a 0700 directory.
expect "define volume" 0 secret-define "$S/volume.xml"
check "define prints the uuid" [ "$(cat "$T/out")" = $U_VOL ]
check "definition 0600" [ "$(mode "$ETC/$U_VOL.xml")" = "600 $(id -u)" ]
check "directory 0700" [ "$(mode "$ETC")" = "700 $(id -u)" ]
expect "dumpxml volume" 0 secret-dumpxml $U_VOL
same "dumpxml is canonical" "$S/volume.out.xml" "$T/out"
expect "dumpxml by usage" 0 secret-dumpxml /var/lib/virtkit/images/web.img
same "dumpxml by usage is the same" "$S/volume.out.xml" "$T/out"
expect "define without uuid" 0 secret-define "$S/gen-nouuid.xml"
GEN=$(cat "$T/out")
check "a uuid is generated" [ -f "$ETC/$GEN.xml" ]
sed "s|private='yes'|private='no'|" "$S/iscsi.xml" > "$T/iscsi.xml"
expect "define iscsi, not private" 0 secret-define "$T/iscsi.xml"

# libvirt's refusals; the store unchanged after each.
ls -l --time-style=+%s.%N "$ETC" > "$T/before"
cat > "$T/dup.xml" <<X
<secret><usage type='volume'><volume>/var/lib/virtkit/images/web.img</volume></usage></secret>
X
expect_err "same usage as another secret" 5 \
	"secret-define: error: secret $U_VOL is already defined for use with volume /var/lib/virtkit/images/web.img" \
	secret-define "$T/dup.xml"
sed 's|web.img|other.img|' "$S/volume.xml" > "$T/other.xml"
expect_err "uuid defined for another usage" 5 \
	"secret-define: error: secret $U_VOL is already defined for use with volume /var/lib/virtkit/images/web.img" \
	secret-define "$T/other.xml"
sed "s|private='yes'|private='no'|" "$S/volume.xml" > "$T/public.xml"
expect_err "private cannot stop being so" 5 \
	"secret-define: error: secret $U_VOL is private: it cannot stop being so" \
	secret-define "$T/public.xml"
expect "bad document" 3 secret-define "$DATA/secret-reject/bad-uuid-invalid.xml"
ls -l --time-style=+%s.%N "$ETC" > "$T/after"
same "refused definitions change nothing" "$T/before" "$T/after"

# set-value: base64 by default, raw bytes with --plain.
printf 'correct horse' | base64 > "$T/b64"
expect "set-value base64 on stdin" 0 secret-set-value $U_VOL < "$T/b64"
check "value stored raw" [ "$(cat "$ETC/$U_VOL.value")" = "correct horse" ]
check "value 0600" [ "$(mode "$ETC/$U_VOL.value")" = "600 $(id -u)" ]
printf 'a\000b\377' > "$T/bin"
chmod 600 "$T/bin"
expect "set-value --plain --file" 0 secret-set-value --plain --file "$T/bin" \
	$U_ISCSI
same "binary value kept byte for byte" "$T/bin" "$ETC/$U_ISCSI.value"
expect "get-value --plain" 0 secret-get-value --plain $U_ISCSI
same "get-value --plain gives the bytes" "$T/bin" "$T/out"
expect "get-value base64" 0 secret-get-value libvirtiscsi
check "get-value prints base64" [ "$(cat "$T/out")" = "YQBi/w==" ]
expect_err "get-value of a private secret" 1 \
	"secret-get-value: error: secret $U_VOL is private: its value is never given out" \
	secret-get-value $U_VOL
check "nothing printed for a private secret" [ ! -s "$T/out" ]
expect_err "get-value without a value" 4 \
	"secret-get-value: error: secret $GEN has no value" \
	secret-get-value $GEN
echo 'not base64!' > "$T/bad"
expect_err "set-value refuses what is not base64" 3 \
	"secret-set-value: error: the value is not base64 (--plain takes raw bytes)" \
	secret-set-value $GEN < "$T/bad"

# Never from the command line; nothing stored then.
MSG="secret-set-value: error: a secret value is not taken on the command line (any user can read it there): give it on stdin or with --file (see secret-set-value --help)"
expect_err "value as an argument refused" 2 "$MSG" \
	secret-set-value $GEN c2VjcmV0 < "$T/b64"
expect_err "--base64 VALUE refused" 2 "$MSG" \
	secret-set-value --base64 c2VjcmV0 $GEN < "$T/b64"
check "no value stored from the command line" [ ! -e "$ETC/$GEN.value" ]

# A value file open to others is refused unread.
printf 'x' | base64 > "$T/open"
chmod 644 "$T/open"
expect_err "set-value --file 0644 refused" 1 \
	"secret-set-value: error: $T/open has mode 0644 and owner uid $(id -u): a secret file must be 0600 or 0400" \
	secret-set-value --file "$T/open" $GEN
check "nothing stored from it" [ ! -e "$ETC/$GEN.value" ]

# Ephemeral: only under /run, value included; redefined persistent, the
# value moves to /etc.
expect "define ephemeral" 0 secret-define "$S/tls.xml"
printf 'tls pass' | base64 | secret-set-value TLS_example
check "ephemeral definition under /run" [ -f "$RUN/$U_TLS.xml" ]
check "ephemeral value under /run" [ "$(cat "$RUN/$U_TLS.value")" = "tls pass" ]
check "nothing of it under /etc" [ ! -e "$ETC/$U_TLS.xml" ] && [ ! -e "$ETC/$U_TLS.value" ]
sed "s|ephemeral='yes'|ephemeral='no'|" "$S/tls.xml" > "$T/tls-persist.xml"
expect "redefine persistent" 0 secret-define "$T/tls-persist.xml"
check "value moved to /etc" [ "$(cat "$ETC/$U_TLS.value" 2>&1)" = "tls pass" ]
check "and gone from /run" [ ! -e "$RUN/$U_TLS.value" ] && [ ! -e "$RUN/$U_TLS.xml" ]

# list
expect "list" 0 secret-list
check "list shows the usage" grep -q "^ $U_ISCSI   iscsi libvirtiscsi\$" "$T/out"
expect "list --name" 0 secret-list --name
printf '%s\n' $U_VOL $U_TLS $U_ISCSI $GEN | sort > "$T/want"
same "list --name gives the uuids, sorted" "$T/want" "$T/out"
expect "list --json" 0 secret-list --json
if python3 -c 'import json,sys; d=json.load(open(sys.argv[1])); \
	e={x["uuid"]: x for x in d}; \
	assert e[sys.argv[2]]["private"] is True and e[sys.argv[2]]["value"] is True; \
	assert e[sys.argv[3]]["usage"] == "iscsi" and e[sys.argv[3]]["usage_id"] == "libvirtiscsi"; \
	assert e[sys.argv[4]]["value"] is False' "$T/out" $U_VOL $U_ISCSI $GEN \
	2> "$T/err"; then
	pass "list --json parses and says what is set"
else
	fail "list --json parses and says what is set" "$(tail -n 1 "$T/err")"
fi
expect "list --name --json refused" 2 secret-list --name --json

# A store open to others is refused rather than read.
chmod 644 "$ETC/$U_ISCSI.value"
expect_err "value file 0644 refused" 1 \
	"secret-get-value: error: $ETC/$U_ISCSI.value has mode 0644 and owner uid $(id -u): a secret file must be 0600 and the caller's" \
	secret-get-value $U_ISCSI
chmod 600 "$ETC/$U_ISCSI.value"
chmod 755 "$ETC"
expect_err "directory 0755 refused" 1 \
	"secret-list: error: $ETC is not a private directory (mode 0755, owner uid $(id -u)): secrets are kept in one of mode 0700 owned by uid $(id -u)" \
	secret-list
chmod 700 "$ETC"

# undefine, by usage and by uuid.
expect "undefine by usage" 0 secret-undefine libvirtiscsi
check "definition and value removed" [ ! -e "$ETC/$U_ISCSI.xml" ] && [ ! -e "$ETC/$U_ISCSI.value" ]
expect_err "undefine unknown" 4 \
	"secret-undefine: error: no secret with uuid or usage 'libvirtiscsi'" \
	secret-undefine libvirtiscsi
expect "undefine by uuid" 0 secret-undefine $U_VOL
check "private value removed" [ ! -e "$ETC/$U_VOL.value" ]

# Session secrets: under XDG_CONFIG_HOME.
export XDG_CONFIG_HOME=/home/u/.config XDG_RUNTIME_DIR=/rt
expect "session define" 0 secret-define -c qemu:///session "$S/vtpm.xml"
check "session definition under XDG_CONFIG_HOME" \
	[ -f "$VIRTKIT_ROOT/home/u/.config/virtkit/secrets/6dd3e4a5-1d76-44ce-961f-f119f5aad935.xml" ]
expect "session list has it alone" 0 secret-list -c qemu:///session --name
check "session list" [ "$(cat "$T/out")" = 6dd3e4a5-1d76-44ce-961f-f119f5aad935 ]
