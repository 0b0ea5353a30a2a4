#!/bin/sh
# libvirt 9.x disks with a real guest under the qemu driver (qemu:///system
# with VIRTKIT_ROOT, TCG, the guest kit):
#   vol      a <disk type='volume'> from a dir pool made here (pool-define,
#            pool-start, vol-create), with cache='unsafe', io='io_uring',
#            discard='unmap', detect_zeroes='unmap', a <serial> and an
#            <iotune>: the guest runs and sees the disk and its serial
#            (/sys/block/vda), QMP query-block shows the volume's path,
#            the cache mode, detect_zeroes and the throttle values, and
#            the image lock is on the volume's file
#   inactive the same domain once the pool is stopped: vm-start refuses
#            it (exit 5) naming the disk and the pool, nothing is left;
#            a volume the pool does not have: exit 4
#   xml      xml-convert --to qemu-argv gives the volume's path too
. "$TOP/tests/lib.sh"
. "$TOP/tests/qemu/common.sh"

root_or_skip disk-volume-guest || exit 0
kit_or_skip disk-volume-guest || exit 0
R=$(rundir)

gone() {
	wait_until 10 "dom_gone '$2'"
	check "$1-nothing-left" "dom_gone '$2'" \
		"QEMU '$(qemu_pids "$2")' or a record or socket directory is left"
}


# ---- the pool and its volume -------------------------------------------
mkdir -p "$T/pool"
cat > "$T/pool.xml" <<EOF
<pool type='dir'><name>vkdisks</name><target><path>$T/pool</path></target></pool>
EOF
cat > "$T/vol.xml" <<EOF
<volume><name>data.img</name><capacity unit='M'>8</capacity><target><format type='raw'/></target></volume>
EOF
expect vol-pool-define 0 pool-define "$T/pool.xml"
expect vol-pool-start 0 pool-start vkdisks
expect vol-create 0 vol-create vkdisks "$T/vol.xml"
VOL=$T/pool/data.img

disk="<disk type='volume' device='disk'><driver name='qemu' type='raw' cache='unsafe' io='io_uring' discard='unmap' detect_zeroes='unmap'/><source pool='vkdisks' volume='data.img'/><target dev='vda' bus='virtio'/><iotune><total_bytes_sec>10485760</total_bytes_sec><read_iops_sec>300</read_iops_sec><write_iops_sec>200</write_iops_sec></iotune><serial>VKVOL42</serial></disk>"
mkdom vol1 '' "s|<devices>|<devices>$disk|"
expect vol-define 0 vm-define "$T/vol1.xml"

# ---- xml-convert looks the volume up as vm-start does ------------------
xml-convert --from domain-xml --to qemu-argv "$T/vol1.xml" > "$T/out" 2> "$T/err"
rc=$?
check vol-xml-convert "[ $rc -eq 0 ] && grep -q -- '-drive file=$VOL,format=raw,if=none,id=drive-vda,cache=unsafe,aio=io_uring,discard=unmap,detect-zeroes=unmap,throttling.bps-total=10485760,throttling.iops-read=300,throttling.iops-write=200 ' '$T/out'" \
	"exit $rc: $(head -c 400 "$T/err" "$T/out")"

# ---- the guest ---------------------------------------------------------
expect vol-start 0 vm-start vol1
if wait_boot vol1 1; then
	pass vol-boot
	send vol1 'cat /sys/block/vda/serial; echo; cat /sys/block/vda/size'
	check vol-guest-serial "said vol1 '^VKVOL42'" \
		"no VKVOL42 on the console: $(tr -d '\r' < "$T/console.vol1" | tail -n 5 | tr '\n' '|')"
	# 8 MiB in 512-byte sectors
	check vol-guest-size "said vol1 '^16384'" \
		"no size 16384 on the console: $(tr -d '\r' < "$T/console.vol1" | tail -n 5 | tr '\n' '|')"
else
	fail vol-boot "the guest did not boot: $(vm-console --history vol1 2>&1 | tail -n 5 | tr '\n' '|')"
fi
if command -v python3 > /dev/null 2>&1; then
	qmp_check vol-qmp-block vol1 query-block "any(b['device'] ==
'drive-vda' and b['inserted']['file'] == '$VOL' and
b['inserted']['cache']['no-flush'] and b['inserted']['detect_zeroes'] ==
'unmap' and b['inserted']['bps'] == 10485760 and
b['inserted']['iops_rd'] == 300 and b['inserted']['iops_wr'] == 200 for
b in r)"
else
	skip vol-qmp "python3 is missing (the QMP checks use tests/qemu/qmp.py)"
fi
# The supervisor holds the image lock on the volume's file.
vol-delete vkdisks data.img > "$T/out" 2> "$T/err"
rc=$?
check vol-locked "[ $rc -eq 5 ] && grep -q \"^vol-delete: error: cannot delete volume 'data.img': its image is locked by process [0-9]* (a running domain)\$\" '$T/err' && [ -f '$VOL' ]" \
	"exit $rc: $(cat "$T/err")"
expect vol-destroy 0 vm-destroy vol1
gone vol vol1

# ---- a pool that is not active, a volume that is not there -------------
expect vol-pool-stop 0 pool-stop vkdisks
expect_err vol-inactive 5 "vm-start: error: disk 'vda': pool 'vkdisks' is not active" \
	vm-start vol1
gone vol-inactive vol1
expect vol-pool-start-again 0 pool-start vkdisks
sed "s|volume='data.img'|volume='nope.img'|" "$T/vol1.xml" | sed "s|<name>vol1</name>|<name>vol2</name>|" > "$T/vol2.xml"
expect vol2-define 0 vm-define "$T/vol2.xml"
expect_err vol-missing 4 "vm-start: error: disk 'vda': pool 'vkdisks' has no volume 'nope.img'" \
	vm-start vol2
gone vol-missing vol2
