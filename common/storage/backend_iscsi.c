/* The iscsi pool: an iSCSI target (<source><host name port> is the
 * portal, <source><device path> the target's IQN) that open-iscsi logs
 * into on start (iscsiadm discovery, then login) and out of on stop.
 * Its volumes are the target's LUNs, found in sysfs under the session
 * (no creation or deletion here); a LUN's path is its link in the
 * target directory (normally /dev/disk/by-path) when udev made one,
 * else its /dev node; a LUN's volume is named unit:BUS:TARGET:LUN, as
 * libvirt names it.  <initiator><iqn name> logs in through an open-iscsi
 * interface of that initiator name (virtkit-UUID8, made on start).
 * <auth type='chap' username><secret uuid|usage> logs in with CHAP: the
 * password is the secret's value (common/secret), written into the
 * node record open-iscsi keeps (0600), never on a command line.  Discovery gets 2 * VK_BLK_NET_TIMEOUT seconds;
 * login is left to iscsid's own bounded retries (killing iscsiadm would
 * not stop them).
 */
#include <dirent.h>
#include <errno.h>
#include <limits.h>
#include <netdb.h>
#include <stdbool.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/socket.h>
#include <unistd.h>

#include "blockdev.h"
#include "util/error.h"
#include "util/file.h"
#include "secret/secret.h"
#include "storage_priv.h"
#include "util/file.h"
#include "util/proc.h"
#include "util/uuid.h"

static const char *iqn(const struct vk_pool *pool)
{
	return pool->def->source.devices[0].path;
}

static int iscsi_check(struct vk_pool *pool)
{
	const struct vk_pool_source *s = &pool->def->source;

	if (!s->host || s->ndevices != 1)
		return vk_error(VK_EXIT_FAILED,
				"pool '%s': an iscsi pool needs <source><host name> and one <device path> (the target IQN)",
				pool->def->name);
	return 0;
}

/* "ADDRESS:PORT" of the portal (the host name resolved: iscsiadm and the
 * by-path names use the address).  Caller frees; NULL with an error. */
static char *portal(const struct vk_pool *pool)
{
	const struct vk_pool_source *s = &pool->def->source;
	struct addrinfo hints = { 0 }, *ai = NULL;
	char addr[64];
	int port = s->port ? s->port : 3260, rc;

	hints.ai_socktype = SOCK_STREAM;
	rc = getaddrinfo(s->host, NULL, &hints, &ai);
	if (rc != 0) {
		vk_error(VK_EXIT_FAILED, "pool '%s': host %s: %s",
			 pool->def->name, s->host, gai_strerror(rc));
		return NULL;
	}
	rc = getnameinfo(ai->ai_addr, ai->ai_addrlen, addr, sizeof(addr),
			 NULL, 0, NI_NUMERICHOST);
	if (rc != 0) {
		freeaddrinfo(ai);
		vk_error(VK_EXIT_FAILED, "pool '%s': host %s: %s",
			 pool->def->name, s->host, gai_strerror(rc));
		return NULL;
	}
	freeaddrinfo(ai);
	return vk_asprintf(strchr(addr, ':') ? "[%s]:%d" : "%s:%d", addr,
			   port);
}

/* The sysfs name (session3) of our session with the target, or NULL. */
static char *session_of(const struct vk_pool *pool)
{
	const char *base = "/sys/class/iscsi_session";
	DIR *d = opendir(base);
	struct dirent *e;
	char *found = NULL;

	while (d && (e = readdir(d)) && !found) {
		char *p, *name = NULL;

		if (strncmp(e->d_name, "session", 7))
			continue;
		p = vk_asprintf("%s/%s/targetname", base, e->d_name);
		if ((name = vk_file_read(p, 4096, NULL)) &&
		    !strcmp(vk_last_line(name), iqn(pool)))
			found = vk_strdup(e->d_name);
		free(name);
		free(p);
	}
	if (d)
		closedir(d);
	return found;
}

/* Whether iscsiadm's discovery output OUT ("PORTAL,TPGT IQN" lines)
 * names the target IQN itself, not one whose name begins with it. */
static bool offers(const char *out, const char *iqn_name)
{
	size_t n = strlen(iqn_name);
	const char *p;

	for (p = out; (p = strstr(p, iqn_name)); p += n)
		if ((p == out || p[-1] == ' ') &&
		    (p[n] == '\0' || p[n] == '\n'))
			return true;
	return false;
}

/* The open-iscsi interface a pool with <initiator> logs in through:
 * "virtkit-" and the first 8 hex digits of the pool's uuid. */
static void iface_name(const struct vk_pool *pool, char out[17])
{
	char uuid[VK_UUID_STRLEN + 1];

	vk_uuid_format(pool->def->uuid, uuid);
	snprintf(out, 17, "virtkit-%.8s", uuid);
}

/* Make (or update) the interface with the pool's initiator name. */
static int iface_setup(struct vk_pool *pool, const char *iface)
{
	const char *show[] = { "iscsiadm", "-m", "iface", "-I", iface, NULL };
	const char *add[] = { "iscsiadm", "-m", "iface", "-I", iface, "-o",
			      "new", NULL };
	const char *set[] = { "iscsiadm", "-m", "iface", "-I", iface, "-o",
			      "update", "-n", "iface.initiatorname", "-v",
			      pool->def->source.initiator, NULL };

	if (vk_run_status(show, NULL, NULL, NULL) != 0 &&
	    vk_blk_run(pool, add, NULL) < 0)
		return -1;
	return vk_blk_run(pool, set, NULL);
}

/* The CHAP password: the value of the pool's <auth><secret>.  0 or -1
 * (the value is freed by the caller with vk_secret_value_free). */
static int chap_password(struct vk_pool *pool, unsigned char **val,
			 size_t *len)
{
	const struct vk_pool_auth *a = &pool->def->source.auth;
	struct vk_pool_priv *p = pool->priv;
	struct vk_secrets s;
	char msg[1024];
	int rc;

	if (vk_secrets_init(&s, p->st->session) < 0)
		return -1;
	rc = a->secret_uuid_set ?
	     vk_secret_value_uuid(&s, a->secret_uuid, val, len) :
	     vk_secret_value_usage(&s, VK_SECRET_USAGE_ISCSI, a->secret_usage,
				   val, len);
	vk_secrets_close(&s);
	if (rc < 0) {
		snprintf(msg, sizeof(msg), "%s", vk_error_message());
		return vk_error(VK_EXIT_FAILED, "pool '%s': CHAP secret: %s",
				pool->def->name, msg);
	}
	if (!*len || memchr(*val, '\n', *len) || memchr(*val, '\0', *len)) {
		vk_secret_value_free(*val, *len);
		return vk_error(VK_EXIT_FAILED, "pool '%s': the CHAP secret's "
				"value is empty or holds a line break or NUL",
				pool->def->name);
	}
	return 0;
}

/* The node record open-iscsi made for the target at PORTAL
 * ("ADDR:PORT") through IFACE: /etc/iscsi/nodes/IQN/ADDR,PORT,TPGT/IFACE
 * (caller frees), or NULL. */
static char *node_record(const struct vk_pool *pool, const char *portal,
			 const char *iface)
{
	char *dir = vk_asprintf("/etc/iscsi/nodes/%s", iqn(pool)), *found = NULL;
	const char *colon = strrchr(portal, ':');
	size_t plen = colon ? (size_t)(colon - portal) : strlen(portal);
	char *prefix = vk_asprintf("%.*s,%s,", (int)plen, portal,
				   colon ? colon + 1 : "3260");
	DIR *d = opendir(dir);
	struct dirent *e;

	/* an IPv6 portal is [ADDR]:PORT; its record has no brackets */
	if (prefix[0] == '[') {
		char *b = strchr(prefix, ']');

		if (b)
			memmove(b, b + 1, strlen(b));
		memmove(prefix, prefix + 1, strlen(prefix));
	}
	while (d && (e = readdir(d)) && !found)
		if (!strncmp(e->d_name, prefix, strlen(prefix)))
			found = vk_asprintf("%s/%s/%s", dir, e->d_name, iface);
	if (d)
		closedir(d);
	free(dir);
	free(prefix);
	return found;
}

/* Set CHAP (method, username, the password VAL of LEN bytes) in the
 * node record: the record's other lines kept, ours replacing any auth
 * lines. */
static int chap_setup(struct vk_pool *pool, const char *portal,
		      const char *iface, const unsigned char *val, size_t len)
{
	const struct vk_pool_auth *a = &pool->def->source.auth;
	char *rec = node_record(pool, portal, iface), *old = NULL, *line, *nl;
	struct vk_buf b = VK_BUF_INIT;
	int rc;

	if (!rec)
		return vk_error(VK_EXIT_FAILED, "pool '%s': no open-iscsi node "
				"record for %s at %s after discovery",
				pool->def->name, iqn(pool), portal);
	old = vk_file_read(rec, 1 << 20, NULL);
	for (line = old; line && *line; line = nl) {
		nl = strchr(line, '\n');
		nl = nl ? nl + 1 : line + strlen(line);
		if (strncmp(line, "node.session.auth.", 18))
			vk_buf_addn(&b, line, (size_t)(nl - line));
	}
	vk_buf_addf(&b, "node.session.auth.authmethod = CHAP\n"
		    "node.session.auth.username = %s\n"
		    "node.session.auth.password = ", a->username);
	vk_buf_addn(&b, (const char *)val, len);
	vk_buf_addc(&b, '\n');
	rc = vk_file_replace(rec, b.s, b.len, 0600);
	if (rc < 0)
		vk_error_errno(VK_EXIT_FAILED, errno, "pool '%s': cannot "
			       "write %s", pool->def->name, rec);
	if (b.s)
		memset(b.s, 0, b.len);
	vk_buf_free(&b);
	free(old);
	free(rec);
	return rc;
}

static int iscsi_start(struct vk_pool *pool)
{
	char *p, *s, ifbuf[17];
	const char *iface = "default";
	unsigned char *pw = NULL;
	size_t pwlen = 0;
	bool chap = pool->def->source.auth.type == VK_POOL_AUTH_CHAP;
	int rc;

	if (iscsi_check(pool) < 0 || !(p = portal(pool)))
		return -1;
	s = session_of(pool);
	if (s) {		/* logged in already (by us or someone else) */
		free(s);
		free(p);
		return 0;
	}
	/* the secret first: nothing is discovered without it */
	if (chap && chap_password(pool, &pw, &pwlen) < 0) {
		free(p);
		return -1;
	}
	if (pool->def->source.initiator) {
		iface_name(pool, ifbuf);
		iface = ifbuf;
		if (iface_setup(pool, iface) < 0) {
			vk_secret_value_free(pw, pwlen);
			free(p);
			return -1;
		}
	}
	{
		const char *disc[] = { "iscsiadm", "-m", "discovery", "-t",
				       "sendtargets", "-p", p, "-I", iface,
				       NULL };
		const char *login[] = { "iscsiadm", "-m", "node", "-T",
					iqn(pool), "-p", p, "-I", iface,
					"--login", NULL };
		char *out = NULL;

		/* a portal that never answers: no minutes of retries */
		rc = vk_blk_run_timeout(pool, disc, &out,
					2 * VK_BLK_NET_TIMEOUT);
		if (rc == 0 && !offers(out, iqn(pool)))
			rc = vk_error(VK_EXIT_FAILED,
				      "pool '%s': portal %s offers no target %s",
				      pool->def->name, p, iqn(pool));
		free(out);
		if (rc == 0 &&
		    ((chap && chap_setup(pool, p, iface, pw, pwlen) < 0) ||
		     vk_blk_run(pool, login, NULL) < 0)) {
			/* no node record is left behind by a failed start */
			const char *del[] = { "iscsiadm", "-m", "node", "-T",
					      iqn(pool), "-p", p, "-o",
					      "delete", NULL };
			struct vk_blk_err e;

			vk_blk_err_save(&e);
			vk_run_status(del, NULL, NULL, NULL);
			rc = vk_blk_err_restore(&e);
		}
	}
	vk_secret_value_free(pw, pwlen);
	free(p);
	if (rc == 0)
		vk_blk_settle(pool, NULL);
	return rc;
}

static int iscsi_stop(struct vk_pool *pool)
{
	char *p, *s = session_of(pool);
	int rc;

	if (!s)
		return 0;
	free(s);
	if (!(p = portal(pool)))
		return -1;
	{
		const char *argv[] = { "iscsiadm", "-m", "node", "-T",
				       iqn(pool), "-p", p, "--logout", NULL };

		rc = vk_blk_run(pool, argv, NULL);
	}
	free(p);
	return rc;
}

/* The link in DIR that resolves to DEV ("/dev/sdb"), or DEV itself. */
static char *link_to(const char *dir, const char *dev)
{
	DIR *d = opendir(dir);
	struct dirent *e;
	char *found = NULL, real[PATH_MAX];

	while (d && (e = readdir(d)) && !found) {
		char *p;

		if (e->d_name[0] == '.')
			continue;
		p = vk_asprintf("%s/%s", dir, e->d_name);
		if (realpath(p, real) && !strcmp(real, dev))
			found = p;
		else
			free(p);
	}
	if (d)
		closedir(d);
	return found ? found : vk_strdup(dev);
}

/* Add the LUN whose SCSI device directory is DEVDIR (host/target/H:C:T:L)
 * when it has a block device. */
static void add_lun(struct vk_pool *pool, const char *devdir,
		    const char *hctl)
{
	char *blk = vk_asprintf("%s/block", devdir), *size = NULL, *p;
	DIR *d = opendir(blk);
	struct dirent *e;
	const char *bus = strchr(hctl, ':');

	while (d && (e = readdir(d))) {
		struct vk_vol_def *vol;
		char *dev;

		if (e->d_name[0] == '.')
			continue;
		p = vk_asprintf("%s/%s/size", blk, e->d_name);
		if (!(size = vk_file_read(p, 64, NULL))) {
			free(p);
			continue;
		}
		free(p);
		dev = vk_asprintf("/dev/%s", e->d_name);
		vol = vk_calloc(1, sizeof(*vol));
		vol->type = VK_VOL_BLOCK;
		/* H:C:T:L -> unit:C:T:L, as libvirt names LUNs */
		vol->name = vk_asprintf("unit:%s", bus ? bus + 1 : hctl);
		vol->target.path = link_to(pool->def->target.path, dev);
		vol->key = vk_strdup(vol->target.path);
		vol->capacity = strtoull(size, NULL, 10) * 512;
		vol->allocation = vol->capacity;
		vk_perms_init(&vol->target.perms);
		vk_pool_add_vol(pool, vol);
		free(dev);
		free(size);
		size = NULL;
		break;
	}
	if (d)
		closedir(d);
	free(blk);
}

static int iscsi_refresh(struct vk_pool *pool)
{
	char *s = session_of(pool), *dir;
	DIR *d;
	struct dirent *e;
	int i;

	if (!s)
		return vk_error(VK_EXIT_FAILED,
				"pool '%s': not logged in to %s",
				pool->def->name, iqn(pool));
	vk_blk_settle(pool, NULL);
	/* /sys/class/iscsi_session/sessionN/device/targetH:C:T/H:C:T:L */
	dir = vk_asprintf("/sys/class/iscsi_session/%s/device", s);
	d = opendir(dir);
	while (d && (e = readdir(d))) {
		char *tdir;
		DIR *td;
		struct dirent *l;

		if (strncmp(e->d_name, "target", 6))
			continue;
		tdir = vk_asprintf("%s/%s", dir, e->d_name);
		td = opendir(tdir);
		while (td && (l = readdir(td))) {
			char *ldir;

			if (!strchr(l->d_name, ':') || l->d_name[0] == '.')
				continue;
			ldir = vk_asprintf("%s/%s", tdir, l->d_name);
			add_lun(pool, ldir, l->d_name);
			free(ldir);
		}
		if (td)
			closedir(td);
		free(tdir);
	}
	if (d)
		closedir(d);
	free(dir);
	free(s);
	pool->def->capacity = pool->def->allocation = 0;
	for (i = 0; i < pool->nvols; i++)
		pool->def->capacity += pool->vols[i]->capacity;
	pool->def->allocation = pool->def->capacity;
	pool->def->available = 0;
	return 0;
}

const struct vk_storage_backend vk_backend_iscsi = {
	.type = VK_POOL_ISCSI,
	.check_source = iscsi_check,
	.start = iscsi_start,
	.stop = iscsi_stop,
	.refresh = iscsi_refresh,
};
