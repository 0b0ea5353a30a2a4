# Sourced by guest-run.sh inside the storage guest: the servers the
# netfs and iscsi pools use, all on the guest's loopback, and udev.
#   NFS: /srv/nfs exported to 127.0.0.1 (rpcbind, nfsd on 2049 and
#        20049, mountd)
#   iSCSI: tgtd with target $VK_IQN (two LUNs backed by files), iscsid
# NFS_OK, ISCSI_OK, UDEV_OK: 1 when that part came up, for the tests to
# skip what has no server.
VK_IQN=iqn.2026-01.org.virtkit:storage
NFS_OK=0 ISCSI_OK=0 UDEV_OK=0

svc_log=/tmp/services.log
: > $svc_log
svc() { "$@" >> $svc_log 2>&1; }

# udev makes /dev/disk/by-path and the LVM links
if svc /lib/systemd/systemd-udevd --daemon; then
	svc udevadm trigger --action=add
	svc udevadm settle --timeout=30 && UDEV_OK=1
fi
svc modprobe dm_mod
svc modprobe loop

# NFS server on the loopback
mkdir -p /srv/nfs /var/lib/nfs/rpc_pipefs
echo '/srv/nfs 127.0.0.1(rw,sync,no_root_squash,no_subtree_check,insecure)' > /etc/exports
if svc modprobe nfsd && svc rpcbind -w &&
	svc mount -t nfsd nfsd /proc/fs/nfsd &&
	svc rpc.nfsd 4 && svc exportfs -ra && svc rpc.mountd &&
	svc sh -c "echo tcp 20049 > /proc/fs/nfsd/portlist"; then
	NFS_OK=1
fi

# iSCSI target (tgt) and initiator (open-iscsi) on the loopback
mkdir -p /srv/iscsi /run/lock/iscsi /var/lock
truncate -s 32M /srv/iscsi/lun1.img
truncate -s 48M /srv/iscsi/lun2.img
if svc tgtd && sleep 1 &&
	svc tgtadm --lld iscsi --op new --mode target --tid 1 -T $VK_IQN &&
	svc tgtadm --lld iscsi --op new --mode logicalunit --tid 1 --lun 1 -b /srv/iscsi/lun1.img &&
	svc tgtadm --lld iscsi --op new --mode logicalunit --tid 1 --lun 2 -b /srv/iscsi/lun2.img &&
	svc tgtadm --lld iscsi --op bind --mode target --tid 1 -I ALL &&
	svc modprobe iscsi_tcp && svc iscsid; then
	ISCSI_OK=1
fi
