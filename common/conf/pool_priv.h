/* Private to common/conf/pool.c and pool_opts.c: the parts of a <pool>
 * beyond devices, directories and hosts (iSCSI initiator and CHAP auth,
 * NFS protocol version, mount options, features, refresh policy).
 * Each parser checks NODE's attributes and children and records one
 * located error on failure (-1). */
#ifndef VK_POOL_PRIV_H
#define VK_POOL_PRIV_H

#include "pool.h"

int vk_pool_parse_initiator(struct vk_pool_def *def, xmlNodePtr node);
int vk_pool_parse_auth(struct vk_pool_def *def, xmlNodePtr node);
/* <vendor name> or <product name> into *SLOT. */
int vk_pool_parse_named(xmlNodePtr node, char **slot);
int vk_pool_parse_protocol(struct vk_pool_def *def, xmlNodePtr node);
int vk_pool_parse_features(struct vk_pool_def *def, xmlNodePtr node);
int vk_pool_parse_refresh(struct vk_pool_def *def, xmlNodePtr node);
/* Whether NODE is <fs:mount_opts> (libvirt's fs namespace). */
bool vk_pool_is_mount_opts(xmlNodePtr node);
int vk_pool_parse_mount_opts(struct vk_pool_def *def, xmlNodePtr node);

/* <initiator>, <auth> and <protocol> inside <source>. */
void vk_pool_format_source_opts(struct vk_xw *w,
				const struct vk_pool_def *def);
void vk_pool_format_features(struct vk_xw *w, const struct vk_pool_def *def);
/* <refresh> and <fs:mount_opts>, after <target>. */
void vk_pool_format_tail(struct vk_xw *w, const struct vk_pool_def *def);

void vk_pool_opts_free(struct vk_pool_def *def);
void vk_pool_opts_copy(struct vk_pool_def *dst,
		       const struct vk_pool_def *src);

#endif
