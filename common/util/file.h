/* Files: atomic replacement, bounded reads, directories. */
#ifndef VK_FILE_H
#define VK_FILE_H

#include <stdbool.h>
#include <stddef.h>
#include <sys/types.h>

/* Write all LEN bytes of DATA to FD (retrying short writes and EINTR).
 * 0, or -1 with errno set. */
int vk_write_all(int fd, const char *data, size_t len);

/* Replace PATH with DATA so that a crash at any instant leaves either the
 * old or the new content: an unnamed temp file in the same directory,
 * fsync, link under a temp name, rename over PATH, fsync the directory.
 * Returns 0 or -1. */
int vk_file_replace(const char *path, const char *data, size_t len,
		    mode_t mode);

/* Remove temp files that an interrupted vk_file_replace left in DIR.
 * Call only while holding the lock that every writer of DIR holds. */
void vk_file_clean_temps(const char *dir);

/* True when NAME is such a temp file's name. */
int vk_file_is_temp(const char *name);

/* Read PATH whole (NUL-terminated, caller frees), at most MAX bytes.
 * ENOENT is recorded as VK_EXIT_NOT_FOUND. */
char *vk_file_read(const char *path, size_t max, size_t *len);

/* mkdir -p: PATH gets MODE, the parents it creates 0755 (as with
 * mkdir -p -m).  Returns 0 or -1. */
int vk_mkdir_p(const char *path, mode_t mode);

/* Unlink PATH and fsync its directory; ENOENT is not an error. */
int vk_file_remove(const char *path);
/* Copy-on-write of the file or directory PATH on btrfs: COW false sets
 * the NOCOW attribute (chattr +C; a directory passes it to the files
 * made in it, a file must still be empty), true clears it.  1 done, 0
 * when PATH is not on btrfs (nothing to do), -1 with errno. */
int vk_file_set_cow(const char *path, bool cow);

/* The names in DIR that end in SUFFIX, without it, sorted; dot files
 * are left out.  A missing DIR has none.  Free with vk_names_free. */
void vk_dir_names(const char *dir, const char *suffix, char ***names,
		  int *n);
void vk_names_free(char **names, int n);
/* True when NAME is among the N sorted NAMES. */
int vk_names_has(char *const *names, int n, const char *name);

/* Remove DIR and the files in it (not recursive); errors are ignored. */
void vk_dir_remove(const char *dir);

#endif
