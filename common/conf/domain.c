#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "../util/error.h"
#include "../util/name.h"
#include "../util/uuid.h"
#include "domain_platform.h"

const char *const vk_virt_type_names[] = {
	"qemu", "kvm", "kqemu", "xen", "lxc", "test", NULL
};
/* on_poweroff and on_reboot take the first four only. */
static const char *const lifecycle_basic[] = {
	"destroy", "restart", "preserve", "rename-restart", NULL
};

#define MAX_MEMORY (1ULL << 50)	/* KiB: 1 EiB, far beyond any host */
#define MAX_VCPUS 4096
/* Device parsers check each new device against the earlier ones; the
 * cap keeps that quadratic work small. */
#define MAX_DEVICES 4096

void *vk_array_add(void *arrayp, int *n, size_t size)
{
	char **array = arrayp;
	char *slot;

	*array = vk_realloc(*array, ((size_t)*n + 1) * size);
	slot = *array + (size_t)*n * size;
	memset(slot, 0, size);
	(*n)++;
	return slot;
}

/* What the root parse remembers between children. */
struct parse_state {
	unsigned flags;
	bool has_uuid;
	bool has_memory;
	bool has_os;
	xmlNodePtr current_memory;	/* set when <currentMemory> given */
};

/* ---- metadata ---- */

static int parse_name(struct vk_domain_def *def, xmlNodePtr node,
		      struct parse_state *st)
{
	(void)st;
	if (vk_xml_plain_text(node, true, &def->name) < 0)
		return -1;
	if (vk_name_check("domain", def->name) < 0)
		return vk_xml_error_wrap(node);
	return 0;
}

static int parse_uuid(struct vk_domain_def *def, xmlNodePtr node,
		      struct parse_state *st)
{
	char *text;
	int rc = 0;

	if (vk_xml_plain_text(node, true, &text) < 0)
		return -1;
	if (vk_uuid_parse(text, def->uuid) < 0)
		rc = vk_xml_error(node, "'%s' is not a valid UUID", text);
	free(text);
	st->has_uuid = true;
	return rc;
}

static int parse_description(struct vk_domain_def *def, xmlNodePtr node,
			     struct parse_state *st)
{
	(void)st;
	return vk_xml_plain_text(node, false, &def->description);
}

static int parse_metadata(struct vk_domain_def *def, xmlNodePtr node,
			  struct parse_state *st)
{
	(void)st;
	return vk_dom_parse_metadata(def, node);
}

/* ---- resources ---- */

/* A size in KiB, with libvirt's unit= (KiB when absent). */
static int parse_kib(xmlNodePtr node, unsigned long long *out)
{
	static const char *const attrs[] = {"unit", NULL};

	if (vk_xml_check_attrs(node, attrs) < 0 ||
	    vk_xml_text_size(node, 1024, 1024, MAX_MEMORY, out) < 0)
		return -1;
	if (!*out)
		return vk_xml_error(node, "must be at least 1 KiB");
	return 0;
}

static const char *const on_off[] = {"off", "on", NULL};

static int parse_memory(struct vk_domain_def *def, xmlNodePtr node,
			struct parse_state *st)
{
	static const char *const attrs[] = {"unit", "dumpCore", NULL};

	st->has_memory = true;
	if (vk_xml_check_attrs(node, attrs) < 0 ||
	    vk_xml_attr_enum(node, "dumpCore", on_off, false,
			     &def->res.dump_core) < 0 ||
	    vk_xml_text_size(node, 1024, 1024, MAX_MEMORY, &def->memory) < 0)
		return -1;
	if (!def->memory)
		return vk_xml_error(node, "must be at least 1 KiB");
	return 0;
}

static int parse_current_memory(struct vk_domain_def *def, xmlNodePtr node,
				struct parse_state *st)
{
	st->current_memory = node;
	return parse_kib(node, &def->current_memory);
}

static int parse_vcpu(struct vk_domain_def *def, xmlNodePtr node,
		      struct parse_state *st)
{
	static const char *const attrs[] = {
		"cpuset", "current", "placement", NULL
	};
	static const char *const placements[] = {"static", "auto", NULL};
	unsigned long long n, cur;
	bool has_cur;

	(void)st;
	if (vk_xml_check_attrs(node, attrs) < 0 ||
	    vk_xml_attr_enum(node, "placement", placements, false,
			     &def->res.vcpu_placement) < 0 ||
	    vk_xml_attr_uint(node, "current", false, MAX_VCPUS, false, &cur,
			     &has_cur) < 0)
		return -1;
	if (vk_xml_text_uint(node, MAX_VCPUS, &n) < 0)
		return -1;
	if (n < 1)
		return vk_xml_error(node, "must be at least 1");
	def->vcpus = (unsigned)n;
	if (has_cur && (cur < 1 || cur > n))
		return vk_xml_error(node, "current '%llu' is not between 1 "
				    "and %llu", cur, n);
	def->vcpus_current = has_cur ? (unsigned)cur : 0;
	/* platform: sysinfo, tuning, cpu */
	return vk_dom_parse_cpuset(node, "cpuset", &def->cpuset);
}

/* ---- lifecycle ---- */

static int parse_lifecycle(struct vk_domain_def *def, xmlNodePtr node,
			   struct parse_state *st)
{
	(void)st;
	if (vk_xml_check_attrs(node, NULL) < 0)
		return -1;
	if (vk_xml_is(node, "on_poweroff"))
		return vk_xml_text_enum(node, lifecycle_basic,
					&def->on_poweroff);
	if (vk_xml_is(node, "on_reboot"))
		return vk_xml_text_enum(node, lifecycle_basic,
					&def->on_reboot);
	return vk_xml_text_enum(node, vk_lifecycle_names, &def->on_crash);
}

/* ---- wrappers for the group parsers ---- */

static int parse_os(struct vk_domain_def *def, xmlNodePtr node,
		    struct parse_state *st)
{
	st->has_os = true;
	return vk_dom_parse_os(def, node);
}

static int parse_features(struct vk_domain_def *def, xmlNodePtr node,
			  struct parse_state *st)
{
	(void)st;
	return vk_dom_parse_features(def, node);
}

static int parse_clock(struct vk_domain_def *def, xmlNodePtr node,
		       struct parse_state *st)
{
	(void)st;
	return vk_dom_parse_clock(def, node);
}

static int parse_bootloader(struct vk_domain_def *def, xmlNodePtr node,
			    struct parse_state *st)
{
	(void)st;
	return vk_dom_parse_bootloader(def, node);
}

/* platform: sysinfo, tuning, cpu */
static int parse_platform(struct vk_domain_def *def, xmlNodePtr node,
			  struct parse_state *st)
{
	(void)st;
	return vk_dom_parse_platform(def, node);
}

static int parse_res(struct vk_domain_def *def, xmlNodePtr node,
		     struct parse_state *st)
{
	(void)st;
	return vk_dom_parse_res(def, node);
}

/* network, display and other devices */
static int parse_seclabel(struct vk_domain_def *def, xmlNodePtr node,
			  struct parse_state *st)
{
	return vk_dom_parse_seclabel(def, node, st->flags);
}

/* ---- devices ---- */

static int parse_serial(struct vk_domain_def *def, xmlNodePtr node)
{
	return vk_dom_parse_chr(def, node, VK_CHR_SERIAL);
}

static int parse_parallel(struct vk_domain_def *def, xmlNodePtr node)
{
	return vk_dom_parse_chr(def, node, VK_CHR_PARALLEL);
}

static int parse_console(struct vk_domain_def *def, xmlNodePtr node)
{
	return vk_dom_parse_chr(def, node, VK_CHR_CONSOLE);
}

/* character devices, smartcards, leases */
static int parse_channel(struct vk_domain_def *def, xmlNodePtr node)
{
	return vk_dom_parse_chr(def, node, VK_CHR_CHANNEL);
}

static const struct {
	const char *name;
	bool once;
	int (*parse)(struct vk_domain_def *def, xmlNodePtr node);
} device_parsers[] = {
	{"emulator", true, vk_dom_parse_emulator},
	{"disk", false, vk_dom_parse_disk},
	/* storage devices */
	{"filesystem", false, vk_dom_parse_fs},
	{"controller", false, vk_dom_parse_controller},
	{"hostdev", false, vk_dom_parse_hostdev},
	{"interface", false, vk_dom_parse_net},
	{"input", false, vk_dom_parse_input},
	{"graphics", false, vk_dom_parse_graphics},
	{"serial", false, parse_serial},
	{"parallel", false, parse_parallel},
	{"console", false, parse_console},
	/* character devices, smartcards, leases */
	{"channel", false, parse_channel},
	{"smartcard", false, vk_dom_parse_smartcard},
	{"lease", false, vk_dom_parse_lease},
	/* network, display and other devices */
	{"sound", false, vk_dom_parse_sound},
	{"video", false, vk_dom_parse_video},
	{"audio", false, vk_dom_parse_audio},	/* display and sound */
	{"redirdev", false, vk_dom_parse_redirdev},
	{"redirfilter", true, vk_dom_parse_redirfilter},
	{"hub", false, vk_dom_parse_hub},
	{"watchdog", true, vk_dom_parse_watchdog},
	{"memballoon", true, vk_dom_parse_memballoon},
	{"rng", false, vk_dom_parse_rng},	/* other devices */
	{"tpm", false, vk_dom_parse_tpm},
};

#define NDEVICE_PARSERS (sizeof(device_parsers) / sizeof(*device_parsers))

static int parse_devices(struct vk_domain_def *def, xmlNodePtr node,
			 struct parse_state *st)
{
	bool seen[NDEVICE_PARSERS] = {false};
	xmlNodePtr child;
	size_t i;
	int n = 0;

	(void)st;
	if (vk_xml_check_attrs(node, NULL) < 0 ||
	    vk_xml_check_no_text(node) < 0)
		return -1;
	vk_xml_foreach(child, node) {
		if (++n > MAX_DEVICES)
			return vk_xml_child_error(child, "more than %d devices",
						  MAX_DEVICES);
		for (i = 0; i < NDEVICE_PARSERS; i++)
			if (vk_xml_is(child, device_parsers[i].name))
				break;
		if ((i == NDEVICE_PARSERS && !child->ns &&
		     vk_dom_kept_dev((const char *)child->name)) ||
		    vk_dom_kept_fs(child) || vk_dom_kept_hostdev(child)) {
			if (vk_dom_keep(&def->kept_devs, &def->nkept_devs,
					child) < 0)
				return -1;
			continue;
		}
		if (i == NDEVICE_PARSERS)
			return vk_xml_unknown(child);
		if (seen[i] && device_parsers[i].once)
			return vk_xml_duplicate(child);
		seen[i] = true;
		if (device_parsers[i].parse(def, child) < 0)
			return -1;
	}
	return 0;
}

/* ---- root ---- */

typedef int (*root_parser)(struct vk_domain_def *def, xmlNodePtr node,
			   struct parse_state *st);

static const struct {
	const char *name;
	root_parser parse;
} root_parsers[] = {
	{"name", parse_name},
	{"uuid", parse_uuid},
	{"description", parse_description},
	{"title", parse_res},
	{"genid", parse_res},
	{"maxMemory", parse_res},
	{"vcpus", parse_res},
	{"iothreads", parse_res},
	{"iothreadids", parse_res},
	{"pm", parse_res},
	{"metadata", parse_metadata},
	{"memory", parse_memory},
	{"currentMemory", parse_current_memory},
	{"vcpu", parse_vcpu},
	/* platform: sysinfo, tuning, cpu */
	{"memoryBacking", parse_platform},
	{"blkiotune", parse_platform},
	{"memtune", parse_platform},
	{"cputune", parse_platform},
	{"sysinfo", parse_platform},
	{"cpu", parse_platform},
	{"bootloader", parse_bootloader},
	{"bootloader_args", parse_bootloader},
	{"os", parse_os},
	{"features", parse_features},
	{"clock", parse_clock},
	{"on_poweroff", parse_lifecycle},
	{"on_reboot", parse_lifecycle},
	{"on_crash", parse_lifecycle},
	{"devices", parse_devices},
	{"seclabel", parse_seclabel},	/* network, display and others */
};

#define NROOT_PARSERS (sizeof(root_parsers) / sizeof(*root_parsers))

static int parse_root_attrs(struct vk_domain_def *def, xmlNodePtr root,
			    unsigned flags)
{
	static const char *const attrs[] = {"type", "id", NULL};
	unsigned long long id;
	bool has_id;

	if (root->ns)
		return vk_xml_error(root, "namespace '%s' is not allowed here",
				    root->ns->href);
	if (!vk_xml_is(root, "domain"))
		return vk_xml_error(root, "the root element must be <domain>");
	if (vk_xml_check_attrs(root, attrs) < 0 ||
	    vk_xml_attr_enum(root, "type", vk_virt_type_names, true,
			     &def->virt_type) < 0 ||
	    vk_xml_attr_uint(root, "id", false, 0x7fffffff, false, &id,
			     &has_id) < 0)
		return -1;
	if (has_id && !(flags & VK_PARSE_INACTIVE))
		def->id = (int)id;
	return vk_xml_check_no_text(root);
}

/* A second or later <seclabel>: kept as given, one per model (the
 * model given, or the first's when left out). */
static int second_seclabel(struct vk_domain_def *def, xmlNodePtr node)
{
	char *model = vk_xml_attr(node, "model");
	xmlNodePtr c;
	bool dup = false;

	if (!model || (def->seclabel.model &&
		       !strcmp(model, def->seclabel.model)))
		dup = true;
	for (c = vk_xml_first(node->parent); c && c != node && !dup;
	     c = vk_xml_next(c)) {
		char *m;

		if (!vk_xml_is(c, "seclabel"))
			continue;
		m = vk_xml_attr(c, "model");
		dup = m && !strcmp(m, model);
		free(m);
	}
	free(model);
	if (dup)
		return vk_xml_child_error(node, "more than one <seclabel> of "
					  "one model");
	return vk_dom_keep(&def->kept, &def->nkept, node);
}

static int parse_children(struct vk_domain_def *def, xmlNodePtr root,
			  struct parse_state *st)
{
	bool seen[NROOT_PARSERS] = {false};
	xmlNodePtr child;
	size_t i;

	vk_xml_foreach(child, root) {
		if (vk_dom_is_qemu_ns(child)) {
			if (vk_dom_parse_qemu_ns(def, child) < 0)
				return -1;
			continue;
		}
		for (i = 0; i < NROOT_PARSERS; i++)
			if (vk_xml_is(child, root_parsers[i].name))
				break;
		if (i == NROOT_PARSERS && !child->ns &&
		    vk_dom_kept_root((const char *)child->name)) {
			if (vk_dom_keep(&def->kept, &def->nkept, child) < 0)
				return -1;
			continue;
		}
		if (i == NROOT_PARSERS)
			return vk_xml_unknown(child);
		/* A label per security model: the first is modelled, the
		 * others are kept as given (and refused at start). */
		if (seen[i] && vk_xml_is(child, "seclabel")) {
			if (second_seclabel(def, child) < 0)
				return -1;
			continue;
		}
		if (seen[i])
			return vk_xml_duplicate(child);
		seen[i] = true;
		if (vk_dom_kept_tune(child)) {
			if (vk_dom_keep(&def->kept, &def->nkept, child) < 0)
				return -1;
			continue;
		}
		if (root_parsers[i].parse(def, child, st) < 0)
			return -1;
	}
	return 0;
}

/* The first <disk><boot>, <hostdev><boot> or <interface><boot> under
 * ROOT's <devices>, or NULL. */
static xmlNodePtr first_disk_boot(xmlNodePtr root)
{
	xmlNodePtr dev, disk, child;

	vk_xml_foreach(dev, root) {
		if (!vk_xml_is(dev, "devices"))
			continue;
		vk_xml_foreach(disk, dev) {
			if (!vk_xml_is(disk, "disk") &&
			    !vk_xml_is(disk, "hostdev") &&
			    !vk_xml_is(disk, "interface"))
				continue;
			vk_xml_foreach(child, disk)
				if (vk_xml_is(child, "boot"))
					return child;
		}
	}
	return NULL;
}

/* <os><boot dev> orders by device class, <boot order> device by
 * device: the two cannot be combined. */
static int check_boot_mix(const struct vk_domain_def *def, xmlNodePtr root)
{
	xmlNodePtr boot;

	if (!def->os.nboot)
		return 0;
	boot = first_disk_boot(root);
	if (!boot)
		return 0;
	return vk_xml_child_error(boot, "per-device <boot order> cannot be "
				  "used with <os><boot dev>");
}

/* Defaults and the checks that need the whole document. */
static int finish(struct vk_domain_def *def, xmlNodePtr root,
		  struct parse_state *st)
{
	if (!def->name)
		return vk_xml_error(root, "missing element <name>");
	if (!st->has_memory)
		return vk_xml_error(root, "missing element <memory>");
	if (!st->has_os)
		return vk_xml_error(root, "missing element <os>");
	/* platform: sysinfo, tuning, cpu */
	if (vk_dom_platform_finish(def, root, &st->has_uuid) < 0)
		return -1;
	def->uuid_generated = !st->has_uuid;
	if (!st->has_uuid && vk_uuid_generate(def->uuid) < 0)
		return -1;
	/* As libvirt: no <currentMemory>, or one above <memory> (which
	 * NUMA cells may have lowered to their sum), is <memory>. */
	if (!st->current_memory || def->current_memory > def->memory)
		def->current_memory = def->memory;
	if (vk_dom_res_finish(def, root) < 0)
		return -1;
	if (!def->vcpus)
		def->vcpus = 1;
	if (check_boot_mix(def, root) < 0 ||
	    vk_dom_net_finish(def, root, st->flags) < 0 ||
	    vk_dom_alias_finish(root, st->flags) < 0)
		return -1;
	vk_dom_default_inputs(def);
	return vk_dom_display_finish(def, root);
}

static struct vk_domain_def *new_def(void)
{
	struct vk_domain_def *def = vk_calloc(1, sizeof(*def));

	def->id = -1;
	def->on_poweroff = VK_LIFE_DESTROY;
	def->on_reboot = VK_LIFE_RESTART;
	def->on_crash = VK_LIFE_DESTROY;
	def->os.bootmenu = -1;
	def->os.smbios = -1;	/* platform: sysinfo, tuning, cpu */
	def->cpu.match = def->cpu.mode = def->cpu.check = -1;
	def->cpu.migratable = def->cpu.fallback = -1;
	def->cpu.cache_level = def->cpu.cache_mode = -1;
	def->mb.source = def->mb.access = def->mb.alloc = -1;
	def->res.dump_core = def->res.vcpu_placement = -1;
	def->res.pm_mem = def->res.pm_disk = -1;
	def->clock.offset = VK_CLOCK_UTC;
	def->balloon = -1;
	def->watchdog.model = -1;	/* network, display and others */
	def->seclabel.type = -1;
	def->seclabel.relabel = -1;
	vk_dom_devmisc_init(def);	/* other devices */
	return def;
}

struct vk_domain_def *vk_domain_parse(xmlDocPtr doc, unsigned flags)
{
	struct parse_state st = {.flags = flags};
	struct vk_domain_def *def = new_def();
	xmlNodePtr root = xmlDocGetRootElement(doc);

	if (!root) {
		vk_error(VK_EXIT_DOCUMENT, "%s: document is empty",
			 doc->URL ? (const char *)doc->URL : "document");
		goto fail;
	}
	if (parse_root_attrs(def, root, flags) < 0 ||
	    parse_children(def, root, &st) < 0 || finish(def, root, &st) < 0)
		goto fail;
	if (!(flags & VK_PARSE_NO_SCHEMA) && vk_xml_validate(doc, "domain") < 0)
		goto fail;
	return def;
fail:
	vk_domain_free(def);
	return NULL;
}

struct vk_domain_def *vk_domain_parse_string(const char *xml, size_t len,
					     const char *name, unsigned flags)
{
	struct vk_domain_def *def;
	xmlDocPtr doc = vk_xml_parse(xml, len, name);

	if (!doc)
		return NULL;
	def = vk_domain_parse(doc, flags);
	xmlFreeDoc(doc);
	return def;
}

struct vk_domain_def *vk_domain_parse_file(const char *path, unsigned flags)
{
	struct vk_domain_def *def;
	xmlDocPtr doc = vk_xml_parse_file(path);

	if (!doc)
		return NULL;
	def = vk_domain_parse(doc, flags);
	xmlFreeDoc(doc);
	return def;
}

/* ---- format ---- */

static void format_vcpu(struct vk_xw *w, const struct vk_domain_def *def)
{
	char n[16];

	static const char *const placements[] = {"static", "auto"};

	vk_xw_open(w, "vcpu");
	if (def->res.vcpu_placement >= 0)
		vk_xw_attr(w, "placement",
			   placements[def->res.vcpu_placement]);
	vk_xw_attr(w, "cpuset", def->cpuset);
	if (def->vcpus_current)
		vk_xw_attrf(w, "current", "%u", def->vcpus_current);
	snprintf(n, sizeof(n), "%u", def->vcpus);
	vk_xw_text(w, n);
	vk_xw_close(w);
}

static void format_devices(struct vk_xw *w, const struct vk_domain_def *def,
			   unsigned flags)
{
	static const int chr_order[] = {
		VK_CHR_PARALLEL, VK_CHR_SERIAL, VK_CHR_CONSOLE, VK_CHR_CHANNEL
	};
	int i, k;

	vk_xw_open(w, "devices");
	vk_xw_elem(w, "emulator", def->emulator);
	for (i = 0; i < def->ndisks; i++)
		vk_dom_format_disk(w, &def->disks[i], flags);
	/* storage devices */
	for (i = 0; i < def->ncontrollers; i++)
		vk_dom_format_controller(w, &def->controllers[i]);
	for (i = 0; i < def->nleases; i++)	/* leases */
		vk_dom_format_lease(w, &def->leases[i]);
	for (i = 0; i < def->nfss; i++)
		vk_dom_format_fs(w, &def->fss[i]);
	for (i = 0; i < def->nnets; i++)
		vk_dom_format_net(w, &def->nets[i], flags);
	for (i = 0; i < def->nsmartcards; i++)	/* smartcards */
		vk_dom_format_smartcard(w, &def->smartcards[i], flags);
	for (i = 0; i < def->ninputs; i++)
		vk_dom_format_input(w, &def->inputs[i]);
	for (i = 0; i < def->ngraphics; i++)
		vk_dom_format_graphics(w, &def->graphics[i], flags);
	for (i = 0; i < def->nsounds; i++)	/* network, display, others */
		vk_dom_format_sound(w, &def->sounds[i]);
	for (i = 0; i < def->naudios; i++)
		vk_dom_format_audio(w, &def->audios[i]);
	for (i = 0; i < def->nvideos; i++)
		vk_dom_format_video(w, &def->videos[i]);
	for (k = 0; k < 4; k++)
		for (i = 0; i < def->nchrs; i++)
			if (def->chrs[i].kind == chr_order[k])
				vk_dom_format_chr(w, &def->chrs[i], flags);
	for (i = 0; i < def->nhostdevs; i++)	/* storage devices */
		vk_dom_format_hostdev(w, &def->hostdevs[i]);
	for (i = 0; i < def->nredirdevs; i++)	/* display and sound */
		vk_dom_format_redirdev(w, &def->redirdevs[i], flags);
	vk_dom_format_redirfilter(w, def);
	for (i = 0; i < def->nhubs; i++)
		vk_dom_format_hub(w, &def->hubs[i]);
	vk_dom_format_watchdog(w, &def->watchdog);	/* network, display.. */
	if (def->balloon >= 0)
		vk_dom_format_memballoon(w, def, flags);
	vk_dom_format_devmisc(w, def, flags);	/* other devices */
	vk_dom_format_kept(w, def, VK_KEPT_DEVICES);
	vk_xw_close(w);
}

/* <NAME unit='KiB'>KIB</NAME>, as libvirt writes sizes (<memory>
 * with its dumpCore= when DUMP_CORE is 0 or 1). */
void vk_dom_format_kib(struct vk_xw *w, const char *name,
		       unsigned long long kib, int dump_core)
{
	char n[24];

	snprintf(n, sizeof(n), "%llu", kib);
	vk_xw_open(w, name);
	if (dump_core >= 0)
		vk_xw_attr(w, "dumpCore", on_off[dump_core]);
	vk_xw_attr(w, "unit", "KiB");
	vk_xw_text(w, n);
	vk_xw_close(w);
}

static void format_head(struct vk_xw *w, const struct vk_domain_def *def,
			unsigned flags)
{
	char uuid[VK_UUID_STRLEN + 1];

	vk_xw_open(w, "domain");
	vk_xw_attr(w, "type", vk_virt_type_names[def->virt_type]);
	if (!(flags & VK_FMT_INACTIVE) && def->id >= 0)
		vk_xw_attrf(w, "id", "%d", def->id);
	if (def->qemu.nargs || def->qemu.nenv)
		vk_xw_attr(w, "xmlns:qemu", VK_QEMU_NS);
	vk_xw_elem(w, "name", def->name);
	vk_uuid_format(def->uuid, uuid);
	vk_xw_elem(w, "uuid", uuid);
	vk_dom_format_res_head(w, def);
	vk_xw_elem(w, "description", def->description);
	vk_dom_format_kept(w, def, VK_KEPT_HEAD);
	vk_dom_format_max_memory(w, def);
	vk_dom_format_kib(w, "memory", def->memory, def->res.dump_core);
	vk_dom_format_kib(w, "currentMemory", def->current_memory, -1);
}

char *vk_domain_format(const struct vk_domain_def *def, unsigned flags)
{
	struct vk_xw w;

	memset(&w, 0, sizeof(w));
	format_head(&w, def, flags);
	vk_dom_format_tune(&w, def);	/* platform: sysinfo, tuning, cpu */
	format_vcpu(&w, def);
	vk_dom_format_res_cpus(&w, def);
	vk_dom_format_cputune(&w, def);
	vk_dom_format_kept(&w, def, VK_KEPT_RESOURCES);
	vk_dom_format_sysinfo(&w, def);
	vk_dom_format_bootloader(&w, def);
	vk_dom_format_os(&w, def);
	vk_dom_format_kept(&w, def, VK_KEPT_OS);
	vk_dom_format_features(&w, def);
	vk_dom_format_cpu(&w, def);	/* platform: sysinfo, tuning, cpu */
	vk_dom_format_clock(&w, def);
	vk_xw_elem(&w, "on_poweroff", vk_lifecycle_names[def->on_poweroff]);
	vk_xw_elem(&w, "on_reboot", vk_lifecycle_names[def->on_reboot]);
	vk_xw_elem(&w, "on_crash", vk_lifecycle_names[def->on_crash]);
	vk_dom_format_kept(&w, def, VK_KEPT_LIFECYCLE);
	vk_dom_format_pm(&w, def);
	format_devices(&w, def, flags);
	vk_dom_format_seclabel(&w, &def->seclabel, flags);
	vk_dom_format_kept(&w, def, VK_KEPT_TAIL);
	vk_dom_format_qemu_ns(&w, def);
	return vk_xw_finish(&w);
}

/* ---- free and copy ---- */

void vk_domain_free(struct vk_domain_def *def)
{
	int i;

	if (!def)
		return;
	free(def->name);
	free(def->description);
	free(def->cpuset);
	free(def->bootloader);
	free(def->bootloader_args);
	vk_os_clear(&def->os);
	free(def->clock.timezone);
	vk_dom_platform_clear(def);	/* platform: sysinfo, tuning, cpu */
	vk_dom_res_clear(def);
	free(def->emulator);
	for (i = 0; i < def->ndisks; i++)
		vk_disk_clear(&def->disks[i]);
	free(def->disks);
	/* storage devices */
	for (i = 0; i < def->nfss; i++)
		vk_fs_clear(&def->fss[i]);
	free(def->fss);
	free(def->controllers);
	for (i = 0; i < def->nhostdevs; i++)
		free(def->hostdevs[i].rom.file);
	free(def->hostdevs);
	for (i = 0; i < def->nnets; i++)
		vk_net_clear(&def->nets[i]);
	free(def->nets);
	vk_dom_display_clear(def);	/* display and sound devices */
	for (i = 0; i < def->nchrs; i++)
		vk_chr_clear(&def->chrs[i]);
	free(def->chrs);
	/* character devices, smartcards, leases */
	for (i = 0; i < def->nsmartcards; i++)
		vk_smartcard_clear(&def->smartcards[i]);
	free(def->smartcards);
	for (i = 0; i < def->nleases; i++)
		vk_lease_clear(&def->leases[i]);
	free(def->leases);
	vk_seclabel_clear(&def->seclabel);
	vk_dom_devmisc_clear(def);	/* other devices */
	vk_dom_kept_clear(def);
	free(def);
}

/* A copy of the N elements of SIZE at SRC (NULL when N is 0). */
void *vk_array_dup(const void *src, int n, size_t size)
{
	void *p;

	if (!n)
		return NULL;
	p = vk_malloc((size_t)n * size);
	memcpy(p, src, (size_t)n * size);
	return p;
}

struct vk_domain_def *vk_domain_copy(const struct vk_domain_def *def)
{
	struct vk_domain_def *c = vk_malloc(sizeof(*c));
	int i;

	*c = *def;
	c->name = vk_strdup(def->name);
	c->description = vk_strdup(def->description);
	c->cpuset = vk_strdup(def->cpuset);
	c->bootloader = vk_strdup(def->bootloader);
	c->bootloader_args = vk_strdup(def->bootloader_args);
	vk_os_copy(&c->os, &def->os);
	c->clock.timezone = vk_strdup(def->clock.timezone);
	vk_dom_platform_copy(c, def);	/* platform: sysinfo, tuning, cpu */
	vk_dom_res_copy(c, def);
	c->emulator = vk_strdup(def->emulator);
	c->disks = vk_array_dup(def->disks, def->ndisks, sizeof(*c->disks));
	for (i = 0; i < def->ndisks; i++)
		vk_disk_copy(&c->disks[i], &def->disks[i]);
	/* storage devices */
	c->fss = vk_array_dup(def->fss, def->nfss, sizeof(*c->fss));
	for (i = 0; i < def->nfss; i++)
		vk_fs_copy(&c->fss[i], &def->fss[i]);
	c->controllers = vk_array_dup(def->controllers, def->ncontrollers,
				   sizeof(*c->controllers));
	c->hostdevs = vk_array_dup(def->hostdevs, def->nhostdevs,
				sizeof(*c->hostdevs));
	for (i = 0; i < def->nhostdevs; i++)
		c->hostdevs[i].rom.file = vk_strdup(def->hostdevs[i].rom.file);
	c->nets = vk_array_dup(def->nets, def->nnets, sizeof(*c->nets));
	for (i = 0; i < def->nnets; i++)
		vk_net_copy(&c->nets[i], &def->nets[i]);
	vk_dom_display_copy(c, def);	/* display and sound devices */
	c->chrs = vk_array_dup(def->chrs, def->nchrs, sizeof(*c->chrs));
	for (i = 0; i < def->nchrs; i++)
		vk_chr_copy(&c->chrs[i], &def->chrs[i]);
	/* character devices, smartcards, leases */
	c->smartcards = vk_array_dup(def->smartcards, def->nsmartcards,
				  sizeof(*c->smartcards));
	for (i = 0; i < def->nsmartcards; i++)
		vk_smartcard_copy(&c->smartcards[i], &def->smartcards[i]);
	c->leases = vk_array_dup(def->leases, def->nleases, sizeof(*c->leases));
	for (i = 0; i < def->nleases; i++)
		vk_lease_copy(&c->leases[i], &def->leases[i]);
	vk_seclabel_copy(&c->seclabel, &def->seclabel);
	vk_dom_devmisc_copy(c, def);	/* other devices */
	vk_dom_kept_copy(c, def);
	return c;
}
