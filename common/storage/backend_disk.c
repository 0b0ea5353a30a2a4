/* The disk pool: a whole block device (the one <source><device>) with a
 * partition table; its volumes are the partitions.  build writes the
 * label (<source><format>: dos, gpt, dvh, mac, bsd, pc98, sun) with
 * parted; partitions are made and removed with parted and read back
 * with partx (libblkid), which reports their type ids.
 *
 * A volume is named after its partition device (loop0p1, sda2), the
 * name vol-create must give; its <target><format> is the partition type
 * (none, linux, fat16, fat32, linux-swap, linux-lvm, linux-raid,
 * extended).  The pool reports its free extents (1 MiB aligned, as the
 * partitions are made) on its device; a volume goes into the first that
 * holds it, and one larger than the largest is refused.  vol-resize
 * grows a partition into the free space that follows it.
 *
 * Type ids read back: gpt has one type for fat16 and fat32 (reported
 * fat32), and "none" is written as parted's default type, which reads
 * back as linux.  Volume paths are the partition nodes next to the
 * device node (the pool's target path is not used).
 */
#include <ctype.h>
#include <errno.h>
#include <limits.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "blockdev.h"
#include "util/error.h"
#include "util/proc.h"

#define MIB (1024ULL * 1024ULL)

struct part {
	int nr;
	unsigned long long start, end;	/* bytes, end exclusive */
	const char *format;		/* a vk_vol_part_formats name */
};

struct table {
	int nparts;
	struct part parts[128];
};

/* Partition type ids (dos) and GUIDs (gpt) -> volume formats. */
static const struct {
	const char *id;
	const char *format;
} type_ids[] = {
	{ "0x83", "linux" }, { "0x82", "linux-swap" }, { "0x8e", "linux-lvm" },
	{ "0xfd", "linux-raid" }, { "0x5", "extended" }, { "0xf", "extended" },
	{ "0x85", "extended" }, { "0x1", "fat16" }, { "0x4", "fat16" },
	{ "0x6", "fat16" }, { "0xe", "fat16" }, { "0xb", "fat32" },
	{ "0xc", "fat32" }, { "0x0", "none" },
	{ "0fc63daf-8483-4772-8e79-3d69d8477de4", "linux" },
	{ "0657fd6d-a4ab-43c4-84e5-0933c84b4f4f", "linux-swap" },
	{ "e6d6d379-f507-44c2-a23c-238f2a3df928", "linux-lvm" },
	{ "a19d880f-05fc-4d3b-a006-743f0f84911e", "linux-raid" },
	{ "ebd0a0a2-b9e5-4433-87c0-68b6b72699c7", "fat32" },
};

static const char *disk_dev(const struct vk_pool *pool)
{
	return pool->def->source.devices[0].path;
}

/* parted's name of the pool's label ("dos" is "msdos" there). */
static const char *label_of(const char *format)
{
	if (!format || !strcmp(format, "dos"))
		return "msdos";
	return format;
}

static int disk_check(struct vk_pool *pool)
{
	if (pool->def->source.ndevices != 1)
		return vk_error(VK_EXIT_FAILED,
				"pool '%s': a disk pool needs exactly one source device",
				pool->def->name);
	return vk_blk_check(pool, disk_dev(pool));
}

/* The partition table on the pool's device: its label (a new string,
 * parted's name; NULL on failure) and the partitions, from partx. */
static int read_table(struct vk_pool *pool, struct table *t, char **label)
{
	const char *pt[] = { "partx", "-g", "-b", "-o",
			     "NR,START,SECTORS,TYPE", disk_dev(pool), NULL };
	const char *bl[] = { "blkid", "-p", "-s", "PTTYPE", "-o", "value",
			     disk_dev(pool), NULL };
	char *out = NULL, *err = NULL, *line, *save = NULL;
	int rc;

	t->nparts = 0;
	*label = NULL;
	rc = vk_run_status(bl, NULL, &out, &err);
	free(err);
	if (rc < 0) {
		free(out);
		vk_error_prefix("pool '%s'", pool->def->name);
		return -1;
	}
	out[strcspn(out, "\n")] = '\0';
	if (rc != 0 || !*out) {
		free(out);
		return vk_error(VK_EXIT_FAILED,
				"pool '%s': %s has no partition table (pool-build writes one)",
				pool->def->name, disk_dev(pool));
	}
	*label = vk_strdup(!strcmp(out, "dos") ? "msdos" :
			   !strcmp(out, "PMBR") ? "gpt" : out);
	free(out);
	out = NULL;
	rc = vk_run_status(pt, NULL, &out, &err);
	if (rc != 0) {	/* partx fails on a table with no partition */
		free(out), free(err);
		if (rc < 0) {
			vk_error_prefix("pool '%s'", pool->def->name);
			free(*label);
			*label = NULL;	/* nothing on failure */
		}
		return rc < 0 ? -1 : 0;
	}
	free(err);
	for (line = strtok_r(out, "\n", &save); line;
	     line = strtok_r(NULL, "\n", &save)) {
		struct part *p = &t->parts[t->nparts];
		unsigned long long start, sectors;
		char type[64];
		size_t i;

		if (t->nparts == 128 ||
		    sscanf(line, "%d %llu %llu %63s", &p->nr, &start,
			   &sectors, type) != 4)
			continue;
		p->start = start * 512;
		p->end = (start + sectors) * 512;
		p->format = "linux";
		for (i = 0; i < sizeof(type_ids) / sizeof(type_ids[0]); i++)
			if (!strcasecmp(type, type_ids[i].id))
				p->format = type_ids[i].format;
		t->nparts++;
	}
	free(out);
	return 0;
}

/* The device node of partition NR: /dev/loop0 -> /dev/loop0p1,
 * /dev/sda -> /dev/sda1 (the device's symlinks resolved). */
static char *part_path(const struct vk_pool *pool, int nr)
{
	char real[PATH_MAX];
	const char *dev = disk_dev(pool);
	size_t n;

	if (realpath(dev, real))
		dev = real;
	n = strlen(dev);
	/* a name ending in a digit takes a "p" before the number */
	return vk_asprintf("%s%s%d", dev,
			   n && isdigit((unsigned char)dev[n - 1]) ? "p" : "",
			   nr);
}

static const struct part *extended_of(const struct table *t)
{
	int i;

	for (i = 0; i < t->nparts; i++)
		if (!strcmp(t->parts[i].format, "extended"))
			return &t->parts[i];
	return NULL;
}

static int by_start(const void *a, const void *b)
{
	const struct part *x = a, *y = b;

	return x->start < y->start ? -1 : x->start > y->start;
}

/* Sort the N extents EXT (with their LOGICAL flags) by start. */
static void sort_extents(struct vk_extent *ext, bool *logical, int n)
{
	int i, j;

	for (i = 1; i < n; i++)
		for (j = i; j > 0 && ext[j].start < ext[j - 1].start; j--) {
			struct vk_extent e = ext[j];
			bool l = logical[j];

			ext[j] = ext[j - 1], logical[j] = logical[j - 1];
			ext[j - 1] = e, logical[j - 1] = l;
		}
}

/* The usable free extents of the device: the gaps between partitions
 * (and between the logical ones inside an extended partition), 1 MiB
 * aligned as partitions are made; a logical partition keeps room in
 * front for its boot record.  LOGICAL[i]: extent i is inside the
 * extended partition.  Returns the count, or -1. */
static int free_extents(struct vk_pool *pool, const struct table *t,
			const char *label, struct vk_extent *ext,
			bool *logical, int max)
{
	unsigned long long size = vk_blk_size(pool, disk_dev(pool)), hi;
	const struct part *xp = extended_of(t);
	int n = 0, pass;

	if (!size)
		return -1;
	/* gpt keeps its backup table in the last sectors */
	hi = size / MIB * MIB;
	if (!strcmp(label, "gpt") && hi + 34 * 512 > size)
		hi -= MIB;
	for (pass = 0; pass < (xp ? 2 : 1); pass++) {
		struct part in[128];
		unsigned long long gap, lo = pass ? xp->start : MIB;
		unsigned long long top = pass ? xp->end : hi;
		int k = 0, i;

		for (i = 0; i < t->nparts; i++) {
			const struct part *p = &t->parts[i];
			bool inside = xp && p != xp && p->start >= xp->start &&
				      p->start < xp->end;

			if (inside == (pass == 1))
				in[k++] = *p;
		}
		qsort(in, (size_t)k, sizeof(in[0]), by_start);
		gap = lo;
		for (i = 0; i <= k && n < max; i++) {
			unsigned long long s, e, next;

			next = i < k ? in[i].start : top;

			if (next > top)
				next = top;
			s = ((pass ? gap + 1 : gap) + MIB - 1) / MIB * MIB;
			e = (pass && i < k ? next - 1 : next) / MIB * MIB;
			if (e > s && e - s >= MIB) {
				ext[n].start = s;
				ext[n].end = e;
				logical[n++] = pass == 1;
			}
			if (i < k && in[i].end > gap)
				gap = in[i].end;
		}
	}
	sort_extents(ext, logical, n);
	return n;
}

/* The pool's <format> and the label on the device agree (a pool with no
 * format takes whatever label is there). */
static int label_matches(struct vk_pool *pool, const char *label)
{
	const char *want = pool->def->source.format;

	if (!want || !strcmp(label_of(want), label))
		return 0;
	if (strcmp(label, "msdos") && strcmp(label, "gpt"))
		return 0;	/* blkid names the others differently */
	return vk_error(VK_EXIT_FAILED,
			"pool '%s': %s holds a %s label, the pool's format is %s",
			pool->def->name, disk_dev(pool),
			strcmp(label, "msdos") ? label : "dos", want);
}

static int disk_build(struct vk_pool *pool, unsigned flags)
{
	const char *argv[] = { "parted", "-s", disk_dev(pool), "mklabel",
			       label_of(pool->def->source.format), NULL };

	if (disk_check(pool) < 0 ||
	    vk_blk_claim(pool, disk_dev(pool),
			 flags & VK_POOL_BUILD_OVERWRITE) < 0 ||
	    vk_blk_run(pool, argv, NULL) < 0)
		return -1;
	return vk_blk_settle(pool, NULL);
}

static int disk_start(struct vk_pool *pool)
{
	struct table *t = vk_malloc(sizeof(*t));
	char *label = NULL;
	int rc = -1;

	if (disk_check(pool) == 0 && read_table(pool, t, &label) == 0)
		rc = label_matches(pool, label);
	free(label);
	free(t);
	return rc;
}

static int disk_delete(struct vk_pool *pool, unsigned flags)
{
	const char *argv[] = { "wipefs", "-a", "-q", disk_dev(pool), NULL };

	(void)flags;
	if (disk_check(pool) < 0 || vk_blk_run(pool, argv, NULL) < 0)
		return -1;
	return vk_blk_settle(pool, NULL);
}

static void fill_vol(struct vk_pool *pool, struct vk_vol_def *vol,
		     const struct part *p)
{
	char *path = part_path(pool, p->nr);

	free(vol->target.path);
	free(vol->key);
	vol->type = VK_VOL_BLOCK;
	vol->target.path = path;
	vol->key = vk_strdup(path);
	vol->capacity = vol->allocation = p->end - p->start;
	free(vol->target.format);
	vol->target.format = vk_strdup(p->format);
	while (vol->nextents > 0)
		free(vol->extents[--vol->nextents].path);
	free(vol->extents);
	vol->extents = vk_calloc(1, sizeof(*vol->extents));
	vol->nextents = 1;
	vol->extents[0].path = vk_strdup(disk_dev(pool));
	vol->extents[0].start = p->start;
	vol->extents[0].end = p->end;
}

static int disk_refresh(struct vk_pool *pool)
{
	struct vk_pool_device *d = &pool->def->source.devices[0];
	struct table *t = vk_malloc(sizeof(*t));
	struct vk_extent ext[130];
	bool logical[130];
	char *label = NULL;
	int i, n = -1;

	if (read_table(pool, t, &label) < 0 || label_matches(pool, label) < 0)
		goto out;
	n = free_extents(pool, t, label, ext, logical, 130);
	if (n < 0)
		goto out;
	free(d->free);
	d->nfree = n;
	d->free = vk_calloc((size_t)n + 1, sizeof(*d->free));
	memcpy(d->free, ext, (size_t)n * sizeof(*ext));
	pool->def->capacity = vk_blk_size(pool, disk_dev(pool));
	pool->def->available = 0;
	for (i = 0; i < n; i++)
		pool->def->available += ext[i].end - ext[i].start;
	pool->def->allocation = pool->def->capacity - pool->def->available;
	for (i = 0; i < t->nparts; i++) {
		struct vk_vol_def *vol = vk_calloc(1, sizeof(*vol));
		char *path = part_path(pool, t->parts[i].nr);

		vol->name = vk_strdup(strrchr(path, '/') + 1);
		free(path);
		vk_perms_init(&vol->target.perms);
		fill_vol(pool, vol, &t->parts[i]);
		vk_pool_add_vol(pool, vol);
	}
out:
	free(label);
	free(t);
	return n < 0 ? -1 : 0;
}

/* The number the next partition of KIND gets (parted takes the lowest
 * free one; dos keeps 1-4 for primary and extended, 5+ for logical). */
static int next_number(const struct table *t, const char *label,
		       bool logical)
{
	int nr = logical ? 5 : 1, i, again = 1;

	while (again) {
		again = 0;
		for (i = 0; i < t->nparts; i++)
			if (t->parts[i].nr == nr) {
				nr++;
				again = 1;
			}
	}
	if (!strcmp(label, "msdos") && !logical && nr > 4)
		return -1;
	return nr;
}

static const struct part *find_part(const struct table *t, int nr)
{
	int i;

	for (i = 0; i < t->nparts; i++)
		if (t->parts[i].nr == nr)
			return &t->parts[i];
	return NULL;
}

static int part_rm(struct vk_pool *pool, int nr)
{
	char num[16];
	const char *argv[] = { "parted", "-s", disk_dev(pool), "rm", num,
			       NULL };

	snprintf(num, sizeof(num), "%d", nr);
	if (vk_blk_run(pool, argv, NULL) < 0)
		return -1;
	return vk_blk_settle(pool, NULL);
}

/* parted's file-system type and the flag that give partition type
 * FORMAT. */
static void type_args(const char *format, const char **fstype,
		      const char **flag)
{
	*fstype = *flag = NULL;
	if (!strcmp(format, "linux") || !strcmp(format, "linux-lvm") ||
	    !strcmp(format, "linux-raid"))
		*fstype = "ext2";
	else if (!strcmp(format, "linux-swap") || !strcmp(format, "fat16") ||
		 !strcmp(format, "fat32"))
		*fstype = format;
	if (!strcmp(format, "linux-lvm"))
		*flag = "lvm";
	else if (!strcmp(format, "linux-raid"))
		*flag = "raid";
}

/* Make partition NR of FORMAT over [START, END) (KIND: primary,
 * logical, extended or a gpt name), set its flag; nothing is left when
 * a step fails. */
static int part_make(struct vk_pool *pool, int nr, const char *kind,
		     const char *format, unsigned long long start,
		     unsigned long long end)
{
	char s[32], e[32], num[16];
	const char *fstype, *flag, *argv[12];
	struct table *t = vk_malloc(sizeof(*t));
	char *label = NULL;
	int n = 0, rc = -1;

	type_args(format, &fstype, &flag);
	snprintf(s, sizeof(s), "%lluB", start);
	snprintf(e, sizeof(e), "%lluB", end - 1);
	snprintf(num, sizeof(num), "%d", nr);
	argv[n++] = "parted";
	argv[n++] = "-s";
	argv[n++] = "-a";
	argv[n++] = "none";
	argv[n++] = disk_dev(pool);
	argv[n++] = "mkpart";
	if (kind)
		argv[n++] = kind;
	if (fstype && strcmp(format, "extended"))
		argv[n++] = fstype;
	argv[n++] = s;
	argv[n++] = e;
	argv[n] = NULL;
	if (vk_blk_run(pool, argv, NULL) < 0)
		goto out;
	if (read_table(pool, t, &label) == 0 && !find_part(t, nr)) {
		vk_error(VK_EXIT_FAILED,
			 "pool '%s': parted made no partition %d",
			 pool->def->name, nr);
		goto out;
	}
	if (!label || flag) {
		const char *set[] = { "parted", "-s", disk_dev(pool), "set",
				      num, flag, "on", NULL };
		struct vk_blk_err saved;

		/* the table could not be read back, or the flag not set */
		if (!label || vk_blk_run(pool, set, NULL) < 0) {
			vk_blk_err_save(&saved);
			part_rm(pool, nr);
			vk_blk_err_restore(&saved);
			goto out;
		}
	}
	rc = 0;
out:
	free(label);
	free(t);
	return rc;
}

static int disk_vol_create(struct vk_pool *pool, struct vk_vol_def *vol)
{
	const char *format = vol->target.format ? vol->target.format : "none";
	unsigned long long size = (vol->capacity + MIB - 1) / MIB * MIB;
	unsigned long long largest = 0;
	struct table *t = vk_malloc(sizeof(*t));
	struct vk_extent ext[130];
	bool logical[130], msdos;
	const char *kind = NULL;
	char *label = NULL, *path = NULL;
	int i, n, nr = -1, rc = -1;

	if (read_table(pool, t, &label) < 0)
		goto out;
	msdos = !strcmp(label, "msdos");
	if (!strcmp(format, "extended") && (!msdos || extended_of(t))) {
		vk_error(VK_EXIT_FAILED, msdos ?
			 "pool '%s': %s has an extended partition already" :
			 "pool '%s': %s: extended partitions exist only on dos labels",
			 pool->def->name, disk_dev(pool));
		goto out;
	}
	n = free_extents(pool, t, label, ext, logical, 130);
	if (n < 0)
		goto out;
	for (i = 0; i < n; i++) {
		if (ext[i].end - ext[i].start > largest)
			largest = ext[i].end - ext[i].start;
		if (ext[i].end - ext[i].start < size ||
		    (logical[i] && !strcmp(format, "extended")))
			continue;
		nr = next_number(t, label, logical[i]);
		if (nr > 0)
			break;
	}
	if (i == n) {
		if (size > largest)
			vk_error(VK_EXIT_FAILED,
				 "pool '%s': volume '%s' of %llu bytes is larger than the largest free extent (%llu bytes) on %s",
				 pool->def->name, vol->name, size, largest,
				 disk_dev(pool));
		else
			vk_error(VK_EXIT_FAILED,
				 "pool '%s': no free primary partition slot on %s for volume '%s'",
				 pool->def->name, disk_dev(pool), vol->name);
		goto out;
	}
	path = part_path(pool, nr);
	if (strcmp(strrchr(path, '/') + 1, vol->name)) {
		vk_error(VK_EXIT_FAILED,
			 "pool '%s': a volume of a disk pool is named after its partition: this one would be '%s', not '%s'",
			 pool->def->name, strrchr(path, '/') + 1, vol->name);
		goto out;
	}
	if (msdos || !strcmp(label, "dvh"))
		kind = !strcmp(format, "extended") ? "extended" :
		       logical[i] ? "logical" : "primary";
	else if (!strcmp(label, "gpt") || !strcmp(label, "mac") ||
		 !strcmp(label, "pc98"))
		kind = vol->name;
	if (part_make(pool, nr, kind, format, ext[i].start,
		      ext[i].start + size) < 0)
		goto out;
	free(label);
	label = NULL;
	if (read_table(pool, t, &label) < 0 || !find_part(t, nr) ||
	    vk_blk_settle(pool, path) < 0) {
		struct vk_blk_err e;

		vk_blk_err_save(&e);
		part_rm(pool, nr);
		vk_blk_err_restore(&e);
		goto out;
	}
	fill_vol(pool, vol, find_part(t, nr));
	rc = 0;
out:
	free(path);
	free(label);
	free(t);
	return rc;
}

/* The partition number of VOL (by its device path). */
static int vol_number(struct vk_pool *pool, const struct table *t,
		      const struct vk_vol_def *vol)
{
	int i;

	for (i = 0; i < t->nparts; i++) {
		char *path = part_path(pool, t->parts[i].nr);
		int same = vol->target.path && !strcmp(path, vol->target.path);

		free(path);
		if (same)
			return t->parts[i].nr;
	}
	return vk_error(VK_EXIT_NOT_FOUND, "pool '%s': no partition %s",
			pool->def->name, vol->target.path);
}

static int disk_vol_delete(struct vk_pool *pool, struct vk_vol_def *vol)
{
	struct table *t = vk_malloc(sizeof(*t));
	const struct part *p, *xp;
	char *label = NULL;
	int nr, i, rc = -1;

	if (read_table(pool, t, &label) < 0 ||
	    (nr = vol_number(pool, t, vol)) < 0)
		goto out;
	p = find_part(t, nr);
	xp = extended_of(t);
	if (p == xp)
		for (i = 0; i < t->nparts; i++)
			if (&t->parts[i] != xp &&
			    t->parts[i].start >= xp->start &&
			    t->parts[i].start < xp->end) {
				vk_error(VK_EXIT_CONFLICT,
					 "pool '%s': volume '%s' is an extended partition holding logical partitions",
					 pool->def->name, vol->name);
				goto out;
			}
	rc = part_rm(pool, nr);
out:
	free(label);
	free(t);
	return rc;
}

/* Grow VOL's partition into the free space right after it (parted
 * cannot shrink one without asking). */
static int disk_vol_resize(struct vk_pool *pool, struct vk_vol_def *vol,
			   unsigned long long capacity, bool shrink)
{
	unsigned long long size = (capacity + MIB - 1) / MIB * MIB, room;
	struct table *t = vk_malloc(sizeof(*t));
	struct vk_extent ext[130];
	bool logical[130];
	const struct part *p;
	char *label = NULL, end[32], num[16];
	const char *argv[] = { "parted", "-s", disk_dev(pool), "unit", "B",
			       "resizepart", num, end, NULL };
	int nr, i, n, rc = -1;

	if (shrink) {
		vk_error(VK_EXIT_FAILED,
			 "pool '%s': volume '%s': partitions can only grow",
			 pool->def->name, vol->name);
		goto out;
	}
	if (read_table(pool, t, &label) < 0 ||
	    (nr = vol_number(pool, t, vol)) < 0 ||
	    (n = free_extents(pool, t, label, ext, logical, 130)) < 0)
		goto out;
	p = find_part(t, nr);
	room = p->end - p->start;
	for (i = 0; i < n; i++)	/* the extent that starts at its end */
		if (ext[i].start >= p->end && ext[i].start <= p->end + MIB &&
		    !(logical[i] && !strcmp(p->format, "extended")))
			room = ext[i].end - p->start;
	if (size > room) {
		vk_error(VK_EXIT_FAILED,
			 "pool '%s': volume '%s' cannot grow to %llu bytes: it has room for %llu bytes on %s",
			 pool->def->name, vol->name, size, room,
			 disk_dev(pool));
		goto out;
	}
	snprintf(num, sizeof(num), "%d", nr);
	snprintf(end, sizeof(end), "%lluB", p->start + size - 1);
	if (vk_blk_run(pool, argv, NULL) == 0)
		rc = vk_blk_settle(pool, NULL);
out:
	free(label);
	free(t);
	return rc;
}

const struct vk_storage_backend vk_backend_disk = {
	.type = VK_POOL_DISK,
	.check_source = disk_check,
	.build = disk_build,
	.start = disk_start,
	.delete = disk_delete,
	.refresh = disk_refresh,
	.vol_create = disk_vol_create,
	.vol_delete = disk_vol_delete,
	.vol_resize = disk_vol_resize,
};
