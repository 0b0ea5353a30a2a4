/* Domain XML, the other devices of libvirt 9.x (included by domain.h):
 * <rng> (domain_rng.c), <tpm> (domain_tpm.c), and the virtio options
 * several devices share.  <panic> <vsock> <iommu> <shmem> <memory>
 * <crypto> are kept as given (domain_kept.c). */
#ifndef VK_DOMAIN_DEVMISC_H
#define VK_DOMAIN_DEVMISC_H

/* <driver iommu ats packed page_per_vq> of a virtio device: each -1
 * unset, 0 off, 1 on. */
enum vk_virtio_opt { VK_VIRTIO_IOMMU, VK_VIRTIO_ATS, VK_VIRTIO_PACKED,
		     VK_VIRTIO_PAGE_PER_VQ, VK_VIRTIO_OPT_LAST };
extern const char *const vk_virtio_opt_names[];
struct vk_virtio_opts {
	bool present;		/* a <driver> was given */
	int opt[VK_VIRTIO_OPT_LAST];
};

/* virtio, virtio-transitional, virtio-non-transitional (rng, balloon). */
enum vk_virtio_model { VK_VIRTIO_MODEL, VK_VIRTIO_TRANSITIONAL,
		       VK_VIRTIO_NON_TRANSITIONAL };
extern const char *const vk_virtio_model_names[];

enum vk_rng_backend { VK_RNG_RANDOM, VK_RNG_EGD, VK_RNG_BUILTIN };
extern const char *const vk_rng_backend_names[];

struct vk_rng {
	int model;		/* enum vk_virtio_model */
	int backend;		/* enum vk_rng_backend */
	char *device;		/* random: the host file; NULL: QEMU's */
	struct vk_chr chr;	/* egd: the host side (kind VK_CHR_RNG) */
	unsigned long long rate_bytes;	/* <rate bytes>; 0: no <rate> */
	unsigned long long rate_period;	/* <rate period> ms; 0 unset */
	struct vk_virtio_opts drv;
	char *alias;		/* <alias name> (domain_alias.h) */
	struct vk_dev_addr addr;	/* pci */
};

/* <tpm> (domain_tpm.c). */
enum vk_tpm_model_type { VK_TPM_TIS, VK_TPM_CRB, VK_TPM_SPAPR,
			 VK_TPM_SPAPR_PROXY };
extern const char *const vk_tpm_model_names[];
enum vk_tpm_backend { VK_TPM_PASSTHROUGH, VK_TPM_EMULATOR,
		      VK_TPM_EXTERNAL };
extern const char *const vk_tpm_type_names[];
enum vk_tpm_ver { VK_TPM_V12, VK_TPM_V2 };
extern const char *const vk_tpm_version_names[];
/* <active_pcr_banks> children: bit I is vk_tpm_pcr_bank_names[I]. */
extern const char *const vk_tpm_pcr_bank_names[];

struct vk_tpm {
	int model;		/* enum vk_tpm_model_type; -1 not given */
	int type;		/* enum vk_tpm_backend */
	int version;		/* enum vk_tpm_ver; -1 not given */
	char *path;		/* passthrough <device path>; external
				 * <source path> (a unix socket) */
	/* emulator */
	int persistent_state;	/* -1 not given, 0 no, 1 yes */
	bool has_debug;
	unsigned debug;
	char *secret;		/* <encryption secret> (a uuid) */
	bool has_pcr_banks;
	unsigned pcr_banks;
	int source_type;	/* <source type>: 0 file, 1 dir, -1 none */
	char *source_path;
	bool has_profile;	/* <profile source name removeDisabled> */
	char *profile_source, *profile_name;
	int profile_remove;	/* 0 check, 1 fips-host, -1 not given */
	char *alias;		/* <alias name> (domain_alias.h) */
	struct vk_dev_addr addr;
};

/* <memballoon>'s attributes and children beside model and address. */
struct vk_balloon_opts {
	int autodeflate;	/* -1 unset, 0 off, 1 on */
	int free_page_reporting;	/* the same */
	bool has_stats;		/* <stats period> was given */
	unsigned long long stats_period;	/* seconds; 0: off */
	struct vk_virtio_opts drv;
	char *alias;		/* <alias name> (domain_alias.h) */
};

#endif
