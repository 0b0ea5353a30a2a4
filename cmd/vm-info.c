/* vm-info: a domain's identity, state and resources. */
#include <stdio.h>
#include <stdlib.h>

#include "cli/cli.h"
#include "util/error.h"
#include "util/uuid.h"

static void print_text(const struct vk_dom *d,
		       const struct vk_domain_def *def)
{
	char uuid[VK_UUID_STRLEN + 1];

	vk_uuid_format(d->uuid, uuid);
	if (d->id >= 0)
		printf("%-15s %d\n", "Id:", d->id);
	else
		printf("%-15s %s\n", "Id:", "-");
	printf("%-15s %s\n", "Name:", d->name);
	printf("%-15s %s\n", "UUID:", uuid);
	printf("%-15s %s\n", "OS Type:", def->os.type ? def->os.type : "hvm");
	printf("%-15s %s\n", "State:", vk_state_name(d->state));
	printf("%-15s %u\n", "CPU(s):", def->vcpus_current ?
		def->vcpus_current : def->vcpus);
	if (d->id >= 0)
		printf("%-15s %.1fs\n", "CPU time:", d->cpu_time / 1e9);
	printf("%-15s %llu KiB\n", "Max memory:", def->memory);
	printf("%-15s %llu KiB\n", "Used memory:",
	       d->id >= 0 && d->memory ? d->memory : def->current_memory);
	printf("%-15s %s\n", "Persistent:", d->persistent ? "yes" : "no");
	printf("%-15s %s\n", "Autostart:", d->autostart ? "enable" : "disable");
}

static void print_json(const struct vk_dom *d,
		       const struct vk_domain_def *def)
{
	char uuid[VK_UUID_STRLEN + 1];

	vk_uuid_format(d->uuid, uuid);
	printf("{\"id\": ");
	if (d->id >= 0)
		printf("%d", d->id);
	else
		printf("null");
	printf(", \"name\": ");
	vk_cli_json_string(d->name);
	printf(", \"uuid\": \"%s\", \"os_type\": ", uuid);
	vk_cli_json_string(def->os.type ? def->os.type : "hvm");
	printf(", \"state\": \"%s\", \"vcpus\": %u, \"cpu_time_ns\": %llu, "
	       "\"max_memory_kib\": %llu, \"memory_kib\": %llu, "
	       "\"persistent\": %s, \"autostart\": %s}\n",
	       vk_state_name(d->state),
	       def->vcpus_current ? def->vcpus_current : def->vcpus,
	       d->cpu_time, def->memory,
	       d->id >= 0 && d->memory ? d->memory : def->current_memory,
	       d->persistent ? "true" : "false",
	       d->autostart ? "true" : "false");
}

static int json;
static struct poptOption opts[] = {
	{"json", '\0', POPT_ARG_NONE, &json, 0, "print a JSON object", NULL},
	VK_CLI_COMMON
	POPT_TABLEEND
};

static int run(struct vk_cli *cli, struct vk_conn *c, struct vk_dom *dom)
{
	const struct vk_domain_def *def = dom->live ? dom->live : dom->def;

	(void)cli;
	(void)c;
	if (json)
		print_json(dom, def);
	else
		print_text(dom, def);
	return 0;
}

int main(int argc, const char **argv)
{
	static const struct vk_cli_cmd cmd = {.opts = opts, .run = run};

	return vk_cli_domain_run(argc, argv, &cmd);
}
