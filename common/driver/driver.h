/* The driver interface: one struct of operations that each hypervisor
 * driver (qemu, lxc, xen, test) fills in.  An operation a driver lacks is
 * NULL, and the vk_dom_* wrappers turn that into a clear "not supported
 * by the DRIVER driver" error. */
#ifndef VK_DRIVER_H
#define VK_DRIVER_H

#include <stdbool.h>

#include "conf/domain.h"
#include "util/paths.h"
#include "util/uri.h"

enum vk_state {
	VK_STATE_NOSTATE, VK_STATE_RUNNING, VK_STATE_BLOCKED,
	VK_STATE_PAUSED, VK_STATE_SHUTDOWN, VK_STATE_SHUTOFF,
	VK_STATE_CRASHED, VK_STATE_LAST
};

/* "running", "paused", "shut off", ... */
const char *vk_state_name(int state);

/* A domain as a driver reports it.  Owned by whoever received it; free
 * with vk_dom_free. */
struct vk_dom {
	char *name;
	unsigned char uuid[VK_UUID_LEN];
	int id;				/* -1 when not running */
	int state;			/* enum vk_state */
	bool persistent;
	bool autostart;
	unsigned long long cpu_time;	/* nanoseconds */
	unsigned long long memory;	/* KiB in use (live) */
	struct vk_domain_def *def;	/* persistent config, or NULL */
	struct vk_domain_def *live;	/* running definition, or NULL */
};

struct vk_conn;

struct vk_driver {
	const char *name;
	int (*open)(struct vk_conn *c);
	void (*close)(struct vk_conn *c);
	/* Every domain, states reconciled with reality. */
	int (*list)(struct vk_conn *c, struct vk_dom ***doms, int *n);
	/* Define DEF (taken over by the driver whatever the outcome).  When
	 * EXPECT is not NULL the stored config must still format to it,
	 * else VK_EXIT_CONFLICT (vm-edit's guard). */
	int (*define)(struct vk_conn *c, struct vk_domain_def *def,
		      const char *expect, struct vk_dom **out);
	int (*undefine)(struct vk_conn *c, const struct vk_dom *dom);
};

struct vk_conn {
	const struct vk_driver *drv;
	char *uri;
	struct vk_uri parsed;
	bool session;
	struct vk_paths paths;
	void *priv;
};

/* Open URI (NULL: vk_uri_default()).  Returns the connection or NULL with
 * an error recorded (unknown scheme: VK_EXIT_USAGE). */
struct vk_conn *vk_conn_open(const char *uri);
void vk_conn_close(struct vk_conn *c);

/* All domains (caller frees with vk_dom_list_free). */
int vk_dom_list(struct vk_conn *c, struct vk_dom ***doms, int *n);
void vk_dom_list_free(struct vk_dom **doms, int n);

/* Find a domain by id, uuid or name, in that order of precedence.
 * NULL with VK_EXIT_NOT_FOUND when there is none. */
struct vk_dom *vk_dom_lookup(struct vk_conn *c, const char *ident);

/* Define or update a persistent domain (DEF is consumed). */
struct vk_dom *vk_dom_define(struct vk_conn *c, struct vk_domain_def *def,
			     const char *expect);
int vk_dom_undefine(struct vk_conn *c, const struct vk_dom *dom);

/* The domain's XML: live when running unless INACTIVE (in FLAGS as
 * VK_FMT_*).  Caller frees. */
char *vk_dom_xml(const struct vk_dom *dom, unsigned flags);

struct vk_dom *vk_dom_new(const struct vk_domain_def *def);
void vk_dom_free(struct vk_dom *dom);

/* Check DEF against the domains already known: a name taken by another
 * uuid, or a uuid taken by another name, is VK_EXIT_CONFLICT.  Sets
 * *EXISTING to the index of the domain with DEF's name, or -1.  A DEF
 * whose uuid was generated (GENERATED) adopts the existing uuid. */
int vk_dom_check_identity(struct vk_dom **doms, int n,
			  struct vk_domain_def *def, bool generated,
			  int *existing);

/* vm-edit's guard: 0 when the stored config of DOM (NULL: none) still
 * formats to EXPECT (NULL: no guard), else VK_EXIT_CONFLICT. */
int vk_dom_check_expect(const struct vk_dom *dom, const char *expect);

extern const struct vk_driver vk_test_driver;
extern const struct vk_driver vk_qemu_driver;

#endif
