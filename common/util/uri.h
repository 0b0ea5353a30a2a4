/* Connection URIs: driver[+transport]://[user@][host][:port]/[path][?query] */
#ifndef VK_URI_H
#define VK_URI_H

#include <stdbool.h>

struct vk_uri {
	char *scheme;		/* qemu, lxc, xen, test */
	char *transport;	/* ssh, ...; NULL when local */
	char *user;
	char *host;
	int port;		/* 0 when absent */
	char *path;		/* "/system", "/session", "/default", "/x.xml" */
	char *query;
};

/* Parse S into U (cleared first).  Returns 0, or -1 with a usage error
 * recorded. */
int vk_uri_parse(const char *s, struct vk_uri *u);
void vk_uri_clear(struct vk_uri *u);
/* The URI to use when none is given: $VIRTKIT_DEFAULT_URI, else
 * qemu:///system for root and qemu:///session for others. */
const char *vk_uri_default(void);
/* For the host-local objects (storage, secrets): whether URI (NULL: the
 * default) means the session set (/session) or the system one
 * (/system; neither: the session unless root), into *SESSION.  WHAT
 * names the objects in the error for a remote URI.  Returns 0 or -1. */
int vk_uri_local_mode(const char *uri, const char *what, bool *session);

#endif
