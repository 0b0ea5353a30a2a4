/* Private to common/conf/volume.c and volume_target.c: the parts of a
 * <volume> libvirt 9.x added to <target>, and <backingStore>. */
#ifndef VK_VOLUME_PRIV_H
#define VK_VOLUME_PRIV_H

#include "volume.h"

/* Whether C (a child of <target>) is one volume_target.c parses; then
 * parse it into DEF (0, or -1 with a located error). */
bool vk_vol_target_part(xmlNodePtr c);
int vk_vol_parse_target_part(struct vk_vol_def *def, xmlNodePtr c);
int vk_vol_parse_backing(struct vk_vol_def *def, xmlNodePtr node);
/* Whether S is one of LIST (NULL-ended). */
bool vk_vol_in_list(const char *const *list, const char *s);
/* An absolute path as element text (<path>), set once into *OUT. */
int vk_vol_parse_abs_path(xmlNodePtr node, char **out);

/* After <permissions> inside <target>; then <backingStore> after
 * </target>. */
void vk_vol_format_target_parts(struct vk_xw *w,
				const struct vk_vol_def *def);
void vk_vol_format_backing(struct vk_xw *w, const struct vk_vol_def *def);

void vk_vol_parts_free(struct vk_vol_def *def);
void vk_vol_parts_copy(struct vk_vol_def *dst, const struct vk_vol_def *src);

#endif
