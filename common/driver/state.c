/* Domain state names: apart from driver.c so that the static supervisor
 * can use them without the rest of the library. */
#include "driver.h"

static const char *const state_names[VK_STATE_LAST] = {
	"no state", "running", "blocked", "paused", "in shutdown",
	"shut off", "crashed",
};

const char *vk_state_name(int state)
{
	if (state < 0 || state >= VK_STATE_LAST)
		return "unknown";
	return state_names[state];
}
