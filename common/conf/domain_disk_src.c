/* <disk><source> of every disk type (file, block, dir, network, volume,
 * nvme, vhostuser) and <encryption>, with the children a source keeps
 * as they were given (<seclabel>, <auth>, <slices>, ...). */
#include <stdlib.h>
#include <string.h>

#include "../util/error.h"
#include "domain.h"

const char *const vk_disk_protocol_names[] = {
	"nbd", "rbd", "sheepdog", "iscsi", "gluster", "http", "https", "ftp",
	"ftps", "tftp", "ssh", "nfs", "vxhs", NULL
};
const char *const vk_disk_transport_names[] = {"tcp", "unix", "rdma", NULL};
const char *const vk_disk_startup_names[] = {
	"mandatory", "requisite", "optional", NULL
};
const char *const vk_disk_volmode_names[] = {"host", "direct", NULL};

#define MAX_HOSTS 64
#define MAX_PORT 65535
#define MAX_KEPT 64

/* ---- children kept as given ---- */

int vk_disk_keep(struct vk_kept **a, int *n, xmlNodePtr node)
{
	struct vk_kept *k;

	if (*n >= MAX_KEPT)
		return vk_xml_error(node, "more than %d such elements",
				    MAX_KEPT);
	if (node->ns)
		return vk_xml_error(node, "namespace '%s' is not allowed here",
				    node->ns->href);
	k = vk_array_add(a, n, sizeof(*k));
	k->name = vk_strdup((const char *)node->name);
	k->xml = vk_xml_node_text(node);
	k->line = (int)xmlGetLineNo(node);
	return 0;
}

void vk_disk_format_kept(struct vk_xw *w, const struct vk_kept *a,
			 int n, const char *name)
{
	int i;

	for (i = 0; i < n; i++)
		if (!name || !strcmp(a[i].name, name))
			vk_xw_raw(w, a[i].xml);
}

bool vk_disk_kept_has(const struct vk_kept *a, int n, const char *name)
{
	int i;

	for (i = 0; i < n; i++)
		if (!strcmp(a[i].name, name))
			return true;
	return false;
}

/* ---- network hosts ---- */

/* <host [transport=tcp|rdma] name= [port=]> or <host transport='unix'
 * socket=> of a network disk. */
static int parse_host(struct vk_disk *d, xmlNodePtr node)
{
	static const char *const attrs[] = {
		"name", "port", "transport", "socket", NULL
	};
	struct vk_disk_host h = {NULL, 0, -1, NULL};
	unsigned long long port;
	bool set;

	if (d->nhosts >= MAX_HOSTS)
		return vk_xml_error(node, "more than %d hosts", MAX_HOSTS);
	if (vk_xml_check_attrs(node, attrs) < 0 ||
	    vk_xml_check_empty(node) < 0 ||
	    vk_xml_attr_enum(node, "transport", vk_disk_transport_names,
			     false, &h.transport) < 0 ||
	    vk_xml_attr_uint(node, "port", false, MAX_PORT, false, &port,
			     &set) < 0)
		return -1;
	if (set && !port)
		return vk_xml_error(node, "port must be at least 1");
	h.port = set ? (int)port : 0;
	if (h.transport == VK_TRANSPORT_UNIX) {
		if (vk_xml_has_attr(node, "name") || set)
			return vk_xml_error(node, "transport 'unix' takes a "
					    "socket, not a name or port");
		if (vk_xml_attr_str(node, "socket", true, &h.socket) < 0)
			return -1;
		if (h.socket[0] != '/') {
			vk_xml_error(node, "socket '%s' is not an absolute "
				     "path", h.socket);
			free(h.socket);
			return -1;
		}
	} else {
		if (vk_xml_has_attr(node, "socket"))
			return vk_xml_error(node, "socket= goes with "
					    "transport='unix'");
		if (vk_xml_attr_str(node, "name", true, &h.name) < 0)
			return -1;
		if (strpbrk(h.name, " \t\n\r/:,@")) {
			vk_xml_error(node, "name '%s' is not a host name",
				     h.name);
			free(h.name);
			return -1;
		}
	}
	*(struct vk_disk_host *)vk_array_add(&d->hosts, &d->nhosts,
					     sizeof(h)) = h;
	return 0;
}

/* How many <host> elements each protocol takes: nbd exactly one, rbd
 * one or more, sheepdog at most one; the others at least one but http,
 * https, ftp, ftps, tftp (one). */
static int check_hosts(const struct vk_disk *d, xmlNodePtr node)
{
	const char *p = vk_disk_protocol_names[d->protocol];

	switch (d->protocol) {
	case VK_PROTO_SHEEPDOG:
		if (d->nhosts > 1)
			return vk_xml_error(node, "protocol '%s' takes at most "
					    "one <host>", p);
		return 0;
	case VK_PROTO_NBD: case VK_PROTO_HTTP: case VK_PROTO_HTTPS:
	case VK_PROTO_FTP: case VK_PROTO_FTPS: case VK_PROTO_TFTP:
	case VK_PROTO_SSH: case VK_PROTO_NFS: case VK_PROTO_VXHS:
		if (d->nhosts != 1)
			return vk_xml_error(node, "protocol '%s' takes exactly "
					    "one <host>", p);
		break;
	default:
		if (!d->nhosts)
			return vk_xml_error(node, "protocol '%s' needs at "
					    "least one <host>", p);
	}
	if (d->protocol != VK_PROTO_NBD && d->protocol != VK_PROTO_GLUSTER &&
	    d->hosts[0].transport == VK_TRANSPORT_UNIX)
		return vk_xml_error(node, "protocol '%s' takes no "
				    "transport 'unix'", p);
	return 0;
}

/* ---- <encryption> ---- */

int vk_disk_parse_encryption(struct vk_disk *d, xmlNodePtr node,
			     bool in_source)
{
	if (d->enc.format >= 0)
		return vk_xml_error(node, "a disk takes one <encryption>, in "
				    "<disk> or in <source>");
	d->enc_in_source = in_source;
	return vk_encryption_parse(&d->enc, node);
}

/* ---- <source> ---- */

/* The attribute that holds a local disk's source. */
const char *vk_disk_source_attr(int type)
{
	switch (type) {
	case VK_DISK_BLOCK: return "dev";
	case VK_DISK_DIR: return "dir";
	default: return "file";
	}
}

/* The children a <source> of each disk type keeps as they were given
 * (NULL-ended; <encryption> and <host> are parsed). */
static const char *const *kept_children(int type)
{
	static const char *const file[] = {"seclabel", "slices", NULL};
	static const char *const block[] = {
		"seclabel", "slices", "reservations", NULL
	};
	static const char *const dir[] = {"slices", NULL};
	static const char *const net[] = {
		"auth", "snapshot", "config", "initiator", "ssl", "cookies",
		"readahead", "timeout", "reconnect", "identity", "knownHosts",
		"reservations", "slices", NULL
	};

	switch (type) {
	case VK_DISK_BLOCK: return block;
	case VK_DISK_DIR: return dir;
	case VK_DISK_NETWORK: return net;
	default: return file;
	}
}

static bool in_list(const char *const *names, const char *name)
{
	for (; *names; names++)
		if (!strcmp(*names, name))
			return true;
	return false;
}

/* The children of a <source>: kept, <encryption>, or (network) <host>. */
static int parse_source_children(struct vk_disk *d, xmlNodePtr node)
{
	const char *const *kept = kept_children(d->type);
	xmlNodePtr child, o;
	const char *name;

	vk_xml_foreach(child, node) {
		name = (const char *)child->name;
		if (d->type == VK_DISK_NETWORK && vk_xml_is(child, "host")) {
			if (parse_host(d, child) < 0)
				return -1;
			continue;
		}
		if (vk_xml_is(child, "encryption")) {
			if (vk_disk_parse_encryption(d, child, true) < 0)
				return -1;
			continue;
		}
		if (child->ns || !in_list(kept, name))
			return vk_xml_unknown(child);
		for (o = vk_xml_first(node); o != child; o = vk_xml_next(o))
			if (strcmp(name, "seclabel") && vk_xml_is(o, name))
				return vk_xml_duplicate(child);
		if (vk_disk_keep(&d->x.src_kept, &d->x.nsrc_kept, child) < 0)
			return -1;
	}
	return 0;
}

/* index= is what libvirt writes of a running guest's images: accepted
 * and dropped, as libvirt does for a definition. */
static int parse_index(xmlNodePtr node)
{
	unsigned long long v;

	return vk_xml_attr_uint(node, "index", false, 0x7fffffff, false, &v,
				NULL);
}

static int parse_network_source(struct vk_disk *d, xmlNodePtr node)
{
	static const char *const attrs[] = {
		"protocol", "name", "tls", "query", "index", NULL
	};
	int tls = -1;

	if (vk_xml_check_attrs(node, attrs) < 0 ||
	    vk_xml_check_no_text(node) < 0 || parse_index(node) < 0 ||
	    vk_xml_attr_enum(node, "protocol", vk_disk_protocol_names, true,
			     &d->protocol) < 0 ||
	    vk_xml_attr_yesno(node, "tls", &tls) < 0 ||
	    vk_xml_attr_str(node, "query", false, &d->x.src_query) < 0 ||
	    vk_xml_attr_str(node, "name", false, &d->source_name) < 0)
		return -1;
	d->x.src_tls = tls;
	if (d->x.src_query && d->protocol != VK_PROTO_HTTP &&
	    d->protocol != VK_PROTO_HTTPS)
		return vk_xml_error(node, "query= goes with protocol 'http' or "
				    "'https'");
	if (d->protocol != VK_PROTO_NBD && d->protocol != VK_PROTO_RBD &&
	    !d->source_name)
		return vk_xml_error(node, "protocol '%s' needs a name",
				    vk_disk_protocol_names[d->protocol]);
	if (parse_source_children(d, node) < 0)
		return -1;
	return check_hosts(d, node);
}

/* <source pool= volume= [mode=]> of a type='volume' disk. */
static int parse_volume_source(struct vk_disk *d, xmlNodePtr node)
{
	if (vk_xml_attr_str(node, "pool", true, &d->x.pool) < 0 ||
	    vk_xml_attr_str(node, "volume", true, &d->x.volume) < 0 ||
	    vk_xml_attr_enum(node, "mode", vk_disk_volmode_names, false,
			     &d->x.volmode) < 0)
		return -1;
	if (strchr(d->x.pool, '/'))
		return vk_xml_error(node, "pool '%s' is not a pool name",
				    d->x.pool);
	if (strchr(d->x.volume, '/'))
		return vk_xml_error(node, "volume '%s' is not a volume name",
				    d->x.volume);
	return 0;
}

int vk_disk_parse_source(struct vk_disk *d, xmlNodePtr node)
{
	static const char *const vol_attrs[] = {
		"pool", "volume", "mode", "startupPolicy", "index", NULL
	};
	const char *attr = vk_disk_source_attr(d->type);
	const char *const attrs[] = {attr, "startupPolicy", "index", NULL};

	if (d->type == VK_DISK_NETWORK)
		return parse_network_source(d, node);
	if (d->type == VK_DISK_NVME || d->type == VK_DISK_VHOSTUSER) {
		/* The schema checks it; the qemu driver refuses it. */
		d->x.raw_source = vk_xml_node_text(node);
		return 0;
	}
	if (vk_xml_check_attrs(node, d->type == VK_DISK_VOLUME ? vol_attrs :
			       attrs) < 0 ||
	    vk_xml_check_no_text(node) < 0 || parse_index(node) < 0 ||
	    vk_xml_attr_enum(node, "startupPolicy", vk_disk_startup_names,
			     false, &d->x.startup) < 0)
		return -1;
	if (d->type == VK_DISK_VOLUME) {
		if (parse_volume_source(d, node) < 0)
			return -1;
	} else if (vk_xml_attr_str(node, attr, d->type == VK_DISK_DIR,
				   &d->source) < 0) {
		return -1;
	}
	return parse_source_children(d, node);
}

static void format_hosts(struct vk_xw *w, const struct vk_disk *d)
{
	const struct vk_disk_host *h;
	int i;

	for (i = 0; i < d->nhosts; i++) {
		h = &d->hosts[i];
		vk_xw_open(w, "host");
		if (h->transport >= 0)
			vk_xw_attr(w, "transport",
				   vk_disk_transport_names[h->transport]);
		vk_xw_attr(w, "name", h->name);
		if (h->port)
			vk_xw_attrf(w, "port", "%d", h->port);
		vk_xw_attr(w, "socket", h->socket);
		vk_xw_close(w);
	}
}

/* Whether the source element has anything to write. */
static bool has_source(const struct vk_disk *d)
{
	return d->source || d->x.pool || d->x.startup >= 0 ||
	       d->x.nsrc_kept || (d->enc.format >= 0 && d->enc_in_source);
}

void vk_disk_format_source(struct vk_xw *w, const struct vk_disk *d)
{
	if (d->x.raw_source) {
		vk_xw_raw(w, d->x.raw_source);
		return;
	}
	if (d->type == VK_DISK_NETWORK ? d->protocol < 0 : !has_source(d))
		return;
	vk_xw_open(w, "source");
	if (d->type == VK_DISK_NETWORK) {
		vk_xw_attr(w, "protocol",
			   vk_disk_protocol_names[d->protocol]);
		vk_xw_attr(w, "name", d->source_name);
		if (d->x.src_tls >= 0)
			vk_xw_attr(w, "tls", d->x.src_tls ? "yes" : "no");
		vk_xw_attr(w, "query", d->x.src_query);
	} else if (d->type == VK_DISK_VOLUME) {
		vk_xw_attr(w, "pool", d->x.pool);
		vk_xw_attr(w, "volume", d->x.volume);
		if (d->x.volmode >= 0)
			vk_xw_attr(w, "mode",
				   vk_disk_volmode_names[d->x.volmode]);
	} else {
		vk_xw_attr(w, vk_disk_source_attr(d->type), d->source);
	}
	if (d->x.startup >= 0)
		vk_xw_attr(w, "startupPolicy",
			   vk_disk_startup_names[d->x.startup]);
	format_hosts(w, d);
	if (d->enc_in_source)
		vk_encryption_format(w, &d->enc);
	vk_disk_format_kept(w, d->x.src_kept, d->x.nsrc_kept, NULL);
	vk_xw_close(w);
}
