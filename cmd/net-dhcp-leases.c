/* net-dhcp-leases: the DHCP leases a network's dnsmasq has handed out
 * and that have not expired. */
#include <stdio.h>
#include <string.h>
#include <sys/socket.h>
#include <time.h>

#include "cli/netcli.h"
#include "network/leases.h"
#include "util/error.h"
#include "util/mac.h"

static int json;
static char *mac;
static struct poptOption opts[] = {
	{"mac", '\0', POPT_ARG_STRING, &mac, 0,
	 "only the leases of this MAC address", "MAC"},
	{"json", '\0', POPT_ARG_NONE, &json, 0, "print a JSON array", NULL},
	VK_CLI_COMMON
	POPT_TABLEEND
};

static const char *proto(const struct vk_net_lease_entry *e)
{
	return e->family == AF_INET6 ? "ipv6" : "ipv4";
}

static const char *dash(const char *s)
{
	return s ? s : "-";
}

static void print_table(const struct vk_net_lease_entry *a, int n)
{
	char when[32], ip[64];
	int i;

	printf(" %-19s   %-17s   %-8s   %-39s   %-15s   %s\n", "Expiry Time",
	       "MAC address", "Protocol", "IP address", "Hostname",
	       "Client ID or DUID");
	for (i = 0; i < 122; i++)
		putchar('-');
	putchar('\n');
	for (i = 0; i < n; i++) {
		time_t t = (time_t)a[i].expiry;
		struct tm tm;

		if (a[i].expiry && localtime_r(&t, &tm))
			strftime(when, sizeof(when), "%Y-%m-%d %H:%M:%S", &tm);
		else
			strcpy(when, "never");
		snprintf(ip, sizeof(ip), "%s/%d", a[i].ip, a[i].prefix);
		printf(" %-19s   %-17s   %-8s   %-39s   %-15s   %s\n", when,
		       dash(a[i].mac), proto(&a[i]), a[i].prefix ? ip : a[i].ip,
		       dash(a[i].hostname), dash(a[i].clientid));
	}
}

static void json_or_null(const char *s)
{
	if (s)
		vk_cli_json_string(s);
	else
		printf("null");
}

static void print_json(const struct vk_net_lease_entry *a, int n)
{
	int i;

	putchar('[');
	for (i = 0; i < n; i++) {
		printf("%s\n  {\"expiry\": %lld, \"type\": \"%s\", \"mac\": ",
		       i ? "," : "", a[i].expiry, proto(&a[i]));
		json_or_null(a[i].mac);
		printf(", \"ip\": ");
		vk_cli_json_string(a[i].ip);
		printf(", \"prefix\": %d, \"hostname\": ", a[i].prefix);
		json_or_null(a[i].hostname);
		printf(", \"clientid\": ");
		json_or_null(a[i].clientid);
		printf(", \"iaid\": ");
		json_or_null(a[i].iaid);
		putchar('}');
	}
	printf("%s]\n", n ? "\n" : "");
}

static int check(struct vk_cli *cli)
{
	unsigned char m[6];

	if (mac && vk_mac_parse(mac, m) < 0)
		return vk_cli_usage(cli, "--mac '%s' is not a MAC address",
				    mac);
	return 0;
}

static int run(struct vk_cli *cli, struct vk_netconn *nc,
	       struct vk_network *net)
{
	struct vk_net_lease_entry *a;
	int n;

	(void)cli;
	if (vk_net_leases(nc, net, mac, (long long)time(NULL), &a, &n) < 0)
		return -1;
	if (json)
		print_json(a, n);
	else
		print_table(a, n);
	vk_net_leases_free(a, n);
	return 0;
}

int main(int argc, const char **argv)
{
	static const struct vk_cli_net_cmd cmd = {.opts = opts, .check = check,
						    .run = run};

	return vk_cli_network_run(argc, argv, &cmd);
}
