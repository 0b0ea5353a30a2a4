/* The domain's <features> (domain_features.c), included by domain.h.
 * def->features[F] is the element's switch (enum vk_tristate: YES when
 * given without state= or with state='on'/enabled='yes', NO when off);
 * def->fx holds the attribute values and the children. */
#ifndef VK_DOMAIN_FEATURES_H
#define VK_DOMAIN_FEATURES_H

enum vk_feature {
	VK_FEAT_PAE, VK_FEAT_ACPI, VK_FEAT_APIC, VK_FEAT_HAP,
	VK_FEAT_VIRIDIAN, VK_FEAT_PRIVNET, VK_FEAT_HYPERV, VK_FEAT_KVM,
	VK_FEAT_XEN, VK_FEAT_PVSPINLOCK, VK_FEAT_PMU, VK_FEAT_VMPORT,
	VK_FEAT_GIC, VK_FEAT_SMM, VK_FEAT_IOAPIC, VK_FEAT_HPT,
	VK_FEAT_VMCOREINFO, VK_FEAT_HTM, VK_FEAT_NESTED_HV, VK_FEAT_MSRS,
	VK_FEAT_CCF_ASSIST, VK_FEAT_CFPC, VK_FEAT_SBBC, VK_FEAT_IBS,
	VK_FEAT_TCG, VK_FEAT_ASYNC_TEARDOWN, VK_FEAT_PS2, VK_FEAT_LAST
};
extern const char *const vk_feature_names[];	/* NULL-ended */
/* The values of a feature's one value attribute (apic eoi, gic version,
 * ioapic driver, hpt resizing, msrs unknown, cfpc, sbbc, ibs value, hyperv
 * mode): "" at 0 (not given), then the values; NULL for the others. */
extern const char *const *const vk_feature_values[];
/* The attribute those values are for. */
extern const char *const vk_feature_value_attr[];

/* <hyperv> children, QEMU's hv-NAME each but vendor_id. */
enum vk_hyperv { VK_HV_RELAXED, VK_HV_VAPIC, VK_HV_SPINLOCKS, VK_HV_VPINDEX,
		 VK_HV_RUNTIME, VK_HV_SYNIC, VK_HV_STIMER, VK_HV_RESET,
		 VK_HV_VENDOR_ID, VK_HV_FREQUENCIES, VK_HV_REENLIGHTENMENT,
		 VK_HV_TLBFLUSH, VK_HV_IPI, VK_HV_EVMCS, VK_HV_AVIC,
		 VK_HV_LAST };
extern const char *const vk_hyperv_names[];	/* NULL-ended */
enum vk_kvm_feature { VK_KVMF_HIDDEN, VK_KVMF_HINT_DEDICATED,
		      VK_KVMF_POLL_CONTROL, VK_KVMF_PV_IPI,
		      VK_KVMF_DIRTY_RING, VK_KVMF_LAST };
extern const char *const vk_kvm_feature_names[];	/* NULL-ended */
enum vk_xen_feature { VK_XENF_E820_HOST, VK_XENF_PASSTHROUGH,
		      VK_XENF_LAST };
extern const char *const vk_xen_feature_names[];	/* NULL-ended */

struct vk_features_ext {
	int value[VK_FEAT_LAST];	/* index in vk_feature_values[F] */
	int hyperv[VK_HV_LAST];		/* tristate */
	unsigned hv_retries;		/* spinlocks retries; 0 unset */
	int hv_stimer_direct;		/* tristate */
	char hv_vendor_id[13];		/* vendor_id value; "" unset */
	int kvm[VK_KVMF_LAST];		/* tristate */
	unsigned kvm_dirty_ring;	/* dirty-ring size; 0 unset */
	int xen[VK_XENF_LAST];		/* tristate */
	int xen_pt_mode;		/* passthrough mode: 0, 1 sync_pt,
					 * 2 share_pt */
	unsigned long long smm_tseg;	/* MiB; 0 with !has_tseg */
	bool has_tseg;
	unsigned long long hpt_maxpagesize;	/* KiB; 0 unset */
	unsigned long long tb_cache;	/* KiB; 0 unset */
};

#endif
