#!/bin/sh
# libvirt 9.x volume vocabulary end to end in a dir pool, with the real
# commands and qemu-img as the judge: qcow2 overlays (<backingStore>,
# with and without <capacity> and backing <format>) whose qemu-img info
# shows the backing file and format, vol-dumpxml reporting the chain,
# <compat>, <clusterSize>, <lazy_refcounts/> visible in qemu-img info,
# qcow2 preallocation (falloc, metadata), <nocow/> (lsattr on btrfs),
# <timestamps> written and accepted back, LUKS without its secret
# (tests/secret-luks.sh has it with one) and misplaced parts refused
# with nothing made, and vol-create-from (raw -> qcow2, equal by
# qemu-img compare; --inputpool; a larger capacity grows the copy).
# Every vol-dumpxml output passes libvirt's storagevol.rng when
# installed.
. "$TOP/tests/lib.sh"

root_or_skip storage-volumes || exit 0
if ! command -v qemu-img > /dev/null 2>&1; then
	skip storage-volumes "qemu-img is missing (qemu-utils)"
	exit 0
fi
PATH=$PATH:/usr/sbin:/sbin
VIRTKIT_DEFAULT_URI=qemu:///system
export VIRTKIT_DEFAULT_URI
LV_VOL_RNG=/usr/share/libvirt/schemas/storagevol.rng
trap storage_cleanup EXIT	# and newloop: tests/lib.sh
check() {
	if eval "$2"; then pass "$1"; else fail "$1" "$3"; fi
}
xmlval() { sed -n "s|.*<$2>\(.*\)</$2>.*|\1|p" "$1" | head -n 1; }
lvrng() {
	if [ ! -f "$LV_VOL_RNG" ]; then
		skip "$1" "no $LV_VOL_RNG (Debian package libvirt0)"
	elif xmllint --noout --relaxng "$LV_VOL_RNG" "$2" > "$T/rng" 2>&1; then
		pass "$1"
	else
		fail "$1" "$(grep -v 'fails to validate' "$T/rng" | head -n 2 | tr '\n' '|')"
	fi
}
IMG=$VIRTKIT_ROOT/img
cat > "$T/p.xml" <<XML
<pool type='dir'><name>v</name><target><path>$IMG</path></target></pool>
XML
pool-define "$T/p.xml" > /dev/null && pool-build v > /dev/null &&
	pool-start v > /dev/null || { fail storage-volumes "pool v: $(pool-start v 2>&1)"; exit 0; }

# ---- overlays ----
expect base-raw 0 vol-create v --name base.img --capacity 64M --format raw
head -c 1048576 /dev/urandom > "$T/data"
vol-upload v base.img "$T/data" > /dev/null 2>&1
cat > "$T/ov.xml" <<XML
<volume>
  <name>ov.qcow2</name>
  <target><format type='qcow2'/></target>
  <backingStore><path>$IMG/base.img</path><format type='raw'/></backingStore>
</volume>
XML
expect overlay-create 0 vol-create v "$T/ov.xml"
qemu-img info "$IMG/ov.qcow2" > "$T/info" 2>&1
check overlay-qemu-img-backing "grep -q '^backing file: $IMG/base.img\$' '$T/info' && grep -q '^backing file format: raw\$' '$T/info'" \
	"$(tr '\n' '|' < "$T/info")"
check overlay-capacity-from-backing "grep -q 'virtual size: 64 MiB (67108864 bytes)' '$T/info'" \
	"$(grep virtual "$T/info")"
check overlay-reads-base '[ "$(qemu-img compare -f qcow2 -F raw "$IMG/ov.qcow2" "$IMG/base.img" 2>&1)" = "Images are identical." ]' \
	"qemu-img compare: $(qemu-img compare "$IMG/ov.qcow2" "$IMG/base.img" 2>&1)"
vol-dumpxml v ov.qcow2 > "$T/vx" 2>&1
check overlay-dumpxml-chain "tr -d ' \n' < '$T/vx' | grep -q \"<backingStore><path>$IMG/base.img</path><formattype='raw'/></backingStore>\"" \
	"$(tr '\n' ' ' < "$T/vx")"
check overlay-dumpxml-timestamps "grep -Eq '<mtime>[0-9]+(\.[0-9]{9})?</mtime>' '$T/vx' && grep -q '<atime>' '$T/vx' && grep -q '<ctime>' '$T/vx'" \
	"$(tr '\n' ' ' < "$T/vx")"
lvrng overlay-dumpxml-libvirt-schema "$T/vx"
# what vol-dumpxml wrote is a document vol-create takes back
sed -e 's/ov.qcow2/ov2.qcow2/g' "$T/vx" > "$T/vx2"
expect overlay-dumpxml-roundtrip 0 vol-create v "$T/vx2"
qemu-img info "$IMG/ov2.qcow2" > "$T/info" 2>&1
check overlay-roundtrip-backing "grep -q '^backing file: $IMG/base.img\$' '$T/info'" "$(tr '\n' '|' < "$T/info")"

# an overlay on a qcow2 overlay: the format is probed when not given;
# the capacity asked is kept
cat > "$T/ov3.xml" <<XML
<volume>
  <name>top.qcow2</name><capacity unit='M'>128</capacity>
  <target><format type='qcow2'/></target>
  <backingStore><path>$IMG/ov.qcow2</path></backingStore>
</volume>
XML
expect overlay-on-overlay 0 vol-create v "$T/ov3.xml"
qemu-img info "$IMG/top.qcow2" > "$T/info" 2>&1
check overlay-on-overlay-info "grep -q '^backing file format: qcow2\$' '$T/info' && grep -q 'virtual size: 128 MiB' '$T/info'" \
	"$(tr '\n' '|' < "$T/info")"
vol-dumpxml v top.qcow2 > "$T/vx" 2>&1
check overlay-on-overlay-chain "tr -d ' \n' < '$T/vx' | grep -q \"<backingStore><path>$IMG/ov.qcow2</path><formattype='qcow2'/></backingStore>\"" \
	"$(tr '\n' ' ' < "$T/vx")"

# refusals: nothing made
cat > "$T/bad.xml" <<XML
<volume><name>bad.img</name><capacity>1M</capacity><target><format type='raw'/></target>
<backingStore><path>$IMG/base.img</path></backingStore></volume>
XML
expect_err overlay-raw-refused 1 "vol-create: error: pool 'v': volume 'bad.img': a raw volume cannot have a backing store (qcow2, qcow and vmdk can)" \
	vol-create v "$T/bad.xml"
check overlay-raw-nothing '[ ! -e "$IMG/bad.img" ] && [ -z "$(ls -A "$IMG" | grep vk-new)" ]' "$(ls -A "$IMG")"
sed -e 's|base.img</path>|nosuch.img</path>|' "$T/ov.xml" | sed 's/ov.qcow2/miss.qcow2/' > "$T/miss.xml"
expect_err overlay-missing-backing 1 "vol-create: error: pool 'v': volume 'miss.qcow2': backing store: cannot open $IMG/nosuch.img: No such file or directory" \
	vol-create v "$T/miss.xml"
check overlay-missing-nothing '[ ! -e "$IMG/miss.qcow2" ]' "miss.qcow2 was made"
cat > "$T/luks.xml" <<XML
<volume><name>luks.img</name><capacity>16M</capacity><target><format type='raw'/>
<encryption format='luks'><secret type='passphrase' uuid='f52a81b2-424e-490c-823d-6bd4235bc572'/></encryption>
</target></volume>
XML
expect_err luks-no-secret 4 "vol-create: error: volume 'luks.img': no secret with uuid or usage 'f52a81b2-424e-490c-823d-6bd4235bc572'" \
	vol-create v "$T/luks.xml"
check luks-nothing '[ ! -e "$IMG/luks.img" ]' "luks.img was made"
cat > "$T/compat-raw.xml" <<XML
<volume><name>c.img</name><capacity>1M</capacity><target><format type='raw'/><compat>1.1</compat></target></volume>
XML
expect_err compat-on-raw-refused 1 "vol-create: error: pool 'v': volume 'c.img': <compat> is for qcow2 volumes, not raw" \
	vol-create v "$T/compat-raw.xml"

# ---- qcow2 target parts ----
cat > "$T/q.xml" <<XML
<volume><name>q.qcow2</name><capacity>64M</capacity>
<target><format type='qcow2'/><compat>1.1</compat><clusterSize unit='KiB'>128</clusterSize>
<features><lazy_refcounts/></features></target></volume>
XML
expect qcow2-parts-create 0 vol-create v "$T/q.xml"
qemu-img info "$IMG/q.qcow2" > "$T/info" 2>&1
check qcow2-parts-info "grep -q 'compat: 1.1' '$T/info' && grep -q 'lazy refcounts: true' '$T/info' && grep -q '^cluster_size: 131072\$' '$T/info'" \
	"$(tr '\n' '|' < "$T/info")"
vol-dumpxml v q.qcow2 > "$T/vx" 2>&1
check qcow2-parts-dumpxml "grep -q '<compat>1.1</compat>' '$T/vx' && grep -q \"<clusterSize unit='B'>131072</clusterSize>\" '$T/vx' && grep -q '<lazy_refcounts/>' '$T/vx'" \
	"$(tr '\n' ' ' < "$T/vx")"
lvrng qcow2-parts-libvirt-schema "$T/vx"
sed -e 's/q.qcow2/old.qcow2/' -e 's|<compat>1.1</compat>|<compat>0.10</compat>|' \
	-e 's|<features><lazy_refcounts/></features>||' "$T/q.xml" > "$T/old.xml"
expect qcow2-compat-010 0 vol-create v "$T/old.xml"
qemu-img info "$IMG/old.qcow2" > "$T/info" 2>&1
check qcow2-compat-010-info "grep -q 'compat: 0.10' '$T/info'" "$(tr '\n' '|' < "$T/info")"
vol-dumpxml v old.qcow2 > "$T/vx" 2>&1
check qcow2-compat-010-dumpxml "grep -q '<compat>0.10</compat>' '$T/vx'" "$(tr '\n' ' ' < "$T/vx")"

# preallocation: falloc when fully allocated, metadata when partly
expect prealloc-falloc 0 vol-create v --name full.qcow2 --capacity 32M --allocation 32M --format qcow2
a=$(stat -c %b "$IMG/full.qcow2") a=$((a * 512))
check prealloc-falloc-blocks '[ $a -ge 33554432 ]' "allocated $a bytes"
expect prealloc-metadata 0 vol-create v --name meta.qcow2 --capacity 32M --allocation 1M --format qcow2
m=$(stat -c %b "$IMG/meta.qcow2") m=$((m * 512)) s=$(stat -c %s "$IMG/meta.qcow2")
check prealloc-metadata-size '[ $s -gt 33554432 ] && [ $m -lt 33554432 ]' "size $s, allocated $m"
expect prealloc-none 0 vol-create v --name thin.qcow2 --capacity 32M --allocation 0 --format qcow2
s=$(stat -c %s "$IMG/thin.qcow2")
check prealloc-none-small '[ $s -lt 1048576 ]' "size $s"

# ---- vol-create-from ----
cat > "$T/from.xml" <<XML
<volume><name>copy.qcow2</name><target><format type='qcow2'/><compat>0.10</compat></target></volume>
XML
expect from-raw-to-qcow2 0 vol-create-from v "$T/from.xml" base.img
check from-compare '[ "$(qemu-img compare -f raw -F qcow2 "$IMG/base.img" "$IMG/copy.qcow2" 2>&1)" = "Images are identical." ]' \
	"qemu-img compare: $(qemu-img compare "$IMG/base.img" "$IMG/copy.qcow2" 2>&1)"
qemu-img info "$IMG/copy.qcow2" > "$T/info" 2>&1
check from-qcow2-info "grep -q '^file format: qcow2\$' '$T/info' && grep -q 'compat: 0.10' '$T/info' && grep -q 'virtual size: 64 MiB' '$T/info'" \
	"$(tr '\n' '|' < "$T/info")"
mkdir -p "$VIRTKIT_ROOT/other"
cat > "$T/p2.xml" <<XML
<pool type='dir'><name>other</name><target><path>$VIRTKIT_ROOT/other</path></target></pool>
XML
pool-define "$T/p2.xml" > /dev/null && pool-start other > /dev/null
cat > "$T/from2.xml" <<XML
<volume><name>back.raw</name><capacity unit='M'>96</capacity><target><format type='raw'/></target></volume>
XML
expect from-inputpool-grow 0 vol-create-from --inputpool v other "$T/from2.xml" copy.qcow2
check from-inputpool-grown '[ "$(stat -c %s "$VIRTKIT_ROOT/other/back.raw")" = 100663296 ] && [ "$(head -c 1048576 "$VIRTKIT_ROOT/other/back.raw" | md5sum)" = "$(md5sum < "$T/data")" ]' \
	"size $(stat -c %s "$VIRTKIT_ROOT/other/back.raw")"
expect_err from-missing-volume 4 "vol-create-from: error: volume 'nosuch' not found in pool 'v'" \
	vol-create-from v "$T/from.xml" nosuch
expect_err from-name-taken 5 "vol-create-from: error: volume 'copy.qcow2' already exists in pool 'v'" \
	vol-create-from v "$T/from.xml" base.img
expect from-bad-document 3 vol-create-from v "$DATA/storage-reject/vol-bad-compat.xml" base.img
expect_err from-overlay-refused 1 "vol-create-from: error: volume 'ov9.qcow2': <backingStore>: not supported for a copy (vol-create makes overlays)" \
	vol-create-from v "$(sed 's/ov.qcow2/ov9.qcow2/' "$T/ov.xml" > "$T/ov9.xml"; echo "$T/ov9.xml")" base.img

# ---- nocow on btrfs ----
if ! command -v mkfs.btrfs > /dev/null 2>&1; then
	skip nocow-btrfs "mkfs.btrfs is missing (btrfs-progs)"
else
	if ! L=$(newloop 160M 2> /dev/null); then
		skip nocow-btrfs "no loop device"
	else
		mkdir -p "$VIRTKIT_ROOT/btr"
		if ! mkfs.btrfs -q -f "$L" > /dev/null 2>&1 ||
			! mount -t btrfs "$L" "$VIRTKIT_ROOT/btr" 2> /dev/null; then
			skip nocow-btrfs "cannot mount btrfs here"
		else
			cat > "$T/b.xml" <<XML
<pool type='dir'><name>b</name><features><cow state='yes'/></features><target><path>$VIRTKIT_ROOT/btr/b</path></target></pool>
XML
			pool-define "$T/b.xml" > /dev/null && pool-build b > /dev/null && pool-start b > /dev/null
			for f in raw qcow2; do
				echo "<volume><name>n.$f</name><capacity>8M</capacity><target><format type='$f'/><nocow/></target></volume>" > "$T/n.xml"
				expect nocow-$f-create 0 vol-create b "$T/n.xml"
				check nocow-$f-attr 'lsattr "$VIRTKIT_ROOT/btr/b/n.$f" | cut -d" " -f1 | grep -q C' \
					"lsattr: $(lsattr "$VIRTKIT_ROOT/btr/b/n.$f" 2>&1)"
			done
			vol-create b --name cow.raw --capacity 8M > /dev/null 2>&1
			check nocow-absent-cow '! lsattr "$VIRTKIT_ROOT/btr/b/cow.raw" | cut -d" " -f1 | grep -q C' \
				"lsattr: $(lsattr "$VIRTKIT_ROOT/btr/b/cow.raw" 2>&1)"
			pool-stop b > /dev/null 2>&1
		fi
	fi
fi
