/* Firmware for QEMU guests: firmware='efi' resolved through QEMU's
 * firmware descriptors, and the per-domain NVRAM copied from its
 * template.  The descriptors are read from /etc/qemu/firmware (the
 * host's own, overriding a file of the same name, an empty one hiding
 * it) and /usr/share/qemu/firmware, in the order of their file names;
 * $VIRTKIT_FIRMWARE_DIR replaces both (tests). */
#include <errno.h>
#include <fnmatch.h>
#include <json-c/json.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "qemu_firmware.h"
#include "util/error.h"
#include "util/file.h"

#define NVRAM_MAX (64u * 1024 * 1024)

/* One descriptor, as much of it as the choice needs. */
struct fw_desc {
	char *code, *vars;
	int code_format;	/* enum vk_fw_format */
	bool secure_boot, enrolled_keys, smm;
};

char *vk_qemu_nvram_dir(const char *config_dir)
{
	return vk_asprintf("%s/nvram", config_dir);
}

static bool json_has(json_object *arr, const char *s)
{
	size_t i, n;

	if (!arr || !json_object_is_type(arr, json_type_array))
		return false;
	n = json_object_array_length(arr);
	for (i = 0; i < n; i++) {
		const char *v = json_object_get_string(
			json_object_array_get_idx(arr, i));

		if (v && !strcmp(v, s))
			return true;
	}
	return false;
}

static json_object *get(json_object *o, const char *key)
{
	json_object *v = NULL;

	if (!o || !json_object_object_get_ex(o, key, &v))
		return NULL;
	return v;
}

static const char *get_str(json_object *o, const char *key)
{
	json_object *v = get(o, key);

	return v && json_object_is_type(v, json_type_string) ?
	       json_object_get_string(v) : NULL;
}

/* QEMU 7.2's names for the machine aliases, for the descriptors' globs. */
static const char *canon_machine(const char *m)
{
	if (!m || !strcmp(m, "pc"))
		return "pc-i440fx-7.2";
	if (!strcmp(m, "q35"))
		return "pc-q35-7.2";
	return m;
}

/* Whether a target of D is ARCH with a machine glob matching MACHINE. */
static bool targets(json_object *d, const char *arch, const char *machine)
{
	json_object *t = get(d, "targets");
	size_t i, j, n;

	if (!t || !json_object_is_type(t, json_type_array))
		return false;
	n = json_object_array_length(t);
	for (i = 0; i < n; i++) {
		json_object *e = json_object_array_get_idx(t, i);
		json_object *m = get(e, "machines");
		const char *a = get_str(e, "architecture");

		if (!a || strcmp(a, arch) || !m ||
		    !json_object_is_type(m, json_type_array))
			continue;
		for (j = 0; j < json_object_array_length(m); j++) {
			const char *g = json_object_get_string(
				json_object_array_get_idx(m, j));

			if (g && !fnmatch(g, machine, 0))
				return true;
		}
	}
	return false;
}

/* Read the descriptor at PATH into *OUT when it is a UEFI flash
 * firmware for ARCH and MACHINE: 1, else 0. */
static int read_desc(const char *path, const char *arch,
		     const char *machine, struct fw_desc *out)
{
	json_object *d = json_object_from_file(path), *map, *feat;
	const char *code, *vars, *fmt;
	int rc = 0;

	map = get(d, "mapping");
	feat = get(d, "features");
	code = get_str(get(map, "executable"), "filename");
	vars = get_str(get(map, "nvram-template"), "filename");
	fmt = get_str(get(map, "executable"), "format");
	if (d && json_has(get(d, "interface-types"), "uefi") &&
	    (get_str(map, "device") && !strcmp(get_str(map, "device"),
					       "flash")) &&
	    code && targets(d, arch, machine)) {
		out->code = vk_strdup(code);
		out->vars = vk_strdup(vars);
		out->code_format = fmt && !strcmp(fmt, "qcow2") ?
				   VK_FWFMT_QCOW2 : VK_FWFMT_RAW;
		out->secure_boot = json_has(feat, "secure-boot");
		out->enrolled_keys = json_has(feat, "enrolled-keys");
		out->smm = json_has(feat, "requires-smm");
		rc = 1;
	}
	json_object_put(d);
	return rc;
}

static void desc_clear(struct fw_desc *d)
{
	free(d->code);
	free(d->vars);
	memset(d, 0, sizeof(*d));
}

/* The descriptor files in priority order (caller frees the paths). */
static void desc_files(char ***paths, int *n)
{
	const char *env = getenv("VIRTKIT_FIRMWARE_DIR");
	const char *dirs[2] = {"/etc/qemu/firmware",
			       "/usr/share/qemu/firmware"};
	char **names[2] = {NULL, NULL}, **all = NULL;
	int nn[2] = {0, 0}, i, k, total = 0;

	if (env && *env)
		dirs[0] = env, dirs[1] = NULL;
	for (k = 0; k < 2 && dirs[k]; k++)
		vk_dir_names(dirs[k], ".json", &names[k], &nn[k]);
	all = vk_calloc((size_t)(nn[0] + nn[1] + 1), sizeof(*all));
	/* Merge the two sorted lists; /etc wins a name both have. */
	for (i = 0, k = 0; i < nn[0] || k < nn[1];) {
		int cmp = i == nn[0] ? 1 : k == nn[1] ? -1 :
			  strcmp(names[0][i], names[1][k]);

		if (cmp <= 0) {
			all[total++] = vk_asprintf("%s/%s.json", dirs[0],
						   names[0][i++]);
			k += cmp == 0;
		} else {
			all[total++] = vk_asprintf("%s/%s.json", dirs[1],
						   names[1][k++]);
		}
	}
	for (k = 0; k < 2; k++)
		vk_names_free(names[k], nn[k]);
	*paths = all;
	*n = total;
}

/* Whether D satisfies what OS asks.  STRICT: an unset secure-boot
 * counts as "no" (the plain firmware first, as the brief of
 * firmware='efi' without features wants the plain one). */
static bool wanted(const struct vk_os *os, const struct fw_desc *d,
		   bool strict)
{
	int sb = os->fw_features[VK_FWF_SECURE_BOOT];
	int ek = os->fw_features[VK_FWF_ENROLLED_KEYS];

	if ((sb == VK_TRI_YES && !d->secure_boot) ||
	    ((sb == VK_TRI_NO || (strict && !sb)) && d->secure_boot))
		return false;
	if ((ek == VK_TRI_YES && !d->enrolled_keys) ||
	    ((ek == VK_TRI_NO || (strict && !ek)) && d->enrolled_keys))
		return false;
	if (os->loader_secure == VK_TRI_YES && !d->smm)
		return false;
	if (os->loader_secure == VK_TRI_NO && d->smm)
		return false;
	if (os->loader_format && os->loader_format != d->code_format)
		return false;
	return !os->loader || !strcmp(os->loader, d->code);
}

/* The first descriptor for OS: 0 with *OUT, or -1 (none). */
static int choose(const struct vk_os *os, struct fw_desc *out)
{
	const char *arch = os->arch ? os->arch : "x86_64";
	const char *machine = canon_machine(os->machine);
	char **paths;
	int n, i, pass, rc = -1;

	desc_files(&paths, &n);
	for (pass = 0; pass < 2 && rc < 0; pass++)
		for (i = 0; i < n && rc < 0; i++) {
			struct fw_desc d = {0};

			if (read_desc(paths[i], arch, machine, &d) == 1 &&
			    wanted(os, &d, pass == 0)) {
				*out = d;
				rc = 0;
			} else {
				desc_clear(&d);
			}
		}
	vk_names_free(paths, n);
	return rc;
}

static int select_efi(struct vk_os *os)
{
	struct fw_desc d;

	if (choose(os, &d) < 0)
		return vk_error(VK_EXIT_FAILED, "os firmware 'efi': not "
				"supported by the qemu driver (no firmware "
				"descriptor in /etc/qemu/firmware or "
				"/usr/share/qemu/firmware matches arch '%s', "
				"machine '%s' and the firmware features asked)",
				os->arch ? os->arch : "x86_64",
				os->machine ? os->machine : "pc");
	os->has_loader = true;
	os->loader = d.code;
	os->loader_readonly = VK_TRI_YES;
	os->loader_type = VK_LOADER_PFLASH;
	if (d.smm)
		os->loader_secure = VK_TRI_YES;
	if (!os->nvram_template && d.vars)
		os->nvram_template = d.vars;
	else
		free(d.vars);
	os->fw_features[VK_FWF_SECURE_BOOT] = d.secure_boot ? VK_TRI_YES
							    : VK_TRI_NO;
	os->fw_features[VK_FWF_ENROLLED_KEYS] = d.enrolled_keys ? VK_TRI_YES
								: VK_TRI_NO;
	return 0;
}

/* The template of an explicit pflash loader from the descriptor that
 * names it, when there is one. */
static void find_template(struct vk_os *os)
{
	struct fw_desc d;

	if (os->nvram_template || !os->loader || choose(os, &d) < 0)
		return;
	os->nvram_template = d.vars;
	d.vars = NULL;
	desc_clear(&d);
}

int vk_qemu_firmware_fill(struct vk_os *os, const char *name,
			  const char *nvram_dir)
{
	if (os->firmware == VK_OS_FW_EFI && !os->loader &&
	    select_efi(os) < 0)
		return -1;
	if (os->loader_type != VK_LOADER_PFLASH ||
	    os->loader_readonly != VK_TRI_YES ||
	    os->loader_stateless == VK_TRI_YES)
		return 0;
	find_template(os);
	if (!os->nvram && nvram_dir) {
		os->has_nvram = true;
		os->nvram_type = VK_NVRAM_TEXT;
		os->nvram = vk_asprintf("%s/%s_VARS.%s", nvram_dir, name,
					os->nvram_format == VK_FWFMT_QCOW2 ?
					"qcow2" : "fd");
	}
	return 0;
}

static bool managed_nvram(const struct vk_os *os)
{
	return os->loader_type == VK_LOADER_PFLASH && os->nvram &&
	       os->nvram_type != VK_NVRAM_BLOCK;
}

int vk_qemu_nvram_prepare(const struct vk_domain_def *def, uid_t uid,
			  gid_t gid)
{
	const struct vk_os *os = &def->os;
	char *data, *dir, *slash;
	size_t len;
	int rc;

	if (!managed_nvram(os) || !access(os->nvram, F_OK))
		return 0;
	if (!os->nvram_template)
		return vk_error(VK_EXIT_FAILED, "NVRAM '%s' does not exist and "
				"the domain names no template to make it "
				"from (<nvram template=...>)", os->nvram);
	data = vk_file_read(os->nvram_template, NVRAM_MAX, &len);
	if (!data)
		return vk_error(VK_EXIT_FAILED, "cannot read the NVRAM template "
				"'%s': %s", os->nvram_template,
				vk_error_message());
	dir = vk_strdup(os->nvram);
	slash = strrchr(dir, '/');
	if (slash && slash != dir)
		*slash = '\0';
	rc = slash && slash != dir ? vk_mkdir_p(dir, 0711) : 0;
	/* QEMU's user passes through to its file (names stay hidden). */
	if (rc == 0 && geteuid() == 0 && uid != 0) {
		chmod(dir, 0711);
		slash = strrchr(dir, '/');
		if (slash && slash != dir) {
			*slash = '\0';
			chmod(dir, 0711);
		}
	}
	if (rc == 0)
		rc = vk_file_replace(os->nvram, data, len, 0600);
	free(data);
	free(dir);
	if (rc == 0 && geteuid() == 0 && chown(os->nvram, uid, gid) < 0) {
		rc = vk_error_errno(VK_EXIT_FAILED, errno, "cannot give %s to "
				    "uid %u", os->nvram, (unsigned)uid);
		/* A copy QEMU cannot open would pass for a made one at the
		 * next start: it goes, and that start makes it again. */
		unlink(os->nvram);
	}
	return rc;
}

char *vk_qemu_nvram_file(const struct vk_domain_def *def)
{
	if (!managed_nvram(&def->os) || access(def->os.nvram, F_OK))
		return NULL;
	return vk_strdup(def->os.nvram);
}
