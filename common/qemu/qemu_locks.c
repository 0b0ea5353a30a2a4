/* Leases and disk image locks (see qemu_locks.h).  Linked into the
 * static supervisor: no libxml2 calls here (the domain structs are only
 * read). */
#include <errno.h>
#include <fcntl.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "conf/domain.h"
#include "qemu_locks.h"
#include "util/error.h"

#define MAX_TRIES 3

/* ---- vm-start: what to lock ---- */

/* A <shareable/> image: a read (shared) lock, which other shareable
 * users share and an exclusive writer cannot get. */
#define SHARED_DISK "shared disk image"

static bool is_disk(const char *what)
{
	return !strcmp(what, "disk image") || !strcmp(what, SHARED_DISK);
}

/* The image of D: its source, or the path of its volume (looked up at
 * start). */
static const char *disk_image(const struct vk_disk *d)
{
	if (d->type == VK_DISK_VOLUME)
		return d->x.vol_path;
	return d->type == VK_DISK_FILE || d->type == VK_DISK_BLOCK ?
	       d->source : NULL;
}

static bool disk_locked(const struct vk_disk *d)
{
	return disk_image(d) && !d->readonly && d->device != VK_DISK_CDROM;
}

/* The shareable (SHARED) or the exclusive disk locks of DEF. */
static void list_disks(const struct vk_domain_def *def, bool shared,
		       struct vk_argv *out)
{
	int i;

	for (i = 0; i < def->ndisks; i++) {
		if (!disk_locked(&def->disks[i]) ||
		    def->disks[i].shareable != shared)
			continue;
		vk_argv_add(out, shared ? SHARED_DISK : "disk image");
		vk_argv_addf(out, "%lld", VK_DISK_LOCK_OFFSET);
		vk_argv_add(out, disk_image(&def->disks[i]));
	}
}

void vk_qemu_locks_list(const struct vk_domain_def *def, struct vk_argv *out)
{
	int i;

	for (i = 0; i < def->nleases; i++) {
		const struct vk_lease *l = &def->leases[i];

		vk_argv_addf(out, "lease '%s%s%s'",
			     l->lockspace ? l->lockspace : "",
			     l->lockspace ? "/" : "", l->key);
		vk_argv_addf(out, "%llu", l->offset);
		vk_argv_add(out, l->path);
	}
	/* Shared first: an image the domain also has as an exclusive
	 * disk then ends with its lock made exclusive, not downgraded. */
	list_disks(def, true, out);
	list_disks(def, false, out);
}

/* ---- the supervisor: who holds a lock ---- */

/* The text of a /proc file (NUL bytes kept; caller frees), or NULL. */
static char *read_proc(const char *path, size_t *len)
{
	char *buf = NULL;
	size_t n = 0;
	int fd = open(path, O_RDONLY | O_CLOEXEC);

	*len = 0;
	if (fd < 0)
		return NULL;
	for (;;) {
		ssize_t r;

		buf = vk_realloc(buf, n + 4097);
		r = read(fd, buf + n, 4096);
		if (r <= 0)
			break;
		n += (size_t)r;
	}
	close(fd);
	buf[n] = '\0';
	*len = n;
	return buf;
}

/* The guest name in a QEMU command line (NUL-separated CMD of LEN
 * bytes): "-name guest=NAME[,...]" with ",," for a comma. */
static char *guest_name(const char *cmd, size_t len)
{
	const char *p = cmd, *end = cmd + len, *v;
	struct vk_buf b = VK_BUF_INIT;

	while (p < end && strcmp(p, "-name"))
		p += strlen(p) + 1;
	if (p >= end || (p += strlen(p) + 1) >= end ||
	    strncmp(p, "guest=", 6))
		return NULL;
	for (v = p + 6; *v && (*v != ',' || v[1] == ','); v++) {
		if (*v == ',')
			v++;
		vk_buf_addc(&b, *v);
	}
	return vk_buf_steal(&b);
}

/* The domain whose supervisor is PID: the name on its QEMU's command
 * line (caller frees), or NULL. */
static char *holder_domain(pid_t pid)
{
	char path[64], *kids, *cmd, *name = NULL, *p, *next;
	size_t len;

	snprintf(path, sizeof(path), "/proc/%d/task/%d/children", (int)pid,
		 (int)pid);
	kids = read_proc(path, &len);
	for (p = kids; p && !name && *p; p = next) {
		long child = strtol(p, &next, 10);

		if (next == p)
			break;
		snprintf(path, sizeof(path), "/proc/%ld/cmdline", child);
		cmd = read_proc(path, &len);
		if (cmd)
			name = guest_name(cmd, len);
		free(cmd);
	}
	free(kids);
	return name;
}

static int conflict(const char *what, const char *path,
		    unsigned long long off, pid_t pid)
{
	char *dom = pid > 0 ? holder_domain(pid) : NULL;
	bool disk = is_disk(what);
	char who[32] = "another process";

	/* F_GETLK names no pid for an open file description lock (a
	 * vol-upload, say) or a holder in another pid namespace. */
	if (pid > 0)
		snprintf(who, sizeof(who), "process %d", (int)pid);

	if (disk && dom)
		vk_error(VK_EXIT_CONFLICT, "disk image '%s' is in use by "
			 "domain '%s' (process %d)", path, dom, (int)pid);
	else if (disk)
		vk_error(VK_EXIT_CONFLICT, "disk image '%s' is in use: "
			 "locked by %s", path, who);
	/* interfaces (qemu_net.c): "MAC address M", one byte per MAC */
	else if (!strncmp(what, "MAC address ", 12))
		vk_error(VK_EXIT_CONFLICT, "%s is in use by %s%s%s (process "
			 "%d)", what, dom ? "domain '" : "another guest",
			 dom ? dom : "", dom ? "'" : "", (int)pid);
	else
		vk_error(VK_EXIT_CONFLICT, "%s (%s offset %llu) is held by "
			 "%s%s%s%s", what, path, off, who,
			 dom ? " (domain '" : "", dom ? dom : "",
			 dom ? "')" : "");
	free(dom);
	return -1;
}

/* ---- the supervisor: taking them ---- */

/* Lock one byte at OFF of FD; 0, or -1 with the error recorded. */
static int lock_one(int fd, const char *what, const char *path,
		    unsigned long long off)
{
	short type = strcmp(what, SHARED_DISK) ? F_WRLCK : F_RDLCK;
	int tries;

	for (tries = 0; tries < MAX_TRIES; tries++) {
		struct flock fl = {
			.l_type = type, .l_whence = SEEK_SET,
			.l_start = (off_t)off, .l_len = 1,
		};

		if (fcntl(fd, F_SETLK, &fl) == 0)
			return 0;
		if (errno != EACCES && errno != EAGAIN)
			return vk_error_errno(VK_EXIT_FAILED, errno, "%s: "
					      "cannot lock %s", what, path);
		fl.l_type = type;
		if (fcntl(fd, F_GETLK, &fl) < 0)
			return vk_error_errno(VK_EXIT_FAILED, errno, "%s: "
					      "cannot test the lock on %s",
					      what, path);
		if (fl.l_type != F_UNLCK)
			return conflict(what, path, off, fl.l_pid);
		/* Released in between: try again. */
	}
	return conflict(what, path, off, 0);
}

int vk_qemu_locks_take(const struct vk_argv *spec, struct vk_held_locks *held)
{
	int i;

	memset(held, 0, sizeof(*held));
	for (i = 0; i + 2 < spec->n; i += 3) {
		const char *what = spec->v[i], *path = spec->v[i + 2];
		unsigned long long off = strtoull(spec->v[i + 1], NULL, 10);
		int fd = open(path, O_RDWR | O_CLOEXEC | O_NOCTTY);

		if (fd < 0 && is_disk(what))
			continue;	/* QEMU reports it */
		if (fd < 0) {
			vk_error_errno(VK_EXIT_FAILED, errno, "%s: cannot "
				       "open %s", what, path);
			goto fail;
		}
		held->fds = vk_realloc(held->fds, (size_t)(held->n + 1) *
				       sizeof(*held->fds));
		held->fds[held->n++] = fd;
		if (lock_one(fd, what, path, off) < 0)
			goto fail;
	}
	return 0;
fail:
	vk_qemu_locks_release(held);
	return -1;
}

void vk_qemu_locks_release(struct vk_held_locks *held)
{
	int i;

	for (i = 0; i < held->n; i++)
		close(held->fds[i]);
	free(held->fds);
	held->fds = NULL;
	held->n = 0;
}
