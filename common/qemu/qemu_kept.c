/* The qemu driver's refusal of the elements a domain keeps as they were
 * given (common/conf/domain_kept.c): each kept element is refused at
 * start, and by xml-convert --to qemu-argv, with the reason below, and
 * nothing is started.  An element kept by the parser but missing here is
 * refused all the same, with a generic reason. */
#include <string.h>

#include "qemu_command_priv.h"

static const struct {
	const char *name;
	const char *why;
} reasons[] = {
	/* children of <domain> */
	{"blkiotune", "virtkit sets no blkio cgroup: per-device weights "
		      "and throttles need one (issue 12)"},
	{"cputune", "virtkit sets no cpu cgroup and no scheduling policy: "
		    "CFS periods and quotas, emulator and iothread pins and "
		    "real-time schedulers need them (issue 12)"},
	{"numatune", "virtkit sets no cpuset.mems cgroup and binds no "
		     "memory backend to host NUMA nodes"},
	{"resource", "virtkit places guests in no cgroup partition and "
		     "tags no Fibre Channel traffic"},
	{"on_lockfailure", "virtkit runs no lock manager (sanlock, lockd) "
			   "whose lease failures it would act on"},
	{"seclabel", "virtkit applies one security label to a guest, the "
		     "first <seclabel>"},
	{"keywrap", "AES/DEA key wrapping is a feature of s390 guests' "
		    "crypto adapters, and virtkit runs x86 guests"},
	{"launchSecurity", "virtkit sets up no confidential guest (AMD "
			   "SEV firmware session, s390 protected "
			   "virtualization)"},
	/* a <filesystem> with <driver type='virtiofs'> */
	{"filesystem", "virtio-fs needs a virtiofsd process serving each "
		       "share, and virtkit runs none (9p filesystems are "
		       "given to QEMU)"},
	/* a <hostdev> of type scsi or mdev */
	{"hostdev", "virtkit passes no host SCSI generic device (scsi-generic "
		    "on /dev/sg*) and creates no mediated device (vfio "
		    "mdev); USB and PCI host devices are given to QEMU"},
	/* other devices (domain-devmisc.rng) */
	{"panic", "virtkit gives every PC guest QEMU's pvpanic device at "
		  "ISA port 0x505 already and implements no other panic "
		  "notifier"},
	{"vsock", "virtkit does not open /dev/vhost-vsock for QEMU, nor "
		  "keep context ids unique across guests"},
	{"iommu", "virtkit implements no guest IOMMU: intel-iommu needs a "
		  "q35 machine with a split irqchip, smmuv3 an arm virt "
		  "machine"},
	{"shmem", "virtkit implements no ivshmem device, shared memory "
		  "object or ivshmem-server"},
	{"memory", "virtkit implements no memory hotplug: pc-dimm, nvdimm, "
		   "virtio-mem and virtio-pmem need <maxMemory slots> and a "
		   "memory backend each"},
	{"crypto", "virtkit implements no virtio-crypto device or "
		   "cryptodev backend"},
	{NULL, NULL}
};

static int refuse(const struct vk_kept *k)
{
	size_t i;

	for (i = 0; reasons[i].name; i++)
		if (!strcmp(reasons[i].name, k->name))
			return vk_qcmd_refuse_why(reasons[i].why, "<%s>",
						  k->name);
	return vk_qcmd_refuse_why("virtkit keeps it in the definition but "
				  "does not implement it", "<%s>", k->name);
}

int vk_qcmd_kept(struct vk_qcmd *c)
{
	const struct vk_domain_def *def = c->def;

	if (def->nkept)
		return refuse(&def->kept[0]);
	if (def->nkept_devs)
		return refuse(&def->kept_devs[0]);
	return 0;
}
