/* Connection URIs: driver[+transport]://[user@][host][:port]/[path][?query] */
#ifndef VK_URI_H
#define VK_URI_H

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

#endif
