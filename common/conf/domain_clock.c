/* <clock><timer>: the guest's timers.  Which attribute a timer takes
 * follows the domain format: track only for rtc and platform, frequency
 * and mode only for tsc, <catchup> only with tickpolicy='catchup'. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "../util/error.h"
#include "domain_platform.h"

const char *const vk_clock_offset_names[] = {
	"utc", "localtime", "timezone", "variable", "absolute", NULL
};
const char *const vk_timer_name_names[] = {
	"platform", "pit", "rtc", "hpet", "tsc", "kvmclock", "hypervclock",
	"armvtimer", NULL
};
const char *const vk_timer_track_names[] = {
	"boot", "guest", "wall", NULL
};
const char *const vk_tickpolicy_names[] = {
	"delay", "catchup", "merge", "discard", NULL
};
const char *const vk_timer_mode_names[] = {
	"auto", "native", "emulate", "paravirt", "smpsafe", NULL
};

#define MAX_COUNT 0xffffffffULL
#define MAX_FREQUENCY (1ULL << 40)	/* Hz: far above any TSC */

static int positive_attr(xmlNodePtr node, const char *name,
			 unsigned long long max, unsigned long long *out)
{
	bool set;

	if (vk_xml_attr_uint(node, name, false, max, false, out, &set) < 0)
		return -1;
	if (set && !*out)
		return vk_xml_error(node, "%s must be at least 1", name);
	return 0;
}

static int parse_catchup(struct vk_timer *t, xmlNodePtr node)
{
	static const char *const attrs[] = {
		"threshold", "slew", "limit", NULL
	};

	if (t->catchup)
		return vk_xml_duplicate(node);
	if (t->tickpolicy != VK_TICK_CATCHUP)
		return vk_xml_child_error(node, "<catchup> needs "
					  "tickpolicy 'catchup'");
	t->catchup = true;
	if (vk_xml_check_attrs(node, attrs) < 0 ||
	    vk_xml_check_empty(node) < 0 ||
	    positive_attr(node, "threshold", MAX_COUNT, &t->threshold) < 0 ||
	    positive_attr(node, "slew", MAX_COUNT, &t->slew) < 0)
		return -1;
	return positive_attr(node, "limit", MAX_COUNT, &t->limit);
}

/* An attribute only some timers take. */
static int only_for(xmlNodePtr node, const struct vk_timer *t,
		    const char *attr, int name1, int name2)
{
	if (!vk_xml_has_attr(node, attr) || t->name == name1 ||
	    t->name == name2)
		return 0;
	if (name2 < 0)
		return vk_xml_error(node, "%s is only valid for timer '%s'",
				    attr, vk_timer_name_names[name1]);
	return vk_xml_error(node, "%s is only valid for timers '%s' and '%s'",
			    attr, vk_timer_name_names[name1],
			    vk_timer_name_names[name2]);
}

static int parse_timer_attrs(struct vk_timer *t, xmlNodePtr node)
{
	static const char *const attrs[] = {
		"name", "track", "tickpolicy", "frequency", "mode", "present",
		NULL
	};

	if (vk_xml_check_attrs(node, attrs) < 0 ||
	    vk_xml_attr_enum(node, "name", vk_timer_name_names, true,
			     &t->name) < 0 ||
	    only_for(node, t, "track", VK_TIMER_RTC, VK_TIMER_PLATFORM) < 0 ||
	    only_for(node, t, "frequency", VK_TIMER_TSC, -1) < 0 ||
	    only_for(node, t, "mode", VK_TIMER_TSC, -1) < 0 ||
	    vk_xml_attr_enum(node, "track", vk_timer_track_names, false,
			     &t->track) < 0 ||
	    vk_xml_attr_enum(node, "tickpolicy", vk_tickpolicy_names, false,
			     &t->tickpolicy) < 0 ||
	    positive_attr(node, "frequency", MAX_FREQUENCY,
			  &t->frequency) < 0 ||
	    vk_xml_attr_enum(node, "mode", vk_timer_mode_names, false,
			     &t->mode) < 0)
		return -1;
	return vk_xml_attr_yesno(node, "present", &t->present);
}

int vk_dom_parse_timer(struct vk_clock *clock, xmlNodePtr node)
{
	struct vk_timer t = {
		.track = -1, .tickpolicy = -1, .mode = -1, .present = -1,
	};
	xmlNodePtr child;
	int i;

	if (parse_timer_attrs(&t, node) < 0 ||
	    vk_xml_check_no_text(node) < 0)
		return -1;
	for (i = 0; i < clock->ntimers; i++)
		if (clock->timers[i].name == t.name)
			return vk_xml_error(node, "timer '%s' is given twice",
					    vk_timer_name_names[t.name]);
	vk_xml_foreach(child, node) {
		if (!vk_xml_is(child, "catchup"))
			return vk_xml_unknown(child);
		if (parse_catchup(&t, child) < 0)
			return -1;
	}
	*(struct vk_timer *)vk_array_add(&clock->timers, &clock->ntimers,
					 sizeof(t)) = t;
	return 0;
}

static void format_timer(struct vk_xw *w, const struct vk_timer *t)
{
	vk_xw_open(w, "timer");
	vk_xw_attr(w, "name", vk_timer_name_names[t->name]);
	if (t->track >= 0)
		vk_xw_attr(w, "track", vk_timer_track_names[t->track]);
	if (t->tickpolicy >= 0)
		vk_xw_attr(w, "tickpolicy", vk_tickpolicy_names[t->tickpolicy]);
	if (t->frequency)
		vk_xw_attrf(w, "frequency", "%llu", t->frequency);
	if (t->mode >= 0)
		vk_xw_attr(w, "mode", vk_timer_mode_names[t->mode]);
	if (t->present >= 0)
		vk_xw_attr(w, "present", t->present ? "yes" : "no");
	if (t->catchup) {
		vk_xw_open(w, "catchup");
		if (t->threshold)
			vk_xw_attrf(w, "threshold", "%llu", t->threshold);
		if (t->slew)
			vk_xw_attrf(w, "slew", "%llu", t->slew);
		if (t->limit)
			vk_xw_attrf(w, "limit", "%llu", t->limit);
		vk_xw_close(w);
	}
	vk_xw_close(w);
}

void vk_dom_format_timers(struct vk_xw *w, const struct vk_clock *clock)
{
	int i;

	for (i = 0; i < clock->ntimers; i++)
		format_timer(w, &clock->timers[i]);
}

void vk_dom_timers_clear(struct vk_clock *clock)
{
	free(clock->timers);
	clock->timers = NULL;
	clock->ntimers = 0;
}

void vk_dom_timers_copy(struct vk_clock *dst, const struct vk_clock *src)
{
	dst->timers = NULL;
	if (!src->ntimers)
		return;
	dst->timers = vk_malloc((size_t)src->ntimers * sizeof(*dst->timers));
	memcpy(dst->timers, src->timers,
	       (size_t)src->ntimers * sizeof(*dst->timers));
}

/* ---- <clock> ---- */

static int parse_adjustment(xmlNodePtr node, const char *s, long long *out)
{
	int rc = vk_xml_parse_int(s, out);

	if (rc == -1)
		return vk_xml_error(node, "adjustment '%s' is not a number",
				    s);
	if (rc == -2)
		return vk_xml_error(node, "adjustment '%s' is out of range",
				    s);
	return 0;
}

/* offset= or its old name sync= (which knows utc and localtime only);
 * both may not be given. */
static int parse_clock_offset(struct vk_clock *clock, xmlNodePtr node)
{
	static const char *const sync_names[] = {"utc", "localtime", NULL};

	if (!vk_xml_has_attr(node, "sync"))
		return vk_xml_attr_enum(node, "offset", vk_clock_offset_names,
					false, &clock->offset);
	if (vk_xml_has_attr(node, "offset"))
		return vk_xml_error(node, "give offset or sync, not both");
	return vk_xml_attr_enum(node, "sync", sync_names, false,
				&clock->offset);
}

/* An attribute only offset OFFSET takes. */
static int only_offset(const struct vk_clock *clock, xmlNodePtr node,
		       const char *attr, int offset)
{
	if (!vk_xml_has_attr(node, attr) || clock->offset == offset)
		return 0;
	return vk_xml_error(node, "%s is only allowed with offset '%s'", attr,
			    vk_clock_offset_names[offset]);
}

/* adjustment=: a number for variable; for utc and localtime 'reset', or
 * a number, which makes the clock variable from that basis (libvirt). */
static int parse_clock_adjustment(struct vk_clock *clock, xmlNodePtr node)
{
	char *adj = vk_xml_attr(node, "adjustment");
	bool utc_local = clock->offset == VK_CLOCK_UTC ||
			 clock->offset == VK_CLOCK_LOCALTIME;
	int rc = 0;

	if (!adj)
		return 0;
	if (utc_local && !strcmp(adj, "reset"))
		clock->reset = true;
	else if (!utc_local && clock->offset != VK_CLOCK_VARIABLE)
		rc = vk_xml_error(node, "adjustment is not allowed with offset "
				  "'%s'", vk_clock_offset_names[clock->offset]);
	else if (parse_adjustment(node, adj, &clock->adjustment) < 0)
		rc = -1;
	else if (utc_local) {
		clock->basis_localtime = clock->offset == VK_CLOCK_LOCALTIME;
		clock->offset = VK_CLOCK_VARIABLE;
	}
	free(adj);
	return rc;
}

static int parse_clock_extra(struct vk_clock *clock, xmlNodePtr node)
{
	static const char *const bases[] = {"utc", "localtime", NULL};
	bool has_tz = vk_xml_has_attr(node, "timezone");
	int basis = 0;
	bool set;

	if (clock->offset == VK_CLOCK_TIMEZONE && !has_tz)
		return vk_xml_error(node, "offset 'timezone' needs a timezone "
				    "attribute");
	if (only_offset(clock, node, "timezone", VK_CLOCK_TIMEZONE) < 0 ||
	    only_offset(clock, node, "basis", VK_CLOCK_VARIABLE) < 0 ||
	    only_offset(clock, node, "start", VK_CLOCK_ABSOLUTE) < 0 ||
	    vk_xml_attr_str(node, "timezone", false, &clock->timezone) < 0 ||
	    vk_xml_attr_enum(node, "basis", bases, false, &basis) < 0 ||
	    vk_xml_attr_uint(node, "start", false, 253402300799ULL,
			     clock->offset == VK_CLOCK_ABSOLUTE,
			     &clock->start, &set) < 0)
		return -1;
	if (basis)
		clock->basis_localtime = true;
	return parse_clock_adjustment(clock, node);
}

int vk_dom_parse_clock(struct vk_domain_def *def, xmlNodePtr node)
{
	static const char *const attrs[] = {
		"offset", "sync", "timezone", "adjustment", "basis", "start",
		NULL
	};
	xmlNodePtr child;

	if (vk_xml_check_attrs(node, attrs) < 0 ||
	    vk_xml_check_no_text(node) < 0 ||
	    parse_clock_offset(&def->clock, node) < 0 ||
	    parse_clock_extra(&def->clock, node) < 0)
		return -1;
	vk_xml_foreach(child, node) {
		if (!vk_xml_is(child, "timer"))
			return vk_xml_unknown(child);
		if (vk_dom_parse_timer(&def->clock, child) < 0)
			return -1;
	}
	return 0;
}

void vk_dom_format_clock(struct vk_xw *w, const struct vk_domain_def *def)
{
	const struct vk_clock *c = &def->clock;

	vk_xw_open(w, "clock");
	vk_xw_attr(w, "offset", vk_clock_offset_names[c->offset]);
	if (c->offset == VK_CLOCK_TIMEZONE)
		vk_xw_attr(w, "timezone", c->timezone);
	if (c->offset == VK_CLOCK_VARIABLE) {
		vk_xw_attrf(w, "adjustment", "%lld", c->adjustment);
		vk_xw_attr(w, "basis", c->basis_localtime ? "localtime"
							  : "utc");
	}
	if (c->offset == VK_CLOCK_ABSOLUTE)
		vk_xw_attrf(w, "start", "%llu", c->start);
	if (c->reset && (c->offset == VK_CLOCK_UTC ||
			 c->offset == VK_CLOCK_LOCALTIME))
		vk_xw_attr(w, "adjustment", "reset");
	vk_dom_format_timers(w, c);
	vk_xw_close(w);
}
