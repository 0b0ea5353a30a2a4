/* xml-validate: check documents against the project's schemas; the root
 * element picks the schema. */
#include <stdio.h>
#include <string.h>

#include "cli/cli.h"
#include "conf/network.h"
#include "conf/secret.h"
#include "conf/volume.h"
#include "util/error.h"

/* A <pool> (POOL) or <volume> document through its parser. */
static int storage_doc(xmlDocPtr doc, bool pool)
{
	struct vk_pool_def *p = NULL;
	struct vk_vol_def *v = NULL;
	int rc;

	if (pool)
		rc = (p = vk_pool_parse(doc, 0)) ? 0 : -1;
	else
		rc = (v = vk_vol_parse(doc, -1, 0)) ? 0 : -1;
	vk_pool_free(p);
	vk_vol_free(v);
	return rc;
}

/* 0 when FILE is a valid document, else -1 with the error recorded. */
static int validate(const char *file)
{
	xmlDocPtr doc = vk_xml_parse_file(file);
	struct vk_domain_def *def;
	struct vk_network_def *net;
	xmlNodePtr root;
	int rc = -1;

	if (!doc)
		return -1;
	root = xmlDocGetRootElement(doc);
	if (vk_xml_is(root, "domain")) {
		def = vk_domain_parse(doc, VK_PARSE_INACTIVE);
		rc = def ? 0 : -1;
		vk_domain_free(def);
	} else if (vk_xml_is(root, "network")) {
		net = vk_network_parse(doc, 0);
		rc = net ? 0 : -1;
		vk_network_free(net);
	} else if (vk_xml_is(root, "pool")) {
		rc = storage_doc(doc, true);
	} else if (vk_xml_is(root, "volume")) {
		rc = storage_doc(doc, false);
	} else if (vk_xml_is(root, "secret")) {
		struct vk_secret_def *sec = vk_secret_parse(doc, 0);

		rc = sec ? 0 : -1;
		vk_secret_def_free(sec);
	} else if (vk_schema_text((const char *)root->name)) {
		rc = vk_xml_validate(doc, (const char *)root->name);
	} else {
		vk_xml_error(root, "no schema for root element <%s>",
			     (const char *)root->name);
	}
	xmlFreeDoc(doc);
	return rc;
}

int main(int argc, const char **argv)
{
	static struct poptOption opts[] = {VK_CLI_COMMON POPT_TABLEEND};
	struct vk_cli cli;
	int rc = 0, i;

	if (vk_cli_parse(&cli, argc, argv, opts, "FILE...", 1, -1) < 0) {
		rc = cli.exit;
		goto out;
	}
	for (i = 0; i < cli.nargs; i++) {
		const char *f = cli.args[i];

		if (validate(f) == 0) {
			if (!cli.quiet)
				printf("%s validates\n",
				       strcmp(f, "-") ? f : "(stdin)");
			continue;
		}
		/* A rejected document outranks any other failure. */
		if (rc != VK_EXIT_DOCUMENT)
			rc = vk_error_code();
		vk_cli_fail(&cli);
	}
out:
	vk_cli_done(&cli);
	return rc;
}
