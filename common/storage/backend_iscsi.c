/* The iscsi pool: an iSCSI target (<source><host name port> is the
 * portal, <source><device path> the target's IQN) that open-iscsi logs
 * into on start (iscsiadm discovery, then login) and out of on stop.
 * Its volumes are the target's LUNs, found in sysfs under the session
 * (no creation or deletion here); a LUN's path is its link in the
 * target directory (normally /dev/disk/by-path) when udev made one,
 * else its /dev node; a LUN's volume is named unit:BUS:TARGET:LUN, as
 * libvirt names it.  <initiator><iqn name> logs in through an open-iscsi
 * interface of that initiator name (virtkit-UUID8, made on start).
 * <auth type='chap'> is kept and refused at start (CHAP login is not
 * implemented yet).  Discovery gets 2 * VK_BLK_NET_TIMEOUT seconds;
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

static int iscsi_start(struct vk_pool *pool)
{
	char *p, *s, ifbuf[17];
	const char *iface = "default";
	int rc;

	if (pool->def->source.auth.type == VK_POOL_AUTH_CHAP)
		return vk_error(VK_EXIT_FAILED,
				"pool '%s': <auth type='chap'>: not supported (CHAP login is not implemented yet)",
				pool->def->name);
	if (iscsi_check(pool) < 0 || !(p = portal(pool)))
		return -1;
	s = session_of(pool);
	if (s) {		/* logged in already (by us or someone else) */
		free(s);
		free(p);
		return 0;
	}
	if (pool->def->source.initiator) {
		iface_name(pool, ifbuf);
		iface = ifbuf;
		if (iface_setup(pool, iface) < 0) {
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
		if (rc == 0 && vk_blk_run(pool, login, NULL) < 0) {
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
