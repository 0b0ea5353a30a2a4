#include <dirent.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "qemu_status.h"
#include "qemu_tpm.h"
#include "util/error.h"
#include "util/file.h"
#include "util/lock.h"
#include "util/proc.h"

void vk_qemu_paths_init(struct vk_qemu_paths *p, const struct vk_conn *c,
			const char *name)
{
	const char *run = c->paths.run, *log = c->paths.log;

	p->status = vk_asprintf("%s/%s.xml", run, name);
	p->lock = vk_asprintf("%s/%s.lock", run, name);
	p->dir = vk_asprintf("%s/%s.d", run, name);
	p->qmp_sup = vk_asprintf("%s/sup.qmp", p->dir);
	p->qmp_cmd = vk_asprintf("%s/cmd.qmp", p->dir);
	p->reboot = vk_asprintf("%s/%s.reboot", run, name);
	p->console_lock = vk_asprintf("%s/%s.console", run, name);
	p->log = vk_asprintf("%s/%s.log", log, name);
	p->console_log = vk_asprintf("%s/%s.console.log", log, name);
}

void vk_qemu_paths_clear(struct vk_qemu_paths *p)
{
	free(p->status);
	free(p->lock);
	free(p->dir);
	free(p->qmp_sup);
	free(p->qmp_cmd);
	free(p->reboot);
	free(p->console_lock);
	free(p->log);
	free(p->console_log);
	memset(p, 0, sizeof(*p));
}

static int attr_ull(xmlNodePtr n, const char *name, unsigned long long *v)
{
	bool set = false;

	return vk_xml_attr_uint(n, name, false, ~0ull, true, v, &set);
}

int vk_qemu_status_read(const char *path, struct vk_qemu_status *st)
{
	unsigned long long id, pid, ps, sup, ss;
	xmlDocPtr doc;
	xmlNodePtr root, dn;
	int rc = -1;

	memset(st, 0, sizeof(*st));
	doc = vk_xml_parse_file(path);	/* none: VK_EXIT_NOT_FOUND */
	if (!doc)
		return -1;
	root = xmlDocGetRootElement(doc);
	dn = vk_xml_first(root);
	if (!vk_xml_is(root, "domstatus") || !dn ||
	    vk_dom_state_attr(root, &st->state) < 0 || attr_ull(root, "id", &id) < 0 ||
	    attr_ull(root, "pid", &pid) < 0 ||
	    attr_ull(root, "pidstart", &ps) < 0 ||
	    attr_ull(root, "sup", &sup) < 0 ||
	    attr_ull(root, "supstart", &ss) < 0) {
		vk_error(VK_EXIT_FAILED, "%s: not a runtime record", path);
		goto out;
	}
	st->id = (int)id;
	st->pid = (pid_t)pid;
	st->pid_start = ps;
	st->sup = (pid_t)sup;
	st->sup_start = ss;
	st->live = vk_domain_parse_node(dn, VK_PARSE_NO_SCHEMA);
	if (st->live) {
		st->live->id = st->id;
		rc = 0;
	}
out:
	xmlFreeDoc(doc);
	return rc;
}

int vk_qemu_status_write(const char *path, const struct vk_qemu_status *st)
{
	char *xml = vk_domain_format(st->live, VK_FMT_SECURE);
	struct vk_buf b = VK_BUF_INIT;
	int rc;

	vk_buf_addf(&b, "<domstatus state='%s' id='%d' pid='%d' pidstart='%llu'"
		    " sup='%d' supstart='%llu'>\n", vk_state_name(st->state),
		    st->id, (int)st->pid, st->pid_start, (int)st->sup,
		    st->sup_start);
	vk_buf_add(&b, xml);
	vk_buf_add(&b, "</domstatus>\n");
	rc = vk_file_replace(path, b.s, b.len, 0600);
	vk_buf_free(&b);
	free(xml);
	return rc;
}

void vk_qemu_status_clear(struct vk_qemu_status *st)
{
	vk_domain_free(st->live);
	memset(st, 0, sizeof(*st));
}

bool vk_qemu_status_alive(const struct vk_qemu_status *st)
{
	return vk_proc_is(st->sup, st->sup_start) &&
	       vk_proc_is(st->pid, st->pid_start);
}

void vk_qemu_cleanup_stale(const struct vk_qemu_paths *p)
{
	/* The record goes last, as the supervisor does it. */
	unlink(p->reboot);
	vk_qemu_tpm_stop(p->dir);
	vk_dir_remove(p->dir);
	unlink(p->status);
}

int vk_qemu_next_id(const struct vk_conn *c)
{
	char *lockp = vk_asprintf("%s/.id.lock", c->paths.run);
	char *path = vk_asprintf("%s/.nextid", c->paths.run);
	char *text, buf[32];
	int lock, id = -1, n;

	lock = vk_lock(lockp, 0, "the id counter");
	if (lock < 0)
		goto out;
	text = vk_file_read(path, 64, NULL);
	n = text ? atoi(text) : 1;
	free(text);
	vk_error_clear();
	if (n < 1)
		n = 1;
	snprintf(buf, sizeof(buf), "%d\n", n + 1);
	if (vk_file_replace(path, buf, strlen(buf), 0600) == 0)
		id = n;
	vk_unlock(lock);
out:
	free(lockp);
	free(path);
	return id;
}
