/* The supervisor's side of the guest's lifecycle: QMP events and the
 * on_poweroff / on_reboot / on_crash actions. */
#include <errno.h>
#include <fcntl.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <unistd.h>

#include "qemu_sup_priv.h"
#include "qemu_supervisor.h"
#include "util/error.h"
#include "util/lock.h"
#include "util/uuid.h"

#define DUMP_TIMEOUT_MS 600000

static int qmp(struct sup *s, const char *cmd, json_object *args)
{
	if (s->qmp.fd < 0)
		return vk_error(VK_EXIT_FAILED, "the QEMU monitor is closed");
	if (vk_qmp_run(&s->qmp, cmd, args, NULL, QMP_TIMEOUT_MS) < 0) {
		vk_sup_log(s, "%s: %s", cmd, vk_error_message());
		return -1;
	}
	return 0;
}

static void set_state(struct sup *s, int state)
{
	if (s->st.state == state)
		return;
	s->st.state = state;
	if (vk_sup_save(s) < 0)
		vk_sup_log(s, "cannot write the runtime record: %s",
			   vk_error_message());
}

static void destroy(struct sup *s)
{
	if (qmp(s, "quit", NULL) < 0 && !s->kill_at) {
		kill(s->st.pid, SIGTERM);
		s->kill_at = vk_sup_now_ms() + TERM_GRACE_MS;
	}
}

static void restart(struct sup *s)
{
	if (qmp(s, "system_reset", NULL) == 0 && qmp(s, "cont", NULL) == 0)
		set_state(s, VK_STATE_RUNNING);
	else
		destroy(s);
}

/* Write the guest's memory to LOG/NAME.TIME.core through a descriptor
 * passed to QEMU, so QEMU needs no right to the log directory. */
static void coredump(struct sup *s)
{
	char *path = vk_asprintf("%s/%s.%lld.core", s->c->paths.log,
				 s->st.live->name, (long long)time(NULL));
	json_object *args;
	int fd = open(path, O_WRONLY | O_CREAT | O_EXCL | O_CLOEXEC, 0600);

	if (fd < 0) {
		vk_sup_log(s, "cannot create %s: %s", path, strerror(errno));
		free(path);
		return;
	}
	args = json_object_new_object();
	json_object_object_add(args, "fdname", json_object_new_string("dump"));
	if (vk_qmp_run_fd(&s->qmp, "getfd", args, fd, QMP_TIMEOUT_MS) == 0) {
		args = json_object_new_object();
		json_object_object_add(args, "paging",
				       json_object_new_boolean(0));
		json_object_object_add(args, "protocol",
				       json_object_new_string("fd:dump"));
		if (vk_qmp_run(&s->qmp, "dump-guest-memory", args, NULL,
			       DUMP_TIMEOUT_MS) == 0)
			vk_sup_log(s, "core dumped to %s", path);
		else
			vk_sup_log(s, "core dump failed: %s", vk_error_message());
	}
	close(fd);
	free(path);
}

/* rename-restart: this instance stays, paused, as NAME-crashed-ID with
 * a new uuid (for post-mortem work and vm-destroy), and NAME starts
 * again from the same definition under a new supervisor. */
static void rename_restart(struct sup *s)
{
	struct vk_domain_def *fresh = vk_domain_copy(s->st.live);
	struct vk_qemu_paths old = s->p;
	char *name = vk_asprintf("%s-crashed-%d", fresh->name, s->st.id);
	int lock = -1;

	if (vk_uuid_generate(s->st.live->uuid) < 0) {
		free(name);
		goto fail;
	}
	free(s->st.live->name);
	s->st.live->name = name;
	vk_qemu_paths_init(&s->p, s->c, name);
	if (rename(old.dir, s->p.dir) < 0 || vk_sup_save(s) < 0) {
		vk_qemu_paths_clear(&s->p);
		s->p = old;
		goto fail;
	}
	unlink(old.status);
	s->st.state = VK_STATE_CRASHED;
	vk_sup_save(s);
	vk_sup_log(s, "kept the crashed guest as '%s'", name);
	lock = vk_lock(old.lock, 0, "the domain");
	if (lock >= 0)
		fresh->id = vk_qemu_next_id(s->c);
	if (lock < 0 || fresh->id < 0 || vk_qemu_spawn(s->c, fresh, 0) < 0)
		vk_sup_log(s, "cannot start '%s' again: %s", fresh->name,
			   vk_error_message());
	vk_unlock(lock);
	vk_qemu_paths_clear(&old);
	vk_domain_free(fresh);
	return;
fail:
	vk_sup_log(s, "cannot rename the crashed guest: %s; restarting it",
		   vk_error_message());
	vk_domain_free(fresh);
	restart(s);
}

/* Apply ACTION (enum vk_lifecycle) after WHAT happened in the guest. */
static void apply(struct sup *s, int action, const char *what)
{
	vk_sup_log(s, "guest %s: %s", what, vk_lifecycle_names[action]);
	switch (action) {
	case VK_LIFE_DESTROY:
		destroy(s);
		break;
	case VK_LIFE_COREDUMP_DESTROY:
		coredump(s);
		destroy(s);
		break;
	case VK_LIFE_COREDUMP_RESTART:
		coredump(s);
		restart(s);
		break;
	case VK_LIFE_RESTART:
		restart(s);
		break;
	case VK_LIFE_RENAME_RESTART:
		rename_restart(s);
		break;
	case VK_LIFE_PRESERVE:
		set_state(s, strcmp(what, "crashed") ? VK_STATE_SHUTOFF
						     : VK_STATE_CRASHED);
		break;
	}
}

/* A guest poweroff, unless vm-reboot asked for a reboot through it. */
static void on_shutdown(struct sup *s, const char *reason)
{
	const struct vk_domain_def *def = s->st.live;

	if (!strcmp(reason, "guest-shutdown")) {
		if (unlink(s->p.reboot) == 0) {
			vk_sup_log(s, "guest powered off for vm-reboot");
			restart(s);
			return;
		}
		apply(s, def->on_poweroff, "powered off");
	} else if (!strcmp(reason, "guest-reset")) {
		apply(s, def->on_reboot, "rebooted");
	} else {
		vk_sup_log(s, "QEMU is shutting down (%s)", reason);
	}
}

void vk_sup_event(struct sup *s, json_object *ev)
{
	const char *name = vk_json_str(ev, "event");
	json_object *data = NULL;

	json_object_object_get_ex(ev, "data", &data);
	if (!strcmp(name, "SHUTDOWN")) {
		on_shutdown(s, vk_json_str(data, "reason"));
	} else if (!strcmp(name, "GUEST_PANICKED")) {
		apply(s, s->st.live->on_crash, "crashed");
	} else if (!strcmp(name, "STOP")) {
		if (s->st.state == VK_STATE_RUNNING)
			set_state(s, VK_STATE_PAUSED);
	} else if (!strcmp(name, "RESUME")) {
		set_state(s, VK_STATE_RUNNING);
	} else if (!strcmp(name, "RESET") || !strcmp(name, "POWERDOWN")) {
		vk_sup_log(s, "event %s", name);
	}
	json_object_put(ev);
}
