/* The container's directories on the host: made before clone, removed after reap.
 * isolab says what goes in the init layer; the launcher makes it, because a syscall
 * costs ~3 µs here and ~20 µs through Node's fs, and a container start is ~30 of them. */
#ifndef ISOLAB_FSPREP_H
#define ISOLAB_FSPREP_H

#include "request.h"
#include "util.h"

/* Writes the container's intent log (what it may create, for `isolab gc`) into a new
 * directory, before anything else of the container exists. */
int write_intent(const struct request *req, struct failure *f);

/* Removes the intent log and its directory once everything it lists is gone. */
int remove_intent(const char *intent_path);

/* Makes the init layer (initdir/initfile/initlink entries) and the upper, work and rootfs dirs. */
int prepare_dirs(const struct request *req, struct failure *f);

/* Removes what prepare_dirs made, without following symlinks or crossing mounts. */
void remove_dirs(const char *initlayer, const char *upper, const char *work, const char *rootfs);

#endif
