/* The container's cgroup, made and removed by the launcher from the operations isolab's
 * CgroupDriver recorded (isolab decides what to write; the launcher only does the syscalls). */
#ifndef ISOLAB_CGROUP_H
#define ISOLAB_CGROUP_H

#include <stddef.h>

#include "request.h"
#include "util.h"

/* Performs req->cgroup_ops in order; on failure removes the dirs it made. */
int cgroup_create(const struct request *req, struct failure *f);

/* Writes pid into every cgroup.procs file of the request. */
int cgroup_join(const struct request *req, int pid, struct failure *f);

/* Removes the dirs cgroup_create made (after a failed start). */
void cgroup_undo(const struct request *req);

/* Appends "path":"content" pairs of the stat files to out (JSON object body). */
size_t cgroup_read_stats(char *const *files, int n, char *out, size_t cap);

/* rmdir of the leaf dirs; 0 when all are gone, -1 when one is still populated. */
int cgroup_remove(char *const *dirs, int n);

#endif
