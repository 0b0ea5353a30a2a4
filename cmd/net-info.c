/* net-info: a network's identity, state, bridge, addresses and what
 * runs for it. */
#include <stdio.h>
#include <string.h>
#include <sys/socket.h>

#include "cli/netcli.h"
#include "util/error.h"
#include "util/inet.h"
#include "util/uuid.h"

static int json;
static struct poptOption opts[] = {
	{"json", '\0', POPT_ARG_NONE, &json, 0, "print a JSON object", NULL},
	VK_CLI_COMMON
	POPT_TABLEEND
};

/* "192.168.122.1/24" (the first IPv4 <ip>, else the first IPv6 one),
 * or "" without an address. */
static void address(const struct vk_network_def *def, char *out)
{
	const struct vk_net_ip *ip = vk_network_ip(def, AF_INET);

	out[0] = '\0';
	if (!ip)
		ip = vk_network_ip(def, AF_INET6);
	if (ip) {
		vk_inet_format(&ip->addr, out);
		sprintf(out + strlen(out), "/%d", ip->prefix);
	}
}

static void print_text(const struct vk_network *net,
		       const struct vk_network_def *def)
{
	char uuid[VK_UUID_STRLEN + 1], addr[VK_INET_CIDR_STRLEN + 1];

	vk_uuid_format(net->uuid, uuid);
	address(def, addr);
	printf("%-15s %s\n", "Name:", net->name);
	printf("%-15s %s\n", "UUID:", uuid);
	printf("%-15s %s\n", "State:", vk_net_state_name(net->state));
	if (net->problem)
		printf("%-15s %s\n", "Problem:", net->problem);
	printf("%-15s %s\n", "Persistent:", net->persistent ? "yes" : "no");
	printf("%-15s %s\n", "Autostart:", net->autostart ? "yes" : "no");
	printf("%-15s %s\n", "Bridge:", def->bridge ? def->bridge : "-");
	printf("%-15s %s\n", "Forward:", vk_net_forward_names[def->forward]);
	printf("%-15s %s\n", "Address:", *addr ? addr : "-");
	if (net->status.dnsmasq_pid)
		printf("%-15s %d\n", "dnsmasq pid:",
		       (int)net->status.dnsmasq_pid);
}

static void print_json(const struct vk_network *net,
		       const struct vk_network_def *def)
{
	char uuid[VK_UUID_STRLEN + 1], addr[VK_INET_CIDR_STRLEN + 1];

	vk_uuid_format(net->uuid, uuid);
	address(def, addr);
	printf("{\"name\": ");
	vk_cli_json_string(net->name);
	printf(", \"uuid\": \"%s\", \"state\": \"%s\", \"problem\": ", uuid,
	       vk_net_state_name(net->state));
	if (net->problem)
		vk_cli_json_string(net->problem);
	else
		printf("null");
	printf(", \"persistent\": %s, \"autostart\": %s, \"bridge\": ",
	       net->persistent ? "true" : "false",
	       net->autostart ? "true" : "false");
	if (def->bridge)
		vk_cli_json_string(def->bridge);
	else
		printf("null");
	printf(", \"forward\": \"%s\", \"address\": ",
	       vk_net_forward_names[def->forward]);
	if (*addr)
		printf("\"%s\"", addr);
	else
		printf("null");
	printf(", \"dnsmasq_pid\": ");
	if (net->status.dnsmasq_pid)
		printf("%d}\n", (int)net->status.dnsmasq_pid);
	else
		printf("null}\n");
}

static int run(struct vk_cli *cli, struct vk_netconn *nc,
	       struct vk_network *net)
{
	(void)cli;
	(void)nc;
	if (json)
		print_json(net, vk_net_def(net));
	else
		print_text(net, vk_net_def(net));
	return 0;
}

int main(int argc, const char **argv)
{
	static const struct vk_cli_net_cmd cmd = {.opts = opts, .run = run};

	return vk_cli_network_run(argc, argv, &cmd);
}
