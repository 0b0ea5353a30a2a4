/* <smartcard mode='host|host-certificates|passthrough'>: a USB CCID
 * reader in the guest whose card is the host's (NSS), three NSS
 * certificates, or a character device to a card provider. */
#include <stdlib.h>
#include <string.h>

#include "../util/error.h"
#include "domain.h"

const char *const vk_smartcard_mode_names[] = {
	"host", "host-certificates", "passthrough", NULL
};

/* What the children parse remembers. */
struct sc_state {
	int ncerts;
	bool database;
	bool address;
	unsigned host_seen;	/* vk_chr_parse_host's mask */
};

static int parse_certificate(struct vk_smartcard *sc, xmlNodePtr node,
			     struct sc_state *st)
{
	if (sc->mode != VK_SC_HOST_CERTS)
		return vk_xml_error(node, "only allowed with mode "
				    "'host-certificates'");
	if (st->ncerts == VK_SC_NCERTS)
		return vk_xml_error(node, "more than %d certificates",
				    VK_SC_NCERTS);
	return vk_xml_text_nonempty(node, &sc->certs[st->ncerts++]);
}

static int parse_database(struct vk_smartcard *sc, xmlNodePtr node,
			  struct sc_state *st)
{
	if (sc->mode != VK_SC_HOST_CERTS)
		return vk_xml_error(node, "only allowed with mode "
				    "'host-certificates'");
	if (st->database)
		return vk_xml_duplicate(node);
	st->database = true;
	if (vk_xml_text_nonempty(node, &sc->database) < 0)
		return -1;
	if (sc->database[0] != '/')
		return vk_xml_error(node, "'%s' is not an absolute path",
				    sc->database);
	return 0;
}

static int parse_child(struct vk_smartcard *sc, xmlNodePtr child,
		       struct sc_state *st)
{
	int rc;

	if (vk_xml_is(child, "certificate"))
		return parse_certificate(sc, child, st);
	if (vk_xml_is(child, "database"))
		return parse_database(sc, child, st);
	if (vk_xml_is(child, "address")) {
		if (st->address)
			return vk_xml_duplicate(child);
		st->address = true;
		return vk_dom_parse_address(child, VK_ADDR_MASK(VK_ADDR_CCID),
					    &sc->addr);
	}
	if (sc->mode == VK_SC_PASSTHROUGH) {
		rc = vk_chr_parse_host(&sc->chr, child, &st->host_seen);
		if (rc)
			return rc < 0 ? -1 : 0;
	}
	return vk_xml_unknown(child);
}

static int parse_body(struct vk_smartcard *sc, xmlNodePtr node)
{
	static const char *const attrs[] = {"mode", "type", NULL};
	struct sc_state st = {0};
	xmlNodePtr child;

	if (vk_xml_check_attrs(node, attrs) < 0 ||
	    vk_xml_check_no_text(node) < 0 ||
	    vk_xml_attr_enum(node, "mode", vk_smartcard_mode_names, true,
			     &sc->mode) < 0)
		return -1;
	if (sc->mode == VK_SC_PASSTHROUGH) {
		if (vk_chr_parse_type(&sc->chr, node, true) < 0)
			return -1;
	} else if (vk_xml_has_attr(node, "type")) {
		return vk_xml_error(node, "type is only allowed with mode "
				    "'passthrough'");
	}
	vk_xml_foreach(child, node)
		if (parse_child(sc, child, &st) < 0)
			return -1;
	if (sc->mode == VK_SC_HOST_CERTS && st.ncerts != VK_SC_NCERTS)
		return vk_xml_error(node, "mode 'host-certificates' needs %d "
				    "<certificate> elements, not %d",
				    VK_SC_NCERTS, st.ncerts);
	if (sc->mode == VK_SC_PASSTHROUGH)
		return vk_chr_check_host(&sc->chr, node);
	return 0;
}

int vk_dom_parse_smartcard(struct vk_domain_def *def, xmlNodePtr node)
{
	struct vk_smartcard sc;
	int i;

	memset(&sc, 0, sizeof(sc));
	sc.chr.kind = VK_CHR_SMARTCARD;
	sc.chr.protocol = VK_TCP_RAW;
	sc.chr.port = -1;
	if (parse_body(&sc, node) < 0)
		goto fail;
	for (i = 0; sc.addr.type == VK_ADDR_CCID && i < def->nsmartcards; i++) {
		const struct vk_dev_addr *o = &def->smartcards[i].addr;

		if (o->type == VK_ADDR_CCID &&
		    o->controller == sc.addr.controller &&
		    o->slot == sc.addr.slot) {
			vk_xml_error(node, "ccid address %u:%u is already used "
				     "by another <smartcard>",
				     sc.addr.controller, sc.addr.slot);
			goto fail;
		}
	}
	*(struct vk_smartcard *)vk_array_add(&def->smartcards,
					     &def->nsmartcards,
					     sizeof(sc)) = sc;
	return 0;
fail:
	vk_smartcard_clear(&sc);
	return -1;
}

void vk_dom_format_smartcard(struct vk_xw *w, const struct vk_smartcard *sc,
			     unsigned flags)
{
	int i;

	vk_xw_open(w, "smartcard");
	vk_xw_attr(w, "mode", vk_smartcard_mode_names[sc->mode]);
	if (sc->mode == VK_SC_PASSTHROUGH) {
		vk_xw_attr(w, "type", vk_chr_type_names[sc->chr.type]);
		vk_chr_format_host(w, &sc->chr, flags);
	}
	for (i = 0; i < VK_SC_NCERTS; i++)
		vk_xw_elem(w, "certificate", sc->certs[i]);
	vk_xw_elem(w, "database", sc->database);
	vk_dom_format_address(w, &sc->addr);
	vk_xw_close(w);
}

void vk_smartcard_clear(struct vk_smartcard *sc)
{
	int i;

	for (i = 0; i < VK_SC_NCERTS; i++)
		free(sc->certs[i]);
	free(sc->database);
	vk_chr_clear(&sc->chr);
	memset(sc, 0, sizeof(*sc));
}

void vk_smartcard_copy(struct vk_smartcard *dst,
		       const struct vk_smartcard *src)
{
	int i;

	*dst = *src;
	for (i = 0; i < VK_SC_NCERTS; i++)
		dst->certs[i] = vk_strdup(src->certs[i]);
	dst->database = vk_strdup(src->database);
	vk_chr_copy(&dst->chr, &src->chr);
}
