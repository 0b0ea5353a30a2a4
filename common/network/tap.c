/* Taps and macvtap links for guest interfaces (see tap.h).  Linked into
 * the static supervisor (vk_macvtap_delete): no libxml2 here. */
#include <errno.h>
#include <fcntl.h>
#include <linux/if_link.h>
#include <linux/if_tun.h>
#include <linux/rtnetlink.h>
#include <net/if.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/ioctl.h>
#include <sys/socket.h>
#include <sys/stat.h>
#include <sys/sysmacros.h>
#include <unistd.h>

#include "tap.h"
#include "util/error.h"
#include "util/file.h"
#include "util/mac.h"

#define MACVTAP_MAX 4096	/* names tried for "macvtapN" */

/* The kernel's rule for interface names (dev_valid_name): refused
 * here with what is wrong, not as a confusing EINVAL later. */
static int name_ok(const char *what, const char *name)
{
	if (strlen(name) >= IFNAMSIZ)
		return vk_error(VK_EXIT_DOCUMENT, "%s name '%s' is too long "
				"(at most %d characters)", what, name,
				IFNAMSIZ - 1);
	if (!*name || !strcmp(name, ".") || !strcmp(name, "..") ||
	    strpbrk(name, ":/ \t\n\r\v\f"))
		return vk_error(VK_EXIT_DOCUMENT, "%s name '%s' is not an "
				"interface name (not empty, '.' or '..', no "
				"':', '/' or blanks)", what, name);
	return 0;
}

int vk_tap_open(const char *name, bool vnet_hdr, char **made)
{
	struct ifreq ifr;
	int fd;

	memset(&ifr, 0, sizeof(ifr));
	if (name_ok("tap", name) < 0)
		return -1;
	strcpy(ifr.ifr_name, name);
	ifr.ifr_flags = IFF_TAP | IFF_NO_PI | (vnet_hdr ? IFF_VNET_HDR : 0);
	fd = open("/dev/net/tun", O_RDWR | O_CLOEXEC);
	if (fd < 0)
		return vk_error_errno(VK_EXIT_FAILED, errno, "cannot create "
				      "tap '%s': /dev/net/tun", name);
	if (ioctl(fd, TUNSETIFF, &ifr) < 0) {
		int err = errno;

		close(fd);
		if (err == EBUSY || err == EINVAL)
			return vk_error(VK_EXIT_CONFLICT, "cannot create tap "
					"'%s': %s", name, err == EBUSY ?
					"a tap of that name is in use" :
					"an interface of that name exists "
					"and is no free tap");
		return vk_error_errno(VK_EXIT_FAILED, err, "cannot create tap "
				      "'%s'", name);
	}
	*made = vk_strdup(ifr.ifr_name);
	return fd;
}

/* ---- rtnetlink ---- */

struct nlreq {
	struct nlmsghdr h;
	struct ifinfomsg i;
	char attrs[256];
};

static struct rtattr *add_attr(struct nlreq *r, int type, const void *data,
			       size_t len)
{
	struct rtattr *a = (struct rtattr *)((char *)r +
					     NLMSG_ALIGN(r->h.nlmsg_len));

	a->rta_type = (unsigned short)type;
	a->rta_len = (unsigned short)RTA_LENGTH(len);
	if (len)
		memcpy(RTA_DATA(a), data, len);
	r->h.nlmsg_len = NLMSG_ALIGN(r->h.nlmsg_len) + RTA_ALIGN(a->rta_len);
	return a;
}

/* Close a nested attribute opened by add_attr(..., NULL, 0). */
static void end_nest(struct nlreq *r, struct rtattr *nest)
{
	nest->rta_len = (unsigned short)((char *)r + r->h.nlmsg_len -
					 (char *)nest);
}

/* Send R and wait for the kernel's answer: 0, or the negative errno. */
static int nl_talk(struct nlreq *r)
{
	struct sockaddr_nl kernel = {.nl_family = AF_NETLINK};
	char buf[1024];
	int fd = socket(AF_NETLINK, SOCK_RAW | SOCK_CLOEXEC, NETLINK_ROUTE);
	int rc = -EIO;
	ssize_t n;

	if (fd < 0)
		return -errno;
	r->h.nlmsg_flags |= NLM_F_REQUEST | NLM_F_ACK;
	r->h.nlmsg_seq = 1;
	if (sendto(fd, r, r->h.nlmsg_len, 0, (struct sockaddr *)&kernel,
		   sizeof(kernel)) < 0) {
		rc = -errno;
		goto out;
	}
	n = recv(fd, buf, sizeof(buf), 0);
	if (n < 0) {
		rc = -errno;
		goto out;
	}
	if ((size_t)n >= NLMSG_LENGTH(sizeof(struct nlmsgerr)) &&
	    ((struct nlmsghdr *)buf)->nlmsg_type == NLMSG_ERROR)
		rc = ((struct nlmsgerr *)NLMSG_DATA(buf))->error;
out:
	close(fd);
	return rc;
}

static void nl_init(struct nlreq *r, int type, int flags, int ifindex)
{
	memset(r, 0, sizeof(*r));
	r->h.nlmsg_len = NLMSG_LENGTH(sizeof(r->i));
	r->h.nlmsg_type = (unsigned short)type;
	r->h.nlmsg_flags = (unsigned short)flags;
	r->i.ifi_family = AF_UNSPEC;
	r->i.ifi_index = ifindex;
}

/* One RTM_NEWLINK for a macvtap NAME on LOWER: 0 or the -errno. */
static int new_macvtap(const char *name, unsigned lower, int mode,
		       const unsigned char mac[6])
{
	static const unsigned modes[] = {
		[VK_MACVTAP_VEPA] = MACVLAN_MODE_VEPA,
		[VK_MACVTAP_BRIDGE] = MACVLAN_MODE_BRIDGE,
		[VK_MACVTAP_PRIVATE] = MACVLAN_MODE_PRIVATE,
		[VK_MACVTAP_PASSTHRU] = MACVLAN_MODE_PASSTHRU,
	};
	struct rtattr *info, *data;
	struct nlreq r;

	nl_init(&r, RTM_NEWLINK, NLM_F_CREATE | NLM_F_EXCL, 0);
	r.i.ifi_flags = IFF_UP;
	r.i.ifi_change = IFF_UP;
	add_attr(&r, IFLA_IFNAME, name, strlen(name) + 1);
	add_attr(&r, IFLA_LINK, &lower, sizeof(lower));
	add_attr(&r, IFLA_ADDRESS, mac, 6);
	info = add_attr(&r, IFLA_LINKINFO, NULL, 0);
	add_attr(&r, IFLA_INFO_KIND, "macvtap", 8);
	data = add_attr(&r, IFLA_INFO_DATA, NULL, 0);
	add_attr(&r, IFLA_MACVLAN_MODE, &modes[mode], sizeof(modes[mode]));
	end_nest(&r, data);
	end_nest(&r, info);
	return nl_talk(&r);
}

int vk_macvtap_create(const char *dev, const char *name, int mode,
		      const unsigned char mac[6], char **made)
{
	unsigned lower = if_nametoindex(dev);
	char gen[32];	/* "macvtapN", N < MACVTAP_MAX: fits IFNAMSIZ */
	int n, rc;

	if (!lower)
		return vk_error(VK_EXIT_NOT_FOUND, "cannot create a macvtap "
				"link on '%s': no such host interface", dev);
	if (name && name_ok("macvtap", name) < 0)
		return -1;
	for (n = 0; n < MACVTAP_MAX; n++) {
		if (!name)
			snprintf(gen, sizeof(gen), "macvtap%d", n);
		rc = new_macvtap(name ? name : gen, lower, mode, mac);
		if (rc != -EEXIST || name)
			break;
	}
	if (rc == -EEXIST)
		return vk_error(VK_EXIT_CONFLICT, "cannot create macvtap '%s' "
				"on '%s': an interface of that name exists",
				name ? name : gen, dev);
	if (rc == -EADDRINUSE)	/* the kernel's words say nothing of whom */
		return vk_error(VK_EXIT_CONFLICT, "cannot create a macvtap "
				"link on '%s': a link on it has this MAC "
				"address (another guest's, or one left "
				"behind)", dev);
	if (rc < 0)
		return vk_error_errno(VK_EXIT_FAILED, -rc, "cannot create a "
				      "macvtap link on '%s'", dev);
	*made = vk_strdup(name ? name : gen);
	return 0;
}

int vk_macvtap_open(const char *name, const char *dir)
{
	unsigned idx = if_nametoindex(name);
	char *path, *text, *node;
	unsigned maj, mnr;
	int fd = -1;

	if (!idx)
		return vk_error(VK_EXIT_NOT_FOUND, "macvtap '%s' is gone",
				name);
	path = vk_asprintf("/sys/class/net/%s/macvtap/tap%u/dev", name, idx);
	text = vk_file_read(path, 64, NULL);
	free(path);
	if (!text || sscanf(text, "%u:%u", &maj, &mnr) != 2) {
		free(text);
		return vk_error(VK_EXIT_FAILED, "macvtap '%s': no character "
				"device in /sys/class/net", name);
	}
	free(text);
	node = vk_asprintf("%s/.tap%u-%d", dir, idx, (int)getpid());
	unlink(node);
	if (mknod(node, S_IFCHR | 0600, makedev(maj, mnr)) < 0)
		vk_error_errno(VK_EXIT_FAILED, errno, "macvtap '%s': cannot "
			       "make %s", name, node);
	else if ((fd = open(node, O_RDWR | O_CLOEXEC)) < 0)
		vk_error_errno(VK_EXIT_FAILED, errno, "macvtap '%s': cannot "
			       "open its device", name);
	unlink(node);
	free(node);
	return fd;
}

/* Is NAME a macvtap link with the MAC MAC? */
static bool macvtap_with(const char *name, const unsigned char *mac)
{
	char *path = vk_asprintf("/sys/class/net/%s/macvtap", name);
	char *text, want[VK_MAC_STRLEN + 1];
	struct stat st;
	bool is = stat(path, &st) == 0 && S_ISDIR(st.st_mode);

	free(path);
	if (!is)
		return false;
	path = vk_asprintf("/sys/class/net/%s/address", name);
	text = vk_file_read(path, 64, NULL);
	free(path);
	vk_mac_format(mac, want);
	is = text && !strncmp(text, want, VK_MAC_STRLEN);
	free(text);
	vk_error_clear();
	return is;
}

int vk_macvtap_delete(const char *name, const unsigned char *mac)
{
	unsigned idx = if_nametoindex(name);
	struct nlreq r;
	int rc;

	if (!idx || (mac && !macvtap_with(name, mac)))
		return 0;
	nl_init(&r, RTM_DELLINK, 0, (int)idx);
	rc = nl_talk(&r);
	if (rc == -ENODEV)
		return 0;
	if (rc < 0)
		return vk_error_errno(VK_EXIT_FAILED, -rc, "cannot delete "
				      "macvtap '%s'", name);
	return 1;
}
