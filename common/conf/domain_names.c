/* Names that code without libxml2 (the static supervisor) needs too. */
#include "domain.h"

const char *const vk_lifecycle_names[] = {
	"destroy", "restart", "preserve", "rename-restart",
	"coredump-destroy", "coredump-restart", NULL
};
