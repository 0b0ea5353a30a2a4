/* Reading dnsmasq's lease file of a network (leases.h). */
#include <stdlib.h>
#include <string.h>
#include <strings.h>
#include <sys/socket.h>

#include "leases.h"
#include "network_priv.h"
#include "conf/domain.h"
#include "util/error.h"
#include "util/file.h"
#include "util/inet.h"

/* Lease files stay small: dnsmasq's own cap is dhcp-lease-max. */
#define LEASES_MAX_SIZE (64u * 1024 * 1024)

static char *word(const char *s)
{
	return strcmp(s, "*") ? vk_strdup(s) : NULL;
}

/* The prefix of the <ip> of DEF whose network holds A, or 0. */
static int prefix_of(const struct vk_network_def *def, const char *a)
{
	struct vk_inet x;
	int i;

	if (!def || vk_inet_parse(a, &x) < 0)
		return 0;
	for (i = 0; i < def->nips; i++)
		if (vk_inet_same_net(&x, &def->ips[i].addr,
				     def->ips[i].prefix))
			return def->ips[i].prefix;
	return 0;
}

/* One lease line (five words) into E; V6 after the "duid" line. */
static int parse_line(char **w, bool v6, struct vk_net_lease_entry *e)
{
	char *end;

	e->expiry = strtoll(w[0], &end, 10);
	if (*end || e->expiry < 0)
		return -1;
	e->family = v6 ? AF_INET6 : AF_INET;
	if (v6)
		e->iaid = vk_strdup(w[1]);
	else
		e->mac = vk_strdup(w[1]);
	e->ip = vk_strdup(w[2]);
	e->hostname = word(w[3]);
	e->clientid = word(w[4]);
	return 0;
}

static void free_entry(struct vk_net_lease_entry *e)
{
	free(e->mac);
	free(e->ip);
	free(e->hostname);
	free(e->clientid);
	free(e->iaid);
}

int vk_net_leases(struct vk_netconn *nc, const struct vk_network *net,
		  const char *mac, long long now,
		  struct vk_net_lease_entry **out, int *n)
{
	char *path = vk_net_path(nc, false, net->name, ".leases");
	char *text = vk_file_read(path, LEASES_MAX_SIZE, NULL);
	char *line, *save = NULL, *w[6];
	bool v6 = false;
	int lineno = 0, k, rc = 0;

	*out = NULL;
	*n = 0;
	if (!text) {
		rc = vk_error_code() == VK_EXIT_NOT_FOUND ? 0 : -1;
		if (!rc)
			vk_error_clear();
		free(path);
		return rc;
	}
	for (line = strtok_r(text, "\n", &save); line && !rc;
	     line = strtok_r(NULL, "\n", &save)) {
		struct vk_net_lease_entry e;
		char *ws = NULL;

		lineno++;
		for (k = 0; k < 6; k++)
			w[k] = strtok_r(k ? NULL : line, " \t", &ws);
		if (w[0] && !strcmp(w[0], "duid") && w[1] && !w[2]) {
			v6 = true;
			continue;
		}
		memset(&e, 0, sizeof(e));
		if (!w[4] || w[5] || parse_line(w, v6, &e) < 0) {
			free_entry(&e);
			rc = vk_error(VK_EXIT_FAILED, "%s:%d: not a dnsmasq "
				      "lease line", path, lineno);
			break;
		}
		if ((e.expiry && e.expiry < now) ||
		    (mac && (!e.mac || strcasecmp(e.mac, mac)))) {
			free_entry(&e);
			continue;
		}
		e.prefix = prefix_of(vk_net_def(net), e.ip);
		*(struct vk_net_lease_entry *)vk_array_add(out, n,
							   sizeof(e)) = e;
	}
	if (rc < 0) {
		vk_net_leases_free(*out, *n);
		*out = NULL;
		*n = 0;
	}
	free(text);
	free(path);
	return rc;
}

void vk_net_leases_free(struct vk_net_lease_entry *a, int n)
{
	int i;

	for (i = 0; i < n; i++)
		free_entry(&a[i]);
	free(a);
}
