# The fs and disk storage backends for real, as root, on loop devices
# this test makes (losetup -P, so partitions appear): an fs pool with
# ext4 (build on a blank device, --overwrite rules, start mounts, file
# volumes, a mount that fails, stop unmounts, a busy umount) and a vfat
# one; disk pools with gpt and dos labels (partitions of several
# formats, free extents, a volume larger than the largest free extent,
# growing a partition, delete).  Devices that are not block devices are
# refused, and so is a pool on a device another pool has under another
# name or as the disk of a partition.  Everything
# goes through the real commands (pool-define, pool-build, pool-start,
# vol-create, ...); the loop devices and mounts go at exit.
. "$TOP/tests/lib.sh"

root_or_skip storage-block || exit 0
for t in losetup blkid wipefs mkfs.ext4 mkfs.vfat parted partx findmnt; do
	if ! command -v $t > /dev/null 2>&1 &&
		! [ -x /usr/sbin/$t ] && ! [ -x /sbin/$t ]; then
		skip storage-block "$t is missing (make deps installs it)"
		exit 0
	fi
done
PATH=$PATH:/usr/sbin:/sbin
trap storage_cleanup EXIT	# and newloop: tests/lib.sh
# check NAME CONDITION WHY
check() {
	if eval "$2"; then pass "$1"; else fail "$1" "$3"; fi
}
info() { pool-info "$1" 2> /dev/null | sed -n "s/^$2: *//p"; }
mnt_src() { findmnt -n -o SOURCE --mountpoint "$1" 2> /dev/null; }

L1=$(newloop 64M) && L2=$(newloop 32M) && D1=$(newloop 100M) &&
	D2=$(newloop 100M) || { skip storage-block "this host cannot make loop devices (losetup -P -f failed)"; exit 0; }
M=$VIRTKIT_ROOT/mnt
mkdir -p "$M"

# ---- not a block device -----------------------------------------------
truncate -s 16M "$T/plain"
printf "<pool type='fs'><name>nb</name><source><device path='%s'/></source><target><path>%s</path></target></pool>\n" \
	"$T/plain" "$M/nb" > "$T/nb.xml"
expect define-nb 0 pool-define "$T/nb.xml"
expect_err fs-not-block-build 1 "pool-build: error: pool 'nb': source device $T/plain is not a block device" pool-build nb
expect_err fs-not-block-start 1 "pool-start: error: pool 'nb': source device $T/plain is not a block device" pool-start nb
truncate -s 16M "$T/plain2"
printf "<pool type='disk'><name>nbd</name><source><device path='%s'/></source><target><path>/dev</path></target></pool>\n" \
	"$T/plain2" > "$T/nbd.xml"
expect define-nbd 0 pool-define "$T/nbd.xml"
expect_err disk-not-block-build 1 "pool-build: error: pool 'nbd': source device $T/plain2 is not a block device" pool-build nbd
pool-undefine nb > /dev/null 2>&1
pool-undefine nbd > /dev/null 2>&1
printf "<pool type='fs'><name>nodev</name><source><device path='/dev/vk-no-such-disk'/></source><target><path>%s</path></target></pool>\n" \
	"$M/nodev" > "$T/nodev.xml"
expect define-nodev 0 pool-define "$T/nodev.xml"
expect_err fs-no-device 1 "pool-start: error: pool 'nodev': source device /dev/vk-no-such-disk: No such file or directory" pool-start nodev
pool-undefine nodev > /dev/null 2>&1

# ---- fs pool, ext4 ----------------------------------------------------
printf "<pool type='fs'><name>fsp</name><source><device path='%s'/><format type='ext4'/></source><target><path>%s</path></target></pool>\n" \
	"$L1" "$M/fsp" > "$T/fsp.xml"
expect fs-define 0 pool-define "$T/fsp.xml"
expect fs-build-blank 0 pool-build fsp
check fs-build-made-ext4 '[ "$(blkid -p -s TYPE -o value "$L1")" = ext4 ] && [ -d "$M/fsp" ]' \
	"blkid: '$(blkid -p -s TYPE -o value "$L1")'; target $(ls -d "$M/fsp" 2>&1)"
uuid1=$(blkid -p -s UUID -o value "$L1")
expect_err fs-build-again-refused 5 "pool-build: error: pool 'fsp': $L1 already holds an ext4 file system; pool-build --overwrite replaces it" pool-build fsp
check fs-build-refused-kept-fs '[ "$(blkid -p -s UUID -o value "$L1")" = "$uuid1" ]' "the file system changed"
expect fs-build-overwrite 0 pool-build --overwrite fsp
check fs-build-overwrite-new-fs '[ "$(blkid -p -s UUID -o value "$L1")" != "$uuid1" ]' "the same file system uuid $uuid1"
expect fs-start 0 pool-start fsp
check fs-start-mounted '[ "$(mnt_src "$M/fsp")" = "$L1" ]' "mounted on $M/fsp: '$(mnt_src "$M/fsp")'"
check fs-active '[ "$(info fsp State)" = active ]' "state '$(info fsp State)'"
expect fs-vol-raw 0 vol-create fsp --name a.img --capacity 8M
expect fs-vol-qcow2 0 vol-create fsp --name b.qcow2 --capacity 16M --format qcow2
check fs-vols-on-device '[ -f "$M/fsp/a.img" ] && [ "$(stat -c %s "$M/fsp/a.img")" = 8388608 ] && [ "$(head -c 4 "$M/fsp/b.qcow2")" = "$(printf "QFI\373")" ]' \
	"$(ls -l "$M/fsp" 2>&1 | tr '\n' '|')"
vol-list --name fsp > "$T/out" 2> "$T/err"
check fs-vol-list '[ "$(tr "\n" " " < "$T/out")" = "a.img b.qcow2 " ]' "vol-list: $(cat "$T/out" "$T/err" | tr '\n' '|')"
expect fs-vol-path 0 vol-path fsp a.img
check fs-vol-path-is '[ "$(cat "$T/out")" = "$M/fsp/a.img" ]' "vol-path '$(cat "$T/out")'"
cap=$(pool-dumpxml fsp | sed -n 's|.*<capacity>\([0-9]*\)</capacity>.*|\1|p')
check fs-capacity-of-fs '[ -n "$cap" ] && [ "$cap" -gt 40000000 ] && [ "$cap" -le 67108864 ]' "capacity '$cap'"
expect fs-vol-delete 0 vol-delete fsp a.img
check fs-vol-deleted '[ ! -e "$M/fsp/a.img" ]' "a.img still there"
# a busy file system cannot be unmounted: one error line, still active
(cd "$M/fsp" && exec sleep 30) &
busy=$!
sleep 0.3
pool-stop fsp > "$T/out" 2> "$T/err"
rc=$?
check fs-stop-busy '[ $rc = 1 ] && grep -q "^pool-stop: error: pool '"'fsp'"': umount: .*busy" "$T/err" && [ $(wc -l < "$T/err") = 1 ]' \
	"exit $rc: $(cat "$T/err")"
check fs-stop-busy-still-mounted '[ "$(mnt_src "$M/fsp")" = "$L1" ] && [ "$(info fsp State)" = active ]' \
	"mount '$(mnt_src "$M/fsp")', state '$(info fsp State)'"
kill $busy 2> /dev/null
wait $busy 2> /dev/null
expect fs-stop 0 pool-stop fsp
check fs-stop-unmounted '[ -z "$(mnt_src "$M/fsp")" ] && [ ! -e "$M/fsp/b.qcow2" ]' "still mounted: '$(mnt_src "$M/fsp")'"
expect fs-restart 0 pool-start fsp
vol-list --name fsp > "$T/out" 2>&1
check fs-restart-vols '[ "$(cat "$T/out")" = b.qcow2 ]' "vol-list: $(tr '\n' '|' < "$T/out")"
expect fs-stop-again 0 pool-stop fsp
# a mount that fails: the wrong file system type
printf "<pool type='fs'><name>fsx</name><source><device path='%s'/><format type='xfs'/></source><target><path>%s</path></target></pool>\n" \
	"$L1" "$M/fsx" > "$T/fsx.xml"
mkdir -p "$M/fsx"
expect fs-define-other 0 pool-undefine fsp
expect fs-define-xfs 0 pool-define "$T/fsx.xml"
pool-start fsx > "$T/out" 2> "$T/err"
rc=$?
check fs-mount-fails '[ $rc = 1 ] && grep -q "^pool-start: error: pool '"'fsx'"': mount: " "$T/err" && [ $(wc -l < "$T/err") = 1 ]' \
	"exit $rc: $(cat "$T/err")"
check fs-mount-fails-nothing-left '[ -z "$(mnt_src "$M/fsx")" ] && [ "$(info fsx State)" = inactive ]' \
	"mount '$(mnt_src "$M/fsx")', state '$(info fsx State)'"
pool-undefine fsx > /dev/null 2>&1

# ---- fs pools of other formats (when this kernel has them) ------------
for fmt in xfs vfat; do
	if ! grep -qw $fmt /proc/filesystems; then
		skip fs-$fmt "this kernel has no $fmt file system"
		continue
	fi
	dev=$(newloop 320M)	# mkfs.xfs wants 300 MB
	printf "<pool type='fs'><name>%s</name><source><device path='%s'/><format type='%s'/></source><target><path>%s</path></target></pool>\n" \
		$fmt "$dev" $fmt "$M/$fmt" > "$T/$fmt.xml"
	expect fs-$fmt-define 0 pool-define "$T/$fmt.xml"
	expect fs-$fmt-build 0 pool-build $fmt
	check fs-$fmt-made '[ "$(blkid -p -s TYPE -o value "$dev")" = $fmt ]' "blkid '$(blkid -p -s TYPE -o value "$dev")'"
	expect fs-$fmt-start 0 pool-start $fmt
	expect fs-$fmt-vol 0 vol-create $fmt --name v.img --capacity 1M
	check fs-$fmt-mounted '[ "$(findmnt -n -o FSTYPE --mountpoint "$M/$fmt")" = $fmt ] && [ -f "$M/$fmt/v.img" ]' \
		"$(findmnt -n --mountpoint "$M/$fmt")"
	expect fs-$fmt-stop 0 pool-stop $fmt
	pool-undefine $fmt > /dev/null 2>&1
done

# ---- disk pools ---------------------------------------------------------
# disk_tests LABEL DEV: a disk pool with that label on DEV.
disk_tests() {
	lb=$1 dev=$2 p=disk-$1
	pn=$(basename "$dev")p
	printf "<pool type='disk'><name>%s</name><source><device path='%s'/><format type='%s'/></source><target><path>/dev</path></target></pool>\n" \
		"$p" "$dev" "$lb" > "$T/$p.xml"
	expect $p-define 0 pool-define "$T/$p.xml"
	expect_err $p-start-unlabelled 1 "pool-start: error: pool '$p': $dev has no partition table (pool-build writes one)" pool-start $p
	expect $p-build 0 pool-build $p
	want=$lb; [ $lb = dos ] && want=dos
	check $p-label '[ "$(blkid -p -s PTTYPE -o value "$dev")" = $want ]' \
		"blkid PTTYPE '$(blkid -p -s PTTYPE -o value "$dev")'"
	expect_err $p-build-again 5 "pool-build: error: pool '$p': $dev already holds a $want partition table; pool-build --overwrite replaces it" pool-build $p
	expect $p-start 0 pool-start $p
	# a fresh label: one free extent from 1 MiB
	pool-dumpxml $p > "$T/px" 2>&1
	check $p-free-extent-empty '[ "$(grep -c "<freeExtent " "$T/px")" = 1 ] && grep -q "<freeExtent start=.1048576. end=" "$T/px"' \
		"$(grep -A3 '<device' "$T/px" | tr '\n' ' ')"
	# partitions of several formats, 20 MiB each
	if [ $lb = dos ]; then
		set -- 1:linux 2:linux-swap 3:extended 5:fat32 6:linux-lvm
	else
		set -- 1:linux 2:linux-swap 3:fat32 4:linux-lvm 5:linux-raid
	fi
	for nf in "$@"; do
		n=${nf%%:*} f=${nf#*:} size=16M
		[ $f = extended ] && size=50M
		expect $p-vol-$f 0 vol-create $p --name $pn$n --capacity $size --format $f
		check $p-vol-$f-node '[ -b /dev/$pn$n ]' "no /dev/$pn$n"
		vol-dumpxml $p $pn$n > "$T/vx" 2>&1
		check $p-vol-$f-format 'grep -q "<format type=.$f./>" "$T/vx"' "$(tr '\n' ' ' < "$T/vx" | head -c 300)"
	done
	nparts=$#
	parts=$(partx -g -o NR "$dev" | wc -l)
	check $p-partitions '[ $parts = $nparts ]' "partx lists $parts partitions, want $nparts"
	# the name is the partition's
	next=$((${nf%%:*} + 1))
	expect_err $p-vol-name 1 "vol-create: error: pool '$p': a volume of a disk pool is named after its partition: this one would be '$pn$next', not 'data'" \
		vol-create $p --name data --capacity 1M --format linux
	# free extents: delete the second partition, then a volume that fits
	# the space available but not the largest extent is refused
	expect $p-vol-delete 0 vol-delete $p ${pn}2
	check $p-vol-deleted '[ ! -e /dev/${pn}2 ]' "/dev/${pn}2 still there"
	pool-dumpxml $p > "$T/px" 2>&1
	nfree=$(grep -c "<freeExtent " "$T/px")
	avail=$(sed -n 's|.*<available>\([0-9]*\)</available>.*|\1|p' "$T/px")
	largest=$(sed -n "s|.*<freeExtent start='\([0-9]*\)' end='\([0-9]*\)'/>.*|\1 \2|p" "$T/px" |
		awk '{ if ($2 - $1 > m) m = $2 - $1 } END { print m + 0 }')
	check $p-free-extents '[ $nfree -ge 2 ] && [ $largest -lt $avail ]' \
		"$nfree extents, largest $largest, available $avail: $(grep freeExtent "$T/px" | tr -d ' \n')"
	big=$((largest + 1048576))
	before=$(partx -g -o NR "$dev" | wc -l)
	expect_err $p-too-large 1 "vol-create: error: pool '$p': volume '${pn}2' of $big bytes is larger than the largest free extent ($largest bytes) on $dev" \
		vol-create $p --name ${pn}2 --capacity $big --format linux
	check $p-too-large-nothing-made '[ "$(partx -g -o NR "$dev" | wc -l)" = $before ]' "partitions: $(partx -g -o NR "$dev" | tr '\n' ' ')"
	expect $p-vol-refill 0 vol-create $p --name ${pn}2 --capacity 8M --format linux
	# it grows into the rest of the hole, and no further
	expect $p-vol-grow 0 vol-resize $p ${pn}2 16M
	check $p-vol-grown '[ "$(partx -g -o SECTORS -n 2 "$dev" | tr -d " ")" = 32768 ]' \
		"partition 2: $(partx -g -o START,SECTORS -n 2 "$dev")"
	expect_err $p-vol-grow-too-far 1 "vol-resize: error: pool '$p': volume '${pn}2' cannot grow to 25165824 bytes: it has room for 16777216 bytes on $dev" \
		vol-resize $p ${pn}2 24M
	expect_err $p-vol-no-shrink 1 "vol-resize: error: pool '$p': volume '${pn}2': partitions can only grow" \
		vol-resize --shrink $p ${pn}2 4M
	expect $p-refresh 0 pool-refresh $p
	vol-list --name $p > "$T/out" 2>&1
	check $p-vol-list '[ "$(wc -l < "$T/out")" = $nparts ]' "vol-list: $(tr '\n' ' ' < "$T/out")"
	expect $p-stop 0 pool-stop $p
	expect $p-delete 0 pool-delete $p
	check $p-delete-wiped '! blkid -p "$dev" > /dev/null 2>&1' "blkid still finds $(blkid -p "$dev")"
	expect $p-undefine 0 pool-undefine $p
}
disk_tests gpt "$D1"
disk_tests dos "$D2"

# ---- overlapping pools: one device under two names, a partition --------
ln -s "$D1" "$T/d1-link"
ovl() { # ovl NAME TYPE DEVICE
	printf "<pool type='%s'><name>%s</name><source><device path='%s'/></source><target><path>%s</path></target></pool>\n" \
		"$2" "$1" "$3" "$M/$1" > "$T/$1.xml"
}
ovl ovfs fs "$D1"
expect overlap-define-first 0 pool-define "$T/ovfs.xml"
ovl ovlink fs "$T/d1-link"
expect_err overlap-same-device 5 "pool-define: error: pool 'ovfs' already uses source device $D1, which is $T/d1-link" \
	pool-define "$T/ovlink.xml"
parted -s "$D1" mklabel gpt mkpart p1 1MiB 20MiB > /dev/null 2>&1
udevadm settle > /dev/null 2>&1
for i in 1 2 3 4 5 6 7 8 9 10; do [ -b "${D1}p1" ] && break; sleep 0.2; done
if [ -b "${D1}p1" ]; then
	ovl ovpart fs "${D1}p1"
	expect_err overlap-partition 5 "pool-define: error: pool 'ovfs' already uses source device $D1, of which ${D1}p1 is a partition" \
		pool-define "$T/ovpart.xml"
	# a partition of a disk pool's device is its volume: another pool
	# may live on it
	pool-undefine ovfs > /dev/null 2>&1
	ovl ovdisk disk "$D1"
	expect overlap-disk-define 0 pool-define "$T/ovdisk.xml"
	expect overlap-partition-of-disk-pool 0 pool-define "$T/ovpart.xml"
	pool-undefine ovpart > /dev/null 2>&1
	pool-undefine ovdisk > /dev/null 2>&1
else
	skip overlap-partition "no ${D1}p1 appeared"
	pool-undefine ovfs > /dev/null 2>&1
fi
