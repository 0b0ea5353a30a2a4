/* PCI address assignment at define, the way libvirt lays out a PC
 * guest, so that the guest sees the same slots on every boot.
 *
 * The implicit controllers are added first: pci-root (pc) or pcie-root
 * (q35) index 0, the machine's IDE (pc, 0:1.1) or SATA (q35, 0:0x1f.2),
 * a usb controller when there is none (piix3-uhci at 0:1.2 on pc,
 * qemu-xhci on q35), virtio-serial 0 when a virtio console or
 * channel needs it and ccid 0 when a smartcard does.  Explicit addresses stay; two devices at one
 * address, or one at a place of the machine's own, is an error naming
 * them.  Then every PCI device without an address gets one, in
 * libvirt's order: the primary video (0:2 on pc, 0:1 on q35), the
 * interfaces, sound cards (ich9 at 0:0x1b on q35), controllers,
 * filesystems, virtio disks, PCI host devices, the balloon (a virtio
 * one is written out when none was given), random number generators,
 * the watchdog, the other videos, virtio inputs.
 *   pc   each on bus 0, the lowest free slot from 3
 *   q35  a PCI Express device on its own pcie-root-port (an unused
 *        one, else a new one: index, chassis = index, port = slot * 8 +
 *        function, on pcie.0 from slot 2 in groups of 8 functions,
 *        function 0 multifunction='on'; one spare port is added for
 *        hotplug when any is), a conventional PCI device on pcie.0, the
 *        lowest free slot
 * Other machines and architectures are left as they are. */
#include <limits.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "qemu_address.h"
#include "util/error.h"

struct dev {
	struct vk_dev_addr *a;
	char who[80];
	bool pcie;		/* a PCI Express device (q35: a root port) */
	int fixed_slot;		/* the slot libvirt gives it on bus 0, or 0 */
	bool port;		/* a pcie-root-port (q35: packed on bus 0) */
	bool integrated;	/* q35: conventional PCI on pcie.0 all the
				 * same (PCI controllers, ICH9 USB) */
	int ich9_fn;		/* an ICH9 USB controller: its function in
				 * the slot of its set, else -1 */
	unsigned ich9_index;	/* ... and the index of its set */
};

struct assign {
	struct vk_domain_def *def;
	bool q35;
	unsigned char fn[256][32];	/* functions taken, by bus and slot */
	const char *owner[256][32][8];	/* who took them (explicit ones) */
	struct dev *devs;
	int ndevs;
	bool port_added;
	bool has_video;		/* q35: slot 1 is the primary video's */
	int conv_bus;		/* q35: the bridge conventional PCI devices
				 * go on (pcie-to-pci-bridge), -1 none */
};

static bool is_x86(const char *arch)
{
	return !arch || !strcmp(arch, "x86_64") || !strcmp(arch, "i686");
}

static struct vk_controller *find_ctrl(struct vk_domain_def *def, int type,
				       unsigned index)
{
	int i;

	for (i = 0; i < def->ncontrollers; i++)
		if (def->controllers[i].type == type &&
		    def->controllers[i].index == index &&
		    def->controllers[i].startport < 0)
			return &def->controllers[i];
	return NULL;
}

static bool has_type(const struct vk_domain_def *def, int type)
{
	int i;

	for (i = 0; i < def->ncontrollers; i++)
		if (def->controllers[i].type == type)
			return true;
	return false;
}

static void set_pci(struct vk_dev_addr *a, unsigned bus, unsigned slot,
		    unsigned fn)
{
	memset(a, 0, sizeof(*a));
	a->type = VK_ADDR_PCI;
	a->bus = bus;
	a->slot = slot;
	a->function = fn;
}

/* The controllers libvirt adds to every PC guest. */
static void add_implicit(struct assign *s)
{
	struct vk_domain_def *def = s->def;
	struct vk_controller k;
	int i;

	if (!find_ctrl(def, VK_CTRL_PCI, 0)) {
		vk_controller_init(&k, VK_CTRL_PCI, s->q35 ? VK_PCIE_ROOT :
				   VK_PCI_ROOT);
		vk_dom_add_controller(def, &k);
	}
	if (!has_type(def, VK_CTRL_USB)) {
		vk_controller_init(&k, VK_CTRL_USB, s->q35 ? VK_USB_QEMU_XHCI :
				   VK_USB_PIIX3_UHCI);
		if (!s->q35)
			set_pci(&k.addr, 0, 1, 2);
		vk_dom_add_controller(def, &k);
	}
	if (s->q35 && !find_ctrl(def, VK_CTRL_SATA, 0)) {
		vk_controller_init(&k, VK_CTRL_SATA, -1);
		k.index = 0;
		set_pci(&k.addr, 0, 0x1f, 2);
		vk_dom_add_controller(def, &k);
	}
	if (!s->q35 && !find_ctrl(def, VK_CTRL_IDE, 0)) {
		vk_controller_init(&k, VK_CTRL_IDE, -1);
		k.index = 0;
		set_pci(&k.addr, 0, 1, 1);
		vk_dom_add_controller(def, &k);
	}
	/* A smartcard plugs into a ccid controller (a USB device). */
	if (def->nsmartcards && !has_type(def, VK_CTRL_CCID)) {
		vk_controller_init(&k, VK_CTRL_CCID, -1);
		k.index = 0;
		vk_dom_add_controller(def, &k);
	}
	for (i = 0; i < def->nchrs; i++)
		if (def->chrs[i].addr.type == VK_ADDR_VSERIAL ||
		    (def->chrs[i].target_type &&
		     !strcmp(def->chrs[i].target_type, "virtio")))
			break;
	if (i < def->nchrs && !has_type(def, VK_CTRL_VSERIAL)) {
		vk_controller_init(&k, VK_CTRL_VSERIAL, -1);
		k.index = 0;
		vk_dom_add_controller(def, &k);
	}
}

static void add_dev(struct assign *s, struct vk_dev_addr *a, bool pcie,
		    const char *fmt, const char *arg)
{
	struct dev *d = vk_array_add(&s->devs, &s->ndevs, sizeof(*d));

	d->a = a;
	d->pcie = pcie;
	d->ich9_fn = -1;
	snprintf(d->who, sizeof(d->who), fmt, arg);
}

static bool net_pcie(const struct vk_net *n)
{
	return !n->model || !strcmp(n->model, "virtio") ||
	       !strncmp(n->model, "virtio-", 7) || !strcmp(n->model, "e1000e");
}

/* The controllers that sit on PCI, and whether each is PCI Express:
 * the PCI controllers (PCI true; libvirt places them first) or the
 * others. */
static void list_ctrls(struct assign *s, bool pci)
{
	struct vk_domain_def *def = s->def;
	char name[40];
	struct dev *d;
	int i;

	for (i = 0; i < def->ncontrollers; i++) {
		struct vk_controller *k = &def->controllers[i];
		bool pcie = false;
		int ich9 = -1;

		if ((k->type == VK_CTRL_PCI) != pci)
			continue;
		switch (k->type) {
		case VK_CTRL_USB:
			if (k->model == VK_USB_NONE)
				continue;
			pcie = k->model == VK_USB_QEMU_XHCI ||
			       k->model == VK_USB_NEC_XHCI;
			ich9 = k->model == VK_USB_ICH9_EHCI1 ? 7 :
			       k->model >= VK_USB_ICH9_UHCI1 &&
			       k->model <= VK_USB_ICH9_UHCI3 ?
			       k->model - VK_USB_ICH9_UHCI1 : -1;
			break;
		case VK_CTRL_SCSI:
			pcie = k->model < 0 || k->model == VK_SCSI_AUTO ||
			       k->model == VK_SCSI_VIRTIO ||
			       k->model == VK_SCSI_VIRTIO_NONTRANS;
			break;
		case VK_CTRL_VSERIAL:
			pcie = k->model != VK_VSERIAL_TRANS;
			break;
		case VK_CTRL_SATA:
			break;
		case VK_CTRL_PCI:
			if (k->model == VK_PCI_ROOT || k->model == VK_PCIE_ROOT)
				continue;
			pcie = k->model == VK_PCI_PCIE_TO_PCI_BRIDGE;
			break;
		default:
			continue;
		}
		snprintf(name, sizeof(name), "%s controller %u",
			 vk_ctrl_type_names[k->type], k->index);
		add_dev(s, &k->addr, pcie, "%s", name);
		d = &s->devs[s->ndevs - 1];
		d->port = s->q35 && k->type == VK_CTRL_PCI &&
			  k->model == VK_PCI_PCIE_ROOT_PORT;
		d->integrated = k->type == VK_CTRL_PCI || ich9 >= 0;
		d->ich9_fn = ich9;
		d->ich9_index = k->index;
	}
}

/* Every device that sits on PCI, in libvirt's order. */
static void list_devs(struct assign *s)
{
	struct vk_domain_def *def = s->def;
	int i;

	if (def->nvideos && def->videos[0].model != VK_VIDEO_NONE) {
		add_dev(s, &def->videos[0].addr, false, "video%s", "0");
		s->devs[s->ndevs - 1].fixed_slot = s->q35 ? 1 : 2;
		s->has_video = true;
	} else if (!def->nvideos && def->ngraphics) {
		/* The qemu driver gives a display with no adapter QEMU's
		 * standard VGA, which QEMU places in the lowest free slot:
		 * keep the primary video's slot free for it. */
		s->has_video = true;
	}
	list_ctrls(s, true);
	for (i = 0; i < def->nnets; i++) {
		char n[16];

		snprintf(n, sizeof(n), "%d", i);
		if (!def->nets[i].model ||
		    strcmp(def->nets[i].model, "ne2k_isa"))
			add_dev(s, &def->nets[i].addr, net_pcie(&def->nets[i]),
				"interface %s", n);
	}
	for (i = 0; i < def->nsounds; i++) {
		int m = def->sounds[i].model;

		if (m == VK_SOUND_SB16 || m == VK_SOUND_USB ||
		    m == VK_SOUND_PCSPK)
			continue;
		add_dev(s, &def->sounds[i].addr, false, "sound %s",
			vk_sound_model_names[m]);
		if (s->q35 && m == VK_SOUND_ICH9)
			s->devs[s->ndevs - 1].fixed_slot = 0x1b;
	}
	list_ctrls(s, false);
	for (i = 0; i < def->nfss; i++)
		add_dev(s, &def->fss[i].addr, true, "filesystem '%s'",
			def->fss[i].target);
	for (i = 0; i < def->ndisks; i++)
		if (def->disks[i].bus == VK_BUS_VIRTIO)
			add_dev(s, &def->disks[i].addr, true, "disk '%s'",
				def->disks[i].target);
	for (i = 0; i < def->nhostdevs; i++)
		if (def->hostdevs[i].type == VK_HOSTDEV_PCI)
			add_dev(s, &def->hostdevs[i].addr, true, "hostdev%s",
				"");
	if (def->balloon < 0)
		def->balloon = VK_BALLOON_VIRTIO;
	if (def->balloon == VK_BALLOON_VIRTIO)
		add_dev(s, &def->balloon_addr, true, "memballoon%s", "");
	for (i = 0; i < def->nrngs; i++)
		add_dev(s, &def->rngs[i].addr, true, "rng%s", "");
	if (def->watchdog.model == VK_WD_I6300ESB)
		add_dev(s, &def->watchdog.addr, false, "watchdog%s", "");
	for (i = 1; i < def->nvideos; i++)
		add_dev(s, &def->videos[i].addr, def->videos[i].model ==
			VK_VIDEO_VIRTIO, "video%s", "");
	for (i = 0; i < def->ninputs; i++)
		if (def->inputs[i].bus == VK_INPUT_BUS_VIRTIO)
			add_dev(s, &def->inputs[i].addr, true, "input %s",
				vk_input_type_names[def->inputs[i].type]);
}

/* Record the explicit addresses; a clash names both devices. */
static int take_explicit(struct assign *s)
{
	int i;

	for (i = 0; i < s->ndevs; i++) {
		struct vk_dev_addr *a = s->devs[i].a;
		const char **own;

		if (vk_dev_addr_pci_wanted(a) || a->type != VK_ADDR_PCI)
			continue;
		own = &s->owner[a->bus][a->slot][a->function];
		if (*own)
			return vk_error(VK_EXIT_DOCUMENT, "%s and %s are both "
					"at PCI address %04x:%02x:%02x.%x",
					*own, s->devs[i].who, a->domain,
					a->bus, a->slot, a->function);
		*own = s->devs[i].who;
		s->fn[a->bus][a->slot] |= (unsigned char)(1u << a->function);
	}
	return 0;
}

static bool own_fn(const struct assign *s, unsigned slot, unsigned fn)
{
	if (slot == 0)
		return true;
	if (s->q35)
		return slot == 0x1f && (fn == 0 || fn == 2 || fn == 3);
	return slot == 1;
}

/* A slot of bus 0 with no function taken and not the machine's own (the
 * primary video's slot, 2 on pc and 1 on q35, is kept for it when there
 * is one). */
static bool slot_free0(const struct assign *s, unsigned slot)
{
	return !s->fn[0][slot] && !own_fn(s, slot, 0) &&
	       (!s->has_video || slot != (s->q35 ? 1u : 2u));
}

/* The lowest such slot from FIRST. */
static int free_slot(struct assign *s, unsigned first)
{
	unsigned slot;

	for (slot = first; slot < 32; slot++)
		if (slot_free0(s, slot))
			return (int)slot;
	return vk_error(VK_EXIT_DOCUMENT, "no free PCI slot is left on "
			"bus 0");
}

/* Where a new pcie-root-port goes on bus 0, as libvirt packs them: the
 * next free function of a slot whose function 0 is a multifunction root
 * port, else function 0 of the lowest free slot (multifunction='on'). */
static int port_place(struct assign *s, struct vk_dev_addr *a)
{
	struct vk_domain_def *def = s->def;
	struct vk_controller *p;
	unsigned slot, fn;
	int i, sl;

	for (slot = 1; slot < 32; slot++) {
		for (i = 0; i < def->ncontrollers; i++) {
			p = &def->controllers[i];
			if (p->type == VK_CTRL_PCI &&
			    p->model == VK_PCI_PCIE_ROOT_PORT &&
			    p->addr.type == VK_ADDR_PCI && !p->addr.bus &&
			    p->addr.slot == slot && !p->addr.function &&
			    p->addr.multifunction == VK_ADDR_MF_ON)
				break;
		}
		if (i < def->ncontrollers && s->fn[0][slot] != 0xff)
			break;
	}
	if (slot < 32) {
		for (fn = 0; s->fn[0][slot] & (1u << fn); fn++)
			;
	} else {
		sl = free_slot(s, 1);
		if (sl < 0)
			return -1;
		slot = (unsigned)sl;
		fn = 0;
	}
	set_pci(a, 0, slot, fn);
	if (!fn)
		a->multifunction = VK_ADDR_MF_ON;
	s->fn[0][slot] |= (unsigned char)(1u << fn);
	return 0;
}

/* A root port no device uses, or a new one; its index into *BUS. */
static int root_port(struct assign *s, unsigned *bus)
{
	struct vk_domain_def *def = s->def;
	struct vk_controller k, *p;
	int i;

	for (i = 0; i < def->ncontrollers; i++) {
		p = &def->controllers[i];
		if (p->type == VK_CTRL_PCI && p->model == VK_PCI_PCIE_ROOT_PORT &&
		    !s->fn[p->index][0]) {
			*bus = p->index;
			s->fn[p->index][0] = 1;
			return 0;
		}
	}
	vk_controller_init(&k, VK_CTRL_PCI, VK_PCI_PCIE_ROOT_PORT);
	k.index = UINT_MAX;
	if (port_place(s, &k.addr) < 0)
		return -1;
	p = vk_dom_add_controller(def, &k);
	*bus = p->index;
	s->fn[p->index][0] = 1;
	s->port_added = true;
	/* The device list points into the controllers, which moved. */
	return 1;
}

/* What libvirt writes for each root port on q35: <model name>, chassis
 * = its index, port = slot * 8 + function. */
static void port_defaults(struct assign *s)
{
	struct vk_controller *p;
	int i;

	for (i = 0; i < s->def->ncontrollers; i++) {
		p = &s->def->controllers[i];
		if (p->type != VK_CTRL_PCI ||
		    p->model != VK_PCI_PCIE_ROOT_PORT ||
		    p->addr.type != VK_ADDR_PCI || p->addr.bus)
			continue;
		if (p->model_name < 0)
			p->model_name = 5;	/* pcie-root-port */
		if (p->chassis < 0)
			p->chassis = (int)p->index;
		if (p->port < 0)
			p->port = (int)(p->addr.slot << 3 | p->addr.function);
	}
}

/* An ICH9 USB controller: its set (the EHCI at function 7, the UHCI
 * companions at 0, 1, 2, the first one multifunction) shares a slot. */
static int ich9_place(struct assign *s, struct dev *d)
{
	int i, slot = -1;

	for (i = 0; i < s->ndevs && slot < 0; i++) {
		const struct dev *o = &s->devs[i];

		if (o != d && o->ich9_fn >= 0 &&
		    o->ich9_index == d->ich9_index &&
		    o->a->type == VK_ADDR_PCI && !o->a->bus &&
		    !vk_dev_addr_pci_wanted(o->a))
			slot = (int)o->a->slot;
	}
	if (slot < 0 || (s->fn[0][slot] & (1u << d->ich9_fn))) {
		slot = free_slot(s, s->q35 || !s->has_video ? 1 : 3);
		if (slot < 0)
			return -1;
	}
	set_pci(d->a, 0, (unsigned)slot, (unsigned)d->ich9_fn);
	if (!d->ich9_fn)
		d->a->multifunction = VK_ADDR_MF_ON;
	s->fn[0][slot] |= (unsigned char)(1u << d->ich9_fn);
	return 0;
}

/* A free slot for a conventional PCI device on pc: bus 0 from FIRST,
 * then the pci-bridges (slots 1 to 31; slot 0 is the bridge's own).
 * When the one found is the last one free, a new pci-bridge takes it
 * instead, as libvirt adds them: 1 (the device list must be made again),
 * else 0 with *BUS and *SLOT set. */
static int pc_slot(struct assign *s, unsigned first, unsigned *bus,
		   unsigned *slot)
{
	struct vk_domain_def *def = s->def;
	struct vk_controller k, *p;
	unsigned fb = 0, fs = 0, nfree = 0, sl;
	int i, r;

	r = free_slot(s, first);
	if (r >= 0) {
		fs = (unsigned)r;
		nfree = 1;
		for (sl = fs + 1; sl < 32 && nfree < 2; sl++)
			if (slot_free0(s, sl))
				nfree++;
	}
	for (i = 0; i < def->ncontrollers && nfree < 2; i++) {
		p = &def->controllers[i];
		if (p->type != VK_CTRL_PCI || p->model != VK_PCI_BRIDGE ||
		    p->index >= 256)
			continue;
		for (sl = 1; sl < 32 && nfree < 2; sl++) {
			if (s->fn[p->index][sl])
				continue;
			if (!nfree++) {
				fb = p->index;
				fs = sl;
			}
		}
	}
	vk_error_clear();
	if (!nfree)
		return vk_error(VK_EXIT_DOCUMENT, "no free PCI slot is left "
				"on bus 0 or its bridges");
	if (nfree > 1) {
		*bus = fb;
		*slot = fs;
		return 0;
	}
	vk_controller_init(&k, VK_CTRL_PCI, VK_PCI_BRIDGE);
	k.index = UINT_MAX;
	k.model_name = 1;	/* pci-bridge */
	set_pci(&k.addr, fb, fs, 0);
	p = vk_dom_add_controller(def, &k);
	p->chassis_nr = (int)p->index;	/* what libvirt writes */
	return 1;
}

static int place(struct assign *s, struct dev *d)
{
	unsigned bus = 0, slot = 0;
	int rc;

	if (d->port)
		return port_place(s, d->a);
	if (d->fixed_slot && !s->fn[0][d->fixed_slot]) {
		set_pci(d->a, 0, (unsigned)d->fixed_slot, 0);
		s->fn[0][d->fixed_slot] = 1;
		return 0;
	}
	if (s->q35 && d->pcie) {
		rc = root_port(s, &bus);
		if (rc != 0)	/* a port was added: D->a may have moved with
				 * the controllers; the next pass places it */
			return rc;
		set_pci(d->a, bus, 0, 0);
		return 0;
	}
	if (d->ich9_fn >= 0)
		return ich9_place(s, d);
	if (s->q35 && !d->integrated && s->conv_bus >= 0) {
		for (slot = 1; slot < 32; slot++)
			if (!s->fn[s->conv_bus][slot]) {
				set_pci(d->a, (unsigned)s->conv_bus, slot, 0);
				s->fn[s->conv_bus][slot] = 1;
				return 0;
			}
		return vk_error(VK_EXIT_DOCUMENT, "no free PCI slot is left "
				"on bus %d", s->conv_bus);
	}
	if (s->q35) {
		rc = free_slot(s, 1);
		if (rc < 0)
			return -1;
		slot = (unsigned)rc;
	} else {
		rc = pc_slot(s, s->has_video ? 3 : 1, &bus, &slot);
		if (rc != 0)
			return rc;
	}
	set_pci(d->a, bus, slot, 0);
	s->fn[bus][slot] = 1;
	return 0;
}

/* q35: the bus of a pcie-to-pci-bridge for the conventional PCI
 * devices that want an address; when there is none, libvirt adds one
 * with a root port of its own (1: added, list again). */
static int conv_bridge(struct assign *s)
{
	struct vk_domain_def *def = s->def;
	struct vk_controller k, *p;
	int i;

	s->conv_bus = -1;
	for (i = 0; i < def->ncontrollers; i++) {
		p = &def->controllers[i];
		if (p->type == VK_CTRL_PCI &&
		    p->model == VK_PCI_PCIE_TO_PCI_BRIDGE) {
			s->conv_bus = (int)p->index;
			return 0;
		}
	}
	for (i = 0; i < s->ndevs; i++) {
		const struct dev *d = &s->devs[i];

		if (vk_dev_addr_pci_wanted(d->a) && !d->pcie &&
		    !d->integrated && d->ich9_fn < 0 &&
		    (!d->fixed_slot || s->fn[0][d->fixed_slot]))
			break;
	}
	if (i == s->ndevs)
		return 0;
	vk_controller_init(&k, VK_CTRL_PCI, VK_PCI_PCIE_ROOT_PORT);
	k.index = UINT_MAX;
	vk_dom_add_controller(def, &k);
	vk_controller_init(&k, VK_CTRL_PCI, VK_PCI_PCIE_TO_PCI_BRIDGE);
	k.index = UINT_MAX;
	k.model_name = 3;	/* pcie-pci-bridge */
	vk_dom_add_controller(def, &k);
	return 1;
}

int vk_qemu_assign_addresses(struct vk_domain_def *def)
{
	struct assign *s;
	unsigned bus;
	int i, rc = 0;

	if (!is_x86(def->os.arch) ||
	    (def->virt_type != VK_VIRT_QEMU && def->virt_type != VK_VIRT_KVM))
		return 0;
	s = calloc(1, sizeof(*s));
	if (!s)
		return vk_error(VK_EXIT_FAILED, "out of memory");
	s->def = def;
	s->q35 = def->os.machine && strstr(def->os.machine, "q35");
	add_implicit(s);
again:
	free(s->devs);
	s->devs = NULL;
	s->ndevs = 0;
	memset(s->fn, 0, sizeof(s->fn));
	memset(s->owner, 0, sizeof(s->owner));
	list_devs(s);
	if (take_explicit(s) < 0) {
		rc = -1;
		goto out;
	}
	if (s->q35 && conv_bridge(s) > 0)
		goto again;
	for (i = 0; i < s->ndevs; i++) {
		if (!vk_dev_addr_pci_wanted(s->devs[i].a))
			continue;
		rc = place(s, &s->devs[i]);
		if (rc < 0)
			goto out;
		if (rc > 0) {
			/* A controller was added: list again (the list
			 * points into the controllers). */
			rc = 0;
			goto again;
		}
	}
	/* One spare root port for hotplug, as libvirt adds. */
	if (s->port_added && root_port(s, &bus) < 0)
		rc = -1;
	if (s->q35)
		port_defaults(s);
	if (!rc)
		rc = vk_qemu_assign_usb(def);
out:
	free(s->devs);
	free(s);
	return rc;
}
