/* Shared between the parts of the network XML code. */
#ifndef VK_CONF_NETWORK_PRIV_H
#define VK_CONF_NETWORK_PRIV_H

#include "network.h"
#include "xml.h"

/* <ip> with its <dhcp> (network_ip.c). */
int vk_net_parse_ip(struct vk_network_def *def, xmlNodePtr node);
void vk_net_format_ip(struct vk_xw *w, const struct vk_network_def *def);

/* S must be a DNS name (labels of letters, digits and inner '-'); WHAT
 * names it in the message located at NODE. */
int vk_net_dns_name_check(xmlNodePtr node, const char *what, const char *s);
/* ATTR='aa:bb:..' on the element just opened. */
void vk_net_format_mac(struct vk_xw *w, const char *attr,
		       const unsigned char mac[6]);

#endif
