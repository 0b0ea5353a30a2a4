/* The QEMU 7.2 command line of the firmware (<loader>, <nvram>, the
 * <os> extras) and of <features>.  What a feature becomes:
 *   acpi            -machine acpi=off when absent (qemu_command.c)
 *   apic eoi        -cpu kvm-pv-eoi=on|off
 *   pvspinlock      -cpu kvm-pv-unhalt=on|off
 *   pmu             -cpu pmu=on|off
 *   hyperv          -cpu hv-NAME=on|off ..., hv-passthrough=on
 *   kvm hidden      -cpu kvm=off; poll-control, pv-ipi: kvm-NAME=on|off;
 *                   hint-dedicated (KVM only): kvm-hint-dedicated=on|off;
 *                   dirty-ring (KVM only): -accel kvm,dirty-ring-size=N
 *   vmport, smm     -machine vmport=on|off, smm=on|off
 *   smm tseg        -global mch.extended-tseg-mbytes=N (q35)
 *   ioapic          driver='qemu': kernel-irqchip=split under KVM (TCG's
 *                   IOAPIC is QEMU's anyway); 'kvm' needs KVM
 *   ps2             -machine i8042=on|off
 *   vmcoreinfo      -device vmcoreinfo
 *   tcg tb-cache    -accel tcg,tb-size=MiB
 *   async-teardown  -async-teardown
 * and the rest (hap, viridian, privnet, xen, gic, hpt, htm, nested-hv,
 * ccf-assist, cfpc, sbbc, ibs, msrs) are refused with the reason. */
#include <stdlib.h>
#include <string.h>

#include "qemu_command_priv.h"
#include "qemu_firmware.h"
#include "util/error.h"

#define KVM_ONLY "QEMU has it under KVM only, type='kvm'"

static bool is_kvm(const struct vk_qcmd *c)
{
	return c->def->virt_type == VK_VIRT_KVM;
}

/* ---- firmware ---- */

static const char *fmt_name(int f)
{
	return f == VK_FWFMT_QCOW2 ? "qcow2" : "raw";
}

static void add_pflash(struct vk_qcmd *c, const char *path, int format,
		       int unit, bool readonly)
{
	struct vk_buf b = VK_BUF_INIT;

	vk_buf_add(&b, "if=pflash");
	vk_buf_addf(&b, ",format=%s,unit=%d", fmt_name(format), unit);
	if (readonly)
		vk_buf_add(&b, ",readonly=on");
	vk_qcmd_kv(&b, "file", path);
	vk_qcmd_push(c, "-drive", &b);
}

static int check_pflash(struct vk_qcmd *c, const struct vk_os *os)
{
	if (!c->x86)
		return vk_qcmd_refuse_why("virtkit maps pflash for x86 "
					  "machines only", "loader type "
					  "'pflash' on arch '%s'", os->arch);
	if (os->loader_secure == VK_TRI_YES && !vk_qcmd_q35(c))
		return vk_qcmd_refuse_why("secure boot needs SMM, which the "
					  "firmware has on the q35 machine "
					  "only", "loader secure='yes' on "
					  "machine '%s'",
					  os->machine ? os->machine : "pc");
	if (os->loader_secure == VK_TRI_YES &&
	    c->def->features[VK_FEAT_SMM] == VK_TRI_NO)
		return vk_qcmd_refuse_why("a secure loader needs SMM",
					  "loader secure='yes' with smm "
					  "state='off'");
	return 0;
}

static int add_loader(struct vk_qcmd *c, const struct vk_os *os)
{
	if (!os->loader)
		return vk_qcmd_refuse_why("give its path, or firmware='efi'",
					  "<loader> without a path");
	if (os->loader_type != VK_LOADER_PFLASH) {
		if (os->loader_format == VK_FWFMT_QCOW2)
			return vk_qcmd_refuse_why("QEMU loads a ROM image "
						  "as it is", "loader type "
						  "'rom' format 'qcow2'");
		if (os->has_nvram)
			return vk_qcmd_refuse_why("a ROM keeps no variables; "
						  "use type='pflash'",
						  "<nvram> with a ROM loader");
		vk_argv_add2(c->a, "-bios", os->loader);
		return 0;
	}
	if (check_pflash(c, os) < 0)
		return -1;
	add_pflash(c, os->loader, os->loader_format, 0,
		   os->loader_readonly == VK_TRI_YES);
	if (os->loader_stateless == VK_TRI_YES || !os->nvram)
		return 0;
	add_pflash(c, os->nvram, os->nvram_format ? os->nvram_format :
		   os->loader_format, 1, false);
	return 0;
}

int vk_qcmd_firmware(struct vk_qcmd *c)
{
	const struct vk_os *os = &c->def->os;

	if (os->firmware == VK_OS_FW_EFI && !os->loader)
		return vk_qcmd_refuse_why("no firmware chosen",
					  "os firmware 'efi'");
	if (os->has_loader)
		return add_loader(c, os);
	if (os->has_nvram)
		return vk_qcmd_refuse_why("it is the variable store of a pflash "
					  "<loader>", "<nvram> without a loader");
	return 0;
}

bool vk_qcmd_firmware_needs_fill(const struct vk_domain_def *def)
{
	const struct vk_os *os = &def->os;

	if (os->firmware == VK_OS_FW_EFI && !os->loader)
		return true;
	return os->loader_type == VK_LOADER_PFLASH &&
	       os->loader_readonly == VK_TRI_YES &&
	       os->loader_stateless != VK_TRI_YES &&
	       (!os->nvram || !os->nvram_template);
}

int vk_qcmd_os_extras(struct vk_qcmd *c)
{
	const struct vk_os *os = &c->def->os;
	struct vk_buf b = VK_BUF_INIT;

	if (os->dtb)
		return vk_qcmd_refuse_why("the PC machines take no device "
					  "tree", "<dtb>");
	if (os->acpi_slic) {
		if (!c->def->features[VK_FEAT_ACPI])
			return vk_qcmd_refuse_why("ACPI is off: add <acpi/> "
						  "to <features>",
						  "<acpi><table type='slic'>");
		vk_buf_add(&b, "sig=SLIC");
		vk_qcmd_kv(&b, "file", os->acpi_slic);
		vk_qcmd_push(c, "-acpitable", &b);
	}
	if (os->bios_useserial == VK_TRI_YES)
		vk_argv_add2(c->a, "-device", "sga");
	return 0;
}

/* -boot's splash-time and reboot-timeout, after menu= (qemu_command.c
 * writes order= and menu=). */
void vk_qcmd_boot_extras(struct vk_qcmd *c, struct vk_buf *b)
{
	const struct vk_os *os = &c->def->os;

	if (os->has_bootmenu_timeout)
		vk_buf_addf(b, "%ssplash-time=%u", b->len ? "," : "",
			    os->bootmenu_timeout);
	if (os->has_reboot_timeout)
		vk_buf_addf(b, "%sreboot-timeout=%d", b->len ? "," : "",
			    os->reboot_timeout);
}

/* ---- features ---- */

static const char *on(int tri)
{
	return tri == VK_TRI_NO ? "off" : "on";
}

static int refuse_feature(struct vk_qcmd *c, int f)
{
	static const struct {
		int f;
		const char *why;
	} why[] = {
		{VK_FEAT_HAP, "a Xen setting"},
		{VK_FEAT_VIRIDIAN, "a Xen setting; QEMU's is <hyperv>"},
		{VK_FEAT_PRIVNET, "a container setting"},
		{VK_FEAT_XEN, "a Xen setting"},
		{VK_FEAT_GIC, "an ARM machine setting"},
		{VK_FEAT_HPT, "a pSeries (ppc64) machine setting"},
		{VK_FEAT_HTM, "a pSeries (ppc64) machine setting"},
		{VK_FEAT_NESTED_HV, "a pSeries (ppc64) machine setting"},
		{VK_FEAT_CCF_ASSIST, "a pSeries (ppc64) machine setting"},
		{VK_FEAT_CFPC, "a pSeries (ppc64) machine setting"},
		{VK_FEAT_SBBC, "a pSeries (ppc64) machine setting"},
		{VK_FEAT_IBS, "a pSeries (ppc64) machine setting"},
		{VK_FEAT_MSRS, "KVM's handling of unknown MSRs is a setting "
			       "of the host's kvm module"},
	};
	size_t i;

	(void)c;
	for (i = 0; i < sizeof(why) / sizeof(why[0]); i++)
		if (why[i].f == f)
			return vk_qcmd_refuse_why(why[i].why, "feature %s",
						  vk_feature_names[f]);
	return 0;
}

int vk_qcmd_features(struct vk_qcmd *c)
{
	const struct vk_domain_def *def = c->def;
	const struct vk_features_ext *fx = &def->fx;
	int f;

	for (f = 0; f < VK_FEAT_LAST; f++)
		if (def->features[f] && refuse_feature(c, f) < 0)
			return -1;
	/* PAE and the APIC are part of every PC CPU QEMU emulates. */
	if (!c->x86 && (def->features[VK_FEAT_PAE] ||
			def->features[VK_FEAT_APIC]))
		return vk_qcmd_refuse_why("an x86 setting", "feature %s on "
					  "arch '%s'",
					  def->features[VK_FEAT_PAE] ? "pae" :
					  "apic", def->os.arch);
	if (fx->kvm[VK_KVMF_HINT_DEDICATED] == VK_TRI_YES && !is_kvm(c))
		return vk_qcmd_refuse_why(KVM_ONLY, "feature kvm "
					  "hint-dedicated");
	if (fx->kvm[VK_KVMF_DIRTY_RING] == VK_TRI_YES && !is_kvm(c))
		return vk_qcmd_refuse_why(KVM_ONLY, "feature kvm dirty-ring");
	for (f = 0; f < VK_HV_LAST && !is_kvm(c); f++)
		if ((f == VK_HV_VPINDEX || f == VK_HV_SYNIC ||
		     f == VK_HV_STIMER || f == VK_HV_IPI) &&
		    fx->hyperv[f] == VK_TRI_YES)
			return vk_qcmd_refuse_why("it needs the Hyper-V VP "
						  "index, which QEMU sets "
						  "through KVM only",
						  "feature hyperv %s",
						  vk_hyperv_names[f]);
	if (fx->value[VK_FEAT_IOAPIC] == 1 && !is_kvm(c))
		return vk_qcmd_refuse_why("the in-kernel IOAPIC is KVM's; "
					  "TCG has QEMU's, driver='qemu'",
					  "feature ioapic driver='kvm'");
	if (def->features[VK_FEAT_TCG] && is_kvm(c))
		return vk_qcmd_refuse_why("it sets TCG's translation cache",
					  "feature tcg with type='kvm'");
	if (fx->has_tseg && !vk_qcmd_q35(c))
		return vk_qcmd_refuse_why("the extended TSEG is the q35 "
					  "machine's", "feature smm tseg");
	if (def->features[VK_FEAT_VMCOREINFO] == VK_TRI_YES)
		vk_argv_add2(c->a, "-device", "vmcoreinfo");
	if (fx->has_tseg) {
		vk_argv_add(c->a, "-global");
		vk_argv_addf(c->a, "mch.extended-tseg-mbytes=%llu",
			     fx->smm_tseg);
	}
	if (def->features[VK_FEAT_ASYNC_TEARDOWN] == VK_TRI_YES)
		vk_argv_add(c->a, "-async-teardown");
	return 0;
}

void vk_qcmd_accel_opts(struct vk_qcmd *c, struct vk_buf *b)
{
	const struct vk_features_ext *fx = &c->def->fx;

	if (is_kvm(c) && fx->kvm[VK_KVMF_DIRTY_RING] == VK_TRI_YES)
		vk_buf_addf(b, ",dirty-ring-size=%u", fx->kvm_dirty_ring);
	if (!is_kvm(c) && fx->tb_cache)
		vk_buf_addf(b, ",tb-size=%llu",
			    (fx->tb_cache + 1023) / 1024);
}

void vk_qcmd_machine_features(struct vk_qcmd *c, struct vk_buf *b)
{
	const struct vk_domain_def *def = c->def;
	int smm = def->features[VK_FEAT_SMM];

	if (!c->x86)
		return;
	if (def->features[VK_FEAT_VMPORT])
		vk_buf_addf(b, ",vmport=%s", on(def->features[VK_FEAT_VMPORT]));
	/* A secure loader needs SMM (check_pflash refuses smm off). */
	if (!smm && def->os.loader_secure == VK_TRI_YES &&
	    def->os.loader_type == VK_LOADER_PFLASH)
		smm = VK_TRI_YES;
	if (smm)
		vk_buf_addf(b, ",smm=%s", on(smm));
	if (def->features[VK_FEAT_PS2])
		vk_buf_addf(b, ",i8042=%s", on(def->features[VK_FEAT_PS2]));
	if (is_kvm(c) && c->def->fx.value[VK_FEAT_IOAPIC] == 2)
		vk_buf_add(b, ",kernel-irqchip=split");
}

void vk_qcmd_pflash_globals(struct vk_qcmd *c)
{
	const struct vk_os *os = &c->def->os;

	if (os->loader_secure == VK_TRI_YES &&
	    os->loader_type == VK_LOADER_PFLASH)
		vk_argv_add2(c->a, "-global",
			     "driver=cfi.pflash01,property=secure,value=on");
}

static bool any(const int *v, int n)
{
	int i;

	for (i = 0; i < n; i++)
		if (v[i])
			return true;
	return false;
}

bool vk_qcmd_cpu_has_features(const struct vk_qcmd *c)
{
	const struct vk_domain_def *def = c->def;
	int i;

	for (i = 0; i < def->clock.ntimers; i++)
		if (def->clock.timers[i].name == VK_TIMER_KVMCLOCK ||
		    def->clock.timers[i].name == VK_TIMER_HYPERVCLOCK)
			return true;
	return def->fx.value[VK_FEAT_APIC] || def->features[VK_FEAT_PMU] ||
	       def->features[VK_FEAT_PVSPINLOCK] ||
	       def->features[VK_FEAT_HYPERV] ||
	       any(def->fx.kvm, VK_KVMF_DIRTY_RING);
}

static void add_hyperv(struct vk_buf *b, const struct vk_features_ext *fx)
{
	int i;

	if (fx->value[VK_FEAT_HYPERV] == 2) {
		vk_buf_add(b, ",hv-passthrough=on");
		return;
	}
	for (i = 0; i < VK_HV_LAST; i++) {
		if (!fx->hyperv[i])
			continue;
		if (i == VK_HV_SPINLOCKS && fx->hyperv[i] == VK_TRI_YES)
			vk_buf_addf(b, ",hv-spinlocks=0x%x", fx->hv_retries);
		else if (i == VK_HV_VENDOR_ID && fx->hyperv[i] == VK_TRI_YES)
			vk_buf_addf(b, ",hv-vendor-id=%s", fx->hv_vendor_id);
		else if (i != VK_HV_SPINLOCKS && i != VK_HV_VENDOR_ID)
			vk_buf_addf(b, ",hv-%s=%s", vk_hyperv_names[i],
				    on(fx->hyperv[i]));
	}
	if (fx->hv_stimer_direct)
		vk_buf_addf(b, ",hv-stimer-direct=%s",
			    on(fx->hv_stimer_direct));
}

/* The kvmclock and hypervclock timers: present= only. */
static int add_pv_timers(const struct vk_qcmd *c, struct vk_buf *b)
{
	const struct vk_clock *clk = &c->def->clock;
	int i;

	for (i = 0; i < clk->ntimers; i++) {
		const struct vk_timer *t = &clk->timers[i];
		const char *name = vk_timer_name_names[t->name];

		if (t->name != VK_TIMER_KVMCLOCK &&
		    t->name != VK_TIMER_HYPERVCLOCK)
			continue;
		if (t->tickpolicy >= 0 || t->track >= 0)
			return vk_qcmd_refuse_why("QEMU has only present= "
						  "for it", "timer '%s' "
						  "tickpolicy or track", name);
		if (t->present < 0)
			continue;
		if (t->name == VK_TIMER_KVMCLOCK)
			vk_buf_addf(b, ",kvmclock=%s",
				    t->present ? "on" : "off");
		else
			vk_buf_addf(b, ",hv-time=%s",
				    t->present ? "on" : "off");
	}
	return 0;
}

int vk_qcmd_cpu_features(struct vk_qcmd *c, struct vk_buf *b)
{
	const struct vk_domain_def *def = c->def;
	const struct vk_features_ext *fx = &def->fx;

	if (fx->value[VK_FEAT_APIC])
		vk_buf_addf(b, ",kvm-pv-eoi=%s",
			    fx->value[VK_FEAT_APIC] == 1 ? "on" : "off");
	if (def->features[VK_FEAT_PVSPINLOCK])
		vk_buf_addf(b, ",kvm-pv-unhalt=%s",
			    on(def->features[VK_FEAT_PVSPINLOCK]));
	if (def->features[VK_FEAT_PMU])
		vk_buf_addf(b, ",pmu=%s", on(def->features[VK_FEAT_PMU]));
	if (def->features[VK_FEAT_HYPERV])
		add_hyperv(b, fx);
	if (fx->kvm[VK_KVMF_HIDDEN] == VK_TRI_YES)
		vk_buf_add(b, ",kvm=off");
	if (fx->kvm[VK_KVMF_HINT_DEDICATED])
		vk_buf_addf(b, ",kvm-hint-dedicated=%s",
			    on(fx->kvm[VK_KVMF_HINT_DEDICATED]));
	if (fx->kvm[VK_KVMF_POLL_CONTROL])
		vk_buf_addf(b, ",kvm-poll-control=%s",
			    on(fx->kvm[VK_KVMF_POLL_CONTROL]));
	if (fx->kvm[VK_KVMF_PV_IPI])
		vk_buf_addf(b, ",kvm-pv-ipi=%s", on(fx->kvm[VK_KVMF_PV_IPI]));
	return add_pv_timers(c, b);
}
