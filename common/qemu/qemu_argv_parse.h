/* QEMU's native form of a domain ("qemu-argv"): one line of environment
 * variables (NAME=value ...), the emulator, then its arguments, each
 * quoted for a POSIX shell where it needs it.  Both directions:
 *   - a domain to the line that runs it without virtkit (the command
 *     line of vk_qemu_build_argv without the supervisor's parts);
 *   - a line to a domain: the QEMU 7.2 options virtkit itself writes
 *     (supervisor form and native form) and the older short forms
 *     (-hda, -net nic, -serial pty, -usbdevice, ...). */
#ifndef VK_QEMU_ARGV_PARSE_H
#define VK_QEMU_ARGV_PARSE_H

#include "conf/domain.h"
#include "util/argv.h"

/* Split TEXT into words the way a POSIX shell does (blanks, '...',
 * "...", backslash; a backslash-newline joins lines), no expansion.
 * Returns 0, or -1 with VK_EXIT_DOCUMENT recorded. */
int vk_qemu_native_split(const char *text, struct vk_argv *words);

/* The domain for the native line TEXT.  Options are numbered as QEMU's
 * argv (the emulator is argument 0); a bad one is refused with
 * VK_EXIT_DOCUMENT and "argument N '-opt': what".  Without -name the
 * domain is "unnamed"; without -uuid, def->uuid_generated is set (the
 * uuid is random).  Returns a new definition (vk_domain_free) or NULL. */
struct vk_domain_def *vk_qemu_argv_parse(const char *text);

/* The native line for DEF (caller frees), or NULL with an error: the
 * command line vm-start would build for DEF on the qemu connection C
 * (DEF prepared by vk_qemu_prepare_live, pretending: paths in C's
 * runtime directory, SPICE autoport on 5901) for a QEMU that runs on its
 * own (no QMP monitors, sandbox, console log, -S, -no-shutdown or
 * panic=pause: those belong to virtkit's supervisor; no -uuid when
 * DEF's was generated). */
struct vk_conn;
char *vk_qemu_native_format(const struct vk_conn *c,
			    const struct vk_domain_def *def);

#endif
