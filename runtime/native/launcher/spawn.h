/* The launcher side of a container start: clone with the namespaces and the handshake. */
#ifndef ISOLAB_SPAWN_H
#define ISOLAB_SPAWN_H

#include <stdint.h>
#include <sys/types.h>

#include "protocol.h"
#include "request.h"
#include "util.h"

struct started {
	pid_t pid;
	int host_mounted;  /* the rootfs stays mounted in the host's mount ns (no mount ns cells) */
	int64_t stamps[STAMP_COUNT];
};

/* Starts the container; on success fills *out, on failure fills *f and leaves nothing behind. */
int spawn_container(struct request *req, const int host_stdio[3], struct started *out, struct failure *f);

#endif
