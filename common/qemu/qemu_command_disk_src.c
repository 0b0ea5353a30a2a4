/* The QEMU 7.2 command line: where a disk's data is (the first options
 * of its -drive), for every disk type and network protocol, and what of
 * a source the qemu driver refuses.  A type='volume' disk has its path
 * looked up at start (vk_qemu_disk_volumes) and is then a file or a
 * block device. */
#include <stdlib.h>
#include <string.h>

#include "qemu_command_priv.h"
#include "util/error.h"

int vk_qcmd_disk_kind(const struct vk_disk *d)
{
	if (d->type == VK_DISK_VOLUME && d->x.vol_path)
		return d->x.vol_block ? VK_DISK_BLOCK : VK_DISK_FILE;
	return d->type;
}

const char *vk_qcmd_disk_path(const struct vk_disk *d)
{
	return d->type == VK_DISK_VOLUME ? d->x.vol_path : d->source;
}

/* Default ports: nbd 10809, rbd 6789, iscsi 3260, gluster 24007, ssh
 * 22; 0: the URL's own. */
static int default_port(int protocol)
{
	switch (protocol) {
	case VK_PROTO_NBD: return 10809;
	case VK_PROTO_RBD: return 6789;
	case VK_PROTO_ISCSI: return 3260;
	case VK_PROTO_GLUSTER: return 24007;
	case VK_PROTO_SSH: return 22;
	default: return 0;
	}
}

static int port_of(const struct vk_disk *d, int i)
{
	return d->hosts[i].port ? d->hosts[i].port : default_port(d->protocol);
}

/* What QEMU 7.2 has no driver for, or the qemu driver cannot hand it. */
static int check_protocol(const struct vk_disk *d)
{
	const char *t = d->target, *p = vk_disk_protocol_names[d->protocol];
	const char *slash = d->source_name ? strchr(d->source_name, '/') :
			    NULL;
	int i;

	switch (d->protocol) {
	case VK_PROTO_SHEEPDOG:
		return vk_qcmd_refuse_why("QEMU 7.2 has no sheepdog block "
					  "driver: it was removed in QEMU 6.0",
					  "disk '%s': protocol 'sheepdog'", t);
	case VK_PROTO_VXHS:
		return vk_qcmd_refuse_why("QEMU 7.2 has no vxhs block driver",
					  "disk '%s': protocol 'vxhs'", t);
	case VK_PROTO_TFTP:
		return vk_qcmd_refuse_why("QEMU 7.2's curl block driver reads "
					  "http, https, ftp and ftps only",
					  "disk '%s': protocol 'tftp'", t);
	case VK_PROTO_RBD:
		if (!d->source_name)
			return vk_qcmd_refuse_why("QEMU's rbd driver needs "
						  "POOL/IMAGE", "disk '%s': rbd "
						  "without a name", t);
		/* fall through */
	case VK_PROTO_GLUSTER:
	case VK_PROTO_ISCSI:
		if (!slash || slash == d->source_name || !slash[1])
			return vk_error(VK_EXIT_DOCUMENT, "disk '%s': %s name "
					"'%s' is not %s", t, p, d->source_name,
					d->protocol == VK_PROTO_ISCSI ?
					"IQN/LUN" : d->protocol ==
					VK_PROTO_RBD ? "POOL/IMAGE" :
					"VOLUME/PATH");
		break;
	default:
		break;
	}
	if (d->protocol == VK_PROTO_ISCSI &&
	    slash[1 + strspn(slash + 1, "0123456789")])
		return vk_error(VK_EXIT_DOCUMENT, "disk '%s': iscsi name '%s' "
				"does not end in a LUN number", t,
				d->source_name);
	if (d->x.src_tls == 1)
		return vk_qcmd_refuse_why("virtkit has no TLS credentials to "
					  "give QEMU", "disk '%s': tls='yes'",
					  t);
	for (i = 0; i < d->nhosts; i++)
		if (d->hosts[i].transport == VK_TRANSPORT_RDMA)
			return vk_qcmd_refuse_why("QEMU 7.2 reaches its block "
						  "servers over TCP or unix "
						  "sockets", "disk '%s': %s "
						  "transport 'rdma'", t, p);
	return 0;
}

/* Why the qemu driver refuses a child of <source> kept as given (NULL:
 * it has no effect and is accepted). */
static const char *src_kept_why(const struct vk_kept *k)
{
	static const struct {
		const char *name, *why;
	} reasons[] = {
		{"seclabel", "virtkit does not label images: only "
		 "relabel='no' means what it does"},
		{"slices", "virtkit does not map storage slices to QEMU's "
		 "offset and size"},
		{"reservations", "persistent reservations need "
		 "qemu-pr-helper, which virtkit does not run"},
		{"auth", "virtkit has no secret store to hand QEMU the key"},
		{"snapshot", "virtkit does not open rbd snapshots"},
		{"config", "virtkit does not hand QEMU a ceph configuration "
		 "file"},
		{"initiator", "virtkit does not set an iSCSI initiator name"},
		{"ssl", "virtkit does not map curl's sslverify"},
		{"cookies", "virtkit has no secret store for cookies"},
		{"readahead", "virtkit does not map curl's readahead"},
		{"timeout", "virtkit does not map curl's timeout"},
		{"reconnect", "virtkit does not map nbd's reconnect-delay"},
		{"identity", "virtkit does not map ssh or nfs identities"},
		{"knownHosts", "virtkit does not map ssh's known hosts"},
		{NULL, NULL}
	};
	int i;

	if (!strcmp(k->name, "seclabel") && strstr(k->xml, "relabel='no'"))
		return NULL;
	for (i = 0; reasons[i].name; i++)
		if (!strcmp(reasons[i].name, k->name))
			return reasons[i].why;
	return "virtkit keeps it in the definition but does not implement "
	       "it";
}

int vk_qcmd_disk_source_check(const struct vk_disk *d)
{
	const char *t = d->target, *why, *path = vk_qcmd_disk_path(d);
	int i;

	if (d->type == VK_DISK_NVME)
		return vk_qcmd_refuse_why("it needs the host NVMe controller "
					  "bound to vfio-pci and QEMU's nvme "
					  "driver, which virtkit does not set "
					  "up", "disk '%s': type 'nvme'", t);
	if (d->type == VK_DISK_VHOSTUSER)
		return vk_qcmd_refuse_why("vhost-user-blk needs shared guest "
					  "memory, which virtkit does not set "
					  "up", "disk '%s': type 'vhostuser'",
					  t);
	if (d->type == VK_DISK_VOLUME && d->x.pool && !d->x.vol_path)
		return vk_error(VK_EXIT_FAILED, "disk '%s': volume '%s' of "
				"pool '%s' was not looked up", t, d->x.volume,
				d->x.pool);
	if (d->type == VK_DISK_VOLUME && d->x.volmode == VK_VOLMODE_DIRECT)
		return vk_qcmd_refuse_why("QEMU's own iSCSI initiator needs "
					  "the pool's portal, which virtkit "
					  "does not hand over: use mode "
					  "'host'", "disk '%s': volume mode "
					  "'direct'", t);
	if (d->x.startup > VK_STARTUP_MANDATORY)
		return vk_qcmd_refuse_why("virtkit does not drop a missing "
					  "source at start", "disk '%s': "
					  "startupPolicy '%s'", t,
					  vk_disk_startup_names[d->x.startup]);
	for (i = 0; i < d->x.nsrc_kept; i++) {
		why = src_kept_why(&d->x.src_kept[i]);
		if (why)
			return vk_qcmd_refuse_why(why, "disk '%s': <source>"
						  "<%s>", t,
						  d->x.src_kept[i].name);
	}
	if (d->type == VK_DISK_NETWORK)
		return check_protocol(d);
	if (path && path[0] != '/')
		return vk_error(VK_EXIT_DOCUMENT, "disk '%s': source '%s' is "
				"not an absolute path", t, path);
	return 0;
}

/* file.server.N.* (PREFIX "file.server.N") of host I as inet or unix. */
static void add_server(struct vk_buf *b, const struct vk_disk *d, int i,
		       const char *prefix, bool typed)
{
	const struct vk_disk_host *h = &d->hosts[i];

	if (h->transport == VK_TRANSPORT_UNIX) {
		vk_buf_addf(b, ",%s.type=unix", prefix);
		vk_buf_addf(b, ",%s.path=", prefix);
		vk_qcmd_esc(b, h->socket);
		return;
	}
	if (typed)
		vk_buf_addf(b, ",%s.type=inet", prefix);
	vk_buf_addf(b, ",%s.host=", prefix);
	vk_qcmd_esc(b, h->name);
	vk_buf_addf(b, ",%s.port=%d", prefix, port_of(d, i));
}

/* The text of NAME before its first '/' into B, escaped. */
static void add_head(struct vk_buf *b, const char *key, const char *name)
{
	const char *slash = strchr(name, '/');
	char *head = vk_strndup(name, (size_t)(slash - name));

	vk_qcmd_kv(b, key, head);
	free(head);
}

/* http, https, ftp, ftps: file.driver=P,file.url=P://HOST[:PORT]/NAME
 * [?QUERY] */
static void add_curl(struct vk_buf *b, const struct vk_disk *d)
{
	const char *p = vk_disk_protocol_names[d->protocol];
	const struct vk_disk_host *h = &d->hosts[0];
	char *url;

	url = vk_asprintf("%s://%s%s%.0d%s%s%s%s", p, h->name,
			  h->port ? ":" : "", h->port,
			  d->source_name[0] == '/' ? "" : "/",
			  d->source_name, d->x.src_query ? "?" : "",
			  d->x.src_query ? d->x.src_query : "");
	vk_buf_addf(b, "file.driver=%s", p);
	vk_qcmd_kv(b, "file.url", url);
	free(url);
}

/* The path part of NAME for ssh and nfs: absolute. */
static void add_abs_path(struct vk_buf *b, const char *name)
{
	char *path = vk_asprintf("%s%s", name[0] == '/' ? "" : "/", name);

	vk_qcmd_kv(b, "file.path", path);
	free(path);
}

static void add_network(struct vk_buf *b, const struct vk_disk *d)
{
	const char *slash;
	char pre[32];
	int i;

	switch (d->protocol) {
	case VK_PROTO_NBD:
		vk_buf_add(b, "file.driver=nbd");
		add_server(b, d, 0, "file.server", true);
		vk_qcmd_kv(b, "file.export", d->source_name);
		break;
	case VK_PROTO_RBD:
		vk_buf_add(b, "file.driver=rbd");
		add_head(b, "file.pool", d->source_name);
		vk_qcmd_kv(b, "file.image", strchr(d->source_name, '/') + 1);
		for (i = 0; i < d->nhosts; i++) {
			snprintf(pre, sizeof(pre), "file.server.%d", i);
			add_server(b, d, i, pre, false);
		}
		break;
	case VK_PROTO_ISCSI:
		slash = strchr(d->source_name, '/');
		vk_buf_add(b, "file.driver=iscsi,file.transport=tcp,"
			   "file.portal=");
		vk_qcmd_esc(b, d->hosts[0].name);
		vk_buf_addf(b, ":%d", port_of(d, 0));
		add_head(b, "file.target", d->source_name);
		vk_buf_addf(b, ",file.lun=%s", slash + 1);
		break;
	case VK_PROTO_GLUSTER:
		vk_buf_add(b, "file.driver=gluster");
		add_head(b, "file.volume", d->source_name);
		vk_qcmd_kv(b, "file.path", strchr(d->source_name, '/') + 1);
		for (i = 0; i < d->nhosts; i++) {
			snprintf(pre, sizeof(pre), "file.server.%d", i);
			add_server(b, d, i, pre, true);
		}
		break;
	case VK_PROTO_SSH:
		vk_buf_add(b, "file.driver=ssh");
		add_server(b, d, 0, "file.server", false);
		add_abs_path(b, d->source_name);
		break;
	case VK_PROTO_NFS:
		vk_buf_add(b, "file.driver=nfs,file.server.type=inet");
		vk_qcmd_kv(b, "file.server.host", d->hosts[0].name);
		add_abs_path(b, d->source_name);
		break;
	default:
		add_curl(b, d);
		break;
	}
}

/* The -drive options that name the data, ending in ",":
 *   file=PATH,format=FMT
 *   file.driver=vvfat,file.dir=DIR[,file.floppy=on][,file.rw=on],
 *     format=raw
 *   file.driver=nbd,file.server.type=inet|unix,file.server.host=H,
 *     file.server.port=P | file.server.path=S[,file.export=NAME]
 *   file.driver=rbd,file.pool=POOL,file.image=IMAGE
 *     [,file.server.N.host=H,file.server.N.port=P]...
 *   file.driver=iscsi,file.transport=tcp,file.portal=H:P,
 *     file.target=IQN,file.lun=L
 *   file.driver=gluster,file.volume=V,file.path=P,
 *     file.server.N.type=inet,file.server.N.host=H,file.server.N.port=P
 *   file.driver=http|https|ftp|ftps,file.url=URL
 *   file.driver=ssh,file.server.host=H,file.server.port=P,file.path=P
 *   file.driver=nfs,file.server.type=inet,file.server.host=H,
 *     file.path=P
 * each then ",format=FMT" (the default ports are in default_port). */
void vk_qcmd_disk_source(struct vk_buf *b, const struct vk_disk *d,
			 const char *format)
{
	switch (vk_qcmd_disk_kind(d)) {
	case VK_DISK_DIR:
		vk_buf_add(b, "file.driver=vvfat");
		vk_qcmd_kv(b, "file.dir", d->source);
		if (d->device == VK_DISK_FLOPPY)
			vk_buf_add(b, ",file.floppy=on");
		if (!d->readonly)
			vk_buf_add(b, ",file.rw=on");
		break;
	case VK_DISK_NETWORK:
		add_network(b, d);
		break;
	default:
		vk_buf_add(b, "file=");
		vk_qcmd_esc(b, vk_qcmd_disk_path(d));
		break;
	}
	vk_qcmd_kv(b, "format", format);
	vk_buf_addc(b, ',');
}
