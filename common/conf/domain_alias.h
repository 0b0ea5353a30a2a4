/* <alias name='...'/>: the name of a device, shared by every device
 * class (domain_alias.c).  libvirt writes one on every device of a
 * running guest; a user alias ("ua-" followed by letters, digits, '_'
 * and '-') belongs to the configuration, and is the device's id on the
 * QEMU command line.  Any other alias is a runtime value: accepted on
 * input, written in live output, left out of inactive output (as
 * libvirt drops it from a configuration).
 *
 * A device parser calls vk_dom_parse_alias on its <alias> child and
 * keeps the string in the device; its writer calls vk_dom_format_alias
 * (libvirt's place: after <boot>, before <rom>, <acpi> and <address>).
 * The schema part is "deviceAlias" in schemas/domain-types.rng. */
#ifndef VK_DOMAIN_ALIAS_H
#define VK_DOMAIN_ALIAS_H

#include <stdbool.h>
#include <libxml/tree.h>

#include "xml.h"

#define VK_ALIAS_USER_PREFIX "ua-"

/* Parse the <alias> element NODE (only name=, no children) into *ALIAS
 * (a new string the caller frees).  A second <alias> in the same device
 * (*ALIAS already set), a missing or empty name, or a character outside
 * letters, digits, '_', '-' and '.' is an error at NODE.  Returns 0 or
 * -1. */
int vk_dom_parse_alias(xmlNodePtr node, char **alias);

/* Whether ALIAS is a user alias (kept in a configuration). */
bool vk_dom_alias_is_user(const char *alias);

/* Whether an alias is written with the format FLAGS (VK_FMT_INACTIVE
 * writes user aliases only). */
bool vk_dom_alias_shown(const char *alias, unsigned flags);

/* Write <alias name='ALIAS'/> when vk_dom_alias_shown; nothing for a
 * NULL ALIAS. */
void vk_dom_format_alias(struct vk_xw *w, const char *alias,
			 unsigned flags);

/* The whole-document check (called once by the domain parser): two
 * devices under ROOT's <devices> must not have the same alias (only
 * user aliases count with VK_PARSE_INACTIVE, the others being runtime
 * values).  Returns 0 or -1 with the error at the second one. */
int vk_dom_alias_finish(xmlNodePtr root, unsigned flags);

#endif
