/* nettool: the host-interface helpers (common/network/bridge.h) and the
 * active-network lookup, one operation per run, for the tests:
 *   nettool tap-create NAME [UID]     prints the tap's name
 *   nettool tap-delete NAME
 *   nettool bridge-create NAME | bridge-delete NAME
 *   nettool add-port BRIDGE PORT | del-port BRIDGE PORT
 *   nettool up NAME | down NAME
 *   nettool mac NAME MAC
 *   nettool ipv4 NAME ADDRESS PREFIX
 *   nettool lookup NETWORK            prints the active network's bridge
 *   nettool join NETWORK PORT MAC     PORT joins the active NETWORK as a
 *                                     guest's tap (vm-start's steps)
 * Errors: "nettool: error: MESSAGE", exit code from the library. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "driver/driver.h"
#include "network/bridge.h"
#include "network/network.h"
#include "util/error.h"
#include "util/inet.h"
#include "util/mac.h"

static int lookup(const char *name)
{
	struct vk_conn *c = vk_conn_open(NULL);
	char *bridge = c ? vk_network_lookup_active(c, name) : NULL;

	if (bridge)
		puts(bridge);
	free(bridge);
	vk_conn_close(c);
	return bridge ? 0 : -1;
}

static int join(const char *name, const char *port, const char *macs)
{
	struct vk_conn *c = vk_conn_open(NULL);
	char *bridge = c ? vk_network_lookup_active(c, name) : NULL;
	unsigned char mac[6];
	int rc = -1;

	if (vk_mac_parse(macs, mac) < 0)
		vk_error(VK_EXIT_USAGE, "bad MAC %s", macs);
	else if (bridge && vk_bridge_add_port(bridge, port) == 0)
		rc = vk_network_unmanaged(c, name) ?
		     vk_bridge_port_unmanaged(port, mac) : 0;
	free(bridge);
	vk_conn_close(c);
	return rc;
}

static int tap_create(int argc, char **argv)
{
	uid_t uid = argc > 3 ? (uid_t)atoi(argv[3]) : (uid_t)-1;
	char *made = NULL;

	if (vk_tap_create(argv[2], uid, (gid_t)-1, &made) < 0)
		return -1;
	puts(made);
	free(made);
	return 0;
}

static int run(int argc, char **argv)
{
	const char *op = argv[1], *a = argv[2];
	unsigned char mac[6];
	uint32_t addr;

	if (!strcmp(op, "tap-create"))
		return tap_create(argc, argv);
	if (!strcmp(op, "tap-delete"))
		return vk_tap_delete(a);
	if (!strcmp(op, "bridge-create"))
		return vk_bridge_create(a);
	if (!strcmp(op, "bridge-delete"))
		return vk_bridge_delete(a);
	if (!strcmp(op, "up") || !strcmp(op, "down"))
		return vk_if_set_up(a, !strcmp(op, "up"));
	if (!strcmp(op, "lookup"))
		return lookup(a);
	if (argc < 4)
		return vk_error(VK_EXIT_USAGE, "%s needs two arguments", op);
	if (!strcmp(op, "add-port"))
		return vk_bridge_add_port(a, argv[3]);
	if (!strcmp(op, "del-port"))
		return vk_bridge_del_port(a, argv[3]);
	if (!strcmp(op, "mac")) {
		if (vk_mac_parse(argv[3], mac) < 0)
			return vk_error(VK_EXIT_USAGE, "bad MAC %s", argv[3]);
		return vk_if_set_mac(a, mac);
	}
	if (!strcmp(op, "join") && argc > 4)
		return join(a, argv[3], argv[4]);
	if (!strcmp(op, "ipv4") && argc > 4) {
		if (vk_ipv4_parse(argv[3], &addr) < 0)
			return vk_error(VK_EXIT_USAGE, "bad address %s",
					argv[3]);
		return vk_if_set_ipv4(a, addr, atoi(argv[4]));
	}
	return vk_error(VK_EXIT_USAGE, "unknown operation '%s'", op);
}

int main(int argc, char **argv)
{
	if (argc < 3) {
		fputs("usage: nettool OPERATION NAME [ARG...]\n", stderr);
		return VK_EXIT_USAGE;
	}
	if (run(argc, argv) == 0)
		return fflush(stdout) ? VK_EXIT_FAILED : 0;
	fprintf(stderr, "nettool: error: %s\n", vk_error_message());
	return vk_error_code() ? vk_error_code() : VK_EXIT_FAILED;
}
