/* vm-list: list domains, as a table, names, uuids or JSON. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "cli/cli.h"
#include "util/error.h"
#include "util/uuid.h"

enum { OUT_TABLE, OUT_NAME, OUT_UUID, OUT_JSON };

static int active(const struct vk_dom *d)
{
	return d->id >= 0;
}

/* Running domains first by id, then the others by name. */
static int order(const void *a, const void *b)
{
	const struct vk_dom *x = *(struct vk_dom *const *)a;
	const struct vk_dom *y = *(struct vk_dom *const *)b;

	if (active(x) != active(y))
		return active(x) ? -1 : 1;
	if (active(x) && x->id != y->id)
		return x->id < y->id ? -1 : 1;
	return strcmp(x->name, y->name);
}

static void print_table(struct vk_dom **doms, int n)
{
	int i, w = 4;

	for (i = 0; i < n; i++)
		if (vk_cli_width(doms[i]->name) > w)
			w = vk_cli_width(doms[i]->name);
	printf(" %-4s %-*s   %s\n", "Id", w, "Name", "State");
	for (i = 0; i < w + 21; i++)
		putchar('-');
	putchar('\n');
	for (i = 0; i < n; i++) {
		char id[16] = "-";

		if (active(doms[i]))
			snprintf(id, sizeof(id), "%d", doms[i]->id);
		printf(" %-4s %s%*s   %s\n", id, doms[i]->name,
		       w - vk_cli_width(doms[i]->name), "",
		       vk_state_name(doms[i]->state));
	}
}

static void print_json(struct vk_dom **doms, int n)
{
	char uuid[VK_UUID_STRLEN + 1];
	int i;

	putchar('[');
	for (i = 0; i < n; i++) {
		const struct vk_dom *d = doms[i];

		vk_uuid_format(d->uuid, uuid);
		printf("%s\n  {\"id\": ", i ? "," : "");
		if (active(d))
			printf("%d", d->id);
		else
			printf("null");
		printf(", \"name\": ");
		vk_cli_json_string(d->name);
		printf(", \"uuid\": \"%s\", \"state\": \"%s\", "
		       "\"persistent\": %s, \"autostart\": %s}",
		       uuid, vk_state_name(d->state),
		       d->persistent ? "true" : "false",
		       d->autostart ? "true" : "false");
	}
	printf("%s]\n", n ? "\n" : "");
}

static void print(struct vk_dom **doms, int n, int how)
{
	char uuid[VK_UUID_STRLEN + 1];
	int i;

	switch (how) {
	case OUT_TABLE:
		print_table(doms, n);
		break;
	case OUT_JSON:
		print_json(doms, n);
		break;
	default:
		for (i = 0; i < n; i++) {
			vk_uuid_format(doms[i]->uuid, uuid);
			puts(how == OUT_NAME ? doms[i]->name : uuid);
		}
	}
}

int main(int argc, const char **argv)
{
	int all = 0, inactive = 0, name = 0, uuid = 0, json = 0;
	struct poptOption opts[] = {
		{"all", 'a', POPT_ARG_NONE, &all, 0,
		 "list running and shut-off domains", NULL},
		{"inactive", '\0', POPT_ARG_NONE, &inactive, 0,
		 "list only shut-off domains", NULL},
		{"name", '\0', POPT_ARG_NONE, &name, 0,
		 "print only names, one a line", NULL},
		{"uuid", '\0', POPT_ARG_NONE, &uuid, 0,
		 "print only uuids, one a line", NULL},
		{"json", '\0', POPT_ARG_NONE, &json, 0,
		 "print a JSON array", NULL},
		VK_CLI_COMMON
		POPT_TABLEEND
	};
	struct vk_conn *conn = NULL;
	struct vk_dom **doms = NULL;
	struct vk_cli cli;
	int rc = 0, n = 0, i, kept = 0;

	if (vk_cli_parse(&cli, argc, argv, opts, "", 0, 0) < 0) {
		rc = cli.exit;
		goto out;
	}
	if (name + uuid + json > 1) {
		rc = vk_cli_usage(&cli, "--name, --uuid and --json exclude "
					"each other");
		goto out;
	}
	conn = vk_cli_connect(&cli, &rc);
	if (!conn)
		goto out;
	if (vk_dom_list(conn, &doms, &n, VK_LIST_BRIEF) < 0) {
		rc = vk_cli_fail(&cli);
		goto out;
	}
	for (i = 0; i < n; i++) {
		int want = inactive ? !active(doms[i])
				    : all || active(doms[i]);

		if (want)
			doms[kept++] = doms[i];
		else
			vk_dom_free(doms[i]);
	}
	n = kept;
	qsort(doms, (size_t)n, sizeof(*doms), order);
	print(doms, n, json ? OUT_JSON : name ? OUT_NAME
				: uuid ? OUT_UUID : OUT_TABLE);
out:
	vk_dom_list_free(doms, n);
	vk_conn_close(conn);
	vk_cli_done(&cli);
	return rc;
}
