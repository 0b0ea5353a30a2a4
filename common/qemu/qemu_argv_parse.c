/* A QEMU command line to a domain: the words, the option table, and the
 * machine part (name, uuid, memory, CPUs, machine and accelerator,
 * firmware and kernel, boot, clock, lifecycle).  Devices are in
 * qemu_argv_parse_{disk,dev,chr}.c.
 *
 * Options virtkit's supervisor adds for itself (-S, QMP monitors,
 * -sandbox, -no-shutdown with -action panic=pause, console logs) and
 * those that only matter at run time (-pidfile, -daemonize, -monitor)
 * carry nothing of the domain and are passed over.  Anything else that
 * the domain format cannot hold is refused, never dropped. */
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include <libxml/xmlstring.h>

#include "qemu_argv_parse_priv.h"
#include "util/error.h"
#include "util/uuid.h"

/* ---- identity ---- */

static int opt_name(struct vk_qa *q, const struct vk_qa_opt *o)
{
	struct vk_qa_props p;
	const char *name;
	int rc = -1;

	if (vk_qa_props_parse(o, o->value, "guest", &p) < 0)
		goto out;
	name = vk_qa_get(&p, "guest");
	/* The process name and thread names are for ps and top. */
	vk_qa_get(&p, "process");
	vk_qa_get(&p, "debug-threads");
	if (!name || !*name) {
		vk_qa_err(o, "no guest name");
		goto out;
	}
	if (vk_qa_check_used(&p, NULL) < 0)
		goto out;
	free(q->def->name);
	q->def->name = vk_strdup(name);
	rc = 0;
out:
	vk_qa_props_free(&p);
	return rc;
}

static int opt_uuid(struct vk_qa *q, const struct vk_qa_opt *o)
{
	if (vk_uuid_parse(o->value, q->def->uuid) < 0)
		return vk_qa_err(o, "'%s': not a UUID", o->value);
	q->def->uuid_generated = false;
	return 0;
}

/* ---- memory, CPUs ---- */

/* QEMU's sizes: MiB without a suffix. */
static int parse_size_kib(const char *s, unsigned long long *kib)
{
	static const char units[] = "kmgt";
	unsigned long long v;
	size_t len = strlen(s);
	const char *u;
	char *num;
	int shift = 10, rc;

	if (len && (u = strchr(units, s[len - 1] | 0x20)) && s[len - 1] > '9') {
		shift = (int)(u - units) * 10;
		len--;
	}
	num = vk_strndup(s, len);
	rc = vk_qa_uint(num, 1ULL << 50, &v);
	free(num);
	if (rc < 0 || !v || (shift && v > (1ULL << 50) >> shift))
		return -1;
	*kib = v << shift;
	return 0;
}

static int opt_memory(struct vk_qa *q, const struct vk_qa_opt *o)
{
	struct vk_qa_props p;
	const char *size;
	unsigned long long kib;
	int rc = -1;

	if (vk_qa_props_parse(o, o->value, "size", &p) < 0)
		goto out;
	size = vk_qa_get(&p, "size");
	if (!size || parse_size_kib(size, &kib) < 0) {
		vk_qa_err(o, "bad memory size '%s'", size ? size : "");
		goto out;
	}
	if (vk_qa_check_used(&p, NULL) < 0)
		goto out;
	q->def->memory = q->def->current_memory = kib;
	rc = 0;
out:
	vk_qa_props_free(&p);
	return rc;
}

static int opt_smp(struct vk_qa *q, const struct vk_qa_opt *o)
{
	struct vk_qa_props p;
	unsigned long long cpus = 0, max = 0;
	int rc = -1;

	if (vk_qa_props_parse(o, o->value, "cpus", &p) < 0 ||
	    vk_qa_get_uint(&p, "cpus", 4096, &cpus) < 0 ||
	    vk_qa_get_uint(&p, "maxcpus", 4096, &max) < 0 ||
	    vk_qa_smp_topology(q, &p) < 0 || vk_qa_check_used(&p, NULL) < 0)
		goto out;
	if (!cpus && !max) {
		vk_qa_err(o, "no CPU count");
		goto out;
	}
	if (max && cpus > max) {
		vk_qa_err(o, "%llu CPUs is more than maxcpus=%llu", cpus, max);
		goto out;
	}
	q->def->vcpus = (unsigned)(max ? max : cpus);
	q->def->vcpus_current = cpus && max && cpus < max ? (unsigned)cpus : 0;
	rc = 0;
out:
	vk_qa_props_free(&p);
	return rc;
}

/* ---- machine, accelerator, CPU model ---- */

static int set_accel(struct vk_qa *q, const struct vk_qa_opt *o,
		     const char *accel)
{
	/* "kvm:tcg": the first that works; the domain names the first. */
	size_t n = strcspn(accel, ":");

	if (!strncmp(accel, "kvm", n) && n == 3)
		q->def->virt_type = VK_VIRT_KVM;
	else if (!strncmp(accel, "tcg", n) && n == 3)
		q->def->virt_type = VK_VIRT_QEMU;
	else
		return vk_qa_err(o, "accelerator '%.*s': not supported",
				 (int)n, accel);
	return 0;
}

static int opt_machine(struct vk_qa *q, const struct vk_qa_opt *o)
{
	struct vk_qa_props p;
	const char *type, *accel;
	int acpi = 1, rc = -1;

	if (vk_qa_props_parse(o, o->value, "type", &p) < 0)
		goto out;
	type = vk_qa_get(&p, "type");
	accel = vk_qa_get(&p, "accel");
	if (vk_qa_get_bool(&p, "acpi", &acpi) < 0 ||
	    vk_qa_machine_timers(q, &p) < 0 ||
	    vk_qa_machine_mem(q, &p) < 0 ||
	    vk_qa_check_used(&p, NULL) < 0 ||
	    (accel && set_accel(q, o, accel) < 0))
		goto out;
	if (type && (!*type || !vk_dom_device_name_ok(type))) {
		vk_qa_err(o, "bad machine type '%s'", type);
		goto out;
	}
	if (type) {
		free(q->def->os.machine);
		q->def->os.machine = vk_strdup(type);
	}
	if (!acpi)
		q->acpi_off = true;
	rc = 0;
out:
	vk_qa_props_free(&p);
	return rc;
}

static int opt_accel(struct vk_qa *q, const struct vk_qa_opt *o)
{
	struct vk_qa_props p;
	const char *accel;
	int rc = -1;

	if (vk_qa_props_parse(o, o->value, "accel", &p) < 0)
		goto out;
	accel = vk_qa_get(&p, "accel");
	if (vk_qa_check_used(&p, NULL) < 0 || set_accel(q, o, accel) < 0)
		goto out;
	rc = 0;
out:
	vk_qa_props_free(&p);
	return rc;
}

static int opt_enable_kvm(struct vk_qa *q, const struct vk_qa_opt *o)
{
	(void)o;
	q->def->virt_type = VK_VIRT_KVM;
	return 0;
}

static int opt_no_kvm(struct vk_qa *q, const struct vk_qa_opt *o)
{
	(void)o;
	q->def->virt_type = VK_VIRT_QEMU;
	return 0;
}

/* ---- firmware, kernel, boot ---- */

static char **os_slot(struct vk_qa *q, const char *name)
{
	struct vk_os *os = &q->def->os;

	if (!strcmp(name, "bios")) {
		os->has_loader = true;
		return &os->loader;
	}
	if (!strcmp(name, "kernel"))
		return &os->kernel;
	if (!strcmp(name, "initrd"))
		return &os->initrd;
	return &os->cmdline;
}

static int opt_os_path(struct vk_qa *q, const struct vk_qa_opt *o)
{
	char **slot = os_slot(q, o->name);

	if (!*o->value && strcmp(o->name, "append"))
		return vk_qa_err(o, "empty path");
	free(*slot);
	*slot = *o->value ? vk_strdup(o->value) : NULL;
	return 0;
}

static int boot_dev(char c)
{
	switch (c) {
	case 'a': case 'b': return VK_BOOT_FD;
	case 'c': return VK_BOOT_HD;
	case 'd': return VK_BOOT_CDROM;
	case 'n': case 'o': case 'p': return VK_BOOT_NETWORK;
	default: return -1;
	}
}

static int boot_order(struct vk_qa *q, const struct vk_qa_opt *o,
		      const char *order)
{
	struct vk_os *os = &q->def->os;
	int i, j, dev;

	os->nboot = 0;
	for (i = 0; order[i]; i++) {
		dev = boot_dev(order[i]);
		if (dev < 0)
			return vk_qa_err(o, "boot device '%c': not one of "
					 "a, b, c, d, n, o, p", order[i]);
		for (j = 0; j < os->nboot; j++)
			if (os->boot[j] == dev)
				break;
		if (j < os->nboot)
			continue;
		if (os->nboot == VK_MAX_BOOT)
			return vk_qa_err(o, "more than %d boot devices",
					 VK_MAX_BOOT);
		os->boot[os->nboot++] = dev;
	}
	return 0;
}

static int opt_boot(struct vk_qa *q, const struct vk_qa_opt *o)
{
	struct vk_qa_props p;
	const char *order;
	int menu = -1, rc = -1;

	if (vk_qa_props_parse(o, o->value, "order", &p) < 0)
		goto out;
	order = vk_qa_get(&p, "order");
	if (vk_qa_get_bool(&p, "menu", &menu) < 0 ||
	    vk_qa_check_used(&p, NULL) < 0 ||
	    (order && boot_order(q, o, order) < 0))
		goto out;
	if (menu >= 0)
		q->def->os.bootmenu = menu;
	rc = 0;
out:
	vk_qa_props_free(&p);
	return rc;
}

/* ---- clock ---- */

/* "YYYY-MM-DDTHH:MM:SS" or "YYYY-MM-DD", UTC, as epoch seconds. */
static int parse_date(const char *s, time_t *t)
{
	struct tm tm;
	const char *end;

	memset(&tm, 0, sizeof(tm));
	end = strptime(s, "%Y-%m-%d", &tm);
	if (end && *end == 'T')
		end = strptime(end + 1, "%H:%M:%S", &tm);
	if (!end || *end)
		return -1;
	*t = timegm(&tm);
	return 0;
}

static int opt_rtc(struct vk_qa *q, const struct vk_qa_opt *o)
{
	struct vk_clock *clk = &q->def->clock;
	struct vk_qa_props p;
	const char *base;
	time_t t;
	int rc = -1;

	if (vk_qa_props_parse(o, o->value, NULL, &p) < 0)
		goto out;
	base = vk_qa_get(&p, "base");
	if (vk_qa_rtc_timer(q, &p) < 0 || vk_qa_check_used(&p, NULL) < 0)
		goto out;
	if (!base || !strcmp(base, "utc")) {
		clk->offset = VK_CLOCK_UTC;
	} else if (!strcmp(base, "localtime")) {
		clk->offset = VK_CLOCK_LOCALTIME;
	} else if (parse_date(base, &t) == 0) {
		/* The RTC starts at that time: an offset from now. */
		clk->offset = VK_CLOCK_VARIABLE;
		clk->adjustment = (long long)(t - time(NULL));
	} else {
		vk_qa_err(o, "base '%s': not utc, localtime or a date", base);
		goto out;
	}
	rc = 0;
out:
	vk_qa_props_free(&p);
	return rc;
}

static int opt_localtime(struct vk_qa *q, const struct vk_qa_opt *o)
{
	(void)o;
	q->def->clock.offset = VK_CLOCK_LOCALTIME;
	return 0;
}

/* ---- lifecycle ---- */

static int opt_no_acpi(struct vk_qa *q, const struct vk_qa_opt *o)
{
	(void)o;
	q->acpi_off = true;
	return 0;
}

static int opt_no_reboot(struct vk_qa *q, const struct vk_qa_opt *o)
{
	(void)o;
	q->def->on_reboot = VK_LIFE_DESTROY;
	return 0;
}

static int opt_action(struct vk_qa *q, const struct vk_qa_opt *o)
{
	struct vk_qa_props p;
	const char *reboot, *shutdown, *panic, *wd;
	int rc = -1;

	if (vk_qa_props_parse(o, o->value, NULL, &p) < 0)
		goto out;
	wd = vk_qa_get(&p, "watchdog");
	if (wd && vk_qa_watchdog_action(q, o, wd) < 0)
		goto out;
	reboot = vk_qa_get(&p, "reboot");
	shutdown = vk_qa_get(&p, "shutdown");
	panic = vk_qa_get(&p, "panic");
	if (vk_qa_check_used(&p, NULL) < 0)
		goto out;
	if (reboot && strcmp(reboot, "reset") && strcmp(reboot, "shutdown")) {
		vk_qa_err(o, "reboot '%s': not reset or shutdown", reboot);
		goto out;
	}
	if (shutdown && strcmp(shutdown, "poweroff") &&
	    strcmp(shutdown, "pause")) {
		vk_qa_err(o, "shutdown '%s': not poweroff or pause", shutdown);
		goto out;
	}
	if (panic && strcmp(panic, "pause") && strcmp(panic, "shutdown") &&
	    strcmp(panic, "exit-failure")) {
		vk_qa_err(o, "panic '%s': not pause, shutdown or exit-failure",
			  panic);
		goto out;
	}
	if (reboot)
		q->def->on_reboot = strcmp(reboot, "shutdown") ?
				    VK_LIFE_RESTART : VK_LIFE_DESTROY;
	if (shutdown)
		q->def->on_poweroff = strcmp(shutdown, "pause") ?
				      VK_LIFE_DESTROY : VK_LIFE_PRESERVE;
	if (panic)
		q->def->on_crash = strcmp(panic, "pause") ?
				   VK_LIFE_DESTROY : VK_LIFE_PRESERVE;
	rc = 0;
out:
	vk_qa_props_free(&p);
	return rc;
}

static int opt_no_shutdown(struct vk_qa *q, const struct vk_qa_opt *o)
{
	(void)o;
	q->def->on_poweroff = VK_LIFE_PRESERVE;
	return 0;
}

/* Options with nothing of the domain in them. */
static int opt_ignore(struct vk_qa *q, const struct vk_qa_opt *o)
{
	(void)q;
	(void)o;
	return 0;
}

static int opt_backend(struct vk_qa *q, const struct vk_qa_opt *o)
{
	(void)q;
	(void)o;
	return 0;	/* kept as a backend before the devices run */
}

/* ---- the option table ---- */

struct qa_optdef {
	const char *name;
	bool arg;
	int (*fn)(struct vk_qa *q, const struct vk_qa_opt *o);
};

static const struct qa_optdef optdefs[] = {
	{"name", true, opt_name}, {"uuid", true, opt_uuid},
	{"m", true, opt_memory}, {"smp", true, opt_smp},
	{"machine", true, opt_machine}, {"M", true, opt_machine},
	{"accel", true, opt_accel}, {"enable-kvm", false, opt_enable_kvm},
	{"no-kvm", false, opt_no_kvm}, {"no-kqemu", false, opt_ignore},
	{"cpu", true, vk_qa_cpu}, {"smbios", true, vk_qa_smbios},
	{"mem-path", true, vk_qa_mem_path},
	{"bios", true, opt_os_path}, {"kernel", true, opt_os_path},
	{"initrd", true, opt_os_path}, {"append", true, opt_os_path},
	{"boot", true, opt_boot},
	{"rtc", true, opt_rtc}, {"localtime", false, opt_localtime},
	{"no-acpi", false, opt_no_acpi}, {"no-reboot", false, opt_no_reboot},
	{"no-shutdown", false, opt_no_shutdown}, {"action", true, opt_action},
	{"drive", true, vk_qa_drive}, {"hda", true, vk_qa_drive_short},
	{"hdb", true, vk_qa_drive_short}, {"hdc", true, vk_qa_drive_short},
	{"hdd", true, vk_qa_drive_short}, {"cdrom", true, vk_qa_drive_short},
	{"fda", true, vk_qa_drive_short}, {"fdb", true, vk_qa_drive_short},
	{"global", true, vk_qa_global}, {"device", true, vk_qa_device},
	{"netdev", true, opt_backend}, {"fsdev", true, opt_backend},
	{"net", true, vk_qa_net},
	{"chardev", true, opt_backend}, {"serial", true, vk_qa_serial},
	{"parallel", true, vk_qa_serial}, {"mon", true, vk_qa_mon},
	{"vnc", true, vk_qa_vnc}, {"spice", true, vk_qa_spice},
	{"sdl", false, vk_qa_display},
	{"display", true, vk_qa_display}, {"full-screen", false, vk_qa_display},
	{"k", true, vk_qa_display}, {"nographic", false, opt_ignore},
	{"vga", true, vk_qa_old_vga}, {"audiodev", true, vk_qa_audiodev},
	{"soundhw", true, vk_qa_soundhw}, {"watchdog", true, vk_qa_old_watchdog},
	{"watchdog-action", true, vk_qa_old_watchdog},
	{"no-hpet", false, vk_qa_no_hpet},
	{"usb", false, opt_ignore}, {"usbdevice", true, vk_qa_usbdevice},
	{"balloon", true, vk_qa_balloon},
	{"object", true, vk_qa_object}, {"numa", true, vk_qa_numa},
	{"overcommit", true, vk_qa_overcommit},
	{"tpmdev", true, opt_backend},
	/* virtkit's supervisor and run-time only. */
	{"S", false, opt_ignore}, {"no-user-config", false, opt_ignore},
	{"nodefconfig", false, opt_ignore},	/* older -no-user-config */
	{"nodefaults", false, opt_ignore}, {"sandbox", true, opt_ignore},
	{"monitor", true, opt_ignore}, {"qmp", true, opt_ignore},
	{"pidfile", true, opt_ignore}, {"daemonize", false, opt_ignore},
	{NULL, false, NULL}
};

static const struct qa_optdef *find_optdef(const char *name)
{
	int i;

	for (i = 0; optdefs[i].name; i++)
		if (!strcmp(optdefs[i].name, name))
			return &optdefs[i];
	return NULL;
}

/* ---- the whole line ---- */

static bool is_env(const char *w)
{
	size_t n = strspn(w, "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstu"
			  "vwxyz0123456789_");

	return n && w[n] == '=' && !(w[0] >= '0' && w[0] <= '9');
}

/* The guest arch and type the emulator's name tells, as libvirt's
 * "qemu" (i686), "qemu-system-ARCH", "qemu-kvm" and "kvm". */
static void emulator_defaults(struct vk_qa *q)
{
	const char *base = strrchr(q->emulator, '/');
	struct vk_domain_def *def = q->def;

	base = base ? base + 1 : q->emulator;
	if (!strcmp(base, "qemu")) {
		def->os.arch = vk_strdup("i686");
	} else if (!strncmp(base, "qemu-system-", 12) && base[12]) {
		def->os.arch = vk_strdup(strcmp(base + 12, "i386") ?
					 base + 12 : "i686");
	} else if (!strcmp(base, "qemu-kvm") || !strcmp(base, "kvm")) {
		def->os.arch = vk_strdup("x86_64");
		def->virt_type = VK_VIRT_KVM;
	}
}

/* Word W, argument INDEX, is text a domain document can hold: valid
 * UTF-8 without control characters other than tab and newline. */
static int check_word(const char *w, int index)
{
	const unsigned char *p;

	if (!xmlCheckUTF8((const xmlChar *)w))
		return vk_error(VK_EXIT_DOCUMENT, "argument %d: not valid "
				"UTF-8", index);
	for (p = (const unsigned char *)w; *p; p++)
		if ((*p < 0x20 && *p != '\t' && *p != '\n') || *p == 0x7f)
			return vk_error(VK_EXIT_DOCUMENT, "argument %d: "
					"control character 0x%02X%s", index,
					*p, *p == '\r' ? " (a DOS line end?)" :
					"");
	return 0;
}

/* Collect the options of WORDS (after the emulator at FIRST) into Q. */
static int collect(struct vk_qa *q, const struct vk_argv *words, int first)
{
	int i;

	for (i = first; i < words->n; i++)
		if (check_word(words->v[i], i - first) < 0)
			return -1;
	/* At most one option a word, allocated at once. */
	q->opts = vk_calloc((size_t)words->n, sizeof(*q->opts));
	for (i = first + 1; i < words->n; i++) {
		struct vk_qa_opt *o;
		const struct qa_optdef *d;
		const char *w = words->v[i];
		struct vk_qa_opt bad = {i - first, w, NULL};

		if (w[0] != '-' || !w[1])
			return vk_error(VK_EXIT_DOCUMENT, "argument %d '%s': "
					"not an option", i - first, w);
		bad.name = w + (w[1] == '-' ? 2 : 1);
		d = find_optdef(bad.name);
		if (!d)
			return vk_error(VK_EXIT_DOCUMENT, "argument %d '%s': "
					"unknown option", i - first, w);
		if (d->arg && i + 1 >= words->n)
			return vk_qa_err(&bad, "missing value");
		o = &q->opts[q->nopts++];
		o->index = i - first;
		o->name = d->name;
		o->value = d->arg ? words->v[++i] : NULL;
	}
	return 0;
}

/* Backends before devices: -device names them by id. */
static int collect_backends(struct vk_qa *q)
{
	int i;

	for (i = 0; i < q->nopts; i++) {
		const struct vk_qa_opt *o = &q->opts[i];
		struct vk_qa_props p;
		int none, rc = 0;

		if (!strcmp(o->name, "chardev"))
			rc = vk_qa_add_backend(q, o, VK_QA_CHARDEV, "backend");
		else if (!strcmp(o->name, "netdev"))
			rc = vk_qa_add_backend(q, o, VK_QA_NETDEV, "type");
		else if (!strcmp(o->name, "fsdev"))
			rc = vk_qa_add_backend(q, o, VK_QA_FSDEV, "type");
		else if (!strcmp(o->name, "tpmdev"))
			rc = vk_qa_add_backend(q, o, VK_QA_TPMDEV, "type");
		else if (!strcmp(o->name, "object") &&
			 !strncmp(o->value, "memory-backend-", 15))
			rc = vk_qa_add_backend(q, o, VK_QA_OBJECT,
					       "qom-type");
		else if (!strcmp(o->name, "drive")) {
			if (vk_qa_props_parse(o, o->value, NULL, &p) < 0) {
				vk_qa_props_free(&p);
				return -1;
			}
			none = vk_qa_has(&p, "if") &&
			       !strcmp(vk_qa_get(&p, "if"), "none");
			vk_qa_props_free(&p);
			if (none)
				rc = vk_qa_add_backend(q, o, VK_QA_DRIVE,
						       NULL);
		}
		if (rc < 0)
			return -1;
	}
	return 0;
}

static int run(struct vk_qa *q, const struct vk_argv *words)
{
	int i, first = 0;

	while (first < words->n && is_env(words->v[first]))
		first++;
	if (first == words->n)
		return vk_error(VK_EXIT_DOCUMENT, "no emulator in the "
				"command line");
	q->emulator = words->v[first];
	q->def->emulator = vk_strdup(q->emulator);
	emulator_defaults(q);
	if (collect(q, words, first) < 0 || collect_backends(q) < 0)
		return -1;
	for (i = 0; i < q->nopts; i++)
		if (find_optdef(q->opts[i].name)->fn(q, &q->opts[i]) < 0)
			return -1;
	if (vk_qa_nets_finish(q) < 0 || vk_qa_display_finish(q) < 0 ||
	    vk_qa_video_finish(q) < 0 || vk_qa_chr_finish(q) < 0 ||
	    vk_qa_objects_finish(q) < 0 ||
	    vk_qa_check_backends(q) < 0)
		return -1;
	return 0;
}

/* virtkit's supervisor form: QEMU starts paused (-S), stays on
 * poweroff and pauses on a panic so that the supervisor can apply the
 * domain's actions.  The native line has no -S: there the two are
 * on_poweroff and on_crash preserve. */
static void supervisor_form(struct vk_qa *q)
{
	bool stays = false, pauses = false, paused = false;
	int i;

	for (i = 0; i < q->nopts; i++) {
		if (!strcmp(q->opts[i].name, "S"))
			paused = true;
		else if (!strcmp(q->opts[i].name, "no-shutdown"))
			stays = true;
		else if (!strcmp(q->opts[i].name, "action") &&
			 strstr(q->opts[i].value, "panic=pause"))
			pauses = true;
	}
	if (stays && pauses && paused) {
		q->def->on_poweroff = VK_LIFE_DESTROY;
		q->def->on_crash = VK_LIFE_DESTROY;
	} else if (stays && q->def->on_reboot == VK_LIFE_DESTROY) {
		/* A reboot shuts QEMU down, and it stays. */
		q->def->on_reboot = VK_LIFE_PRESERVE;
	}
}

struct vk_domain_def *vk_qemu_argv_parse(const char *text)
{
	struct vk_argv words = VK_ARGV_INIT;
	struct vk_qa q;
	int i, rc;

	memset(&q, 0, sizeof(q));
	q.log_chr = -1;
	q.def = vk_qa_new_def();
	q.def->balloon = -1;
	rc = vk_qemu_native_split(text, &words);
	if (rc == 0)
		rc = run(&q, &words);
	if (rc == 0) {
		supervisor_form(&q);
		q.def->features[VK_FEAT_ACPI] = !q.acpi_off;
		q.def->has_features = !q.acpi_off;
		/* A virtio balloon is the default. */
		q.def->balloon = !q.balloon ? VK_BALLOON_NONE :
				 q.def->balloon_addr.type ? VK_BALLOON_VIRTIO :
				 -1;
	}
	for (i = 0; i < q.nbackends; i++)
		vk_qa_props_free(&q.backends[i].props);
	free(q.backends);
	/* -net lists a failed parse left before vk_qa_nets_finish. */
	for (i = 0; i < q.noldnet; i++)
		vk_qa_props_free(&q.oldnet[i]);
	free(q.oldnet);
	free(q.opts);
	vk_argv_free(&words);
	if (rc < 0) {
		vk_domain_free(q.def);
		return NULL;
	}
	return q.def;
}
