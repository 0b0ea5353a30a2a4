/* The qemu driver's refusal of the elements a domain keeps as they were
 * given (common/conf/domain_kept.c): each kept element is refused at
 * start, and by xml-convert --to qemu-argv, with the reason below, and
 * nothing is started.  An element kept by the parser but missing here is
 * refused all the same, with a generic reason. */
#include <string.h>

#include "qemu_command_priv.h"

static const struct {
	const char *name;
	const char *why;
} reasons[] = {
	{NULL, NULL}
};

static int refuse(const struct vk_kept *k)
{
	size_t i;

	for (i = 0; reasons[i].name; i++)
		if (!strcmp(reasons[i].name, k->name))
			return vk_qcmd_refuse_why(reasons[i].why, "<%s>",
						  k->name);
	return vk_qcmd_refuse_why("virtkit keeps it in the definition but "
				  "does not implement it", "<%s>", k->name);
}

int vk_qcmd_kept(struct vk_qcmd *c)
{
	const struct vk_domain_def *def = c->def;

	if (def->nkept)
		return refuse(&def->kept[0]);
	if (def->nkept_devs)
		return refuse(&def->kept_devs[0]);
	return 0;
}
