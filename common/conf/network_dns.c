/* Network XML: <dns enable forwardPlainNames> with its <forwarder>s,
 * <txt>, <srv> and <host> records, parse and canonical writer. */
#include <stdlib.h>
#include <string.h>

#include "network_priv.h"
#include "conf/domain.h"
#include "util/error.h"

/* RFC 6335: service names have at most 15 characters. */
#define SRV_SERVICE_MAX 15

static const char *const noyes[] = {"no", "yes"};

static int parse_forwarder(struct vk_net_dns *dns, xmlNodePtr node)
{
	static const char *const attrs[] = {"addr", "domain", NULL};
	struct vk_net_forwarder f;

	memset(&f, 0, sizeof(f));
	if (vk_xml_check_attrs(node, attrs) < 0 ||
	    vk_xml_check_empty(node) < 0 ||
	    vk_net_attr_inet(node, "addr", false, 0, &f.addr,
			     &f.has_addr) < 0 ||
	    vk_xml_attr_str(node, "domain", false, &f.domain) < 0)
		goto fail;
	if (!f.has_addr && !f.domain) {
		vk_xml_error(node, "needs an addr or a domain");
		goto fail;
	}
	if (f.domain && vk_net_dns_name_check(node, "domain", f.domain) < 0)
		goto fail;
	*(struct vk_net_forwarder *)vk_array_add(&dns->forwarders,
						 &dns->nforwarders,
						 sizeof(f)) = f;
	return 0;
fail:
	free(f.domain);
	return -1;
}

/* A TXT value goes to dnsmasq in quotes: no control characters. */
static bool printable(const char *s)
{
	for (; *s; s++)
		if ((unsigned char)*s < 0x20 || *s == 0x7f)
			return false;
	return true;
}

static int parse_txt(struct vk_net_dns *dns, xmlNodePtr node)
{
	static const char *const attrs[] = {"name", "value", NULL};
	struct vk_net_txt t = {NULL, NULL};

	if (vk_xml_check_attrs(node, attrs) < 0 ||
	    vk_xml_check_empty(node) < 0 ||
	    vk_xml_attr_str(node, "name", true, &t.name) < 0 ||
	    vk_net_dns_name_check(node, "name", t.name) < 0)
		goto fail;
	t.value = vk_xml_attr(node, "value");
	if (!t.value) {
		vk_xml_error(node, "missing attribute 'value'");
		goto fail;
	}
	if (!printable(t.value) || strlen(t.value) > 255) {
		vk_xml_error(node, "value must be 0 to 255 characters without "
			     "control characters");
		goto fail;
	}
	*(struct vk_net_txt *)vk_array_add(&dns->txts, &dns->ntxts,
					   sizeof(t)) = t;
	return 0;
fail:
	free(t.name);
	free(t.value);
	return -1;
}

static int attr_short(xmlNodePtr node, const char *name, int *out)
{
	unsigned long long v;
	bool set;

	*out = -1;
	if (vk_xml_attr_uint(node, name, false, 65535, false, &v, &set) < 0)
		return -1;
	if (set)
		*out = (int)v;
	return 0;
}

static int check_srv(xmlNodePtr node, const struct vk_net_srv *s)
{
	size_t i;

	if (strlen(s->service) > SRV_SERVICE_MAX)
		return vk_xml_error(node, "service '%s' is longer than %d "
				    "characters", s->service, SRV_SERVICE_MAX);
	for (i = 0; s->service[i]; i++)
		if (!strchr("abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVW"
			    "XYZ0123456789-", s->service[i]))
			return vk_xml_error(node, "service '%s' may hold only "
					    "letters, digits and '-'",
					    s->service);
	if (s->domain && vk_net_dns_name_check(node, "domain", s->domain) < 0)
		return -1;
	if (s->target && strcmp(s->target, ".") &&
	    vk_net_dns_name_check(node, "target", s->target) < 0)
		return -1;
	if (!s->target && (s->port >= 0 || s->priority >= 0 ||
			   s->weight >= 0))
		return vk_xml_error(node, "port, priority and weight need a "
				    "target");
	return 0;
}

static int parse_srv(struct vk_net_dns *dns, xmlNodePtr node)
{
	static const char *const attrs[] = {"service", "protocol", "domain",
					    "target", "port", "priority",
					    "weight", NULL};
	static const char *const protocols[] = {"tcp", "udp", NULL};
	struct vk_net_srv s;
	int proto;

	memset(&s, 0, sizeof(s));
	if (vk_xml_check_attrs(node, attrs) < 0 ||
	    vk_xml_check_empty(node) < 0 ||
	    vk_xml_attr_str(node, "service", true, &s.service) < 0 ||
	    vk_xml_attr_enum(node, "protocol", protocols, true, &proto) < 0 ||
	    vk_xml_attr_str(node, "domain", false, &s.domain) < 0 ||
	    vk_xml_attr_str(node, "target", false, &s.target) < 0 ||
	    attr_short(node, "port", &s.port) < 0 ||
	    attr_short(node, "priority", &s.priority) < 0 ||
	    attr_short(node, "weight", &s.weight) < 0 ||
	    check_srv(node, &s) < 0) {
		free(s.service);
		free(s.domain);
		free(s.target);
		return -1;
	}
	s.protocol = vk_strdup(protocols[proto]);
	*(struct vk_net_srv *)vk_array_add(&dns->srvs, &dns->nsrvs,
					   sizeof(s)) = s;
	return 0;
}

static void free_dns_host(struct vk_net_dns_host *h)
{
	int i;

	for (i = 0; i < h->nnames; i++)
		free(h->names[i]);
	free(h->names);
}

static int parse_dns_host(struct vk_net_dns *dns, xmlNodePtr node)
{
	static const char *const attrs[] = {"ip", NULL};
	struct vk_net_dns_host h;
	xmlNodePtr c;
	char *name;

	memset(&h, 0, sizeof(h));
	if (vk_xml_check_attrs(node, attrs) < 0 ||
	    vk_xml_check_no_text(node) < 0 ||
	    vk_net_attr_inet(node, "ip", true, 0, &h.ip, NULL) < 0)
		return -1;
	vk_xml_foreach(c, node) {
		if (!vk_xml_is(c, "hostname")) {
			vk_xml_unknown(c);
			goto fail;
		}
		if (vk_xml_plain_text(c, true, &name) < 0)
			goto fail;
		*(char **)vk_array_add(&h.names, &h.nnames,
				       sizeof(char *)) = name;
		if (vk_net_dns_name_check(c, "hostname", name) < 0)
			goto fail;
	}
	if (!h.nnames) {
		vk_xml_error(node, "needs at least one <hostname>");
		goto fail;
	}
	*(struct vk_net_dns_host *)vk_array_add(&dns->hosts, &dns->nhosts,
						sizeof(h)) = h;
	return 0;
fail:
	free_dns_host(&h);
	return -1;
}

int vk_net_parse_dns(struct vk_network_def *def, xmlNodePtr node)
{
	static const char *const attrs[] = {"enable", "forwardPlainNames",
					    NULL};
	struct vk_net_dns *dns = &def->dns;
	xmlNodePtr c;

	def->has_dns = true;
	dns->enable = dns->forward_plain = -1;
	if (vk_xml_check_attrs(node, attrs) < 0 ||
	    vk_xml_check_no_text(node) < 0 ||
	    vk_xml_attr_yesno(node, "enable", &dns->enable) < 0 ||
	    vk_xml_attr_yesno(node, "forwardPlainNames",
			      &dns->forward_plain) < 0)
		return -1;
	vk_xml_foreach(c, node) {
		int rc;

		if (dns->enable == 0)
			return vk_xml_error(c, "a disabled <dns> holds no "
					    "records");
		if (vk_xml_is(c, "forwarder"))
			rc = parse_forwarder(dns, c);
		else if (vk_xml_is(c, "txt"))
			rc = parse_txt(dns, c);
		else if (vk_xml_is(c, "srv"))
			rc = parse_srv(dns, c);
		else if (vk_xml_is(c, "host"))
			rc = parse_dns_host(dns, c);
		else
			rc = vk_xml_unknown(c);
		if (rc < 0)
			return -1;
	}
	if (dns->enable == 0 && dns->forward_plain >= 0)
		return vk_xml_error(node, "forwardPlainNames needs DNS "
				    "enabled");
	return 0;
}

void vk_net_free_dns(struct vk_net_dns *dns)
{
	int i;

	for (i = 0; i < dns->nforwarders; i++)
		free(dns->forwarders[i].domain);
	free(dns->forwarders);
	for (i = 0; i < dns->ntxts; i++) {
		free(dns->txts[i].name);
		free(dns->txts[i].value);
	}
	free(dns->txts);
	for (i = 0; i < dns->nsrvs; i++) {
		free(dns->srvs[i].service);
		free(dns->srvs[i].protocol);
		free(dns->srvs[i].domain);
		free(dns->srvs[i].target);
	}
	free(dns->srvs);
	for (i = 0; i < dns->nhosts; i++)
		free_dns_host(&dns->hosts[i]);
	free(dns->hosts);
}

static void attr_num(struct vk_xw *w, const char *name, int v)
{
	if (v >= 0)
		vk_xw_attrf(w, name, "%d", v);
}

void vk_net_format_dns(struct vk_xw *w, const struct vk_network_def *def)
{
	const struct vk_net_dns *dns = &def->dns;
	char a[VK_INET_STRLEN + 1];
	int i, j;

	if (!def->has_dns)
		return;
	vk_xw_open(w, "dns");
	if (dns->enable >= 0)
		vk_xw_attr(w, "enable", noyes[dns->enable]);
	if (dns->forward_plain >= 0)
		vk_xw_attr(w, "forwardPlainNames", noyes[dns->forward_plain]);
	for (i = 0; i < dns->nforwarders; i++) {
		vk_xw_open(w, "forwarder");
		vk_xw_attr(w, "domain", dns->forwarders[i].domain);
		if (dns->forwarders[i].has_addr) {
			vk_inet_format(&dns->forwarders[i].addr, a);
			vk_xw_attr(w, "addr", a);
		}
		vk_xw_close(w);
	}
	for (i = 0; i < dns->ntxts; i++) {
		vk_xw_open(w, "txt");
		vk_xw_attr(w, "name", dns->txts[i].name);
		vk_xw_attr(w, "value", dns->txts[i].value);
		vk_xw_close(w);
	}
	for (i = 0; i < dns->nsrvs; i++) {
		const struct vk_net_srv *s = &dns->srvs[i];

		vk_xw_open(w, "srv");
		vk_xw_attr(w, "service", s->service);
		vk_xw_attr(w, "protocol", s->protocol);
		vk_xw_attr(w, "domain", s->domain);
		vk_xw_attr(w, "target", s->target);
		attr_num(w, "port", s->port);
		attr_num(w, "priority", s->priority);
		attr_num(w, "weight", s->weight);
		vk_xw_close(w);
	}
	for (i = 0; i < dns->nhosts; i++) {
		vk_xw_open(w, "host");
		vk_inet_format(&dns->hosts[i].ip, a);
		vk_xw_attr(w, "ip", a);
		for (j = 0; j < dns->hosts[i].nnames; j++)
			vk_xw_elem(w, "hostname", dns->hosts[i].names[j]);
		vk_xw_close(w);
	}
	vk_xw_close(w);
}
