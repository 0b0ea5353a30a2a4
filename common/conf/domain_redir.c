/* USB redirection and hubs: <redirdev bus='usb' type=...> (a USB device
 * of a remote client, through a character device's host side),
 * <redirfilter> (which devices may be redirected) and <hub type='usb'>. */
#include <stdlib.h>
#include <string.h>

#include "../util/error.h"
#include "domain.h"

/* ---- <redirdev> ---- */

static int parse_redirdev_children(struct vk_redirdev *r, xmlNodePtr node)
{
	unsigned host_seen = 0;
	bool boot = false;
	xmlNodePtr child;
	int rc;

	if (vk_xml_check_no_text(node) < 0)
		return -1;
	vk_xml_foreach(child, node) {
		rc = vk_chr_parse_host(&r->chr, child, &host_seen);
		if (rc < 0)
			return -1;
		if (rc)
			continue;
		if (vk_xml_is(child, "boot")) {
			if (boot)
				return vk_xml_duplicate(child);
			boot = true;
			if (vk_dom_parse_boot_order(child, &r->boot_order) < 0)
				return -1;
		} else if (vk_xml_is(child, "address")) {
			if (r->addr.type != VK_ADDR_NONE)
				return vk_xml_duplicate(child);
			if (vk_dom_parse_address(child,
						 VK_ADDR_MASK(VK_ADDR_USB),
						 &r->addr) < 0)
				return -1;
		} else {
			return vk_xml_unknown(child);
		}
	}
	return vk_chr_check_host(&r->chr, node);
}

int vk_dom_parse_redirdev(struct vk_domain_def *def, xmlNodePtr node)
{
	static const char *const attrs[] = {"bus", "type", NULL};
	static const char *const buses[] = {"usb", NULL};
	struct vk_redirdev r;
	int bus;

	memset(&r, 0, sizeof(r));
	/* The host side of a device that is not a character device. */
	r.chr.kind = VK_CHR_SMARTCARD;
	if (vk_xml_check_attrs(node, attrs) < 0 ||
	    vk_xml_attr_enum(node, "bus", buses, true, &bus) < 0 ||
	    vk_chr_parse_type(&r.chr, node, true) < 0 ||
	    parse_redirdev_children(&r, node) < 0) {
		vk_chr_clear(&r.chr);
		return -1;
	}
	*(struct vk_redirdev *)vk_array_add(&def->redirdevs, &def->nredirdevs,
					    sizeof(r)) = r;
	return 0;
}

void vk_dom_format_redirdev(struct vk_xw *w, const struct vk_redirdev *r,
			    unsigned flags)
{
	vk_xw_open(w, "redirdev");
	vk_xw_attr(w, "bus", "usb");
	vk_xw_attr(w, "type", vk_chr_type_names[r->chr.type]);
	vk_chr_format_host(w, &r->chr, flags);
	if (r->boot_order) {
		vk_xw_open(w, "boot");
		vk_xw_attrf(w, "order", "%u", r->boot_order);
		vk_xw_close(w);
	}
	vk_dom_format_address(w, &r->addr);
	vk_xw_close(w);
}

/* ---- <redirfilter> ---- */

/* A hex attribute of <usbdev> ("-1": any) up to MAX into *OUT. */
static int parse_usb_id(xmlNodePtr node, const char *name,
			unsigned long long max, int *out)
{
	char *v = vk_xml_attr(node, name);
	unsigned long long n;
	bool set;

	*out = -1;
	if (!v)
		return 0;
	if (!strcmp(v, "-1")) {
		free(v);
		return 0;
	}
	free(v);
	if (vk_xml_attr_uint(node, name, true, max, false, &n, &set) < 0)
		return -1;
	*out = (int)n;
	return 0;
}

/* version='2.00': a BCD release number "M.mm" as 0xMMmm. */
static int parse_usb_version(xmlNodePtr node, int *out)
{
	char *v = vk_xml_attr(node, "version");
	unsigned major, minor;
	char end;
	int rc = 0;

	*out = -1;
	if (!v || !strcmp(v, "-1")) {
		free(v);
		return 0;
	}
	if (sscanf(v, "%2x.%2x%c", &major, &minor, &end) != 2 ||
	    !strchr(v, '.') || strlen(strchr(v, '.')) != 3)
		rc = vk_xml_error(node, "version '%s' is not a USB release "
				  "(M.mm, or -1)", v);
	else
		*out = (int)(major << 8 | minor);
	free(v);
	return rc;
}

static int parse_usbdev(struct vk_domain_def *def, xmlNodePtr node)
{
	static const char *const attrs[] = {
		"class", "vendor", "product", "version", "allow", NULL
	};
	struct vk_usbdev_rule r;
	int allow = -1;

	if (vk_xml_check_attrs(node, attrs) < 0 ||
	    vk_xml_check_empty(node) < 0 ||
	    parse_usb_id(node, "class", 0xff, &r.class_) < 0 ||
	    parse_usb_id(node, "vendor", 0xffff, &r.vendor) < 0 ||
	    parse_usb_id(node, "product", 0xffff, &r.product) < 0 ||
	    parse_usb_version(node, &r.version) < 0 ||
	    vk_xml_attr_yesno(node, "allow", &allow) < 0)
		return -1;
	if (allow < 0)
		return vk_xml_error(node, "missing attribute allow");
	r.allow = allow;
	*(struct vk_usbdev_rule *)vk_array_add(&def->usbdevs, &def->nusbdevs,
					       sizeof(r)) = r;
	return 0;
}

int vk_dom_parse_redirfilter(struct vk_domain_def *def, xmlNodePtr node)
{
	xmlNodePtr child;

	def->has_redirfilter = true;
	if (vk_xml_check_attrs(node, NULL) < 0 ||
	    vk_xml_check_no_text(node) < 0)
		return -1;
	vk_xml_foreach(child, node) {
		if (!vk_xml_is(child, "usbdev"))
			return vk_xml_unknown(child);
		if (parse_usbdev(def, child) < 0)
			return -1;
	}
	return 0;
}

void vk_dom_format_redirfilter(struct vk_xw *w,
			       const struct vk_domain_def *def)
{
	int i;

	if (!def->has_redirfilter)
		return;
	vk_xw_open(w, "redirfilter");
	for (i = 0; i < def->nusbdevs; i++) {
		const struct vk_usbdev_rule *r = &def->usbdevs[i];

		vk_xw_open(w, "usbdev");
		if (r->class_ >= 0)
			vk_xw_attrf(w, "class", "0x%02x", r->class_);
		if (r->vendor >= 0)
			vk_xw_attrf(w, "vendor", "0x%04x", r->vendor);
		if (r->product >= 0)
			vk_xw_attrf(w, "product", "0x%04x", r->product);
		if (r->version >= 0)
			vk_xw_attrf(w, "version", "%x.%02x", r->version >> 8,
				    r->version & 0xff);
		vk_xw_attr(w, "allow", r->allow ? "yes" : "no");
		vk_xw_close(w);
	}
	vk_xw_close(w);
}

/* ---- <hub> ---- */

int vk_dom_parse_hub(struct vk_domain_def *def, xmlNodePtr node)
{
	static const char *const attrs[] = {"type", NULL};
	static const char *const types[] = {"usb", NULL};
	struct vk_hub h;
	xmlNodePtr child;
	int type;

	memset(&h, 0, sizeof(h));
	if (vk_xml_check_attrs(node, attrs) < 0 ||
	    vk_xml_check_no_text(node) < 0 ||
	    vk_xml_attr_enum(node, "type", types, true, &type) < 0)
		return -1;
	vk_xml_foreach(child, node) {
		if (!vk_xml_is(child, "address"))
			return vk_xml_unknown(child);
		if (h.addr.type != VK_ADDR_NONE)
			return vk_xml_duplicate(child);
		if (vk_dom_parse_address(child, VK_ADDR_MASK(VK_ADDR_USB),
					 &h.addr) < 0)
			return -1;
	}
	*(struct vk_hub *)vk_array_add(&def->hubs, &def->nhubs,
				       sizeof(h)) = h;
	return 0;
}

void vk_dom_format_hub(struct vk_xw *w, const struct vk_hub *h)
{
	vk_xw_open(w, "hub");
	vk_xw_attr(w, "type", "usb");
	vk_dom_format_address(w, &h->addr);
	vk_xw_close(w);
}
