#!/bin/sh
# Every pool-* and vol-* command end to end on a dir pool: exit codes,
# messages, files on disk, --name and --json output, autostart, and the
# faults: overlapping pools, a volume name taken, no space, a volume in
# use by a running domain (a qemu runtime record naming a live process).
. "$TOP/tests/lib.sh"

VIRTKIT_DEFAULT_URI=qemu:///system
export VIRTKIT_DEFAULT_URI
CONF=$VIRTKIT_ROOT/var/lib/virtkit/storage
RUN=$VIRTKIT_ROOT/run/virtkit/storage
IMG=$VIRTKIT_ROOT/images

# json FILE EXPR: evaluate the Python expression EXPR on the JSON in
# FILE (as j); prints its value.
json() {
	python3 -c 'import json,sys; j=json.load(open(sys.argv[1])); print(eval(sys.argv[2]))' "$1" "$2"
}

# check NAME CONDITION...: pass when the shell test CONDITION holds.
check() {
	_n=$1; shift
	if "$@"; then pass "$_n"; else fail "$_n" "not true: $*"; fi
}

cat > "$T/p1.xml" <<XML
<pool type='dir'>
  <name>p1</name>
  <target><path>$IMG</path><permissions><mode>0750</mode></permissions></target>
</pool>
XML
sed "s|<name>p1|<name>p2|" "$T/p1.xml" > "$T/p2-same-target.xml"
cat > "$T/p2.xml" <<XML
<pool type='dir'><name>p2</name><target><path>$VIRTKIT_ROOT/other</path></target></pool>
XML

# ---- definitions ----
expect "pool-define" 0 pool-define "$T/p1.xml"
check "pool-define writes the config" test -f "$CONF/p1.xml"
expect "pool-define again updates" 0 pool-define "$T/p1.xml"
expect_err "overlapping target refused" 5 \
	"pool-define: error: pool 'p1' already uses target path $IMG" \
	pool-define "$T/p2-same-target.xml"
uuid=$(sed -n 's|.*<uuid>\(.*\)</uuid>.*|\1|p' "$CONF/p1.xml")
sed "s|<name>p2</name>|<name>p2</name><uuid>$uuid</uuid>|" "$T/p2.xml" \
	> "$T/p2-uuid.xml"
expect_err "uuid taken refused" 5 \
	"pool-define: error: pool 'p1' already has this uuid" \
	pool-define "$T/p2-uuid.xml"
expect "pool-define bad document" 3 pool-define "$DATA/storage-reject/pool-fs-no-device.xml"
expect "pool-define missing file" 4 pool-define "$T/nosuch.xml"
expect "pool-define p2" 0 pool-define "$T/p2.xml"

expect "pool-list --all --name" 0 pool-list --all --name
check "pool-list --all --name output" test "$(cat "$T/out")" = "p1
p2"
expect "pool-list (none active)" 0 pool-list --name
check "pool-list shows no active pool" test ! -s "$T/out"
expect "pool-list --json" 0 pool-list --all --json
check "pool-list --json fields" test "$(json "$T/out" \
	'[(p["name"], p["state"], p["type"], p["capacity"]) for p in j]')" = \
	"[('p1', 'inactive', 'dir', None), ('p2', 'inactive', 'dir', None)]"
expect "pool-list --name --json is usage" 2 pool-list --name --json

# ---- build, start ----
expect_err "pool-start before build" 1 \
	"pool-start: error: pool 'p1': target directory $IMG does not exist (pool-build makes it)" \
	pool-start p1
check "failed start leaves it inactive" test ! -e "$RUN/p1.xml"
expect "pool-build" 0 pool-build p1
check "pool-build made the directory 0750" \
	test "$(stat -c %a "$IMG")" = 750
# An existing directory keeps its mode unless the pool names one (a
# pool on /tmp must not take its sticky bit away).
mkdir -p "$T/sticky" && chmod 1777 "$T/sticky"
cat > "$T/p3.xml" <<XML
<pool type='dir'><name>p3</name><target><path>$T/sticky</path></target></pool>
XML
expect "pool-define on an existing directory" 0 pool-define "$T/p3.xml"
expect "pool-build on an existing directory" 0 pool-build p3
check "it keeps its mode" test "$(stat -c %a "$T/sticky")" = 1777
expect "pool-undefine p3" 0 pool-undefine p3
# The same directory spelt otherwise is the same target.
ln -sfn "$IMG" "$T/img-link"
for other in "$(dirname "$IMG")//$(basename "$IMG")/./=$IMG" \
	"$T/img-link=$T/img-link"; do
	sed "s|<path>$IMG</path>|<path>${other%=*}</path>|" \
		"$T/p2-same-target.xml" > "$T/p2-spelt.xml"
	expect_err "overlapping target spelt ${other%=*} refused" 5 \
		"pool-define: error: pool 'p1' already uses target path ${other#*=}" \
		pool-define "$T/p2-spelt.xml"
done
expect "pool-start" 0 pool-start p1
check "pool-start writes the live record" test -f "$RUN/p1.xml"
expect_err "pool-start twice" 5 "pool-start: error: pool 'p1' is active" \
	pool-start p1
expect_err "pool-build of an active pool" 5 \
	"pool-build: error: pool 'p1' is active" pool-build p1
expect_err "pool-start unknown" 4 "pool-start: error: pool 'nosuch' not found" \
	pool-start nosuch
expect "pool-start without POOL" 2 pool-start
expect "pool-list active" 0 pool-list --name
check "pool-list lists p1" test "$(cat "$T/out")" = p1
expect "pool-info --json" 0 pool-info --json p1
check "pool-info --json sizes" test "$(json "$T/out" \
	'j["state"] == "active" and j["capacity"] > 0 and j["available"] <= j["capacity"]')" = True
expect "pool-info" 0 pool-info p1
check "pool-info text" grep -q '^State: *active$' "$T/out"
expect "pool-dumpxml live" 0 pool-dumpxml p1
check "pool-dumpxml live has sizes" grep -q '<capacity>' "$T/out"
expect "pool-dumpxml --inactive" 0 pool-dumpxml --inactive p1
check "pool-dumpxml --inactive has none" test -z "$(grep '<capacity>' "$T/out")"
cp "$T/out" "$T/dumped.xml"
expect "dumped XML defines again" 0 pool-define "$T/dumped.xml"

# ---- volumes ----
expect "vol-create raw" 0 vol-create p1 --name a.img --capacity 10M
check "raw volume has the capacity" test "$(stat -c %s "$IMG/a.img")" = 10485760
check "raw volume is fully allocated" \
	test "$(stat -c %b "$IMG/a.img")" -ge 20480
check "volume mode 0600" test "$(stat -c %a "$IMG/a.img")" = 600
expect "vol-create sparse" 0 vol-create p1 --name s.img --capacity 1G --allocation 0
check "sparse volume allocates nothing" test "$(stat -c %b "$IMG/s.img")" = 0
expect_err "vol-create name taken" 5 \
	"vol-create: error: volume 'a.img' already exists in pool 'p1'" \
	vol-create p1 --name a.img --capacity 1M
expect "vol-create too large" 1 vol-create p1 --name big --capacity 1000P
check "too large: message" grep -q "^vol-create: error: volume 'big' needs 1125899906842624000 bytes but pool 'p1' has [0-9]* available$" "$T/err"
check "too large: nothing left" test ! -e "$IMG/big"
# A volume is made under a hidden name and renamed when whole; what a
# killed vol-create left (its process gone) goes with the next create.
: > "$IMG/.vk-new.99999999.half.img"
expect "vol-create after a killed one" 0 vol-create p1 --name half.img \
	--capacity 1M
check "the killed create's file is gone" test ! -e "$IMG/.vk-new.99999999.half.img"
check "no new file is left" sh -c "! ls -a '$IMG' | grep -q '^\.vk-new'"
expect "vol-delete half.img" 0 vol-delete p1 half.img
expect_err "vol-create past 64-bit file sizes" 2 \
	"vol-create: error: volume 'big': 9223372036854775808 bytes is more than a volume can hold (9223372036854775807)" \
	vol-create p1 --name big --capacity 8E --allocation 1
expect_err "vol-create bad size" 2 \
	"vol-create: error: --capacity '10X': unknown unit (K, M, G, T, P, E, KiB.., KB.. or bytes)" \
	vol-create p1 --name x --capacity 10X
expect "vol-create needs --capacity" 2 vol-create p1 --name x
expect "vol-create FILE and --name" 2 vol-create p1 "$T/v.xml" --name x
expect_err "vol-create a format that cannot be made" 1 \
	"vol-create: error: pool 'p1': volumes of format iso can be read but not created" \
	vol-create p1 --name x.iso --capacity 1M --format iso
check "failed vol-create leaves nothing" test ! -e "$IMG/x.iso"
expect_err "vol-create in an unknown pool" 4 \
	"vol-create: error: pool 'nosuch' not found" \
	vol-create nosuch --name x --capacity 1M
expect_err "vol-create in an inactive pool" 5 \
	"vol-create: error: pool 'p2' is not active" \
	vol-create p2 --name x --capacity 1M
cat > "$T/v.xml" <<XML
<volume><name>fromxml.qcow2</name><capacity unit='M'>64</capacity>
<target><format type='qcow2'/><permissions><mode>0640</mode></permissions></target></volume>
XML
expect "vol-create from XML" 0 vol-create p1 "$T/v.xml"
check "XML volume mode" test "$(stat -c %a "$IMG/fromxml.qcow2")" = 640
expect "vol-create bad XML" 3 vol-create p1 "$DATA/storage-reject/vol-bad-format.xml"

# Files that are no volumes: a dot file, a name with a control character.
: > "$IMG/.hidden"
: > "$IMG/$(printf 'esc\033[31m')"
expect "vol-list --name" 0 vol-list --name p1
check "vol-list --name output" test "$(cat "$T/out")" = "a.img
fromxml.qcow2
s.img"
rm -f "$IMG/.hidden" "$IMG/$(printf 'esc\033[31m')"
expect "vol-list --json" 0 vol-list --json p1
check "vol-list --json" test "$(json "$T/out" \
	'[(v["name"], v["format"], v["capacity"]) for v in j]')" = \
	"[('a.img', 'raw', 10485760), ('fromxml.qcow2', 'qcow2', 67108864), ('s.img', 'raw', 1073741824)]"
expect "vol-list table" 0 vol-list p1
check "vol-list table" grep -q "^ fromxml.qcow2 *qcow2 *64.00 MiB *$IMG/fromxml.qcow2$" "$T/out"
expect "vol-info --json" 0 vol-info --json p1 s.img
check "vol-info --json" test "$(json "$T/out" \
	'(j["type"], j["format"], j["capacity"], j["allocation"], j["path"])')" = \
	"('file', 'raw', 1073741824, 0, '$IMG/s.img')"
expect "vol-info" 0 vol-info p1 a.img
check "vol-info text" grep -q '^Capacity: *10.00 MiB$' "$T/out"
expect "vol-path" 0 vol-path p1 a.img
check "vol-path output" test "$(cat "$T/out")" = "$IMG/a.img"
expect "vol-path by path" 0 vol-path p1 "$IMG/a.img"
expect "vol-dumpxml" 0 vol-dumpxml p1 fromxml.qcow2
check "vol-dumpxml format" grep -q "<format type='qcow2'/>" "$T/out"
check "vol-dumpxml validates" xml-validate -q "$T/out"
expect_err "vol-info unknown volume" 4 \
	"vol-info: error: volume 'nosuch' not found in pool 'p1'" \
	vol-info p1 nosuch

# Eight vol-creates of one name at once: the pool lock lets one win.
for i in 1 2 3 4 5 6 7 8; do
	vol-create p1 --name race.img --capacity 1M > /dev/null \
		2> "$T/race.$i" &
done
wait
won=0
for i in 1 2 3 4 5 6 7 8; do
	[ -s "$T/race.$i" ] || won=$((won + 1))
done
check "racing vol-creates: exactly one wins" test "$won" = 1
check "racing vol-creates: the others say the name is taken" \
	test "$(cat "$T"/race.* | grep -c "volume 'race.img' already exists")" = 7
vol-delete p1 race.img

# ---- in use by a running domain ----
sleep 300 &
sp=$!
start=$(awk '{print $22}' /proc/$sp/stat)
QRUN=$VIRTKIT_ROOT/run/virtkit/qemu
mkdir -p "$QRUN"
cat > "$QRUN/web.xml" <<XML
<domstatus state='running' id='1' pid='$sp' pidstart='$start' sup='$sp' supstart='$start'>
<domain type='qemu'><name>web</name><memory>65536</memory><os><type>hvm</type></os>
<devices><disk type='file' device='disk'><source file='$IMG/a.img'/><target dev='vda' bus='virtio'/></disk></devices></domain>
</domstatus>
XML
# Every change to a.img is refused (5), with WHY in vol-delete's error
# and POOLWHY in pool-stop's.
refused_in_use() {
	expect_err "vol-delete ($1)" 5 \
		"vol-delete: error: cannot delete volume 'a.img': $2" \
		vol-delete p1 a.img
	check "the volume is still there ($1)" test -f "$IMG/a.img"
	expect "vol-wipe ($1)" 5 vol-wipe p1 a.img
	expect "vol-resize ($1)" 5 vol-resize p1 a.img 21M
	expect "vol-upload ($1)" 5 vol-upload p1 a.img /dev/null
	expect_err "pool-stop ($1)" 5 \
		"pool-stop: error: cannot stop pool 'p1': volume 'a.img' is in use$3" \
		pool-stop p1
}
refused_in_use "in use" "it is in use by domain 'web'" " by domain 'web'"
kill $sp
wait $sp 2> /dev/null
expect "a dead domain's record does not count" 0 vol-resize p1 a.img 20M
rm -f "$QRUN/web.xml"
# The image lock a running domain's supervisor holds (qemu_locks.h)
# counts too, whatever VIRTKIT_ROOT that domain runs under.
python3 -c 'import fcntl, os, sys, time
fd = os.open(sys.argv[1], os.O_RDWR)
fcntl.lockf(fd, fcntl.LOCK_EX | fcntl.LOCK_NB, 1, 1 << 62)
print("locked", flush=True)
time.sleep(120)' "$IMG/a.img" > "$T/locker" 2>&1 &
lp=$!
i=0
while ! grep -q locked "$T/locker" && [ $i -lt 100 ]; do
	sleep 0.1; i=$((i + 1))
done
why="its image is locked by process $lp (a running domain)"
refused_in_use "image locked" "$why" ": $why"
kill $lp
wait $lp 2> /dev/null
expect "the lock gone, vol-resize works" 0 vol-resize p1 a.img 20M

# ---- delete, stop, autostart, undefine ----
expect "vol-delete" 0 vol-delete p1 s.img
check "vol-delete removed the file" test ! -e "$IMG/s.img"
expect "vol-delete again" 4 vol-delete p1 s.img
expect "pool-refresh" 0 pool-refresh p1
expect_err "pool-refresh inactive" 5 \
	"pool-refresh: error: pool 'p2' is not active" pool-refresh p2
expect "pool-autostart" 0 pool-autostart p1
check "autostart link" test -L "$CONF/autostart/p1.xml"
expect "pool-autostart twice" 0 pool-autostart p1
expect "pool-list --json autostart" 0 pool-list --json
check "pool-list --json autostart true" test "$(json "$T/out" 'j[0]["autostart"]')" = True
expect_err "pool-undefine active" 5 \
	"pool-undefine: error: pool 'p1' is active; stop it first" pool-undefine p1
expect "pool-stop" 0 pool-stop p1
check "pool-stop removed the live record" test ! -e "$RUN/p1.xml"
check "pool-stop keeps the volumes" test -f "$IMG/a.img"
expect_err "pool-stop inactive" 5 "pool-stop: error: pool 'p1' is not active" \
	pool-stop p1
expect_err "vol-list of an inactive pool" 5 \
	"vol-list: error: pool 'p1' is not active" vol-list p1
expect_err "pool-delete of a directory with volumes" 5 \
	"pool-delete: error: pool 'p1': target directory $IMG is not empty" \
	pool-delete p1
expect "pool-start --autostart-all" 0 pool-start --autostart-all
check "autostart-all started p1" test -f "$RUN/p1.xml"
expect "pool-start --autostart-all with POOL" 2 pool-start --autostart-all p1
expect "pool-start --autostart-all again" 0 pool-start --autostart-all
expect "pool-autostart --disable" 0 pool-autostart --disable p1
check "autostart link gone" test ! -e "$CONF/autostart/p1.xml"
for v in a.img fromxml.qcow2; do
	vol-delete p1 "$v"
done
expect "pool-stop" 0 pool-stop p1
expect "pool-delete" 0 pool-delete p1
check "pool-delete removed the directory" test ! -e "$IMG"
expect "pool-undefine" 0 pool-undefine p1
check "pool-undefine removed the config" test ! -e "$CONF/p1.xml"
expect "pool-undefine again" 4 pool-undefine p1
expect "pool-list after undefine" 0 pool-list --all --name
check "only p2 left" test "$(cat "$T/out")" = p2

# A session URI keeps its own pools.
expect "session storage is separate" 0 \
	env XDG_DATA_HOME="$VIRTKIT_ROOT/xdg" XDG_RUNTIME_DIR="$VIRTKIT_ROOT/xdgrun" \
	pool-list -c qemu:///session --all --name
check "session storage has no pools" test ! -s "$T/out"
expect "remote storage URI refused" 2 pool-list -c qemu+ssh://h/system
