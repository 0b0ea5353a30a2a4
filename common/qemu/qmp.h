/* A QMP client: JSON lines over a unix socket (json-c). */
#ifndef VK_QMP_H
#define VK_QMP_H

#include <json-c/json.h>

#include "util/buf.h"

struct vk_qmp {
	int fd;
	struct vk_buf in;	/* bytes read, not yet a whole line */
	size_t used;		/* bytes of IN already consumed */
	json_object **events;	/* events read while awaiting a reply */
	int nevents;
};

/* Connect to the monitor at PATH, read the greeting and negotiate
 * capabilities.  TIMEOUT_MS bounds the whole.  0 or -1 (error recorded). */
int vk_qmp_open(struct vk_qmp *q, const char *path, int timeout_ms);
/* Connect once, no retry: for the supervisor, which polls on its own. */
int vk_qmp_try_connect(const char *path);
/* Finish the handshake on a connected socket FD (taken over). */
int vk_qmp_handshake(struct vk_qmp *q, int fd, int timeout_ms);
void vk_qmp_close(struct vk_qmp *q);

/* Run CMD with ARGS (consumed, may be NULL).  *RET (may be NULL) gets
 * the "return" value (caller puts it).  A QMP error is recorded as
 * VK_EXIT_FAILED with QEMU's description. */
int vk_qmp_run(struct vk_qmp *q, const char *cmd, json_object *args,
	       json_object **ret, int timeout_ms);
/* Like vk_qmp_run, passing FD along with the command (SCM_RIGHTS), for
 * "getfd". */
int vk_qmp_run_fd(struct vk_qmp *q, const char *cmd, json_object *args,
		  int fd, int timeout_ms);

/* Read what the socket has (never blocks when called after poll says
 * readable).  Returns 0, or -1 when the monitor closed or failed. */
int vk_qmp_fill(struct vk_qmp *q);
/* The next whole message already read, or NULL (caller puts it);
 * queued events come first. */
json_object *vk_qmp_pop(struct vk_qmp *q);

/* Object member as a string, or "" when absent. */
const char *vk_json_str(json_object *o, const char *key);

#endif
