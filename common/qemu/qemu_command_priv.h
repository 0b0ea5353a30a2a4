/* Internal to common/qemu/qemu_command*.c: the state of one command-line
 * build, shared by the machine part (qemu_command.c) and the device parts
 * (qemu_command_{ctrl,disk,net,chr,dev}.c). */
#ifndef VK_QEMU_COMMAND_PRIV_H
#define VK_QEMU_COMMAND_PRIV_H

#include <stdbool.h>

#include "qemu_command.h"
#include "util/buf.h"

struct vk_qcmd {
	const struct vk_domain_def *def;
	const struct vk_qemu_start *st;
	struct vk_argv *a;
	bool x86;		/* a PC machine: ISA, IDE, pvpanic exist */
	bool usb;		/* controllers already on the command line */
	bool ahci;
	bool scsi;
	bool vserial;
	bool ccid;		/* character devices, smartcards, leases */
	/* storage devices: bit I of ctrl[T] is set once controller T
	 * (enum vk_ctrl_type) index I is on the line; pci_fn[B][S] has bit
	 * F set for each explicit PCI address B:S.F taken. */
	unsigned ctrl[VK_CTRL_LAST];
	unsigned char pci_fn[256][32];
	bool usb_none;		/* the usb controller is model 'none' */
};

/* Append S to B with every comma doubled (QEMU's option syntax). */
void vk_qcmd_esc(struct vk_buf *b, const char *s);
/* Append ",KEY=VAL" to B, VAL escaped; nothing when VAL is NULL. */
void vk_qcmd_kv(struct vk_buf *b, const char *key, const char *val);
/* ",romfile=...,rombar=N" of a PCI device's <rom> (qemu_command_net.c). */
void vk_qcmd_rom(struct vk_buf *b, const struct vk_rom *rom);
/* Append OPT and the text of B to the command line; frees B. */
void vk_qcmd_push(struct vk_qcmd *c, const char *opt, struct vk_buf *b);
/* Record "WHAT: not supported by the qemu driver" (WHAT from FMT) as a
 * document refusal (VK_EXIT_DOCUMENT); returns -1. */
int vk_qcmd_refuse(const char *fmt, ...)
	__attribute__((format(printf, 1, 2)));
/* The same with " (WHY)" after it. */
int vk_qcmd_refuse_why(const char *why, const char *fmt, ...)
	__attribute__((format(printf, 2, 3)));

/* Controllers, added once before the first device on them. */
void vk_qcmd_need_usb(struct vk_qcmd *c);
void vk_qcmd_need_ahci(struct vk_qcmd *c);
void vk_qcmd_need_scsi(struct vk_qcmd *c);
void vk_qcmd_need_vserial(struct vk_qcmd *c);
/* usb-ccid "ccid0" (on the USB controller), for smartcards. */
void vk_qcmd_need_ccid(struct vk_qcmd *c);

/* storage devices */
/* The largest controller index the qemu driver places (ids TYPEN). */
#define VK_QCMD_MAX_CTRL 31
/* Controller TYPE index INDEX (enum vk_ctrl_type), added with its
 * default model unless an explicit one is already there.  Returns 0,
 * or -1 (refused) with WHO naming the device that needs it. */
int vk_qcmd_need_ctrl(struct vk_qcmd *c, int type, unsigned index,
		      const char *who);
/* Whether the machine is a q35 one (no IDE, no floppy controller of
 * its own); VK_QCMD_Q35_NO_IDE says why IDE is refused there. */
bool vk_qcmd_q35(const struct vk_qcmd *c);
#define VK_QCMD_Q35_NO_IDE \
	"the q35 machine has no IDE controller: its disks go on bus 'sata'"
/* The explicit <controller> TYPE INDEX, or NULL. */
const struct vk_controller *vk_qcmd_find_ctrl(const struct vk_qcmd *c,
					      int type, unsigned index);
/* Append ",bus=BUS,addr=0xS.0xF[,multifunction=on]" for the explicit
 * PCI address A after checking it (domain 0, a bus some PCI controller
 * provides, a free slot the machine does not hold, slot 0 on a PCIe
 * port); BUS is pci.N, or pcie.0 for bus 0 of a q35 machine.  Nothing
 * for no address or an all-zero one (QEMU places the device); other
 * address types are refused.  WHO names the device in messages.
 * Returns 0 or -1. */
/* Push B as a -device after its PCI address (WHO for messages); B is
 * freed either way. */
int vk_qcmd_push_pci(struct vk_qcmd *c, const struct vk_dev_addr *a,
		     const char *who, struct vk_buf *b);
int vk_qcmd_pci_addr(struct vk_qcmd *c, const struct vk_dev_addr *a,
		     const char *who, struct vk_buf *b);
/* Whether bus 0 slot SLOT function FN is the machine's own device. */
bool vk_qcmd_pci_fn_own(const struct vk_qcmd *c, unsigned slot,
			unsigned fn);
/* The PCI controllers, by index (before any other device); 0 or -1. */
int vk_qcmd_pci_controllers(struct vk_qcmd *c);
/* The bus name of sata controller INDEX ("ahciN", or "ide" for the
 * q35 machine's own AHCI at 0x1f.2). */
const char *vk_qcmd_sata_bus(const struct vk_qcmd *c, unsigned index,
			     char buf[16]);
/* Append ",bus=usbN.0[,port=P]" for the USB address A (usb.0 for
 * controller index 0; P as given, "1.2" for a port behind a hub), or
 * nothing when A has no type (QEMU picks the bus); other types are
 * refused.  Adds the default USB controller when none is there.
 * Returns 0 or -1. */
int vk_qcmd_usb_addr(struct vk_qcmd *c, const struct vk_dev_addr *a,
		     const char *who, struct vk_buf *b);
/* Explicit controllers (before every other device), filesystems, host
 * devices; 0 or -1. */
int vk_qcmd_controllers(struct vk_qcmd *c);
int vk_qcmd_filesystems(struct vk_qcmd *c);
int vk_qcmd_hostdevs(struct vk_qcmd *c);

/* Disks: the kind of D's data (its type, a volume's once looked up)
 * and its path (NULL: none); the check of its source and the -drive
 * options that name its data, ending in "," (qemu_command_disk_src.c);
 * the check of libvirt 9.x's tuning and its -drive and -device options
 * (qemu_command_disk_opts.c).  The checks return 0 or -1. */
int vk_qcmd_disk_kind(const struct vk_disk *d);
const char *vk_qcmd_disk_path(const struct vk_disk *d);
int vk_qcmd_disk_source_check(const struct vk_disk *d);
void vk_qcmd_disk_source(struct vk_buf *b, const struct vk_disk *d,
			 const char *format);
int vk_qcmd_disk_opts_check(const struct vk_disk *d);
void vk_qcmd_disk_drive_opts(struct vk_buf *b, const struct vk_disk *d);
void vk_qcmd_disk_device_opts(struct vk_buf *b, const struct vk_disk *d);

/* Refuse the first element the domain kept as it was given (its name
 * and the reason, qemu_kept.c); 0 when there is none. */
int vk_qcmd_kept(struct vk_qcmd *c);

/* The device classes, each adding its options in order; 0 or -1. */
int vk_qcmd_disks(struct vk_qcmd *c);
int vk_qcmd_nets(struct vk_qcmd *c);
int vk_qcmd_inputs(struct vk_qcmd *c);
int vk_qcmd_display(struct vk_qcmd *c);
int vk_qcmd_video(struct vk_qcmd *c);
int vk_qcmd_chrs(struct vk_qcmd *c);
int vk_qcmd_smartcards(struct vk_qcmd *c);
int vk_qcmd_balloon(struct vk_qcmd *c);
/* display and sound devices (qemu_command_av.c, qemu_command_audio.c):
 * the audio backends (called by vk_qcmd_sounds), sound cards, USB
 * redirection and hubs. */
int vk_qcmd_audios(struct vk_qcmd *c);
int vk_qcmd_sounds(struct vk_qcmd *c);
int vk_qcmd_redirdevs(struct vk_qcmd *c);
/* Refuse a PCI address A of a device (WHAT) that sits on no PCI slot;
 * 0 when A has no type. */
int vk_qcmd_no_pci(const struct vk_dev_addr *a, const char *what);
/* network, display and other devices (qemu_command_dev.c) */
int vk_qcmd_watchdog(struct vk_qcmd *c);
int vk_qcmd_seclabel(struct vk_qcmd *c);
/* other devices (qemu_command_devmisc.c): <rng>, <tpm>. */
int vk_qcmd_devmisc(struct vk_qcmd *c);
/* ",iommu_platform=on,..." for the virtio <driver> D of a device of
 * MODEL (enum vk_virtio_model; WHO names it), into B; 0, or -1 refused
 * (iommu on a transitional device). */
int vk_qcmd_virtio_opts(struct vk_buf *b, const struct vk_virtio_opts *d,
			int model, const char *who);
/* BASE, BASE-transitional or BASE-non-transitional for a virtio MODEL
 * (enum vk_virtio_model), into B. */
void vk_qcmd_virtio_model(struct vk_buf *b, const char *base, int model);
/* A -chardev ID for the host side CHR (qemu_command_chr.c). */
int vk_qcmd_chardev(struct vk_qcmd *c, const struct vk_chr *chr,
		    const char *id);

/* platform: sysinfo, tuning, cpu (qemu_command_platform.c).  The
 * -machine timer switches and the -smp topology are appended to B; the
 * rtc timer options to RTC (the -rtc value); the others add options. */
void vk_qcmd_machine_timers(struct vk_qcmd *c, struct vk_buf *b);
int vk_qcmd_cpu(struct vk_qcmd *c);
int vk_qcmd_smp_topology(struct vk_qcmd *c, struct vk_buf *b);
/* Refuse the tunables that need a cgroup, vcpupin of absent vcpus. */
int vk_qcmd_tuning(struct vk_qcmd *c);
/* The memory (qemu_command_mem.c): machine options, -m and the
 * backend of the whole memory, the NUMA cells and their backends. */
void vk_qcmd_machine_mem(struct vk_qcmd *c, struct vk_buf *b);
int vk_qcmd_memory(struct vk_qcmd *c);
int vk_qcmd_numa(struct vk_qcmd *c);
/* The root elements' devices and objects (qemu_command_root.c):
 * iothreads, vmgenid, power management, vcpus; and what
 * <qemu:commandline> appends, last. */
int vk_qcmd_root_objects(struct vk_qcmd *c);
/* ",iothread=iothreadID" onto B for a device's <driver iothread='ID'>
 * (0: none): 0, or -1 when the domain has no such I/O thread. */
int vk_qcmd_iothread(const struct vk_qcmd *c, struct vk_buf *b,
		     unsigned id, const char *who);
void vk_qcmd_passthrough(struct vk_qcmd *c);
int vk_qcmd_smbios(struct vk_qcmd *c);
int vk_qcmd_rtc_timers(struct vk_qcmd *c, struct vk_buf *rtc);
int vk_qcmd_pit(struct vk_qcmd *c);

/* firmware and features (qemu_command_fw.c): the loader, NVRAM and
 * the other <os> extras; the feature checks and devices; what features
 * add to -accel, -machine (B) and -cpu (B), and -global for a secure
 * pflash.  vk_qcmd_cpu_has_features: -cpu is needed for them. */
int vk_qcmd_firmware(struct vk_qcmd *c);
/* Whether DEF leaves a firmware choice to the driver (firmware='efi'
 * without a loader, a pflash loader without NVRAM path or template). */
bool vk_qcmd_firmware_needs_fill(const struct vk_domain_def *def);
int vk_qcmd_os_extras(struct vk_qcmd *c);
void vk_qcmd_boot_extras(struct vk_qcmd *c, struct vk_buf *b);
int vk_qcmd_features(struct vk_qcmd *c);
void vk_qcmd_accel_opts(struct vk_qcmd *c, struct vk_buf *b);
void vk_qcmd_machine_features(struct vk_qcmd *c, struct vk_buf *b);
void vk_qcmd_pflash_globals(struct vk_qcmd *c);
bool vk_qcmd_cpu_has_features(const struct vk_qcmd *c);
int vk_qcmd_cpu_features(struct vk_qcmd *c, struct vk_buf *b);

#endif
