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

/* Start flags. */
#define VK_START_PAUSED 0x1	/* leave the guest paused after start */

/* A running domain's text console (strings owned by the struct; free
 * with vk_console_clear). */
struct vk_console {
	char *pty;	/* the pty of the first serial port or console */
	char *log;	/* everything the guest wrote there, or NULL */
	char *lock;	/* lock file held by the one attached client */
};
void vk_console_clear(struct vk_console *con);

struct vk_driver {
	const char *name;
	int (*open)(struct vk_conn *c);
	void (*close)(struct vk_conn *c);
	/* Every domain, states reconciled with reality.  With
	 * VK_LIST_BRIEF a domain's def may be left NULL (identity, state
	 * and flags suffice). */
	int (*list)(struct vk_conn *c, struct vk_dom ***doms, int *n,
		    unsigned flags);
	/* Optional fast path: the domain named NAME, whole, or NULL with
	 * VK_EXIT_NOT_FOUND. */
	struct vk_dom *(*lookup)(struct vk_conn *c, const char *name);
	/* Define DEF (taken over by the driver whatever the outcome).  When
	 * EXPECT is not NULL the stored config must still format to it,
	 * else VK_EXIT_CONFLICT (vm-edit's guard). */
	int (*define)(struct vk_conn *c, struct vk_domain_def *def,
		      const char *expect, struct vk_dom **out);
	/* FLAGS: VK_UNDEFINE_*. */
	int (*undefine)(struct vk_conn *c, const struct vk_dom *dom,
			unsigned flags);

	/* Lifecycle.  Each runs under the domain's lock and checks the
	 * state itself (a conflict is VK_EXIT_CONFLICT, see vk_dom_conflict).
	 * START boots a defined domain; CREATE boots DEF as a transient
	 * domain (DEF consumed) and returns it in *OUT. */
	int (*start)(struct vk_conn *c, const struct vk_dom *dom,
		     unsigned flags);
	int (*create)(struct vk_conn *c, struct vk_domain_def *def,
		      unsigned flags, struct vk_dom **out);
	int (*shutdown)(struct vk_conn *c, const struct vk_dom *dom);
	int (*reboot)(struct vk_conn *c, const struct vk_dom *dom);
	int (*destroy)(struct vk_conn *c, const struct vk_dom *dom);
	int (*suspend)(struct vk_conn *c, const struct vk_dom *dom);
	int (*resume)(struct vk_conn *c, const struct vk_dom *dom);
	int (*set_autostart)(struct vk_conn *c, const struct vk_dom *dom,
			     bool on);
	/* Where the domain's text console is. */
	int (*console)(struct vk_conn *c, const struct vk_dom *dom,
		       struct vk_console *out);
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

#define VK_LIST_BRIEF 0x1

/* All domains (caller frees with vk_dom_list_free).  FLAGS: VK_LIST_*. */
int vk_dom_list(struct vk_conn *c, struct vk_dom ***doms, int *n,
		unsigned flags);
void vk_dom_list_free(struct vk_dom **doms, int n);

/* Find a domain by id, uuid or name, in that order of precedence.
 * NULL with VK_EXIT_NOT_FOUND when there is none. */
struct vk_dom *vk_dom_lookup(struct vk_conn *c, const char *ident);

/* Define or update a persistent domain (DEF is consumed). */
struct vk_dom *vk_dom_define(struct vk_conn *c, struct vk_domain_def *def,
			     const char *expect);
int vk_dom_undefine(struct vk_conn *c, const struct vk_dom *dom);
/* Undefine flags: what to do with the domain's UEFI variable store
 * (a domain that has one is refused with VK_EXIT_CONFLICT without
 * either, as virsh does). */
#define VK_UNDEFINE_NVRAM 0x1		/* remove it */
#define VK_UNDEFINE_KEEP_NVRAM 0x2	/* keep it */
/* The state of an emulated TPM (swtpm) goes with the domain unless it
 * says persistent_state='yes' (virsh undefine's default); TPM removes it
 * even then, KEEP_TPM keeps it. */
#define VK_UNDEFINE_TPM 0x4
#define VK_UNDEFINE_KEEP_TPM 0x8
int vk_dom_undefine_flags(struct vk_conn *c, const struct vk_dom *dom,
			  unsigned flags);

/* The domain's XML: live when running unless INACTIVE (in FLAGS as
 * VK_FMT_*).  Caller frees. */
char *vk_dom_xml(const struct vk_dom *dom, unsigned flags);

struct vk_dom *vk_dom_new(const struct vk_domain_def *def);
struct vk_dom *vk_dom_new_named(const char *name, const unsigned char *uuid);
void vk_dom_free(struct vk_dom *dom);

/* Check DEF against the domains already known: a name taken by another
 * uuid, or a uuid taken by another name, is VK_EXIT_CONFLICT.  Sets
 * *EXISTING to the index of the domain with DEF's name, or -1.  A DEF
 * whose uuid was generated (GENERATED) adopts the existing uuid. */
int vk_dom_check_identity(struct vk_dom **doms, int n,
			  struct vk_domain_def *def, bool generated,
			  int *existing);

/* Lifecycle wrappers: each says "operation not supported by the DRIVER
 * driver" when the driver lacks the operation. */
int vk_dom_start(struct vk_conn *c, const struct vk_dom *dom, unsigned flags);
struct vk_dom *vk_dom_create(struct vk_conn *c, struct vk_domain_def *def,
			     unsigned flags);
int vk_dom_shutdown(struct vk_conn *c, const struct vk_dom *dom);
int vk_dom_reboot(struct vk_conn *c, const struct vk_dom *dom);
int vk_dom_destroy(struct vk_conn *c, const struct vk_dom *dom);
int vk_dom_suspend(struct vk_conn *c, const struct vk_dom *dom);
int vk_dom_resume(struct vk_conn *c, const struct vk_dom *dom);
int vk_dom_set_autostart(struct vk_conn *c, const struct vk_dom *dom,
			 bool on);
int vk_dom_console(struct vk_conn *c, const struct vk_dom *dom,
		   struct vk_console *out);

/* Wait until the domain named by UUID is no longer running (shut off or
 * gone), polling; TIMEOUT_MS < 0 waits forever.  0, or -1 with
 * VK_EXIT_FAILED "timed out" when it still runs. */
int vk_dom_wait_stopped(struct vk_conn *c, const struct vk_dom *dom,
			int timeout_ms);

/* Record the conflict WHY for DOM: "domain 'NAME' is WHY" (code 5).
 * Returns -1. */
int vk_dom_conflict(const struct vk_dom *dom, const char *why);

/* True when DOM has a running (or paused, or preserved) instance. */
bool vk_dom_is_active(const struct vk_dom *dom);

/* State files (the test driver's, the qemu runtime records) embed
 * <domain> elements: parse NODE as a domain document of its own, with
 * FLAGS as for vk_domain_parse.  Messages name NODE's file and line. */
struct vk_domain_def *vk_domain_parse_node(xmlNodePtr node, unsigned flags);
/* The state='...' attribute of NODE (a state name) into *STATE. */
int vk_dom_state_attr(xmlNodePtr node, int *state);

/* vm-edit's guard: 0 when the stored config of DOM (NULL: none) still
 * formats to EXPECT (NULL: no guard), else VK_EXIT_CONFLICT. */
int vk_dom_check_expect(const struct vk_dom *dom, const char *expect);

extern const struct vk_driver vk_test_driver;
extern const struct vk_driver vk_qemu_driver;

#endif
