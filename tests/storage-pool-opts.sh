#!/bin/sh
# libvirt 9.x pool vocabulary end to end, as root, with the real
# commands: <features><cow> (chattr +C on a btrfs pool directory made by
# pool-build, nothing on other file systems), <fs:mount_opts> on an fs
# pool (findmnt shows them), <refresh><volume allocation='capacity'>
# (vol-dumpxml reports a sparse volume as fully allocated), a logical
# pool without <target> (/dev/VG), <owner>-1</owner> (unset), and
# iSCSI <auth type='chap'> whose secret is missing refused by pool-start
# with nothing started.
# btrfs parts SKIP without mkfs.btrfs (btrfs-progs).
. "$TOP/tests/lib.sh"

root_or_skip storage-pool-opts || exit 0
PATH=$PATH:/usr/sbin:/sbin
VIRTKIT_DEFAULT_URI=qemu:///system
export VIRTKIT_DEFAULT_URI
trap storage_cleanup EXIT	# and newloop: tests/lib.sh
check() {
	if eval "$2"; then pass "$1"; else fail "$1" "$3"; fi
}
xmlval() { sed -n "s|.*<$2>\(.*\)</$2>.*|\1|p" "$1" | head -n 1; }
nocow() { lsattr -d "$1" 2> /dev/null | cut -d' ' -f1 | grep -q C; }

# ---- refresh allocation='capacity' ----
cat > "$T/thin.xml" <<XML
<pool type='dir'><name>thin</name>
  <target><path>$VIRTKIT_ROOT/thin</path></target>
  <refresh><volume allocation='capacity'/></refresh>
</pool>
XML
sed -e 's/thin/thick/g' -e '/<refresh>/d' "$T/thin.xml" > "$T/thick.xml"
for p in thin thick; do
	pool-define "$T/$p.xml" > /dev/null && pool-build $p > /dev/null &&
		pool-start $p > /dev/null ||
		fail "refresh-$p-setup" "pool $p: $(pool-start $p 2>&1)"
	vol-create $p --name sparse.img --capacity 64M --allocation 0 \
		> /dev/null 2>&1 || fail "refresh-$p-vol" "vol-create failed"
	vol-dumpxml $p sparse.img > "$T/$p.vx" 2>&1
done
a=$(xmlval "$T/thin.vx" allocation) c=$(xmlval "$T/thin.vx" capacity)
check refresh-capacity '[ "$a" = 67108864 ] && [ "$c" = 67108864 ]' \
	"allocation '$a', capacity '$c'"
a=$(xmlval "$T/thick.vx" allocation)
check refresh-default-sparse '[ -n "$a" ] && [ "$a" -lt 67108864 ]' \
	"allocation '$a'"
pool-dumpxml thin > "$T/px" 2>&1
check refresh-dumpxml "grep -q \"<volume allocation='capacity'/>\" '$T/px'" \
	"$(tr '\n' ' ' < "$T/px")"

# ---- owner -1, logical without target ----
cat > "$T/unset.xml" <<XML
<pool type='dir'><name>unset</name><target><path>$VIRTKIT_ROOT/unset</path>
<permissions><mode>0711</mode><owner>-1</owner><group>-1</group></permissions>
</target></pool>
XML
expect owner-unset-define 0 pool-define "$T/unset.xml"
expect owner-unset-build 0 pool-build unset
check owner-unset-dir '[ "$(stat -c %a "$VIRTKIT_ROOT/unset")" = 711 ]' \
	"mode $(stat -c %a "$VIRTKIT_ROOT/unset")"
echo "<pool type='logical'><source><name>vkvgx</name></source></pool>" \
	> "$T/lvm.xml"
expect logical-no-target-define 0 pool-define "$T/lvm.xml"
pool-dumpxml vkvgx > "$T/px" 2>&1
check logical-no-target-path "grep -q '<path>/dev/vkvgx</path>' '$T/px' && grep -q \"<format type='lvm2'/>\" '$T/px'" \
	"$(tr '\n' ' ' < "$T/px")"

# ---- iSCSI CHAP without its secret: refused at start, nothing started
# (the login itself is tested in tests/storage-guest.sh) ----
cat > "$T/chap.xml" <<XML
<pool type='iscsi'><name>chap</name>
  <source><host name='192.0.2.1'/><device path='iqn.2026-11.com.example:t'/>
    <auth type='chap' username='kit'><secret usage='kit-chap'/></auth>
  </source>
  <target><path>/dev/disk/by-path</path></target>
</pool>
XML
expect chap-define 0 pool-define "$T/chap.xml"
expect_err chap-start-no-secret 1 "pool-start: error: pool 'chap': CHAP secret: no secret for iscsi kit-chap" \
	pool-start chap
check chap-inactive '[ "$(pool-info chap 2> /dev/null | sed -n "s/^State: *//p")" = inactive ]' \
	"$(pool-info chap 2>&1 | tr '\n' ' ')"
pool-dumpxml chap > "$T/px" 2>&1
check chap-kept "grep -q \"<secret usage='kit-chap'/>\" '$T/px'" "$(tr '\n' ' ' < "$T/px")"

# ---- fs pool with mount options ----
if ! command -v mkfs.ext4 > /dev/null 2>&1 || ! L1=$(newloop 64M); then
	skip fs-mount-opts "no mkfs.ext4 or no loop device"
else
	mkfs.ext4 -q -F "$L1"
	cat > "$T/fs.xml" <<XML
<pool type='fs' xmlns:fs='http://libvirt.org/schemas/storagepool/fs/1.0'>
  <name>fsopts</name>
  <source><device path='$L1'/><format type='ext4'/></source>
  <target><path>$VIRTKIT_ROOT/fsopts</path></target>
  <fs:mount_opts><fs:option name='noatime'/><fs:option name='nodev'/></fs:mount_opts>
</pool>
XML
	expect fs-mount-opts-define 0 pool-define "$T/fs.xml"
	mkdir -p "$VIRTKIT_ROOT/fsopts"
	expect fs-mount-opts-start 0 pool-start fsopts
	o=$(findmnt -n -o OPTIONS --mountpoint "$VIRTKIT_ROOT/fsopts")
	check fs-mount-opts-applied 'echo ",$o," | grep -q ",noatime," && echo ",$o," | grep -q ",nodev,"' \
		"options: $o"
	expect fs-mount-opts-stop 0 pool-stop fsopts
fi

# ---- cow: NOCOW on btrfs, nothing elsewhere ----
cat > "$T/cow.xml" <<XML
<pool type='dir'><name>cowx</name>
  <target><path>$VIRTKIT_ROOT/ext/cowx</path></target>
</pool>
XML
mkdir -p "$VIRTKIT_ROOT/ext"
expect cow-other-fs-define 0 pool-define "$T/cow.xml"
expect cow-other-fs-build 0 pool-build cowx
pool-undefine cowx > /dev/null 2>&1
if ! command -v mkfs.btrfs > /dev/null 2>&1; then
	skip cow-btrfs "mkfs.btrfs is missing (btrfs-progs)"
elif ! L2=$(newloop 160M); then
	skip cow-btrfs "no loop device"
elif ! mkfs.btrfs -q -f "$L2" > "$T/err" 2>&1 ||
	! mkdir -p "$VIRTKIT_ROOT/btr" ||
	! mount -t btrfs "$L2" "$VIRTKIT_ROOT/btr" 2>> "$T/err"; then
	skip cow-btrfs "cannot mount btrfs here: $(tail -n 1 "$T/err")"
else
	for s in default no yes; do
		f=
		[ $s = default ] || f="<features><cow state='$s'/></features>"
		cat > "$T/cow-$s.xml" <<XML
<pool type='dir'><name>cow$s</name>$f
  <target><path>$VIRTKIT_ROOT/btr/cow$s</path></target>
</pool>
XML
		pool-define "$T/cow-$s.xml" > /dev/null 2>&1
		expect cow-btrfs-build-$s 0 pool-build cow$s
	done
	check cow-btrfs-default-nocow 'nocow "$VIRTKIT_ROOT/btr/cowdefault"' \
		"lsattr: $(lsattr -d "$VIRTKIT_ROOT/btr/cowdefault" 2>&1)"
	check cow-btrfs-no-nocow 'nocow "$VIRTKIT_ROOT/btr/cowno"' \
		"lsattr: $(lsattr -d "$VIRTKIT_ROOT/btr/cowno" 2>&1)"
	check cow-btrfs-yes-cow '! nocow "$VIRTKIT_ROOT/btr/cowyes"' \
		"lsattr: $(lsattr -d "$VIRTKIT_ROOT/btr/cowyes" 2>&1)"
	# a volume made in a NOCOW directory inherits it
	pool-start cowno > /dev/null 2>&1
	vol-create cowno --name a.img --capacity 1M > /dev/null 2>&1
	check cow-btrfs-vol-inherits 'nocow "$VIRTKIT_ROOT/btr/cowno/a.img"' \
		"lsattr: $(lsattr "$VIRTKIT_ROOT/btr/cowno/a.img" 2>&1)"
	pool-stop cowno > /dev/null 2>&1
fi
