/* The platform part of the QEMU 7.2 command line: guest CPU (<cpu>,
 * topology, tsc timer), SMBIOS (<os><smbios>, <sysinfo>), huge pages,
 * the timers of <clock>, and the refusal of the cgroup tunables.
 *
 * Options written here, for xml-convert to read back:
 *   -machine ...,hpet=off          <timer name='hpet' present='no'/>
 *   -machine ...,pit=off           <timer name='pit' present='no'/>
 *   -cpu MODEL[,vendor=V][,+F|-F...][,tsc-frequency=HZ][,enforce]
 *                                  <cpu> model, vendor (GenuineIntel for
 *                                  Intel, AuthenticAMD for AMD), features
 *                                  (+ force/require/optional, - disable;
 *                                  enforce: some feature is require),
 *                                  <timer name='tsc' frequency=HZ>;
 *                                  -tsc: tsc present='no'
 *   -smp N[,maxcpus=M],sockets=S,cores=C,threads=T   <topology>
 *   -mem-path DIR                  <memoryBacking><hugepages/>
 *   -smbios type=0,vendor=..,version=..,date=..,release=..
 *   -smbios type=1,manufacturer=..,product=..,version=..,serial=..,
 *           uuid=..,sku=..,family=..   <sysinfo> with mode='sysinfo'
 *                                  (or the host's values, mode='host')
 *   -smbios type=2,manufacturer=..,product=..,version=..,serial=..,
 *           asset=..,location=..   <sysinfo><baseBoard> (one only)
 *   -smbios type=3,manufacturer=..,version=..,serial=..,asset=..,sku=..
 *                                  <sysinfo><chassis>
 *   -smbios type=11,value=..       each <sysinfo><oemStrings> entry
 *   -rtc ...,clock=vm|host         <timer name='rtc' track='guest|wall'>
 *   -rtc ...,driftfix=slew|none    rtc tickpolicy catchup | discard
 *   -global kvm-pit.lost_tick_policy=delay|discard   (kvm) pit tickpolicy
 * Not on the line: <vcpu cpuset> and <vcpupin> are CPU affinities the
 * supervisor sets (qemu_affinity.c).
 *
 * Refused, with the reason: <memtune>, <blkiotune> and <cputune><shares>
 * (they need a cgroup per guest and virtkit manages none); cpu match
 * 'strict' and feature policy 'forbid' (they compare with the host CPU);
 * 'optional' beside 'require' (enforce covers every feature); models
 * and features QEMU 7.2 lacks; the platform timer; rtc track 'boot',
 * present 'no', tickpolicy delay/merge and catchup values; pit
 * tickpolicy under TCG (and catchup/merge under KVM); hpet tickpolicy;
 * tsc mode and tickpolicy; vcpupin of a vcpu not present at start;
 * <cpu>, smbios and timers on other arches than x86.
 */
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "qemu_command_priv.h"
#include "util/error.h"
#include "util/file.h"

/* x86 CPU models of QEMU 7.2 (qemu-system-x86_64 -cpu help). */
static const char qemu_models[] =
	" 486 486-v1 Broadwell Broadwell-IBRS Broadwell-noTSX"
	" Broadwell-noTSX-IBRS Broadwell-v1 Broadwell-v2 Broadwell-v3"
	" Broadwell-v4 Cascadelake-Server Cascadelake-Server-noTSX"
	" Cascadelake-Server-v1 Cascadelake-Server-v2 Cascadelake-Server-v3"
	" Cascadelake-Server-v4 Cascadelake-Server-v5 Conroe Conroe-v1"
	" Cooperlake Cooperlake-v1 Cooperlake-v2 Denverton Denverton-v1"
	" Denverton-v2 Denverton-v3 Dhyana Dhyana-v1 Dhyana-v2 EPYC EPYC-IBPB"
	" EPYC-Milan EPYC-Milan-v1 EPYC-Rome EPYC-Rome-v1 EPYC-Rome-v2"
	" EPYC-v1 EPYC-v2 EPYC-v3 Haswell Haswell-IBRS Haswell-noTSX"
	" Haswell-noTSX-IBRS Haswell-v1 Haswell-v2 Haswell-v3 Haswell-v4"
	" Icelake-Server Icelake-Server-noTSX Icelake-Server-v1"
	" Icelake-Server-v2 Icelake-Server-v3 Icelake-Server-v4"
	" Icelake-Server-v5 Icelake-Server-v6 IvyBridge IvyBridge-IBRS"
	" IvyBridge-v1 IvyBridge-v2 KnightsMill KnightsMill-v1 Nehalem"
	" Nehalem-IBRS Nehalem-v1 Nehalem-v2 Opteron_G1 Opteron_G1-v1"
	" Opteron_G2 Opteron_G2-v1 Opteron_G3 Opteron_G3-v1 Opteron_G4"
	" Opteron_G4-v1 Opteron_G5 Opteron_G5-v1 Penryn Penryn-v1 SandyBridge"
	" SandyBridge-IBRS SandyBridge-v1 SandyBridge-v2 Skylake-Client"
	" Skylake-Client-IBRS Skylake-Client-noTSX-IBRS Skylake-Client-v1"
	" Skylake-Client-v2 Skylake-Client-v3 Skylake-Client-v4"
	" Skylake-Server Skylake-Server-IBRS Skylake-Server-noTSX-IBRS"
	" Skylake-Server-v1 Skylake-Server-v2 Skylake-Server-v3"
	" Skylake-Server-v4 Skylake-Server-v5 Snowridge Snowridge-v1"
	" Snowridge-v2 Snowridge-v3 Snowridge-v4 Westmere Westmere-IBRS"
	" Westmere-v1 Westmere-v2 athlon athlon-v1 core2duo core2duo-v1"
	" coreduo coreduo-v1 kvm32 kvm32-v1 kvm64 kvm64-v1 n270 n270-v1"
	" pentium pentium-v1 pentium2 pentium2-v1 pentium3 pentium3-v1"
	" phenom phenom-v1 qemu32 qemu32-v1 qemu64 qemu64-v1 max host ";

/* Its CPUID flags (the end of -cpu help), and the other names its CPUs
 * take for some of them (sse3, pclmuldq, sse4-1, sse4-2, xd, ffxsr,
 * i64).  QEMU reads '_' as '-' (lahf_lm is lahf-lm); anything else it
 * refuses when the guest starts ("Property ... not found"). */
static const char qemu_features[] =
	" 3dnow 3dnowext 3dnowprefetch abm ace2 ace2-en acpi adx aes"
	" amd-no-ssb amd-ssbd amd-stibp amx-bf16 amx-int8 amx-tile apic arat"
	" arch-capabilities arch-lbr avic avx avx-vnni avx2 avx512-4fmaps"
	" avx512-4vnniw avx512-bf16 avx512-fp16 avx512-vp2intersect"
	" avx512-vpopcntdq avx512bitalg avx512bw avx512cd avx512dq avx512er"
	" avx512f avx512ifma avx512pf avx512vbmi avx512vbmi2 avx512vl"
	" avx512vnni bmi1 bmi2 bus-lock-detect cid cldemote clflush clflushopt"
	" clwb clzero cmov cmp-legacy core-capability cr8legacy cx16 cx8 dca"
	" de decodeassists ds ds-cpl dtes64 erms est extapic f16c ffxsr"
	" flushbyasid fma fma4 fpu fsgsbase fsrm full-width-write fxsr"
	" fxsr-opt gfni hle ht hypervisor i64 ia64 ibpb ibrs ibrs-all ibs"
	" intel-pt intel-pt-lip invpcid invtsc kvm-asyncpf kvm-asyncpf-int"
	" kvm-hint-dedicated kvm-mmu kvm-msi-ext-dest-id kvm-nopiodelay"
	" kvm-poll-control kvm-pv-eoi kvm-pv-ipi kvm-pv-sched-yield"
	" kvm-pv-tlb-flush kvm-pv-unhalt kvm-steal-time kvmclock"
	" kvmclock-stable-bit la57 lahf-lm lbrv lm lwp mca mce md-clear mds-no"
	" misalignsse mmx mmxext monitor movbe movdir64b movdiri mpx msr mtrr"
	" nodeid-msr npt nrip-save nx osvw pae pat pause-filter pbe pcid"
	" pclmuldq pclmulqdq pcommit pdcm pdpe1gb perfctr-core perfctr-nb"
	" pfthreshold pge phe phe-en pks pku pmm pmm-en pn pni popcnt"
	" pschange-mc-no pse pse36 rdctl-no rdpid rdrand rdseed rdtscp rsba"
	" rtm sep serialize sgx sgx-debug sgx-exinfo sgx-kss sgx-mode64"
	" sgx-provisionkey sgx-tokenkey sgx1 sgx2 sgxlc sha-ni skinit"
	" skip-l1dfl-vmentry smap smep smx spec-ctrl split-lock-detect ss"
	" ssb-no ssbd sse sse2 sse3 sse4-1 sse4-2 sse4.1 sse4.2 sse4a ssse3"
	" stibp svm svm-lock svme-addr-chk syscall taa-no tbm tce tm tm2"
	" topoext tsc tsc-adjust tsc-deadline tsc-scale tsx-ctrl tsx-ldtrk"
	" umip v-vmsave-vmload vaes vgif virt-ssbd vmcb-clean vme vmx"
	" vmx-activity-hlt vmx-activity-shutdown vmx-activity-wait-sipi"
	" vmx-apicv-register vmx-apicv-vid vmx-apicv-x2apic vmx-apicv-xapic"
	" vmx-cr3-load-noexit vmx-cr3-store-noexit vmx-cr8-load-exit"
	" vmx-cr8-store-exit vmx-desc-exit vmx-encls-exit vmx-entry-ia32e-mode"
	" vmx-entry-load-bndcfgs vmx-entry-load-efer vmx-entry-load-pat"
	" vmx-entry-load-perf-global-ctrl vmx-entry-load-pkrs"
	" vmx-entry-load-rtit-ctl vmx-entry-noload-debugctl vmx-ept"
	" vmx-ept-1gb vmx-ept-2mb vmx-ept-advanced-exitinfo vmx-ept-execonly"
	" vmx-eptad vmx-eptp-switching vmx-exit-ack-intr"
	" vmx-exit-clear-bndcfgs vmx-exit-clear-rtit-ctl vmx-exit-load-efer"
	" vmx-exit-load-pat vmx-exit-load-perf-global-ctrl vmx-exit-load-pkrs"
	" vmx-exit-nosave-debugctl vmx-exit-save-efer vmx-exit-save-pat"
	" vmx-exit-save-preemption-timer vmx-flexpriority vmx-hlt-exit"
	" vmx-ins-outs vmx-intr-exit vmx-invept vmx-invept-all-context"
	" vmx-invept-single-context vmx-invept-single-context-noglobals"
	" vmx-invlpg-exit vmx-invpcid-exit vmx-invvpid vmx-invvpid-all-context"
	" vmx-invvpid-single-addr vmx-io-bitmap vmx-io-exit vmx-monitor-exit"
	" vmx-movdr-exit vmx-msr-bitmap vmx-mtf vmx-mwait-exit vmx-nmi-exit"
	" vmx-page-walk-4 vmx-page-walk-5 vmx-pause-exit vmx-ple vmx-pml"
	" vmx-posted-intr vmx-preemption-timer vmx-rdpmc-exit vmx-rdrand-exit"
	" vmx-rdseed-exit vmx-rdtsc-exit vmx-rdtscp-exit vmx-secondary-ctls"
	" vmx-shadow-vmcs vmx-store-lma vmx-true-ctls vmx-tsc-offset"
	" vmx-tsc-scaling vmx-unrestricted-guest vmx-vintr-pending vmx-vmfunc"
	" vmx-vmwrite-vmexit-fields vmx-vnmi vmx-vnmi-pending vmx-vpid"
	" vmx-wbinvd-exit vmx-xsaves vmx-zero-len-inject vpclmulqdq waitpkg"
	" wbnoinvd wdt x2apic xcrypt xcrypt-en xd xfd xgetbv1 xop xsave xsavec"
	" xsaveerptr xsaveopt xsaves xstore xstore-en xtpr ";

static const struct vk_timer *timer(const struct vk_domain_def *def,
				    int name)
{
	int i;

	for (i = 0; i < def->clock.ntimers; i++)
		if (def->clock.timers[i].name == name)
			return &def->clock.timers[i];
	return NULL;
}

/* ---- machine options ---- */

void vk_qcmd_machine_timers(struct vk_qcmd *c, struct vk_buf *b)
{
	const struct vk_timer *t;

	t = timer(c->def, VK_TIMER_HPET);
	if (t && t->present == 0)
		vk_buf_add(b, ",hpet=off");
	t = timer(c->def, VK_TIMER_PIT);
	if (t && t->present == 0)
		vk_buf_add(b, ",pit=off");
}

/* ---- -cpu ---- */

/* Whether NAME is a word of LIST (blank-separated, blanks around). */
static bool in_list(const char *list, const char *name)
{
	const char *p = list;
	size_t n = strlen(name);

	while ((p = strstr(p, name))) {
		if (p[-1] == ' ' && p[n] == ' ')
			return true;
		p += n;
	}
	return false;
}

static bool known_feature(const char *name)
{
	char *s = vk_strdup(name), *p;
	bool ok;

	for (p = s; *p; p++)
		if (*p == '_')
			*p = '-';
	ok = in_list(qemu_features, s);
	free(s);
	return ok;
}

static int add_vendor(struct vk_buf *b, const char *vendor)
{
	if (!strcmp(vendor, "Intel"))
		vendor = "GenuineIntel";
	else if (!strcmp(vendor, "AMD"))
		vendor = "AuthenticAMD";
	else if (strlen(vendor) != 12 || strchr(vendor, ','))
		return vk_qcmd_refuse_why("QEMU takes Intel, AMD or a "
					  "12-character CPUID vendor",
					  "cpu vendor '%s'", vendor);
	vk_buf_addf(b, ",vendor=%s", vendor);
	return 0;
}

/* Features: + for force, require and optional (QEMU leaves out, with a
 * warning, what the accelerator cannot give), - for disable; a require
 * feature makes QEMU enforce the whole CPU. */
static int add_features(struct vk_buf *b, const struct vk_cpu *cpu,
			bool *enforce)
{
	bool optional = false;
	int i;

	for (i = 0; i < cpu->nfeatures; i++) {
		const struct vk_cpu_feature *f = &cpu->features[i];

		if (!known_feature(f->name))
			return vk_qcmd_refuse_why("QEMU 7.2 has no such CPUID "
						  "flag", "cpu feature '%s'",
						  f->name);
		if (f->policy == VK_CPU_FORBID)
			return vk_qcmd_refuse_why("QEMU cannot fail on a "
						  "feature of the host CPU",
						  "cpu feature '%s' policy "
						  "'forbid'", f->name);
		if (f->policy == VK_CPU_REQUIRE)
			*enforce = true;
		if (f->policy == VK_CPU_OPTIONAL)
			optional = true;
		vk_buf_addf(b, ",%c%s", f->policy == VK_CPU_DISABLE ? '-' : '+',
			    f->name);
	}
	if (*enforce && optional)
		return vk_qcmd_refuse_why("QEMU enforces all features or none",
					  "cpu features with policy "
					  "'optional' beside 'require'");
	return 0;
}

static int check_tsc(const struct vk_timer *t)
{
	if (t->mode >= 0)
		return vk_qcmd_refuse_why("QEMU has no TSC mode setting",
					  "timer 'tsc' mode '%s'",
					  vk_timer_mode_names[t->mode]);
	if (t->tickpolicy >= 0)
		return vk_qcmd_refuse_why("the TSC has no ticks to lose",
					  "timer 'tsc' tickpolicy");
	return 0;
}

/* The model for a mode other than custom: 'max' or KVM's 'host'. */
static int mode_model(struct vk_qcmd *c, const char **model)
{
	const struct vk_cpu *cpu = &c->def->cpu;
	bool kvm = c->def->virt_type == VK_VIRT_KVM;

	if (cpu->mode == VK_CPU_MODE_MAXIMUM) {
		*model = "max";
		return 0;
	}
	if (!kvm)
		return vk_qcmd_refuse_why("it is the host's CPU, which only "
					  "KVM gives a guest: use domain type "
					  "'kvm', or mode 'maximum' under TCG",
					  "cpu mode '%s'",
					  vk_cpu_mode_names[cpu->mode]);
	*model = "host";
	return 0;
}

/* <cache>: QEMU's l3-cache and host-cache-info. */
static int add_cache(struct vk_buf *b, const struct vk_cpu *cpu)
{
	switch (cpu->cache_mode) {
	case VK_CACHE_PASSTHROUGH:
		vk_buf_add(b, ",host-cache-info=on,l3-cache=off");
		return 0;
	case VK_CACHE_DISABLE:
		vk_buf_add(b, ",l3-cache=off");
		return 0;
	case VK_CACHE_EMULATE:
		if (cpu->cache_level >= 0 && cpu->cache_level != 3)
			return vk_qcmd_refuse_why("QEMU emulates the level 3 "
						  "cache only", "cpu cache "
						  "level '%d'",
						  cpu->cache_level);
		if (cpu->cache_level == 3)
			vk_buf_add(b, ",l3-cache=on");
		return 0;
	default:
		return 0;
	}
}

/* What follows the model: vendor, features, cache, tsc, enforce. */
static int add_cpu_props(struct vk_qcmd *c, struct vk_buf *b,
			 const struct vk_timer *tsc)
{
	const struct vk_cpu *cpu = &c->def->cpu;
	bool enforce = false;

	if (cpu->vendor && cpu->vendor_id)
		return vk_qcmd_refuse_why("QEMU takes one vendor: give "
					  "<vendor> or vendor_id", "cpu "
					  "vendor_id beside <vendor>");
	if ((cpu->vendor && add_vendor(b, cpu->vendor) < 0) ||
	    (cpu->vendor_id && add_vendor(b, cpu->vendor_id) < 0) ||
	    add_features(b, cpu, &enforce) < 0 || add_cache(b, cpu) < 0)
		return -1;
	if (cpu->migratable == 0)
		vk_buf_add(b, ",migratable=off");
	if (tsc && tsc->present == 0)
		vk_buf_add(b, ",-tsc");
	if (tsc && tsc->frequency)
		vk_buf_addf(b, ",tsc-frequency=%llu", tsc->frequency);
	if (vk_qcmd_cpu_features(c, b) < 0)	/* <features>, timers */
		return -1;
	if (enforce || (cpu->check == VK_CPU_CHECK_FULL && cpu->model))
		vk_buf_add(b, ",enforce");
	return 0;
}

int vk_qcmd_cpu(struct vk_qcmd *c)
{
	const struct vk_domain_def *def = c->def;
	const struct vk_cpu *cpu = &def->cpu;
	const struct vk_timer *tsc = timer(def, VK_TIMER_TSC);
	bool i686 = def->os.arch && !strcmp(def->os.arch, "i686");
	bool custom = !cpu->present || cpu->mode <= VK_CPU_MODE_CUSTOM;
	struct vk_buf b = VK_BUF_INIT;
	const char *model = cpu->model;

	if (custom && !cpu->model && !tsc && cpu->cache_mode < 0 &&
	    !vk_qcmd_cpu_has_features(c)) {
		if (i686)
			vk_argv_add2(c->a, "-cpu", "qemu32");
		return 0;
	}
	if (!c->x86)
		return vk_qcmd_refuse_why("virtkit knows QEMU's x86 CPU "
					  "models only", "<cpu> model on arch "
					  "'%s'", def->os.arch);
	if (!custom && mode_model(c, &model) < 0)
		return -1;
	if (custom && cpu->model && cpu->match == VK_CPU_MATCH_STRICT)
		return vk_qcmd_refuse_why("QEMU cannot compare the host CPU "
					  "with the model", "cpu match "
					  "'strict'");
	if (custom && cpu->model && (!in_list(qemu_models, cpu->model) ||
				     (!strcmp(cpu->model, "host") &&
				      def->virt_type != VK_VIRT_KVM)))
		return vk_qcmd_refuse_why("QEMU 7.2 has no such CPU model "
					  "for this accelerator",
					  "cpu model '%s'", cpu->model);
	if (tsc && check_tsc(tsc) < 0)
		return -1;
	vk_buf_add(&b, model ? model : i686 ? "qemu32" : "qemu64");
	if (add_cpu_props(c, &b, tsc) < 0) {
		vk_buf_free(&b);
		return -1;
	}
	vk_qcmd_push(c, "-cpu", &b);
	return 0;
}

int vk_qcmd_smp_topology(struct vk_qcmd *c, struct vk_buf *b)
{
	const struct vk_cpu *cpu = &c->def->cpu;

	if (!cpu->sockets)
		return 0;
	if (cpu->clusters > 1)
		return vk_qcmd_refuse_why("QEMU 7.2's PC machines have no CPU "
					  "clusters", "cpu topology clusters "
					  "'%u'", cpu->clusters);
	vk_buf_addf(b, ",sockets=%u", cpu->sockets);
	if (cpu->dies)
		vk_buf_addf(b, ",dies=%u", cpu->dies);
	vk_buf_addf(b, ",cores=%u,threads=%u", cpu->cores, cpu->threads);
	return 0;
}

/* ---- vcpupin, cgroup tunables, huge pages ---- */

int vk_qcmd_tuning(struct vk_qcmd *c)
{
	static const char why[] = "it needs a cgroup for the guest, and "
				  "virtkit does not manage cgroups";
	const struct vk_domain_def *def = c->def;
	const struct vk_memtune *m = &def->memtune;
	unsigned present = def->vcpus_current ? def->vcpus_current
					      : def->vcpus;
	int i;

	if (m->hard_limit || m->soft_limit || m->swap_hard_limit ||
	    m->min_guarantee)
		return vk_qcmd_refuse_why(why, "<memtune>");
	if (def->blkio_weight)
		return vk_qcmd_refuse_why(why, "<blkiotune> weight");
	if (def->cputune.shares)
		return vk_qcmd_refuse_why(why, "<cputune> shares");
	for (i = 0; i < def->cputune.npins; i++)
		if (def->cputune.pins[i].vcpu >= present)
			return vk_qcmd_refuse_why("only the vcpus present at "
						  "start can be pinned",
						  "vcpupin vcpu %u",
						  def->cputune.pins[i].vcpu);
	return 0;
}

char *vk_qemu_hugetlbfs(void)
{
	char *text = vk_file_read("/proc/mounts", 1 << 20, NULL);
	char *line, *save = NULL, *found = NULL;

	if (!text) {
		vk_error_clear();
		return NULL;
	}
	for (line = strtok_r(text, "\n", &save); line && !found;
	     line = strtok_r(NULL, "\n", &save)) {
		char dir[4096], type[64];

		/* Mount points with blanks are octal-escaped: skip them. */
		if (sscanf(line, "%*s %4095s %63s", dir, type) == 2 &&
		    !strcmp(type, "hugetlbfs") && !strchr(dir, '\\'))
			found = vk_strdup(dir);
	}
	free(text);
	return found;
}

/* ---- SMBIOS ---- */

/* -smbios type=TYPE,KEY=VALUE... for the values that are set. */
static void add_smbios(struct vk_qcmd *c, int type, const char *const *keys,
		       char *const *values, int n)
{
	struct vk_buf b = VK_BUF_INIT;
	int i;

	for (i = 0; i < n; i++)
		if (values[i])
			vk_qcmd_kv(&b, keys[i], values[i]);
	if (!b.len)
		return;
	vk_argv_add(c->a, "-smbios");
	vk_argv_addf(c->a, "type=%d%s", type, b.s);
	vk_buf_free(&b);
}

/* <oemStrings>: an option per string; QEMU gathers them, in order,
 * into one SMBIOS type 11 table. */
static void add_oem_strings(struct vk_qcmd *c, const struct vk_sysinfo *si)
{
	static const char *const key[] = {"value"};
	int i;

	for (i = 0; i < si->noem; i++)
		add_smbios(c, 11, key, &si->oem[i], 1);
}

/* QEMU takes the BIOS release as MAJOR.MINOR, each 0 .. 255. */
static bool release_ok(const char *r)
{
	unsigned long v;
	char *end;
	int part;

	for (part = 0; part < 2; part++) {
		if (*r < '0' || *r > '9')
			return false;
		v = strtoul(r, &end, 10);
		if (v > 255)
			return false;
		r = end;
		if (!part && *r++ != '.')
			return false;
	}
	return !*r;
}

/* What mode='host' copies: block 0 and block 1 but the uuid, from the
 * files of DMI_DIR (/sys/class/dmi/id); missing or unreadable files are
 * left out. */
static const char *const host_bios_files[] = {
	"bios_vendor", "bios_version", "bios_date", "bios_release",
};
static const char *const host_system_files[] = {
	"sys_vendor", "product_name", "product_version", "product_serial",
	NULL, "product_sku", "product_family",
};

static void read_host_values(const char *dir, const char *const *files,
			     char **values, int n)
{
	int i;

	for (i = 0; i < n; i++) {
		char *path, *text;
		size_t len;

		if (!files[i])
			continue;
		path = vk_asprintf("%s/%s", dir, files[i]);
		text = vk_file_read(path, 4096, &len);
		free(path);
		if (!text) {
			vk_error_clear();
			continue;
		}
		while (len && (text[len - 1] == '\n' || text[len - 1] == ' '))
			text[--len] = '\0';
		if (len)
			values[i] = text;
		else
			free(text);
	}
}

static int add_host_smbios(struct vk_qcmd *c)
{
	const char *dir = c->st->dmi_dir ? c->st->dmi_dir : "/sys/class/dmi/id";
	char *bios[VK_BIOS_LAST] = {NULL}, *sys[VK_SYSTEM_LAST] = {NULL};
	int i;

	if (access(dir, R_OK | X_OK) < 0)
		return vk_error_errno(VK_EXIT_FAILED, errno, "smbios mode "
				      "'host': cannot read the host's SMBIOS "
				      "values in %s", dir);
	read_host_values(dir, host_bios_files, bios, VK_BIOS_LAST);
	read_host_values(dir, host_system_files, sys, VK_SYSTEM_LAST);
	/* A release QEMU cannot take is left out rather than refused:
	 * the host's value is not the document's. */
	if (bios[VK_BIOS_RELEASE] && !release_ok(bios[VK_BIOS_RELEASE])) {
		free(bios[VK_BIOS_RELEASE]);
		bios[VK_BIOS_RELEASE] = NULL;
	}
	add_smbios(c, 0, vk_bios_entry_names, bios, VK_BIOS_LAST);
	add_smbios(c, 1, vk_system_entry_names, sys, VK_SYSTEM_LAST);
	for (i = 0; i < VK_BIOS_LAST; i++)
		free(bios[i]);
	for (i = 0; i < VK_SYSTEM_LAST; i++)
		free(sys[i]);
	return 0;
}

int vk_qcmd_smbios(struct vk_qcmd *c)
{
	const struct vk_domain_def *def = c->def;

	if (def->os.smbios < 0 || def->os.smbios == VK_SMBIOS_EMULATE)
		return 0;
	if (!c->x86)
		return vk_qcmd_refuse_why("virtkit writes SMBIOS tables for "
					  "x86 guests only", "smbios on arch "
					  "'%s'", def->os.arch);
	if (def->os.smbios == VK_SMBIOS_HOST)
		return add_host_smbios(c);
	if (def->sysinfo.bios[VK_BIOS_RELEASE] &&
	    !release_ok(def->sysinfo.bios[VK_BIOS_RELEASE]))
		return vk_qcmd_refuse_why("QEMU takes MAJOR.MINOR, each up to "
					  "255", "sysinfo bios release '%s'",
					  def->sysinfo.bios[VK_BIOS_RELEASE]);
	if (def->sysinfo.nboards > 1)
		return vk_qcmd_refuse_why("QEMU 7.2 writes one SMBIOS "
					  "baseboard table (type 2)",
					  "sysinfo with %d <baseBoard>",
					  def->sysinfo.nboards);
	add_smbios(c, 0, vk_bios_entry_names, def->sysinfo.bios,
		   VK_BIOS_LAST);
	add_smbios(c, 1, vk_system_entry_names, def->sysinfo.system,
		   VK_SYSTEM_LAST);
	if (def->sysinfo.nboards)
		add_smbios(c, 2, vk_board_entry_names,
			   def->sysinfo.boards[0].v, VK_BOARD_LAST);
	add_smbios(c, 3, vk_chassis_entry_names, def->sysinfo.chassis,
		   VK_CHASSIS_LAST);
	add_oem_strings(c, &def->sysinfo);
	return 0;
}

/* ---- timers ---- */

static int rtc_opts(const struct vk_timer *t, struct vk_buf *b)
{
	if (t->track == VK_TRACK_BOOT)
		return vk_qcmd_refuse_why("QEMU's RTC follows the host's "
					  "clock (wall) or the guest's "
					  "(guest)", "timer 'rtc' track "
					  "'boot'");
	if (t->present == 0)
		return vk_qcmd_refuse_why("the PC's RTC cannot be removed",
					  "timer 'rtc' present 'no'");
	if (t->tickpolicy == VK_TICK_DELAY || t->tickpolicy == VK_TICK_MERGE)
		return vk_qcmd_refuse_why("QEMU's RTC can slew (catchup) or "
					  "discard missed ticks",
					  "timer 'rtc' tickpolicy '%s'",
					  vk_tickpolicy_names[t->tickpolicy]);
	if (t->threshold || t->slew || t->limit)
		return vk_qcmd_refuse_why("QEMU has no settings for them",
					  "timer 'rtc' catchup threshold, "
					  "slew and limit");
	if (t->track == VK_TRACK_GUEST)
		vk_buf_add(b, ",clock=vm");
	else if (t->track == VK_TRACK_WALL)
		vk_buf_add(b, ",clock=host");
	if (t->tickpolicy == VK_TICK_CATCHUP)
		vk_buf_add(b, ",driftfix=slew");
	else if (t->tickpolicy == VK_TICK_DISCARD)
		vk_buf_add(b, ",driftfix=none");
	return 0;
}

/* The PIT's lost tick policy is a setting of KVM's in-kernel PIT only.
 * QEMU's emulated PIT counts in the guest's virtual time, so under TCG
 * no tick is dropped, only delivered late: that is 'delay' (what every
 * virt-install document asks), honoured with nothing on the line. */
static int pit_opts(struct vk_qcmd *c, const struct vk_timer *t)
{
	if (t->tickpolicy < 0)
		return 0;
	if (c->def->virt_type != VK_VIRT_KVM && t->tickpolicy == VK_TICK_DELAY)
		return 0;
	if (c->def->virt_type != VK_VIRT_KVM)
		return vk_qcmd_refuse_why("QEMU's emulated PIT delays missed "
					  "ticks and has no other lost tick "
					  "policy; KVM's has",
					  "timer 'pit' tickpolicy '%s'",
					  vk_tickpolicy_names[t->tickpolicy]);
	if (t->tickpolicy != VK_TICK_DELAY && t->tickpolicy != VK_TICK_DISCARD)
		return vk_qcmd_refuse_why("KVM's PIT can delay or discard "
					  "missed ticks",
					  "timer 'pit' tickpolicy '%s'",
					  vk_tickpolicy_names[t->tickpolicy]);
	vk_argv_add(c->a, "-global");
	vk_argv_addf(c->a, "kvm-pit.lost_tick_policy=%s",
		     vk_tickpolicy_names[t->tickpolicy]);
	return 0;
}

int vk_qcmd_rtc_timers(struct vk_qcmd *c, struct vk_buf *rtc)
{
	const struct vk_clock *clk = &c->def->clock;
	int i;

	for (i = 0; i < clk->ntimers; i++) {
		const struct vk_timer *t = &clk->timers[i];
		const char *name = vk_timer_name_names[t->name];

		if (!c->x86)
			return vk_qcmd_refuse_why("the timers of the domain "
						  "format are the PC's",
						  "timer '%s' on arch '%s'",
						  name, c->def->os.arch);
		if (t->name == VK_TIMER_PLATFORM)
			return vk_qcmd_refuse_why("QEMU has no platform timer "
						  "setting", "timer "
						  "'platform'");
		if (t->name == VK_TIMER_RTC && rtc_opts(t, rtc) < 0)
			return -1;
		if (t->name == VK_TIMER_HPET && t->tickpolicy >= 0)
			return vk_qcmd_refuse_why("QEMU's HPET has no lost "
						  "tick policy", "timer "
						  "'hpet' tickpolicy");
	}
	return 0;
}

int vk_qcmd_pit(struct vk_qcmd *c)
{
	const struct vk_timer *t = timer(c->def, VK_TIMER_PIT);

	return t ? pit_opts(c, t) : 0;
}
