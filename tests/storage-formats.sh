#!/bin/sh
# Volume formats on a dir pool: create (raw sparse and allocated, qcow,
# qcow2, vmdk, vpc through qemu-img), identify existing files by their
# header (the formats qemu-img makes, plus bochs, cloop, cow, dmg and iso
# headers written here) with their capacity and real allocation, clone,
# resize, upload, download, wipe, and the progress bar (only on a
# terminal).
. "$TOP/tests/lib.sh"

if ! command -v qemu-img > /dev/null; then
	skip storage-formats "qemu-img is not installed (qemu-utils)"
	exit 0
fi
VIRTKIT_DEFAULT_URI=qemu:///system
export VIRTKIT_DEFAULT_URI
IMG=$VIRTKIT_ROOT/images

check() {
	_n=$1; shift
	if "$@"; then pass "$_n"; else fail "$_n" "not true: $*"; fi
}
# field POOL VOL KEY: one value of vol-info --json.
field() {
	vol-info --json "$1" "$2" | python3 -c \
		'import json,sys; print(json.load(sys.stdin)[sys.argv[1]])' "$3"
}
vsize() {
	qemu-img info --output=json "$1" | python3 -c \
		'import json,sys; print(json.load(sys.stdin)["virtual-size"])'
}

printf "<pool type='dir'><name>f</name><target><path>%s</path></target></pool>\n" \
	"$IMG" > "$T/pool.xml"
pool-define "$T/pool.xml" && pool-build f && pool-start f ||
	{ fail storage-formats "cannot set up the pool: $(cat "$T/err")"; exit 0; }

# ---- create through vol-create ----
for fmt in qcow qcow2 vmdk vpc; do
	expect "vol-create $fmt" 0 vol-create f --name "v.$fmt" \
		--capacity 64M --format "$fmt"
	check "$fmt is detected" test "$(field f "v.$fmt" format)" = "$fmt"
	check "$fmt capacity matches qemu-img" \
		test "$(field f "v.$fmt" capacity)" = "$(vsize "$IMG/v.$fmt")"
	check "$fmt allocation is the real one" \
		test "$(field f "v.$fmt" allocation)" = \
		"$(($(stat -c %b "$IMG/v.$fmt") * 512))"
done
expect "vol-create qcow2 preallocated" 0 vol-create f --name full.qcow2 \
	--capacity 16M --allocation 16M --format qcow2
check "preallocated qcow2 holds the space" \
	test "$(field f full.qcow2 allocation)" -ge 16777216
expect "vol-create raw sparse" 0 vol-create f --name sparse.raw \
	--capacity 64M --allocation 1M
check "sparse raw allocates little" \
	test "$(field f sparse.raw allocation)" -le 1048576

expect "vol-create that qemu-img refuses" 1 vol-create f --name big.vpc \
	--capacity 3T --allocation 0 --format vpc
check "qemu-img's reason, named once" grep -q \
	"^vol-create: error: pool 'f': qemu-img: $IMG/big.vpc: .*too large for file format 'vpc'$" \
	"$T/err"
check "a failed qemu-img leaves no file" sh -c \
	"test ! -e '$IMG/big.vpc' && ! ls -a '$IMG' | grep -q '^\.vk-new'"

# ---- identify files made elsewhere ----
python3 - "$IMG" <<'PY'
import struct, sys
d = sys.argv[1]
def w(name, data, size=None):
    with open(d + "/" + name, "wb") as f:
        f.write(data)
        if size:
            f.truncate(size)
# bochs growing image, version 2: disk size at 88
h = b"Bochs Virtual HD Image".ljust(32, b"\0") + b"Redolog".ljust(16, b"\0")
h += b"Growing".ljust(16, b"\0") + struct.pack("<IIIII", 0x20000, 512, 0, 0, 0)
h += struct.pack("<IQ", 0, 3 * 1024 * 1024)
w("disk.bochs", h.ljust(512, b"\0"))
# cloop: shell preamble, then block size and block count (big endian)
h = b"#!/bin/sh\n#V2.0 Format\nmodprobe cloop file=$0\n".ljust(128, b"\0")
w("disk.cloop", h + struct.pack(">II", 65536, 40))
# UML cow v2: magic, version, backing file, mtime, size at 1036
h = struct.pack(">II", 0x4f4f4f4d, 2) + b"/base.img".ljust(1024, b"\0")
w("disk.cow", h + struct.pack(">IQI", 0, 5 * 1024 * 1024, 512))
# dmg: a koly trailer with the sector count at 0x1ec
t = bytearray(512)
t[0:4] = b"koly"
t[0x1ec:0x1f4] = struct.pack(">Q", 2048)
w("disk.dmg", bytes(4096) + bytes(t))
# iso 9660: primary volume descriptor at 32 KiB
pvd = bytearray(2048)
pvd[0] = 1
pvd[1:6] = b"CD001"
pvd[0x50:0x54] = struct.pack("<I", 300)
pvd[0x80:0x82] = struct.pack("<H", 2048)
w("disk.iso", bytes(32768) + bytes(pvd), 300 * 2048)
# plain data is raw
w("disk.raw", b"hello" * 100, 7 * 1024 * 1024)
PY
expect "pool-refresh sees the new files" 0 pool-refresh f
for c in bochs:3145728 cloop:2621440 cow:5242880 dmg:1048576 iso:614400 \
	 raw:7340032; do
	fmt=${c%%:*} cap=${c#*:}
	check "$fmt header detected" test "$(field f "disk.$fmt" format)" = "$fmt"
	check "$fmt capacity from the header" \
		test "$(field f "disk.$fmt" capacity)" = "$cap"
done
check "raw allocation is st_blocks" test "$(field f disk.raw allocation)" = \
	"$(($(stat -c %b "$IMG/disk.raw") * 512))"

# ---- upload, download ----
head -c 3000000 /dev/urandom > "$T/data"
expect "vol-create target" 0 vol-create f --name d.raw --capacity 4M
expect "vol-upload" 0 vol-upload f d.raw "$T/data"
check "vol-upload prints nothing without a terminal" test ! -s "$T/err"
expect "vol-download" 0 vol-download f d.raw "$T/back" --length 3000000
same "downloaded bytes equal the uploaded ones" "$T/data" "$T/back"
expect "vol-download to stdout with offset" 0 \
	vol-download f d.raw - --offset 1000 --length 500
head -c 1500 "$T/data" | tail -c 500 > "$T/slice"
same "offset and length" "$T/slice" "$T/out"
expect "vol-download whole" 0 vol-download f d.raw "$T/whole"
check "whole download is the capacity" test "$(stat -c %s "$T/whole")" = 4194304
expect "vol-upload at an offset from stdin" 0 sh -c \
	'printf ABCD | vol-upload --offset 10 f d.raw -'
vol-download f d.raw - --offset 10 --length 4 > "$T/abcd"
check "upload at offset" test "$(cat "$T/abcd")" = ABCD
expect "vol-upload missing file" 4 vol-upload f d.raw "$T/nosuch"
expect "vol-download --length 0" 2 vol-download f d.raw "$T/x" --length 0
check "a failed download leaves no file" test ! -e "$T/x"
# A raw volume holds its capacity, no more (as virsh's vol-upload).
head -c 5000000 /dev/zero > "$T/big"
expect_err "vol-upload larger than the volume" 1 \
	"vol-upload: error: the input is larger than the 4194304 bytes from offset 0 to the end of volume 'd.raw' (the bytes that fit are written)" \
	vol-upload f d.raw "$T/big"
check "the volume did not grow" test "$(stat -c %s "$IMG/d.raw")" = 4194304
expect_err "vol-upload --length past the end" 2 \
	"vol-upload: error: 1000 bytes from offset 4194000 do not fit in volume 'd.raw' (4194304 bytes)" \
	vol-upload f d.raw "$T/big" --offset 4194000 --length 1000
expect_err "vol-upload --offset past the end" 2 \
	"vol-upload: error: offset 5242880 is past the end of volume 'd.raw' (4194304 bytes)" \
	vol-upload f d.raw /dev/null --offset 5M
expect "vol-upload up to the end exactly" 0 vol-upload f d.raw "$T/data" \
	--offset 1194304
expect_err "vol-download onto the volume itself" 2 \
	"vol-download: error: $IMG/d.raw is the volume itself" \
	vol-download f d.raw "$IMG/d.raw"
check "the volume is untouched" test "$(stat -c %s "$IMG/d.raw")" = 4194304

# ---- clone ----
expect "vol-clone raw" 0 vol-clone f d.raw d2.raw
vol-download f d.raw "$T/orig" > /dev/null 2>&1
vol-download f d2.raw "$T/clone" > /dev/null 2>&1
same "raw clone has the same bytes" "$T/orig" "$T/clone"
expect_err "vol-clone onto an existing name" 5 \
	"vol-clone: error: volume 'd.raw' already exists in pool 'f'" \
	vol-clone f d2.raw d.raw
qemu-img convert -f raw -O qcow2 "$T/whole" "$IMG/data.qcow2"
pool-refresh f
expect "vol-clone qcow2" 0 vol-clone f data.qcow2 data2.qcow2
check "qcow2 clone stays qcow2" test "$(field f data2.qcow2 format)" = qcow2
expect "clone has the same guest data" 0 \
	qemu-img compare -f qcow2 -F qcow2 "$IMG/data.qcow2" "$IMG/data2.qcow2"
# vol-clone --format converts (qemu-img convert), both ways.
expect "vol-clone --format qcow2 of a raw volume" 0 \
	vol-clone --format qcow2 f d.raw d3.qcow2
check "the clone is qcow2" test "$(field f d3.qcow2 format)" = qcow2
check "qemu-img reads it as qcow2 of the source's size" \
	test "$(qemu-img info --output=json "$IMG/d3.qcow2" | python3 -c \
	'import json,sys; j=json.load(sys.stdin); print(j["format"], j["virtual-size"])')" = \
	"qcow2 4194304"
expect "it shows the guest the raw volume's bytes" 0 \
	qemu-img compare -f raw -F qcow2 "$IMG/d.raw" "$IMG/d3.qcow2"
expect "vol-clone --format raw of a qcow2 volume" 0 \
	vol-clone --format raw f data.qcow2 data3.raw
vol-download f data3.raw "$T/conv" > /dev/null 2>&1
same "the raw clone holds the guest data" "$T/whole" "$T/conv"
expect_err "vol-clone --format unknown" 2 \
	"vol-clone: error: unknown format 'linux' for a volume of a dir pool" \
	vol-clone --format linux f d.raw bad
expect_err "vol-clone --format of a format only read" 1 \
	"vol-clone: error: pool 'f': volumes of format iso can be read but not created" \
	vol-clone --format iso f d.raw bad.iso
check "failed conversions leave no file" \
	test -z "$(ls -a "$IMG" | grep -e '^bad' -e '^\.vk-new')"
vol-delete f d3.qcow2 && vol-delete f data3.raw

# ---- resize ----
expect "vol-resize raw grow" 0 vol-resize f d.raw 8M
check "raw grew" test "$(stat -c %s "$IMG/d.raw")" = 8388608
check "fully allocated raw stays allocated" \
	test "$(stat -c %b "$IMG/d.raw")" -ge 16384
expect "vol-resize +SIZE" 0 vol-resize f d.raw +1M
check "raw grew by 1M" test "$(field f d.raw capacity)" = 9437184
expect_err "vol-resize smaller without --shrink" 2 \
	"vol-resize: error: volume 'd.raw': 4194304 bytes is less than its capacity 9437184; shrinking needs --shrink" \
	vol-resize f d.raw 4M
expect "vol-resize --shrink" 0 vol-resize --shrink -- f d.raw -5M
check "raw shrank" test "$(stat -c %s "$IMG/d.raw")" = 4194304
expect "vol-resize qcow2" 0 vol-resize f v.qcow2 128M
check "qcow2 grew" test "$(vsize "$IMG/v.qcow2")" = 134217728
expect "vol-resize qcow2 --shrink" 0 vol-resize --shrink f v.qcow2 32M
check "qcow2 shrank" test "$(field f v.qcow2 capacity)" = 33554432
expect "vol-resize bad size" 2 vol-resize f d.raw lots
expect "vol-resize beyond the space" 1 vol-resize f d.raw 1000P

# ---- wipe ----
expect "vol-wipe raw" 0 vol-wipe f d.raw
check "vol-wipe prints nothing without a terminal" test ! -s "$T/err"
expect "wiped raw is zero" 0 cmp -n 4194304 "$IMG/d.raw" /dev/zero
expect "vol-wipe qcow2" 0 vol-wipe f data.qcow2
check "wiped qcow2 is still qcow2 of its size" \
	test "$(field f data.qcow2 format):$(field f data.qcow2 capacity)" = \
	"qcow2:4194304"
expect "wiped qcow2 reads as zeroes" 0 \
	qemu-img compare -f qcow2 "$IMG/data.qcow2" "$IMG/sparse.raw"

# ---- the progress bar on a terminal ----
if command -v script > /dev/null; then
	script -qec "vol-wipe f d.raw" /dev/null > "$T/tty" 2>&1
	check "vol-wipe draws a bar on a terminal" grep -q 'wiping \[#' "$T/tty"
	script -qec "vol-download f d.raw $T/tty-dl" /dev/null > "$T/tty" 2>&1
	check "vol-download draws a bar on a terminal" \
		grep -q 'downloading \[#*\] 100%' "$T/tty"
	script -qec "vol-upload -q f d.raw $T/data" /dev/null > "$T/tty" 2>&1
	check "--quiet: no bar" test ! -s "$T/tty"
else
	skip "progress bar" "script (util-linux) is not installed"
fi
