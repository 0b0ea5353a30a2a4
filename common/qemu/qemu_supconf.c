/* The vm-start -> supervisor configuration: key/value pairs on a pipe.
 * Linked into the static supervisor: no libxml2 here. */
#include <errno.h>
#include <stdbool.h>
#include <stddef.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "qemu_supervisor.h"
#include "util/buf.h"
#include "util/error.h"

static void pair(struct vk_buf *b, const char *key, const char *val)
{
	if (!val)
		return;
	vk_buf_addn(b, key, strlen(key) + 1);
	vk_buf_addn(b, val, strlen(val) + 1);
}

static void pairi(struct vk_buf *b, const char *key, long long v)
{
	char num[32];

	snprintf(num, sizeof(num), "%lld", v);
	pair(b, key, num);
}

void vk_sup_conf_encode(const struct vk_sup_conf *sc, struct vk_buf *b)
{
	int i;

	pair(b, "uri", sc->uri);
	pair(b, "name", sc->name);
	pairi(b, "id", sc->id);
	pair(b, "status", sc->status);
	pair(b, "dir", sc->dir);
	pair(b, "reboot", sc->reboot);
	pair(b, "log", sc->log);
	pair(b, "logdir", sc->logdir);
	pair(b, "qmp", sc->qmp);
	pair(b, "create", sc->create);
	pairi(b, "uid", sc->uid);
	pairi(b, "gid", sc->gid);
	pairi(b, "drop", sc->drop);
	pairi(b, "paused", sc->paused);
	pairi(b, "on_poweroff", sc->on_poweroff);
	pairi(b, "on_reboot", sc->on_reboot);
	pairi(b, "on_crash", sc->on_crash);
	for (i = 0; i < sc->ptys.n; i++)
		pair(b, "pty", sc->ptys.v[i]);
	pairi(b, "vnc", sc->vnc);
	pair(b, "vnc_passwd", sc->vnc_passwd);
	pair(b, "spice_passwd", sc->spice_passwd);
	pair(b, "vnc_expiry", sc->vnc_expiry);
	pair(b, "spice_expiry", sc->spice_expiry);
	pair(b, "affinity", sc->affinity);	/* platform */
	for (i = 0; i < sc->vcpupins.n; i++)
		pair(b, "vcpupin", sc->vcpupins.v[i]);
	for (i = 0; i < sc->argv.n; i++)
		pair(b, "arg", sc->argv.v[i]);
	for (i = 0; i < sc->env.n; i++)	/* <qemu:env> */
		pair(b, "env", sc->env.v[i]);
	for (i = 0; i < sc->locks.n; i++)
		pair(b, "lock", sc->locks.v[i]);
	for (i = 0; i < sc->netfds.n; i++)	/* interfaces */
		pair(b, "netfd", sc->netfds.v[i]);
	for (i = 0; i < sc->macvtaps.n; i++)
		pair(b, "macvtap", sc->macvtaps.v[i]);
	for (i = 0; i < sc->linkdown.n; i++)
		pair(b, "linkdown", sc->linkdown.v[i]);
	pairi(b, "watchdog_dump", sc->watchdog_dump);	/* watchdog */
	pair(b, "end", "");
}

static void set(struct vk_sup_conf *sc, const char *k, char *v)
{
	static const struct { const char *key; size_t off; } strs[] = {
		{"uri", offsetof(struct vk_sup_conf, uri)},
		{"name", offsetof(struct vk_sup_conf, name)},
		{"status", offsetof(struct vk_sup_conf, status)},
		{"dir", offsetof(struct vk_sup_conf, dir)},
		{"reboot", offsetof(struct vk_sup_conf, reboot)},
		{"log", offsetof(struct vk_sup_conf, log)},
		{"logdir", offsetof(struct vk_sup_conf, logdir)},
		{"qmp", offsetof(struct vk_sup_conf, qmp)},
		{"create", offsetof(struct vk_sup_conf, create)},
		{"vnc_passwd", offsetof(struct vk_sup_conf, vnc_passwd)},
		{"spice_passwd", offsetof(struct vk_sup_conf, spice_passwd)},
		{"vnc_expiry", offsetof(struct vk_sup_conf, vnc_expiry)},
		{"spice_expiry", offsetof(struct vk_sup_conf, spice_expiry)},
		{"affinity", offsetof(struct vk_sup_conf, affinity)},
	};
	size_t i;

	for (i = 0; i < sizeof(strs) / sizeof(*strs); i++) {
		if (!strcmp(k, strs[i].key)) {
			char **slot = (char **)((char *)sc + strs[i].off);

			free(*slot);
			*slot = v;
			return;
		}
	}
	if (!strcmp(k, "pty"))
		vk_argv_add(&sc->ptys, v);
	else if (!strcmp(k, "vcpupin"))	/* platform */
		vk_argv_add(&sc->vcpupins, v);
	else if (!strcmp(k, "arg"))
		vk_argv_add(&sc->argv, v);
	else if (!strcmp(k, "env"))
		vk_argv_add(&sc->env, v);
	else if (!strcmp(k, "lock"))
		vk_argv_add(&sc->locks, v);
	else if (!strcmp(k, "netfd"))	/* interfaces */
		vk_argv_add(&sc->netfds, v);
	else if (!strcmp(k, "macvtap"))
		vk_argv_add(&sc->macvtaps, v);
	else if (!strcmp(k, "linkdown"))
		vk_argv_add(&sc->linkdown, v);
	else if (!strcmp(k, "id"))
		sc->id = atoi(v);
	else if (!strcmp(k, "uid"))
		sc->uid = (uid_t)strtoul(v, NULL, 10);
	else if (!strcmp(k, "gid"))
		sc->gid = (gid_t)strtoul(v, NULL, 10);
	else if (!strcmp(k, "drop"))
		sc->drop = atoi(v);
	else if (!strcmp(k, "paused"))
		sc->paused = atoi(v);
	else if (!strcmp(k, "on_poweroff"))
		sc->on_poweroff = atoi(v);
	else if (!strcmp(k, "on_reboot"))
		sc->on_reboot = atoi(v);
	else if (!strcmp(k, "on_crash"))
		sc->on_crash = atoi(v);
	else if (!strcmp(k, "vnc"))
		sc->vnc = atoi(v);
	else if (!strcmp(k, "watchdog_dump"))	/* watchdog */
		sc->watchdog_dump = atoi(v);
	free(v);
}

/* Apply the pairs in B->s[0..B->len); true once "end" was among them. */
static bool apply_pairs(struct vk_sup_conf *sc, const struct vk_buf *b)
{
	const char *p = b->s, *end = b->s + b->len;

	while (p < end) {
		const char *k = p, *v = memchr(k, '\0', (size_t)(end - k));
		const char *next = v ? memchr(v + 1, '\0', (size_t)(end - v - 1))
				     : NULL;

		if (!next)
			return false;	/* an incomplete pair: read on */
		if (!strcmp(k, "end"))
			return true;
		set(sc, k, vk_strdup(v + 1));
		p = next + 1;
	}
	return false;
}

int vk_sup_conf_decode(int fd, struct vk_sup_conf *sc)
{
	struct vk_buf b = VK_BUF_INIT;
	char chunk[4096];
	bool done = false;

	memset(sc, 0, sizeof(*sc));
	/* vm-start sends nothing after the pairs until it has our report,
	 * so reading whole chunks never swallows its "GO". */
	while (!done) {
		ssize_t n = read(fd, chunk, sizeof(chunk));

		if (n < 0 && errno == EINTR)
			continue;
		if (n <= 0)
			break;
		vk_buf_addn(&b, chunk, (size_t)n);
		vk_sup_conf_clear(sc);
		done = apply_pairs(sc, &b);
	}
	vk_buf_free(&b);
	if (!done)
		return vk_error(VK_EXIT_FAILED, "incomplete configuration "
						"from vm-start");
	if (!sc->name || !sc->status || !sc->dir || !sc->qmp || !sc->log ||
	    !sc->argv.n)
		return vk_error(VK_EXIT_FAILED, "configuration from vm-start "
						"lacks a path or the command");
	return 0;
}

void vk_sup_conf_clear(struct vk_sup_conf *sc)
{
	free(sc->uri);
	free(sc->name);
	free(sc->status);
	free(sc->dir);
	free(sc->reboot);
	free(sc->log);
	free(sc->logdir);
	free(sc->qmp);
	free(sc->create);
	if (sc->vnc_passwd)
		memset(sc->vnc_passwd, 0, strlen(sc->vnc_passwd));
	free(sc->vnc_passwd);
	if (sc->spice_passwd)
		memset(sc->spice_passwd, 0, strlen(sc->spice_passwd));
	free(sc->spice_passwd);
	free(sc->vnc_expiry);
	free(sc->spice_expiry);
	vk_argv_free(&sc->ptys);
	free(sc->affinity);	/* platform: sysinfo, tuning, cpu */
	vk_argv_free(&sc->vcpupins);
	vk_argv_free(&sc->argv);
	vk_argv_free(&sc->env);
	vk_argv_free(&sc->locks);
	vk_argv_free(&sc->netfds);	/* interfaces */
	vk_argv_free(&sc->macvtaps);
	vk_argv_free(&sc->linkdown);
	memset(sc, 0, sizeof(*sc));
}
