/* <clock><timer>: the guest's timers.  Which attribute a timer takes
 * follows the domain format: track only for rtc and platform, frequency
 * and mode only for tsc, <catchup> only with tickpolicy='catchup'. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "../util/error.h"
#include "domain_platform.h"

const char *const vk_timer_name_names[] = {
	"platform", "pit", "rtc", "hpet", "tsc", NULL
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
