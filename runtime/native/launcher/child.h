/* The container side of a start: runs in the new namespaces and ends in execve. */
#ifndef ISOLAB_CHILD_H
#define ISOLAB_CHILD_H

#include <stdint.h>

#include "protocol.h"
#include "request.h"

struct child_ctx {
	struct request *req;
	int sync_fd;         /* read end: the parent writes one byte at sync 1 (joined) */
	int report_fd;       /* write end, close-on-exec: stamps, or the failure */
	int premounted;      /* the parent already mounted the rootfs (user ns / no mount ns) */
	int host_stdio[3];   /* the launcher's copies of isolab's stdin, stdout, stderr */
	int64_t stamps[STAMP_COUNT];
};

void child_main(struct child_ctx *ctx) __attribute__((noreturn));

/* Runs as pid 1 over the workload when the Spec asks for an init: reaps every child,
 * forwards termination signals, exits with the workload's status. Returns in the workload. */
void become_init(void);

#endif
