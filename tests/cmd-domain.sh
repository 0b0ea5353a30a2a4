# The domain commands against the test driver and the qemu store: what
# they print, their exit codes, and the files they leave.
. "$TOP/tests/lib.sh"

TU=test:///default
Q=qemu:///system
STORE=$VIRTKIT_ROOT/var/lib/virtkit/qemu
mk() { mkdoc "$@"; }

# The test driver starts with one running domain named "test".
expect list-default 0 vm-list -c $TU
grep -q '^ 1 *test *running$' "$T/out" && pass list-default-row ||
	fail list-default-row "$(cat "$T/out")"
expect list-name 0 vm-list -c $TU --name
[ "$(cat "$T/out")" = test ] && pass list-name-out || fail list-name-out "$(cat "$T/out")"
expect info-by-name 0 vm-info -c $TU test
grep -q '^State: *running$' "$T/out" && grep -q '^Id: *1$' "$T/out" &&
	pass info-fields || fail info-fields "$(cat "$T/out")"
uuid=$(awk '/^UUID:/ {print $2}' "$T/out")
expect info-by-id 0 vm-info -c $TU 1
expect info-by-uuid 0 vm-info -c $TU "$uuid"
expect info-by-undashed-uuid 0 vm-info -c $TU "$(echo "$uuid" | tr -d -)"
expect dumpxml-live 0 vm-dumpxml -c $TU test
grep -q "<domain type='test' id='1'>" "$T/out" && pass dumpxml-live-id ||
	fail dumpxml-live-id "$(head -1 "$T/out")"
expect dumpxml-inactive 0 vm-dumpxml -c $TU --inactive test
grep -q "<domain type='test'>" "$T/out" && pass dumpxml-inactive-no-id ||
	fail dumpxml-inactive-no-id "$(head -1 "$T/out")"
expect dumpxml-xpath 0 vm-dumpxml -c $TU test --xpath 'string(/domain/memory)'
[ "$(cat "$T/out")" = 8388608 ] && pass xpath-value || fail xpath-value "$(cat "$T/out")"
expect_err dumpxml-xpath-bad 2 "vm-dumpxml: error: invalid XPath expression '/domain/['" \
	vm-dumpxml -c $TU test --xpath '/domain/['
expect_err info-missing 4 "vm-info: error: domain 'nosuch' not found" \
	vm-info -c $TU nosuch

# Define from a file and from stdin; changes persist in the state file.
mk web1 > "$T/web1.xml"
expect define-file 0 vm-define -c $TU "$T/web1.xml"
[ ! -s "$T/out" ] && pass define-quiet || fail define-quiet "$(cat "$T/out")"
mk web2 | expect define-stdin 0 vm-define -c $TU -
expect list-all 0 vm-list -c $TU --all --name
[ "$(tr '\n' ' ' < "$T/out")" = "test web1 web2 " ] && pass list-all-order ||
	fail list-all-order "$(cat "$T/out")"
expect list-inactive 0 vm-list -c $TU --inactive --name
[ "$(tr '\n' ' ' < "$T/out")" = "web1 web2 " ] && pass list-inactive-out ||
	fail list-inactive-out "$(cat "$T/out")"
expect list-json 0 vm-list -c $TU --all --json
if command -v python3 > /dev/null; then
	python3 -c 'import json,sys; d=json.load(open(sys.argv[1])); assert [x["name"] for x in d]==["test","web1","web2"] and d[0]["id"]==1 and d[1]["id"] is None and d[1]["state"]=="shut off"' "$T/out" &&
		pass list-json-parses || fail list-json-parses "$(cat "$T/out")"
else
	skip list-json-parses "python3 is missing"
fi
expect_err list-conflicting-formats 2 "vm-list: error: --name, --uuid and --json exclude each other (see vm-list --help)" \
	vm-list -c $TU --name --json
expect undefine 0 vm-undefine -c $TU web2
expect_err undefine-again 4 "vm-undefine: error: domain 'web2' not found" \
	vm-undefine -c $TU web2
expect_err undefine-running-transient 0 "" vm-undefine -c $TU test
expect list-transient 0 vm-list -c $TU --json
grep -q '"persistent": false' "$T/out" && pass test-now-transient ||
	fail test-now-transient "$(cat "$T/out")"
expect_err undefine-transient 5 "vm-undefine: error: domain 'test' is not persistent" \
	vm-undefine -c $TU test

# Identity: a name belongs to one uuid and a uuid to one name.
U1=11111111-2222-3333-4444-555555555555
U2=11111111-2222-3333-4444-666666666666
mk db $U1 > "$T/db.xml"
expect define-db 0 vm-define -c $Q "$T/db.xml"
[ -f "$STORE/db.xml" ] && pass store-file || fail store-file "no $STORE/db.xml"
[ "$(stat -c %a "$STORE/db.xml")" = 600 ] && pass store-mode ||
	fail store-mode "$(stat -c %a "$STORE/db.xml")"
expect redefine-same 0 vm-define -c $Q "$T/db.xml"
mk db $U2 > "$T/db2.xml"
expect_err name-other-uuid 5 "vm-define: error: domain 'db' already exists with uuid $U1" \
	vm-define -c $Q "$T/db2.xml"
mk other $U1 > "$T/other.xml"
expect_err uuid-other-name 5 "vm-define: error: uuid $U1 is already used by domain 'db'" \
	vm-define -c $Q "$T/other.xml"
mk db > "$T/db-nouuid.xml"
expect redefine-keeps-uuid 0 vm-define -c $Q "$T/db-nouuid.xml"
grep -q "<uuid>$U1</uuid>" "$STORE/db.xml" && pass uuid-kept ||
	fail uuid-kept "$(grep uuid "$STORE/db.xml")"
expect_err short-uuid-not-found 4 "vm-dumpxml: error: domain '1111111122223333444455555555555' not found" \
	vm-dumpxml -c $Q 1111111122223333444455555555555

# vm-edit keeps its temp file in $TMPDIR: a private one, checked at the end.
TMPDIR=$T/tmp
export TMPDIR
mkdir -p "$TMPDIR"
# vm-edit: a scripted editor changes the config; a broken edit keeps it.
cat > "$T/ed-mem" <<'ED'
#!/bin/sh
sed -i 's/65536/131072/' "$1"
ED
cat > "$T/ed-break" <<'ED'
#!/bin/sh
sed -i 's/<memory /<memroy /; s/<\/memory>/<\/memroy>/' "$1"
ED
chmod +x "$T/ed-mem" "$T/ed-break"
cp "$STORE/db.xml" "$T/before.xml"
EDITOR=true expect edit-unchanged 0 vm-edit -c $Q db
[ "$(cat "$T/out")" = "Domain db XML configuration not changed." ] &&
	pass edit-unchanged-msg || fail edit-unchanged-msg "$(cat "$T/out")"
EDITOR=$T/ed-break expect edit-broken 3 vm-edit -c $Q db < /dev/null
grep -q "unknown element <memroy>" "$T/err" && pass edit-broken-msg ||
	fail edit-broken-msg "$(cat "$T/err")"
same edit-broken-keeps-config "$T/before.xml" "$STORE/db.xml"
VISUAL=$T/ed-mem expect edit-ok 0 vm-edit -c $Q db
grep -q "<memory unit='KiB'>131072</memory>" "$STORE/db.xml" && pass edit-applied ||
	fail edit-applied "$(grep memory "$STORE/db.xml")"
EDITOR=/nonexistent/editor expect edit-no-editor 1 vm-edit -c $Q db
[ -z "$(ls -A "$TMPDIR")" ] && pass edit-cleans-temp ||
	fail edit-cleans-temp "$(ls -A "$TMPDIR")"
unset TMPDIR

# xml-validate
expect validate-ok 0 xml-validate "$T/db.xml"
[ "$(cat "$T/out")" = "$T/db.xml validates" ] && pass validate-msg ||
	fail validate-msg "$(cat "$T/out")"
printf '<domain><name>x</name></domain>' > "$T/bad.xml"
expect validate-bad 3 xml-validate "$T/db.xml" "$T/bad.xml"
expect_err validate-missing 4 "xml-validate: error: cannot read $T/nope.xml: No such file or directory" \
	xml-validate "$T/nope.xml"
printf '<frobnicate/>' > "$T/frob.xml"
expect_err validate-unknown-root 3 "xml-validate: error: $T/frob.xml:1: <frobnicate>: no schema for root element <frobnicate>" \
	xml-validate "$T/frob.xml"
mk v | expect validate-stdin 0 xml-validate -

# Connections and usage.
expect_err bad-scheme 2 "vm-list: error: unknown connection URI scheme 'foo' in 'foo:///x'" \
	vm-list -c foo:///x
expect_err bad-uri 2 "vm-list: error: invalid connection URI 'nonsense': expected DRIVER://[HOST]/PATH" \
	vm-list -c nonsense
expect_err bad-qemu-path 2 "vm-list: error: unknown qemu connection 'qemu:///foo': use qemu:///system or qemu:///session" \
	vm-list -c qemu:///foo
VIRTKIT_DEFAULT_URI=$TU expect default-uri-env 0 vm-info test
expect_err missing-arg 2 "vm-info: error: missing argument: DOMAIN (see vm-info --help)" vm-info -c $TU
expect_err extra-arg 2 "vm-info: error: unexpected argument 'b' (see vm-info --help)" vm-info -c $TU a b
expect bad-option 2 vm-list --frobnicate
expect help 0 vm-list --help
grep -q -- '--inactive' "$T/out" && pass help-lists-options || fail help-lists-options "$(head -3 "$T/out")"
expect version 0 vm-define --version
grep -q '^vm-define (virtkit) ' "$T/out" && pass version-out || fail version-out "$(cat "$T/out")"
expect_err missing-file 4 "vm-define: error: cannot read $T/nope.xml: No such file or directory" \
	vm-define -c $Q "$T/nope.xml"

# test:///PATH loads a host description; its changes persist.
cat > "$T/host.xml" <<EOF2
<node>
  <domain type='test'><name>h1</name><memory>1024</memory><vcpu>1</vcpu><os><type>hvm</type></os></domain>
  <domain file='h2.xml'/>
</node>
EOF2
mk h2 > "$T/h2.xml"
expect host-file 0 vm-list -c "test://$T/host.xml"
grep -q '^ 1 *h1 *running$' "$T/out" && grep -q '^ 2 *h2 *running$' "$T/out" &&
	pass host-file-domains || fail host-file-domains "$(cat "$T/out")"
u1=$(vm-list -c "test://$T/host.xml" --uuid | head -1)
u2=$(vm-list -c "test://$T/host.xml" --uuid | head -1)
[ -n "$u1" ] && [ "$u1" = "$u2" ] && pass host-file-stable-uuid ||
	fail host-file-stable-uuid "$u1 != $u2"
expect host-file-define 0 vm-define -c "test://$T/host.xml" "$T/web1.xml"
expect host-file-persist 0 vm-list -c "test://$T/host.xml" --all --name
grep -qx web1 "$T/out" && pass host-file-persisted || fail host-file-persisted "$(cat "$T/out")"
expect_err host-file-missing 4 "vm-list: error: cannot open host description /nonexistent.xml: No such file or directory" \
	vm-list -c test:///nonexistent.xml

# A relative VIRTKIT_ROOT is refused, not created under the current directory.
(cd "$T" && VIRTKIT_ROOT=rel expect_err relative-root 2 \
	"vm-list: error: VIRTKIT_ROOT must be an absolute path, not 'rel'" \
	vm-list -c test:///default)
[ ! -e "$T/rel" ] && pass relative-root-creates-nothing ||
	fail relative-root-creates-nothing "$T/rel exists"

# Names are UTF-8; the table lines up by characters, not bytes.
printf "<domain type='qemu'><name>caf\303\251</name><memory>1</memory><vcpu>1</vcpu><os><type>hvm</type></os></domain>" |
	expect define-utf8 0 vm-define -c $Q -
vm-list -c $Q --all > "$T/out"
# é is two bytes: the café row is one byte longer than the db row.
[ "$(grep 'café' "$T/out" | wc -c)" -eq "$(( $(grep ' db ' "$T/out" | wc -c) + 1 ))" ] &&
	pass list-utf8-aligned || fail list-utf8-aligned "$(cat "$T/out")"
