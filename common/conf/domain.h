/* Domain XML: the C form of libvirt's domain format, its parser and its
 * canonical writer.  The code is split by element group:
 *   domain.c          root, metadata, resources, lifecycle, dispatch
 *   domain_os.c       <os>, bootloader, <features>, <clock>
 *   domain_clock.c    <clock><timer>
 *   domain_tune.c     <memoryBacking> <blkiotune> <memtune> <sysinfo>
 *   domain_cpu.c      <vcpu cpuset> <cputune> <cpu>
 *   domain_disk.c     <disk> (domain_disk.h: libvirt 9.x's members)
 *   domain_disk_src.c <disk><source> of every type, <encryption>
 *   domain_disk_tune.c <disk><driver> <iotune> <blockio> <geometry>
 *   domain_fs.c       <filesystem>
 *   domain_controller.c <controller>, <address> (any device's;
 *                     domain_addr.h)
 *   domain_hostdev.c  <hostdev>
 *   domain_net.c      <interface>
 *   domain_chr.c      <serial> <parallel> <console> <channel>
 *   domain_smartcard.c <smartcard>
 *   domain_lease.c    <lease>
 *   domain_misc.c     <input> <memballoon> <emulator> <seclabel>
 *   domain_graphics.c <graphics>
 *   domain_video.c    <video> <sound> <watchdog>
 * Each file holds the parse and the format side of its group.
 *
 * Canonical output (what vm-dumpxml and the store write):
 *   <domain type=.. [id=..]> name uuid [description] memory currentMemory
 *   [memoryBacking] [blkiotune] [memtune] vcpu [cputune] [sysinfo]
 *   [bootloader] [bootloader_args] os [features] [cpu] clock on_poweroff
 *   on_reboot on_crash devices [seclabel]
 * (platform elements: memtune children hard_limit soft_limit
 * swap_hard_limit min_guarantee; cputune vcpupin by vcpu, then shares;
 * sysinfo entries in the documented order; cpu model vendor topology
 * feature; clock timers in input order; cpusets as vk_cpuset_format)
 * and inside <devices>: emulator, disk, controller, lease, filesystem,
 * interface, smartcard, input, graphics, sound, video, parallel,
 * serial, console, channel, hostdev, watchdog, memballoon (libvirt's
 * order, but for the character devices); each class keeps the
 * order the input gave.  Defaults are written out (disk device/bus,
 * lifecycle actions, clock offset, currentMemory, generated uuid and
 * MAC).
 */
#ifndef VK_DOMAIN_H
#define VK_DOMAIN_H

#include <stdbool.h>
#include <libxml/tree.h>

#include "xml.h"
#include "domain_alias.h"
#include "encryption.h"
#include "domain_net.h"
#include "domain_tune.h"
#include "domain_disk.h"

#define VK_UUID_LEN 16

enum vk_virt_type {
	VK_VIRT_QEMU, VK_VIRT_KVM, VK_VIRT_KQEMU, VK_VIRT_XEN, VK_VIRT_LXC,
	VK_VIRT_TEST, VK_VIRT_LAST
};
extern const char *const vk_virt_type_names[];	/* NULL-ended */

enum vk_lifecycle {
	VK_LIFE_DESTROY, VK_LIFE_RESTART, VK_LIFE_PRESERVE,
	VK_LIFE_RENAME_RESTART, VK_LIFE_COREDUMP_DESTROY,
	VK_LIFE_COREDUMP_RESTART, VK_LIFE_LAST
};
extern const char *const vk_lifecycle_names[];

enum vk_boot_dev { VK_BOOT_FD, VK_BOOT_HD, VK_BOOT_CDROM, VK_BOOT_NETWORK };
extern const char *const vk_boot_dev_names[];

#define VK_MAX_BOOT 4

struct vk_kept;

/* A yes/no (or on/off) attribute that may be absent. */
enum vk_tristate { VK_TRI_ABSENT, VK_TRI_YES, VK_TRI_NO };

/* In these enums 0 means "not given"; the names arrays have "" there. */
enum vk_os_firmware { VK_OS_FW_UNSET, VK_OS_FW_BIOS, VK_OS_FW_EFI };
extern const char *const vk_os_firmware_names[];
enum vk_fw_feature { VK_FWF_ENROLLED_KEYS, VK_FWF_SECURE_BOOT,
		     VK_FWF_LAST };
extern const char *const vk_fw_feature_names[];	/* NULL-ended */
enum vk_loader_type { VK_LOADER_UNSET, VK_LOADER_ROM, VK_LOADER_PFLASH };
extern const char *const vk_loader_type_names[];
enum vk_fw_format { VK_FWFMT_UNSET, VK_FWFMT_RAW, VK_FWFMT_QCOW2 };
extern const char *const vk_fw_format_names[];
/* <nvram>: its path as text, or <nvram type='file|block'><source>. */
enum vk_nvram_type { VK_NVRAM_TEXT, VK_NVRAM_FILE, VK_NVRAM_BLOCK };
extern const char *const vk_nvram_type_names[];

struct vk_os {
	char *type;		/* hvm, linux, xen, exe */
	char *arch;
	char *machine;
	int firmware;		/* enum vk_os_firmware */
	int fw_features[VK_FWF_LAST];	/* <firmware><feature>: tristate */
	bool has_loader;	/* a <loader> was given (path or not) */
	char *loader;		/* its path, or NULL */
	int loader_readonly, loader_secure, loader_stateless;	/* tristate */
	int loader_type;	/* enum vk_loader_type */
	int loader_format;	/* enum vk_fw_format */
	bool has_nvram;		/* an <nvram> was given */
	char *nvram;		/* its path, or NULL (template only) */
	char *nvram_template;
	int nvram_format;	/* enum vk_fw_format */
	int nvram_type;		/* enum vk_nvram_type */
	char *kernel;
	char *initrd;
	char *cmdline;
	char *dtb;
	char *root;
	char *acpi_slic;	/* <acpi><table type='slic'> */
	int nboot;
	int boot[VK_MAX_BOOT];	/* enum vk_boot_dev */
	int bootmenu;		/* -1 unset, 0 no, 1 yes */
	bool has_bootmenu_timeout;
	unsigned bootmenu_timeout;	/* ms, 0..65535 */
	int smbios;		/* enum vk_smbios_mode, -1 unset */
	bool has_bios;		/* <bios> */
	int bios_useserial;	/* tristate */
	bool has_reboot_timeout;
	int reboot_timeout;	/* ms, -1..65535 */
	int nkept;		/* <init> <initarg> ... (container os) */
	struct vk_kept *kept;
};

#include "domain_features.h"

enum vk_clock_offset { VK_CLOCK_UTC, VK_CLOCK_LOCALTIME, VK_CLOCK_TIMEZONE,
		       VK_CLOCK_VARIABLE, VK_CLOCK_ABSOLUTE };
extern const char *const vk_clock_offset_names[];

struct vk_timer;

struct vk_clock {
	int offset;		/* enum vk_clock_offset */
	char *timezone;		/* offset=timezone */
	long long adjustment;	/* offset=variable, seconds */
	bool basis_localtime;	/* offset=variable basis='localtime' */
	bool reset;		/* utc, localtime: adjustment='reset' */
	unsigned long long start;	/* offset=absolute: epoch seconds */
	int ntimers;
	struct vk_timer *timers;	/* platform part, domain_clock.c */
};

/* storage devices */
/* <address> and <controller>: domain_addr.h */
#include "domain_addr.h"

enum vk_disk_type { VK_DISK_FILE, VK_DISK_BLOCK, VK_DISK_DIR,
		    VK_DISK_NETWORK, VK_DISK_VOLUME, VK_DISK_NVME,
		    VK_DISK_VHOSTUSER };
extern const char *const vk_disk_type_names[];
enum vk_disk_device { VK_DISK_DISK, VK_DISK_CDROM, VK_DISK_FLOPPY,
		      VK_DISK_LUN };
extern const char *const vk_disk_device_names[];
enum vk_disk_bus { VK_BUS_IDE, VK_BUS_SCSI, VK_BUS_VIRTIO, VK_BUS_XEN,
		   VK_BUS_USB, VK_BUS_FDC, VK_BUS_SATA, VK_BUS_SD };
extern const char *const vk_disk_bus_names[];
enum vk_disk_cache { VK_CACHE_NONE_SET = -1, VK_CACHE_DEFAULT,
		     VK_CACHE_NONE, VK_CACHE_WRITETHROUGH,
		     VK_CACHE_WRITEBACK, VK_CACHE_DIRECTSYNC,
		     VK_CACHE_UNSAFE };
extern const char *const vk_disk_cache_names[];
enum vk_disk_error_policy { VK_ERRPOL_STOP, VK_ERRPOL_IGNORE,
			    VK_ERRPOL_ENOSPACE, VK_ERRPOL_REPORT };
extern const char *const vk_disk_error_policy_names[];
enum vk_disk_io { VK_IO_THREADS, VK_IO_NATIVE, VK_IO_URING };
extern const char *const vk_disk_io_names[];
enum vk_disk_protocol { VK_PROTO_NBD, VK_PROTO_RBD, VK_PROTO_SHEEPDOG,
			VK_PROTO_ISCSI, VK_PROTO_GLUSTER, VK_PROTO_HTTP,
			VK_PROTO_HTTPS, VK_PROTO_FTP, VK_PROTO_FTPS,
			VK_PROTO_TFTP, VK_PROTO_SSH, VK_PROTO_NFS,
			VK_PROTO_VXHS };
extern const char *const vk_disk_protocol_names[];

enum vk_disk_transport { VK_TRANSPORT_TCP, VK_TRANSPORT_UNIX,
			 VK_TRANSPORT_RDMA };
extern const char *const vk_disk_transport_names[];

struct vk_disk_host {
	char *name;		/* NULL for transport unix */
	int port;		/* 0: not given */
	int transport;		/* enum vk_disk_transport, -1 unset */
	char *socket;		/* transport unix */
};

struct vk_disk {
	int type;		/* enum vk_disk_type */
	int device;		/* enum vk_disk_device */
	char *driver_name;
	char *driver_type;
	int cache;		/* enum vk_disk_cache, -1 unset */
	char *source;		/* file= or dev=; NULL: empty (cdrom) */
	char *target;		/* dev= */
	int bus;		/* enum vk_disk_bus; inferred when absent */
	bool readonly;
	bool shareable;
	char *serial;
	unsigned boot_order;	/* 0: none */
	int error_policy;	/* enum vk_disk_error_policy, -1 unset */
	int io;			/* enum vk_disk_io, -1 unset */
	int protocol;		/* network: enum vk_disk_protocol */
	char *source_name;	/* network: image (source name=) */
	int nhosts;		/* network: <host> elements */
	struct vk_disk_host *hosts;
	struct vk_encryption enc;	/* format -1: none */
	bool enc_in_source;	/* <encryption> was given in <source> */
	struct vk_dev_addr addr;	/* pci or drive */
	struct vk_disk_ext x;	/* libvirt 9.x's vocabulary, domain_disk.h */
};

/* filesystem, controller, hostdev (storage devices) */
enum vk_fs_type { VK_FS_MOUNT, VK_FS_TEMPLATE };
extern const char *const vk_fs_type_names[];
enum vk_fs_access { VK_FS_PASSTHROUGH, VK_FS_MAPPED, VK_FS_SQUASH };
extern const char *const vk_fs_access_names[];
/* <driver type=> of a 9p filesystem: -1 when absent (libvirt: path) */
enum vk_fs_driver { VK_FSDRV_PATH, VK_FSDRV_HANDLE, VK_FSDRV_LOOP,
		    VK_FSDRV_NBD, VK_FSDRV_PLOOP };
extern const char *const vk_fs_driver_names[];

struct vk_fs {
	int type;		/* enum vk_fs_type */
	int accessmode;		/* enum vk_fs_access */
	char *source;		/* mount: dir=; template: name= */
	char *target;		/* dir= (a mount tag for QEMU) */
	bool readonly;
	int driver;		/* enum vk_fs_driver, -1: no <driver> */
	bool wr_immediate;	/* <driver wrpolicy='immediate'> */
	struct vk_dev_addr addr;	/* pci */
};

enum vk_hostdev_type { VK_HOSTDEV_USB, VK_HOSTDEV_PCI };
extern const char *const vk_hostdev_type_names[];
/* pci <driver name>: the host's assignment backend. */
enum vk_hostdev_driver { VK_HOSTDEV_VFIO, VK_HOSTDEV_KVM, VK_HOSTDEV_XEN };
extern const char *const vk_hostdev_driver_names[];

struct vk_hostdev {
	int type;		/* enum vk_hostdev_type (mode: subsystem) */
	bool managed;
	bool by_id;		/* usb: vendor/product (else bus/device) */
	unsigned vendor, product;	/* usb by id */
	unsigned usb_bus, usb_device;	/* usb by address */
	struct vk_dev_addr src;	/* pci: the host's address */
	unsigned boot_order;	/* 0: none */
	struct vk_dev_addr addr;	/* the guest's pci address */
	int driver;		/* pci: enum vk_hostdev_driver, -1 unset */
	struct vk_rom rom;	/* pci */
	int startup_policy;	/* usb: enum vk_disk_startup, -1 unset */
};

enum vk_net_type { VK_NET_NETWORK, VK_NET_BRIDGE, VK_NET_USER,
		   VK_NET_ETHERNET, VK_NET_DIRECT, VK_NET_MCAST,
		   VK_NET_SERVER, VK_NET_CLIENT, VK_NET_UDP,
		   VK_NET_VHOSTUSER, VK_NET_HOSTDEV, VK_NET_VDPA,
		   VK_NET_NULL, VK_NET_VDS, VK_NET_LAST };
extern const char *const vk_net_type_names[];
enum vk_net_direct_mode { VK_DIRECT_VEPA, VK_DIRECT_BRIDGE,
			  VK_DIRECT_PRIVATE, VK_DIRECT_PASSTHROUGH };
extern const char *const vk_net_direct_mode_names[];
enum vk_net_driver { VK_NET_DRIVER_QEMU, VK_NET_DRIVER_VHOST,
		     VK_NET_DRIVER_VFIO };
extern const char *const vk_net_driver_names[];
enum vk_net_txmode { VK_TXMODE_IOTHREAD, VK_TXMODE_TIMER };
extern const char *const vk_net_txmode_names[];

/* <virtualport type='802.1Qbg'><parameters .../></virtualport> */
struct vk_virtualport {
	unsigned managerid;	/* 1..255 */
	unsigned typeid;	/* 0..0xffffff */
	unsigned typeidversion;	/* 0..255 */
	unsigned char instanceid[VK_UUID_LEN];	/* generated when absent */
};

struct vk_net {
	int type;		/* enum vk_net_type */
	unsigned char mac[6];
	char *source;		/* network, bridge, or direct's host device */
	char *target;		/* tap device name */
	char *model;
	char *script;
	int mode;		/* direct: enum vk_net_direct_mode */
	char *address;		/* mcast, server, client, udp; NULL: any
				 * (server) */
	int port;		/* mcast, server, client, udp */
	int driver_name;	/* enum vk_net_driver, -1 unset */
	int txmode;		/* enum vk_net_txmode, -1 unset */
	unsigned boot_order;	/* 0: none */
	bool has_vport;		/* direct: a virtualport was given */
	struct vk_virtualport vport;
	char *alias;		/* <alias name> (domain_alias.h) */
	struct vk_dev_addr addr;	/* pci */
	struct vk_net_opts o;	/* the libvirt 9.x rest (domain_net.h) */
};

/* character devices, smartcards, leases */
/* VK_CHR_SMARTCARD is the host side of a passthrough <smartcard>: it is
 * never in vk_domain_def.chrs. */
enum vk_chr_kind { VK_CHR_SERIAL, VK_CHR_PARALLEL, VK_CHR_CONSOLE,
		   VK_CHR_CHANNEL, VK_CHR_SMARTCARD, VK_CHR_RNG };
extern const char *const vk_chr_kind_names[];
enum vk_chr_type { VK_CHR_PTY, VK_CHR_FILE, VK_CHR_NULL, VK_CHR_STDIO,
		   VK_CHR_UNIX, VK_CHR_TCP, VK_CHR_VC, VK_CHR_DEV,
		   VK_CHR_PIPE, VK_CHR_UDP, VK_CHR_SPICEVMC, VK_CHR_SPICEPORT,
		   VK_CHR_VDAGENT };
extern const char *const vk_chr_type_names[];
enum vk_chr_tcp_proto { VK_TCP_RAW, VK_TCP_TELNET, VK_TCP_TELNETS,
			VK_TCP_TLS };
extern const char *const vk_chr_tcp_proto_names[];

struct vk_chr {
	int kind;		/* enum vk_chr_kind */
	int type;		/* enum vk_chr_type */
	char *path;		/* pty (live), file, unix */
	bool bind;		/* unix, tcp: mode='bind' (else connect) */
	char *host;		/* tcp */
	char *service;		/* tcp */
	int protocol;		/* tcp: enum vk_chr_tcp_proto */
	int port;		/* target port */
	char *target_type;	/* console: serial, virtio, xen; NULL unset;
				 * channel: guestfwd, virtio */
	/* character devices, smartcards, leases */
	char *bind_host;	/* udp: the local end (mode='bind') */
	char *bind_service;
	char *target_address;	/* channel guestfwd (port: its port) */
	char *target_name;	/* channel virtio; spicevmc has a default */
	char *target_model;	/* serial: <target><model name>; NULL unset */
	struct vk_dev_addr addr;	/* virtio-serial (virtio console and
					 * channel) */
	/* 0 when absent, else 1 + the index in the value list */
	int append;		/* file: <source append=> on|off */
	int reconnect;		/* unix, tcp client: <reconnect enabled=>
				 * yes|no */
	unsigned reconnect_timeout;	/* its timeout= (seconds) */
	char *log_file;		/* <log file=> */
	int log_append;		/* <log append=> on|off */
	char *spice_channel;	/* spiceport: <source channel=> */
	int vda_clipboard;	/* qemu-vdagent: <clipboard copypaste=>
				 * yes|no */
	int vda_mouse;		/* qemu-vdagent: <mouse mode=> client|server */
};

#include "domain_devmisc.h"	/* other devices */

/* character devices, smartcards, leases */
enum vk_smartcard_mode { VK_SC_HOST, VK_SC_HOST_CERTS, VK_SC_PASSTHROUGH };
extern const char *const vk_smartcard_mode_names[];
#define VK_SC_NCERTS 3

struct vk_smartcard {
	int mode;		/* enum vk_smartcard_mode */
	char *certs[VK_SC_NCERTS];	/* host-certificates */
	char *database;		/* host-certificates; NULL: the default */
	struct vk_chr chr;	/* passthrough: the host side */
	struct vk_dev_addr addr;	/* ccid */
};

struct vk_lease {
	char *lockspace;	/* NULL: not given */
	char *key;
	char *path;		/* <target path=> */
	unsigned long long offset;	/* <target offset=>, 0 when absent */
};

enum vk_balloon_model { VK_BALLOON_VIRTIO, VK_BALLOON_XEN, VK_BALLOON_NONE,
			VK_BALLOON_VIRTIO_TRANS, VK_BALLOON_VIRTIO_NONTRANS };
extern const char *const vk_balloon_model_names[];

/* display and sound devices (video, sound, audio, input, graphics,
 * redirdev, redirfilter, hub) */
#include "domain_display.h"

/* network, display and other devices: watchdog, seclabel */
enum vk_wd_model { VK_WD_I6300ESB, VK_WD_IB700 };
extern const char *const vk_wd_model_names[];
enum vk_wd_action { VK_WD_RESET, VK_WD_SHUTDOWN, VK_WD_POWEROFF,
		    VK_WD_PAUSE, VK_WD_DUMP, VK_WD_NONE };
extern const char *const vk_wd_action_names[];

struct vk_watchdog {
	int model;		/* enum vk_wd_model, -1: no watchdog */
	int action;		/* enum vk_wd_action */
	struct vk_dev_addr addr;	/* pci */
};

enum vk_seclabel_type { VK_SECLABEL_DYNAMIC, VK_SECLABEL_STATIC,
			VK_SECLABEL_NONE };
extern const char *const vk_seclabel_type_names[];

struct vk_seclabel {
	int type;		/* enum vk_seclabel_type, -1: none given */
	char *model;		/* selinux, apparmor, ... */
	char *label;		/* static; dynamic: live only */
	char *imagelabel;	/* dynamic: live only */
	char *baselabel;	/* dynamic: the label to start from */
	int relabel;		/* -1 unset, 0 no, 1 yes */
};

/* platform: sysinfo, tuning, cpu (domain_tune.c, domain_cpu.c,
 * domain_clock.c) */
enum vk_smbios_mode { VK_SMBIOS_EMULATE, VK_SMBIOS_HOST,
		      VK_SMBIOS_SYSINFO };
extern const char *const vk_smbios_mode_names[];
enum vk_bios_entry { VK_BIOS_VENDOR, VK_BIOS_VERSION, VK_BIOS_DATE,
		     VK_BIOS_RELEASE, VK_BIOS_LAST };
extern const char *const vk_bios_entry_names[];
enum vk_system_entry { VK_SYSTEM_MANUFACTURER, VK_SYSTEM_PRODUCT,
		       VK_SYSTEM_VERSION, VK_SYSTEM_SERIAL, VK_SYSTEM_UUID,
		       VK_SYSTEM_SKU, VK_SYSTEM_FAMILY, VK_SYSTEM_LAST };
extern const char *const vk_system_entry_names[];

enum vk_board_entry { VK_BOARD_MANUFACTURER, VK_BOARD_PRODUCT,
		      VK_BOARD_VERSION, VK_BOARD_SERIAL, VK_BOARD_ASSET,
		      VK_BOARD_LOCATION, VK_BOARD_LAST };
extern const char *const vk_board_entry_names[];
enum vk_chassis_entry { VK_CHASSIS_MANUFACTURER, VK_CHASSIS_VERSION,
			VK_CHASSIS_SERIAL, VK_CHASSIS_ASSET, VK_CHASSIS_SKU,
			VK_CHASSIS_LAST };
extern const char *const vk_chassis_entry_names[];

struct vk_smbios_board {	/* <baseBoard> */
	char *v[VK_BOARD_LAST];	/* NULL: entry absent */
};

struct vk_sysinfo {
	bool present;		/* <sysinfo type='smbios'> was given */
	char *bios[VK_BIOS_LAST];	/* NULL: entry absent */
	char *system[VK_SYSTEM_LAST];	/* uuid in the dashed form */
	int nboards;
	struct vk_smbios_board *boards;	/* input order */
	bool has_chassis;	/* <chassis> given */
	char *chassis[VK_CHASSIS_LAST];
	int noem;		/* <oemStrings> entries, input order */
	char **oem;
};

struct vk_memtune {		/* KiB; 0 unset */
	unsigned long long hard_limit;
	unsigned long long soft_limit;
	unsigned long long swap_hard_limit;
	unsigned long long min_guarantee;
};

struct vk_vcpupin {
	unsigned vcpu;
	char *cpuset;		/* canonical (vk_cpuset_format) */
};

struct vk_cputune {
	unsigned long long shares;	/* 0 unset */
	int npins;
	struct vk_vcpupin *pins;	/* ascending vcpu */
};

enum vk_cpu_match { VK_CPU_MATCH_MINIMUM, VK_CPU_MATCH_EXACT,
		    VK_CPU_MATCH_STRICT };
extern const char *const vk_cpu_match_names[];
enum vk_cpu_policy { VK_CPU_FORCE, VK_CPU_REQUIRE, VK_CPU_OPTIONAL,
		     VK_CPU_DISABLE, VK_CPU_FORBID };
extern const char *const vk_cpu_policy_names[];

struct vk_cpu_feature {
	char *name;
	int policy;		/* enum vk_cpu_policy */
};

struct vk_cpu {
	bool present;		/* a <cpu> element was given */
	int match;		/* enum vk_cpu_match; -1: topology only */
	int mode;		/* enum vk_cpu_mode, -1 not given */
	int check;		/* enum vk_cpu_check, -1 not given */
	int migratable;		/* -1 not given, 0, 1 */
	char *model;
	int fallback;		/* enum vk_cpu_fallback, -1 not given */
	char *vendor_id;	/* <model vendor_id=> */
	char *vendor;
	unsigned sockets, cores, threads;	/* 0: no <topology> */
	unsigned dies, clusters;	/* 0: not given (1) */
	int cache_level;	/* <cache level>: -1 not given */
	int cache_mode;		/* enum vk_cache_mode, -1 no <cache> */
	int nfeatures;
	struct vk_cpu_feature *features;
	int ncells;		/* <numa><cell>, by id */
	struct vk_numa_cell *cells;
};

enum vk_timer_name { VK_TIMER_PLATFORM, VK_TIMER_PIT, VK_TIMER_RTC,
		     VK_TIMER_HPET, VK_TIMER_TSC, VK_TIMER_KVMCLOCK,
		     VK_TIMER_HYPERVCLOCK, VK_TIMER_ARMVTIMER, VK_TIMER_LAST };
extern const char *const vk_timer_name_names[];
enum vk_timer_track { VK_TRACK_BOOT, VK_TRACK_GUEST, VK_TRACK_WALL };
extern const char *const vk_timer_track_names[];
enum vk_tickpolicy { VK_TICK_DELAY, VK_TICK_CATCHUP, VK_TICK_MERGE,
		     VK_TICK_DISCARD };
extern const char *const vk_tickpolicy_names[];
enum vk_timer_mode { VK_TSC_AUTO, VK_TSC_NATIVE, VK_TSC_EMULATE,
		     VK_TSC_PARAVIRT, VK_TSC_SMPSAFE };
extern const char *const vk_timer_mode_names[];

struct vk_timer {
	int name;		/* enum vk_timer_name */
	int track;		/* enum vk_timer_track, -1 unset */
	int tickpolicy;		/* enum vk_tickpolicy, -1 unset */
	bool catchup;		/* a <catchup> child was given */
	unsigned long long threshold, slew, limit;	/* 0 unset */
	unsigned long long frequency;	/* tsc, Hz; 0 unset */
	int mode;		/* tsc: enum vk_timer_mode, -1 unset */
	int present;		/* -1 unset, 0 no, 1 yes */
};

struct vk_domain_def {
	int virt_type;		/* enum vk_virt_type */
	int id;			/* -1 when not running */
	char *name;
	unsigned char uuid[VK_UUID_LEN];
	bool uuid_generated;	/* the input had no <uuid>: set by the parser */
	char *description;
	unsigned long long memory;	/* KiB */
	unsigned long long current_memory;	/* KiB */
	unsigned vcpus;
	unsigned vcpus_current;	/* 0: same as vcpus */
	char *cpuset;
	char *bootloader;
	char *bootloader_args;
	struct vk_os os;
	int features[VK_FEAT_LAST];	/* enum vk_tristate (YES: given) */
	struct vk_features_ext fx;	/* their attributes and children */
	bool has_features;	/* a <features> element was given */
	struct vk_clock clock;
	int on_poweroff, on_reboot, on_crash;	/* enum vk_lifecycle */
	char *emulator;
	int ndisks;
	struct vk_disk *disks;
	/* storage devices */
	int nfss;
	struct vk_fs *fss;
	int ncontrollers;
	struct vk_controller *controllers;
	int nhostdevs;
	struct vk_hostdev *hostdevs;
	int nnets;
	struct vk_net *nets;
	int ninputs;
	struct vk_input *inputs;
	int ngraphics;
	struct vk_graphics *graphics;
	int nchrs;
	struct vk_chr *chrs;	/* serial, parallel, console, channel in
				 * input order */
	/* character devices, smartcards, leases */
	int nsmartcards;
	struct vk_smartcard *smartcards;
	int nleases;
	struct vk_lease *leases;
	int balloon;		/* enum vk_balloon_model, -1 none given */
	/* network, display and other devices */
	struct vk_dev_addr balloon_addr;	/* pci; virtio only */
	int nvideos;
	struct vk_video *videos;
	int nsounds;
	struct vk_sound *sounds;
	int naudios;		/* display and sound devices */
	struct vk_audio *audios;
	int nredirdevs;
	struct vk_redirdev *redirdevs;
	bool has_redirfilter;	/* a <redirfilter> was given */
	int nusbdevs;		/* its rules, in order */
	struct vk_usbdev_rule *usbdevs;
	int nhubs;
	struct vk_hub *hubs;
	struct vk_watchdog watchdog;
	struct vk_seclabel seclabel;
	/* platform: sysinfo, tuning, cpu */
	bool hugepages;		/* <memoryBacking><hugepages/> */
	unsigned blkio_weight;	/* <blkiotune><weight>; 0 unset */
	struct vk_memtune memtune;
	struct vk_cputune cputune;
	struct vk_sysinfo sysinfo;
	struct vk_cpu cpu;
	struct vk_mem_backing mb;	/* <memoryBacking> but hugepages */
	struct vk_resources res;	/* root resources (domain_res.c) */
	long long cpu_bw[VK_BW_LAST];	/* <cputune> bandwidth; 0 unset */
	char *emulatorpin;	/* <cputune><emulatorpin cpuset> */
	int ncputune_kept;	/* scheduling and cache elements of
				 * <cputune>, as given */
	char **cputune_kept;
	struct vk_qemu_ns qemu;	/* <qemu:commandline> */
	/* other devices (domain_devmisc.h) */
	int nrngs;
	struct vk_rng *rngs;
	int ntpms;
	struct vk_tpm *tpms;
	struct vk_balloon_opts balloon_opts;	/* <memballoon> */
	/* kept as given (domain_kept.c) */
	char *metadata;		/* <metadata> (vk_xml_node_text), or NULL */
	int nkept;		/* children of <domain> */
	struct vk_kept *kept;
	int nkept_devs;		/* children of <devices> */
	struct vk_kept *kept_devs;
};

/* Parse flags. */
#define VK_PARSE_INACTIVE 0x1	/* ignore id= (a config, not a live guest) */
#define VK_PARSE_NO_SCHEMA 0x2	/* skip RelaxNG (trusted stored copies) */

/* Format flags. */
#define VK_FMT_INACTIVE 0x1	/* no id=, no runtime-only values */
#define VK_FMT_SECURE 0x2	/* include passwords */

/* Parse a <domain> document.  Checks every element and attribute, then
 * the schema; fills defaults (uuid, MACs, currentMemory).  Returns a new
 * definition (free with vk_domain_free) or NULL with an error recorded. */
struct vk_domain_def *vk_domain_parse(xmlDocPtr doc, unsigned flags);
/* Parse text (NAME is for messages). */
struct vk_domain_def *vk_domain_parse_string(const char *xml, size_t len,
					     const char *name, unsigned flags);
/* Parse the file at PATH ("-" for stdin). */
struct vk_domain_def *vk_domain_parse_file(const char *path, unsigned flags);

/* The canonical XML (caller frees). */
char *vk_domain_format(const struct vk_domain_def *def, unsigned flags);

void vk_domain_free(struct vk_domain_def *def);

/* A deep copy. */
struct vk_domain_def *vk_domain_copy(const struct vk_domain_def *def);

/* Internal to common/conf/domain*.c: one parse and format pair per group. */
int vk_dom_parse_os(struct vk_domain_def *def, xmlNodePtr node);
int vk_dom_parse_features(struct vk_domain_def *def, xmlNodePtr node);
int vk_dom_parse_clock(struct vk_domain_def *def, xmlNodePtr node);
void vk_dom_format_os(struct vk_xw *w, const struct vk_domain_def *def);
void vk_dom_format_features(struct vk_xw *w, const struct vk_domain_def *d);
void vk_dom_format_clock(struct vk_xw *w, const struct vk_domain_def *def);
void vk_os_clear(struct vk_os *os);
void vk_os_copy(struct vk_os *dst, const struct vk_os *src);
/* The firmware part of <os> (domain_firmware.c): CHILD taken when it is
 * <loader>, <nvram> or <firmware> (1), else 0, or -1 on error. */
int vk_dom_parse_os_firmware(struct vk_os *os, xmlNodePtr child);
/* The checks between them once <os> is read (NODE). */
int vk_dom_os_fw_check(const struct vk_os *os, xmlNodePtr node);
/* Attribute ATTR as one of NAMES, which has "" at 0: its index into
 * *OUT, 0 when absent. */
int vk_dom_fw_enum(xmlNodePtr node, const char *attr,
		   const char *const *names, int *out);
void vk_dom_format_fw_features(struct vk_xw *w, const struct vk_os *os);
void vk_dom_format_loader_nvram(struct vk_xw *w, const struct vk_os *os);
/* <bootloader> and <bootloader_args>. */
int vk_dom_parse_bootloader(struct vk_domain_def *def, xmlNodePtr node);
void vk_dom_format_bootloader(struct vk_xw *w,
			      const struct vk_domain_def *def);

int vk_dom_parse_disk(struct vk_domain_def *def, xmlNodePtr node);
void vk_dom_format_disk(struct vk_xw *w, const struct vk_disk *disk,
			unsigned flags);
void vk_disk_clear(struct vk_disk *disk);
void vk_disk_copy(struct vk_disk *dst, const struct vk_disk *src);
/* Internal to domain_disk*.c.  The <source> of D's type (0 or -1) and
 * its writer; <encryption> in <disk> or (IN_SOURCE) in <source>. */
int vk_disk_parse_source(struct vk_disk *d, xmlNodePtr node);
void vk_disk_format_source(struct vk_xw *w, const struct vk_disk *d);
const char *vk_disk_source_attr(int type);
int vk_disk_parse_encryption(struct vk_disk *d, xmlNodePtr node,
			     bool in_source);
/* Children kept as given: keep NODE in *A; write those named NAME (NULL:
 * all); whether one is named NAME; free; deep copy. */
int vk_disk_keep(struct vk_kept **a, int *n, xmlNodePtr node);
void vk_disk_format_kept(struct vk_xw *w, const struct vk_kept *a,
			 int n, const char *name);
bool vk_disk_kept_has(const struct vk_kept *a, int n,
		      const char *name);
/* <driver> (domain_disk_tune.c) and the tuning children: <iotune>,
 * <blockio>, <geometry>; each parses NODE into D, 0 or -1. */
int vk_disk_parse_driver(struct vk_disk *d, xmlNodePtr node);
void vk_disk_format_driver(struct vk_xw *w, const struct vk_disk *d);
int vk_disk_parse_iotune(struct vk_disk *d, xmlNodePtr node);
void vk_disk_format_iotune(struct vk_xw *w, const struct vk_disk *d);
int vk_disk_parse_blockio(struct vk_disk *d, xmlNodePtr node);
int vk_disk_parse_geometry(struct vk_disk *d, xmlNodePtr node);
void vk_disk_format_geometry(struct vk_xw *w, const struct vk_disk *d);
void vk_disk_format_blockio(struct vk_xw *w, const struct vk_disk *d);
/* Free or deep-copy D's libvirt 9.x members (d->x and encryption). */
void vk_disk_ext_clear(struct vk_disk *d);
void vk_disk_ext_copy(struct vk_disk *dst, const struct vk_disk *src);
/* <boot order= [loadparm=]>: LOADPARM NULL refuses loadparm=. */
int vk_dom_parse_boot(xmlNodePtr node, unsigned *order, char **loadparm);
/* The bus a target name implies (hdX ide, sdX scsi, vdX virtio, xvdX
 * xen, fdX fdc, ubdX ide), or -1. */
int vk_disk_bus_from_target(const char *target);
/* Whether NAME is a device name: letters, digits, '_', '.', '-', ':'. */
bool vk_dom_device_name_ok(const char *name);

/* storage devices: <filesystem>, <controller>, <hostdev>, <address> */
int vk_dom_parse_fs(struct vk_domain_def *def, xmlNodePtr node);
void vk_dom_format_fs(struct vk_xw *w, const struct vk_fs *fs);
void vk_fs_clear(struct vk_fs *fs);
void vk_fs_copy(struct vk_fs *dst, const struct vk_fs *src);
int vk_dom_parse_controller(struct vk_domain_def *def, xmlNodePtr node);
void vk_dom_format_controller(struct vk_xw *w,
			      const struct vk_controller *ctrl);
/* *C as a controller of TYPE and MODEL (-1: none) with nothing else
 * set; give it index UINT_MAX for the lowest free one. */
void vk_controller_init(struct vk_controller *c, int type, int model);
/* Add a copy of *C after the last controller of its type (at the end
 * when there is none), as libvirt adds implicit ones; returns it. */
struct vk_controller *vk_dom_add_controller(struct vk_domain_def *def,
					    const struct vk_controller *c);
int vk_dom_parse_hostdev(struct vk_domain_def *def, xmlNodePtr node);
void vk_dom_format_hostdev(struct vk_xw *w, const struct vk_hostdev *h);
/* Set *H to an empty host device, every optional setting unset. */
void vk_hostdev_init(struct vk_hostdev *h);
/* Whether NODE is a <hostdev> of type scsi or mdev, which the
 * domain keeps as given (the usb and pci ones are modelled). */
bool vk_dom_kept_hostdev(xmlNodePtr node);
/* Parse <address> NODE into *A; its type must be in the mask TYPES
 * (VK_ADDR_MASK bits).  Returns 0 or -1. */
int vk_dom_parse_address(xmlNodePtr node, unsigned types,
			 struct vk_dev_addr *a);
/* A host's PCI address: <address domain bus slot function> with no
 * type attribute. */
int vk_dom_parse_host_pci(xmlNodePtr node, struct vk_dev_addr *a);
/* Write *A as <address>; nothing when its type is NONE. */
void vk_dom_format_address(struct vk_xw *w, const struct vk_dev_addr *a);
/* The index of CHILD's name in NAMES (NULL-ended, at most 32), each
 * allowed once (bit I of *SEEN records it); -1 with "unknown element"
 * or "more than one" recorded. */
int vk_dom_child_index(xmlNodePtr child, const char *const *names,
		       unsigned *seen);
/* <boot order='N'> of a device (N from 1 to 65535) into *ORDER. */
int vk_dom_parse_boot_order(xmlNodePtr node, unsigned *order);
/* Whether a disk, hostdev or interface has <boot order='ORDER'> (0: no). */
bool vk_dom_boot_order_used(const struct vk_domain_def *def,
			    unsigned order);

int vk_dom_parse_net(struct vk_domain_def *def, xmlNodePtr node);
void vk_dom_format_net(struct vk_xw *w, const struct vk_net *net,
		       unsigned flags);
void vk_net_clear(struct vk_net *net);
void vk_net_copy(struct vk_net *dst, const struct vk_net *src);

int vk_dom_parse_chr(struct vk_domain_def *def, xmlNodePtr node, int kind);
void vk_dom_format_chr(struct vk_xw *w, const struct vk_chr *chr,
		       unsigned flags);
void vk_chr_clear(struct vk_chr *chr);
void vk_chr_copy(struct vk_chr *dst, const struct vk_chr *src);
/* character devices, smartcards, leases.  The host side of a chr
 * (type=, <source>, <protocol>) for <smartcard mode='passthrough'>:
 * vk_chr_parse_type reads type= (REQUIRED or pty); vk_chr_parse_host
 * takes CHILD when it is a <source> or <protocol> (1), else returns 0;
 * vk_chr_check_host checks what the type needs once all are read. */
int vk_chr_parse_type(struct vk_chr *c, xmlNodePtr node, bool required);
int vk_chr_parse_host(struct vk_chr *c, xmlNodePtr child, unsigned *seen);
int vk_chr_check_host(const struct vk_chr *c, xmlNodePtr node);
void vk_chr_format_host(struct vk_xw *w, const struct vk_chr *c,
			unsigned flags);
int vk_dom_parse_smartcard(struct vk_domain_def *def, xmlNodePtr node);
void vk_dom_format_smartcard(struct vk_xw *w, const struct vk_smartcard *sc,
			     unsigned flags);
void vk_smartcard_clear(struct vk_smartcard *sc);
void vk_smartcard_copy(struct vk_smartcard *dst,
		       const struct vk_smartcard *src);
int vk_dom_parse_lease(struct vk_domain_def *def, xmlNodePtr node);
void vk_dom_format_lease(struct vk_xw *w, const struct vk_lease *l);
void vk_lease_clear(struct vk_lease *l);
void vk_lease_copy(struct vk_lease *dst, const struct vk_lease *src);

int vk_dom_parse_input(struct vk_domain_def *def, xmlNodePtr node);
int vk_dom_parse_graphics(struct vk_domain_def *def, xmlNodePtr node);
int vk_dom_parse_memballoon(struct vk_domain_def *def, xmlNodePtr node);
void vk_dom_format_input(struct vk_xw *w, const struct vk_input *in);
void vk_dom_format_graphics(struct vk_xw *w, const struct vk_graphics *g,
			    unsigned flags);
void vk_graphics_clear(struct vk_graphics *g);
void vk_graphics_copy(struct vk_graphics *dst, const struct vk_graphics *src);
int vk_dom_parse_emulator(struct vk_domain_def *def, xmlNodePtr node);
void vk_dom_format_memballoon(struct vk_xw *w,
			      const struct vk_domain_def *def, unsigned flags);
/* Give every input without bus= the default for the guest's os type. */
void vk_dom_default_inputs(struct vk_domain_def *def);
/* network, display and other devices: <video> <sound> <watchdog>
 * (domain_video.c), <seclabel> (domain_misc.c). */
int vk_dom_parse_video(struct vk_domain_def *def, xmlNodePtr node);
void vk_dom_format_video(struct vk_xw *w, const struct vk_video *v);
int vk_dom_parse_sound(struct vk_domain_def *def, xmlNodePtr node);
void vk_dom_format_sound(struct vk_xw *w, const struct vk_sound *snd);
int vk_dom_parse_watchdog(struct vk_domain_def *def, xmlNodePtr node);
void vk_dom_format_watchdog(struct vk_xw *w, const struct vk_watchdog *wd);
/* The optional <address type='pci'> child of NODE, a device with no
 * other child (input, sound, watchdog, memballoon), into *A. */
int vk_dom_parse_pci_child(xmlNodePtr node, struct vk_dev_addr *a);
int vk_dom_parse_seclabel(struct vk_domain_def *def, xmlNodePtr node,
			  unsigned flags);
void vk_dom_format_seclabel(struct vk_xw *w, const struct vk_seclabel *sl,
			    unsigned flags);
void vk_seclabel_clear(struct vk_seclabel *sl);
void vk_seclabel_copy(struct vk_seclabel *dst, const struct vk_seclabel *src);
/* Interface checks that need every device (a <boot order> shared with
 * a disk or hostdev, located at the interface's element under ROOT);
 * with VK_PARSE_INACTIVE, drops target names in the reserved vnet and
 * vif prefixes (a runtime value). */
int vk_dom_net_finish(struct vk_domain_def *def, xmlNodePtr root,
		      unsigned flags);

/* platform: sysinfo, tuning, cpu.  <memoryBacking> <blkiotune>
 * <memtune> <sysinfo> <cputune> <cpu>, by the element's name. */
int vk_dom_parse_platform(struct vk_domain_def *def, xmlNodePtr node);
int vk_dom_parse_cpu(struct vk_domain_def *def, xmlNodePtr node);
int vk_dom_parse_cputune(struct vk_domain_def *def, xmlNodePtr node);
/* <vcpu cpuset>: the canonical set into *OUT (caller frees). */
int vk_dom_parse_cpuset(xmlNodePtr node, const char *attr, char **out);
/* The checks that need the whole document (sysinfo uuid against <uuid>,
 * vcpupin and topology against <vcpu>); a <sysinfo> system uuid gives
 * the domain its uuid when <uuid> is absent (*HAS_UUID is then set). */
int vk_dom_platform_finish(struct vk_domain_def *def, xmlNodePtr root,
			   bool *has_uuid);
/* memoryBacking, blkiotune, memtune (before <vcpu>). */
void vk_dom_format_tune(struct vk_xw *w, const struct vk_domain_def *def);
/* cputune, sysinfo (after <vcpu>). */
void vk_dom_format_cputune(struct vk_xw *w, const struct vk_domain_def *d);
void vk_dom_format_sysinfo(struct vk_xw *w, const struct vk_domain_def *d);
void vk_dom_format_cpu(struct vk_xw *w, const struct vk_domain_def *def);
/* Free or deep-copy the platform members (and the clock's timers). */
void vk_dom_platform_clear(struct vk_domain_def *def);
void vk_dom_platform_copy(struct vk_domain_def *dst,
			  const struct vk_domain_def *src);

/* Other devices (domain_rng.c, domain_tpm.c): <rng>, <tpm>, and the
 * virtio <driver> options.  vk_dom_parse_virtio_driver reads NODE into
 * *D (a second <driver> is an error); vk_dom_format_virtio_driver
 * writes it when one was given.  vk_dom_format_devmisc writes every
 * rng and tpm in libvirt's order (after <memballoon>). */
int vk_dom_parse_rng(struct vk_domain_def *def, xmlNodePtr node);
int vk_dom_parse_tpm(struct vk_domain_def *def, xmlNodePtr node);
/* DEF's TPM T's model and version, libvirt's defaults for absent ones
 * (model: tpm-spapr on ppc64, else tpm-tis; version: 2.0 for tpm-crb
 * and tpm-spapr, else 1.2). */
int vk_tpm_model(const struct vk_domain_def *def, const struct vk_tpm *t);
int vk_tpm_version(const struct vk_domain_def *def, const struct vk_tpm *t);
/* domain_tpm.c's side of vk_dom_format_devmisc, _clear and _copy. */
void vk_dom_format_tpms(struct vk_xw *w, const struct vk_domain_def *d,
			unsigned flags);
void vk_dom_tpms_clear(struct vk_domain_def *def);
void vk_dom_tpms_copy(struct vk_domain_def *dst,
		      const struct vk_domain_def *src);
int vk_dom_parse_virtio_driver(xmlNodePtr node, struct vk_virtio_opts *d);
void vk_dom_format_virtio_driver(struct vk_xw *w,
				 const struct vk_virtio_opts *d);
void vk_dom_format_devmisc(struct vk_xw *w, const struct vk_domain_def *d,
			   unsigned flags);
void vk_dom_devmisc_init(struct vk_domain_def *def);
void vk_dom_devmisc_clear(struct vk_domain_def *def);
void vk_dom_devmisc_copy(struct vk_domain_def *dst,
			 const struct vk_domain_def *src);

/* Elements kept as they were given (domain_kept.c).  The names that
 * may be kept are listed there, each with its place in the canonical
 * output; the schema still checks their content, and the drivers
 * refuse them at start (qemu_kept.c).  <metadata> is kept in any
 * namespace and never refused. */
enum vk_kept_slot {
	VK_KEPT_HEAD,		/* after <description> and <metadata> */
	VK_KEPT_RESOURCES,	/* after <vcpu>, <cputune> */
	VK_KEPT_OS,		/* after <os> */
	VK_KEPT_LIFECYCLE,	/* after <on_crash> */
	VK_KEPT_TAIL,		/* after <devices> and <seclabel> */
	VK_KEPT_DEVICES		/* at the end of <devices> */
};
/* Whether a child of <domain> (or of <devices>) named NAME is kept. */
bool vk_dom_kept_root(const char *name);
bool vk_dom_kept_dev(const char *name);
/* Whether NODE is a <filesystem> of <driver type='virtiofs'>, which the
 * domain keeps as given (the 9p ones are modelled). */
bool vk_dom_kept_fs(xmlNodePtr node);
/* Whether NODE is a <blkiotune> with a <device>, or a <cputune> with more
 * than vcpupin and shares: the cgroup tuning virtkit does not model is
 * kept as given, the whole element (the others are modelled). */
bool vk_dom_kept_tune(xmlNodePtr node);
/* Keep NODE in *ARRAY (a second one of a root element that may appear
 * once is an error).  Returns 0 or -1. */
int vk_dom_keep(struct vk_kept **array, int *n, xmlNodePtr node);
int vk_dom_parse_metadata(struct vk_domain_def *def, xmlNodePtr node);
/* Write the kept elements of SLOT, in the order they were given. */
void vk_dom_format_kept(struct vk_xw *w, const struct vk_domain_def *def,
			enum vk_kept_slot slot);
void vk_dom_kept_clear(struct vk_domain_def *def);
/* Free, or deep-copy, an array of N kept elements. */
void vk_kept_array_free(struct vk_kept *a, int n);
struct vk_kept *vk_kept_array_dup(const struct vk_kept *a, int n);
void vk_dom_kept_copy(struct vk_domain_def *dst,
		      const struct vk_domain_def *src);

/* A copy of the N elements of SIZE at SRC (NULL when N is 0). */
void *vk_array_dup(const void *src, int n, size_t size);
/* Grow an array of N elements of SIZE by one zeroed slot; returns it. */
void *vk_array_add(void *arrayp, int *n, size_t size);

#endif
