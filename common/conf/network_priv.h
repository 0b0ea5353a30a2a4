/* Shared between the parts of the network XML code. */
#ifndef VK_CONF_NETWORK_PRIV_H
#define VK_CONF_NETWORK_PRIV_H

#include "network.h"
#include "xml.h"

/* <ip> with its <dhcp>, and <route> (network_ip.c); routes are parsed
 * after every <ip>. */
int vk_net_parse_ip(struct vk_network_def *def, xmlNodePtr node);
int vk_net_parse_route(struct vk_network_def *def, xmlNodePtr node);
void vk_net_format_ip(struct vk_xw *w, const struct vk_network_def *def);
void vk_net_free_ips(struct vk_network_def *def);

/* <forward> (network_fwd.c), and the checks of its mode against the
 * whole document (FORWARD and BRIDGE: those elements, or NULL). */
int vk_net_parse_forward(struct vk_network_def *def, xmlNodePtr node);
int vk_net_check_forward(const struct vk_network_def *def, xmlNodePtr root,
			 xmlNodePtr forward, xmlNodePtr bridge);
void vk_net_format_forward(struct vk_xw *w, const struct vk_network_def *def);

/* <dns> (network_dns.c). */
int vk_net_parse_dns(struct vk_network_def *def, xmlNodePtr node);
void vk_net_format_dns(struct vk_xw *w, const struct vk_network_def *def);
void vk_net_free_dns(struct vk_net_dns *dns);

/* Attribute NAME, an IP address (of FAMILY unless 0), into *OUT; *SET
 * (when not NULL) tells it was there.  0 or -1. */
int vk_net_attr_inet(xmlNodePtr node, const char *name, bool required,
		     int family, struct vk_inet *out, bool *set);

/* S must be a DNS name (labels of letters, digits and inner '-'); WHAT
 * names it in the message located at NODE. */
int vk_net_dns_name_check(xmlNodePtr node, const char *what, const char *s);
/* ATTR='aa:bb:..' on the element just opened. */
void vk_net_format_mac(struct vk_xw *w, const char *attr,
		       const unsigned char mac[6]);

#endif
