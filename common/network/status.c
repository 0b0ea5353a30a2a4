#include <stdlib.h>
#include <string.h>

#include "status.h"
#include "conf/xml.h"
#include "util/error.h"
#include "util/file.h"

void vk_net_status_clear(struct vk_net_status *st)
{
	vk_network_free(st->def);
	free(st->bridge);
	vk_fw_state_clear(&st->fw);
	memset(st, 0, sizeof(*st));
}

int vk_net_status_write(const char *path, const struct vk_net_status *st)
{
	struct vk_xw w;
	char *xml, *net;
	int i, rc;

	memset(&w, 0, sizeof(w));
	vk_xw_open(&w, "networkstatus");
	vk_xw_attr(&w, "complete", st->complete ? "yes" : "no");
	if (st->bridge) {
		vk_xw_open(&w, "bridge");
		vk_xw_attr(&w, "name", st->bridge);
		vk_xw_close(&w);
	}
	if (st->dnsmasq_pid) {
		vk_xw_open(&w, "dnsmasq");
		vk_xw_attrf(&w, "pid", "%d", (int)st->dnsmasq_pid);
		vk_xw_attrf(&w, "starttime", "%llu", st->dnsmasq_start);
		vk_xw_close(&w);
	}
	if (st->fw.backend) {
		vk_xw_open(&w, "firewall");
		vk_xw_attr(&w, "backend", st->fw.backend);
		vk_xw_attr(&w, "table-made", st->fw.table_made ? "yes" : "no");
		for (i = 0; i < st->fw.nchains; i++) {
			vk_xw_open(&w, "chain");
			vk_xw_attr(&w, "name", st->fw.chains[i]);
			vk_xw_attrf(&w, "handle", "%lu", st->fw.handles[i]);
			vk_xw_close(&w);
		}
		vk_xw_close(&w);
	}
	if (st->ip_forward_set) {
		vk_xw_open(&w, "ipforward");
		vk_xw_attr(&w, "enabled", "yes");
		vk_xw_close(&w);
	}
	if (st->ip6_forward_set) {
		vk_xw_open(&w, "ip6forward");
		vk_xw_attr(&w, "enabled", "yes");
		vk_xw_close(&w);
	}
	vk_xw_close(&w);
	xml = vk_xw_finish(&w);
	/* The network goes in whole, indented one level. */
	net = vk_network_format(st->def);
	{
		struct vk_buf b = VK_BUF_INIT;
		char *end = strstr(xml, "</networkstatus>"), *line, *save;

		/* A record of nothing made (forward mode='bridge') is the
		 * empty element <networkstatus .../>: open it. */
		if (!end) {
			end = strstr(xml, "/>");
			vk_buf_addn(&b, xml, (size_t)(end - xml));
			vk_buf_add(&b, ">\n");
			end = "</networkstatus>\n";
		} else {
			vk_buf_addn(&b, xml, (size_t)(end - xml));
		}
		for (line = strtok_r(net, "\n", &save); line;
		     line = strtok_r(NULL, "\n", &save))
			vk_buf_addf(&b, "  %s\n", line);
		vk_buf_add(&b, end);
		free(xml);
		xml = vk_buf_steal(&b);
	}
	rc = vk_file_replace(path, xml, strlen(xml), 0600);
	free(net);
	free(xml);
	return rc;
}

static int attr_ull(xmlNodePtr node, const char *name,
		    unsigned long long *out)
{
	bool set;

	return vk_xml_attr_uint(node, name, false, ~0ull, true, out, &set);
}

static int read_firewall(xmlNodePtr node, struct vk_fw_state *fw)
{
	xmlNodePtr c;
	unsigned long long h;
	int made = 0;

	if (vk_xml_attr_str(node, "backend", true, &fw->backend) < 0 ||
	    vk_xml_attr_yesno(node, "table-made", &made) < 0)
		return -1;
	fw->table_made = made;
	vk_xml_foreach(c, node) {
		if (fw->nchains == VK_FW_MAX_CHAINS)
			return vk_xml_error(c, "too many chains");
		if (vk_xml_attr_str(c, "name", true,
				    &fw->chains[fw->nchains]) < 0)
			return -1;
		fw->nchains++;
		if (attr_ull(c, "handle", &h) < 0)
			return -1;
		fw->handles[fw->nchains - 1] = (unsigned long)h;
	}
	return 0;
}

static int read_node(xmlNodePtr c, struct vk_net_status *st)
{
	unsigned long long v;
	int on = 0;

	if (vk_xml_is(c, "bridge"))
		return vk_xml_attr_str(c, "name", true, &st->bridge);
	if (vk_xml_is(c, "dnsmasq")) {
		if (attr_ull(c, "pid", &v) < 0 ||
		    attr_ull(c, "starttime", &st->dnsmasq_start) < 0)
			return -1;
		st->dnsmasq_pid = (pid_t)v;
		return 0;
	}
	if (vk_xml_is(c, "firewall"))
		return read_firewall(c, &st->fw);
	if (vk_xml_is(c, "ipforward")) {
		if (vk_xml_attr_yesno(c, "enabled", &on) < 0)
			return -1;
		st->ip_forward_set = on;
		return 0;
	}
	if (vk_xml_is(c, "ip6forward")) {
		if (vk_xml_attr_yesno(c, "enabled", &on) < 0)
			return -1;
		st->ip6_forward_set = on;
		return 0;
	}
	if (vk_xml_is(c, "network")) {
		st->def = vk_network_parse_node(c, VK_NET_PARSE_NO_SCHEMA);
		return st->def ? 0 : -1;
	}
	return vk_xml_unknown(c);
}

int vk_net_status_read(const char *path, struct vk_net_status *st)
{
	xmlDocPtr doc;
	xmlNodePtr root, c;
	int rc = -1, complete = 0;

	memset(st, 0, sizeof(*st));
	doc = vk_xml_parse_file(path);
	if (!doc)
		return -1;
	root = xmlDocGetRootElement(doc);
	if (!root || !vk_xml_is(root, "networkstatus")) {
		vk_error(VK_EXIT_FAILED, "%s is not a network record", path);
		goto out;
	}
	if (vk_xml_attr_yesno(root, "complete", &complete) < 0)
		goto out;
	st->complete = complete;
	vk_xml_foreach(c, root)
		if (read_node(c, st) < 0)
			goto out;
	if (!st->def) {
		vk_error(VK_EXIT_FAILED, "%s holds no <network>", path);
		goto out;
	}
	rc = 0;
out:
	xmlFreeDoc(doc);
	if (rc < 0)
		vk_net_status_clear(st);
	return rc;
}
