# Runs INSIDE the storage guest (tests/guest/make-storage-guest.sh) as
# its payload: /vk is the payload disk (read-only) with this script as
# /vk/run.sh, tests/lib.sh, tests/storage/guest-services.sh and the
# virtkit commands in /vk/build/bin.  It starts the servers, then tests
# the logical, netfs and iscsi pools with the real commands and prints
# PASS/FAIL/SKIP lines on the console, then VK-STORAGE-DONE; the host
# side (tests/storage-guest.sh) reads them from the console log.
# The LVM physical volumes are the disks with serial vkpv1 and vkpv2.
dmesg -n 1 2> /dev/null	# no kernel lines between ours
TOP=/vk BUILD=/vk/build
export TOP BUILD
[ -d /vk/lib ] && LD_LIBRARY_PATH=/vk/lib && export LD_LIBRARY_PATH
. /vk/tests/lib.sh
PATH=$PATH:/usr/sbin:/sbin
echo "VK-STORAGE-BEGIN $(uname -r)"
t0=$(cut -d' ' -f1 /proc/uptime)
. /vk/tests/storage/guest-services.sh
echo "VK-STORAGE-SERVICES udev=$UDEV_OK nfs=$NFS_OK iscsi=$ISCSI_OK after ${t0}s"
[ "$NFS_OK$ISCSI_OK" = 11 ] || sed 's/^/VK-STORAGE-SERVICE-LOG: /' /tmp/services.log

check() {
	if eval "$2"; then pass "$1"; else fail "$1" "$3"; fi
}
info() { pool-info "$1" 2> /dev/null | sed -n "s/^$2: *//p"; }
xmlval() { sed -n "s|.*<$2>\([0-9]*\)</$2>.*|\1|p" "$1" | head -n 1; }

# ---- logical -------------------------------------------------------------
pv() {
	if [ -b /dev/disk/by-id/virtio-$1 ]; then echo /dev/disk/by-id/virtio-$1
	else echo "$2"; fi
}
PV1=$(pv vkpv1 /dev/vdc) PV2=$(pv vkpv2 /dev/vdd)
cat > "$T/vg.xml" << EOF
<pool type='logical'>
  <name>vkvg</name>
  <source><device path='$PV1'/><device path='$PV2'/></source>
  <target><path>/dev/vkvg</path></target>
</pool>
EOF
expect logical-define 0 pool-define "$T/vg.xml"
# a device that holds data is kept unless --overwrite, and then no
# device has become a PV
mkfs.ext4 -q -F "$PV2" > /dev/null 2>&1
expect_err logical-build-refused 5 "pool-build: error: pool 'vkvg': $PV2 already holds an ext4 file system; pool-build --overwrite replaces it" pool-build vkvg
check logical-build-refused-nothing-made '! pvs "$PV1" > /dev/null 2>&1 && [ "$(blkid -p -s TYPE -o value "$PV2")" = ext4 ]' \
	"pvs: $(pvs 2>&1 | tr '\n' '|')"
expect logical-build 0 pool-build --overwrite vkvg
check logical-build-vg 'vgs --noheadings -o pv_count vkvg 2> /dev/null | grep -qw 2' \
	"vgs: $(vgs vkvg 2>&1 | tr '\n' '|')"
expect_err logical-build-again 5 "pool-build: error: pool 'vkvg': volume group vkvg already exists" pool-build vkvg
expect logical-start 0 pool-start vkvg
pool-dumpxml vkvg > "$T/px"
cap=$(xmlval "$T/px" capacity)
check logical-capacity '[ -n "$cap" ] && [ "$cap" -gt 100000000 ] && [ "$cap" -le 134217728 ]' "capacity '$cap'"
expect logical-vol-create 0 vol-create vkvg --name lv1 --capacity 16M
check logical-vol-is-lv '[ -b /dev/vkvg/lv1 ] && [ "$(lvs --noheadings --units b --nosuffix -o lv_size vkvg/lv1 | tr -d " ")" = 16777216 ]' \
	"lvs: $(lvs vkvg 2>&1 | tr '\n' '|')"
expect logical-vol-path 0 vol-path vkvg lv1
check logical-vol-path-is '[ "$(cat "$T/out")" = /dev/vkvg/lv1 ]' "vol-path '$(cat "$T/out")'"
vol-dumpxml vkvg lv1 > "$T/vx" 2>&1
check logical-vol-extent 'grep -q "<device path=" "$T/vx" && grep -q "<extent start=" "$T/vx" && [ "$(xmlval "$T/vx" capacity)" = 16777216 ]' \
	"$(tr '\n' ' ' < "$T/vx" | head -c 300)"
expect_err logical-vol-exists 5 "vol-create: error: volume 'lv1' already exists in pool 'vkvg'" \
	vol-create vkvg --name lv1 --capacity 4M
vol-create vkvg --name big --capacity 1G > "$T/out" 2> "$T/err"
rc=$?
check logical-vol-too-large '[ $rc = 1 ] && grep -q "^vol-create: error: volume '"'big'"' needs 1073741824 bytes but pool '"'vkvg'"' has [0-9]* available$" "$T/err" && [ $(wc -l < "$T/err") = 1 ] && ! lvs vkvg/big > /dev/null 2>&1' "exit $rc: $(cat "$T/err")"
# a small allocation does not make a logical volume sparse
vol-create vkvg --name big2 --capacity 1G --allocation 1M > "$T/out" 2> "$T/err"
rc=$?
check logical-vol-full-allocation '[ $rc = 1 ] && grep -q "^vol-create: error: pool '"'vkvg'"': volume '"'big2'"' needs 1073741824 bytes (a logical volume is fully allocated) but volume group vkvg has [0-9]* available$" "$T/err" && ! lvs vkvg/big2 > /dev/null 2>&1' "exit $rc: $(cat "$T/err")"
# lvcreate itself refuses a reserved name: its message, and no LV left
vol-create vkvg --name pvmove1 --capacity 4M > "$T/out" 2> "$T/err"
rc=$?
check logical-lvcreate-fails '[ $rc = 1 ] && grep -q "^vol-create: error: pool '"'vkvg'"': lvcreate: .*reserved" "$T/err" && [ $(wc -l < "$T/err") = 1 ] && ! lvs vkvg/pvmove1 > /dev/null 2>&1' \
	"exit $rc: $(cat "$T/err")"
expect logical-vol-resize 0 vol-resize vkvg lv1 32M
check logical-vol-resized '[ "$(lvs --noheadings --units b --nosuffix -o lv_size vkvg/lv1 | tr -d " ")" = 33554432 ]' \
	"lvs: $(lvs vkvg/lv1 2>&1 | tr '\n' '|')"
head -c 1048576 /dev/urandom > "$T/data"
expect logical-vol-upload 0 vol-upload vkvg lv1 "$T/data"
check logical-vol-data '[ "$(head -c 1048576 /dev/vkvg/lv1 | md5sum)" = "$(md5sum < "$T/data")" ]' "the LV does not hold the uploaded bytes"
expect logical-vol-clone 0 vol-clone vkvg lv1 lv1copy
check logical-vol-cloned '[ -b /dev/vkvg/lv1copy ] && [ "$(head -c 1048576 /dev/vkvg/lv1copy | md5sum)" = "$(md5sum < "$T/data")" ]' \
	"the clone does not hold lv1's bytes: $(lvs vkvg 2>&1 | tr '\n' '|')"
expect logical-vol-clone-delete 0 vol-delete vkvg lv1copy
expect logical-vol-wipe 0 vol-wipe vkvg lv1
check logical-vol-wiped '[ "$(head -c 1048576 /dev/vkvg/lv1 | tr -d "\0" | wc -c)" = 0 ]' "not zero after vol-wipe"
expect logical-vol-create-2 0 vol-create vkvg --name lv2 --capacity 8M
vol-list --name vkvg > "$T/out" 2>&1
check logical-vol-list '[ "$(tr "\n" " " < "$T/out")" = "lv1 lv2 " ]' "vol-list: $(tr '\n' '|' < "$T/out")"
expect logical-vol-delete 0 vol-delete vkvg lv2
check logical-vol-deleted '! lvs vkvg/lv2 > /dev/null 2>&1 && [ ! -e /dev/vkvg/lv2 ]' "lv2 still there"
expect logical-stop 0 pool-stop vkvg
check logical-stop-inactive '[ ! -e /dev/vkvg/lv1 ] && lvs --noheadings -o lv_attr vkvg/lv1 | grep -q "^ *-wi-----"' \
	"after stop: $(lvs --noheadings -o lv_attr vkvg/lv1 2>&1)"
expect logical-restart 0 pool-start vkvg
check logical-restart-active '[ -b /dev/vkvg/lv1 ]' "no /dev/vkvg/lv1 after start"
expect logical-stop-2 0 pool-stop vkvg
expect logical-delete 0 pool-delete vkvg
check logical-delete-gone '! vgs vkvg > /dev/null 2>&1 && ! pvs "$PV1" > /dev/null 2>&1' \
	"vgs: $(vgs 2>&1 | tr '\n' '|') pvs: $(pvs 2>&1 | tr '\n' '|')"
truncate -s 8M "$T/notblock"
sed -e "s|$PV2|$T/notblock|" -e 's/vkvg/vkvg2/g' "$T/vg.xml" > "$T/vg2.xml"
pool-undefine vkvg > /dev/null 2>&1
expect logical-define-2 0 pool-define "$T/vg2.xml"
expect_err logical-not-block 1 "pool-build: error: pool 'vkvg2': source device $T/notblock is not a block device" pool-build vkvg2
check logical-not-block-nothing-made '! pvs "$PV1" > /dev/null 2>&1' "$PV1 became a PV"
pool-undefine vkvg2 > /dev/null 2>&1
# a volume group made by hand: a pool names it and starts, no build
pvcreate -q "$PV1" > /dev/null 2>&1 && vgcreate -q handvg "$PV1" > /dev/null 2>&1 &&
	lvcreate -q -y -n pre -L 8m handvg > /dev/null 2>&1 && vgchange -q -an handvg > /dev/null 2>&1
echo "<pool type='logical'><name>hand</name><source><name>handvg</name></source><target><path>/dev/handvg</path></target></pool>" > "$T/hand.xml"
expect logical-existing-define 0 pool-define "$T/hand.xml"
expect logical-existing-start 0 pool-start hand
vol-list --name hand > "$T/out" 2>&1
check logical-existing-vols '[ "$(cat "$T/out")" = pre ] && [ -b /dev/handvg/pre ]' "vol-list: $(tr '\n' '|' < "$T/out")"
expect logical-existing-stop 0 pool-stop hand
pool-undefine hand > /dev/null 2>&1
vgremove -q -f handvg > /dev/null 2>&1
pvremove -q -y "$PV1" > /dev/null 2>&1

# ---- netfs ---------------------------------------------------------------
if [ "$NFS_OK" = 1 ]; then
	qemu-img create -q -f qcow2 /srv/nfs/pre.qcow2 32M
	cat > "$T/nfs.xml" << EOF
<pool type='netfs'>
  <name>nfsp</name>
  <source><host name='127.0.0.1'/><dir path='/srv/nfs'/><format type='nfs'/></source>
  <target><path>/mnt/nfsp</path></target>
</pool>
EOF
	expect netfs-define 0 pool-define "$T/nfs.xml"
	expect netfs-build 0 pool-build nfsp
	check netfs-build-dir '[ -d /mnt/nfsp ]' "no /mnt/nfsp"
	expect netfs-start 0 pool-start nfsp
	check netfs-mounted 'findmnt -n -o FSTYPE --mountpoint /mnt/nfsp | grep -q "^nfs"' \
		"findmnt: $(findmnt -n --mountpoint /mnt/nfsp)"
	vol-info nfsp pre.qcow2 > "$T/out" 2>&1
	check netfs-existing-qcow2 'grep -q "^Format: *qcow2" "$T/out" && grep -q "^Capacity: *32.00 MiB" "$T/out"' \
		"vol-info: $(tr '\n' '|' < "$T/out")"
	expect netfs-vol-raw 0 vol-create nfsp --name a.img --capacity 8M
	check netfs-vol-on-server '[ "$(stat -c %s /srv/nfs/a.img 2> /dev/null)" = 8388608 ]' \
		"server side: $(ls -l /srv/nfs | tr '\n' '|')"
	expect netfs-vol-qcow2 0 vol-create nfsp --name b.qcow2 --capacity 64M --format qcow2
	check netfs-vol-qcow2-on-server '[ "$(head -c 3 /srv/nfs/b.qcow2)" = QFI ]' "no qcow2 header"
	vol-list --name nfsp > "$T/out" 2>&1
	check netfs-vol-list '[ "$(tr "\n" " " < "$T/out")" = "a.img b.qcow2 pre.qcow2 " ]' "vol-list: $(tr '\n' '|' < "$T/out")"
	expect netfs-vol-delete 0 vol-delete nfsp a.img
	check netfs-vol-deleted '[ ! -e /srv/nfs/a.img ]' "a.img still on the server"
	expect netfs-stop 0 pool-stop nfsp
	check netfs-unmounted '! findmnt --mountpoint /mnt/nfsp > /dev/null' "still mounted"
	# format auto mounts as well, and a port is passed on
	sed -e 's/nfsp/nfsauto/g' -e "s/type='nfs'/type='auto'/" \
		-e "s|<host name='127.0.0.1'/>|<host name='127.0.0.1' port='20049'/>|" \
		"$T/nfs.xml" > "$T/nfs2.xml"
	pool-undefine nfsp > /dev/null 2>&1
	expect netfs-auto-define 0 pool-define "$T/nfs2.xml"
	mkdir -p /mnt/nfsauto
	expect netfs-auto-start 0 pool-start nfsauto
	check netfs-auto-port 'findmnt -n -o OPTIONS --mountpoint /mnt/nfsauto | grep -q "port=20049"' \
		"options: $(findmnt -n -o OPTIONS --mountpoint /mnt/nfsauto)"
	vol-list --name nfsauto > "$T/out" 2>&1
	check netfs-auto-vols '[ "$(tr "\n" " " < "$T/out")" = "b.qcow2 pre.qcow2 " ]' "vol-list: $(tr '\n' '|' < "$T/out")"
	expect netfs-auto-stop 0 pool-stop nfsauto
	pool-undefine nfsauto > /dev/null 2>&1
	# <protocol ver='3'> and <fs:mount_opts>: nfsvers=3 and the options
	sed -e 's/nfsp/nfsv3/g' -e "s|<format type='nfs'/>|<format type='nfs'/><protocol ver='3'/>|" \
		-e "s|<pool type='netfs'>|<pool type='netfs' xmlns:fs='http://libvirt.org/schemas/storagepool/fs/1.0'>|" \
		-e "s|</pool>|<fs:mount_opts><fs:option name='noatime'/></fs:mount_opts></pool>|" \
		"$T/nfs.xml" > "$T/nfsv3.xml"
	expect netfs-v3-define 0 pool-define "$T/nfsv3.xml"
	mkdir -p /mnt/nfsv3
	expect netfs-v3-start 0 pool-start nfsv3
	o=$(findmnt -n -o OPTIONS --mountpoint /mnt/nfsv3)
	check netfs-v3-options 'echo ",$o," | grep -q ",vers=3," && echo ",$o," | grep -q ",noatime,"' "options: $o"
	expect netfs-v3-stop 0 pool-stop nfsv3
	pool-undefine nfsv3 > /dev/null 2>&1
	# a mount that fails: a directory that is not exported
	sed -e 's/nfsp/nfsbad/g' -e 's|/srv/nfs|/srv/nope|' "$T/nfs.xml" > "$T/nfs3.xml"
	expect netfs-bad-define 0 pool-define "$T/nfs3.xml"
	mkdir -p /mnt/nfsbad
	pool-start nfsbad > "$T/out" 2> "$T/err"
	rc=$?
	check netfs-mount-fails '[ $rc = 1 ] && grep -q "^pool-start: error: pool '"'nfsbad'"': mount: " "$T/err" && [ $(wc -l < "$T/err") = 1 ]' \
		"exit $rc: $(cat "$T/err")"
	check netfs-mount-fails-nothing '! findmnt --mountpoint /mnt/nfsbad > /dev/null && [ "$(info nfsbad State)" = inactive ]' \
		"mounted or active: $(info nfsbad State)"
	pool-undefine nfsbad > /dev/null 2>&1
	# a server that never answers (its packets vanish into a dummy
	# link): mount is killed after 30 s instead of retrying for minutes
	if ip link add vkdummy type dummy 2> /dev/null &&
		ip addr add 192.0.2.1/24 dev vkdummy && ip link set vkdummy up; then
		sed -e 's/nfsp/nfsdead/g' -e 's/127.0.0.1/192.0.2.2/' \
			"$T/nfs.xml" > "$T/nfs4.xml"
		pool-define "$T/nfs4.xml" > /dev/null 2>&1
		mkdir -p /mnt/nfsdead
		s0=$(date +%s)
		pool-start nfsdead > "$T/out" 2> "$T/err"
		rc=$? took=$(($(date +%s) - s0))
		check netfs-no-answer '[ $rc = 1 ] && [ $took -lt 45 ] && [ "$(cat "$T/err")" = "pool-start: error: pool '"'nfsdead'"': mount: no answer within 30 s" ]' \
			"exit $rc after $took s: $(cat "$T/err")"
		check netfs-no-answer-nothing '! findmnt --mountpoint /mnt/nfsdead > /dev/null && [ "$(info nfsdead State)" = inactive ] && ! pgrep mount.nfs > /dev/null' \
			"mounted, active or mount.nfs left: $(info nfsdead State) $(pgrep -a mount)"
		pool-undefine nfsdead > /dev/null 2>&1
		ip link del vkdummy
	else
		skip netfs-no-answer "no dummy link in the guest"
	fi
else
	skip netfs "the NFS server did not start in the guest: $(tail -n 2 /tmp/services.log | tr '\n' ' ')"
fi

# ---- iscsi ---------------------------------------------------------------
if [ "$ISCSI_OK" = 1 ]; then
	cat > "$T/is.xml" << EOF
<pool type='iscsi'>
  <name>isp</name>
  <source><host name='127.0.0.1'/><device path='$VK_IQN'/></source>
  <target><path>/dev/disk/by-path</path></target>
</pool>
EOF
	expect iscsi-define 0 pool-define "$T/is.xml"
	expect iscsi-start 0 pool-start isp
	check iscsi-logged-in 'iscsiadm -m session 2> /dev/null | grep -q "$VK_IQN"' \
		"sessions: $(iscsiadm -m session 2>&1 | tr '\n' '|')"
	vol-list --name isp > "$T/out" 2>&1
	# libvirt's names: unit:BUS:TARGET:LUN
	check iscsi-luns '[ "$(tr "\n" " " < "$T/out")" = "unit:0:0:1 unit:0:0:2 " ]' "vol-list: $(tr '\n' '|' < "$T/out")"
	expect iscsi-vol-path 0 vol-path isp unit:0:0:2
	check iscsi-vol-by-path '[ "$(cat "$T/out")" = "/dev/disk/by-path/ip-127.0.0.1:3260-iscsi-$VK_IQN-lun-2" ] && [ -b "$(cat "$T/out")" ]' \
		"vol-path '$(cat "$T/out")'"
	vol-dumpxml isp unit:0:0:2 > "$T/vx" 2>&1
	check iscsi-lun-size '[ "$(xmlval "$T/vx" capacity)" = 50331648 ]' "$(tr '\n' ' ' < "$T/vx" | head -c 300)"
	pool-dumpxml isp > "$T/px" 2>&1
	check iscsi-pool-size '[ "$(xmlval "$T/px" capacity)" = 83886080 ]' "capacity '$(xmlval "$T/px" capacity)'"
	vol-create isp --name new --capacity 1M > "$T/out" 2> "$T/err"
	rc=$?
	check iscsi-no-create '[ $rc = 1 ] && [ "$(cat "$T/err")" = "vol-create: error: pool '"'isp'"': creating volumes is not supported by the iscsi backend" ]' "exit $rc: $(cat "$T/err")"
	head -c 1048576 /dev/urandom > "$T/data"
	expect iscsi-vol-upload 0 vol-upload isp unit:0:0:1 "$T/data"
	check iscsi-lun-data '[ "$(head -c 1048576 /srv/iscsi/lun1.img | md5sum)" = "$(md5sum < "$T/data")" ]' \
		"the target's backing file does not hold the uploaded bytes"
	expect iscsi-stop 0 pool-stop isp
	check iscsi-logged-out '! iscsiadm -m session 2> /dev/null | grep -q "$VK_IQN"' \
		"sessions: $(iscsiadm -m session 2>&1 | tr '\n' '|')"
	pool-undefine isp > /dev/null 2>&1
	# <initiator><iqn name>: the login uses that initiator name
	sed -e 's/isp/isinit/' -e "s|</source>|<initiator><iqn name='iqn.2026-11.org.virtkit:kit-initiator'/></initiator></source>|" \
		"$T/is.xml" > "$T/is-init.xml"
	expect iscsi-initiator-define 0 pool-define "$T/is-init.xml"
	expect iscsi-initiator-start 0 pool-start isinit
	check iscsi-initiator-name 'iscsiadm -m session -P 3 2> /dev/null | grep -q "Iface Initiatorname: iqn.2026-11.org.virtkit:kit-initiator"' \
		"sessions: $(iscsiadm -m session -P 3 2>&1 | grep -i initiatorname | tr '\n' '|')"
	expect iscsi-initiator-stop 0 pool-stop isinit
	pool-undefine isinit > /dev/null 2>&1
	# CHAP: a second target that wants user kit and a password, which
	# the pool reads from a secret (secret-define, secret-set-value)
	truncate -s 16M /srv/iscsi/chap.img
	if tgtadm --lld iscsi --op new --mode target --tid 2 -T "$VK_IQN-chap" &&
		tgtadm --lld iscsi --op new --mode logicalunit --tid 2 --lun 1 -b /srv/iscsi/chap.img &&
		tgtadm --lld iscsi --op bind --mode target --tid 2 -I ALL &&
		tgtadm --lld iscsi --op new --mode account --user kit --password kit-chap-pass1 &&
		tgtadm --lld iscsi --op bind --mode account --tid 2 --user kit; then
		cat > "$T/chap-secret.xml" << EOF
<secret ephemeral='no' private='yes'><uuid>4f0c72d2-a3a9-4a2b-8a3c-0a1e5e6f7a8b</uuid>
<usage type='iscsi'><target>$VK_IQN-chap</target></usage></secret>
EOF
		expect iscsi-chap-secret-define 0 secret-define "$T/chap-secret.xml"
		printf 'wrong-password' > "$T/pw"
		chmod 600 "$T/pw"
		expect iscsi-chap-secret-set 0 secret-set-value --plain --file "$T/pw" 4f0c72d2-a3a9-4a2b-8a3c-0a1e5e6f7a8b
		sed -e 's/isp/ischap/' -e "s|$VK_IQN|$VK_IQN-chap|" \
			-e "s|</source>|<auth type='chap' username='kit'><secret usage='$VK_IQN-chap'/></auth></source>|" \
			"$T/is.xml" > "$T/is-chap.xml"
		expect iscsi-chap-define 0 pool-define "$T/is-chap.xml"
		pool-start ischap > "$T/out" 2> "$T/err"
		rc=$?
		check iscsi-chap-wrong-password '[ $rc = 1 ] && [ $(wc -l < "$T/err") = 1 ] && ! iscsiadm -m session 2> /dev/null | grep -q "$VK_IQN-chap" && ! grep -rqs wrong-password /etc/iscsi/nodes' \
			"exit $rc: $(cat "$T/err"); sessions: $(iscsiadm -m session 2>&1 | tr '\n' '|')"
		printf 'kit-chap-pass1' > "$T/pw"
		expect iscsi-chap-secret-reset 0 secret-set-value --plain --file "$T/pw" 4f0c72d2-a3a9-4a2b-8a3c-0a1e5e6f7a8b
		expect iscsi-chap-start 0 pool-start ischap
		check iscsi-chap-logged-in 'iscsiadm -m session 2> /dev/null | grep -q "$VK_IQN-chap"' \
			"sessions: $(iscsiadm -m session 2>&1 | tr '\n' '|'); $(cat "$T/err")"
		vol-list --name ischap > "$T/out" 2>&1
		check iscsi-chap-lun '[ "$(cat "$T/out")" = unit:0:0:1 ]' "vol-list: $(tr '\n' '|' < "$T/out")"
		check iscsi-chap-not-on-argv '! grep -qs "kit-chap-pass[1]" /proc/[0-9]*/cmdline' "the password is on a command line"
		expect iscsi-chap-stop 0 pool-stop ischap
		pool-undefine ischap > /dev/null 2>&1
	else
		skip iscsi-chap "tgtadm could not make the CHAP target"
	fi
	sed -e 's/isp/isbad/' -e "s|$VK_IQN|$VK_IQN-nope|" "$T/is.xml" > "$T/is2.xml"
	expect iscsi-bad-define 0 pool-define "$T/is2.xml"
	expect_err iscsi-no-target 1 "pool-start: error: pool 'isbad': portal 127.0.0.1:3260 offers no target $VK_IQN-nope" pool-start isbad
	check iscsi-no-target-no-session '! iscsiadm -m session 2> /dev/null | grep -q "$VK_IQN"' "a session is left"
	pool-undefine isbad > /dev/null 2>&1
	# a target whose name only begins another's is not offered
	sed -e 's/isp/ispre/' -e "s|$VK_IQN|${VK_IQN%age}|" "$T/is.xml" > "$T/is3.xml"
	expect iscsi-prefix-define 0 pool-define "$T/is3.xml"
	expect_err iscsi-prefix-no-target 1 "pool-start: error: pool 'ispre': portal 127.0.0.1:3260 offers no target ${VK_IQN%age}" pool-start ispre
	pool-undefine ispre > /dev/null 2>&1
else
	skip iscsi "the iSCSI target or initiator did not start in the guest: $(tail -n 2 /tmp/services.log | tr '\n' ' ')"
fi

echo "VK-STORAGE-DONE after $(cut -d' ' -f1 /proc/uptime)s"
