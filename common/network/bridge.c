#include <arpa/inet.h>
#include <errno.h>
#include <fcntl.h>
#include <ifaddrs.h>
#include <linux/if_tun.h>
#include <linux/sockios.h>
#include <net/if.h>
#include <net/if_arp.h>
#include <netinet/in.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/ioctl.h>
#include <sys/socket.h>
#include <unistd.h>

#include "bridge.h"
#include "util/error.h"
#include "util/file.h"
#include "util/inet.h"
#include "util/proc.h"

/* The socket interface ioctls go through. */
static int ctl_socket(void)
{
	int fd = socket(AF_INET, SOCK_DGRAM | SOCK_CLOEXEC, 0);

	if (fd < 0)
		vk_error_errno(VK_EXIT_FAILED, errno, "cannot open a socket "
			       "for interface control");
	return fd;
}

static int fill_ifr(struct ifreq *ifr, const char *name)
{
	memset(ifr, 0, sizeof(*ifr));
	if (strlen(name) >= sizeof(ifr->ifr_name))
		return vk_error(VK_EXIT_FAILED, "interface name '%s' is too "
				"long", name);
	strcpy(ifr->ifr_name, name);
	return 0;
}

/* The error of a failed interface operation WHAT on NAME. */
static int if_error(int err, const char *name, const char *what)
{
	int code = err == EEXIST ? VK_EXIT_CONFLICT :
		   err == ENODEV || err == ENXIO ? VK_EXIT_NOT_FOUND :
		   VK_EXIT_FAILED;

	if (err == EEXIST)
		return vk_error(code, "cannot %s '%s': an interface of that "
				"name already exists", what, name);
	return vk_error_errno(code, err, "cannot %s '%s'", what, name);
}

/* ioctl REQ with an ifreq for NAME filled by the caller's FILL. */
static int if_ioctl(const char *name, unsigned long req, struct ifreq *ifr,
		    const char *what)
{
	int fd = ctl_socket(), rc = 0;

	if (fd < 0)
		return -1;
	if (ioctl(fd, req, ifr) < 0)
		rc = if_error(errno, name, what);
	close(fd);
	return rc;
}

bool vk_if_exists(const char *name)
{
	return if_nametoindex(name) != 0;
}

int vk_bridge_create(const char *name)
{
	int fd = ctl_socket(), rc = 0;

	if (fd < 0)
		return -1;
	if (vk_if_exists(name))
		rc = if_error(EEXIST, name, "create bridge");
	else if (ioctl(fd, SIOCBRADDBR, name) < 0)
		rc = if_error(errno, name, "create bridge");
	close(fd);
	return rc;
}

int vk_bridge_delete(const char *name)
{
	int fd, rc = 0;

	if (vk_if_set_up(name, false) < 0)
		return -1;
	fd = ctl_socket();
	if (fd < 0)
		return -1;
	if (ioctl(fd, SIOCBRDELBR, name) < 0)
		rc = if_error(errno, name, "delete bridge");
	close(fd);
	return rc;
}

/* Write VALUE to the sysfs or procfs file PATH (taken), a setting of
 * interface NAME; WHAT names it in the error. */
static int write_num(char *path, unsigned long value, const char *what,
		     const char *name)
{
	char text[32];
	int fd = open(path, O_WRONLY | O_CLOEXEC), rc = 0;

	snprintf(text, sizeof(text), "%lu\n", value);
	if (fd < 0 || vk_write_all(fd, text, strlen(text)) < 0)
		rc = vk_error_errno(VK_EXIT_FAILED, errno, "cannot set %s of "
				    "'%s' (%s)", what, name, path);
	if (fd >= 0)
		close(fd);
	free(path);
	return rc;
}

/* Write VALUE to /sys/class/net/NAME/bridge/ATTR. */
static int bridge_attr(const char *name, const char *attr,
		       unsigned long value)
{
	return write_num(vk_asprintf("/sys/class/net/%s/bridge/%s", name,
				     attr), value, attr, name);
}

int vk_bridge_set_stp(const char *name, bool stp, unsigned delay)
{
	/* The delay first: with STP on the kernel refuses short ones (and
	 * raises them to its minimum itself when STP starts). */
	if (bridge_attr(name, "forward_delay", delay * 100ul) < 0)
		return -1;
	return bridge_attr(name, "stp_state", stp);
}

static int bridge_port(const char *bridge, const char *port,
		       unsigned long req, const char *what)
{
	struct ifreq ifr;
	int idx = (int)if_nametoindex(port);
	char *w;
	int rc;

	if (!idx)
		return if_error(ENODEV, port, what);
	if (fill_ifr(&ifr, bridge) < 0)
		return -1;
	ifr.ifr_ifindex = idx;
	w = vk_asprintf("%s bridge '%s' port", what, bridge);
	rc = if_ioctl(port, req, &ifr, w);
	free(w);
	return rc;
}

int vk_bridge_add_port(const char *bridge, const char *port)
{
	return bridge_port(bridge, port, SIOCBRADDIF, "add to");
}

int vk_bridge_del_port(const char *bridge, const char *port)
{
	return bridge_port(bridge, port, SIOCBRDELIF, "remove from");
}

int vk_if_set_up(const char *name, bool up)
{
	struct ifreq ifr;
	const char *what = up ? "bring up" : "take down";
	int fd, rc = 0;

	if (fill_ifr(&ifr, name) < 0)
		return -1;
	fd = ctl_socket();
	if (fd < 0)
		return -1;
	if (ioctl(fd, SIOCGIFFLAGS, &ifr) < 0) {
		rc = if_error(errno, name, what);
	} else {
		if (up)
			ifr.ifr_flags |= IFF_UP;
		else
			ifr.ifr_flags &= ~IFF_UP;
		if (ioctl(fd, SIOCSIFFLAGS, &ifr) < 0)
			rc = if_error(errno, name, what);
	}
	close(fd);
	return rc;
}

int vk_if_set_mac(const char *name, const unsigned char mac[6])
{
	struct ifreq ifr;

	if (fill_ifr(&ifr, name) < 0)
		return -1;
	ifr.ifr_hwaddr.sa_family = ARPHRD_ETHER;
	memcpy(ifr.ifr_hwaddr.sa_data, mac, 6);
	return if_ioctl(name, SIOCSIFHWADDR, &ifr, "set the MAC address of");
}

static void put_addr(struct ifreq *ifr, uint32_t addr)
{
	struct sockaddr_in sin;

	memset(&sin, 0, sizeof(sin));
	sin.sin_family = AF_INET;
	sin.sin_addr.s_addr = htonl(addr);
	memcpy(&ifr->ifr_addr, &sin, sizeof(sin));
}

int vk_if_set_ipv4(const char *name, uint32_t addr, int prefix)
{
	struct ifreq ifr;
	uint32_t mask = vk_ipv4_mask(prefix);

	if (fill_ifr(&ifr, name) < 0)
		return -1;
	put_addr(&ifr, addr);
	if (if_ioctl(name, SIOCSIFADDR, &ifr, "set the address of") < 0)
		return -1;
	put_addr(&ifr, mask);
	if (if_ioctl(name, SIOCSIFNETMASK, &ifr, "set the netmask of") < 0)
		return -1;
	put_addr(&ifr, (addr & mask) | ~mask);
	return if_ioctl(name, SIOCSIFBRDADDR, &ifr,
			"set the broadcast address of");
}

int vk_if_find_ipv4(uint32_t base, int prefix, const char *skip,
		    char **who, uint32_t *addr)
{
	struct ifaddrs *list, *i;
	uint32_t mask = vk_ipv4_mask(prefix);
	int found = 0;

	if (getifaddrs(&list) < 0)
		return vk_error_errno(VK_EXIT_FAILED, errno, "cannot list the "
				      "host's addresses");
	for (i = list; i && !found; i = i->ifa_next) {
		uint32_t a, m;

		if (!i->ifa_addr || i->ifa_addr->sa_family != AF_INET ||
		    (skip && !strcmp(i->ifa_name, skip)))
			continue;
		a = ntohl(((struct sockaddr_in *)i->ifa_addr)->sin_addr.s_addr);
		m = i->ifa_netmask ? ntohl(((struct sockaddr_in *)
					    i->ifa_netmask)->sin_addr.s_addr)
				   : 0xffffffffu;
		/* Inside our network, or ours inside theirs. */
		if ((a & mask) == base || (base & m) == (a & m)) {
			*who = vk_strdup(i->ifa_name);
			*addr = a;
			found = 1;
		}
	}
	freeifaddrs(list);
	return found;
}

static int tun_open(const char *name, struct ifreq *ifr, const char *what)
{
	int fd = open("/dev/net/tun", O_RDWR | O_CLOEXEC);

	if (fd < 0)
		return vk_error_errno(VK_EXIT_FAILED, errno, "cannot %s '%s': "
				      "/dev/net/tun", what, name);
	if (fill_ifr(ifr, name) < 0) {
		close(fd);
		return -1;
	}
	ifr->ifr_flags = IFF_TAP | IFF_NO_PI;
	if (ioctl(fd, TUNSETIFF, ifr) < 0) {
		if_error(errno, name, what);
		close(fd);
		return -1;
	}
	return fd;
}

int vk_tap_create(const char *name, uid_t owner, gid_t group, char **made)
{
	const char *what = "create tap";
	struct ifreq ifr;
	int fd;

	if (!strstr(name, "%d") && vk_if_exists(name))
		return if_error(EEXIST, name, what);
	fd = tun_open(name, &ifr, what);
	if (fd < 0)
		return -1;
	if ((owner != (uid_t)-1 && ioctl(fd, TUNSETOWNER, owner) < 0) ||
	    (group != (gid_t)-1 && ioctl(fd, TUNSETGROUP, group) < 0) ||
	    ioctl(fd, TUNSETPERSIST, 1) < 0) {
		if_error(errno, ifr.ifr_name, what);
		close(fd);
		return -1;
	}
	close(fd);
	*made = vk_strdup(ifr.ifr_name);
	return 0;
}

int vk_tap_delete(const char *name)
{
	const char *what = "delete tap";
	struct ifreq ifr;
	int fd, rc = 0;

	if (!vk_if_exists(name))
		return if_error(ENODEV, name, what);
	fd = tun_open(name, &ifr, what);
	if (fd < 0)
		return -1;
	if (ioctl(fd, TUNSETPERSIST, 0) < 0)
		rc = if_error(errno, name, what);
	close(fd);
	return rc;
}

int vk_if_set_mtu(const char *name, unsigned mtu)
{
	struct ifreq ifr;

	if (fill_ifr(&ifr, name) < 0)
		return -1;
	ifr.ifr_mtu = (int)mtu;
	return if_ioctl(name, SIOCSIFMTU, &ifr, "set the MTU of");
}

/* The kernel's struct in6_ifreq (linux/ipv6.h clashes with netinet). */
struct vk_in6_ifreq {
	struct in6_addr addr;
	uint32_t prefixlen;
	int ifindex;
};

int vk_if_add_ipv6(const char *name, const unsigned char addr[16],
		   int prefix)
{
	struct vk_in6_ifreq r;
	int fd, rc = 0;

	memset(&r, 0, sizeof(r));
	r.ifindex = (int)if_nametoindex(name);
	if (!r.ifindex)
		return if_error(ENODEV, name, "add an IPv6 address to");
	/* No duplicate address detection: the address is ours on a bridge
	 * of ours, and dnsmasq binds it at once. */
	if (write_num(vk_asprintf("/proc/sys/net/ipv6/conf/%s/accept_dad",
				  name), 0, "accept_dad", name) < 0)
		return -1;
	memcpy(&r.addr, addr, 16);
	r.prefixlen = (uint32_t)prefix;
	fd = socket(AF_INET6, SOCK_DGRAM | SOCK_CLOEXEC, 0);
	if (fd < 0)
		return vk_error_errno(VK_EXIT_FAILED, errno, "cannot open an "
				      "IPv6 socket (is IPv6 disabled?)");
	if (ioctl(fd, SIOCSIFADDR, &r) < 0)
		rc = if_error(errno, name, "add an IPv6 address to");
	close(fd);
	return rc;
}

int vk_bridge_port_unmanaged(const char *port, const unsigned char mac[6])
{
	char s[32];
	const char *argv[] = {"bridge", "fdb", "add", s, "dev", port,
			      "master", "static", NULL};

	if (write_num(vk_asprintf("/sys/class/net/%s/brport/learning", port),
		      0, "learning", port) < 0 ||
	    write_num(vk_asprintf("/sys/class/net/%s/brport/unicast_flood",
				  port), 0, "unicast_flood", port) < 0)
		return -1;
	snprintf(s, sizeof(s), "%02x:%02x:%02x:%02x:%02x:%02x", mac[0],
		 mac[1], mac[2], mac[3], mac[4], mac[5]);
	return vk_run(argv, NULL, NULL);
}

int vk_if_ipv6_router(const char *name, bool enable)
{
	char *dir = vk_asprintf("/proc/sys/net/ipv6/conf/%s", name);
	bool have = access(dir, F_OK) == 0;

	free(dir);
	if (!have && !enable)
		return 0;	/* no IPv6 in this kernel: nothing to turn off */
	if (write_num(vk_asprintf("/proc/sys/net/ipv6/conf/%s/disable_ipv6",
				  name), !enable, "disable_ipv6", name) < 0)
		return -1;
	if (!enable)
		return 0;
	return write_num(vk_asprintf("/proc/sys/net/ipv6/conf/%s/accept_ra",
				     name), 0, "accept_ra", name);
}
