/* Sizes with units, as libvirt writes them: <memory unit='GiB'>4</memory>,
 * <page size='2' unit='M'/>.  A unit is b or bytes (1), a power-of-1000
 * name KB MB GB TB PB EB, or a power-of-1024 one: K KiB, M MiB, G GiB,
 * T TiB, P PiB, E EiB (the letter in either case). */
#include <errno.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

#include "../util/error.h"
#include "xml.h"

int vk_unit_scale(const char *unit, unsigned long long *scale)
{
	static const char letters[] = "kmgtpe";
	const char *p;
	unsigned long long s = 1, base;
	size_t len = strlen(unit), i;

	if (!strcasecmp(unit, "b") || !strcasecmp(unit, "bytes")) {
		*scale = 1;
		return 0;
	}
	if (!len || len > 3)
		return -1;
	p = memchr(letters, unit[0] | 0x20, sizeof(letters) - 1);
	if (!p || unit[0] == '\0')
		return -1;
	if (len == 1 || !strcasecmp(unit + 1, "ib"))
		base = 1024;
	else if (len == 2 && (unit[1] | 0x20) == 'b')
		base = 1000;
	else
		return -1;
	for (i = 0; i <= (size_t)(p - letters); i++)
		s *= base;
	*scale = s;
	return 0;
}

/* VALUE (text) times the unit UNIT (NULL: DEFAULT_SCALE bytes) in units
 * of OUT_SCALE bytes, rounded up; at most MAX.  Errors at NODE. */
static int scale_value(xmlNodePtr node, const char *what, const char *value,
		       const char *unit, unsigned long long default_scale,
		       unsigned long long out_scale, unsigned long long max,
		       unsigned long long *out)
{
	unsigned long long v, scale = default_scale, q, r;
	char *end;

	if (unit && vk_unit_scale(unit, &scale) < 0)
		return vk_xml_error(node, "unknown unit '%s'", unit);
	if (!*value)
		return vk_xml_error(node, "%s%sa size is needed", what,
				    *what ? ": " : "");
	if (value[0] == '-' && value[1])
		return vk_xml_error(node, "%s%s'%s' is negative", what,
				    *what ? " " : "", value);
	if (value[strspn(value, "0123456789")])
		return vk_xml_error(node, "%s%s'%s' is not %s", what,
				    *what ? " " : "", value,
				    strchr(value, '.') ? "a whole number" :
				    "a number");
	errno = 0;
	v = strtoull(value, &end, 10);
	if (errno == ERANGE)
		goto too_large;
	/* v * scale / out_scale, rounded up, without overflow: scale and
	 * out_scale are powers of 1000 or 1024 (or 1). */
	if (scale >= out_scale && scale % out_scale == 0) {
		q = scale / out_scale;
		if (q && v > ~0ULL / q)
			goto too_large;
		v *= q;
	} else {
		if (v > ~0ULL / scale)
			goto too_large;
		v *= scale;
		q = v / out_scale;
		r = v % out_scale;
		v = q + (r != 0);
	}
	if (v > max)
		goto too_large;
	*out = v;
	return 0;
too_large:
	return vk_xml_error(node, "%s%s'%s%s%s' is too large (at most %llu "
			    "%s)", what, *what ? " " : "", value, unit ? " " : "",
			    unit ? unit : "", max,
			    out_scale == 1024 ? "KiB" : out_scale == 1 ?
			    "bytes" : out_scale == 1048576 ? "MiB" : "units");
}

int vk_xml_text_size(xmlNodePtr node, unsigned long long default_scale,
		     unsigned long long out_scale, unsigned long long max,
		     unsigned long long *out)
{
	char *v = NULL, *unit = NULL;
	int rc = -1;

	if (vk_xml_attr_str(node, "unit", false, &unit) < 0 ||
	    vk_xml_text(node, true, &v) < 0)
		goto done;
	rc = scale_value(node, "", v, unit, default_scale, out_scale,
			 max, out);
done:
	free(v);
	free(unit);
	return rc;
}

int vk_xml_attr_size(xmlNodePtr node, const char *attr,
		     const char *unit_attr, unsigned long long default_scale,
		     unsigned long long out_scale, unsigned long long max,
		     bool required, unsigned long long *out, bool *set)
{
	char *v = NULL, *unit = NULL;
	int rc = -1;

	if (set)
		*set = false;
	if (vk_xml_attr_str(node, attr, required, &v) < 0 ||
	    (unit_attr && vk_xml_attr_str(node, unit_attr, false, &unit) < 0))
		goto done;
	if (!v) {
		if (unit)
			vk_xml_error(node, "%s= without %s=", unit_attr, attr);
		else
			rc = 0;
		goto done;
	}
	rc = scale_value(node, attr, v, unit, default_scale, out_scale, max,
			 out);
	if (rc == 0 && set)
		*set = true;
done:
	free(v);
	free(unit);
	return rc;
}
