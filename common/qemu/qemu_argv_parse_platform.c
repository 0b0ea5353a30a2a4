/* A QEMU command line to a domain: the platform, as
 * qemu_command_platform.c writes it: -cpu MODEL[,vendor=V][,+F|-F...]
 * [,tsc-frequency=HZ][,enforce], -smp topology, -machine hpet=/pit=,
 * -rtc clock=/driftfix=, -global kvm-pit.lost_tick_policy, -smbios
 * type=0/1 and -mem-path. */
#include <stdlib.h>
#include <string.h>

#include "qemu_argv_parse_priv.h"
#include "util/error.h"

/* ---- -cpu ---- */

static int cpu_item(struct vk_qa *q, const struct vk_qa_opt *o,
		    const struct vk_qa_kv *kv, bool enforce)
{
	struct vk_cpu *cpu = &q->def->cpu;
	struct vk_cpu_feature *f;
	unsigned long long hz;
	const char *k = kv->key;

	if (!strcmp(k, "vendor")) {
		free(cpu->vendor);
		cpu->vendor = vk_strdup(!strcmp(kv->val, "GenuineIntel") ?
					"Intel" : !strcmp(kv->val,
					"AuthenticAMD") ? "AMD" : kv->val);
		return 0;
	}
	if (!strcmp(k, "tsc-frequency")) {
		if (vk_qa_uint(kv->val, ~0ULL, &hz) < 0 || !hz)
			return vk_qa_err(o, "bad tsc-frequency '%s'", kv->val);
		vk_qa_timer(q, VK_TIMER_TSC)->frequency = hz;
		return 0;
	}
	if (!strcmp(k, "enforce"))
		return 0;
	if (!strcmp(kv->val, "on") && (k[0] == '+' || k[0] == '-') && k[1]) {
		if (!strcmp(k, "-tsc")) {
			vk_qa_timer(q, VK_TIMER_TSC)->present = 0;
			return 0;
		}
		if (!vk_dom_device_name_ok(k + 1))
			return vk_qa_err(o, "bad CPU feature '%s'", k + 1);
		f = vk_array_add(&cpu->features, &cpu->nfeatures, sizeof(*f));
		f->name = vk_strdup(k + 1);
		f->policy = k[0] == '-' ? VK_CPU_DISABLE : enforce ?
			    VK_CPU_REQUIRE : VK_CPU_FORCE;
		return 0;
	}
	return vk_qa_err(o, "'%s=%s': unknown or not supported", k, kv->val);
}

int vk_qa_cpu(struct vk_qa *q, const struct vk_qa_opt *o)
{
	struct vk_cpu *cpu = &q->def->cpu;
	struct vk_qa_props p;
	const char *model;
	bool enforce;
	int i, rc = -1;

	if (vk_qa_props_parse(o, o->value, "model", &p) < 0)
		goto out;
	model = p.v[0].val;
	enforce = vk_qa_has(&p, "enforce");
	if (strcmp(p.v[0].key, "model")) {
		vk_qa_err(o, "no CPU model (it comes first)");
		goto out;
	}
	if (!*model || !vk_dom_device_name_ok(model)) {
		vk_qa_err(o, "bad CPU model '%s'", model);
		goto out;
	}
	for (i = 1; i < p.n; i++)
		if (cpu_item(q, o, &p.v[i], enforce) < 0)
			goto out;
	/* The models virtkit gives a guest without one. */
	if (!strcmp(model, "qemu32") && !cpu->vendor && !cpu->nfeatures) {
		free(q->def->os.arch);
		q->def->os.arch = vk_strdup("i686");
	} else if (strcmp(model, "qemu64") || cpu->vendor || cpu->nfeatures) {
		free(cpu->model);
		cpu->model = vk_strdup(model);
		cpu->present = true;
		cpu->match = VK_CPU_MATCH_EXACT;
	}
	rc = 0;
out:
	vk_qa_props_free(&p);
	return rc;
}

int vk_qa_smp_topology(struct vk_qa *q, struct vk_qa_props *p)
{
	struct vk_cpu *cpu = &q->def->cpu;
	unsigned long long s = 0, c = 0, t = 0;
	bool any = vk_qa_has(p, "sockets") || vk_qa_has(p, "cores") ||
		   vk_qa_has(p, "threads");

	if (vk_qa_get_uint(p, "sockets", 4096, &s) < 0 ||
	    vk_qa_get_uint(p, "cores", 4096, &c) < 0 ||
	    vk_qa_get_uint(p, "threads", 4096, &t) < 0)
		return -1;
	if (!any)
		return 0;
	if (!s || !c || !t)
		return vk_qa_err(p->opt, "give sockets, cores and threads, "
				 "each at least 1");
	cpu->sockets = (unsigned)s;
	cpu->cores = (unsigned)c;
	cpu->threads = (unsigned)t;
	if (!cpu->present) {
		cpu->present = true;
		cpu->match = -1;
	}
	return 0;
}

/* ---- timers ---- */

int vk_qa_machine_timers(struct vk_qa *q, struct vk_qa_props *p)
{
	int hpet = 1, pit = 1;

	if (vk_qa_get_bool(p, "hpet", &hpet) < 0 ||
	    vk_qa_get_bool(p, "pit", &pit) < 0)
		return -1;
	if (!hpet)
		vk_qa_timer(q, VK_TIMER_HPET)->present = 0;
	if (!pit)
		vk_qa_timer(q, VK_TIMER_PIT)->present = 0;
	return 0;
}

int vk_qa_no_hpet(struct vk_qa *q, const struct vk_qa_opt *o)
{
	(void)o;
	vk_qa_timer(q, VK_TIMER_HPET)->present = 0;
	return 0;
}

int vk_qa_rtc_timer(struct vk_qa *q, struct vk_qa_props *p)
{
	const char *clock = vk_qa_get(p, "clock");
	const char *drift = vk_qa_get(p, "driftfix");
	struct vk_timer *t;

	if (clock && strcmp(clock, "vm") && strcmp(clock, "host"))
		return vk_qa_err(p->opt, "clock '%s': not vm or host", clock);
	if (drift && strcmp(drift, "slew") && strcmp(drift, "none"))
		return vk_qa_err(p->opt, "driftfix '%s': not slew or none",
				 drift);
	if (!clock && !drift)
		return 0;
	t = vk_qa_timer(q, VK_TIMER_RTC);
	if (clock)
		t->track = strcmp(clock, "vm") ? VK_TRACK_WALL :
			   VK_TRACK_GUEST;
	if (drift)
		t->tickpolicy = strcmp(drift, "slew") ? VK_TICK_DISCARD :
				VK_TICK_CATCHUP;
	return 0;
}

int vk_qa_global_pit(struct vk_qa *q, const struct vk_qa_opt *o)
{
	const char *v = o->value + strlen("kvm-pit.lost_tick_policy=");

	if (strcmp(v, "delay") && strcmp(v, "discard"))
		return vk_qa_err(o, "lost tick policy '%s': not delay or "
				 "discard", v);
	vk_qa_timer(q, VK_TIMER_PIT)->tickpolicy = strcmp(v, "delay") ?
						   VK_TICK_DISCARD :
						   VK_TICK_DELAY;
	return 0;
}

/* ---- SMBIOS, huge pages ---- */

static int smbios_values(struct vk_qa_props *p, const char *const *names,
			 char **values)
{
	int i;

	for (i = 0; names[i]; i++) {
		const char *v = vk_qa_get(p, names[i]);

		if (!v)
			continue;
		if (!*v)
			return vk_qa_err(p->opt, "empty %s", names[i]);
		free(values[i]);
		values[i] = vk_strdup(v);
	}
	return 0;
}

/* type=2: the one <baseBoard> virtkit writes. */
static int smbios_board(struct vk_sysinfo *si, struct vk_qa_props *p)
{
	if (!si->nboards)
		vk_array_add(&si->boards, &si->nboards, sizeof(*si->boards));
	return smbios_values(p, vk_board_entry_names, si->boards[0].v);
}

/* type=11,value=S: the next <oemStrings> entry. */
static int smbios_oem(struct vk_sysinfo *si, struct vk_qa_props *p)
{
	const char *v = vk_qa_get(p, "value");

	if (!v || !*v)
		return vk_qa_err(p->opt, "type 11 without a value");
	*(char **)vk_array_add(&si->oem, &si->noem, sizeof(*si->oem)) =
		vk_strdup(v);
	return 0;
}

int vk_qa_smbios(struct vk_qa *q, const struct vk_qa_opt *o)
{
	struct vk_sysinfo *si = &q->def->sysinfo;
	struct vk_qa_props p;
	const char *type;
	int rc = -1;

	if (vk_qa_props_parse(o, o->value, NULL, &p) < 0)
		goto out;
	type = vk_qa_get(&p, "type");
	if (type && !strcmp(type, "0"))
		rc = smbios_values(&p, vk_bios_entry_names, si->bios);
	else if (type && !strcmp(type, "1"))
		rc = smbios_values(&p, vk_system_entry_names, si->system);
	else if (type && !strcmp(type, "2"))
		rc = smbios_board(si, &p);
	else if (type && !strcmp(type, "3")) {
		si->has_chassis = true;
		rc = smbios_values(&p, vk_chassis_entry_names, si->chassis);
	} else if (type && !strcmp(type, "11"))
		rc = smbios_oem(si, &p);
	else
		vk_qa_err(o, "SMBIOS type '%s': not 0, 1, 2, 3 or 11",
			  type ? type : "");
	if (rc < 0 || vk_qa_check_used(&p, NULL) < 0) {
		rc = -1;
		goto out;
	}
	si->present = true;
	q->def->os.smbios = VK_SMBIOS_SYSINFO;
out:
	vk_qa_props_free(&p);
	return rc;
}

int vk_qa_mem_path(struct vk_qa *q, const struct vk_qa_opt *o)
{
	/* The directory is the host's hugetlbfs mount. */
	if (!*o->value)
		return vk_qa_err(o, "empty path");
	q->def->hugepages = true;
	return 0;
}
