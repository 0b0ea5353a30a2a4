/* The QEMU 7.2 command line for a domain: the machine part (emulator,
 * accelerator, machine, memory, CPUs, firmware and kernel, boot, clock,
 * lifecycle, monitors, sandbox).  The devices are in qemu_command_dev.c.
 *
 * Every string that comes from the domain and lands inside a
 * comma-separated option has its commas doubled.  Whatever the driver
 * cannot honour is refused with VK_EXIT_FAILED (exit 1) and
 * "WHAT: not supported by the qemu driver", never dropped. */
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <time.h>
#include <unistd.h>

#include "qemu_command_priv.h"
#include "qemu_firmware.h"
#include "util/error.h"
#include "util/uuid.h"

/* ---- shared helpers ---- */

void vk_qcmd_esc(struct vk_buf *b, const char *s)
{
	for (; *s; s++) {
		if (*s == ',')
			vk_buf_addc(b, ',');
		vk_buf_addc(b, *s);
	}
}

void vk_qcmd_kv(struct vk_buf *b, const char *key, const char *val)
{
	if (!val)
		return;
	vk_buf_addf(b, ",%s=", key);
	vk_qcmd_esc(b, val);
}

void vk_qcmd_push(struct vk_qcmd *c, const char *opt, struct vk_buf *b)
{
	vk_argv_add2(c->a, opt, b->s ? b->s : "");
	vk_buf_free(b);
}

static int refuse(const char *why, const char *fmt, va_list ap)
{
	char *what = vk_vasprintf(fmt, ap);

	vk_error(VK_EXIT_FAILED, "%s: not supported by the qemu driver%s%s%s",
		 what, why ? " (" : "", why ? why : "", why ? ")" : "");
	free(what);
	return -1;
}

int vk_qcmd_refuse(const char *fmt, ...)
{
	va_list ap;

	va_start(ap, fmt);
	refuse(NULL, fmt, ap);
	va_end(ap);
	return -1;
}

int vk_qcmd_refuse_why(const char *why, const char *fmt, ...)
{
	va_list ap;

	va_start(ap, fmt);
	refuse(why, fmt, ap);
	va_end(ap);
	return -1;
}

/* ---- emulator ---- */

static bool is_x86(const char *arch)
{
	return !arch || !strcmp(arch, "x86_64") || !strcmp(arch, "i686");
}

static char *find_in_path(const char *prog)
{
	const char *path = getenv("PATH");
	const char *p, *end;
	struct stat sb;

	if (!path || !*path)
		path = "/usr/local/bin:/usr/bin:/bin";
	for (p = path; ; p = end + 1) {
		char *cand;

		end = strchr(p, ':');
		if (!end)
			end = p + strlen(p);
		cand = vk_asprintf("%.*s/%s", end > p ? (int)(end - p) : 1,
				   end > p ? p : ".", prog);
		if (!stat(cand, &sb) && S_ISREG(sb.st_mode) &&
		    !access(cand, X_OK))
			return cand;
		free(cand);
		if (!*end)
			return NULL;
	}
}

char *vk_qemu_emulator(const struct vk_domain_def *def)
{
	const char *arch = def->os.arch;
	char *prog, *path;

	/* An explicit <emulator> is taken as it is: exec reports a
	 * missing one, and command lines can be built on any host. */
	if (def->emulator)
		return vk_strdup(def->emulator);
	prog = vk_asprintf("qemu-system-%s", is_x86(arch) ? "x86_64" : arch);
	path = find_in_path(prog);
	if (!path)
		vk_error(VK_EXIT_FAILED, "emulator '%s' not found", prog);
	free(prog);
	return path;
}

/* ---- machine, CPUs, memory ---- */

static int add_accel_machine(struct vk_qcmd *c)
{
	const struct vk_domain_def *def = c->def;
	struct vk_buf b = VK_BUF_INIT;
	const char *machine = def->os.machine;

	if (!machine && !c->x86)
		return vk_error(VK_EXIT_DOCUMENT, "os arch '%s': no default "
				"machine type; give <type machine='...'>",
				def->os.arch);
	vk_buf_add(&b, def->virt_type == VK_VIRT_KVM ? "kvm" : "tcg");
	vk_qcmd_accel_opts(c, &b);
	vk_qcmd_push(c, "-accel", &b);
	vk_qcmd_esc(&b, machine ? machine : "pc");
	/* ACPI is on only when <features> lists it, as in libvirt. */
	if (c->x86 && !def->features[VK_FEAT_ACPI])
		vk_buf_add(&b, ",acpi=off");
	vk_qcmd_machine_timers(c, &b);
	vk_qcmd_machine_features(c, &b);
	vk_qcmd_machine_mem(c, &b);
	vk_qcmd_push(c, "-machine", &b);
	vk_qcmd_pflash_globals(c);
	return vk_qcmd_cpu(c);
}

/* The vcpu cpuset and the vcpupin cpusets are CPU affinities the
 * supervisor gives QEMU and its vcpu threads: not on the command line. */
static int add_memory_cpus(struct vk_qcmd *c)
{
	const struct vk_domain_def *def = c->def;
	struct vk_buf b = VK_BUF_INIT;

	if (def->current_memory && def->current_memory < def->memory &&
	    def->balloon == VK_BALLOON_NONE)
		return vk_error(VK_EXIT_DOCUMENT, "currentMemory below memory "
				"needs a memory balloon, but memballoon model "
				"is 'none'");
	if (vk_qcmd_tuning(c) < 0 || vk_qcmd_memory(c) < 0)
		return -1;
	if (def->vcpus_current && def->vcpus_current < def->vcpus)
		vk_buf_addf(&b, "%u,maxcpus=%u", def->vcpus_current,
			    def->vcpus);
	else
		vk_buf_addf(&b, "%u", def->vcpus);
	if (vk_qcmd_smp_topology(c, &b) < 0) {
		vk_buf_free(&b);
		return -1;
	}
	vk_qcmd_push(c, "-smp", &b);
	if (vk_qcmd_numa(c) < 0 || vk_qcmd_root_objects(c) < 0)
		return -1;
	return vk_qcmd_smbios(c);
}

/* ---- firmware, kernel, boot ---- */

static int add_os(struct vk_qcmd *c)
{
	const struct vk_os *os = &c->def->os;

	if (c->def->bootloader)
		return vk_qcmd_refuse("<bootloader>");
	if (c->def->bootloader_args)
		return vk_qcmd_refuse("<bootloader_args>");
	if (os->root && !os->kernel)
		return vk_qcmd_refuse_why("root= goes on the kernel command "
					  "line", "<root> without <kernel>");
	if (vk_qcmd_firmware(c) < 0 || vk_qcmd_os_extras(c) < 0)
		return -1;
	if (os->kernel)
		vk_argv_add2(c->a, "-kernel", os->kernel);
	if (os->initrd)
		vk_argv_add2(c->a, "-initrd", os->initrd);
	/* root= goes first so that one in <cmdline> wins. */
	if (os->root || os->cmdline) {
		vk_argv_add(c->a, "-append");
		vk_argv_addf(c->a, "%s%s%s%s", os->root ? "root=" : "",
			     os->root ? os->root : "",
			     os->root && os->cmdline ? " " : "",
			     os->cmdline ? os->cmdline : "");
	}
	return 0;
}

static int add_boot(struct vk_qcmd *c)
{
	static const char letter[] = {
		[VK_BOOT_FD] = 'a', [VK_BOOT_HD] = 'c',
		[VK_BOOT_CDROM] = 'd', [VK_BOOT_NETWORK] = 'n',
	};
	const struct vk_os *os = &c->def->os;
	struct vk_buf b = VK_BUF_INIT;
	int i;

	/* <os><boot dev> with a per-device order is refused by the parser. */
	/* The PC firmware's boot list (CMOS) holds three devices. */
	if (c->x86 && os->nboot > 3)
		return vk_qcmd_refuse_why("the PC firmware takes 3",
					  "%d boot devices", os->nboot);
	if (!os->nboot && os->bootmenu < 0 && !os->has_bootmenu_timeout &&
	    !os->has_reboot_timeout)
		return 0;
	if (os->nboot) {
		vk_buf_add(&b, "order=");
		for (i = 0; i < os->nboot; i++)
			vk_buf_addc(&b, letter[os->boot[i]]);
	}
	if (os->bootmenu >= 0)
		vk_buf_addf(&b, "%smenu=%s", os->nboot ? "," : "",
			    os->bootmenu ? "on" : "off");
	vk_qcmd_boot_extras(c, &b);
	vk_qcmd_push(c, "-boot", &b);
	return 0;
}

/* ---- clock ---- */

/* The wall-clock time in ZONE at T, through TZ (restored after). */
static int zone_time(const char *zone, time_t t, struct tm *tm)
{
	const char *dir = getenv("TZDIR");
	char *old = getenv("TZ") ? vk_strdup(getenv("TZ")) : NULL;
	char *file;
	int ok;

	if (!dir || !*dir)
		dir = "/usr/share/zoneinfo";
	file = vk_asprintf("%s/%s", dir, zone);
	ok = zone[0] != '/' && !strstr(zone, "..") && !access(file, R_OK);
	free(file);
	if (!ok) {
		free(old);
		return vk_error(VK_EXIT_DOCUMENT, "clock timezone '%s': "
				"unknown time zone", zone);
	}
	setenv("TZ", zone, 1);
	tzset();
	ok = localtime_r(&t, tm) != NULL;
	if (old)
		setenv("TZ", old, 1);
	else
		unsetenv("TZ");
	tzset();
	free(old);
	if (!ok)
		return vk_error(VK_EXIT_DOCUMENT, "clock timezone '%s': "
				"cannot convert the time", zone);
	return 0;
}

static int add_clock(struct vk_qcmd *c)
{
	const struct vk_clock *clk = &c->def->clock;
	time_t now = c->st->now ? (time_t)c->st->now : time(NULL);
	struct vk_buf b = VK_BUF_INIT;
	struct tm tm;

	for (int i = 0; i < clk->ntimers; i++)
		if (clk->timers[i].name == VK_TIMER_ARMVTIMER)
			return vk_qcmd_refuse_why("it is the timer of ARM "
						  "guests", "timer 'armvtimer'");
	switch (clk->offset) {
	case VK_CLOCK_UTC:
		vk_buf_add(&b, "base=utc");
		break;
	case VK_CLOCK_LOCALTIME:
		vk_buf_add(&b, "base=localtime");
		break;
	case VK_CLOCK_TIMEZONE:
		/* QEMU has no zone base: start the RTC at the zone's
		 * wall-clock time now. */
		if (zone_time(clk->timezone, now, &tm) < 0)
			return -1;
		break;
	case VK_CLOCK_ABSOLUTE:
		now = (time_t)clk->start;
		if (!gmtime_r(&now, &tm))
			return vk_error(VK_EXIT_DOCUMENT, "clock start %llu: out "
					"of range", clk->start);
		break;
	default:
		/* From UTC, or from the host's local time (basis). */
		now += (time_t)clk->adjustment;
		if (!(clk->basis_localtime ? localtime_r(&now, &tm)
					   : gmtime_r(&now, &tm)))
			return vk_error(VK_EXIT_DOCUMENT, "clock adjustment "
					"%lld: out of range", clk->adjustment);
		break;
	}
	if (clk->offset != VK_CLOCK_UTC && clk->offset != VK_CLOCK_LOCALTIME)
		vk_buf_addf(&b, "base=%04d-%02d-%02dT%02d:%02d:%02d",
			    tm.tm_year + 1900, tm.tm_mon + 1, tm.tm_mday,
			    tm.tm_hour, tm.tm_min, tm.tm_sec);
	if (vk_qcmd_rtc_timers(c, &b) < 0) {
		vk_buf_free(&b);
		return -1;
	}
	vk_qcmd_push(c, "-rtc", &b);
	return vk_qcmd_pit(c);
}

/* ---- lifecycle, monitors, sandbox ---- */

static void add_lifecycle(struct vk_qcmd *c)
{
	/* The supervisor applies on_poweroff, on_reboot and on_crash:
	 * QEMU stops and reports instead of acting. */
	vk_argv_add(c->a, "-no-shutdown");
	vk_argv_add2(c->a, "-action", "panic=pause");
	if (c->def->on_reboot != VK_LIFE_RESTART)
		vk_argv_add2(c->a, "-action", "reboot=shutdown");
}

static void add_qmp(struct vk_qcmd *c, const char *id, const char *path)
{
	struct vk_buf b = VK_BUF_INIT;

	if (!path)
		return;
	vk_buf_addf(&b, "socket,id=%s", id);
	vk_qcmd_kv(&b, "path", path);
	vk_buf_add(&b, ",server=on,wait=off");
	vk_qcmd_push(c, "-chardev", &b);
	vk_argv_add(c->a, "-mon");
	vk_argv_addf(c->a, "chardev=%s,mode=control", id);
}

static void add_sandbox(struct vk_qcmd *c)
{
	if (!c->st->sandbox)
		return;
	vk_argv_add2(c->a, "-sandbox", c->st->spawn_allowed ?
		     "on,obsolete=deny,elevateprivileges=deny,"
		     "resourcecontrol=deny" :
		     "on,obsolete=deny,elevateprivileges=deny,spawn=deny,"
		     "resourcecontrol=deny");
}

static void add_identity(struct vk_qcmd *c)
{
	struct vk_buf b = VK_BUF_INIT;
	char uuid[VK_UUID_STRLEN + 1];

	vk_buf_add(&b, "guest=");
	vk_qcmd_esc(&b, c->def->name);
	vk_qcmd_push(c, "-name", &b);
	vk_uuid_format(c->def->uuid, uuid);
	vk_argv_add2(c->a, "-uuid", uuid);
	vk_argv_add(c->a, "-S");
	vk_argv_add(c->a, "-no-user-config");
	vk_argv_add(c->a, "-nodefaults");
}

/* ---- the whole line ---- */

static int build(struct vk_qcmd *c)
{
	const struct vk_domain_def *def = c->def;
	char *emu;

	if (def->virt_type != VK_VIRT_QEMU && def->virt_type != VK_VIRT_KVM)
		return vk_qcmd_refuse("domain type '%s'",
				      vk_virt_type_names[def->virt_type]);
	if (!def->os.type || strcmp(def->os.type, "hvm"))
		return vk_qcmd_refuse("os type '%s'",
				      def->os.type ? def->os.type : "");
	if (vk_qcmd_seclabel(c) < 0 || vk_qcmd_kept(c) < 0)
		return -1;
	emu = vk_qemu_emulator(def);
	if (!emu)
		return -1;
	vk_argv_add(c->a, emu);
	free(emu);
	add_identity(c);
	add_sandbox(c);
	if (add_accel_machine(c) < 0 || vk_qcmd_features(c) < 0 ||
	    add_memory_cpus(c) < 0 || add_os(c) < 0 || add_boot(c) < 0 ||
	    add_clock(c) < 0)
		return -1;
	add_lifecycle(c);
	add_qmp(c, "qmp0", c->st->qmp_supervisor);
	add_qmp(c, "qmp1", c->st->qmp_commands);
	if (vk_qcmd_display(c) < 0)
		return -1;
	if (c->x86)
		vk_argv_add2(c->a, "-device", "pvpanic");
	/* storage devices: explicit controllers first, then disks,
	 * filesystems and host devices before the devices QEMU places. */
	if (vk_qcmd_controllers(c) < 0 || vk_qcmd_disks(c) < 0 ||
	    vk_qcmd_filesystems(c) < 0 || vk_qcmd_hostdevs(c) < 0)
		return -1;
	if (vk_qcmd_nets(c) < 0 ||
	    vk_qcmd_inputs(c) < 0 || vk_qcmd_video(c) < 0 ||
	    vk_qcmd_sounds(c) < 0 ||
	    vk_qcmd_chrs(c) < 0 || vk_qcmd_smartcards(c) < 0 ||
	    vk_qcmd_redirdevs(c) < 0 || vk_qcmd_watchdog(c) < 0 ||
	    vk_qcmd_balloon(c) < 0 || vk_qcmd_devmisc(c) < 0)
		return -1;
	vk_qcmd_passthrough(c);
	return 0;
}

int vk_qemu_build_argv(const struct vk_domain_def *def,
		       const struct vk_qemu_start *st, struct vk_argv *out)
{
	struct vk_argv a = VK_ARGV_INIT;
	struct vk_domain_def *filled = NULL;
	struct vk_qcmd c;
	char *dir = NULL;
	int i, rc;

	/* What vm-define and vm-start fill in, for xml-convert. */
	if (vk_qcmd_firmware_needs_fill(def)) {
		filled = vk_domain_copy(def);
		if (!st->nvram_dir)
			dir = vk_qemu_nvram_dir("/var/lib/virtkit/qemu");
		if (vk_qemu_firmware_fill(&filled->os, def->name, st->nvram_dir
					  ? st->nvram_dir : dir) < 0) {
			free(dir);
			vk_domain_free(filled);
			return -1;
		}
		free(dir);
		def = filled;
	}
	memset(&c, 0, sizeof(c));
	c.def = def;
	c.st = st;
	c.a = &a;
	c.x86 = is_x86(def->os.arch);
	rc = build(&c);
	vk_domain_free(filled);
	if (rc < 0) {
		vk_argv_free(&a);
		return -1;
	}
	for (i = 0; i < a.n; i++)
		vk_argv_add(out, a.v[i]);
	vk_argv_free(&a);
	return 0;
}
