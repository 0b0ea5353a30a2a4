/* The QEMU 7.2 command line: interfaces (hostnetN backend, netN
 * front end). */
#include <stdlib.h>
#include <string.h>

#include "qemu_command_priv.h"
#include "util/error.h"
#include "util/mac.h"

/* ---- interfaces ---- */

static const char *net_model(const char *model)
{
	static const char *const models[] = {
		"rtl8139", "e1000", "e1000e", "virtio-net-pci", "ne2k_pci",
		"pcnet", "i82551", "i82557b", "i82559er", NULL
	};
	int i;

	/* libvirt's default for PC guests. */
	if (!model)
		return "rtl8139";
	if (!strcmp(model, "virtio"))
		return "virtio-net-pci";
	for (i = 0; models[i]; i++)
		if (!strcmp(model, models[i]))
			return models[i];
	return NULL;
}

int vk_qcmd_nets(struct vk_qcmd *c)
{
	int i;

	for (i = 0; i < c->def->nnets; i++) {
		const struct vk_net *n = &c->def->nets[i];
		char mac[VK_MAC_STRLEN + 1];
		const char *model = net_model(n->model);

		/* The others need a tap the supervisor creates. */
		if (n->type != VK_NET_USER)
			return vk_error(VK_EXIT_DOCUMENT, "interface type "
					"'%s': not supported by the qemu "
					"driver yet",
					vk_net_type_names[n->type]);
		if (!model)
			return vk_qcmd_refuse("interface model '%s'",
					      n->model);
		vk_mac_format(n->mac, mac);
		vk_argv_add(c->a, "-netdev");
		vk_argv_addf(c->a, "user,id=hostnet%d", i);
		vk_argv_add(c->a, "-device");
		vk_argv_addf(c->a, "%s,netdev=hostnet%d,id=net%d,mac=%s",
			     model, i, i, mac);
	}
	return 0;
}
