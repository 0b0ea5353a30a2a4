/* The libvirt 9.x children of <interface> beside its type, source and
 * model (see domain_net.h): parse, canonical write, copy and free.
 * domain_net.c hands each child it does not know to vk_net_parse_opt. */
#include <stdlib.h>
#include <string.h>

#include "../util/error.h"
#include "../util/uuid.h"
#include "domain.h"

const char *const vk_net_drv_sw_names[] = {
	"ioeventfd", "event_idx", "rss", "rss_hash_report", "iommu", "ats",
	"packed", "page_per_vq", NULL
};
const char *const vk_net_host_sw_names[] = {
	"csum", "gso", "tso4", "tso6", "ecn", "ufo", "mrg_rxbuf", NULL
};
const char *const vk_net_guest_sw_names[] = {
	"csum", "tso4", "tso6", "ecn", "ufo", NULL
};
const char *const vk_net_teaming_names[] = {"persistent", "transient", NULL};

static const char *const onoff[] = {"off", "on", NULL};

void vk_net_opts_init(struct vk_net_opts *o)
{
	int i;

	memset(o, 0, sizeof(*o));
	o->trust_rx = o->managed = o->mac_type = o->mac_check = -1;
	o->target_managed = o->link = -1;
	o->rom.bar = o->rom.enabled = o->teaming = o->port_isolated = -1;
	for (i = 0; i < VK_NDRV_LAST; i++)
		o->drv[i] = -1;
	for (i = 0; i < VK_NHOST_LAST; i++)
		o->host[i] = -1;
	for (i = 0; i < VK_NGUEST_LAST; i++)
		o->guest[i] = -1;
}

/* Attributes NAMES of NODE, each on/off, into OUT[i]. */
static int parse_switches(xmlNodePtr node, const char *const *names,
			  int *out)
{
	int i;

	for (i = 0; names[i]; i++)
		if (vk_xml_attr_enum(node, names[i], onoff, false,
				     &out[i]) < 0)
			return -1;
	return 0;
}

/* A queue size: a power of two from 256 to 1024 (QEMU's rule). */
static int parse_queue_size(xmlNodePtr node, const char *attr,
			    unsigned *out)
{
	unsigned long long v;
	bool set;

	if (vk_xml_attr_uint(node, attr, false, 1024, false, &v, &set) < 0)
		return -1;
	if (!set)
		return 0;
	if (v < 256 || (v & (v - 1)))
		return vk_xml_error(node, "%s must be a power of two from 256 "
				    "to 1024", attr);
	*out = (unsigned)v;
	return 0;
}

static int parse_host_guest(struct vk_net_opts *o, xmlNodePtr node)
{
	static const char *const names[] = {"host", "guest", NULL};
	xmlNodePtr child;
	unsigned seen = 0;
	int i;

	vk_xml_foreach(child, node) {
		i = vk_dom_child_index(child, names, &seen);
		if (i < 0)
			return -1;
		if (vk_xml_check_attrs(child, i ? vk_net_guest_sw_names :
				       vk_net_host_sw_names) < 0 ||
		    vk_xml_check_empty(child) < 0 ||
		    parse_switches(child, i ? vk_net_guest_sw_names :
				   vk_net_host_sw_names,
				   i ? o->guest : o->host) < 0)
			return -1;
	}
	return 0;
}

static int parse_driver(struct vk_net *net, xmlNodePtr node)
{
	static const char *const attrs[] = {
		"name", "txmode", "ioeventfd", "event_idx", "queues",
		"rx_queue_size", "tx_queue_size", "rss", "rss_hash_report",
		"iommu", "ats", "packed", "page_per_vq", NULL
	};
	struct vk_net_opts *o = &net->o;
	unsigned long long q = 0;
	bool set;

	if (vk_xml_check_attrs(node, attrs) < 0 ||
	    vk_xml_check_no_text(node) < 0 ||
	    vk_xml_attr_enum(node, "name", vk_net_driver_names, false,
			     &net->driver_name) < 0 ||
	    vk_xml_attr_enum(node, "txmode", vk_net_txmode_names, false,
			     &net->txmode) < 0 ||
	    parse_switches(node, vk_net_drv_sw_names, o->drv) < 0 ||
	    vk_xml_attr_uint(node, "queues", false, 256, false, &q,
			     &set) < 0 ||
	    parse_queue_size(node, "rx_queue_size", &o->rx_queue_size) < 0 ||
	    parse_queue_size(node, "tx_queue_size", &o->tx_queue_size) < 0)
		return -1;
	if (set && !q)
		return vk_xml_error(node, "queues must be at least 1");
	if ((net->driver_name == VK_NET_DRIVER_VFIO) !=
	    (net->type == VK_NET_HOSTDEV) && net->driver_name >= 0)
		return vk_xml_error(node, "name '%s' is not allowed in an "
				    "interface of type '%s'",
				    vk_net_driver_names[net->driver_name],
				    vk_net_type_names[net->type]);
	o->queues = (unsigned)q;
	return parse_host_guest(o, node);
}

/* <backend tap='PATH' vhost='PATH'/> */
static int parse_backend(struct vk_net *net, xmlNodePtr node)
{
	static const char *const attrs[] = {"tap", "vhost", NULL};

	if (vk_xml_check_attrs(node, attrs) < 0 ||
	    vk_xml_check_empty(node) < 0 ||
	    vk_xml_attr_str(node, "tap", false, &net->o.backend_tap) < 0 ||
	    vk_xml_attr_str(node, "vhost", false, &net->o.backend_vhost) < 0)
		return -1;
	if ((net->o.backend_tap && *net->o.backend_tap != '/') ||
	    (net->o.backend_vhost && *net->o.backend_vhost != '/'))
		return vk_xml_error(node, "tap and vhost must be absolute "
				    "paths");
	return 0;
}

static int parse_link(struct vk_net *net, xmlNodePtr node)
{
	static const char *const attrs[] = {"state", NULL};
	static const char *const states[] = {"down", "up", NULL};

	if (vk_xml_check_attrs(node, attrs) < 0 ||
	    vk_xml_check_empty(node) < 0)
		return -1;
	return vk_xml_attr_enum(node, "state", states, true, &net->o.link);
}

static int parse_mtu(struct vk_net *net, xmlNodePtr node)
{
	static const char *const attrs[] = {"size", NULL};
	unsigned long long v;

	if (vk_xml_check_attrs(node, attrs) < 0 ||
	    vk_xml_check_empty(node) < 0 ||
	    vk_xml_attr_uint(node, "size", false, 65535, true, &v, NULL) < 0)
		return -1;
	/* 68 is the IPv4 minimum (RFC 791); 65535 is virtio's field. */
	if (v < 68)
		return vk_xml_error(node, "size must be at least 68");
	net->o.mtu = (unsigned)v;
	return 0;
}

int vk_dom_parse_rom(xmlNodePtr node, struct vk_rom *rom)
{
	static const char *const attrs[] = {"bar", "file", "enabled", NULL};

	if (vk_xml_check_attrs(node, attrs) < 0 ||
	    vk_xml_check_empty(node) < 0 ||
	    vk_xml_attr_enum(node, "bar", onoff, false, &rom->bar) < 0 ||
	    vk_xml_attr_yesno(node, "enabled", &rom->enabled) < 0)
		return -1;
	/* file='' is how libvirt says "no ROM" in older documents. */
	rom->file = vk_xml_attr(node, "file");
	if (rom->file && *rom->file && *rom->file != '/')
		return vk_xml_error(node, "file '%s' is not an absolute path",
				    rom->file);
	return 0;
}

static int parse_rom(struct vk_net *net, xmlNodePtr node)
{
	return vk_dom_parse_rom(node, &net->o.rom);
}

void vk_dom_format_rom(struct vk_xw *w, const struct vk_rom *rom)
{
	if (rom->bar < 0 && rom->enabled < 0 && !rom->file)
		return;
	vk_xw_open(w, "rom");
	if (rom->enabled >= 0)
		vk_xw_attr(w, "enabled", rom->enabled ? "yes" : "no");
	if (rom->bar >= 0)
		vk_xw_attr(w, "bar", onoff[rom->bar]);
	vk_xw_attr(w, "file", rom->file);
	vk_xw_close(w);
}

/* <coalesce><rx><frames max='N'/></rx></coalesce> */
static int parse_coalesce(struct vk_net *net, xmlNodePtr node)
{
	static const char *const rx_names[] = {"rx", NULL};
	static const char *const fr_names[] = {"frames", NULL};
	static const char *const attrs[] = {"max", NULL};
	xmlNodePtr rx, fr;
	unsigned seen = 0, seen2 = 0;
	unsigned long long v;
	bool set;

	if (vk_xml_check_attrs(node, NULL) < 0 ||
	    vk_xml_check_no_text(node) < 0)
		return -1;
	net->o.has_coalesce = true;
	vk_xml_foreach(rx, node) {
		if (vk_dom_child_index(rx, rx_names, &seen) < 0 ||
		    vk_xml_check_attrs(rx, NULL) < 0 ||
		    vk_xml_check_no_text(rx) < 0)
			return -1;
		vk_xml_foreach(fr, rx) {
			if (vk_dom_child_index(fr, fr_names, &seen2) < 0 ||
			    vk_xml_check_attrs(fr, attrs) < 0 ||
			    vk_xml_check_empty(fr) < 0 ||
			    vk_xml_attr_uint(fr, "max", false, 0xffffffffu,
					     false, &v, &set) < 0)
				return -1;
			net->o.coalesce_rx_frames = (unsigned)v;
		}
	}
	return 0;
}

/* <tune><sndbuf>BYTES</sndbuf></tune> */
static int parse_tune(struct vk_net *net, xmlNodePtr node)
{
	static const char *const names[] = {"sndbuf", NULL};
	xmlNodePtr child;
	unsigned seen = 0;

	if (vk_xml_check_attrs(node, NULL) < 0 ||
	    vk_xml_check_no_text(node) < 0)
		return -1;
	vk_xml_foreach(child, node) {
		if (vk_dom_child_index(child, names, &seen) < 0 ||
		    vk_xml_check_attrs(child, NULL) < 0 ||
		    vk_xml_text_uint(child, 0xffffffffu, &net->o.sndbuf) < 0)
			return -1;
		net->o.has_sndbuf = true;
	}
	return 0;
}

static int parse_teaming(struct vk_net *net, xmlNodePtr node)
{
	static const char *const attrs[] = {"type", "persistent", NULL};
	struct vk_net_opts *o = &net->o;

	if (vk_xml_check_attrs(node, attrs) < 0 ||
	    vk_xml_check_empty(node) < 0 ||
	    vk_xml_attr_enum(node, "type", vk_net_teaming_names, true,
			     &o->teaming) < 0 ||
	    vk_xml_attr_str(node, "persistent", false,
			    &o->teaming_persistent) < 0)
		return -1;
	if (o->teaming == VK_TEAMING_TRANSIENT && !o->teaming_persistent)
		return vk_xml_error(node, "type 'transient' needs "
				    "persistent='ALIAS'");
	if (o->teaming == VK_TEAMING_PERSISTENT && o->teaming_persistent)
		return vk_xml_error(node, "persistent= goes with type "
				    "'transient' only");
	return 0;
}

static int parse_acpi(struct vk_net *net, xmlNodePtr node)
{
	static const char *const attrs[] = {"index", NULL};
	unsigned long long v;

	if (vk_xml_check_attrs(node, attrs) < 0 ||
	    vk_xml_check_empty(node) < 0 ||
	    vk_xml_attr_uint(node, "index", false, 16383, true, &v,
			     NULL) < 0)
		return -1;
	/* QEMU's range: 1 to 16383 (0 means none). */
	if (!v)
		return vk_xml_error(node, "index must be from 1 to 16383");
	net->o.acpi_index = (unsigned)v;
	return 0;
}

static int parse_port(struct vk_net *net, xmlNodePtr node)
{
	static const char *const attrs[] = {"isolated", NULL};

	if (vk_xml_check_attrs(node, attrs) < 0 ||
	    vk_xml_check_empty(node) < 0)
		return -1;
	return vk_xml_attr_yesno(node, "isolated", &net->o.port_isolated);
}

static int parse_downscript(struct vk_net *net, xmlNodePtr node)
{
	static const char *const attrs[] = {"path", NULL};

	if (net->type != VK_NET_ETHERNET)
		return vk_xml_error(node, "not allowed in an interface of "
				    "type '%s'", vk_net_type_names[net->type]);
	if (vk_xml_check_attrs(node, attrs) < 0 ||
	    vk_xml_check_empty(node) < 0)
		return -1;
	return vk_xml_attr_str(node, "path", true, &net->o.downscript);
}

int vk_net_keep(struct vk_net *net, xmlNodePtr node, int slot)
{
	struct vk_net_kept *k;

	if (node->ns)
		return vk_xml_error(node, "namespace '%s' is not allowed here",
				    node->ns->href);
	k = vk_array_add(&net->o.kept, &net->o.nkept, sizeof(*k));
	k->slot = slot;
	k->name = vk_strdup((const char *)node->name);
	k->xml = vk_xml_node_text(node);
	return 0;
}

static const struct {
	const char *name;
	int slot;
} kept_names[] = {
	{"vlan", VK_NKEPT_VLAN},
	{"bandwidth", VK_NKEPT_BANDWIDTH},
	{"ip", VK_NKEPT_IP},
	{"route", VK_NKEPT_IP},
	{"backenddomain", VK_NKEPT_BACKENDDOM},
	{"guest", VK_NKEPT_GUEST},
	{"filterref", VK_NKEPT_FILTERREF},
};

static const struct {
	const char *name;
	int (*parse)(struct vk_net *net, xmlNodePtr node);
} opt_children[] = {
	{"driver", parse_driver},
	{"backend", parse_backend},
	{"link", parse_link},
	{"mtu", parse_mtu},
	{"rom", parse_rom},
	{"coalesce", parse_coalesce},
	{"tune", parse_tune},
	{"teaming", parse_teaming},
	{"acpi", parse_acpi},
	{"port", parse_port},
	{"downscript", parse_downscript},
};

#define NOPT (sizeof(opt_children) / sizeof(*opt_children))
#define NKEPT (sizeof(kept_names) / sizeof(*kept_names))

int vk_net_parse_opt(struct vk_net *net, xmlNodePtr child, unsigned *seen)
{
	size_t i;

	for (i = 0; i < NOPT; i++) {
		if (!vk_xml_is(child, opt_children[i].name))
			continue;
		if (*seen & (1u << i))
			return vk_xml_duplicate(child);
		*seen |= 1u << i;
		return opt_children[i].parse(net, child) < 0 ? -1 : 1;
	}
	for (i = 0; i < NKEPT; i++) {
		if (!vk_xml_is(child, kept_names[i].name))
			continue;
		/* ip and route repeat; the others appear once. */
		if (kept_names[i].slot != VK_NKEPT_IP &&
		    (*seen & (1u << (NOPT + i))))
			return vk_xml_duplicate(child);
		*seen |= 1u << (NOPT + i);
		return vk_net_keep(net, child, kept_names[i].slot) < 0 ? -1 : 1;
	}
	return 0;
}

/* ---- format ---- */

void vk_net_format_kept(struct vk_xw *w, const struct vk_net *net, int slot)
{
	int i;

	for (i = 0; i < net->o.nkept; i++)
		if (net->o.kept[i].slot == slot)
			vk_xw_raw(w, net->o.kept[i].xml);
}

static void switches(struct vk_xw *w, const char *const *names,
		     const int *v)
{
	int i;

	for (i = 0; names[i]; i++)
		if (v[i] >= 0)
			vk_xw_attr(w, names[i], onoff[v[i]]);
}

static bool any_set(const int *v, int n)
{
	while (n--)
		if (v[n] >= 0)
			return true;
	return false;
}

void vk_net_format_driver(struct vk_xw *w, const struct vk_net *net)
{
	const struct vk_net_opts *o = &net->o;
	bool host = any_set(o->host, VK_NHOST_LAST);
	bool guest = any_set(o->guest, VK_NGUEST_LAST);

	if (net->driver_name < 0 && net->txmode < 0 && !o->queues &&
	    !o->rx_queue_size && !o->tx_queue_size && !host && !guest &&
	    !any_set(o->drv, VK_NDRV_LAST))
		return;
	vk_xw_open(w, "driver");
	if (net->driver_name >= 0)
		vk_xw_attr(w, "name", vk_net_driver_names[net->driver_name]);
	if (net->txmode >= 0)
		vk_xw_attr(w, "txmode", vk_net_txmode_names[net->txmode]);
	switches(w, vk_net_drv_sw_names, o->drv);
	if (o->queues)
		vk_xw_attrf(w, "queues", "%u", o->queues);
	if (o->rx_queue_size)
		vk_xw_attrf(w, "rx_queue_size", "%u", o->rx_queue_size);
	if (o->tx_queue_size)
		vk_xw_attrf(w, "tx_queue_size", "%u", o->tx_queue_size);
	if (host) {
		vk_xw_open(w, "host");
		switches(w, vk_net_host_sw_names, o->host);
		vk_xw_close(w);
	}
	if (guest) {
		vk_xw_open(w, "guest");
		switches(w, vk_net_guest_sw_names, o->guest);
		vk_xw_close(w);
	}
	vk_xw_close(w);
}

/* <backend> <filterref> <tune> <teaming> <link> <mtu> <coalesce>:
 * after <driver>, in libvirt's order. */
void vk_net_format_after_driver(struct vk_xw *w, const struct vk_net *net)
{
	const struct vk_net_opts *o = &net->o;

	if (o->backend_tap || o->backend_vhost) {
		vk_xw_open(w, "backend");
		vk_xw_attr(w, "tap", o->backend_tap);
		vk_xw_attr(w, "vhost", o->backend_vhost);
		vk_xw_close(w);
	}
	vk_net_format_kept(w, net, VK_NKEPT_FILTERREF);
	if (o->has_sndbuf) {
		vk_xw_open(w, "tune");
		vk_xw_elemf(w, "sndbuf", "%llu", o->sndbuf);
		vk_xw_close(w);
	}
	if (o->teaming >= 0) {
		vk_xw_open(w, "teaming");
		vk_xw_attr(w, "type", vk_net_teaming_names[o->teaming]);
		vk_xw_attr(w, "persistent", o->teaming_persistent);
		vk_xw_close(w);
	}
	if (o->link >= 0) {
		vk_xw_open(w, "link");
		vk_xw_attr(w, "state", o->link ? "up" : "down");
		vk_xw_close(w);
	}
	if (o->mtu) {
		vk_xw_open(w, "mtu");
		vk_xw_attrf(w, "size", "%u", o->mtu);
		vk_xw_close(w);
	}
	if (o->has_coalesce) {
		vk_xw_open(w, "coalesce");
		vk_xw_open(w, "rx");
		vk_xw_open(w, "frames");
		vk_xw_attrf(w, "max", "%u", o->coalesce_rx_frames);
		vk_xw_close(w);
		vk_xw_close(w);
		vk_xw_close(w);
	}
}

/* <rom> and <acpi>: after <alias>, before <address>. */
void vk_net_format_rom_acpi(struct vk_xw *w, const struct vk_net *net)
{
	const struct vk_net_opts *o = &net->o;

	vk_dom_format_rom(w, &o->rom);
	if (o->acpi_index) {
		vk_xw_open(w, "acpi");
		vk_xw_attrf(w, "index", "%u", o->acpi_index);
		vk_xw_close(w);
	}
}

/* <port isolated>: after <bandwidth>. */
void vk_net_format_port(struct vk_xw *w, const struct vk_net *net)
{
	if (net->o.port_isolated < 0)
		return;
	vk_xw_open(w, "port");
	vk_xw_attr(w, "isolated", net->o.port_isolated ? "yes" : "no");
	vk_xw_close(w);
}

/* ---- copy and free ---- */

void vk_net_opts_clear(struct vk_net_opts *o)
{
	int i;

	free(o->portgroup);
	free(o->live_bridge);
	free(o->local_address);
	free(o->backend_tap);
	free(o->backend_vhost);
	free(o->rom.file);
	free(o->loadparm);
	free(o->downscript);
	free(o->teaming_persistent);
	for (i = 0; i < o->nkept; i++) {
		free(o->kept[i].name);
		free(o->kept[i].xml);
	}
	free(o->kept);
	memset(o, 0, sizeof(*o));
}

void vk_net_opts_copy(struct vk_net_opts *dst, const struct vk_net_opts *src)
{
	int i;

	*dst = *src;
	dst->portgroup = vk_strdup(src->portgroup);
	dst->live_bridge = vk_strdup(src->live_bridge);
	dst->local_address = vk_strdup(src->local_address);
	dst->backend_tap = vk_strdup(src->backend_tap);
	dst->backend_vhost = vk_strdup(src->backend_vhost);
	dst->rom.file = vk_strdup(src->rom.file);
	dst->loadparm = vk_strdup(src->loadparm);
	dst->downscript = vk_strdup(src->downscript);
	dst->teaming_persistent = vk_strdup(src->teaming_persistent);
	dst->kept = src->nkept ? vk_calloc((size_t)src->nkept,
					   sizeof(*dst->kept)) : NULL;
	for (i = 0; i < src->nkept; i++) {
		dst->kept[i].slot = src->kept[i].slot;
		dst->kept[i].name = vk_strdup(src->kept[i].name);
		dst->kept[i].xml = vk_strdup(src->kept[i].xml);
	}
}
